//! A first run that leaves the daily reminder on, with a time that has just passed,
//! produces the reminder (issue 14: no silent settings).

use crate::driver::{Driver, Session};
use crate::notifications::{notification_count, notifications_within};
use crate::support::{app, skip};
use serde_json::json;
use std::path::Path;
use std::time::Duration;

pub fn run(dir: &Path) {
    use chrono::{Duration as Minutes, Local, Timelike};
    let file = dir.join("reminder.sqlite");
    let before = notification_count().unwrap_or(0);
    let _driver = Driver::start(&file);
    let s = Session::new(&app());
    s.find("#settings-form");
    // The reminder is on by default, with a real time shown as a value.
    assert_eq!(
        s.exec(
            "return document.querySelector('#reminders-on').checked;",
            json!([])
        ),
        json!(true)
    );
    assert_eq!(
        s.exec(
            "return document.querySelector('#reminder-time').value;",
            json!([])
        ),
        json!(diary_core::store::DEFAULT_REMINDER_TIME)
    );
    // The user picks a time a minute ago (00:00 just after midnight) and saves.
    let now = Local::now();
    let time = if now.hour() == 0 && now.minute() < 2 {
        "00:00".to_string()
    } else {
        (now - Minutes::minutes(1)).format("%H:%M").to_string()
    };
    s.exec(
        "document.querySelector('#reminder-time').value = arguments[0];",
        json!([time]),
    );
    s.click("#save-settings");
    s.find("#start-report");
    match notifications_within(before, "Time for today's report", Duration::from_secs(45)) {
        Some(seen) => assert!(seen, "the first run's reminder did not come"),
        None => skip("the reminder check: E2E_NOTIFY_LOG is not set (run through scripts/e2e.sh)"),
    }
}
