use super::catalogue::{catalogues, SOURCES};
use super::*;
use crate::model::{Alert, Rating};
use crate::model::{Level, RuleId, Subject, Triage};
use crate::rules::{Evaluation, RULES, RULESET_VERSION};
use std::collections::BTreeMap;
use std::collections::BTreeSet;

fn triage_with(level: Level, rules: &[(&str, &str)]) -> Triage {
    Triage {
        level,
        ruleset: RULESET_VERSION.to_string(),
        alerts: rules
            .iter()
            .map(|(rule, subject)| Alert {
                rule: RuleId::parse(rule).unwrap(),
                level: crate::rules::rule(RuleId::parse(rule).unwrap()).level,
                subject: Subject::parse(subject).unwrap(),
                detail: "detail".to_string(),
                message_key: format!("alert.{rule}"),
                advice_key: None,
                facts: Vec::new(),
            })
            .collect(),
    }
}

#[test]
fn every_follow_up_answer_has_its_words_in_every_language() {
    use crate::followup::{Answered, FollowUpAnswer};
    for answer in FollowUpAnswer::ALL {
        let a = Answered {
            at: chrono::DateTime::parse_from_rfc3339("2026-11-20T09:00:00+05:00")
                .unwrap()
                .to_utc(),
            question: crate::followup::Question::Contact,
            answer: *answer,
            note: (*answer == FollowUpAnswer::TheySaid).then(|| "come at 2 pm".to_string()),
        };
        let english = followup_words("en", &a);
        for lang in LANGUAGES {
            let words = followup_words(lang, &a);
            assert!(!words.starts_with("followup."), "{lang}: {words}");
            assert!(!words.contains('{'), "{lang}: {words}");
            if *lang != "en" {
                assert_ne!(words, english, "{lang} is in English");
            }
            if *answer == FollowUpAnswer::TheySaid {
                assert!(words.contains("come at 2 pm"), "{lang}: {words}");
            }
        }
    }
}

#[test]
fn the_sign_in_page_has_its_words_in_every_language() {
    for lang in LANGUAGES {
        let done = signin_page_words(lang, None);
        let failed = signin_page_words(lang, Some("WHY"));
        assert!(!done.starts_with("signin."), "{lang}: {done}");
        assert!(
            failed.contains("WHY") && !failed.contains("{why}"),
            "{lang}: {failed}"
        );
        assert_ne!(done, failed);
        if *lang != "en" {
            assert_ne!(done, signin_page_words("en", None), "{lang} is not English");
        }
    }
}

#[test]
fn every_therapy_has_its_card_in_every_language() {
    for therapy in crate::model::Therapy::ALL {
        for lang in LANGUAGES {
            assert!(
                has_key(lang, &format!("card.{therapy}")),
                "{lang} has no card for {therapy}"
            );
            let card = therapy_card(lang, *therapy);
            assert!(!card.title.starts_with("therapy."), "{lang}: {card:?}");
            assert_eq!(card.infection.is_some(), therapy.is_myelosuppressive());
            if *lang != "en" {
                assert_ne!(card.watch, therapy_card("en", *therapy).watch);
            }
        }
    }
    // The card says what the rules do: capecitabine's stop, abemaciclib's medicine.
    assert!(therapy_card("en", crate::model::Therapy::Capecitabine)
        .watch
        .contains("stop the tablets"));
    assert!(therapy_card("ru", crate::model::Therapy::Cdk46Inhibitor)
        .infection
        .unwrap()
        .contains("37,5 °C"));
}

#[test]
fn every_language_has_exactly_the_english_keys() {
    let english: BTreeSet<_> = keys("en").into_iter().collect();
    for lang in LANGUAGES {
        let here: BTreeSet<_> = keys(lang).into_iter().collect();
        let missing: Vec<_> = english.difference(&here).collect();
        let extra: Vec<_> = here.difference(&english).collect();
        assert!(missing.is_empty(), "{lang} lacks {missing:?}");
        assert!(extra.is_empty(), "{lang} has extra keys {extra:?}");
    }
}

#[test]
fn no_key_is_written_twice() {
    // serde_json keeps the last of two equal keys, so count the lines that open a key.
    for (lang, source) in SOURCES {
        let written = source
            .lines()
            .filter(|l| l.trim_start().starts_with('"'))
            .count();
        assert_eq!(written, keys(lang).len(), "{lang} repeats a key");
    }
}

#[test]
fn translations_have_the_english_placeholders() {
    for key in keys("en") {
        let english = text_raw("en", key);
        let wanted: BTreeSet<_> = placeholders(&english).into_iter().collect();
        for lang in LANGUAGES {
            let raw = text_raw(lang, key);
            let found: BTreeSet<_> = placeholders(&raw).into_iter().collect();
            assert_eq!(found, wanted, "{lang} {key}");
        }
    }
}

