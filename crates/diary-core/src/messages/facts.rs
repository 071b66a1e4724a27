//! What triggered an alert, in the patient's words: the model's facts (the temperature and
//! its limit, the sign ticked, the rating and what it usually was, the lab result and its
//! grade) said in plain words in their own language ("Your temperature, 38.2 °C, is at or
//! above 37.5 °C — the limit for people on treatment that lowers blood counts"), while the
//! care team's record keeps the rule's own arithmetic (`Alert::detail`). The words come
//! from the message catalogues, so every language has them and a test proves it; numbers
//! and dates are written here as a person in that language writes them.

use super::catalogue::{language, name, subject_name, words as catalogue_words};
use crate::model::{Fact, Rating};
use crate::numbers::fmt_dec;
use chrono::NaiveDate;

/// A number as a person in `lang` writes it: at most `decimals` decimals, no trailing
/// zeros beyond `min`, and a decimal comma in Russian and Uzbek ("38,2").
pub fn number(lang: &str, value: f64, min: usize) -> String {
    let text = fmt_dec(value, min);
    match language(lang) {
        "ru" | "uz" => text.replace('.', ","),
        _ => text,
    }
}

/// A date in `lang`: 2026-11-20 in English, 20.11.2026 in Russian and Uzbek.
pub fn date(lang: &str, day: NaiveDate) -> String {
    match language(lang) {
        "ru" | "uz" => day.format("%d.%m.%Y").to_string(),
        _ => day.format("%Y-%m-%d").to_string(),
    }
}

impl Fact {
    /// The fact in plain words in `lang` (an unknown language gets English).
    pub fn words(&self, lang: &str) -> String {
        let lang = language(lang);
        let n = |v: f64, min: usize| number(lang, v, min);
        let say = |key: &str, vars: &[(&str, &str)]| catalogue_words(lang, key, vars);
        let rating_vars = |item: Rating, value: u8| {
            (
                name(lang, &format!("rating.{item}")),
                name(lang, &format!("scale.{value}")).to_lowercase(),
                value.to_string(),
            )
        };
        match self {
            Fact::Fever {
                celsius,
                limit,
                basis,
            } => say(
                "fact.fever",
                &[
                    ("value", &n(*celsius, 1)),
                    ("limit", &n(*limit, 1)),
                    (
                        "basis",
                        &say(&format!("fact.fever.{}", basis.as_str()), &[]),
                    ),
                ],
            ),
            Fact::LowTemperature { celsius } => say(
                "fact.low_temperature",
                &[("value", &n(*celsius, 1)), ("limit", &n(36.0, 1))],
            ),
            Fact::Sign { sign } => say(
                "fact.sign",
                &[("sign", &name(lang, &format!("sign.{sign}")))],
            ),
            Fact::Rating { item, value } => {
                let (item, word, value) = rating_vars(*item, *value);
                say(
                    "fact.rating",
                    &[("item", &item), ("word", &word), ("value", &value)],
                )
            }
            Fact::NewRating { item, value } => {
                let (item, word, value) = rating_vars(*item, *value);
                say(
                    "fact.rating_new",
                    &[("item", &item), ("word", &word), ("value", &value)],
                )
            }
            Fact::RisenRating { item, value, usual } => {
                let (item, word, value) = rating_vars(*item, *value);
                say(
                    "fact.rating_risen",
                    &[
                        ("item", &item),
                        ("word", &word),
                        ("value", &value),
                        ("usual", &n(*usual, 0)),
                    ],
                )
            }
            Fact::Vomiting { count } => say("fact.vomiting", &[("count", &count.to_string())]),
            Fact::Stools { count } => say("fact.stools", &[("count", &count.to_string())]),
            Fact::Therapy { therapy } => say(
                "fact.therapy",
                &[("therapy", &name(lang, &format!("therapy.{therapy}")))],
            ),
            Fact::Stent => say("fact.stent", &[]),
            Fact::WeightGain { kg, lowest } => say(
                "fact.weight_gain",
                &[
                    ("kg", &n(*kg, 1)),
                    ("gain", &n(kg - lowest, 1)),
                    ("lowest", &n(*lowest, 1)),
                ],
            ),
            Fact::WeightLoss { kg, before } => say(
                "fact.weight_loss",
                &[("kg", &n(*kg, 1)), ("before", &n(*before, 1))],
            ),
            Fact::NoReport { days } => say("fact.no_report", &[("days", &days.to_string())]),
            Fact::SeveralAmbers { subjects } => {
                let names: Vec<String> = subjects
                    .iter()
                    .map(|s| subject_name(lang, s.as_str()).to_lowercase())
                    .collect();
                say("fact.several_ambers", &[("subjects", &names.join(", "))])
            }
            Fact::Lab {
                test,
                value,
                unit,
                grade,
                taken_on,
            } => say(
                "fact.lab",
                &[
                    ("test", &name(lang, &format!("lab.test.{test}"))),
                    ("date", &date(lang, *taken_on)),
                    ("value", &n(*value, 0)),
                    ("unit", unit.symbol()),
                    ("grade", &grade.to_string()),
                ],
            ),
            Fact::HysLaw { taken_on } => say("fact.hys_law", &[("date", &date(lang, *taken_on))]),
            Fact::SelfHarm => say("fact.self_harm", &[]),
            Fact::FunctionFell { value, before } => say(
                "fact.function_fell",
                &[
                    ("value", &value.to_string()),
                    ("before", &before.to_string()),
                ],
            ),
            Fact::FunctionWorst => say("fact.function_worst", &[]),
            Fact::MoodScore { scale, total } => say(
                "fact.mood_score",
                &[
                    ("scale", &say(&format!("fact.scale.{}", scale.key()), &[])),
                    ("total", &total.to_string()),
                ],
            ),
            Fact::Eating { value } => say("fact.eating", &[("value", &value.to_string())]),
            Fact::Social { value } => say("fact.social", &[("value", &value.to_string())]),
            Fact::CaregiverStrain { value } => {
                say("fact.caregiver_strain", &[("value", &value.to_string())])
            }
        }
    }
}

