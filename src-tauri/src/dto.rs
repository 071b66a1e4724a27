//! The IPC boundary's data shapes (camelCase JSON) and their conversions to and from the
//! core model. Conversions only translate words and shapes; validation of values is the
//! core's job (`Diary::add_report`, `Diary::set_profile`), whose errors come back as
//! [`IpcError`].

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, Utc};
use diary_core::model::{
    Alert, LabResult, LabTest, LabUnit, Profile, Rating, Report, Reporter, Sign, Therapy, Triage,
};
use diary_core::store::{SavedAlert, SavedReport, Settings, StoreError, SyncSettings, SyncStatus};
use diary_core::FieldError;
use diary_sync::{InboxItem, SyncError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// An error as it crosses IPC: a stable code and one plain line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IpcError {
    pub code: String,
    pub message: String,
    /// The wrong field, when the error is about one (e.g. `temperature_c`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl IpcError {
    pub fn invalid(field: &str, message: impl Into<String>) -> IpcError {
        IpcError {
            code: "invalid_field".into(),
            message: format!("{field}: {}", message.into()),
            field: Some(field.to_string()),
        }
    }

    pub fn storage(message: impl Into<String>) -> IpcError {
        IpcError {
            code: "storage".into(),
            message: message.into(),
            field: None,
        }
    }
}

impl From<FieldError> for IpcError {
    fn from(error: FieldError) -> IpcError {
        IpcError {
            code: "invalid_field".into(),
            message: error.to_string(),
            field: Some(error.path.clone()),
        }
    }
}

impl From<SyncError> for IpcError {
    /// The code and plain words of a sync error; they never hold the token.
    fn from(error: SyncError) -> IpcError {
        match error {
            SyncError::Config(field_error) => IpcError::from(field_error),
            SyncError::Store(store_error) => IpcError::from(store_error),
            other => IpcError {
                code: other.code().to_string(),
                message: other.to_string(),
                field: None,
            },
        }
    }
}

impl From<StoreError> for IpcError {
    fn from(error: StoreError) -> IpcError {
        let field = match &error {
            StoreError::Invalid(field_error) => Some(field_error.path.clone()),
            _ => None,
        };
        IpcError {
            code: error.code().to_string(),
            message: error.to_string(),
            field,
        }
    }
}

/// The settings screen's contents: the store's settings plus the profile fields, with the
/// care team's fever threshold (blank: the ruleset's default; the core checks 37.0–39.0).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SettingsDto {
    pub language: String,
    pub user_role: String,
    pub team_phone: Option<String>,
    pub line_24h_phone: Option<String>,
    pub emergency_phone: Option<String>,
    pub reminder_time: Option<String>,
    pub reminders_on: bool,
    pub onboarded: bool,
    pub therapies: Vec<String>,
    pub usual_stools_per_day: Option<u32>,
    pub baseline_weight_kg: Option<f64>,
    pub biliary_stent: Option<bool>,
    /// The care team's fever threshold in °C; `None` uses the ruleset's default.
    #[serde(default)]
    pub fever_threshold_c: Option<f64>,
}

/// The languages the app ships, in the order the language choice lists them.
pub const LANGUAGES: &[&str] = &["en", "ru", "uz"];

impl SettingsDto {
    pub fn from_core(settings: &Settings, profile: &Profile) -> SettingsDto {
        SettingsDto {
            language: settings.language.clone(),
            user_role: settings.user_role.as_str().to_string(),
            team_phone: settings.team_phone.clone(),
            line_24h_phone: settings.line_24h_phone.clone(),
            emergency_phone: settings.emergency_phone.clone(),
            reminder_time: settings.reminder_time.clone(),
            reminders_on: settings.reminders_on,
            onboarded: settings.onboarded,
            therapies: profile
                .therapies
                .iter()
                .map(|t| t.as_str().to_string())
                .collect(),
            usual_stools_per_day: profile.usual_stools_per_day,
            baseline_weight_kg: profile.baseline_weight_kg,
            biliary_stent: profile.biliary_stent,
            fever_threshold_c: profile.fever_threshold_c,
        }
    }

