//! `diary sync`: the patient's side of the care-team sync from a terminal: send what is
//! waiting to the care team's FHIR server (after "Is this you?"), learn what the care team
//! has seen, and the settings of sync (`--server`, `--patient`, `--remember`, `--off`,
//! `--create-patient`), the status, the access token (`--set-token`, read from standard
//! input, never printed) and the SMART sign-in ([`crate::sign_in`]). Exit status 0 only
//! when nothing is left waiting.

use crate::clock;
use crate::failure::Failure;
use crate::flag_terms::sync_failure;
use crate::open::open;
use crate::sign_in::{credentials, session_line, sign_in, sign_out, SmartArgs};
use chrono::{DateTime, Utc};
use clap::Args;
use diary_core::messages;
use diary_core::store::{Diary, SyncSettings, SyncStatus};
use diary_sync::session;
use diary_sync::smart::Role;
use diary_sync::{token, PatientCheck, PatientMode, SyncConfig, SyncError};
use std::io::BufRead;
use std::path::PathBuf;

#[derive(Args)]
#[command(
    after_help = "Examples:\n  diary sync --server https://fhir.hospital.example/r4 --patient MRN-0042 --remember\n  diary sync --sign-in              # SMART sign-in in the browser; then plain diary sync\n  diary sync --sign-out\n  echo \"$TOKEN\" | diary sync --set-token\n  diary sync\n  diary sync --status\n  diary sync --confirm              # yes, the name and birth year shown are mine\n  diary sync --create-patient on    # the care team's choice: may create the Patient"
)]
pub struct SyncArgs {
    /// The care team's FHIR R4 server (https; http only to localhost). Default: the saved setting.
    #[arg(long, value_name = "URL")]
    server: Option<String>,
    /// Your identifier at the care team (VALUE or SYSTEM|VALUE). Default: the saved setting.
    #[arg(long, value_name = "ID")]
    patient: Option<String>,
    /// Save --server and --patient and turn automatic sync on.
    #[arg(long)]
    remember: bool,
    /// Turn automatic sync off (nothing is sent until it is turned on again or you run diary sync).
    #[arg(long, conflicts_with = "remember")]
    off: bool,
    /// Read the access token from standard input and save it (readable only by you), then stop.
    #[arg(long)]
    set_token: bool,
    /// Only show the status: when it last sent, how much is waiting, the last error.
    #[arg(long)]
    status: bool,
    /// Try again the entries set aside after the server refused them again and again, now.
    #[arg(long, conflicts_with = "status")]
    retry_set_aside: bool,
    /// Print JSON for scripts.
    #[arg(long)]
    json: bool,
    /// Yes, the patient the care team's server showed ("Is this you?") is me: remember it and send.
    #[arg(long)]
    confirm: bool,
    /// For the care team: let this diary create its Patient on the server when none has the identifier (off by default), then stop.
    #[arg(long, value_name = "on|off", value_parser = ["on", "off"])]
    create_patient: Option<String>,
    #[command(flatten)]
    smart: SmartArgs,
}

/// `--set-token`: the access token from standard input, saved for `--server` (else the
/// diary's saved server); an empty line removes it.
fn set_token(args: &SyncArgs, db: &Option<PathBuf>) -> Result<(), Failure> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Failure::Input(format!("token: cannot read standard input ({e})")))?;
    // The token is kept for one server: --server, else the diary's saved one.
    let server = match &args.server {
        Some(url) => Some(url.clone()),
        None => open(db)?.sync_settings()?.server_url,
    };
    let typed: &[&str] = if args.server.is_some() {
        &["--server"]
    } else {
        &[]
    };
    let path = token::save(&line, server.as_deref()).map_err(|e| sync_failure(e, typed))?;
    if line.trim().is_empty() {
        println!("Removed the saved access token ({}).", path.display());
    } else {
        println!(
            "Saved the access token to {} (readable only by you). It is never shown again.",
            path.display()
        );
    }
    Ok(())
}

/// The sync status in words, times on this computer's clock at `now`.
fn status_line(s: &SyncStatus, now: DateTime<Utc>) -> String {
    s.in_words(&clock::local_offset(now))
}

/// The entries set aside, in the diary's language, with the flag that tries them again;
/// nothing when none is.
fn set_aside_lines(s: &SyncStatus, lang: &str) -> Option<String> {
    (s.set_aside > 0).then(|| {
        let w = diary_core::messages::set_aside_words(lang, s.set_aside);
        format!(
            "{}\n{}\n{}: diary sync --retry-set-aside",
            w.headline, w.what_to_do, w.try_again
        )
    })
}

/// `--status`: when it last sent, how much is waiting, the last error, what is set aside
/// and the sign-in for `server`.
fn status(
    diary: &Diary,
    server: Option<&str>,
    json: bool,
    lang: &str,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    let s = diary.sync_status(now)?;
    if json {
        let mut json = serde_json::to_value(&s).expect("status serializes");
        if let (Some(url), Some(map)) = (server, json.as_object_mut()) {
            let info = session::session_info(url)?;
            map.insert(
                "signed_in".into(),
                serde_json::to_value(info).expect("the sign-in serializes"),
            );
        }
        println!(
            "{}",
            serde_json::to_string_pretty(&json).expect("status serializes")
        );
    } else {
        println!("{}", status_line(&s, now));
        if let Some(lines) = set_aside_lines(&s, lang) {
            println!("{lines}");
        }
        if let Some(line) = session_line(server)? {
            println!("{line}");
        }
    }
    Ok(())
}

