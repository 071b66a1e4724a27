//! diary-sync's one integration-test binary: care-team sync against a real FHIR R4 server
//! (the Helios FHIR Server, `hfs`, started on 127.0.0.1 by the workspace's shared test
//! harness, `fhir-test-server`): a year round-trips; the same outbox sent twice makes no
//! duplicates; a server stopped mid-sync loses nothing; a flaky link (the proxy injecting
//! 500s, stalls and dropped connections) loses and duplicates nothing. Every body sent is
//! also checked by the independent validator (Python `fhir.resources`, R4B). The time to
//! sync a year's backlog is printed next to a raw POST of the same bundles (run with
//! `--nocapture` to see it). No test asserts on wall-clock time.

use chrono::{DateTime, Duration, FixedOffset, TimeZone, Utc};
use diary_core::model::*;
use diary_core::store::{key, Diary, KeyPolicy, SyncSettings};
use diary_sync::client::Method;
use diary_sync::{mapping, Client, ClientOptions, SyncConfig};
use fhir_test_server::{ident, normalised, search, validate_all, Fault, Hfs, Proxy};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

mod console;
mod fuzz;
mod lease;
mod servers;
mod smart;

/// The diary's own client, trying once with no token (the test server is open): for the
/// raw-POST measurement and for changing a Task behind the clinician's back.
fn plain_client(base: &str, timeout: std::time::Duration) -> Client {
    Client::new(
        base,
        None,
        ClientOptions {
            connect_timeout: timeout,
            request_timeout: timeout,
            max_tries: 1,
            ..ClientOptions::default()
        },
    )
    .unwrap()
}

/// A raw connection to the test's encrypted diary, unlocked with its key file, for the
/// tests that change rows under the store.
fn raw(path: &std::path::Path) -> rusqlite::Connection {
    let c = rusqlite::Connection::open(path).unwrap();
    let found = key::find(path, KeyPolicy::KeyFile)
        .unwrap()
        .expect("a key file");
    found.key.unlock(&c).unwrap();
    c
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 12, 0, 0).unwrap()
}

/// A deterministic diary of `days` daily reports ending yesterday, a lab sheet every four
/// weeks, a fever with rigors every 29 days (red), on capecitabine.
fn diary_of(days: i64, path: &std::path::Path) -> Diary {
    let off = FixedOffset::east_opt(5 * 3600).unwrap();
    let first = off.with_ymd_and_hms(2026, 11, 26, 8, 30, 0).unwrap() - Duration::days(days - 1);
    let mut seed: u64 = 42;
    let mut rnd = |n: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % n
    };
    let mut doc = Document {
        diary_id: None,
        profile: Profile {
            therapies: vec![Therapy::Capecitabine],
            ..Profile::default()
        },
        ..Document::default()
    };
    for d in 0..days {
        let mut r = Report::new(first + Duration::days(d) + Duration::minutes(rnd(60) as i64));
        r.ratings.insert(Rating::Fatigue, rnd(3) as u8);
        r.ratings.insert(Rating::Pain, rnd(2) as u8);
        r.ratings.insert(Rating::Itching, rnd(2) as u8);
        r.ratings.insert(Rating::Jaundice, 0);
        r.ratings.insert(Rating::AppetiteLoss, rnd(3) as u8);
        if d % 5 == 0 {
            r.ratings.insert(Rating::Nausea, rnd(3) as u8);
        }
        r.temperature_c = Some(36.4 + rnd(8) as f64 / 10.0);
        if d % 7 == 0 {
            r.weight_kg = Some(63.0 + rnd(20) as f64 / 10.0);
        }
        if d % 29 == 3 {
            r.temperature_c = Some(38.6);
            r.signs = vec![Sign::Shivering];
        }
        if d % 11 == 0 {
            r.note = Some(format!("day {d}: tired after the walk"));
        }
        if d % 3 == 0 {
            r.reporter = Reporter::Caregiver;
        }
        doc.reports.push(r);
        if d % 28 == 1 {
            let day = (first + Duration::days(d)).date_naive();
            doc.labs.push(LabResult {
                id: None,
                taken_on: day,
                test: LabTest::Bilirubin,
                value: 10.0 + rnd(20) as f64,
                unit: LabUnit::UmolPerL,
                ref_low: Some(3.0),
                ref_high: Some(21.0),
                baseline: None,
            });
            doc.labs.push(LabResult {
                id: None,
                taken_on: day,
                test: LabTest::Platelets,
                value: 120.0 + rnd(100) as f64,
                unit: LabUnit::E9PerL,
                ref_low: Some(150.0),
                ref_high: Some(400.0),
                baseline: None,
            });
        }
    }
    let mut diary = Diary::open_with(path, KeyPolicy::KeyFile).unwrap();
    diary.import(&doc, now()).unwrap();
    // The ladder's steps the team is told of that have fired by `now()` (a sync run would
    // raise them first): raised here, so a test's outbox is what its run starts from.
    diary.raise_escalations(now().fixed_offset()).unwrap();
    diary
}

fn config(base: &str, patient: &str) -> SyncConfig {
    let mut c =
        SyncConfig::from_settings(&SyncSettings::default(), Some(base), Some(patient), None)
            .unwrap();
    c.client = ClientOptions {
        connect_timeout: std::time::Duration::from_secs(5),
        request_timeout: std::time::Duration::from_secs(120),
        max_tries: 4,
        backoff_base: std::time::Duration::from_millis(20),
        backoff_cap: std::time::Duration::from_millis(200),
        max_retry_after: std::time::Duration::from_secs(5),
        ..ClientOptions::default()
    };
    c
}

/// What the diary holds, in FHIR resources: panels + items, labs, alerts.
struct Expected {
    observations: usize,
    labs: usize,
    tasks: usize,
    red_tasks: usize,
}

fn expected(diary: &Diary) -> Expected {
    let reports = diary.recent_reports(100_000).unwrap();
    let mut observations = 0;
    let mut tasks = 0;
    let mut red_tasks = 0;
    for s in &reports {
        observations += 1 + mapping::report_items(&s.report).len();
        tasks += s.triage.alerts.len();
        red_tasks += s
            .triage
            .alerts
            .iter()
            .filter(|a| a.level == Level::Red)
            .count();
    }
    let labs = diary.labs().unwrap().len();
    Expected {
        observations: observations + labs,
        labs,
        tasks,
        red_tasks,
    }
}

