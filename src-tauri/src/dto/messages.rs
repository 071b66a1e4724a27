//! The messages screen's shapes: the messages both ways ([`MessageDto`]), what the screen
//! always says with them (a message is not for anything urgent, and the numbers), and a
//! message as the window hands it in ([`MessageInput`]: the words and, when a photo was
//! chosen, its bytes in base64). The checks are the core's (`Diary::send_message`).

use super::CallDto;
use base64::Engine;
use diary_core::conversation::{Direction, SavedMessage};
use diary_core::messages::{self, Phones};
use diary_core::model::Level;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One message, the patient's or the care team's reply.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MessageDto {
    pub id: i64,
    /// From the care team (a reply), or the patient's side.
    pub from_team: bool,
    /// When it was written (RFC 3339).
    pub at: String,
    /// A reply: who in the team wrote it.
    pub author: Option<String>,
    pub text: String,
    /// The photo sent with it, as a `data:` URL the window shows (its own, already
    /// stripped of metadata); `None` without one.
    pub photo: Option<String>,
    /// A reply the patient had not seen before this screen opened.
    pub new: bool,
}

impl MessageDto {
    pub fn from_core(m: &SavedMessage) -> MessageDto {
        MessageDto {
            id: m.id,
            from_team: m.direction == Direction::FromTeam,
            at: m.at.to_rfc3339(),
            author: m.author.clone(),
            text: m.text.clone(),
            photo: m.photo.as_ref().map(|p| {
                format!(
                    "data:{};base64,{}",
                    p.kind,
                    base64::engine::general_purpose::STANDARD.encode(&p.bytes)
                )
            }),
            new: m.direction == Direction::FromTeam && m.read_at.is_none(),
        }
    }
}

/// The messages screen.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MessagesDto {
    /// Oldest first.
    pub items: Vec<MessageDto>,
    /// "A message is not for anything urgent…", with the numbers.
    pub not_a_call: String,
    /// The numbers to call instead (the 24-hour line and the emergency number).
    pub calls: Vec<CallDto>,
    /// Whether sync is on: off, nobody reads a message until it is.
    pub sync_on: bool,
}

impl MessagesDto {
    pub fn from_core(
        messages_: &[SavedMessage],
        lang: &str,
        phones: &Phones,
        sync_on: bool,
    ) -> MessagesDto {
        MessagesDto {
            items: messages_.iter().map(MessageDto::from_core).collect(),
            not_a_call: messages::message_not_a_call(lang, phones),
            calls: messages::calls(lang, Level::Red, false, phones)
                .iter()
                .map(CallDto::from_core)
                .collect(),
            sync_on,
        }
    }
}

/// A message as the window sends it.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MessageInput {
    pub text: String,
    /// The chosen photo's bytes, base64 (the window reads the file the user picked).
    pub photo: Option<String>,
}

impl MessageInput {
    /// The photo's bytes; words that are not base64 are refused naming `message.photo`.
    pub fn photo_bytes(&self) -> Result<Option<Vec<u8>>, super::IpcError> {
        self.photo
            .as_deref()
            .map(|b| {
                base64::engine::general_purpose::STANDARD
                    .decode(b.trim())
                    .map_err(|_| {
                        super::IpcError::invalid("message.photo", "the photo could not be read")
                    })
            })
            .transpose()
    }
}

/// One patient's message as the care team console shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct InboxMessageDto {
    /// The message's uid (`message-…`), which a reply names.
    pub uid: String,
    /// The Patient it is from (`Patient/<id>`).
    pub patient_ref: String,
    pub sent: String,
    pub text: String,
    /// The photo as a `data:` URL, when one came with it.
    pub photo: Option<String>,
    /// The replies written to it, oldest first.
    pub replies: Vec<InboxReplyDto>,
}

/// A reply the care team wrote.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct InboxReplyDto {
    pub author: Option<String>,
    pub text: String,
}

impl InboxMessageDto {
    pub fn from_core(m: &diary_sync::messages::InboxMessage) -> InboxMessageDto {
        // Only the two types the diary sends are shown as pictures.
        let photo = m
            .photo
            .as_ref()
            .filter(|p| matches!(p.content_type.as_str(), "image/jpeg" | "image/png"))
            .map(|p| format!("data:{};base64,{}", p.content_type, p.data));
        InboxMessageDto {
            uid: m.uid.clone(),
            patient_ref: m.patient.clone(),
            sent: m.sent.clone(),
            text: m.text.clone(),
            photo,
            replies: m
                .replies
                .iter()
                .map(|(author, text)| InboxReplyDto {
                    author: author.clone(),
                    text: text.clone(),
                })
                .collect(),
        }
    }
}
