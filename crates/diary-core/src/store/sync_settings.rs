//! What the patient chose about care-team sync, and the checks on it: the server's base
//! URL ([`validate_base_url`]) and the patient's identifier at the care team
//! ([`PatientIdentifier::parse`]). The checks live here, in the store, because the store
//! is what refuses to save a wrong setting: the app saves the settings straight through
//! [`Diary::set_sync_settings`], and a check kept only in the sync crate would let a
//! wrong address into the diary. The sync crate calls the same two functions for values
//! that do not come from the diary (a server given for one run), so there is one check,
//! not two. It also keeps the care team's choice whether the app may create a Patient
//! (off by default) and the Patient the patient confirmed ("Is this you?"). Errors name the
//! setting (`sync.server_url`, `sync.patient`), never a command line flag; the CLI names its flags itself when it prints. The bearer token is not a
//! setting: it lives outside the diary file (diary-sync's `token` module).

use super::{Diary, Result};
use crate::FieldError;

/// The setting that holds the server's base URL, as errors name it.
pub const SERVER_URL_FIELD: &str = "sync.server_url";
/// The setting that holds the patient's identifier, as errors name it.
pub const PATIENT_FIELD: &str = "sync.patient";
/// The patient identifier system used when the care team gives a bare value.
pub const DEFAULT_PATIENT_SYSTEM: &str = "https://fhir.symptom-diary.org/sid/care-team-patient";

const SETTINGS_KEY: &str = "sync";
/// The care team's choices about the Patient record and the patient's confirmation.
const PATIENT_KEY: &str = "sync_patient";

/// Kept under [`PATIENT_KEY`]: whether the app may create a Patient (a care-team setting,
/// off by default), and which Patient the patient confirmed ("Is this you?") for which
/// server and identifier.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
struct PatientChoice {
    create_patient: bool,
    /// `server_url` and identifier as typed, then the Patient reference confirmed.
    confirmed: Option<(String, String, String)>,
}

/// What the patient chose about sync. The bearer token is not here: it lives outside the
/// diary file.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct SyncSettings {
    /// Off until the patient turns it on: nothing leaves the computer before.
    pub enabled: bool,
    /// The care team's FHIR R4 base URL (https, or http on loopback).
    pub server_url: Option<String>,
    /// The patient's identifier at the care team: `system|value`, or a bare value.
    pub patient: Option<String>,
}

/// Checks a server base URL: absolute, `https`, or `http` only to this computer (loopback);
/// no credentials, query or fragment. `field` names the setting in the error
/// ([`SERVER_URL_FIELD`] for the saved one).
pub fn validate_base_url(url: &str, field: &str) -> std::result::Result<(), FieldError> {
    let bad = |m: String| FieldError::new(field, m);
    let parsed = url::Url::parse(url.trim())
        .map_err(|e| bad(format!("\"{url}\" is not a web address ({e})")))?;
    let host = parsed
        .host_str()
        .filter(|h| !h.is_empty())
        .ok_or_else(|| bad(format!("\"{url}\" has no server name")))?;
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(bad(format!(
            "\"{url}\" must not have a ?query or #fragment"
        )));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(bad(
            "put the access token in the token setting, not in the address".into(),
        ));
    }
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let loopback = bare.eq_ignore_ascii_case("localhost")
        || bare
            .parse::<std::net::IpAddr>()
            .map(|ip| ip.is_loopback())
            .unwrap_or(false);
    match parsed.scheme() {
        "https" => Ok(()),
        "http" if loopback => Ok(()),
        "http" => Err(bad(format!(
            "\"{url}\" must use https (plain http is allowed only to this computer: localhost, 127.0.0.1)"
        ))),
        other => Err(bad(format!("\"{url}\" must be an https address, not {other}:"))),
    }
}

/// The patient as the care team names them: an identifier system and value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatientIdentifier {
    pub system: String,
    pub value: String,
}