/// Several facts in plain words, one sentence after another.
pub fn facts_words(lang: &str, facts: &[Fact]) -> String {
    facts
        .iter()
        .map(|f| f.words(lang))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::LANGUAGES;
    use crate::model::{FeverBasis, LabTest, LabUnit, MoodScale, Sign, Subject, Therapy};

    /// One fact of every kind; the match makes a new kind fail to compile until it is
    /// listed here, so every kind is proved to have words in every language.
    fn one_of_each() -> Vec<Fact> {
        let day = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        let all = vec![
            Fact::Fever {
                celsius: 38.2,
                limit: 37.5,
                basis: FeverBasis::Myelosuppressive,
            },
            Fact::LowTemperature { celsius: 35.8 },
            Fact::Sign {
                sign: Sign::ChestPain,
            },
            Fact::Rating {
                item: Rating::Pain,
                value: 3,
            },
            Fact::NewRating {
                item: Rating::Jaundice,
                value: 1,
            },
            Fact::RisenRating {
                item: Rating::Itching,
                value: 3,
                usual: 0.5,
            },
            Fact::Vomiting { count: 6 },
            Fact::Stools { count: 4 },
            Fact::Therapy {
                therapy: Therapy::Capecitabine,
            },
            Fact::Stent,
            Fact::WeightGain {
                kg: 66.4,
                lowest: 64.0,
            },
            Fact::WeightLoss {
                kg: 60.0,
                before: 64.0,
            },
            Fact::NoReport { days: 3 },
            Fact::SeveralAmbers {
                subjects: vec![Subject::Bowel, Subject::Liver],
            },
            Fact::Lab {
                test: LabTest::Neutrophils,
                value: 0.4,
                unit: LabUnit::E9PerL,
                grade: 4,
                taken_on: day,
            },
            Fact::HysLaw { taken_on: day },
            Fact::SelfHarm,
            Fact::FunctionFell {
                value: 3,
                before: 1,
            },
            Fact::FunctionWorst,
            Fact::MoodScore {
                scale: MoodScale::Gad2,
                total: 4,
            },
            Fact::Eating { value: 2 },
            Fact::Social { value: 3 },
            Fact::CaregiverStrain { value: 4 },
        ];
        for fact in &all {
            match fact {
                Fact::Fever { .. }
                | Fact::LowTemperature { .. }
                | Fact::Sign { .. }
                | Fact::Rating { .. }
                | Fact::NewRating { .. }
                | Fact::RisenRating { .. }
                | Fact::Vomiting { .. }
                | Fact::Stools { .. }
                | Fact::Therapy { .. }
                | Fact::Stent
                | Fact::WeightGain { .. }
                | Fact::WeightLoss { .. }
                | Fact::NoReport { .. }
                | Fact::SeveralAmbers { .. }
                | Fact::Lab { .. }
                | Fact::HysLaw { .. }
                | Fact::SelfHarm
                | Fact::FunctionFell { .. }
                | Fact::FunctionWorst
                | Fact::MoodScore { .. }
                | Fact::Eating { .. }
                | Fact::Social { .. }
                | Fact::CaregiverStrain { .. } => {}
            }
        }
        all
    }

    #[test]
    fn every_fact_has_words_in_every_language() {
        for fact in one_of_each() {
            let english = fact.words("en");
            for lang in LANGUAGES {
                let words = fact.words(lang);
                assert!(
                    !words.contains('{') && !words.contains("fact.") && !words.contains('_'),
                    "{lang}: {fact:?} has a key or placeholder left: {words}"
                );
                assert!(
                    !words.contains("rating.")
                        && !words.contains("sign.")
                        && !words.contains("therapy."),
                    "{lang}: {fact:?} names a thing by its key: {words}"
                );
                if *lang != "en" {
                    assert_ne!(words, english, "{lang}: {fact:?} is still in English");
                }
            }
        }
        // Every fever basis, too.
        for basis in FeverBasis::ALL {
            for lang in LANGUAGES {
                let words = Fact::Fever {
                    celsius: 38.0,
                    limit: 38.0,
                    basis: *basis,
                }
                .words(lang);
                assert!(!words.contains("fact."), "{lang}: {basis:?}: {words}");
            }
        }
    }

    /// `check(fact, lang, expect)`: the words of one fact.
    fn check(fact: Fact, lang: &str, expect: &str) {
        assert_eq!(fact.words(lang), expect, "{fact:?} in {lang}");
    }

    #[test]
    fn facts_read_as_plain_sentences() {
        let fever = Fact::Fever {
            celsius: 38.2,
            limit: 37.5,
            basis: FeverBasis::Myelosuppressive,
        };
        check(
            fever.clone(),
            "en",
            "Your temperature, 38.2 °C, is at or above 37.5 °C — the limit for people on \
             chemotherapy or other treatment that lowers blood counts.",
        );
        check(
            fever,
            "ru",
            "Ваша температура 38,2 °C — это 37,5 °C или выше: это граница для тех, кто \
             получает химиотерапию или другое лечение, снижающее показатели крови.",
        );
        check(
            Fact::NewRating {
                item: Rating::Jaundice,
                value: 1,
            },
            "en",
            "“Yellow skin or yellow eyes” for the first time this week: mild (1 of 4).",
        );
        check(
            Fact::Sign {
                sign: Sign::Confusion,
            },
            "uz",
            "Siz belgiladingiz: «Yangi paydo boʻlgan ong chalkashligi yoki gʻayrioddiy uyquchanlik».",
        );
        check(
            Fact::Lab {
                test: LabTest::Platelets,
                value: 40.0,
                unit: LabUnit::E9PerL,
                grade: 3,
                taken_on: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
            },
            "ru",
            "Тромбоциты, 20.11.2026: 40 ×10⁹/L — степень 3 из 4 (4 — самая тяжёлая).",
        );
        check(
            Fact::RisenRating {
                item: Rating::Pain,
                value: 3,
                usual: 0.5,
            },
            "uz",
            "«Ogʻriq» bugun: kuchli (4 dan 3). Oʻtgan haftada odatda 4 dan 0,5 edi.",
        );
        check(
            Fact::SeveralAmbers {
                subjects: vec![Subject::Bowel, Subject::Liver],
            },
            "en",
            &format!(
                "More than one thing needs a call today: {}, {}.",
                subject_name("en", "bowel").to_lowercase(),
                subject_name("en", "liver").to_lowercase()
            ),
        );
    }

    #[test]
    fn facts_survive_the_diary_as_json() {
        let all = one_of_each();
        let text = serde_json::to_string(&all).unwrap();
        let back: Vec<Fact> = serde_json::from_str(&text).unwrap();
        assert_eq!(back, all);
    }
}
