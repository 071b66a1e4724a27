//! The weekly check-in with the keyboard alone: from home (marked "Due now") by Tab and
//! Enter, every question by Tab, Space and the arrow keys; the self-harm question appears
//! once the PHQ-2 total is 3; Enter on a choice moves on and never saves, only Enter on
//! Save does. The result is amber with the emergency number first, then (no office hours
//! are set) the 24-hour line and the care team's number; the check-in and its
//! alerts are in the diary file; home, history and trends show it; axe on every new screen.
//! A caregiver's check-in leaves out PHQ-2, GAD-2 and self-harm and asks their strain.

use crate::checks::axe;
use crate::driver::{key, Driver, Session};
use crate::notifications::{notification_count, notifications_after};
use crate::screens::{choose, first_run, painted, result_level, rules_listed, wait_h1, wait_text};
use crate::support::{app, db, screenshots, skip, EMERGENCY, LINE_24H, TEAM};
use serde_json::json;
use std::path::Path;

pub fn run(dir: &Path) {
    let file = dir.join("checkin.sqlite");
    let _driver = Driver::start(&file);
    let s = Session::new(&app());
    first_run(&s, true);
    wait_text(&s, "#checkin-due", "Due now");
    s.find("#no-checkin");

    let active = |s: &Session| -> String {
        s.exec(
            "const a = document.activeElement; return a.id || (a.name + '=' + a.value);",
            json!([]),
        )
        .as_str()
        .unwrap_or_default()
        .to_string()
    };
    s.keys(&[key::TAB, key::TAB]);
    assert_eq!(active(&s), "start-checkin");
    s.keys(&[key::ENTER]);
    wait_h1(&s, "Weekly check-in");
    wait_text(
        &s,
        "#mood-title",
        "Over the last 2 weeks, how often have you been bothered by",
    );
    wait_text(&s, "#translation-note", "not a validated one");
    wait_text(
        &s,
        "#q-phq2_interest legend",
        "Little interest or pleasure in doing things",
    );
    wait_text(&s, "#q-gad2_worry", "Nearly every day");
    assert_eq!(
        s.count("#q-caregiver_strain"),
        0,
        "a patient is asked a caregiver's item"
    );
    let hidden = |s: &Session| -> bool {
        s.exec(
            "return document.querySelector('#q-self_harm').hidden;",
            json!([]),
        ) == json!(true)
    };
    assert!(
        hidden(&s),
        "the self-harm question shows before the PHQ-2 is answered"
    );
    axe(&s, "weekly check-in");

    s.keys(&[key::TAB, key::SPACE, key::RIGHT, key::RIGHT]); // little interest: 2
    assert_eq!(active(&s), "checkin-phq2_interest=2");
    s.keys(&[key::TAB, key::SPACE]); // feeling down: 0 (total 2)
    assert!(
        hidden(&s),
        "the self-harm question shows at a PHQ-2 total of 2"
    );
    s.keys(&[key::RIGHT]); // feeling down: 1 (total 3)
    s.wait_for(
        "the self-harm question to appear",
        "return !document.querySelector('#q-self_harm').hidden;",
        json!([]),
    );
    s.keys(&[key::TAB, key::SPACE]); // nervous: 0
    s.keys(&[key::TAB, key::SPACE, key::RIGHT]); // worrying: 1
    s.keys(&[key::TAB]);
    assert_eq!(active(&s), "checkin-self_harm=0");
    s.keys(&[key::SPACE, key::RIGHT]); // thoughts of self-harm: yes
    assert_eq!(active(&s), "checkin-self_harm=1");
    // Enter on a choice moves to the next question; nothing is saved.
    s.keys(&[key::ENTER]);
    assert_eq!(active(&s), "checkin-function=0");
    assert_eq!(s.count("#checkin-form"), 1, "Enter left the check-in");
    let saved = |file: &Path| -> i64 {
        db(file)
            .query_row("SELECT count(*) FROM checkins", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(saved(&file), 0, "Enter on a choice saved the check-in");
    s.keys(&[key::SPACE, key::RIGHT]); // daily activities: 1
    s.keys(&[key::TAB, key::SPACE]); // social: 0
    s.keys(&[key::TAB, key::SPACE, key::RIGHT, key::RIGHT]); // eating: about half
                                                             // The picture shows the screen from its top: the title, the PHQ-2 stem, the note.
    s.exec("window.scrollTo(0, 0);", json!([]));
    painted(&s);
    s.screenshot(&screenshots().join("weekly-checkin.png"));
    s.keys(&[key::TAB]);
    assert_eq!(active(&s), "save-checkin");
    let notified_before = notification_count();
    s.keys(&[key::ENTER]);

    // The result: amber, the emergency number first; with no office hours set, then the
    // 24-hour line, and the care team's number last (warning-signs-v3.md, *Levels*).
    assert_eq!(result_level(&s), "amber");
    let lines = s.exec(
        "return [...document.querySelectorAll('.phone-number')].map(e => e.id);",
        json!([]),
    );
    assert_eq!(
        lines,
        json!(["phone-emergency", "phone-line_24h", "phone-care_team"])
    );
    let headline = s.text("#headline");
    let (emergency, line) = (
        headline.find(EMERGENCY).expect("the emergency number"),
        headline.find(LINE_24H).expect("the 24-hour line"),
    );
    assert!(emergency < line, "{headline}");
    assert!(
        headline.contains("Their office is closed now"),
        "{headline}"
    );
    assert!(!headline.contains(TEAM), "{headline}");
    let rules = rules_listed(&s);
    assert_eq!(rules, ["A-SELF-HARM", "G-MOOD", "G-EATING"]);
    wait_text(&s, "#alert-list", "Ask the team about a dietitian");
    wait_text(&s, "#checkin-scores", "Mood (PHQ-2): 3 of 6");
    axe(&s, "weekly check-in result");
    painted(&s);
    s.screenshot(&screenshots().join("weekly-checkin-result.png"));

    let conn = db(&file);
    let row: (i64, i64, i64, i64, i64, i64, i64, i64, String, String) = conn
        .query_row(
            "SELECT phq2_a, phq2_b, gad2_a, gad2_b, self_harm, function, social, eating, level, reporter
             FROM checkins",
            [],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                    r.get(9)?,
                ))
            },
        )
        .unwrap();
    assert_eq!(
        row,
        (
            2,
            1,
            0,
            1,
            1,
            1,
            0,
            2,
            "amber".to_string(),
            "patient".to_string()
        )
    );
    let stored: Vec<String> = conn
        .prepare("SELECT rule FROM checkin_alerts ORDER BY position")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(stored, ["A-SELF-HARM", "G-MOOD", "G-EATING"]);
    match notified_before {
        Some(n) => assert!(
            notifications_after(n, "Contact your care team today") == Some(true),
            "no notification for the amber check-in"
        ),
        None => skip("no notification log (E2E_NOTIFY_LOG)"),
    }

    // Home: no longer due, the latest check-in; history and trends list it.
    s.click("#go-home");
    s.find("#latest-checkin");
    assert_eq!(
        s.count("#checkin-due"),
        0,
        "still due just after a check-in"
    );
    s.click("#go-history");
    wait_h1(&s, "History");
    wait_text(&s, "#history-checkins", "Mood (PHQ-2): 3 of 6");
    axe(&s, "history with a check-in");
    s.click("#go-home");
    s.click("#go-trends");
    wait_h1(&s, "Trends");
    wait_text(&s, "#checkin-charts", "Worry (GAD-2)");
    axe(&s, "trends with a check-in");

    // A caregiver: no PHQ-2, GAD-2 or self-harm; their own strain; the reminder day.
    s.click("#go-home");
    s.click("#go-settings");
    wait_h1(&s, "Settings");
    choose(&s, "role", "caregiver");
    s.exec(
        "const d = document.querySelector('#checkin-day'); d.value = 'friday';",
        json!([]),
    );
    s.click("#save-settings");
    s.find("#start-checkin");
    let saved_settings: String = db(&file)
        .query_row("SELECT value FROM settings WHERE key = 'app'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(
        saved_settings.contains("\"checkin_day\":\"friday\""),
        "{saved_settings}"
    );
    s.click("#start-checkin");
    wait_h1(&s, "Weekly check-in");
    wait_text(&s, ".lead", "You are answering as the caregiver");
    assert_eq!(
        s.count("#q-phq2_interest") + s.count("#q-gad2_nervous") + s.count("#q-self_harm"),
        0
    );
    s.find("#q-caregiver_strain");
    axe(&s, "caregiver's weekly check-in");
}
