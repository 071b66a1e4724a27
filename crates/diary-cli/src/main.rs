//! The `diary` command: the Symptom Diary from a terminal. It is an adapter over
//! diary-core, like the desktop app: it parses flags, reads the clock once, calls the
//! core and prints. Exit status 0 means done, 2 means the input was wrong (one line on
//! standard error names the field), 1 means the diary itself could not be used.

use chrono::{DateTime, FixedOffset, Local, Utc};
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use diary_core::json::{self, Clock};
use diary_core::model::*;
use diary_core::store::{backup, Diary, KeyPolicy, SavedReport, StoreError};
use diary_core::{input, rules, FieldError};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod sync;
mod words;

#[derive(Parser)]
#[command(
    name = "diary",
    version,
    about = "Symptom Diary: log daily symptoms, see what needs a call to the care team, and move the diary between computers.",
    long_about = None,
    after_help = "The diary is a local SQLite file, encrypted with a key kept in the system keyring (or, where there is none, in a key file beside the diary, PATH.key; SYMPTOM_DIARY_KEYRING=off asks for the key file). Its place: --db PATH, else $SYMPTOM_DIARY_DB, else the platform data directory. Backups (encrypted with the same key) are in the backups folder beside it.\n\nExamples:\n  diary log --fatigue 2 --pain 1 --temp 37.2 --sign dark_urine --note \"slept badly\"\n  diary list\n  diary check assets/samples/jaundice-developing.json\n  diary report --from 2026-10-01 --to 2026-11-11 --out visit.pdf\n  diary export backup.json && diary --db new.sqlite import backup.json"
)]
struct Cli {
    /// The diary file to use (default: $SYMPTOM_DIARY_DB, else the platform data directory).
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Add a daily report and show what it means (triage).
    Log(LogArgs),
    /// Answer the weekly check-in (mood, worry, daily activities, social life, eating) and see what it means.
    Checkin(CheckinArgs),
    /// Show recent reports as a table.
    List {
        /// How many reports to show.
        #[arg(long, default_value_t = 14)]
        limit: usize,
        /// Print JSON for scripts instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Triage the latest report of a diary JSON file; writes nothing anywhere.
    Check {
        /// A document in the diary interchange format, version 1.
        file: PathBuf,
    },
    /// Add everything in a diary JSON file to the diary: all of it, or nothing if one field is wrong.
    Import {
        /// A document in the diary interchange format, version 1.
        file: PathBuf,
    },
    /// Write the whole diary as JSON (to FILE, or to standard output).
    Export {
        /// Where to write; standard output when left out.
        file: Option<PathBuf>,
    },
    /// Write reports.csv, labs.csv and checkins.csv (spreadsheets, UTF-8, ISO dates; docs/csv.md) into DIR.
    Csv {
        /// The folder to write into (made if missing).
        #[arg(long, value_name = "DIR")]
        dir: PathBuf,
    },
    /// "Did you reach your care team?": the questions due now, or with --report and
    /// --answer, an answer.
    Followup(FollowupArgs),
    /// Questions for the next clinic visit: the list, --add TEXT, or --asked N to cross one off.
    Question {
        /// A new question.
        #[arg(long, value_name = "TEXT", conflicts_with = "asked")]
        add: Option<String>,
        /// Cross off the question numbered N in the list.
        #[arg(long, value_name = "N")]
        asked: Option<usize>,
    },
    /// Show or change the patient's profile (therapies, usual stools, weight, stent, fever threshold).
    Profile(ProfileArgs),
    /// Show or change the settings: language, who reports, the numbers to call.
    Settings(SettingsArgs),
    /// Add a lab result copied from a lab sheet (used by the next report's triage).
    Lab(LabArgs),
    /// Send everything waiting to the care team's FHIR server (exit 0 only when nothing is left waiting).
    Sync(sync::SyncArgs),
    /// For clinicians: new alerts across patients, overdue reds (unacknowledged 30 minutes or more) at the top, then most urgent first; `ack ID [--note TEXT]` marks one seen, `close ID` closes it, `--seen` lists those seen and not closed.
    Inbox(sync::InboxArgs),
    /// For clinicians: the patient panel, one line per patient with open alerts or recent reports, overdue reds first; `--patient ID` shows one patient's reports and alerts.
    Panel(sync::PanelArgs),
    /// Take a backup of the diary now (encrypted with the diary's key) and keep the newest of the last 7 days and 4 weeks; `--list` shows them.
    Backup {
        /// List the backups, newest first, instead of taking one.
        #[arg(long)]
        list: bool,
    },
    /// Replace the diary with a backup, after checking that the diary's key opens it and that it is a sound Symptom Diary; the diary as it was is backed up first. Close the app first.
    Restore {
        /// The backup file (see `diary backup --list`).
        #[arg(required_unless_present = "newest")]
        file: Option<PathBuf>,
        /// Restore the newest backup that passes the checks (for a damaged diary).
        #[arg(long, conflicts_with = "file")]
        newest: bool,
    },
    /// Print this command's manual page (roff, for man(1)); scripts/package.sh ships it.
    #[command(hide = true)]
    Manpage,
    /// Write the clinic-visit report for a period as a PDF: alerts and what triggered them, a chart per symptom, weight, lab results with their grades, the care team's numbers and the treatments.
    Report(ReportArgs),
}

#[derive(Args)]
struct ReportArgs {
    /// The first day of the period, YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    from: String,
    /// The last day of the period, YYYY-MM-DD (included).
    #[arg(long, value_name = "DATE")]
    to: String,
    /// Where to write the PDF.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// The report's language (default: the diary's language setting).
    #[arg(long, value_name = "LANG")]
    lang: Option<String>,
}

#[derive(Args)]
struct CheckinArgs {
    /// Daily activities (ECOG): 0 normal activity, 1 limited in strenuous activity only, 2 up and about more than half the day, 3 in bed or a chair more than half the day, 4 in bed or a chair all day.
    #[arg(long, value_name = "0-4")]
    function: Option<u8>,
    /// How much the illness kept the patient from family, friends or things they enjoy this week: 0 not at all … 4 completely.
    #[arg(long, value_name = "0-4")]
    social: Option<u8>,
    /// How much the patient ate this week compared with usual: 0 as usual, 1 a bit less, 2 about half, 3 very little.
    #[arg(long, value_name = "0-3")]
    eating: Option<u8>,
    /// PHQ-2, the patient only (over the last 2 weeks, little interest or pleasure; feeling down, depressed or hopeless), each 0 not at all, 1 several days, 2 more than half the days, 3 nearly every day.
    #[arg(long, value_name = "A,B")]
    phq2: Option<String>,
    /// GAD-2, the patient only (over the last 2 weeks, feeling nervous, anxious or on edge; not being able to stop or control worrying), each 0–3 as for --phq2.
    #[arg(long, value_name = "A,B")]
    gad2: Option<String>,
    /// Thoughts that you would be better off dead or of hurting yourself: asked (and then required) only when the PHQ-2 total is 3 or more.
    #[arg(long, value_name = "yes|no")]
    self_harm: Option<String>,
    /// Answered by a caregiver: no PHQ-2, GAD-2 or self-harm question, and --strain is asked.
    #[arg(long)]
    caregiver: bool,
    /// The caregiver's own strain from caring this week: 0 none … 4 very severe (with --caregiver).
    #[arg(long, value_name = "0-4")]
    strain: Option<u8>,
    /// When the check-in was answered (RFC 3339); default now.
    #[arg(long, value_name = "TIME")]
    at: Option<String>,
}

#[derive(Args)]
struct FollowupArgs {
    /// The report the answer is about (its number in `diary list`).
    #[arg(long, requires = "answer")]
    report: Option<i64>,
    /// reached, not_yet or they_said.
    #[arg(long, requires = "report", value_parser = diary_core::followup::FollowUpAnswer::ALL.iter().map(|a| a.as_str()).collect::<Vec<_>>())]
    answer: Option<String>,
    /// What the care team said (with --answer they_said).
    #[arg(long)]
    note: Option<String>,
}

#[derive(Args)]
struct LabArgs {
    /// The test (the list is in `diary lab --help`).
    #[arg(long)]
    test: String,
    /// The value, as written on the sheet.
    #[arg(long)]
    value: f64,
    /// The unit (the units of each test are in `diary lab --help`).
    #[arg(long)]
    unit: String,
    /// The day the blood was taken, YYYY-MM-DD (default today).
    #[arg(long, value_name = "DATE")]
    on: Option<String>,
    /// The lower limit of the lab's reference range.
    #[arg(long, value_name = "N")]
    ref_low: Option<f64>,
    /// The upper limit of the lab's reference range.
    #[arg(long, value_name = "N")]
    ref_high: Option<f64>,
    /// The value before treatment, for grading a result that was already abnormal.
    #[arg(long, value_name = "N")]
    baseline: Option<f64>,
}

#[derive(Args)]
struct SettingsArgs {
    /// The language of messages.
    #[arg(long, value_name = "LANG")]
    language: Option<String>,
    /// Who fills in reports on this computer.
    #[arg(long, value_name = "WHO")]
    user: Option<String>,
    /// The care team's daytime number.
    #[arg(long, value_name = "PHONE")]
    team_phone: Option<String>,
    /// The 24-hour cancer line.
    #[arg(long, value_name = "PHONE")]
    line_24h: Option<String>,
    /// The local emergency number.
    #[arg(long, value_name = "PHONE")]
    emergency: Option<String>,
    /// The daily reminder time, HH:MM.
    #[arg(long, value_name = "HH:MM")]
    reminder: Option<String>,
}

#[derive(Args)]
struct LogArgs {
    #[command(flatten)]
    ratings: RatingFlags,
    /// Loose stools above the usual number, in the last 24 hours.
    #[arg(long, value_name = "N")]
    stools: Option<u32>,
    /// Times vomited in the last 24 hours.
    #[arg(long, value_name = "N")]
    vomiting: Option<u32>,
    /// Temperature in °C.
    #[arg(long, value_name = "°C")]
    temp: Option<f64>,
    /// Weight in kg.
    #[arg(long, value_name = "KG")]
    weight: Option<f64>,
    /// A warning sign (repeat for more).
    #[arg(long = "sign", value_name = "SIGN")]
    signs: Vec<String>,
    /// None of the warning signs (the checklist answered "none of these"). A report with
    /// neither --sign nor --no-signs is saved as not screened.
    #[arg(long, conflicts_with = "signs")]
    no_signs: bool,
    /// A note, shown as plain text.
    #[arg(long)]
    note: Option<String>,
    /// Filled in by a caregiver for the patient.
    #[arg(long)]
    caregiver: bool,
    /// When the report was made (RFC 3339, e.g. 2026-11-20T08:30:00+05:00); default now.
    #[arg(long, value_name = "TIME")]
    at: Option<String>,
}

/// The 0–4 ratings as flags, one per item of `Rating::ALL` (`--fatigue 2`,
/// `--appetite-loss 1`), so a new rating in diary-core is a new flag here with no edit.
struct RatingFlags(Vec<(Rating, u8)>);

impl RatingFlags {
    /// The flag's id: the rating's spelling (`appetite_loss`); clap shows it as
    /// `--appetite-loss`.
    fn id(item: Rating) -> &'static str {
        item.as_str()
    }
}

