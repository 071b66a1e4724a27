//! The core's field errors in this command line's words. The core's errors name settings
//! and arguments (`sync.server_url`, `sync.patient`, `alert_id`), never flags;
//! [`in_flag_terms`] is where they become the flag the user typed, or a hint of the flag
//! that supplies a saved setting.

use crate::failure::Failure;
use diary_core::store::{StoreError, PATIENT_FIELD, SERVER_URL_FIELD};
use diary_core::FieldError;
use diary_sync::{SyncError, ALERT_ID_FIELD, NOTE_FIELD};

/// Each field the core may name, the flag that gives it on this command line, and the
/// flag's value as the help spells it.
const FLAGS: &[(&str, &str, &str)] = &[
    (SERVER_URL_FIELD, "--server", "URL"),
    (PATIENT_FIELD, "--patient", "ID"),
    (ALERT_ID_FIELD, "ALERT_ID", ""),
    (NOTE_FIELD, "--note", "TEXT"),
    (diary_sync::panel::PATIENT_FIELD, "--patient", "Patient/ID"),
    (diary_sync::messages::MESSAGE_FIELD, "MESSAGE_ID", ""),
    (diary_sync::messages::REPLY_FIELD, "--text", "TEXT"),
];

/// A field error in this command line's words. When the wrong value is one the user typed
/// (its flag is in `typed`), the line names the flag: `--server: "http://…" must use
/// https`. Otherwise the value was saved (or is missing): the line keeps the setting's
/// name and says which flag gives it: `sync.server_url: …; give --server URL`.
fn in_flag_terms(f: FieldError, typed: &[&str]) -> Failure {
    Failure::Input(match FLAGS.iter().find(|(field, _, _)| *field == f.path) {
        Some((_, flag, _)) if typed.contains(flag) => FieldError::new(*flag, f.message).to_string(),
        Some((_, flag, value)) => format!("{f}; give {flag} {value}").trim_end().to_string(),
        None => f.to_string(),
    })
}

/// [`in_flag_terms`] for a sync error; every other error as [`Failure::from`] has it.
pub fn sync_failure(e: SyncError, typed: &[&str]) -> Failure {
    match e {
        SyncError::Config(f) | SyncError::Store(StoreError::Invalid(f)) => in_flag_terms(f, typed),
        other => Failure::from(other),
    }
}
