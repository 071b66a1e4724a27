//! The interchange format in and out of the diary: a whole document imported in one
//! transaction (records matched by id, nothing saved twice, nothing lost), and the diary
//! exported.

use super::{
    checkins, courses, insert_lab, insert_report, no_id_clash, write_profile, Diary, Result,
    StoreError,
};
use crate::error::FieldError;
use crate::model::*;
use crate::rules;
use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, OptionalExtension, TransactionBehavior};

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub reports_added: usize,
    pub reports_already_there: usize,
    pub labs_added: usize,
    pub labs_already_there: usize,
    pub checkins_added: usize,
    pub checkins_already_there: usize,
    pub courses_added: usize,
    pub courses_already_there: usize,
}

/// Whether two reports hold the same content (their ids aside).
pub(super) fn same_report(a: &Report, b: &Report) -> bool {
    Report {
        id: None,
        ..a.clone()
    } == Report {
        id: None,
        ..b.clone()
    }
}

/// Whether two lab results hold the same content (their ids aside).
pub(super) fn same_lab(a: &LabResult, b: &LabResult) -> bool {
    LabResult {
        id: None,
        ..a.clone()
    } == LabResult {
        id: None,
        ..b.clone()
    }
}

/// The settings key of the diary's own stable id.
pub(super) const DIARY_ID_KEY: &str = "diary_id";

impl Diary {
    /// Imports a whole document in one transaction: all or nothing. The profile is
    /// replaced by the document's; reports and labs already in the diary (the same
    /// content at the same instant) are not added twice. Each new report is triaged as
    /// of its own time, against the reports before it.
    pub fn import(&mut self, doc: &Document, now: DateTime<Utc>) -> Result<ImportSummary> {
        let mut summary = ImportSummary::default();
        let existing = self.records()?;
        let holds_records = !existing.reports.is_empty()
            || !existing.labs.is_empty()
            || !existing.checkins.is_empty();
        // An export of another diary is not mixed into this one; an empty diary takes the
        // id of the first document imported into it.
        let own_id: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM settings WHERE key = ?1",
                [DIARY_ID_KEY],
                |r| r.get(0),
            )
            .optional()?;
        let adopt = match (&doc.diary_id, &own_id) {
            (Some(theirs), Some(ours)) if theirs != ours && holds_records => {
                return Err(StoreError::Invalid(FieldError::new(
                    "diary_id",
                    "this export belongs to another diary; nothing was imported",
                )))
            }
            (Some(theirs), _) if !holds_records => Some(theirs.clone()),
            _ => None,
        };
        // Records with an id the diary holds: the same content is skipped, another is
        // refused (nothing is overwritten).
        no_id_clash("labs", &doc.labs, &existing.labs, |l| &l.id, same_lab)?;
        no_id_clash(
            "reports",
            &doc.reports,
            &existing.reports,
            |r| &r.id,
            same_report,
        )?;
        checkins::checkin_ids_clash(&doc.checkins, &existing.checkins)?;
        no_id_clash(
            "courses",
            &doc.courses,
            &existing.courses,
            |c| &c.id,
            courses::same_course,
        )?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if let Some(id) = adopt {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![DIARY_ID_KEY, id],
            )?;
        }
        write_profile(&tx, &doc.profile)?;
        for lab in &doc.labs {
            if existing.labs.iter().any(|l| same_lab(l, lab)) {
                summary.labs_already_there += 1;
            } else {
                insert_lab(&tx, lab, now)?;
                summary.labs_added += 1;
            }
        }
        let mut all_labs = existing.labs.clone();
        all_labs.extend(doc.labs.iter().cloned());
        // Every report, old and new, in time order (stable, so ties keep document order).
        let mut timeline: Vec<(&Report, bool)> =
            existing.reports.iter().map(|r| (r, false)).collect();
        for r in &doc.reports {
            let same = existing.reports.iter().any(|e| same_report(e, r));
            if same {
                summary.reports_already_there += 1;
            } else {
                timeline.push((r, true));
            }
        }
        timeline.sort_by_key(|(r, _)| r.recorded_at.with_timezone(&Utc));
        let all: Vec<Report> = timeline.iter().map(|(r, _)| (*r).clone()).collect();
        let mut start = 0;
        for (i, (r, new)) in timeline.iter().enumerate() {
            if !new {
                continue;
            }
            let t = r.recorded_at.with_timezone(&Utc);
            while all[start].recorded_at.with_timezone(&Utc)
                < t - Duration::hours(rules::WINDOW_HOURS)
            {
                start += 1;
            }
            let day = r.recorded_at.date_naive();
            let labs: Vec<LabResult> = all_labs
                .iter()
                .filter(|l| {
                    l.taken_on <= day && l.taken_on >= day - Duration::days(rules::LAB_WINDOW_DAYS)
                })
                .cloned()
                .collect();
            let triage = rules::triage_report(&doc.profile, &all[start..=i], &labs, r);
            insert_report(&tx, (*r).clone(), triage, now)?;
            summary.reports_added += 1;
        }
        (summary.checkins_added, summary.checkins_already_there) =
            checkins::import_checkins(&tx, &existing.checkins, &doc.checkins, now)?;
        (summary.courses_added, summary.courses_already_there) =
            courses::import_courses(&tx, &existing.courses, &doc.courses)?;
        tx.commit()?;
        Ok(summary)
    }
    /// The whole diary as an interchange document: reports in time order (ties in the
    /// order they were saved), labs by date.
    /// The diary's stable id, made the first time it is asked for.
    pub fn diary_id(&mut self) -> Result<String> {
        let saved: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM settings WHERE key = ?1",
                [DIARY_ID_KEY],
                |r| r.get(0),
            )
            .optional()?;
        match saved {
            Some(id) => Ok(id),
            None => {
                let id = uuid::Uuid::new_v4().to_string();
                self.conn.execute(
                    "INSERT INTO settings (key, value) VALUES (?1, ?2)",
                    params![DIARY_ID_KEY, id],
                )?;
                Ok(id)
            }
        }
    }
    /// The whole diary as a document, with its stable `diary_id` and every record's id
    /// (so an import elsewhere keeps them, and sync sends no second copy).
    pub fn export(&mut self) -> Result<Document> {
        let diary_id = self.diary_id()?;
        let mut doc = self.records()?;
        doc.diary_id = Some(diary_id);
        Ok(doc)
    }
    /// The profile, reports, labs and check-ins, without the diary's id.
    pub(super) fn records(&self) -> Result<Document> {
        let reports = self
            .load_reports("1 = 1 ORDER BY recorded_utc, id", params![])?
            .into_iter()
            .map(|s| s.report)
            .collect();
        Ok(Document {
            diary_id: None,
            profile: self.profile()?,
            reports,
            labs: self.labs()?,
            checkins: self.checkins()?.into_iter().map(|s| s.checkin).collect(),
            courses: self.courses()?,
        })
    }
}
