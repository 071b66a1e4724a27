//! Two years of daily reports, the last one 4 days ago: the home screen says no report was
//! made for days, the 90-day trends draw quickly, and the layout holds at 200 % text.

use crate::checks::axe;
use crate::driver::{Driver, Session};
use crate::notifications::notifications_contain;
use crate::screens::{choose, result_level};
use crate::support::{app, screenshots, skip, EMERGENCY, LINE_24H};
use serde_json::json;
use std::path::Path;
use std::time::Instant;

pub fn run(dir: &Path) {
    use chrono::{Duration as Days, Utc};
    use diary_core::model::{Document, Profile, Rating, Report, Therapy};
    use diary_core::store::{Diary, Settings};

    let file = dir.join("years.sqlite");
    let now = Utc::now();
    {
        let mut diary = Diary::open(&file).unwrap();
        let mut doc = Document {
            diary_id: None,
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
        None => skip("the reminder notification check: E2E_NOTIFY_LOG is not set (run through scripts/e2e.sh)"),
    }

    s.click("#go-trends");
    let started = Instant::now();
    s.click("input[name=\"period\"][value=\"90\"]");
    s.wait_for(
        "90 days of charts",
        "return document.querySelectorAll('figure.chart-box').length >= 5;",
        json!([]),
    );
    // How long it took is printed for the record; speed is the benchmarks' business.
    eprintln!("90-day trends drawn in {:?}", started.elapsed());
    axe(&s, "trends with 90 days");
    s.screenshot(&screenshots().join("trends.png"));

    // Ctrl+= makes the text larger (the chart labels too) and the choice is remembered;
    // Ctrl+0 goes back to the default.
    let size = "return [document.documentElement.dataset.textSize || '1',
                 parseFloat(document.querySelector('.chart .tick').getAttribute('font-size'))];";
    let before = s.exec(size, json!([]));
    s.ctrl("=");
    s.wait_for(
        "larger text",
        "return document.documentElement.dataset.textSize === '1.2';",
        json!([]),
    );
    let after = s.exec(size, json!([]));
    assert!(
        after[1].as_f64() > before[1].as_f64(),
        "chart labels did not grow: {before} -> {after}"
    );
    s.exec("location.reload();", json!([]));
    s.find("#start-report");
    assert_eq!(
        s.exec(
            "return document.documentElement.dataset.textSize;",
            json!([])
        ),
        json!("1.2"),
        "the text size was not remembered"
    );
    s.ctrl("0");
    s.wait_for(
        "the default text size",
        "return document.documentElement.dataset.textSize === '1';",
        json!([]),
    );
    s.click("#go-trends");
    s.find("figure.chart-box");

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
