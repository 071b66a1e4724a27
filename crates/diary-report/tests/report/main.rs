//! diary-report's one integration-test binary: a diary in a temporary folder with six
//! weeks of reports (a red fever, an amber, greens), lab results and a profile; the
//! report built from it, written as a PDF in every language, read back as text and
//! rendered to PNG pages under the cargo target directory (never in the work tree, unless
//! DIARY_BLESS=1, the one regeneration switch, asks for the README's picture).

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone, Utc};
use diary_core::model::{LabResult, LabTest, LabUnit, Level, Profile, Rating, Report, Therapy};
use diary_core::store::{Diary, Settings};
use diary_report::model::{AlertSource, PeriodAlert};
use diary_report::{from_diary, render, Period, VisitReport};
use std::path::{Path, PathBuf};
use std::process::Command;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// 09:00 in Tashkent on `d`.
fn morning(d: NaiveDate) -> DateTime<FixedOffset> {
    FixedOffset::east_opt(5 * 3600)
        .unwrap()
        .from_local_datetime(&d.and_hms_opt(9, 0, 0).unwrap())
        .unwrap()
}

const FIRST: (i32, u32, u32) = (2026, 10, 1);
const DAYS: i64 = 42;
const FEVER_DAY: i64 = 20;
const SEVERE_PAIN_DAY: i64 = 30;

fn first() -> NaiveDate {
    day(FIRST.0, FIRST.1, FIRST.2)
}

fn lab(
    taken_on: NaiveDate,
    test: LabTest,
    value: f64,
    unit: LabUnit,
    low: Option<f64>,
    high: Option<f64>,
) -> LabResult {
    LabResult {
        id: None,
        taken_on,
        test,
        value,
        unit,
        ref_low: low,
        ref_high: high,
        baseline: None,
    }
}

/// Six weeks of a patient on capecitabine: mild tiredness most days, a fever on day 20, severe
/// pain on day 30, weight slowly falling; two lab results in the period and one before
/// it, and a red report before the period that the report must leave out.
fn six_weeks(path: &Path) -> Diary {
    let mut diary = Diary::open_with(path, diary_core::store::KeyPolicy::KeyFile).unwrap();
    diary
        .set_settings(&Settings {
            language: "ru".into(),
            team_phone: Some("+998 71 200 00 01".into()),
            line_24h_phone: Some("+998 71 200 00 24".into()),
            emergency_phone: Some("103".into()),
            ..Settings::default()
        })
        .unwrap();
    diary
        .set_profile(&Profile {
            therapies: vec![Therapy::Capecitabine, Therapy::Her2Antibody],
            baseline_weight_kg: Some(68.0),
            ..Profile::default()
        })
        .unwrap();
    let mut add = |d: NaiveDate, build: &dyn Fn(&mut Report)| {
        let at = morning(d);
        let mut r = Report::new(at);
        r.screened = true;
        build(&mut r);
        diary.add_report(r, at.with_timezone(&Utc)).unwrap();
    };
    // Before the period: a red fever that must not be in the report.
    add(first() - Duration::days(3), &|r| {
        r.temperature_c = Some(38.9)
    });
    for i in 0..DAYS {
        let d = first() + Duration::days(i);
        add(d, &|r| {
            r.ratings
                .insert(Rating::Fatigue, [1, 1, 2, 1, 0, 1, 2][i as usize % 7]);
            r.ratings.insert(
                Rating::Pain,
                if i == SEVERE_PAIN_DAY {
                    3
                } else {
                    (i % 5 == 0) as u8
                },
            );
            r.ratings.insert(Rating::Itching, 0);
            if i % 3 == 0 {
                r.weight_kg = Some(68.0 - i as f64 * 0.06);
            }
            if i == FEVER_DAY {
                r.temperature_c = Some(38.3);
            }
        });
    }
    // When the results were entered: a fixed instant, as the rules read no clock.
    let now = Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap();
    for l in [
        lab(
            first() - Duration::days(10),
            LabTest::Alt,
            300.0,
            LabUnit::UPerL,
            None,
            Some(40.0),
        ),
        lab(
            first() + Duration::days(10),
            LabTest::Bilirubin,
            45.0,
            LabUnit::UmolPerL,
            None,
            Some(21.0),
        ),
        lab(
            first() + Duration::days(35),
            LabTest::Neutrophils,
            0.8,
            LabUnit::E9PerL,
            Some(1.8),
            None,
        ),
    ] {
        diary.add_lab(&l, now).unwrap();
    }
    // A course of 21-day cycles from the first day, what the team said after the fever,
    // and a question for the visit.
    diary
        .add_course(&diary_core::model::Course {
            id: None,
            drugs: vec![diary_core::model::Drug::Capecitabine],
            started_on: first(),
            cycle_days: Some(21),
            ended_on: None,
        })
        .unwrap();
    let fever = diary
        .reports_since(Utc.with_ymd_and_hms(2000, 1, 1, 0, 0, 0).unwrap())
        .unwrap()
        .into_iter()
        .find(|s| s.report.recorded_at.date_naive() == first() + Duration::days(FEVER_DAY))
        .unwrap();
    diary
        .answer_followup(
            fever.id,
            diary_core::followup::FollowUpAnswer::TheySaid,
            Some("Come to the day unit at 2 pm"),
            fever.report.recorded_at.with_timezone(&Utc) + Duration::hours(1),
        )
        .unwrap();
    diary
        .add_question("Can the capecitabine dose be lowered?", now)
        .unwrap();
    // Two weekly check-ins in the period: the report shows the later one.
    for (days, eating) in [(1, 0), (3, 2)] {
        diary
            .save_checkin(
                diary_core::model::Checkin {
                    id: None,
                    answered_at: fever.report.recorded_at + Duration::days(days),
                    reporter: diary_core::model::Reporter::Patient,
                    phq2: Some([1, 1]),
                    gad2: Some([0, 1]),
                    self_harm_thoughts: None,
                    function: 1,
                    social: 0,
                    eating,
                    caregiver_strain: None,
                },
                now,
            )
            .unwrap();
    }
    diary
}

