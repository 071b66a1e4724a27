//! The IPC boundary's data shapes (camelCase JSON) and their conversions to and from the
//! core model. Conversions only translate shapes: words become the vocabulary through
//! `diary_core::input`, and values are checked by the core (`Diary::add_report`,
//! `Diary::set_settings`, …), whose errors come back as [`IpcError`]. Every shape derives
//! `ts_rs::TS`, so the window's TypeScript types are generated from these
//! (`ui/src/ipc/bindings.ts`, checked by `bindings::the_generated_file_is_current`).

use chrono::{DateTime, NaiveDate, Utc};
use diary_core::followup::Answered;
use diary_core::input::{self, CheckinWords, LabWords, ReportWords};
use diary_core::messages::{self, Call, ExplainedAlert, Phones};
use diary_core::model::Course;
use diary_core::model::{Alert, Drug, LabResult, LabTest, Level, Profile, Weekday};
use diary_core::store::{
    SavedAlert, SavedCheckin, SavedReport, Settings, StoreError, SyncSettings, SyncStatus,
};
use diary_core::treatments::{self, Treatments};
use diary_core::{ErrorCode, FieldError};
use diary_sync::{InboxItem, SyncError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

/// An error as it crosses IPC: a stable code and one plain line.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct IpcError {
    #[ts(type = "ErrorCode")]
    pub code: ErrorCode,
    pub message: String,
    /// The wrong field, when the error is about one (e.g. `report.temperature_c`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<String>,
}

impl IpcError {
    pub fn invalid(field: &str, message: impl Into<String>) -> IpcError {
        IpcError::from(FieldError::new(field, message))
    }

    pub fn storage(message: impl Into<String>) -> IpcError {
        IpcError {
            code: ErrorCode::Storage,
            message: message.into(),
            field: None,
        }
    }

    pub fn io(message: impl Into<String>) -> IpcError {
        IpcError {
            code: ErrorCode::Io,
            message: message.into(),
            field: None,
        }
    }
}

impl From<FieldError> for IpcError {
    fn from(error: FieldError) -> IpcError {
        IpcError {
            code: ErrorCode::InvalidField,
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
                code: other.code(),
                message: other.to_string(),
                field: None,
            },
        }
    }
}

impl From<StoreError> for IpcError {
    fn from(error: StoreError) -> IpcError {
        match error {
            StoreError::Invalid(field_error) => IpcError::from(field_error),
            other => IpcError {
                code: other.code(),
                message: other.to_string(),
                field: None,
            },
        }
    }
}

/// The settings screen's contents: the store's settings plus the profile fields, with the
/// care team's fever threshold (blank: the ruleset's default; the core checks 37.0–39.0).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SettingsDto {
    #[ts(type = "Language")]
    pub language: String,
    #[ts(type = "Reporter")]
    pub user_role: String,
    pub team_phone: Option<String>,
    pub line_24h_phone: Option<String>,
    pub emergency_phone: Option<String>,
    pub reminder_time: Option<String>,
    pub reminders_on: bool,
    pub onboarded: bool,
    /// The treatments picked by name.
    #[serde(default)]
    #[ts(type = "Drug[]")]
    pub drugs: Vec<String>,
    /// Classes saved without a drug name (an older diary, an import), kept until named.
    #[ts(type = "Therapy[]")]
    pub therapies: Vec<String>,
    pub usual_stools_per_day: Option<u32>,
    pub baseline_weight_kg: Option<f64>,
    pub biliary_stent: Option<bool>,
    /// The care team's fever threshold in °C; `None` uses the ruleset's default.
    #[serde(default)]
    pub fever_threshold_c: Option<f64>,
    /// The day of the weekly check-in's reminder (at the daily reminder's time).
    #[serde(default = "monday")]
    #[ts(type = "Weekday")]
    pub checkin_day: String,
}

fn monday() -> String {
    Weekday::Monday.as_str().to_string()
}

