//! The care team console's shapes: the inbox of open alerts ([`InboxItemDto`]), the
//! patient panel ([`PanelRowDto`]), one patient's page ([`PatientPageDto`]) and the look
//! for new reds ([`WatchDto`]); a patient is shown by the hospital number alone.

use super::TrendPoint;
use diary_core::messages;
use diary_sync::InboxItem;
use serde::Serialize;
use ts_rs::TS;

/// One open alert of the care team's inbox, in words.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct InboxItemDto {
    /// The Task's id: what acknowledging takes.
    pub id: String,
    #[ts(type = "Level")]
    pub level: String,
    pub rule: String,
    pub subject: String,
    /// The subject in the user's language.
    pub subject_name: String,
    pub detail: String,
    /// The patient's hospital number (the identifier's value).
    pub patient: Option<String>,
    pub recorded_at: Option<String>,
    pub report: Vec<String>,
    pub note: Option<String>,
    /// The patient's answers to "Did you reach your care team?" about this alert, oldest
    /// first: when (RFC 3339) and the patient's own words.
    pub followups: Vec<InboxFollowUpDto>,
    /// The Task's version when it was read: acknowledging sends it back (`If-Match`), so a
    /// change made meanwhile is never overwritten.
    pub version: Option<String>,
    /// `requested` (nobody has seen it), `accepted` (seen) or `completed` (closed).
    pub status: String,
    /// When the alert reached the server (RFC 3339).
    pub authored_on: Option<String>,
    /// A red nobody has acknowledged for 30 minutes or more (`diary_sync::panel::OVERDUE_AFTER`).
    pub overdue: bool,
    pub seen_at: Option<String>,
    pub seen_by: Option<String>,
    /// The care team's notes on it (written when acknowledging), oldest first.
    pub notes: Vec<TaskNoteDto>,
}

/// A care-team note on an alert.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TaskNoteDto {
    pub text: String,
    pub by: Option<String>,
    pub at: Option<String>,
}

/// One patient of the care team's panel: what needs attention first.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PanelRowDto {
    /// `Patient/<id>` on the server: what the patient page takes.
    pub patient_ref: String,
    /// The patient's hospital number (the identifier's value).
    pub identifier: Option<String>,
    pub name: Option<String>,
    pub birth_year: Option<i32>,
    pub open_red: u32,
    pub open_amber: u32,
    pub unseen: u32,
    pub overdue_red: u32,
    pub last_report_at: Option<String>,
    #[ts(type = "Level | null")]
    pub last_report_level: Option<String>,
    /// No report for three days (or an open A-NO-REPORT alert).
    pub no_report: bool,
    pub last_checkin_at: Option<String>,
    pub last_checkin: Vec<String>,
}

/// A patient's identifier as a clinician reads it: the hospital number, without the
/// system it belongs to (`…/sid/care-team-patient|MRN-7` → `MRN-7`).
fn hospital_number(identifier: &Option<String>) -> Option<String> {
    identifier
        .as_deref()
        .map(|i| i.rsplit_once('|').map_or(i, |(_, value)| value).to_string())
}

impl PanelRowDto {
    pub fn from_core(row: &diary_sync::panel::PanelRow) -> PanelRowDto {
        PanelRowDto {
            patient_ref: row.patient_ref.clone(),
            identifier: hospital_number(&row.identifier),
            name: row.name.clone(),
            birth_year: row.birth_year,
            open_red: row.open_red,
            open_amber: row.open_amber,
            unseen: row.unseen,
            overdue_red: row.overdue_red,
            last_report_at: row.last_report_at.clone(),
            last_report_level: row.last_report_level.map(|l| l.as_str().to_string()),
            no_report: row.no_report,
            last_checkin_at: row.last_checkin_at.clone(),
            last_checkin: row.last_checkin.clone(),
        }
    }
}

/// One patient's page in the console: the panel's row, the reports read back from the
/// server for the same trend charts the caregiver sees, and every alert of the period.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PatientPageDto {
    pub row: PanelRowDto,
    pub reports: Vec<TrendPoint>,
    pub alerts: Vec<InboxItemDto>,
}