    /// The store's settings and the new profile. Saving always marks the first run as
    /// done. (`_current` is the stored profile; every profile field is on the form.)
    pub fn to_core(&self, _current: &Profile) -> Result<(Settings, Profile), IpcError> {
        if !LANGUAGES.contains(&self.language.as_str()) {
            return Err(IpcError::invalid("language", "is not en, ru or uz"));
        }
        let user_role = Reporter::parse(&self.user_role)
            .ok_or_else(|| IpcError::invalid("userRole", "is not patient or caregiver"))?;
        let reminder_time = clean(&self.reminder_time);
        if let Some(time) = &reminder_time {
            if NaiveTime::parse_from_str(time, "%H:%M").is_err() {
                return Err(IpcError::invalid("reminderTime", "is not a time HH:MM"));
            }
        }
        let mut therapies = Vec::new();
        for name in &self.therapies {
            let therapy = Therapy::parse(name)
                .ok_or_else(|| IpcError::invalid("therapies", "has an unknown therapy"))?;
            if !therapies.contains(&therapy) {
                therapies.push(therapy);
            }
        }
        let settings = Settings {
            language: self.language.clone(),
            user_role,
            team_phone: clean(&self.team_phone),
            line_24h_phone: clean(&self.line_24h_phone),
            emergency_phone: clean(&self.emergency_phone),
            reminder_time,
            reminders_on: self.reminders_on,
            onboarded: true,
        };
        let profile = Profile {
            therapies,
            usual_stools_per_day: self.usual_stools_per_day,
            baseline_weight_kg: self.baseline_weight_kg,
            biliary_stent: self.biliary_stent,
            fever_threshold_c: self.fever_threshold_c,
        };
        Ok((settings, profile))
    }
}

/// Trims a text field; an empty one is absent.
fn clean(text: &Option<String>) -> Option<String> {
    text.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

/// What the home screen needs.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusDto {
    pub settings: SettingsDto,
    pub last_report_at: Option<String>,
    /// A-NO-REPORT, when the core says it applies now.
    pub no_report: Option<AlertDto>,
    pub recent: Vec<ReportDto>,
}

/// A daily report as the report screen sends it. The reporter and the time are the
/// shell's to fill in (settings and clock).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReportInput {
    #[serde(default)]
    pub ratings: BTreeMap<String, u8>,
    pub stools_above_usual: Option<u32>,
    pub vomiting_episodes: Option<u32>,
    pub temperature_c: Option<f64>,
    pub weight_kg: Option<f64>,
    #[serde(default)]
    pub signs: Vec<String>,
    pub note: Option<String>,
}

impl ReportInput {
    pub fn to_core(
        &self,
        recorded_at: DateTime<FixedOffset>,
        reporter: Reporter,
    ) -> Result<Report, IpcError> {
        let mut report = Report::new(recorded_at);
        report.reporter = reporter;
        for (name, value) in &self.ratings {
            let item = Rating::parse(name)
                .ok_or_else(|| IpcError::invalid(&format!("ratings.{name}"), "is not a symptom"))?;
            report.ratings.insert(item, *value);
        }
        report.stools_above_usual = self.stools_above_usual;
        report.vomiting_episodes = self.vomiting_episodes;
        report.temperature_c = self.temperature_c;
        report.weight_kg = self.weight_kg;
        for name in &self.signs {
            let sign = Sign::parse(name)
                .ok_or_else(|| IpcError::invalid("signs", "has an unknown sign"))?;
            if !report.signs.contains(&sign) {
                report.signs.push(sign);
            }
        }
        report.note = clean(&self.note);
        Ok(report)
    }
}

/// One alert with its words in the user's language (from `diary_core::messages`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AlertDto {
    pub rule: String,
    pub level: String,
    pub subject: String,
    /// The subject in the user's language.
    pub subject_name: String,
    /// What triggered it (the core's plain words with the numbers).
    pub detail: String,
    pub message_key: String,
    pub advice_key: Option<String>,
    /// What the alert means and what to do.
    pub message: String,
    pub advice: Option<String>,
}