fn period() -> Period {
    Period::new(first(), first() + Duration::days(DAYS - 1)).unwrap()
}

fn report(dir: &Path) -> VisitReport {
    let diary = six_weeks(&dir.join("diary.sqlite"));
    from_diary(&diary, period()).unwrap()
}

/// Where this binary's files go: under the cargo target directory.
fn out_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("visit-report");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_report_holds_the_period_and_only_the_period() {
    let dir = tempfile::tempdir().unwrap();
    let r = report(dir.path());
    let levels = |level: Level| r.alerts.iter().filter(|a| a.alert.level == level).count();
    // The fever before the period is left out; the one on day 20 is in.
    assert_eq!(levels(Level::Red), 1, "{:#?}", r.alerts);
    let red = r
        .alerts
        .iter()
        .find(|a| a.alert.level == Level::Red)
        .unwrap();
    assert_eq!(red.alert.rule.as_str(), "R-FEVER");
    assert_eq!(red.day, first() + Duration::days(FEVER_DAY));
    assert!(levels(Level::Amber) >= 1);
    assert!(levels(Level::Green) >= 1);
    assert!(r.alerts.iter().all(|a| period().contains(a.day)));
    // A chart per rated symptom, each day once.
    let rated: Vec<Rating> = r.symptoms.iter().map(|s| s.rating).collect();
    assert_eq!(rated, vec![Rating::Fatigue, Rating::Pain, Rating::Itching]);
    assert!(r.symptoms.iter().all(|s| s.days.len() == DAYS as usize));
    // The red fever day is marked on the pain chart, not as being about pain; the severe
    // pain day is.
    let pain = &r.symptoms[1];
    let fever = pain.marks.iter().find(|m| m.day == red.day).unwrap();
    assert_eq!((fever.level, fever.about_this), (Level::Red, false));
    let severe = pain
        .marks
        .iter()
        .find(|m| m.day == first() + Duration::days(SEVERE_PAIN_DAY))
        .unwrap();
    assert_eq!((severe.level, severe.about_this), (Level::Amber, true));
    // Weights of the period, the baseline from the profile.
    assert_eq!(r.weight.days.len(), 14);
    assert_eq!(r.weight.baseline, Some(68.0));
    // The labs of the period with their CTCAE grades; the ALT before it is left out.
    let labs: Vec<(LabTest, Option<u8>)> = r.labs.iter().map(|g| (g.lab.test, g.grade)).collect();
    assert_eq!(
        labs,
        vec![
            (LabTest::Bilirubin, Some(2)),
            (LabTest::Neutrophils, Some(3))
        ]
    );
    assert_eq!(
        r.therapies,
        vec![Therapy::Capecitabine, Therapy::Her2Antibody]
    );
    assert_eq!(
        r.rulesets,
        vec![diary_core::rules::RULESET_VERSION.to_string()]
    );
    assert_eq!(r.phones.line_24h.as_deref(), Some("+998 71 200 00 24"));
    // The cycles of the course (21 days from the first day: days 1, 22), the open
    // question, and what happened after the fever; nothing after the other alerts.
    assert_eq!(
        r.cycles
            .iter()
            .map(|c| (c.day, c.cycle))
            .collect::<Vec<_>>(),
        [(first(), 1), (first() + Duration::days(21), 2)]
    );
    assert_eq!(r.questions, ["Can the capecitabine dose be lowered?"]);
    let answered: Vec<_> = r
        .alerts
        .iter()
        .filter_map(|a| a.follow_up.clone())
        .collect();
    assert_eq!(
        answered,
        [diary_report::model::FollowUp::TheySaid(
            "Come to the day unit at 2 pm".into()
        )]
    );
    // The period's latest weekly check-in (of the two answered in it).
    assert_eq!(
        r.checkin.as_ref().map(|c| c.eating),
        Some(2),
        "the period's latest check-in"
    );
}