pub fn run(args: SyncArgs, db: &Option<PathBuf>, now: DateTime<Utc>) -> Result<(), Failure> {
    if args.set_token {
        return set_token(&args, db);
    }
    let mut typed = Vec::new();
    if args.server.is_some() {
        typed.push("--server");
    }
    if args.patient.is_some() {
        typed.push("--patient");
    }
    let mut diary = open(db)?;
    if args.smart.sign_in || args.smart.sign_out {
        let server = match &args.server {
            Some(url) => url.clone(),
            None => diary.sync_settings()?.server_url.ok_or_else(|| {
                Failure::Input(
                    "--server: give the care team's FHIR server, e.g. --server https://fhir.hospital.example/r4".into(),
                )
            })?,
        };
        if args.smart.sign_out {
            return sign_out(&server, &typed);
        }
        let lang = diary.settings()?.language;
        return sign_in(&server, Role::Patient, &args.smart, &lang, &typed, now);
    }
    if let Some(choice) = &args.create_patient {
        let on = choice == "on";
        diary.set_sync_create_patient(on)?;
        println!(
            "{}",
            if on {
                "This diary may now create its Patient on the care team's server when none has its identifier."
            } else {
                "This diary will only find its Patient on the care team's server, never create one."
            }
        );
        return Ok(());
    }
    let mut settings = diary.sync_settings()?;
    if args.remember || args.off {
        let next = SyncSettings {
            enabled: args.remember,
            server_url: args.server.clone().or(settings.server_url.clone()),
            patient: args.patient.clone().or(settings.patient.clone()),
        };
        diary
            .set_sync_settings(&next)
            .map_err(|e| sync_failure(SyncError::Store(e), &typed))?;
        settings = next;
        if args.off {
            println!(
                "Automatic sync is off. Nothing is sent until you turn it on or run diary sync."
            );
            return Ok(());
        }
    }
    let lang = diary.settings()?.language;
    if args.status {
        let server = args.server.as_deref().or(settings.server_url.as_deref());
        return status(&diary, server, args.json, &lang, now);
    }
    if args.retry_set_aside {
        let n = diary.sync_retry_set_aside()?;
        if !args.json {
            println!(
                "{n} set-aside row{} will be tried again now.",
                if n == 1 { "" } else { "s" }
            );
        }
    }
    let config = SyncConfig::from_settings(
        &settings,
        args.server.as_deref(),
        args.patient.as_deref(),
        credentials(
            args.server.as_deref().or(settings.server_url.as_deref()),
            now,
            "diary sync --sign-in",
        )?,
    )
    .map_err(|e| sync_failure(e, &typed))?;
    let mut config = config;
    // Only the Patient the patient confirmed: "Is this you?" before anything is sent.
    config.patient_mode = PatientMode::Confirmed;
    let lang = diary.settings()?.language;
    // A check that cannot reach the server falls through: the run meets the same error and
    // records it with the waiting rows.
    match diary_sync::check_patient(&diary, &config) {
        Ok(PatientCheck::Ask(found)) => {
            let words =
                messages::patient_confirm_words(&lang, found.name.as_deref(), found.birth_year);
            if !args.confirm {
                if args.json {
                    println!(
                        "{}",
                        serde_json::to_string_pretty(&PatientCheck::Ask(found))
                            .expect("the check serializes")
                    );
                } else {
                    println!("{words}");
                }
                return Err(Failure::Diary(
                    "nothing was sent: if this is you, run diary sync --confirm; if not, check --patient".into(),
                ));
            }
            diary_sync::confirm_patient(&mut diary, &config, &found)?;
            if !args.json {
                println!("{words}");
                println!("Confirmed.");
            }
        }
        Ok(PatientCheck::NotFound {
            create_allowed: false,
        }) => {
            return Err(Failure::Diary(format!(
                "{} [not_found]",
                messages::patient_not_found_words(&lang)
            )))
        }
        Ok(_) => {}
        Err(SyncError::Store(e)) => return Err(Failure::from(e)),
        Err(_) => {}
    }
    let report = diary_sync::sync_now(&mut diary, &config, now)?;
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).expect("report serializes")
        );
    } else {
        for s in &report.sent {
            println!(
                "Sent {} ({} resource{})",
                s.what,
                s.resources,
                if s.resources == 1 { "" } else { "s" }
            );
        }
        if report.summaries > 0 {
            println!(
                "Sent {} weekly summar{}.",
                report.summaries,
                if report.summaries == 1 { "y" } else { "ies" }
            );
        }
        if report.sent.is_empty() && report.summaries == 0 && report.errors.is_empty() {
            println!("Nothing was waiting.");
        }
        if report.newly_seen > 0 {
            println!(
                "Your care team has seen {} more alert{} (see diary list).",
                report.newly_seen,
                if report.newly_seen == 1 { "" } else { "s" }
            );
        }
        for e in &report.errors {
            eprintln!("diary: {} [{}]", e.message, e.code);
        }
        let status = diary.sync_status(now)?;
        println!("{}", status_line(&status, now));
        if let Some(lines) = set_aside_lines(&status, &lang) {
            println!("{lines}");
        }
    }
    if report.waiting > 0 {
        return Err(Failure::Diary(format!(
            "{} item{} still waiting; they stay queued and go with the next sync",
            report.waiting,
            if report.waiting == 1 { " is" } else { "s are" }
        )));
    }
    let set_aside = diary.sync_status(now)?.set_aside;
    if set_aside > 0 {
        return Err(Failure::Diary(format!(
            "{set_aside} entr{} set aside, refused by the server; diary sync --retry-set-aside tries again",
            if set_aside == 1 { "y is" } else { "ies are" }
        )));
    }
    Ok(())
}
