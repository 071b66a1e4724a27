//! Benchmarks of the triage engine. They exist to show that triage stays instant for the
//! two cases the app meets: saving one report against a week of history, and triaging a
//! whole diary (`diary check` on a ten-year document, one report a day with weekly labs).
//!
//! Run with `cargo bench -p diary-core --bench triage -- --quick`.

use chrono::{DateTime, Duration, FixedOffset};
use criterion::{criterion_group, criterion_main, Criterion};
use diary_core::json::{self, Clock};
use diary_core::model::{
    Document, LabResult, LabTest, LabUnit, Profile, Rating, Report, Sign, Therapy,
};
use diary_core::rules::{triage, triage_report};
use std::hint::black_box;

/// The instant of the newest report.
fn end() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-20T08:30:00+05:00").unwrap()
}

/// A plausible daily report `days` before the newest, varying with the day.
fn report(days: i64) -> Report {
    let mut r = Report::new(end() - Duration::days(days));
    let k = (days % 5) as u8;
    for (i, item) in Rating::ALL.iter().enumerate() {
        if i < 8 {
            r.ratings.insert(*item, (k + i as u8) % 4);
        }
    }
    r.stools_above_usual = Some((days % 4) as u32);
    r.vomiting_episodes = Some((days % 3) as u32);
    r.temperature_c = Some(36.5 + (days % 7) as f64 * 0.2);
    r.weight_kg = Some(64.0 + (days % 6) as f64 * 0.5);
    if days % 11 == 0 {
        r.signs.push(Sign::DarkUrine);
    }
    r
}

/// One lab sheet (bilirubin, ALT, platelets) `days` before the newest report.
fn lab_sheet(days: i64) -> Vec<LabResult> {
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

fn profile() -> Profile {
    Profile {
        therapies: vec![Therapy::Capecitabine, Therapy::Cdk46Inhibitor],
        usual_stools_per_day: Some(1),
        baseline_weight_kg: Some(66.0),
        biliary_stent: Some(true),
        fever_threshold_c: None,
    }
}

fn benches(c: &mut Criterion) {
    // One report against a week of history and this week's labs.
    let week: Vec<Report> = (0..8).rev().map(report).collect();
    let target = week.last().unwrap().clone();
    let labs: Vec<LabResult> = lab_sheet(2);
    let profile = profile();
    c.bench_function("triage_report, one report, week of history", |b| {
        b.iter(|| {
            triage_report(
                black_box(&profile),
                black_box(&week),
                black_box(&labs),
                black_box(&target),
            )
        })
    });

    // A ten-year diary: one report a day, a lab sheet every week.
    let days = 3650;
    let doc = Document {
        diary_id: None,
        profile: profile.clone(),
        reports: (0..days).rev().map(report).collect(),
        labs: (0..days).step_by(7).flat_map(lab_sheet).collect(),
        checkins: Vec::new(),
    };
    c.bench_function("triage, ten-year document", |b| {
        b.iter(|| triage(black_box(&doc)))
    });

    // What `diary check FILE` does with the same diary written as JSON: read and validate
    // every field, then triage the latest report.
    let text = json::to_json(&doc);
    c.bench_function(
        "diary check, ten-year document (parse + validate + triage)",
        |b| {
            b.iter(|| {
                let parsed = json::parse_document(black_box(&text), Clock::Unchecked).unwrap();
                triage(&parsed)
            })
        },
    );
}

criterion_group! {
    name = triage_benches;
    config = Criterion::default().sample_size(20);
    targets = benches
}
criterion_main!(triage_benches);
