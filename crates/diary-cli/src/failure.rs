//! Why a command failed, and so which exit status it gets: every error of the core, of
//! sync or of the command line itself becomes a [`Failure`], printed as one line on
//! standard error by [`exit_status`].

use diary_core::store::StoreError;
use diary_core::FieldError;
use diary_sync::SyncError;
use std::process::ExitCode;

/// Why the command failed, and so which exit status it gets.
pub enum Failure {
    /// Wrong input: exit status 2.
    Input(String),
    /// The diary could not be used: exit status 1.
    Diary(String),
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Failure {
        match e {
            StoreError::Invalid(f) => Failure::Input(f.to_string()),
            other => Failure::Diary(other.to_string()),
        }
    }
}

impl From<FieldError> for Failure {
    fn from(e: FieldError) -> Failure {
        Failure::Input(e.to_string())
    }
}

impl From<SyncError> for Failure {
    fn from(e: SyncError) -> Failure {
        match e {
            SyncError::Config(f) => Failure::Input(f.to_string()),
            SyncError::Store(s) => Failure::from(s),
            other => Failure::Diary(format!("{} [{}]", other, other.code())),
        }
    }
}

/// The exit status of a command's outcome, with its one line on standard error: a wrong
/// input as it is (it names the field or flag), a diary that could not be used after
/// `diary: `.
pub fn exit_status(outcome: Result<(), Failure>) -> ExitCode {
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Input(line)) => {
            eprintln!("{line}");
            ExitCode::from(2)
        }
        Err(Failure::Diary(line)) => {
            eprintln!("diary: {line}");
            ExitCode::from(1)
        }
    }
}
