//! `diary inbox`: the care team's side of sync from a terminal: the new alerts across
//! patients, overdue reds on top, then most urgent first (or with `--seen`, those seen and
//! not closed), acknowledging one with a note (`ack`) and closing it (`close`), and the
//! SMART sign-in ([`crate::sign_in`]); the patients' messages (`messages`) and a reply to
//! one (`reply`). It also holds the alert's words that `diary panel`
//! shares ([`overdue_words`], [`how_long`], [`one_line`]).

use crate::failure::Failure;
use crate::flag_terms::sync_failure;
use crate::sign_in::{sign_in, sign_out, SmartArgs};
use crate::{clock, server};
use chrono::{DateTime, Utc};
use clap::{Args, Subcommand};
use diary_sync::smart::Role;
use diary_sync::ServerConfig;
use std::path::PathBuf;

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
    /// The patients' messages, newest first, with their photos' type and size and the
    /// replies written to them.
    Messages,
    /// Reply to one patient's message: the patient's app shows it after its next sync.
    Reply {
        /// The message's id as `diary inbox messages` lists it (message-…).
        message_id: String,
        /// The reply (at most 2000 characters).
        #[arg(long, value_name = "TEXT")]
        text: String,
    },
}

/// What `diary inbox` does, for `--help` and the manual page, with the overdue time read
/// from the rule ([`diary_sync::panel::OVERDUE_AFTER`]).
pub fn about() -> String {
    format!(
        "For clinicians: new alerts across patients, overdue reds (unacknowledged {} minutes or more) at the top, then most urgent first; `ack ID [--note TEXT]` marks one seen, `close ID` closes it, `--seen` lists those seen and not closed",
        diary_sync::panel::OVERDUE_AFTER.num_minutes()
    )
}

/// The patients' messages, newest first.
fn messages(config: &ServerConfig, json: bool) -> Result<(), Failure> {
    let list = diary_sync::messages::patient_messages(config).map_err(|e| sync_failure(e, &[]))?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&list).expect("messages always serialize")
        );
        return Ok(());
    }
    if list.is_empty() {
        println!("No messages.");
    }
    for m in list {
        let photo = m
            .photo
            .as_ref()
            .map(|p| format!(" [photo: {}, {} KB]", p.content_type, p.size.div_ceil(1024)))
            .unwrap_or_default();
        println!("{}  {}  {}{photo}", m.uid, m.patient, m.sent);
        println!("  {}", m.text.replace('\n', "\n  "));
        for (who, words) in &m.replies {
            println!("  ↳ {}: {words}", who.as_deref().unwrap_or("Care team"));
        }
    }
    Ok(())
}

pub fn run(args: InboxArgs, db: &Option<PathBuf>, now: DateTime<Utc>) -> Result<(), Failure> {
    if args.smart.sign_in || args.smart.sign_out {
        let (url, typed) = server::url(args.server.as_deref(), db)?;
        if args.smart.sign_out {
            return sign_out(&url, typed);
        }
        return sign_in(&url, Role::Clinician, &args.smart, "en", typed, now);
    }
    let config = server::config(args.server.as_deref(), args.by.clone(), db, now)?;
    match &args.action {
        Some(InboxAction::Ack { alert_id, note }) => {
            ack(&config, alert_id, note.as_deref(), args.json, now)
        }
        Some(InboxAction::Close { alert_id }) => close(&config, alert_id, args.json, now),
        Some(InboxAction::Messages) => messages(&config, args.json),
        Some(InboxAction::Reply { message_id, text }) => {
            let uid = diary_sync::messages::reply(&config, message_id, text, now)
                .map_err(|e| sync_failure(e, &["MESSAGE_ID", "--text"]))?;
            println!("Sent: {uid}. The patient's app shows it after its next sync.");
            Ok(())
        }
        None => list(&config, args.seen, args.json, now),
    }
}

/// `diary inbox ack ID [--note TEXT]`.
fn ack(
    config: &ServerConfig,
    alert_id: &str,
    note: Option<&str>,
    json: bool,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    let ack = diary_sync::ack_with_note(config, alert_id, None, note, now)
        .map_err(|e| sync_failure(e, &["ALERT_ID", "--note"]))?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&ack).expect("ack serializes")
        );
    } else if ack.changed {
        println!(
            "Acknowledged {} {} ({}) as seen at {}. The patient's app shows it after its next sync. Close it when it is dealt with: diary inbox close {}",
            ack.level, ack.rule, ack.id, clock::local_minutes(&now), ack.id
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

/// `diary inbox close ID`.
fn close(
    config: &ServerConfig,
    alert_id: &str,
    json: bool,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    let done =
        diary_sync::close(config, alert_id, now).map_err(|e| sync_failure(e, &["ALERT_ID"]))?;
    if json {
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
            clock::local_minutes(&now)
        );
    } else {
        println!(
            "{} {} ({}) was already closed; nothing changed.",
            done.level, done.rule, done.id
        );
    }
    Ok(())
}

/// The inbox: the new alerts (or with `seen`, those seen and not closed), overdue reds on
/// top, each with the report behind it, the follow-up answers and the care team's notes.
fn list(config: &ServerConfig, seen: bool, json: bool, now: DateTime<Utc>) -> Result<(), Failure> {
    let items = if seen {
        diary_sync::inbox_seen(config)?
    } else {
        diary_sync::inbox_at(config, now)?
    };
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&items).expect("items serialize")
        );
        return Ok(());
    }
    if items.is_empty() {
        println!(
            "{}",
            if seen {
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
    if seen {
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

pub fn one_line(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}

/// "42 min", "3 h 5 min", "2 days 4 h".
pub fn how_long(d: chrono::Duration) -> String {
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
pub fn overdue_words(i: &diary_sync::InboxItem, now: DateTime<Utc>) -> String {
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
