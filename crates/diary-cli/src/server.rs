//! The care team's server for the clinician's commands (`diary inbox`, `diary panel`):
//! `--server`, else the diary's saved sync server, with the token to send and who on the
//! care team acts.

use crate::failure::Failure;
use crate::flag_terms::sync_failure;
use crate::open::open;
use crate::sign_in::credentials;
use chrono::{DateTime, Utc};
use diary_sync::ServerConfig;
use std::path::PathBuf;

/// The server: `--server` (then it is a flag the user typed, for the errors' words), else
/// the diary's saved one.
pub fn url(
    server: Option<&str>,
    db: &Option<PathBuf>,
) -> Result<(String, &'static [&'static str]), Failure> {
    let (url, typed): (String, &'static [&'static str]) = match server {
        Some(u) => (u.to_string(), &["--server"]),
        None => {
            let diary = open(db)?;
            match diary.sync_settings()?.server_url {
                Some(u) => (u, &[]),
                None => {
                    return Err(Failure::Input(
                        "--server: give the care team's FHIR server, e.g. --server https://fhir.hospital.example/r4"
                            .into(),
                    ))
                }
            }
        }
    };
    Ok((url, typed))
}

/// The server as [`url`] finds it, with its token as of `now` and `by` (who acts).
pub fn config(
    server: Option<&str>,
    by: Option<String>,
    db: &Option<PathBuf>,
    now: DateTime<Utc>,
) -> Result<ServerConfig, Failure> {
    let (url, typed) = url(server, db)?;
    let token = credentials(Some(&url), now, "diary inbox --sign-in")?;
    let mut config = ServerConfig::new(&url, token).map_err(|e| sync_failure(e, typed))?;
    config.who = by;
    Ok(config)
}
