//! Benchmarks of the triage engine. They exist to show that triage stays instant for the
//! two cases the app meets: saving one report against a week of history, and triaging a
//! whole diary (`diary check` on a ten-year document, one report a day with weekly labs).
//!
//! Run with `cargo bench -p diary-core --bench triage -- --quick`.

use chrono::Duration;
use criterion::{criterion_group, criterion_main, Criterion};
use diary_core::json::{self, Clock};
use diary_core::model::{Document, LabResult, Report};
use diary_core::rules::{triage, triage_report};
use std::hint::black_box;

mod plausible;

use plausible::{lab_sheet, profile};

/// A plausible daily report `days` before the newest, varying with the day.
fn report(days: i64) -> Report {
    plausible::report_at(plausible::end() - Duration::days(days), days)
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
        courses: Vec::new(),
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
