//! The clinician console's data on every test server ([`Server::ALL`]): two patients sync
//! (one red, one amber), the panel lists both in the right order with their counts, a
//! patient's page has the reports for the charts and the alerts, an acknowledgement with a
//! note leaves the note on the Task for the inbox to show, and polling for new reds with
//! the server's `_lastUpdated` cursor returns each red once. Time is the tests' fixed
//! `now()`, never the wall clock (the server's own stamps are only compared with each
//! other).

use super::*;
use fhir_test_server::Server;

fn at(minutes_before: i64) -> DateTime<FixedOffset> {
    (now() - Duration::minutes(minutes_before))
        .with_timezone(&FixedOffset::east_opt(5 * 3600).unwrap())
}

fn red(minutes_before: i64) -> Report {
    let mut r = Report::new(at(minutes_before));
    r.ratings.insert(Rating::Fatigue, 2);
    r.temperature_c = Some(38.6);
    r.signs = vec![Sign::Shivering];
    r
}

fn amber(minutes_before: i64) -> Report {
    let mut r = Report::new(at(minutes_before));
    r.ratings.insert(Rating::Fatigue, 1);
    r.ratings.insert(Rating::Pain, 3);
    r.temperature_c = Some(36.6);
    r
}

fn green(minutes_before: i64) -> Report {
    let mut r = Report::new(at(minutes_before));
    r.ratings.insert(Rating::Fatigue, 1);
    r.temperature_c = Some(36.7);
    r.weight_kg = Some(61.5);
    r
}

/// Adds `reports` to the diary at `path` (made if missing) and syncs it as `mrn`.
fn sync_reports(base: &str, path: &std::path::Path, mrn: &str, reports: Vec<Report>) -> String {
    let doc = Document {
        diary_id: None,
        profile: Profile {
            therapies: vec![Therapy::Capecitabine],
            ..Profile::default()
        },
        reports,
        ..Document::default()
    };
    let mut diary = Diary::open_with(path, KeyPolicy::KeyFile).unwrap();
    diary.import(&doc, now()).unwrap();
    let r = diary_sync::sync_now(&mut diary, &config(base, mrn), now()).unwrap();
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    format!("Patient/{}", patient_id(base, mrn))
}

