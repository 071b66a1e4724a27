//! The escalation ladder of the clinical reference v3 (*Escalation ladder (E-1 … E-5)*):
//! what is asked or shown, and when, after a red or amber alert, so that no alert ends on
//! the patient's screen. It exists because the value of an alert lies in the loop closed
//! with a person (the 24-hour line, the care team, a caregiver), and a pure schedule is the
//! one place the reminder thread, `diary followup` and `diary check` (`followups`) read it
//! from, step for step alike. Pure: the alert's time, the answers, the care team's Task
//! status and `now` are parameters; nothing here reads a clock.
//!
//! [`schedule`] is the table *The schedule with no answers* (what `diary check` prints);
//! [`plan`] and [`due`] apply *With answers and Task status* (the app).

use crate::followup::FollowUpAnswer;
use crate::model::{Level, RuleId, Subject, Triage};
use chrono::{DateTime, Duration, FixedOffset, NaiveTime, Utc};

crate::vocabulary::vocabulary!(
    /// Which ladder an alert follows (*Escalation ladder*, "Which ladder"), spelled as the
    /// reference names them. E-2 (the care team's side) and E-5 (silence) are not ladders
    /// of their own: they are steps of E-1 and of E-1/E-3.
    Ladder {
        Red => "E-1",
        Amber => "E-3",
        SelfHarm => "E-4",
    }
);

crate::vocabulary::vocabulary!(
    /// What a step does (*Escalation ladder*, "Actions"), with the reference's spellings:
    /// the closed list `diary check` prints in `followups`.
    Action {
        AskReached => "ask_reached",
        AskReachedWith24h => "ask_reached_with_24h",
        ShowEmergencyFirst => "show_emergency_first",
        NotifyCaregiver => "notify_caregiver",
        PersistentBanner => "persistent_banner",
        UpgradeToRed => "upgrade_to_red",
        SilenceAlert => "silence_alert",
        AskTalked => "ask_talked",
        ShowCrisisLine => "show_crisis_line",
        End => "end",
    }
);

crate::vocabulary::vocabulary!(
    /// What the app shows that is not one of the reference's [`Action`]s but is written in
    /// *With answers and Task status*; the spellings are this module's (the reference
    /// gives the words, not a name):
    /// - `red_screen_again` (E-1, `not_yet`): the red screen again with "If nobody answers
    ///   within 15 minutes, call emergency services and say you are having cancer
    ///   treatment";
    /// - `team_not_opened` (E-2 at t + 30 min): "Your care team has not yet opened this
    ///   alert. Please phone the 24-hour line now: {line_24h}", and the Task gets the note
    ///   "patient has not reached the line";
    /// - `nobody_else_sees` (E-2 with sync off, from t + 0): "Nobody else sees this alert:
    ///   you must phone".
    Notice {
        RedScreenAgain => "red_screen_again",
        TeamNotOpened => "team_not_opened",
        NobodyElseSees => "nobody_else_sees",
    }
);

crate::vocabulary::vocabulary!(
    /// The status of the care team's review Task (FHIR R4 `Task.status`, all its codes),
    /// which E-2 reads (*With answers and Task status*). diary-core has no FHIR; the sync
    /// crate reads the status from the server and hands it in.
    TaskStatus {
        Draft => "draft",
        Requested => "requested",
        Received => "received",
        Accepted => "accepted",
        Rejected => "rejected",
        Ready => "ready",
        Cancelled => "cancelled",
        InProgress => "in-progress",
        OnHold => "on-hold",
        Failed => "failed",
        Completed => "completed",
        EnteredInError => "entered-in-error",
    }
);

impl TaskStatus {
    /// Whether the care team has not opened the Task yet (*With answers and Task status*,
    /// E-2: `requested`, `draft`, `received`, `ready`).
    pub fn unseen(self) -> bool {
        matches!(
            self,
            TaskStatus::Draft | TaskStatus::Requested | TaskStatus::Received | TaskStatus::Ready
        )
    }
}

