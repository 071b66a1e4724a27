//! Lab results: saved, read back, and triaged on their own (the lab rules alone, as of a
//! day), with the alerts such a triage raised, which the alert history and the
//! clinic-visit report show beside the reports'.

use super::{
    alert_at, bad_value, insert_alerts, new_or, parse_utc_text, record_id, utc_text, Diary, Result,
    LAB_ALERTS,
};
use crate::json;
use crate::model::*;
use crate::rules;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use rusqlite::{params, Connection, Transaction};
use std::collections::BTreeSet;

/// A lab-only alert as saved: raised when a lab result was entered on its own and the lab
/// rules alone found something (warning-signs-v3.md, *Lab-only triage*). It is kept, shown
/// in the history, sent to the care team as a Task and followed up, like a report's.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedLabAlert {
    pub id: i64,
    pub uid: String,
    /// The lab result whose entry raised it.
    pub lab_id: i64,
    /// The day the triage was made as of (D: the entered result's `taken_on`).
    pub as_of: NaiveDate,
    /// The moment of entry (t of the escalation ladder).
    pub raised_at: DateTime<Utc>,
    pub alert: Alert,
    /// When the care team acknowledged it, once sync has heard so.
    pub seen_by_team_at: Option<DateTime<Utc>>,
    /// The ruleset that raised it.
    pub ruleset: String,
}

/// A lab result just saved: its row id and its lab-only triage as of its `taken_on`.
#[derive(Debug, Clone, PartialEq)]
pub struct EnteredLab {
    pub id: i64,
    pub triage: Triage,
}

/// The columns [`lab_alert_row`] reads, `la` being `lab_alerts` and `l` its lab.
const LAB_ALERT_COLUMNS: &str =
    "la.id, la.uid, la.lab_id, l.taken_on, la.raised_utc, la.seen_by_team_utc,
     la.rule, la.level, la.subject, la.detail, la.message_key, la.advice_key, la.facts, la.ruleset";

fn lab_alert_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SavedLabAlert> {
    let day: String = r.get(3)?;
    let raised: Option<String> = r.get(4)?;
    let seen: Option<String> = r.get(5)?;
    Ok(SavedLabAlert {
        id: r.get(0)?,
        uid: r.get(1)?,
        lab_id: r.get(2)?,
        as_of: json::parse_date(&day).ok_or_else(|| bad_value("date", &day))?,
        raised_at: match raised {
            Some(t) => parse_utc_text(&t)?,
            None => return Err(bad_value("lab alert time", "")),
        },
        alert: alert_at(r, 6)?,
        seen_by_team_at: seen.as_deref().map(parse_utc_text).transpose()?,
        ruleset: r.get(13)?,
    })
}

/// The lab results that count for a lab-only triage as of `day` (D − 7 … D), read on `conn`
/// so a saving transaction sees the result it has just written.
fn labs_near(conn: &Connection, day: NaiveDate) -> Result<Vec<LabResult>> {
    let from = (day - Duration::days(rules::LAB_WINDOW_DAYS))
        .format("%Y-%m-%d")
        .to_string();
    let to = day.format("%Y-%m-%d").to_string();
    query_labs(conn, "taken_on BETWEEN ?1 AND ?2", params![from, to])
}

