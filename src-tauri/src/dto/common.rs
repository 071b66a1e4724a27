//! What every IPC shape shares: [`IpcError`], the error every command answers with (a
//! stable code the window branches on, one plain line, and the field when one is wrong),
//! [`SeenByTeam`], and the trimming of the forms' free text. The bottom of `dto`: the
//! screens' files read it, and it reads none of them.

use chrono::{DateTime, Utc};
use diary_core::store::StoreError;
use diary_core::{ErrorCode, FieldError};
use diary_sync::SyncError;
use serde::Serialize;
use ts_rs::TS;

/// An error as it crosses IPC: a stable code and one plain line.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct IpcError {
    #[ts(type = "ErrorCode")]
    pub code: ErrorCode,
    pub message: String,
    /// The wrong field, when the error is about one (e.g. `report.temperature_c`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<String>,
}

impl IpcError {
    pub fn invalid(field: &str, message: impl Into<String>) -> IpcError {
        IpcError::from(FieldError::new(field, message))
    }

    pub fn storage(message: impl Into<String>) -> IpcError {
        IpcError {
            code: ErrorCode::Storage,
            message: message.into(),
            field: None,
        }
    }

    pub fn io(message: impl Into<String>) -> IpcError {
        IpcError {
            code: ErrorCode::Io,
            message: message.into(),
            field: None,
        }
    }
}

impl From<FieldError> for IpcError {
    fn from(error: FieldError) -> IpcError {
        IpcError {
            code: ErrorCode::InvalidField,
            message: error.to_string(),
            field: Some(error.path.clone()),
        }
    }
}

impl From<SyncError> for IpcError {
    /// The code and plain words of a sync error; they never hold the token.
    fn from(error: SyncError) -> IpcError {
        match error {
            SyncError::Config(field_error) => IpcError::from(field_error),
            SyncError::Store(store_error) => IpcError::from(store_error),
            other => IpcError {
                code: other.code(),
                message: other.to_string(),
                field: None,
            },
        }
    }
}

impl From<StoreError> for IpcError {
    fn from(error: StoreError) -> IpcError {
        match error {
            StoreError::Invalid(field_error) => IpcError::from(field_error),
            other => IpcError {
                code: other.code(),
                message: other.to_string(),
                field: None,
            },
        }
    }
}

/// Trims a text field of a form (settings, the care-team connection); an empty one is
/// absent. `diary_core::input` has no reader for free text yet; this belongs there.
pub(super) fn clean(text: &Option<String>) -> Option<String> {
    text.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

/// The latest time the care team acknowledged an alert of each report.
pub type SeenByTeam = std::collections::HashMap<i64, DateTime<Utc>>;
