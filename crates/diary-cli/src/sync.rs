//! `diary sync`, `diary inbox` and `diary panel`: the care-team sync of the diary-sync
//! crate from a terminal. `sync` is the patient's side (send what is waiting, learn what
//! the care team has seen); `inbox` is the clinician's (open alerts across patients,
//! overdue reds on top, and acknowledging one, with a note); `panel` the clinician's view
//! by patient (the console's panel, and one patient's page). Like the rest of the CLI it
//! only parses flags, reads the clock once and prints. The access token is the SMART
//! sign-in's (`diary sync --sign-in`, `diary inbox --sign-in`: the refresh token kept in
//! the OS keyring, the access token refreshed when it expires), else `$DIARY_FHIR_TOKEN`
//! or the token file; it is never printed, and a static one is saved only by
//! `diary sync --set-token` (read from standard input).
//!
//! The core's errors name settings and arguments (`sync.server_url`, `sync.patient`,
//! `alert_id`), never flags; [`in_flag_terms`] is where they become this command line's
//! words: the flag the user typed, or a hint of the flag that supplies a saved setting.

use super::{open, Failure};
use chrono::{DateTime, Local, Utc};
use clap::{Args, Subcommand};
use diary_core::messages;
use diary_core::store::{StoreError, SyncSettings, SyncStatus, PATIENT_FIELD, SERVER_URL_FIELD};
use diary_core::FieldError;
use diary_sync::session::{self, SignInOptions};
use diary_sync::smart::{self, Role};
use diary_sync::{
    token, PatientCheck, PatientMode, SyncConfig, SyncError, ALERT_ID_FIELD, NOTE_FIELD,
};
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

/// SMART on FHIR sign-in, the same for `diary sync` (the patient) and `diary inbox` (the
/// care team).
#[derive(Args)]
pub struct SmartArgs {
    /// Sign in at the care team's server in your browser (SMART on FHIR): prints the address, opens the browser (not when BROWSER=none), waits for you to finish; the sign-in is kept in the OS keyring and used from then on.
    #[arg(long, conflicts_with = "sign_out")]
    sign_in: bool,
    /// Forget the sign-in for the server (from the keyring, or the file where there is none).
    #[arg(long)]
    sign_out: bool,
    /// The sign-in server (OpenID issuer), for a FHIR server that does not name one itself.
    #[arg(long, value_name = "URL", requires = "sign_in")]
    issuer: Option<String>,
    /// The client id registered with the sign-in server.
    #[arg(long, value_name = "ID", requires = "sign_in", default_value = smart::DEFAULT_CLIENT_ID)]
    client_id: String,
}

#[derive(Args)]
pub struct InboxArgs {
    /// The care team's FHIR R4 server. Default: the diary's saved sync server.
    #[arg(long, value_name = "URL", global = true)]
    server: Option<String>,
    /// Print JSON for scripts.
    #[arg(long, global = true)]
    json: bool,
    /// List the alerts already seen and not yet closed (to close them), instead of the new ones.
    #[arg(long)]
    seen: bool,
    /// Who you are on the care team (a name or role), written on the alert with each step.
    #[arg(long, value_name = "NAME", global = true)]
    by: Option<String>,
    #[command(flatten)]
    smart: SmartArgs,
    #[command(subcommand)]
    action: Option<InboxAction>,
}

#[derive(Subcommand)]
enum InboxAction {
    /// Acknowledge one alert: the patient's app shows it was seen after its next sync.
    Ack {
        /// The alert's id as the inbox lists it (or its alert-… identifier).
        alert_id: String,
        /// What was done, written on the alert for the care team (at most 2000 characters), e.g. --note "called her, coming in".
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
    },
    /// Close one alert once it is dealt with (a second step after `ack`).
    Close {
        /// The alert's id as the inbox lists it (or its alert-… identifier).
        alert_id: String,
    },
}

impl From<SyncError> for Failure {
    fn from(e: SyncError) -> Failure {
        match e {
            SyncError::Config(f) => Failure::Input(f.to_string()),
            SyncError::Store(s) => Failure::from(s),
            other => Failure::Diary(format!("{} [{}]", other, other.code())),
        }
    }
}

