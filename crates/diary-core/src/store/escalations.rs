//! The care team's side of the escalation ladder (migration 0018): a step that concerns
//! the team — E-2 `team_not_opened` (the red Task still unseen at 30 minutes: "patient has
//! not reached the line"), E-3 `upgrade_to_red` (unsettled after 24 hours, now red) and E-5
//! `silence_alert` (no report and no answer for a day since the alert) — kept once per
//! record and step, with its outbox row (kind `escalation`, urgent), so that sync tells the
//! team. The sync engine raises them at the start of each run, as it does A-NO-REPORT
//! ([`Diary::raise_escalations`]). A child of `store` so it can use the one connection.

use super::{parse_utc_text, utc_text, Diary, Result, StoreError};
use crate::followup::Record;
use crate::ladder::EscalationStep;
use crate::model::Level;
use chrono::{DateTime, FixedOffset, Utc};
use rusqlite::params;

/// An escalation as sync sends it: its uid, the step, when it fired, and the record and
/// alerts it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EscalationRecord {
    /// `escalation-<uuid>`.
    pub uid: String,
    pub step: EscalationStep,
    pub fired_at: DateTime<Utc>,
    /// The record's uid and level.
    pub record_uid: String,
    pub level: Level,
    /// The uids of the record's alerts, the Tasks it is about.
    pub alert_uids: Vec<String>,
}

impl Diary {
    /// Keeps, as of `now`, every step of an open ladder that concerns the team and has
    /// fired, once per record and step, with its outbox row; returns how many are new. A
    /// sync run calls it: the ladder is read with sync on, as the run is sending.
    pub fn raise_escalations(&mut self, now: DateTime<FixedOffset>) -> Result<usize> {
        let utc = now.with_timezone(&Utc);
        let mut fired = Vec::new();
        for open in self.ladders_synced(now, true)? {
            for step in &open.due.fired {
                if let Some(kind) = EscalationStep::of(step.event) {
                    fired.push((open.record, kind, step.at));
                }
            }
        }
        let tx = self.conn.transaction()?;
        let mut new = 0;
        for (record, step, at) in fired {
            let uid = format!("escalation-{}", uuid::Uuid::new_v4());
            let inserted = tx.execute(
                "INSERT INTO escalations (uid, record_kind, record_id, step, fired_utc, raised_utc)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (record_kind, record_id, step) DO NOTHING",
                params![
                    uid,
                    record.kind(),
                    record.id(),
                    step.as_str(),
                    utc_text(&at),
                    utc_text(&utc)
                ],
            )?;
            if inserted == 1 {
                tx.execute(
                    "INSERT INTO outbox (kind, ref_id, priority, created_utc)
                     VALUES ('escalation', ?1, 0, ?2)",
                    params![tx.last_insert_rowid(), utc_text(&utc)],
                )?;
                new += 1;
            }
        }
        tx.commit()?;
        Ok(new)
    }

    /// The escalation `id` as sync sends it.
    pub fn escalation_record(&self, id: i64) -> Result<EscalationRecord> {
        let (uid, kind, record_id, step, fired): (String, String, i64, String, String) =
            self.conn.query_row(
                "SELECT uid, record_kind, record_id, step, fired_utc FROM escalations WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )?;
        let record = Record::parse(&kind, record_id)
            .ok_or_else(|| StoreError::Io(format!("escalation {id} is about a {kind}")))?;
        let step = EscalationStep::parse(&step)
            .ok_or_else(|| StoreError::Io(format!("escalation {id} has the step {step}")))?;
        let found = self.record_alerts(record)?.ok_or_else(|| {
            StoreError::Io(format!(
                "the {kind} {record_id} of escalation {id} is missing"
            ))
        })?;
        Ok(EscalationRecord {
            uid,
            step,
            fired_at: parse_utc_text(&fired)?,
            record_uid: found.uid,
            level: found.level,
            alert_uids: found.alert_uids,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Report, Sign};
    use crate::store::{Kind, SyncSettings};

    fn at(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap()
    }

    #[test]
    fn a_red_unseen_at_30_minutes_and_silent_for_a_day_is_told_to_the_team_once_each() {
        let mut d = Diary::open_in_memory().unwrap();
        d.set_sync_settings(&SyncSettings {
            enabled: true,
            server_url: Some("https://fhir.example/r4".into()),
            patient: Some("MRN-1".into()),
        })
        .unwrap();
        let mut r = Report::new(at("2026-11-20T10:00:00+05:00"));
        r.signs = vec![Sign::ChestPain];
        let red = d
            .add_report(r, at("2026-11-20T10:00:01+05:00").with_timezone(&Utc))
            .unwrap();
        assert_eq!(
            d.raise_escalations(at("2026-11-20T10:29:00+05:00"))
                .unwrap(),
            0
        );
        assert_eq!(
            d.raise_escalations(at("2026-11-20T10:30:00+05:00"))
                .unwrap(),
            1
        );
        assert_eq!(
            d.raise_escalations(at("2026-11-20T10:45:00+05:00"))
                .unwrap(),
            0,
            "once"
        );
        // A day of silence: E-5.
        assert_eq!(
            d.raise_escalations(at("2026-11-21T10:00:00+05:00"))
                .unwrap(),
            1
        );
        let rows: Vec<_> = d
            .sync_waiting()
            .unwrap()
            .into_iter()
            .filter(|w| w.kind == Kind::Escalation)
            .collect();
        assert_eq!(rows.len(), 2);
        assert!(rows.iter().all(|w| w.urgent));
        let first = d.escalation_record(rows[0].ref_id).unwrap();
        assert_eq!(first.step, EscalationStep::TeamNotOpened);
        assert_eq!(first.record_uid, red.uid);
        assert_eq!(first.alert_uids.len(), red.triage.alerts.len());
        assert_eq!(
            first.fired_at,
            at("2026-11-20T10:30:00+05:00").with_timezone(&Utc)
        );
        let second = d.escalation_record(rows[1].ref_id).unwrap();
        assert_eq!(second.step, EscalationStep::SilenceAlert);
    }

    #[test]
    fn a_red_the_patient_settled_is_told_nothing() {
        let mut d = Diary::open_in_memory().unwrap();
        let mut r = Report::new(at("2026-11-20T10:00:00+05:00"));
        r.signs = vec![Sign::ChestPain];
        let red = d
            .add_report(r, at("2026-11-20T10:00:01+05:00").with_timezone(&Utc))
            .unwrap();
        d.answer_followup(
            red.id,
            crate::followup::FollowUpAnswer::Reached,
            None,
            at("2026-11-20T10:20:00+05:00").with_timezone(&Utc),
        )
        .unwrap();
        assert_eq!(
            d.raise_escalations(at("2026-11-20T10:40:00+05:00"))
                .unwrap(),
            0
        );
        assert_eq!(
            d.raise_escalations(at("2026-11-21T10:40:00+05:00"))
                .unwrap(),
            0
        );
    }
}
