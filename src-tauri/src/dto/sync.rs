//! The care-team connection's shapes: the settings as shown ([`SyncDto`]) and as saved
//! ([`SyncInput`], whose token never shows in `Debug`), the status line's facts
//! ([`SyncStatusDto`]) and the answer to "Is this you?" ([`PatientCheckDto`]).

use super::clean;
use diary_core::store::{SyncSettings, SyncStatus};
use diary_core::ErrorCode;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

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

#[cfg(test)]
mod tests {
    use super::super::IpcError;
    use super::*;
    use diary_sync::SyncError;

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
