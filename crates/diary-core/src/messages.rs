//! The patient-facing words for every alert, level and piece of self-care advice, in every
//! language the app ships. It exists so that the desktop app and the `diary` command say
//! the same thing in the same words, and so that tests can prove every language has every
//! message, with the same placeholders, before a release: a missing word in a clinical
//! warning is a bug, never a blank.
//!
//! The catalogues are `assets/locales/messages/<lang>.json`, flat objects of key → text,
//! embedded in the binary. A text may hold placeholders like `{phone}`, filled by [`text`].

use crate::model::{Alert, Level, RuleId, Subject, Triage};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

/// The languages the app ships.
pub const LANGUAGES: &[&str] = &["en", "ru", "uz"];

/// The catalogue sources, in the order of [`LANGUAGES`].
const SOURCES: &[(&str, &str)] = &[
    (
        "en",
        include_str!("../../../assets/locales/messages/en.json"),
    ),
    (
        "ru",
        include_str!("../../../assets/locales/messages/ru.json"),
    ),
    (
        "uz",
        include_str!("../../../assets/locales/messages/uz.json"),
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
fn catalogues() -> &'static BTreeMap<&'static str, Catalogue> {
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

/// The numbers a patient is told to call. A number that is absent or blank is said in
/// words ("your 24-hour line (number not set)"), never left empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Phones {
    /// The 24-hour oncology line, for red alerts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line_24h: Option<String>,
    /// The emergency number (e.g. 112, 103, 999).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emergency: Option<String>,
    /// The care team's number for the same day; the 24-hour line when not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub care_team: Option<String>,
}

/// One alert in plain words.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ExplainedAlert {
    pub level: Level,
    /// The rule id, e.g. `R-FEVER`.
    pub rule: RuleId,
    /// The subject id, e.g. `temperature`.
    pub subject: Subject,
    /// The subject in the patient's language, e.g. "Temperature".
    pub subject_name: String,
    /// What the alert means and what to do, in the patient's language.
    pub message: String,
    /// What triggered it, in plain words in the patient's language ([`crate::facts`]); for
    /// an alert saved before facts were recorded, the care team's numbers as saved.
    pub detail: String,
    /// The self-care advice, in the patient's language, when there is some.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advice: Option<String>,
}

/// A whole triage in plain words, for the CLI and the desktop app.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Explanation {
    /// The language the words are in (one of [`LANGUAGES`]).
    pub language: String,
    pub level: Level,
    /// The one sentence that says what to do now.
    pub headline: String,
    /// The numbers to call for this level, in the order to call them ([`calls`]).
    pub calls: Vec<Call>,
    /// One entry per alert, in the triage's order.
    pub items: Vec<ExplainedAlert>,
}

/// A phone line the patient may be told to call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Line {
    /// The 24-hour oncology line.
    Line24h,
    /// The local emergency number.
    Emergency,
    /// The care team's number for the same day.
    CareTeam,
}

impl Line {
    /// Every line, in the order a red result lists them.
    pub const ALL: &'static [Line] = &[Line::Line24h, Line::Emergency, Line::CareTeam];

    /// The spelling used in keys and element ids: `line_24h`, `emergency`, `care_team`.
    pub fn as_str(self) -> &'static str {
        match self {
            Line::Line24h => "line_24h",
            Line::Emergency => "emergency",
            Line::CareTeam => "care_team",
        }
    }
}

/// One number to call, in words: which line, what to call it, and the number (or, when it
/// is not set, words that say so: never a blank).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Call {
    pub line: Line,
    /// What the line is, in the patient's language: "24-hour cancer line".
    pub label: String,
    /// The number as saved, when one is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// The number, or its "not set" words: what a message says.
    pub text: String,
}

impl Phones {
    /// A saved number of `line`, trimmed; blank counts as not set.
    pub fn number(&self, line: Line) -> Option<&str> {
        let number = match line {
            Line::Line24h => &self.line_24h,
            Line::Emergency => &self.emergency,
            Line::CareTeam => &self.care_team,
        };
        number.as_deref().map(str::trim).filter(|n| !n.is_empty())
    }

    /// The line to call first for `level` — the one policy every screen, notification and
    /// command follows (warning-signs reference, *Levels*): red → the 24-hour line; amber →
    /// the care team's number, or the 24-hour line when only that is set (and the care
    /// team's "not set" words when neither is); green and none → no call.
    pub fn line_for(&self, level: Level) -> Option<Line> {
        match level {
            Level::Red => Some(Line::Line24h),
            Level::Amber
                if self.number(Line::CareTeam).is_none()
                    && self.number(Line::Line24h).is_some() =>
            {
                Some(Line::Line24h)
            }
            Level::Amber => Some(Line::CareTeam),
            Level::Green | Level::None => None,
        }
    }
}