/// A triage in the user's words: the headline for its level and every alert.
#[derive(Debug, Clone, PartialEq)]
pub struct Explained {
    pub headline: String,
    pub alerts: Vec<AlertDto>,
}

/// Puts a triage into words through the core's message catalogue.
pub fn explain(triage: &Triage, lang: &str, phones: &Phones) -> Explained {
    let words = diary_core::messages::explain(lang, triage, &phones.to_core());
    let alerts = triage
        .alerts
        .iter()
        .zip(words.items.iter())
        .map(|(alert, item)| AlertDto {
            rule: alert.rule.clone(),
            level: alert.level.as_str().to_string(),
            subject: alert.subject.clone(),
            subject_name: item.subject_name.clone(),
            detail: alert.detail.clone(),
            message_key: alert.message_key.clone(),
            advice_key: alert.advice_key.clone(),
            message: item.message.clone(),
            advice: item.advice.clone(),
        })
        .collect();
    Explained {
        headline: words.headline,
        alerts,
    }
}

impl AlertDto {
    /// One alert on its own (A-NO-REPORT, the alert history) in the user's words.
    pub fn from_core(alert: &Alert, lang: &str, phones: &Phones) -> AlertDto {
        let triage = Triage {
            level: alert.level,
            ruleset: diary_core::rules::RULESET_VERSION.to_string(),
            alerts: vec![alert.clone()],
        };
        explain(&triage, lang, phones)
            .alerts
            .pop()
            .expect("explain gives one entry per alert")
    }
}

/// The numbers the alert messages fill in.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Phones {
    pub team: Option<String>,
    pub line_24h: Option<String>,
    pub emergency: Option<String>,
}

impl Phones {
    pub fn from_settings(settings: &Settings) -> Phones {
        Phones {
            team: settings.team_phone.clone(),
            line_24h: settings.line_24h_phone.clone(),
            emergency: settings.emergency_phone.clone(),
        }
    }

    fn to_core(&self) -> diary_core::messages::Phones {
        diary_core::messages::Phones {
            line_24h: self.line_24h.clone(),
            emergency: self.emergency.clone(),
            care_team: self.team.clone(),
        }
    }
}

/// A saved report with its triage.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportDto {
    pub id: i64,
    pub recorded_at: String,
    pub reporter: String,
    pub ratings: BTreeMap<String, u8>,
    pub stools_above_usual: Option<u32>,
    pub vomiting_episodes: Option<u32>,
    pub temperature_c: Option<f64>,
    pub weight_kg: Option<f64>,
    pub signs: Vec<String>,
    pub note: Option<String>,
    pub level: String,
    pub ruleset: String,
    /// The one sentence that says what to do now.
    pub headline: String,
    pub alerts: Vec<AlertDto>,
    /// When the care team acknowledged this report's alert (the latest), once known.
    pub seen_by_team_at: Option<String>,
}

impl ReportDto {
    pub fn from_core(
        saved: &SavedReport,
        lang: &str,
        phones: &Phones,
        seen: &SeenByTeam,
    ) -> ReportDto {
        let report = &saved.report;
        let words = explain(&saved.triage, lang, phones);
        ReportDto {
            id: saved.id,
            recorded_at: report.recorded_at.to_rfc3339(),
            reporter: report.reporter.as_str().to_string(),
            ratings: report
                .ratings
                .iter()
                .map(|(item, value)| (item.as_str().to_string(), *value))
                .collect(),
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
            level: saved.triage.level.as_str().to_string(),
            ruleset: saved.triage.ruleset.clone(),
            headline: words.headline,
            alerts: words.alerts,
            seen_by_team_at: seen.get(&saved.id).map(|t| t.to_rfc3339()),
        }
    }
}

/// One entry of the alert history.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SavedAlertDto {
    pub report_id: i64,
    pub recorded_at: String,
    pub alert: AlertDto,
    /// When the care team acknowledged this alert, once sync has heard so.
    pub seen_by_team_at: Option<String>,
}

