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

/// The longest answer "they said …" may hold, in characters.
pub const NOTE_MAX_CHARS: usize = 500;

/// One answer as saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answered {
    pub at: DateTime<Utc>,
    pub answer: FollowUpAnswer,
    /// What the team said, for `they_said`.
    pub note: Option<String>,
}

/// An answer as sync sends it to the care team: its stable id, the answer, and the report
/// and alerts it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpRecord {
    /// The answer's stable business identifier (`followup-<uuid>`).
    pub uid: String,
    pub answered: Answered,
    /// The report asked about: its uid (`report-…`) and its level.
    pub report_uid: String,
    pub level: Level,
    /// The uids (`alert-…`) of the report's alerts, the Tasks the answer is about.
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
