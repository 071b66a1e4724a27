//! The IPC boundary's data shapes (camelCase JSON), one file per screen (`triage.rs` holds
//! the triage in words every screen shows), and what they share: [`IpcError`], the error
//! every command answers with, [`SeenByTeam`], and the trimming of the forms' free text.
//! Conversions only translate shapes: words become the vocabulary through
//! `diary_core::input`, and values are checked by the core (`Diary::add_report`,
//! `Diary::set_settings`, …), whose errors come back as [`IpcError`]. Every shape derives
//! `ts_rs::TS`, so the window's TypeScript types are generated from these
//! (`ui/src/ipc/bindings.ts`, checked by `bindings::the_generated_file_is_current`);
//! every shape is re-exported here, so a caller names `dto::ReportDto` whichever file
//! holds it.

mod backups;
mod checkin;
mod console;
mod history;
mod home;
mod labs;
mod questions;
mod report;
mod settings;
mod signin;
mod sync;
mod treatments;
mod triage;

pub use backups::{BackupDto, RestoredDto};
pub use checkin::{CheckinDto, CheckinInput};
pub use console::{
    InboxFollowUpDto, InboxItemDto, PanelRowDto, PatientPageDto, TaskNoteDto, WatchDto,
};
pub use history::{FollowUpDto, SavedAlertDto, TrendPoint};
pub use home::{GlanceDto, StatusDto};
pub use labs::{LabDto, LabTestDto, LabsDto};
pub use questions::QuestionDto;
pub use report::{ReportDto, ReportInput};
pub use settings::SettingsDto;
pub use signin::{SessionDto, SignOutDto};
pub use sync::{PatientCheckDto, SetAsideWordsDto, SyncDto, SyncInput, SyncStatusDto};
pub use treatments::{
    CourseDto, CourseInput, CycleDto, CycleStartDto, TherapyCardDto, TreatmentsDto,
};
pub use triage::{AlertDto, CallDto, TriageDto};

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
fn clean(text: &Option<String>) -> Option<String> {
    text.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

/// The latest time the care team acknowledged an alert of each report.
pub type SeenByTeam = std::collections::HashMap<i64, DateTime<Utc>>;
