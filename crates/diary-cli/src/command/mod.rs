//! The command line's shape and its dispatch: [`Cli`] (the global flags and the list of
//! subcommands, in the order `--help` shows them) and [`run`], one line per subcommand.
//! Each subcommand is a file here holding its flags and its `run`, as atuin's
//! `command/client/…` are.

use crate::failure::Failure;
use crate::help;
use chrono::{DateTime, Utc};
use clap::{CommandFactory, Parser, Subcommand};
use std::path::PathBuf;

mod backup;
mod check;
mod checkin;
mod csv;
mod export;
mod followup;
mod import;
mod inbox;
mod lab;
mod list;
mod log;
mod manpage;
mod message;
mod panel;
mod profile;
mod question;
mod report;
mod restore;
mod settings;
mod sync;

#[derive(Parser)]
#[command(
    name = "diary",
    version,
    about = "Symptom Diary: log daily symptoms, see what needs a call to the care team, and move the diary between computers.",
    long_about = None,
    after_help = "The diary is a local SQLite file, encrypted with a key kept in the system keyring (or, where there is none, in a key file beside the diary, PATH.key; SYMPTOM_DIARY_KEYRING=off asks for the key file). Its place: --db PATH, else $SYMPTOM_DIARY_DB, else the platform data directory. Backups (encrypted with the same key) are in the backups folder beside it.\n\nExamples:\n  diary log --fatigue 2 --pain 1 --temp 37.2 --sign dark_urine --note \"slept badly\"\n  diary list\n  diary check assets/samples/jaundice-developing.json\n  diary report --from 2026-10-01 --to 2026-11-11 --out visit.pdf\n  diary export backup.json && diary --db new.sqlite import backup.json"
)]
pub struct Cli {
    /// The diary file to use (default: $SYMPTOM_DIARY_DB, else the platform data directory).
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Add a daily report and show what it means (triage).
    Log(log::LogArgs),
    /// Answer the weekly check-in (mood, worry, daily activities, social life, eating) and see what it means.
    Checkin(checkin::CheckinArgs),
    /// Show recent reports as a table.
    List(list::ListArgs),
    /// Triage the latest report of a diary JSON file; writes nothing anywhere.
    Check(check::CheckArgs),
    /// Add everything in a diary JSON file to the diary: all of it, or nothing if one field is wrong.
    Import(import::ImportArgs),
    /// Write the whole diary as JSON (to FILE, or to standard output).
    Export(export::ExportArgs),
    /// Write reports.csv, labs.csv and checkins.csv (spreadsheets, UTF-8, ISO dates; docs/csv.md) into DIR.
    Csv(csv::CsvArgs),
    /// "Did you reach your care team?": the questions due now, or with --report and
    /// --answer, an answer.
    Followup(followup::FollowupArgs),
    /// A message to the care team (with --photo FILE), sent with the next sync; without
    /// words, the messages both ways and the team's replies. Not for anything urgent: call.
    Message(message::MessageArgs),
    /// Questions for the next clinic visit: the list, --add TEXT, or --asked N to cross one off.
    Question(question::QuestionArgs),
    /// Show or change the patient's profile (therapies, usual stools, weight, stent, fever threshold, the care team's office hours).
    Profile(profile::ProfileArgs),
    /// Show or change the settings: language, who reports, the numbers to call.
    Settings(settings::SettingsArgs),
    /// Add a lab result copied from a lab sheet (used by the next report's triage).
    Lab(lab::LabArgs),
    /// Send everything waiting to the care team's FHIR server (exit 0 only when nothing is left waiting).
    Sync(sync::SyncArgs),
    // The inbox's words name the overdue time: they are made from the rule's constant.
    #[command(about = inbox::about())]
    Inbox(inbox::InboxArgs),
    /// For clinicians: the patient panel, one line per patient with open alerts or recent reports, overdue reds first; `--patient ID` shows one patient's reports and alerts.
    Panel(panel::PanelArgs),
    /// Take a backup of the diary now (encrypted with the diary's key) and keep the newest of the last 7 days and 4 weeks; `--list` shows them.
    Backup(backup::BackupArgs),
    /// Replace the diary with a backup, after checking that the diary's key opens it and that it is a sound Symptom Diary; the diary as it was is backed up first. Close the app first.
    Restore(restore::RestoreArgs),
    /// Print this command's manual page (roff, for man(1)); scripts/package.sh ships it.
    #[command(hide = true)]
    Manpage,
    /// Write the clinic-visit report for a period as a PDF: alerts and what triggered them, a chart per symptom, weight, lab results with their grades, the care team's numbers and the treatments.
    Report(report::ReportArgs),
}

/// The command line, as `--help`, the parser and `diary manpage` see it: [`Cli`] with the
/// help texts made from the core's lists ([`help::with_vocabularies`]).
pub fn command() -> clap::Command {
    help::with_vocabularies(Cli::command())
}

/// Runs the command line at `now`, the one reading of the clock.
pub fn run(cli: Cli, now: DateTime<Utc>) -> Result<(), Failure> {
    let db = &cli.db;
    match cli.command {
        Command::Log(args) => log::run(args, db, now),
        Command::Checkin(args) => checkin::run(args, db, now),
        Command::List(args) => list::run(args, db),
        Command::Check(args) => check::run(args),
        Command::Import(args) => import::run(args, db, now),
        Command::Export(args) => export::run(args, db),
        Command::Csv(args) => csv::run(args, db),
        Command::Followup(args) => followup::run(args, db, now),
        Command::Message(args) => message::run(args, db, now),
        Command::Question(args) => question::run(args, db, now),
        Command::Profile(args) => profile::run(args, db),
        Command::Settings(args) => settings::run(args, db),
        Command::Lab(args) => lab::run(args, db, now),
        Command::Sync(args) => sync::run(args, db, now),
        Command::Inbox(args) => inbox::run(args, db, now),
        Command::Panel(args) => panel::run(args, db, now),
        Command::Backup(args) => backup::run(args, db, now),
        Command::Restore(args) => restore::run(args, db, now),
        Command::Manpage => manpage::run(command()),
        Command::Report(args) => report::run(args, db),
    }
}
