//! Care-team sync from the app (issue 5): "Send now", the run after a report is saved (a
//! red alert goes at once) and the timer for the rest. Every run uses its own connection
//! to the diary file, off the UI thread, one run at a time; diary-sync decides what to
//! send and when (`fhir::sync_due`, `fhir::sync_now`). Nothing is sent while sync is off.
//! Only error codes reach the log: never a URL, a token or patient data.

use crate::dto::{IpcError, PatientCheckDto, SyncStatusDto};
use crate::state::AppState;
use chrono::{DateTime, Utc};
use diary_core::store::Diary;
use diary_sync as fhir;
use std::time::Duration;

/// How often the timer asks the core whether something is due.
const EVERY: Duration = Duration::from_secs(120);

/// A connection of its own to the app's diary file, while the window's diary is open (an
/// unavailable one is reported with its error, never opened again here).
fn open(state: &AppState) -> Result<Diary, IpcError> {
    drop(crate::state::lock(&state.diary)?);
    let path = state
        .path
        .as_ref()
        .ok_or_else(|| IpcError::storage(crate::state::RESTART))?;
    Ok(Diary::open(path)?)
}

/// A run that brought replies from the care team says so in a notification, with no words
/// of them: a notification can be read by anyone near the screen.
fn notify_replies(diary: &Diary, report: &fhir::SyncReport) {
    if report.new_replies == 0 {
        return;
    }
    let lang = diary
        .settings()
        .map(|s| s.language)
        .unwrap_or_else(|_| "en".into());
    crate::notify::show(
        crate::locale::text(&lang, "notify.reply.title", &[]),
        crate::locale::text(&lang, "notify.reply.body", &[]),
        false,
    );
}

/// One automatic run: does nothing while sync is off or nothing is due.
pub fn run_due(state: &AppState) {
    let Ok(_one_at_a_time) = state.sync.lock() else {
        return;
    };
    let mut diary = match open(state) {
        Ok(diary) => diary,
        Err(error) => {
            eprintln!(
                "symptom-diary: sync: the diary cannot be opened ({})",
                error.code
            );
            return;
        }
    };
    match fhir::sync_due(&mut diary, Utc::now()) {
        Ok(Some(report)) => {
            notify_replies(&diary, &report);
            if let Some(failure) = report.errors.last() {
                eprintln!(
                    "symptom-diary: sync: not everything was sent ({})",
                    failure.code
                );
            }
        }
        Ok(None) => {}
        Err(error) => eprintln!("symptom-diary: sync could not run ({})", error.code()),
    }
}

/// [`run_due`] in the background, so no screen waits for the network: right after a
/// report is saved (a red alert goes at once when sync is on) and after the connection
/// settings are saved.
pub fn in_background(state: &AppState) {
    let state = state.clone();
    let started = std::thread::Builder::new()
        .name("sync-now-and-then".into())
        .spawn(move || run_due(&state));
    if started.is_err() {
        eprintln!("symptom-diary: the sync thread could not start");
    }
}

/// The timer: every two minutes the core says whether anything is due (the schedule,
/// retries after a failure, "seen by your care team").
pub fn start(state: AppState) {
    std::thread::Builder::new()
        .name("sync".into())
        .spawn(move || {
            std::thread::sleep(Duration::from_secs(20));
            loop {
                if crate::state::lock(&state.diary).is_err() {
                    return;
                }
                run_due(&state);
                std::thread::sleep(EVERY);
            }
        })
        .map(|_| ())
        .unwrap_or_else(|_| eprintln!("symptom-diary: the sync thread could not start"));
}

/// "Send now": everything waiting, whatever the schedule; then the new status. Refused
/// while sync is off (nothing leaves the computer before the patient turns it on).
pub fn send_now(state: &AppState) -> Result<SyncStatusDto, IpcError> {
    let _one_at_a_time = state
        .sync
        .lock()
        .map_err(|_| IpcError::storage(crate::state::RESTART))?;
    let now = Utc::now();
    let mut diary = open(state)?;
    let settings = diary.sync_settings()?;
    if !settings.enabled {
        return Err(fhir::SyncError::Off.into());
    }
    let config = config(&settings, now)?;
    let report = fhir::sync_now(&mut diary, &config, now)?;
    notify_replies(&diary, &report);
    let lang = diary.settings()?.language;
    Ok(SyncStatusDto::from_core(&diary.sync_status(now)?, &lang))
}

/// "Try again" for the entries set aside: they wait again, then [`send_now`].
pub fn retry_set_aside(state: &AppState) -> Result<SyncStatusDto, IpcError> {
    {
        let _one_at_a_time = state
            .sync
            .lock()
            .map_err(|_| IpcError::storage(crate::state::RESTART))?;
        open(state)?.sync_retry_set_aside()?;
    }
    send_now(state)
}

