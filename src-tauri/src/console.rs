//! The care team console (care-team mode of the same app, issue 12): the patient panel,
//! a patient's page, the alert inbox with overdue reds at the top, acknowledging with a
//! note, and the look for new reds behind the console's desktop notification. Wiring only:
//! what the panel holds, what is overdue and what counts as new is diary-sync's
//! (`diary_sync::panel`, `diary_sync::inbox`); the clock is read here and passed in. The
//! notification names no patient: it is shown on a screen others may see, and says only
//! how many new reds are waiting in the console.

use crate::dto::{InboxItemDto, IpcError, PanelRowDto, PatientPageDto, WatchDto};
use crate::locale::text;
use crate::state::{AppState, Watch};
use chrono::{Duration, Utc};
use diary_sync as fhir;

type Result<T> = std::result::Result<T, IpcError>;

/// The longest period a patient page covers, in days.
pub const MAX_DAYS: u32 = 365;

/// The patient panel, most urgent first.
pub fn panel(state: &AppState) -> Result<Vec<PanelRowDto>> {
    let now = Utc::now();
    let (server, _) = crate::sync::server(state, now)?;
    Ok(fhir::panel::patient_panel(&server, now)?
        .iter()
        .map(PanelRowDto::from_core)
        .collect())
}

/// One patient's page over the last `days` days.
pub fn patient(state: &AppState, patient_ref: &str, days: u32) -> Result<PatientPageDto> {
    if days == 0 || days > MAX_DAYS {
        return Err(IpcError::invalid(
            "days",
            format!("a period of 1 to {MAX_DAYS} days, not {days}"),
        ));
    }
    let now = Utc::now();
    let (server, lang) = crate::sync::server(state, now)?;
    let page =
        fhir::panel::patient_page(&server, patient_ref, now - Duration::days(days.into()), now)?;
    Ok(PatientPageDto::from_core(&page, &lang))
}

/// The patients' messages, newest first, with their photos and the replies written.
pub fn messages(state: &AppState) -> Result<Vec<crate::dto::InboxMessageDto>> {
    let now = Utc::now();
    let (server, _) = crate::sync::server(state, now)?;
    Ok(fhir::messages::patient_messages(&server)?
        .iter()
        .map(crate::dto::InboxMessageDto::from_core)
        .collect())
}

/// Writes the care team's reply to the patient's message `message` (its uid); the
/// patient's app keeps it at its next sync and notifies.
pub fn reply(state: &AppState, message: &str, text: &str) -> Result<String> {
    let now = Utc::now();
    let (server, _) = crate::sync::server(state, now)?;
    Ok(fhir::messages::reply(&server, message, text, now)?)
}

/// The open alerts across patients: overdue reds first, then the most urgent.
pub fn inbox(state: &AppState) -> Result<Vec<InboxItemDto>> {
    let now = Utc::now();
    let (server, lang) = crate::sync::server(state, now)?;
    Ok(fhir::inbox_at(&server, now)?
        .iter()
        .map(|item| InboxItemDto::from_core(item, &lang))
        .collect())
}

/// Acknowledges one alert as seen, with the care team's note when one was typed, only if
/// its Task is still at `version` (what the clinician was shown).
pub fn acknowledge(
    state: &AppState,
    id: &str,
    version: Option<&str>,
    note: Option<&str>,
) -> Result<bool> {
    let now = Utc::now();
    let (server, _) = crate::sync::server(state, now)?;
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    Ok(fhir::ack_with_note(&server, id, version, note, now)?.changed)
}

/// One look for reds that reached the server since the last look; a desktop notification
/// when there are any (not on the first look).
pub fn watch(state: &AppState) -> Result<WatchDto> {
    let (server, lang) = crate::sync::server(state, Utc::now())?;
    let mut watch = state
        .watch
        .lock()
        .map_err(|_| IpcError::storage("the app could not finish this; please try again"))?;
    if watch.server.as_deref() != Some(server.server_url.as_str()) {
        *watch = Watch {
            server: Some(server.server_url.clone()),
            ..Watch::default()
        };
    }
    let (reds, cursor) = fhir::new_reds_since(&server, watch.cursor.as_deref())?;
    let first = !watch.looked;
    watch.looked = true;
    if cursor.is_some() {
        watch.cursor = cursor;
    }
    let new_reds = if first { 0 } else { reds.len() as u32 };
    if new_reds > 0 {
        let (summary, body) = notification(&lang, new_reds);
        crate::notify::show(summary, body, true);
    }
    Ok(WatchDto { new_reds })
}

/// The notification's words: how many, and where to look; no patient is named.
pub fn notification(lang: &str, count: u32) -> (String, String) {
    (
        text(lang, "console.notify.title", &[]),
        text(
            lang,
            "console.notify.body",
            &[("count", &count.to_string())],
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_notification_names_no_patient_and_is_worded_in_every_language() {
        for lang in diary_core::messages::LANGUAGES {
            let (summary, body) = notification(lang, 3);
            assert!(
                !summary.is_empty() && !summary.contains("console."),
                "{lang}: {summary}"
            );
            assert!(body.contains('3'), "{lang}: {body}");
            assert!(!body.contains("console."), "{lang}: {body}");
        }
        let (en_summary, en_body) = notification("en", 2);
        assert_eq!(en_summary, "New red alert");
        assert_eq!(
            en_body,
            "New red alerts waiting in the care team console: 2."
        );
        assert_ne!(notification("ru", 2).0, en_summary);
        assert_ne!(notification("uz", 2).0, en_summary);
    }
}