fn patient_id(base: &str, patient: &str) -> String {
    let found = search(
        base,
        &format!(
            "Patient?identifier={}|{patient}",
            diary_core::store::DEFAULT_PATIENT_SYSTEM
        ),
    );
    assert_eq!(found.len(), 1, "exactly one Patient {patient}");
    found[0]["id"].as_str().unwrap().to_string()
}

/// Everything on the server for the patient, by type; asserts no identifier twice.
fn on_server(base: &str, pid: &str) -> BTreeMap<String, Vec<Value>> {
    let mut out = BTreeMap::new();
    for ty in ["Observation", "Task", "DiagnosticReport"] {
        let list = search(base, &format!("{ty}?subject=Patient/{pid}&_count=500"));
        let mut seen: HashMap<String, usize> = HashMap::new();
        for r in &list {
            *seen.entry(ident(r)).or_default() += 1;
        }
        let dup: Vec<_> = seen.iter().filter(|(_, n)| **n > 1).collect();
        assert!(
            dup.is_empty(),
            "{ty}: identifiers sent twice became copies: {dup:?}"
        );
        out.insert(ty.to_string(), list);
    }
    out
}

fn assert_complete(base: &str, pid: &str, diary: &Diary) -> BTreeMap<String, Vec<Value>> {
    let e = expected(diary);
    let got = on_server(base, pid);
    assert_eq!(
        got["Observation"].len(),
        e.observations,
        "Observations on the server"
    );
    assert_eq!(got["Task"].len(), e.tasks, "Tasks on the server");
    assert_eq!(diary.outbox_waiting().unwrap(), 0, "nothing left waiting");
    got
}

/// The latest version of every resource sent through the proxy, by (type, identifier).
fn sent_resources(proxy: &Proxy) -> HashMap<(String, String), Value> {
    let mut out = HashMap::new();
    for b in proxy.bundles() {
        for e in b["entry"].as_array().unwrap() {
            let r = &e["resource"];
            if r["resourceType"] == "Provenance" {
                continue; // no identifier: checked on its own
            }
            out.insert(
                (r["resourceType"].as_str().unwrap().to_string(), ident(r)),
                r.clone(),
            );
        }
    }
    out
}

#[test]
fn a_year_of_reports_round_trips_and_the_backlog_time_is_measured() {
    let hfs = fhir_test_server::start_or_skip!(Hfs::start());
    let proxy = Proxy::start(hfs.port);
    let dir = tempfile::tempdir().unwrap();
    let mut diary = diary_of(365, &dir.path().join("diary.sqlite"));
    let waiting_before = diary.outbox_waiting().unwrap();

    let t0 = Instant::now();
    let report =
        diary_sync::sync_now(&mut diary, &config(&proxy.base(), "MRN-YEAR"), now()).unwrap();
    let sync_time = t0.elapsed();
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.waiting, 0);
    assert_eq!(report.sent.len(), waiting_before);

    // What a clinician's searches return equals what was sent.
    let pid = patient_id(&hfs.base(), "MRN-YEAR");
    let got = assert_complete(&hfs.base(), &pid, &diary);
    let sent = sent_resources(&proxy);
    let mut compared = 0;
    for (ty, list) in &got {
        for r in list {
            let s = sent
                .get(&(ty.clone(), ident(r)))
                .unwrap_or_else(|| panic!("{ty} {} was not sent", ident(r)));
            let (mut a, mut b) = (normalised(r), normalised(s));
            if ty == "Task" {
                // The Task's id is the server's (conditional create).
                a.as_object_mut().unwrap().remove("id");
                b.as_object_mut().unwrap().remove("id");
            }
            assert_eq!(a, b, "{ty} {} differs from what was sent", ident(r));
            compared += 1;
        }
    }
    assert_eq!(compared, sent.len(), "every resource sent is on the server");
    let weeks = got["DiagnosticReport"].len();
    assert!((50..=53).contains(&weeks), "{weeks} weekly summaries");

    // One Provenance per bundle: the app as the device, the patient or the caregiver as
    // the author; and the MRN is in no bundle (only the Patient holds it).
    let bundles = proxy.bundles();
    let provenances = search(&hfs.base(), "Provenance?_count=1000");
    assert_eq!(
        provenances.len(),
        bundles.len(),
        "one Provenance per bundle"
    );
    for p in &provenances {
        let agents = p["agent"].as_array().unwrap();
        assert!(agents.iter().any(|a| a["who"]["type"] == "Device"
            && a["who"]["display"]
                .as_str()
                .unwrap()
                .starts_with("Symptom Diary ")));
        assert!(!p["target"].as_array().unwrap().is_empty());
    }
    assert!(provenances.iter().any(|p| p["agent"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["who"]["type"] == "RelatedPerson")));
    for b in &bundles {
        assert!(!b.to_string().contains("MRN-YEAR"), "the MRN in a bundle");
    }

    // The care team's searches by category, status and urgency.
    let e = expected(&diary);
    let labs = search(
        &hfs.base(),
        &format!("Observation?subject=Patient/{pid}&category=laboratory&_count=500"),
    );
    assert_eq!(labs.len(), e.labs);
    let survey = search(
        &hfs.base(),
        &format!("Observation?subject=Patient/{pid}&category=survey&_count=1000"),
    );
    assert_eq!(survey.len(), e.observations - e.labs);
    let red = search(
        &hfs.base(),
        "Task?status=requested&priority=stat&_count=500",
    );
    assert_eq!(red.len(), e.red_tasks);
    assert!(e.red_tasks >= 10, "the year has red alerts");

    let report = validate_all(&proxy.bodies());
    println!("independent validator: {}", report.trim());

    // The measurement: the same bundles, raw-POSTed one after another to a fresh server
    // through the same kind of proxy.
    let bundles = proxy.bundles();
    let raw_hfs = fhir_test_server::start_or_skip!(Hfs::start());
    let raw_proxy = Proxy::start(raw_hfs.port);
    let raw = plain_client(&raw_proxy.base(), std::time::Duration::from_secs(300));
    raw.update(
        &serde_json::json!({"resourceType": "Patient", "id": pid, "active": true}),
        None,
    )
    .unwrap();
    let t1 = Instant::now();
    for b in &bundles {
        raw.request(Method::POST, "", &[], Some(b), &[]).unwrap();
    }
    let raw_time = t1.elapsed();
    let resources: usize = bundles
        .iter()
        .map(|b| b["entry"].as_array().unwrap().len())
        .sum();
    println!(
        "MEASURE year backlog: {} reports, {} outbox rows, {} resources in {} transaction bundles: \
         diary sync {:.2} s (patient lookup, bundles, weekly summaries, seen check); \
         raw POST of the same bundles {:.2} s",
        diary.report_count().unwrap(),
        waiting_before,
        resources,
        bundles.len(),
        sync_time.as_secs_f64(),
        raw_time.as_secs_f64()
    );
}