/// The app's sync configuration from the saved settings: it sends only to the Patient the
/// patient confirmed ("Is this you?"), never to one found or made from a typed identifier
/// alone (issue 12). `now` decides whether a SMART sign-in is due a refresh.
fn config(
    settings: &diary_core::store::SyncSettings,
    now: DateTime<Utc>,
) -> Result<fhir::SyncConfig, IpcError> {
    let mut config = fhir::SyncConfig::from_settings(
        settings,
        None,
        None,
        match settings.server_url.as_deref() {
            Some(url) => fhir::session::credentials(url, now)?,
            None => None,
        },
    )?;
    config.patient_mode = fhir::PatientMode::Confirmed;
    Ok(config)
}

/// What the care team's server holds for the saved identifier; nothing is sent.
pub fn check_patient(state: &AppState) -> Result<PatientCheckDto, IpcError> {
    let diary = open(state)?;
    let settings = diary.sync_settings()?;
    let lang = diary.settings()?.language;
    let check = fhir::check_patient(&diary, &config(&settings, Utc::now())?)?;
    Ok(PatientCheckDto::from_core(&check, &lang))
}

/// "Is this you?" — yes: the server is asked again, and the Patient it holds now is the
/// one remembered, only when it is still the one the window showed (`name` and
/// `birth_year`); then whatever is due goes.
pub fn confirm_patient(
    state: &AppState,
    name: Option<String>,
    birth_year: Option<i32>,
) -> Result<PatientCheckDto, IpcError> {
    let mut diary = open(state)?;
    let settings = diary.sync_settings()?;
    let lang = diary.settings()?.language;
    let config = config(&settings, Utc::now())?;
    let check = fhir::check_patient(&diary, &config)?;
    if let fhir::PatientCheck::Ask(found) = &check {
        if found.name != name || found.birth_year != birth_year {
            return Err(IpcError::invalid(
                "sync.patient",
                "the care team's record changed while you were reading it; please look again",
            ));
        }
        fhir::confirm_patient(&mut diary, &config, found)?;
        drop(diary);
        in_background(state);
        // Remembered: the record just checked is now the confirmed one (no second lookup).
        let confirmed = fhir::PatientCheck::Confirmed(found.clone());
        return Ok(PatientCheckDto::from_core(&confirmed, &lang));
    }
    Ok(PatientCheckDto::from_core(&check, &lang))
}

/// The saved server address and the diary's language; no token is read.
pub fn server_url(state: &AppState) -> Result<(String, String), IpcError> {
    let (settings, lang) = {
        let diary = crate::state::lock(&state.diary)?;
        (diary.sync_settings()?, diary.settings()?.language)
    };
    let url = settings.server_url.ok_or_else(|| {
        IpcError::invalid(
            "sync.server_url",
            "no server address: save the care team's server address in Settings first",
        )
    })?;
    Ok((url, lang))
}

/// The server the care team console reads: the saved address, and the token of a SMART
/// sign-in (refreshed when due at `now`) or else the saved static token.
pub fn server(
    state: &AppState,
    now: DateTime<Utc>,
) -> Result<(fhir::ServerConfig, String), IpcError> {
    let (url, lang) = server_url(state)?;
    let config = fhir::ServerConfig::new(&url, fhir::session::credentials(&url, now)?)?;
    Ok((config, lang))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::DiaryState;

    fn state(dir: &tempfile::TempDir) -> AppState {
        let path = dir.path().join("diary.sqlite");
        // The key in a file beside the test's diary, never in the user's keyring.
        let diary = Diary::open_with(&path, diary_core::store::KeyPolicy::KeyFile).unwrap();
        AppState::new(DiaryState::Open(diary), Some(path))
    }

    #[test]
    fn nothing_is_sent_while_sync_is_off() {
        let dir = tempfile::tempdir().unwrap();
        let state = state(&dir);
        let error = send_now(&state).unwrap_err();
        assert_eq!(error.code, "sync_off");
        // The automatic run does nothing and records nothing.
        run_due(&state);
        let diary = crate::state::lock(&state.diary).unwrap();
        assert_eq!(diary.sync_state().unwrap().last_run_utc, None);
    }

    #[test]
    fn the_inbox_needs_a_saved_server_address() {
        let dir = tempfile::tempdir().unwrap();
        let state = state(&dir);
        let error = server(&state, Utc::now()).unwrap_err();
        assert_eq!(error.code, "invalid_field");
        assert_eq!(error.field.as_deref(), Some("sync.server_url"));
    }

    #[test]
    fn a_diary_that_cannot_be_opened_is_reported_not_opened_again() {
        let refused = AppState::new(DiaryState::Unavailable(IpcError::storage("cannot")), None);
        assert_eq!(send_now(&refused).unwrap_err().code, "storage");
        run_due(&refused);
    }
}