/// The PDF's text, page by page, with runs of white space made one space.
fn pages_text(pdf: &[u8]) -> Vec<String> {
    pdf_extract::extract_text_from_mem_by_pages(pdf)
        .unwrap()
        .into_iter()
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

/// Whether `text` holds `words`, wherever a line was wrapped: white space is left out of
/// both (text extraction joins wrapped lines with or without a space).
fn holds(text: &str, words: &str) -> bool {
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    squeeze(text).contains(&squeeze(words))
}

#[test]
fn the_pdf_says_it_in_every_language_on_a_few_pages() {
    let dir = tempfile::tempdir().unwrap();
    let r = report(dir.path());
    let fever = &r
        .alerts
        .iter()
        .find(|a| a.alert.level == Level::Red)
        .unwrap()
        .alert;
    let phones = &r.phones;
    let expected: &[(&str, &[&str])] = &[
        (
            "en",
            &[
                "report for the clinic visit",
                "What triggered it",
                "Red",
                "Amber",
                "CTCAE grade",
                "Bilirubin",
                "Tiredness",
                "+998 71 200 00 24",
                "Capecitabine",
                "ruleset version 2",
                "2026-10-01",
                "Page 1 of",
                "Come to the day unit at 2 pm",
                "Can the capecitabine dose be lowered?",
                "cycle 2, day 1",
            ],
        ),
        (
            "ru",
            &[
                "отчёт к визиту в клинику",
                "Причина",
                "Красный",
                "Жёлтый",
                "Степень CTCAE",
                "Билирубин",
                "лечащей команды",
                "01.10.2026",
                "версии 2",
                "Страница 1 из",
            ],
        ),
        (
            "uz",
            &[
                "klinikaga tashrif uchun hisobot",
                "Sababi",
                "Qizil",
                "Sariq",
                "CTCAE darajasi",
                "Meʼyor",
                "toʻplamining",
                "Davolovchi jamoa",
                "01.10.2026",
            ],
        ),
    ];
    for (lang, words) in expected {
        let pdf = render(&r, lang).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        std::fs::write(out_dir().join(format!("visit-{lang}.pdf")), &pdf).unwrap();
        let pages = pages_text(&pdf);
        assert!(
            (1..=6).contains(&pages.len()),
            "{lang}: {} pages",
            pages.len()
        );
        let all = pages.join(" ");
        for word in *words {
            assert!(
                holds(&all, word),
                "{lang}: {word:?} is not in the PDF:\n{all}"
            );
        }
        // The fever's trigger in plain words, as the app says it, is in the PDF.
        let start = diary_core::messages::explain_alert(lang, fever, phones).detail;
        assert!(
            holds(&all, &start),
            "{lang}: {start:?} is not in the PDF:\n{all}"
        );
        // No word of another language's heading leaks in.
        if *lang != "en" {
            assert!(!holds(&all, "What triggered it"), "{lang}");
        }
    }
}

#[test]
fn a_lab_only_amber_of_the_period_is_in_the_alert_history_and_the_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let r = report(dir.path());
    let lab_only: Vec<&PeriodAlert> = r.alerts.iter().filter(|a| a.lab_only()).collect();
    // The neutrophils 0.8 taken on day 35 (grade 3) raised an amber when entered on its
    // own; it counts on the day the blood was taken, though entered after the period.
    // The bilirubin of day 10 (grade 2) gave a green; the ALT 300 before the period is
    // left out.
    let rules: Vec<(&str, Level, NaiveDate)> = lab_only
        .iter()
        .map(|a| (a.alert.rule.as_str(), a.alert.level, a.day))
        .collect();
    assert_eq!(
        rules,
        [
            ("G-LAB", Level::Green, first() + Duration::days(10)),
            ("A-LAB", Level::Amber, first() + Duration::days(35)),
        ],
        "{:#?}",
        r.alerts
    );
    let amber = lab_only[1];
    assert!(matches!(amber.source, AlertSource::Lab(_)));
    assert!(
        amber.alert.detail.contains("neutrophils 0.8"),
        "{}",
        amber.alert.detail
    );
    assert_eq!(amber.follow_up, None);
    // Among the reports' alerts, by day.
    assert!(r.alerts.windows(2).all(|w| w[0].day <= w[1].day));
    let before = r
        .alerts
        .iter()
        .position(|a| a.lab_only() && a.alert.level == Level::Amber);
    assert!(
        r.alerts[..before.unwrap()]
            .iter()
            .any(|a| !a.lab_only() && a.day < amber.day),
        "the reports before day 35 come first"
    );
    // The PDF prints it with the reports' alerts, in every language: its level, the
    // lab's words as the app says them, and that it came from a lab result on its own.
    for (lang, level) in [("en", "Amber"), ("ru", "Жёлтый"), ("uz", "Sariq")] {
        let all = pages_text(&render(&r, lang).unwrap()).join(" ");
        let trigger = diary_core::messages::explain_alert(lang, &amber.alert, &r.phones).detail;
        assert!(
            holds(&all, &trigger),
            "{lang}: {trigger:?} is not in the PDF:\n{all}"
        );
        assert!(holds(&all, level), "{lang}");
        let words = diary_core::messages::text(lang, "report.alerts.lab_only", &[]).unwrap();
        assert!(
            holds(&all, &words),
            "{lang}: {words:?} is not in the PDF:\n{all}"
        );
    }
}