impl SettingsDto {
    pub fn from_core(settings: &Settings, profile: &Profile, t: &Treatments) -> SettingsDto {
        SettingsDto {
            language: settings.language.clone(),
            user_role: settings.user_role.as_str().to_string(),
            team_phone: settings.team_phone.clone(),
            line_24h_phone: settings.line_24h_phone.clone(),
            emergency_phone: settings.emergency_phone.clone(),
            reminder_time: settings.reminder_time.clone(),
            reminders_on: settings.reminders_on,
            onboarded: settings.onboarded,
            drugs: t.drugs.iter().map(|d| d.as_str().to_string()).collect(),
            therapies: treatments::unnamed_classes(profile, &t.drugs)
                .iter()
                .map(|t| t.as_str().to_string())
                .collect(),
            usual_stools_per_day: profile.usual_stools_per_day,
            baseline_weight_kg: profile.baseline_weight_kg,
            biliary_stent: profile.biliary_stent,
            fever_threshold_c: profile.fever_threshold_c,
            checkin_day: settings.checkin_day.as_str().to_string(),
        }
    }

    /// The store's settings, the new profile (its classes: those kept without a drug
    /// name) and the drugs picked by name (the store checks the values). Saving always
    /// marks the first run as done.
    pub fn to_core(&self) -> Result<(Settings, Profile, Vec<Drug>), IpcError> {
        let settings = Settings {
            language: self.language.clone(),
            user_role: input::reporter(&self.user_role, "settings.user_role")?,
            team_phone: clean(&self.team_phone),
            line_24h_phone: clean(&self.line_24h_phone),
            emergency_phone: clean(&self.emergency_phone),
            reminder_time: clean(&self.reminder_time),
            reminders_on: self.reminders_on,
            onboarded: true,
            checkin_day: Weekday::parse(self.checkin_day.trim()).ok_or_else(|| {
                FieldError::new(
                    "settings.checkin_day",
                    format!(
                        "\"{}\" is not a day of the week (monday … sunday)",
                        self.checkin_day
                    ),
                )
            })?,
        };
        let profile = Profile {
            therapies: input::therapies(&self.therapies, "profile.therapies")?,
            usual_stools_per_day: self.usual_stools_per_day,
            baseline_weight_kg: self.baseline_weight_kg,
            biliary_stent: self.biliary_stent,
            fever_threshold_c: self.fever_threshold_c,
        };
        let drugs = input::drugs(&self.drugs, "profile.drugs")?;
        Ok((settings, profile, drugs))
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
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StatusDto {
    pub settings: SettingsDto,
    pub treatments: TreatmentsDto,
    /// The red and amber reports "Did you reach your care team?" is due about, newest first.
    pub follow_ups_due: Vec<ReportDto>,
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
}

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
}

impl CheckinDto {
    pub fn from_core(
        saved: &SavedCheckin,
        lang: &str,
        phones: &Phones,
        seen: &SeenByTeam,
    ) -> CheckinDto {
        let c = &saved.checkin;
        CheckinDto {
            triage: TriageDto::from_words(
                &saved.triage,
                messages::explain_checkin(lang, &saved.triage, phones),
            ),
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
            seen_by_team_at: seen.get(&saved.id).map(|t| t.to_rfc3339()),
        }
    }
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

/// The treatments' questions and cards, for the home screen and the treatments screen.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TreatmentsDto {
    /// "Are you still on these treatments?" is due (every 28 days).
    pub review_due: bool,
    /// "Which CDK4/6 tablet do you take?" is to be asked (once).
    pub asks_which_cdk46: bool,
    /// The drugs that answer it, in order.
    #[ts(type = "Drug[]")]
    pub cdk46_drugs: Vec<String>,
    /// The drugs picked by name, in the patient's language.
    pub drug_names: Vec<String>,
    /// One card per listed class.
    pub cards: Vec<TherapyCardDto>,
}

/// What to watch for on one class of treatment, and why.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TherapyCardDto {
    #[ts(type = "Therapy")]
    pub therapy: String,
    pub title: String,
    pub watch: String,
    pub infection: Option<String>,
}

impl TreatmentsDto {
    pub fn from_core(
        profile: &Profile,
        t: &Treatments,
        lang: &str,
        today: NaiveDate,
    ) -> TreatmentsDto {
        TreatmentsDto {
            review_due: treatments::review_due(profile, t, today),
            asks_which_cdk46: treatments::asks_which_cdk46(profile, t),
            cdk46_drugs: treatments::CDK46_DRUGS
                .iter()
                .map(|d| d.as_str().to_string())
                .collect(),
            drug_names: t
                .drugs
                .iter()
                .map(|d| messages::name(lang, &format!("drug.{d}")))
                .collect(),
            cards: profile
                .therapies
                .iter()
                .map(|therapy| {
                    let card = messages::therapy_card(lang, *therapy);
                    TherapyCardDto {
                        therapy: therapy.as_str().to_string(),
                        title: card.title,
                        watch: card.watch,
                        infection: card.infection,
                    }
                })
                .collect(),
        }
    }
}

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