#[test]
fn no_text_is_blank_or_untranslated_english() {
    for key in keys("en") {
        for lang in LANGUAGES {
            let raw = text_raw(lang, key);
            assert!(!raw.trim().is_empty(), "{lang} {key} is blank");
            // A text made only of placeholders (`{contact}`) has no words to translate.
            let words = placeholders(&raw)
                .iter()
                .fold(raw.clone(), |t, p| t.replace(&format!("{{{p}}}"), ""));
            if *lang != "en" && !words.trim().is_empty() {
                assert_ne!(raw, text_raw("en", key), "{lang} {key} is English");
            }
        }
    }
}

fn text_raw(lang: &str, key: &str) -> String {
    catalogues()[lang].get(key).cloned().unwrap()
}

#[test]
fn every_rule_has_a_message_and_every_red_message_both_numbers() {
    for rule in RULES {
        let key = format!("alert.{}", rule.id);
        for lang in LANGUAGES {
            assert!(has_key(lang, &key), "{lang} lacks {key}");
            let raw = text_raw(lang, &key);
            if rule.level == Level::Red {
                assert!(raw.contains("{phone}"), "{lang} {key}");
                assert!(raw.contains("{emergency}"), "{lang} {key}");
            }
        }
    }
    for lang in LANGUAGES {
        for key in ["alert.R-CHOLANGITIS.stent", "alert.generic.red"] {
            let raw = text_raw(lang, key);
            assert!(raw.contains("{phone}") && raw.contains("{emergency}"));
        }
    }
    let g_mood = RULES.iter().find(|r| r.id == "G-MOOD").unwrap();
    assert_eq!(g_mood.evaluation, Evaluation::Checkin);
}

#[test]
fn every_key_the_engine_can_emit_exists() {
    let mut wanted: Vec<String> = Vec::new();
    for level in ["red", "amber", "green", "none"] {
        wanted.push(format!("headline.{level}"));
        wanted.push(format!("level.{level}"));
    }
    for rule in RULES {
        for subject in rule.subjects {
            wanted.push(format!("subject.{subject}"));
        }
    }
    for item in Rating::ALL {
        let subject = crate::rules::rating_subject(*item);
        wanted.push(format!("subject.{subject}"));
        if let Some(advice) = crate::rules::advice_key(subject) {
            wanted.push(advice.to_string());
        }
    }
    wanted.push("advice.bowel".into());
    wanted.push("advice.bowel_abemaciclib".into());
    wanted.push("advice.bowel_ici".into());
    for key in [
        "alert.A-DIARRHOEA.capecitabine",
        "alert.A-VOMIT.capecitabine",
        "alert.G-SELF-CARE.moderate",
        "alert.G-LAB.grade1",
        "alert.G-LAB.grade2",
        "headline.red.emergency_first",
        "phone.emergency.first",
        "advice.mood",
        "advice.eating",
        "advice.social",
        "advice.caregiver",
        "advice.skin",
    ] {
        wanted.push(key.into());
    }
    wanted.push("alert.R-CHOLANGITIS.stent".into());
    for key in wanted {
        for lang in LANGUAGES {
            assert!(has_key(lang, &key), "{lang} lacks {key}");
        }
    }
}

#[test]
fn red_headline_names_both_numbers_in_every_language() {
    let red = triage_with(Level::Red, &[("R-FEVER", "temperature")]);
    for office_open in [false, true] {
        let phones = Phones {
            line_24h: Some("+998 71 000 24 24".into()),
            emergency: Some("103".into()),
            care_team: Some("+998 71 333 44 55".into()),
            office_open,
        };
        for lang in LANGUAGES {
            let e = explain(lang, &red, &phones);
            // Red is the same whether the care team's office is open or not.
            assert!(!e.headline.contains("333 44 55"), "{lang}");
            assert!(e.headline.contains("+998 71 000 24 24"), "{lang}");
            assert!(e.headline.contains("103"), "{lang}");
        }
    }
    let phones = Phones {
        line_24h: Some("+998 71 000 24 24".into()),
        emergency: Some("103".into()),
        care_team: None,
        office_open: false,
    };
    for lang in LANGUAGES {
        let e = explain(lang, &red, &phones);
        assert!(e.headline.contains("+998 71 000 24 24"), "{lang}");
        assert!(e.headline.contains("103"), "{lang}");
        assert!(e.items[0].message.contains("+998 71 000 24 24"), "{lang}");
        assert!(e.items[0].message.contains("103"), "{lang}");
    }
}

