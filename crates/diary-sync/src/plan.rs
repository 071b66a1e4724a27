//! The sync planner: which waiting outbox rows go now, in which order and in which
//! batches, which are set aside, and when to look again. It is a pure function of the
//! waiting rows, the time and the policy, so the rules ("red alerts go first and at once;
//! the rest on a schedule; a row that failed waits a growing delay; a unit the server
//! refused again and again is set aside, so it neither blocks the rest nor is retried
//! forever") are tested with case tables and no server, and the engine that talks to the
//! server has no decisions left to make.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use diary_core::store::{DirtyWeek, Kind, Waiting};

/// Why the engine runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// The app's timer (or a report was just saved): urgent rows at once, the rest when the
    /// schedule is due, every row respecting its retry delay.
    Scheduled,
    /// The user pressed "Send now" or ran `diary sync`: everything waiting, now.
    SendNow,
}

/// The rules' numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// How often the non-urgent rows go.
    pub every: Duration,
    /// At most this many units (a report with its alerts, a lab, a lone alert) per bundle.
    pub batch_units: usize,
    /// The delay after the first failure; it doubles with each further failure…
    pub retry_base: Duration,
    /// …up to this for ordinary rows…
    pub retry_cap: Duration,
    /// …and up to this for urgent ones.
    pub urgent_retry_cap: Duration,
    /// A unit whose content the server refused this many times is set aside.
    pub set_aside_after: u32,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            every: Duration::minutes(60),
            batch_units: 25,
            retry_base: Duration::minutes(1),
            retry_cap: Duration::hours(6),
            urgent_retry_cap: Duration::minutes(2),
            set_aside_after: 3,
        }
    }
}

/// What must travel together: a report with its waiting alerts (the alerts point at the
/// report's Observations), or a lab result, or an alert whose report was sent before.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// Outbox ids, the report's row first.
    pub outbox_ids: Vec<i64>,
    pub urgent: bool,
    /// The server's refusals of its content so far (the most of any of its rows).
    pub refusals: u32,
}

/// One transaction bundle's worth of units.
#[derive(Debug, Clone, PartialEq)]
pub struct Batch {
    pub units: Vec<Unit>,
    pub urgent: bool,
}

/// The planner's answer.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    /// In sending order: urgent batches (one unit each) first, then the rest.
    pub batches: Vec<Batch>,
    /// Waiting rows not sent this time (schedule not due, or waiting out a retry delay).
    pub held: usize,
    /// When held rows become due; `None` when nothing is held.
    pub next_run: Option<DateTime<Utc>>,
    /// Whether this run sends the scheduled (non-urgent) rows: the engine then records `now`
    /// as the last scheduled run.
    pub scheduled_run: bool,
    /// Units refused [`Policy::set_aside_after`] times: not sent, not held; the engine sets
    /// their rows aside, and the user sees them until they ask to try again.
    pub set_aside: Vec<Unit>,
}

/// The delay before the next try after `attempts` failures: `base · 2^(attempts−1)`, at
/// most `cap`; zero before any failure.
pub fn retry_delay(attempts: u32, base: Duration, cap: Duration) -> Duration {
    if attempts == 0 {
        return Duration::zero();
    }
    let factor = 1i64 << (attempts - 1).min(30);
    let ms = base.num_milliseconds().saturating_mul(factor);
    Duration::milliseconds(ms).min(cap)
}

