//! The Backups screen's shapes: a backup by its file name, and what a restore did.

use serde::Serialize;
use ts_rs::TS;

/// A backup of the diary on the Backups screen (its file name only, never a folder).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupDto {
    /// When it was taken, RFC 3339 (UTC).
    pub taken_at: String,
    pub name: String,
}

/// What "restore the newest good backup" did.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RestoredDto {
    /// When the restored backup was taken, RFC 3339 (UTC).
    pub taken_at: String,
    /// The diary could not be opened before, so the app must start again to use it.
    pub restart_needed: bool,
    /// The backups now, newest first (with the one of the diary as it was).
    pub backups: Vec<BackupDto>,
}