impl FromArgMatches for RatingFlags {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        Ok(RatingFlags(
            Rating::ALL
                .iter()
                .filter_map(|item| {
                    matches
                        .get_one::<u8>(Self::id(*item))
                        .map(|value| (*item, *value))
                })
                .collect(),
        ))
    }

    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

impl Args for RatingFlags {
    fn augment_args(command: clap::Command) -> clap::Command {
        let scale: Vec<String> = (0..=4u8)
            .map(|v| format!("{v} {}", rules::rating_word(v)))
            .collect();
        Rating::ALL.iter().fold(command, |command, item| {
            command.arg(
                clap::Arg::new(Self::id(*item))
                    .long(item.as_str().replace('_', "-"))
                    .value_name("0-4")
                    .value_parser(clap::value_parser!(u8))
                    .help(format!(
                        "{}, {}.",
                        capitalised(&rules::rating_name(*item)),
                        scale.join(", ")
                    )),
            )
        })
    }

    fn augment_args_for_update(command: clap::Command) -> clap::Command {
        Self::augment_args(command)
    }
}

/// "Shortness of breath" from "shortness of breath".
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[derive(Args)]
struct ProfileArgs {
    /// Set the current therapies (repeat for more; replaces the list).
    #[arg(long = "therapy", value_name = "CLASS")]
    therapies: Vec<String>,
    /// Clear the therapy list.
    #[arg(long)]
    no_therapies: bool,
    /// The usual number of stools a day.
    #[arg(long, value_name = "N")]
    usual_stools: Option<u32>,
    /// Weight before treatment, kg.
    #[arg(long, value_name = "KG")]
    baseline_weight: Option<f64>,
    /// Whether a biliary stent is in place (true/false).
    #[arg(long, value_name = "BOOL")]
    biliary_stent: Option<bool>,
    /// The care team's fever threshold, °C (37.0–39.0).
    #[arg(long, value_name = "°C")]
    fever_threshold: Option<f64>,
}

