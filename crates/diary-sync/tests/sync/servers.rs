//! The same sync over every FHIR server the tests can start ([`Server::ALL`]: the Helios
//! FHIR Server and Medplum's FHIR router, two implementations that share no code), so the
//! diary is proved portable rather than fitted to one server: each server's
//! CapabilityStatement is read and gives the expected write strategy (and agrees with the
//! statement saved as a fixture), a diary round-trips, a second send makes no copies and
//! keeps the care team's acknowledgement, and a server that refuses bundles over a few
//! entries (the proxy's [`Fault::RefuseOver`]) still gets everything exactly once, the
//! Observations before the Tasks that point at them, red first. Both servers are
//! required: a missing one fails with the setup script's hint.

use super::*;
use diary_sync::capability::{self, BundleKind, Strategy};
use fhir_test_server::Server;

const FIXTURES: [(Server, &str); 2] = [
    (
        Server::Hfs,
        include_str!("../fixtures/capability/hfs-0.2.7.json"),
    ),
    (
        Server::Medplum,
        include_str!("../fixtures/capability/medplum-fhir-router-4.5.2.json"),
    ),
];

#[test]
fn every_server_states_what_it_takes_and_the_diary_keeps_its_choice() {
    for (server, fixture) in FIXTURES {
        let running = fhir_test_server::start_or_skip!(server.start(), continue);
        let client = plain_client(&running.base(), std::time::Duration::from_secs(30));
        let live = capability::read(&client).unwrap();
        let name = server.name();
        assert_eq!(live.strategy, Some(Strategy::UpdateAsCreate), "{name}");
        assert_eq!(live.bundle, Some(BundleKind::Transaction), "{name}");
        assert!(live.usable(), "{name}: {:?}", live.missing);
        println!(
            "{name}: {} (FHIR {}): {:?}, {:?}",
            live.software, live.fhir_version, live.strategy, live.bundle
        );
        // The saved statement is still what the server says.
        let saved = capability::profile(&serde_json::from_str(fixture).unwrap(), client.base());
        assert_eq!(saved, live, "{name}: the fixture is stale");

        // A sync reads it once and keeps it with the sync state.
        let dir = tempfile::tempdir().unwrap();
        let mut diary = diary_of(3, &dir.path().join("diary.sqlite"));
        let r =
            diary_sync::sync_now(&mut diary, &config(&running.base(), "MRN-CAP"), now()).unwrap();
        assert!(r.errors.is_empty(), "{name}: {:?}", r.errors);
        let kept = diary
            .sync_server_profile()
            .unwrap()
            .expect("a saved profile");
        assert_eq!(kept["strategy"], "update-as-create", "{name}");
        assert_eq!(kept["server_url"], running.base().as_str(), "{name}");
    }
}

#[test]
fn a_diary_round_trips_on_every_server_and_a_second_send_makes_no_copies() {
    for server in Server::ALL {
        let name = server.name();
        let running = fhir_test_server::start_or_skip!(server.start(), continue);
        let proxy = Proxy::start(running.port());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("diary.sqlite");
        let mut diary = diary_of(40, &path);
        let cfg = config(&proxy.base(), "MRN-PORTABLE");
        let r = diary_sync::sync_now(&mut diary, &cfg, now()).unwrap();
        assert!(r.errors.is_empty(), "{name}: {:?}", r.errors);
        let base = running.base();
        let pid = patient_id(&base, "MRN-PORTABLE");
        let first = assert_complete(&base, &pid, &diary);

        // What the care team reads back is what was sent.
        let sent = sent_resources(&proxy);
        for (ty, list) in &first {
            for got in list {
                let s = sent
                    .get(&(ty.clone(), ident(got)))
                    .unwrap_or_else(|| panic!("{name}: {ty} {} was not sent", ident(got)));
                let (mut a, mut b) = (normalised(got), normalised(s));
                if ty == "Task" {
                    a.as_object_mut().unwrap().remove("id");
                    b.as_object_mut().unwrap().remove("id");
                }
                assert_eq!(
                    a,
                    b,
                    "{name}: {ty} {} differs from what was sent",
                    ident(got)
                );
            }
        }

        // A clinician acknowledges one alert; the whole outbox goes again.
        let server_cfg = diary_sync::ServerConfig::new(&base, None).unwrap();
        let inbox = diary_sync::inbox(&server_cfg).unwrap();
        assert_eq!(inbox.len(), expected(&diary).tasks, "{name}: the inbox");
        let acked = diary_sync::ack(&server_cfg, &inbox[0].id, now()).unwrap();
        assert!(acked.changed, "{name}");
        {
            let c = raw(&path);
            c.execute_batch("UPDATE outbox SET sent_utc = NULL; UPDATE sync_weeks SET dirty = 1;")
                .unwrap();
        }
        let mut diary = Diary::open_with(&path, KeyPolicy::KeyFile).unwrap();
        let r = diary_sync::sync_now(&mut diary, &cfg, now()).unwrap();
        assert!(r.errors.is_empty(), "{name}: {:?}", r.errors);
        assert!(!r.sent.is_empty(), "{name}: the second run really sent");
        let second = assert_complete(&base, &pid, &diary);
        for ty in ["Observation", "Task", "DiagnosticReport"] {
            assert_eq!(
                first[ty].len(),
                second[ty].len(),
                "{name}: {ty}: a second send made copies"
            );
        }
        let task = second["Task"]
            .iter()
            .find(|t| t["id"] == acked.id.as_str())
            .unwrap();
        // Acknowledged = seen (accepted, businessStatus "seen"); closing is a second step.
        assert_eq!(task["status"], "accepted", "{name}: the ack was kept");
        assert_eq!(
            task["businessStatus"]["coding"][0]["code"], "seen",
            "{name}: the ack was kept"
        );
        assert_eq!(r.newly_seen, 1, "{name}");
        validate_all(&proxy.bodies());
    }
}