/// The rules whose alerts follow E-4 (*Escalation ladder*, "Which ladder": A-SELF-HARM and
/// A-NOT-WANTING-TO-LIVE), by their spelling. The hook for A-NOT-WANTING-TO-LIVE: it is
/// listed here already and follows E-4 as soon as [`RuleId`] has it, with no change here.
pub const SELF_HARM_LADDER_RULES: &[&str] = &["A-SELF-HARM", "A-NOT-WANTING-TO-LIVE"];

/// The ladder an alert follows (*Escalation ladder*, "Which ladder"): E-4 for the rules of
/// [`SELF_HARM_LADDER_RULES`]; for any other amber or red alert, the ladder of its record's
/// level (E-1 when the report is red, so an amber of a report that R-TWO-AMBER made red is
/// followed up as red; E-3 when it is amber); `None` below amber (watch, green). The record
/// is the report, the check-in (A-FUNCTION: amber, E-3) or the lab-only triage (an amber:
/// E-3). `record_level` below `alert_level` is read as `alert_level`.
pub fn ladder_for(rule: RuleId, alert_level: Level, record_level: Level) -> Option<Ladder> {
    if SELF_HARM_LADDER_RULES.contains(&rule.as_str()) {
        Some(Ladder::SelfHarm)
    } else if alert_level < Level::Amber {
        None
    } else if alert_level.max(record_level) >= Level::Red {
        Some(Ladder::Red)
    } else {
        Some(Ladder::Amber)
    }
}

/// E-1: the first ask after a red (*The schedule with no answers*).
pub const RED_ASK_MINUTES: i64 = 15;
/// E-1: the emergency-first screen and the first caregiver notification (*The schedule
/// with no answers*).
pub const RED_EMERGENCY_MINUTES: i64 = 30;
/// E-1: the persistent banner and the second caregiver notification (*The schedule with
/// no answers*).
pub const RED_BANNER_MINUTES: i64 = 120;
/// E-1, `not_yet` at a: the next ask at a + 15 min (*With answers and Task status*).
pub const RED_REASK_MINUTES: i64 = 15;
/// E-2: the care team's Task still unseen at t + 30 min (*With answers and Task status*).
pub const TEAM_UNSEEN_MINUTES: i64 = 30;
/// E-2: still unseen at t + 60 min: the emergency-first screen, if not done (*With
/// answers and Task status*).
pub const TEAM_UNSEEN_EMERGENCY_MINUTES: i64 = 60;
/// A1 = t + 240 min, moved by quiet hours (*The schedule with no answers*).
pub const A1_MINUTES: i64 = 240;
/// A2 = A1 + 180 min, moved by quiet hours (*The schedule with no answers*); E-3's re-ask
/// after `not_yet` is a + 180 min (*With answers and Task status*).
pub const A2_MINUTES: i64 = 180;
/// One day: E-3's upgrade, E-5's silence, E-4's second ask and its re-ask after
/// `not_yet` (*The schedule with no answers*, *With answers and Task status*).
pub const DAY_MINUTES: i64 = 1440;
/// Questions stop at t + 4320 min, 72 h (*With answers and Task status*).
pub const END_MINUTES: i64 = 4320;

/// Quiet hours (*Escalation ladder*, "Quiet hours"): an E-3 or E-4 ask in [22:00, 24:00)
/// moves to 08:00 the next day, in [00:00, 08:00) to 08:00 the same day.
pub const QUIET_FROM: NaiveTime = match NaiveTime::from_hms_opt(22, 0, 0) {
    Some(t) => t,
    None => panic!("22:00 is a time"),
};

/// The end of quiet hours, where a moved ask lands (*Escalation ladder*, "Quiet hours").
pub const QUIET_UNTIL: NaiveTime = match NaiveTime::from_hms_opt(8, 0, 0) {
    Some(t) => t,
    None => panic!("08:00 is a time"),
};