/// Why the command failed, and so which exit status it gets.
enum Failure {
    /// Wrong input: exit status 2.
    Input(String),
    /// The diary could not be used: exit status 1.
    Diary(String),
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Failure {
        match e {
            StoreError::Invalid(f) => Failure::Input(f.to_string()),
            other => Failure::Diary(other.to_string()),
        }
    }
}

impl From<FieldError> for Failure {
    fn from(e: FieldError) -> Failure {
        Failure::Input(e.to_string())
    }
}

/// "a, b, c": a vocabulary's spellings for a help text.
fn listed<T: Copy>(all: &[T], word: impl Fn(T) -> &'static str) -> String {
    all.iter().map(|v| word(*v)).collect::<Vec<_>>().join(", ")
}

/// The command line, with the help texts that list a vocabulary made from diary-core's
/// lists (`Sign::ALL`, `Therapy::ALL`, `LabTest::units`, …), never typed out here.
fn command() -> clap::Command {
    let units: Vec<String> = LabTest::ALL
        .iter()
        .map(|t| format!("{} ({t})", listed(t.units(), LabUnit::as_str)))
        .collect();
    Cli::command()
        .mut_subcommand("log", |c| {
            c.mut_arg("signs", |a| {
                a.help(format!(
                    "A warning sign (repeat for more): {}.",
                    listed(Sign::ALL, Sign::as_str)
                ))
            })
        })
        .mut_subcommand("profile", |c| {
            c.mut_arg("therapies", |a| {
                a.help(format!(
                    "Set the current therapies (repeat for more; replaces the list): {}.",
                    listed(Therapy::ALL, Therapy::as_str)
                ))
            })
        })
        .mut_subcommand("lab", |c| {
            c.mut_arg("test", |a| {
                a.help(format!(
                    "The test: {}.",
                    listed(LabTest::ALL, LabTest::as_str)
                ))
            })
            .mut_arg("unit", |a| {
                a.help(format!("The unit: {}.", units.join("; ")))
            })
        })
        .mut_subcommand("report", |c| {
            c.mut_arg("lang", |a| {
                a.help(format!(
                    "The report's language: {} (default: the diary's language setting).",
                    diary_core::messages::LANGUAGES.join(", ")
                ))
            })
        })
        .mut_subcommand("settings", |c| {
            c.mut_arg("language", |a| {
                a.help(format!(
                    "The language of messages: {}.",
                    diary_core::messages::LANGUAGES.join(", ")
                ))
            })
            .mut_arg("user", |a| {
                a.help(format!(
                    "Who fills in reports on this computer: {}.",
                    listed(Reporter::ALL, Reporter::as_str)
                ))
            })
        })
}

