//! Property tests of the triage engine: facts that must hold for every diary, not only for
//! the hand-written rows. The order of reports in a document never changes the result, a
//! report older than the window never changes it, and every result keeps the engine's own
//! promises (one alert per rule and subject, ordering, escalation, self-care standing back).

use super::*;
use crate::model::{LabTest, Rating, Sign, Therapy};
use chrono::NaiveDate;
use proptest::prelude::*;
use std::collections::BTreeSet;

/// The instant the generated reports count back from.
fn base() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-20T08:30:00+05:00").unwrap()
}

fn arb_profile() -> impl Strategy<Value = Profile> {
    (
        proptest::sample::subsequence(Therapy::ALL.to_vec(), 0..3),
        proptest::option::of(370u32..=390),
        proptest::option::of(550u32..700),
        any::<bool>(),
    )
        .prop_map(|(therapies, fever, weight, stent)| Profile {
            therapies,
            usual_stools_per_day: None,
            baseline_weight_kg: weight.map(|w| f64::from(w) / 10.0),
            biliary_stent: Some(stent),
            fever_threshold_c: fever.map(|f| f64::from(f) / 10.0),
            office_hours: None,
        })
}

fn arb_report() -> impl Strategy<Value = Report> {
    (
        0i64..(12 * 24 * 60),
        proptest::sample::select(vec![-5 * 3600, 0, 3 * 3600, 5 * 3600, 5 * 3600 + 1800]),
        proptest::collection::btree_map(
            proptest::sample::select(Rating::ALL.to_vec()),
            0u8..=4,
            0..6,
        ),
        proptest::option::of(0u32..9),
        proptest::option::of(0u32..8),
        proptest::option::of(350u32..400),
        proptest::option::of(600u32..700),
        proptest::sample::subsequence(Sign::ALL.to_vec(), 0..3),
    )
        .prop_map(
            |(minutes, offset, ratings, stools, vomits, temp, weight, signs)| {
                let offset = FixedOffset::east_opt(offset).unwrap();
                let at = (base() - Duration::minutes(minutes)).with_timezone(&offset);
                let mut r = Report::new(at);
                r.ratings = ratings;
                r.stools_above_usual = stools;
                r.vomiting_episodes = vomits;
                r.temperature_c = temp.map(|t| f64::from(t) / 10.0);
                r.weight_kg = weight.map(|w| f64::from(w) / 10.0);
                r.signs = signs;
                r
            },
        )
}

fn arb_lab() -> impl Strategy<Value = LabResult> {
    (
        proptest::sample::select(LabTest::ALL.to_vec()),
        0i64..14,
        1u32..400,
        any::<bool>(),
        proptest::option::of(1u32..200),
    )
        .prop_map(|(test, days, value, second_unit, baseline)| {
            let units = test.units();
            let unit = units[usize::from(second_unit) % units.len()];
            let (low, high) = match test {
                LabTest::Bilirubin => (3.0, 21.0),
                LabTest::Alt | LabTest::Ast => (7.0, 40.0),
                LabTest::Alp => (40.0, 120.0),
                LabTest::Albumin => (35.0, 50.0),
                LabTest::Platelets => (150.0, 400.0),
                LabTest::Neutrophils => (2.0, 7.5),
            };
            let scale = if test == LabTest::Neutrophils {
                50.0
            } else {
                1.0
            };
            LabResult {
                id: None,
                taken_on: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap() - Duration::days(days),
                test,
                value: f64::from(value) / scale,
                unit,
                ref_low: Some(low),
                ref_high: Some(high),
                baseline: baseline.map(f64::from),
            }
        })
}

/// A document whose reports have distinct instants (with two at one instant, which one is
/// triaged depends on the document's order by definition).
fn arb_doc() -> impl Strategy<Value = Document> {
    (
        arb_profile(),
        proptest::collection::vec(arb_report(), 1..25),
        proptest::collection::vec(arb_lab(), 0..6),
    )
        .prop_map(|(profile, reports, labs)| {
            let mut seen = BTreeSet::new();
            let reports = reports
                .into_iter()
                .filter(|r| seen.insert(r.recorded_at.timestamp()))
                .collect();
            Document {
                diary_id: None,
                profile,
                reports,
                labs,
                checkins: Vec::new(),
                courses: Vec::new(),
            }
        })
}

proptest! {
    #[test]
    fn report_order_never_changes_the_result(
        (doc, shuffled) in arb_doc().prop_flat_map(|doc| {
            let reports = doc.reports.clone();
            (Just(doc), Just(reports).prop_shuffle())
        })
    ) {
        let mut other = doc.clone();
        other.reports = shuffled;
        prop_assert_eq!(triage(&doc), triage(&other));
    }

    #[test]
    fn a_report_older_than_the_window_never_changes_the_result(
        doc in arb_doc(),
        old in arb_report(),
        extra_seconds in 1i64..(30 * 24 * 3600),
        position in any::<proptest::sample::Index>(),
    ) {
        let latest_at = doc.reports[latest(&doc.reports).unwrap()].recorded_at;
        let mut old = old;
        old.recorded_at = latest_at - Duration::hours(WINDOW_HOURS) - Duration::seconds(extra_seconds);
        let mut other = doc.clone();
        let at = position.index(other.reports.len() + 1);
        other.reports.insert(at, old);
        prop_assert_eq!(triage(&doc), triage(&other));
    }

    #[test]
    fn every_result_keeps_the_engines_promises(doc in arb_doc()) {
        let t = triage(&doc);
        prop_assert_eq!(t.ruleset.as_str(), RULESET_VERSION);
        prop_assert_eq!(t.level, t.alerts.iter().map(|a| a.level).max().unwrap_or(Level::None));
        let mut pairs = BTreeSet::new();
        for a in &t.alerts {
            prop_assert!(pairs.insert((a.rule, a.subject)), "{} twice", a.rule);
            let info = rule(a.rule);
            prop_assert_eq!(info.level, a.level);
            prop_assert!(
                matches!(info.evaluation, Evaluation::Triage | Evaluation::Labs),
                "{} is not a report rule",
                a.rule
            );
            prop_assert!(info.subjects.contains(&a.subject), "{} on {}", a.rule, a.subject);
            prop_assert!(!a.detail.is_empty());
            prop_assert!(!a.facts.is_empty(), "{} has no facts for the patient's words", a.rule);
        }
        let order: Vec<(std::cmp::Reverse<Level>, usize)> = t
            .alerts
            .iter()
            .map(|a| (std::cmp::Reverse(a.level), table::rule_index(a.rule)))
            .collect();
        prop_assert!(order.windows(2).all(|w| w[0] <= w[1]));
        let amber_subjects: BTreeSet<&str> = t
            .alerts
            .iter()
            .filter(|a| a.level == Level::Amber)
            .map(|a| a.subject.as_str())
            .collect();
        let escalated = t.alerts.iter().any(|a| a.rule == "R-TWO-AMBER");
        prop_assert_eq!(escalated, amber_subjects.len() >= 2);
        for a in t.alerts.iter().filter(|a| a.rule == "G-SELF-CARE") {
            prop_assert!(!t
                .alerts
                .iter()
                .any(|b| b.subject == a.subject && b.level >= Level::Amber));
            prop_assert!(a.advice_key.is_some());
        }
    }
}
