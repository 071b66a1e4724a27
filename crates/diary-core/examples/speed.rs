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

use chrono::{Duration, FixedOffset, Utc};
use diary_core::json;
use diary_core::model::{Document, Profile};
use diary_core::store::Diary;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[path = "../benches/plausible/mod.rs"]
mod plausible;

use plausible::{end, lab_sheet, profile, report_at};

/// Ten years of daily reports.
const DAYS: i64 = 3650;

/// Ten years: a report every day and a lab sheet every week.
fn ten_years() -> Document {
    Document {
        diary_id: None,
        profile: profile(),
        reports: (0..DAYS)
            .rev()
            .map(|d| report_at(end() - Duration::days(d), d))
            .collect(),
        labs: (0..DAYS).step_by(7).flat_map(lab_sheet).collect(),
        checkins: vec![],
        courses: vec![],
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
        courses: vec![],
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
