//! A triage in the patient's words: the headline for its level, the numbers to call and
//! each alert's message, what triggered it (the facts) and its advice; the answers to
//! "Did you reach your care team?" in words. The CLI and the desktop app both say what
//! these return.

use super::calls::{
    call, calls, checkin_emergency_first, emergency_first, phone_vars, Call, Line, Phones,
};
use super::catalogue::{language, lookup, subject_name, text};
use super::facts;
use crate::model::{Alert, Level, RuleId, Subject, Triage};

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
    /// What triggered it, in plain words in the patient's language ([`super::facts_words`]); for
    /// an alert saved before facts were recorded, the care team's numbers as saved.
    pub detail: String,
    /// The self-care advice, in the patient's language, when there is some.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advice: Option<String>,
}

/// A whole triage in plain words, for the CLI and the desktop app.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Explanation {
    /// The language the words are in (one of [`super::LANGUAGES`]).
    pub language: String,
    pub level: Level,
    /// The one sentence that says what to do now.
    pub headline: String,
    /// The numbers to call for this level, in the order to call them ([`calls`]).
    pub calls: Vec<Call>,
    /// One entry per alert, in the triage's order.
    pub items: Vec<ExplainedAlert>,
}

/// The text of `key` for a message of `level`, its numbers filled in; a key the catalogue
/// lacks falls back to English, then to the level's generic words, which carry the same
/// numbers.
pub(super) fn say(lang: &str, key: &str, level: Level, phones: &Phones) -> String {
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
            facts::facts_words(lang, &alert.facts)
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

/// Explains a weekly check-in's triage in `lang`: with self-harm thoughts
/// ([`checkin_emergency_first`]) the headline and the numbers put the emergency number
/// first ("if you might act on these thoughts"), then the amber lines of
/// [`Phones::lines_for`] (the care team's inside office hours; outside them the 24-hour
/// line, then the team's); otherwise as [`explain`], with a check-in's own words when
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

/// What became of an alert that was shown (issue 21: no alert ends on a screen): kept and
/// sent to the care team at the next sync, or, with sync off, that nobody else sees it and
/// the patient must phone. Said under every amber or red result that is not a report's
/// (a lab result entered on its own); `None` below amber, the one place that is decided.
pub fn kept_words(lang: &str, level: Level, sync_on: bool) -> Option<String> {
    if level < Level::Amber {
        return None;
    }
    let key = if sync_on {
        "kept.sent"
    } else {
        "kept.not_sent"
    };
    Some(lookup(language(lang), key, &[]))
}

/// What every place a message to the care team is written says: a message is not for
/// anything urgent, with the 24-hour line and the emergency number (issue 21 item 4: a
/// message is never a substitute for a call).
pub fn message_not_a_call(lang: &str, phones: &Phones) -> String {
    say(language(lang), "message.not_a_call", Level::Red, phones)
}
