//! The messages with the care team in the diary (migration 0016): a message written by the
//! patient or caregiver, checked (plain text, at most 2000 characters; a photo only as a
//! JPEG or PNG of at most 5 MiB, its metadata removed) and saved with its outbox row (kind
//! `message`) in one transaction, so sync sends it; a reply from the team, kept once; and
//! when the patient saw the replies. A child of `store` so it can use the one connection.

use super::{parse_utc_text, utc_text, Diary, Result, StoreError};
use crate::conversation::{Reply, SavedMessage, MAX_MESSAGE_CHARS};
use crate::error::FieldError;
use crate::model::Reporter;
use crate::photo::{Photo, PhotoType};
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};

const COLUMNS: &str = "id, uid, direction, written_utc, reporter, body, photo, photo_type, author,
     in_reply_to, read_utc";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SavedMessage> {
    let at: String = r.get(3)?;
    let photo: Option<Vec<u8>> = r.get(6)?;
    let kind: Option<PhotoType> = r.get(7)?;
    let read: Option<String> = r.get(10)?;
    Ok(SavedMessage {
        id: r.get(0)?,
        uid: r.get(1)?,
        direction: r.get(2)?,
        at: parse_utc_text(&at)?,
        reporter: r.get(4)?,
        text: r.get(5)?,
        photo: photo.zip(kind).map(|(bytes, kind)| Photo { kind, bytes }),
        author: r.get(8)?,
        in_reply_to: r.get(9)?,
        read_at: read.as_deref().map(parse_utc_text).transpose()?,
    })
}

/// `text` trimmed and checked as a message's words, naming `field`.
fn checked_text(field: &str, text: &str) -> Result<String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(StoreError::Invalid(FieldError::new(
            field,
            "write a few words for your care team",
        )));
    }
    crate::json::check_text(field, text, MAX_MESSAGE_CHARS).map_err(StoreError::Invalid)?;
    Ok(text.to_string())
}

