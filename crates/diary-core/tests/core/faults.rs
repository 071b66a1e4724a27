//! Faults of the kind SQLite tests itself against, seen from outside the store: another
//! connection holding the write lock while a report is saved (the save waits, and after
//! its configured wait gives up with `diary_busy`, writing nothing), and a full disk
//! (`PRAGMA max_page_count`) during a save and an import (`disk_full`, nothing already
//! saved lost, the file still passes `integrity_check`, and the save works once there is
//! room), and a newer app upgrading the diary while this one opens it (the schema check
//! is inside the migration's transaction). Killing a writing process is the kill
//! harness's job (`crates/diary-core/examples/killtest.rs`, `scripts/kill-test.sh`).

use super::{now, raw};
use chrono::{DateTime, Duration};
use diary_core::model::*;
use diary_core::store::{Diary, KeyPolicy};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};

/// Report number `n` (a minute apart, all before [`now`]), with a note.
fn report(n: i64) -> Report {
    let at =
        DateTime::parse_from_rfc3339("2026-10-01T08:30:00+05:00").unwrap() + Duration::minutes(n);
    let mut r = Report::new(at);
    r.ratings.insert(Rating::Pain, (n % 3) as u8);
    r.ratings.insert(Rating::Fatigue, 1);
    r.note = Some(format!(
        "report {n}: {}",
        "walked to the shop and back. ".repeat(20)
    ));
    r
}

fn new_diary(dir: &Path) -> (PathBuf, Diary) {
    let path = dir.join("diary.sqlite");
    let d = Diary::open_with(&path, KeyPolicy::KeyFile).unwrap();
    (path, d)
}

/// Another connection takes the write lock and keeps it until told (or dropped); returns
/// once the lock is held.
fn hold_write_lock(
    path: &Path,
) -> (
    mpsc::Sender<()>,
    Arc<AtomicBool>,
    std::thread::JoinHandle<()>,
) {
    let (release, wait) = mpsc::channel::<()>();
    let (held, is_held) = mpsc::channel::<()>();
    let released = Arc::new(AtomicBool::new(false));
    let flag = released.clone();
    let c = raw(path);
    let t = std::thread::spawn(move || {
        c.execute_batch(
            "BEGIN IMMEDIATE; INSERT INTO settings (key, value) VALUES ('holder', '1');",
        )
        .unwrap();
        held.send(()).unwrap();
        let _ = wait.recv();
        flag.store(true, Ordering::SeqCst);
        c.execute_batch("COMMIT").unwrap();
    });
    is_held.recv().unwrap();
    (release, released, t)
}

#[test]
fn a_save_waits_for_a_busy_diary_and_then_saves() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut d) = new_diary(dir.path());
    d.add_report(report(0), now()).unwrap();
    let (release, released, holder) = hold_write_lock(&path);
    // The other writer lets go after 6 s (longer than the 5 s the diary used to wait);
    // the save (default wait, 30 s) waits for it.
    let letting_go = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_secs(6));
        release.send(()).unwrap();
    });
    let saved = d.add_report(report(1), now()).unwrap();
    assert!(
        released.load(Ordering::SeqCst),
        "the save went through only after the other writer committed"
    );
    letting_go.join().unwrap();
    holder.join().unwrap();
    assert_eq!(d.report_count().unwrap(), 2);
    assert_eq!(
        d.report(saved.id).unwrap().unwrap().report.note,
        report(1).note
    );
}

#[test]
fn a_save_that_waits_too_long_says_diary_busy_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut d) = new_diary(dir.path());
    d.add_report(report(0), now()).unwrap();
    let waiting = d.outbox_waiting().unwrap();
    d.set_busy_wait(std::time::Duration::from_millis(200))
        .unwrap();
    let (release, _, holder) = hold_write_lock(&path);
    let e = d.add_report(report(1), now()).unwrap_err();
    assert_eq!(e.code(), "diary_busy", "{e}");
    assert!(e.to_string().starts_with("the diary is busy"), "{e}");
    // Nothing half-written: reading works while the other writer holds the lock.
    assert_eq!(d.report_count().unwrap(), 1);
    assert_eq!(d.outbox_waiting().unwrap(), waiting);
    release.send(()).unwrap();
    holder.join().unwrap();
    // Pressing Save again, once the diary is free, saves the same report.
    d.add_report(report(1), now()).unwrap();
    assert_eq!(d.report_count().unwrap(), 2);
}

