//! Case tables for the escalation ladder: every example of the reference's *Escalation
//! ladder (E-1 … E-5)*, and for every step of every case the minute before, at and after
//! it, through one `check(input, expect)`.

use super::*;

/// Steps or answers as (minutes after t, spelling).
type Minutes = &'static [(i64, &'static str)];

/// 08:30 at +05:00, the reference's first example.
const T: &str = "2026-11-20T08:30:00+05:00";

fn time(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).unwrap()
}

/// One alert and what is known of it; answers and the report as minutes after t.
#[derive(Debug, Clone, Copy)]
struct Case {
    ladder: Ladder,
    t: &'static str,
    answers: &'static [(i64, &'static str)],
    task: Option<&'static str>,
    sync: bool,
    report: Option<i64>,
}

/// Synced, the team has opened the Task, no answers: the no-answer schedule exactly.
const fn case(ladder: Ladder, t: &'static str) -> Case {
    Case {
        ladder,
        t,
        answers: &[],
        task: Some("in-progress"),
        sync: true,
        report: None,
    }
}

impl Case {
    const fn answers(self, answers: &'static [(i64, &'static str)]) -> Case {
        Case { answers, ..self }
    }
    const fn task(self, task: Option<&'static str>) -> Case {
        Case { task, ..self }
    }
    const fn sync_off(self) -> Case {
        Case {
            sync: false,
            task: None,
            ..self
        }
    }
    const fn report(self, minutes: i64) -> Case {
        Case {
            report: Some(minutes),
            ..self
        }
    }

    fn t(&self) -> DateTime<FixedOffset> {
        time(self.t)
    }
    fn after(&self, n: i64) -> DateTime<Utc> {
        self.t().with_timezone(&Utc) + Duration::minutes(n)
    }
    fn answer_list(&self) -> Vec<(DateTime<Utc>, FollowUpAnswer)> {
        let answer = |&(n, a): &(i64, &str)| (self.after(n), FollowUpAnswer::parse(a).unwrap());
        self.answers.iter().map(answer).collect()
    }
    fn task_status(&self) -> Option<TaskStatus> {
        self.task.map(|s| TaskStatus::parse(s).unwrap())
    }
    fn plan(&self) -> Vec<Planned> {
        let report = self.report.map(|n| self.after(n));
        let (task, sync) = (self.task_status(), self.sync);
        plan(
            self.ladder,
            self.t(),
            &self.answer_list(),
            task,
            sync,
            report,
        )
    }
    fn due(&self, now: i64) -> Due {
        let report = self.report.map(|n| self.after(n));
        let (task, sync) = (self.task_status(), self.sync);
        let answers = self.answer_list();
        due(
            self.ladder,
            self.t(),
            &answers,
            task,
            sync,
            report,
            self.after(now),
        )
    }
    fn minutes(&self, steps: impl IntoIterator<Item = Planned>) -> Vec<(i64, &'static str)> {
        let t0 = self.t().with_timezone(&Utc);
        let minute = |p: Planned| ((p.at - t0).num_minutes(), p.event.as_str());
        steps.into_iter().map(minute).collect()
    }
}

