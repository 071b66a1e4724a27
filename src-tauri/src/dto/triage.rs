//! A triage in the user's words, as every screen that shows one receives it: the level,
//! the headline, the numbers to call ([`CallDto`]) and each alert ([`AlertDto`]). The
//! words are the core's (`diary_core::messages`); these shapes only carry them.

use diary_core::messages::{self, Call, ExplainedAlert, Phones};
use diary_core::model::Alert;
use serde::Serialize;
use ts_rs::TS;

/// One alert with its words in the user's language (from `diary_core::messages`).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AlertDto {
    #[ts(type = "RuleId")]
    pub rule: String,
    #[ts(type = "Level")]
    pub level: String,
    #[ts(type = "Subject")]
    pub subject: String,
    /// The subject in the user's language.
    pub subject_name: String,
    /// What triggered it (the core's plain words with the numbers).
    pub detail: String,
    /// What the alert means and what to do.
    pub message: String,
    pub advice: Option<String>,
}

impl AlertDto {
    pub fn from_words(words: &ExplainedAlert) -> AlertDto {
        AlertDto {
            rule: words.rule.to_string(),
            level: words.level.as_str().to_string(),
            subject: words.subject.to_string(),
            subject_name: words.subject_name.clone(),
            detail: words.detail.clone(),
            message: words.message.clone(),
            advice: words.advice.clone(),
        }
    }

    /// One alert on its own (A-NO-REPORT, the alert history) in the user's words.
    pub fn from_core(alert: &Alert, lang: &str, phones: &Phones) -> AlertDto {
        AlertDto::from_words(&messages::explain_alert(lang, alert, phones))
    }
}

/// A number to call, in words: the core decides which numbers a level shows
/// (`messages::calls`).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CallDto {
    #[ts(type = "Line")]
    pub line: String,
    pub label: String,
    /// The number, or the words that say it is not set.
    pub text: String,
    pub number_set: bool,
}

impl CallDto {
    pub fn from_core(call: &Call) -> CallDto {
        CallDto {
            line: call.line.as_str().to_string(),
            label: call.label.clone(),
            text: call.text.clone(),
            number_set: call.number.is_some(),
        }
    }
}

/// A triage in the user's words, on its own (the lab-only triage of an entered result).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TriageDto {
    #[ts(type = "Level")]
    pub level: String,
    pub ruleset: String,
    pub headline: String,
    pub calls: Vec<CallDto>,
    pub alerts: Vec<AlertDto>,
}

impl TriageDto {
    pub fn from_core(triage: &diary_core::model::Triage, lang: &str, phones: &Phones) -> TriageDto {
        TriageDto::from_words(triage, messages::explain(lang, triage, phones))
    }

    /// The triage with the words the core chose for it.
    pub fn from_words(
        triage: &diary_core::model::Triage,
        words: messages::Explanation,
    ) -> TriageDto {
        TriageDto {
            level: triage.level.as_str().to_string(),
            ruleset: triage.ruleset.clone(),
            headline: words.headline,
            calls: words.calls.iter().map(CallDto::from_core).collect(),
            alerts: words.items.iter().map(AlertDto::from_words).collect(),
        }
    }
}