/// One alert with its words in the user's language (from `diary_core::messages`).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AlertDto {
    #[ts(type = "RuleId")]
    pub rule: String,
    #[ts(type = "Level")]
    pub level: String,
    #[ts(type = "Subject")]
    pub subject: String,
    /// The subject in the user's language.
    pub subject_name: String,
    /// What triggered it (the core's plain words with the numbers).
    pub detail: String,
    /// What the alert means and what to do.
    pub message: String,
    pub advice: Option<String>,
}

impl AlertDto {
    pub fn from_words(words: &ExplainedAlert) -> AlertDto {
        AlertDto {
            rule: words.rule.to_string(),
            level: words.level.as_str().to_string(),
            subject: words.subject.to_string(),
            subject_name: words.subject_name.clone(),
            detail: words.detail.clone(),
            message: words.message.clone(),
            advice: words.advice.clone(),
        }
    }

    /// One alert on its own (A-NO-REPORT, the alert history) in the user's words.
    pub fn from_core(alert: &Alert, lang: &str, phones: &Phones) -> AlertDto {
        AlertDto::from_words(&messages::explain_alert(lang, alert, phones))
    }
}

/// A number to call, in words: the core decides which numbers a level shows
/// (`messages::calls`).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CallDto {
    #[ts(type = "Line")]
    pub line: String,
    pub label: String,
    /// The number, or the words that say it is not set.
    pub text: String,
    pub number_set: bool,
}

impl CallDto {
    pub fn from_core(call: &Call) -> CallDto {
        CallDto {
            line: call.line.as_str().to_string(),
            label: call.label.clone(),
            text: call.text.clone(),
            number_set: call.number.is_some(),
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
        let report = &saved.report;
        let words = messages::explain_report(lang, &saved.triage, report.screened, phones);
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
            seen_by_team_at: seen.get(&saved.id).map(|t| t.to_rfc3339()),
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
fn ratings(report: &diary_core::model::Report) -> BTreeMap<String, u8> {
    report
        .ratings
        .iter()
        .map(|(item, value)| (item.as_str().to_string(), *value))
        .collect()
}

/// One entry of the alert history.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SavedAlertDto {
    #[ts(type = "number")]
    pub report_id: i64,
    pub recorded_at: String,
    pub alert: AlertDto,
    /// When the care team acknowledged this alert, once sync has heard so.
    pub seen_by_team_at: Option<String>,
    /// The answers to "Did you reach your care team?" about its report, oldest first.
    pub follow_ups: Vec<FollowUpDto>,
    /// Where its report's day falls in the treatment courses.
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
            report_id: saved.report_id,
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

/// A day's place in the treatment courses.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CycleDto {
    /// The cycle from 1; `None` for a continuous treatment.
    pub cycle: Option<u32>,
    /// The day of the cycle (or of the continuous course) from 1.
    pub day: u32,
}

impl CycleDto {
    /// Where the local day of `at` falls in `courses`.
    pub fn of(courses: &[Course], at: &DateTime<chrono::FixedOffset>) -> Option<CycleDto> {
        diary_core::courses::cycle_day(courses, at.date_naive()).map(|c| CycleDto {
            cycle: c.cycle,
            day: c.day,
        })
    }
}

/// A question for the next clinic visit.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QuestionDto {
    pub id: String,
    pub added_at: String,
    pub text: String,
}

impl QuestionDto {
    pub fn from_core(q: &diary_core::store::VisitQuestion) -> QuestionDto {
        QuestionDto {
            id: q.id.clone(),
            added_at: q.added_at.to_rfc3339(),
            text: q.text.clone(),
        }
    }
}

/// A treatment course as the courses screen shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CourseDto {
    pub id: String,
    #[ts(type = "Drug[]")]
    pub drugs: Vec<String>,
    /// The drugs in the patient's language.
    pub drug_names: Vec<String>,
    pub started_on: String,
    pub cycle_days: Option<u32>,
    pub ended_on: Option<String>,
    /// The first day of each cycle up to `until` (or the end), `YYYY-MM-DD`, with its number.
    pub cycle_starts: Vec<CycleStartDto>,
}