impl PatientIdentifier {
    /// Parses `system|value`, or a bare value in [`DEFAULT_PATIENT_SYSTEM`]. `field` names
    /// the setting in the error ([`PATIENT_FIELD`] for the saved one).
    pub fn parse(text: &str, field: &str) -> std::result::Result<PatientIdentifier, FieldError> {
        let text = text.trim();
        let (system, value) = match text.rsplit_once('|') {
            Some((s, v)) => (s.trim().to_string(), v.trim().to_string()),
            None => (DEFAULT_PATIENT_SYSTEM.to_string(), text.to_string()),
        };
        let bad = |m: &str| FieldError::new(field, m.to_string());
        if value.is_empty() {
            return Err(bad("the patient identifier is empty"));
        }
        if value.len() > 200 || value.chars().any(|c| c.is_control()) {
            return Err(bad(
                "the patient identifier must be one line of at most 200 characters",
            ));
        }
        if system.is_empty() || !(system.contains(':')) || system.chars().any(char::is_whitespace) {
            return Err(bad(
                "the identifier system before '|' must be a URI such as https://hospital.example/mrn",
            ));
        }
        Ok(PatientIdentifier { system, value })
    }

    /// The search token `system|value`.
    pub fn token(&self) -> String {
        format!("{}|{}", self.system, self.value)
    }
}

impl Diary {
    /// Whether the app may create the Patient on the care team's server when none has the
    /// patient's identifier: a care-team setting, off by default (the app then only finds
    /// the Patient, and a mistyped identifier sends nothing).
    pub fn sync_create_patient(&self) -> Result<bool> {
        Ok(self
            .json_setting::<PatientChoice>(PATIENT_KEY)?
            .create_patient)
    }

    pub fn set_sync_create_patient(&mut self, on: bool) -> Result<()> {
        let mut c: PatientChoice = self.json_setting(PATIENT_KEY)?;
        c.create_patient = on;
        self.set_json_setting(PATIENT_KEY, &c)
    }

    /// The Patient reference (`Patient/<id>`) the patient confirmed as themselves for this
    /// server and identifier; `None` when not confirmed, or confirmed for another server or
    /// identifier.
    pub fn sync_confirmed_patient(
        &self,
        server_url: &str,
        patient: &str,
    ) -> Result<Option<String>> {
        let c: PatientChoice = self.json_setting(PATIENT_KEY)?;
        Ok(c.confirmed
            .and_then(|(s, p, r)| (s == server_url && p == patient).then_some(r)))
    }

    /// Records that the patient confirmed `patient_ref` as themselves for this server and
    /// identifier (or, with `None`, forgets any confirmation).
    pub fn set_sync_confirmed_patient(
        &mut self,
        server_url: &str,
        patient: &str,
        patient_ref: Option<&str>,
    ) -> Result<()> {
        let mut c: PatientChoice = self.json_setting(PATIENT_KEY)?;
        c.confirmed =
            patient_ref.map(|r| (server_url.to_string(), patient.to_string(), r.to_string()));
        self.set_json_setting(PATIENT_KEY, &c)
    }

    /// The sync settings (off, empty, until saved).
    pub fn sync_settings(&self) -> Result<SyncSettings> {
        self.json_setting(SETTINGS_KEY)
    }

