//! The diary's side of care-team sync: the outbox rows waiting to be sent and the types
//! that describe them ([`Waiting`], [`Kind`], [`DirtyWeek`]), marking rows sent or
//! failed, the weeks whose summary must be (re)sent, the sync state and the status the app
//! shows, "seen by your care team", and the rows set aside after the server refused them
//! again and again (shown to the user until they ask to try again). It is a child of
//! `store` so it can use the one
//! connection. What to send, when, and how is the diary-sync crate's business: it reads
//! these rows and writes back what happened; this module never talks to a server. The
//! sync settings and their checks are in the sibling `sync_settings`.

use super::{
    parse_utc_text, utc_text, with_offset_sql, Diary, Result, SavedAlert, SavedReport, StoreError,
};
use crate::model::*;
use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, TimeZone, Utc};
use rusqlite::{params, OptionalExtension};
use std::collections::HashMap;

/// What an outbox row points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Report,
    Alert,
    Lab,
    /// A weekly check-in.
    Checkin,
    /// A check-in's alert.
    CheckinAlert,
    /// An answer to "Did you reach your care team?" (migration 0011).
    Followup,
    /// A-NO-REPORT, raised once per silence (migration 0013).
    NoReport,
    /// A lab-only triage's alert (migration 0014).
    LabAlert,
    /// A message to the care team (migration 0016).
    Message,
    /// A step of the escalation ladder the team is told of (migration 0018).
    Escalation,
}

impl Kind {
    /// The kind as the `outbox.kind` column spells it.
    pub fn parse(s: &str) -> Option<Kind> {
        match s {
            "report" => Some(Kind::Report),
            "alert" => Some(Kind::Alert),
            "lab" => Some(Kind::Lab),
            "checkin" => Some(Kind::Checkin),
            "checkin_alert" => Some(Kind::CheckinAlert),
            "followup" => Some(Kind::Followup),
            "no_report" => Some(Kind::NoReport),
            "lab_alert" => Some(Kind::LabAlert),
            "message" => Some(Kind::Message),
            "escalation" => Some(Kind::Escalation),
            _ => None,
        }
    }
}

/// One waiting outbox row, as the sync planner needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiting {
    pub outbox_id: i64,
    pub kind: Kind,
    /// The report, alert or lab row it points at.
    pub ref_id: i64,
    /// For an alert, the report it belongs to; for a check-in's alert, the check-in; for a
    /// lab-only alert, the lab result whose entry raised it.
    pub report_id: Option<i64>,
    /// Priority 0: a red alert (or a red report); goes first and at once.
    pub urgent: bool,
    /// Failed sends so far.
    pub attempts: u32,
    pub last_attempt: Option<DateTime<Utc>>,
    /// How many of those failures were the server refusing the row's content (a 4xx).
    pub refusals: u32,
}

/// The Monday that starts the (ISO) week of `day`: the week a report's weekly summary
/// counts it in, by the report's own date.
pub fn week_start(day: NaiveDate) -> NaiveDate {
    day - Duration::days(day.weekday().num_days_from_monday() as i64)
}

/// A week with reports that changed since its summary was last sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DirtyWeek {
    /// Its Monday, in the reports' own offset.
    pub start: NaiveDate,
    pub offset_s: i32,
}

impl DirtyWeek {
    /// The instant the week ends: the next Monday, 00:00, in its offset.
    pub fn end(&self) -> DateTime<Utc> {
        let off = FixedOffset::east_opt(self.offset_s).unwrap_or(FixedOffset::east_opt(0).unwrap());
        let monday = (self.start + Duration::days(7))
            .and_hms_opt(0, 0, 0)
            .unwrap();
        off.from_local_datetime(&monday)
            .single()
            .unwrap()
            .with_timezone(&Utc)
    }
}

/// What happened last, for "last sent 10:32, 0 waiting" or the last error in plain words.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct SyncState {
    /// When a run last ended with everything it tried sent.
    pub last_sent_utc: Option<DateTime<Utc>>,
    /// When a run last talked to the server, successfully or not.
    pub last_run_utc: Option<DateTime<Utc>>,
    /// When the schedule last sent the non-urgent rows.
    pub last_scheduled_utc: Option<DateTime<Utc>>,
    /// When held rows become due (for the app's timer).
    pub next_run_utc: Option<DateTime<Utc>>,
    /// The last error's code and plain words, cleared by a run that sends everything.
    pub last_error_code: Option<crate::ErrorCode>,
    pub last_error: Option<String>,
    pub last_error_utc: Option<DateTime<Utc>>,
}