/// A cycle's first day.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CycleStartDto {
    pub on: String,
    pub cycle: Option<u32>,
}

impl CourseDto {
    pub fn from_core(all: &[Course], index: usize, lang: &str, until: NaiveDate) -> CourseDto {
        let c = &all[index];
        let day = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
        CourseDto {
            id: c.id.clone().unwrap_or_default(),
            drugs: c.drugs.iter().map(|d| d.as_str().to_string()).collect(),
            drug_names: c
                .drugs
                .iter()
                .map(|d| messages::name(lang, &format!("drug.{d}")))
                .collect(),
            started_on: day(c.started_on),
            cycle_days: c.cycle_days,
            ended_on: c.ended_on.map(day),
            cycle_starts: diary_core::courses::cycle_starts(all, c.started_on, until)
                .into_iter()
                .filter(|(_, _, i)| *i == index)
                .map(|(on, cycle, _)| CycleStartDto { on: day(on), cycle })
                .collect(),
        }
    }
}

/// A new course as the courses screen sends it.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CourseInput {
    #[ts(type = "Drug[]")]
    pub drugs: Vec<String>,
    /// `YYYY-MM-DD`.
    pub started_on: String,
    pub cycle_days: Option<u32>,
}

impl CourseInput {
    pub fn to_core(&self) -> Result<Course, IpcError> {
        let drugs = input::drugs(&self.drugs, "course.drugs")?;
        let started_on = NaiveDate::parse_from_str(&self.started_on, "%Y-%m-%d").map_err(|_| {
            IpcError::from(FieldError::new(
                "course.started_on",
                format!("{:?} is not a date (YYYY-MM-DD)", self.started_on),
            ))
        })?;
        Ok(Course {
            id: None,
            drugs,
            started_on,
            cycle_days: self.cycle_days,
            ended_on: None,
        })
    }
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
}

/// A backup of the diary on the Backups screen (its file name only, never a folder).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupDto {
    /// When it was taken, RFC 3339 (UTC).
    pub taken_at: String,
    pub name: String,
}

/// What "restore the newest good backup" did.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RestoredDto {
    /// When the restored backup was taken, RFC 3339 (UTC).
    pub taken_at: String,
    /// The diary could not be opened before, so the app must start again to use it.
    pub restart_needed: bool,
    /// The backups now, newest first (with the one of the diary as it was).
    pub backups: Vec<BackupDto>,
}

/// A triage in the user's words, on its own (the lab-only triage of an entered result).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TriageDto {
    #[ts(type = "Level")]
    pub level: String,
    pub ruleset: String,
    pub headline: String,
    pub calls: Vec<CallDto>,
    pub alerts: Vec<AlertDto>,
}

impl TriageDto {
    pub fn from_core(triage: &diary_core::model::Triage, lang: &str, phones: &Phones) -> TriageDto {
        TriageDto::from_words(triage, messages::explain(lang, triage, phones))
    }

    /// The triage with the words the core chose for it.
    pub fn from_words(
        triage: &diary_core::model::Triage,
        words: messages::Explanation,
    ) -> TriageDto {
        TriageDto {
            level: triage.level.as_str().to_string(),
            ruleset: triage.ruleset.clone(),
            headline: words.headline,
            calls: words.calls.iter().map(CallDto::from_core).collect(),
            alerts: words.items.iter().map(AlertDto::from_words).collect(),
        }
    }
}

/// The care-team connection as the settings screen shows it. The token is never here:
/// only whether one is saved.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncDto {
    pub enabled: bool,
    pub server_url: Option<String>,
    pub patient: Option<String>,
    pub token_saved: bool,
    pub status: SyncStatusDto,
}

/// What the care team's server holds for the patient's identifier, asked before anything
/// is sent ("Is this you?"). `state`: `confirmed` (sync may send), `ask` (show `words`
/// with Yes and No), `not_found` (show `words`: nothing is sent). `words` are the core's,
/// in the diary's language.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PatientCheckDto {
    pub state: String,
    pub words: String,
    pub name: Option<String>,
    pub birth_year: Option<i32>,
    pub create_allowed: bool,
}