/// `line` in words: its label and its number, or the words that say it is not set.
pub fn call(lang: &str, line: Line, phones: &Phones) -> Call {
    let lang = language(lang);
    let number = phones.number(line).map(str::to_string);
    let text = match &number {
        Some(n) => n.clone(),
        None => lookup(lang, &format!("phone.{}.unset", line.as_str()), &[]),
    };
    Call {
        line,
        label: lookup(lang, &format!("phone.{}", line.as_str()), &[]),
        number,
        text,
    }
}

/// Whether a triage sends the patient to emergency services first: a red triage whose
/// alerts include R-CHEST (warning-signs-v2.md, *Levels*: "R-CHEST: emergency services
/// first"). The one place this is decided; [`calls`] and [`explain`] follow it.
pub fn emergency_first(triage: &Triage) -> bool {
    triage.level == Level::Red && triage.alerts.iter().any(|a| a.rule == RuleId::RChest)
}

/// The numbers to show for `level`, in the order to call them: red → the 24-hour line,
/// then the emergency number (both always, NICE CG151), or, when `emergency_first` (chest
/// pain, see [`emergency_first`]), the emergency number first and then the 24-hour line;
/// amber → one number ([`Phones::line_for`]); green and none → nothing.
pub fn calls(lang: &str, level: Level, emergency_first: bool, phones: &Phones) -> Vec<Call> {
    if level == Level::Red && emergency_first {
        let lang = language(lang);
        let mut emergency = call(lang, Line::Emergency, phones);
        emergency.label = lookup(lang, "phone.emergency.first", &[]);
        return vec![emergency, call(lang, Line::Line24h, phones)];
    }
    let mut out: Vec<Call> = phones
        .line_for(level)
        .map(|line| call(lang, line, phones))
        .into_iter()
        .collect();
    if level == Level::Red {
        out.push(call(lang, Line::Emergency, phones));
    }
    out
}

/// The text in `lang`, else in English, else the key itself. Used only where a fallback is
/// safer than no words at all; the tests prove the fallbacks are never needed for the
/// shipped keys.
fn lookup(lang: &str, key: &str, vars: &[(&str, &str)]) -> String {
    text(lang, key, vars)
        .or_else(|_| text("en", key, vars))
        .unwrap_or_else(|_| key.to_string())
}

/// [`lookup`] for the other modules of the crate (the facts' words).
pub(crate) fn words(lang: &str, key: &str, vars: &[(&str, &str)]) -> String {
    lookup(lang, key, vars)
}

