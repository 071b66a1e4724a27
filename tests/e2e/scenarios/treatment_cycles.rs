//! Treatment cycles: a caregiver records a course, the charts mark its cycles, and cycle
//! 2 is shown against cycle 1, day by day; the history says "cycle 2, day N".

use crate::checks::{axe, no_raw_words};
use crate::driver::{saved_dir, Driver, Session};
use crate::screens::{choose, wait_h1};
use crate::support::{app, screenshots, skip};
use serde_json::json;
use std::path::Path;

pub fn run(dir: &Path) {
    use chrono::{Duration as Days, Local, Utc};
    use diary_core::model::{Rating, Report};
    use diary_core::store::{Diary, Settings};

    let file = dir.join("cycles.sqlite");
    let now = Utc::now();
    {
        let mut diary = Diary::open(&file).unwrap();
        diary
            .set_settings(&Settings {
                onboarded: true,
                reminders_on: false,
                ..Settings::default()
            })
            .unwrap();
        for back in (0..30).rev() {
            let mut r = Report::new((now - Days::days(back)).fixed_offset());
            // Tired in the first days of each 21-day cycle.
            let day_of_cycle = (29 - back) % 21;
            r.ratings
                .insert(Rating::Fatigue, if day_of_cycle < 4 { 2 } else { 1 });
            r.ratings.insert(Rating::Pain, 0);
            r.screened = true;
            diary.add_report(r, now).unwrap();
        }
    }
    let start = (Local::now() - Days::days(29))
        .format("%Y-%m-%d")
        .to_string();
    let _driver = Driver::start(&file);
    let s = Session::new(&app());
    s.find("#start-report");
    s.click("#go-courses");
    wait_h1(&s, "Treatment courses");
    s.find("#course-list");
    axe(&s, "treatment courses");
    // A wrong cycle length is refused in words, and nothing is saved.
    choose(&s, "course-drug", "capecitabine");
    s.exec(
        "document.querySelector('#course-start').value = arguments[0];",
        json!([start]),
    );
    s.type_into("#course-cycle", "0");
    s.click("#save-course");
    s.find("#course-form .error");
    no_raw_words(&s, "a refused course");
    assert_eq!(s.count(".course-row"), 0);
    s.exec(
        "document.querySelector('#course-cycle').value = '';",
        json!([]),
    );
    s.type_into("#course-cycle", "21");
    s.click("#save-course");
    s.find(".course-row");
    let row = s.text(".course-row");
    assert!(
        row.contains("Capecitabine")
            && row.contains("a cycle every 21 days")
            && row.contains("Now in cycle 2"),
        "{row}"
    );

    // The charts over time mark the cycle starts; cycle against cycle, day by day.
    s.click("#go-home");
    s.click("#go-trends");
    wait_h1(&s, "Trends");
    s.click("input[name=\"period\"][value=\"30\"]");
    s.wait_for(
        "the cycle marks",
        "return document.querySelectorAll('#charts line.cycle-mark').length >= 2;",
        json!([]),
    );
    s.click("input[name=\"view\"][value=\"cycles\"]");
    s.find("#cycle-charts figure[data-rating=\"fatigue\"]");
    assert_eq!(
        s.count("figure[data-rating=\"fatigue\"] polyline.newest"),
        1
    );
    assert_eq!(
        s.count("figure[data-rating=\"fatigue\"] polyline.before"),
        1
    );
    let caption = s.text("figure[data-rating=\"fatigue\"] figcaption");
    assert!(
        caption.contains("cycle 1: 2 2 2 2 1") && caption.contains("cycle 2: 2 2 2 2 1"),
        "{caption}"
    );
    axe(&s, "one cycle against another");
    s.exec("window.scrollTo(0, 0);", json!([]));
    s.screenshot(&screenshots().join("cycles.png"));

    // The history says where each report falls.
    s.click("#go-home");
    s.click("#go-history");
    wait_h1(&s, "History");
    s.find("#history-reports .report-row");
    let rows = s.text("#history-reports");
    assert!(rows.contains("cycle 2, day 9"), "{rows}");

    // Two questions for the visit; one crossed off when asked.
    s.click("#go-home");
    s.click("#go-visit");
    wait_h1(&s, "For the clinic visit");
    for q in [
        "Why is the tiredness worse in the first days?",
        "Can I travel in January?",
    ] {
        s.type_into("#question-text", q);
        s.click("#add-question");
        s.wait_for(
            "the question listed",
            "return [...document.querySelectorAll('.question-text')].some(e => e.textContent === arguments[0]);",
            json!([q]),
        );
    }
    assert_eq!(s.count(".question-row"), 2);
    axe(&s, "questions for the visit");
    s.click(".question-row .question-asked");
    s.wait_for(
        "the first question crossed off",
        "return document.querySelectorAll('.question-row').length === 1;",
        json!([]),
    );
    assert_eq!(s.text(".question-text"), "Can I travel in January?");

    // The spreadsheets, then the visit report in Russian.
    s.click("#save-csv");
    s.find("#saved-file");
    let reports = std::fs::read_to_string(saved_dir(&file).join("reports.csv")).unwrap();
    assert_eq!(reports.lines().count(), 31, "a header and 30 reports");
    s.click("#go-home");
    s.click("#go-settings");
    choose(&s, "language", "ru");
    s.click("#save-settings");
    wait_h1(&s, "Дневник симптомов");
    s.click("#go-visit");
    wait_h1(&s, "К приёму в клинике");
    axe(&s, "the visit screen in Russian");
    s.click("#save-visit-report");
    let saved = s.text("#saved-file");
    let name = saved.trim_start_matches("Сохранено: ").to_string();
    assert!(name.ends_with(".pdf"), "{saved}");
    let pdf = saved_dir(&file).join(&name);
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    match std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
    {
        Ok(out) if out.status.success() => {
            let text = String::from_utf8_lossy(&out.stdout);
            for words in [
                "отчёт к визиту в клинику",
                "Can I travel in January?",
                "цикл 2",
                "Усталость",
            ] {
                assert!(
                    text.contains(words),
                    "{words:?} is not in the Russian report:\n{text}"
                );
            }
        }
        _ => skip("reading the visit report back: pdftotext (poppler-utils) is not installed"),
    }
}
