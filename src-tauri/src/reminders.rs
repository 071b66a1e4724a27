//! The daily reminder: a background thread that, every half minute, checks whether the
//! chosen reminder time has passed today with no report made today, and if so shows one
//! desktop notification (at most one a day). The same thread raises each step of the
//! escalation ladder after a red or amber report as the core's ladder fires it
//! (`Diary::ladders`: the question, emergency services first, the caregiver's notice, the
//! banner, the upgrade, the silence alert), also while the window is closed: once per step,
//! the newest when several fired since the last look. On the weekly check-in's day (the setting `checkin_day`),
//! at the daily reminder's time, it also reminds of the check-in unless one was answered
//! in the six days before.

use crate::locale::text;
use crate::state::AppState;
use chrono::{DateTime, Datelike, FixedOffset, Local, NaiveDate, NaiveTime, Utc};
use diary_core::followup::Record;
use diary_core::ladder::{Event, Ladder, Planned};
use diary_core::messages::{self, Phones};
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

/// One alert's ladder: its record and which ladder (a check-in may be on two).
pub type LadderKey = (Record, &'static str);

/// A fired ladder step, as the thread remembers it: the ladder, when the step fired, and
/// its spelling.
pub type StepKey = (LadderKey, DateTime<Utc>, &'static str);

/// Of each ladder's fired steps (report id, steps in time order), the newest one that
/// notifies ([`notifies`]) among those not raised before; every fired step becomes known,
/// so a step is raised at most once and older steps of the same look are not raised late.
pub fn steps_to_notify(
    fired: &[(LadderKey, Vec<Planned>)],
    raised: &mut std::collections::HashSet<StepKey>,
    notifies: impl Fn(Event) -> bool,
) -> Vec<(LadderKey, Event)> {
    let mut out = Vec::new();
    for (report, steps) in fired {
        let new: Vec<&Planned> = steps
            .iter()
            .filter(|s| raised.insert((*report, s.at, s.event.as_str())))
            .collect();
        if let Some(step) = new.into_iter().rev().find(|s| notifies(s.event)) {
            out.push((*report, step.event));
        }
    }
    out
}

/// What the reminder thread reads of the diary at `now`: the settings, the numbers as at
/// `now` (the care team's office judged now), when the last report was made, the fired
/// steps of every open ladder (its key, steps, whether the ladder is red) and when the
/// latest check-in was answered.
type Read = (
    Settings,
    Phones,
    Option<DateTime<FixedOffset>>,
    Vec<(LadderKey, Vec<Planned>, bool)>,
    Option<DateTime<FixedOffset>>,
);

/// What is due at `now` ([`Read`]); `None` when the diary cannot be read this time.
fn read(diary: &Diary, now: DateTime<Local>) -> Option<Read> {
    let settings = diary.settings().ok()?;
    let phones = diary.phones_at(now.fixed_offset()).ok()?;
    let last = diary.last_report_at().ok()?;
    let follow_ups = diary
        .ladders(now.fixed_offset())
        .ok()?
        .into_iter()
        .map(|open| {
            let red = open.ladder == Ladder::Red || open.showing.upgraded;
            ((open.record, open.ladder.as_str()), open.due.fired, red)
        })
        .collect();
    let checkin = diary.latest_checkin().ok()?;
    Some((
        settings,
        phones,
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
            let mut raised: std::collections::HashSet<StepKey> = Default::default();
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
                let Some((settings, phones, last, follow_ups, last_checkin)) = checked else {
                    continue;
                };
                let lang = settings.language.as_str();
                let words = |event| messages::ladder_notification(lang, event, &phones);
                let red: std::collections::HashSet<LadderKey> = follow_ups
                    .iter()
                    .filter(|(_, _, red)| *red)
                    .map(|(id, ..)| *id)
                    .collect();
                let fired: Vec<(LadderKey, Vec<Planned>)> = follow_ups
                    .into_iter()
                    .map(|(id, steps, _)| (id, steps))
                    .collect();
                for (key, event) in steps_to_notify(&fired, &mut raised, |e| words(e).is_some()) {
                    if let Some((title, body)) = words(event) {
                        crate::notify::show(title, body, red.contains(&key));
                    }
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
    fn each_ladder_step_is_raised_once_the_newest_of_a_look() {
        use diary_core::ladder::{Action, Notice};
        let t = Utc.with_ymd_and_hms(2026, 11, 20, 5, 0, 0).unwrap();
        let step = |m: i64, event| Planned {
            at: t + chrono::Duration::minutes(m),
            event,
        };
        let ask = step(15, Event::Action(Action::AskReached));
        let emergency = step(30, Event::Action(Action::ShowEmergencyFirst));
        let quiet = step(0, Event::Notice(Notice::NobodyElseSees));
        let notifies = |e: Event| e != Event::Notice(Notice::NobodyElseSees);
        let (seven, eight) = ((Record::Report(7), "E-1"), (Record::Checkin(8), "E-4"));
        let mut raised = std::collections::HashSet::new();
        // The first look: only the silent notice has fired: nothing is raised.
        assert!(steps_to_notify(&[(seven, vec![quiet])], &mut raised, notifies).is_empty());
        // The ask fires: raised once.
        let look = [(seven, vec![quiet, ask])];
        assert_eq!(
            steps_to_notify(&look, &mut raised, notifies),
            [(seven, ask.event)]
        );
        assert!(steps_to_notify(&look, &mut raised, notifies).is_empty());
        // Two ladders; one has fired two new steps since: only its newest is raised.
        let mut fresh = std::collections::HashSet::new();
        let look = [(seven, vec![ask, emergency]), (eight, vec![ask])];
        assert_eq!(
            steps_to_notify(&look, &mut fresh, notifies),
            [(seven, emergency.event), (eight, ask.event)]
        );
        assert!(steps_to_notify(&look, &mut fresh, notifies).is_empty());
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
