//! diary-core's one integration-test binary: the store and the interchange format seen
//! from outside, as the CLI and the app use them.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone, Utc};
use diary_core::json::{self, Clock};
use diary_core::model::*;
use diary_core::model::{Course, MAX_CYCLE_DAYS};
use diary_core::store::{Diary, KeyPolicy, StoreError};
use proptest::prelude::*;

mod faults;
mod fuzz;
mod lab_alerts;
mod ladders;
mod no_report;
mod trust;

/// A raw connection to an encrypted diary, unlocked with its key (for tests that must
/// reach under the store).
fn raw(path: &std::path::Path) -> rusqlite::Connection {
    let key = diary_core::store::key::find(path, KeyPolicy::KeyFile)
        .unwrap()
        .expect("the diary has a key");
    let c = rusqlite::Connection::open(path).unwrap();
    key.key.unlock(&c).unwrap();
    c
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 12, 0, 0).unwrap()
}

fn arb_report() -> impl Strategy<Value = Report> {
    (
        (
            0i64..(3 * 365 * 24 * 3600),
            0u32..1_000_000_000,
            -12i32 * 4..=14 * 4,
            any::<bool>(),
        ),
        proptest::collection::btree_map(
            proptest::sample::select(Rating::ALL.to_vec()),
            0u8..=4,
            0..6,
        ),
        (
            proptest::option::of(0u32..=50),
            proptest::option::of(0u32..=50),
            proptest::option::of(300u32..=450),
            proptest::option::of(2000u32..=30000),
        ),
        proptest::sample::subsequence(Sign::ALL.to_vec(), 0..4),
        any::<bool>(),
        proptest::option::of("[a-zA-Zа-яё <>&\"'\\\\é😀]{0,40}"),
    )
        .prop_map(
            |(
                (secs, nanos, quarter_hours, carer),
                ratings,
                (stools, vomits, temp, weight),
                signs,
                screened,
                note,
            )| {
                let off = FixedOffset::east_opt(quarter_hours * 15 * 60).unwrap();
                let base = Utc.with_ymd_and_hms(2023, 1, 1, 0, 0, 0).unwrap();
                let t = (base + Duration::seconds(secs) + Duration::nanoseconds(nanos as i64))
                    .with_timezone(&off);
                let mut r = Report::new(t);
                r.reporter = if carer {
                    Reporter::Caregiver
                } else {
                    Reporter::Patient
                };
                r.ratings = ratings;
                r.stools_above_usual = stools;
                r.vomiting_episodes = vomits;
                r.temperature_c = temp.map(|t| t as f64 / 10.0);
                r.weight_kg = weight.map(|w| w as f64 / 100.0);
                r.signs = signs;
                r.screened = screened;
                r.note = note;
                r
            },
        )
}

fn arb_lab() -> impl Strategy<Value = LabResult> {
    (
        0i64..1000,
        proptest::sample::select(LabTest::ALL),
        0u32..100_000,
        1u32..500,
        proptest::option::of(1u32..500),
    )
        .prop_flat_map(|(day, test, value, high, baseline)| {
            (
                Just((day, test, value, high, baseline)),
                proptest::sample::select(test.units()),
            )
        })
        .prop_map(|((day, test, value, high, baseline), unit)| LabResult {
            id: None,
            taken_on: NaiveDate::from_ymd_opt(2023, 1, 1).unwrap() + Duration::days(day),
            test,
            value: value as f64 / 10.0,
            unit,
            ref_low: Some(high as f64 / 4.0),
            ref_high: Some(high as f64),
            baseline: baseline.map(|b| b as f64 * 1.5),
        })
}

/// A check-in as the format allows it: the patient's with PHQ-2 and GAD-2 (and the
/// self-harm answer only when PHQ-2 ≥ 3), a caregiver's with their strain.
fn arb_checkin() -> impl Strategy<Value = Checkin> {
    (
        (
            0i64..(3 * 365 * 24 * 3600),
            -12i32 * 4..=14 * 4,
            any::<bool>(),
        ),
        (
            [0u8..=3, 0u8..=3],
            [0u8..=3, 0u8..=3],
            any::<Option<bool>>(),
        ),
        (0u8..=4, 0u8..=4, 0u8..=3, 0u8..=4),
    )
        .prop_map(
            |(
                (secs, quarter_hours, carer),
                (phq2, gad2, self_harm),
                (function, social, eating, strain),
            )| {
                let off = FixedOffset::east_opt(quarter_hours * 15 * 60).unwrap();
                let base = Utc.with_ymd_and_hms(2023, 1, 1, 0, 0, 0).unwrap();
                let mut c = Checkin {
                    id: None,
                    answered_at: (base + Duration::seconds(secs)).with_timezone(&off),
                    reporter: Reporter::Patient,
                    phq2: Some(phq2),
                    gad2: Some(gad2),
                    self_harm_thoughts: None,
                    function,
                    social,
                    eating,
                    caregiver_strain: None,
                };
                if carer {
                    c.reporter = Reporter::Caregiver;
                    c.phq2 = None;
                    c.gad2 = None;
                    c.caregiver_strain = Some(strain);
                } else if c.asks_self_harm() {
                    c.self_harm_thoughts = self_harm;
                }
                c
            },
        )
}