impl PatientCheckDto {
    pub fn from_core(check: &diary_sync::PatientCheck, lang: &str) -> PatientCheckDto {
        use diary_core::messages;
        use diary_sync::PatientCheck;
        match check {
            PatientCheck::Confirmed(p) | PatientCheck::Ask(p) => PatientCheckDto {
                state: if matches!(check, PatientCheck::Confirmed(_)) {
                    "confirmed"
                } else {
                    "ask"
                }
                .into(),
                words: messages::patient_confirm_words(lang, p.name.as_deref(), p.birth_year),
                name: p.name.clone(),
                birth_year: p.birth_year,
                create_allowed: false,
            },
            PatientCheck::NotFound { create_allowed } => PatientCheckDto {
                state: "not_found".into(),
                words: messages::patient_not_found_words(lang),
                name: None,
                birth_year: None,
                create_allowed: *create_allowed,
            },
        }
    }
}

/// The status line's facts; the UI puts them into words in the user's language.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncStatusDto {
    pub enabled: bool,
    pub last_sent_at: Option<String>,
    #[ts(type = "number")]
    pub waiting: usize,
    #[ts(type = "ErrorCode | null")]
    pub last_error_code: Option<ErrorCode>,
    /// The core's plain words (English), shown under the translated summary.
    pub last_error: Option<String>,
    pub last_error_at: Option<String>,
    /// Entries set aside after the server refused them again and again.
    #[ts(type = "number")]
    pub set_aside: usize,
    /// What to say about them, in the diary's language; `null` when none is set aside.
    pub set_aside_words: Option<SetAsideWordsDto>,
}

/// The words about set-aside entries (`diary_core::messages::set_aside_words`).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SetAsideWordsDto {
    pub headline: String,
    pub what_to_do: String,
    /// The button that tries them again.
    pub try_again: String,
}

impl SyncStatusDto {
    /// The status, with the words about set-aside entries in `lang`.
    pub fn from_core(status: &SyncStatus, lang: &str) -> SyncStatusDto {
        SyncStatusDto {
            enabled: status.enabled,
            last_sent_at: status.last_sent_at.map(|t| t.to_rfc3339()),
            waiting: status.waiting,
            last_error_code: status.last_error_code,
            last_error: status.last_error.clone(),
            last_error_at: status.last_error_at.map(|t| t.to_rfc3339()),
            set_aside: status.set_aside,
            set_aside_words: (status.set_aside > 0).then(|| {
                let w = diary_core::messages::set_aside_words(lang, status.set_aside);
                SetAsideWordsDto {
                    headline: w.headline,
                    what_to_do: w.what_to_do,
                    try_again: w.try_again,
                }
            }),
        }
    }
}

/// What the care-team connection form saves. `token`: a new token to save (replacing the
/// old one); `removeToken`: forget the saved one. Neither is ever sent back.
#[derive(Clone, PartialEq, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SyncInput {
    pub enabled: bool,
    pub server_url: Option<String>,
    pub patient: Option<String>,
    #[serde(default)]
    #[ts(optional)]
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

/// A SMART sign-in as the window shows it: as whom, since when. Never a token.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SessionDto {
    pub signed_in: bool,
    /// `patient` or `clinician`.
    pub role: Option<String>,
    /// "Patient/123" or the `fhirUser` the sign-in server named.
    pub who: Option<String>,
    pub since: Option<String>,
    /// Whether the app can renew the sign-in by itself (a refresh token is kept).
    pub can_refresh: bool,
    /// `keyring`, or `file` when no keyring could be used.
    pub kept_in: Option<String>,
}

impl SessionDto {
    pub fn from_core(info: Option<&diary_sync::session::SessionInfo>) -> SessionDto {
        match info {
            None => SessionDto {
                signed_in: false,
                role: None,
                who: None,
                since: None,
                can_refresh: false,
                kept_in: None,
            },
            Some(info) => SessionDto {
                signed_in: true,
                role: Some(
                    match info.role {
                        diary_sync::smart::Role::Patient => "patient",
                        diary_sync::smart::Role::Clinician => "clinician",
                    }
                    .to_string(),
                ),
                who: Some(info.who()),
                since: Some(info.signed_in_at.to_rfc3339()),
                can_refresh: info.can_refresh,
                kept_in: Some(
                    match info.place {
                        diary_sync::session::SessionPlace::Keyring => "keyring",
                        diary_sync::session::SessionPlace::File(_) => "file",
                    }
                    .to_string(),
                ),
            },
        }
    }
}