/// Groups waiting rows into units, in outbox order of each unit's first row: a report with
/// its waiting alerts, a check-in with its waiting alerts, anything else alone.
pub fn units(waiting: &[Waiting]) -> Vec<(Unit, u32, Option<DateTime<Utc>>)> {
    let mut rows: Vec<&Waiting> = waiting.iter().collect();
    rows.sort_by_key(|w| w.outbox_id);
    let mut out: Vec<(Unit, u32, Option<DateTime<Utc>>)> = Vec::new();
    // (the parent's kind, its row id) → its unit.
    let mut by_parent: std::collections::HashMap<(Kind, i64), usize> =
        std::collections::HashMap::new();
    let absorb = |u: &mut (Unit, u32, Option<DateTime<Utc>>), w: &Waiting| {
        u.0.outbox_ids.push(w.outbox_id);
        u.0.urgent |= w.urgent;
        u.0.refusals = u.0.refusals.max(w.refusals);
        u.1 = u.1.max(w.attempts);
        u.2 = u.2.max(w.last_attempt);
    };
    let parent_of = |kind: Kind| match kind {
        Kind::Alert => Some(Kind::Report),
        Kind::CheckinAlert => Some(Kind::Checkin),
        Kind::LabAlert => Some(Kind::Lab),
        _ => None,
    };
    let is_parent = |kind: Kind| matches!(kind, Kind::Report | Kind::Checkin | Kind::Lab);
    // Parents first, so an alert saved in the same transaction finds its parent's unit.
    for w in rows.iter().filter(|w| is_parent(w.kind)) {
        by_parent.insert((w.kind, w.ref_id), out.len());
        out.push((
            Unit {
                outbox_ids: vec![w.outbox_id],
                urgent: w.urgent,
                refusals: w.refusals,
            },
            w.attempts,
            w.last_attempt,
        ));
    }
    for w in rows.iter().filter(|w| !is_parent(w.kind)) {
        let parent = parent_of(w.kind)
            .zip(w.report_id)
            .and_then(|key| by_parent.get(&key).copied());
        match parent {
            Some(i) => absorb(&mut out[i], w),
            None => out.push((
                Unit {
                    outbox_ids: vec![w.outbox_id],
                    urgent: w.urgent,
                    refusals: w.refusals,
                },
                w.attempts,
                w.last_attempt,
            )),
        }
    }
    out.sort_by_key(|(u, _, _)| u.outbox_ids[0]);
    out
}

/// Plans one run. Pure: the same rows, time and policy give the same plan.
pub fn plan(
    waiting: &[Waiting],
    trigger: Trigger,
    last_scheduled: Option<DateTime<Utc>>,
    policy: &Policy,
    now: DateTime<Utc>,
) -> Plan {
    let schedule_due_at = last_scheduled.map(|t| t + policy.every);
    let schedule_due = schedule_due_at.is_none_or(|t| t <= now);
    let mut urgent = Vec::new();
    let mut rest = Vec::new();
    let mut held = 0;
    let mut next_run: Option<DateTime<Utc>> = None;
    let mut set_aside = Vec::new();
    for (unit, attempts, last) in units(waiting) {
        if unit.refusals >= policy.set_aside_after.max(1) {
            set_aside.push(unit);
            continue;
        }
        let cap = if unit.urgent {
            policy.urgent_retry_cap
        } else {
            policy.retry_cap
        };
        let retry_at = last.map(|t| t + retry_delay(attempts, policy.retry_base, cap));
        let due_at = match (unit.urgent, retry_at, schedule_due_at) {
            (true, r, _) => r,
            (false, r, s) => r.max(s),
        };
        let go = trigger == Trigger::SendNow
            || match due_at {
                None => unit.urgent || schedule_due,
                Some(t) => t <= now && (unit.urgent || schedule_due),
            };
        if go {
            if unit.urgent {
                urgent.push(unit);
            } else {
                rest.push(unit);
            }
        } else {
            held += unit.outbox_ids.len();
            let at = due_at.unwrap_or(now);
            next_run = Some(next_run.map_or(at, |n| n.min(at)));
        }
    }
    let scheduled_run = !rest.is_empty();
    let mut batches: Vec<Batch> = urgent
        .into_iter()
        .map(|u| Batch {
            units: vec![u],
            urgent: true,
        })
        .collect();
    for chunk in rest.chunks(policy.batch_units.max(1)) {
        batches.push(Batch {
            units: chunk.to_vec(),
            urgent: false,
        });
    }
    Plan {
        batches,
        held,
        next_run,
        scheduled_run,
        set_aside,
    }
}

