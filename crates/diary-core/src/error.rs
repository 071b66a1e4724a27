//! The error every validation returns: the path of the first wrong field, in document
//! order, and what is wrong with it. Its `Display` is the one line the CLI prints.

use crate::vocabulary::vocabulary;
use std::fmt;

vocabulary!(
    /// The stable code of every error that crosses a boundary (IPC, the sync status, the
    /// CLI's JSON). Adapters branch on it; the words for each are the adapters' own
    /// (`error.code.<code>` in the window's catalogue, checked by a test there).
    ErrorCode {
        InvalidField => "invalid_field",
        NewerDiary => "newer_diary",
        NotADiary => "not_a_diary",
        DamagedDiary => "damaged_diary",
        KeyMissing => "key_missing",
        Io => "io",
        Storage => "storage",
        DiaryBusy => "diary_busy",
        DiskFull => "disk_full",
        SyncOff => "sync_off",
        Network => "network",
        ServerError => "server_error",
        Rejected => "rejected",
        Unauthorized => "unauthorized",
        Conflict => "conflict",
        NotFound => "not_found",
        Protocol => "protocol",
        SyncRunning => "sync_running",
        TimeUp => "time_up",
        SignInNeeded => "sign_in_needed",
    }
);

/// A wrong field: `reports[3].ratings.pain: 7 is out of range 0–4`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field's path as written in the document, e.g. `reports[3].ratings.pain`.
    pub path: String,
    /// What is wrong with it, in plain words.
    pub message: String,
}

impl FieldError {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> FieldError {
        FieldError {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for FieldError {}
