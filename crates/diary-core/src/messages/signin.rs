//! The words of care-team sync that a patient reads: the page after signing in to the
//! hospital, "Is this you?" before anything is sent, and the entries the server refused
//! and the sync set aside.

use super::catalogue::{language, lookup};

/// The page the browser shows after signing in to the care team's server (SMART on
/// FHIR): done, or why not (`why`, already in plain words) and what to do.
pub fn signin_page_words(lang: &str, failed: Option<&str>) -> String {
    let lang = language(lang);
    match failed {
        None => lookup(lang, "signin.done", &[]),
        Some(why) => lookup(lang, "signin.failed", &[("why", why)]),
    }
}

/// "Is this you? Dilnoza Karimova, born 1971. …": the patient the care team's server holds
/// for the identifier the patient typed, asked before anything is sent. A missing name
/// is said plainly; a missing year is "?".
pub fn patient_confirm_words(lang: &str, name: Option<&str>, birth_year: Option<i32>) -> String {
    let lang = language(lang);
    let unnamed = lookup(lang, "patient.unnamed", &[]);
    let name = name
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .unwrap_or(&unnamed);
    let year = birth_year.map_or("?".to_string(), |y| y.to_string());
    lookup(lang, "patient.confirm", &[("name", name), ("year", &year)])
}

/// A mistyped identifier: the server has no such patient, and nothing was sent.
pub fn patient_not_found_words(lang: &str) -> String {
    lookup(language(lang), "patient.not_found", &[])
}

/// What the patient reads about entries the care team's server refused again and again
/// and the sync set aside: how many, what it means, what to do, and the words of the
/// button (or the CLI's flag) that tries them again. The app and `diary sync` both show it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SetAsideWords {
    pub headline: String,
    pub what_to_do: String,
    pub try_again: String,
}

/// [`SetAsideWords`] for `count` entries set aside, in `lang`.
pub fn set_aside_words(lang: &str, count: usize) -> SetAsideWords {
    let lang = language(lang);
    let count = count.to_string();
    SetAsideWords {
        headline: lookup(lang, "sync.set_aside.headline", &[("count", &count)]),
        what_to_do: lookup(lang, "sync.set_aside.what_to_do", &[]),
        try_again: lookup(lang, "sync.set_aside.try_again", &[]),
    }
}
