//! Build script of the desktop app: runs tauri-build with the capabilities in
//! `src-tauri/capabilities/` and an app manifest that lists the app's own commands, so the
//! webview may call those and nothing else.

/// The app's IPC commands. Each gets `allow-<name>`/`deny-<name>` permissions; a command
/// missing here (or from the capability) is refused at runtime.
const COMMANDS: &[&str] = &[
    "app_status",
    "save_settings",
    "add_report",
    "add_checkin",
    "recent_checkins",
    "checkin_trends",
    "recent_reports",
    "get_report",
    "alert_history",
    "trends",
    "labs",
    "add_lab",
    "sync_settings",
    "save_sync_settings",
    "sync_now",
    "retry_set_aside",
    "check_care_team_patient",
    "confirm_care_team_patient",
    "care_team_inbox",
    "acknowledge_alert",
    "care_team_panel",
    "care_team_patient",
    "care_team_watch",
    "care_team_session",
    "care_team_sign_in_start",
    "care_team_sign_in_finish",
    "care_team_sign_out",
    "backups",
    "restore_newest_backup",
    "confirm_treatments",
    "answer_cdk46",
    "answer_follow_up",
    "messages",
    "send_message",
    "care_team_messages",
    "care_team_reply",
    "courses",
    "add_course",
    "end_course",
    "questions",
    "add_question",
    "question_asked",
    "save_visit_report",
    "save_spreadsheets",
];

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    println!("cargo:rerun-if-changed=tauri.conf.json");
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("./src-tauri/capabilities/**/*")
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build failed");
}
