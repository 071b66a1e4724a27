//! The diary's side of "Did you reach your care team?" ([`crate::followup`]): the answers
//! kept with their report, which reports the question is due about now, and each answer's
//! outbox row (kind `followup`, migration 0011), written with it so that sync sends it to
//! the care team. A child of `store` so it can use the one connection.

use super::{parse_utc_text, utc_text, Diary, Result, SavedReport, StoreError};
use crate::error::FieldError;
use crate::followup::{self, Answered, FollowUpAnswer, FollowUpRecord};
use crate::ladder::{self, Ladder, TaskStatus};
use crate::model::Level;
use chrono::{DateTime, Duration, Utc};
use rusqlite::params;

impl Diary {
    /// Every answer about report `report_id`, oldest first.
    pub fn followups(&self, report_id: i64) -> Result<Vec<Answered>> {
        let mut stmt = self.conn.prepare(
            "SELECT answered_utc, answer, note FROM followups WHERE report_id = ?1
             ORDER BY answered_utc, id",
        )?;
        let rows = stmt.query_map([report_id], |r| {
            let at: String = r.get(0)?;
            Ok(Answered {
                at: parse_utc_text(&at)?,
                answer: r.get(1)?,
                note: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Saves an answer about a red or amber report at `now`. "They said …" needs the
    /// words (at most 500 characters, no invisible control characters); the other answers
    /// take none. A report that is not red or amber is refused, naming the field.
    pub fn answer_followup(
        &mut self,
        report_id: i64,
        answer: FollowUpAnswer,
        note: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let saved = self.report(report_id)?.ok_or_else(|| {
            StoreError::Invalid(FieldError::new(
                "followup.report_id",
                format!("there is no report {report_id}"),
            ))
        })?;
        if saved.triage.level < Level::Amber {
            return Err(StoreError::Invalid(FieldError::new(
                "followup.report_id",
                "only a red or amber report is followed up",
            )));
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
        // The answer and its outbox row in one transaction; after a red report it goes at
        // once, like the red alert it answers.
        let priority = if saved.triage.level == Level::Red {
            0
        } else {
            1
        };
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO followups (uid, report_id, answered_utc, answer, note)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![uid, report_id, utc_text(&now), answer, note],
        )?;
        tx.execute(
            "INSERT INTO outbox (kind, ref_id, priority, created_utc) VALUES ('followup', ?1, ?2, ?3)",
            params![tx.last_insert_rowid(), priority, utc_text(&now)],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The answer `followup_id` as sync sends it: with its report and the report's alerts.
    pub fn followup_record(&self, followup_id: i64) -> Result<FollowUpRecord> {
        let (uid, report_id, at, answer, note): (
            String,
            i64,
            String,
            FollowUpAnswer,
            Option<String>,
        ) = self.conn.query_row(
            "SELECT uid, report_id, answered_utc, answer, note FROM followups WHERE id = ?1",
            [followup_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )?;
        let report = self.report(report_id)?.ok_or_else(|| {
            StoreError::Io(format!(
                "report {report_id} of a follow-up answer is missing"
            ))
        })?;
        let mut stmt = self
            .conn
            .prepare("SELECT uid FROM alerts WHERE report_id = ?1 ORDER BY position, id")?;
        let alert_uids = stmt
            .query_map([report_id], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(FollowUpRecord {
            uid: format!("followup-{uid}"),
            answered: Answered {
                at: parse_utc_text(&at)?,
                answer,
                note,
            },
            report_uid: report.uid,
            level: report.triage.level,
            alert_uids,
        })
    }

    /// The escalation ladder of every red and amber report of the last three days that
    /// has not ended at `now`, newest first ([`crate::ladder`]): the report, its answers,
    /// which ladder it follows and what shows now. The care team's Task is read as opened
    /// once the team has seen one of the report's alerts (sync records it), as unseen
    /// before; sync on or off is the diary's sync setting. The one place the home screen,
    /// `diary followup` and the reminder thread read the ladder from.
    pub fn ladders(&self, now: DateTime<Utc>) -> Result<Vec<OpenLadder>> {
        let since = now - Duration::minutes(ladder::END_MINUTES) - Duration::days(1);
        let reports = self.reports_since(since)?;
        let seen = self.seen_by_team()?;
        let sync_on = self.sync_settings()?.enabled;
        let mut out = Vec::new();
        for (i, saved) in reports.iter().enumerate() {
            let Some(which) = report_ladder(saved) else {
                continue;
            };
            let t = saved.report.recorded_at;
            let first_report_after = reports[i + 1..]
                .iter()
                .map(|r| r.report.recorded_at.with_timezone(&Utc))
                .find(|r| *r > t.with_timezone(&Utc));
            let answers = self.followups(saved.id)?;
            let times: Vec<_> = answers.iter().map(|a| (a.at, a.answer)).collect();
            let task = seen.get(&saved.id).map(|_| TaskStatus::InProgress);
            let due = ladder::due(which, t, &times, task, sync_on, first_report_after, now);
            let last_answer = answers.iter().map(|a| a.at).filter(|a| *a <= now).max();
            let showing = ladder::showing(&due, last_answer);
            if due.next.is_none() {
                continue;
            }
            out.push(OpenLadder {
                report: saved.clone(),
                answers,
                ladder: which,
                due,
                showing,
            });
        }
        out.reverse();
        Ok(out)
    }
}

/// One report's escalation ladder that has not ended: what [`Diary::ladders`] gives.
#[derive(Debug, Clone)]
pub struct OpenLadder {
    pub report: SavedReport,
    /// The answers about the report so far, oldest first.
    pub answers: Vec<Answered>,
    /// The ladder the report follows (E-1 for a red report, E-3 for an amber one).
    pub ladder: Ladder,
    /// The steps that have fired and the next one.
    pub due: ladder::Due,
    /// What shows now.
    pub showing: ladder::Showing,
}

/// The ladder a report follows: the highest of its alerts' ladders (*Which ladder*: every
/// amber of a red report follows E-1); `None` when no alert is amber or red.
fn report_ladder(saved: &SavedReport) -> Option<Ladder> {
    saved
        .triage
        .alerts
        .iter()
        .filter_map(|a| ladder::ladder_for(a.rule, a.level, saved.triage.level))
        .min_by_key(|l| match l {
            Ladder::Red => 0,
            Ladder::SelfHarm => 1,
            Ladder::Amber => 2,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Report, Sign};
    use chrono::DateTime;

    impl Diary {
        /// The reports whose ladder asks a question at `now`.
        fn followups_due(&self, now: DateTime<Utc>) -> Result<Vec<(SavedReport, Vec<Answered>)>> {
            Ok(self
                .ladders(now)?
                .into_iter()
                .filter(|l| l.showing.ask.is_some())
                .map(|l| (l.report, l.answers))
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
        assert_eq!(record.report_uid, red.uid);
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