/// The font descriptors of a PDF: (font name, whether a TrueType font file is embedded).
fn font_descriptors(pdf: &[u8]) -> Vec<(String, bool)> {
    let doc = pdf_extract::Document::load_mem(pdf).unwrap();
    doc.objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Type").and_then(|t| t.as_name()).ok() == Some(&b"FontDescriptor"[..]))
        .map(|d| {
            let name = d.get(b"FontName").and_then(|n| n.as_name()).unwrap_or(b"");
            (
                String::from_utf8_lossy(name).into_owned(),
                d.has(b"FontFile2"),
            )
        })
        .collect()
}

#[test]
fn the_pdf_carries_a_subset_of_the_shipped_font() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = render(&report(dir.path()), "uz").unwrap();
    let mut fonts = font_descriptors(&pdf);
    // By the name after the subset tag.
    fonts.sort_by_key(|(name, _)| name.split('+').next_back().unwrap_or_default().to_string());
    // DejaVu Sans and its bold, each embedded, each a subset (a six-letter tag and +).
    assert_eq!(fonts.len(), 2, "{fonts:?}");
    for ((name, embedded), family) in fonts.iter().zip(["DejaVuSans", "DejaVuSans-Bold"]) {
        assert!(*embedded, "{name} is not embedded");
        let (tag, base) = name.split_once('+').unwrap_or(("", name));
        assert_eq!(base, family);
        assert!(
            tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
            "{name}"
        );
    }
    // A subset: the whole PDF is far smaller than the two font files it draws on.
    let whole = diary_report::fonts::REGULAR.len() + diary_report::fonts::BOLD.len();
    assert!(
        pdf.len() * 5 < whole,
        "{} bytes for {} bytes of fonts",
        pdf.len(),
        whole
    );
}