#[test]
fn sending_the_same_outbox_twice_creates_no_duplicates_and_keeps_acknowledgements() {
    let hfs = fhir_test_server::start_or_skip!(Hfs::start());
    let proxy = Proxy::start(hfs.port);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("diary.sqlite");
    let mut diary = diary_of(40, &path);
    let cfg = config(&proxy.base(), "MRN-TWICE");
    let r = diary_sync::sync_now(&mut diary, &cfg, now()).unwrap();
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let pid = patient_id(&hfs.base(), "MRN-TWICE");
    let first = assert_complete(&hfs.base(), &pid, &diary);

    // A clinician acknowledges one alert, then the whole outbox is sent again.
    let server_cfg = diary_sync::ServerConfig::new(&hfs.base(), None).unwrap();
    let inbox = diary_sync::inbox(&server_cfg).unwrap();
    assert!(!inbox.is_empty());
    let acked = diary_sync::ack(&server_cfg, &inbox[0].id, now()).unwrap();
    assert!(acked.changed);
    {
        let c = raw(&path);
        c.execute_batch("UPDATE outbox SET sent_utc = NULL; UPDATE sync_weeks SET dirty = 1;")
            .unwrap();
    }
    let mut diary = Diary::open_with(&path, KeyPolicy::KeyFile).unwrap();
    assert!(diary.outbox_waiting().unwrap() > 0);
    let r = diary_sync::sync_now(&mut diary, &cfg, now()).unwrap();
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert!(!r.sent.is_empty(), "the second run really sent");
    let second = assert_complete(&hfs.base(), &pid, &diary);
    for ty in ["Observation", "Task", "DiagnosticReport"] {
        assert_eq!(
            first[ty].len(),
            second[ty].len(),
            "{ty}: a second send made copies"
        );
    }
    // The second send did not reopen the acknowledged alert, and the diary learned of it.
    let task = second["Task"]
        .iter()
        .find(|t| t["id"] == acked.id.as_str())
        .unwrap();
    assert_eq!(task["status"], "accepted", "seen, not closed");
    assert_eq!(task["businessStatus"]["coding"][0]["code"], "seen");
    assert_eq!(r.newly_seen, 1);
    let seen = diary.alert_history(10_000).unwrap();
    assert_eq!(
        seen.iter().filter(|a| a.seen_by_team_at.is_some()).count(),
        1
    );
    validate_all(&proxy.bodies());
}

#[test]
fn a_server_stopped_mid_sync_keeps_everything_queued_until_it_is_back() {
    let hfs = std::sync::Arc::new(std::sync::Mutex::new(fhir_test_server::start_or_skip!(
        Hfs::start_persistent()
    )));
    let port = hfs.lock().unwrap().port;
    let proxy = Proxy::start(port);
    let dir = tempfile::tempdir().unwrap();
    let mut diary = diary_of(60, &dir.path().join("diary.sqlite"));
    let total = diary.outbox_waiting().unwrap();
    let mut cfg = config(&proxy.base(), "MRN-STOP");
    cfg.policy.batch_units = 5;
    // Request 0 finds the patient, 1 creates it; the server dies on the fourth bundle.
    let killer = hfs.clone();
    proxy.set_rule(move |n, _, _| {
        if n == 5 {
            killer.lock().unwrap().stop();
        }
        Fault::Pass
    });
    let r = diary_sync::sync_now(&mut diary, &cfg, now()).unwrap();
    assert!(!r.errors.is_empty(), "the run saw the server go");
    assert_eq!(r.errors[0].code, "network", "{:?}", r.errors);
    let left = diary.outbox_waiting().unwrap();
    assert!(left > 0 && left < total, "{left} of {total} waiting");
    let status = diary.sync_status(now()).unwrap();
    assert!(
        status
            .last_error
            .as_deref()
            .unwrap()
            .contains("could not reach"),
        "{status:?}"
    );

    // Still down: nothing lost, nothing sent.
    let r = diary_sync::sync_now(&mut diary, &cfg, now() + Duration::minutes(5)).unwrap();
    assert!(r.sent.is_empty() && !r.errors.is_empty());
    assert_eq!(diary.outbox_waiting().unwrap(), left);

    // Back (same port, same data): everything goes, once.
    proxy.set_rule(|_, _, _| Fault::Pass);
    hfs.lock().unwrap().restart();
    let r = diary_sync::sync_now(&mut diary, &cfg, now() + Duration::minutes(10)).unwrap();
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.waiting, 0);
    let base = hfs.lock().unwrap().base();
    let pid = patient_id(&base, "MRN-STOP");
    assert_complete(&base, &pid, &diary);
    assert_eq!(diary.sync_status(now()).unwrap().last_error, None);
    validate_all(&proxy.bodies());
}

