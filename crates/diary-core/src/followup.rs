//! After an alert: "Did you reach your care team?". It exists because a red alert that
//! nobody acted on is the failure that matters most, and because a caregiver and the
//! clinic later ask "did you call when the fever came?". One hour after a red report, and
//! the next morning after an amber one, the app asks; "not yet" after a red shows the
//! numbers again and asks again an hour later. The answers are kept with the report, shown
//! in the history and sent to the care team. Pure functions of the report, its answers and
//! `now`: the shell and the CLI pass the time in.

use crate::model::Level;
use chrono::{DateTime, Duration, FixedOffset, NaiveTime, TimeZone, Utc};

crate::vocabulary::vocabulary!(
    /// The answer to "Did you reach your care team?".
    FollowUpAnswer {
        Reached => "reached",
        NotYet => "not_yet",
        TheySaid => "they_said",
    }
);

/// How long after a red report the question comes, and comes again after "not yet".
pub const RED_ASK_AFTER_MINUTES: i64 = 60;

/// The hour of "the next morning" after an amber report, in the report's own offset.
pub const AMBER_MORNING: NaiveTime = match NaiveTime::from_hms_opt(9, 0, 0) {
    Some(t) => t,
    None => panic!("09:00 is a time"),
};

/// How long the question keeps being asked about one report.
pub const ASK_FOR_DAYS: i64 = 3;

/// The longest answer "they said …" may hold, in characters.
pub const NOTE_MAX_CHARS: usize = 500;

/// One answer as saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answered {
    pub at: DateTime<Utc>,
    pub answer: FollowUpAnswer,
    /// What the team said, for `they_said`.
    pub note: Option<String>,
}

/// An answer as sync sends it to the care team: its stable id, the answer, and the report
/// and alerts it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpRecord {
    /// The answer's stable business identifier (`followup-<uuid>`).
    pub uid: String,
    pub answered: Answered,
    /// The report asked about: its uid (`report-…`) and its level.
    pub report_uid: String,
    pub level: Level,
    /// The uids (`alert-…`) of the report's alerts, the Tasks the answer is about.
    pub alert_uids: Vec<String>,
}

impl FollowUpAnswer {
    /// The answer in plain words for the care team (English, like the rest of what is sent).
    pub fn care_team_words(self) -> &'static str {
        match self {
            FollowUpAnswer::Reached => "Yes, the patient reached the care team",
            FollowUpAnswer::NotYet => "Not yet: the care team has not been reached",
            FollowUpAnswer::TheySaid => "The care team was reached and said",
        }
    }
}

/// The next morning at 09:00 after `at`, in `at`'s offset.
fn next_morning(at: DateTime<FixedOffset>) -> DateTime<Utc> {
    let day = at.date_naive() + Duration::days(1);
    at.offset()
        .from_local_datetime(&day.and_time(AMBER_MORNING))
        .single()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| at.with_timezone(&Utc) + Duration::hours(12))
}

/// When to ask (again) about a report of `level` made at `at`, given its answers so far:
/// `None` when the question is settled (reached, or what the team said), when the report
/// is neither red nor amber, or when it is more than three days old at the next ask.
pub fn next_ask(
    level: Level,
    at: DateTime<FixedOffset>,
    answers: &[Answered],
) -> Option<DateTime<Utc>> {
    let last = answers.iter().max_by_key(|a| a.at);
    if last.is_some_and(|a| a.answer != FollowUpAnswer::NotYet) {
        return None;
    }
    let from = last.map(|a| a.at);
    let ask = match level {
        Level::Red => {
            from.unwrap_or_else(|| at.with_timezone(&Utc))
                + Duration::minutes(RED_ASK_AFTER_MINUTES)
        }
        Level::Amber => match from {
            None => next_morning(at),
            Some(t) => next_morning(t.with_timezone(at.offset())),
        },
        Level::Green | Level::None => return None,
    };
    (ask <= at.with_timezone(&Utc) + Duration::days(ASK_FOR_DAYS)).then_some(ask)
}

/// Whether the question about a report is due at `now`.
pub fn due(
    level: Level,
    at: DateTime<FixedOffset>,
    answers: &[Answered],
    now: DateTime<Utc>,
) -> bool {
    next_ask(level, at, answers).is_some_and(|ask| ask <= now)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap()
    }

    fn answer(at: &str, answer: FollowUpAnswer) -> Answered {
        Answered {
            at: t(at).with_timezone(&Utc),
            answer,
            note: None,
        }
    }

    /// `check(level, report at, answers, now, due)`.
    #[track_caller]
    fn check(level: Level, at: &str, answers: &[Answered], now: &str, expect: bool) {
        assert_eq!(
            due(level, t(at), answers, t(now).with_timezone(&Utc)),
            expect,
            "{level} at {at}, answers {answers:?}, now {now}"
        );
    }

    #[test]
    fn red_asks_after_an_hour_and_again_an_hour_after_not_yet() {
        let at = "2026-11-20T10:00:00+05:00";
        check(Level::Red, at, &[], "2026-11-20T10:59:59+05:00", false);
        check(Level::Red, at, &[], "2026-11-20T11:00:00+05:00", true);
        let not_yet = [answer("2026-11-20T11:05:00+05:00", FollowUpAnswer::NotYet)];
        check(Level::Red, at, &not_yet, "2026-11-20T11:30:00+05:00", false);
        check(Level::Red, at, &not_yet, "2026-11-20T12:05:00+05:00", true);
        // Settled answers end it.
        for settled in [FollowUpAnswer::Reached, FollowUpAnswer::TheySaid] {
            let mut answers = not_yet.to_vec();
            answers.push(answer("2026-11-20T12:10:00+05:00", settled));
            check(Level::Red, at, &answers, "2026-11-21T10:00:00+05:00", false);
        }
        // Three days on, it stops asking.
        check(Level::Red, at, &[], "2026-11-23T10:00:00+05:00", true);
        let late = [answer("2026-11-23T09:30:00+05:00", FollowUpAnswer::NotYet)];
        check(Level::Red, at, &late, "2026-11-23T11:00:00+05:00", false);
    }

    #[test]
    fn amber_asks_the_next_morning_in_the_reports_own_offset() {
        let at = "2026-11-20T22:30:00+05:00";
        check(Level::Amber, at, &[], "2026-11-21T08:59:00+05:00", false);
        check(Level::Amber, at, &[], "2026-11-21T09:00:00+05:00", true);
        // 09:00 in the report's offset, whatever the clock's zone now.
        check(Level::Amber, at, &[], "2026-11-21T04:00:00Z", true);
        let not_yet = [answer("2026-11-21T09:10:00+05:00", FollowUpAnswer::NotYet)];
        check(
            Level::Amber,
            at,
            &not_yet,
            "2026-11-21T20:00:00+05:00",
            false,
        );
        check(
            Level::Amber,
            at,
            &not_yet,
            "2026-11-22T09:00:00+05:00",
            true,
        );
    }

    #[test]
    fn green_and_none_are_never_asked_about() {
        for level in [Level::Green, Level::None] {
            check(
                level,
                "2026-11-20T10:00:00Z",
                &[],
                "2026-11-21T10:00:00Z",
                false,
            );
        }
    }
}