/// The manual page, made from the same clap definition as `--help`: the command's page,
/// then one section per subcommand with its own arguments.
fn manual_page(out: &mut dyn Write) -> std::io::Result<()> {
    let cmd = command();
    clap_mangen::Man::new(cmd.clone()).render(out)?;
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("diary {}", sub.get_name());
        let mut section = Vec::new();
        let man = clap_mangen::Man::new(sub.clone().bin_name(&name));
        man.render_synopsis_section(&mut section)?;
        man.render_options_section(&mut section)?;
        // The subcommand's own heading and what it does, then its synopsis and options.
        let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
        let heading = format!(
            ".SH \"{}\"\n{}\n.PP",
            name.to_uppercase(),
            about.replace('\\', "\\e")
        );
        let text = String::from_utf8_lossy(&section)
            .replacen(".SH SYNOPSIS", &heading, 1)
            .replace(".SH OPTIONS", ".SS Options");
        out.write_all(text.as_bytes())?;
    }
    Ok(())
}

fn main() -> ExitCode {
    let cli = match Cli::from_arg_matches(&command().get_matches()) {
        Ok(cli) => cli,
        Err(error) => error.exit(),
    };
    let now = Utc::now();
    match run(cli, now) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Input(line)) => {
            eprintln!("{line}");
            ExitCode::from(2)
        }
        Err(Failure::Diary(line)) => {
            eprintln!("diary: {line}");
            ExitCode::from(1)
        }
    }
}