#[test]
fn a_flaky_link_loses_nothing_and_duplicates_nothing() {
    let hfs = fhir_test_server::start_or_skip!(Hfs::start());
    let proxy = Proxy::start(hfs.port);
    let dir = tempfile::tempdir().unwrap();
    let mut diary = diary_of(45, &dir.path().join("diary.sqlite"));
    let mut cfg = config(&proxy.base(), "MRN-FLAKY");
    cfg.policy.batch_units = 4;
    cfg.client.request_timeout = std::time::Duration::from_secs(3);
    cfg.client.max_tries = 6;
    // A fixed pattern, so a failure is reproducible: at most two failures in a row.
    proxy.set_rule(|n, _, _| match n % 7 {
        1 => Fault::Status(500),
        3 => Fault::DropAfter,
        4 => Fault::Status(429),
        5 => Fault::StallAfter(std::time::Duration::from_secs(5)),
        6 => Fault::DropBefore,
        _ => Fault::Pass,
    });
    let mut runs = 0;
    loop {
        runs += 1;
        let r = diary_sync::sync_now(&mut diary, &cfg, now() + Duration::minutes(runs)).unwrap();
        if r.waiting == 0 {
            break;
        }
        assert!(
            runs < 5,
            "still {} waiting after {runs} runs: {:?}",
            r.waiting,
            r.errors
        );
    }
    assert!(
        proxy.faults.load(std::sync::atomic::Ordering::SeqCst) >= 5,
        "faults were injected"
    );
    let pid = patient_id(&hfs.base(), "MRN-FLAKY");
    assert_complete(&hfs.base(), &pid, &diary);
    validate_all(&proxy.bodies());
}

