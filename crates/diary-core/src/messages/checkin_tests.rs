//! The weekly check-in's words in every language: the emergency number first with
//! self-harm thoughts, the care team's number after it, a check-in's own "nothing needs
//! action", and the seed's advice on a green.

use super::*;
use crate::model::{Checkin, Reporter};
use crate::model::{Level, RuleId, Triage};

fn checkin(phq2: [u8; 2], self_harm: Option<bool>, eating: u8) -> Triage {
    let c = Checkin {
        id: None,
        answered_at: chrono::DateTime::parse_from_rfc3339("2026-11-19T18:00:00+05:00").unwrap(),
        reporter: Reporter::Patient,
        phq2: Some(phq2),
        gad2: Some([0, 0]),
        self_harm_thoughts: self_harm,
        function: 0,
        social: 0,
        eating,
        caregiver_strain: None,
    };
    crate::rules::triage_checkin(std::slice::from_ref(&c), &c)
}

fn phones() -> Phones {
    Phones {
        line_24h: Some("+998 71 000 11 22".into()),
        emergency: Some("103".into()),
        care_team: Some("+998 71 333 44 55".into()),
        office_open: true,
    }
}

#[test]
fn self_harm_thoughts_give_the_emergency_number_first_in_every_language() {
    let triage = checkin([2, 2], Some(true), 0);
    assert!(checkin_emergency_first(&triage));
    for (lang, acting) in [
        ("en", "might act"),
        ("ru", "поступите"),
        ("uz", "amalga oshirish"),
    ] {
        let e = explain_checkin(lang, &triage, &phones());
        assert_eq!(e.level, Level::Amber);
        let lines: Vec<Line> = e.calls.iter().map(|c| c.line).collect();
        assert_eq!(lines, [Line::Emergency, Line::CareTeam], "{lang}");
        assert!(
            e.calls[0].label.contains(acting),
            "{lang}: {}",
            e.calls[0].label
        );
        let (emergency, team) = (
            e.headline.find("103").expect("the emergency number"),
            e.headline
                .find("+998 71 333 44 55")
                .expect("the care team's number"),
        );
        assert!(emergency < team, "{lang}: {}", e.headline);
        assert_eq!(e.items[0].rule, RuleId::ASelfHarm);
        assert!(e.items[0].message.contains("103"), "{lang}");
        // Outside office hours: the emergency number, then the 24-hour line, then the
        // care team's; the headline names the 24-hour line, never the team's number.
        let closed = Phones {
            office_open: false,
            ..phones()
        };
        let e = explain_checkin(lang, &triage, &closed);
        let lines: Vec<Line> = e.calls.iter().map(|c| c.line).collect();
        assert_eq!(
            lines,
            [Line::Emergency, Line::Line24h, Line::CareTeam],
            "{lang}"
        );
        let (emergency, line) = (
            e.headline.find("103").expect("the emergency number"),
            e.headline
                .find("+998 71 000 11 22")
                .expect("the 24-hour line"),
        );
        assert!(emergency < line, "{lang}: {}", e.headline);
        assert!(!e.headline.contains("333 44 55"), "{lang}: {}", e.headline);
    }
}

#[test]
fn a_quiet_checkin_and_a_green_one_read_plainly_in_every_language() {
    let none = checkin([0, 1], None, 0);
    let green = checkin([2, 1], Some(false), 2);
    for lang in LANGUAGES {
        let e = explain_checkin(lang, &none, &phones());
        assert_eq!(
            e.headline,
            text(lang, "headline.checkin.none", &[]).unwrap()
        );
        assert!(e.calls.is_empty() && e.items.is_empty());
        let e = explain_checkin(lang, &green, &phones());
        assert!(!checkin_emergency_first(&green));
        assert_eq!(e.headline, text(lang, "headline.green", &[]).unwrap());
        let rules: Vec<RuleId> = e.items.iter().map(|i| i.rule).collect();
        assert_eq!(rules, [RuleId::GMood, RuleId::GEating], "{lang}");
        assert_eq!(
            e.items[0].advice.as_deref(),
            Some(text(lang, "advice.mood", &[]).unwrap().as_str())
        );
    }
}

/// `check(lang, name, year, expect)`: the "Is this you?" words in each language.
#[track_caller]
fn check(lang: &str, name: Option<&str>, year: Option<i32>, expect: &str) {
    assert_eq!(patient_confirm_words(lang, name, year), expect, "{lang}");
}

#[test]
fn is_this_you_and_not_found_are_said_in_every_language() {
    check(
        "en",
        Some("Dilnoza Karimova"),
        Some(1971),
        "Is this you? Dilnoza Karimova, born 1971. Nothing is sent to your care team until you confirm.",
    );
    check(
        "ru",
        Some("Дилноза Каримова"),
        Some(1971),
        "Это вы? Дилноза Каримова, год рождения 1971. Ничего не будет отправлено вашей лечащей команде, пока вы не подтвердите.",
    );
    check(
        "uz",
        Some("Dilnoza Karimova"),
        Some(1971),
        "Bu sizmisiz? Dilnoza Karimova, tugʻilgan yili 1971. Tasdiqlamaguningizcha davolovchi jamoangizga hech narsa yuborilmaydi.",
    );
    check(
        "en",
        None,
        None,
        "Is this you? no name on the server, born ?. Nothing is sent to your care team until you confirm.",
    );
    check(
        "ru",
        Some("  "),
        Some(1980),
        "Это вы? имя на сервере не указано, год рождения 1980. Ничего не будет отправлено вашей лечащей команде, пока вы не подтвердите.",
    );
    let not_found: Vec<String> = ["en", "ru", "uz"]
        .iter()
        .map(|l| patient_not_found_words(l))
        .collect();
    assert!(
        not_found[0].contains("Nothing was sent"),
        "{}",
        not_found[0]
    );
    assert!(
        not_found[1].contains("Ничего не отправлено"),
        "{}",
        not_found[1]
    );
    assert!(
        not_found[2].contains("Hech narsa yuborilmadi"),
        "{}",
        not_found[2]
    );
    for lang in ["en", "ru", "uz"] {
        for key in ["patient.confirm", "patient.unnamed", "patient.not_found"] {
            assert!(has_key(lang, key), "{lang} {key}");
        }
    }
}