/// The token for `server` as of `now` (the SMART sign-in's, refreshed when due, else the
/// static one); an ended sign-in says which command signs in again.
fn credentials(
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
fn sign_in(
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
fn sign_out(server: &str, typed: &[&str]) -> Result<(), Failure> {
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
fn session_line(server: Option<&str>) -> Result<Option<String>, Failure> {
    let Some(server) = server else {
        return Ok(None);
    };
    Ok(Some(match session::session_info(server)? {
        Some(info) => format!(
            "Signed in to {} as {} since {} (kept in {}).",
            info.server,
            info.who(),
            local(&info.signed_in_at),
            match &info.place {
                session::SessionPlace::Keyring => "the OS keyring".to_string(),
                session::SessionPlace::File(p) => p.display().to_string(),
            }
        ),
        None => "Not signed in (SMART); the saved access token is used, if any.".to_string(),
    }))
}

/// Each field the core may name, the flag that gives it on this command line, and the
/// flag's value as the help spells it.
const FLAGS: &[(&str, &str, &str)] = &[
    (SERVER_URL_FIELD, "--server", "URL"),
    (PATIENT_FIELD, "--patient", "ID"),
    (ALERT_ID_FIELD, "ALERT_ID", ""),
    (NOTE_FIELD, "--note", "TEXT"),
    (diary_sync::panel::PATIENT_FIELD, "--patient", "Patient/ID"),
];

/// A field error in this command line's words. When the wrong value is one the user typed
/// (its flag is in `typed`), the line names the flag: `--server: "http://…" must use
/// https`. Otherwise the value was saved (or is missing): the line keeps the setting's
/// name and says which flag gives it: `sync.server_url: …; give --server URL`.
fn in_flag_terms(f: FieldError, typed: &[&str]) -> Failure {
    Failure::Input(match FLAGS.iter().find(|(field, _, _)| *field == f.path) {
        Some((_, flag, _)) if typed.contains(flag) => FieldError::new(*flag, f.message).to_string(),
        Some((_, flag, value)) => format!("{f}; give {flag} {value}").trim_end().to_string(),
        None => f.to_string(),
    })
}

/// [`in_flag_terms`] for a sync error; every other error as [`Failure::from`] has it.
fn sync_failure(e: SyncError, typed: &[&str]) -> Failure {
    match e {
        SyncError::Config(f) | SyncError::Store(StoreError::Invalid(f)) => in_flag_terms(f, typed),
        other => Failure::from(other),
    }
}

fn local(t: &DateTime<Utc>) -> String {
    t.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string()
}

fn status_line(s: &SyncStatus) -> String {
    let offset = Local::now().offset().to_owned();
    s.in_words(&offset)
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

pub fn run_sync(args: SyncArgs, db: &Option<PathBuf>, now: DateTime<Utc>) -> Result<(), Failure> {
    if args.set_token {
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
        return Ok(());
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
        let s = diary.sync_status(now)?;
        let server = args.server.as_deref().or(settings.server_url.as_deref());
        if args.json {
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
            println!("{}", status_line(&s));
            if let Some(lines) = set_aside_lines(&s, &lang) {
                println!("{lines}");
            }
            if let Some(line) = session_line(server)? {
                println!("{line}");
            }
        }
        return Ok(());
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
        println!("{}", status_line(&status));
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

/// The inbox's server: `--server`, else the diary's saved one; and the flags typed.
fn inbox_server(
    args: &InboxArgs,
    db: &Option<PathBuf>,
) -> Result<(String, &'static [&'static str]), Failure> {
    let (url, typed): (String, &'static [&'static str]) = match &args.server {
        Some(u) => (u.clone(), &["--server"]),
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

fn server_config(
    args: &InboxArgs,
    db: &Option<PathBuf>,
    now: DateTime<Utc>,
) -> Result<diary_sync::ServerConfig, Failure> {
    let (url, typed) = inbox_server(args, db)?;
    let token = credentials(Some(&url), now, "diary inbox --sign-in")?;
    let mut config =
        diary_sync::ServerConfig::new(&url, token).map_err(|e| sync_failure(e, typed))?;
    config.who = args.by.clone();
    Ok(config)
}

pub fn run_inbox(args: InboxArgs, db: &Option<PathBuf>, now: DateTime<Utc>) -> Result<(), Failure> {
    if args.smart.sign_in || args.smart.sign_out {
        let (url, typed) = inbox_server(&args, db)?;
        if args.smart.sign_out {
            return sign_out(&url, typed);
        }
        return sign_in(&url, Role::Clinician, &args.smart, "en", typed, now);
    }
    let config = server_config(&args, db, now)?;
    match &args.action {
        Some(InboxAction::Ack { alert_id, note }) => {
            let ack = diary_sync::ack_with_note(&config, alert_id, None, note.as_deref(), now)
                .map_err(|e| sync_failure(e, &["ALERT_ID", "--note"]))?;
            if args.json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&ack).expect("ack serializes")
                );
            } else if ack.changed {
                println!(
                    "Acknowledged {} {} ({}) as seen at {}. The patient's app shows it after its next sync. Close it when it is dealt with: diary inbox close {}",
                    ack.level, ack.rule, ack.id, local(&now), ack.id
                );
            } else if ack.note_added {
                println!(
                    "{} {} ({}) was already acknowledged; your note was added.",
                    ack.level, ack.rule, ack.id
                );
            } else {
                println!(
                    "{} {} ({}) was already acknowledged; nothing changed.",
                    ack.level, ack.rule, ack.id
                );
            }
            Ok(())
        }
        Some(InboxAction::Close { alert_id }) => {
            let done = diary_sync::close(&config, alert_id, now)
                .map_err(|e| sync_failure(e, &["ALERT_ID"]))?;
            if args.json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&done).expect("close serializes")
                );
            } else if done.changed {
                println!(
                    "Closed {} {} ({}) at {}.",
                    done.level,
                    done.rule,
                    done.id,
                    local(&now)
                );
            } else {
                println!(
                    "{} {} ({}) was already closed; nothing changed.",
                    done.level, done.rule, done.id
                );
            }
            Ok(())
        }
        None => {
            let items = if args.seen {
                diary_sync::inbox_seen(&config)?
            } else {
                diary_sync::inbox_at(&config, now)?
            };
            if args.json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&items).expect("items serialize")
                );
                return Ok(());
            }
            if items.is_empty() {
                println!(
                    "{}",
                    if args.seen {
                        "No seen alerts waiting to be closed."
                    } else {
                        "No open alerts."
                    }
                );
                return Ok(());
            }
            println!(
                "{:<36}  {:<5}  {:<14}  {:<16}  {:<25}  DETAIL",
                "ID", "LEVEL", "RULE", "PATIENT", "REPORTED"
            );
            for i in &items {
                let patient = i
                    .patient
                    .as_deref()
                    .map(|p| p.rsplit('|').next().unwrap_or(p))
                    .unwrap_or("?");
                println!(
                    "{:<36}  {:<5}  {:<14}  {:<16}  {:<25}  {}",
                    i.id,
                    i.level.as_str(),
                    i.rule,
                    patient,
                    i.recorded_at.as_deref().unwrap_or("?"),
                    i.detail
                );
                if i.overdue {
                    println!("    {}", overdue_words(i, now));
                }
                if !i.report.is_empty() {
                    println!("    report: {}", i.report.join(", "));
                }
                if let Some(n) = &i.note {
                    println!("    note: {}", n.replace(['\n', '\r'], " "));
                }
                for f in &i.followups {
                    println!(
                        "    follow-up {}: {}",
                        f.answered_at,
                        f.words.replace(['\n', '\r'], " ")
                    );
                }
                for n in &i.notes {
                    println!(
                        "    care-team note{}{}: {}",
                        n.by.as_deref()
                            .map(|b| format!(" by {}", one_line(b)))
                            .unwrap_or_default(),
                        n.at.as_deref()
                            .map(|t| format!(" at {t}"))
                            .unwrap_or_default(),
                        one_line(&n.text)
                    );
                }
                if let Some(at) = &i.seen_at {
                    println!(
                        "    seen: {at}{}",
                        i.seen_by
                            .as_deref()
                            .map(|b| format!(" by {}", b.replace(['\n', '\r'], " ")))
                            .unwrap_or_default()
                    );
                }
            }
            let overdue = items.iter().filter(|i| i.overdue).count();
            if overdue > 0 {
                println!(
                    "{overdue} red alert{} overdue: nobody has acknowledged {} for {} minutes or more.",
                    if overdue == 1 { " is" } else { "s are" },
                    if overdue == 1 { "it" } else { "them" },
                    diary_sync::panel::OVERDUE_AFTER.num_minutes()
                );
            }
            if args.seen {
                println!(
                    "{} seen alert{} not closed. Close one with: diary inbox --server URL close ID",
                    items.len(),
                    if items.len() == 1 { "" } else { "s" }
                );
            } else {
                println!(
                    "{} open alert{}. Acknowledge one with: diary inbox --server URL ack ID",
                    items.len(),
                    if items.len() == 1 { "" } else { "s" }
                );
            }
            Ok(())
        }
    }
}