/// The lab-only triage of a result just written in `tx` (as of its `taken_on`, D), returned,
/// and its alerts saved with their outbox rows, except those already saved for D with the
/// same rule, subject and numbers (entering a second, normal result the same day sends no
/// second Task; a result that changes what an alert says is a new alert).
fn keep_lab_alerts(
    tx: &Transaction<'_>,
    profile: &Profile,
    lab_row: i64,
    lab_uid: &str,
    day: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Triage> {
    let triage = rules::triage_labs(profile, &labs_near(tx, day)?, day);
    let held: BTreeSet<(String, String, String)> = {
        let mut stmt = tx.prepare(
            "SELECT la.rule, la.subject, la.detail FROM lab_alerts la JOIN labs l ON l.id = la.lab_id
             WHERE l.taken_on = ?1",
        )?;
        let rows = stmt.query_map([day.format("%Y-%m-%d").to_string()], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let fresh: Vec<Alert> = triage
        .alerts
        .iter()
        .filter(|a| !held.contains(&(a.rule.to_string(), a.subject.to_string(), a.detail.clone())))
        .cloned()
        .collect();
    if fresh.is_empty() {
        return Ok(triage);
    }
    let saved_utc = utc_text(&now);
    let fresh = Triage {
        alerts: fresh,
        ..triage.clone()
    };
    insert_alerts(tx, &LAB_ALERTS, lab_row, lab_uid, &fresh, &saved_utc)?;
    tx.execute(
        "UPDATE lab_alerts SET raised_utc = ?2 WHERE lab_id = ?1",
        params![lab_row, saved_utc],
    )?;
    Ok(triage)
}

fn query_labs(
    conn: &Connection,
    filter: &str,
    args: &[&dyn rusqlite::ToSql],
) -> Result<Vec<LabResult>> {
    let sql = format!(
        "SELECT taken_on, test, value, unit, ref_low, ref_high, baseline, uid FROM labs WHERE {filter} ORDER BY taken_on, id"
    );
    let mut stmt = conn.prepare(&sql)?;
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

/// Writes a lab result and its outbox row; returns its row id and its uid.
pub(super) fn insert_lab(
    tx: &Transaction<'_>,
    lab: &LabResult,
    now: DateTime<Utc>,
) -> Result<(i64, String)> {
    let uid = format!("lab-{}", new_or(lab.id.as_deref()));
    tx.execute(
        "INSERT INTO labs (uid, taken_on, test, value, unit, ref_low, ref_high, baseline)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            uid,
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
    Ok((id, uid))
}

impl Diary {
    /// Saves a lab result after checking it, and, in the same transaction, the alerts its
    /// lab-only triage raises (as of its `taken_on`): every alert that was shown is kept,
    /// with its outbox row, so it reaches the care team and is followed up. Returns the
    /// result's row id and that triage (what the screen shows is what was kept).
    pub fn add_lab(&mut self, lab: &LabResult, now: DateTime<Utc>) -> Result<EnteredLab> {
        json::validate_lab(lab)?;
        let profile = self.profile()?;
        let tx = self.conn.transaction()?;
        let (id, uid) = insert_lab(&tx, lab, now)?;
        let triage = keep_lab_alerts(&tx, &profile, id, &uid, lab.taken_on, now)?;
        tx.commit()?;
        Ok(EnteredLab { id, triage })
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
    /// One lab result by its row id (a lab-only alert's `lab_id`), or `None` when there is
    /// no such result.
    pub fn lab(&self, id: i64) -> Result<Option<LabResult>> {
        Ok(self.query_labs("id = ?1", params![id])?.pop())
    }
    pub(super) fn labs_near(&self, day: NaiveDate) -> Result<Vec<LabResult>> {
        labs_near(&self.conn, day)
    }
    pub(super) fn query_labs(
        &self,
        filter: &str,
        args: &[&dyn rusqlite::ToSql],
    ) -> Result<Vec<LabResult>> {
        query_labs(&self.conn, filter, args)
    }
    /// Every lab-only alert, newest entry first.
    pub fn lab_alerts(&self) -> Result<Vec<SavedLabAlert>> {
        self.lab_alerts_where("1", [])
    }
    /// The lab-only alerts raised from `since` on, newest first (the escalation ladder's).
    pub(super) fn lab_alerts_since(&self, since: DateTime<Utc>) -> Result<Vec<SavedLabAlert>> {
        self.lab_alerts_where("la.raised_utc >= ?1", [utc_text(&since)])
    }
    /// The lab-only alerts the entry of lab result `lab_id` raised, oldest first.
    pub(super) fn lab_alerts_of(&self, lab_id: i64) -> Result<Vec<SavedLabAlert>> {
        let mut alerts = self.lab_alerts_where("la.lab_id = ?1", [lab_id])?;
        alerts.reverse();
        Ok(alerts)
    }
    fn lab_alerts_where<P: rusqlite::Params>(
        &self,
        filter: &str,
        args: P,
    ) -> Result<Vec<SavedLabAlert>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {LAB_ALERT_COLUMNS} FROM lab_alerts la JOIN labs l ON l.id = la.lab_id
             WHERE {filter} ORDER BY la.raised_utc DESC, la.id DESC"
        ))?;
        let rows = stmt.query_map(args, lab_alert_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
    /// One lab-only alert by its row id (sync's payload).
    pub fn lab_alert(&self, id: i64) -> Result<SavedLabAlert> {
        Ok(self.conn.query_row(
            &format!(
                "SELECT {LAB_ALERT_COLUMNS} FROM lab_alerts la JOIN labs l ON l.id = la.lab_id
                 WHERE la.id = ?1"
            ),
            [id],
            lab_alert_row,
        )?)
    }
}
