//! Questions for the next clinic visit: a short list kept in the diary ("Why is my skin
//! itching more at night?"), shown in the app and printed on the visit report. It exists
//! because a tired patient forgets the question they had on Tuesday by the visit on
//! Friday. A question is crossed off once asked, never silently lost. A child of `store`.

use super::{parse_utc_text, utc_text, Diary, Result, StoreError};
use crate::error::FieldError;
use chrono::{DateTime, Utc};
use rusqlite::params;

/// The longest question, in characters.
pub const QUESTION_MAX_CHARS: usize = 300;

/// The most open questions the list keeps (a short list fits on the visit report).
pub const MAX_OPEN_QUESTIONS: usize = 20;

/// One question for the visit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitQuestion {
    pub id: String,
    pub added_at: DateTime<Utc>,
    pub text: String,
    /// When it was crossed off as asked.
    pub asked_at: Option<DateTime<Utc>>,
}

impl Diary {
    /// The questions still open, oldest first.
    pub fn open_questions(&self) -> Result<Vec<VisitQuestion>> {
        let mut stmt = self.conn.prepare(
            "SELECT uid, added_utc, text, asked_utc FROM visit_questions
             WHERE asked_utc IS NULL ORDER BY added_utc, id",
        )?;
        let rows = stmt.query_map([], |r| {
            let added: String = r.get(1)?;
            let asked: Option<String> = r.get(3)?;
            Ok(VisitQuestion {
                id: r.get(0)?,
                added_at: parse_utc_text(&added)?,
                text: r.get(2)?,
                asked_at: asked.as_deref().map(parse_utc_text).transpose()?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Adds a question (trimmed; 1–300 characters of plain text; at most 20 open).
    pub fn add_question(&mut self, text: &str, now: DateTime<Utc>) -> Result<String> {
        let text = text.trim();
        if text.is_empty() {
            return Err(StoreError::Invalid(FieldError::new(
                "question.text",
                "write the question",
            )));
        }
        crate::json::check_text("question.text", text, QUESTION_MAX_CHARS)
            .map_err(StoreError::Invalid)?;
        if self.open_questions()?.len() >= MAX_OPEN_QUESTIONS {
            return Err(StoreError::Invalid(FieldError::new(
                "question.text",
                format!("the list holds {MAX_OPEN_QUESTIONS} questions; cross some off first"),
            )));
        }
        let uid = uuid::Uuid::new_v4().to_string();
        self.conn.execute(
            "INSERT INTO visit_questions (uid, added_utc, text) VALUES (?1, ?2, ?3)",
            params![uid, utc_text(&now), text],
        )?;
        Ok(uid)
    }

    /// Crosses question `id` off as asked at `now`.
    pub fn question_asked(&mut self, id: &str, now: DateTime<Utc>) -> Result<()> {
        let n = self.conn.execute(
            "UPDATE visit_questions SET asked_utc = ?1 WHERE uid = ?2 AND asked_utc IS NULL",
            params![utc_text(&now), id],
        )?;
        if n == 0 {
            return Err(StoreError::Invalid(FieldError::new(
                "question.id",
                format!("there is no open question {id}"),
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_are_kept_checked_and_crossed_off() {
        let mut d = Diary::open_in_memory().unwrap();
        let now: DateTime<Utc> = "2026-11-29T10:00:00Z".parse().unwrap();
        let first = d
            .add_question("  Why is the itching worse at night?  ", now)
            .unwrap();
        d.add_question("Can I travel in January?", now).unwrap();
        let open = d.open_questions().unwrap();
        assert_eq!(open.len(), 2);
        assert_eq!(open[0].text, "Why is the itching worse at night?");
        d.question_asked(&first, now).unwrap();
        assert_eq!(d.open_questions().unwrap().len(), 1);
        // Refused, naming the field; the list is unchanged.
        for bad in ["   ", "bell \u{7}"] {
            let e = d.add_question(bad, now).unwrap_err();
            assert!(e.to_string().contains("question.text"), "{e}");
        }
        assert!(d.question_asked(&first, now).is_err(), "crossed off twice");
        assert_eq!(d.open_questions().unwrap().len(), 1);
    }
}
