//! Which number the patient is told to call, and in what order: the clinical policy of the
//! phone lines (red: the 24-hour line and the emergency number; chest pain and thoughts of
//! self-harm: the emergency number first; amber: the care team's number while its office
//! is open, else the 24-hour line first and the team's second). The one place it is
//! decided; the result screen, the home screen, the notification, the ladder's card,
//! `diary log`, `diary checkin` and `diary followup` show what it returns. Whether the
//! office is open is judged by whoever builds [`Phones`] for a moment
//! (`Diary::phones_at`): these words never read a clock.

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
    /// Whether the care team's office is open at the moment the words are shown
    /// (`OfficeHours::is_open`); false outside office hours and whenever none are set,
    /// when an amber gives the 24-hour line first (warning-signs-v3.md, *Levels*).
    #[serde(default)]
    pub office_open: bool,
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

    /// The lines to call for `level`, in the order to call them — the one policy every
    /// screen, notification and command follows (warning-signs-v3.md, *Levels*):
    /// - red → the 24-hour line ([`calls`] adds the emergency number);
    /// - amber while the care team's office is open → the care team's number, or the
    ///   24-hour line when only that is set (and the care team's "not set" words when
    ///   neither is);
    /// - amber outside office hours, or with none set → the 24-hour line first (its "not
    ///   set" words when it has no number), then the care team's number when there is one;
    /// - green and none → no call.
    pub fn lines_for(&self, level: Level) -> Vec<Line> {
        let team = self.number(Line::CareTeam).is_some();
        match level {
            Level::Red => vec![Line::Line24h],
            Level::Amber if !self.office_open && team => vec![Line::Line24h, Line::CareTeam],
            Level::Amber if !self.office_open => vec![Line::Line24h],
            Level::Amber if !team && self.number(Line::Line24h).is_some() => vec![Line::Line24h],
            Level::Amber => vec![Line::CareTeam],
            Level::Green | Level::None => Vec::new(),
        }
    }

    /// The line to call first for `level` ([`Phones::lines_for`]).
    pub fn line_for(&self, level: Level) -> Option<Line> {
        self.lines_for(level).first().copied()
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
/// amber → [`Phones::lines_for`] (outside office hours the 24-hour line, then the care
/// team's); green and none → nothing.
pub fn calls(lang: &str, level: Level, emergency_first: bool, phones: &Phones) -> Vec<Call> {
    if level == Level::Red && emergency_first {
        let lang = language(lang);
        let mut emergency = call(lang, Line::Emergency, phones);
        emergency.label = lookup(lang, "phone.emergency.first", &[]);
        return vec![emergency, call(lang, Line::Line24h, phones)];
    }
    let mut out: Vec<Call> = phones
        .lines_for(level)
        .into_iter()
        .map(|line| call(lang, line, phones))
        .collect();
    if level == Level::Red {
        out.push(call(lang, Line::Emergency, phones));
    }
    out
}

/// The keys of the amber sentence that says whom to call today ([`contact_words`]): inside
/// office hours, and outside them (or with none set).
pub(super) const CONTACT_KEYS: [&str; 2] = ["contact.office_open", "contact.office_closed"];

/// The amber sentence that says whom to call today, the `{contact}` of every amber
/// message: inside office hours "Please contact your care team today: {phone}." (the care
/// team's number, or the 24-hour line when only that is set); outside them, and whenever
/// none are set, "Please contact your care team today. Their office is closed now, so
/// call your 24-hour cancer line: {line_24h}." (warning-signs-v3.md, *Levels*).
pub(super) fn contact_words(lang: &str, phones: &Phones) -> String {
    if phones.office_open {
        let line = phones.line_for(Level::Amber).unwrap_or(Line::CareTeam);
        lookup(
            lang,
            CONTACT_KEYS[0],
            &[("phone", &call(lang, line, phones).text)],
        )
    } else {
        let line = call(lang, Line::Line24h, phones).text;
        lookup(lang, CONTACT_KEYS[1], &[("line_24h", &line)])
    }
}

/// The values of a message of `level`'s placeholders: `{phone}` (the first line of
/// [`Phones::lines_for`]; a red message's 24-hour line), `{emergency}`, and `{contact}`,
/// the amber sentence of whom to call today ([`contact_words`]).
pub(super) fn phone_vars(lang: &str, level: Level, phones: &Phones) -> [(&'static str, String); 3] {
    let line = phones.line_for(level).unwrap_or(Line::CareTeam);
    [
        ("phone", call(lang, line, phones).text),
        ("emergency", call(lang, Line::Emergency, phones).text),
        ("contact", contact_words(lang, phones)),
    ]
}

/// Whether a weekly check-in's result gives the emergency number first: A-SELF-HARM, whose
/// message says to call the emergency number now if there is a risk of acting on the
/// thoughts (warning-signs-v2.md, *Weekly check-in*). The one place this is decided.
pub fn checkin_emergency_first(triage: &Triage) -> bool {
    triage.alerts.iter().any(|a| a.rule == RuleId::ASelfHarm)
}