/// The sync status the app and `diary sync` show.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SyncStatus {
    pub enabled: bool,
    pub last_sent_at: Option<DateTime<Utc>>,
    /// Outbox rows and ended weeks not yet on the server.
    pub waiting: usize,
    pub last_error_code: Option<crate::ErrorCode>,
    pub last_error: Option<String>,
    pub last_error_at: Option<DateTime<Utc>>,
    pub next_run_at: Option<DateTime<Utc>>,
    /// Entries set aside after the server refused them again and again (a report with its
    /// alerts counts once); they are not sent until the user asks to try again.
    pub set_aside: usize,
}

impl SyncStatus {
    /// "last sent 10:32, 0 waiting", or "not sent yet, 3 waiting — could not reach …",
    /// times in `offset` (the user's clock).
    pub fn in_words(&self, offset: &FixedOffset) -> String {
        let sent = match self.last_sent_at {
            Some(t) => format!(
                "last sent {}",
                t.with_timezone(offset).format("%Y-%m-%d %H:%M")
            ),
            None => "not sent yet".to_string(),
        };
        let mut s = format!("{sent}, {} waiting", self.waiting);
        if self.set_aside > 0 {
            s.push_str(&format!(", {} set aside", self.set_aside));
        }
        if let Some(e) = &self.last_error {
            s.push_str(&format!(" — last error: {e}"));
        }
        if !self.enabled {
            s.push_str(" (automatic sync is off)");
        }
        s
    }
}

/// One outbox row's payload, loaded for mapping.
#[derive(Debug, Clone)]
pub enum Payload {
    Report(SavedReport),
    /// The alert and the report it belongs to.
    Alert(SavedAlert, SavedReport),
    /// The lab's uid and the result.
    Lab(String, LabResult),
    Checkin(super::SavedCheckin),
    /// A check-in's alert (its uid and the alert) and the check-in it belongs to.
    CheckinAlert(String, Alert, super::SavedCheckin),
    /// An answer to "Did you reach your care team?", with the alerts it is about.
    Followup(crate::followup::FollowUpRecord),
    /// A-NO-REPORT: the silence and its alert (no report to point at).
    NoReport(super::NoReportEpisode),
    /// A lab-only alert, the uid of the lab result it rests on, and that result.
    LabAlert(super::SavedLabAlert, String, LabResult),
    /// A message to the care team, with its photo.
    Message(crate::conversation::SavedMessage),
    /// A step of the escalation ladder, with the alerts it is about.
    Escalation(super::EscalationRecord),
}

const STATE_KEY: &str = "sync_state";
const SERVER_PROFILE_KEY: &str = "sync_server_profile";

impl Diary {
    pub(super) fn json_setting<T: serde::de::DeserializeOwned + Default>(
        &self,
        key: &str,
    ) -> Result<T> {
        let text: Option<String> = self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?;
        match text {
            None => Ok(T::default()),
            Some(t) => serde_json::from_str(&t).map_err(|e| {
                StoreError::Io(format!("the saved {key} settings could not be read: {e}"))
            }),
        }
    }

