//! The report's words, from the catalogues every other screen reads: `report.*` in
//! `assets/locales/messages/<lang>.json`, and the names of symptoms, treatments, lab tests
//! and the scale from the window's catalogue. It exists so that no word of the PDF is
//! typed in Rust, and so that one test can prove every key the report uses exists in
//! every language.

use chrono::NaiveDate;

use diary_core::messages;

/// Every `report.*` key the renderer reads; a test proves each is in every language.
pub const KEYS: &[&str] = &[
    "report.title",
    "report.period",
    "report.ruleset",
    "report.made_by",
    "report.care_team",
    "report.phone.line_24h",
    "report.phone.care_team",
    "report.phone.emergency",
    "report.phone.unset",
    "report.treatments",
    "report.treatments.none",
    "report.alerts",
    "report.alerts.none",
    "report.alerts.green",
    "report.alerts.date",
    "report.alerts.level",
    "report.alerts.subject",
    "report.alerts.trigger",
    "report.alerts.lab_only",
    "report.level.red",
    "report.level.amber",
    "report.level.green",
    "report.level.none",
    "report.follow_up.yes",
    "report.follow_up.no",
    "report.follow_up.they_said",
    "report.symptoms",
    "report.symptoms.legend",
    "report.symptoms.none",
    "report.cycle",
    "report.weight",
    "report.weight.baseline",
    "report.weight.none",
    "report.labs",
    "report.labs.none",
    "report.labs.date",
    "report.labs.test",
    "report.labs.value",
    "report.labs.range",
    "report.labs.grade",
    "report.labs.ungraded",
    "report.questions",
    "report.checkin",
    "report.checkin.phq2",
    "report.checkin.gad2",
    "report.checkin.function",
    "report.page",
];

/// The words of `key` in `lang` with `vars` filled in. Every key is in [`KEYS`], and the
/// tests prove each has its words and placeholders in every language, so the key itself
/// is printed only if that proof was skipped.
pub fn say(lang: &str, key: &str, vars: &[(&str, &str)]) -> String {
    debug_assert!(KEYS.contains(&key), "{key} is not in words::KEYS");
    messages::text(lang, key, vars).unwrap_or_else(|_| key.to_string())
}

/// A thing's name as the forms write it (`rating.pain`, `therapy.taxane`, `scale.4`).
pub fn name(lang: &str, key: &str) -> String {
    messages::name(lang, key)
}

/// A day as people in `lang` write it.
pub fn date(lang: &str, day: NaiveDate) -> String {
    messages::date(lang, day)
}

/// A number as people in `lang` write it (a decimal comma in Russian and Uzbek).
pub fn number(lang: &str, value: f64) -> String {
    messages::number(lang, value, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_report_key_is_in_every_language_with_the_english_placeholders() {
        for key in KEYS {
            let english = placeholder_names("en", key);
            for lang in messages::LANGUAGES {
                assert!(messages::has_key(lang, key), "{lang} lacks {key}");
                // Same placeholders: the English ones fill every language's.
                assert_eq!(placeholder_names(lang, key), english, "{lang} {key}");
            }
        }
        // And the report uses every report.* key the catalogue has (none is left over).
        let shipped: Vec<&str> = messages::keys("en")
            .into_iter()
            .filter(|k| k.starts_with("report."))
            .collect();
        for key in &shipped {
            assert!(KEYS.contains(key), "{key} is in the catalogue but not used");
        }
        assert_eq!(shipped.len(), KEYS.len());
    }

    fn placeholder_names(lang: &str, key: &str) -> Vec<String> {
        // The catalogue names one missing value at a time.
        let mut names: Vec<String> = Vec::new();
        loop {
            let vars: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "X")).collect();
            match messages::text(lang, key, &vars) {
                Ok(_) => {
                    names.sort();
                    return names;
                }
                Err(messages::MessageError::MissingValue { name, .. }) => names.push(name),
                Err(e) => panic!("{e}"),
            }
        }
    }

    #[test]
    fn uzbek_words_use_the_uzbek_letters_and_russian_says_the_care_team() {
        assert_eq!(say("uz", "report.labs.range", &[]), "Meʼyor");
        assert!(say("uz", "report.ruleset", &[("version", "2")]).contains("toʻplami"));
        assert!(say("ru", "report.care_team", &[]).contains("лечащей команды"));
        assert_eq!(say("ru", "report.alerts.trigger", &[]), "Причина");
        assert_eq!(number("ru", 71.5), "71,5");
        assert_eq!(
            date("ru", NaiveDate::from_ymd_opt(2026, 11, 2).unwrap()),
            "02.11.2026"
        );
    }
}
