//! Plausible diary data for the triage bench and the speed example: daily reports and
//! weekly lab sheets that vary with the day, and the profile they are judged with. It
//! exists so that both measure the same diary; each includes this file as a module.

#![allow(dead_code)]

use chrono::{DateTime, Duration, FixedOffset};
use diary_core::model::{LabResult, LabTest, LabUnit, Profile, Rating, Report, Sign, Therapy};

/// The instant of the newest report.
pub fn end() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-20T08:30:00+05:00").unwrap()
}

/// A plausible daily report at `at`, varying with `n`.
pub fn report_at(at: DateTime<FixedOffset>, n: i64) -> Report {
    let mut r = Report::new(at);
    let k = (n % 5) as u8;
    for (i, item) in Rating::ALL.iter().enumerate() {
        if i < 8 {
            r.ratings.insert(*item, (k + i as u8) % 4);
        }
    }
    r.stools_above_usual = Some((n % 4) as u32);
    r.vomiting_episodes = Some((n % 3) as u32);
    r.temperature_c = Some(36.5 + (n % 7) as f64 * 0.2);
    r.weight_kg = Some(64.0 + (n % 6) as f64 * 0.5);
    if n % 11 == 0 {
        r.signs.push(Sign::DarkUrine);
    }
    r
}

/// One lab sheet (bilirubin, ALT, platelets) `days` before the newest report.
pub fn lab_sheet(days: i64) -> Vec<LabResult> {
    let taken_on = end().date_naive() - Duration::days(days);
    let lab = |test, value, unit, ref_low, ref_high| LabResult {
        id: None,
        taken_on,
        test,
        value,
        unit,
        ref_low,
        ref_high,
        baseline: None,
    };
    vec![
        lab(
            LabTest::Bilirubin,
            18.0 + (days % 9) as f64 * 4.0,
            LabUnit::UmolPerL,
            Some(3.0),
            Some(21.0),
        ),
        lab(
            LabTest::Alt,
            30.0 + (days % 13) as f64 * 10.0,
            LabUnit::UPerL,
            Some(7.0),
            Some(40.0),
        ),
        lab(
            LabTest::Platelets,
            90.0 + (days % 10) as f64 * 20.0,
            LabUnit::E9PerL,
            Some(150.0),
            Some(400.0),
        ),
    ]
}

/// The profile the reports are judged with.
pub fn profile() -> Profile {
    Profile {
        therapies: vec![Therapy::Capecitabine, Therapy::Cdk46Inhibitor],
        usual_stools_per_day: Some(1),
        baseline_weight_kg: Some(66.0),
        biliary_stent: Some(true),
        fever_threshold_c: None,
        office_hours: None,
    }
}
