//! Which number the patient is told to call, and in what order: the clinical policy of the
//! phone lines (red: the 24-hour line and the emergency number; chest pain and thoughts of
//! self-harm: the emergency number first; amber: the care team's number). The one place
//! it is decided; the result screen, the notification, `diary log` and `diary checkin`
//! show what it returns.

use super::catalogue::{language, lookup};
use crate::model::{Level, RuleId, Triage};

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
/// first"). The one place this is decided; [`calls`] and [`super::explain()`] follow it.
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

/// The `{phone}` and `{emergency}` values of a message of `level`.
pub(super) fn phone_vars(lang: &str, level: Level, phones: &Phones) -> [(&'static str, String); 2] {
    let line = phones.line_for(level).unwrap_or(Line::CareTeam);
    [
        ("phone", call(lang, line, phones).text),
        ("emergency", call(lang, Line::Emergency, phones).text),
    ]
}

/// Whether a weekly check-in's result gives the emergency number first: A-SELF-HARM, whose
/// message says to call the emergency number now if there is a risk of acting on the
/// thoughts (warning-signs-v2.md, *Weekly check-in*). The one place this is decided.
pub fn checkin_emergency_first(triage: &Triage) -> bool {
    triage.alerts.iter().any(|a| a.rule == RuleId::ASelfHarm)
}
