//! Lab results: saved, read back, and triaged on their own (the lab rules alone, as of a
//! day).

use super::{bad_value, new_or, record_id, utc_text, Diary, Result};
use crate::json;
use crate::model::*;
use crate::rules;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use rusqlite::{params, Transaction};

pub(super) fn insert_lab(tx: &Transaction<'_>, lab: &LabResult, now: DateTime<Utc>) -> Result<i64> {
    tx.execute(
        "INSERT INTO labs (uid, taken_on, test, value, unit, ref_low, ref_high, baseline)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            format!("lab-{}", new_or(lab.id.as_deref())),
            lab.taken_on.format("%Y-%m-%d").to_string(),
            lab.test.as_str(),
            lab.value,
            lab.unit.as_str(),
            lab.ref_low,
            lab.ref_high,
            lab.baseline,
        ],
    )?;
    let id = tx.last_insert_rowid();
    tx.execute(
        "INSERT INTO outbox (kind, ref_id, priority, created_utc) VALUES ('lab', ?1, 1, ?2)",
        params![id, utc_text(&now)],
    )?;
    Ok(id)
}

impl Diary {
    /// Saves a lab result after checking it.
    pub fn add_lab(&mut self, lab: &LabResult, now: DateTime<Utc>) -> Result<i64> {
        json::validate_lab(lab)?;
        let tx = self.conn.transaction()?;
        let id = insert_lab(&tx, lab, now)?;
        tx.commit()?;
        Ok(id)
    }
    /// Lab-only triage as of `day` (the `taken_on` just entered): the lab rules alone over
    /// the newest result of each test in the window (`rules::triage_labs`), so a grade-4
    /// count is flagged when it is entered, not at the next daily report.
    pub fn lab_triage(&self, day: NaiveDate) -> Result<Triage> {
        Ok(rules::triage_labs(
            &self.profile()?,
            &self.labs_near(day)?,
            day,
        ))
    }
    /// Every lab result, oldest first.
    pub fn labs(&self) -> Result<Vec<LabResult>> {
        self.query_labs("1 = 1", params![])
    }
    pub(super) fn labs_near(&self, day: NaiveDate) -> Result<Vec<LabResult>> {
        let from = (day - Duration::days(rules::LAB_WINDOW_DAYS))
            .format("%Y-%m-%d")
            .to_string();
        let to = day.format("%Y-%m-%d").to_string();
        self.query_labs("taken_on BETWEEN ?1 AND ?2", params![from, to])
    }
    pub(super) fn query_labs(
        &self,
        filter: &str,
        args: &[&dyn rusqlite::ToSql],
    ) -> Result<Vec<LabResult>> {
        let sql = format!(
            "SELECT taken_on, test, value, unit, ref_low, ref_high, baseline, uid FROM labs WHERE {filter} ORDER BY taken_on, id"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(args, |r| {
            let day: String = r.get(0)?;
            let test: String = r.get(1)?;
            let unit: String = r.get(3)?;
            let uid: String = r.get(7)?;
            Ok(LabResult {
                id: record_id(&uid, "lab-"),
                taken_on: json::parse_date(&day).ok_or_else(|| bad_value("date", &day))?,
                test: LabTest::parse(&test).ok_or_else(|| bad_value("lab test", &test))?,
                value: r.get(2)?,
                unit: LabUnit::parse(&unit).ok_or_else(|| bad_value("unit", &unit))?,
                ref_low: r.get(4)?,
                ref_high: r.get(5)?,
                baseline: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}