fn one_line(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}

/// "42 min", "3 h 5 min", "2 days 4 h".
fn how_long(d: chrono::Duration) -> String {
    let m = d.num_minutes().max(0);
    if m < 120 {
        format!("{m} min")
    } else if m < 48 * 60 {
        format!("{} h {} min", m / 60, m % 60)
    } else {
        format!("{} days {} h", m / (24 * 60), (m / 60) % 24)
    }
}

/// "OVERDUE — red for 42 min, nobody has acknowledged it".
fn overdue_words(i: &diary_sync::InboxItem, now: DateTime<Utc>) -> String {
    let since = i
        .authored_on
        .as_deref()
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(|t| now - t.with_timezone(&Utc))
        .unwrap_or(diary_sync::panel::OVERDUE_AFTER);
    format!(
        "OVERDUE — red for {}, nobody has acknowledged it",
        how_long(since)
    )
}

#[derive(Args)]
#[command(
    after_help = "Examples:\n  diary panel --server https://fhir.hospital.example/r4\n  diary panel --json\n  diary panel --patient Patient/123 --days 30"
)]
pub struct PanelArgs {
    /// The care team's FHIR R4 server. Default: the diary's saved sync server.
    #[arg(long, value_name = "URL")]
    server: Option<String>,
    /// Print JSON for scripts.
    #[arg(long)]
    json: bool,
    /// One patient's page instead (Patient/ID as the panel lists it): their alerts and reports.
    #[arg(long, value_name = "Patient/ID")]
    patient: Option<String>,
    /// With --patient: how many days back to show.
    #[arg(long, value_name = "N", default_value_t = 14, requires = "patient")]
    days: u32,
}

