//! Desktop notifications (notify-rust over D-Bus) for red and amber results and for the
//! daily reminder. Showing happens on its own thread so the window never waits for the
//! notification daemon; a failure (no D-Bus, no daemon) is logged without patient data and
//! the app carries on.

use crate::locale::text;
use diary_core::messages::Explanation;
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
/// headline of the core's explanation of its triage (`messages::explain_report`, or
/// `explain_checkin` / `explain` for a check-in or a lab result: the words with the numbers
/// the core chose for the level — the same as on the screen and in `diary log`); `None` for
/// green and none.
pub fn for_level(level: Level, lang: &str, words: &Explanation) -> Option<(String, String)> {
    match level {
        Level::Red | Level::Amber => Some((
            text(lang, &format!("notify.{level}.title"), &[]),
            words.headline.clone(),
        )),
        Level::Green | Level::None => None,
    }
}

/// Notifies about a saved report (or check-in, or lab result) when it is red or amber,
/// in the core's `words` for its triage.
pub fn report_saved(level: Level, lang: &str, words: &Explanation) {
    if let Some((summary, body)) = for_level(level, lang, words) {
        show(summary, body, level == Level::Red);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use diary_core::messages::{explain_report, Phones};
    use diary_core::model::Triage;

    /// The core's words for a report with no alerts at `level`, answered in full.
    fn words(level: Level, lang: &str, phones: &Phones) -> Explanation {
        let triage = Triage {
            level,
            ruleset: diary_core::rules::RULESET_VERSION.into(),
            alerts: vec![],
        };
        explain_report(lang, &triage, true, phones)
    }

    #[test]
    fn red_names_both_numbers_amber_the_cores_number_and_green_is_silent() {
        let phones = Phones {
            care_team: None,
            line_24h: Some("222".into()),
            emergency: Some("103".into()),
            office_open: false,
        };
        for lang in diary_core::messages::LANGUAGES {
            let red = words(Level::Red, lang, &phones);
            let (title, body) = for_level(Level::Red, lang, &red).unwrap();
            assert_eq!(body, red.headline);
            assert!(
                body.contains("222") && body.contains("103"),
                "{lang}: {body}"
            );
            assert!(!title.contains("notify."), "{lang}: {title}");
            // No team number: amber gives the 24-hour line, as the screen does.
            let (title, body) =
                for_level(Level::Amber, lang, &words(Level::Amber, lang, &phones)).unwrap();
            assert!(body.contains("222"), "{lang}: {body}");
            assert!(!title.contains("notify."), "{lang}: {title}");
            assert!(for_level(Level::Green, lang, &words(Level::Green, lang, &phones)).is_none());
        }
    }
}