impl SavedAlertDto {
    pub fn from_core(saved: &SavedAlert, lang: &str, phones: &Phones) -> SavedAlertDto {
        SavedAlertDto {
            report_id: saved.report_id,
            recorded_at: saved.recorded_at.to_rfc3339(),
            alert: AlertDto::from_core(&saved.alert, lang, phones),
            seen_by_team_at: saved.seen_by_team_at.map(|t| t.to_rfc3339()),
        }
    }
}

/// One report reduced to what the trend charts draw.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TrendPoint {
    pub id: i64,
    pub recorded_at: String,
    pub ratings: BTreeMap<String, u8>,
    pub temperature_c: Option<f64>,
    pub weight_kg: Option<f64>,
    pub level: String,
    /// The subjects of this report's amber and red alerts, for marking the charts.
    pub alert_subjects: Vec<String>,
}

impl TrendPoint {
    pub fn from_core(saved: &SavedReport) -> TrendPoint {
        use diary_core::model::Level;
        let report = &saved.report;
        TrendPoint {
            id: saved.id,
            recorded_at: report.recorded_at.to_rfc3339(),
            ratings: report
                .ratings
                .iter()
                .map(|(item, value)| (item.as_str().to_string(), *value))
                .collect(),
            temperature_c: report.temperature_c,
            weight_kg: report.weight_kg,
            level: saved.triage.level.as_str().to_string(),
            alert_subjects: saved
                .triage
                .alerts
                .iter()
                .filter(|a| a.level >= Level::Amber)
                .map(|a| a.subject.clone())
                .collect(),
        }
    }
}

/// One lab test the lab-results screen offers, with the rules the core applies to it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LabTestDto {
    pub test: String,
    /// Only these units are offered for the test (the core's `LabTest::units`).
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LabDto {
    pub test: String,
    pub value: f64,
    pub unit: String,
    /// `YYYY-MM-DD`.
    pub taken_on: String,
    #[serde(default)]
    pub ref_low: Option<f64>,
    #[serde(default)]
    pub ref_high: Option<f64>,
    #[serde(default)]
    pub baseline: Option<f64>,
}

impl LabDto {
    /// The model's lab result; the words must be the vocabulary's (errors name the field
    /// as the core does, `lab.unit`); the values are the core's to check.
    pub fn to_core(&self) -> Result<LabResult, IpcError> {
        let test = LabTest::parse(&self.test)
            .ok_or_else(|| IpcError::invalid("lab.test", "is not a lab test the diary knows"))?;
        let unit = LabUnit::parse(&self.unit).ok_or_else(|| {
            IpcError::invalid(
                "lab.unit",
                format!("is not a unit for {test} (use {})", units_of(test)),
            )
        })?;
        let taken_on = NaiveDate::parse_from_str(self.taken_on.trim(), "%Y-%m-%d")
            .map_err(|_| IpcError::invalid("lab.taken_on", "is not a date YYYY-MM-DD"))?;
        Ok(LabResult {
            taken_on,
            test,
            value: self.value,
            unit,
            ref_low: self.ref_low,
            ref_high: self.ref_high,
            baseline: self.baseline,
        })
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

fn units_of(test: LabTest) -> String {
    test.units()
        .iter()
        .map(|u| u.as_str())
        .collect::<Vec<_>>()
        .join(" or ")
}

/// The lab-results screen: what can be entered, and what was saved (newest first).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LabsDto {
    pub tests: Vec<LabTestDto>,
    pub results: Vec<LabDto>,
}

/// The care-team connection as the settings screen shows it. The token is never here:
/// only whether one is saved.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncDto {
    pub enabled: bool,
    pub server_url: Option<String>,
    pub patient: Option<String>,
    pub token_saved: bool,
    pub status: SyncStatusDto,
}

/// The status line's facts; the UI puts them into words in the user's language.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncStatusDto {
    pub enabled: bool,
    pub last_sent_at: Option<String>,
    pub waiting: usize,
    pub last_error_code: Option<String>,
    /// The core's plain words (English), shown under the translated summary.
    pub last_error: Option<String>,
    pub last_error_at: Option<String>,
}

