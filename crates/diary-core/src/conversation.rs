//! Messages between the patient (or caregiver) and the care team: a question, or a photo of
//! a rash or a lab sheet, and the team's reply. It exists because the leading remote-care
//! systems offer it and patients ask "does anyone read this?"; it is never a substitute for
//! a call, and every screen that writes one says so with the numbers. The records only;
//! the store keeps them encrypted and checks them, sync sends them as FHIR Communications.

use crate::model::Reporter;
use crate::photo::Photo;
use chrono::{DateTime, Utc};

/// The longest message, in characters.
pub const MAX_MESSAGE_CHARS: usize = 2000;

crate::vocabulary::vocabulary!(
    /// Who wrote a message: the patient's side (to the team) or the care team (a reply).
    Direction {
        ToTeam => "to_team",
        FromTeam => "from_team",
    }
);

/// A message as kept in the diary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedMessage {
    pub id: i64,
    /// The stable business identifier (`message-<uuid>`, or the team's reply's id).
    pub uid: String,
    pub direction: Direction,
    /// When it was written (a reply: when the team sent it).
    pub at: DateTime<Utc>,
    /// Who on the patient's side wrote it (`None` for a reply).
    pub reporter: Option<Reporter>,
    pub text: String,
    pub photo: Option<Photo>,
    /// A reply: who in the team wrote it, as the server names them.
    pub author: Option<String>,
    /// A reply: the uid of the patient's message it answers, when it names one.
    pub in_reply_to: Option<String>,
    /// A reply: when the patient first saw it.
    pub read_at: Option<DateTime<Utc>>,
}

/// A reply from the care team, as sync reads it from the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The server's stable id of the reply (its identifier, else its resource id).
    pub uid: String,
    pub text: String,
    pub author: Option<String>,
    pub in_reply_to: Option<String>,
    pub at: DateTime<Utc>,
}