/// Treatment courses on distinct start days (two courses with the same content are one
/// course to an import).
fn arb_courses() -> impl Strategy<Value = Vec<Course>> {
    proptest::collection::vec(
        (
            proptest::sample::subsequence(Drug::ALL.to_vec(), 1..4),
            0i64..40,
            proptest::option::of(1u32..=MAX_CYCLE_DAYS),
            proptest::option::of(0i64..400),
        ),
        0..5,
    )
    .prop_map(|items| {
        let mut day = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        items
            .into_iter()
            .map(|(drugs, gap, cycle_days, length)| {
                day += Duration::days(gap + 1);
                Course {
                    id: None,
                    drugs,
                    started_on: day,
                    cycle_days,
                    ended_on: length.map(|n| day + Duration::days(n)),
                }
            })
            .collect()
    })
}

/// The care team's office hours, or none: some days in any order, a closing time after the
/// opening time (24:00 included).
fn arb_office_hours() -> impl Strategy<Value = Option<OfficeHours>> {
    proptest::option::of(
        (
            proptest::sample::subsequence(OfficeDay::ALL.to_vec(), 1..=7).prop_shuffle(),
            0u16..1440,
            1u16..=1440,
        )
            .prop_map(|(days, open, length)| OfficeHours {
                days,
                open,
                close: (open + length).min(MIDNIGHT_CLOSE).max(open + 1),
            }),
    )
}

