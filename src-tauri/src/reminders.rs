//! The daily reminder: a background thread that, every half minute, checks whether the
//! chosen reminder time has passed today with no report made today, and if so shows one
//! desktop notification (at most one a day). The same thread asks "Did you reach your care
//! team?" when the core says it is due after a red or amber report (once per question:
//! a "not yet" makes a new one). On the weekly check-in's day (the setting `checkin_day`),
//! at the daily reminder's time, it also reminds of the check-in unless one was answered
//! in the six days before.

use crate::locale::text;
use crate::state::AppState;
use chrono::{DateTime, Datelike, FixedOffset, Local, NaiveDate, NaiveTime, Utc};
use diary_core::model::Weekday;
use diary_core::store::{Diary, Settings};
use std::time::Duration;

/// Whether the reminder is due at `now`: reminders on, the time has come, nothing
/// reported today (in local dates) and no reminder shown today yet.
pub fn due(
    now: DateTime<Local>,
    reminders_on: bool,
    reminder_time: Option<&str>,
    last_report_at: Option<DateTime<FixedOffset>>,
    last_shown: Option<NaiveDate>,
) -> bool {
    let Some(time) = reminder_time.and_then(|t| NaiveTime::parse_from_str(t, "%H:%M").ok()) else {
        return false;
    };
    let today = now.date_naive();
    reminders_on
        && now.time() >= time
        && last_shown != Some(today)
        && last_report_at.map(|at| at.with_timezone(&Local).date_naive()) != Some(today)
}

/// Whether the weekly check-in reminder is due at `now`: reminders on, today is
/// `checkin_day`, the reminder time has come, no check-in answered today or in the six days
/// before (local dates), and none shown today yet.
pub fn checkin_due(
    now: DateTime<Local>,
    reminders_on: bool,
    reminder_time: Option<&str>,
    checkin_day: Weekday,
    last_checkin_at: Option<DateTime<FixedOffset>>,
    last_shown: Option<NaiveDate>,
) -> bool {
    let Some(time) = reminder_time.and_then(|t| NaiveTime::parse_from_str(t, "%H:%M").ok()) else {
        return false;
    };
    let today = now.date_naive();
    let recent = last_checkin_at.is_some_and(|at| {
        at.with_timezone(&Local).date_naive() > today - chrono::Duration::days(7)
    });
    reminders_on
        && today.weekday() == checkin_day.to_chrono()
        && now.time() >= time
        && last_shown != Some(today)
        && !recent
}

/// The follow-up questions to notify about: the due ones (report id, answers so far) not
/// notified before. A report asked again after "not yet" has one answer more, so it is a
/// new question.
pub fn follow_ups_to_notify(
    due: &[(i64, usize)],
    notified: &std::collections::HashSet<(i64, usize)>,
) -> Vec<(i64, usize)> {
    due.iter()
        .copied()
        .filter(|q| !notified.contains(q))
        .collect()
}

/// What the reminder thread reads of the diary at `now`: the settings, when the last
/// report was made, the follow-up questions due (report id, answers so far) and when the
/// latest check-in was answered.
type Read = (
    Settings,
    Option<DateTime<FixedOffset>>,
    Vec<(i64, usize)>,
    Option<DateTime<FixedOffset>>,
);

/// What is due at `now` ([`Read`]); `None` when the diary cannot be read this time.
fn read(diary: &Diary, now: DateTime<Local>) -> Option<Read> {
    let settings = diary.settings().ok()?;
    let last = diary.last_report_at().ok()?;
    let follow_ups = diary
        .followups_due(now.with_timezone(&Utc))
        .ok()?
        .iter()
        .map(|(saved, answers)| (saved.id, answers.len()))
        .collect();
    let checkin = diary.latest_checkin().ok()?;
    Some((
        settings,
        last,
        follow_ups,
        checkin.map(|c| c.checkin.answered_at),
    ))
}