impl Diary {
    /// Saves a message to the care team written at `now` by `reporter`, with an optional
    /// photo (the file's bytes, checked and stripped by [`Photo::clean`]), and its outbox
    /// row; nothing is saved when the words or the photo are refused (naming
    /// `message.text` or `message.photo`).
    pub fn send_message(
        &mut self,
        text: &str,
        photo: Option<&[u8]>,
        reporter: Reporter,
        now: DateTime<Utc>,
    ) -> Result<SavedMessage> {
        let text = checked_text("message.text", text)?;
        let photo = photo
            .map(|bytes| Photo::clean("message.photo", bytes))
            .transpose()
            .map_err(StoreError::Invalid)?;
        let uid = format!("message-{}", uuid::Uuid::new_v4());
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO messages (uid, direction, written_utc, reporter, body, photo, photo_type)
             VALUES (?1, 'to_team', ?2, ?3, ?4, ?5, ?6)",
            params![
                uid,
                utc_text(&now),
                reporter,
                text,
                photo.as_ref().map(|p| p.bytes.as_slice()),
                photo.as_ref().map(|p| p.kind),
            ],
        )?;
        let id = tx.last_insert_rowid();
        tx.execute(
            "INSERT INTO outbox (kind, ref_id, priority, created_utc) VALUES ('message', ?1, 1, ?2)",
            params![id, utc_text(&now)],
        )?;
        tx.commit()?;
        self.message(id)
    }

    /// One message by its row id.
    pub fn message(&self, id: i64) -> Result<SavedMessage> {
        Ok(self.conn.query_row(
            &format!("SELECT {COLUMNS} FROM messages WHERE id = ?1"),
            [id],
            row,
        )?)
    }

    /// Every message, both ways, oldest first.
    pub fn messages(&self) -> Result<Vec<SavedMessage>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM messages ORDER BY written_utc, id"
        ))?;
        let rows = stmt.query_map([], row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Keeps a reply from the care team (sync read it from the server); `false` when it is
    /// kept already. Its words are checked like a message's (`reply.text`), and a reply
    /// that names a message this diary never sent is refused (`reply.in_reply_to`): it is
    /// another patient's. Nothing is kept when it is refused.
    pub fn receive_reply(&mut self, reply: &Reply) -> Result<bool> {
        let text = checked_text("reply.text", &reply.text)?;
        if let Some(to) = &reply.in_reply_to {
            let ours: Option<i64> = self
                .conn
                .query_row(
                    "SELECT id FROM messages WHERE uid = ?1 AND direction = 'to_team'",
                    [to],
                    |r| r.get(0),
                )
                .optional()?;
            if ours.is_none() {
                return Err(StoreError::Invalid(FieldError::new(
                    "reply.in_reply_to",
                    format!("{to:?} is not a message of this diary"),
                )));
            }
        }
        let inserted = self.conn.execute(
            "INSERT INTO messages (uid, direction, written_utc, body, author, in_reply_to)
             VALUES (?1, 'from_team', ?2, ?3, ?4, ?5) ON CONFLICT (uid) DO NOTHING",
            params![
                reply.uid,
                utc_text(&reply.at),
                text,
                reply.author,
                reply.in_reply_to
            ],
        )?;
        Ok(inserted == 1)
    }

    /// The replies the patient has not seen yet, oldest first (read on every home screen:
    /// only those rows, never the photos of the whole conversation).
    pub fn unread_replies(&self) -> Result<Vec<SavedMessage>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM messages WHERE direction = 'from_team' AND read_utc IS NULL
             ORDER BY written_utc, id"
        ))?;
        let rows = stmt.query_map([], row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The uids of the messages this diary sent the team (what a reply may answer), without
    /// reading their photos.
    pub fn sent_message_uids(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT uid FROM messages WHERE direction = 'to_team' ORDER BY id")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Marks every reply seen at `now` (the patient opened the messages).
    pub fn mark_replies_read(&mut self, now: DateTime<Utc>) -> Result<usize> {
        Ok(self.conn.execute(
            "UPDATE messages SET read_utc = ?1 WHERE direction = 'from_team' AND read_utc IS NULL",
            [utc_text(&now)],
        )?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conversation::Direction;
    use crate::store::Kind;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn a_message_with_a_photo_is_kept_stripped_and_waits_for_sync() {
        let mut d = Diary::open_in_memory().unwrap();
        let raw = crate::photo::tests::jpeg_with_metadata();
        let m = d
            .send_message(
                "  The rash on my hands is worse; photo attached.  ",
                Some(&raw),
                Reporter::Caregiver,
                at("2026-11-20T10:00:00+05:00"),
            )
            .unwrap();
        assert_eq!(m.text, "The rash on my hands is worse; photo attached.");
        assert_eq!(m.direction, Direction::ToTeam);
        assert_eq!(m.reporter, Some(Reporter::Caregiver));
        let photo = m.photo.clone().unwrap();
        assert_eq!(photo.kind, PhotoType::Jpeg);
        assert!(!photo.bytes.windows(3).any(|w| w == b"GPS"));
        assert_eq!(d.messages().unwrap(), std::slice::from_ref(&m));
        let waiting = d.sync_waiting().unwrap();
        assert_eq!(waiting.len(), 1);
        assert_eq!(waiting[0].kind, Kind::Message);
        assert_eq!(waiting[0].ref_id, m.id);
    }

    #[test]
    fn bad_input_names_the_field_and_keeps_nothing() {
        let mut d = Diary::open_in_memory().unwrap();
        let now = at("2026-11-20T10:00:00+05:00");
        let refused = |d: &mut Diary, text: &str, photo: Option<&[u8]>, field: &str| {
            let e = d
                .send_message(text, photo, Reporter::Patient, now)
                .unwrap_err();
            assert!(e.to_string().contains(field), "{e}");
        };
        refused(&mut d, "   ", None, "message.text");
        refused(&mut d, "a\u{0007}bell", None, "message.text");
        refused(
            &mut d,
            &"x".repeat(MAX_MESSAGE_CHARS + 1),
            None,
            "message.text",
        );
        refused(&mut d, "my lab sheet", Some(b"%PDF-1.7"), "message.photo");
        assert!(d.messages().unwrap().is_empty());
        assert!(d.sync_waiting().unwrap().is_empty());
    }

    #[test]
    fn a_reply_is_kept_once_and_one_for_another_patient_is_refused() {
        let mut d = Diary::open_in_memory().unwrap();
        let mine = d
            .send_message(
                "Can I take paracetamol?",
                None,
                Reporter::Patient,
                at("2026-11-20T05:00:00Z"),
            )
            .unwrap();
        let reply = Reply {
            uid: "reply-1".into(),
            text: "Yes, up to 3 g a day. Call us if the fever comes back.".into(),
            author: Some("Nurse Aziza".into()),
            in_reply_to: Some(mine.uid.clone()),
            at: at("2026-11-20T06:00:00Z"),
        };
        assert!(d.receive_reply(&reply).unwrap());
        assert!(!d.receive_reply(&reply).unwrap(), "kept once");
        let unread = d.unread_replies().unwrap();
        assert_eq!(unread.len(), 1);
        assert_eq!(unread[0].author.as_deref(), Some("Nurse Aziza"));
        assert_eq!(d.mark_replies_read(at("2026-11-20T07:00:00Z")).unwrap(), 1);
        assert!(d.unread_replies().unwrap().is_empty());
        let stranger = Reply {
            uid: "reply-2".into(),
            in_reply_to: Some("message-of-someone-else".into()),
            ..reply
        };
        let e = d.receive_reply(&stranger).unwrap_err();
        assert!(e.to_string().contains("reply.in_reply_to"), "{e}");
        assert_eq!(d.messages().unwrap().len(), 2);
    }
}