fn arb_document() -> impl Strategy<Value = Document> {
    (
        // Every word: the format written today is version 2.
        proptest::sample::subsequence(Therapy::ALL.to_vec(), 0..4),
        proptest::option::of(0u32..6),
        proptest::option::of(400u32..1000),
        proptest::option::of(any::<bool>()),
        proptest::option::of(370u32..=390),
        proptest::collection::vec(arb_report(), 0..25),
        proptest::collection::vec(arb_lab(), 0..6),
        proptest::collection::vec(arb_checkin(), 0..6),
        arb_courses(),
        arb_office_hours(),
    )
        .prop_map(
            |(therapies, stools, weight, stent, fever, reports, labs, checkins, courses, hours)| {
                Document {
                    diary_id: None,
                    profile: Profile {
                        therapies,
                        usual_stools_per_day: stools,
                        baseline_weight_kg: weight.map(|w| w as f64 / 10.0),
                        biliary_stent: stent,
                        fever_threshold_c: fever.map(|f| f as f64 / 10.0),
                        office_hours: hours,
                    },
                    reports,
                    labs,
                    checkins,
                    courses,
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    /// Export, import into an empty diary, export again: the same document, byte for byte.
    #[test]
    fn export_import_export_is_exact(doc in arb_document()) {
        let mut first = Diary::open_in_memory().unwrap();
        let text = json::to_json(&doc);
        let parsed = json::parse_document(&text, Clock::Now(now())).unwrap();
        prop_assert_eq!(&parsed, &doc);
        first.import(&parsed, now()).unwrap();
        let exported = json::to_json(&first.export().unwrap());

        let mut second = Diary::open_in_memory().unwrap();
        second.import(&json::parse_document(&exported, Clock::Now(now())).unwrap(), now()).unwrap();
        let again = json::to_json(&second.export().unwrap());
        prop_assert_eq!(&exported, &again);

        // Nothing was lost on the way: the same reports, in time order (each now with the
        // stable id the first diary gave it, which the second kept).
        let mut sorted = doc.reports.clone();
        sorted.sort_by_key(|r| r.recorded_at.with_timezone(&Utc));
        let kept = second.export().unwrap();
        let content: Vec<Report> = kept
            .reports
            .iter()
            .map(|r| Report { id: None, ..r.clone() })
            .collect();
        prop_assert_eq!(content, sorted);
        prop_assert!(kept.reports.iter().all(|r| r.id.is_some()));
        // The same check-ins too, in time order, each with its id.
        let mut checkins = doc.checkins.clone();
        checkins.sort_by_key(|c| c.answered_at.with_timezone(&Utc));
        let content: Vec<Checkin> = kept
            .checkins
            .iter()
            .map(|c| Checkin { id: None, ..c.clone() })
            .collect();
        prop_assert_eq!(content, checkins);
        prop_assert!(kept.checkins.iter().all(|c| c.id.is_some()));
        // And the treatment courses (version 3), each with its id.
        let content: Vec<Course> = kept
            .courses
            .iter()
            .map(|c| Course { id: None, ..c.clone() })
            .collect();
        prop_assert_eq!(content, doc.courses.clone());
        prop_assert!(kept.courses.iter().all(|c| c.id.is_some()));
        prop_assert_eq!(kept.diary_id, first.export().unwrap().diary_id);
    }

    /// Importing the same document twice adds nothing the second time.
    #[test]
    fn importing_twice_adds_nothing(doc in arb_document()) {
        let mut d = Diary::open_in_memory().unwrap();
        d.import(&doc, now()).unwrap();
        let before = json::to_json(&d.export().unwrap());
        let s = d.import(&doc, now()).unwrap();
        prop_assert_eq!(s.reports_added, 0);
        prop_assert_eq!(s.labs_added, 0);
        prop_assert_eq!(s.checkins_added, 0);
        prop_assert_eq!(s.courses_added, 0);
        prop_assert_eq!(json::to_json(&d.export().unwrap()), before);
    }
}

/// Stable ids: an export carries the diary's id and every record's; importing it into
/// an empty diary keeps them (so sync identifiers, made from them, stay the same and a
/// restored diary sends no second copy); importing it again changes nothing; a record
/// whose id exists with other content, or another diary's export, is refused whole.
#[test]
fn ids_survive_export_and_import_and_guard_against_mixing() {
    let mut a = Diary::open_in_memory().unwrap();
    let mut r = Report::new(DateTime::parse_from_rfc3339("2026-11-20T08:30:00+05:00").unwrap());
    r.ratings.insert(Rating::Pain, 2);
    let saved = a.add_report(r, now()).unwrap();
    let doc = a.export().unwrap();
    let diary_id = doc.diary_id.clone().expect("a diary id");
    assert_eq!(
        a.export().unwrap().diary_id.as_deref(),
        Some(diary_id.as_str())
    );

    let mut b = Diary::open_in_memory().unwrap();
    b.import(&doc, now()).unwrap();
    let restored = b.export().unwrap();
    assert_eq!(restored.diary_id.as_deref(), Some(diary_id.as_str()));
    assert_eq!(restored.reports[0].id, saved.report.id);
    assert_eq!(
        b.recent_reports(1).unwrap()[0].uid,
        saved.uid,
        "sync ids change"
    );
    let alert_uids = |d: &Diary| -> Vec<String> {
        d.alert_history(10)
            .unwrap()
            .into_iter()
            .map(|a| a.uid)
            .collect()
    };
    assert!(!alert_uids(&a).is_empty());
    assert_eq!(
        alert_uids(&b),
        alert_uids(&a),
        "alert ids change on restore"
    );
    let again = b.import(&doc, now()).unwrap();
    assert_eq!((again.reports_added, again.reports_already_there), (0, 1));

    let mut changed = doc.clone();
    changed.reports[0].ratings.insert(Rating::Pain, 3);
    let e = b.import(&changed, now()).unwrap_err();
    assert!(
        e.to_string().starts_with("reports[0].id:") && e.to_string().contains("different content"),
        "{e}"
    );
    let mut other = doc.clone();
    other.diary_id = Some("0b7e4c1e-5a39-4d7a-9a51-2f1f6a3c8e10".into());
    let e = b.import(&other, now()).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("diary_id: this export belongs to another diary"),
        "{e}"
    );
    assert_eq!(
        json::to_json(&b.export().unwrap()),
        json::to_json(&restored)
    );
}

#[test]
fn a_diary_survives_closing_and_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/folder/diary.sqlite");
    let mut d = Diary::open_with(&path, KeyPolicy::KeyFile).unwrap();
    let mut r = Report::new(DateTime::parse_from_rfc3339("2026-11-20T08:30:00+05:00").unwrap());
    r.ratings.insert(Rating::Fatigue, 3);
    let saved = d.add_report(r.clone(), now()).unwrap();
    drop(d);
    let d = Diary::open_with(&path, KeyPolicy::KeyFile).unwrap();
    assert_eq!(
        d.report(saved.id).unwrap().unwrap().report,
        Report {
            id: saved.report.id.clone(),
            ..r
        }
    );
    let newest = Diary::open_in_memory().unwrap().schema_version().unwrap();
    assert_eq!(d.schema_version().unwrap(), newest);
}

#[test]
fn a_diary_from_a_newer_version_is_refused_and_left_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("diary.sqlite");
    drop(Diary::open_with(&path, KeyPolicy::KeyFile).unwrap());
    {
        let c = raw(&path);
        c.pragma_update(None, "user_version", 99).unwrap();
        c.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Diary::open_with(&path, KeyPolicy::KeyFile)
        .err()
        .expect("a newer diary must be refused");
    assert!(
        matches!(err, StoreError::NewerDiary { found: 99, .. }),
        "{err}"
    );
    assert_eq!(err.code(), "newer_diary");
    assert!(err.to_string().contains("newer version"), "{err}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file was altered"
    );
}

#[test]
fn a_file_that_is_not_a_diary_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.sqlite");
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch("CREATE TABLE something (x)").unwrap();
    }
    let err = Diary::open_with(&path, KeyPolicy::KeyFile)
        .err()
        .expect("refused");
    assert_eq!(err.code(), "not_a_diary");
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "this is not a database at all, just some words .....................................................................................").unwrap();
    let err = Diary::open_with(&text, KeyPolicy::KeyFile)
        .err()
        .expect("refused");
    assert_eq!(err.code(), "not_a_diary", "{err}");
}