impl PatientPageDto {
    pub fn from_core(page: &diary_sync::panel::PatientPage, lang: &str) -> PatientPageDto {
        PatientPageDto {
            row: PanelRowDto::from_core(&page.row),
            reports: page
                .reports
                .iter()
                .enumerate()
                .map(|(i, r)| TrendPoint::from_server(i, r))
                .collect(),
            alerts: page
                .alerts
                .iter()
                .map(|a| InboxItemDto::from_core(a, lang))
                .collect(),
        }
    }
}

/// What one look for new reds found (the console's desktop notification).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WatchDto {
    /// Reds that reached the server since the last look (none on the first look: those
    /// are on the screen already).
    pub new_reds: u32,
}

/// One answer to "Did you reach your care team?" as the care team's inbox shows it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct InboxFollowUpDto {
    pub answered_at: String,
    /// `reached`, `not-yet` or `they-said`.
    pub answer: String,
    pub words: String,
}

impl InboxItemDto {
    pub fn from_core(item: &InboxItem, lang: &str) -> InboxItemDto {
        InboxItemDto {
            id: item.id.clone(),
            level: item.level.as_str().to_string(),
            rule: item.rule.clone(),
            subject: item.subject.clone(),
            subject_name: messages::subject_name(lang, &item.subject),
            detail: item.detail.clone(),
            patient: hospital_number(&item.patient),
            recorded_at: item.recorded_at.clone(),
            report: item.report.clone(),
            note: item.note.clone(),
            followups: item
                .followups
                .iter()
                .map(|f| InboxFollowUpDto {
                    answered_at: f.answered_at.clone(),
                    answer: f.answer.clone(),
                    words: f.words.clone(),
                })
                .collect(),
            version: item.version.clone(),
            status: item.status.clone(),
            authored_on: item.authored_on.clone(),
            overdue: item.overdue,
            seen_at: item.seen_at.clone(),
            seen_by: item.seen_by.clone(),
            notes: item
                .notes
                .iter()
                .map(|n| TaskNoteDto {
                    text: n.text.clone(),
                    by: n.by.clone(),
                    at: n.at.clone(),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_inbox_carries_the_patients_follow_up_answers_oldest_first() {
        let answer = |at: &str, code: &str, words: &str| diary_sync::mapping::FollowUpSeen {
            answered_at: at.into(),
            answer: code.into(),
            words: words.into(),
        };
        let item = InboxItem {
            id: "t1".into(),
            version: None,
            alert_uid: "alert-1".into(),
            level: diary_core::model::Level::Red,
            rule: "R-FEVER".into(),
            subject: "temperature".into(),
            detail: "39.4 °C".into(),
            status: "requested".into(),
            patient: Some("sys|MRN-1".into()),
            patient_ref: "Patient/p1".into(),
            recorded_at: None,
            report: vec![],
            note: None,
            seen_at: None,
            seen_by: None,
            followups: vec![
                answer("2026-11-27T10:00:00Z", "not-yet", "Not reached yet."),
                answer(
                    "2026-11-27T10:40:00Z",
                    "they-said",
                    "Your care team said: \"Come at 2 pm\"",
                ),
            ],
            authored_on: Some("2026-11-27T09:00:00Z".into()),
            overdue: true,
            notes: vec![diary_sync::TaskNote {
                text: "Called her".into(),
                by: Some("Nurse Aziza".into()),
                at: Some("2026-11-27T09:45:00Z".into()),
            }],
        };
        let dto = InboxItemDto::from_core(&item, "ru");
        // What the console shows of it: overdue, when it arrived, the care team's note.
        assert!(dto.overdue);
        assert_eq!(dto.patient.as_deref(), Some("MRN-1"));
        assert_eq!(dto.authored_on.as_deref(), Some("2026-11-27T09:00:00Z"));
        assert_eq!(dto.status, "requested");
        assert_eq!(dto.notes.len(), 1);
        assert_eq!(dto.notes[0].text, "Called her");
        assert_eq!(dto.notes[0].by.as_deref(), Some("Nurse Aziza"));
        let got: Vec<(&str, &str)> = dto
            .followups
            .iter()
            .map(|f| (f.answer.as_str(), f.words.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("not-yet", "Not reached yet."),
                ("they-said", "Your care team said: \"Come at 2 pm\"")
            ]
        );
        assert_eq!(dto.followups[0].answered_at, "2026-11-27T10:00:00Z");
    }
}
