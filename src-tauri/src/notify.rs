//! Desktop notifications (notify-rust over D-Bus) for red and amber results and for the
//! daily reminder. Showing happens on its own thread so the window never waits for the
//! notification daemon; a failure (no D-Bus, no daemon) is logged without patient data and
//! the app carries on.

use crate::locale::text;
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

/// The words of the notification for a saved report's level: the level's title and the
/// report's headline (the core's words, with the numbers the core chose for the level —
/// the same as on the screen and in `diary log`); `None` for green and none.
pub fn for_level(level: Level, lang: &str, headline: &str) -> Option<(String, String)> {
    match level {
        Level::Red | Level::Amber => Some((
            text(lang, &format!("notify.{level}.title"), &[]),
            headline.to_string(),
        )),
        Level::Green | Level::None => None,
    }
}

/// Notifies about a saved report when it is red or amber.
pub fn report_saved(level: Level, lang: &str, headline: &str) {
    if let Some((summary, body)) = for_level(level, lang, headline) {
        show(summary, body, level == Level::Red);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use diary_core::messages::{explain, Phones};
    use diary_core::model::Triage;

    fn headline(level: Level, lang: &str, phones: &Phones) -> String {
        let triage = Triage {
            level,
            ruleset: diary_core::rules::RULESET_VERSION.into(),
            alerts: vec![],
        };
        explain(lang, &triage, phones).headline
    }

    #[test]
    fn red_names_both_numbers_amber_the_cores_number_and_green_is_silent() {
        let phones = Phones {
            care_team: None,
            line_24h: Some("222".into()),
            emergency: Some("103".into()),
        };
        for lang in diary_core::messages::LANGUAGES {
            let (title, body) =
                for_level(Level::Red, lang, &headline(Level::Red, lang, &phones)).unwrap();
            assert!(
                body.contains("222") && body.contains("103"),
                "{lang}: {body}"
            );
            assert!(!title.contains("notify."), "{lang}: {title}");
            // No team number: amber gives the 24-hour line, as the screen does.
            let (title, body) =
                for_level(Level::Amber, lang, &headline(Level::Amber, lang, &phones)).unwrap();
            assert!(body.contains("222"), "{lang}: {body}");
            assert!(!title.contains("notify."), "{lang}: {title}");
            assert!(for_level(Level::Green, lang, "").is_none());
        }
    }
}