fn diary_path(db: &Option<PathBuf>) -> Result<PathBuf, Failure> {
    Ok(match db {
        Some(p) => p.clone(),
        None => Diary::default_path()?,
    })
}

/// Opens the diary; when there is no keyring, says on standard error where its key is.
fn open(db: &Option<PathBuf>) -> Result<Diary, Failure> {
    let diary = Diary::open(&diary_path(db)?)?;
    if let Some(notice) = diary.key_notice() {
        eprintln!("diary: note: {notice}");
    }
    Ok(diary)
}

/// Reads a document file: a file that cannot be read or is not JSON is named by its path.
fn read_document(file: &Path, clock: Clock) -> Result<Document, Failure> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| Failure::Input(format!("{}: cannot be read ({e})", file.display())))?;
    let tree = json::parse_tree(&text)
        .map_err(|e| Failure::Input(format!("{}: {}", file.display(), e.message)))?;
    Ok(json::document_from_tree(&tree, clock)?)
}

fn run(cli: Cli, now: DateTime<Utc>) -> Result<(), Failure> {
    match cli.command {
        Command::Sync(args) => sync::run_sync(args, &cli.db, now),
        Command::Inbox(args) => sync::run_inbox(args, &cli.db, now),
        Command::Panel(args) => sync::run_panel(args, &cli.db, now),
        Command::Backup { list } => {
            let path = diary_path(&cli.db)?;
            if list {
                let all = backup::list(&path)?;
                if all.is_empty() {
                    println!("No backups yet in {}.", backup::backup_dir(&path).display());
                }
                for b in all {
                    println!(
                        "{}  {}",
                        b.taken_at.with_timezone(&Local).format("%Y-%m-%d %H:%M"),
                        b.path.display()
                    );
                }
                return Ok(());
            }
            let diary = open(&cli.db)?;
            let taken = diary.snapshot(now)?;
            drop(diary);
            backup::prune(&path, now)?;
            let kept = backup::list(&path)?.len();
            println!(
                "Backed up the diary to {} (encrypted with the diary's key). {kept} backup(s) kept in {}.",
                taken.display(),
                backup::backup_dir(&path).display()
            );
            Ok(())
        }
        Command::Restore { file, newest } => {
            let path = diary_path(&cli.db)?;
            let policy = KeyPolicy::from_env();
            let (file, done) = match file {
                Some(file) if !newest => {
                    let done = backup::restore(&path, &file, now, policy)?;
                    (file, done)
                }
                _ => backup::restore_newest_good(&path, now, policy)?,
            };
            // Opened once, so an older schema is brought up to date and checked now.
            open(&cli.db)?;
            println!("Restored the diary from {}.", file.display());
            if let Some(previous) = done.previous {
                println!(
                    "The diary as it was is kept in {} (`diary restore` that file to undo).",
                    previous.display()
                );
            }
            Ok(())
        }
        Command::Report(args) => run_report(args, &cli.db),
        Command::Manpage => {
            let mut out = std::io::stdout().lock();
            manual_page(&mut out)
                .and_then(|()| out.flush())
                .map_err(|e| Failure::Diary(format!("cannot write the manual page ({e})")))
        }
        Command::Check { file } => {
            let doc = read_document(&file, Clock::Unchecked)?;
            let triage = rules::triage(&doc);
            let mut out = serde_json::to_value(&triage).expect("a triage always serializes");
            // `screened` repeats the triaged report's flag (absent without reports).
            if let Some(i) = rules::latest(&doc.reports) {
                out["screened"] = doc.reports[i].screened.into();
            }
            // Check-ins: the newest one's triage against its previous (diary-json-v2.md).
            if let Some(t) = rules::triage_checkins(&doc.checkins) {
                out["checkin"] = serde_json::json!({
                    "level": t.level,
                    "alerts": serde_json::to_value(&t.alerts).expect("alerts always serialize"),
                });
            }
            println!(
                "{}",
                serde_json::to_string_pretty(&out).expect("values always serialize")
            );
            Ok(())
        }
        Command::Import { file } => {
            let doc = read_document(&file, Clock::Now(now))?;
            let mut diary = open(&cli.db)?;
            let s = diary.import(&doc, now)?;
            println!(
                "Imported {} report(s), {} lab result(s), {} check-in(s) and {} treatment course(s); {} report(s), {} lab result(s), {} check-in(s) and {} course(s) were already in the diary. The profile was replaced by the file's.",
                s.reports_added,
                s.labs_added,
                s.checkins_added,
                s.courses_added,
                s.reports_already_there,
                s.labs_already_there,
                s.checkins_already_there,
                s.courses_already_there
            );
            Ok(())
        }
        Command::Export { file } => {
            let mut diary = open(&cli.db)?;
            let text = json::to_json(&diary.export()?);
            match file {
                None => {
                    let mut out = std::io::stdout().lock();
                    out.write_all(text.as_bytes())
                        .map_err(|e| Failure::Diary(format!("cannot write: {e}")))?;
                }
                Some(path) => write_atomically(&path, &text)?,
            }
            Ok(())
        }
        Command::Csv { dir } => {
            let diary = open(&cli.db)?;
            let reports = diary.reports_since(chrono::DateTime::<Utc>::MIN_UTC)?;
            let labs = diary.labs()?;
            let checkins = diary.checkins()?;
            diary_core::store::private::create_dir(&dir).map_err(|e| {
                Failure::Diary(format!("cannot make the folder {}: {e}", dir.display()))
            })?;
            for (name, bytes) in [
                ("reports.csv", diary_core::csv_files::reports_csv(&reports)),
                ("labs.csv", diary_core::csv_files::labs_csv(&labs)),
                (
                    "checkins.csv",
                    diary_core::csv_files::checkins_csv(&checkins),
                ),
            ] {
                let text = String::from_utf8(bytes).expect("the CSV writer writes UTF-8");
                write_atomically(&dir.join(name), &text)?;
            }
            println!(
                "Wrote {} reports, {} lab results and {} weekly check-ins to reports.csv, labs.csv and checkins.csv in {}.",
                reports.len(),
                labs.len(),
                checkins.len(),
                dir.display()
            );
            Ok(())
        }
        Command::Question { add, asked } => {
            let mut diary = open(&cli.db)?;
            if let Some(text) = add {
                diary.add_question(&text, now)?;
            } else if let Some(n) = asked {
                let open = diary.open_questions()?;
                let q = n.checked_sub(1).and_then(|i| open.get(i)).ok_or_else(|| {
                    Failure::Input(format!(
                        "--asked: there is no question {n}; the list has {}",
                        open.len()
                    ))
                })?;
                diary.question_asked(&q.id, now)?;
            }
            let open = diary.open_questions()?;
            if open.is_empty() {
                println!("No questions for the next visit.");
            }
            for (i, q) in open.iter().enumerate() {
                println!("{}. {}", i + 1, q.text);
            }
            Ok(())
        }
        Command::Followup(args) => {
            let mut diary = open(&cli.db)?;
            if let (Some(report), Some(answer)) = (args.report, args.answer.as_deref()) {
                let answer = diary_core::followup::FollowUpAnswer::parse(answer)
                    .expect("clap allows only the answers");
                diary.answer_followup(report, answer, args.note.as_deref(), now)?;
                println!("Saved.");
                return Ok(());
            }
            let due = diary.followups_due(now)?;
            if due.is_empty() {
                println!("No question is due.");
            }
            for (saved, _) in due {
                println!(
                    "Report {} of {} ({}): did you reach your care team? Answer with: diary followup --report {} --answer reached|not_yet|they_said [--note TEXT]",
                    saved.id,
                    saved.report.recorded_at.format("%Y-%m-%d %H:%M"),
                    saved.triage.level,
                    saved.id
                );
            }
            Ok(())
        }
        Command::Log(args) => {
            let report = report_from_args(&args, now)?;
            let mut diary = open(&cli.db)?;
            let saved = diary.add_report(report, now)?;
            let settings = diary.settings()?;
            print!("{}", words::triage_in_words(&saved, &settings));
            Ok(())
        }
        Command::Checkin(args) => {
            let checkin = checkin_from_args(&args, now)?;
            let mut diary = open(&cli.db)?;
            let saved = diary.save_checkin(checkin, now)?;
            print!("{}", words::checkin_in_words(&saved, &diary.settings()?));
            Ok(())
        }
        Command::List { limit, json } => {
            let diary = open(&cli.db)?;
            let reports = diary.recent_reports(limit)?;
            let seen = diary.seen_by_team()?;
            if json {
                let rows: Vec<serde_json::Value> = reports
                    .iter()
                    .map(|s| list_json(s, seen.get(&s.id)))
                    .collect();
                println!(
                    "{}",
                    serde_json::to_string_pretty(&rows).expect("values always serialize")
                );
            } else {
                print!("{}", words::table(&reports, &seen));
            }
            Ok(())
        }
        Command::Lab(args) => {
            let lab = input::LabWords {
                test: args.test,
                value: args.value,
                unit: args.unit,
                taken_on: args.on,
                ref_low: args.ref_low,
                ref_high: args.ref_high,
                baseline: args.baseline,
            }
            .to_lab(now.with_timezone(&Local).date_naive())?;
            let mut diary = open(&cli.db)?;
            diary.add_lab(&lab, now)?;
            println!(
                "Saved {} {} {} taken on {}.",
                lab.test,
                lab.value,
                lab.unit,
                lab.taken_on.format("%Y-%m-%d")
            );
            // Triaged at once, on its own (a grade-4 count does not wait for a report).
            let triage = diary.lab_triage(lab.taken_on)?;
            // A lab has no warning-sign checklist to skip.
            print!("{}", words::explained(&triage, true, &diary.settings()?));
            Ok(())
        }
        Command::Settings(args) => {
            let mut diary = open(&cli.db)?;
            let mut s = diary.settings()?;
            let before = s.clone();
            if let Some(l) = args.language {
                s.language = l;
            }
            if let Some(u) = args.user {
                s.user_role = input::reporter(&u, "settings.user_role")?;
            }
            let keep = |v: Option<String>, old: Option<String>| match v {
                Some(p) if p.trim().is_empty() => None,
                Some(p) => Some(p),
                None => old,
            };
            s.team_phone = keep(args.team_phone, s.team_phone.take());
            s.line_24h_phone = keep(args.line_24h, s.line_24h_phone.take());
            s.emergency_phone = keep(args.emergency, s.emergency_phone.take());
            s.reminder_time = keep(args.reminder, s.reminder_time.take());
            if s != before {
                diary.set_settings(&s)?;
            }
            println!(
                "{}",
                serde_json::to_string_pretty(&diary.settings()?).expect("settings serialize")
            );
            Ok(())
        }
        Command::Profile(args) => {
            let mut diary = open(&cli.db)?;
            let mut p = diary.profile()?;
            let mut changed = false;
            if args.no_therapies {
                p.therapies.clear();
                changed = true;
            }
            if !args.therapies.is_empty() {
                p.therapies = input::therapies(&args.therapies, "profile.therapies")?;
                changed = true;
            }
            if let Some(n) = args.usual_stools {
                p.usual_stools_per_day = Some(n);
                changed = true;
            }
            if let Some(w) = args.baseline_weight {
                p.baseline_weight_kg = Some(w);
                changed = true;
            }
            if let Some(b) = args.biliary_stent {
                p.biliary_stent = Some(b);
                changed = true;
            }
            if let Some(t) = args.fever_threshold {
                p.fever_threshold_c = Some(t);
                changed = true;
            }
            if changed {
                diary.set_profile(&p)?;
            }
            println!(
                "{}",
                serde_json::to_string_pretty(&json::profile_to_value(&diary.profile()?))
                    .expect("values always serialize")
            );
            Ok(())
        }
    }
}

