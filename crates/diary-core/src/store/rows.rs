//! The saved records as rows: the saved report and alert, how times and facts are written
//! to and read from their columns, the alerts' table shared by reports and check-ins, and
//! the stable ids a record keeps across export and import. The store's other files read
//! and write rows through here.

use super::{Result, StoreError};
use crate::error::FieldError;
use crate::model::*;
use chrono::{DateTime, FixedOffset, Utc};
use rusqlite::{params, Transaction};

/// A report as stored: its row id, the report, and the triage stored with it.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedReport {
    pub id: i64,
    /// The stable business identifier (for sync).
    pub uid: String,
    pub report: Report,
    pub triage: Triage,
}

/// An alert as stored, with the report it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedAlert {
    pub id: i64,
    pub uid: String,
    pub report_id: i64,
    pub recorded_at: DateTime<FixedOffset>,
    pub alert: Alert,
    /// When the care team acknowledged it, once sync has heard so.
    pub seen_by_team_at: Option<DateTime<Utc>>,
}

/// The fixed-width UTC text of an instant.
pub fn utc_text(t: &DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.9fZ").to_string()
}

pub(super) fn parse_utc_text(s: &str) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
        })
}

/// The columns [`saved_alert`] reads, from `alerts a JOIN reports r`.
pub(crate) const SAVED_ALERT_COLUMNS: &str =
    "a.id, a.uid, a.report_id, r.recorded_utc, r.utc_offset_s, a.rule, a.level, a.subject,
     a.detail, a.message_key, a.advice_key, a.seen_by_team_utc, a.facts";

/// A saved alert from a row of [`SAVED_ALERT_COLUMNS`].
pub(crate) fn saved_alert(r: &rusqlite::Row) -> rusqlite::Result<SavedAlert> {
    let t: String = r.get(3)?;
    let seen: Option<String> = r.get(11)?;
    let level: String = r.get(6)?;
    Ok(SavedAlert {
        id: r.get(0)?,
        uid: r.get(1)?,
        report_id: r.get(2)?,
        recorded_at: with_offset_sql(&t, r.get(4)?)?,
        alert: Alert {
            rule: r.get(5)?,
            level: Level::parse(&level).ok_or_else(|| bad_value("level", &level))?,
            subject: r.get(7)?,
            detail: r.get(8)?,
            message_key: r.get(9)?,
            advice_key: r.get(10)?,
            facts: facts_from_sql(r.get(12)?)?,
        },
        seen_by_team_at: seen.as_deref().map(parse_utc_text).transpose()?,
    })
}

/// An alert's facts as stored: a JSON array, or NULL when there are none.
pub(super) fn facts_to_sql(facts: &[crate::model::Fact]) -> Option<String> {
    (!facts.is_empty()).then(|| serde_json::to_string(facts).expect("facts always serialize"))
}

/// An alert's facts from the diary; NULL (an alert saved before facts) is none.
pub(super) fn facts_from_sql(text: Option<String>) -> rusqlite::Result<Vec<crate::model::Fact>> {
    match text {
        None => Ok(Vec::new()),
        Some(t) => serde_json::from_str(&t).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(
                0,
                rusqlite::types::Type::Text,
                format!("the facts of an alert cannot be read: {e}").into(),
            )
        }),
    }
}

pub(super) fn bad_value(what: &str, value: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("unknown {what} {value:?} in the diary").into(),
    )
}

/// The columns of an alert that [`alert_at`] reads, in its order.
pub(super) const ALERT_COLUMNS: &str =
    "rule, level, subject, detail, message_key, advice_key, facts";

