//! Driving the app's screens as a person would: waiting for a heading or a text (and saying
//! what the window shows when it does not come), choosing a radio, the first-run settings,
//! a daily report, the result's level, the rules listed, and waiting for the console to
//! settle and for a chart to be painted.

use crate::checks::axe;
use crate::driver::Session;
use crate::support::{EMERGENCY, LINE_24H, TEAM};
use serde_json::json;
use std::time::Duration;

/// The folded "details" of the error box inside `css`: the core's own words.
pub fn error_details(s: &Session, css: &str) -> String {
    s.exec(
        "return document.querySelector(arguments[0] + ' .error-details').textContent;",
        json!([css]),
    )
    .as_str()
    .unwrap_or_default()
    .to_string()
}

/// Waits until the element matching `css` exists and its text includes `expected`.
pub fn wait_text(s: &Session, css: &str, expected: &str) {
    wait_text_within(s, Duration::from_secs(10), css, expected);
}

pub fn wait_text_within(s: &Session, limit: Duration, css: &str, expected: &str) {
    s.wait_for_within(
        limit,
        &format!("{css} to say {expected:?}"),
        "const e = document.querySelector(arguments[0]);
         return !!e && e.textContent.includes(arguments[1]);",
        json!([css, expected]),
    );
}

pub fn wait_h1(s: &Session, expected: &str) {
    s.wait_for(
        &format!("the heading {expected:?}"),
        "const h = document.querySelector('h1'); return !!h && h.textContent === arguments[0];",
        json!([expected]),
    );
}

/// Ticks a radio or checkbox by its name and value.
pub fn choose(s: &Session, name: &str, value: &str) {
    s.click(&format!("input[name=\"{name}\"][value=\"{value}\"]"));
}

pub fn first_run(s: &Session, phones: bool) {
    s.find("#settings-form");
    wait_h1(s, "Welcome to Symptom Diary");
    axe(s, "first run");
    choose(s, "drug", "capecitabine");
    if phones {
        s.type_into("#team-phone", TEAM);
        s.type_into("#line-24h-phone", LINE_24H);
        s.type_into("#emergency-phone", EMERGENCY);
    }
    s.click("#save-settings");
    s.find("#start-report");
    wait_h1(s, "Symptom Diary");
}

pub fn core_ratings(s: &Session, values: [u8; 5]) {
    for (item, value) in ["fatigue", "pain", "itching", "jaundice", "appetite_loss"]
        .iter()
        .zip(values)
    {
        choose(s, &format!("rating-{item}"), &value.to_string());
    }
}

pub fn result_level(s: &Session) -> String {
    s.find("#result");
    s.exec(
        "return document.querySelector('#result').dataset.level;",
        json!([]),
    )
    .as_str()
    .unwrap()
    .to_string()
}

/// A daily report (all core answers 0) made from wherever the app is; its level.
pub fn daily_report(s: &Session, temperature: Option<&str>, sign: Option<&str>) -> String {
    if s.count("#go-home") > 0 {
        s.click("#go-home");
    }
    s.click("#start-report");
    wait_h1(s, "Today's report");
    core_ratings(s, [0, 0, 0, 0, 0]);
    if temperature.is_some() || sign.is_some() {
        s.click("#more-toggle");
    }
    if let Some(t) = temperature {
        s.type_into("#temperature", t);
    }
    match sign {
        Some(sign) => choose(s, "sign", sign),
        None => s.click("#sign-none"),
    }
    s.click("#save-report");
    result_level(s)
}

pub fn rules_listed(s: &Session) -> Vec<String> {
    s.exec(
        "return [...document.querySelectorAll('#alert-list [data-rule]')].map(e => e.dataset.rule);",
        json!([]),
    )
    .as_array()
    .cloned()
    .unwrap_or_default()
    .iter()
    .map(|v| v.as_str().unwrap_or_default().to_string())
    .collect()
}

/// Waits until the care team console has finished reading the server (it is
/// `aria-busy` while it reads), so a click finds the list it was aimed at.
pub fn settled(s: &Session) {
    s.wait_for_within(
        Duration::from_secs(60),
        "the console to finish reading the server",
        "const c = document.querySelector('.console-screen'); return c !== null && c.getAttribute('aria-busy') === 'false';",
        json!([]),
    );
}

/// Waits until the window has painted what the page now holds (two animation frames and a
/// moment), so a screenshot shows the answers just given, not an earlier frame.
pub fn painted(s: &Session) {
    s.exec_async(
        "const done = arguments[arguments.length - 1];
         requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 300)));",
        json!([]),
    );
}