/// A `--from` or `--to` date, or a line that names the flag.
fn flag_date(flag: &str, text: &str) -> Result<chrono::NaiveDate, Failure> {
    json::parse_date(text).ok_or_else(|| {
        Failure::Input(format!(
            "{flag}: \"{text}\" is not a date written YYYY-MM-DD (like 2026-11-20)"
        ))
    })
}

/// `diary report`: the flags are checked before the diary is opened, and the PDF is
/// written whole or not at all.
fn run_report(args: ReportArgs, db: &Option<PathBuf>) -> Result<(), Failure> {
    let from = flag_date("--from", &args.from)?;
    let to = flag_date("--to", &args.to)?;
    let period = diary_report::Period::new(from, to).map_err(|e| {
        Failure::Input(format!(
            "--from: {} is after --to {}; the period runs from --from to --to",
            e.from, e.to
        ))
    })?;
    if let Some(lang) = &args.lang {
        if !diary_core::messages::LANGUAGES.contains(&lang.as_str()) {
            return Err(Failure::Input(format!(
                "--lang: \"{lang}\" is not one of {}",
                diary_core::messages::LANGUAGES.join(", ")
            )));
        }
    }
    let diary = open(db)?;
    let lang = match args.lang {
        Some(l) => l,
        None => diary.settings()?.language,
    };
    let report = diary_report::from_diary(&diary, period)?;
    let pdf = diary_report::render(&report, &lang).map_err(|e| Failure::Diary(e.to_string()))?;
    write_atomically(&args.out, &pdf).map_err(|failure| match failure {
        Failure::Diary(line) | Failure::Input(line) => Failure::Input(format!("--out: {line}")),
    })?;
    println!(
        "Wrote the report for {} – {} to {} ({} alert(s), {} lab result(s)).",
        from,
        to,
        args.out.display(),
        report.alerts.len(),
        report.labs.len()
    );
    Ok(())
}

