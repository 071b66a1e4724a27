//! What can go wrong with the diary file, as one error type with a stable code for every
//! boundary, and how rusqlite's errors are told apart (busy, full, unreadable).

use super::paths::key_file_path;
use crate::error::{ErrorCode, FieldError};
use std::path::PathBuf;

/// Everything that can go wrong with the diary file. SQLite's errors are told apart once,
/// when they become a `StoreError` ([`From<rusqlite::Error>`]): busy, full, or other.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A field of the data to save is wrong; nothing was written.
    #[error("{0}")]
    Invalid(#[from] FieldError),
    /// The file was written by a newer version of the app.
    #[error(
        "this diary was written by a newer version of Symptom Diary (schema {found}; this \
         version knows up to {supported}); it was left unchanged — please update the app"
    )]
    NewerDiary { found: i64, supported: i64 },
    /// The file is not a Symptom Diary.
    #[error("{} is not a Symptom Diary file; it was left unchanged", .0.display())]
    NotADiary(PathBuf),
    /// A file-system problem (a folder that cannot be made, say).
    #[error("{0}")]
    Io(String),
    /// Another connection kept the diary locked for longer than [`super::BUSY_WAIT`].
    #[error(
        "the diary is busy: another program (the app, `diary sync` or an import) kept \
         writing to it for too long; nothing was saved just now — try again"
    )]
    Busy(#[source] rusqlite::Error),
    /// No room to write: the disk (or `max_page_count`) is full.
    #[error(
        "the disk is full: nothing was saved just now, and what was saved before is safe — \
         free some space on the disk, then save again"
    )]
    Full(#[source] rusqlite::Error),
    /// SQLite refused for another reason.
    #[error("the diary could not be read or written: {0}")]
    Sqlite(#[source] rusqlite::Error),
    /// The file is encrypted (or is no SQLite file at all) and no key for it was found.
    #[error(
        "{} cannot be unlocked: it is encrypted (or is not a diary at all) and its key is \
         neither in the keyring nor in {}; it was left unchanged",
        .0.display(),
        key_file_path(.0).display()
    )]
    KeyMissing(PathBuf),
    /// The file is damaged: it fails `PRAGMA quick_check`, or its key does not unlock it.
    #[error(
        "the diary {} is damaged ({what}); it was left unchanged — restore a backup with \
         `diary restore`",
        path.display()
    )]
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
            StoreError::Busy(_) => ErrorCode::DiaryBusy,
            StoreError::Full(_) => ErrorCode::DiskFull,
            StoreError::Sqlite(_) => ErrorCode::Storage,
            StoreError::KeyMissing(_) => ErrorCode::KeyMissing,
            StoreError::Damaged { .. } => ErrorCode::DamagedDiary,
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> StoreError {
        if is_busy(&e) {
            StoreError::Busy(e)
        } else if is_full(&e) {
            StoreError::Full(e)
        } else {
            StoreError::Sqlite(e)
        }
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