#[test]
fn a_unit_the_server_refuses_is_not_retried_names_the_reason_and_does_not_hold_back_the_rest() {
    let hfs = fhir_test_server::start_or_skip!(Hfs::start());
    let proxy = Proxy::start(hfs.port);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("diary.sqlite");
    let diary = diary_of(20, &path);
    // Spoil one ordinary report so the real server refuses it (an empty FHIR string).
    let (bad_id, bad_uid): (i64, String) = {
        let c = raw(&path);
        let row = c
            .query_row(
                "SELECT id, uid FROM reports WHERE level != 'red' ORDER BY id LIMIT 1 OFFSET 5",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        c.execute("UPDATE reports SET ruleset = '' WHERE id = ?1", [row.0])
            .unwrap();
        row
    };
    drop(diary);
    let mut diary = Diary::open_with(&path, KeyPolicy::KeyFile).unwrap();
    let bad_alerts = diary.report(bad_id).unwrap().unwrap().triage.alerts.len();
    let r = diary_sync::sync_now(&mut diary, &config(&proxy.base(), "MRN-REFUSED"), now()).unwrap();

    assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
    println!("refused: {}", r.errors[0].message);
    assert_eq!(r.errors[0].code, "rejected");
    assert!(
        r.errors[0].message.contains("is not a valid string"),
        "the OperationOutcome's words reach the user: {}",
        r.errors[0].message
    );
    assert_eq!(diary.outbox_waiting().unwrap(), 1 + bad_alerts);
    let status = diary.sync_status(now()).unwrap();
    assert!(status.last_error.unwrap().contains("is not a valid string"));
    // Sent twice in all: in its batch, then alone to find the culprit; never retried.
    let panel = format!("{}|{bad_uid}", mapping::SID_REPORT);
    let tries = proxy
        .bundles()
        .iter()
        .filter(|b| {
            b["entry"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| ident(&e["resource"]) == panel)
        })
        .count();
    assert_eq!(tries, 2);
    // Everything else is on the server.
    let pid = patient_id(&hfs.base(), "MRN-REFUSED");
    let got = on_server(&hfs.base(), &pid);
    let bad = diary.report(bad_id).unwrap().unwrap();
    let e = expected(&diary);
    assert_eq!(
        got["Observation"].len(),
        e.observations - 1 - mapping::report_items(&bad.report).len()
    );
    assert_eq!(got["Task"].len(), e.tasks - bad_alerts);
}

#[test]
fn an_acknowledgement_uses_if_match_and_never_overwrites_a_change_made_meanwhile() {
    let hfs = fhir_test_server::start_or_skip!(Hfs::start());
    let dir = tempfile::tempdir().unwrap();
    let mut diary = diary_of(10, &dir.path().join("diary.sqlite"));
    let r = diary_sync::sync_now(&mut diary, &config(&hfs.base(), "MRN-MATCH"), now()).unwrap();
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let cfg = diary_sync::ServerConfig::new(&hfs.base(), None).unwrap();
    let shown = diary_sync::inbox(&cfg).unwrap();
    let item = &shown[0];
    let version = item.version.clone().unwrap();
    // Someone else changes the Task after the clinician's screen showed it.
    let client = plain_client(&hfs.base(), std::time::Duration::from_secs(30));
    let mut task = client.read("Task", &item.id).unwrap().body;
    task["note"] = serde_json::json!([{ "text": "called the patient" }]);
    client.update(&task, None).unwrap();
    let e = diary_sync::ack_version(&cfg, &item.id, Some(&version), now()).unwrap_err();
    assert_eq!(e.code(), "conflict", "{e}");
    let task = client.read("Task", &item.id).unwrap().body;
    assert_eq!(task["status"], "requested", "nothing was overwritten");
    assert_eq!(task["note"][0]["text"], "called the patient");
    // With the current version it goes through, and keeps the other change.
    let ack = diary_sync::ack(&cfg, &item.id, now()).unwrap();
    assert!(ack.changed);
    let task = client.read("Task", &item.id).unwrap().body;
    assert_eq!(task["status"], "accepted");
    assert_eq!(task["note"][0]["text"], "called the patient");
}

/// Weekly check-ins reach the server as QuestionnaireResponses, found by patient and by
/// identifier, equal to what was sent; an amber check-in alert is a Task focused on its
/// response, in the clinicians' inbox, and its acknowledgement comes back to the diary;
/// sending the outbox again makes no copies and reopens nothing.
#[test]
fn checkins_round_trip_as_questionnaire_responses_with_their_tasks() {
    let hfs = fhir_test_server::start_or_skip!(Hfs::start());
    let proxy = Proxy::start(hfs.port);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("diary.sqlite");
    let mut diary = Diary::open_with(&path, KeyPolicy::KeyFile).unwrap();
    let off = FixedOffset::east_opt(5 * 3600).unwrap();
    let amber = diary
        .save_checkin(
            Checkin {
                id: None,
                answered_at: off.with_ymd_and_hms(2026, 11, 19, 18, 0, 0).unwrap(),
                reporter: Reporter::Patient,
                phq2: Some([2, 2]),
                gad2: Some([1, 1]),
                self_harm_thoughts: Some(true),
                function: 1,
                social: 1,
                eating: 0,
                caregiver_strain: None,
            },
            now(),
        )
        .unwrap();
    let carer = diary
        .save_checkin(
            Checkin {
                id: None,
                answered_at: off.with_ymd_and_hms(2026, 11, 26, 18, 0, 0).unwrap(),
                reporter: Reporter::Caregiver,
                phq2: None,
                gad2: None,
                self_harm_thoughts: None,
                function: 2,
                social: 3,
                eating: 1,
                caregiver_strain: Some(3),
            },
            now(),
        )
        .unwrap();
    let alerts = amber.triage.alerts.len() + carer.triage.alerts.len();
    assert_eq!(amber.triage.level, Level::Amber);
    let cfg = config(&proxy.base(), "MRN-CHECKIN");
    let r = diary_sync::sync_now(&mut diary, &cfg, now()).unwrap();
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.waiting, 0);
    let pid = patient_id(&hfs.base(), "MRN-CHECKIN");
    let sent: HashMap<String, Value> = proxy
        .bundles()
        .iter()
        .flat_map(|b| b["entry"].as_array().unwrap().clone())
        .map(|e| e["resource"].clone())
        .filter(|r| r["resourceType"] == "QuestionnaireResponse")
        .map(|r| (r["id"].as_str().unwrap().to_string(), r))
        .collect();
    let responses = search(
        &hfs.base(),
        &format!("QuestionnaireResponse?subject=Patient/{pid}"),
    );
    assert_eq!(responses.len(), 2);
    for got in &responses {
        let id = got["id"].as_str().unwrap();
        assert_eq!(
            normalised(got),
            normalised(&sent[id]),
            "{id} differs from what was sent"
        );
    }
    let by_identifier = search(
        &hfs.base(),
        &format!(
            "QuestionnaireResponse?identifier={}|{}",
            mapping::SID_CHECKIN,
            amber.uid
        ),
    );
    assert_eq!(by_identifier.len(), 1);
    assert_eq!(
        by_identifier[0]["id"],
        mapping::checkin_response_id(&amber.uid)
    );
    let tasks = search(&hfs.base(), &format!("Task?subject=Patient/{pid}"));
    assert_eq!(tasks.len(), alerts);
    let urgent: Vec<&Value> = tasks.iter().filter(|t| t["priority"] == "urgent").collect();
    assert_eq!(urgent.len(), 1, "A-SELF-HARM is the one amber");
    assert_eq!(
        urgent[0]["focus"]["reference"],
        format!(
            "QuestionnaireResponse/{}",
            mapping::checkin_response_id(&amber.uid)
        )
    );

    // A clinician sees the self-harm alert in the inbox and acknowledges it; the diary
    // learns it at its next sync.
    let server_cfg = diary_sync::ServerConfig::new(&hfs.base(), None).unwrap();
    let inbox = diary_sync::inbox(&server_cfg).unwrap();
    let item = inbox
        .iter()
        .find(|i| i.rule == "A-SELF-HARM")
        .expect("the self-harm alert in the inbox");
    assert_eq!(item.level, Level::Amber);
    assert!(
        diary_sync::ack(&server_cfg, &item.id, now())
            .unwrap()
            .changed
    );

    // The whole outbox once more: nothing new on the server, and the acknowledgement stays.
    {
        let c = raw(&path);
        c.execute_batch("UPDATE outbox SET sent_utc = NULL;")
            .unwrap();
    }
    let mut diary = Diary::open_with(&path, KeyPolicy::KeyFile).unwrap();
    let r = diary_sync::sync_now(&mut diary, &cfg, now()).unwrap();
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert!(!r.sent.is_empty(), "the second run really sent");
    assert_eq!(
        r.newly_seen, 1,
        "the diary did not learn of the acknowledgement"
    );
    let seen: i64 = raw(&path)
        .query_row(
            "SELECT count(*) FROM checkin_alerts WHERE rule = 'A-SELF-HARM' AND seen_by_team_utc IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(seen, 1);
    let again = search(
        &hfs.base(),
        &format!("QuestionnaireResponse?subject=Patient/{pid}"),
    );
    assert_eq!(again.len(), 2, "a second send made copies");
    let tasks = search(&hfs.base(), &format!("Task?subject=Patient/{pid}"));
    assert_eq!(tasks.len(), alerts);
    assert!(
        tasks
            .iter()
            .any(|t| t["id"] == item.id.as_str() && t["status"] == "accepted"),
        "the second send reopened the acknowledged alert"
    );
    validate_all(&proxy.bodies());
}

/// Answers to "Did you reach your care team?" after a red alert reach the care team as
/// Communications about the alert's Task (found by the Patient), the clinicians' inbox
/// shows them under the alert, oldest first, and sending the outbox again makes no copies.
#[test]
fn followup_answers_reach_the_care_team_under_their_alert() {
    use diary_core::followup::FollowUpAnswer;
    let hfs = fhir_test_server::start_or_skip!(Hfs::start());
    let proxy = Proxy::start(hfs.port);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("diary.sqlite");
    let mut diary = Diary::open_with(&path, KeyPolicy::KeyFile).unwrap();
    let off = FixedOffset::east_opt(5 * 3600).unwrap();
    let mut r = Report::new(off.with_ymd_and_hms(2026, 11, 27, 9, 0, 0).unwrap());
    r.signs = vec![Sign::ChestPain];
    let red = diary.add_report(r, now()).unwrap();
    assert_eq!(red.triage.level, Level::Red);
    let cfg = config(&proxy.base(), "MRN-FOLLOWUP");
    let first = diary_sync::sync_now(&mut diary, &cfg, now()).unwrap();
    assert!(first.errors.is_empty(), "{:?}", first.errors);

    // An hour later "not yet", then what the team said; each goes with the next sync.
    let later = now() + Duration::hours(1);
    diary
        .answer_followup(red.id, FollowUpAnswer::NotYet, None, later)
        .unwrap();
    let said_at = later + Duration::minutes(40);
    diary
        .answer_followup(
            red.id,
            FollowUpAnswer::TheySaid,
            Some("Come to the day unit at 2 pm"),
            said_at,
        )
        .unwrap();
    assert_eq!(diary.outbox_waiting().unwrap(), 2);
    let r = diary_sync::sync_now(&mut diary, &cfg, said_at).unwrap();
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.waiting, 0);
    assert!(r
        .sent
        .iter()
        .all(|s| s.what.starts_with("follow-up answer")));

    let pid = patient_id(&hfs.base(), "MRN-FOLLOWUP");
    // The two answers (the red's E-2 escalation, raised at the hour's sync because nobody
    // opened the Task, is a Communication of its own category).
    let comms: Vec<Value> = search(&hfs.base(), &format!("Communication?subject=Patient/{pid}"))
        .into_iter()
        .filter(|c| c["category"][0]["coding"][0]["code"] == mapping::FOLLOWUP_CATEGORY)
        .collect();
    assert_eq!(comms.len(), 2);
    let server_cfg = diary_sync::ServerConfig::new(&hfs.base(), None).unwrap();
    let inbox = diary_sync::inbox(&server_cfg).unwrap();
    let item = inbox
        .iter()
        .find(|i| !i.followups.is_empty())
        .expect("the red alert shows its answers");
    assert_eq!(item.level, Level::Red);
    for c in &comms {
        assert_eq!(
            c["about"][0]["identifier"]["value"],
            item.alert_uid.as_str()
        );
    }
    let answers: Vec<&str> = item.followups.iter().map(|f| f.answer.as_str()).collect();
    // The answers, and between them the E-2 escalation (nobody opened the red's Task by
    // 30 minutes), in time order.
    assert_eq!(answers, ["team_not_opened", "not-yet", "they-said"]);
    assert!(
        item.followups[2]
            .words
            .contains("Come to the day unit at 2 pm"),
        "{:?}",
        item.followups
    );

    // The whole outbox once more: the same two Communications, no copies.
    raw(&path)
        .execute_batch("UPDATE outbox SET sent_utc = NULL;")
        .unwrap();
    let mut diary = Diary::open_with(&path, KeyPolicy::KeyFile).unwrap();
    let r = diary_sync::sync_now(&mut diary, &cfg, said_at).unwrap();
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let again = search(&hfs.base(), &format!("Communication?subject=Patient/{pid}"));
    assert_eq!(again.len(), 3, "a second send made copies");
    validate_all(&proxy.bodies());
}