fn panel_line(r: &diary_sync::PanelRow, now: DateTime<Utc>) -> String {
    let who = r
        .identifier
        .as_deref()
        .map(|p| p.rsplit('|').next().unwrap_or(p).to_string())
        .unwrap_or_else(|| r.patient_ref.clone());
    let name = match (&r.name, r.birth_year) {
        (Some(n), Some(y)) => format!(" {} ({y})", one_line(n)),
        (Some(n), None) => format!(" {}", one_line(n)),
        (None, Some(y)) => format!(" ({y})"),
        (None, None) => String::new(),
    };
    let mark = if r.overdue_red > 0 {
        "OVERDUE  "
    } else if r.open_red > 0 {
        "RED      "
    } else if r.open_amber > 0 {
        "AMBER    "
    } else if r.no_report {
        "SILENT   "
    } else {
        "         "
    };
    let mut line = format!(
        "{mark}{who}{name}: {} red{}, {} amber, {} not acknowledged",
        r.open_red,
        if r.overdue_red > 0 {
            format!(" ({} overdue)", r.overdue_red)
        } else {
            String::new()
        },
        r.open_amber,
        r.unseen
    );
    match (&r.last_report_at, r.last_report_level) {
        (Some(at), level) => {
            let ago = DateTime::parse_from_rfc3339(at)
                .map(|t| format!(", {} ago", how_long(now - t.with_timezone(&Utc))))
                .unwrap_or_default();
            line.push_str(&format!(
                "; last report {at}{ago}{}",
                level.map(|l| format!(" ({l})")).unwrap_or_default()
            ));
        }
        (None, _) => line.push_str("; no report yet"),
    }
    if r.no_report {
        line.push_str("; NO REPORT for 72 h or more");
    }
    line
}

