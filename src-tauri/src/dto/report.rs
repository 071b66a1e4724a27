//! The daily report's shapes: the report as the report screen sends it
//! ([`ReportInput`]) and a saved report with its triage in words ([`ReportDto`]), as the
//! report, home and history screens show it.

use super::{CycleDto, SeenByTeam, StandingDto, TriageDto};
use diary_core::input::ReportWords;
use diary_core::messages::{self, Phones};
use diary_core::model::Course;
use diary_core::store::SavedReport;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

/// A daily report as the report screen sends it. The reporter and the time are the
/// shell's to fill in (settings and clock).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReportInput {
    #[serde(default)]
    #[ts(type = "Partial<Record<Rating, number>>")]
    pub ratings: BTreeMap<String, u8>,
    #[ts(optional)]
    pub stools_above_usual: Option<u32>,
    #[ts(optional)]
    pub vomiting_episodes: Option<u32>,
    #[ts(optional)]
    pub temperature_c: Option<f64>,
    #[ts(optional)]
    pub weight_kg: Option<f64>,
    #[serde(default)]
    #[ts(type = "Sign[]")]
    pub signs: Vec<String>,
    /// "None of these" on the warning-sign checklist.
    #[serde(default)]
    pub none_of_the_signs: bool,
    #[ts(optional)]
    pub note: Option<String>,
}

impl ReportInput {
    pub fn to_words(&self) -> ReportWords {
        ReportWords {
            ratings: self
                .ratings
                .iter()
                .map(|(name, value)| (name.clone(), *value))
                .collect(),
            stools_above_usual: self.stools_above_usual,
            vomiting_episodes: self.vomiting_episodes,
            temperature_c: self.temperature_c,
            weight_kg: self.weight_kg,
            signs: self.signs.clone(),
            none_of_the_signs: self.none_of_the_signs,
            note: self.note.clone(),
        }
    }
}

/// A saved report with its triage.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReportDto {
    #[ts(type = "number")]
    pub id: i64,
    pub recorded_at: String,
    #[ts(type = "Reporter")]
    pub reporter: String,
    #[ts(type = "Partial<Record<Rating, number>>")]
    pub ratings: BTreeMap<String, u8>,
    pub stools_above_usual: Option<u32>,
    pub vomiting_episodes: Option<u32>,
    pub temperature_c: Option<f64>,
    pub weight_kg: Option<f64>,
    #[ts(type = "Sign[]")]
    pub signs: Vec<String>,
    pub note: Option<String>,
    /// Whether the warning-sign checklist was answered.
    pub screened: bool,
    /// Its triage in words: level, ruleset, headline, the numbers to call, the alerts.
    #[serde(flatten)]
    #[ts(flatten)]
    pub triage: TriageDto,
    /// When the care team acknowledged this report's alert (the latest), once known.
    pub seen_by_team_at: Option<String>,
    /// Where its alerts stand (red and amber only).
    pub standing: Option<StandingDto>,
    /// Where its day falls in the treatment courses, when the caller asked.
    pub cycle: Option<CycleDto>,
}

impl ReportDto {
    pub fn from_core(
        saved: &SavedReport,
        lang: &str,
        phones: &Phones,
        seen: &SeenByTeam,
    ) -> ReportDto {
        let words = messages::explain_report(lang, &saved.triage, saved.report.screened, phones);
        ReportDto::from_words(saved, words, seen, phones)
    }

    /// The report with the words the core chose for its triage (`messages::explain_report`).
    pub fn from_words(
        saved: &SavedReport,
        words: messages::Explanation,
        seen: &SeenByTeam,
        phones: &Phones,
    ) -> ReportDto {
        let report = &saved.report;
        let t = report.recorded_at.with_timezone(&chrono::Utc);
        let standing = seen.standing(saved.id, saved.triage.level, t, &words.language, phones);
        ReportDto {
            triage: TriageDto::from_words(&saved.triage, words),
            id: saved.id,
            recorded_at: report.recorded_at.to_rfc3339(),
            reporter: report.reporter.as_str().to_string(),
            ratings: ratings(&saved.report),
            stools_above_usual: report.stools_above_usual,
            vomiting_episodes: report.vomiting_episodes,
            temperature_c: report.temperature_c,
            weight_kg: report.weight_kg,
            signs: report
                .signs
                .iter()
                .map(|s| s.as_str().to_string())
                .collect(),
            note: report.note.clone(),
            screened: report.screened,
            seen_by_team_at: seen.seen_at(saved.id),
            standing,
            cycle: None,
        }
    }

