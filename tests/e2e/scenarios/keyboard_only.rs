//! A report made with the keyboard alone: Tab, arrows, Space and Enter.

use crate::driver::{key, Driver, Session};
use crate::screens::{first_run, result_level, wait_h1};
use crate::support::{app, db, TEAM};
use serde_json::json;
use std::path::Path;

pub fn run(dir: &Path) {
    let file = dir.join("keyboard.sqlite");
    let _driver = Driver::start(&file);
    let s = Session::new(&app());
    first_run(&s, false);

    // The reminder left on at first run has a real time (saved, not a placeholder).
    let reminder: String = db(&file)
        .query_row("SELECT value FROM settings WHERE key = 'app'", [], |r| {
            r.get(0)
        })
        .unwrap();
    let reminder: serde_json::Value = serde_json::from_str(&reminder).unwrap();
    assert_eq!(reminder["reminders_on"], json!(true));
    assert_eq!(
        reminder["reminder_time"],
        json!(diary_core::store::DEFAULT_REMINDER_TIME)
    );

    // The heading has the focus; Tab reaches the big button first, and its ring shows.
    s.keys(&[key::TAB]);
    assert_eq!(
        s.exec("return document.activeElement.id;", json!([])),
        json!("start-report")
    );
    let ring = "const el = document.activeElement.closest('.choice') || document.activeElement;
                const cs = getComputedStyle(el);
                return cs.outlineStyle + ' ' + parseFloat(cs.outlineWidth);";
    assert_eq!(s.exec(ring, json!([])), json!("solid 3"), "no focus ring");
    s.keys(&[key::ENTER]);
    wait_h1(&s, "Today's report");
    // Each group: Tab into it, Space ticks "0 None", Right moves on and ticks.
    s.keys(&[key::TAB, key::SPACE, key::RIGHT, key::RIGHT]); // fatigue 2
    assert_eq!(
        s.exec(ring, json!([])),
        json!("solid 3"),
        "no focus ring on a rating"
    );
    s.keys(&[key::TAB, key::SPACE, key::RIGHT]); // pain 1
    s.keys(&[key::TAB, key::SPACE]); // itching 0
    s.keys(&[key::TAB, key::SPACE]); // jaundice 0
    s.keys(&[key::TAB, key::SPACE]); // appetite loss 0
                                     // The warning-sign checklist, asked every time: one tick on "None of these" answers it
                                     // and puts the signs aside, so Tab goes on to "Something else?".
    s.keys(&[key::TAB]);
    assert_eq!(
        s.exec("return document.activeElement.id;", json!([])),
        json!("sign-none")
    );
    s.keys(&[key::SPACE, key::TAB]);
    assert_eq!(
        s.exec("return document.activeElement.id;", json!([])),
        json!("more-toggle")
    );
    s.keys(&[key::TAB]);
    assert_eq!(
        s.exec("return document.activeElement.id;", json!([])),
        json!("save-report")
    );
    s.keys(&[key::ENTER]);
    let level = result_level(&s);
    assert!(level == "green" || level == "none", "level {level}");

    let conn = db(&file);
    let screened: i64 = conn
        .query_row("SELECT screened FROM reports", [], |r| r.get(0))
        .unwrap();
    assert_eq!(screened, 1, "\"None of these\" was not saved as screened");
    let mut ratings: Vec<(String, i64)> = conn
        .prepare("SELECT item, value FROM report_ratings ORDER BY item")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    ratings.sort();
    assert_eq!(
        ratings,
        vec![
            ("appetite_loss".to_string(), 0),
            ("fatigue".to_string(), 2),
            ("itching".to_string(), 0),
            ("jaundice".to_string(), 0),
            ("pain".to_string(), 1),
        ]
    );

    // Enter in a phone field moves on to the next field; only the save button saves.
    s.click("#go-home");
    s.click("#go-settings");
    wait_h1(&s, "Settings");
    s.type_into("#team-phone", TEAM);
    s.keys(&[key::ENTER]);
    assert_eq!(
        s.exec("return document.activeElement.id;", json!([])),
        json!("line-24h-phone"),
        "Enter did not move to the next field"
    );
    assert!(
        s.count("#settings-form") == 1,
        "Enter left the settings form"
    );
    let saved: String = db(&file)
        .query_row("SELECT value FROM settings WHERE key = 'app'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(!saved.contains(TEAM), "Enter saved the form");
}
