//! The SQLite diary. [`Diary::open`] is the one place a diary file is opened, so every
//! connection gets the same guarantees: WAL with `synchronous=FULL` (a report the user
//! saw saved survives a power cut), foreign keys, a busy timeout, and the embedded,
//! append-only migrations. A diary written by a newer version is refused, never altered:
//! the check runs inside the migration's `BEGIN IMMEDIATE` transaction, so no other
//! process can change the schema between the check and the migration.
//!
//! Another process may be writing (the app and `diary sync`, a bulk import): a save
//! waits for the diary up to [`BUSY_WAIT`] (30 s) and then fails with its own code
//! (`diary_busy`), writing nothing; a full disk is `disk_full`, also writing nothing. A
//! save is one transaction, so a crash or a kill leaves it either whole or absent
//! (`crates/diary-core/examples/killtest.rs` checks this with SIGKILL).
//!
//! Times are stored as a fixed-width UTC text (so text order is time order) plus the
//! offset the reporter's clock had, so an export writes back exactly what was read.
//!
//! The file is encrypted (SQLCipher) with a key kept outside it (`key.rs`: the OS keyring,
//! or a 0600 key file where there is none), so the diary, its -wal and its backups
//! (`backup.rs`) are never written in plaintext; a plaintext diary from an earlier
//! version is encrypted once, the first time it is opened. Every open runs
//! `PRAGMA quick_check`, and a damaged file gets its own error.
//!
//! Care-team sync keeps its rows here too: the outbox and the sync state in `sync.rs`,
//! the sync settings and their checks in `sync_settings.rs`. Sending is not the store's
//! business (the diary-sync crate does it); the store has no network code.

pub mod backup;
mod checkins;
mod columns;
mod conversation;
mod escalations;
pub use escalations::EscalationRecord;
mod courses;
mod error;
mod exchange;
mod followups;
mod standing;
pub use followups::{question_of, OpenLadder, Shown};
pub mod key;
mod labs;
mod lease;
mod no_report;
mod open;
mod paths;
pub mod private;
mod profile;
mod questions;
mod reports;
mod rows;
mod settings;
mod sync;
mod sync_settings;

pub use checkins::SavedCheckin;
pub use key::{DiaryKey, KeyPlace, KeyPolicy};
pub use labs::{EnteredLab, SavedLabAlert};
pub use lease::Lease;
pub use no_report::NoReportEpisode;
pub use questions::{VisitQuestion, MAX_OPEN_QUESTIONS, QUESTION_MAX_CHARS};
pub use sync::{week_start, DirtyWeek, Kind, Payload, SyncState, SyncStatus, Waiting};
pub use sync_settings::{
    validate_base_url, PatientIdentifier, SyncSettings, DEFAULT_PATIENT_SYSTEM, PATIENT_FIELD,
    SERVER_URL_FIELD,
};

#[cfg(test)]
mod tests;

pub use error::StoreError;
use error::{is_unreadable, Result};
pub use exchange::ImportSummary;
use labs::insert_lab;
#[cfg(test)]
use open::MIGRATIONS;
use open::{judge, quick_check, APPLICATION_ID};
pub use open::{Diary, BUSY_WAIT, DB_ENV, PLAINTEXT_HEADER};
use paths::beside;
use profile::write_profile;
use reports::insert_report;
use rows::{
    alert_at, alert_uid, bad_value, facts_from_sql, facts_to_sql, insert_alerts, new_or,
    no_id_clash, parse_utc_text, record_id, saved_alert, with_offset, with_offset_sql, AlertsOf,
    ALERT_COLUMNS, LAB_ALERTS, REPORT_ALERTS, SAVED_ALERT_COLUMNS,
};
pub use rows::{utc_text, SavedAlert, SavedReport};
pub use settings::{validate_settings, Settings, DEFAULT_REMINDER_TIME, TREND_PERIODS_DAYS};