/// One step of the no-answer schedule (*The schedule with no answers*): `after_minutes`,
/// the whole minutes from t to the step rounded down, and its action. Serialised as the
/// `followups` contract writes a step: `{ "after_minutes", "action" }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Step {
    /// Whole minutes from t to the step, rounded down.
    pub after_minutes: i64,
    /// What the step does.
    pub action: Action,
}

/// What a row of the table is, for how answers change it (*With answers and Task status*).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// An ask (A1, A2, E-1's ask, E-4's day-later ask and the crisis line that goes with
    /// it): replaced by the reaction to a `not_yet` given at or before it.
    Ask,
    /// E-1's emergency-first pair: at t + 30 min when nobody answered by then, else at the
    /// second `not_yet`.
    Emergency,
    /// E-5's silence alert: only when no report and no answer came in (t, t + 1440 min].
    Silence,
    /// A step at its minute whatever was answered (unless settled).
    Fixed,
}

/// A row of the table: its instant, its action, its kind.
#[derive(Debug, Clone, Copy)]
struct Row {
    at: DateTime<Utc>,
    action: Action,
    kind: Kind,
}

fn minutes(n: i64) -> Duration {
    Duration::minutes(n)
}

/// `at` moved out of quiet hours, on the clock of `offset` (t's own offset).
fn out_of_quiet_hours(at: DateTime<Utc>, offset: FixedOffset) -> DateTime<Utc> {
    let local = at.with_timezone(&offset);
    let time = local.time();
    let day = if time >= QUIET_FROM {
        local.date_naive() + Duration::days(1)
    } else if time < QUIET_UNTIL {
        local.date_naive()
    } else {
        return at;
    };
    (day.and_time(QUIET_UNTIL) - Duration::seconds(offset.local_minus_utc().into())).and_utc()
}

/// The table's rows for `ladder` from t, in the table's order.
fn rows(ladder: Ladder, t: DateTime<FixedOffset>) -> Vec<Row> {
    let offset = *t.offset();
    let t0 = t.with_timezone(&Utc);
    let at = |n: i64| t0 + minutes(n);
    let row = |at, action, kind| Row { at, action, kind };
    let a1 = out_of_quiet_hours(t0 + minutes(A1_MINUTES), offset);
    match ladder {
        Ladder::Red => vec![
            row(at(RED_ASK_MINUTES), Action::AskReached, Kind::Ask),
            row(
                at(RED_EMERGENCY_MINUTES),
                Action::ShowEmergencyFirst,
                Kind::Emergency,
            ),
            row(
                at(RED_EMERGENCY_MINUTES),
                Action::NotifyCaregiver,
                Kind::Emergency,
            ),
            row(
                at(RED_BANNER_MINUTES),
                Action::PersistentBanner,
                Kind::Fixed,
            ),
            row(at(RED_BANNER_MINUTES), Action::NotifyCaregiver, Kind::Fixed),
            row(at(DAY_MINUTES), Action::SilenceAlert, Kind::Silence),
            row(at(END_MINUTES), Action::End, Kind::Fixed),
        ],
        Ladder::Amber => {
            let a2 = out_of_quiet_hours(a1 + minutes(A2_MINUTES), offset);
            let mut rows = vec![row(a1, Action::AskReached, Kind::Ask)];
            if a2 < at(DAY_MINUTES) {
                rows.push(row(a2, Action::AskReachedWith24h, Kind::Ask));
            }
            rows.extend([
                row(at(DAY_MINUTES), Action::UpgradeToRed, Kind::Fixed),
                row(at(DAY_MINUTES), Action::SilenceAlert, Kind::Silence),
                row(at(END_MINUTES), Action::End, Kind::Fixed),
            ]);
            rows
        }
        Ladder::SelfHarm => vec![
            row(a1, Action::AskTalked, Kind::Ask),
            row(at(DAY_MINUTES), Action::AskTalked, Kind::Ask),
            row(at(DAY_MINUTES), Action::ShowCrisisLine, Kind::Ask),
            row(at(END_MINUTES), Action::End, Kind::Fixed),
        ],
    }
}

