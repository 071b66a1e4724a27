//! The triage engine: the clinical reference's warning-sign rules (ruleset v2,
//! `shared/clinical/warning-signs-v2.md`) as pure functions of the profile, the reports,
//! the labs and the weekly check-ins. It exists so that the desktop app, the `diary check`
//! command and the tests all triage the same way, with no clock read anywhere: time is
//! always a parameter.
//!
//! - [`table`]: the rule table as data ([`RULES`]), the single place a care team reads.
//! - [`subjects`]: the reference's subject table, read by the engine and by sync.
//! - `symptoms`: the rules on ratings, counts, measurements and signs.
//! - [`labs`]: CTCAE v5.0 lab grading, the newest-result rule and Hy's law.
//! - `checkin`: the weekly check-in's rules.

mod checkin;
mod collector;
mod constants;
pub mod labs;
pub mod subjects;
mod symptoms;
pub mod table;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;

use crate::model::Fact;
use crate::model::{Alert, Document, LabResult, Level, Profile, Report, RuleId, Subject, Triage};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};
use std::collections::BTreeSet;

pub use checkin::{previous_checkin, triage_checkin, triage_checkins, CHECKIN_WINDOW_DAYS};
use collector::Collector;
pub use constants::*;
pub use subjects::{rating_subject, sign_subject, subject_of, subjects_of, Input};
pub use symptoms::{
    advice_for, advice_key, fever_threshold, rating_name, rating_word, PNEUMONITIS_THERAPIES,
};
pub use table::{rule, rules_markdown, Evaluation, RuleInfo, RULES};

/// Triages `target` against the earlier reports in `history` and the labs.
///
/// `history` may hold `target` itself and reports at the same instant or later: only the
/// reports recorded in [t − 168 h, t) count, t being `target`'s instant. A lab result
/// counts when taken from D − 7 days to D inclusive, D being `target`'s date in its own
/// offset, and only the newest result of each test is graded ([`labs::newest_per_test`]).
pub fn triage_report(
    profile: &Profile,
    history: &[Report],
    labs: &[LabResult],
    target: &Report,
) -> Triage {
    let t = target.recorded_at;
    let start = t - Duration::hours(WINDOW_HOURS);
    let window: Vec<&Report> = history
        .iter()
        .filter(|r| r.recorded_at >= start && r.recorded_at < t)
        .collect();
    let counted_labs = labs::newest_per_test(labs, t.date_naive());

    let mut out = Collector::default();
    symptoms::apply(profile, &window, target, &mut out);
    labs::apply(&counted_labs, &mut out);
    symptoms::self_care(profile, target, &mut out);
    escalate(&mut out);
    out.finish()
}

/// Lab-only triage (warning-signs-v2.md, *Lab-only triage*): the lab rules alone (A-LAB
/// and G-LAB), as of the day `as_of` (D, the newest `taken_on` entered): the results taken
/// from D − 7 days to D count, and of each test only the newest ([`labs::newest_per_test`]).
/// No symptom rule and no R-TWO-AMBER. The profile is taken so that the signature stays the
/// same as lab rules come to read it; ruleset v2's lab rules do not.
pub fn triage_labs(_profile: &Profile, labs: &[LabResult], as_of: NaiveDate) -> Triage {
    let counted = labs::newest_per_test(labs, as_of);
    let mut out = Collector::default();
    labs::apply(&counted, &mut out);
    out.finish()
}

/// The newest `taken_on` of `labs`: the day a lab-only triage is made as of.
pub fn newest_lab_day(labs: &[LabResult]) -> Option<NaiveDate> {
    labs.iter().map(|l| l.taken_on).max()
}

/// Triages the latest report of `doc` (greatest instant; on a tie, the later one in the
/// document). A document with labs and no reports is triaged lab-only as of its newest
/// `taken_on` ([`triage_labs`]); one with neither gives level `none` and no alerts.
/// Check-ins are triaged apart ([`triage_checkins`]).
pub fn triage(doc: &Document) -> Triage {
    match (latest(&doc.reports), newest_lab_day(&doc.labs)) {
        (Some(i), _) => triage_report(&doc.profile, &doc.reports, &doc.labs, &doc.reports[i]),
        (None, Some(day)) => triage_labs(&doc.profile, &doc.labs, day),
        (None, None) => Triage {
            level: Level::None,
            ruleset: RULESET_VERSION.to_string(),
            alerts: Vec::new(),
        },
    }
}

/// The index of the latest report: greatest instant, later in the document on a tie.
pub fn latest(reports: &[Report]) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (i, r) in reports.iter().enumerate() {
        match best {
            Some(b) if reports[b].recorded_at > r.recorded_at => {}
            _ => best = Some(i),
        }
    }
    best
}

/// A-NO-REPORT: an alert for the caregiver and the care team when reminders are on and no
/// report has been made for 72 hours (exactly 72 h counts). Without any report there is no
/// time to count from, so nothing is raised; a caller that knows when the diary was started
/// may pass that time as `last_report`. `triage` never raises this alert.
pub fn no_report_alert(
    last_report: Option<DateTime<FixedOffset>>,
    now: DateTime<Utc>,
    reminders_on: bool,
) -> Option<Alert> {
    if !reminders_on {
        return None;
    }
    let last = last_report?;
    let silent = now.signed_duration_since(last);
    if silent < Duration::hours(NO_REPORT_HOURS) {
        return None;
    }
    let hours = silent.num_hours();
    Some(Alert {
        rule: RuleId::ANoReport,
        level: table::rule(RuleId::ANoReport).level,
        subject: Subject::Reporting,
        detail: format!(
            "no report for {} days {} h ≥ 3 days (last report {})",
            hours / 24,
            hours % 24,
            last.to_rfc3339()
        ),
        message_key: format!("alert.{}", RuleId::ANoReport),
        advice_key: None,
        facts: vec![Fact::NoReport { days: hours / 24 }],
    })
}

/// R-TWO-AMBER: ambers on two or more different subjects make the report red.
fn escalate(out: &mut Collector) {
    // By name, as the detail lists them.
    let subjects: BTreeSet<(&str, Subject)> = out
        .alerts
        .iter()
        .filter(|a| a.level == Level::Amber)
        .map(|a| (a.subject.as_str(), a.subject))
        .collect();
    if subjects.len() >= 2 {
        let detail = format!(
            "amber alerts on {} subjects ({}) ≥ 2",
            subjects.len(),
            subjects
                .iter()
                .map(|(name, _)| *name)
                .collect::<Vec<_>>()
                .join(", ")
        );
        let facts = vec![Fact::SeveralAmbers {
            subjects: subjects.into_iter().map(|(_, s)| s).collect(),
        }];
        out.fire(RuleId::RTwoAmber, Subject::Escalation, detail, facts, None);
    }
}