#[test]
fn the_console_lists_patients_pages_notes_and_new_reds_on_every_server() {
    for server in Server::ALL {
        let name = server.name();
        eprintln!("server: {name}");
        let running = fhir_test_server::start_or_skip!(server.start(), continue);
        let base = running.base();
        let dir = tempfile::tempdir().unwrap();
        let a = sync_reports(
            &base,
            &dir.path().join("a.sqlite"),
            "MRN-CONSOLE-A",
            vec![green(26 * 60), red(60)],
        );
        let b = sync_reports(
            &base,
            &dir.path().join("b.sqlite"),
            "MRN-CONSOLE-B",
            vec![amber(120)],
        );
        // The care team's record gives A a name and a birth date.
        let client = plain_client(&base, std::time::Duration::from_secs(30));
        let mut pa = client
            .read("Patient", a.trim_start_matches("Patient/"))
            .unwrap()
            .body;
        pa["name"] = serde_json::json!([{ "given": ["Dilnoza"], "family": "Karimova" }]);
        pa["birthDate"] = serde_json::json!("1971-04-02");
        client.update(&pa, None).unwrap();

        // What the servers say of Subscriptions (docs/fhir.md: why the console polls).
        let statement = client
            .request(Method::GET, "metadata", &[], None, &[])
            .unwrap()
            .body;
        let types: Vec<&str> = statement["rest"][0]["resource"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|r| r["type"].as_str())
            .collect();
        assert!(types.contains(&"Task"), "{name}: {types:?}");
        // Both store Subscription resources, but nothing in either statement says that
        // notifications are sent (no topic, no backport profile, no websocket).
        assert!(types.contains(&"Subscription"), "{name}: {types:?}");
        let text = statement.to_string().to_lowercase();
        for word in ["subscriptiontopic", "backport", "websocket"] {
            assert!(!text.contains(word), "{name}: the statement names {word}");
        }

        let mut cfg = diary_sync::ServerConfig::new(&base, None).unwrap();
        cfg.who = Some("Nurse Aziza".into());

        // The panel: A (an overdue red) above B (an open amber).
        let rows = diary_sync::patient_panel(&cfg, now()).unwrap();
        let refs: Vec<&str> = rows.iter().map(|r| r.patient_ref.as_str()).collect();
        assert_eq!(refs, [a.as_str(), b.as_str()], "{name}: {rows:#?}");
        let (ra, rb) = (&rows[0], &rows[1]);
        assert!(ra.open_red >= 1, "{name}: {ra:?}");
        assert_eq!(ra.overdue_red, ra.open_red, "{name}: {ra:?}");
        assert!(ra.unseen >= ra.open_red, "{name}: {ra:?}");
        assert_eq!(ra.name.as_deref(), Some("Dilnoza Karimova"), "{name}");
        assert_eq!(ra.birth_year, Some(1971), "{name}");
        assert!(
            ra.identifier
                .as_deref()
                .unwrap()
                .ends_with("|MRN-CONSOLE-A"),
            "{name}: {ra:?}"
        );
        assert_eq!(ra.last_report_level, Some(Level::Red), "{name}");
        assert!(!ra.no_report, "{name}");
        // Unseen counts every level (B's report also raised a green alert).
        assert_eq!((rb.open_red, rb.open_amber), (0, 1), "{name}: {rb:?}");
        assert!(rb.unseen >= 1, "{name}: {rb:?}");
        assert_eq!(rb.overdue_red, 0, "{name}");
        assert_eq!(rb.last_report_level, Some(Level::Amber), "{name}");
        // Three days on with nothing new, both have stopped reporting.
        let later = diary_sync::patient_panel(&cfg, now() + Duration::hours(72)).unwrap();
        assert!(later.iter().all(|r| r.no_report), "{name}: {later:#?}");

        // A's page: both reports for the charts, oldest first, and every alert.
        let page = diary_sync::patient_page(&cfg, &a, now() - Duration::days(7), now()).unwrap();
        assert_eq!(page.row, rows[0], "{name}");
        assert_eq!(page.reports.len(), 2, "{name}: {:#?}", page.reports);
        assert_eq!(page.reports[0].level, Level::Green, "{name}");
        assert_eq!(page.reports[0].weight_kg, Some(61.5), "{name}");
        assert_eq!(page.reports[1].level, Level::Red, "{name}");
        assert_eq!(page.reports[1].temperature_c, Some(38.6), "{name}");
        assert_eq!(page.reports[1].ratings["fatigue"], 2, "{name}");
        assert_eq!(
            page.alerts.len() as u32,
            ra.unseen,
            "{name}: {:#?}",
            page.alerts
        );
        assert!(page.alerts.iter().all(|i| i.patient_ref == a), "{name}");
        let reds: Vec<_> = page
            .alerts
            .iter()
            .filter(|i| i.level == Level::Red)
            .collect();
        assert_eq!(reds.len() as u32, ra.open_red, "{name}");
        assert!(reds.iter().all(|i| i.overdue), "{name}");
        assert!(
            page.alerts[0]
                .report
                .iter()
                .any(|w| w == "temperature 38.6 °C"),
            "{name}: {:?}",
            page.alerts[0].report
        );
        // Only what was recorded since `since`.
        let short = diary_sync::patient_page(&cfg, &a, now() - Duration::hours(2), now()).unwrap();
        assert_eq!(short.reports.len(), 1, "{name}");
        let e = diary_sync::patient_page(&cfg, "Observation/x", now(), now()).unwrap_err();
        assert!(e.to_string().starts_with("patient: "), "{name}: {e}");

        // The inbox at `now`: A's overdue reds at the very top.
        let inbox = diary_sync::inbox_at(&cfg, now()).unwrap();
        assert!(
            inbox[0].overdue && inbox[0].patient_ref == a,
            "{name}: {inbox:#?}"
        );
        let first_fresh = inbox.iter().position(|i| !i.overdue).unwrap();
        assert!(inbox[first_fresh..].iter().all(|i| !i.overdue), "{name}");

        // Polling: every red once, then nothing until a new one.
        let (reds, cursor) = diary_sync::new_reds_since(&cfg, None).unwrap();
        assert_eq!(reds.len() as u32, ra.open_red, "{name}: {reds:#?}");
        assert!(reds
            .iter()
            .all(|i| i.patient_ref == a && i.level == Level::Red));
        let cursor = cursor.expect("a cursor from the server's stamps");
        let (again, same) = diary_sync::new_reds_since(&cfg, Some(&cursor)).unwrap();
        assert!(again.is_empty(), "{name}: {again:#?}");
        assert_eq!(same.as_deref(), Some(cursor.as_str()), "{name}");

        // An acknowledgement with a note: the Task carries it, the seen list shows it.
        let target = &inbox[0];
        let ack = diary_sync::ack_with_note(
            &cfg,
            &target.id,
            target.version.as_deref(),
            Some("called her, coming in"),
            now(),
        )
        .unwrap();
        assert!(ack.changed && ack.note_added, "{name}: {ack:?}");
        let task = client.read("Task", &target.id).unwrap().body;
        let notes = task["note"].as_array().unwrap();
        let last = notes.last().unwrap();
        assert_eq!(last["text"], "called her, coming in", "{name}: {task}");
        assert_eq!(last["authorString"], "Nurse Aziza", "{name}");
        let seen = diary_sync::inbox_seen(&cfg).unwrap();
        let shown = seen.iter().find(|i| i.id == target.id).unwrap();
        assert!(
            shown.notes.iter().any(|n| n.text == "called her, coming in"
                && n.by.as_deref() == Some("Nurse Aziza")
                && n.at.is_some()),
            "{name}: {:?}",
            shown.notes
        );
        assert_eq!(shown.seen_by.as_deref(), Some("Nurse Aziza"), "{name}");
        // A stale version is refused, not overwritten.
        let stale = diary_sync::ack_with_note(
            &cfg,
            &target.id,
            target.version.as_deref(),
            Some("again"),
            now(),
        )
        .unwrap_err();
        assert_eq!(stale.code(), "conflict", "{name}: {stale}");
        let rows = diary_sync::patient_panel(&cfg, now()).unwrap();
        assert_eq!(rows[0].patient_ref, a, "{name}");
        assert_eq!(rows[0].unseen, ra.unseen - 1, "{name}");
        assert_eq!(rows[0].open_red, ra.open_red, "{name}: seen is still open");
        // The acknowledged red changed on the server, but it is no longer new.
        let (after_ack, cursor2) = diary_sync::new_reds_since(&cfg, Some(&cursor)).unwrap();
        assert!(after_ack.is_empty(), "{name}: {after_ack:#?}");
        let cursor2 = cursor2.unwrap();

        // A new red for B: only that one is new.
        sync_reports(
            &base,
            &dir.path().join("b.sqlite"),
            "MRN-CONSOLE-B",
            vec![red(10)],
        );
        let (fresh, cursor3) = diary_sync::new_reds_since(&cfg, Some(&cursor2)).unwrap();
        assert!(!fresh.is_empty(), "{name}");
        assert!(
            fresh
                .iter()
                .all(|i| i.patient_ref == b && i.level == Level::Red),
            "{name}: {fresh:#?}"
        );
        let (none, _) = diary_sync::new_reds_since(&cfg, cursor3.as_deref()).unwrap();
        assert!(none.is_empty(), "{name}: {none:#?}");
        // B's red is 10 minutes old: not overdue; it ranks below A's overdue red.
        let rows = diary_sync::patient_panel(&cfg, now()).unwrap();
        assert_eq!(rows[0].patient_ref, a, "{name}: {rows:#?}");
        assert_eq!(rows[1].patient_ref, b, "{name}");
        assert!(rows[1].open_red >= 1 && rows[1].overdue_red == 0, "{name}");
    }
}
