//! SMART on FHIR sign-in from a terminal, the same for `diary sync` (the patient) and
//! `diary inbox` (the care team): the flags ([`SmartArgs`]), signing in in the browser and
//! out, the sign-in in words for `--status`, and the token to send ([`credentials`]: the
//! sign-in's, refreshed when it expires, else `$DIARY_FHIR_TOKEN` or the token file). A
//! token is never printed.

use crate::clock;
use crate::failure::Failure;
use crate::flag_terms::sync_failure;
use chrono::{DateTime, Utc};
use clap::Args;
use diary_sync::session::{self, SignInOptions};
use diary_sync::smart::{self, Role};
use diary_sync::{token, SyncError};

/// SMART on FHIR sign-in, the same for `diary sync` (the patient) and `diary inbox` (the
/// care team).
#[derive(Args)]
pub struct SmartArgs {
    /// Sign in at the care team's server in your browser (SMART on FHIR): prints the address, opens the browser (not when BROWSER=none), waits for you to finish; the sign-in is kept in the OS keyring and used from then on.
    #[arg(long, conflicts_with = "sign_out")]
    pub sign_in: bool,
    /// Forget the sign-in for the server (from the keyring, or the file where there is none).
    #[arg(long)]
    pub sign_out: bool,
    /// The sign-in server (OpenID issuer), for a FHIR server that does not name one itself.
    #[arg(long, value_name = "URL", requires = "sign_in")]
    issuer: Option<String>,
    /// The client id registered with the sign-in server.
    #[arg(long, value_name = "ID", requires = "sign_in", default_value = smart::DEFAULT_CLIENT_ID)]
    client_id: String,
}

/// The token for `server` as of `now` (the SMART sign-in's, refreshed when due, else the
/// static one); an ended sign-in says which command signs in again.
pub fn credentials(
    server: Option<&str>,
    now: DateTime<Utc>,
    again: &str,
) -> Result<Option<diary_sync::Secret>, Failure> {
    let found = match server {
        Some(url) => session::credentials(url, now),
        None => token::load(None),
    };
    found.map_err(|e| match e {
        SyncError::SignInNeeded(_) => Failure::Diary(format!("{e}: {again} [{}]", e.code())),
        other => Failure::from(other),
    })
}

/// Opens `url` in the user's browser, unless `BROWSER=none` (tests, terminals without one).
fn open_browser(url: &str) -> Result<(), String> {
    if std::env::var("BROWSER").is_ok_and(|b| b.trim().eq_ignore_ascii_case("none")) {
        return Err("BROWSER=none".into());
    }
    webbrowser::open(url).map_err(|e| e.to_string())
}

/// `--sign-in`: prints the address (always: the browser may not open), waits for the
/// browser to come back and says who is signed in.
pub fn sign_in(
    server: &str,
    role: Role,
    args: &SmartArgs,
    lang: &str,
    typed: &[&str],
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    let options = SignInOptions {
        issuer: args.issuer.clone(),
        client_id: args.client_id.clone(),
        lang: lang.to_string(),
        ..SignInOptions::default()
    };
    let info = session::sign_in(
        server,
        role,
        &options,
        |url| {
            use std::io::Write;
            println!("Sign in at this address (your browser opens it if it can):\n{url}");
            println!(
                "Waiting up to {} minutes for the sign-in to finish…",
                options.timeout.as_secs() / 60
            );
            let _ = std::io::stdout().flush();
            let opened = open_browser(url);
            if let Err(why) = &opened {
                eprintln!(
                    "diary: the browser was not opened ({why}); open the address above yourself"
                );
            }
            opened
        },
        now,
    )
    .map_err(|e| sync_failure(e, typed))?;
    if let Some(notice) = &info.notice {
        eprintln!("diary: note: {notice}");
    }
    println!("Signed in to {} as {}.", info.server, info.who());
    Ok(())
}

/// `--sign-out`: forgets the sign-in for `server`'s origin.
pub fn sign_out(server: &str, typed: &[&str]) -> Result<(), Failure> {
    let out = session::sign_out(server).map_err(|e| sync_failure(e, typed))?;
    if !out.was_signed_in {
        println!("Not signed in to {server}; nothing to forget.");
        return Ok(());
    }
    println!("Signed out of {server}: the sign-in is forgotten on this computer.");
    match out.at_server {
        Some(session::AtServer::Ended) | None => {
            println!("The sign-in server has ended the sign-in too.")
        }
        Some(session::AtServer::NotOffered) => println!(
            "The sign-in server offers no way to end a sign-in from here: it ends there when it expires."
        ),
        Some(session::AtServer::Failed(why)) => println!(
            "The sign-in server could not end the sign-in ({why}): it ends there when it expires."
        ),
    }
    Ok(())
}

/// The sign-in in words for `--status`.
pub fn session_line(server: Option<&str>) -> Result<Option<String>, Failure> {
    let Some(server) = server else {
        return Ok(None);
    };
    Ok(Some(match session::session_info(server)? {
        Some(info) => format!(
            "Signed in to {} as {} since {} (kept in {}).",
            info.server,
            info.who(),
            clock::local_minutes(&info.signed_in_at),
            match &info.place {
                session::SessionPlace::Keyring => "the OS keyring".to_string(),
                session::SessionPlace::File(p) => p.display().to_string(),
            }
        ),
        None => "Not signed in (SMART); the saved access token is used, if any.".to_string(),
    }))
}
