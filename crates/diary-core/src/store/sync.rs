//! The diary's side of care-team sync: the sync settings (never the token), the outbox
//! rows waiting to be sent, marking them sent or failed, the weeks whose summary must be
//! (re)sent, the sync status the app shows, and "seen by your care team". It is a child of
//! `store` so it can use the one connection; `crate::fhir` decides what to send and talks
//! to the server.

use super::{
    parse_utc_text, utc_text, with_offset_sql, Diary, Result, SavedAlert, SavedReport, StoreError,
};
use crate::fhir::plan::{DirtyWeek, Kind, Waiting};
use crate::model::*;
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};
use rusqlite::{params, OptionalExtension};
use std::collections::HashMap;

/// What the patient chose about sync. The bearer token is not here: it lives outside the
/// diary file (see `crate::fhir::token`).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct SyncSettings {
    /// Off until the patient turns it on: nothing leaves the computer before.
    pub enabled: bool,
    /// The care team's FHIR R4 base URL (https, or http on loopback).
    pub server_url: Option<String>,
    /// The patient's identifier at the care team: `system|value`, or a bare value.
    pub patient: Option<String>,
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
    pub last_error_code: Option<String>,
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
    pub last_error_code: Option<String>,
    pub last_error: Option<String>,
    pub last_error_at: Option<DateTime<Utc>>,
    pub next_run_at: Option<DateTime<Utc>>,
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
}

const STATE_KEY: &str = "sync_state";
const SETTINGS_KEY: &str = "sync";

