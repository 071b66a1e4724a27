//! What a caregiver sees at a glance on the home screen: the days without a report and
//! when the next reminder comes. It exists because the person who looks after the patient
//! opens the app to answer "is everything all right?" — a missed day or a reminder that
//! will never come is the thing to notice, and these are policies, so they are decided
//! here once, with the day and the time passed in.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};

/// How far back the home screen looks for missed days.
pub const MISSED_DAYS_WINDOW: i64 = 14;

/// The days from `today − 13` to yesterday with no report, oldest first. Days before the
/// first report (`first`) are not missed: the diary had not started. Today is not missed
/// yet.
pub fn missed_days(
    reported: &[NaiveDate],
    first: Option<NaiveDate>,
    today: NaiveDate,
) -> Vec<NaiveDate> {
    let Some(first) = first else {
        return Vec::new();
    };
    (1..MISSED_DAYS_WINDOW)
        .rev()
        .map(|back| today - Duration::days(back))
        .filter(|day| *day >= first && !reported.contains(day))
        .collect()
}

/// When the daily reminder comes next, in local time: today at the reminder time when
/// that is still ahead and nothing was reported today, else tomorrow at that time; `None`
/// when reminders are off.
pub fn next_reminder(
    now: NaiveDateTime,
    reminders_on: bool,
    time: Option<NaiveTime>,
    reported_today: bool,
) -> Option<NaiveDateTime> {
    let time = time.filter(|_| reminders_on)?;
    let today = now.date().and_time(time);
    if today > now && !reported_today {
        Some(today)
    } else {
        Some(today + Duration::days(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn missed_days_count_from_the_first_report_and_never_today() {
        let today = d("2026-11-30");
        let reported = [d("2026-11-25"), d("2026-11-27"), d("2026-11-28")];
        assert_eq!(
            missed_days(&reported, Some(d("2026-11-25")), today),
            [d("2026-11-26"), d("2026-11-29")]
        );
        assert!(missed_days(&[], None, today).is_empty());
        // A diary older than the window: 13 days looked at, at most.
        assert_eq!(missed_days(&[], Some(d("2026-01-01")), today).len(), 13);
        assert_eq!(
            missed_days(&[], Some(d("2026-01-01")), today)[0],
            d("2026-11-17")
        );
    }

    #[test]
    fn the_next_reminder_is_today_when_still_ahead_else_tomorrow() {
        let at = |text: &str| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap();
        let seven = NaiveTime::from_hms_opt(19, 0, 0);
        // (now, on, reported today, expect)
        for (now, on, reported, expect) in [
            ("2026-11-30 18:00", true, false, Some("2026-11-30 19:00")),
            ("2026-11-30 18:00", true, true, Some("2026-12-01 19:00")),
            ("2026-11-30 19:30", true, false, Some("2026-12-01 19:00")),
            ("2026-11-30 18:00", false, false, None),
        ] {
            assert_eq!(
                next_reminder(at(now), on, seven, reported),
                expect.map(at),
                "{now} on={on} reported={reported}"
            );
        }
        assert_eq!(
            next_reminder(at("2026-11-30 18:00"), true, None, false),
            None
        );
    }
}