pub fn run_panel(args: PanelArgs, db: &Option<PathBuf>, now: DateTime<Utc>) -> Result<(), Failure> {
    let inbox_args = InboxArgs {
        server: args.server.clone(),
        json: args.json,
        seen: false,
        by: None,
        action: None,
        smart: SmartArgs {
            sign_in: false,
            sign_out: false,
            issuer: None,
            client_id: smart::DEFAULT_CLIENT_ID.to_string(),
        },
    };
    let config = server_config(&inbox_args, db, now)?;
    if let Some(p) = &args.patient {
        let since = now - chrono::Duration::days(i64::from(args.days));
        let page = diary_sync::patient_page(&config, p, since, now)
            .map_err(|e| sync_failure(e, &["--patient"]))?;
        if args.json {
            println!(
                "{}",
                serde_json::to_string_pretty(&page).expect("a page serializes")
            );
            return Ok(());
        }
        println!("{}", panel_line(&page.row, now));
        if !page.row.last_checkin.is_empty() {
            println!(
                "    check-in {}: {}",
                page.row.last_checkin_at.as_deref().unwrap_or("?"),
                page.row.last_checkin.join(", ")
            );
        }
        println!("Reports since {} ({}):", local(&since), page.reports.len());
        for r in &page.reports {
            let mut parts: Vec<String> =
                r.ratings.iter().map(|(k, v)| format!("{k} {v}")).collect();
            if let Some(t) = r.temperature_c {
                parts.push(format!("temperature {t} °C"));
            }
            if let Some(w) = r.weight_kg {
                parts.push(format!("weight {w} kg"));
            }
            println!(
                "  {}  {:<5}  {}",
                r.recorded_at,
                r.level.as_str(),
                parts.join(", ")
            );
        }
        println!("Alerts since {} ({}):", local(&since), page.alerts.len());
        for i in &page.alerts {
            println!(
                "  {}  {:<5}  {:<14}  {:<9}  {}",
                i.authored_on.as_deref().unwrap_or("?"),
                i.level.as_str(),
                i.rule,
                i.status,
                i.detail
            );
            if i.overdue {
                println!("    {}", overdue_words(i, now));
            }
            for n in &i.notes {
                println!(
                    "    care-team note{}: {}",
                    n.by.as_deref()
                        .map(|b| format!(" by {}", one_line(b)))
                        .unwrap_or_default(),
                    one_line(&n.text)
                );
            }
        }
        return Ok(());
    }
    let rows = diary_sync::patient_panel(&config, now)?;
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&rows).expect("rows serialize")
        );
        return Ok(());
    }
    if rows.is_empty() {
        println!("No patients with open alerts or recent reports.");
        return Ok(());
    }
    for r in &rows {
        println!("{}", panel_line(r, now));
        if !r.last_checkin.is_empty() {
            println!(
                "    check-in {}: {}",
                r.last_checkin_at.as_deref().unwrap_or("?"),
                r.last_checkin.join(", ")
            );
        }
    }
    let overdue: u32 = rows.iter().map(|r| r.overdue_red).sum();
    println!(
        "{} patient{}; {overdue} overdue red alert{}. One patient's page: diary panel --patient Patient/ID",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" },
        if overdue == 1 { "" } else { "s" }
    );
    Ok(())
}
