//! End-to-end tests: the real app binary under Xvfb, driven over WebDriver by
//! `tauri-driver` and `WebKitWebDriver`. Run them with `scripts/e2e.sh` (which provides the
//! display, a D-Bus session and a dunst that logs notifications to `E2E_NOTIFY_LOG`), or by
//! hand: `cargo test --features e2e --test e2e -- --test-threads=1` with DISPLAY set and
//! tauri-driver on PATH (or in `TAURI_DRIVER`).
//!
//! The scenarios share ports 4444/4445, so they run one after another inside one test.

mod driver;

use driver::{key, root, Driver, Session};
use rusqlite::Connection;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const TEAM: &str = "0300 111 222";
const LINE_24H: &str = "0300 999 000";
const EMERGENCY: &str = "103";
const XSS: &str = "<img src=x onerror=alert(1)>";

fn app() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_symptom-diary"))
}

fn screenshots() -> PathBuf {
    root().join("docs/screenshots")
}

/// Runs axe-core on the current screen and fails on any violation.
fn axe(s: &Session, screen: &str) {
    if s.exec("return typeof window.axe;", json!([])) != json!("object") {
        let path = root().join("ui/node_modules/axe-core/axe.min.js");
        let source = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "{} is missing (run scripts/build-ui.sh): {e}",
                path.display()
            )
        });
        s.exec(&format!("{source}\n;return typeof window.axe;"), json!([]));
    }
    let result = s.exec_async(
        "const done = arguments[arguments.length - 1];
         window.axe.run(document, {resultTypes: ['violations']})
           .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                 nodes: v.nodes.map(n => n.target.join(' '))}))))
           .catch(e => done([{id: 'axe-error', help: String(e)}]));",
        json!([]),
    );
    let violations = result.as_array().cloned().unwrap_or_default();
    assert!(
        violations.is_empty(),
        "axe found violations on the {screen} screen: {}",
        serde_json::to_string_pretty(&violations).unwrap()
    );
    eprintln!("axe: {screen}: no violations");
}

fn wait_h1(s: &Session, expected: &str) {
    s.wait_for(
        &format!("the heading {expected:?}"),
        "const h = document.querySelector('h1'); return !!h && h.textContent === arguments[0];",
        json!([expected]),
    );
}

/// Ticks a radio or checkbox by its name and value.
fn choose(s: &Session, name: &str, value: &str) {
    s.click(&format!("input[name=\"{name}\"][value=\"{value}\"]"));
}

fn first_run(s: &Session, phones: bool) {
    s.find("#settings-form");
    wait_h1(s, "Welcome to Symptom Diary");
    axe(s, "first run");
    choose(s, "therapy", "capecitabine");
    if phones {
        s.type_into("#team-phone", TEAM);
        s.type_into("#line-24h-phone", LINE_24H);
        s.type_into("#emergency-phone", EMERGENCY);
    }
    s.click("#save-settings");
    s.find("#start-report");
    wait_h1(s, "Symptom Diary");
}

fn core_ratings(s: &Session, values: [u8; 5]) {
    for (item, value) in ["fatigue", "pain", "itching", "jaundice", "appetite_loss"]
        .iter()
        .zip(values)
    {
        choose(s, &format!("rating-{item}"), &value.to_string());
    }
}

fn result_level(s: &Session) -> String {
    s.find("#result");
    s.exec(
        "return document.querySelector('#result').dataset.level;",
        json!([]),
    )
    .as_str()
    .unwrap()
    .to_string()
}