/// Starts the reminder thread.
pub fn start(state: AppState) {
    std::thread::Builder::new()
        .name("reminders".into())
        .spawn(move || {
            let mut last_shown: Option<NaiveDate> = None;
            let mut asked: std::collections::HashSet<(i64, usize)> = Default::default();
            let mut last_checkin_shown: Option<NaiveDate> = None;
            // The first check comes soon after start (a reminder that came due while the
            // app was closed), then every half minute.
            let mut pause = Duration::from_secs(5);
            loop {
                std::thread::sleep(pause);
                pause = Duration::from_secs(30);
                let now = Local::now();
                let checked = {
                    // No diary (it could not be opened, or not again after a restore):
                    // nothing to remind about until the app starts again.
                    let Ok(diary) = crate::state::lock(&state.diary) else {
                        return;
                    };
                    read(&diary, now)
                };
                let Some((settings, last, follow_ups, last_checkin)) = checked else {
                    continue;
                };
                let new = follow_ups_to_notify(&follow_ups, &asked);
                if !new.is_empty() {
                    asked.extend(new);
                    let lang = settings.language.as_str();
                    crate::notify::show(
                        text(lang, "notify.followup.title", &[]),
                        text(lang, "notify.followup.body", &[]),
                        true,
                    );
                }
                if due(
                    now,
                    settings.reminders_on,
                    settings.reminder_time.as_deref(),
                    last,
                    last_shown,
                ) {
                    last_shown = Some(now.date_naive());
                    let lang = settings.language.as_str();
                    crate::notify::show(
                        text(lang, "notify.reminder.title", &[]),
                        text(lang, "notify.reminder.body", &[]),
                        false,
                    );
                }
                if checkin_due(
                    now,
                    settings.reminders_on,
                    settings.reminder_time.as_deref(),
                    settings.checkin_day,
                    last_checkin,
                    last_checkin_shown,
                ) {
                    last_checkin_shown = Some(now.date_naive());
                    let lang = settings.language.as_str();
                    crate::notify::show(
                        text(lang, "notify.checkin.title", &[]),
                        text(lang, "notify.checkin.body", &[]),
                        false,
                    );
                }
            }
        })
        .map(|_| ())
        .unwrap_or_else(|_| eprintln!("symptom-diary: the reminder thread could not start"));
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_follow_up_is_notified_once_and_again_after_not_yet() {
        let mut asked = std::collections::HashSet::new();
        assert_eq!(follow_ups_to_notify(&[(7, 0)], &asked), [(7, 0)]);
        asked.insert((7, 0));
        assert!(follow_ups_to_notify(&[(7, 0)], &asked).is_empty());
        // "Not yet", then due again: a new question.
        assert_eq!(follow_ups_to_notify(&[(7, 1)], &asked), [(7, 1)]);
    }

    #[test]
    fn due_once_after_the_time_when_nothing_was_reported_today() {
        let now = Local.with_ymd_and_hms(2026, 11, 20, 19, 5, 0).unwrap();
        let yesterday = (now - chrono::Duration::days(1)).fixed_offset();
        assert!(due(now, true, Some("19:00"), Some(yesterday), None));
        assert!(due(now, true, Some("19:00"), None, None));
        assert!(!due(now, true, Some("19:30"), None, None));
        assert!(!due(now, false, Some("19:00"), None, None));
        assert!(!due(now, true, None, None, None));
        assert!(!due(
            now,
            true,
            Some("19:00"),
            Some(now.fixed_offset()),
            None
        ));
        assert!(!due(now, true, Some("19:00"), None, Some(now.date_naive())));
    }

    #[test]
    fn the_checkin_reminder_comes_on_its_day_when_none_was_answered_that_week() {
        // Monday 30 November 2026, 19:05.
        let monday = Local.with_ymd_and_hms(2026, 11, 30, 19, 5, 0).unwrap();
        let days_ago = |d: i64| Some((monday - chrono::Duration::days(d)).fixed_offset());
        let due_at =
            |now, day, last, shown| checkin_due(now, true, Some("19:00"), day, last, shown);
        assert!(due_at(monday, Weekday::Monday, None, None));
        assert!(
            due_at(monday, Weekday::Monday, days_ago(7), None),
            "last Monday's"
        );
        assert!(
            !due_at(monday, Weekday::Monday, days_ago(6), None),
            "answered on Tuesday"
        );
        assert!(!due_at(monday, Weekday::Tuesday, None, None), "not its day");
        assert!(!due_at(
            monday - chrono::Duration::minutes(10),
            Weekday::Monday,
            None,
            None
        ));
        assert!(!due_at(
            monday,
            Weekday::Monday,
            None,
            Some(monday.date_naive())
        ));
        assert!(!checkin_due(
            monday,
            false,
            Some("19:00"),
            Weekday::Monday,
            None,
            None
        ));
        assert!(!checkin_due(
            monday,
            true,
            None,
            Weekday::Monday,
            None,
            None
        ));
    }
}
