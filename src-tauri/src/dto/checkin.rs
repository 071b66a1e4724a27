//! The weekly check-in screen's shapes: the answers as the screen sends them
//! ([`CheckinInput`]) and a saved check-in with its triage in words ([`CheckinDto`]).

use super::{SeenByTeam, StandingDto, TriageDto};
use diary_core::input::CheckinWords;
use diary_core::messages::{self, Phones};
use diary_core::store::SavedCheckin;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A weekly check-in as the check-in screen sends it. Who answers (the settings' role) and
/// when (the clock) are the shell's to fill in. A question not asked is left out.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CheckinInput {
    #[serde(default)]
    #[ts(optional)]
    pub phq2: Option<[u8; 2]>,
    #[serde(default)]
    #[ts(optional)]
    pub gad2: Option<[u8; 2]>,
    #[serde(default)]
    #[ts(optional)]
    pub self_harm_thoughts: Option<bool>,
    #[serde(default)]
    #[ts(optional)]
    pub function: Option<u8>,
    #[serde(default)]
    #[ts(optional)]
    pub social: Option<u8>,
    #[serde(default)]
    #[ts(optional)]
    pub eating: Option<u8>,
    #[serde(default)]
    #[ts(optional)]
    pub caregiver_strain: Option<u8>,
}

impl CheckinInput {
    pub fn to_words(&self) -> CheckinWords {
        CheckinWords {
            phq2: self.phq2,
            gad2: self.gad2,
            self_harm_thoughts: self.self_harm_thoughts,
            function: self.function,
            social: self.social,
            eating: self.eating,
            caregiver_strain: self.caregiver_strain,
        }
    }
}

/// A saved weekly check-in with its triage in words (`messages::explain_checkin`: with
/// self-harm thoughts, the emergency number first).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CheckinDto {
    #[ts(type = "number")]
    pub id: i64,
    pub answered_at: String,
    #[ts(type = "Reporter")]
    pub reporter: String,
    pub phq2: Option<[u8; 2]>,
    pub gad2: Option<[u8; 2]>,
    pub phq2_total: Option<u8>,
    pub gad2_total: Option<u8>,
    pub self_harm_thoughts: Option<bool>,
    pub function: u8,
    pub social: u8,
    pub eating: u8,
    pub caregiver_strain: Option<u8>,
    #[serde(flatten)]
    #[ts(flatten)]
    pub triage: TriageDto,
    /// When the care team acknowledged this check-in's alert (the latest), once known.
    pub seen_by_team_at: Option<String>,
    /// Where its alerts stand (amber only).
    pub standing: Option<StandingDto>,
}

impl CheckinDto {
    pub fn from_core(
        saved: &SavedCheckin,
        lang: &str,
        phones: &Phones,
        seen: &SeenByTeam,
    ) -> CheckinDto {
        let words = messages::explain_checkin(lang, &saved.triage, phones);
        CheckinDto::from_words(saved, words, seen, phones)
    }

    /// The check-in with the words the core chose for its triage
    /// (`messages::explain_checkin`).
    pub fn from_words(
        saved: &SavedCheckin,
        words: messages::Explanation,
        seen: &SeenByTeam,
        phones: &Phones,
    ) -> CheckinDto {
        let c = &saved.checkin;
        let t = c.answered_at.with_timezone(&chrono::Utc);
        let standing = seen.standing(saved.id, saved.triage.level, t, &words.language, phones);
        CheckinDto {
            triage: TriageDto::from_words(&saved.triage, words),
            id: saved.id,
            answered_at: c.answered_at.to_rfc3339(),
            reporter: c.reporter.as_str().to_string(),
            phq2: c.phq2,
            gad2: c.gad2,
            phq2_total: c.phq2_total(),
            gad2_total: c.gad2_total(),
            self_harm_thoughts: c.self_harm_thoughts,
            function: c.function,
            social: c.social,
            eating: c.eating,
            caregiver_strain: c.caregiver_strain,
            seen_by_team_at: seen.seen_at(saved.id),
            standing,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::IpcError;
    use super::*;
    use chrono::{DateTime, Utc};
    use diary_core::model::Reporter;

    /// A check-in from the window: the words the CLI reads, the same refusals (naming the
    /// field), and its result with the emergency number first for self-harm thoughts.
    #[test]
    fn checkin_input_maps_to_the_model_and_its_result_puts_the_emergency_number_first() {
        let input: CheckinInput = serde_json::from_value(serde_json::json!({
            "phq2": [2, 2], "gad2": [1, 0], "selfHarmThoughts": true,
            "function": 1, "social": 0, "eating": 0
        }))
        .unwrap();
        let at = DateTime::parse_from_rfc3339("2026-11-19T18:00:00+05:00").unwrap();
        let checkin = input.to_words().to_checkin(at, Reporter::Patient).unwrap();
        let mut diary = diary_core::store::Diary::open_in_memory().unwrap();
        let now = DateTime::parse_from_rfc3339("2026-11-20T00:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let saved = diary.save_checkin(checkin, now).unwrap();
        // Inside the care team's office hours: emergency first, then the team.
        let phones = Phones {
            emergency: Some("103".into()),
            care_team: Some("0300".into()),
            office_open: true,
            ..Phones::default()
        };
        let dto = CheckinDto::from_core(&saved, "ru", &phones, &Default::default());
        assert_eq!(dto.triage.level, "amber");
        assert_eq!(dto.phq2_total, Some(4));
        let lines: Vec<&str> = dto.triage.calls.iter().map(|c| c.line.as_str()).collect();
        assert_eq!(lines, ["emergency", "care_team"]);
        // Outside them: emergency, the 24-hour line, then the team.
        let closed = Phones {
            office_open: false,
            ..phones.clone()
        };
        let dto = CheckinDto::from_core(&saved, "ru", &closed, &Default::default());
        let lines: Vec<&str> = dto.triage.calls.iter().map(|c| c.line.as_str()).collect();
        assert_eq!(lines, ["emergency", "line_24h", "care_team"]);
        let json = serde_json::to_value(&dto).unwrap();
        assert_eq!(json["selfHarmThoughts"], true);
        assert_eq!(json["alerts"][0]["rule"], "A-SELF-HARM");
        // A caregiver's check-in with PHQ-2 is refused by the store, naming the field.
        let carer = input
            .to_words()
            .to_checkin(at, Reporter::Caregiver)
            .unwrap();
        let error = IpcError::from(diary.save_checkin(carer, now).unwrap_err());
        assert_eq!(error.field.as_deref(), Some("checkin.phq2"));
        assert!(serde_json::from_value::<CheckinInput>(serde_json::json!({"mood": 1})).is_err());
    }
}
