//! Daily reports: saved with their triage, alerts and outbox row in one transaction
//! (`Diary::add_report`), and read back for the history, the charts and sync.

use super::{
    alert_at, bad_value, insert_alerts, new_or, record_id, saved_alert, utc_text, with_offset,
    with_offset_sql, AlertsOf, Diary, Result, SavedAlert, SavedReport, ALERT_COLUMNS,
    REPORT_ALERTS, SAVED_ALERT_COLUMNS,
};
use crate::json;
use crate::model::*;
use crate::rules;
use chrono::{DateTime, Duration, FixedOffset, Utc};
use rusqlite::{params, OptionalExtension, Transaction, TransactionBehavior};
use std::collections::HashMap;

pub(super) fn insert_report(
    tx: &Transaction<'_>,
    report: Report,
    triage: Triage,
    now: DateTime<Utc>,
) -> Result<SavedReport> {
    let mut report = report;
    let id = new_or(report.id.as_deref());
    report.id = Some(id.clone());
    let uid = format!("report-{id}");
    let saved_utc = utc_text(&now);
    tx.execute(
        "INSERT INTO reports (uid, recorded_utc, utc_offset_s, reporter, stools_above_usual, vomiting_episodes,
                              temperature_c, weight_kg, note, level, ruleset, saved_utc, screened)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            uid,
            utc_text(&report.recorded_at.with_timezone(&Utc)),
            report.recorded_at.offset().local_minus_utc(),
            report.reporter.as_str(),
            report.stools_above_usual,
            report.vomiting_episodes,
            report.temperature_c,
            report.weight_kg,
            report.note,
            triage.level.as_str(),
            triage.ruleset,
            saved_utc,
            report.screened,
        ],
    )?;
    let id = tx.last_insert_rowid();
    for (item, value) in &report.ratings {
        tx.execute(
            "INSERT INTO report_ratings (report_id, item, value) VALUES (?1, ?2, ?3)",
            params![id, item.as_str(), value],
        )?;
    }
    for (i, sign) in report.signs.iter().enumerate() {
        tx.execute(
            "INSERT INTO report_signs (report_id, sign, position) VALUES (?1, ?2, ?3)",
            params![id, sign.as_str(), i as i64],
        )?;
    }
    let report_priority = if triage.level == Level::Red { 0 } else { 1 };
    tx.execute(
        "INSERT INTO outbox (kind, ref_id, priority, created_utc) VALUES ('report', ?1, ?2, ?3)",
        params![id, report_priority, saved_utc],
    )?;
    insert_alerts(tx, &REPORT_ALERTS, id, &uid, &triage, &saved_utc)?;
    Ok(SavedReport {
        id,
        uid,
        report,
        triage,
    })
}

