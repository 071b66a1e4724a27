//! What a caregiver sees at a glance on the home screen: the days without a report, when
//! the next reminder comes and the week's calls. It exists because the person who looks after the patient
//! opens the app to answer "is everything all right?" — a missed day or a reminder that
//! will never come is the thing to notice, and these are policies, so they are decided
//! here once, with the day and the time passed in.

use crate::model::{Alert, Level, Triage};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Utc};

/// How far back the home screen looks for missed days.
pub const MISSED_DAYS_WINDOW: i64 = 14;

/// How far back, in days, "the week's calls" look.
pub const WEEK_CALLS_DAYS: i64 = 7;

/// The week's calls: the amber and red alerts of the reports recorded in the last
/// [`WEEK_CALLS_DAYS`] days up to `now` (a report exactly that old still counts), newest
/// report first. Green and no-alert levels are not calls. `reports` are each report's
/// time and triage, oldest first (as `Diary::reports_since` gives them).
pub fn week_calls<'a>(
    reports: impl DoubleEndedIterator<Item = (DateTime<FixedOffset>, &'a Triage)>,
    now: DateTime<Utc>,
) -> Vec<&'a Alert> {
    let since = now - Duration::days(WEEK_CALLS_DAYS);
    reports
        .rev()
        .filter(|(recorded_at, _)| *recorded_at >= since)
        .flat_map(|(_, triage)| triage.alerts.iter())
        .filter(|alert| alert.level >= Level::Amber)
        .collect()
}

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
    use crate::model::{RuleId, Subject};

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

    /// One report's triage holding a single alert of `level` under `rule`.
    fn triage(rule: RuleId, level: Level) -> Triage {
        Triage {
            level,
            ruleset: crate::rules::RULESET_VERSION.to_string(),
            alerts: vec![Alert {
                rule,
                level,
                subject: Subject::Temperature,
                detail: String::new(),
                message_key: format!("alert.{rule}"),
                advice_key: None,
                facts: Vec::new(),
            }],
        }
    }

    #[test]
    fn the_weeks_calls_are_the_amber_and_red_alerts_of_the_last_seven_days_newest_first() {
        let now = DateTime::parse_from_rfc3339("2026-11-30T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        // (recorded at, level, a call?) — the 7-day boundary in another time zone too.
        let rows = [
            ("2026-11-23T11:59:59Z", Level::Red, false), // 7 days and a second ago
            ("2026-11-23T12:00:00Z", Level::Red, true),  // exactly 7 days ago
            ("2026-11-23T17:00:00+05:00", Level::Amber, true), // 12:00 UTC: the same instant
            ("2026-11-25T09:00:00Z", Level::Green, false),
            ("2026-11-26T09:00:00Z", Level::None, false),
            ("2026-11-27T09:00:00Z", Level::Amber, true),
            ("2026-11-30T11:59:00Z", Level::Red, true),
        ];
        let rules = [
            RuleId::RFever,
            RuleId::RChest,
            RuleId::ADiarrhoea,
            RuleId::GSelfCare,
            RuleId::GMood,
            RuleId::AVomit,
            RuleId::RBreath,
        ];
        let reports: Vec<(DateTime<FixedOffset>, Triage)> = rows
            .iter()
            .zip(rules)
            .map(|((at, level, _), rule)| {
                (
                    DateTime::parse_from_rfc3339(at).unwrap(),
                    triage(rule, *level),
                )
            })
            .collect();
        let calls = week_calls(reports.iter().map(|(at, t)| (*at, t)), now);
        let got: Vec<RuleId> = calls.iter().map(|a| a.rule).collect();
        let wanted: Vec<RuleId> = rows
            .iter()
            .zip(rules)
            .rev()
            .filter(|((_, _, call), _)| *call)
            .map(|(_, rule)| rule)
            .collect();
        assert_eq!(
            got,
            [
                RuleId::RBreath,
                RuleId::AVomit,
                RuleId::ADiarrhoea,
                RuleId::RChest
            ]
        );
        assert_eq!(got, wanted);
        assert!(week_calls(std::iter::empty(), now).is_empty());
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