fn report_from_args(a: &LogArgs, now: DateTime<Utc>) -> Result<Report, Failure> {
    let at: DateTime<FixedOffset> = match &a.at {
        None => now.with_timezone(&Local).fixed_offset(),
        Some(s) => json::parse_instant(s).ok_or_else(|| {
            Failure::Input(format!(
                "report.recorded_at: \"{s}\" is not an RFC 3339 date-time with T and an offset (like 2026-11-20T08:30:00+05:00)"
            ))
        })?,
    };
    let words = input::ReportWords {
        ratings: a
            .ratings
            .0
            .iter()
            .map(|(item, value)| (item.as_str().to_string(), *value))
            .collect(),
        stools_above_usual: a.stools,
        vomiting_episodes: a.vomiting,
        temperature_c: a.temp,
        weight_kg: a.weight,
        signs: a.signs.clone(),
        none_of_the_signs: a.no_signs,
        note: a.note.clone(),
    };
    let reporter = if a.caregiver {
        Reporter::Caregiver
    } else {
        Reporter::Patient
    };
    Ok(words.to_report(at, reporter)?)
}

fn checkin_from_args(a: &CheckinArgs, now: DateTime<Utc>) -> Result<Checkin, Failure> {
    let at: DateTime<FixedOffset> = match &a.at {
        None => now.with_timezone(&Local).fixed_offset(),
        Some(s) => json::parse_instant(s).ok_or_else(|| {
            Failure::Input(format!(
                "checkin.answered_at: \"{s}\" is not an RFC 3339 date-time with T and an offset (like 2026-11-19T18:00:00+05:00)"
            ))
        })?,
    };
    let words = input::CheckinWords {
        phq2: a
            .phq2
            .as_deref()
            .map(|w| input::answer_pair(w, "checkin.phq2"))
            .transpose()?,
        gad2: a
            .gad2
            .as_deref()
            .map(|w| input::answer_pair(w, "checkin.gad2"))
            .transpose()?,
        self_harm_thoughts: a
            .self_harm
            .as_deref()
            .map(|w| input::yes_no(w, "checkin.self_harm_thoughts"))
            .transpose()?,
        function: a.function,
        social: a.social,
        eating: a.eating,
        caregiver_strain: a.strain,
    };
    let reporter = if a.caregiver {
        Reporter::Caregiver
    } else {
        Reporter::Patient
    };
    Ok(words.to_checkin(at, reporter)?)
}

