//! The settings screen's shape ([`SettingsDto`]): the store's settings and the profile in
//! one form, read back and saved (the first run ends with its first save), with the
//! reading of its one word the core has no reader for (the check-in day). The care team's
//! office hours ([`OfficeHoursDto`]) are read by the core's own reader
//! (`input::office_hours`), so the screen refuses what an import refuses.

use super::{clean, IpcError};
use diary_core::input;
use diary_core::model::{Drug, OfficeHours, Profile, Weekday};
use diary_core::store::Settings;
use diary_core::treatments::{self, Treatments};
use diary_core::FieldError;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

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
    /// The care team's office hours (a team setting); `None`: not set, and an amber gives
    /// the 24-hour line first.
    #[serde(default)]
    pub office_hours: Option<OfficeHoursDto>,
}

/// The care team's office hours as the settings screen shows and sends them: the days
/// (`mon` … `sun`) and the opening and closing times `HH:MM` as typed (the core checks
/// them, naming `profile.office_hours.days`, `.open` or `.close`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OfficeHoursDto {
    #[ts(type = "OfficeDay[]")]
    pub days: Vec<String>,
    pub open: String,
    pub close: String,
}

impl OfficeHoursDto {
    pub fn from_core(h: &OfficeHours) -> OfficeHoursDto {
        OfficeHoursDto {
            days: h.days.iter().map(|d| d.as_str().to_string()).collect(),
            open: OfficeHours::time(h.open),
            close: OfficeHours::time(h.close),
        }
    }

    pub fn to_core(&self) -> Result<OfficeHours, FieldError> {
        input::office_hours(&self.days, &self.open, &self.close)
    }
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
            office_hours: profile.office_hours.as_ref().map(OfficeHoursDto::from_core),
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
            checkin_day: weekday(&self.checkin_day, "settings.checkin_day")?,
        };
        let profile = Profile {
            therapies: input::therapies(&self.therapies, "profile.therapies")?,
            usual_stools_per_day: self.usual_stools_per_day,
            baseline_weight_kg: self.baseline_weight_kg,
            biliary_stent: self.biliary_stent,
            fever_threshold_c: self.fever_threshold_c,
            office_hours: self
                .office_hours
                .as_ref()
                .map(OfficeHoursDto::to_core)
                .transpose()?,
        };
        let drugs = input::drugs(&self.drugs, "profile.drugs")?;
        Ok((settings, profile, drugs))
    }
}

/// A day of the week from its word (`monday` … `sunday`, spaces around it ignored); an
/// error naming `path` otherwise. It is the kind of reader `diary_core::input` has for the
/// other words (`input::reporter`, `input::drug`), which has none for a day yet.
fn weekday(word: &str, path: &str) -> Result<Weekday, FieldError> {
    Weekday::parse(word.trim()).ok_or_else(|| {
        FieldError::new(
            path,
            format!("\"{word}\" is not a day of the week (monday … sunday)"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use diary_core::model::{OfficeDay, Reporter, Therapy};

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
            office_hours: Some(OfficeHoursDto {
                days: vec!["mon".into(), " fri ".into()],
                open: "08:30".into(),
                close: "24:00".into(),
            }),
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
        let hours = profile.office_hours.clone().unwrap();
        assert_eq!(hours.days, [OfficeDay::Mon, OfficeDay::Fri]);
        assert_eq!((hours.open, hours.close), (510, 1440));
        // Read back as the screen shows them.
        let t = Treatments::default();
        let back = SettingsDto::from_core(&settings, &profile, &t);
        assert_eq!(
            back.office_hours,
            Some(OfficeHoursDto {
                days: vec!["mon".into(), "fri".into()],
                open: "08:30".into(),
                close: "24:00".into(),
            })
        );
        // None sent: none set (an older window's form, too).
        let mut none = dto();
        none.office_hours = None;
        assert_eq!(none.to_core().unwrap().1.office_hours, None);
        let json = serde_json::to_value(dto()).unwrap();
        let mut older = json.as_object().unwrap().clone();
        older.remove("officeHours");
        let older: SettingsDto = serde_json::from_value(older.into()).unwrap();
        assert_eq!(older.office_hours, None);
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
        // The office hours' errors name the field as the format's spec words them.
        for (hours, field, message) in [
            (
                OfficeHoursDto {
                    days: vec![],
                    open: "08:30".into(),
                    close: "17:00".into(),
                },
                "profile.office_hours.days",
                "profile.office_hours.days: name at least one day",
            ),
            (
                OfficeHoursDto {
                    days: vec!["mon".into(), "monday".into()],
                    open: "08:30".into(),
                    close: "17:00".into(),
                },
                "profile.office_hours.days[1]",
                "profile.office_hours.days[1]: \"monday\" is not one of mon, tue, wed, thu, fri, sat, sun",
            ),
            (
                OfficeHoursDto {
                    days: vec!["mon".into()],
                    open: "8:30".into(),
                    close: "17:00".into(),
                },
                "profile.office_hours.open",
                "profile.office_hours.open: \"8:30\" is not a time HH:MM",
            ),
            (
                OfficeHoursDto {
                    days: vec!["mon".into()],
                    open: "17:00".into(),
                    close: "08:00".into(),
                },
                "profile.office_hours.close",
                "profile.office_hours.close: 08:00 is not after the opening time, 17:00",
            ),
        ] {
            let mut bad = dto();
            bad.office_hours = Some(hours);
            let error = bad.to_core().unwrap_err();
            assert_eq!(error.code, "invalid_field");
            assert_eq!(error.field.as_deref(), Some(field));
            assert_eq!(error.message, message, "{field}");
        }
    }
}