    /// The same, with its place in the treatment courses.
    pub fn in_courses(mut self, courses: &[Course], saved: &SavedReport) -> ReportDto {
        self.cycle = CycleDto::of(courses, &saved.report.recorded_at);
        self
    }
}

/// A report's ratings by their spelling.
pub(super) fn ratings(report: &diary_core::model::Report) -> BTreeMap<String, u8> {
    report
        .ratings
        .iter()
        .map(|(item, value)| (item.as_str().to_string(), *value))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::IpcError;
    use super::*;
    use chrono::{DateTime, Utc};
    use diary_core::model::{Rating, Reporter, Sign};

    #[test]
    fn report_input_maps_to_the_model_and_refuses_what_the_cli_refuses() {
        let input: ReportInput = serde_json::from_value(serde_json::json!({
            "ratings": {"fatigue": 2, "jaundice": 1},
            "temperatureC": 38.2,
            "signs": ["shivering"],
            "note": "  <img src=x onerror=alert(1)>  "
        }))
        .unwrap();
        let at = DateTime::parse_from_rfc3339("2026-11-20T08:30:00+05:00").unwrap();
        let report = input.to_words().to_report(at, Reporter::Caregiver).unwrap();
        assert_eq!(report.rating(Rating::Fatigue), Some(2));
        assert_eq!(report.temperature_c, Some(38.2));
        assert_eq!(report.signs, vec![Sign::Shivering]);
        assert_eq!(report.note.as_deref(), Some("<img src=x onerror=alert(1)>"));
        // A sign given twice is refused here as in `diary log`, never silently dropped.
        let twice: ReportInput =
            serde_json::from_value(serde_json::json!({"signs": ["shivering", "shivering"]}))
                .unwrap();
        let error = IpcError::from(
            twice
                .to_words()
                .to_report(at, Reporter::Patient)
                .unwrap_err(),
        );
        assert_eq!(error.field.as_deref(), Some("report.signs[1]"));
        assert!(serde_json::from_value::<ReportInput>(serde_json::json!({"mood": 1})).is_err());
    }

    /// A report saved in a diary of its own, as the window receives it in `lang`, with a
    /// 24-hour line and an emergency number but no care-team number (and no office hours).
    fn saved_as_dto(lang: &str, fill: impl FnOnce(&mut diary_core::model::Report)) -> ReportDto {
        let mut diary = diary_core::store::Diary::open_in_memory().unwrap();
        let at = DateTime::parse_from_rfc3339("2026-11-20T08:30:00+05:00").unwrap();
        let mut report = diary_core::model::Report::new(at);
        fill(&mut report);
        let now = at.with_timezone(&Utc) + chrono::Duration::minutes(1);
        let saved = diary.add_report(report, now).unwrap();
        let phones = Phones {
            line_24h: Some("0300 999 000".into()),
            emergency: Some("103".into()),
            care_team: None,
            office_open: false,
        };
        ReportDto::from_core(&saved, lang, &phones, &SeenByTeam::default())
    }

    #[test]
    fn a_report_carries_the_cores_numbers_to_call() {
        let dto = saved_as_dto("ru", |r| {
            r.ratings.insert(Rating::Pain, 3);
        });
        assert_eq!(dto.triage.level, "amber");
        // No team number: amber shows the 24-hour line, as the headline says.
        assert_eq!(dto.triage.calls.len(), 1);
        assert_eq!(dto.triage.calls[0].line, "line_24h");
        assert_eq!(dto.triage.calls[0].text, "0300 999 000");
        assert!(
            dto.triage.headline.contains("0300 999 000"),
            "{}",
            dto.triage.headline
        );
    }

    #[test]
    fn chest_pain_shows_the_emergency_number_first() {
        let dto = saved_as_dto("en", |r| r.signs.push(Sign::ChestPain));
        assert_eq!(dto.triage.level, "red");
        let lines: Vec<&str> = dto.triage.calls.iter().map(|c| c.line.as_str()).collect();
        assert_eq!(lines, ["emergency", "line_24h"]);
        assert!(
            dto.triage.headline.starts_with("Call 103 now"),
            "{}",
            dto.triage.headline
        );
    }
}
