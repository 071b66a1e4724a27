//! SMART on FHIR sign-in from the app (issue 12): "Sign in with your hospital account" on
//! the care-team connection screen (the patient's role) and in the care team console (a
//! clinician's). Two steps, so the window can show the sign-in address while it waits: a
//! start that binds the loopback redirect, asks the system to open the browser and returns
//! the address (shown in the window too, for when no browser opens), then a finish that
//! waits off the UI thread for the browser to come back. The protocol, where the tokens
//! are kept (the OS keyring) and their refresh are diary-sync's (`diary_sync::session`);
//! nothing here sees a token. Only error codes reach the log.

use crate::dto::{IpcError, SessionDto, SignOutDto};
use crate::state::AppState;
use chrono::Utc;
use diary_sync as fhir;
use fhir::smart::Role;

type Result<T> = std::result::Result<T, IpcError>;

/// The role as the window names it: `patient` or `clinician`; anything else names `role`.
fn role(word: &str) -> Result<Role> {
    match word {
        "patient" => Ok(Role::Patient),
        "clinician" => Ok(Role::Clinician),
        other => Err(IpcError::invalid(
            "role",
            format!("\"{other}\" is not a role: patient or clinician"),
        )),
    }
}

/// Starts a sign-in for `role` on the saved server: returns the address to open, which
/// the system's browser is asked to open too.
pub fn start(state: &AppState, role_word: &str, issuer: Option<String>) -> Result<String> {
    let role = role(role_word)?;
    let (server, lang) = crate::sync::server_url(state)?;
    let options = fhir::session::SignInOptions {
        issuer: issuer
            .map(|i| i.trim().to_string())
            .filter(|i| !i.is_empty()),
        lang,
        ..fhir::session::SignInOptions::default()
    };
    let pending = fhir::session::start_sign_in(&server, role, &options)?;
    let url = pending.url().to_string();
    if let Err(error) = webbrowser::open(&url) {
        // The window shows the address: the user can open it by hand.
        eprintln!(
            "symptom-diary: no web browser could be opened ({})",
            error.kind()
        );
    }
    *state
        .sign_in
        .lock()
        .map_err(|_| IpcError::storage("the app could not finish this; please try again"))? =
        Some(pending);
    Ok(url)
}

/// Waits for the browser to come back to the sign-in [`start`] began, and keeps the
/// sign-in (diary-sync puts it in the OS keyring).
pub fn finish(state: &AppState) -> Result<SessionDto> {
    let pending = state
        .sign_in
        .lock()
        .map_err(|_| IpcError::storage("the app could not finish this; please try again"))?
        .take()
        .ok_or_else(|| IpcError::invalid("sign_in", "no sign-in was started; press Sign in"))?;
    let info = pending.finish(Utc::now())?;
    Ok(SessionDto::from_core(Some(&info)))
}

/// Whether the app is signed in to the saved server, and as whom.
pub fn session(state: &AppState) -> Result<SessionDto> {
    let (server, _) = crate::sync::server_url(state)?;
    let info = fhir::session::session_info(&server)?;
    Ok(SessionDto::from_core(info.as_ref()))
}

/// Signs out of the saved server: ended at the hospital's sign-in server when it offers
/// that, and forgotten here in any case.
pub fn sign_out(state: &AppState) -> Result<SignOutDto> {
    let (server, _) = crate::sync::server_url(state)?;
    let out = fhir::session::sign_out(&server)?;
    if let Some(fhir::session::AtServer::Failed(_)) = &out.at_server {
        // Only the code: the server's words may name the address.
        eprintln!("symptom-diary: sign-out: the sign-in server did not end the sign-in");
    }
    Ok(SignOutDto {
        session: SessionDto::from_core(None),
        at_server: out.at_server.as_ref().map(|a| a.code().to_string()),
    })
}