    /// Saves the sync settings after checking them: the URL (https, or http on loopback)
    /// and the patient identifier; turning sync on needs both.
    pub fn set_sync_settings(&mut self, s: &SyncSettings) -> Result<()> {
        if let Some(url) = &s.server_url {
            validate_base_url(url, SERVER_URL_FIELD)?;
        }
        if let Some(p) = &s.patient {
            PatientIdentifier::parse(p, PATIENT_FIELD)?;
        }
        if s.enabled {
            if s.server_url.is_none() {
                return Err(FieldError::new(
                    SERVER_URL_FIELD,
                    "turning sync on needs the care team's server address",
                )
                .into());
            }
            if s.patient.is_none() {
                return Err(FieldError::new(
                    PATIENT_FIELD,
                    "turning sync on needs your identifier at the care team",
                )
                .into());
            }
        }
        self.set_json_setting(SETTINGS_KEY, s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::SyncState;
    use chrono::{DateTime, FixedOffset, Utc};

    #[test]
    fn base_urls_need_https_except_on_loopback() {
        for ok in [
            "https://fhir.example.org/r4",
            "http://127.0.0.1:8080",
            "http://localhost:1/fhir",
            "http://[::1]:9000",
        ] {
            assert!(validate_base_url(ok, SERVER_URL_FIELD).is_ok(), "{ok}");
        }
        for bad in [
            "http://fhir.example.org",
            "ftp://x.org",
            "fhir.example.org",
            "https://u:p@x.org",
            "https://x.org/?a=1",
        ] {
            let e = validate_base_url(bad, SERVER_URL_FIELD).unwrap_err();
            assert!(e.to_string().starts_with("sync.server_url: "), "{bad}: {e}");
        }
    }

    #[test]
    fn patient_identifiers_are_checked_naming_the_field() {
        let p = PatientIdentifier::parse("MRN-1", PATIENT_FIELD).unwrap();
        assert_eq!(p.system, DEFAULT_PATIENT_SYSTEM);
        let p = PatientIdentifier::parse("urn:oid:1.2.3|42", PATIENT_FIELD).unwrap();
        assert_eq!(p.token(), "urn:oid:1.2.3|42");
        let e = PatientIdentifier::parse("  ", PATIENT_FIELD).unwrap_err();
        assert_eq!(
            e.to_string(),
            "sync.patient: the patient identifier is empty"
        );
        let e = PatientIdentifier::parse("hospital|42", PATIENT_FIELD).unwrap_err();
        assert!(e.to_string().starts_with("sync.patient: "), "{e}");
    }

    #[test]
    fn sync_settings_are_checked_naming_the_field_and_kept() {
        let mut d = Diary::open_in_memory().unwrap();
        assert_eq!(d.sync_settings().unwrap(), SyncSettings::default());
        let bad = SyncSettings {
            enabled: true,
            server_url: Some("http://fhir.example.org".into()),
            patient: Some("MRN-1".into()),
        };
        let e = d.set_sync_settings(&bad).unwrap_err();
        assert!(e.to_string().starts_with("sync.server_url: "), "{e}");
        let e = d
            .set_sync_settings(&SyncSettings {
                enabled: true,
                server_url: Some("https://fhir.example.org".into()),
                patient: None,
            })
            .unwrap_err();
        assert!(e.to_string().starts_with("sync.patient: "), "{e}");
        assert_eq!(d.sync_settings().unwrap(), SyncSettings::default());
        let good = SyncSettings {
            enabled: true,
            server_url: Some("https://fhir.example.org/r4".into()),
            patient: Some("MRN-1".into()),
        };
        d.set_sync_settings(&good).unwrap();
        assert_eq!(d.sync_settings().unwrap(), good);
        // The status line no longer says automatic sync is off.
        let t = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        d.set_sync_state(&SyncState {
            last_sent_utc: Some(t("2026-11-27T05:32:00Z")),
            ..SyncState::default()
        })
        .unwrap();
        let s = d.sync_status(t("2026-11-27T12:00:00Z")).unwrap();
        assert_eq!(
            s.in_words(&FixedOffset::east_opt(5 * 3600).unwrap()),
            "last sent 2026-11-27 10:32, 0 waiting"
        );
    }

    #[test]
    fn creating_a_patient_is_off_and_a_confirmation_holds_for_its_server_and_identifier() {
        let mut d = Diary::open_in_memory().unwrap();
        assert!(!d.sync_create_patient().unwrap(), "off by default");
        let (server, mrn) = ("https://fhir.example.org", "MRN-1");
        assert_eq!(d.sync_confirmed_patient(server, mrn).unwrap(), None);
        d.set_sync_confirmed_patient(server, mrn, Some("Patient/7"))
            .unwrap();
        d.set_sync_create_patient(true).unwrap();
        assert!(d.sync_create_patient().unwrap());
        assert_eq!(
            d.sync_confirmed_patient(server, mrn).unwrap().as_deref(),
            Some("Patient/7")
        );
        // Another identifier or server is not confirmed.
        assert_eq!(d.sync_confirmed_patient(server, "MRN-2").unwrap(), None);
        assert_eq!(
            d.sync_confirmed_patient("https://other.example.org", mrn)
                .unwrap(),
            None
        );
        d.set_sync_confirmed_patient(server, mrn, None).unwrap();
        assert_eq!(d.sync_confirmed_patient(server, mrn).unwrap(), None);
        assert!(d.sync_create_patient().unwrap());
    }
}
