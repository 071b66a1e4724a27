//! The app's settings (language, reminders, phone numbers, the check-in day) and their
//! checks, kept in the diary.

use super::{Diary, Result, StoreError};
use crate::error::FieldError;
use crate::model::*;
use rusqlite::OptionalExtension;

/// The daily reminder's time until the user picks another: a reminder that is on always
/// has a time, shown as a value (never an empty field that silently never fires).
pub const DEFAULT_REMINDER_TIME: &str = "19:00";

/// The periods, in days, that trends are drawn over (the window's choice and the check of
/// what the shell accepts), the default first.
pub const TREND_PERIODS_DAYS: &[u32] = &[30, 7, 90];

/// The app's settings: who uses it, in which language, whom to call.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Settings {
    /// `en`, `ru` or `uz`.
    pub language: String,
    /// Who fills in reports on this computer; stored with every report.
    pub user_role: Reporter,
    /// The care team's daytime number.
    pub team_phone: Option<String>,
    /// The 24-hour oncology line.
    pub line_24h_phone: Option<String>,
    /// The local emergency number.
    pub emergency_phone: Option<String>,
    /// When to remind, `HH:MM` local time.
    pub reminder_time: Option<String>,
    pub reminders_on: bool,
    /// Whether first-run setup was completed.
    pub onboarded: bool,
    /// The day the weekly check-in is reminded of, at `reminder_time` (a value, never
    /// empty: Monday until the user picks another).
    pub checkin_day: Weekday,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            language: "en".into(),
            user_role: Reporter::Patient,
            team_phone: None,
            line_24h_phone: None,
            emergency_phone: None,
            reminder_time: Some(DEFAULT_REMINDER_TIME.to_string()),
            reminders_on: true,
            onboarded: false,
            checkin_day: Weekday::Monday,
        }
    }
}

impl Settings {
    /// The numbers the alert messages give, as saved, with whether the care team's office
    /// is open at the moment they are shown ([`crate::model::Profile::office_open`]; false
    /// when no office hours are set). [`Diary::phones_at`] reads both for a moment.
    pub fn phones(&self, office_open: bool) -> crate::messages::Phones {
        crate::messages::Phones {
            line_24h: self.line_24h_phone.clone(),
            emergency: self.emergency_phone.clone(),
            care_team: self.team_phone.clone(),
            office_open,
        }
    }
}

/// Checks settings before they are saved.
pub fn validate_settings(s: &Settings) -> std::result::Result<(), FieldError> {
    if !crate::messages::LANGUAGES.contains(&s.language.as_str()) {
        return Err(FieldError::new(
            "settings.language",
            format!(
                "\"{}\" is not one of {}",
                s.language,
                crate::messages::LANGUAGES.join(", ")
            ),
        ));
    }
    for (name, phone) in [
        ("team_phone", &s.team_phone),
        ("line_24h_phone", &s.line_24h_phone),
        ("emergency_phone", &s.emergency_phone),
    ] {
        if let Some(p) = phone {
            let ok = !p.trim().is_empty()
                && p.len() <= 40
                && p.chars()
                    .all(|c| c.is_ascii_digit() || " +-()#*.".contains(c));
            if !ok {
                return Err(FieldError::new(
                    format!("settings.{name}"),
                    format!("\"{p}\" is not a phone number (digits, spaces, + - ( ) only)"),
                ));
            }
        }
    }
    if s.reminders_on && s.reminder_time.is_none() {
        return Err(FieldError::new(
            "settings.reminder_time",
            "a daily reminder needs a time HH:MM (or turn the reminder off)",
        ));
    }
    if let Some(t) = &s.reminder_time {
        if chrono::NaiveTime::parse_from_str(t, "%H:%M").is_err() || t.len() != 5 {
            return Err(FieldError::new(
                "settings.reminder_time",
                format!("\"{t}\" is not a time HH:MM"),
            ));
        }
    }
    Ok(())
}

impl Diary {
    /// The app's settings (defaults until saved).
    pub fn settings(&self) -> Result<Settings> {
        let text: Option<String> = self
            .conn
            .query_row("SELECT value FROM settings WHERE key = 'app'", [], |r| {
                r.get(0)
            })
            .optional()?;
        let mut settings: Settings = match text {
            Some(t) => serde_json::from_str(&t).map_err(|e| {
                StoreError::Io(format!("the saved settings could not be read: {e}"))
            })?,
            None => Settings::default(),
        };
        // A diary saved before reminders always had a time: the reminder that was on
        // silently never fired; from now on it fires at the default time, shown as such.
        if settings.reminders_on && settings.reminder_time.is_none() {
            settings.reminder_time = Some(DEFAULT_REMINDER_TIME.to_string());
        }
        Ok(settings)
    }
    /// Saves the settings, after checking them.
    pub fn set_settings(&mut self, s: &Settings) -> Result<()> {
        validate_settings(s)?;
        let text = serde_json::to_string(s).expect("settings always serialize");
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES ('app', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [text],
        )?;
        Ok(())
    }
}
