//! The care team's side of messages (issue 21 item 4): the patients' messages on the
//! server, newest first, each with its photo's type and size and the replies written to it
//! ([`patient_messages`]), and a reply written to one ([`reply`]). Like the inbox, it reads
//! and writes the care team's server only, never a diary: the patient's app keeps the reply
//! at its next sync (the engine's reply check) and tells the patient.

use crate::inbox::ServerConfig;
use crate::mapping;
use crate::SyncError;
use chrono::{DateTime, Utc};
use diary_core::FieldError;
use serde_json::Value;

/// The field a reply's words are checked under.
pub const REPLY_FIELD: &str = "reply";
/// The field the message replied to is named under.
pub const MESSAGE_FIELD: &str = "message";
/// The longest reply, in characters (as long as a patient's message).
pub const REPLY_MAX_CHARS: usize = diary_core::conversation::MAX_MESSAGE_CHARS;

/// One patient's message as the care team reads it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct InboxMessage {
    /// The message's uid (`message-…`), which [`reply`] takes.
    pub uid: String,
    /// The Patient it is from (`Patient/<id>`).
    pub patient: String,
    /// When it was written (RFC 3339).
    pub sent: String,
    pub text: String,
    /// The photo, when one came with it.
    pub photo: Option<InboxPhoto>,
    /// The replies written to it, oldest first: (who, words).
    pub replies: Vec<(Option<String>, String)>,
}

/// A message's photo as the server holds it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct InboxPhoto {
    /// `image/jpeg` or `image/png`.
    pub content_type: String,
    /// Its size in bytes, as written.
    pub size: u64,
    /// Its bytes, base64 (what `Attachment.data` holds).
    pub data: String,
}

