//! The message catalogues: `assets/locales/messages/<lang>.json` (the words of every alert,
//! level and piece of advice) and the window's `assets/locales/ui/<lang>.json` (the names
//! of ratings, signs, therapies and lab tests, as the forms write them), embedded and
//! parsed once; a language tag resolved to one the app ships; placeholders filled. The
//! bottom of the words floor: every other file of `messages` reads its words through here.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

/// The languages the app ships.
pub const LANGUAGES: &[&str] = &["en", "ru", "uz"];

/// The catalogue sources, in the order of [`LANGUAGES`].
pub(super) const SOURCES: &[(&str, &str)] = &[
    (
        "en",
        include_str!("../../../../assets/locales/messages/en.json"),
    ),
    (
        "ru",
        include_str!("../../../../assets/locales/messages/ru.json"),
    ),
    (
        "uz",
        include_str!("../../../../assets/locales/messages/uz.json"),
    ),
];

/// Why a message could not be produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MessageError {
    /// The catalogue of `lang` has no text for `key`.
    MissingKey { lang: String, key: String },
    /// The text of `key` has a placeholder `{name}` that no value was given for.
    MissingValue {
        lang: String,
        key: String,
        name: String,
    },
}

impl fmt::Display for MessageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MessageError::MissingKey { lang, key } => {
                write!(f, "message {key} is missing in language {lang}")
            }
            MessageError::MissingValue { lang, key, name } => {
                write!(
                    f,
                    "message {key} in language {lang} needs a value for {{{name}}}"
                )
            }
        }
    }
}

impl std::error::Error for MessageError {}

type Catalogue = BTreeMap<String, String>;

/// The parsed catalogues, parsed once.
pub(super) fn catalogues() -> &'static BTreeMap<&'static str, Catalogue> {
    static CATALOGUES: OnceLock<BTreeMap<&'static str, Catalogue>> = OnceLock::new();
    CATALOGUES.get_or_init(|| {
        SOURCES
            .iter()
            .map(|(lang, source)| {
                let catalogue: Catalogue = serde_json::from_str(source)
                    .unwrap_or_else(|e| panic!("messages/{lang}.json is not valid: {e}"));
                (*lang, catalogue)
            })
            .collect()
    })
}

/// The shipped language for `lang`: an exact match, else its primary subtag
/// (`ru-RU` → `ru`), else English.
pub fn language(lang: &str) -> &'static str {
    let primary = lang
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    LANGUAGES
        .iter()
        .copied()
        .find(|l| *l == primary)
        .unwrap_or("en")
}

/// Every key of a language's catalogue (the shipped language for `lang`), sorted.
pub fn keys(lang: &str) -> Vec<&'static str> {
    catalogues()[language(lang)]
        .keys()
        .map(String::as_str)
        .collect()
}

/// Whether a language's catalogue has `key`.
pub fn has_key(lang: &str, key: &str) -> bool {
    catalogues()[language(lang)].contains_key(key)
}

/// The names of the placeholders in a text, in order: `{phone}` → `phone`.
pub fn placeholders(text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                names.push(&after[..close]);
                rest = &after[close + 1..];
            }
            None => break,
        }
    }
    names
}

/// The text of `key` in `lang` with its placeholders filled from `vars`. An unknown
/// language falls back to English; a missing key, or a placeholder without a value, is an
/// error.
pub fn text(lang: &str, key: &str, vars: &[(&str, &str)]) -> Result<String, MessageError> {
    let lang = language(lang);
    let template = catalogues()[lang]
        .get(key)
        .ok_or_else(|| MessageError::MissingKey {
            lang: lang.to_string(),
            key: key.to_string(),
        })?;
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template.as_str();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        let name = &rest[open + 1..close];
        let value = vars
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| *v)
            .ok_or_else(|| MessageError::MissingValue {
                lang: lang.to_string(),
                key: key.to_string(),
                name: name.to_string(),
            })?;
        out.push_str(&rest[..open]);
        out.push_str(value);
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The text in `lang`, else in English, else the key itself. Used only where a fallback is
/// safer than no words at all; the tests prove the fallbacks are never needed for the
/// shipped keys.
pub(super) fn lookup(lang: &str, key: &str, vars: &[(&str, &str)]) -> String {
    text(lang, key, vars)
        .or_else(|_| text("en", key, vars))
        .unwrap_or_else(|_| key.to_string())
}

/// [`lookup`] for the other modules of the crate (the facts' words).
pub(super) fn words(lang: &str, key: &str, vars: &[(&str, &str)]) -> String {
    lookup(lang, key, vars)
}

/// The window's catalogues (`assets/locales/ui/<lang>.json`), parsed once: the one place
/// the names of ratings, signs, therapies, lab tests and the scale's words are written,
/// read here so that a fact says "Pain in the belly" in the same words as the form.
fn names() -> &'static BTreeMap<&'static str, Catalogue> {
    static NAMES: OnceLock<BTreeMap<&'static str, Catalogue>> = OnceLock::new();
    NAMES.get_or_init(|| {
        [
            ("en", include_str!("../../../../assets/locales/ui/en.json")),
            ("ru", include_str!("../../../../assets/locales/ui/ru.json")),
            ("uz", include_str!("../../../../assets/locales/ui/uz.json")),
        ]
        .into_iter()
        .map(|(lang, source)| {
            let catalogue: Catalogue = serde_json::from_str(source)
                .unwrap_or_else(|e| panic!("ui/{lang}.json is not valid: {e}"));
            (lang, catalogue)
        })
        .collect()
    })
}

/// The name of a thing as the window writes it (`rating.pain` → "Pain", `scale.3` →
/// "Severe"), in `lang`, else English, else the key.
pub fn name(lang: &str, key: &str) -> String {
    let all = names();
    all[language(lang)]
        .get(key)
        .or_else(|| all["en"].get(key))
        .cloned()
        .unwrap_or_else(|| key.to_string())
}

/// The subject of an alert in the patient's language: `temperature` → "Temperature".
pub fn subject_name(lang: &str, subject: &str) -> String {
    lookup(lang, &format!("subject.{subject}"), &[])
}
