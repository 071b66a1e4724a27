//! The measuring half of `scripts/bench.sh`: how long the diary's own work takes beside a
//! bare baseline, on a real file on disk. It exists because the criterion benches
//! (`benches/triage.rs`) time triage in memory, while what a person waits for is a save
//! that reaches the disk and a screen's queries on a diary years long. It asserts nothing
//! and is never run by the tests: it prints raw figures as CSV lines
//! (`measure,variant,run,sample,ms`) and `scripts/bench.sh` turns them into the table.
//!
//! ```text
//! cargo run --release -p diary-core --example speed -- save DIR RUNS SAVES
//! cargo run --release -p diary-core --example speed -- query DIR RUNS
//! cargo run --release -p diary-core --example speed -- document FILE
//! ```

use chrono::{DateTime, Duration, FixedOffset, Utc};
use diary_core::json;
use diary_core::model::{
    Document, LabResult, LabTest, LabUnit, Profile, Rating, Report, Sign, Therapy,
};
use diary_core::store::Diary;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Ten years of daily reports.
const DAYS: i64 = 3650;

/// The instant of the newest report of the ten-year diary.
fn end() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-20T08:30:00+05:00").unwrap()
}

/// A plausible daily report at `at`, varying with `n` (the same shape as the triage bench).
fn report_at(at: DateTime<FixedOffset>, n: i64) -> Report {
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

/// Ten years: a report every day and a lab sheet every week.
fn ten_years() -> Document {
    Document {
        diary_id: None,
        profile: Profile {
            therapies: vec![Therapy::Capecitabine, Therapy::Cdk46Inhibitor],
            usual_stools_per_day: Some(1),
            baseline_weight_kg: Some(66.0),
            biliary_stent: Some(true),
            fever_threshold_c: None,
        },
        reports: (0..DAYS)
            .rev()
            .map(|d| report_at(end() - Duration::days(d), d))
            .collect(),
        labs: (0..DAYS).step_by(7).flat_map(lab_sheet).collect(),
        checkins: vec![],
    }
}

fn ms(start: Instant) -> f64 {
    start.elapsed().as_secs_f64() * 1000.0
}

fn row(measure: &str, variant: &str, run: usize, sample: usize, value: f64) {
    println!("{measure},{variant},{run},{sample},{value:.4}");
}

/// A save through diary-core against a bare one-row insert with the same pragmas, in the
/// same folder, run after run side by side.
fn save(dir: &Path, runs: usize, saves: usize) {
    let mut diary = Diary::open(&dir.join("save.sqlite")).expect("a diary");
    let bare = rusqlite::Connection::open(dir.join("bare.sqlite")).expect("a bare database");
    bare.pragma_update(None, "journal_mode", "WAL").unwrap();
    bare.pragma_update(None, "synchronous", "FULL").unwrap();
    bare.pragma_update(None, "foreign_keys", "ON").unwrap();
    bare.execute_batch(
        "CREATE TABLE IF NOT EXISTS reports (id INTEGER PRIMARY KEY, recorded_utc TEXT NOT NULL, body TEXT NOT NULL)",
    )
    .unwrap();
    let offset = FixedOffset::east_opt(5 * 3600).unwrap();
    let first = (Utc::now() - Duration::days(60)).with_timezone(&offset);
    let body = json::to_json(&Document {
        diary_id: None,
        profile: Profile::default(),
        reports: vec![report_at(first, 1)],
        labs: vec![],
        checkins: vec![],
    });
    let mut n = 0i64;
    for run in 0..runs {
        for sample in 0..saves {
            let t = Instant::now();
            bare.execute(
                "INSERT INTO reports (recorded_utc, body) VALUES (?1, ?2)",
                rusqlite::params![Utc::now().to_rfc3339(), body],
            )
            .unwrap();
            row("save", "bare", run, sample, ms(t));
        }
        for sample in 0..saves {
            n += 1;
            let report = report_at(first + Duration::minutes(5 * n), n);
            let t = Instant::now();
            diary
                .add_report(report, Utc::now())
                .expect("a saved report");
            row("save", "diary", run, sample, ms(t));
        }
    }
}

/// The trends and history screens' queries on a ten-year diary.
fn query(dir: &Path, runs: usize) {
    let path = dir.join("ten-years.sqlite");
    let _ = std::fs::remove_file(&path);
    let mut diary = Diary::open(&path).expect("a diary");
    let t = Instant::now();
    diary
        .import(&ten_years(), Utc::now())
        .expect("the ten-year diary");
    eprintln!("speed: ten-year diary imported in {:.1} s", ms(t) / 1000.0);
    let since = (end() - Duration::days(90)).with_timezone(&Utc);
    for run in 0..runs {
        for sample in 0..20 {
            let t = Instant::now();
            let got = diary.reports_since(since).unwrap();
            row("trends90", "diary", run, sample, ms(t));
            assert!(got.len() >= 90, "90 days of reports, got {}", got.len());
            let t = Instant::now();
            let reports = diary.recent_reports(200).unwrap();
            let alerts = diary.alert_history(200).unwrap();
            row("history", "diary", run, sample, ms(t));
            std::hint::black_box((reports, alerts));
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number =
        |i: usize, default: usize| args.get(i).and_then(|a| a.parse().ok()).unwrap_or(default);
    match args.first().map(String::as_str) {
        Some("save") => save(&PathBuf::from(&args[1]), number(2, 7), number(3, 40)),
        Some("query") => query(&PathBuf::from(&args[1]), number(2, 7)),
        Some("document") => {
            std::fs::write(&args[1], json::to_json(&ten_years())).expect("the document written")
        }
        _ => {
            eprintln!("usage: speed save DIR [RUNS SAVES] | query DIR [RUNS] | document FILE");
            std::process::exit(2);
        }
    }
}