/// An identifier holding a comma (FHIR search's "or") is escaped in the search and in
/// `ifNoneExist`: a second run finds the one Patient the first one made, a neighbour whose
/// identifier is the comma's first half is never matched, and a conditional create of the
/// same identifier finds the existing Patient. (hfs 0.2.7 unescapes `\,` and `\|` but not
/// `\$` or `\\`, which the spec also asks for: docs/fhir.md.)
#[test]
fn an_identifier_with_a_comma_finds_its_one_patient() {
    let hfs = fhir_test_server::start_or_skip!(Hfs::start());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("diary.sqlite");
    // The neighbour first, so that an unescaped comma would find them.
    let other = config(&hfs.base(), "urn:oid:1.2.3|MRN");
    let mut other_diary = diary_of(2, &dir.path().join("other.sqlite"));
    let r = diary_sync::sync_now(&mut other_diary, &other, now()).unwrap();
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let value = "MRN,7";
    let cfg = config(&hfs.base(), &format!("urn:oid:1.2.3|{value}"));
    let mut diary = diary_of(3, &path);
    let r = diary_sync::sync_now(&mut diary, &cfg, now()).unwrap();
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    raw(&path)
        .execute_batch("UPDATE outbox SET sent_utc = NULL;")
        .unwrap();
    let mut diary = Diary::open_with(&path, KeyPolicy::KeyFile).unwrap();
    let r = diary_sync::sync_now(&mut diary, &cfg, now()).unwrap();
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let client = plain_client(&hfs.base(), std::time::Duration::from_secs(30));
    let made = client
        .create_once(
            &mapping::patient_resource(&cfg.patient),
            &mapping::if_none_exist(&cfg.patient.system, &cfg.patient.value),
        )
        .unwrap();
    let patients = search(&hfs.base(), "Patient?_count=100");
    let ours: Vec<&Value> = patients
        .iter()
        .filter(|p| p["identifier"][0]["value"] == value)
        .collect();
    assert_eq!(ours.len(), 1, "{patients:?}");
    assert_eq!(made.status, 200, "the conditional create found the Patient");
    assert_eq!(patients.len(), 2, "{patients:?}");
    // Each diary's data went to its own Patient.
    let observations = search(
        &hfs.base(),
        &format!(
            "Observation?subject=Patient/{}&_count=500",
            ours[0]["id"].as_str().unwrap()
        ),
    );
    assert_eq!(observations.len(), expected(&diary).observations);
}