/// The no-answer schedule of `ladder` for an alert raised at `t` (*The schedule with no
/// answers*, what `diary check` prints in `followups`): A1 and A2 moved by quiet hours on
/// the clock of t's own offset, A2 listed only when before t + 1440 min, `after_minutes`
/// rounded down, steps of the same minute in the order of the table's row. Without
/// answers and with sync off, so without E-2's words.
pub fn schedule(ladder: Ladder, t: DateTime<FixedOffset>) -> Vec<Step> {
    let t0 = t.with_timezone(&Utc);
    rows(ladder, t)
        .into_iter()
        .map(|row| Step {
            after_minutes: (row.at - t0).num_minutes(),
            action: row.action,
        })
        .collect()
}

/// One alert's entry of `followups` (*What `diary check` reports*): its rule, its subject
/// and the no-answer schedule of its ladder (`[]` below amber).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Followup {
    pub rule: RuleId,
    pub subject: Subject,
    pub steps: Vec<Step>,
}

/// `followups` of a triage whose record was made at `t` (a report's `recorded_at`, a
/// check-in's `answered_at`): one entry per alert, in the triage's order, each with the
/// no-answer [`schedule`] of the ladder [`ladder_for`] gives it (*What `diary check`
/// reports*).
pub fn followups(triage: &Triage, t: DateTime<FixedOffset>) -> Vec<Followup> {
    triage
        .alerts
        .iter()
        .map(|a| Followup {
            rule: a.rule,
            subject: a.subject,
            steps: ladder_for(a.rule, a.level, triage.level)
                .map(|l| schedule(l, t))
                .unwrap_or_default(),
        })
        .collect()
}

/// What happens at one instant of a [`plan`]: one of the reference's [`Action`]s or one of
/// the [`Notice`]s of *With answers and Task status*.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Event {
    /// One of the reference's actions.
    Action(Action),
    /// One of the words of *With answers and Task status* that is no action.
    Notice(Notice),
}

impl Event {
    /// The spelling of the action or notice (the two lists share no spelling).
    pub fn as_str(self) -> &'static str {
        match self {
            Event::Action(a) => a.as_str(),
            Event::Notice(n) => n.as_str(),
        }
    }
}

/// A step while a plan is made: its instant, its place among the steps of that instant
/// (slot 0 t's notice, 1 the reactions to answers, 2 the table's rows, 3 E-2's steps; then
/// the index within the slot), what happens, and its kind.
type Entry = (DateTime<Utc>, (u8, usize), Event, Kind);

/// One step of a [`plan`] (*With answers and Task status*): its instant and what happens.
/// The reminder thread raises each once; `(at, event)` identifies it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Planned {
    /// When it happens.
    pub at: DateTime<Utc>,
    /// What happens.
    pub event: Event,
}

