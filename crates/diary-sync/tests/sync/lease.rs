//! One sync run at a time, across connections: the app and `diary sync` (here two
//! threads, each with its own `Diary::open` of the same file, each saving reports and then
//! syncing at the same moment) never send the same rows twice. The diary's sync lease
//! stops the second run with `sync_running`, sending nothing; afterwards the real FHIR
//! server holds exactly one Patient and no resource twice.

use super::{assert_complete, config, diary_of, now, patient_id};
use chrono::{DateTime, Duration};
use diary_core::model::*;
use diary_core::store::{Diary, KeyPolicy};
use fhir_test_server::Hfs;
use std::sync::{Arc, Barrier};

#[test]
fn two_processes_saving_and_syncing_at_once_send_nothing_twice() {
    let hfs = fhir_test_server::start_or_skip!(Hfs::start());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("diary.sqlite");
    // A backlog, so a run lasts long enough for the other to meet it.
    drop(diary_of(60, &path));
    let cfg = config(&hfs.base(), "MRN-LEASE");
    let start = Arc::new(Barrier::new(2));
    let runs: Vec<_> = (0..2)
        .map(|who| {
            let (path, cfg, start) = (path.clone(), cfg.clone(), start.clone());
            std::thread::spawn(move || {
                let mut d = Diary::open_with(&path, KeyPolicy::KeyFile).unwrap();
                for n in 0..2 {
                    let at = DateTime::parse_from_rfc3339("2026-11-27T08:00:00+05:00").unwrap()
                        + Duration::minutes(10 * (2 * who + n));
                    let mut r = Report::new(at);
                    r.ratings.insert(Rating::Pain, 1);
                    d.add_report(r, now()).unwrap();
                }
                start.wait();
                diary_sync::sync_now(&mut d, &cfg, now())
            })
        })
        .collect();
    let results: Vec<_> = runs.into_iter().map(|t| t.join().unwrap()).collect();
    let mut sent = 0;
    let mut stopped = 0;
    for r in &results {
        match r {
            Ok(report) => {
                assert!(report.errors.is_empty(), "{:?}", report.errors);
                sent += report.sent.len();
            }
            Err(e) => {
                assert_eq!(e.code(), "sync_running", "{e}");
                assert!(e.to_string().starts_with("another sync is running"), "{e}");
                stopped += 1;
            }
        }
    }
    assert!(stopped <= 1, "one run always gets the lease");
    println!("two runs at once: {stopped} stopped with sync_running");

    // The lease was given back: a later run is not stopped, and sends what is left.
    let mut d = Diary::open_with(&path, KeyPolicy::KeyFile).unwrap();
    let r = diary_sync::sync_now(&mut d, &cfg, now()).unwrap();
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    sent += r.sent.len();
    // Each outbox row was sent by exactly one run (both completing is allowed only
    // without overlap).
    let rows: usize = super::raw(&path)
        .query_row("SELECT count(*) FROM outbox", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        sent, rows,
        "rows sent by the runs, against the outbox's rows"
    );
    // One Patient, every resource once (on_server asserts no identifier twice), all there.
    let pid = patient_id(&hfs.base(), "MRN-LEASE");
    assert_complete(&hfs.base(), &pid, &d);
    assert_eq!(d.report_count().unwrap(), 64);
}

#[test]
fn a_run_meeting_a_live_lease_sends_nothing_and_an_expired_one_is_taken_over() {
    let hfs = fhir_test_server::start_or_skip!(Hfs::start());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("diary.sqlite");
    let mut d = diary_of(5, &path);
    let waiting = d.outbox_waiting().unwrap();
    let cfg = config(&hfs.base(), "MRN-LEASE-2");
    // Another process holds the lease (its run was killed, say) until 10 minutes on.
    let mut other = Diary::open_with(&path, KeyPolicy::KeyFile).unwrap();
    other
        .take_sync_lease("other-process", now(), Duration::minutes(10))
        .unwrap();
    let e = diary_sync::sync_now(&mut d, &cfg, now()).unwrap_err();
    assert_eq!(e.code(), "sync_running");
    assert_eq!(d.outbox_waiting().unwrap(), waiting, "nothing was sent");
    assert!(fhir_test_server::search(
        &hfs.base(),
        &format!(
            "Patient?identifier={}|MRN-LEASE-2",
            diary_core::store::DEFAULT_PATIENT_SYSTEM
        )
    )
    .is_empty());
    // Ten minutes on, the lease has expired: the next run takes it over and sends.
    let later = now() + Duration::minutes(10);
    let r = diary_sync::sync_now(&mut d, &cfg, later).unwrap();
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(d.outbox_waiting().unwrap(), 0);
}