fn notifications_contain(text: &str) -> Option<bool> {
    let log = std::env::var_os("E2E_NOTIFY_LOG")?;
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let seen = std::fs::read_to_string(&log).unwrap_or_default();
        if let Some(line) = seen.lines().find(|l| l.contains(text)) {
            eprintln!("notification seen: {line}");
            return Some(true);
        }
        if Instant::now() > deadline {
            eprintln!("notifications seen: {seen:?}");
            return Some(false);
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn db(path: &Path) -> Connection {
    Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

/// First run → settings with numbers → a 38.2 °C report on capecitabine → the red screen
/// with the configured numbers → the report and its alert are in the diary file; the
/// notification; a green report; the XSS note; history, trends, a language switch; axe
/// on every screen; a command outside the capability is refused.
fn main_journey(dir: &Path) {
    let file = dir.join("journey.sqlite");
    let _driver = Driver::start(&file);
    let s = Session::new(&app());

    // The webview has no global Tauri object; a core command the capability does not
    // grant is refused, the app's own command works.
    assert_eq!(
        s.exec("return typeof window.__TAURI__;", json!([])),
        json!("undefined")
    );
    let refused = s.exec_async(
        "const done = arguments[arguments.length - 1];
         window.__TAURI_INTERNALS__.invoke('plugin:event|emit', {event: 'x', payload: null})
           .then(() => done('allowed'), e => done('refused: ' + String(e)));",
        json!([]),
    );
    assert!(
        refused.as_str().unwrap().starts_with("refused"),
        "plugin:event|emit was not refused: {refused}"
    );
    eprintln!("plugin:event|emit: {refused}");
    let refused = s.exec_async(
        "const done = arguments[arguments.length - 1];
         window.__TAURI_INTERNALS__.invoke('plugin:fs|read_text_file', {path: '/etc/passwd'})
           .then(() => done('allowed'), e => done('refused: ' + String(e)));",
        json!([]),
    );
    assert!(
        refused.as_str().unwrap().starts_with("refused"),
        "{refused}"
    );

    first_run(&s, true);
    axe(&s, "home");

    // The daily report with a fever on capecitabine.
    s.click("#start-report");
    wait_h1(&s, "Today's report");
    axe(&s, "daily report");
    core_ratings(&s, [1, 0, 0, 0, 0]);
    s.exec("window.scrollTo(0, 0);", json!([]));
    s.screenshot(&screenshots().join("daily-report.png"));
    s.click("#more-toggle");
    axe(&s, "daily report with more questions");
    s.type_into("#temperature", "38.2");
    s.click("#save-report");
    assert_eq!(result_level(&s), "red");
    assert_eq!(s.text("#phone-24h"), LINE_24H);
    assert_eq!(s.text("#phone-emergency"), EMERGENCY);
    assert!(
        s.count("#alert-list [data-rule=\"R-FEVER\"]") == 1,
        "R-FEVER is listed"
    );
    assert!(
        s.text("#alert-list").contains("38.2"),
        "the alert says what triggered it"
    );
    axe(&s, "red result");
    s.screenshot(&screenshots().join("red-alert.png"));

    // The diary file holds the report and its alert.
    {
        let conn = db(&file);
        let (id, level, temperature, reporter): (i64, String, f64, String) = conn
            .query_row(
                "SELECT id, level, temperature_c, reporter FROM reports",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .unwrap();
        assert_eq!(
            (level.as_str(), temperature, reporter.as_str()),
            ("red", 38.2, "patient")
        );
        let rules: Vec<String> = conn
            .prepare("SELECT rule FROM alerts WHERE report_id = ?1")
            .unwrap()
            .query_map([id], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(rules.contains(&"R-FEVER".to_string()), "alerts: {rules:?}");
    }
    match notifications_contain("Call your 24-hour cancer line now") {
        Some(seen) => assert!(seen, "the red notification did not arrive"),
        None => eprintln!("E2E_NOTIFY_LOG is not set: the notification check is skipped"),
    }

    // A green report.
    s.click("#go-home");
    s.click("#start-report");
    core_ratings(&s, [1, 1, 0, 0, 0]);
    s.click("#save-report");
    assert_eq!(result_level(&s), "green");
    axe(&s, "green result");
    s.screenshot(&screenshots().join("green-result.png"));

    // A note that looks like markup stays text.
    s.click("#go-home");
    s.click("#start-report");
    core_ratings(&s, [0, 0, 0, 0, 0]);
    s.click("#more-toggle");
    s.type_into("#note", XSS);
    s.click("#save-report");
    result_level(&s);
    s.click("#go-home");
    s.click("#go-history");
    wait_h1(&s, "History");
    s.find("#history-reports .report-row");
    s.find("#history-alerts .report-row");
    axe(&s, "history");
    s.click("#history-reports .report-row");
    assert_eq!(s.text("#note-text"), XSS);
    assert_eq!(s.count("img"), 0, "the note became markup");
    axe(&s, "report detail");

    // Trends.
    s.click("#go-home");
    s.click("#go-trends");
    wait_h1(&s, "Trends");
    s.find("figure.chart-box svg");
    axe(&s, "trends");
    s.click("input[name=\"period\"][value=\"90\"]");
    s.find("figure.chart-box svg");

    // Settings, then the language switch: Russian, then Uzbek.
    s.click("#go-home");
    s.click("#go-settings");
    wait_h1(&s, "Settings");
    axe(&s, "settings");
    choose(&s, "language", "ru");
    wait_h1(&s, "Настройки");
    assert_eq!(s.text("#team-phone").len(), 0); // inputs have no text; the value is kept:
    assert_eq!(
        s.exec(
            "return document.querySelector('#team-phone').value;",
            json!([])
        ),
        json!(TEAM)
    );
    s.click("#save-settings");
    wait_h1(&s, "Дневник симптомов");
    assert_eq!(s.text("#start-report"), "Сделать запись за сегодня");
    assert_eq!(
        s.exec("return document.documentElement.lang;", json!([])),
        json!("ru")
    );
    axe(&s, "home in Russian");
    s.click("#go-settings");
    choose(&s, "language", "uz");
    s.click("#save-settings");
    wait_h1(&s, "Alomatlar kundaligi");
    s.click("#start-report");
    wait_h1(&s, "Bugungi hisobot");
    axe(&s, "daily report in Uzbek");
}

/// A report made with the keyboard alone: Tab, arrows, Space and Enter.
fn keyboard_only(dir: &Path) {
    let file = dir.join("keyboard.sqlite");
    let _driver = Driver::start(&file);
    let s = Session::new(&app());
    first_run(&s, false);

    // The heading has the focus; Tab reaches the big button first.
    s.keys(&[key::TAB]);
    assert_eq!(
        s.exec("return document.activeElement.id;", json!([])),
        json!("start-report")
    );
    s.keys(&[key::ENTER]);
    wait_h1(&s, "Today's report");
    // Each group: Tab into it, Space ticks "0 None", Right moves on and ticks.
    s.keys(&[key::TAB, key::SPACE, key::RIGHT, key::RIGHT]); // fatigue 2
    s.keys(&[key::TAB, key::SPACE, key::RIGHT]); // pain 1
    s.keys(&[key::TAB, key::SPACE]); // itching 0
    s.keys(&[key::TAB, key::SPACE]); // jaundice 0
    s.keys(&[key::TAB, key::SPACE]); // appetite loss 0
    s.keys(&[key::TAB]);
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
}

/// Two years of daily reports, the last one 4 days ago: the home screen says no report was
/// made for days, the 90-day trends draw quickly, and the layout holds at 200 % text.
fn stale_diary_with_years_of_data(dir: &Path) {
    use chrono::{Duration as Days, Utc};
    use diary_core::model::{Document, Profile, Rating, Report, Therapy};
    use diary_core::store::{Diary, Settings};

    let file = dir.join("years.sqlite");
    let now = Utc::now();
    {
        let mut diary = Diary::open(&file).unwrap();
        let mut doc = Document {
            profile: Profile {
                therapies: vec![Therapy::Capecitabine],
                ..Profile::default()
            },
            ..Document::default()
        };
        for day in (4..730).rev() {
            let at = (now - Days::days(day)).fixed_offset();
            let mut report = Report::new(at);
            let wave = ((day % 9) as u8).min(4);
            report.ratings.insert(Rating::Fatigue, wave % 3);
            report.ratings.insert(Rating::Pain, wave / 2);
            report.ratings.insert(Rating::Itching, 0);
            report.temperature_c = Some(36.5 + f64::from(wave) * 0.2);
            report.weight_kg = Some(64.0 - f64::from(wave) * 0.3);
            doc.reports.push(report);
        }
        diary.import(&doc, now).unwrap();
        diary
            .set_settings(&Settings {
                onboarded: true,
                line_24h_phone: Some(LINE_24H.into()),
                emergency_phone: Some(EMERGENCY.into()),
                reminder_time: Some("00:00".into()),
                reminders_on: true,
                ..Settings::default()
            })
            .unwrap();
    }
    let _driver = Driver::start(&file);
    let started = Instant::now();
    let s = Session::new(&app());
    s.find("#start-report");
    eprintln!("app ready in {:?} (session included)", started.elapsed());
    s.find("#no-report");
    axe(&s, "home with the no-report notice");
    // The reminder time has passed and nothing was reported today: the reminder comes.
    match notifications_contain("Time for today's report") {
        Some(seen) => assert!(seen, "the daily reminder did not arrive"),
        None => eprintln!("E2E_NOTIFY_LOG is not set: the reminder check is skipped"),
    }

    s.click("#go-trends");
    let started = Instant::now();
    s.click("input[name=\"period\"][value=\"90\"]");
    s.wait_for(
        "90 days of charts",
        "return document.querySelectorAll('figure.chart-box').length >= 5;",
        json!([]),
    );
    let took = started.elapsed();
    eprintln!("90-day trends drawn in {took:?}");
    assert!(took < Duration::from_secs(3), "trends took {took:?}");
    axe(&s, "trends with 90 days");
    s.screenshot(&screenshots().join("trends.png"));

    // 200 % text: nothing may overflow sideways.
    let fits = "document.documentElement.style.fontSize = '250%';
                return document.documentElement.scrollWidth <= window.innerWidth + 1;";
    assert_eq!(
        s.exec(fits, json!([])),
        json!(true),
        "trends overflow at 200 %"
    );
    s.click("#go-home");
    assert_eq!(
        s.exec(fits, json!([])),
        json!(true),
        "home overflows at 200 %"
    );
    s.click("#start-report");
    assert_eq!(
        s.exec(fits, json!([])),
        json!(true),
        "the report overflows at 200 %"
    );
    s.click("#more-toggle");
    assert_eq!(
        s.exec(fits, json!([])),
        json!(true),
        "more questions overflow at 200 %"
    );
    choose(&s, "sign", "shivering");
    s.click("#save-report");
    assert_eq!(result_level(&s), "red");
    assert_eq!(
        s.exec(fits, json!([])),
        json!(true),
        "the red screen overflows at 200 %"
    );
    axe(&s, "red result at 200 % text");
}

/// A file that is not a diary: the window still opens and says so in plain words.
fn not_a_diary(dir: &Path) {
    let file = dir.join("not-a-diary.sqlite");
    std::fs::write(
        &file,
        "these are not the droids you are looking for\n".repeat(200),
    )
    .unwrap();
    let _driver = Driver::start(&file);
    let s = Session::new(&app());
    wait_h1(&s, "Something went wrong");
    let words = s.text(".error");
    eprintln!("error screen: {words}");
    assert!(words.contains("Symptom Diary"), "{words}");
    axe(&s, "error");
    let untouched = std::fs::read_to_string(&file).unwrap();
    assert!(untouched.starts_with("these are not the droids"));
}

#[test]
fn end_to_end() {
    assert!(
        std::env::var_os("DISPLAY").is_some(),
        "DISPLAY is not set: run the e2e tests through scripts/e2e.sh (Xvfb)"
    );
    let dir = tempfile::tempdir().unwrap();
    type Scenario = (&'static str, fn(&Path));
    let scenarios: [Scenario; 4] = [
        ("not a diary", not_a_diary),
        ("main journey", main_journey),
        ("keyboard only", keyboard_only),
        (
            "stale diary with years of data",
            stale_diary_with_years_of_data,
        ),
    ];
    for (name, scenario) in scenarios {
        eprintln!("scenario: {name}");
        scenario(dir.path());
        eprintln!("scenario: {name}: passed");
    }
}