fn message_of(c: &Value) -> Option<InboxMessage> {
    if !mapping::is_of_category(c, mapping::MESSAGE_CATEGORY) {
        return None;
    }
    let uid = c["identifier"]
        .as_array()?
        .iter()
        .find(|i| i["system"] == mapping::SID_MESSAGE)?["value"]
        .as_str()?
        .to_string();
    let payload = c["payload"].as_array()?;
    let text = payload
        .iter()
        .filter_map(|p| p["contentString"].as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let photo = payload.iter().find_map(|p| {
        let a = &p["contentAttachment"];
        Some(InboxPhoto {
            content_type: a["contentType"].as_str()?.to_string(),
            size: a["size"].as_u64().unwrap_or(0),
            data: a["data"].as_str()?.to_string(),
        })
    });
    Some(InboxMessage {
        uid,
        patient: c["subject"]["reference"].as_str()?.to_string(),
        sent: c["sent"].as_str().unwrap_or("").to_string(),
        text,
        photo,
        replies: Vec::new(),
    })
}

/// Every patient's message on the server, newest first, with the replies written to it.
pub fn patient_messages(config: &ServerConfig) -> Result<Vec<InboxMessage>, SyncError> {
    let client = config.client()?;
    let found = client.search_all(
        "Communication",
        &[
            (
                "category",
                mapping::token_param(mapping::CS_ITEM, mapping::MESSAGE_CATEGORY),
            ),
            ("_count", "100".into()),
        ],
    )?;
    let mut messages: Vec<InboxMessage> = found
        .iter()
        .filter(|c| c["resourceType"] == "Communication")
        .filter_map(message_of)
        .collect();
    let replies = client.search_all(
        "Communication",
        &[
            (
                "category",
                mapping::token_param(mapping::CS_ITEM, mapping::REPLY_CATEGORY),
            ),
            ("_count", "100".into()),
        ],
    )?;
    let mut replies: Vec<_> = replies.iter().filter_map(mapping::reply_of).collect();
    replies.sort_by_key(|r| r.at);
    for m in &mut messages {
        let id = mapping::message_id(&m.uid);
        m.replies = replies
            .iter()
            .filter(|r| r.in_reply_to.as_deref() == Some(id.as_str()))
            .map(|r| (r.author.clone(), r.text.clone()))
            .collect();
    }
    messages.sort_by(|a, b| b.sent.cmp(&a.sent));
    Ok(messages)
}

/// A reply's words as they are sent: trimmed; empty, longer than [`REPLY_MAX_CHARS`] or
/// holding a control character other than a line break is refused naming [`REPLY_FIELD`].
pub fn check_reply(text: &str) -> Result<String, SyncError> {
    let t = text.replace("\r\n", "\n");
    let t = t.trim();
    if t.is_empty() {
        return Err(FieldError::new(REPLY_FIELD, "write the reply").into());
    }
    if t.chars().count() > REPLY_MAX_CHARS {
        return Err(FieldError::new(
            REPLY_FIELD,
            format!("a reply is at most {REPLY_MAX_CHARS} characters"),
        )
        .into());
    }
    if t.chars().any(|c| c.is_control() && c != '\n') {
        return Err(FieldError::new(REPLY_FIELD, "a reply may not hold control characters").into());
    }
    Ok(t.to_string())
}

/// Writes the care team's reply to the patient's message `message` (its uid, as
/// [`patient_messages`] lists it) at `now`, signed with `config.who` ("Care team" when
/// unset), to the same Patient the message is from; returns the reply's uid. The words are
/// checked first, and a message that is not on the server is refused naming
/// [`MESSAGE_FIELD`]: nothing is written.
pub fn reply(
    config: &ServerConfig,
    message: &str,
    text: &str,
    now: DateTime<Utc>,
) -> Result<String, SyncError> {
    let text = check_reply(text)?;
    let message = message.trim();
    if !message.starts_with("message-") || message.contains(['/', '?', ' ']) {
        return Err(FieldError::new(
            MESSAGE_FIELD,
            format!("\"{message}\" is not a message id from the list"),
        )
        .into());
    }
    let client = config.client()?;
    let read = match client.read("Communication", &mapping::message_id(message)) {
        Ok(r) => r.body,
        Err(SyncError::NotFound(_)) => {
            return Err(FieldError::new(
                MESSAGE_FIELD,
                format!("there is no message {message} on the server"),
            )
            .into())
        }
        Err(e) => return Err(e),
    };
    let found = message_of(&read).ok_or_else(|| {
        SyncError::from(FieldError::new(
            MESSAGE_FIELD,
            format!("{message} is not a patient's message"),
        ))
    })?;
    let uid = format!("reply-{}", uuid::Uuid::new_v4());
    let author = config.who.as_deref().unwrap_or("Care team");
    let entry = mapping::reply_entry(&uid, &text, message, author, &found.patient, &now);
    client.update(&entry.resource, None)?;
    Ok(uid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_is_checked_naming_the_field() {
        assert_eq!(
            check_reply("  Come in on Monday. \r\n").unwrap(),
            "Come in on Monday."
        );
        for bad in ["", "   ", "a\u{0007}b"] {
            let e = check_reply(bad).unwrap_err();
            assert!(e.to_string().contains("reply"), "{e}");
        }
        assert!(check_reply(&"x".repeat(REPLY_MAX_CHARS + 1)).is_err());
    }

    #[test]
    fn a_message_reads_back_with_its_photo() {
        use diary_core::conversation::{Direction, SavedMessage};
        use diary_core::photo::{Photo, PhotoType};
        let m = SavedMessage {
            id: 1,
            uid: "message-1".into(),
            direction: Direction::ToTeam,
            at: "2026-11-20T05:10:00Z".parse().unwrap(),
            reporter: Some(diary_core::model::Reporter::Patient),
            text: "Photo of my rash".into(),
            photo: Some(Photo {
                kind: PhotoType::Png,
                bytes: vec![1, 2, 3],
            }),
            author: None,
            in_reply_to: None,
            read_at: None,
        };
        let entry = mapping::message_entry(&m, "Patient/p1");
        let back = message_of(&entry.resource).unwrap();
        assert_eq!(back.uid, "message-1");
        assert_eq!(back.patient, "Patient/p1");
        assert_eq!(back.text, "Photo of my rash");
        let photo = back.photo.unwrap();
        assert_eq!((photo.content_type.as_str(), photo.size), ("image/png", 3));
        assert_eq!(photo.data, "AQID");
    }
}
