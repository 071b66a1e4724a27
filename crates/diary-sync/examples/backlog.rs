//! The sync half of `scripts/bench.sh`: how long sending a year's backlog to the care
//! team's FHIR server takes through diary-sync, beside raw POSTs of the very same
//! transaction bundles to a fresh server of the same kind. It exists so the cost of the
//! engine (patient lookup, planning, retries' bookkeeping, marking rows sent, the weekly
//! summaries and the seen check) is a measured ratio, not a guess. Both sides go through
//! the test harness's recording proxy in front of a real `hfs` (`fhir-test-server`; run
//! `eval "$(bash scripts/fhir-setup.sh)"` first). It asserts nothing about time and is
//! never run by the tests; it prints CSV lines `sync,variant,run,0,ms`.
//!
//! ```text
//! cargo run --release -p diary-sync --example backlog -- DIR RUNS
//! ```

use chrono::{DateTime, Duration, FixedOffset, TimeZone, Utc};
use diary_core::model::*;
use diary_core::store::{Diary, SyncSettings};
use diary_sync::client::Method;
use diary_sync::{Client, ClientOptions, SyncConfig};
use fhir_test_server::{search, Hfs, Proxy};
use std::path::Path;
use std::time::Instant;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 12, 0, 0).unwrap()
}

/// A year of daily reports ending yesterday, a lab sheet every four weeks, a fever with
/// rigors every 29 days (red): the same shape as the sync tests' year.
fn a_year(path: &Path) -> Diary {
    let days = 365;
    let off = FixedOffset::east_opt(5 * 3600).unwrap();
    let first = off.with_ymd_and_hms(2026, 11, 26, 8, 30, 0).unwrap() - Duration::days(days - 1);
    let mut doc = Document {
        diary_id: None,
        profile: Profile {
            therapies: vec![Therapy::Capecitabine],
            ..Profile::default()
        },
        ..Document::default()
    };
    for d in 0..days {
        let mut r = Report::new(first + Duration::days(d) + Duration::minutes(d % 60));
        r.ratings.insert(Rating::Fatigue, (d % 3) as u8);
        r.ratings.insert(Rating::Pain, (d % 2) as u8);
        r.ratings.insert(Rating::Itching, ((d / 3) % 2) as u8);
        r.ratings.insert(Rating::Jaundice, 0);
        r.ratings.insert(Rating::AppetiteLoss, ((d / 2) % 3) as u8);
        r.temperature_c = Some(36.4 + (d % 8) as f64 / 10.0);
        if d % 7 == 0 {
            r.weight_kg = Some(63.0 + (d % 20) as f64 / 10.0);
        }
        if d % 29 == 3 {
            r.temperature_c = Some(38.6);
            r.signs = vec![Sign::Shivering];
        }
        if d % 11 == 0 {
            r.note = Some(format!("day {d}: tired after the walk"));
        }
        doc.reports.push(r);
        if d % 28 == 1 {
            let day = (first + Duration::days(d)).date_naive();
            for (test, value, unit, low, high) in [
                (LabTest::Bilirubin, 14.0, LabUnit::UmolPerL, 3.0, 21.0),
                (LabTest::Platelets, 160.0, LabUnit::E9PerL, 150.0, 400.0),
            ] {
                doc.labs.push(LabResult {
                    id: None,
                    taken_on: day,
                    test,
                    value,
                    unit,
                    ref_low: Some(low),
                    ref_high: Some(high),
                    baseline: None,
                });
            }
        }
    }
    let mut diary = Diary::open(path).expect("a diary");
    diary.import(&doc, now()).expect("a year imported");
    diary
}

fn options(tries: u32) -> ClientOptions {
    ClientOptions {
        connect_timeout: std::time::Duration::from_secs(10),
        request_timeout: std::time::Duration::from_secs(300),
        max_tries: tries,
        ..ClientOptions::default()
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() {
        eprintln!("usage: backlog DIR [RUNS]");
        std::process::exit(2);
    }
    let dir = Path::new(&args[0]);
    let runs: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(3);
    for run in 0..runs {
        let path = dir.join(format!("year-{run}.sqlite"));
        let _ = std::fs::remove_file(&path);
        let mut diary = a_year(&path);

        let hfs = Hfs::start().unwrap_or_else(|why| panic!("{why}"));
        let proxy = Proxy::start(hfs.port);
        let mut config = SyncConfig::from_settings(
            &SyncSettings::default(),
            Some(&proxy.base()),
            Some("MRN-YEAR"),
            None,
        )
        .expect("a sync configuration");
        config.client = options(4);
        let t = Instant::now();
        let report = diary_sync::sync_now(&mut diary, &config, now()).expect("a sync run");
        let ours = t.elapsed().as_secs_f64() * 1000.0;
        assert!(
            report.errors.is_empty(),
            "the sync failed: {:?}",
            report.errors
        );
        let patients = search(
            &hfs.base(),
            &format!(
                "Patient?identifier={}|MRN-YEAR",
                diary_core::store::DEFAULT_PATIENT_SYSTEM
            ),
        );
        let pid = patients[0]["id"]
            .as_str()
            .expect("the patient's id")
            .to_string();
        let bundles = proxy.bundles();

        let raw_hfs = Hfs::start().unwrap_or_else(|why| panic!("{why}"));
        let raw_proxy = Proxy::start(raw_hfs.port);
        let raw = Client::new(&raw_proxy.base(), None, options(1)).expect("a client");
        raw.update(
            &serde_json::json!({"resourceType": "Patient", "id": pid, "active": true}),
            None,
        )
        .expect("the patient");
        let t = Instant::now();
        for b in &bundles {
            raw.request(Method::POST, "", &[], Some(b), &[])
                .expect("a raw POST");
        }
        let bare = t.elapsed().as_secs_f64() * 1000.0;
        eprintln!(
            "backlog: run {run}: {} bundles, diary sync {:.0} ms, raw POSTs {:.0} ms",
            bundles.len(),
            ours,
            bare
        );
        println!("sync,diary,{run},0,{ours:.1}");
        println!("sync,bare,{run},0,{bare:.1}");
    }
}
