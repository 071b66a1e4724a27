//! The history screens' shapes: one entry of the alert history, a report's with the
//! answers to "Did you reach your care team?" or a lab-only one with the lab result whose
//! entry raised it ([`SavedAlertDto`]), and a report reduced to what the trend charts draw
//! ([`TrendPoint`], also for a report read back from the care team's server).

use super::report::ratings;
use super::{AlertDto, CycleDto, LabDto};
use diary_core::followup::Answered;
use diary_core::messages::{self, Phones};
use diary_core::model::Course;
use diary_core::model::{LabResult, Level};
use diary_core::store::{SavedAlert, SavedLabAlert, SavedReport};
use serde::Serialize;
use std::collections::BTreeMap;
use ts_rs::TS;

/// One entry of the alert history: an alert of a report, or a lab-only alert (raised when
/// a lab result was entered on its own, warning-signs-v3.md, *Lab-only triage*).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SavedAlertDto {
    /// The report that raised it; `null` for a lab-only alert.
    #[ts(type = "number | null")]
    pub report_id: Option<i64>,
    /// For a lab-only alert, the lab result whose entry raised it; `null` for a report's.
    pub lab: Option<LabDto>,
    /// When its report was recorded, or when its lab result was entered.
    pub recorded_at: String,
    pub alert: AlertDto,
    /// When the care team acknowledged this alert, once sync has heard so.
    pub seen_by_team_at: Option<String>,
    /// The answers to "Did you reach your care team?" about its report, oldest first
    /// (none for a lab-only alert: the answers are kept per report).
    pub follow_ups: Vec<FollowUpDto>,
    /// Where its report's day, or its lab result's `taken_on`, falls in the treatment
    /// courses.
    pub cycle: Option<CycleDto>,
}

impl SavedAlertDto {
    pub fn from_core(
        saved: &SavedAlert,
        lang: &str,
        phones: &Phones,
        follow_ups: &[Answered],
    ) -> SavedAlertDto {
        SavedAlertDto {
            report_id: Some(saved.report_id),
            lab: None,
            recorded_at: saved.recorded_at.to_rfc3339(),
            alert: AlertDto::from_core(&saved.alert, lang, phones),
            seen_by_team_at: saved.seen_by_team_at.map(|t| t.to_rfc3339()),
            follow_ups: follow_ups
                .iter()
                .map(|a| FollowUpDto::from_core(a, lang))
                .collect(),
            cycle: None,
        }
    }

    /// A lab-only alert, with the lab result it names (`None` only if that result is
    /// gone), the answers to its follow-up (about that lab result) and where the result's
    /// day falls in `courses`.
    pub fn from_lab(
        saved: &SavedLabAlert,
        lab: Option<&LabResult>,
        follow_ups: &[Answered],
        lang: &str,
        phones: &Phones,
        courses: &[Course],
    ) -> SavedAlertDto {
        SavedAlertDto {
            report_id: None,
            lab: lab.map(LabDto::from_core),
            recorded_at: saved.raised_at.to_rfc3339(),
            alert: AlertDto::from_core(&saved.alert, lang, phones),
            seen_by_team_at: saved.seen_by_team_at.map(|t| t.to_rfc3339()),
            follow_ups: follow_ups
                .iter()
                .map(|a| FollowUpDto::from_core(a, lang))
                .collect(),
            cycle: diary_core::courses::cycle_day(courses, saved.as_of).map(|c| CycleDto {
                cycle: c.cycle,
                day: c.day,
            }),
        }
    }
}

/// One answer to "Did you reach your care team?", in words.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FollowUpDto {
    pub at: String,
    #[ts(type = "FollowUpAnswer")]
    pub answer: String,
    /// The answer in the patient's language, with what the team said.
    pub words: String,
}

impl FollowUpDto {
    pub fn from_core(a: &Answered, lang: &str) -> FollowUpDto {
        FollowUpDto {
            at: a.at.to_rfc3339(),
            answer: a.answer.as_str().to_string(),
            words: messages::followup_words(lang, a),
        }
    }
}

/// One report reduced to what the trend charts draw.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TrendPoint {
    #[ts(type = "number")]
    pub id: i64,
    pub recorded_at: String,
    #[ts(type = "Partial<Record<Rating, number>>")]
    pub ratings: BTreeMap<String, u8>,
    pub temperature_c: Option<f64>,
    pub weight_kg: Option<f64>,
    #[ts(type = "Level")]
    pub level: String,
    /// The ratings whose subject has an amber or red alert in this report (a jaundice
    /// rating is flagged by an alert on `liver`), for marking the charts.
    #[ts(type = "Rating[]")]
    pub flagged_ratings: Vec<String>,
    /// Where the report's day falls in the treatment courses ("cycle 2, day 5").
    pub cycle: Option<CycleDto>,
}

impl TrendPoint {
    /// A report read back from the care team's server (the console's patient page); it
    /// has no diary id, so `id` is its place in the list.
    pub fn from_server(index: usize, r: &diary_sync::panel::ServerReport) -> TrendPoint {
        TrendPoint {
            id: index as i64,
            recorded_at: r.recorded_at.clone(),
            ratings: r.ratings.clone(),
            temperature_c: r.temperature_c,
            weight_kg: r.weight_kg,
            level: r.level.as_str().to_string(),
            flagged_ratings: r.flagged_ratings.clone(),
            cycle: None,
        }
    }

    pub fn from_core(saved: &SavedReport, courses: &[Course]) -> TrendPoint {
        let report = &saved.report;
        TrendPoint {
            cycle: CycleDto::of(courses, &report.recorded_at),
            id: saved.id,
            recorded_at: report.recorded_at.to_rfc3339(),
            ratings: ratings(report),
            temperature_c: report.temperature_c,
            weight_kg: report.weight_kg,
            level: saved.triage.level.as_str().to_string(),
            flagged_ratings: report
                .ratings
                .keys()
                .filter(|item| {
                    let subject = diary_core::rules::rating_subject(**item);
                    saved
                        .triage
                        .alerts
                        .iter()
                        .any(|a| a.level >= Level::Amber && a.subject == subject)
                })
                .map(|item| item.as_str().to_string())
                .collect(),
        }
    }
}