/// The ladder of one alert raised at `t` with what is known of it (*With answers and Task
/// status*): the patient's `answers` to this alert's question (`contact` for E-1/E-3,
/// `talk` for E-4; any order), the care team's `task` status when synced (`None`: no Task
/// known yet, read as unseen), whether sync is on, and `first_report_after`, the first
/// report recorded after t (for E-5). Every step, past and to come, in time order.
///
/// - Settled: `reached` or `they_said` at s ends the ladder: no step at or after s, and
///   [`Action::End`] at s.
/// - An answer at a changes the steps at or after a (the patient answered what was due
///   then); answers before t or from t + 4320 min on are ignored.
/// - E-1, `not_yet` at a: [`Notice::RedScreenAgain`] at a, the pending ask replaced by
///   `ask_reached` at a + 15 min. `show_emergency_first` and `notify_caregiver` at
///   t + 30 min when no answer came by then (at or before t + 30 min), else at the second
///   `not_yet`; at most once each. `persistent_banner` and the second `notify_caregiver`
///   at t + 120 min.
/// - E-2 (E-1 only): synced with the Task unseen, [`Notice::TeamNotOpened`] at t + 30 min
///   and `show_emergency_first` at t + 60 min unless shown by then; sync off,
///   [`Notice::NobodyElseSees`] at t.
/// - E-3, `not_yet` at a: the pending asks replaced by `ask_reached_with_24h` at a + 180
///   min moved by quiet hours, if before t + 1440 min; `upgrade_to_red` at t + 1440 min.
/// - E-4, `not_yet` at a: `show_crisis_line` at a; the pending asks (and the crisis line
///   of the day-later ask) replaced by `ask_talked` at a + 1440 min moved by quiet hours.
/// - E-5: `silence_alert` at t + 1440 min (E-1, E-3) only when no report and no answer
///   came in (t, t + 1440 min].
/// - Nothing after t + 4320 min, where `end` is.
///
/// At one instant: t's notice first, then the reactions to an answer, then the table's
/// rows in their order, then E-2's steps.
pub fn plan(
    ladder: Ladder,
    t: DateTime<FixedOffset>,
    answers: &[(DateTime<Utc>, FollowUpAnswer)],
    task: Option<TaskStatus>,
    sync_on: bool,
    first_report_after: Option<DateTime<Utc>>,
) -> Vec<Planned> {
    let offset = *t.offset();
    let t0 = t.with_timezone(&Utc);
    let end = t0 + minutes(END_MINUTES);
    let day = t0 + minutes(DAY_MINUTES);

    let mut answers: Vec<(DateTime<Utc>, FollowUpAnswer)> = answers
        .iter()
        .copied()
        .filter(|(a, _)| *a >= t0 && *a < end)
        .collect();
    answers.sort_by_key(|(a, _)| *a);

    let mut steps: Vec<Entry> = rows(ladder, t)
        .into_iter()
        .enumerate()
        .map(|(i, row)| (row.at, (2, i), Event::Action(row.action), row.kind))
        .collect();

    let mut settled = None;
    let mut not_yets = Vec::new();
    for (i, &(a, answer)) in answers.iter().enumerate() {
        if answer != FollowUpAnswer::NotYet {
            settled = Some(a);
            break;
        }
        steps.retain(|(at, _, _, kind)| !(*kind == Kind::Ask && *at >= a));
        not_yets.push(a);
        let mut react = |at, k, event, kind| steps.push((at, (1, 2 * i + k), event, kind));
        match ladder {
            Ladder::Red => {
                react(a, 0, Event::Notice(Notice::RedScreenAgain), Kind::Fixed);
                let ask = a + minutes(RED_REASK_MINUTES);
                react(ask, 1, Event::Action(Action::AskReached), Kind::Ask);
            }
            Ladder::Amber => {
                let ask = out_of_quiet_hours(a + minutes(A2_MINUTES), offset);
                if ask < day {
                    let event = Event::Action(Action::AskReachedWith24h);
                    react(ask, 0, event, Kind::Ask);
                }
            }
            Ladder::SelfHarm => {
                react(a, 0, Event::Action(Action::ShowCrisisLine), Kind::Fixed);
                let ask = out_of_quiet_hours(a + minutes(DAY_MINUTES), offset);
                react(ask, 1, Event::Action(Action::AskTalked), Kind::Ask);
            }
        }
    }

    if ladder == Ladder::Red {
        let emergency_at = t0 + minutes(RED_EMERGENCY_MINUTES);
        let answered_by_then = answers.first().is_some_and(|(a, _)| *a <= emergency_at);
        let emergency = if answered_by_then {
            not_yets.get(1).copied()
        } else {
            Some(emergency_at)
        };
        let team_unseen = sync_on && task.is_none_or(TaskStatus::unseen);
        let e2_emergency = t0 + minutes(TEAM_UNSEEN_EMERGENCY_MINUTES);
        let e2_shows_it = team_unseen && emergency.is_none_or(|m| m > e2_emergency);
        steps.retain_mut(|(at, _, event, kind)| {
            if *kind != Kind::Emergency {
                return true;
            }
            match emergency {
                // Shown once: E-2 showed it first.
                _ if e2_shows_it && *event == Event::Action(Action::ShowEmergencyFirst) => false,
                Some(m) => {
                    *at = m;
                    true
                }
                None => false,
            }
        });
        if !sync_on {
            steps.push((
                t0,
                (0, 0),
                Event::Notice(Notice::NobodyElseSees),
                Kind::Fixed,
            ));
        }
        if team_unseen {
            let at = t0 + minutes(TEAM_UNSEEN_MINUTES);
            steps.push((
                at,
                (3, 0),
                Event::Notice(Notice::TeamNotOpened),
                Kind::Fixed,
            ));
        }
        if e2_shows_it {
            let event = Event::Action(Action::ShowEmergencyFirst);
            steps.push((e2_emergency, (3, 1), event, Kind::Fixed));
        }
    }

    let silence_broken = first_report_after
        .into_iter()
        .chain(answers.iter().map(|(a, _)| *a))
        .any(|at| at > t0 && at <= day);
    if silence_broken {
        steps.retain(|(_, _, _, kind)| *kind != Kind::Silence);
    }

    if let Some(s) = settled {
        steps.retain(|(at, ..)| *at < s);
        steps.push((s, (1, usize::MAX), Event::Action(Action::End), Kind::Fixed));
    }
    steps.retain(|(at, _, event, _)| {
        *at < end || (*at == end && *event == Event::Action(Action::End))
    });
    steps.sort_by_key(|(at, order, ..)| (*at, *order));
    steps
        .into_iter()
        .map(|(at, _, event, _)| Planned { at, event })
        .collect()
}

