//! The SMART sign-in's shapes: the sign-in as the window shows it ([`SessionDto`], never
//! a token) and what "Sign out" did ([`SignOutDto`]).

use serde::Serialize;
use ts_rs::TS;

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