impl Diary {
    fn json_setting<T: serde::de::DeserializeOwned + Default>(&self, key: &str) -> Result<T> {
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

    fn set_json_setting<T: serde::Serialize>(&self, key: &str, value: &T) -> Result<()> {
        let text = serde_json::to_string(value).expect("settings always serialize");
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, text],
        )?;
        Ok(())
    }

    /// The sync settings (off, empty, until saved).
    pub fn sync_settings(&self) -> Result<SyncSettings> {
        self.json_setting(SETTINGS_KEY)
    }

    /// Saves the sync settings after checking them: the URL (https, or http on loopback)
    /// and the patient identifier; turning sync on needs both.
    pub fn set_sync_settings(&mut self, s: &SyncSettings) -> Result<()> {
        if let Some(url) = &s.server_url {
            crate::fhir::validate_base_url(url, "sync.server_url")?;
        }
        if let Some(p) = &s.patient {
            crate::fhir::mapping::PatientIdentifier::parse(p, "sync.patient")?;
        }
        if s.enabled {
            if s.server_url.is_none() {
                return Err(crate::FieldError::new(
                    "sync.server_url",
                    "turning sync on needs the care team's server address",
                )
                .into());
            }
            if s.patient.is_none() {
                return Err(crate::FieldError::new(
                    "sync.patient",
                    "turning sync on needs your identifier at the care team",
                )
                .into());
            }
        }
        self.set_json_setting(SETTINGS_KEY, s)
    }

    /// What the last runs left behind.
    pub fn sync_state(&self) -> Result<SyncState> {
        self.json_setting(STATE_KEY)
    }

    pub fn set_sync_state(&mut self, s: &SyncState) -> Result<()> {
        self.set_json_setting(STATE_KEY, s)
    }

    /// The status line's facts; `now` decides which weeks have ended.
    pub fn sync_status(&self, now: DateTime<Utc>) -> Result<SyncStatus> {
        let state = self.sync_state()?;
        let settings = self.sync_settings()?;
        let ended_weeks = self
            .sync_dirty_weeks()?
            .iter()
            .filter(|w| w.end() <= now)
            .count();
        Ok(SyncStatus {
            enabled: settings.enabled,
            last_sent_at: state.last_sent_utc,
            waiting: self.outbox_waiting()? + ended_weeks,
            last_error_code: state.last_error_code,
            last_error: state.last_error,
            last_error_at: state.last_error_utc,
            next_run_at: state.next_run_utc,
        })
    }

    /// Every waiting outbox row, as the planner sees it.
    pub fn sync_waiting(&self) -> Result<Vec<Waiting>> {
        let mut stmt = self.conn.prepare(
            "SELECT o.id, o.kind, o.ref_id, a.report_id, o.priority, o.attempts, o.last_attempt_utc
             FROM outbox o LEFT JOIN alerts a ON o.kind = 'alert' AND a.id = o.ref_id
             WHERE o.sent_utc IS NULL ORDER BY o.id",
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

    fn sync_alert(&self, id: i64) -> Result<SavedAlert> {
        Ok(self.conn.query_row(
            "SELECT a.id, a.uid, a.report_id, r.recorded_utc, r.utc_offset_s, a.rule, a.level, a.subject,
                    a.detail, a.message_key, a.advice_key, a.seen_by_team_utc
             FROM alerts a JOIN reports r ON r.id = a.report_id WHERE a.id = ?1",
            [id],
            |r| {
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
                        level: Level::parse(&level).ok_or_else(|| super::bad_value("level", &level))?,
                        subject: r.get(7)?,
                        detail: r.get(8)?,
                        message_key: r.get(9)?,
                        advice_key: r.get(10)?,
                    },
                    seen_by_team_at: seen.as_deref().map(parse_utc_text).transpose()?,
                })
            },
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
                let start = crate::fhir::mapping::week_start(local.date_naive());
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
        let tx = self.conn.transaction()?;
        for &oid in outbox_ids {
            tx.execute(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ?2, last_attempt_utc = ?3
                 WHERE id = ?1 AND sent_utc IS NULL",
                params![oid, message, utc_text(&now)],
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

    /// The weeks (Mondays, in each report's offset) of reports still waiting.
    pub fn sync_weeks_waiting(&self) -> Result<Vec<NaiveDate>> {
        let mut stmt = self.conn.prepare(
            "SELECT r.recorded_utc, r.utc_offset_s FROM outbox o JOIN reports r ON r.id = o.ref_id
             WHERE o.kind = 'report' AND o.sent_utc IS NULL",
        )?;
        let rows = stmt.query_map([], |r| {
            let t: String = r.get(0)?;
            with_offset_sql(&t, r.get(1)?)
        })?;
        let mut out: Vec<NaiveDate> = rows
            .map(|t| t.map(|t| crate::fhir::mapping::week_start(t.date_naive())))
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
            .filter(|s| {
                crate::fhir::mapping::week_start(s.report.recorded_at.date_naive()) == week.start
            })
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
        let n = self.conn.execute(
            "UPDATE alerts SET seen_by_team_utc = ?2 WHERE uid = ?1 AND seen_by_team_utc IS NULL",
            params![uid, utc_text(&at)],
        )?;
        Ok(n > 0)
    }

    /// The uids of alerts that were sent and are not yet known to be seen.
    pub fn sync_unseen_alert_uids(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare(
            "SELECT a.uid FROM alerts a JOIN outbox o ON o.kind = 'alert' AND o.ref_id = a.id
             WHERE o.sent_utc IS NOT NULL AND a.seen_by_team_utc IS NULL ORDER BY a.id",
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
    use crate::fhir::plan::{self, Policy, Trigger};

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
    fn the_outbox_is_written_with_the_report_and_planned_red_first() {
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
        assert!(waiting
            .iter()
            .filter(|w| w.kind == Kind::Alert)
            .all(|w| w.report_id == Some(hot.id)));
        // The schedule ran a minute ago: only the red report and its alerts go now.
        let p = plan::plan(
            &waiting,
            Trigger::Scheduled,
            Some(now() - Duration::minutes(1)),
            &Policy::default(),
            now(),
        );
        assert_eq!(p.batches.len(), 1);
        assert!(p.batches[0].urgent);
        assert_eq!(p.held, 1);
        let payloads = d.sync_payloads(&p.batches[0].units[0].outbox_ids).unwrap();
        assert!(matches!(&payloads[0].1, Payload::Report(s) if s.id == hot.id));
        assert!(payloads[1..]
            .iter()
            .all(|(_, p)| matches!(p, Payload::Alert(_, s) if s.id == hot.id)));
        let _ = plain;
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
    fn sync_settings_are_checked_naming_the_field_and_the_status_reads_plainly() {
        let mut d = Diary::open_in_memory().unwrap();
        assert_eq!(d.sync_settings().unwrap(), SyncSettings::default());
        let bad = SyncSettings {
            enabled: true,
            server_url: Some("http://fhir.example.org".into()),
            patient: Some("MRN-1".into()),
        };
        let e = d.set_sync_settings(&bad).unwrap_err();
        assert!(e.to_string().starts_with("sync.server_url: "), "{e}");
        let e = d
            .set_sync_settings(&SyncSettings {
                enabled: true,
                server_url: Some("https://fhir.example.org".into()),
                patient: None,
            })
            .unwrap_err();
        assert!(e.to_string().starts_with("sync.patient: "), "{e}");
        let good = SyncSettings {
            enabled: true,
            server_url: Some("https://fhir.example.org/r4".into()),
            patient: Some("MRN-1".into()),
        };
        d.set_sync_settings(&good).unwrap();
        assert_eq!(d.sync_settings().unwrap(), good);
        d.set_sync_state(&SyncState {
            last_sent_utc: Some(at("2026-11-27T05:32:00Z").with_timezone(&Utc)),
            ..SyncState::default()
        })
        .unwrap();
        let s = d.sync_status(now()).unwrap();
        assert_eq!(
            s.in_words(&FixedOffset::east_opt(5 * 3600).unwrap()),
            "last sent 2026-11-27 10:32, 0 waiting"
        );
    }
}
