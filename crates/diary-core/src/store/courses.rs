//! The diary's treatment courses ([`crate::courses`]): kept in the order they started,
//! each with a stable id that an export carries (format version 3) and an import keeps.
//! A child of `store` so it can use the one connection.

use super::{Diary, Result, StoreError};
use crate::error::FieldError;
use crate::model::Course;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

fn bad(what: &str, value: &str) -> rusqlite::Error {
    super::bad_value(what, value)
}

impl Diary {
    /// Every course, oldest start first.
    pub fn courses(&self) -> Result<Vec<Course>> {
        let mut stmt = self.conn.prepare(
            "SELECT uid, drugs, started_on, cycle_days, ended_on FROM courses ORDER BY started_on, id",
        )?;
        let rows = stmt.query_map([], |r| {
            let drugs: String = r.get(1)?;
            let started: String = r.get(2)?;
            let ended: Option<String> = r.get(4)?;
            let day =
                |t: &str| NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| bad("date", t));
            Ok(Course {
                id: Some(r.get(0)?),
                drugs: serde_json::from_str(&drugs).map_err(|_| bad("drugs", &drugs))?,
                started_on: day(&started)?,
                cycle_days: r.get(3)?,
                ended_on: ended.as_deref().map(day).transpose()?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Adds a course after checking it; returns its id.
    pub fn add_course(&mut self, course: &Course) -> Result<String> {
        course.validate("course").map_err(StoreError::Invalid)?;
        Ok(insert_course(&self.conn, course)?)
    }

    /// Ends course `id` on `day` (its last day of treatment).
    pub fn end_course(&mut self, id: &str, day: NaiveDate) -> Result<()> {
        let started: Option<String> = self
            .conn
            .query_row("SELECT started_on FROM courses WHERE uid = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?;
        let Some(started) = started else {
            return Err(StoreError::Invalid(FieldError::new(
                "course.id",
                format!("there is no course {id}"),
            )));
        };
        let text = day.format("%Y-%m-%d").to_string();
        if text < started {
            return Err(StoreError::Invalid(FieldError::new(
                "course.ended_on",
                format!("{text} is before the start, {started}"),
            )));
        }
        self.conn.execute(
            "UPDATE courses SET ended_on = ?1 WHERE uid = ?2",
            params![text, id],
        )?;
        Ok(())
    }
}

/// Writes one checked course, keeping its id or giving it a new one.
fn insert_course(conn: &Connection, course: &Course) -> rusqlite::Result<String> {
    let uid = course
        .id
        .clone()
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    conn.execute(
        "INSERT INTO courses (uid, drugs, started_on, cycle_days, ended_on) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            uid,
            serde_json::to_string(&course.drugs).expect("drugs serialize"),
            course.started_on.format("%Y-%m-%d").to_string(),
            course.cycle_days,
            course.ended_on.map(|d| d.format("%Y-%m-%d").to_string()),
        ],
    )?;
    Ok(uid)
}

/// Whether two courses hold the same content (their ids aside).
pub(super) fn same_course(a: &Course, b: &Course) -> bool {
    Course {
        id: None,
        ..a.clone()
    } == Course {
        id: None,
        ..b.clone()
    }
}

/// Adds the document's courses that the diary does not hold yet, inside the import's
/// transaction; a course with the same content (by id, or without an id by content) is
/// not added twice. Ids that clash with other content were refused before. Returns
/// (added, already there).
pub(super) fn import_courses(
    tx: &Connection,
    held: &[Course],
    incoming: &[Course],
) -> Result<(usize, usize)> {
    let (mut added, mut there) = (0, 0);
    let mut seen: Vec<&Course> = held.iter().collect();
    for course in incoming {
        if seen.iter().any(|h| same_course(h, course)) {
            there += 1;
        } else {
            insert_course(tx, course)?;
            seen.push(course);
            added += 1;
        }
    }
    Ok((added, there))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Drug;

    #[test]
    fn courses_are_kept_checked_and_ended() {
        let mut d = Diary::open_in_memory().unwrap();
        let day = |t: &str| NaiveDate::parse_from_str(t, "%Y-%m-%d").unwrap();
        let first = Course {
            id: None,
            drugs: vec![Drug::Paclitaxel],
            started_on: day("2026-09-01"),
            cycle_days: Some(21),
            ended_on: None,
        };
        let id = d.add_course(&first).unwrap();
        let later = Course {
            drugs: vec![Drug::Capecitabine],
            started_on: day("2026-11-01"),
            cycle_days: None,
            ..first.clone()
        };
        d.add_course(&later).unwrap();
        d.end_course(&id, day("2026-10-31")).unwrap();
        let all = d.courses().unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].id.as_deref(), Some(id.as_str()));
        assert_eq!(all[0].ended_on, Some(day("2026-10-31")));
        assert_eq!(all[1].drugs, [Drug::Capecitabine]);
        // Refused, naming the field; nothing changes.
        let bad = Course {
            cycle_days: Some(400),
            ..first.clone()
        };
        assert!(d
            .add_course(&bad)
            .unwrap_err()
            .to_string()
            .contains("course.cycle_days"));
        assert!(d
            .end_course(&id, day("2026-01-01"))
            .unwrap_err()
            .to_string()
            .contains("course.ended_on"));
        assert_eq!(d.courses().unwrap(), all);
    }
}