#[test]
fn unset_numbers_are_said_in_words() {
    let red = triage_with(Level::Red, &[("R-CHEST", "chest"), ("A-VOMIT", "stomach")]);
    for lang in LANGUAGES {
        let e = explain(lang, &red, &Phones::default());
        let line = text(lang, "phone.line_24h.unset", &[]).unwrap();
        let emergency = text(lang, "phone.emergency.unset", &[]).unwrap();
        let team = text(lang, "phone.care_team.unset", &[]).unwrap();
        assert!(e.headline.contains(&line), "{lang}: {}", e.headline);
        assert!(e.headline.contains(&emergency), "{lang}: {}", e.headline);
        assert!(e.items[0].message.contains(&line));
        assert!(e.items[0].message.contains(&emergency));
        // The amber item: no office hours set, so the 24-hour line, not set either.
        assert!(e.items[1].message.contains(&line), "{lang}");
        assert!(!e.items[1].message.contains(&team), "{lang}");
        assert!(!e.headline.contains(": ."), "{lang}");
        // Inside office hours, the care team's words, not set.
        let open = Phones {
            office_open: true,
            ..Phones::default()
        };
        let e = explain(lang, &red, &open);
        assert!(e.items[1].message.contains(&team), "{lang}");
        assert!(!e.items[1].message.contains(&line), "{lang}");
    }
    // Blank numbers count as not set.
    let blank = Phones {
        line_24h: Some("  ".into()),
        emergency: Some(String::new()),
        care_team: None,
        office_open: false,
    };
    let e = explain("en", &red, &blank);
    assert!(e.headline.contains("number not set"));
}

#[test]
fn amber_uses_the_care_team_number_inside_office_hours_else_the_24_hour_line_first() {
    let amber = triage_with(Level::Amber, &[("A-VOMIT", "stomach")]);
    let open = Phones {
        line_24h: Some("111".into()),
        emergency: Some("112".into()),
        care_team: Some("222".into()),
        office_open: true,
    };
    let closed = Phones {
        office_open: false,
        ..open.clone()
    };
    let line_only = |office_open| Phones {
        care_team: None,
        office_open,
        ..open.clone()
    };
    for (phones, headline) in [
        (&open, "Please contact your care team today: 222."),
        (
            &closed,
            "Please contact your care team today. Their office is closed now, so call your 24-hour cancer line: 111.",
        ),
        // No care-team number: the 24-hour line, in the words of the moment.
        (&line_only(true), "Please contact your care team today: 111."),
        (
            &line_only(false),
            "Please contact your care team today. Their office is closed now, so call your 24-hour cancer line: 111.",
        ),
    ] {
        let e = explain("en", &amber, phones);
        assert_eq!(e.headline, headline, "{phones:?}");
        // The alert's own message ends in the same sentence.
        assert!(e.items[0].message.ends_with(headline), "{phones:?}: {}", e.items[0].message);
    }
    // In every language: inside office hours the team's number and not the 24-hour line;
    // outside them the 24-hour line first, in the words that say the office is closed, and
    // the team's number second on the screen.
    for lang in LANGUAGES {
        let inside = explain(lang, &amber, &open);
        assert_eq!(
            inside.headline,
            text(lang, "contact.office_open", &[("phone", "222")]).unwrap()
        );
        assert!(!inside.headline.contains("111"), "{lang}");
        let lines: Vec<Line> = inside.calls.iter().map(|c| c.line).collect();
        assert_eq!(lines, [Line::CareTeam], "{lang}");
        let outside = explain(lang, &amber, &closed);
        assert_eq!(
            outside.headline,
            text(lang, "contact.office_closed", &[("line_24h", "111")]).unwrap()
        );
        assert!(!outside.headline.contains("222"), "{lang}");
        assert_ne!(outside.headline, inside.headline, "{lang}");
        let lines: Vec<Line> = outside.calls.iter().map(|c| c.line).collect();
        assert_eq!(lines, [Line::Line24h, Line::CareTeam], "{lang}");
        for item in [&inside.items[0], &outside.items[0]] {
            assert!(!item.message.contains('{'), "{lang}: {}", item.message);
        }
        assert!(inside.items[0].message.contains("222"), "{lang}");
        assert!(outside.items[0].message.contains("111"), "{lang}");
        assert!(!outside.items[0].message.contains("222"), "{lang}");
        if *lang != "en" {
            assert_ne!(outside.headline, explain("en", &amber, &closed).headline);
        }
    }
    // The 24-hour line carries its one name (I-10): the words of the red messages.
    for (lang, name) in [
        ("en", "24-hour cancer line"),
        ("ru", "круглосуточную онкологическую линию"),
        ("uz", "24 soatlik saraton liniyasi"),
    ] {
        assert!(
            text_raw(lang, "contact.office_closed").contains(name),
            "{lang}"
        );
        assert!(text_raw(lang, "headline.red").contains(name), "{lang}");
    }
}

/// Every text said at amber — every amber rule's message and its variants, the amber
/// headline, the generic amber words and the check-in's self-harm headline — says whom to
/// call today through `{contact}`, never a bare `{phone}`, in every language: no amber
/// can give the care team's words with the 24-hour number, or the team's number after
/// hours.
#[test]
fn every_amber_text_says_whom_to_call_through_the_office_hours_sentence() {
    let mut amber_keys: Vec<String> = vec![
        "headline.amber".into(),
        "alert.generic.amber".into(),
        "headline.checkin.self_harm".into(),
    ];
    for rule in RULES.iter().filter(|r| r.level == Level::Amber) {
        let key = format!("alert.{}", rule.id);
        amber_keys.extend(
            keys("en")
                .into_iter()
                .filter(|k| *k == key || k.starts_with(&format!("{key}.")))
                .map(String::from),
        );
    }
    assert!(amber_keys.len() > 25, "{amber_keys:?}");
    for lang in LANGUAGES {
        for key in &amber_keys {
            let raw = text_raw(lang, key);
            let names = placeholders(&raw);
            assert!(names.contains(&"contact"), "{lang} {key}: {raw}");
            assert!(!names.contains(&"phone"), "{lang} {key}: {raw}");
        }
        for key in super::calls::CONTACT_KEYS {
            assert!(has_key(lang, key), "{lang} lacks {key}");
        }
        assert_eq!(
            placeholders(&text_raw(lang, "contact.office_open")),
            ["phone"]
        );
        assert_eq!(
            placeholders(&text_raw(lang, "contact.office_closed")),
            ["line_24h"]
        );
    }
}

