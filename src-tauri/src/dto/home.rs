//! The home screen's shape ([`StatusDto`]): everything it shows at once, with what a
//! caregiver reads at a glance ([`GlanceDto`], decided by `diary_core::glance`).

use super::{AlertDto, CheckinDto, LadderDto, ReportDto, SettingsDto, TreatmentsDto};
use serde::Serialize;
use ts_rs::TS;

/// What the home screen needs.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StatusDto {
    pub settings: SettingsDto,
    pub treatments: TreatmentsDto,
    /// The escalation ladders of the red and amber reports of the last three days that
    /// have not ended, newest first; the home screen shows a card for those with `show`.
    pub ladders: Vec<LadderDto>,
    /// At a glance, for the caregiver (and the patient): missed days, the next reminder,
    /// the week's calls.
    pub glance: GlanceDto,
    pub last_report_at: Option<String>,
    /// A-NO-REPORT, when the core says it applies now.
    pub no_report: Option<AlertDto>,
    pub recent: Vec<ReportDto>,
    /// The latest weekly check-in, with its triage.
    pub latest_checkin: Option<CheckinDto>,
    /// Whether a check-in is due: none yet, or the latest is 7 days old or more.
    pub checkin_due: bool,
    /// Replies from the care team the patient has not seen yet.
    pub unread_replies: usize,
}

/// What the home screen shows at a glance.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GlanceDto {
    /// The days of the last two weeks with no report (`YYYY-MM-DD`), oldest first.
    pub missed_days: Vec<String>,
    /// When the next daily reminder comes (local time, `YYYY-MM-DDTHH:MM`), if on.
    pub next_reminder: Option<String>,
    /// Red and amber alerts of the last 7 days, newest first.
    pub recent_alerts: Vec<AlertDto>,
}