/// In which accepted bundle (by order) each resource arrived: (type, identifier) → index.
fn arrival(proxy: &Proxy, max: usize) -> HashMap<(String, String), usize> {
    let mut out = HashMap::new();
    let accepted = proxy
        .bundles()
        .into_iter()
        .filter(|b| b["entry"].as_array().unwrap().len() <= max);
    for (i, b) in accepted.enumerate() {
        for e in b["entry"].as_array().unwrap() {
            let r = &e["resource"];
            out.entry((r["resourceType"].as_str().unwrap().to_string(), ident(r)))
                .or_insert(i);
        }
    }
    out
}

#[test]
fn a_server_that_refuses_large_bundles_gets_everything_once_in_order() {
    const MAX: usize = 3;
    for server in Server::ALL {
        let name = server.name();
        let running = fhir_test_server::start_or_skip!(server.start(), continue);
        let proxy = Proxy::start(running.port());
        proxy.set_rule(|_, method, _| {
            if method == "POST" {
                Fault::RefuseOver(MAX)
            } else {
                Fault::Pass
            }
        });
        let dir = tempfile::tempdir().unwrap();
        let mut diary = diary_of(35, &dir.path().join("diary.sqlite"));
        let waiting = diary.outbox_waiting().unwrap();
        let r =
            diary_sync::sync_now(&mut diary, &config(&proxy.base(), "MRN-SMALL"), now()).unwrap();
        assert!(r.errors.is_empty(), "{name}: {:?}", r.errors);
        assert_eq!(
            r.sent.len(),
            waiting,
            "{name}: every row once in the report"
        );
        assert!(
            proxy.faults.load(std::sync::atomic::Ordering::SeqCst) > 0,
            "{name}: bundles were refused"
        );
        // Exactly once: everything is there, and no identifier twice (on_server checks).
        let base = running.base();
        let pid = patient_id(&base, "MRN-SMALL");
        let got = assert_complete(&base, &pid, &diary);

        let at = arrival(&proxy, MAX);
        // Every Task arrived after, or with, the Observations it points at.
        let obs_by_id: HashMap<&str, &Value> = got["Observation"]
            .iter()
            .map(|o| (o["id"].as_str().unwrap(), o))
            .collect();
        for t in &got["Task"] {
            let task_at = at[&("Task".to_string(), ident(t))];
            let focus = t["focus"]["reference"].as_str().unwrap();
            let o = obs_by_id[focus.trim_start_matches("Observation/")];
            let obs_at = at[&("Observation".to_string(), ident(o))];
            assert!(
                obs_at <= task_at,
                "{name}: Task {} (bundle {task_at}) before its Observation (bundle {obs_at})",
                ident(t)
            );
        }
        // Red first: every Task of a red report (its red alerts and any amber beside them)
        // arrived before any Task of another report.
        let red_reports: std::collections::HashSet<&Value> = got["Task"]
            .iter()
            .filter(|t| t["priority"] == "stat")
            .map(|t| &t["focus"]["reference"])
            .collect();
        let (red, other): (Vec<&Value>, Vec<&Value>) = got["Task"]
            .iter()
            .partition(|t| red_reports.contains(&t["focus"]["reference"]));
        assert!(!red.is_empty() && !other.is_empty(), "{name}");
        let last_red = red
            .iter()
            .map(|t| at[&("Task".to_string(), ident(t))])
            .max()
            .unwrap();
        let first_other = other
            .iter()
            .map(|t| at[&("Task".to_string(), ident(t))])
            .min()
            .unwrap();
        assert!(last_red < first_other, "{name}: red first");
        println!(
            "{name}: {} resources in {} accepted bundles of at most {MAX} entries, {} refused",
            at.len(),
            r.bundles,
            proxy.faults.load(std::sync::atomic::Ordering::SeqCst)
        );
    }
}

