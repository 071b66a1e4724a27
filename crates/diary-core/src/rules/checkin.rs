//! The weekly check-in's rules (warning-signs-v2.md, *Weekly check-in*): self-harm
//! thoughts, a fall in function, mood, eating, social life and caregiver strain. It exists
//! apart from the report rules because a check-in is judged on its own, against the previous
//! check-in rather than the week of reports, and never escalates to red.

use super::collector::Collector;
use crate::model::Triage;
use crate::model::{Checkin, RuleId, Subject};
use crate::model::{Fact, MoodScale};
use chrono::Duration;

/// How far back the previous check-in may lie: [t − 28 days, t).
pub const CHECKIN_WINDOW_DAYS: i64 = 28;

/// The previous check-in of `target` in `history`: the newest one (of any reporter) whose
/// `answered_at` lies in [t − 28 × 24 h, t), t being `target`'s instant; of several at the
/// newest such instant, the later in `history`. `history` may hold `target` itself.
pub fn previous_checkin<'a>(history: &'a [Checkin], target: &Checkin) -> Option<&'a Checkin> {
    let t = target.answered_at;
    let start = t - Duration::days(CHECKIN_WINDOW_DAYS);
    let mut best: Option<&Checkin> = None;
    for c in history {
        if c.answered_at < start || c.answered_at >= t {
            continue;
        }
        match best {
            Some(b) if b.answered_at > c.answered_at => {}
            _ => best = Some(c),
        }
    }
    best
}

/// Triages one check-in against its previous one ([`previous_checkin`]). The level is the
/// highest of its alerts, `none` without any; R-TWO-AMBER does not apply.
pub fn triage_checkin(history: &[Checkin], target: &Checkin) -> Triage {
    let previous = previous_checkin(history, target);
    let mut out = Collector::default();

    if target.self_harm_thoughts == Some(true) {
        out.fire(
            RuleId::ASelfHarm,
            Subject::Mood,
            "thoughts of being better off dead or of self-harm: yes".into(),
            vec![Fact::SelfHarm],
            None,
        );
    }
    let function = target.function;
    match previous {
        Some(p) if function >= 3 && function >= p.function + 2 => out.fire(
            RuleId::AFunction,
            Subject::Function,
            format!(
                "function {function} ≥ 3, {} above the previous check-in's {} (≥ 2)",
                function - p.function,
                p.function
            ),
            vec![Fact::FunctionFell {
                value: function,
                before: p.function,
            }],
            None,
        ),
        None if function == 4 => out.fire(
            RuleId::AFunction,
            Subject::Function,
            "function 4 = 4, no previous check-in in the last 28 days".into(),
            vec![Fact::FunctionWorst],
            None,
        ),
        _ => {}
    }
    for (scale, total) in [
        (MoodScale::Phq2, target.phq2_total()),
        (MoodScale::Gad2, target.gad2_total()),
    ] {
        if let Some(total) = total.filter(|t| *t >= 3) {
            out.fire(
                RuleId::GMood,
                Subject::Mood,
                format!("{} total {total} ≥ 3", scale.name()),
                vec![Fact::MoodScore { scale, total }],
                Some("advice.mood"),
            );
        }
    }
    if target.eating >= 2 {
        out.fire(
            RuleId::GEating,
            Subject::Eating,
            format!("eating {} ≥ 2", target.eating),
            vec![Fact::Eating {
                value: target.eating,
            }],
            Some("advice.eating"),
        );
    }
    if target.social >= 3 {
        out.fire(
            RuleId::GSocial,
            Subject::Social,
            format!("social {} ≥ 3", target.social),
            vec![Fact::Social {
                value: target.social,
            }],
            Some("advice.social"),
        );
    }
    if let Some(strain) = target.caregiver_strain.filter(|s| *s >= 3) {
        out.fire(
            RuleId::GCaregiver,
            Subject::Caregiver,
            format!("caregiver strain {strain} ≥ 3"),
            vec![Fact::CaregiverStrain { value: strain }],
            Some("advice.caregiver"),
        );
    }
    out.finish()
}

/// Triages the newest check-in of `checkins` (greatest instant; on a tie, the later one)
/// against its previous one; `None` when there are none (diary-json-v2.md, `checkin`).
pub fn triage_checkins(checkins: &[Checkin]) -> Option<Triage> {
    let mut newest: Option<&Checkin> = None;
    for c in checkins {
        match newest {
            Some(n) if n.answered_at > c.answered_at => {}
            _ => newest = Some(c),
        }
    }
    newest.map(|target| triage_checkin(checkins, target))
}