/// What "Sign out" did: the sign-in now (none), and what the hospital's sign-in server did.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SignOutDto {
    pub session: SessionDto,
    /// `ended` (the server ended the sign-in too), `not_offered` (it offers no way to),
    /// `failed` (it could not be reached or said no); none when nobody was signed in.
    pub at_server: Option<String>,
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

/// The latest time the care team acknowledged an alert of each report.
pub type SeenByTeam = std::collections::HashMap<i64, DateTime<Utc>>;

#[cfg(test)]
mod tests {
    use super::*;
    use diary_core::model::{Rating, Reporter, Sign, Therapy};

    #[test]
    fn set_aside_entries_reach_the_window_in_the_diarys_language() {
        let status = |set_aside| SyncStatus {
            enabled: true,
            last_sent_at: None,
            waiting: 0,
            last_error_code: None,
            last_error: None,
            last_error_at: None,
            next_run_at: None,
            set_aside,
        };
        assert!(SyncStatusDto::from_core(&status(0), "ru")
            .set_aside_words
            .is_none());
        let dto = SyncStatusDto::from_core(&status(2), "ru");
        assert_eq!(dto.set_aside, 2);
        let words = dto
            .set_aside_words
            .expect("words when something is set aside");
        assert_eq!(
            words.headline,
            diary_core::messages::set_aside_words("ru", 2).headline
        );
        assert!(words.headline.contains(": 2."), "{}", words.headline);
        assert_eq!(words.try_again, "Попробовать ещё раз");
    }

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
            drugs: vec!["palbociclib".into()],
            therapies: vec!["capecitabine".into(), "capecitabine".into()],
            usual_stools_per_day: Some(2),
            baseline_weight_kg: None,
            biliary_stent: Some(true),
            fever_threshold_c: Some(38.0),
            checkin_day: "friday".into(),
        }
    }

    #[test]
    fn settings_are_cleaned_and_mark_onboarding_done() {
        let (settings, profile, drugs) = dto().to_core().unwrap();
        assert_eq!(drugs, vec![Drug::Palbociclib]);
        assert_eq!(settings.team_phone.as_deref(), Some("0300"));
        assert_eq!(settings.line_24h_phone, None);
        assert!(settings.onboarded);
        assert_eq!(settings.user_role, Reporter::Caregiver);
        assert_eq!(profile.therapies, vec![Therapy::Capecitabine]);
        assert_eq!(profile.fever_threshold_c, Some(38.0));
        assert_eq!(settings.checkin_day, Weekday::Friday);
    }

    #[test]
    fn wrong_words_name_the_core_field() {
        let mut bad = dto();
        bad.user_role = "nurse".into();
        let error = bad.to_core().unwrap_err();
        assert_eq!(error.code, "invalid_field");
        assert_eq!(error.field.as_deref(), Some("settings.user_role"));
        let mut bad = dto();
        bad.therapies = vec!["taxane".into(), "aspirin".into()];
        assert_eq!(
            bad.to_core().unwrap_err().field.as_deref(),
            Some("profile.therapies[1]")
        );
        let mut bad = dto();
        bad.drugs = vec!["aspirin".into()];
        assert_eq!(
            bad.to_core().unwrap_err().field.as_deref(),
            Some("profile.drugs[0]")
        );
        let mut bad = dto();
        bad.checkin_day = "someday".into();
        assert_eq!(
            bad.to_core().unwrap_err().field.as_deref(),
            Some("settings.checkin_day")
        );
    }

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
        let phones = Phones {
            emergency: Some("103".into()),
            care_team: Some("0300".into()),
            ..Phones::default()
        };
        let dto = CheckinDto::from_core(&saved, "ru", &phones, &Default::default());
        assert_eq!(dto.triage.level, "amber");
        assert_eq!(dto.phq2_total, Some(4));
        let lines: Vec<&str> = dto.triage.calls.iter().map(|c| c.line.as_str()).collect();
        assert_eq!(lines, ["emergency", "care_team"]);
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

    /// A report saved in a diary of its own, as the window receives it in `lang`, with a
    /// 24-hour line and an emergency number but no care-team number.
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
        };
        ReportDto::from_core(&saved, lang, &phones, &SeenByTeam::new())
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