/// Issue 12, item 3: in `PatientMode::Confirmed` the app only finds the Patient, shows the
/// name and birth year the server holds ("Is this you?") and sends nothing until the
/// patient confirms; a mistyped identifier sends nothing and creates no Patient; creating
/// one is the care team's setting, off by default.
#[test]
fn a_patient_is_confirmed_before_anything_is_sent_and_a_mistyped_identifier_sends_nothing() {
    use diary_sync::{PatientCheck, PatientMode};
    let hfs = fhir_test_server::start_or_skip!(Hfs::start());
    let client = plain_client(&hfs.base(), std::time::Duration::from_secs(30));
    client
        .request(
            Method::POST,
            "Patient",
            &[],
            Some(&serde_json::json!({
                "resourceType": "Patient",
                "identifier": [{ "system": diary_core::store::DEFAULT_PATIENT_SYSTEM, "value": "MRN-CONFIRM" }],
                "name": [{ "given": ["Dilnoza"], "family": "Karimova" }],
                "birthDate": "1971-03-04"
            })),
            &[],
        )
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut diary = diary_of(3, &dir.path().join("diary.sqlite"));
    let waiting = diary.outbox_waiting().unwrap();
    let confirmed_cfg = |patient: &str| {
        let mut c = config(&hfs.base(), patient);
        c.patient_mode = PatientMode::Confirmed;
        c
    };
    let observations = || search(&hfs.base(), "Observation?_count=500").len();
    let patients = || search(&hfs.base(), "Patient?_count=100").len();

    // A mistyped identifier: nothing sent, no Patient made, said plainly.
    let typo = confirmed_cfg("MRN-CONFIRN");
    assert_eq!(
        diary_sync::check_patient(&diary, &typo).unwrap(),
        PatientCheck::NotFound {
            create_allowed: false
        }
    );
    let r = diary_sync::sync_now(&mut diary, &typo, now()).unwrap();
    assert_eq!(
        r.errors[0].code,
        diary_core::ErrorCode::NotFound,
        "{:?}",
        r.errors
    );
    assert!(
        r.errors[0].message.contains("nothing was sent"),
        "{:?}",
        r.errors
    );
    assert_eq!((patients(), observations()), (1, 0));
    assert_eq!(diary.outbox_waiting().unwrap(), waiting);

    // The right identifier: "Is this you?" with what the server holds; nothing is sent
    // before the patient confirms.
    let cfg = confirmed_cfg("MRN-CONFIRM");
    let PatientCheck::Ask(found) = diary_sync::check_patient(&diary, &cfg).unwrap() else {
        panic!("expected a Patient to confirm");
    };
    assert_eq!(found.name.as_deref(), Some("Dilnoza Karimova"));
    assert_eq!(found.birth_year, Some(1971));
    let r = diary_sync::sync_now(&mut diary, &cfg, now()).unwrap();
    assert_eq!(
        r.errors[0].code,
        diary_core::ErrorCode::InvalidField,
        "{:?}",
        r.errors
    );
    assert_eq!(observations(), 0);
    diary_sync::confirm_patient(&mut diary, &cfg, &found).unwrap();
    assert!(matches!(
        diary_sync::check_patient(&diary, &cfg).unwrap(),
        PatientCheck::Confirmed(_)
    ));
    let r = diary_sync::sync_now(&mut diary, &cfg, now()).unwrap();
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.waiting, 0);
    assert_eq!(observations(), expected(&diary).observations);
    assert_eq!(patients(), 1);

    // When the care team's setting lets the app create the Patient, a new identifier gets
    // one (identifier only), and it counts as confirmed.
    let mut other = diary_of(2, &dir.path().join("other.sqlite"));
    other.set_sync_create_patient(true).unwrap();
    let new = confirmed_cfg("MRN-NEW");
    let r = diary_sync::sync_now(&mut other, &new, now()).unwrap();
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(patients(), 2);
    assert!(matches!(
        diary_sync::check_patient(&other, &new).unwrap(),
        PatientCheck::Confirmed(_)
    ));
}

/// The attempts recorded on the waiting rows (the retry delays a run leaves behind).
fn attempts(path: &std::path::Path) -> Vec<i64> {
    let c = raw(path);
    let mut stmt = c
        .prepare("SELECT attempts FROM outbox WHERE sent_utc IS NULL ORDER BY id")
        .unwrap();
    let rows = stmt.query_map([], |r| r.get(0)).unwrap();
    rows.map(Result::unwrap).collect()
}

#[test]
fn a_hostile_server_meets_the_answer_size_cap_and_the_page_cap() {
    let hfs = fhir_test_server::start_or_skip!(Hfs::start());
    let proxy = Proxy::start(hfs.port);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("diary.sqlite");
    let mut diary = diary_of(5, &path);
    let waiting = diary.outbox_waiting().unwrap();

    // An answer larger than the cap: refused as it is read, nothing is marked sent.
    let mut cfg = config(&proxy.base(), "MRN-HOSTILE");
    cfg.client.max_response_bytes = 1 << 20;
    cfg.client.max_tries = 1;
    proxy.set_rule(|_, _, _| Fault::Huge(8 << 20));
    let r = diary_sync::sync_now(&mut diary, &cfg, now()).unwrap();
    assert_eq!(r.errors[0].code, "protocol", "{:?}", r.errors);
    assert!(
        r.errors[0].message.contains("larger than 1 MiB"),
        "{}",
        r.errors[0].message
    );
    assert_eq!(diary.outbox_waiting().unwrap(), waiting);

    // A search whose pages never end: exactly `max_pages` pages are asked for, no more.
    // (The answer cap back to its default: hfs's statement alone is over 1 MiB.)
    cfg.client.max_response_bytes = ClientOptions::default().max_response_bytes;
    cfg.client.max_pages = 5;
    // (The server's statement is read as it is; the searches never end.)
    let pages = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = pages.clone();
    proxy.set_rule(move |_, _, path| {
        if path.starts_with("/metadata") {
            Fault::Pass
        } else {
            counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Fault::EndlessPages
        }
    });
    let r = diary_sync::sync_now(&mut diary, &cfg, now()).unwrap();
    let asked = pages.load(std::sync::atomic::Ordering::SeqCst);
    assert_eq!(asked, 5, "pages asked for");
    assert_eq!(r.errors[0].code, "protocol", "{:?}", r.errors);
    assert!(
        r.errors[0].message.contains("past 5 pages"),
        "{:?}",
        r.errors
    );
    assert_eq!(diary.outbox_waiting().unwrap(), waiting);

    // The same server behaving again: everything goes.
    proxy.set_rule(|_, _, _| Fault::Pass);
    let r = diary_sync::sync_now(&mut diary, &cfg, now() + Duration::minutes(5)).unwrap();
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.waiting, 0);
}

