//! [`SyncError`], everything that can go wrong with sync, in one type: the engine, the
//! client, the inbox and the token file all return it, so the app and the CLI branch on
//! one stable [`code`](SyncError::code) and show one plain line. It exists apart from the
//! code that raises it so that no error carries the token or a URL (which may hold a
//! patient identifier): every variant holds plain words only.

use diary_core::store::StoreError;
use diary_core::{ErrorCode, FieldError};
use std::fmt;

/// Everything that can go wrong with sync. Every error has a stable [`code`](SyncError::code)
/// and plain words; none holds the token or a URL.
#[derive(Debug)]
pub enum SyncError {
    /// A setting or argument is wrong; the error names it (`sync.server_url`, `alert_id`),
    /// never a command-line flag: the CLI names its flags itself.
    Config(FieldError),
    /// The server could not be reached (after retries).
    Network(String),
    /// The server kept failing (5xx or 429, after retries).
    Server { status: u16, text: String },
    /// The server refused the request (4xx): not retried; its OperationOutcome's words.
    Rejected { status: u16, text: String },
    /// The server refused the access token (401/403).
    Unauthorized { status: u16, text: String },
    /// The resource changed since it was read (412), or a conflict (409).
    Conflict(String),
    /// No such resource.
    NotFound(String),
    /// The server's answer did not make sense (or was too large, or its pages went on).
    Protocol(String),
    /// The run's deadline ([`ClientOptions::run_deadline`](crate::ClientOptions)) passed:
    /// the run stopped, and what it did not send waits for the next run.
    TimeUp { secs: u64 },
    /// A local file problem (the token file).
    Io(String),
    /// The diary could not be read or written.
    Store(StoreError),
    /// Sync is off: nothing leaves the computer until the patient turns it on.
    Off,
    /// Another sync run holds the diary's sync lease (the app and `diary sync` at once):
    /// this run sent nothing; the other one sends the same rows.
    Running,
    /// The SMART sign-in has ended: the sign-in server refused the refresh token (it
    /// expired, was revoked, or the server forgot it), or gave none. Only signing in again
    /// helps; the words say why, never the token.
    SignInNeeded(String),
}

impl SyncError {
    /// A stable code the UI and scripts can branch on.
    pub fn code(&self) -> ErrorCode {
        match self {
            SyncError::Config(_) => ErrorCode::InvalidField,
            SyncError::Network(_) => ErrorCode::Network,
            SyncError::Server { .. } => ErrorCode::ServerError,
            SyncError::Rejected { .. } => ErrorCode::Rejected,
            SyncError::Unauthorized { .. } => ErrorCode::Unauthorized,
            SyncError::Conflict(_) => ErrorCode::Conflict,
            SyncError::NotFound(_) => ErrorCode::NotFound,
            SyncError::Protocol(_) => ErrorCode::Protocol,
            SyncError::TimeUp { .. } => ErrorCode::TimeUp,
            SyncError::Io(_) => ErrorCode::Io,
            SyncError::Store(e) => e.code(),
            SyncError::Off => ErrorCode::SyncOff,
            SyncError::Running => ErrorCode::SyncRunning,
            SyncError::SignInNeeded(_) => ErrorCode::SignInNeeded,
        }
    }

    /// Whether the rest of a run can go on after this error (a refused bundle can; an
    /// unreachable server or a refused token cannot).
    pub(crate) fn stops_the_run(&self) -> bool {
        !matches!(self, SyncError::Rejected { .. } | SyncError::Protocol(_))
    }
}

impl fmt::Display for SyncError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SyncError::Config(e) => write!(f, "{e}"),
            SyncError::Network(e) => write!(f, "could not reach the care team's server: {e}"),
            SyncError::Server { status, text } => {
                write!(f, "the care team's server is having trouble ({status}): {text}")
            }
            SyncError::Rejected { status, text } => {
                write!(f, "the care team's server refused the data ({status}): {text}")
            }
            SyncError::Unauthorized { status, text } => write!(
                f,
                "the care team's server refused the access token ({status}): {text} — check the token"
            ),
            SyncError::Conflict(t) => write!(f, "it was changed by someone else meanwhile: {t}"),
            SyncError::NotFound(t) => write!(f, "not found on the care team's server: {t}"),
            SyncError::Protocol(t) => write!(f, "the care team's server gave an unexpected answer: {t}"),
            SyncError::TimeUp { secs } => write!(
                f,
                "the care team's server was too slow: this sync stopped after {secs} s, and what was not sent goes with the next one"
            ),
            SyncError::Io(t) => write!(f, "{t}"),
            SyncError::Store(e) => write!(f, "{e}"),
            SyncError::Off => write!(
                f,
                "the care team connection is off: turn it on and save first"
            ),
            SyncError::Running => write!(
                f,
                "another sync is running (the app or `diary sync`); it sends the same reports, so this one stopped — nothing is lost"
            ),
            SyncError::SignInNeeded(why) => write!(
                f,
                "your sign-in at the care team's server has ended ({why}): sign in again"
            ),
        }
    }
}

impl std::error::Error for SyncError {}

impl From<StoreError> for SyncError {
    fn from(e: StoreError) -> SyncError {
        SyncError::Store(e)
    }
}

impl From<FieldError> for SyncError {
    fn from(e: FieldError) -> SyncError {
        SyncError::Config(e)
    }
}
