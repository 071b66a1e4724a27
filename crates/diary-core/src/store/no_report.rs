//! A-NO-REPORT as a stored alert (migration 0013): the care team should hear when a
//! patient has gone silent, not only see it on the patient's own home screen. The rule
//! itself stays a pure function of the last report's time and `now`
//! ([`crate::rules::no_report_alert`]); this module keeps what it raised, once per silence
//! (keyed by the last report's time, so raising it again on every sync run finds the row
//! already there, and a new report ends the silence), each with its outbox row (kind
//! `no_report`) written in the same transaction, so that sync sends it to the care team.
//! The sync engine asks for it at the start of each run ([`Diary::raise_no_report`]); the
//! app and the CLI read the episodes with [`Diary::no_report_episodes`]. A child of `store`
//! so it can use the one connection.

use super::{
    bad_value, facts_from_sql, facts_to_sql, parse_utc_text, utc_text, with_offset_sql, Diary,
    Result,
};
use crate::model::{Alert, Level};
use crate::rules;
use chrono::{DateTime, FixedOffset, Utc};
use rusqlite::{params, OptionalExtension, TransactionBehavior};

/// One silence the diary raised A-NO-REPORT for: the alert, the last report before it and
/// when it was noticed.
#[derive(Debug, Clone, PartialEq)]
pub struct NoReportEpisode {
    pub id: i64,
    /// The stable business identifier (`alert-<uuid>`, made from the last report's id and
    /// the rule), for sync.
    pub uid: String,
    /// The last report before the silence (the episode's key), in its reporter's offset.
    pub last_report_at: DateTime<FixedOffset>,
    /// When the silence was noticed (the `now` of the sync run that raised it).
    pub raised_at: DateTime<Utc>,
    /// The alert as [`rules::no_report_alert`] raised it.
    pub alert: Alert,
    /// The ruleset that raised it.
    pub ruleset: String,
    /// When the care team acknowledged it, once sync has heard so.
    pub seen_by_team_at: Option<DateTime<Utc>>,
}

impl NoReportEpisode {
    /// Whole days without a report when it was raised (3 for a silence of 72–95 h).
    pub fn days_silent(&self) -> i64 {
        self.raised_at
            .signed_duration_since(self.last_report_at)
            .num_hours()
            / 24
    }
}

const COLUMNS: &str = "id, uid, last_report_utc, last_report_offset_s, raised_utc, level, detail,
     message_key, ruleset, facts, seen_by_team_utc";

fn episode(r: &rusqlite::Row) -> rusqlite::Result<NoReportEpisode> {
    let last: String = r.get(2)?;
    let raised: String = r.get(4)?;
    let level: String = r.get(5)?;
    let seen: Option<String> = r.get(10)?;
    Ok(NoReportEpisode {
        id: r.get(0)?,
        uid: r.get(1)?,
        last_report_at: with_offset_sql(&last, r.get(3)?)?,
        raised_at: parse_utc_text(&raised)?,
        alert: Alert {
            rule: crate::model::RuleId::ANoReport,
            level: Level::parse(&level).ok_or_else(|| bad_value("level", &level))?,
            subject: crate::model::Subject::Reporting,
            detail: r.get(6)?,
            message_key: r.get(7)?,
            advice_key: None,
            facts: facts_from_sql(r.get(9)?)?,
        },
        ruleset: r.get(8)?,
        seen_by_team_at: seen.as_deref().map(parse_utc_text).transpose()?,
    })
}