impl SyncStatusDto {
    pub fn from_core(status: &SyncStatus) -> SyncStatusDto {
        SyncStatusDto {
            enabled: status.enabled,
            last_sent_at: status.last_sent_at.map(|t| t.to_rfc3339()),
            waiting: status.waiting,
            last_error_code: status.last_error_code.clone(),
            last_error: status.last_error.clone(),
            last_error_at: status.last_error_at.map(|t| t.to_rfc3339()),
        }
    }
}

/// What the care-team connection form saves. `token`: a new token to save (replacing the
/// old one); `removeToken`: forget the saved one. Neither is ever sent back.
#[derive(Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SyncInput {
    pub enabled: bool,
    pub server_url: Option<String>,
    pub patient: Option<String>,
    #[serde(default)]
    pub token: Option<String>,
    #[serde(default)]
    pub remove_token: bool,
}

impl std::fmt::Debug for SyncInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SyncInput")
            .field("enabled", &self.enabled)
            .field("token", &self.token.as_ref().map(|_| "***"))
            .field("remove_token", &self.remove_token)
            .finish_non_exhaustive()
    }
}

impl SyncInput {
    pub fn settings(&self) -> SyncSettings {
        SyncSettings {
            enabled: self.enabled,
            server_url: clean(&self.server_url),
            patient: clean(&self.patient),
        }
    }

    /// The new token, trimmed, when one was typed.
    pub fn new_token(&self) -> Option<String> {
        clean(&self.token)
    }
}

/// One open alert of the care team's inbox, in words.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InboxItemDto {
    /// The Task's id: what acknowledging takes.
    pub id: String,
    pub level: String,
    pub rule: String,
    pub subject: String,
    /// The subject in the user's language.
    pub subject_name: String,
    pub detail: String,
    pub patient: Option<String>,
    pub recorded_at: Option<String>,
    pub report: Vec<String>,
    pub note: Option<String>,
}

impl InboxItemDto {
    pub fn from_core(item: &InboxItem, lang: &str) -> InboxItemDto {
        let subject_name =
            diary_core::messages::text(lang, &format!("subject.{}", item.subject), &[])
                .unwrap_or_else(|_| item.subject.clone());
        InboxItemDto {
            id: item.id.clone(),
            level: item.level.as_str().to_string(),
            rule: item.rule.clone(),
            subject: item.subject.clone(),
            subject_name,
            detail: item.detail.clone(),
            patient: item.patient.clone(),
            recorded_at: item.recorded_at.clone(),
            report: item.report.clone(),
            note: item.note.clone(),
        }
    }
}

/// The latest time the care team acknowledged an alert of each report.
pub type SeenByTeam = std::collections::HashMap<i64, DateTime<Utc>>;

#[cfg(test)]
mod tests {
    use super::*;

    fn dto() -> SettingsDto {
        SettingsDto {
            language: "uz".into(),
            user_role: "caregiver".into(),
            team_phone: Some(" 0300 ".into()),
            line_24h_phone: Some("".into()),
            emergency_phone: None,
            reminder_time: Some("19:30".into()),
            reminders_on: true,
            onboarded: false,
            therapies: vec!["capecitabine".into(), "capecitabine".into()],
            usual_stools_per_day: Some(2),
            baseline_weight_kg: None,
            biliary_stent: Some(true),
            fever_threshold_c: Some(38.0),
        }
    }

    #[test]
    fn settings_are_cleaned_and_mark_onboarding_done() {
        let current = Profile {
            fever_threshold_c: Some(37.8),
            ..Profile::default()
        };
        let (settings, profile) = dto().to_core(&current).unwrap();
        assert_eq!(settings.team_phone.as_deref(), Some("0300"));
        assert_eq!(settings.line_24h_phone, None);
        assert!(settings.onboarded);
        assert_eq!(settings.user_role, Reporter::Caregiver);
        assert_eq!(profile.therapies, vec![Therapy::Capecitabine]);
        assert_eq!(profile.fever_threshold_c, Some(38.0));
    }

