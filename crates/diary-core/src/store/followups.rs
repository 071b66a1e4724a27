//! The diary's side of the escalation ladder ([`crate::ladder`]): the answers to its
//! questions, each about one record (a report, a check-in, or a lab result whose entry
//! raised lab-only alerts; migration 0015), which ladders are open and what they show now
//! ([`Diary::ladders`]), and each answer's outbox row (kind `followup`, migration 0011),
//! written with it so that sync sends it to the care team. A child of `store` so it can
//! use the one connection.

use super::{parse_utc_text, utc_text, Diary, Result, SavedCheckin, SavedReport, StoreError};
use crate::error::FieldError;
use crate::followup::{self, Answered, FollowUpAnswer, FollowUpRecord, Question, Record};
use crate::ladder::{self, Ladder, TaskStatus};
use crate::model::{Alert, Level};
use chrono::{DateTime, Duration, FixedOffset, Utc};
use rusqlite::params;

/// The column of `followups` that points at a record of this kind.
fn column(record: Record) -> &'static str {
    match record {
        Record::Report(_) => "report_id",
        Record::Checkin(_) => "checkin_id",
        Record::Lab(_) => "lab_id",
    }
}

/// The question a ladder asks.
pub fn question_of(ladder: Ladder) -> Question {
    match ladder {
        Ladder::SelfHarm => Question::Talk,
        Ladder::Red | Ladder::Amber => Question::Contact,
    }
}

impl Diary {
    /// Every answer about report `report_id`, oldest first.
    pub fn followups(&self, report_id: i64) -> Result<Vec<Answered>> {
        self.record_followups(Record::Report(report_id))
    }