/// The ladder as it stands at `now` (*With answers and Task status*): what [`due`] says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    /// Every step whose instant has come (at or before `now`), in time order: the last
    /// ask or screen is what to show now; the reminder thread raises those it has not.
    pub fired: Vec<Planned>,
    /// The first step after `now`, when to look again; `None` when the ladder is over.
    pub next: Option<Planned>,
}

/// The ladder of one alert at `now` (*With answers and Task status*): the [`plan`] from
/// what is known at `now` (answers and the first later report at or before `now`; `task`
/// as read now), split at `now`. A step at exactly `now` has fired.
pub fn due(
    ladder: Ladder,
    t: DateTime<FixedOffset>,
    answers: &[(DateTime<Utc>, FollowUpAnswer)],
    task: Option<TaskStatus>,
    sync_on: bool,
    first_report_after: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Due {
    let known: Vec<_> = answers.iter().copied().filter(|(a, _)| *a <= now).collect();
    let report = first_report_after.filter(|r| *r <= now);
    let (fired, later): (Vec<Planned>, Vec<Planned>) =
        plan(ladder, t, &known, task, sync_on, report)
            .into_iter()
            .partition(|step| step.at <= now);
    Due {
        fired,
        next: later.first().copied(),
    }
}

#[cfg(test)]
mod tests;

crate::vocabulary::vocabulary!(
    /// The ladder steps the care team is told of (*With answers and Task status*: E-2's
    /// note, E-3's upgrade, E-5's silence), spelled as the ladder spells them.
    EscalationStep {
        TeamNotOpened => "team_not_opened",
        UpgradeToRed => "upgrade_to_red",
        SilenceAlert => "silence_alert",
    }
);

impl EscalationStep {
    /// The step an event of the ladder is, when it is one the team is told of.
    pub fn of(event: Event) -> Option<EscalationStep> {
        match event {
            Event::Notice(Notice::TeamNotOpened) => Some(EscalationStep::TeamNotOpened),
            Event::Action(Action::UpgradeToRed) => Some(EscalationStep::UpgradeToRed),
            Event::Action(Action::SilenceAlert) => Some(EscalationStep::SilenceAlert),
            _ => None,
        }
    }

    /// What the care team reads (English, like the rest of what is sent).
    pub fn care_team_words(self) -> &'static str {
        match self {
            EscalationStep::TeamNotOpened => {
                "Patient has not reached the line: 30 minutes after the red alert the care team had not opened it; the patient was told to phone the 24-hour line now"
            }
            EscalationStep::UpgradeToRed => {
                "Not reached after 24 h: the amber alert is still unsettled a day later and is now shown to the patient as red, with both numbers"
            }
            EscalationStep::SilenceAlert => {
                "No report and no answer for a day since the alert"
            }
        }
    }
}

