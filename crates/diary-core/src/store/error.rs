//! What can go wrong with the diary file, as one error type with a stable code for every
//! boundary, and how rusqlite's errors are told apart (busy, full, unreadable).

use super::paths::key_file_path;
use crate::error::{ErrorCode, FieldError};
use std::fmt;
use std::path::PathBuf;

/// Everything that can go wrong with the diary file.
#[derive(Debug)]
pub enum StoreError {
    /// A field of the data to save is wrong; nothing was written.
    Invalid(FieldError),
    /// The file was written by a newer version of the app.
    NewerDiary { found: i64, supported: i64 },
    /// The file is not a Symptom Diary.
    NotADiary(PathBuf),
    /// A file-system problem (a folder that cannot be made, say).
    Io(String),
    /// SQLite refused.
    Sqlite(rusqlite::Error),
    /// The file is encrypted (or is no SQLite file at all) and no key for it was found.
    KeyMissing(PathBuf),
    /// The file is damaged: it fails `PRAGMA quick_check`, or its key does not unlock it.
    Damaged { path: PathBuf, what: String },
}

impl StoreError {
    /// A stable code the UI and scripts can branch on.
    pub fn code(&self) -> ErrorCode {
        match self {
            StoreError::Invalid(_) => ErrorCode::InvalidField,
            StoreError::NewerDiary { .. } => ErrorCode::NewerDiary,
            StoreError::NotADiary(_) => ErrorCode::NotADiary,
            StoreError::Io(_) => ErrorCode::Io,
            StoreError::Sqlite(e) if is_busy(e) => ErrorCode::DiaryBusy,
            StoreError::Sqlite(e) if is_full(e) => ErrorCode::DiskFull,
            StoreError::Sqlite(_) => ErrorCode::Storage,
            StoreError::KeyMissing(_) => ErrorCode::KeyMissing,
            StoreError::Damaged { .. } => ErrorCode::DamagedDiary,
        }
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Invalid(e) => write!(f, "{e}"),
            StoreError::NewerDiary { found, supported } => write!(
                f,
                "this diary was written by a newer version of Symptom Diary (schema {found}; this version knows up to {supported}); it was left unchanged — please update the app"
            ),
            StoreError::NotADiary(p) => {
                write!(f, "{} is not a Symptom Diary file; it was left unchanged", p.display())
            }
            StoreError::Io(e) => write!(f, "{e}"),
            StoreError::Sqlite(e) if is_busy(e) => write!(
                f,
                "the diary is busy: another program (the app, `diary sync` or an import) kept writing to it for too long; nothing was saved just now — try again"
            ),
            StoreError::Sqlite(e) if is_full(e) => write!(
                f,
                "the disk is full: nothing was saved just now, and what was saved before is safe — free some space on the disk, then save again"
            ),
            StoreError::Sqlite(e) => write!(f, "the diary could not be read or written: {e}"),
            StoreError::KeyMissing(p) => write!(
                f,
                "{} cannot be unlocked: it is encrypted (or is not a diary at all) and its key is neither in the keyring nor in {}; it was left unchanged",
                p.display(),
                key_file_path(p).display()
            ),
            StoreError::Damaged { path, what } => write!(
                f,
                "the diary {} is damaged ({what}); it was left unchanged — restore a backup with `diary restore`",
                path.display()
            ),
        }
    }
}

impl std::error::Error for StoreError {}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> StoreError {
        StoreError::Sqlite(e)
    }
}

impl From<FieldError> for StoreError {
    fn from(e: FieldError) -> StoreError {
        StoreError::Invalid(e)
    }
}

pub(super) type Result<T> = std::result::Result<T, StoreError>;

/// Whether SQLite gave up waiting for another connection's write lock.
pub(super) fn is_busy(e: &rusqlite::Error) -> bool {
    use rusqlite::ErrorCode as C;
    matches!(
        e.sqlite_error_code(),
        Some(C::DatabaseBusy) | Some(C::DatabaseLocked)
    )
}

/// Whether SQLite found no room to write: the disk (or `max_page_count`) is full.
pub(super) fn is_full(e: &rusqlite::Error) -> bool {
    e.sqlite_error_code() == Some(rusqlite::ErrorCode::DiskFull)
}

/// Whether SQLite's error while reading pages says the bytes cannot be read: a wrong key,
/// a damaged header, a page whose checksum (SQLCipher's HMAC) fails. A busy or locked
/// file, or a full disk, is not damage.
pub(super) fn is_unreadable(e: &rusqlite::Error) -> bool {
    use rusqlite::ErrorCode as C;
    match e.sqlite_error_code() {
        Some(C::NotADatabase) | Some(C::DatabaseCorrupt) | Some(C::Unknown) => true,
        Some(C::DatabaseBusy)
        | Some(C::DatabaseLocked)
        | Some(C::OutOfMemory)
        | Some(C::DiskFull)
        | Some(C::CannotOpen)
        | Some(C::PermissionDenied)
        | Some(C::ReadOnly) => false,
        _ => matches!(e, rusqlite::Error::SqliteFailure(_, _)),
    }
}