#[test]
fn the_same_data_give_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let r = report(dir.path());
    assert_eq!(render(&r, "uz").unwrap(), render(&r, "uz").unwrap());
    assert_ne!(render(&r, "uz").unwrap(), render(&r, "ru").unwrap());
}

#[test]
fn an_empty_diary_gives_one_page_that_says_there_is_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let diary = Diary::open_with(
        &dir.path().join("empty.sqlite"),
        diary_core::store::KeyPolicy::KeyFile,
    )
    .unwrap();
    let r = from_diary(&diary, period()).unwrap();
    let pages = pages_text(&render(&r, "en").unwrap());
    assert_eq!(pages.len(), 1);
    for words in [
        "No alerts in this period.",
        "No symptom was rated in this period.",
        "No weight was recorded in this period.",
        "No lab results in this period.",
        "No treatments are listed in the diary.",
        "not set",
    ] {
        assert!(holds(&pages[0], words), "{words:?} not in {}", pages[0]);
    }
    // Nothing of the parts the app does not record yet.
    assert!(!holds(&pages[0], "Questions for the next visit"));
    assert!(!holds(&pages[0], "check-in"));
}

/// Renders the PDFs to PNG pages with pdftoppm, into the cargo target directory. Without
/// pdftoppm the test says it skipped, and fails when CI=true (CI must render).
#[test]
fn the_pages_render_to_png() {
    if Command::new("pdftoppm").arg("-v").output().is_err() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "pdftoppm (Debian package poppler-utils) is missing: scripts/setup.sh installs it"
        );
        eprintln!("skipped: pdftoppm (poppler-utils) is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let r = report(dir.path());
    let out = out_dir();
    for lang in ["en", "ru", "uz"] {
        let pdf = out.join(format!("render-{lang}.pdf"));
        let bytes = render(&r, lang).unwrap();
        std::fs::write(&pdf, &bytes).unwrap();
        let prefix = out.join(format!("render-{lang}"));
        for old in std::fs::read_dir(&out).unwrap().flatten() {
            let name = old.file_name().to_string_lossy().into_owned();
            if name.starts_with(&format!("render-{lang}-")) && name.ends_with(".png") {
                std::fs::remove_file(old.path()).unwrap();
            }
        }
        let run = Command::new("pdftoppm")
            .args(["-png", "-r", "96"])
            .arg(&pdf)
            .arg(&prefix)
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        // pdftoppm complains on standard error about fonts it cannot read.
        assert!(
            run.stderr.is_empty(),
            "{lang}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        let mut pngs: Vec<PathBuf> = std::fs::read_dir(&out)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                name.starts_with(&format!("render-{lang}-")) && name.ends_with(".png")
            })
            .collect();
        pngs.sort();
        assert_eq!(
            pngs.len(),
            pages_text(&bytes).len(),
            "{lang}: one PNG per page"
        );
        for png in &pngs {
            let data = std::fs::read(png).unwrap();
            assert!(data.starts_with(b"\x89PNG"), "{}", png.display());
            // A page with text and charts, not a blank one.
            assert!(
                data.len() > 20_000,
                "{}: {} bytes",
                png.display(),
                data.len()
            );
        }
        if lang == "en" && std::env::var("DIARY_BLESS").as_deref() == Ok("1") {
            let target = Path::new(
                &std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
            )
            .join("../../docs/screenshots/visit-report.png");
            std::fs::copy(&pngs[0], target).unwrap();
        }
    }
}