    #[test]
    fn bad_settings_name_the_field() {
        let mut bad = dto();
        bad.reminder_time = Some("25:00".into());
        assert_eq!(
            bad.to_core(&Profile::default())
                .unwrap_err()
                .field
                .as_deref(),
            Some("reminderTime")
        );
        let mut bad = dto();
        bad.language = "fr".into();
        assert_eq!(
            bad.to_core(&Profile::default()).unwrap_err().code,
            "invalid_field"
        );
    }

    #[test]
    fn report_input_maps_to_the_model() {
        let input: ReportInput = serde_json::from_value(serde_json::json!({
            "ratings": {"fatigue": 2, "jaundice": 1},
            "temperatureC": 38.2,
            "signs": ["shivering", "shivering"],
            "note": "  <img src=x onerror=alert(1)>  "
        }))
        .unwrap();
        let at = DateTime::parse_from_rfc3339("2026-11-20T08:30:00+05:00").unwrap();
        let report = input.to_core(at, Reporter::Caregiver).unwrap();
        assert_eq!(report.rating(Rating::Fatigue), Some(2));
        assert_eq!(report.temperature_c, Some(38.2));
        assert_eq!(report.signs, vec![Sign::Shivering]);
        assert_eq!(report.reporter, Reporter::Caregiver);
        assert_eq!(report.note.as_deref(), Some("<img src=x onerror=alert(1)>"));
    }

    #[test]
    fn unknown_words_are_refused() {
        let input: ReportInput =
            serde_json::from_value(serde_json::json!({"ratings": {"happiness": 2}})).unwrap();
        let at = DateTime::parse_from_rfc3339("2026-11-20T08:30:00+05:00").unwrap();
        assert_eq!(
            input.to_core(at, Reporter::Patient).unwrap_err().code,
            "invalid_field"
        );
        assert!(serde_json::from_value::<ReportInput>(serde_json::json!({"mood": 1})).is_err());
    }

    #[test]
    fn lab_words_are_the_vocabulary_and_a_wrong_unit_names_the_field() {
        let lab: LabDto = serde_json::from_value(serde_json::json!({
            "test": "bilirubin", "value": 70.0, "unit": "umol/L", "takenOn": "2026-11-20",
            "refHigh": 21.0
        }))
        .unwrap();
        let core = lab.to_core().unwrap();
        assert_eq!(core.test, LabTest::Bilirubin);
        assert_eq!(core.ref_high, Some(21.0));
        assert_eq!(LabDto::from_core(&core), lab);
        let mut bad = lab.clone();
        bad.unit = "furlongs".into();
        assert_eq!(
            bad.to_core().unwrap_err().field.as_deref(),
            Some("lab.unit")
        );
        let mut bad = lab;
        bad.taken_on = "20.11.2026".into();
        assert_eq!(
            bad.to_core().unwrap_err().field.as_deref(),
            Some("lab.taken_on")
        );
        let tests = LabTestDto::all();
        let alt = tests.iter().find(|t| t.test == "alt").unwrap();
        assert_eq!(alt.units, vec!["U/L".to_string()]);
        assert!(alt.needs_ref_high && !alt.needs_ref_low);
    }

    #[test]
    fn the_token_never_shows_in_debug_and_sync_errors_name_the_field() {
        let input: SyncInput = serde_json::from_value(serde_json::json!({
            "enabled": true, "serverUrl": " https://fhir.example/r4 ", "patient": "",
            "token": "s3cret-token"
        }))
        .unwrap();
        assert!(!format!("{input:?}").contains("s3cret"));
        let settings = input.settings();
        assert_eq!(
            settings.server_url.as_deref(),
            Some("https://fhir.example/r4")
        );
        assert_eq!(settings.patient, None);
        let error = IpcError::from(SyncError::Config(
            diary_core::store::validate_base_url("http://example.org", "sync.server_url")
                .unwrap_err(),
        ));
        assert_eq!(error.code, "invalid_field");
        assert_eq!(error.field.as_deref(), Some("sync.server_url"));
        assert!(error.message.contains("https"), "{}", error.message);
    }
}