/// One row of the phone policy: the lines and numbers shown for a level.
fn calls_line(lang: &str, level: Level, phones: &Phones) -> String {
    calls(lang, level, false, phones)
        .iter()
        .map(|c| format!("{}={}", c.line.as_str(), c.text))
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_numbers_for_each_level() {
    let all = Phones {
        line_24h: Some("111".into()),
        emergency: Some("112".into()),
        care_team: Some(" 222 ".into()),
        office_open: true,
    };
    let closed = Phones {
        office_open: false,
        ..all.clone()
    };
    let line_only = Phones {
        care_team: Some("  ".into()),
        ..all.clone()
    };
    let line_only_closed = Phones {
        office_open: false,
        ..line_only.clone()
    };
    let team_only_closed = Phones {
        line_24h: None,
        ..closed.clone()
    };
    let none = Phones::default();
    let none_open = Phones {
        office_open: true,
        ..Phones::default()
    };
    for (level, phones, expect) in [
        (Level::Red, &all, "line_24h=111 emergency=112"),
        (Level::Red, &closed, "line_24h=111 emergency=112"),
        (Level::Amber, &all, "care_team=222"),
        (Level::Amber, &closed, "line_24h=111 care_team=222"),
        (Level::Amber, &line_only, "line_24h=111"),
        (Level::Amber, &line_only_closed, "line_24h=111"),
        (
            Level::Amber,
            &team_only_closed,
            "line_24h=your 24-hour line (number not set) care_team=222",
        ),
        (
            Level::Amber,
            &none_open,
            "care_team=your care team (number not set)",
        ),
        (
            Level::Amber,
            &none,
            "line_24h=your 24-hour line (number not set)",
        ),
        (
            Level::Red,
            &none,
            "line_24h=your 24-hour line (number not set) emergency=your local emergency number (number not set)",
        ),
        (Level::Green, &all, ""),
        (Level::Green, &closed, ""),
        (Level::None, &all, ""),
    ] {
        assert_eq!(calls_line("en", level, phones), expect, "{level} {phones:?}");
    }
    // Every language labels every line and says "not set" in its own words.
    for lang in LANGUAGES {
        for call in calls(lang, Level::Red, false, &none) {
            assert!(has_key(lang, &format!("phone.{}", call.line.as_str())));
            assert!(!call.text.contains("phone."), "{lang}: {}", call.text);
            assert_eq!(call.number, None);
        }
    }
    // The headline and the screen agree on the number.
    let amber = triage_with(Level::Amber, &[("A-VOMIT", "stomach")]);
    for phones in [&line_only, &closed] {
        let e = explain("ru", &amber, phones);
        assert!(e.headline.contains("111"), "{}", e.headline);
        assert_eq!(e.calls[0].number.as_deref(), Some("111"));
    }
    let e = explain("ru", &amber, &all);
    assert!(e.headline.contains("222"), "{}", e.headline);
    assert_eq!(e.calls[0].number.as_deref(), Some("222"));
}

#[test]
fn an_unscreened_report_never_hears_that_nothing_needs_action() {
    let none = triage_with(Level::None, &[]);
    for lang in LANGUAGES {
        let answered = explain_report(lang, &none, true, &Phones::default()).headline;
        let skipped = explain_report(lang, &none, false, &Phones::default()).headline;
        assert_eq!(answered, text(lang, "headline.none", &[]).unwrap());
        assert_eq!(
            skipped,
            text(lang, "headline.none.unscreened", &[]).unwrap()
        );
        assert_ne!(answered, skipped, "{lang}");
    }
    // Only "none" changes: an amber says what to do whatever was skipped.
    let amber = triage_with(Level::Amber, &[("A-VOMIT", "stomach")]);
    assert_eq!(
        explain_report("en", &amber, false, &Phones::default()).headline,
        explain("en", &amber, &Phones::default()).headline
    );
}

#[test]
fn headlines_for_green_and_none() {
    let none = triage_with(Level::None, &[]);
    assert_eq!(
        explain("en", &none, &Phones::default()).headline,
        "Thank you — nothing in today's report needs action."
    );
    let green = triage_with(Level::Green, &[("G-LAB", "labs")]);
    let e = explain("ru", &green, &Phones::default());
    assert_eq!(e.language, "ru");
    assert_eq!(e.items[0].subject_name, "Анализы крови");
}

#[test]
fn text_fills_placeholders_and_reports_errors() {
    assert_eq!(
        text("en", "contact.office_open", &[("phone", "123")]).unwrap(),
        "Please contact your care team today: 123."
    );
    assert_eq!(
        text("en", "contact.office_open", &[]),
        Err(MessageError::MissingValue {
            lang: "en".into(),
            key: "contact.office_open".into(),
            name: "phone".into()
        })
    );
    assert_eq!(
        text("en", "no.such.key", &[]),
        Err(MessageError::MissingKey {
            lang: "en".into(),
            key: "no.such.key".into()
        })
    );
    // An unknown language falls back to English; a regional tag finds its language.
    assert_eq!(
        text("xx", "level.red", &[]).unwrap(),
        text("en", "level.red", &[]).unwrap()
    );
    assert_eq!(language("ru-RU"), "ru");
    assert_eq!(language("uz_Latn"), "uz");
    assert_eq!(language(""), "en");
}

/// The glossary (`assets/locales/glossary.json`): no catalogue of a language, neither
/// the alert messages nor the window's words, uses a name the glossary avoids.
#[test]
fn the_glossary_holds_in_every_catalogue() {
    let glossary: serde_json::Value =
        serde_json::from_str(include_str!("../../../../assets/locales/glossary.json")).unwrap();
    let ui = [
        ("en", include_str!("../../../../assets/locales/ui/en.json")),
        ("ru", include_str!("../../../../assets/locales/ui/ru.json")),
        ("uz", include_str!("../../../../assets/locales/ui/uz.json")),
    ];
    let mut checked = 0;
    for lang in LANGUAGES {
        let terms = glossary[*lang]
            .as_object()
            .expect("every language has a glossary");
        let ui_words: BTreeMap<String, String> =
            serde_json::from_str(ui.iter().find(|(l, _)| l == lang).unwrap().1).unwrap();
        let all = catalogues()[*lang]
            .iter()
            .chain(ui_words.iter())
            // A language's own name is written as that language writes it.
            .filter(|(key, _)| !key.starts_with("language."));
        for (key, text) in all {
            let text = text.to_lowercase();
            for (term, avoided) in terms {
                for avoid in avoided.as_array().unwrap() {
                    let avoid = avoid.as_str().unwrap().to_lowercase();
                    assert!(
                        !text.contains(&avoid),
                        "{lang} {key} says {avoid:?}; the glossary's word is {term:?}"
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(
        checked > 1000,
        "the glossary checked too little ({checked})"
    );
}

#[test]
fn set_aside_entries_are_explained_in_every_language() {
    let mut seen = Vec::new();
    for lang in LANGUAGES {
        for key in [
            "sync.set_aside.headline",
            "sync.set_aside.what_to_do",
            "sync.set_aside.try_again",
        ] {
            assert!(has_key(lang, key), "{lang} has no {key}");
        }
        let w = set_aside_words(lang, 2);
        assert!(w.headline.contains(": 2."), "{lang}: {}", w.headline);
        for text in [&w.headline, &w.what_to_do, &w.try_again] {
            assert!(!text.is_empty() && !text.contains('{'), "{lang}: {text}");
        }
        seen.push(w);
    }
    assert_ne!(seen[0], seen[1], "Russian is not English");
    assert_ne!(seen[0], seen[2], "Uzbek is not English");
    assert_eq!(
        set_aside_words("en", 1).headline,
        "Entries that could not be sent: 1. The care team's server refused them several \
         times, so they are set aside, and everything else is still sent."
    );
}

#[test]
fn uzbek_is_latin_script() {
    for key in keys("uz") {
        let raw = text_raw("uz", key);
        assert!(
            !raw.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c)),
            "uz {key} has Cyrillic"
        );
    }
}

#[test]
fn unknown_rules_fall_back_to_generic_words_with_both_numbers() {
    let mut red = triage_with(Level::Red, &[("R-FEVER", "temperature")]);
    red.alerts[0].message_key = "alert.R-FROM-THE-FUTURE".into();
    let phones = Phones {
        line_24h: Some("111".into()),
        emergency: Some("112".into()),
        care_team: None,
        office_open: false,
    };
    let e = explain("uz", &red, &phones);
    assert!(e.items[0].message.contains("111") && e.items[0].message.contains("112"));
}

/// Every number set, inside the care team's office hours.
fn phones() -> Phones {
    Phones {
        line_24h: Some("111".into()),
        emergency: Some("112".into()),
        care_team: Some("222".into()),
        office_open: true,
    }
}

#[test]
fn chest_pain_puts_the_emergency_number_first() {
    let chest = triage_with(Level::Red, &[("R-CHEST", "chest"), ("A-VOMIT", "stomach")]);
    assert!(emergency_first(&chest));
    let fever = triage_with(Level::Red, &[("R-FEVER", "temperature")]);
    assert!(!emergency_first(&fever));
    for lang in LANGUAGES {
        let e = explain(lang, &chest, &phones());
        let lines: Vec<Line> = e.calls.iter().map(|c| c.line).collect();
        assert_eq!(lines, [Line::Emergency, Line::Line24h], "{lang}");
        assert_eq!(
            e.calls[0].label,
            text(lang, "phone.emergency.first", &[]).unwrap()
        );
        // The headline and the message name the emergency number before the 24-hour line.
        for words in [&e.headline, &e.items[0].message] {
            let emergency = words.find("112").unwrap();
            let line = words.find("111").unwrap();
            assert!(emergency < line, "{lang}: {words}");
        }
        // Any other red: the 24-hour line first.
        let e = explain(lang, &fever, &phones());
        let lines: Vec<Line> = e.calls.iter().map(|c| c.line).collect();
        assert_eq!(lines, [Line::Line24h, Line::Emergency], "{lang}");
        assert!(e.headline.find("111").unwrap() < e.headline.find("112").unwrap());
    }
    assert_eq!(
        calls_line("en", Level::Red, &phones()),
        "line_24h=111 emergency=112"
    );
    let first: Vec<String> = calls("en", Level::Red, true, &phones())
        .iter()
        .map(|c| format!("{}={}", c.line.as_str(), c.text))
        .collect();
    assert_eq!(first, ["emergency=112", "line_24h=111"]);
    // The flag changes nothing below red.
    assert_eq!(
        calls("en", Level::Amber, true, &phones()),
        calls("en", Level::Amber, false, &phones())
    );
    assert_eq!(
        explain("en", &chest, &phones()).headline,
        "Call 112 now, then tell your 24-hour cancer line: 111."
    );
}

/// The words of the whole triage of `doc` in `lang`: headline, messages and advice.
fn all_words(lang: &str, doc: &crate::model::Document) -> String {
    let e = explain(lang, &crate::rules::triage(doc), &phones());
    let mut out = vec![e.headline.clone()];
    for item in e.items {
        out.push(item.message);
        out.extend(item.advice);
    }
    out.join(" ")
}

fn report_doc(
    therapies: &[crate::model::Therapy],
    build: impl FnOnce(&mut crate::model::Report),
) -> crate::model::Document {
    let mut report = crate::model::Report::new(
        chrono::DateTime::parse_from_rfc3339("2026-11-20T08:30:00+05:00").unwrap(),
    );
    build(&mut report);
    crate::model::Document {
        diary_id: None,
        profile: crate::model::Profile {
            therapies: therapies.to_vec(),
            ..Default::default()
        },
        reports: vec![report],
        labs: Vec::new(),
        checkins: Vec::new(),
        courses: Vec::new(),
    }
}

#[test]
fn therapy_dependent_wording() {
    use crate::model::{Sign, Therapy};
    // Capecitabine ambers say to stop capecitabine until the patient has spoken to the team.
    let stop = [
        (
            "en",
            "Stop taking capecitabine until you have spoken to your care team",
        ),
        (
            "ru",
            "Прекратите принимать капецитабин, пока не поговорите с лечащей командой",
        ),
        (
            "uz",
            "Davolovchi jamoangiz bilan gaplashmaguningizcha kapetsitabin ichishni toʻxtating",
        ),
    ];
    let cases: Vec<(&str, crate::model::Document)> = vec![
        (
            "diarrhoea",
            report_doc(&[Therapy::Capecitabine], |r| r.stools_above_usual = Some(4)),
        ),
        (
            "vomiting",
            report_doc(&[Therapy::Capecitabine], |r| r.vomiting_episodes = Some(2)),
        ),
        (
            "hand-foot",
            report_doc(&[Therapy::Capecitabine], |r| {
                r.ratings.insert(Rating::HandFoot, 2);
            }),
        ),
        (
            "mouth",
            report_doc(&[Therapy::Capecitabine], |r| {
                r.ratings.insert(Rating::MouthSores, 2);
            }),
        ),
    ];
    for (what, doc) in &cases {
        for (lang, words) in stop {
            assert!(all_words(lang, doc).contains(words), "{lang} {what}");
        }
    }
    // Without capecitabine, no such words.
    let plain = report_doc(&[], |r| r.stools_above_usual = Some(4));
    assert!(!all_words("en", &plain).contains("capecitabine"));
    // With a checkpoint inhibitor, no message suggests anti-diarrhoea medicine.
    for (therapies, stools) in [
        (vec![Therapy::CheckpointInhibitor], 1),
        (vec![Therapy::CheckpointInhibitor], 5),
        (vec![Therapy::CheckpointInhibitor, Therapy::Abemaciclib], 1),
        (vec![Therapy::CheckpointInhibitor, Therapy::Sacituzumab], 2),
        (vec![Therapy::CheckpointInhibitor, Therapy::Capecitabine], 4),
    ] {
        let doc = report_doc(&therapies, |r| r.stools_above_usual = Some(stools));
        let en = all_words("en", &doc);
        assert!(
            !en.contains("Take the anti-diarrhoea"),
            "{therapies:?}: {en}"
        );
        assert!(
            !en.contains("Start the anti-diarrhoea"),
            "{therapies:?}: {en}"
        );
        assert!(en.contains("Do not take anti-diarrhoea medicine"), "{en}");
        let ru = all_words("ru", &doc);
        assert!(!ru.contains("Принимайте назначенное врачом лекарство от диареи"));
        assert!(!ru.contains("Начните прямо сейчас"));
    }
    // Without it, abemaciclib's advice starts the antidiarrhoeal.
    let abema = report_doc(&[Therapy::Abemaciclib], |r| r.stools_above_usual = Some(1));
    assert!(all_words("en", &abema).contains("Start the anti-diarrhoea medicine"));
    // Unable to keep fluids down says "for 24 hours", in every language.
    let fluids = report_doc(&[], |r| r.signs.push(Sign::UnableToKeepFluids));
    assert!(all_words("en", &fluids).contains("for 24 hours"));
    for lang in LANGUAGES {
        assert!(all_words(lang, &fluids).contains("24 "), "{lang}");
    }
    assert!(!all_words("ru", &fluids).contains("удержать жидкость"));
}

#[test]
fn self_care_says_moderate_for_2_and_g_lab_names_the_grade() {
    let moderate = report_doc(&[], |r| {
        r.ratings.insert(Rating::Pain, 2);
    });
    let mild = report_doc(&[], |r| {
        r.ratings.insert(Rating::Pain, 1);
    });
    assert!(all_words("en", &moderate).contains("This is moderate."));
    assert!(!all_words("en", &moderate).contains("mild"));
    assert!(all_words("en", &mild).contains("This is mild."));
    for lang in LANGUAGES {
        assert_ne!(all_words(lang, &moderate), all_words(lang, &mild), "{lang}");
    }
    assert!(!all_words("ru", &mild).contains("Это несильно"));
    for (grade, key) in [(1, "alert.G-LAB.grade1"), (2, "alert.G-LAB.grade2")] {
        for lang in LANGUAGES {
            let words = text_raw(lang, key);
            assert!(words.contains(&format!("{grade}")), "{lang} {key}");
            assert!(words.contains('4'), "{lang} {key}");
        }
        assert!(text_raw("en", key).contains(&format!("grade {grade} of 4")));
    }
}

#[test]
fn uzbek_and_russian_words_a_native_reader_expects() {
    assert_eq!(text_raw("uz", "subject.confusion"), "Ong chalkashligi");
    assert!(text_raw("uz", "alert.R-CONFUSION").contains("ong chalkashligi"));
    assert!(text_raw("uz", "subject.numbness").contains("jimirlash"));
    for key in keys("uz") {
        let raw = text_raw("uz", key);
        assert!(!raw.contains("chimchilash"), "uz {key}");
        assert!(!raw.contains('\u{2018}'), "uz {key} uses ‘ for ʻ");
    }
    for key in keys("ru") {
        assert!(!text_raw("ru", key).contains("несильно"), "ru {key}");
    }
}

#[test]
fn self_harm_names_the_emergency_number() {
    let t = triage_with(Level::Amber, &[("A-SELF-HARM", "mood")]);
    let closed = Phones {
        office_open: false,
        ..phones()
    };
    for lang in LANGUAGES {
        let e = explain(lang, &t, &phones());
        assert!(e.items[0].message.contains("222"), "{lang}");
        assert!(e.items[0].message.contains("112"), "{lang}");
        // Outside office hours: the 24-hour line, and still the emergency number.
        let e = explain(lang, &t, &closed);
        assert!(e.items[0].message.contains("111"), "{lang}");
        assert!(!e.items[0].message.contains("222"), "{lang}");
        assert!(e.items[0].message.contains("112"), "{lang}");
    }
}

/// Under a lab-only alert the patient reads what became of it, in every language: kept and
/// sent, or, with sync off, that nobody else sees it; never a raw key, never the English
/// words in Russian or Uzbek.
#[test]
fn what_became_of_an_alert_is_said_in_every_language() {
    for sync_on in [true, false] {
        let english = kept_words("en", Level::Amber, sync_on).unwrap();
        for lang in LANGUAGES {
            let words = kept_words(lang, Level::Amber, sync_on).unwrap();
            assert!(!words.starts_with("kept."), "{lang}: {words}");
            assert!(!words.contains('{'), "{lang}: {words}");
            if *lang != "en" {
                assert_ne!(words, english, "{lang} has its own words");
            }
        }
    }
    assert_ne!(
        kept_words("en", Level::Red, true),
        kept_words("en", Level::Red, false)
    );
    assert!(kept_words("ru-RU", Level::Amber, false)
        .unwrap()
        .contains("никто"));
    assert_eq!(
        kept_words("en", Level::Green, false),
        None,
        "green: nothing to say"
    );
}

#[test]
fn the_ladders_words_exist_in_every_language_and_carry_the_numbers() {
    use crate::ladder::{Action, Event, Ladder, Notice, Showing};
    let phones = Phones {
        line_24h: Some("+998 71 000 24 24".into()),
        emergency: Some("103".into()),
        care_team: Some("+998 71 111 22 33".into()),
        office_open: true,
    };
    for lang in LANGUAGES {
        for key in super::ladder::ladder_keys() {
            assert!(has_key(lang, &key), "{lang}: {key} is missing");
        }
    }
    // The emergency-first screen of E-1: emergency services first, in words and numbers.
    let emergency = Showing {
        ask: Some(Action::AskReached),
        emergency_first: true,
        team_not_opened: true,
        ..Showing::default()
    };
    let english = ladder_words("en", Ladder::Red, Level::Red, &emergency, &phones);
    for lang in LANGUAGES {
        let w = ladder_words(lang, Ladder::Red, Level::Red, &emergency, &phones);
        assert!(w.emergency_first, "{lang}");
        assert_eq!(w.calls[0].line, Line::Emergency, "{lang}: {w:?}");
        assert_eq!(w.calls[1].line, Line::Line24h, "{lang}: {w:?}");
        assert_eq!(w.lines.len(), 2, "{lang}: {w:?}");
        assert!(w.lines[0].contains("103"), "{lang}: {w:?}");
        assert!(w.lines[1].contains("+998 71 000 24 24"), "{lang}: {w:?}");
        let question = w.question.as_deref().unwrap();
        assert!(!question.starts_with("ladder."), "{lang}: {question}");
        if *lang != "en" {
            assert_ne!(w.question, english.question, "{lang} is in English");
            assert_ne!(w.lines, english.lines, "{lang} is in English");
        }
        // The red screen after "not yet" names emergency services.
        assert!(red_again_words(lang, &phones).contains("103"), "{lang}");
        // Where an alert stands: every state in words; "not opened" gives the 24-hour line.
        use crate::standing::Standing;
        let at = chrono::DateTime::parse_from_rfc3339("2026-11-20T09:00:00+05:00")
            .unwrap()
            .to_utc();
        let states = [
            Standing::NotSent,
            Standing::Waiting,
            Standing::Sent(at),
            Standing::NotOpened(at),
            Standing::Seen(at),
        ];
        let said: BTreeSet<String> = states
            .iter()
            .map(|s| standing_words(lang, *s, &phones))
            .collect();
        assert_eq!(said.len(), states.len(), "{lang}: {said:?}");
        assert!(
            standing_words(lang, Standing::NotOpened(at), &phones).contains("+998 71 000 24 24")
        );
        if *lang != "en" {
            assert_ne!(
                standing_words(lang, Standing::Seen(at), &phones),
                standing_words("en", Standing::Seen(at), &phones),
                "{lang} is in English"
            );
        }
    }
    // An amber asks about the care team, with the 24-hour line on its second ask; an
    // upgraded one is red and asks about the 24-hour line.
    let second = Showing {
        ask: Some(Action::AskReachedWith24h),
        ..Showing::default()
    };
    let amber = ladder_words("en", Ladder::Amber, Level::Amber, &second, &phones);
    assert_eq!(amber.level, Level::Amber);
    assert_eq!(
        amber.question.as_deref(),
        Some("Did you get through to your care team?")
    );
    assert!(amber.lines[0].contains("+998 71 000 24 24"), "{amber:?}");
    let upgraded = Showing {
        upgraded: true,
        ..second
    };
    let red = ladder_words("en", Ladder::Amber, Level::Amber, &upgraded, &phones);
    assert_eq!(red.level, Level::Red);
    assert_eq!(
        red.question.as_deref(),
        Some("Did you get through to your 24-hour line?")
    );
    assert!(
        red.calls.iter().any(|c| c.line == Line::Emergency),
        "{red:?}"
    );
    // Notifications: each step that notifies has words in every language, with no symptom;
    // the words shown at once on the screen notify nothing.
    for lang in LANGUAGES {
        for action in Action::ALL {
            let n = ladder_notification(lang, Event::Action(*action), &phones);
            let silent = matches!(action, Action::End | Action::ShowCrisisLine);
            assert_eq!(n.is_none(), silent, "{lang} {action}");
            if let Some((title, body)) = n {
                assert!(!title.starts_with("ladder.") && !body.starts_with("ladder."));
            }
        }
        assert!(
            ladder_notification(lang, Event::Notice(Notice::TeamNotOpened), &phones)
                .is_some_and(|(_, body)| body.contains("+998 71 000 24 24"))
        );
        for quiet in [Notice::RedScreenAgain, Notice::NobodyElseSees] {
            assert_eq!(
                ladder_notification(lang, Event::Notice(quiet), &phones),
                None
            );
        }
    }
}

#[test]
fn a_message_is_never_a_call_in_every_language() {
    let phones = Phones {
        line_24h: Some("+998 71 000 24 24".into()),
        emergency: Some("103".into()),
        care_team: None,
        office_open: true,
    };
    let english = message_not_a_call("en", &phones);
    for lang in LANGUAGES {
        let words = message_not_a_call(lang, &phones);
        assert!(
            words.contains("+998 71 000 24 24") && words.contains("103"),
            "{lang}: {words}"
        );
        if *lang != "en" {
            assert_ne!(words, english, "{lang} is in English");
        }
    }
}