#[test]
fn a_diary_file_is_left_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("diary.sqlite");
    drop(Diary::open_with(&path, KeyPolicy::KeyFile).unwrap());
    let c = raw(&path);
    let mode: String = c
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

/// The diary is health data: the folders it makes, the file, its -wal and -shm are the
/// owner's only, and an older diary left 0644 is tightened when it is opened.
#[cfg(unix)]
#[test]
fn a_diary_and_its_folder_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("a/b");
    let path = folder.join("diary.sqlite");
    let mut d = Diary::open_with(&path, KeyPolicy::KeyFile).unwrap();
    let mut r = Report::new(DateTime::parse_from_rfc3339("2026-11-20T08:30:00Z").unwrap());
    r.ratings.insert(Rating::Pain, 1);
    d.add_report(r, now()).unwrap();
    assert_eq!(mode(&folder), 0o700);
    assert_eq!(mode(&dir.path().join("a")), 0o700);
    for suffix in ["", "-wal", "-shm"] {
        let file = folder.join(format!("diary.sqlite{suffix}"));
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }
    drop(d);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    drop(Diary::open_with(&path, KeyPolicy::KeyFile).unwrap());
    assert_eq!(mode(&path), 0o600, "an old 0644 diary is tightened");
    // A file that is not a diary is refused and left as it was, mode included.
    let other = dir.path().join("notes.txt");
    std::fs::write(&other, "not a diary\n".repeat(100)).unwrap();
    std::fs::set_permissions(&other, std::fs::Permissions::from_mode(0o644)).unwrap();
    assert!(Diary::open_with(&other, KeyPolicy::KeyFile).is_err());
    assert_eq!(mode(&other), 0o644);
}

#[test]
fn a_failed_import_writes_nothing() {
    let mut d = Diary::open_in_memory().unwrap();
    let mut r = Report::new(DateTime::parse_from_rfc3339("2026-11-20T08:30:00Z").unwrap());
    r.ratings.insert(Rating::Pain, 1);
    d.add_report(r, now()).unwrap();
    let before = json::to_json(&d.export().unwrap());
    let bad = r#"{"format":"symptom-diary","version":1,"profile":{"therapies":["taxane"]},
      "reports":[{"recorded_at":"2026-11-21T08:30:00Z"},{"recorded_at":"2026-11-22T08:30:00Z","ratings":{"pain":5}}]}"#;
    let e = json::parse_document(bad, Clock::Now(now())).unwrap_err();
    assert_eq!(
        e.to_string(),
        "reports[1].ratings.pain: 5 is out of range 0–4"
    );
    assert_eq!(json::to_json(&d.export().unwrap()), before);
}

#[test]
fn reports_come_back_newest_first_and_in_ranges() {
    let mut d = Diary::open_in_memory().unwrap();
    for day in 1..=5 {
        let t = FixedOffset::east_opt(5 * 3600)
            .unwrap()
            .with_ymd_and_hms(2026, 11, day, 9, 0, 0)
            .unwrap();
        let mut r = Report::new(t);
        r.ratings.insert(Rating::Fatigue, (day % 5) as u8);
        d.add_report(r, now()).unwrap();
    }
    let recent = d.recent_reports(2).unwrap();
    assert_eq!(recent.len(), 2);
    assert!(recent[0].report.recorded_at > recent[1].report.recorded_at);
    let since = d
        .reports_since(Utc.with_ymd_and_hms(2026, 11, 3, 0, 0, 0).unwrap())
        .unwrap();
    assert_eq!(since.len(), 3);
    assert_eq!(
        d.last_report_at().unwrap().unwrap().to_rfc3339(),
        "2026-11-05T09:00:00+05:00"
    );
}