/// The conditional strategies, which neither server needs (both take update as create),
/// chosen by saving them as the diary's kept profile for this server: the bundles they
/// write are accepted by both real servers, a resend makes no copies, a Task points at
/// the server's id of the panel sent in the same bundle, and a weekly summary (sent in a
/// bundle of its own, after its panels) names its panels by their identifiers, never by an
/// id the server does not hold. Twelve days reach back into two finished weeks.
#[test]
fn the_conditional_strategies_are_taken_by_every_server() {
    for server in Server::ALL {
        for strategy in [Strategy::ConditionalUpdate, Strategy::ConditionalCreate] {
            let name = format!("{} {strategy:?}", server.name());
            let running = fhir_test_server::start_or_skip!(server.start(), continue);
            let base = running.base();
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("diary.sqlite");
            let mut diary = diary_of(12, &path);
            let kept = capability::ServerProfile {
                strategy: Some(strategy),
                ..capability::ServerProfile::assumed(&base)
            };
            diary
                .set_sync_server_profile(&serde_json::to_value(&kept).unwrap())
                .unwrap();
            let cfg = config(&base, "MRN-COND");
            let r = diary_sync::sync_now(&mut diary, &cfg, now()).unwrap();
            assert!(r.errors.is_empty(), "{name}: {:?}", r.errors);
            let pid = patient_id(&base, "MRN-COND");
            let first = assert_complete(&base, &pid, &diary);
            assert!(!first["Task"].is_empty(), "{name}: the red day's alerts");
            let summaries = &first["DiagnosticReport"];
            assert_eq!(summaries.len(), 2, "{name}: two finished weeks");
            // Every result of a summary names a panel the server holds, by identifier.
            let panels: std::collections::HashSet<String> = first["Observation"]
                .iter()
                .filter_map(|o| {
                    let i = o["identifier"].as_array()?.first()?;
                    (i["system"] == diary_sync::mapping::SID_REPORT)
                        .then(|| i["value"].as_str().unwrap_or("").to_string())
                })
                .collect();
            for d in summaries {
                let results = d["result"].as_array().expect("a summary lists its reports");
                assert!(!results.is_empty(), "{name}: {d}");
                for r in results {
                    assert!(
                        r.get("reference").is_none(),
                        "{name}: {r}: an id of the diary"
                    );
                    let value = r["identifier"]["value"].as_str().unwrap();
                    assert!(
                        panels.contains(value),
                        "{name}: {value} is not on the server"
                    );
                }
            }
            // Every Task's focus is a panel the server holds (its own id, rewritten from
            // the bundle's urn:uuid).
            let ids: std::collections::HashSet<String> = first["Observation"]
                .iter()
                .map(|o| format!("Observation/{}", o["id"].as_str().unwrap()))
                .collect();
            for t in &first["Task"] {
                let focus = t["focus"]["reference"].as_str().unwrap();
                assert!(
                    ids.contains(focus),
                    "{name}: Task focus {focus} is not on the server"
                );
            }
            // A second send of everything makes no copies.
            {
                let c = raw(&path);
                c.execute_batch(
                    "UPDATE outbox SET sent_utc = NULL; UPDATE sync_weeks SET sent_utc = NULL, dirty = 1;",
                )
                .unwrap();
            }
            let mut diary = Diary::open_with(&path, KeyPolicy::KeyFile).unwrap();
            let r = diary_sync::sync_now(&mut diary, &cfg, now()).unwrap();
            assert!(r.errors.is_empty(), "{name}: {:?}", r.errors);
            assert_eq!(r.summaries, 2, "{name}: the summaries were sent again");
            let second = assert_complete(&base, &pid, &diary);
            for ty in ["Observation", "Task", "DiagnosticReport"] {
                assert_eq!(first[ty].len(), second[ty].len(), "{name}: {ty} copies");
            }
        }
    }
}