impl Diary {
    /// Checks `report`, triages it against the stored history, and saves the report,
    /// its alerts and its outbox rows in one transaction.
    pub fn add_report(&mut self, report: Report, now: DateTime<Utc>) -> Result<SavedReport> {
        json::validate_report(&report, now)?;
        let profile = self.profile()?;
        let t = report.recorded_at.with_timezone(&Utc);
        let mut history = self.reports_between(t - Duration::hours(rules::WINDOW_HOURS), t)?;
        history.push(report.clone());
        let labs = self.labs_near(report.recorded_at.date_naive())?;
        let triage = rules::triage_report(&profile, &history, &labs, &report);
        // Takes the write lock at once, waiting (up to the busy wait) for another writer.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let saved = insert_report(&tx, report, triage, now)?;
        tx.commit()?;
        Ok(saved)
    }
    /// Reports whose instant lies in `[from, to]`, oldest first (the triage history).
    pub(super) fn reports_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Report>> {
        Ok(self
            .load_reports(
                "recorded_utc BETWEEN ?1 AND ?2 ORDER BY recorded_utc, id",
                params![utc_text(&from), utc_text(&to)],
            )?
            .into_iter()
            .map(|s| s.report)
            .collect())
    }
    /// The latest `limit` reports, newest first.
    pub fn recent_reports(&self, limit: usize) -> Result<Vec<SavedReport>> {
        self.load_reports(
            "1 = 1 ORDER BY recorded_utc DESC, id DESC LIMIT ?1",
            params![limit as i64],
        )
    }
    /// Every report from `since` on, oldest first (for trends).
    pub fn reports_since(&self, since: DateTime<Utc>) -> Result<Vec<SavedReport>> {
        self.load_reports(
            "recorded_utc >= ?1 ORDER BY recorded_utc, id",
            params![utc_text(&since)],
        )
    }
    /// One report by its id.
    pub fn report(&self, id: i64) -> Result<Option<SavedReport>> {
        Ok(self
            .load_reports("id = ?1", params![id])?
            .into_iter()
            .next())
    }
    /// When the first report was made (the day the diary started, for missed days).
    pub fn first_report_at(&self) -> Result<Option<DateTime<FixedOffset>>> {
        Ok(self
            .load_reports("1 = 1 ORDER BY recorded_utc, id LIMIT 1", params![])?
            .into_iter()
            .next()
            .map(|s| s.report.recorded_at))
    }
    /// When the latest report was made.
    pub fn last_report_at(&self) -> Result<Option<DateTime<FixedOffset>>> {
        let row: Option<(String, i32)> = self
            .conn
            .query_row(
                "SELECT recorded_utc, utc_offset_s FROM reports ORDER BY recorded_utc DESC, id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match row {
            None => Ok(None),
            Some((t, off)) => Ok(Some(with_offset(&t, off)?)),
        }
    }
    /// The number of reports in the diary.
    pub fn report_count(&self) -> Result<usize> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM reports", [], |r| r.get(0))?;
        Ok(n as usize)
    }
    /// The latest `limit` alerts, newest report first, each report's alerts in triage order.
    /// The query walks the reports newest first (`CROSS JOIN` keeps SQLite from starting at
    /// the alerts and sorting all of them: 0.5 s against a few ms on ten years of reports).
    pub fn alert_history(&self, limit: usize) -> Result<Vec<SavedAlert>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {SAVED_ALERT_COLUMNS}
             FROM reports r CROSS JOIN alerts a ON a.report_id = r.id
             ORDER BY r.recorded_utc DESC, r.id DESC, a.position
             LIMIT ?1"
        ))?;
        let rows = stmt.query_map([limit as i64], saved_alert)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
    /// How many outbox rows wait to be sent.
    pub fn outbox_waiting(&self) -> Result<usize> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM outbox WHERE sent_utc IS NULL",
            [],
            |r| r.get(0),
        )?;
        Ok(n as usize)
    }
    /// Loads reports matching `tail` (a WHERE condition with its ORDER BY and LIMIT), with
    /// their ratings, signs and alerts, in three queries whatever their number.
    pub(super) fn load_reports(
        &self,
        tail: &str,
        args: &[&dyn rusqlite::ToSql],
    ) -> Result<Vec<SavedReport>> {
        let sql = format!(
            "SELECT id, uid, recorded_utc, utc_offset_s, reporter, stools_above_usual, vomiting_episodes,
                    temperature_c, weight_kg, note, level, ruleset, screened
             FROM reports WHERE {tail}"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(args, |r| {
            let t: String = r.get(2)?;
            let reporter: String = r.get(4)?;
            let level: String = r.get(10)?;
            let mut report = Report::new(with_offset_sql(&t, r.get(3)?)?);
            report.reporter =
                Reporter::parse(&reporter).ok_or_else(|| bad_value("reporter", &reporter))?;
            report.stools_above_usual = r.get(5)?;
            report.vomiting_episodes = r.get(6)?;
            report.temperature_c = r.get(7)?;
            report.weight_kg = r.get(8)?;
            report.note = r.get(9)?;
            report.screened = r.get(12)?;
            let uid: String = r.get(1)?;
            report.id = record_id(&uid, "report-");
            Ok(SavedReport {
                id: r.get(0)?,
                uid: r.get(1)?,
                report,
                triage: Triage {
                    level: Level::parse(&level).ok_or_else(|| bad_value("level", &level))?,
                    ruleset: r.get(11)?,
                    alerts: Vec::new(),
                },
            })
        })?;
        let mut reports = rows.collect::<rusqlite::Result<Vec<_>>>()?;
        if reports.is_empty() {
            return Ok(reports);
        }
        let index: HashMap<i64, usize> =
            reports.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
        let ids = reports
            .iter()
            .map(|r| r.id.to_string())
            .collect::<Vec<_>>()
            .join(",");
        let mut stmt = self.conn.prepare(&format!(
            "SELECT report_id, item, value FROM report_ratings WHERE report_id IN ({ids})"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            let item: String = row.get(1)?;
            let item = Rating::parse(&item).ok_or_else(|| bad_value("rating", &item))?;
            reports[index[&id]].report.ratings.insert(item, row.get(2)?);
        }
        let mut stmt = self.conn.prepare(&format!(
            "SELECT report_id, sign FROM report_signs WHERE report_id IN ({ids}) ORDER BY report_id, position"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            let sign: String = row.get(1)?;
            let sign = Sign::parse(&sign).ok_or_else(|| bad_value("sign", &sign))?;
            reports[index[&id]].report.signs.push(sign);
        }
        self.attach_alerts(&REPORT_ALERTS, &mut reports, |r| r.id, |r| &mut r.triage)?;
        Ok(reports)
    }
    /// Loads the alerts of `records` (each found by its row id, `id`) from `of`'s table into
    /// its triage, in triage order, with one query whatever their number.
    pub(super) fn attach_alerts<T>(
        &self,
        of: &AlertsOf,
        records: &mut [T],
        id: impl Fn(&T) -> i64,
        triage: impl Fn(&mut T) -> &mut Triage,
    ) -> Result<()> {
        if records.is_empty() {
            return Ok(());
        }
        let index: HashMap<i64, usize> = records
            .iter()
            .enumerate()
            .map(|(i, r)| (id(r), i))
            .collect();
        let ids = records
            .iter()
            .map(|r| id(r).to_string())
            .collect::<Vec<_>>()
            .join(",");
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {parent}, {ALERT_COLUMNS}
             FROM {table} WHERE {parent} IN ({ids}) ORDER BY {parent}, position",
            parent = of.parent,
            table = of.table,
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let at = index[&row.get::<_, i64>(0)?];
            triage(&mut records[at]).alerts.push(alert_at(row, 1)?);
        }
        Ok(())
    }
}