    /// Every answer about `record`, oldest first.
    pub fn record_followups(&self, record: Record) -> Result<Vec<Answered>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT answered_utc, question, answer, note FROM followups WHERE {} = ?1
             ORDER BY answered_utc, id",
            column(record)
        ))?;
        let rows = stmt.query_map([record.id()], |r| {
            let at: String = r.get(0)?;
            Ok(Answered {
                at: parse_utc_text(&at)?,
                question: r.get(1)?,
                answer: r.get(2)?,
                note: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Saves an answer about a red or amber report at `now` (the `contact` question): see
    /// [`Diary::answer_followup_about`].
    pub fn answer_followup(
        &mut self,
        report_id: i64,
        answer: FollowUpAnswer,
        note: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let record = Record::Report(report_id);
        self.answer_followup_about(record, Question::Contact, answer, note, now)
    }

    /// Saves an answer to `question` about `record` at `now`. "They said …" needs the words
    /// (at most 500 characters, no invisible control characters); the other answers take
    /// none. A record that does not exist, or has no alert on a ladder asking `question`,
    /// is refused, naming the field.
    pub fn answer_followup_about(
        &mut self,
        record: Record,
        question: Question,
        answer: FollowUpAnswer,
        note: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let field = format!("followup.{}_id", record.kind());
        let RecordAlerts { alerts, level, .. } = self.record_alerts(record)?.ok_or_else(|| {
            StoreError::Invalid(FieldError::new(
                &field,
                format!("there is no {} {}", record.kind(), record.id()),
            ))
        })?;
        let asks = ladders_of(&alerts, level)
            .into_iter()
            .any(|l| question_of(l) == question);
        if !asks {
            let why = match question {
                Question::Contact => "only a red or amber alert is followed up",
                Question::Talk => "only thoughts of self-harm are asked about this way",
            };
            return Err(StoreError::Invalid(FieldError::new(&field, why)));
        }
        let note = note.map(str::trim).filter(|n| !n.is_empty());
        let note = match (answer, note) {
            (FollowUpAnswer::TheySaid, None) => {
                return Err(StoreError::Invalid(FieldError::new(
                    "followup.note",
                    "say in a few words what your care team told you",
                )))
            }
            (FollowUpAnswer::TheySaid, Some(n)) => {
                crate::json::check_text("followup.note", n, followup::NOTE_MAX_CHARS)
                    .map_err(StoreError::Invalid)?;
                Some(n.to_string())
            }
            (_, _) => None,
        };
        let uid = uuid::Uuid::new_v4().to_string();
        // The answer and its outbox row in one transaction; after a red it goes at once,
        // like the red alert it answers.
        let priority = if level == Level::Red { 0 } else { 1 };
        let tx = self.conn.transaction()?;
        tx.execute(
            &format!(
                "INSERT INTO followups (uid, {}, question, answered_utc, answer, note)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                column(record)
            ),
            params![uid, record.id(), question, utc_text(&now), answer, note],
        )?;
        tx.execute(
            "INSERT INTO outbox (kind, ref_id, priority, created_utc) VALUES ('followup', ?1, ?2, ?3)",
            params![tx.last_insert_rowid(), priority, utc_text(&now)],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// A record's uid, the uids of its alerts (in their order), the alerts, and its level
    /// (a lab result's: its lab-only alerts' highest); `None` when there is no such record.
    pub(super) fn record_alerts(&self, record: Record) -> Result<Option<RecordAlerts>> {
        let (uid, level, alerts, table, key) = match record {
            Record::Report(id) => {
                let Some(saved) = self.report(id)? else {
                    return Ok(None);
                };
                (
                    saved.uid,
                    saved.triage.level,
                    saved.triage.alerts,
                    "alerts",
                    "report_id",
                )
            }
            Record::Checkin(id) => {
                let Some(saved) = self.checkin(id)? else {
                    return Ok(None);
                };
                (
                    saved.uid,
                    saved.triage.level,
                    saved.triage.alerts,
                    "checkin_alerts",
                    "checkin_id",
                )
            }
            Record::Lab(id) => {
                let Some(uid) = self.lab_uid(id)? else {
                    return Ok(None);
                };
                let alerts: Vec<Alert> = self
                    .lab_alerts_of(id)?
                    .into_iter()
                    .map(|a| a.alert)
                    .collect();
                let level = alerts.iter().map(|a| a.level).max().unwrap_or(Level::None);
                (uid, level, alerts, "lab_alerts", "lab_id")
            }
        };
        let mut stmt = self.conn.prepare(&format!(
            "SELECT uid FROM {table} WHERE {key} = ?1 ORDER BY position, id"
        ))?;
        let alert_uids = stmt
            .query_map([record.id()], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(Some(RecordAlerts {
            uid,
            alert_uids,
            alerts,
            level,
        }))
    }

    /// The uid of lab result `id`.
    fn lab_uid(&self, id: i64) -> Result<Option<String>> {
        let mut stmt = self.conn.prepare("SELECT uid FROM labs WHERE id = ?1")?;
        let mut rows = stmt.query_map([id], |r| r.get(0))?;
        Ok(rows.next().transpose()?)
    }

    /// The answer `followup_id` as sync sends it: with its record and the record's alerts.
    pub fn followup_record(&self, followup_id: i64) -> Result<FollowUpRecord> {
        type Row = (
            String,
            Option<i64>,
            Option<i64>,
            Option<i64>,
            Question,
            String,
            FollowUpAnswer,
            Option<String>,
        );
        let (uid, report, checkin, lab, question, at, answer, note): Row = self.conn.query_row(
            "SELECT uid, report_id, checkin_id, lab_id, question, answered_utc, answer, note
             FROM followups WHERE id = ?1",
            [followup_id],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                ))
            },
        )?;
        let record = match (report, checkin, lab) {
            (Some(id), _, _) => Record::Report(id),
            (_, Some(id), _) => Record::Checkin(id),
            (_, _, Some(id)) => Record::Lab(id),
            _ => {
                return Err(StoreError::Io(format!(
                    "follow-up answer {followup_id} is about nothing"
                )))
            }
        };
        let found = self.record_alerts(record)?.ok_or_else(|| {
            StoreError::Io(format!(
                "{} {} of a follow-up answer is missing",
                record.kind(),
                record.id()
            ))
        })?;
        Ok(FollowUpRecord {
            uid: format!("followup-{uid}"),
            answered: Answered {
                at: parse_utc_text(&at)?,
                question,
                answer,
                note,
            },
            record_uid: found.uid,
            level: found.level,
            alert_uids: found.alert_uids,
        })
    }

    /// The escalation ladder of every red and amber alert of the last three days that has
    /// not ended at `now`, newest first ([`crate::ladder`]): a report's (E-1 or E-3), a
    /// check-in's (E-4 for thoughts of self-harm, E-3 for A-FUNCTION) and a lab result's
    /// lab-only alerts (E-3, or E-1 when red); each with its answers and what shows now.
    /// The care team's Task is read as opened once the team has seen one of the record's
    /// alerts (sync records it), as unseen before; sync on or off is the diary's setting.
    /// `now`'s offset is the clock a lab result's entry is read on (its time is kept in
    /// UTC). The one place the home screen, `diary followup` and the reminder thread read
    /// the ladder from.
    pub fn ladders(&self, now: DateTime<FixedOffset>) -> Result<Vec<OpenLadder>> {
        self.ladders_synced(now, self.sync_settings()?.enabled)
    }

    /// [`Diary::ladders`] with sync on or off as `sync_on` says (a sync run: on, whatever
    /// the saved setting, since it is sending).
    pub(super) fn ladders_synced(
        &self,
        now: DateTime<FixedOffset>,
        sync_on: bool,
    ) -> Result<Vec<OpenLadder>> {
        let utc = now.with_timezone(&Utc);
        let since = utc - Duration::minutes(ladder::END_MINUTES) - Duration::days(1);
        let reports = self.reports_since(since)?;
        let report_times: Vec<DateTime<Utc>> = reports
            .iter()
            .map(|r| r.report.recorded_at.with_timezone(&Utc))
            .collect();
        let first_report_after =
            |t: DateTime<Utc>| report_times.iter().copied().filter(|r| *r > t).min();
        let mut candidates: Vec<Candidate> = Vec::new();
        let seen = self.seen_by_team()?;
        // A report below amber has no ladder (*Which ladder*): not copied to be looked at.
        for saved in reports.iter().filter(|s| s.triage.level >= Level::Amber) {
            let r = Record::Report(saved.id);
            let shown = Shown::Report(Box::new(saved.clone()));
            candidates.push(Candidate {
                record: r,
                at: saved.report.recorded_at,
                level: saved.triage.level,
                alerts: saved.triage.alerts.clone(),
                team_seen: seen.contains_key(&saved.id),
                shown,
            });
        }
        let checkins_seen = self.checkins_seen_by_team()?;
        for saved in self.checkins_since(since)? {
            let r = Record::Checkin(saved.id);
            candidates.push(Candidate {
                record: r,
                at: saved.checkin.answered_at,
                level: saved.triage.level,
                alerts: saved.triage.alerts.clone(),
                team_seen: checkins_seen.contains_key(&r.id()),
                shown: Shown::Checkin(Box::new(saved)),
            });
        }
        let mut labs: std::collections::BTreeMap<i64, Vec<super::SavedLabAlert>> =
            Default::default();
        for a in self.lab_alerts_since(since)? {
            labs.entry(a.lab_id).or_default().push(a);
        }
        for (lab_id, mut alerts) in labs {
            alerts.sort_by_key(|a| a.id);
            let at = alerts.iter().map(|a| a.raised_at).min().unwrap_or(utc);
            let level = alerts
                .iter()
                .map(|a| a.alert.level)
                .max()
                .unwrap_or(Level::None);
            let seen = alerts.iter().any(|a| a.seen_by_team_at.is_some());
            let list = alerts.iter().map(|a| a.alert.clone()).collect();
            candidates.push(Candidate {
                record: Record::Lab(lab_id),
                at: at.with_timezone(now.offset()),
                level,
                alerts: list,
                team_seen: seen,
                shown: Shown::Lab(alerts),
            });
        }
        let mut out = Vec::new();
        for Candidate {
            record,
            at: t,
            level,
            alerts,
            team_seen,
            shown,
        } in candidates
        {
            let which = ladders_of(&alerts, level);
            if which.is_empty() {
                continue;
            }
            let answers = self.record_followups(record)?;
            for ladder in which {
                let question = question_of(ladder);
                let mine: Vec<Answered> = answers
                    .iter()
                    .filter(|a| a.question == question)
                    .cloned()
                    .collect();
                let times: Vec<_> = mine.iter().map(|a| (a.at, a.answer)).collect();
                let task = team_seen.then_some(TaskStatus::InProgress);
                let after = first_report_after(t.with_timezone(&Utc));
                let due = ladder::due(ladder, t, &times, task, sync_on, after, utc);
                if due.next.is_none() {
                    continue;
                }
                let last_answer = mine.iter().map(|a| a.at).filter(|a| *a <= utc).max();
                let showing = ladder::showing(&due, last_answer);
                out.push(OpenLadder {
                    record,
                    at: t,
                    level,
                    shown: shown.clone(),
                    answers: mine,
                    ladder,
                    due,
                    showing,
                });
            }
        }
        out.sort_by_key(|l| std::cmp::Reverse((l.at.with_timezone(&Utc), l.record)));
        Ok(out)
    }
}

/// What [`Diary::record_alerts`] finds of a record.
pub(super) struct RecordAlerts {
    pub(super) uid: String,
    /// The uids of its alerts, in their order.
    pub(super) alert_uids: Vec<String>,
    pub(super) alerts: Vec<Alert>,
    pub(super) level: Level,
}

/// A record that may be on a ladder, while [`Diary::ladders`] looks.
struct Candidate {
    record: Record,
    at: DateTime<FixedOffset>,
    level: Level,
    alerts: Vec<Alert>,
    /// The care team has seen one of its alerts.
    team_seen: bool,
    shown: Shown,
}

/// The record a ladder follows, as the screens show it.
#[derive(Debug, Clone)]
pub enum Shown {
    Report(Box<SavedReport>),
    Checkin(Box<SavedCheckin>),
    /// A lab result's lab-only alerts, oldest first.
    Lab(Vec<super::SavedLabAlert>),
}

/// One alert's escalation ladder that has not ended: what [`Diary::ladders`] gives.
#[derive(Debug, Clone)]
pub struct OpenLadder {
    /// The record followed up.
    pub record: Record,
    /// t: when the record was made (a lab result's entry, on `now`'s clock).
    pub at: DateTime<FixedOffset>,
    /// The record's level.
    pub level: Level,
    /// The record itself.
    pub shown: Shown,
    /// The answers to this ladder's question so far, oldest first.
    pub answers: Vec<Answered>,
    /// The ladder (E-1 for a red record, E-3 for an amber one, E-4 for thoughts of
    /// self-harm).
    pub ladder: Ladder,
    /// The steps that have fired and the next one.
    pub due: ladder::Due,
    /// What shows now.
    pub showing: ladder::Showing,
}

impl OpenLadder {
    /// The report, when the record is one.
    pub fn report(&self) -> Option<&SavedReport> {
        match &self.shown {
            Shown::Report(r) => Some(r),
            _ => None,
        }
    }
}

/// The distinct ladders of a record's alerts (*Which ladder*): E-1 or E-3 for its red and
/// amber alerts by the record's level, E-4 for thoughts of self-harm; E-1 before E-4
/// before E-3.
fn ladders_of(alerts: &[Alert], level: Level) -> Vec<Ladder> {
    let mut out: Vec<Ladder> = Vec::new();
    for a in alerts {
        if let Some(l) = ladder::ladder_for(a.rule, a.level, level) {
            if !out.contains(&l) {
                out.push(l);
            }
        }
    }
    out.sort_by_key(|l| match l {
        Ladder::Red => 0,
        Ladder::SelfHarm => 1,
        Ladder::Amber => 2,
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A diary at schema 14 keeps every follow-up answer, id and all, when migration 15
    /// rebuilds `followups` for check-ins and lab results: each is about its report and
    /// answers the `contact` question.
    #[test]
    fn migration_15_keeps_the_answers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v14.sqlite");
        {
            let c = rusqlite::Connection::open(&path).unwrap();
            for sql in &super::super::MIGRATIONS[..14] {
                c.execute_batch(sql).unwrap();
            }
            c.execute_batch(
                "INSERT INTO reports (id, uid, recorded_utc, utc_offset_s, reporter, level,
                                      ruleset, saved_utc)
                 VALUES (4, 'r-4', '2026-11-20T05:00:00.000000000Z', 18000, 'patient', 'red',
                         '2', '2026-11-20T05:00:01.000000000Z');
                 INSERT INTO followups (id, uid, report_id, answered_utc, answer, note)
                 VALUES (9, 'f-9', 4, '2026-11-20T05:20:00.000000000Z', 'they_said',
                         'Come at 2 pm');",
            )
            .unwrap();
            c.pragma_update(None, "user_version", 14).unwrap();
            c.pragma_update(None, "application_id", super::super::APPLICATION_ID)
                .unwrap();
        }
        let d = Diary::open(&path).unwrap();
        assert_eq!(
            d.schema_version().unwrap(),
            super::super::MIGRATIONS.len() as i64
        );
        let kept = d.followups(4).unwrap();
        assert_eq!(kept.len(), 1, "{kept:?}");
        assert_eq!(kept[0].question, Question::Contact);
        assert_eq!(kept[0].answer, FollowUpAnswer::TheySaid);
        assert_eq!(kept[0].note.as_deref(), Some("Come at 2 pm"));
        let id: i64 = d
            .conn
            .query_row("SELECT id FROM followups WHERE uid = 'f-9'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(id, 9, "the outbox points at the answer by its id");
    }
    use crate::model::{Report, Sign};
    use chrono::DateTime;

    impl Diary {
        /// The reports whose ladder asks a question at `now`.
        fn followups_due(&self, now: DateTime<Utc>) -> Result<Vec<(SavedReport, Vec<Answered>)>> {
            Ok(self
                .ladders(now.fixed_offset())?
                .into_iter()
                .filter(|l| l.showing.ask.is_some())
                .filter_map(|l| Some((l.report()?.clone(), l.answers)))
                .collect())
        }
    }

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn the_question_comes_after_a_red_and_its_answers_are_kept() {
        let mut d = Diary::open_in_memory().unwrap();
        let mut r = Report::new(DateTime::parse_from_rfc3339("2026-11-20T10:00:00+05:00").unwrap());
        r.signs = vec![Sign::ChestPain];
        let red = d.add_report(r, at("2026-11-20T05:00:01Z")).unwrap();
        let mut quiet =
            Report::new(DateTime::parse_from_rfc3339("2026-11-20T10:05:00+05:00").unwrap());
        quiet.screened = true;
        let none = d.add_report(quiet, at("2026-11-20T05:05:01Z")).unwrap();

        assert!(d
            .followups_due(at("2026-11-20T05:14:59Z"))
            .unwrap()
            .is_empty());
        let due = d.followups_due(at("2026-11-20T05:15:00Z")).unwrap();
        assert_eq!(due.len(), 1);
        assert_eq!(due[0].0.id, red.id);

        // "Not yet": asked again 15 minutes later (E-1).
        d.answer_followup(
            red.id,
            FollowUpAnswer::NotYet,
            None,
            at("2026-11-20T05:16:00Z"),
        )
        .unwrap();
        assert!(d
            .followups_due(at("2026-11-20T05:30:59Z"))
            .unwrap()
            .is_empty());
        assert_eq!(
            d.followups_due(at("2026-11-20T05:31:00Z")).unwrap().len(),
            1
        );
        // "They said …" needs the words; then it is settled.
        let error = d
            .answer_followup(
                red.id,
                FollowUpAnswer::TheySaid,
                Some("  "),
                at("2026-11-20T07:02:00Z"),
            )
            .unwrap_err();
        assert!(error.to_string().contains("followup.note"), "{error}");
        d.answer_followup(
            red.id,
            FollowUpAnswer::TheySaid,
            Some("Come to the day unit at 2 pm"),
            at("2026-11-20T07:03:00Z"),
        )
        .unwrap();
        assert!(d
            .followups_due(at("2026-11-21T07:00:00Z"))
            .unwrap()
            .is_empty());
        // Each answer waits in the outbox, urgent after a red, with the report's alerts.
        let waiting: Vec<_> = d
            .sync_waiting()
            .unwrap()
            .into_iter()
            .filter(|w| w.kind == crate::store::Kind::Followup)
            .collect();
        assert_eq!(waiting.len(), 2);
        assert!(waiting.iter().all(|w| w.urgent));
        let record = d.followup_record(waiting[1].ref_id).unwrap();
        assert_eq!(record.answered.answer, FollowUpAnswer::TheySaid);
        assert_eq!(record.record_uid, red.uid);
        assert!(record.uid.starts_with("followup-"));
        assert_eq!(
            record.alert_uids.len(),
            red.triage.alerts.len(),
            "{record:?}"
        );
        assert!(!record.alert_uids.is_empty());
        let kept = d.followups(red.id).unwrap();
        assert_eq!(
            kept.iter().map(|a| a.answer).collect::<Vec<_>>(),
            [FollowUpAnswer::NotYet, FollowUpAnswer::TheySaid]
        );
        assert_eq!(
            kept[1].note.as_deref(),
            Some("Come to the day unit at 2 pm")
        );
        // A report without a call is never followed up.
        let error = d
            .answer_followup(
                none.id,
                FollowUpAnswer::Reached,
                None,
                at("2026-11-20T07:04:00Z"),
            )
            .unwrap_err();
        assert!(error.to_string().contains("followup.report_id"), "{error}");
    }
}