/// The statement is read once per server: a second run uses the kept profile, a new
/// address is read again, and a server without a `/metadata` (404) is written to as before.
#[test]
fn the_statement_is_read_once_per_server_and_its_absence_is_no_obstacle() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    for server in Server::ALL {
        let name = server.name();
        let running = fhir_test_server::start_or_skip!(server.start(), continue);
        let dir = tempfile::tempdir().unwrap();
        let mut diary = diary_of(9, &dir.path().join("diary.sqlite"));
        let reads = Arc::new(AtomicUsize::new(0));
        let first = Proxy::start(running.port());
        let counter = reads.clone();
        first.set_rule(move |_, method, path| {
            if method == "GET" && path.starts_with("/metadata") {
                counter.fetch_add(1, Ordering::SeqCst);
            }
            Fault::Pass
        });
        let cfg = config(&first.base(), "MRN-META");
        for minutes in [0, 5] {
            let r =
                diary_sync::sync_now(&mut diary, &cfg, now() + Duration::minutes(minutes)).unwrap();
            assert!(r.errors.is_empty(), "{name}: {:?}", r.errors);
        }
        assert_eq!(reads.load(Ordering::SeqCst), 1, "{name}: read once");

        // Another address, which has no statement: read again, assumed, everything sent.
        let second = Proxy::start(running.port());
        second.set_rule(|_, method, path| {
            if method == "GET" && path.starts_with("/metadata") {
                Fault::Status(404)
            } else {
                Fault::Pass
            }
        });
        {
            let c = raw(&dir.path().join("diary.sqlite"));
            c.execute_batch("UPDATE outbox SET sent_utc = NULL;")
                .unwrap();
        }
        let mut diary =
            Diary::open_with(&dir.path().join("diary.sqlite"), KeyPolicy::KeyFile).unwrap();
        let r =
            diary_sync::sync_now(&mut diary, &config(&second.base(), "MRN-META"), now()).unwrap();
        assert!(r.errors.is_empty(), "{name}: {:?}", r.errors);
        assert!(
            second.faults.load(Ordering::SeqCst) == 1,
            "{name}: /metadata was asked"
        );
        let kept = diary.sync_server_profile().unwrap().unwrap();
        assert_eq!(kept["server_url"], second.base().as_str(), "{name}");
        assert_eq!(kept["software"], "not stated", "{name}");
        let pid = patient_id(&running.base(), "MRN-META");
        assert_complete(&running.base(), &pid, &diary);
    }
}

