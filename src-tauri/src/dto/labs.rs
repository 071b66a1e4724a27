//! The lab results screen's shapes: the tests it offers with the core's rules for each
//! ([`LabTestDto`]), a result as entered and shown back ([`LabDto`]), and the screen's
//! contents with the triage of the result just entered ([`LabsDto`]).

use super::{IpcError, TriageDto};
use chrono::NaiveDate;
use diary_core::input::LabWords;
use diary_core::model::{LabResult, LabTest};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One lab test the lab-results screen offers, with the rules the core applies to it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LabTestDto {
    #[ts(type = "LabTest")]
    pub test: String,
    /// Only these units are offered for the test (the core's `LabTest::units`).
    #[ts(type = "LabUnit[]")]
    pub units: Vec<String>,
    pub needs_ref_high: bool,
    pub needs_ref_low: bool,
}

impl LabTestDto {
    pub fn all() -> Vec<LabTestDto> {
        LabTest::ALL
            .iter()
            .map(|test| LabTestDto {
                test: test.as_str().to_string(),
                units: test
                    .units()
                    .iter()
                    .map(|u| u.as_str().to_string())
                    .collect(),
                needs_ref_high: test.needs_ref_high(),
                needs_ref_low: test.needs_ref_low(),
            })
            .collect()
    }
}

/// A lab result as the screen sends it and shows it back (field names as the core's).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LabDto {
    #[ts(type = "LabTest")]
    pub test: String,
    pub value: f64,
    #[ts(type = "LabUnit")]
    pub unit: String,
    /// `YYYY-MM-DD`.
    pub taken_on: String,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub ref_low: Option<f64>,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub ref_high: Option<f64>,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub baseline: Option<f64>,
}

impl LabDto {
    /// The model's lab result (through `diary_core::input`, whose errors name `lab.test`,
    /// `lab.unit`, `lab.taken_on`); `today` stands in for a blank date.
    pub fn to_core(&self, today: NaiveDate) -> Result<LabResult, IpcError> {
        Ok(LabWords {
            test: self.test.clone(),
            value: self.value,
            unit: self.unit.clone(),
            taken_on: Some(self.taken_on.clone()),
            ref_low: self.ref_low,
            ref_high: self.ref_high,
            baseline: self.baseline,
        }
        .to_lab(today)?)
    }

    pub fn from_core(lab: &LabResult) -> LabDto {
        LabDto {
            test: lab.test.as_str().to_string(),
            value: lab.value,
            unit: lab.unit.as_str().to_string(),
            taken_on: lab.taken_on.format("%Y-%m-%d").to_string(),
            ref_low: lab.ref_low,
            ref_high: lab.ref_high,
            baseline: lab.baseline,
        }
    }
}

/// The lab-results screen: what can be entered, what was saved (newest first), and the
/// lab-only triage of the result just entered.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LabsDto {
    pub tests: Vec<LabTestDto>,
    pub results: Vec<LabDto>,
    /// After a result is saved: what it means, at once (A-LAB, G-LAB).
    pub entered: Option<TriageDto>,
    /// After a result whose triage is amber or red: what became of the alert, in the
    /// user's language (kept and sent at the next sync, or nobody else sees it).
    #[ts(optional = nullable)]
    pub kept: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lab_words_are_the_vocabulary_and_a_wrong_unit_names_the_field() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        let lab: LabDto = serde_json::from_value(serde_json::json!({
            "test": "bilirubin", "value": 70.0, "unit": "umol/L", "takenOn": "2026-11-20",
            "refHigh": 21.0
        }))
        .unwrap();
        let core = lab.to_core(today).unwrap();
        assert_eq!(core.test, LabTest::Bilirubin);
        assert_eq!(core.ref_high, Some(21.0));
        assert_eq!(LabDto::from_core(&core), lab);
        let mut bad = lab.clone();
        bad.unit = "furlongs".into();
        assert_eq!(
            bad.to_core(today).unwrap_err().field.as_deref(),
            Some("lab.unit")
        );
        let mut bad = lab;
        bad.taken_on = "20.11.2026".into();
        assert_eq!(
            bad.to_core(today).unwrap_err().field.as_deref(),
            Some("lab.taken_on")
        );
        let tests = LabTestDto::all();
        let alt = tests.iter().find(|t| t.test == "alt").unwrap();
        assert_eq!(alt.units, vec!["U/L".to_string()]);
        assert!(alt.needs_ref_high && !alt.needs_ref_low);
    }
}