/// The weekly summaries due: dirty weeks that have ended and have no report still waiting
/// (a summary points at its reports' Observations, so they go first).
pub fn weeks_due(
    dirty: &[DirtyWeek],
    weeks_with_waiting_reports: &[NaiveDate],
    now: DateTime<Utc>,
) -> Vec<DirtyWeek> {
    let mut out: Vec<DirtyWeek> = dirty
        .iter()
        .filter(|w| w.end() <= now && !weeks_with_waiting_reports.contains(&w.start))
        .copied()
        .collect();
    out.sort_by_key(|w| w.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use diary_core::store::Payload;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    const NOW: &str = "2026-11-27T12:00:00Z";

    /// A row: (outbox id, kind, ref id, report id of an alert, urgent, attempts, last attempt).
    fn w(
        outbox_id: i64,
        kind: Kind,
        ref_id: i64,
        report_id: Option<i64>,
        urgent: bool,
        attempts: u32,
        last: Option<&str>,
    ) -> Waiting {
        Waiting {
            outbox_id,
            kind,
            ref_id,
            report_id,
            urgent,
            attempts,
            last_attempt: last.map(t),
            refusals: 0,
        }
    }

    /// `row`, refused by the server `n` times (each refusal is also an attempt).
    fn refused(n: u32, row: Waiting) -> Waiting {
        Waiting {
            refusals: n,
            attempts: row.attempts.max(n),
            ..row
        }
    }

    fn ids(p: &Plan) -> Vec<Vec<Vec<i64>>> {
        p.batches
            .iter()
            .map(|b| b.units.iter().map(|u| u.outbox_ids.clone()).collect())
            .collect()
    }

    use Kind::*;

    #[test]
    fn plans_follow_the_case_table() {
        let policy = Policy {
            batch_units: 2,
            ..Policy::default()
        };
        struct Case {
            name: &'static str,
            rows: Vec<Waiting>,
            trigger: Trigger,
            last_scheduled: Option<&'static str>,
            batches: Vec<Vec<Vec<i64>>>,
            held: usize,
            next_run: Option<&'static str>,
        }
        let cases = vec![
            Case {
                name: "nothing waiting: an empty plan",
                rows: vec![],
                trigger: Trigger::Scheduled,
                last_scheduled: None,
                batches: vec![],
                held: 0,
                next_run: None,
            },
            Case {
                name: "a report goes with its alerts, in one unit",
                rows: vec![
                    w(1, Report, 10, None, false, 0, None),
                    w(2, Alert, 100, Some(10), false, 0, None),
                    w(3, Alert, 101, Some(10), false, 0, None),
                ],
                trigger: Trigger::Scheduled,
                last_scheduled: None,
                batches: vec![vec![vec![1, 2, 3]]],
                held: 0,
                next_run: None,
            },
            Case {
                name: "a check-in goes with its alerts; a report's alert with the same row id does not join it",
                rows: vec![
                    w(1, Checkin, 10, None, false, 0, None),
                    w(2, CheckinAlert, 100, Some(10), false, 0, None),
                    w(3, Alert, 101, Some(10), false, 0, None),
                    w(4, CheckinAlert, 102, Some(11), false, 0, None),
                ],
                trigger: Trigger::Scheduled,
                last_scheduled: None,
                batches: vec![vec![vec![1, 2], vec![3]], vec![vec![4]]],
                held: 0,
                next_run: None,
            },
            Case {
                name: "a lab result goes with its lab-only alerts; a report's alert with the same row id does not join it",
                rows: vec![
                    w(1, Lab, 10, None, false, 0, None),
                    w(2, LabAlert, 100, Some(10), false, 0, None),
                    w(3, Alert, 101, Some(10), false, 0, None),
                    w(4, LabAlert, 102, Some(11), false, 0, None),
                ],
                trigger: Trigger::Scheduled,
                last_scheduled: None,
                batches: vec![vec![vec![1, 2], vec![3]], vec![vec![4]]],
                held: 0,
                next_run: None,
            },
            Case {
                name: "red goes first and alone, even when the schedule is not due",
                rows: vec![
                    w(1, Report, 10, None, false, 0, None),
                    w(2, Lab, 5, None, false, 0, None),
                    w(3, Report, 11, None, true, 0, None),
                    w(4, Alert, 102, Some(11), true, 0, None),
                    w(5, Alert, 103, Some(11), false, 0, None),
                ],
                trigger: Trigger::Scheduled,
                last_scheduled: Some("2026-11-27T11:30:00Z"),
                batches: vec![vec![vec![3, 4, 5]]],
                held: 2,
                next_run: Some("2026-11-27T12:30:00Z"),
            },
            Case {
                name: "schedule due: urgent first, then batches of two units in outbox order",
                rows: vec![
                    w(1, Report, 10, None, false, 0, None),
                    w(2, Lab, 5, None, false, 0, None),
                    w(3, Report, 11, None, true, 0, None),
                    w(4, Alert, 102, Some(11), true, 0, None),
                    w(6, Report, 12, None, false, 0, None),
                ],
                trigger: Trigger::Scheduled,
                last_scheduled: Some("2026-11-27T11:00:00Z"),
                batches: vec![vec![vec![3, 4]], vec![vec![1], vec![2]], vec![vec![6]]],
                held: 0,
                next_run: None,
            },
            Case {
                name: "an alert whose report was already sent travels alone",
                rows: vec![w(7, Alert, 104, Some(9), false, 0, None)],
                trigger: Trigger::SendNow,
                last_scheduled: Some("2026-11-27T11:59:00Z"),
                batches: vec![vec![vec![7]]],
                held: 0,
                next_run: None,
            },
            Case {
                name: "A-NO-REPORT travels alone, as an amber alert: with the schedule",
                rows: vec![
                    w(1, Report, 10, None, false, 0, None),
                    w(2, NoReport, 3, None, false, 0, None),
                ],
                trigger: Trigger::Scheduled,
                last_scheduled: Some("2026-11-27T11:30:00Z"),
                batches: vec![],
                held: 2,
                next_run: Some("2026-11-27T12:30:00Z"),
            },
            Case {
                name: "A-NO-REPORT on schedule: a unit of its own",
                rows: vec![
                    w(1, Report, 10, None, false, 0, None),
                    w(2, NoReport, 10, None, false, 0, None),
                ],
                trigger: Trigger::Scheduled,
                last_scheduled: Some("2026-11-27T11:00:00Z"),
                batches: vec![vec![vec![1], vec![2]]],
                held: 0,
                next_run: None,
            },
            Case {
                name: "a failed row waits its retry delay (1 min, 2 min, 4 min …)",
                rows: vec![
                    w(1, Report, 10, None, false, 3, Some("2026-11-27T11:57:00Z")),
                    w(2, Report, 11, None, false, 1, Some("2026-11-27T11:58:00Z")),
                ],
                trigger: Trigger::Scheduled,
                last_scheduled: None,
                batches: vec![vec![vec![2]]],
                held: 1,
                next_run: Some("2026-11-27T12:01:00Z"),
            },
            Case {
                name: "urgent retries are capped at two minutes",
                rows: vec![w(
                    1,
                    Report,
                    10,
                    None,
                    true,
                    9,
                    Some("2026-11-27T11:58:30Z"),
                )],
                trigger: Trigger::Scheduled,
                last_scheduled: None,
                batches: vec![],
                held: 1,
                next_run: Some("2026-11-27T12:00:30Z"),
            },
            Case {
                name: "Send now ignores the schedule and the retry delay",
                rows: vec![
                    w(1, Report, 10, None, false, 5, Some("2026-11-27T11:59:00Z")),
                    w(2, Lab, 5, None, false, 0, None),
                ],
                trigger: Trigger::SendNow,
                last_scheduled: Some("2026-11-27T11:59:00Z"),
                batches: vec![vec![vec![1], vec![2]]],
                held: 0,
                next_run: None,
            },
        ];
        for c in cases {
            let p = plan(&c.rows, c.trigger, c.last_scheduled.map(t), &policy, t(NOW));
            assert_eq!(ids(&p), c.batches, "{}", c.name);
            assert_eq!(p.held, c.held, "{}", c.name);
            assert_eq!(p.next_run, c.next_run.map(t), "{}", c.name);
            assert!(
                p.batches.iter().take_while(|b| b.urgent).count()
                    == p.batches.iter().filter(|b| b.urgent).count(),
                "{}: urgent batches come first",
                c.name
            );
        }
    }

    #[test]
    fn units_refused_again_and_again_are_set_aside_and_the_rest_flows() {
        struct Case {
            name: &'static str,
            rows: Vec<Waiting>,
            trigger: Trigger,
            batches: Vec<Vec<Vec<i64>>>,
            set_aside: Vec<Vec<i64>>,
            held: usize,
        }
        let last = Some("2026-11-27T11:59:00Z");
        let cases = vec![
            Case {
                name: "refused twice: it waits its retry delay, not set aside",
                rows: vec![refused(2, w(1, Report, 10, None, false, 0, last))],
                trigger: Trigger::Scheduled,
                batches: vec![],
                set_aside: vec![],
                held: 1,
            },
            Case {
                name: "refused twice: Send now tries it again",
                rows: vec![refused(2, w(1, Report, 10, None, false, 0, last))],
                trigger: Trigger::SendNow,
                batches: vec![vec![vec![1]]],
                set_aside: vec![],
                held: 0,
            },
            Case {
                name: "refused three times: set aside with its alerts, even on Send now",
                rows: vec![
                    refused(3, w(1, Report, 10, None, false, 0, last)),
                    w(2, Alert, 100, Some(10), false, 3, last),
                    w(3, Lab, 5, None, false, 0, None),
                ],
                trigger: Trigger::SendNow,
                batches: vec![vec![vec![3]]],
                set_aside: vec![vec![1, 2]],
                held: 0,
            },
            Case {
                name: "a red report still goes at once behind a set-aside one",
                rows: vec![
                    refused(3, w(1, Report, 10, None, false, 0, last)),
                    w(4, Report, 11, None, true, 0, None),
                    w(5, Alert, 101, Some(11), true, 0, None),
                ],
                trigger: Trigger::Scheduled,
                batches: vec![vec![vec![4, 5]]],
                set_aside: vec![vec![1]],
                held: 0,
            },
            Case {
                name: "a red unit refused three times is set aside too: it cannot block the others",
                rows: vec![
                    refused(3, w(4, Report, 11, None, true, 0, last)),
                    w(5, Alert, 101, Some(11), true, 3, last),
                    w(6, Report, 12, None, true, 0, None),
                ],
                trigger: Trigger::Scheduled,
                batches: vec![vec![vec![6]]],
                set_aside: vec![vec![4, 5]],
                held: 0,
            },
            Case {
                name: "an alert refused alone (its report sent before) is set aside alone",
                rows: vec![
                    refused(4, w(7, Alert, 104, Some(9), false, 0, last)),
                    w(8, Alert, 105, Some(9), false, 0, None),
                ],
                trigger: Trigger::SendNow,
                batches: vec![vec![vec![8]]],
                set_aside: vec![vec![7]],
                held: 0,
            },
            Case {
                name: "network failures alone never set a unit aside",
                rows: vec![w(1, Report, 10, None, false, 12, last)],
                trigger: Trigger::SendNow,
                batches: vec![vec![vec![1]]],
                set_aside: vec![],
                held: 0,
            },
        ];
        for c in cases {
            let p = plan(&c.rows, c.trigger, None, &Policy::default(), t(NOW));
            assert_eq!(ids(&p), c.batches, "{}", c.name);
            let aside: Vec<Vec<i64>> = p.set_aside.iter().map(|u| u.outbox_ids.clone()).collect();
            assert_eq!(aside, c.set_aside, "{}", c.name);
            assert_eq!(p.held, c.held, "{}", c.name);
            if !c.set_aside.is_empty() && c.held == 0 {
                assert_eq!(p.next_run, None, "{}: set aside is not held", c.name);
            }
        }
    }

    #[test]
    fn the_stores_outbox_rows_plan_red_first_with_their_alerts() {
        use diary_core::model::{Level, Report, Sign};
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap();
        let mut d = diary_core::store::Diary::open_in_memory().unwrap();
        d.add_report(Report::new(at("2026-11-20T08:00:00+05:00")), t(NOW))
            .unwrap();
        let mut red = Report::new(at("2026-11-21T08:00:00+05:00"));
        red.temperature_c = Some(39.0);
        red.signs = vec![Sign::Shivering];
        let hot = d.add_report(red, t(NOW)).unwrap();
        assert_eq!(hot.triage.level, Level::Red);
        // The schedule ran a minute ago: only the red report and its alerts go now.
        let p = plan(
            &d.sync_waiting().unwrap(),
            Trigger::Scheduled,
            Some(t(NOW) - Duration::minutes(1)),
            &Policy::default(),
            t(NOW),
        );
        assert_eq!(p.batches.len(), 1);
        assert!(p.batches[0].urgent);
        assert_eq!(p.held, 1);
        let payloads = d.sync_payloads(&p.batches[0].units[0].outbox_ids).unwrap();
        assert_eq!(payloads.len(), 1 + hot.triage.alerts.len());
        assert!(matches!(&payloads[0].1, Payload::Report(s) if s.id == hot.id));
        assert!(payloads[1..]
            .iter()
            .all(|(_, p)| matches!(p, Payload::Alert(_, s) if s.id == hot.id)));
    }

    #[test]
    fn every_waiting_row_is_either_planned_once_or_held() {
        // A small exhaustive sweep: any mix of rows, any trigger.
        let now = t(NOW);
        for mask in 0u32..64 {
            let mut rows = Vec::new();
            for i in 0..6i64 {
                let kind = [Report, Alert, Lab][(i % 3) as usize];
                let report_id = if kind == Alert { Some(i - 1) } else { None };
                let urgent = mask & (1 << i) != 0;
                let row = w(
                    i + 1,
                    kind,
                    i,
                    report_id,
                    urgent,
                    (i % 2) as u32,
                    Some("2026-11-27T11:59:50Z"),
                );
                // Some rows refused up to the limit and past it.
                rows.push(refused(((mask >> i) + i as u32) % 5, row));
            }
            for trigger in [Trigger::Scheduled, Trigger::SendNow] {
                let p = plan(&rows, trigger, None, &Policy::default(), now);
                let mut seen: Vec<i64> = p
                    .batches
                    .iter()
                    .flat_map(|b| b.units.iter().flat_map(|u| u.outbox_ids.clone()))
                    .collect();
                seen.extend(p.set_aside.iter().flat_map(|u| u.outbox_ids.clone()));
                assert_eq!(seen.len() + p.held, rows.len());
                seen.sort();
                seen.dedup();
                assert_eq!(seen.len() + p.held, rows.len(), "no row twice");
            }
        }
    }

    #[test]
    fn retry_delays_double_up_to_the_cap() {
        let base = Duration::seconds(1);
        let cap = Duration::seconds(10);
        let table = [(0, 0), (1, 1), (2, 2), (3, 4), (4, 8), (5, 10), (40, 10)];
        for (attempts, secs) in table {
            assert_eq!(
                retry_delay(attempts, base, cap),
                Duration::seconds(secs),
                "{attempts}"
            );
        }
    }

    #[test]
    fn weekly_summaries_wait_for_the_week_to_end_and_for_its_reports() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let weeks = [
            DirtyWeek {
                start: d("2026-11-09"),
                offset_s: 0,
            },
            DirtyWeek {
                start: d("2026-11-16"),
                offset_s: 5 * 3600,
            },
            DirtyWeek {
                start: d("2026-11-23"),
                offset_s: 0,
            },
        ];
        // Week of 16 Nov in +05:00 ends 2026-11-22T19:00Z.
        let cases = [
            ("2026-11-22T18:59:59Z", vec![], vec!["2026-11-09"]),
            (
                "2026-11-22T19:00:00Z",
                vec![],
                vec!["2026-11-09", "2026-11-16"],
            ),
            (
                "2026-11-27T12:00:00Z",
                vec!["2026-11-09"],
                vec!["2026-11-16"],
            ),
        ];
        for (now, waiting, due) in cases {
            let waiting: Vec<NaiveDate> = waiting.into_iter().map(d).collect();
            let got: Vec<NaiveDate> = weeks_due(&weeks, &waiting, t(now))
                .into_iter()
                .map(|w| w.start)
                .collect();
            let due: Vec<NaiveDate> = due.into_iter().map(d).collect();
            assert_eq!(got, due, "{now}");
        }
    }
}