/// One report for `diary list --json`: the interchange fields plus its id and triage.
fn list_json(s: &SavedReport, seen: Option<&DateTime<Utc>>) -> serde_json::Value {
    let mut v = json::report_to_value(&s.report);
    let obj = v.as_object_mut().expect("a report is an object");
    obj.insert("id".into(), s.id.into());
    obj.insert(
        "triage".into(),
        serde_json::to_value(&s.triage).expect("a triage always serializes"),
    );
    if let Some(t) = seen {
        obj.insert(
            "seen_by_team_at".into(),
            t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true).into(),
        );
    }
    v
}

/// Writes `text` to `path` through a temporary file in the same folder, so a crash
/// never leaves half a backup where a whole one was.
fn write_atomically(path: &Path, text: impl AsRef<[u8]>) -> Result<(), Failure> {
    let fail = |e: std::io::Error| Failure::Diary(format!("cannot write {}: {e}", path.display()));
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = dir.join(format!(
        ".{}.tmp",
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "export".into())
    ));
    {
        let mut f = diary_core::store::private::create_file(&tmp).map_err(fail)?;
        f.write_all(text.as_ref()).map_err(fail)?;
        f.sync_all().map_err(fail)?;
    }
    std::fs::rename(&tmp, path).map_err(fail)?;
    Ok(())
}