/// The alert in the seven consecutive columns of [`ALERT_COLUMNS`] from `first` (as
/// `alerts` and `checkin_alerts` store them).
pub(super) fn alert_at(row: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<Alert> {
    let level: String = row.get(first + 1)?;
    Ok(Alert {
        rule: row.get(first)?,
        level: Level::parse(&level).ok_or_else(|| bad_value("level", &level))?,
        subject: row.get(first + 2)?,
        detail: row.get(first + 3)?,
        message_key: row.get(first + 4)?,
        advice_key: row.get(first + 5)?,
        facts: facts_from_sql(row.get(first + 6)?)?,
    })
}

/// Where a record's alerts are kept: their table, the column naming the record, and the
/// outbox kind of one of them.
pub(super) struct AlertsOf {
    pub(super) table: &'static str,
    pub(super) parent: &'static str,
    pub(super) kind: &'static str,
}

/// A report's alerts (`alerts`, migration 0001).
pub(super) const REPORT_ALERTS: AlertsOf = AlertsOf {
    table: "alerts",
    parent: "report_id",
    kind: "alert",
};

/// A lab-only triage's alerts (`lab_alerts`, migration 0014), each pointing at the lab
/// result whose entry raised it.
pub(super) const LAB_ALERTS: AlertsOf = AlertsOf {
    table: "lab_alerts",
    parent: "lab_id",
    kind: "lab_alert",
};

/// Saves the alerts of `triage` for the record at row `parent_row` (business id
/// `parent_uid`), each with its outbox row: red ones first and at once (priority 0).
pub(super) fn insert_alerts(
    tx: &Transaction<'_>,
    of: &AlertsOf,
    parent_row: i64,
    parent_uid: &str,
    triage: &Triage,
    saved_utc: &str,
) -> Result<()> {
    for (i, a) in triage.alerts.iter().enumerate() {
        tx.execute(
            &format!(
                "INSERT INTO {} (uid, {}, position, rule, level, subject, detail, message_key, advice_key, ruleset, facts)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                of.table, of.parent
            ),
            params![
                alert_uid(parent_uid, a),
                parent_row,
                i as i64,
                a.rule,
                a.level.as_str(),
                a.subject,
                a.detail,
                a.message_key,
                a.advice_key,
                triage.ruleset,
                facts_to_sql(&a.facts),
            ],
        )?;
        let alert_id = tx.last_insert_rowid();
        let priority = if a.level == Level::Red { 0 } else { 1 };
        tx.execute(
            "INSERT INTO outbox (kind, ref_id, priority, created_utc) VALUES (?1, ?2, ?3, ?4)",
            params![of.kind, alert_id, priority, saved_utc],
        )?;
    }
    Ok(())
}

/// An alert's stable id, made from its report's and its rule and subject (at most one
/// alert per rule and subject in a report): a diary restored from an export triages its
/// reports again and gets the same alert ids, so sync sends no second Task.
pub(super) fn alert_uid(report_uid: &str, alert: &Alert) -> String {
    let name = format!("{report_uid}/{}/{}", alert.rule, alert.subject);
    format!(
        "alert-{}",
        uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, name.as_bytes())
    )
}

/// A record's stable id from its row's `uid` (`report-<uuid>`, `lab-<uuid>`): the part
/// after the prefix when it is a UUID (rows made before ids were exported have one too).
pub(super) fn record_id(uid: &str, prefix: &str) -> Option<String> {
    uid.strip_prefix(prefix)
        .filter(|id| uuid::Uuid::parse_str(id).is_ok())
        .map(str::to_ascii_lowercase)
}

/// The id a record brings (kept across export and import), or a new one.
pub(super) fn new_or(id: Option<&str>) -> String {
    id.map(str::to_string)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string())
}

pub(super) fn with_offset(utc: &str, offset_s: i32) -> Result<DateTime<FixedOffset>> {
    Ok(with_offset_sql(utc, offset_s)?)
}

pub(super) fn with_offset_sql(utc: &str, offset_s: i32) -> rusqlite::Result<DateTime<FixedOffset>> {
    let t = parse_utc_text(utc)?;
    let off = FixedOffset::east_opt(offset_s)
        .ok_or_else(|| bad_value("offset", &offset_s.to_string()))?;
    Ok(t.with_timezone(&off))
}

/// Refuses the first of `incoming` (the document's `list`) whose id a record of `held`
/// has with other content.
pub(super) fn no_id_clash<T>(
    list: &str,
    incoming: &[T],
    held: &[T],
    id: impl Fn(&T) -> &Option<String>,
    same: impl Fn(&T, &T) -> bool,
) -> Result<()> {
    for (n, record) in incoming.iter().enumerate() {
        let Some(wanted) = id(record) else { continue };
        if let Some(old) = held.iter().find(|h| id(h).as_ref() == Some(wanted)) {
            if !same(old, record) {
                return Err(StoreError::Invalid(FieldError::new(
                    format!("{list}[{n}].id"),
                    format!("\"{wanted}\" already exists in this diary with different content"),
                )));
            }
        }
    }
    Ok(())
}
