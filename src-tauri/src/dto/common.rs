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

/// What is known of the care team's side of one kind of record (reports, or check-ins), by
/// row id: the latest time the team acknowledged one of its alerts, what the outbox knows
/// of them, whether sync is on, and the moment judged; from these a DTO says where its
/// alerts stand (`diary_core::standing`).
#[derive(Debug, Clone, Default)]
pub struct SeenByTeam {
    pub seen: std::collections::HashMap<i64, DateTime<Utc>>,
    pub outbox: std::collections::HashMap<i64, diary_core::standing::Outbox>,
    pub sync_on: bool,
    pub now: DateTime<Utc>,
}

impl SeenByTeam {
    /// The care team's side of the records of `kind`'s kind at `now`.
    pub fn read(
        diary: &diary_core::store::Diary,
        kind: diary_core::followup::Record,
        now: DateTime<Utc>,
    ) -> Result<SeenByTeam, diary_core::store::StoreError> {
        use diary_core::followup::Record;
        let seen = match kind {
            Record::Report(_) => diary.seen_by_team()?,
            Record::Checkin(_) => diary.checkins_seen_by_team()?,
            Record::Lab(_) => Default::default(),
        };
        Ok(SeenByTeam {
            seen,
            outbox: diary.alert_outbox(kind)?,
            sync_on: diary.sync_settings()?.enabled,
            now,
        })
    }

    /// When the team saw record `id`'s alerts (RFC 3339), once known.
    pub fn seen_at(&self, id: i64) -> Option<String> {
        self.seen.get(&id).map(|t| t.to_rfc3339())
    }

    /// Where record `id`'s alerts stand, made at `t` with `level`, in `lang`.
    pub fn standing(
        &self,
        id: i64,
        level: diary_core::model::Level,
        t: DateTime<Utc>,
        lang: &str,
        phones: &diary_core::messages::Phones,
    ) -> Option<StandingDto> {
        let standing = diary_core::standing::standing(
            level,
            t,
            self.sync_on,
            self.outbox.get(&id).copied(),
            self.seen.get(&id).copied(),
            self.now,
        )?;
        Some(StandingDto {
            state: standing.as_str().to_string(),
            at: standing.at().map(|t| t.to_rfc3339()),
            words: diary_core::messages::standing_words(lang, standing, phones),
        })
    }
}

/// Where a record's alerts stand, for the patient: not sent, waiting, sent, not opened
/// (after a red, with the 24-hour line), seen.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct StandingDto {
    #[ts(type = "\"not_sent\" | \"waiting\" | \"sent\" | \"not_opened\" | \"seen\"")]
    pub state: String,
    /// The moment it names (sent, seen), RFC 3339.
    pub at: Option<String>,
    /// The words, without the moment (the window writes it on the patient's clock).
    pub words: String,
}