/// A full disk during `write`, which keeps writing until it fails: the error is
/// `disk_full` with plain words, what was saved before is all there, and the file passes
/// `integrity_check`.
fn check_full(d: &mut Diary, what: &str, write: impl Fn(&mut Diary, i64) -> Option<String>) {
    let before = d.report_count().unwrap();
    d.limit_pages_for_tests(Some(0)).unwrap();
    let mut code = None;
    let mut saved = 0;
    for n in 0..2000 {
        match write(d, n) {
            None => saved += 1,
            Some(c) => {
                code = Some(c);
                break;
            }
        }
    }
    assert_eq!(
        code.as_deref(),
        Some("disk_full"),
        "{what}: after {saved} saves"
    );
    assert_eq!(
        d.report_count().unwrap(),
        before + saved,
        "{what}: nothing lost"
    );
    d.integrity_check().unwrap();
}

#[test]
fn a_full_disk_during_a_save_loses_nothing_and_the_save_works_once_there_is_room() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut d) = new_diary(dir.path());
    for n in 0..20 {
        d.add_report(report(n), now()).unwrap();
    }
    check_full(&mut d, "save", |d, n| {
        d.add_report(report(100 + n), now()).err().map(|e| {
            if e.code() == "disk_full" {
                assert!(
                    e.to_string()
                        .starts_with("the disk is full: nothing was saved"),
                    "{e}"
                );
            }
            e.code().to_string()
        })
    });
    let n = d.report_count().unwrap();
    d.limit_pages_for_tests(None).unwrap();
    d.add_report(report(5000), now()).unwrap();
    assert_eq!(d.report_count().unwrap(), n + 1);
    d.integrity_check().unwrap();
}

#[test]
fn a_full_disk_during_an_import_writes_none_of_it() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut d) = new_diary(dir.path());
    for n in 0..20 {
        d.add_report(report(n), now()).unwrap();
    }
    let doc = Document {
        reports: (1000..1300).map(report).collect(),
        ..Document::default()
    };
    d.limit_pages_for_tests(Some(2)).unwrap();
    let e = d.import(&doc, now()).unwrap_err();
    assert_eq!(e.code(), "disk_full", "{e}");
    assert_eq!(d.report_count().unwrap(), 20, "all or nothing");
    d.integrity_check().unwrap();
    // Once there is room, the same import goes in whole.
    d.limit_pages_for_tests(None).unwrap();
    let summary = d.import(&doc, now()).unwrap();
    assert_eq!(summary.reports_added, 300);
    assert_eq!(d.report_count().unwrap(), 320);
    d.integrity_check().unwrap();
    // The outbox holds no row of the refused import: every row points at a saved report.
    let c = raw(&path);
    let orphans: i64 = c
        .query_row(
            "SELECT count(*) FROM outbox o WHERE o.kind = 'report' AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.id = o.ref_id)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphans, 0);
}

/// The schema check runs inside the migration's write transaction: a newer app that
/// upgrades the diary while this one is opening it (between this one's first look and its
/// migration) makes the open refuse with `newer_diary`, and the newer schema is left as
/// it is, never migrated over.
#[test]
fn a_diary_upgraded_by_a_newer_app_while_opening_is_refused_not_migrated_over() {
    let dir = tempfile::tempdir().unwrap();
    let (path, d) = new_diary(dir.path());
    let latest = d.schema_version().unwrap();
    drop(d);
    // One migration behind, so the open has something to migrate.
    let c = raw(&path);
    c.execute_batch(&format!(
        "DROP TABLE sync_lease; PRAGMA user_version = {};",
        latest - 1
    ))
    .unwrap();
    // The newer app has started its upgrade and not committed yet.
    c.execute_batch("BEGIN IMMEDIATE; PRAGMA user_version = 99; CREATE TABLE newer (x);")
        .unwrap();
    let opening = {
        let path = path.clone();
        std::thread::spawn(move || Diary::open_with(&path, KeyPolicy::KeyFile).map(|_| ()))
    };
    std::thread::sleep(std::time::Duration::from_secs(1));
    c.execute_batch("COMMIT").unwrap();
    let e = opening.join().unwrap().unwrap_err();
    assert_eq!(e.code(), "newer_diary", "{e}");
    let version: i64 = c
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 99, "left as the newer app made it");
    let lease_tables: i64 = c
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'sync_lease'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(lease_tables, 0, "no migration ran over the newer schema");
}