/// The window's catalogues (`assets/locales/ui/<lang>.json`), parsed once: the one place
/// the names of ratings, signs, therapies, lab tests and the scale's words are written,
/// read here so that a fact says "Pain in the belly" in the same words as the form.
fn names() -> &'static BTreeMap<&'static str, Catalogue> {
    static NAMES: OnceLock<BTreeMap<&'static str, Catalogue>> = OnceLock::new();
    NAMES.get_or_init(|| {
        [
            ("en", include_str!("../../../assets/locales/ui/en.json")),
            ("ru", include_str!("../../../assets/locales/ui/ru.json")),
            ("uz", include_str!("../../../assets/locales/ui/uz.json")),
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

/// The `{phone}` and `{emergency}` values of a message of `level`.
fn phone_vars(lang: &str, level: Level, phones: &Phones) -> [(&'static str, String); 2] {
    let line = phones.line_for(level).unwrap_or(Line::CareTeam);
    [
        ("phone", call(lang, line, phones).text),
        ("emergency", call(lang, Line::Emergency, phones).text),
    ]
}

/// The text of `key` for a message of `level`, its numbers filled in; a key the catalogue
/// lacks falls back to English, then to the level's generic words, which carry the same
/// numbers.
fn say(lang: &str, key: &str, level: Level, phones: &Phones) -> String {
    let vars = phone_vars(lang, level, phones);
    let vars: Vec<(&str, &str)> = vars.iter().map(|(n, v)| (*n, v.as_str())).collect();
    text(lang, key, &vars)
        .or_else(|_| text("en", key, &vars))
        .or_else(|_| text(lang, &format!("alert.generic.{level}"), &vars))
        .unwrap_or_else(|_| key.to_string())
}

/// One alert in plain words in `lang`: its subject, its message with the numbers of its
/// level, what triggered it and its advice. The desktop app's alert history, its
/// A-NO-REPORT notice and [`explain`] all go through here.
pub fn explain_alert(lang: &str, alert: &Alert, phones: &Phones) -> ExplainedAlert {
    let lang = language(lang);
    ExplainedAlert {
        level: alert.level,
        rule: alert.rule,
        subject: alert.subject,
        subject_name: subject_name(lang, alert.subject.as_str()),
        message: say(lang, &alert.message_key, alert.level, phones),
        detail: if alert.facts.is_empty() {
            alert.detail.clone()
        } else {
            crate::facts::words(lang, &alert.facts)
        },
        advice: alert.advice_key.as_ref().map(|k| lookup(lang, k, &[])),
    }
}

/// An answer to "Did you reach your care team?" in words: "You reached your care team.",
/// "Not reached yet.", "Your care team said: …".
pub fn followup_words(lang: &str, answer: &crate::followup::Answered) -> String {
    let lang = language(lang);
    let key = format!("followup.{}", answer.answer);
    lookup(
        lang,
        &key,
        &[("said", answer.note.as_deref().unwrap_or(""))],
    )
}

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

/// What to watch for on one class of treatment, and why: the card the app shows for each
/// listed class (the seed's Table 1 and the rules of warning-signs-v2.md, in plain words).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TherapyCard {
    pub therapy: crate::model::Therapy,
    /// The class as the forms name it, with its drugs: "Capecitabine (Xeloda) tablets".
    pub title: String,
    /// What to watch for and why.
    pub watch: String,
    /// For a treatment that lowers blood counts: the infection warning and its limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub infection: Option<String>,
}

/// The card of `therapy` in `lang`.
pub fn therapy_card(lang: &str, therapy: crate::model::Therapy) -> TherapyCard {
    let lang = language(lang);
    TherapyCard {
        therapy,
        title: name(lang, &format!("therapy.{therapy}")),
        watch: lookup(lang, &format!("card.{therapy}"), &[]),
        infection: therapy
            .is_myelosuppressive()
            .then(|| lookup(lang, "card.myelosuppressive", &[])),
    }
}

/// Explains a triage in `lang`: the headline for its level, the numbers to call, and
/// every alert's message, detail and advice. Red headlines and red messages always carry
/// both the 24-hour number and the emergency number; with chest pain
/// ([`emergency_first`]) the headline and the numbers put the emergency number first.
pub fn explain(lang: &str, triage: &Triage, phones: &Phones) -> Explanation {
    explain_report(lang, triage, true, phones)
}

/// [`explain`] for a daily report: one whose warning-sign checklist was not answered
/// (`screened` false) never hears "nothing needs action" — its headline says the
/// questions were not answered (warning-signs-v2.md, *The screen*).
pub fn explain_report(lang: &str, triage: &Triage, screened: bool, phones: &Phones) -> Explanation {
    let lang = language(lang);
    let first = emergency_first(triage);
    let headline_key = if first {
        "headline.red.emergency_first".to_string()
    } else if triage.level == Level::None && !screened {
        "headline.none.unscreened".to_string()
    } else {
        format!("headline.{}", triage.level)
    };
    Explanation {
        language: lang.to_string(),
        level: triage.level,
        headline: say(lang, &headline_key, triage.level, phones),
        calls: calls(lang, triage.level, first, phones),
        items: triage
            .alerts
            .iter()
            .map(|a| explain_alert(lang, a, phones))
            .collect(),
    }
}

/// Whether a weekly check-in's result gives the emergency number first: A-SELF-HARM, whose
/// message says to call the emergency number now if there is a risk of acting on the
/// thoughts (warning-signs-v2.md, *Weekly check-in*). The one place this is decided.
pub fn checkin_emergency_first(triage: &Triage) -> bool {
    triage.alerts.iter().any(|a| a.rule == RuleId::ASelfHarm)
}

/// Explains a weekly check-in's triage in `lang`: with self-harm thoughts
/// ([`checkin_emergency_first`]) the headline and the numbers put the emergency number
/// first ("if you might act on these thoughts"), then the care team's (the amber line of
/// [`Phones::line_for`]); otherwise as [`explain`], with a check-in's own words when
/// nothing needs action.
pub fn explain_checkin(lang: &str, triage: &Triage, phones: &Phones) -> Explanation {
    let lang = language(lang);
    let first = checkin_emergency_first(triage);
    let headline_key = if first {
        "headline.checkin.self_harm".to_string()
    } else if triage.level == Level::None {
        "headline.checkin.none".to_string()
    } else {
        format!("headline.{}", triage.level)
    };
    let mut numbers = Vec::new();
    if first {
        let mut emergency = call(lang, Line::Emergency, phones);
        emergency.label = lookup(lang, "phone.emergency.if_acting", &[]);
        numbers.push(emergency);
    }
    numbers.extend(calls(lang, triage.level, false, phones));
    Explanation {
        language: lang.to_string(),
        level: triage.level,
        headline: say(lang, &headline_key, triage.level, phones),
        calls: numbers,
        items: triage
            .alerts
            .iter()
            .map(|a| explain_alert(lang, a, phones))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Alert, Rating};
    use crate::rules::{Evaluation, RULES, RULESET_VERSION};
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
                at: chrono::Utc::now(),
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
                if *lang != "en" {
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
        let phones = Phones {
            line_24h: Some("+998 71 000 24 24".into()),
            emergency: Some("103".into()),
            care_team: None,
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
            assert!(e.items[1].message.contains(&team), "{lang}");
            assert!(!e.headline.contains(": ."), "{lang}");
        }
        // Blank numbers count as not set.
        let blank = Phones {
            line_24h: Some("  ".into()),
            emergency: Some(String::new()),
            care_team: None,
        };
        let e = explain("en", &red, &blank);
        assert!(e.headline.contains("number not set"));
    }

    #[test]
    fn amber_uses_the_care_team_number_else_the_24_hour_line() {
        let amber = triage_with(Level::Amber, &[("A-VOMIT", "stomach")]);
        let both = Phones {
            line_24h: Some("111".into()),
            emergency: Some("112".into()),
            care_team: Some("222".into()),
        };
        assert_eq!(
            explain("en", &amber, &both).headline,
            "Please contact your care team today: 222."
        );
        let line_only = Phones {
            care_team: None,
            ..both
        };
        assert_eq!(
            explain("en", &amber, &line_only).headline,
            "Please contact your care team today: 111."
        );
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
        };
        let line_only = Phones {
            care_team: Some("  ".into()),
            ..all.clone()
        };
        let none = Phones::default();
        for (level, phones, expect) in [
            (Level::Red, &all, "line_24h=111 emergency=112"),
            (Level::Amber, &all, "care_team=222"),
            (Level::Amber, &line_only, "line_24h=111"),
            (
                Level::Amber,
                &none,
                "care_team=your care team (number not set)",
            ),
            (
                Level::Red,
                &none,
                "line_24h=your 24-hour line (number not set) emergency=your local emergency number (number not set)",
            ),
            (Level::Green, &all, ""),
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
        let e = explain("ru", &amber, &line_only);
        assert!(e.headline.contains("111"), "{}", e.headline);
        assert_eq!(e.calls[0].number.as_deref(), Some("111"));
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
            text("en", "headline.amber", &[("phone", "123")]).unwrap(),
            "Please contact your care team today: 123."
        );
        assert_eq!(
            text("en", "headline.amber", &[]),
            Err(MessageError::MissingValue {
                lang: "en".into(),
                key: "headline.amber".into(),
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
            serde_json::from_str(include_str!("../../../assets/locales/glossary.json")).unwrap();
        let ui = [
            ("en", include_str!("../../../assets/locales/ui/en.json")),
            ("ru", include_str!("../../../assets/locales/ui/ru.json")),
            ("uz", include_str!("../../../assets/locales/ui/uz.json")),
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
        };
        let e = explain("uz", &red, &phones);
        assert!(e.items[0].message.contains("111") && e.items[0].message.contains("112"));
    }

    fn phones() -> Phones {
        Phones {
            line_24h: Some("111".into()),
            emergency: Some("112".into()),
            care_team: Some("222".into()),
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
        for lang in LANGUAGES {
            let e = explain(lang, &t, &phones());
            assert!(e.items[0].message.contains("222"), "{lang}");
            assert!(e.items[0].message.contains("112"), "{lang}");
        }
    }
}

/// The weekly check-in's words in every language: the emergency number first with
/// self-harm thoughts, the care team's number after it, a check-in's own "nothing needs
/// action", and the seed's advice on a green.
#[cfg(test)]
mod checkin_tests {
    use super::*;
    use crate::model::{Checkin, Reporter};

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
}