impl Diary {
    /// Raises A-NO-REPORT as of `now` when [`rules::no_report_alert`] fires for the latest
    /// report and the saved reminder setting (reminders on): stores the episode and its
    /// outbox row in one transaction. Once per silence: `None` when the rule does not fire,
    /// and when this silence (the same last report) was raised before; `Some` with the new
    /// episode otherwise.
    pub fn raise_no_report(&mut self, now: DateTime<Utc>) -> Result<Option<NoReportEpisode>> {
        let reminders_on = self.settings()?.reminders_on;
        // Takes the write lock at once: the latest report read here is the latest when the
        // episode is written (a report saved by another process comes before or after).
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let latest: Option<(String, i32, String)> = tx
            .query_row(
                "SELECT recorded_utc, utc_offset_s, uid FROM reports
                 ORDER BY recorded_utc DESC, id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((last_utc, offset_s, last_uid)) = latest else {
            return Ok(None);
        };
        let last = with_offset_sql(&last_utc, offset_s)?;
        let Some(alert) = rules::no_report_alert(Some(last), now, reminders_on) else {
            return Ok(None);
        };
        // Made from the last report's id, as a report's alerts are: a diary moved to
        // another computer by export and import, silent still, raises the same episode, and
        // the care team's server already holds its Task.
        let uid = super::alert_uid(&last_uid, &alert);
        let inserted = tx.execute(
            "INSERT INTO no_report_alerts (uid, last_report_utc, last_report_offset_s, raised_utc,
                 level, detail, message_key, ruleset, facts)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
             ON CONFLICT (last_report_utc) DO NOTHING",
            params![
                uid,
                last_utc,
                offset_s,
                utc_text(&now),
                alert.level.as_str(),
                alert.detail,
                alert.message_key,
                rules::RULESET_VERSION,
                facts_to_sql(&alert.facts),
            ],
        )?;
        if inserted == 0 {
            return Ok(None);
        }
        let id = tx.last_insert_rowid();
        // As an amber alert of a report: with the schedule, not at once.
        let priority = if alert.level == Level::Red { 0 } else { 1 };
        tx.execute(
            "INSERT INTO outbox (kind, ref_id, priority, created_utc) VALUES ('no_report', ?1, ?2, ?3)",
            params![id, priority, utc_text(&now)],
        )?;
        tx.commit()?;
        self.no_report_episode(id).map(Some)
    }

    /// Every A-NO-REPORT episode raised, the latest silence first.
    pub fn no_report_episodes(&self) -> Result<Vec<NoReportEpisode>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM no_report_alerts ORDER BY last_report_utc DESC, id DESC"
        ))?;
        let rows = stmt.query_map([], episode)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// One episode by its row id (what its outbox row points at).
    pub fn no_report_episode(&self, id: i64) -> Result<NoReportEpisode> {
        Ok(self.conn.query_row(
            &format!("SELECT {COLUMNS} FROM no_report_alerts WHERE id = ?1"),
            [id],
            episode,
        )?)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Kind, MIGRATIONS};
    use super::*;

    /// A diary at schema 12 keeps every outbox row and column (a refused, set-aside row
    /// included) when migration 13 rebuilds the outbox (and 14 after it, which rebuilds it
    /// again for lab-only alerts), and can then raise A-NO-REPORT.
    #[test]
    fn migration_13_keeps_the_outbox() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v12.sqlite");
        {
            let c = rusqlite::Connection::open(&path).unwrap();
            for sql in &MIGRATIONS[..12] {
                c.execute_batch(sql).unwrap();
            }
            c.execute(
                "INSERT INTO outbox (kind, ref_id, priority, created_utc, attempts, last_error,
                                     refusals, set_aside_utc)
                 VALUES ('lab', 7, 1, '2026-11-20T00:00:00.000000000Z', 3, 'refused', 3,
                         '2026-11-21T00:00:00.000000000Z'),
                        ('followup', 8, 0, '2026-11-20T00:00:00.000000000Z', 1, 'offline', 0,
                         NULL)",
                [],
            )
            .unwrap();
            c.pragma_update(None, "user_version", 12).unwrap();
            c.pragma_update(None, "application_id", super::super::APPLICATION_ID)
                .unwrap();
        }
        let mut d = Diary::open(&path).unwrap();
        assert_eq!(d.schema_version().unwrap(), MIGRATIONS.len() as i64);
        assert!(MIGRATIONS.len() >= 14, "13 and 14 both ran");
        assert_eq!(
            d.sync_row_errors().unwrap(),
            [(1, "refused".to_string()), (2, "offline".to_string())]
        );
        assert_eq!(d.sync_set_aside_count().unwrap(), 1);
        let w = d.sync_waiting().unwrap();
        assert_eq!(w.len(), 1);
        assert_eq!(
            (w[0].kind, w[0].ref_id, w[0].attempts, w[0].urgent),
            (Kind::Followup, 8, 1, true)
        );
        let now: DateTime<Utc> = "2026-11-27T12:00:00Z".parse().unwrap();
        let r = crate::model::Report::new(
            DateTime::parse_from_rfc3339("2026-11-23T10:00:00+05:00").unwrap(),
        );
        d.add_report(r, now - chrono::Duration::days(4)).unwrap();
        let ep = d.raise_no_report(now).unwrap().expect("4 days silent");
        assert!(d
            .sync_waiting()
            .unwrap()
            .iter()
            .any(|w| w.kind == Kind::NoReport && w.ref_id == ep.id));
    }
}