/// What the app shows of one alert's ladder at `now`, read from a [`Due`]: the one place
/// the home screen's card, the result screen, `diary followup` and the reminder thread
/// learn which question to ask and which screen to show. Everything is `false`/`None` once
/// the ladder has ended (settled, or t + 4320 min).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Showing {
    /// The question to ask now: the latest ask that fired after the latest answer
    /// (`ask_reached`, `ask_reached_with_24h` or `ask_talked`; an `upgrade_to_red` after
    /// the latest answer asks again as `ask_reached_with_24h`, *Actions*).
    pub ask: Option<Action>,
    /// `show_emergency_first` has fired: the alert screen is in the R-CHEST form.
    pub emergency_first: bool,
    /// `persistent_banner` has fired: a banner stays on the home screen until settled.
    pub banner: bool,
    /// `upgrade_to_red` has fired: the amber is shown with red wording and both numbers.
    pub upgraded: bool,
    /// E-2: the care team has not opened the Task at t + 30 min and still has not.
    pub team_not_opened: bool,
    /// E-2 with sync off: nobody else sees this alert.
    pub nobody_else_sees: bool,
    /// E-4: the crisis line is shown.
    pub crisis_line: bool,
}

impl Showing {
    /// Whether anything is shown at all (the home screen's card).
    pub fn any(&self) -> bool {
        self.ask.is_some()
            || self.emergency_first
            || self.banner
            || self.upgraded
            || self.team_not_opened
            || self.crisis_line
    }
}

/// What [`Due`] shows now, given the instant of the latest answer to this alert's
/// question (`None`: no answer yet). See [`Showing`].
pub fn showing(due: &Due, last_answer: Option<DateTime<Utc>>) -> Showing {
    let ended = due.next.is_none()
        || due
            .fired
            .iter()
            .any(|s| s.event == Event::Action(Action::End));
    if ended {
        return Showing::default();
    }
    let after_answer = |s: &&Planned| last_answer.is_none_or(|a| s.at > a);
    let has = |event: Event| due.fired.iter().any(|s| s.event == event);
    let ask = due
        .fired
        .iter()
        .rev()
        .filter(after_answer)
        .find_map(|s| match s.event {
            Event::Action(
                a @ (Action::AskReached | Action::AskReachedWith24h | Action::AskTalked),
            ) => Some(a),
            Event::Action(Action::UpgradeToRed) => Some(Action::AskReachedWith24h),
            _ => None,
        });
    Showing {
        ask,
        emergency_first: has(Event::Action(Action::ShowEmergencyFirst)),
        banner: has(Event::Action(Action::PersistentBanner)),
        upgraded: has(Event::Action(Action::UpgradeToRed)),
        team_not_opened: has(Event::Notice(Notice::TeamNotOpened)),
        nobody_else_sees: has(Event::Notice(Notice::NobodyElseSees)),
        crisis_line: has(Event::Action(Action::ShowCrisisLine)),
    }
}