/// What is checked: the no-answer schedule, the whole plan, what has fired at a minute
/// after t, or the next step after that minute.
#[derive(Debug, Clone, Copy)]
enum Input {
    Schedule(Ladder, &'static str),
    Plan(Case),
    Fired(Case, i64),
    Next(Case, i64),
}

/// The one helper every table goes through: `expect` as (minutes after t, spelling).
#[track_caller]
fn check(input: Input, expect: &[(i64, &str)]) {
    let got: Vec<(i64, &str)> = match input {
        Input::Schedule(ladder, t) => schedule(ladder, time(t))
            .into_iter()
            .map(|s| (s.after_minutes, s.action.as_str()))
            .collect(),
        Input::Plan(case) => case.minutes(case.plan()),
        Input::Fired(case, now) => case.minutes(case.due(now).fired),
        Input::Next(case, now) => case.minutes(case.due(now).next),
    };
    assert_eq!(got, expect, "{input:?}");
}

/// The plan of `case` is `expect`, and for every step the minute before it has not fired,
/// the minute of it and the one after it have (with all earlier steps and no later one);
/// where everything known at that minute is known, the next step is the plan's next.
#[track_caller]
fn sweep(case: Case, expect: &[(i64, &str)]) {
    check(Input::Plan(case), expect);
    let last_known = case.answers.iter().map(|a| a.0).chain(case.report).max();
    for &(m, _) in expect {
        for now in [m - 1, m, m + 1] {
            let fired: Vec<_> = expect.iter().copied().filter(|s| s.0 <= now).collect();
            check(Input::Fired(case, now), &fired);
            if last_known.is_none_or(|k| k <= now) {
                let next: Vec<_> = expect
                    .iter()
                    .copied()
                    .find(|s| s.0 > now)
                    .into_iter()
                    .collect();
                check(Input::Next(case, now), &next);
            }
        }
    }
}

const RED_NO_ANSWER: &[(i64, &str)] = &[
    (15, "ask_reached"),
    (30, "show_emergency_first"),
    (30, "notify_caregiver"),
    (120, "persistent_banner"),
    (120, "notify_caregiver"),
    (1440, "silence_alert"),
    (4320, "end"),
];

const AMBER_0830: &[(i64, &str)] = &[
    (240, "ask_reached"),
    (420, "ask_reached_with_24h"),
    (1440, "upgrade_to_red"),
    (1440, "silence_alert"),
    (4320, "end"),
];

const SELF_HARM_0830: &[(i64, &str)] = &[
    (240, "ask_talked"),
    (1440, "ask_talked"),
    (1440, "show_crisis_line"),
    (4320, "end"),
];

/// An amber schedule whose asks are at `a1` and `a2` minutes.
fn amber(a1: i64, a2: i64) -> Vec<(i64, &'static str)> {
    let mut steps = vec![(a1, "ask_reached"), (a2, "ask_reached_with_24h")];
    steps.extend_from_slice(&AMBER_0830[2..]);
    steps
}

#[test]
fn the_no_answer_schedule_of_the_reference() {
    let amber_rows: &[(&str, i64, i64)] = &[
        // The reference's examples at +05:00.
        ("2026-11-20T08:30:00+05:00", 240, 420),
        ("2026-11-20T18:30:00+05:00", 810, 990),
        ("2026-11-20T02:00:00+05:00", 360, 540),
        ("2026-11-20T17:00:00+05:00", 240, 900),
        // A1 at 21:59 stays (A2 00:59 moves to 08:00); at 22:00 it moves to 08:00 the
        // next day.
        ("2026-11-20T17:59:00+05:00", 240, 841),
        ("2026-11-20T18:00:00+05:00", 840, 1020),
        ("2026-11-20T18:01:00+05:00", 839, 1019),
        // A1 at 07:59 moves to 08:00 the same day; at 08:00 it stays.
        ("2026-11-20T03:58:00+05:00", 242, 422),
        ("2026-11-20T03:59:00+05:00", 241, 421),
        ("2026-11-20T04:00:00+05:00", 240, 420),
        ("2026-11-20T04:01:00+05:00", 240, 420),
        // A2 at 21:59 stays; at 22:00 it moves to 08:00 the next day; 08:00 stays.
        ("2026-11-20T14:59:00+05:00", 240, 420),
        ("2026-11-20T15:00:00+05:00", 240, 1020),
        ("2026-11-20T00:00:00+05:00", 480, 660),
        // Local time on t's own offset: a negative offset and UTC.
        ("2026-11-20T18:30:00-05:00", 810, 990),
        ("2026-11-20T02:00:00-05:00", 360, 540),
        ("2026-11-20T02:00:00Z", 360, 540),
        ("2026-11-20T17:00:00Z", 240, 900),
        // The same instant as 18:30 at +05:00 is 13:30 in UTC: no quiet hours there.
        ("2026-11-20T13:30:00Z", 240, 420),
        // Whole minutes, rounded down: 08:00 is 809 min 15 s after 18:30:45.
        ("2026-11-20T18:30:45+05:00", 809, 989),
    ];
    for &(t, a1, a2) in amber_rows {
        check(Input::Schedule(Ladder::Amber, t), &amber(a1, a2));
    }

    // E-1 has no quiet hours, on any offset.
    for t in [T, "2026-11-20T23:00:00-05:00", "2026-11-20T02:00:00Z"] {
        check(Input::Schedule(Ladder::Red, t), RED_NO_ANSWER);
    }

    // E-4's A1 moves like E-3's; its day-later steps never do.
    check(Input::Schedule(Ladder::SelfHarm, T), SELF_HARM_0830);
    let self_harm = |a1| {
        let mut steps = vec![(a1, "ask_talked")];
        steps.extend_from_slice(&SELF_HARM_0830[1..]);
        steps
    };
    for (t, a1) in [
        ("2026-11-20T18:30:00+05:00", 810),
        ("2026-11-20T02:00:00+05:00", 360),
        ("2026-11-20T17:59:00-05:00", 240),
        ("2026-11-20T18:00:00Z", 840),
    ] {
        check(Input::Schedule(Ladder::SelfHarm, t), &self_harm(a1));
    }
}

/// On one offset A2 is at most 1020 min after t (A1 at 19:00, A2 22:00 → 08:00), so the
/// rule "A2 listed only when A2 < t + 1440 min" never drops it from a schedule; the cut
/// at t + 1440 that does bind is E-3's re-ask (`amber_not_yet_asks_three_hours_later`).
/// Every minute of a day on three offsets: A1 and A2 are out of quiet hours, at least 240
/// and 180 min on, A2 is listed (at most 1020 min on), and the plan without answers is the schedule.
#[test]
fn every_minute_of_a_day_keeps_the_schedules_rules() {
    for offset in ["+05:00", "-05:00", "Z"] {
        for minute in 0..1440 {
            let text = format!(
                "2026-11-20T{:02}:{:02}:00{offset}",
                minute / 60,
                minute % 60
            );
            let t = time(&text);
            for ladder in Ladder::ALL.iter().copied() {
                let steps = schedule(ladder, t);
                let t0 = t.with_timezone(&Utc);
                let planned = plan(ladder, t, &[], Some(TaskStatus::Completed), true, None);
                let as_steps: Vec<Step> = planned
                    .iter()
                    .map(|p| Step {
                        after_minutes: (p.at - t0).num_minutes(),
                        action: match p.event {
                            Event::Action(a) => a,
                            Event::Notice(n) => panic!("{n} in a plan without E-2"),
                        },
                    })
                    .collect();
                assert_eq!(as_steps, steps, "{ladder} at {text}");
                assert!(steps
                    .windows(2)
                    .all(|w| w[0].after_minutes <= w[1].after_minutes));
            }
            let steps = schedule(Ladder::Amber, t);
            let (a1, a2) = (steps[0], steps[1]);
            assert_eq!(a2.action, Action::AskReachedWith24h, "{text}");
            assert!(a1.after_minutes >= 240 && a2.after_minutes - a1.after_minutes >= 180);
            assert!(a2.after_minutes <= 1020, "{text}");
            for ask in [a1, a2] {
                let local = t + Duration::minutes(ask.after_minutes);
                assert!(
                    local.time() >= QUIET_UNTIL && local.time() < QUIET_FROM,
                    "{text}"
                );
            }
        }
    }
}

#[test]
fn which_ladder() {
    use Level::{Amber, Green, None as NoLevel, Red};
    let rows: &[(RuleId, Level, Level, Option<Ladder>)] = &[
        (RuleId::ASelfHarm, Amber, Amber, Some(Ladder::SelfHarm)),
        // A check-in's self-harm alert, whatever the record's level is said to be.
        (RuleId::ASelfHarm, Amber, Red, Some(Ladder::SelfHarm)),
        (RuleId::RFever, Red, Red, Some(Ladder::Red)),
        // An amber of a report that R-TWO-AMBER made red is followed up as red.
        (RuleId::ADiarrhoea, Amber, Red, Some(Ladder::Red)),
        (RuleId::RTwoAmber, Red, Red, Some(Ladder::Red)),
        (RuleId::ADiarrhoea, Amber, Amber, Some(Ladder::Amber)),
        // A check-in's A-FUNCTION and a lab-only amber follow E-3.
        (RuleId::AFunction, Amber, Amber, Some(Ladder::Amber)),
        (RuleId::ALab, Amber, Amber, Some(Ladder::Amber)),
        // A record level below the alert's is read as the alert's.
        (RuleId::ALab, Amber, Green, Some(Ladder::Amber)),
        (RuleId::RFever, Red, Amber, Some(Ladder::Red)),
        // Green (and, in ruleset 3, watch) has no ladder, even in a red report.
        (RuleId::GSelfCare, Green, Red, None),
        (RuleId::GLab, Green, Amber, None),
        (RuleId::GMood, NoLevel, NoLevel, None),
    ];
    for &(rule, level, record, expect) in rows {
        assert_eq!(
            ladder_for(rule, level, record),
            expect,
            "{rule} {level} in {record}"
        );
    }
    // The hook: whichever rule is spelled in the list follows E-4, and only those.
    for &rule in RuleId::ALL {
        let self_harm = SELF_HARM_LADDER_RULES.contains(&rule.as_str());
        let got = ladder_for(rule, Amber, Amber);
        assert_eq!(got == Some(Ladder::SelfHarm), self_harm, "{rule}");
    }
}

#[test]
fn the_vocabularies_are_the_references() {
    let actions: Vec<&str> = Action::ALL.iter().map(|a| a.as_str()).collect();
    assert_eq!(
        actions,
        [
            "ask_reached",
            "ask_reached_with_24h",
            "show_emergency_first",
            "notify_caregiver",
            "persistent_banner",
            "upgrade_to_red",
            "silence_alert",
            "ask_talked",
            "show_crisis_line",
            "end"
        ]
    );
    for notice in Notice::ALL {
        assert_eq!(Action::parse(notice.as_str()), None, "{notice}");
    }
    let ladders: Vec<&str> = Ladder::ALL.iter().map(|l| l.as_str()).collect();
    assert_eq!(ladders, ["E-1", "E-3", "E-4"]);
    let unseen: Vec<&str> = TaskStatus::ALL
        .iter()
        .filter(|s| s.unseen())
        .map(|s| s.as_str())
        .collect();
    assert_eq!(unseen, ["draft", "requested", "received", "ready"]);
    assert_eq!(TaskStatus::ALL.len(), 12);
    let step = Step {
        after_minutes: 240,
        action: Action::AskReached,
    };
    assert_eq!(
        serde_json::to_string(&step).unwrap(),
        r#"{"after_minutes":240,"action":"ask_reached"}"#
    );
}

const RED: Case = case(Ladder::Red, T);

#[test]
fn red_without_answers() {
    sweep(RED, RED_NO_ANSWER);
    // With sync off the red screen says from t + 0 that nobody else sees it.
    let mut off = vec![(0, "nobody_else_sees")];
    off.extend_from_slice(RED_NO_ANSWER);
    sweep(RED.sync_off(), &off);
    // Synced, the Task still unseen at t + 30 min: phone the 24-hour line now; the
    // emergency-first screen was shown at t + 30 min already, so not again at t + 60.
    let mut unseen = RED_NO_ANSWER.to_vec();
    unseen.insert(3, (30, "team_not_opened"));
    for task in ["requested", "draft", "received", "ready"] {
        sweep(RED.task(Some(task)), &unseen);
    }
    // No Task known yet is unseen too; any other status is the team's.
    sweep(RED.task(None), &unseen);
    for task in [
        "accepted",
        "in-progress",
        "completed",
        "rejected",
        "on-hold",
    ] {
        sweep(RED.task(Some(task)), RED_NO_ANSWER);
    }
}

#[test]
fn red_settled_ends_at_once() {
    let rows: &[(Minutes, Minutes)] = &[
        (&[(20, "reached")], &[(15, "ask_reached"), (20, "end")]),
        (&[(29, "they_said")], &[(15, "ask_reached"), (29, "end")]),
        // An answer at a step's instant answers it: no emergency screen at 30.
        (&[(30, "reached")], &[(15, "ask_reached"), (30, "end")]),
        (
            &[(31, "reached")],
            &[
                (15, "ask_reached"),
                (30, "show_emergency_first"),
                (30, "notify_caregiver"),
                (31, "end"),
            ],
        ),
        (&[(0, "reached")], &[(0, "end")]),
        // Settled after not_yet: no later step; later answers change nothing.
        (
            &[(16, "not_yet"), (25, "reached"), (26, "not_yet")],
            &[(15, "ask_reached"), (16, "red_screen_again"), (25, "end")],
        ),
        // At t + 4320 min the ladder is over: the answer changes nothing.
        (&[(4320, "reached")], RED_NO_ANSWER),
    ];
    for &(answers, expect) in rows {
        sweep(RED.answers(answers), expect);
    }
    // Settled before t + 30 min: no word of the unseen Task either.
    let unseen = RED.task(Some("requested"));
    sweep(
        unseen.answers(&[(29, "reached")]),
        &[(15, "ask_reached"), (29, "end")],
    );
    sweep(
        unseen.answers(&[(31, "reached")]),
        &[
            (15, "ask_reached"),
            (30, "show_emergency_first"),
            (30, "notify_caregiver"),
            (30, "team_not_opened"),
            (31, "end"),
        ],
    );
}

#[test]
fn red_not_yet_asks_again_and_the_second_shows_emergency_first() {
    let tail: &[(i64, &str)] = &[
        (120, "persistent_banner"),
        (120, "notify_caregiver"),
        (4320, "end"),
    ];
    let with_tail = |head: &[(i64, &'static str)]| [head, tail].concat();
    let rows: &[(Minutes, Vec<(i64, &str)>)] = &[
        // One not_yet before t + 30 min: the red screen again, asked again 15 min later;
        // an answer came by t + 30 min, so the emergency screen waits for a second
        // not_yet (the reference's words); the answer also breaks the silence.
        (
            &[(16, "not_yet")],
            with_tail(&[
                (15, "ask_reached"),
                (16, "red_screen_again"),
                (31, "ask_reached"),
            ]),
        ),
        (
            &[(16, "not_yet"), (32, "not_yet")],
            with_tail(&[
                (15, "ask_reached"),
                (16, "red_screen_again"),
                (31, "ask_reached"),
                (32, "red_screen_again"),
                (32, "show_emergency_first"),
                (32, "notify_caregiver"),
                (47, "ask_reached"),
            ]),
        ),
        // Two not_yet before t + 30 min: the emergency screen at the second; the pending
        // ask at 31 is replaced by 35.
        (
            &[(16, "not_yet"), (20, "not_yet")],
            with_tail(&[
                (15, "ask_reached"),
                (16, "red_screen_again"),
                (20, "red_screen_again"),
                (20, "show_emergency_first"),
                (20, "notify_caregiver"),
                (35, "ask_reached"),
            ]),
        ),
        // Not yet before the first ask: that ask moves to a + 15.
        (
            &[(5, "not_yet")],
            with_tail(&[(5, "red_screen_again"), (20, "ask_reached")]),
        ),
        // Nobody answered by t + 30 min: the emergency screen then, and at most once.
        (
            &[(31, "not_yet"), (50, "not_yet")],
            with_tail(&[
                (15, "ask_reached"),
                (30, "show_emergency_first"),
                (30, "notify_caregiver"),
                (31, "red_screen_again"),
                (46, "ask_reached"),
                (50, "red_screen_again"),
                (65, "ask_reached"),
            ]),
        ),
        // An answer at exactly t + 30 min came by then.
        (
            &[(30, "not_yet")],
            with_tail(&[
                (15, "ask_reached"),
                (30, "red_screen_again"),
                (45, "ask_reached"),
            ]),
        ),
        (
            &[(29, "not_yet")],
            with_tail(&[
                (15, "ask_reached"),
                (29, "red_screen_again"),
                (44, "ask_reached"),
            ]),
        ),
    ];
    for (answers, expect) in rows {
        sweep(RED.answers(answers), expect);
    }
}

#[test]
fn red_task_unseen_after_an_hour_shows_emergency_first() {
    let unseen = RED.task(Some("requested"));
    let head: &[(i64, &str)] = &[
        (15, "ask_reached"),
        (16, "red_screen_again"),
        (30, "team_not_opened"),
        (31, "ask_reached"),
    ];
    let tail: &[(i64, &str)] = &[
        (120, "persistent_banner"),
        (120, "notify_caregiver"),
        (4320, "end"),
    ];
    let rows: &[(Minutes, Minutes)] = &[
        (&[(16, "not_yet")], &[(60, "show_emergency_first")]),
        // The second not_yet before t + 60 min showed it: not again at 60.
        (
            &[(16, "not_yet"), (45, "not_yet")],
            &[
                (45, "red_screen_again"),
                (45, "show_emergency_first"),
                (45, "notify_caregiver"),
                (60, "ask_reached"),
            ],
        ),
        (
            &[(16, "not_yet"), (59, "not_yet")],
            &[
                (59, "red_screen_again"),
                (59, "show_emergency_first"),
                (59, "notify_caregiver"),
                (74, "ask_reached"),
            ],
        ),
        (
            &[(16, "not_yet"), (60, "not_yet")],
            &[
                (60, "red_screen_again"),
                (60, "show_emergency_first"),
                (60, "notify_caregiver"),
                (75, "ask_reached"),
            ],
        ),
        // After t + 60 min E-2 showed it; the second not_yet still tells the caregiver.
        (
            &[(16, "not_yet"), (61, "not_yet")],
            &[
                (60, "show_emergency_first"),
                (61, "red_screen_again"),
                (61, "notify_caregiver"),
                (76, "ask_reached"),
            ],
        ),
        // Settled before t + 60 min: nothing more.
        (&[(16, "not_yet"), (59, "reached")], &[(59, "end")]),
    ];
    for &(answers, middle) in rows {
        let mut expect = [head, middle].concat();
        if middle.last() != Some(&(59, "end")) {
            expect.extend_from_slice(tail);
        }
        sweep(unseen.answers(answers), &expect);
    }
    // The team opened the Task: no E-2 step, however long nobody answers.
    sweep(
        RED.answers(&[(16, "not_yet")]),
        &[
            (15, "ask_reached"),
            (16, "red_screen_again"),
            (31, "ask_reached"),
            (120, "persistent_banner"),
            (120, "notify_caregiver"),
            (4320, "end"),
        ],
    );
}

#[test]
fn silence_after_an_alert() {
    let without_silence: Vec<_> = RED_NO_ANSWER
        .iter()
        .copied()
        .filter(|s| s.1 != "silence_alert")
        .collect();
    // A report in (t, t + 1440 min] breaks the silence; one at t or later does not.
    sweep(RED.report(1), &without_silence);
    sweep(RED.report(1440), &without_silence);
    sweep(RED.report(1441), RED_NO_ANSWER);
    sweep(RED.report(0), RED_NO_ANSWER);
    // An answer at exactly t is not in (t, t + 1440 min].
    sweep(
        RED.answers(&[(0, "not_yet")]),
        &[
            (0, "red_screen_again"),
            (15, "ask_reached"),
            (120, "persistent_banner"),
            (120, "notify_caregiver"),
            (1440, "silence_alert"),
            (4320, "end"),
        ],
    );
    sweep(
        RED.answers(&[(1440, "not_yet")]),
        &[
            (15, "ask_reached"),
            (30, "show_emergency_first"),
            (30, "notify_caregiver"),
            (120, "persistent_banner"),
            (120, "notify_caregiver"),
            (1440, "red_screen_again"),
            (1455, "ask_reached"),
            (4320, "end"),
        ],
    );
    sweep(
        RED.answers(&[(1441, "not_yet")]),
        &[
            (15, "ask_reached"),
            (30, "show_emergency_first"),
            (30, "notify_caregiver"),
            (120, "persistent_banner"),
            (120, "notify_caregiver"),
            (1440, "silence_alert"),
            (1441, "red_screen_again"),
            (1456, "ask_reached"),
            (4320, "end"),
        ],
    );
    // Amber: the same window.
    let amber_quiet: Vec<_> = AMBER_0830
        .iter()
        .copied()
        .filter(|s| s.1 != "silence_alert")
        .collect();
    sweep(AMBER.report(1000), &amber_quiet);
    sweep(AMBER.report(1441), AMBER_0830);
    // E-4 has no silence step: the answers are not shared with the caregiver.
    sweep(case(Ladder::SelfHarm, T).report(1441), SELF_HARM_0830);
}

#[test]
fn questions_stop_at_72_hours() {
    let head = &RED_NO_ANSWER[..6];
    let with = |middle: &[(i64, &'static str)]| [head, middle, &[(4320, "end")]].concat();
    sweep(
        RED.answers(&[(4304, "not_yet")]),
        &with(&[(4304, "red_screen_again"), (4319, "ask_reached")]),
    );
    sweep(
        RED.answers(&[(4305, "not_yet")]),
        &with(&[(4305, "red_screen_again")]),
    );
    sweep(RED.answers(&[(4320, "not_yet")]), RED_NO_ANSWER);
    sweep(RED.answers(&[(4321, "not_yet")]), RED_NO_ANSWER);
    // Due long after: everything has fired, nothing is next.
    check(Input::Fired(RED, 100_000), RED_NO_ANSWER);
    check(Input::Next(RED, 4320), &[]);
}

#[test]
fn due_knows_only_what_has_happened_by_now() {
    // The answer at 20 is not known at 19: the next step is still the emergency screen.
    let reached = RED.answers(&[(20, "reached")]);
    check(Input::Fired(reached, 19), &[(15, "ask_reached")]);
    check(Input::Next(reached, 19), &[(30, "show_emergency_first")]);
    check(Input::Next(reached, 20), &[]);
    // A report known later breaks the silence only once it is known.
    let reported = RED.report(1000);
    check(Input::Next(reported, 999), &[(1440, "silence_alert")]);
    check(Input::Next(reported, 1000), &[(4320, "end")]);
    // The Task as read now: opened by 45, the notice of 30 is no longer shown.
    check(
        Input::Fired(RED.task(Some("in-progress")), 45),
        &RED_NO_ANSWER[..3],
    );
    check(
        Input::Fired(RED.task(Some("received")), 45),
        &[
            (15, "ask_reached"),
            (30, "show_emergency_first"),
            (30, "notify_caregiver"),
            (30, "team_not_opened"),
        ],
    );
}

const AMBER: Case = case(Ladder::Amber, T);

#[test]
fn amber_without_answers() {
    sweep(AMBER, AMBER_0830);
    // E-2 is the red Task's: an amber is the same synced or not, seen or not.
    sweep(AMBER.sync_off(), AMBER_0830);
    sweep(AMBER.task(Some("requested")), AMBER_0830);
    sweep(
        case(Ladder::Amber, "2026-11-20T18:30:00+05:00"),
        &amber(810, 990),
    );
    sweep(
        case(Ladder::Amber, "2026-11-20T17:00:00+05:00"),
        &amber(240, 900),
    );
}

#[test]
fn amber_not_yet_asks_three_hours_later() {
    let day: &[(i64, &str)] = &[(1440, "upgrade_to_red"), (4320, "end")];
    let rows: &[(Case, Minutes, Minutes)] = &[
        // After A1: A2 is replaced by a + 180 min, with the 24-hour line.
        (
            AMBER,
            &[(250, "not_yet")],
            &[(240, "ask_reached"), (430, "ask_reached_with_24h")],
        ),
        // Before A1: both asks are replaced.
        (AMBER, &[(100, "not_yet")], &[(280, "ask_reached_with_24h")]),
        // After A2: one more ask.
        (
            AMBER,
            &[(600, "not_yet")],
            &[
                (240, "ask_reached"),
                (420, "ask_reached_with_24h"),
                (780, "ask_reached_with_24h"),
            ],
        ),
        // a + 180 at 21:59 stays; at 22:00 it moves to 08:00 the next day.
        (
            AMBER,
            &[(629, "not_yet")],
            &[
                (240, "ask_reached"),
                (420, "ask_reached_with_24h"),
                (809, "ask_reached_with_24h"),
            ],
        ),
        (
            AMBER,
            &[(630, "not_yet")],
            &[
                (240, "ask_reached"),
                (420, "ask_reached_with_24h"),
                (1410, "ask_reached_with_24h"),
            ],
        ),
        // Every not_yet gets its ask.
        (
            AMBER,
            &[(250, "not_yet"), (440, "not_yet")],
            &[
                (240, "ask_reached"),
                (430, "ask_reached_with_24h"),
                (620, "ask_reached_with_24h"),
            ],
        ),
        // t = 18:30: A2 at 990 is replaced by 09:30 + 180 = 12:30.
        (
            case(Ladder::Amber, "2026-11-20T18:30:00+05:00"),
            &[(900, "not_yet")],
            &[(810, "ask_reached"), (1080, "ask_reached_with_24h")],
        ),
        // The ask only before t + 1440 min: t = 08:01, a = 05:00 + 180 = 08:00 is
        // t + 1439; a minute later it is t + 1440 and not listed; 04:59 + 180 = 07:59
        // moves to 08:00, t + 1439.
        (
            case(Ladder::Amber, "2026-11-20T08:01:00+05:00"),
            &[(1259, "not_yet")],
            &[
                (240, "ask_reached"),
                (420, "ask_reached_with_24h"),
                (1439, "ask_reached_with_24h"),
            ],
        ),
        (
            case(Ladder::Amber, "2026-11-20T08:01:00+05:00"),
            &[(1260, "not_yet")],
            &[(240, "ask_reached"), (420, "ask_reached_with_24h")],
        ),
        (
            case(Ladder::Amber, "2026-11-20T08:01:00+05:00"),
            &[(1261, "not_yet")],
            &[(240, "ask_reached"), (420, "ask_reached_with_24h")],
        ),
        (
            case(Ladder::Amber, "2026-11-20T08:01:00+05:00"),
            &[(1258, "not_yet")],
            &[
                (240, "ask_reached"),
                (420, "ask_reached_with_24h"),
                (1439, "ask_reached_with_24h"),
            ],
        ),
        // Quiet hours on t's own offset, -05:00: 21:00 + 180 = 00:00 moves to 08:00.
        (
            case(Ladder::Amber, "2026-11-20T08:30:00-05:00"),
            &[(750, "not_yet")],
            &[
                (240, "ask_reached"),
                (420, "ask_reached_with_24h"),
                (1410, "ask_reached_with_24h"),
            ],
        ),
    ];
    for &(base, answers, head) in rows {
        sweep(base.answers(answers), &[head, day].concat());
    }
    // After t + 1440 min: no more asks; the answer is outside E-5's window.
    sweep(AMBER.answers(&[(1500, "not_yet")]), AMBER_0830);
}

#[test]
fn amber_settled_or_upgraded() {
    let rows: &[(Minutes, Minutes)] = &[
        (&[(240, "reached")], &[(240, "end")]),
        (&[(241, "reached")], &[(240, "ask_reached"), (241, "end")]),
        (
            &[(1439, "they_said")],
            &[
                (240, "ask_reached"),
                (420, "ask_reached_with_24h"),
                (1439, "end"),
            ],
        ),
        (
            &[(1440, "reached")],
            &[
                (240, "ask_reached"),
                (420, "ask_reached_with_24h"),
                (1440, "end"),
            ],
        ),
        (
            &[(1441, "they_said")],
            &[
                (240, "ask_reached"),
                (420, "ask_reached_with_24h"),
                (1440, "upgrade_to_red"),
                (1440, "silence_alert"),
                (1441, "end"),
            ],
        ),
        // not_yet does not settle: upgraded at t + 1440 min all the same (the second
        // not_yet, at the re-ask's instant, answers it and replaces it).
        (
            &[(250, "not_yet"), (430, "not_yet")],
            &[
                (240, "ask_reached"),
                (610, "ask_reached_with_24h"),
                (1440, "upgrade_to_red"),
                (4320, "end"),
            ],
        ),
    ];
    for &(answers, expect) in rows {
        sweep(AMBER.answers(answers), expect);
    }
}

const SELF_HARM: Case = case(Ladder::SelfHarm, T);

#[test]
fn self_harm_ladder() {
    sweep(SELF_HARM, SELF_HARM_0830);
    sweep(SELF_HARM.sync_off(), SELF_HARM_0830);
    let rows: &[(Case, Minutes, Minutes)] = &[
        // not_yet: the crisis line at once, asked again a day later (the no-answer day
        // steps are replaced).
        (
            SELF_HARM,
            &[(250, "not_yet")],
            &[
                (240, "ask_talked"),
                (250, "show_crisis_line"),
                (1690, "ask_talked"),
                (4320, "end"),
            ],
        ),
        (
            SELF_HARM,
            &[(1440, "not_yet")],
            &[
                (240, "ask_talked"),
                (1440, "show_crisis_line"),
                (2880, "ask_talked"),
                (4320, "end"),
            ],
        ),
        (
            SELF_HARM,
            &[(1450, "not_yet")],
            &[
                (240, "ask_talked"),
                (1440, "ask_talked"),
                (1440, "show_crisis_line"),
                (1450, "show_crisis_line"),
                (2890, "ask_talked"),
                (4320, "end"),
            ],
        ),
        // The re-ask a day later at 23:00 moves to 08:00 the day after.
        (
            case(Ladder::SelfHarm, "2026-11-20T18:30:00+05:00"),
            &[(270, "not_yet")],
            &[
                (270, "show_crisis_line"),
                (2250, "ask_talked"),
                (4320, "end"),
            ],
        ),
        // Questions stop at t + 4320 min.
        (
            SELF_HARM,
            &[(2879, "not_yet")],
            &[
                (240, "ask_talked"),
                (1440, "ask_talked"),
                (1440, "show_crisis_line"),
                (2879, "show_crisis_line"),
                (4319, "ask_talked"),
                (4320, "end"),
            ],
        ),
        (
            SELF_HARM,
            &[(2880, "not_yet")],
            &[
                (240, "ask_talked"),
                (1440, "ask_talked"),
                (1440, "show_crisis_line"),
                (2880, "show_crisis_line"),
                (4320, "end"),
            ],
        ),
        // Settled: ends at once.
        (
            SELF_HARM,
            &[(1440, "reached")],
            &[(240, "ask_talked"), (1440, "end")],
        ),
        (
            SELF_HARM,
            &[(250, "not_yet"), (300, "they_said")],
            &[(240, "ask_talked"), (250, "show_crisis_line"), (300, "end")],
        ),
    ];
    for &(base, answers, expect) in rows {
        sweep(base.answers(answers), expect);
    }
}

/// `Showing` in words: the ask's spelling, then each flag that is set, in field order;
/// `-` when nothing shows.
fn showing_words(s: Showing) -> String {
    let mut words: Vec<&str> = s.ask.map(Action::as_str).into_iter().collect();
    for (on, word) in [
        (s.emergency_first, "emergency_first"),
        (s.banner, "banner"),
        (s.upgraded, "upgraded"),
        (s.team_not_opened, "team_not_opened"),
        (s.nobody_else_sees, "nobody_else_sees"),
        (s.crisis_line, "crisis_line"),
    ] {
        if on {
            words.push(word);
        }
    }
    if words.is_empty() {
        "-".into()
    } else {
        words.join(" ")
    }
}

/// What shows at each (case, minute after t).
#[track_caller]
fn check_showing(rows: &[(Case, i64, &str)]) {
    for &(case, now, expect) in rows {
        let last = case
            .answer_list()
            .into_iter()
            .map(|(a, _)| a)
            .filter(|a| *a <= case.after(now))
            .max();
        let got = showing_words(showing(&case.due(now), last));
        assert_eq!(got, expect, "{case:?} at {now}");
    }
}

#[test]
fn what_the_app_shows() {
    let red = case(Ladder::Red, T);
    let red_unseen = red.task(None);
    let amber = case(Ladder::Amber, T);
    let self_harm = case(Ladder::SelfHarm, T);
    check_showing(&[
        // E-1: nothing before the first ask, then the ask, then the emergency screen.
        (red, 14, "-"),
        (red, 15, "ask_reached"),
        (red, 30, "ask_reached emergency_first"),
        (red, 120, "ask_reached emergency_first banner"),
        // "Not yet" at 20 answers the ask; it comes back at 35; the second "not yet" at
        // 36 shows the emergency screen, with no ask until 51.
        (red.answers(&[(20, "not_yet")]), 20, "-"),
        (red.answers(&[(20, "not_yet")]), 35, "ask_reached"),
        (
            red.answers(&[(20, "not_yet"), (36, "not_yet")]),
            36,
            "emergency_first",
        ),
        (
            red.answers(&[(20, "not_yet"), (36, "not_yet")]),
            51,
            "ask_reached emergency_first",
        ),
        // Settled: nothing more, ever.
        (red.answers(&[(20, "reached")]), 20, "-"),
        (red.answers(&[(20, "reached")]), 200, "-"),
        // E-2: synced and unseen at 30; sync off from t.
        (
            red_unseen,
            30,
            "ask_reached emergency_first team_not_opened",
        ),
        (red.sync_off(), 0, "nobody_else_sees"),
        (red.sync_off(), 15, "ask_reached nobody_else_sees"),
        // E-3: A1 at 240, A2 at 420, the upgrade at 1440 asks again.
        (amber, 239, "-"),
        (amber, 240, "ask_reached"),
        (amber, 420, "ask_reached_with_24h"),
        (amber.answers(&[(500, "not_yet")]), 600, "-"),
        (
            amber.answers(&[(500, "not_yet")]),
            1440,
            "ask_reached_with_24h upgraded",
        ),
        // E-4: the talk question; "not yet" shows the crisis line.
        (self_harm, 240, "ask_talked"),
        (self_harm.answers(&[(250, "not_yet")]), 250, "crisis_line"),
        // Over at 72 hours.
        (red, 4320, "-"),
        (amber, 4320, "-"),
    ]);
}
