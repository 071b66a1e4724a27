//! The IPC commands: each one adapts its DTO to a core call and the result back. The
//! clock is read here (`Utc::now()`, the local offset) and passed to the core. Every
//! command is listed in `build.rs`'s app manifest and granted to the `main` window only.

use crate::dto::{
    IpcError, Phones, ReportDto, ReportInput, SavedAlertDto, SettingsDto, StatusDto, TrendPoint,
};
use crate::AppState;
use chrono::{Duration, Local, Utc};
use diary_core::store::Diary;
use std::sync::MutexGuard;
use tauri::State;

type Result<T> = std::result::Result<T, IpcError>;

/// The most reports or alerts one history page shows.
const MAX_LIST: usize = 500;

fn lock(state: &AppState) -> Result<MutexGuard<'_, Diary>> {
    state
        .diary
        .as_ref()
        .map_err(Clone::clone)?
        .lock()
        .map_err(|_| IpcError::storage("the diary is unavailable; please restart the app"))
}

/// Everything the home screen shows: settings, the latest reports, and the A-NO-REPORT
/// notice when the core says it applies.
#[tauri::command]
pub fn app_status(state: State<'_, AppState>) -> Result<StatusDto> {
    let diary = lock(&state)?;
    status(&diary)
}

fn status(diary: &Diary) -> Result<StatusDto> {
    let settings = diary.settings()?;
    let profile = diary.profile()?;
    let phones = Phones::from_settings(&settings);
    let lang = settings.language.as_str();
    let last = diary.last_report_at()?;
    let no_report = diary_core::rules::no_report_alert(last, Utc::now(), settings.reminders_on)
        .map(|alert| crate::dto::AlertDto::from_core(&alert, lang, &phones));
    let recent = diary
        .recent_reports(5)?
        .iter()
        .map(|saved| ReportDto::from_core(saved, lang, &phones))
        .collect();
    Ok(StatusDto {
        settings: SettingsDto::from_core(&settings, &profile),
        last_report_at: last.map(|at| at.to_rfc3339()),
        no_report,
        recent,
    })
}

/// Saves the settings screen (and ends the first run); returns the new home status.
#[tauri::command]
pub fn save_settings(state: State<'_, AppState>, settings: SettingsDto) -> Result<StatusDto> {
    let mut diary = lock(&state)?;
    let (settings, profile) = settings.to_core(&diary.profile()?)?;
    diary.set_profile(&profile)?;
    diary.set_settings(&settings)?;
    status(&diary)
}

/// Saves today's report, made now by the user the settings name; returns it with its
/// triage. Red and amber also raise a desktop notification.
#[tauri::command]
pub fn add_report(state: State<'_, AppState>, report: ReportInput) -> Result<ReportDto> {
    let mut diary = lock(&state)?;
    let settings = diary.settings()?;
    let now = Utc::now();
    let recorded_at = now.with_timezone(&Local).fixed_offset();
    let report = report.to_core(recorded_at, settings.user_role)?;
    let saved = diary.add_report(report, now)?;
    drop(diary);
    let phones = Phones::from_settings(&settings);
    crate::notify::report_saved(saved.triage.level, &settings.language, &phones);
    Ok(ReportDto::from_core(&saved, &settings.language, &phones))
}

/// The latest reports, newest first.
#[tauri::command]
pub fn recent_reports(state: State<'_, AppState>, limit: usize) -> Result<Vec<ReportDto>> {
    let diary = lock(&state)?;
    let settings = diary.settings()?;
    let phones = Phones::from_settings(&settings);
    Ok(diary
        .recent_reports(limit.min(MAX_LIST))?
        .iter()
        .map(|saved| ReportDto::from_core(saved, &settings.language, &phones))
        .collect())
}

/// One report with its triage, or `null` when there is no such report.
#[tauri::command]
pub fn get_report(state: State<'_, AppState>, id: i64) -> Result<Option<ReportDto>> {
    let diary = lock(&state)?;
    let settings = diary.settings()?;
    let phones = Phones::from_settings(&settings);
    Ok(diary
        .report(id)?
        .map(|saved| ReportDto::from_core(&saved, &settings.language, &phones)))
}

/// The latest alerts, newest first.
#[tauri::command]
pub fn alert_history(state: State<'_, AppState>, limit: usize) -> Result<Vec<SavedAlertDto>> {
    let diary = lock(&state)?;
    let settings = diary.settings()?;
    let phones = Phones::from_settings(&settings);
    Ok(diary
        .alert_history(limit.min(MAX_LIST))?
        .iter()
        .map(|saved| SavedAlertDto::from_core(saved, &settings.language, &phones))
        .collect())
}

/// The reports of the last `days` days (7, 30 or 90), oldest first, reduced to what the
/// charts draw.
#[tauri::command]
pub fn trends(state: State<'_, AppState>, days: u32) -> Result<Vec<TrendPoint>> {
    if !matches!(days, 7 | 30 | 90) {
        return Err(IpcError::invalid("days", "is not 7, 30 or 90"));
    }
    let diary = lock(&state)?;
    let since = Utc::now() - Duration::days(i64::from(days));
    Ok(diary
        .reports_since(since)?
        .iter()
        .map(TrendPoint::from_core)
        .collect())
}
