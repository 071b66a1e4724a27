//! The app's own words: `assets/locales/ui/{en,ru,uz}.json`, embedded at build time and
//! shared with the UI (which bundles the same files). The shell uses them for desktop
//! notifications; alert messages come from `diary_core::messages`. The tests here fail
//! when a language misses a key, has an extra one, or changes a placeholder, and when the
//! UI's code asks for a key that no locale file has.

use std::collections::BTreeMap;
use std::sync::OnceLock;

const SOURCES: &[(&str, &str)] = &[
    ("en", include_str!("../../assets/locales/ui/en.json")),
    ("ru", include_str!("../../assets/locales/ui/ru.json")),
    ("uz", include_str!("../../assets/locales/ui/uz.json")),
];

type Catalogue = BTreeMap<String, String>;

fn catalogues() -> &'static BTreeMap<&'static str, Catalogue> {
    static CATALOGUES: OnceLock<BTreeMap<&'static str, Catalogue>> = OnceLock::new();
    CATALOGUES.get_or_init(|| {
        SOURCES
            .iter()
            .map(|(lang, source)| {
                let catalogue: Catalogue =
                    serde_json::from_str(source).expect("locale files are flat JSON objects");
                (*lang, catalogue)
            })
            .collect()
    })
}

/// The text of `key` in `lang` (English when the language is unknown), with `{name}`
/// placeholders filled from `vars`. A missing key yields the key itself, which the
/// completeness test prevents from shipping.
pub fn text(lang: &str, key: &str, vars: &[(&str, &str)]) -> String {
    let all = catalogues();
    let catalogue = all.get(lang).unwrap_or_else(|| &all["en"]);
    let mut out = catalogue
        .get(key)
        .or_else(|| all["en"].get(key))
        .cloned()
        .unwrap_or_else(|| key.to_string());
    for (name, value) in vars {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::path::Path;

    fn placeholders(text: &str) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        let mut rest = text;
        while let Some(start) = rest.find('{') {
            match rest[start..].find('}') {
                Some(end) => {
                    out.insert(rest[start + 1..start + end].to_string());
                    rest = &rest[start + end + 1..];
                }
                None => break,
            }
        }
        out
    }

    #[test]
    fn every_language_has_every_key_with_the_same_placeholders() {
        let all = catalogues();
        let english = &all["en"];
        assert!(english.len() > 50, "the English catalogue looks empty");
        for (lang, catalogue) in all {
            for (key, value) in english {
                let other = catalogue
                    .get(key)
                    .unwrap_or_else(|| panic!("{lang}.json misses the key {key}"));
                assert!(!other.trim().is_empty(), "{lang}.json has an empty {key}");
                assert_eq!(
                    placeholders(value),
                    placeholders(other),
                    "{lang}.json changes the placeholders of {key}"
                );
            }
            for key in catalogue.keys() {
                assert!(
                    english.contains_key(key),
                    "{lang}.json has {key}, which en.json lacks"
                );
            }
        }
    }

    #[test]
    fn uzbek_is_written_in_latin_script() {
        for (key, value) in &catalogues()["uz"] {
            // Language names are written in their own script.
            if key.starts_with("language.") {
                continue;
            }
            assert!(
                !value
                    .chars()
                    .any(|c| ('\u{0400}'..='\u{04FF}').contains(&c)),
                "uz.json {key} has Cyrillic letters"
            );
        }
    }

    /// Every `t("key")` and `data-i18n`-style key the UI's code names is in the catalogue.
    #[test]
    fn every_key_the_ui_uses_exists() {
        let english = &catalogues()["en"];
        let src = Path::new(
            &std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
        )
        .join("ui/src");
        let mut files = vec![src];
        let mut checked = 0;
        while let Some(path) = files.pop() {
            if path.is_dir() {
                for entry in std::fs::read_dir(&path).unwrap() {
                    files.push(entry.unwrap().path());
                }
                continue;
            }
            if path.extension().and_then(|e| e.to_str()) != Some("ts") {
                continue;
            }
            let code = std::fs::read_to_string(&path).unwrap();
            for marker in ["t(\"", "tk(\""] {
                let mut rest = code.as_str();
                while let Some(at) = rest.find(marker) {
                    let after = &rest[at + marker.len()..];
                    // `t("` only as a call of `t`, not the end of `DateTimeFormat("`.
                    let called = rest[..at]
                        .chars()
                        .next_back()
                        .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '.'));
                    if !called {
                        rest = after;
                        continue;
                    }
                    let end = after.find('"').unwrap();
                    let key = &after[..end];
                    // Keys built from a prefix (`t("rating." + item)`) end with a dot.
                    if !key.ends_with('.') {
                        assert!(
                            english.contains_key(key),
                            "{} uses the missing key {key}",
                            path.display()
                        );
                        checked += 1;
                    }
                    rest = &after[end..];
                }
            }
        }
        assert!(checked > 20, "the UI's keys were not found");
    }

    /// The window explains an error by its code (`error.code.<code>`); a wrong field is
    /// explained by naming the field (`error.invalid`).
    #[test]
    fn every_error_code_has_words() {
        let english = &catalogues()["en"];
        for code in diary_core::ErrorCode::ALL {
            if *code == diary_core::ErrorCode::InvalidField {
                assert!(english.contains_key("error.invalid"));
                continue;
            }
            let key = format!("error.code.{code}");
            assert!(english.contains_key(&key), "en.json misses {key}");
        }
        assert!(english.contains_key("sync.error.other"));
    }

    #[test]
    fn every_vocabulary_word_has_plain_words() {
        use diary_core::model::{LabTest, Level, Rating, Reporter, Sign, Therapy};
        let english = &catalogues()["en"];
        // Every key the screens build from a vocabulary word (`tk("rating.", item)`, …).
        let keys = Rating::ALL
            .iter()
            .map(|r| format!("rating.{r}"))
            .chain(Sign::ALL.iter().map(|s| format!("sign.{s}")))
            .chain(Therapy::ALL.iter().map(|t| format!("therapy.{t}")))
            .chain(Reporter::ALL.iter().map(|r| format!("role.{r}")))
            .chain(Reporter::ALL.iter().map(|r| format!("reporter.{r}")))
            .chain(LabTest::ALL.iter().map(|t| format!("lab.test.{t}")))
            .chain(Level::ALL.iter().map(|l| format!("level.name.{l}")))
            .chain(Level::ALL.iter().map(|l| format!("level.{l}.title")))
            .chain((0..=Rating::MAX).map(|v| format!("scale.{v}")))
            .chain(
                diary_core::messages::LANGUAGES
                    .iter()
                    .map(|l| format!("language.{l}")),
            );
        for key in keys {
            assert!(english.contains_key(&key), "en.json misses {key}");
        }
    }

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(text("en", "trends.days", &[("days", "30")]), "30 days");
        assert_eq!(text("xx", "app.title", &[]), text("en", "app.title", &[]));
    }
}
