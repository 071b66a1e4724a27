//! Desktop notifications (notify-rust over D-Bus) for red and amber results and for the
//! daily reminder. Showing happens on its own thread so the window never waits for the
//! notification daemon; a failure (no D-Bus, no daemon) is logged without patient data and
//! the app carries on.

use crate::dto::Phones;
use crate::locale::{phone_or_hint, text};
use diary_core::model::Level;

/// Shows a notification in the background.
pub fn show(summary: String, body: String, urgent: bool) {
    std::thread::spawn(move || {
        let mut notification = notify_rust::Notification::new();
        notification
            .appname("Symptom Diary")
            .summary(&summary)
            .body(&body)
            .icon("dialog-warning");
        #[cfg(all(unix, not(target_os = "macos")))]
        notification.urgency(if urgent {
            notify_rust::Urgency::Critical
        } else {
            notify_rust::Urgency::Normal
        });
        #[cfg(not(all(unix, not(target_os = "macos"))))]
        let _ = urgent;
        if let Err(error) = notification.show() {
            // The error is about D-Bus; the summary and body stay out of the log.
            eprintln!("symptom-diary: could not show a desktop notification: {error}");
        }
    });
}

/// The words of the notification for a saved report's level; `None` for green and none.
pub fn for_level(level: Level, lang: &str, phones: &Phones) -> Option<(String, String)> {
    match level {
        Level::Red => Some((
            text(lang, "notify.red.title", &[]),
            text(
                lang,
                "notify.red.body",
                &[
                    ("phone", &phone_or_hint(lang, &phones.line_24h)),
                    ("emergency", &phone_or_hint(lang, &phones.emergency)),
                ],
            ),
        )),
        Level::Amber => Some((
            text(lang, "notify.amber.title", &[]),
            text(
                lang,
                "notify.amber.body",
                &[("phone", &phone_or_hint(lang, &phones.team))],
            ),
        )),
        Level::Green | Level::None => None,
    }
}

/// Notifies about a saved report when it is red or amber.
pub fn report_saved(level: Level, lang: &str, phones: &Phones) {
    if let Some((summary, body)) = for_level(level, lang, phones) {
        show(summary, body, level == Level::Red);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn red_names_both_numbers_and_green_is_silent() {
        let phones = Phones {
            team: Some("111".into()),
            line_24h: Some("222".into()),
            emergency: Some("103".into()),
        };
        let (_, body) = for_level(Level::Red, "ru", &phones).unwrap();
        assert!(body.contains("222") && body.contains("103"));
        let (_, body) = for_level(Level::Amber, "uz", &phones).unwrap();
        assert!(body.contains("111"));
        assert!(for_level(Level::Green, "en", &phones).is_none());
    }
}