    pub(super) fn set_json_setting<T: serde::Serialize>(&self, key: &str, value: &T) -> Result<()> {
        let text = serde_json::to_string(value).expect("settings always serialize");
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, text],
        )?;
        Ok(())
    }

    /// What the last runs left behind.
    pub fn sync_state(&self) -> Result<SyncState> {
        self.json_setting(STATE_KEY)
    }

    pub fn set_sync_state(&mut self, s: &SyncState) -> Result<()> {
        self.set_json_setting(STATE_KEY, s)
    }

    /// What the sync learned of the care team's server (diary-sync's server profile: its
    /// CapabilityStatement read, the write strategy chosen), kept with the sync state as
    /// JSON this store does not interpret; `None` before the first sync.
    pub fn sync_server_profile(&self) -> Result<Option<serde_json::Value>> {
        self.json_setting(SERVER_PROFILE_KEY)
    }

    pub fn set_sync_server_profile(&mut self, profile: &serde_json::Value) -> Result<()> {
        self.set_json_setting(SERVER_PROFILE_KEY, profile)
    }

    /// The status line's facts; `now` decides which weeks have ended.
    pub fn sync_status(&self, now: DateTime<Utc>) -> Result<SyncStatus> {
        let state = self.sync_state()?;
        let settings = self.sync_settings()?;
        // A week whose summary waits for a set-aside report waits with it, out of the count.
        let behind_set_aside = self.report_weeks("AND o.set_aside_utc IS NOT NULL")?;
        let ended_weeks = self
            .sync_dirty_weeks()?
            .iter()
            .filter(|w| w.end() <= now && !behind_set_aside.contains(&w.start))
            .count();
        Ok(SyncStatus {
            enabled: settings.enabled,
            last_sent_at: state.last_sent_utc,
            waiting: self.sync_waiting_count()? + ended_weeks,
            last_error_code: state.last_error_code,
            last_error: state.last_error,
            last_error_at: state.last_error_utc,
            next_run_at: state.next_run_utc,
            set_aside: self.sync_set_aside_count()?,
        })
    }

    /// Outbox rows not sent and not set aside.
    fn sync_waiting_count(&self) -> Result<usize> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM outbox WHERE sent_utc IS NULL AND set_aside_utc IS NULL",
            [],
            |r| r.get(0),
        )?;
        Ok(n as usize)
    }

    /// Entries set aside: set-aside rows, an alert counted with its report (or check-in)
    /// when that is set aside too.
    pub fn sync_set_aside_count(&self) -> Result<usize> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM outbox o
             LEFT JOIN alerts a ON o.kind = 'alert' AND a.id = o.ref_id
             LEFT JOIN checkin_alerts ca ON o.kind = 'checkin_alert' AND ca.id = o.ref_id
             LEFT JOIN lab_alerts la ON o.kind = 'lab_alert' AND la.id = o.ref_id
             WHERE o.sent_utc IS NULL AND o.set_aside_utc IS NOT NULL
               AND NOT EXISTS (
                 SELECT 1 FROM outbox p
                 WHERE p.sent_utc IS NULL AND p.set_aside_utc IS NOT NULL
                   AND ((o.kind = 'alert' AND p.kind = 'report' AND p.ref_id = a.report_id)
                     OR (o.kind = 'checkin_alert' AND p.kind = 'checkin' AND p.ref_id = ca.checkin_id)
                     OR (o.kind = 'lab_alert' AND p.kind = 'lab' AND p.ref_id = la.lab_id)))",
            [],
            |r| r.get(0),
        )?;
        Ok(n as usize)
    }

    /// Sets outbox rows aside at `now`: they are no longer waiting, and stay unsent until
    /// [`Diary::sync_retry_set_aside`].
    pub fn sync_set_aside(&mut self, outbox_ids: &[i64], now: DateTime<Utc>) -> Result<()> {
        let tx = self.conn.transaction()?;
        for &oid in outbox_ids {
            tx.execute(
                "UPDATE outbox SET set_aside_utc = ?2 WHERE id = ?1 AND sent_utc IS NULL",
                params![oid, utc_text(&now)],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// "Try again": every set-aside row waits again, as if never tried (no refusals, no
    /// retry delay). Returns how many rows.
    pub fn sync_retry_set_aside(&mut self) -> Result<usize> {
        Ok(self.conn.execute(
            "UPDATE outbox SET set_aside_utc = NULL, refusals = 0, attempts = 0,
                 last_attempt_utc = NULL
             WHERE set_aside_utc IS NOT NULL AND sent_utc IS NULL",
            [],
        )?)
    }

    /// Every waiting outbox row, as the planner sees it.
    pub fn sync_waiting(&self) -> Result<Vec<Waiting>> {
        let mut stmt = self.conn.prepare(
            "SELECT o.id, o.kind, o.ref_id, coalesce(a.report_id, ca.checkin_id, la.lab_id), o.priority,
                    o.attempts, o.last_attempt_utc, o.refusals
             FROM outbox o LEFT JOIN alerts a ON o.kind = 'alert' AND a.id = o.ref_id
             LEFT JOIN checkin_alerts ca ON o.kind = 'checkin_alert' AND ca.id = o.ref_id
             LEFT JOIN lab_alerts la ON o.kind = 'lab_alert' AND la.id = o.ref_id
             WHERE o.sent_utc IS NULL AND o.set_aside_utc IS NULL ORDER BY o.id",
        )?;
        let rows = stmt.query_map([], |r| {
            let kind: String = r.get(1)?;
            let last: Option<String> = r.get(6)?;
            Ok(Waiting {
                outbox_id: r.get(0)?,
                kind: Kind::parse(&kind).ok_or_else(|| super::bad_value("outbox kind", &kind))?,
                ref_id: r.get(2)?,
                report_id: r.get(3)?,
                urgent: r.get::<_, i64>(4)? == 0,
                attempts: r.get::<_, i64>(5)?.max(0) as u32,
                last_attempt: last.as_deref().map(parse_utc_text).transpose()?,
                refusals: r.get::<_, i64>(7)?.max(0) as u32,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Loads what the outbox rows point at, in the order given.
    pub fn sync_payloads(&self, outbox_ids: &[i64]) -> Result<Vec<(i64, Payload)>> {
        let mut out = Vec::with_capacity(outbox_ids.len());
        for &oid in outbox_ids {
            let (kind, ref_id): (String, i64) = self.conn.query_row(
                "SELECT kind, ref_id FROM outbox WHERE id = ?1",
                [oid],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let payload = match kind.as_str() {
                "report" => Payload::Report(self.sync_report(ref_id)?),
                "alert" => {
                    let alert = self.sync_alert(ref_id)?;
                    let report = self.sync_report(alert.report_id)?;
                    Payload::Alert(alert, report)
                }
                "checkin" => Payload::Checkin(self.sync_checkin(ref_id)?),
                "checkin_alert" => {
                    let (uid, checkin_id, alert) = self.checkin_alert(ref_id)?;
                    Payload::CheckinAlert(uid, alert, self.sync_checkin(checkin_id)?)
                }
                "followup" => Payload::Followup(self.followup_record(ref_id)?),
                "no_report" => Payload::NoReport(self.no_report_episode(ref_id)?),
                "message" => Payload::Message(self.message(ref_id)?),
                "escalation" => Payload::Escalation(self.escalation_record(ref_id)?),
                "lab_alert" => {
                    let alert = self.lab_alert(ref_id)?;
                    let (uid, lab) = self.sync_lab(alert.lab_id)?;
                    Payload::LabAlert(alert, uid, lab)
                }
                _ => {
                    let (uid, lab) = self.sync_lab(ref_id)?;
                    Payload::Lab(uid, lab)
                }
            };
            out.push((oid, payload));
        }
        Ok(out)
    }

    fn sync_report(&self, id: i64) -> Result<SavedReport> {
        self.report(id)?
            .ok_or_else(|| StoreError::Io(format!("report {id} named by the outbox is missing")))
    }

    fn sync_checkin(&self, id: i64) -> Result<super::SavedCheckin> {
        self.checkin(id)?
            .ok_or_else(|| StoreError::Io(format!("check-in {id} named by the outbox is missing")))
    }

    fn sync_alert(&self, id: i64) -> Result<SavedAlert> {
        Ok(self.conn.query_row(
            &format!(
                "SELECT {} FROM alerts a JOIN reports r ON r.id = a.report_id WHERE a.id = ?1",
                super::SAVED_ALERT_COLUMNS
            ),
            [id],
            super::saved_alert,
        )?)
    }

    fn sync_lab(&self, id: i64) -> Result<(String, LabResult)> {
        Ok(self.conn.query_row(
            "SELECT uid, taken_on, test, value, unit, ref_low, ref_high, baseline FROM labs WHERE id = ?1",
            [id],
            |r| {
                let day: String = r.get(1)?;
                let test: String = r.get(2)?;
                let unit: String = r.get(4)?;
                Ok((
                    r.get(0)?,
                    LabResult {
                        id: None,
                        taken_on: crate::json::parse_date(&day)
                            .ok_or_else(|| super::bad_value("date", &day))?,
                        test: LabTest::parse(&test).ok_or_else(|| super::bad_value("lab test", &test))?,
                        value: r.get(3)?,
                        unit: LabUnit::parse(&unit).ok_or_else(|| super::bad_value("unit", &unit))?,
                        ref_low: r.get(5)?,
                        ref_high: r.get(6)?,
                        baseline: r.get(7)?,
                    },
                ))
            },
        )?)
    }

    /// Marks outbox rows sent at `now`, in one transaction; the weeks of the reports among
    /// them become due for a new summary.
    pub fn sync_mark_sent(&mut self, outbox_ids: &[i64], now: DateTime<Utc>) -> Result<()> {
        let tx = self.conn.transaction()?;
        for &oid in outbox_ids {
            tx.execute(
                "UPDATE outbox SET sent_utc = ?2, last_attempt_utc = ?2, last_error = NULL
                 WHERE id = ?1 AND sent_utc IS NULL",
                params![oid, utc_text(&now)],
            )?;
            let report: Option<(String, i32)> = tx
                .query_row(
                    "SELECT r.recorded_utc, r.utc_offset_s FROM outbox o JOIN reports r ON r.id = o.ref_id
                     WHERE o.id = ?1 AND o.kind = 'report'",
                    [oid],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            if let Some((t, off)) = report {
                let local = with_offset_sql(&t, off)?;
                let start = week_start(local.date_naive());
                tx.execute(
                    "INSERT INTO sync_weeks (week_start, offset_s, dirty) VALUES (?1, ?2, 1)
                     ON CONFLICT (week_start) DO UPDATE SET dirty = 1, offset_s = excluded.offset_s",
                    params![start.format("%Y-%m-%d").to_string(), off],
                )?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Records a failed try of outbox rows: one more attempt, the error in plain words.
    pub fn sync_record_failure(
        &mut self,
        outbox_ids: &[i64],
        message: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.record_try(outbox_ids, message, now, false)
    }

    /// Records that the server refused the rows' content (a 4xx answer to them alone): one
    /// more attempt and one more refusal, the server's words.
    pub fn sync_record_refusal(
        &mut self,
        outbox_ids: &[i64],
        message: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.record_try(outbox_ids, message, now, true)
    }

    fn record_try(
        &mut self,
        outbox_ids: &[i64],
        message: &str,
        now: DateTime<Utc>,
        refused: bool,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        for &oid in outbox_ids {
            tx.execute(
                "UPDATE outbox SET attempts = attempts + 1, refusals = refusals + ?4,
                     last_error = ?2, last_attempt_utc = ?3
                 WHERE id = ?1 AND sent_utc IS NULL",
                params![oid, message, utc_text(&now), refused as i64],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The last error recorded on each waiting row that has one, by outbox id.
    pub fn sync_row_errors(&self) -> Result<Vec<(i64, String)>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, last_error FROM outbox WHERE sent_utc IS NULL AND last_error IS NOT NULL ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Weeks whose summary must be (re)sent once they end.
    pub fn sync_dirty_weeks(&self) -> Result<Vec<DirtyWeek>> {
        let mut stmt = self.conn.prepare(
            "SELECT week_start, offset_s FROM sync_weeks WHERE dirty = 1 ORDER BY week_start",
        )?;
        let rows = stmt.query_map([], |r| {
            let d: String = r.get(0)?;
            Ok(DirtyWeek {
                start: crate::json::parse_date(&d).ok_or_else(|| super::bad_value("date", &d))?,
                offset_s: r.get(1)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The weeks (Mondays, in each report's offset) of reports still waiting, or set aside:
    /// a week's summary points at its reports' Observations, so it waits for them.
    pub fn sync_weeks_waiting(&self) -> Result<Vec<NaiveDate>> {
        self.report_weeks("")
    }

    /// The weeks of unsent reports' outbox rows, narrowed by `and` (an SQL condition on `o`).
    fn report_weeks(&self, and: &str) -> Result<Vec<NaiveDate>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT r.recorded_utc, r.utc_offset_s FROM outbox o JOIN reports r ON r.id = o.ref_id
             WHERE o.kind = 'report' AND o.sent_utc IS NULL {and}"
        ))?;
        let rows = stmt.query_map([], |r| {
            let t: String = r.get(0)?;
            with_offset_sql(&t, r.get(1)?)
        })?;
        let mut out: Vec<NaiveDate> = rows
            .map(|t| t.map(|t| week_start(t.date_naive())))
            .collect::<rusqlite::Result<Vec<_>>>()?;
        out.sort();
        out.dedup();
        Ok(out)
    }

    /// The reports whose own date falls in `week`, oldest first.
    pub fn sync_week_reports(&self, week: &DirtyWeek) -> Result<Vec<SavedReport>> {
        // Every offset is within ±14 h, so a day either side holds the week's reports.
        let from = week.start - Duration::days(1);
        let to = week.start + Duration::days(8);
        let reports = self.load_reports(
            "recorded_utc >= ?1 AND recorded_utc < ?2 ORDER BY recorded_utc, id",
            params![
                from.format("%Y-%m-%d").to_string(),
                to.format("%Y-%m-%d").to_string()
            ],
        )?;
        Ok(reports
            .into_iter()
            .filter(|s| week_start(s.report.recorded_at.date_naive()) == week.start)
            .collect())
    }

    /// Marks a week's summary sent (until a report of that week is sent again).
    pub fn sync_mark_week_sent(&mut self, start: NaiveDate, now: DateTime<Utc>) -> Result<()> {
        self.conn.execute(
            "UPDATE sync_weeks SET dirty = 0, sent_utc = ?2 WHERE week_start = ?1",
            params![start.format("%Y-%m-%d").to_string(), utc_text(&now)],
        )?;
        Ok(())
    }

    /// Records that the care team acknowledged the alert `uid` at `at`; `false` when no
    /// such alert is in this diary or it was already recorded.
    pub fn record_seen_by_team(&mut self, uid: &str, at: DateTime<Utc>) -> Result<bool> {
        let mut n = 0;
        for table in ["alerts", "checkin_alerts", "no_report_alerts", "lab_alerts"] {
            n += self.conn.execute(
                &format!(
                    "UPDATE {table} SET seen_by_team_utc = ?2 WHERE uid = ?1 AND seen_by_team_utc IS NULL"
                ),
                params![uid, utc_text(&at)],
            )?;
        }
        Ok(n > 0)
    }

    /// The uids of alerts that were sent and are not yet known to be seen.
    pub fn sync_unseen_alert_uids(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare(
            "SELECT a.uid, 0 AS source, a.id AS row_id FROM alerts a JOIN outbox o ON o.kind = 'alert' AND o.ref_id = a.id
             WHERE o.sent_utc IS NOT NULL AND a.seen_by_team_utc IS NULL
             UNION ALL
             SELECT a.uid, 1, a.id FROM checkin_alerts a
             JOIN outbox o ON o.kind = 'checkin_alert' AND o.ref_id = a.id
             WHERE o.sent_utc IS NOT NULL AND a.seen_by_team_utc IS NULL
             UNION ALL
             SELECT a.uid, 2, a.id FROM no_report_alerts a
             JOIN outbox o ON o.kind = 'no_report' AND o.ref_id = a.id
             WHERE o.sent_utc IS NOT NULL AND a.seen_by_team_utc IS NULL
             UNION ALL
             SELECT a.uid, 3, a.id FROM lab_alerts a
             JOIN outbox o ON o.kind = 'lab_alert' AND o.ref_id = a.id
             WHERE o.sent_utc IS NOT NULL AND a.seen_by_team_utc IS NULL
             ORDER BY source, row_id",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// For each report with an alert the care team acknowledged: the latest such time.
    pub fn seen_by_team(&self) -> Result<HashMap<i64, DateTime<Utc>>> {
        let mut stmt = self.conn.prepare(
            "SELECT report_id, max(seen_by_team_utc) FROM alerts
             WHERE seen_by_team_utc IS NOT NULL GROUP BY report_id",
        )?;
        let rows = stmt.query_map([], |r| {
            let t: String = r.get(1)?;
            Ok((r.get(0)?, parse_utc_text(&t)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<HashMap<_, _>>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn now() -> DateTime<Utc> {
        at("2026-11-27T12:00:00Z").with_timezone(&Utc)
    }

    fn red(t: &str) -> Report {
        let mut r = Report::new(at(t));
        r.temperature_c = Some(39.0);
        r.signs = vec![Sign::Shivering];
        r
    }

    #[test]
    fn the_outbox_is_written_with_the_report_red_rows_urgent() {
        let mut d = Diary::open_in_memory().unwrap();
        let plain = d
            .add_report(Report::new(at("2026-11-20T08:00:00+05:00")), now())
            .unwrap();
        let hot = d
            .add_report(red("2026-11-21T08:00:00+05:00"), now())
            .unwrap();
        assert_eq!(hot.triage.level, Level::Red);
        let waiting = d.sync_waiting().unwrap();
        assert_eq!(waiting.len(), 2 + hot.triage.alerts.len());
        assert_eq!(
            (waiting[0].kind, waiting[0].ref_id, waiting[0].urgent),
            (Kind::Report, plain.id, false)
        );
        assert_eq!(
            (waiting[1].kind, waiting[1].ref_id, waiting[1].urgent),
            (Kind::Report, hot.id, true)
        );
        let alerts: Vec<&Waiting> = waiting.iter().filter(|w| w.kind == Kind::Alert).collect();
        assert_eq!(alerts.len(), hot.triage.alerts.len());
        assert!(alerts.iter().all(|w| w.report_id == Some(hot.id)));
        assert!(waiting
            .iter()
            .all(|w| w.attempts == 0 && w.last_attempt.is_none()));
        let ids: Vec<i64> = waiting[1..].iter().map(|w| w.outbox_id).collect();
        let payloads = d.sync_payloads(&ids).unwrap();
        assert!(matches!(&payloads[0].1, Payload::Report(s) if s.id == hot.id));
        assert!(payloads[1..]
            .iter()
            .all(|(_, p)| matches!(p, Payload::Alert(_, s) if s.id == hot.id)));
    }

    #[test]
    fn weeks_start_on_monday_and_end_at_the_next_monday_in_their_offset() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        for (day, monday) in [
            ("2026-11-16", "2026-11-16"),
            ("2026-11-22", "2026-11-16"),
            ("2026-11-23", "2026-11-23"),
            ("2027-01-01", "2026-12-28"),
        ] {
            assert_eq!(week_start(d(day)), d(monday), "{day}");
        }
        let week = DirtyWeek {
            start: d("2026-11-16"),
            offset_s: 5 * 3600,
        };
        assert_eq!(week.end(), at("2026-11-22T19:00:00Z").with_timezone(&Utc));
    }

    #[test]
    fn sent_rows_leave_the_outbox_and_their_weeks_await_a_summary() {
        let mut d = Diary::open_in_memory().unwrap();
        d.add_report(Report::new(at("2026-11-22T23:30:00-03:00")), now())
            .unwrap();
        let ids: Vec<i64> = d
            .sync_waiting()
            .unwrap()
            .iter()
            .map(|w| w.outbox_id)
            .collect();
        d.sync_record_failure(&ids, "could not reach the server", now())
            .unwrap();
        let w = &d.sync_waiting().unwrap()[0];
        assert_eq!((w.attempts, w.last_attempt), (1, Some(now())));
        assert_eq!(
            d.sync_row_errors().unwrap()[0].1,
            "could not reach the server"
        );
        assert_eq!(
            d.sync_weeks_waiting().unwrap(),
            vec![NaiveDate::from_ymd_opt(2026, 11, 16).unwrap()]
        );
        d.sync_mark_sent(&ids, now()).unwrap();
        assert_eq!(d.outbox_waiting().unwrap(), 0);
        // Sunday 22 Nov in -03:00 is in the week of Monday 16 Nov, though UTC says Monday.
        let weeks = d.sync_dirty_weeks().unwrap();
        assert_eq!(
            weeks,
            vec![DirtyWeek {
                start: NaiveDate::from_ymd_opt(2026, 11, 16).unwrap(),
                offset_s: -3 * 3600
            }]
        );
        assert_eq!(d.sync_week_reports(&weeks[0]).unwrap().len(), 1);
        assert_eq!(
            d.sync_status(now()).unwrap().waiting,
            1,
            "the ended week's summary"
        );
        d.sync_mark_week_sent(weeks[0].start, now()).unwrap();
        assert_eq!(d.sync_status(now()).unwrap().waiting, 0);
    }

    #[test]
    fn seen_by_the_care_team_is_recorded_once_and_shown_by_report() {
        let mut d = Diary::open_in_memory().unwrap();
        let hot = d
            .add_report(red("2026-11-21T08:00:00+05:00"), now())
            .unwrap();
        let ids: Vec<i64> = d
            .sync_waiting()
            .unwrap()
            .iter()
            .map(|w| w.outbox_id)
            .collect();
        d.sync_mark_sent(&ids, now()).unwrap();
        let uids = d.sync_unseen_alert_uids().unwrap();
        assert_eq!(uids.len(), hot.triage.alerts.len());
        let seen_at = now() + Duration::hours(2);
        assert!(d.record_seen_by_team(&uids[0], seen_at).unwrap());
        assert!(!d.record_seen_by_team(&uids[0], seen_at).unwrap());
        assert!(!d.record_seen_by_team("alert-unknown", seen_at).unwrap());
        assert_eq!(d.seen_by_team().unwrap().get(&hot.id), Some(&seen_at));
        let history = d.alert_history(10).unwrap();
        assert!(history.iter().any(|a| a.seen_by_team_at == Some(seen_at)));
    }

    #[test]
    fn refused_rows_are_counted_set_aside_shown_once_per_entry_and_tried_again_on_request() {
        let mut d = Diary::open_in_memory().unwrap();
        d.add_report(Report::new(at("2026-11-20T08:00:00+05:00")), now())
            .unwrap();
        let hot = d
            .add_report(red("2026-11-21T08:00:00+05:00"), now())
            .unwrap();
        let all: Vec<i64> = d
            .sync_waiting()
            .unwrap()
            .iter()
            .map(|w| w.outbox_id)
            .collect();
        let (plain, red_unit) = (all[0], all[1..].to_vec());
        // A network failure is an attempt, not a refusal; a refusal is both.
        d.sync_record_failure(&red_unit, "could not reach the server", now())
            .unwrap();
        d.sync_record_refusal(&red_unit, "the server refused it", now())
            .unwrap();
        let w = d.sync_waiting().unwrap();
        let hot_row = w.iter().find(|w| w.outbox_id == red_unit[0]).unwrap();
        assert_eq!((hot_row.attempts, hot_row.refusals), (2, 1));
        assert_eq!(w[0].refusals, 0);

        d.sync_set_aside(&red_unit, now()).unwrap();
        let w = d.sync_waiting().unwrap();
        assert_eq!(
            w.iter().map(|w| w.outbox_id).collect::<Vec<_>>(),
            vec![plain]
        );
        let s = d.sync_status(now()).unwrap();
        // The red report and its alerts are one entry.
        assert_eq!((s.waiting, s.set_aside), (1, 1));
        assert!(hot.triage.alerts.len() > 1);
        assert_eq!(d.outbox_waiting().unwrap(), 1 + red_unit.len());
        let tashkent = FixedOffset::east_opt(5 * 3600).unwrap();
        assert_eq!(
            s.in_words(&tashkent),
            "not sent yet, 1 waiting, 1 set aside (automatic sync is off)"
        );
        // A report set aside on its own is an entry of its own.
        d.sync_set_aside(&[plain], now()).unwrap();
        assert_eq!(d.sync_set_aside_count().unwrap(), 2);

        // Try again: every set-aside row waits again, with no retry delay.
        assert_eq!(d.sync_retry_set_aside().unwrap(), 1 + red_unit.len());
        let w = d.sync_waiting().unwrap();
        assert_eq!(w.len(), all.len());
        assert!(w
            .iter()
            .all(|w| w.attempts == 0 && w.refusals == 0 && w.last_attempt.is_none()));
        assert_eq!(d.sync_status(now()).unwrap().set_aside, 0);
        assert_eq!(d.sync_retry_set_aside().unwrap(), 0);
    }

    #[test]
    fn the_status_reads_plainly() {
        let mut d = Diary::open_in_memory().unwrap();
        d.set_sync_state(&SyncState {
            last_sent_utc: Some(at("2026-11-27T05:32:00Z").with_timezone(&Utc)),
            ..SyncState::default()
        })
        .unwrap();
        let s = d.sync_status(now()).unwrap();
        let tashkent = FixedOffset::east_opt(5 * 3600).unwrap();
        assert_eq!(
            s.in_words(&tashkent),
            "last sent 2026-11-27 10:32, 0 waiting (automatic sync is off)"
        );
    }
}
