//! A damaged diary: the window names the damage and offers the backups; "restore the
//! newest good backup" puts back the one the test took, keeps the damaged file, and asks
//! for a restart; the diary then opens with the report of the backup.

use crate::checks::axe;
use crate::driver::{Driver, Session};
use crate::screens::{wait_h1, wait_text};
use crate::support::{app, screenshots};
use diary_core::store::backup;
use serde_json::json;
use std::path::Path;

pub fn run(dir: &Path) {
    use chrono::{Duration as Days, Utc};
    use diary_core::model::{Rating, Report};
    use diary_core::store::Diary;

    let file = dir.join("damaged.sqlite");
    let now = Utc::now();
    {
        let mut diary = Diary::open(&file).unwrap();
        let mut settings = diary.settings().unwrap();
        settings.onboarded = true;
        diary.set_settings(&settings).unwrap();
        let mut report = Report::new((now - Days::days(1)).fixed_offset());
        report.ratings.insert(Rating::Fatigue, 1);
        diary.add_report(report, now).unwrap();
        diary.snapshot(now - Days::hours(2)).unwrap();
        for day in 2..40 {
            let mut report = Report::new((now - Days::days(day)).fixed_offset());
            report.ratings.insert(Rating::Pain, 2);
            report.note = Some(format!("a note of day {day} to fill pages ") + &"x".repeat(400));
            diary.add_report(report, now).unwrap();
        }
    }
    let mut bytes = std::fs::read(&file).unwrap();
    assert!(bytes.len() > 4 * 4096, "{} bytes", bytes.len());
    bytes[2 * 4096 + 64..3 * 4096 - 64].fill(0);
    std::fs::write(&file, &bytes).unwrap();

    let _driver = Driver::start(&file);
    let s = Session::new(&app());
    wait_h1(&s, "Something went wrong");
    let words = s.text(".error");
    assert!(words.contains("damaged"), "{words}");
    axe(&s, "damaged diary");
    s.click("#go-backups");
    wait_h1(&s, "Backups");
    s.wait_for(
        "the list of backups",
        "return !!document.querySelector('#backup-list');",
        json!([]),
    );
    assert_eq!(
        s.count("#backup-list li"),
        1,
        "the test's one backup is listed"
    );
    axe(&s, "backups");
    s.screenshot(&screenshots().join("backups.png"));
    s.click("#restore-newest");
    wait_text(&s, "#restore-outcome", "restored");
    wait_text(&s, "#restore-outcome", "open it again");
    assert_eq!(
        s.count("#backup-list li"),
        2,
        "the damaged diary is kept as a backup"
    );
    axe(&s, "backups after a restore");
    let kept = backup::list(&file).unwrap();
    assert!(
        kept.iter()
            .any(|b| b.path.to_string_lossy().contains("damaged")),
        "{kept:?}"
    );
    let restored = Diary::open(&file).unwrap();
    assert_eq!(restored.report_count().unwrap(), 1);
}