#[test]
fn a_run_past_its_deadline_stops_says_so_and_leaves_the_rest_for_the_next_run() {
    let hfs = fhir_test_server::start_or_skip!(Hfs::start());
    let proxy = Proxy::start(hfs.port);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("diary.sqlite");
    let mut diary = diary_of(20, &path);
    let mut cfg = config(&proxy.base(), "MRN-SLOW");
    cfg.policy.batch_units = 1;
    cfg.client.run_deadline = std::time::Duration::from_secs(5);
    // Every answer takes 0.5 s more: the patient search, its creation and a few bundles fit
    // in 5 s (even on a busy machine), twenty do not.
    proxy.set_rule(|_, _, _| Fault::Slow(std::time::Duration::from_millis(500)));
    let start = Instant::now();
    let r = diary_sync::sync_now(&mut diary, &cfg, now()).unwrap();
    let took = start.elapsed();
    assert!(!r.sent.is_empty(), "some went before the deadline");
    assert!(r.waiting > 0, "the rest waits");
    let last = r.errors.last().expect("the run says why it stopped");
    assert_eq!(last.code, "time_up", "{:?}", r.errors);
    println!("deadline: {} (after {took:?})", last.message);
    assert!(
        last.message.contains("stopped after 5 s"),
        "{}",
        last.message
    );
    assert!(took < std::time::Duration::from_secs(9), "{took:?}");
    let status = diary.sync_status(now()).unwrap();
    assert_eq!(status.last_error_code, Some(diary_core::ErrorCode::TimeUp));
    // The rows left were not failed: no retry delay holds them back.
    assert!(
        attempts(&path).iter().all(|&a| a == 0),
        "{:?}",
        attempts(&path)
    );

    // An answer trickled a byte at a time is cut off at the deadline too.
    cfg.client.run_deadline = std::time::Duration::from_secs(2);
    proxy.set_rule(|_, m, _| {
        if m == "POST" {
            Fault::Trickle(std::time::Duration::from_millis(20))
        } else {
            Fault::Pass
        }
    });
    let start = Instant::now();
    let r = diary_sync::sync_now(&mut diary, &cfg, now() + Duration::minutes(1)).unwrap();
    assert_eq!(r.errors.last().unwrap().code, "time_up", "{:?}", r.errors);
    assert!(start.elapsed() < std::time::Duration::from_secs(5));

    // The next run, on a server that answers, sends the rest, once.
    proxy.set_rule(|_, _, _| Fault::Pass);
    cfg.client.run_deadline = std::time::Duration::from_secs(120);
    let r = diary_sync::sync_now(&mut diary, &cfg, now() + Duration::minutes(2)).unwrap();
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.waiting, 0);
    let pid = patient_id(&hfs.base(), "MRN-SLOW");
    assert_complete(&hfs.base(), &pid, &diary);
}

#[test]
fn a_unit_refused_again_and_again_is_set_aside_shown_and_tried_again_on_request() {
    let hfs = fhir_test_server::start_or_skip!(Hfs::start());
    let proxy = Proxy::start(hfs.port);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("diary.sqlite");
    let diary = diary_of(10, &path);
    // Spoil one ordinary report so the real server refuses it (an empty FHIR string).
    let (bad_id, bad_uid, ruleset): (i64, String, String) = {
        let c = raw(&path);
        let row = c
            .query_row(
                "SELECT id, uid, ruleset FROM reports WHERE level != 'red' ORDER BY id LIMIT 1 OFFSET 2",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        c.execute("UPDATE reports SET ruleset = '' WHERE id = ?1", [row.0])
            .unwrap();
        row
    };
    drop(diary);
    let mut diary = Diary::open_with(&path, KeyPolicy::KeyFile).unwrap();
    let bad_rows = 1 + diary.report(bad_id).unwrap().unwrap().triage.alerts.len();
    let cfg = config(&proxy.base(), "MRN-ASIDE");
    let panel = format!("{}|{bad_uid}", mapping::SID_REPORT);
    let tries = || {
        proxy
            .bundles()
            .iter()
            .filter(|b| {
                b["entry"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|e| ident(&e["resource"]) == panel)
            })
            .count()
    };

    // Refused three times ("Send now" each time): waiting, then set aside.
    for run in 1..=3 {
        let r = diary_sync::sync_now(&mut diary, &cfg, now() + Duration::minutes(run)).unwrap();
        assert_eq!(r.errors.last().unwrap().code, "rejected", "{:?}", r.errors);
        let s = diary.sync_status(now()).unwrap();
        if run < 3 {
            // Its rows wait, and so does its ended week's summary.
            assert_eq!((r.set_aside, s.set_aside), (0, 0));
            assert_eq!(diary.outbox_waiting().unwrap(), bad_rows);
            assert_eq!(s.waiting, bad_rows + 1);
        } else {
            // Set aside with its week's summary: nothing else waits.
            assert_eq!((r.set_aside, s.set_aside, s.waiting), (1, 1, 0));
        }
    }
    let sent_so_far = tries();

    // Set aside, it is not sent again, and a red report saved now still goes at once.
    let off = FixedOffset::east_opt(5 * 3600).unwrap();
    let mut red = Report::new(off.with_ymd_and_hms(2026, 11, 27, 16, 0, 0).unwrap());
    red.temperature_c = Some(39.2);
    red.signs = vec![Sign::Shivering];
    let hot = diary.add_report(red, now()).unwrap();
    assert_eq!(hot.triage.level, Level::Red);
    let r = diary_sync::sync(
        &mut diary,
        &cfg,
        diary_sync::Trigger::Scheduled,
        now() + Duration::minutes(4),
    )
    .unwrap();
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert!(
        r.sent.iter().any(|s| s.what.contains("(red)")),
        "{:?}",
        r.sent
    );
    assert_eq!(tries(), sent_so_far, "a set-aside unit is not sent");
    assert_eq!(diary.sync_status(now()).unwrap().set_aside, 1);

    // "Try again" (the care team fixed their server; here, the row): it goes.
    raw(&path)
        .execute(
            "UPDATE reports SET ruleset = ?2 WHERE id = ?1",
            rusqlite::params![bad_id, ruleset],
        )
        .unwrap();
    assert_eq!(diary.sync_retry_set_aside().unwrap(), bad_rows);
    let r = diary_sync::sync_now(&mut diary, &cfg, now() + Duration::minutes(5)).unwrap();
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!((r.waiting, r.set_aside), (0, 0));
    assert_eq!(diary.sync_status(now()).unwrap().set_aside, 0);
    let pid = patient_id(&hfs.base(), "MRN-ASIDE");
    assert_complete(&hfs.base(), &pid, &diary);
}