/// A server that cannot take the diary (its statement, changed in transit by the proxy,
/// says FHIR 5.0.0): nothing is sent, not even the Patient search, every row stays
/// waiting, and the status says why in one line; once the statement is R4 again, the next
/// run reads it again and sends everything.
#[test]
fn a_server_that_cannot_take_the_diary_gets_nothing_and_the_status_says_why() {
    let hfs = fhir_test_server::start_or_skip!(Hfs::start());
    let proxy = Proxy::start(hfs.port);
    let mut r5: Value = serde_json::from_str(FIXTURES[0].1).unwrap();
    r5["fhirVersion"] = "5.0.0".into();
    let r5: &'static str = Box::leak(r5.to_string().into_boxed_str());
    proxy.set_rule(move |_, method, path| {
        if method == "GET" && path.starts_with("/metadata") {
            Fault::Answer(r5)
        } else {
            Fault::Pass
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let mut diary = diary_of(5, &dir.path().join("diary.sqlite"));
    let waiting = diary.outbox_waiting().unwrap();
    let cfg = config(&proxy.base(), "MRN-R5");
    let r = diary_sync::sync_now(&mut diary, &cfg, now()).unwrap();
    assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
    assert_eq!(r.errors[0].code, "rejected");
    let want = "the care team's server (Helios FHIR Server 0.2.7, FHIR 5.0.0) cannot take the \
                diary: it speaks FHIR 5.0.0; the diary needs FHIR R4 (4.0.x)";
    assert!(
        r.errors[0].message.contains(want),
        "{}",
        r.errors[0].message
    );
    assert!(r.sent.is_empty());
    assert_eq!(diary.outbox_waiting().unwrap(), waiting);
    assert_eq!(
        proxy.requests.load(std::sync::atomic::Ordering::SeqCst),
        1,
        "only /metadata was asked"
    );
    let status = diary.sync_status(now()).unwrap();
    assert!(status.last_error.unwrap().contains(want));

    proxy.set_rule(|_, _, _| Fault::Pass);
    let r = diary_sync::sync_now(&mut diary, &cfg, now() + Duration::minutes(5)).unwrap();
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.sent.len(), waiting);
    let pid = patient_id(&hfs.base(), "MRN-R5");
    assert_complete(&hfs.base(), &pid, &diary);
}

/// The A-NO-REPORT Tasks the server holds for the patient `pid`.
fn no_report_tasks(base: &str, pid: &str) -> Vec<Value> {
    search(base, &format!("Task?subject=Patient/{pid}&_count=100"))
        .into_iter()
        .filter(|t| t["reasonCode"]["coding"][0]["code"] == "A-NO-REPORT")
        .collect()
}

/// A quiet report at `at` (screened, nothing to say): it raises no alert of its own.
fn quiet_report(diary: &mut Diary, at: DateTime<Utc>) {
    let mut r = Report::new(at.with_timezone(&FixedOffset::east_opt(5 * 3600).unwrap()));
    r.screened = true;
    let saved = diary.add_report(r, at).unwrap();
    assert!(saved.triage.alerts.is_empty(), "{:?}", saved.triage);
}

/// A-NO-REPORT reaches the care team on every server (issue 12, item 5): a diary whose last
/// report is 73 hours old sends one Task, amber in the inbox with the rule and no report
/// lines; a second run (and a second send of the whole outbox) makes no copy; a new report
/// and another 73 hours of silence make a second Task.
#[test]
fn a_silent_diary_sends_one_no_report_task_per_silence_on_every_server() {
    for server in Server::ALL {
        let name = server.name();
        let running = fhir_test_server::start_or_skip!(server.start(), continue);
        let proxy = Proxy::start(running.port());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("diary.sqlite");
        let mut diary = Diary::open_with(&path, KeyPolicy::KeyFile).unwrap();
        quiet_report(&mut diary, now() - Duration::hours(73));
        let cfg = config(&proxy.base(), "MRN-SILENT");
        let r = diary_sync::sync_now(&mut diary, &cfg, now()).unwrap();
        assert!(r.errors.is_empty(), "{name}: {:?}", r.errors);
        assert_eq!(r.waiting, 0, "{name}");
        assert!(
            r.sent.iter().any(|s| s.what.contains("A-NO-REPORT")),
            "{name}: {:?}",
            r.sent
        );
        let base = running.base();
        let pid = patient_id(&base, "MRN-SILENT");
        let tasks = no_report_tasks(&base, &pid);
        assert_eq!(tasks.len(), 1, "{name}: one A-NO-REPORT Task");
        let t = &tasks[0];
        assert_eq!(t["status"], "requested", "{name}");
        assert_eq!(t["priority"], "urgent", "{name}");
        assert_eq!(t["for"]["reference"], format!("Patient/{pid}"), "{name}");
        assert!(t.get("focus").is_none(), "{name}: no report, no focus");
        let episodes = diary.no_report_episodes().unwrap();
        assert_eq!(episodes.len(), 1, "{name}");
        assert_eq!(
            ident(t),
            format!("{}|{}", mapping::SID_ALERT, episodes[0].uid)
        );

        // The care team's inbox lists it: amber, the rule, the silence in words.
        let server_cfg = diary_sync::ServerConfig::new(&base, None).unwrap();
        let inbox = diary_sync::inbox(&server_cfg).unwrap();
        let items: Vec<_> = inbox.iter().filter(|i| i.rule == "A-NO-REPORT").collect();
        assert_eq!(items.len(), 1, "{name}: {inbox:?}");
        let item = items[0];
        assert_eq!(item.level, Level::Amber, "{name}");
        assert_eq!(item.subject, "reporting", "{name}");
        assert_eq!(item.patient_ref, format!("Patient/{pid}"), "{name}");
        assert!(
            item.detail
                .starts_with("No report for 3 days, last report "),
            "{name}: {}",
            item.detail
        );
        assert!(item.report.is_empty() && item.note.is_none(), "{name}");

        // A second run a quarter of an hour later makes no copy; nor does sending the
        // whole outbox again.
        let r = diary_sync::sync_now(&mut diary, &cfg, now() + Duration::minutes(15)).unwrap();
        assert!(r.errors.is_empty(), "{name}: {:?}", r.errors);
        assert!(
            !r.sent.iter().any(|s| s.what.contains("A-NO-REPORT")),
            "{name}"
        );
        {
            let c = raw(&path);
            c.execute_batch("UPDATE outbox SET sent_utc = NULL;")
                .unwrap();
        }
        let mut diary = Diary::open_with(&path, KeyPolicy::KeyFile).unwrap();
        let r = diary_sync::sync_now(&mut diary, &cfg, now() + Duration::minutes(30)).unwrap();
        assert!(r.errors.is_empty(), "{name}: {:?}", r.errors);
        assert_eq!(no_report_tasks(&base, &pid).len(), 1, "{name}: no copy");
        assert_eq!(diary.no_report_episodes().unwrap().len(), 1, "{name}");

        // A report ends the silence; 73 hours after it, a second Task.
        let back = now() + Duration::hours(1);
        quiet_report(&mut diary, back);
        let r = diary_sync::sync_now(&mut diary, &cfg, back + Duration::minutes(5)).unwrap();
        assert!(r.errors.is_empty(), "{name}: {:?}", r.errors);
        assert_eq!(no_report_tasks(&base, &pid).len(), 1, "{name}");
        let later = back + Duration::hours(73);
        let r = diary_sync::sync_now(&mut diary, &cfg, later).unwrap();
        assert!(r.errors.is_empty(), "{name}: {:?}", r.errors);
        let tasks = no_report_tasks(&base, &pid);
        assert_eq!(tasks.len(), 2, "{name}: one Task per silence");
        assert_ne!(ident(&tasks[0]), ident(&tasks[1]), "{name}");
        let inbox = diary_sync::inbox(&server_cfg).unwrap();
        assert_eq!(
            inbox.iter().filter(|i| i.rule == "A-NO-REPORT").count(),
            2,
            "{name}"
        );
        validate_all(&proxy.bodies());
    }
}

/// A lab-only amber reaches the care team on every server (issue 21, item 1): platelets 20
/// entered on their own send the result and one A-LAB Task whose `focus` is that result's
/// Observation; the inbox lists it amber; the care team's acknowledgement comes back to the
/// diary at the next sync; sending the whole outbox again makes no copy.
#[test]
fn a_lab_only_amber_reaches_every_server_as_a_task_on_its_lab_result() {
    for server in Server::ALL {
        let name = server.name();
        let running = fhir_test_server::start_or_skip!(server.start(), continue);
        let base = running.base();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("diary.sqlite");
        let mut diary = Diary::open_with(&path, KeyPolicy::KeyFile).unwrap();
        let lab = LabResult {
            id: None,
            taken_on: now().date_naive(),
            test: LabTest::Platelets,
            value: 20.0,
            unit: LabUnit::E9PerL,
            ref_low: Some(150.0),
            ref_high: None,
            baseline: None,
        };
        diary.add_lab(&lab, now()).unwrap();
        let kept = diary.lab_alerts().unwrap();
        assert_eq!(kept.len(), 1, "{name}");
        let cfg = config(&base, "MRN-LAB");
        let r = diary_sync::sync_now(&mut diary, &cfg, now()).unwrap();
        assert!(r.errors.is_empty(), "{name}: {:?}", r.errors);
        assert_eq!(r.waiting, 0, "{name}");
        let pid = patient_id(&base, "MRN-LAB");
        let tasks: Vec<Value> = search(&base, &format!("Task?subject=Patient/{pid}&_count=100"))
            .into_iter()
            .filter(|t| t["reasonCode"]["coding"][0]["code"] == "A-LAB")
            .collect();
        assert_eq!(tasks.len(), 1, "{name}: one A-LAB Task");
        let t = &tasks[0];
        assert_eq!(t["priority"], "urgent", "{name}");
        assert_eq!(
            ident(t),
            format!("{}|{}", mapping::SID_ALERT, kept[0].uid),
            "{name}"
        );
        // Its focus is the lab result's Observation, as the server holds it.
        let labs = search(
            &base,
            &format!("Observation?subject=Patient/{pid}&category=laboratory"),
        );
        assert_eq!(labs.len(), 1, "{name}: the lab result itself");
        let focus = t["focus"]["reference"].as_str().unwrap_or_default();
        assert_eq!(
            focus,
            format!("Observation/{}", labs[0]["id"].as_str().unwrap()),
            "{name}: {t}"
        );

        // The care team sees it in the inbox and acknowledges it; the diary learns it.
        let server_cfg = diary_sync::ServerConfig::new(&base, None).unwrap();
        let inbox = diary_sync::inbox(&server_cfg).unwrap();
        let item = inbox
            .iter()
            .find(|i| i.rule == "A-LAB")
            .unwrap_or_else(|| panic!("{name}: A-LAB in the inbox: {inbox:?}"));
        assert_eq!(item.level, Level::Amber, "{name}");
        assert!(
            diary_sync::ack(&server_cfg, &item.id, now())
                .unwrap()
                .changed,
            "{name}"
        );
        {
            let c = raw(&path);
            c.execute_batch("UPDATE outbox SET sent_utc = NULL;")
                .unwrap();
        }
        let mut diary = Diary::open_with(&path, KeyPolicy::KeyFile).unwrap();
        let r = diary_sync::sync_now(&mut diary, &cfg, now() + Duration::minutes(20)).unwrap();
        assert!(r.errors.is_empty(), "{name}: {:?}", r.errors);
        assert_eq!(r.newly_seen, 1, "{name}: the acknowledgement came back");
        assert!(
            diary.lab_alerts().unwrap()[0].seen_by_team_at.is_some(),
            "{name}"
        );
        let again = search(&base, &format!("Task?subject=Patient/{pid}&_count=100"))
            .into_iter()
            .filter(|t| t["reasonCode"]["coding"][0]["code"] == "A-LAB")
            .count();
        assert_eq!(again, 1, "{name}: no copy");
    }
}

/// A message with a photo reaches every server as a Communication with the photo attached
/// (its metadata removed), the care team lists it and replies, the reply comes back to the
/// diary at the next sync, once; a reply to another patient's message is not kept.
#[test]
fn a_message_with_a_photo_reaches_every_server_and_the_reply_comes_back() {
    use base64::Engine;
    use diary_core::conversation::Direction;
    for server in Server::ALL {
        let name = server.name();
        let running = fhir_test_server::start_or_skip!(server.start(), continue);
        let base = running.base();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("diary.sqlite");
        let mut diary = Diary::open_with(&path, KeyPolicy::KeyFile).unwrap();
        // A PNG with a place in a text chunk, which must not leave the diary.
        let png = fhir_test_server::images::png_with_a_place();
        let sent = diary
            .send_message(
                "The rash on my hands is worse. Photo attached.",
                Some(&png),
                Reporter::Caregiver,
                now(),
            )
            .unwrap();
        let cfg = config(&base, "MRN-MESSAGE");
        let r = diary_sync::sync_now(&mut diary, &cfg, now()).unwrap();
        assert!(r.errors.is_empty(), "{name}: {:?}", r.errors);
        assert_eq!(r.waiting, 0, "{name}");
        assert!(
            r.sent.iter().any(|s| s.what.ends_with("with a photo")),
            "{name}: {:?}",
            r.sent
        );
        let pid = patient_id(&base, "MRN-MESSAGE");
        let comms = search(&base, &format!("Communication?subject=Patient/{pid}"));
        assert_eq!(comms.len(), 1, "{name}");
        let photo = &comms[0]["payload"][1]["contentAttachment"];
        assert_eq!(photo["contentType"], "image/png", "{name}");
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(photo["data"].as_str().unwrap())
            .unwrap();
        assert_eq!(bytes, sent.photo.clone().unwrap().bytes, "{name}");
        assert!(
            !fhir_test_server::images::names_the_place(&bytes),
            "{name}: the place was sent"
        );

        // The care team lists it and replies.
        let mut server_cfg = diary_sync::ServerConfig::new(&base, None).unwrap();
        server_cfg.who = Some("Nurse Aziza".into());
        let listed = diary_sync::messages::patient_messages(&server_cfg).unwrap();
        let m = listed
            .iter()
            .find(|m| m.uid == sent.uid)
            .unwrap_or_else(|| panic!("{name}: {listed:?}"));
        assert_eq!(m.patient, format!("Patient/{pid}"), "{name}");
        assert_eq!(
            m.photo.as_ref().map(|p| p.content_type.as_str()),
            Some("image/png")
        );
        let bad =
            diary_sync::messages::reply(&server_cfg, "message-nobody", "Hello", now()).unwrap_err();
        assert!(bad.to_string().contains("message"), "{name}: {bad}");
        let uid = diary_sync::messages::reply(
            &server_cfg,
            &sent.uid,
            "Use the cream twice a day. Come in on Monday.",
            now() + Duration::minutes(30),
        )
        .unwrap();
        let listed = diary_sync::messages::patient_messages(&server_cfg).unwrap();
        let m = listed.iter().find(|m| m.uid == sent.uid).unwrap();
        assert_eq!(
            m.replies,
            [(
                Some("Nurse Aziza".to_string()),
                "Use the cream twice a day. Come in on Monday.".to_string()
            )],
            "{name}"
        );

        // Another patient's message and its reply on the same server: never this diary's.
        let other_path = dir.path().join("other.sqlite");
        let mut other = Diary::open_with(&other_path, KeyPolicy::KeyFile).unwrap();
        let theirs = other
            .send_message(
                "A question of another patient",
                None,
                Reporter::Patient,
                now(),
            )
            .unwrap();
        let r = diary_sync::sync_now(&mut other, &config(&base, "MRN-OTHER"), now()).unwrap();
        assert!(r.errors.is_empty(), "{name}: {:?}", r.errors);
        diary_sync::messages::reply(&server_cfg, &theirs.uid, "For the other one", now()).unwrap();

        // The diary's next sync keeps the reply, once, and tells how many came.
        let later = now() + Duration::minutes(40);
        let r = diary_sync::sync_now(&mut diary, &cfg, later).unwrap();
        assert!(r.errors.is_empty(), "{name}: {:?}", r.errors);
        assert_eq!(r.new_replies, 1, "{name}");
        let replies: Vec<_> = diary
            .messages()
            .unwrap()
            .into_iter()
            .filter(|m| m.direction == Direction::FromTeam)
            .collect();
        assert_eq!(replies.len(), 1, "{name}: {replies:?}");
        assert_eq!(replies[0].uid, uid);
        assert_eq!(replies[0].in_reply_to.as_deref(), Some(sent.uid.as_str()));
        assert_eq!(replies[0].author.as_deref(), Some("Nurse Aziza"));
        let r = diary_sync::sync_now(&mut diary, &cfg, later + Duration::minutes(5)).unwrap();
        assert_eq!(r.new_replies, 0, "{name}: kept once");
    }
}

/// The care team's side of the escalation ladder on every server: a red whose Task nobody
/// opens is told to the team at 30 minutes as a `stat` Communication about the alert's
/// Task ("patient has not reached the line"), once, and the inbox shows it under the
/// alert; a day of silence adds an `urgent` one.
#[test]
fn a_red_nobody_opens_is_escalated_to_the_team_on_every_server() {
    for server in Server::ALL {
        let name = server.name();
        let running = fhir_test_server::start_or_skip!(server.start(), continue);
        let base = running.base();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("diary.sqlite");
        let mut diary = Diary::open_with(&path, KeyPolicy::KeyFile).unwrap();
        let t = now();
        let mut r = Report::new(t.fixed_offset());
        r.signs = vec![Sign::ChestPain];
        diary.add_report(r, t).unwrap();
        let cfg = config(&base, "MRN-ESCALATE");
        let first = diary_sync::sync_now(&mut diary, &cfg, t).unwrap();
        assert!(first.errors.is_empty(), "{name}: {:?}", first.errors);
        let pid = patient_id(&base, "MRN-ESCALATE");
        let escalations = |base: &str| -> Vec<Value> {
            search(base, &format!("Communication?subject=Patient/{pid}"))
                .into_iter()
                .filter(|c| c["category"][0]["coding"][0]["code"] == mapping::ESCALATION_CATEGORY)
                .collect()
        };
        assert!(escalations(&base).is_empty(), "{name}: nothing at t");

        // 31 minutes on, nobody has opened the Task: the team is told, once.
        let later = t + Duration::minutes(31);
        let r = diary_sync::sync_now(&mut diary, &cfg, later).unwrap();
        assert!(r.errors.is_empty(), "{name}: {:?}", r.errors);
        let r = diary_sync::sync_now(&mut diary, &cfg, later + Duration::minutes(5)).unwrap();
        assert!(r.errors.is_empty(), "{name}: {:?}", r.errors);
        let found = escalations(&base);
        assert_eq!(found.len(), 1, "{name}: {found:?}");
        assert_eq!(found[0]["priority"], "stat", "{name}");
        assert_eq!(found[0]["topic"]["coding"][0]["code"], "team_not_opened");
        let server_cfg = diary_sync::ServerConfig::new(&base, None).unwrap();
        let inbox = diary_sync::inbox(&server_cfg).unwrap();
        let item = inbox
            .iter()
            .find(|i| i.level == Level::Red)
            .unwrap_or_else(|| panic!("{name}: {inbox:?}"));
        assert!(
            item.followups.iter().any(|f| f.answer == "team_not_opened"
                && f.words.starts_with("Patient has not reached the line")),
            "{name}: {:?}",
            item.followups
        );
        assert_eq!(
            found[0]["about"][0]["identifier"]["value"],
            item.alert_uid.as_str(),
            "{name}"
        );

        // A day without a report or an answer: the silence, urgent.
        let r = diary_sync::sync_now(&mut diary, &cfg, t + Duration::hours(25)).unwrap();
        assert!(r.errors.is_empty(), "{name}: {:?}", r.errors);
        let found = escalations(&base);
        assert_eq!(found.len(), 2, "{name}: {found:?}");
        assert!(found.iter().any(
            |c| c["priority"] == "urgent" && c["topic"]["coding"][0]["code"] == "silence_alert"
        ));
    }
}
