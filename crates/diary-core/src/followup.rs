//! After an alert: "Did you get through to your 24-hour line / care team?". It exists
//! because a red alert that nobody acted on is the failure that matters most, and because a
//! caregiver and the clinic later ask "did you call when the fever came?". This is the
//! answer's vocabulary and records: the answers are kept with the report, shown in the
//! history and sent to the care team. When the question is asked, and what else shows, is
//! the escalation ladder's ([`crate::ladder`], the clinical reference v3's E-rules, which
//! replaced v2's "an hour after a red, the next morning after an amber").

use crate::model::Level;
use chrono::{DateTime, Utc};

crate::vocabulary::vocabulary!(
    /// The answer to "Did you reach your care team?".
    FollowUpAnswer {
        Reached => "reached",
        NotYet => "not_yet",
        TheySaid => "they_said",
    }
);

crate::vocabulary::vocabulary!(
    /// Which question an answer answers (diary-json-v4.md, `followup_answers[].question`):
    /// `contact`, "Did you get through to your 24-hour line / care team?" (E-1 and E-3), or
    /// `talk`, "Have you been able to talk to your care team or someone you trust?" (E-4).
    Question {
        Contact => "contact",
        Talk => "talk",
    }
);

/// The record whose alerts an answer follows up (migration 0015): a report, a check-in, or
/// a lab result whose entry raised lab-only alerts; each by its row id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Record {
    Report(i64),
    Checkin(i64),
    Lab(i64),
}

impl Record {
    /// The kinds, as the IPC and the CLI spell them.
    pub const KINDS: &'static [&'static str] = &["report", "checkin", "lab"];

    /// `report`, `checkin` or `lab`.
    pub fn kind(self) -> &'static str {
        match self {
            Record::Report(_) => "report",
            Record::Checkin(_) => "checkin",
            Record::Lab(_) => "lab",
        }
    }

    /// The row id.
    pub fn id(self) -> i64 {
        match self {
            Record::Report(id) | Record::Checkin(id) | Record::Lab(id) => id,
        }
    }

    /// The record of `kind` (one of [`Record::KINDS`]) and `id`.
    pub fn parse(kind: &str, id: i64) -> Option<Record> {
        match kind {
            "report" => Some(Record::Report(id)),
            "checkin" => Some(Record::Checkin(id)),
            "lab" => Some(Record::Lab(id)),
            _ => None,
        }
    }
}

/// The longest answer "they said …" may hold, in characters.
pub const NOTE_MAX_CHARS: usize = 500;

/// One answer as saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answered {
    pub at: DateTime<Utc>,
    /// The question it answers.
    pub question: Question,
    pub answer: FollowUpAnswer,
    /// What the team said, for `they_said`.
    pub note: Option<String>,
}

/// An answer as sync sends it to the care team: its stable id, the answer, and the record
/// (report, check-in or lab result) and alerts it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpRecord {
    /// The answer's stable business identifier (`followup-<uuid>`).
    pub uid: String,
    pub answered: Answered,
    /// The record asked about: its uid (`report-…`, `checkin-…` or the lab result's) and
    /// its level (for a lab result, its lab-only alerts' highest).
    pub record_uid: String,
    pub level: Level,
    /// The uids (`alert-…`) of the record's alerts, the Tasks the answer is about.
    pub alert_uids: Vec<String>,
}

impl FollowUpAnswer {
    /// The answer in plain words for the care team (English, like the rest of what is sent).
    pub fn care_team_words(self) -> &'static str {
        match self {
            FollowUpAnswer::Reached => "Yes, the patient reached the care team",
            FollowUpAnswer::NotYet => "Not yet: the care team has not been reached",
            FollowUpAnswer::TheySaid => "The care team was reached and said",
        }
    }
}
