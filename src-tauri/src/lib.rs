//! The Symptom Diary desktop shell: a Tauri window over `diary-core`. The shell is wiring
//! only — IPC commands adapt DTOs to core calls and back, the clock is read here and
//! handed to the core, and nothing clinical is decided here. Patient data never reaches
//! the logs: the shell logs only error codes and plain failures.

#[cfg(test)]
mod bindings;
pub mod commands;
pub mod console;
pub mod dto;
mod files;
mod instance;
pub mod locale;
pub mod notify;
pub mod reminders;
#[cfg(test)]
mod security;
pub mod signin;
pub mod state;
pub mod sync;

use diary_core::store::Diary;
use state::{AppState, DiaryState};
use std::path::PathBuf;

use tauri::Manager;

/// Runs the app on the diary at its default path (`SYMPTOM_DIARY_DB` overrides it): one
/// app per diary (instance.rs), then the diary opened ([`open_state`]), then the window.
pub fn run() {
    let path = Diary::default_path().ok();
    let context = tauri::generate_context!();
    let identifier = context.config().identifier.clone();
    let opening = path.clone();
    tauri::Builder::default()
        // First: a second start for the same diary hands over to the first window and
        // exits here, before the diary is opened (instance.rs).
        .plugin(instance::plugin(&identifier, path.as_deref()))
        // Then the diary, opened once and shared, before any window can ask for it.
        .plugin(
            tauri::plugin::Builder::<tauri::Wry>::new("diary")
                .setup(move |app, _api| {
                    app.manage(open_state(opening));
                    Ok(())
                })
                .build(),
        )
        // The shell's own save dialog (files.rs); no window is granted its commands.
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(tauri::generate_handler![
            commands::app_status,
            commands::save_settings,
            commands::add_report,
            commands::add_checkin,
            commands::recent_checkins,
            commands::checkin_trends,
            commands::recent_reports,
            commands::get_report,
            commands::alert_history,
            commands::trends,
            commands::labs,
            commands::add_lab,
            commands::sync_settings,
            commands::save_sync_settings,
            commands::sync_now,
            commands::retry_set_aside,
            commands::check_care_team_patient,
            commands::confirm_care_team_patient,
            commands::care_team_inbox,
            commands::acknowledge_alert,
            commands::care_team_panel,
            commands::care_team_patient,
            commands::care_team_watch,
            commands::care_team_session,
            commands::care_team_sign_in_start,
            commands::care_team_sign_in_finish,
            commands::care_team_sign_out,
            commands::backups,
            commands::restore_newest_backup,
            commands::confirm_treatments,
            commands::answer_cdk46,
            commands::answer_follow_up,
            commands::messages,
            commands::send_message,
            commands::care_team_messages,
            commands::care_team_reply,
            commands::courses,
            commands::add_course,
            commands::end_course,
            commands::questions,
            commands::add_question,
            commands::question_asked,
            commands::save_visit_report,
            commands::save_spreadsheets,
        ])
        .setup(|app| {
            let state = app.state::<AppState>().inner().clone();
            reminders::start(state.clone());
            sync::start(state);
            Ok(())
        })
        .run(context)
        .unwrap_or_else(|error| {
            eprintln!("symptom-diary: the window could not run: {error}");
            std::process::exit(1);
        });
}

/// Opens the diary at its default path (`path`, as [`Diary::default_path`] gave it) with its key from the keyring (or the key file beside it:
/// `diary_core::store::key`) and takes the daily backup when one is due. A diary that
/// cannot be opened still gives a state: every command then answers with its error.
fn open_state(path: Option<PathBuf>) -> AppState {
    let diary = match Diary::default_path().and_then(|path| Diary::open(&path)) {
        Ok(diary) => {
            if diary.key_notice().is_some() {
                // Plainly, and without the path (it may name the user).
                eprintln!(
                    "symptom-diary: no keyring is available, so the diary's key is kept in a key file beside the diary (readable only by you); the diary is still encrypted"
                );
            }
            // A snapshot when the newest backup is a day old or more (encrypted with the
            // diary's key); a failed backup never keeps the window from opening.
            if let Err(error) = diary.backup_if_due(chrono::Utc::now()) {
                eprintln!("symptom-diary: the daily backup failed ({})", error.code());
            }
            DiaryState::Open(diary)
        }
        Err(error) => {
            // Only the code: the message may name the file's path.
            eprintln!("symptom-diary: cannot open the diary ({})", error.code());
            DiaryState::Unavailable(dto::IpcError::from(error))
        }
    };
    AppState::new(diary, path)
}
