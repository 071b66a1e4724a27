//! The `diary` command: the Symptom Diary from a terminal. It is an adapter over
//! diary-core, like the desktop app: it parses flags, reads the clock once, calls the
//! core and prints. Exit status 0 means done, 2 means the input was wrong (one line on
//! standard error names the field), 1 means the diary itself could not be used.

use chrono::{DateTime, FixedOffset, Local, Utc};
use clap::{Args, Parser, Subcommand};
use diary_core::json::{self, Clock};
use diary_core::model::*;
use diary_core::store::{Diary, SavedReport, StoreError};
use diary_core::{rules, FieldError};
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
    after_help = "The diary is a local SQLite file. Its place: --db PATH, else $SYMPTOM_DIARY_DB, else the platform data directory.\n\nExamples:\n  diary log --fatigue 2 --pain 1 --temp 37.2 --sign dark_urine --note \"slept badly\"\n  diary list\n  diary check assets/samples/jaundice-developing.json\n  diary export backup.json && diary --db new.sqlite import backup.json"
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
    /// Show or change the patient's profile (therapies, usual stools, weight, stent, fever threshold).
    Profile(ProfileArgs),
    /// Show or change the settings: language, who reports, the numbers to call.
    Settings(SettingsArgs),
    /// Add a lab result copied from a lab sheet (used by the next report's triage).
    Lab(LabArgs),
    /// Send everything waiting to the care team's FHIR server (exit 0 only when nothing is left waiting).
    Sync(sync::SyncArgs),
    /// For clinicians: open alerts across patients, most urgent first; `ack ID` acknowledges one.
    Inbox(sync::InboxArgs),
}

#[derive(Args)]
struct LabArgs {
    /// The test: bilirubin, alt, ast, alp, albumin, platelets or neutrophils.
    #[arg(long)]
    test: String,
    /// The value, as written on the sheet.
    #[arg(long)]
    value: f64,
    /// The unit: umol/L or mg/dL (bilirubin); U/L (alt, ast, alp); g/L or g/dL (albumin);
    /// 10^9/L or 10^3/uL (platelets, neutrophils).
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
    /// The language of messages: en, ru or uz.
    #[arg(long, value_name = "LANG")]
    language: Option<String>,
    /// Who fills in reports on this computer: patient or caregiver.
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
    /// Tiredness, 0 (none) to 4 (very severe).
    #[arg(long, value_name = "0-4")]
    fatigue: Option<u8>,
    /// Pain, 0–4.
    #[arg(long, value_name = "0-4")]
    pain: Option<u8>,
    /// Itching, 0–4.
    #[arg(long, value_name = "0-4")]
    itching: Option<u8>,
    /// Yellow skin or eyes, 0–4.
    #[arg(long, value_name = "0-4")]
    jaundice: Option<u8>,
    /// Loss of appetite, 0–4.
    #[arg(long, value_name = "0-4")]
    appetite_loss: Option<u8>,
    /// Feeling sick, 0–4.
    #[arg(long, value_name = "0-4")]
    nausea: Option<u8>,
    /// Belly pain, 0–4.
    #[arg(long, value_name = "0-4")]
    abdominal_pain: Option<u8>,
    /// Mouth sores, 0–4.
    #[arg(long, value_name = "0-4")]
    mouth_sores: Option<u8>,
    /// Sore, red or peeling hands or feet, 0–4.
    #[arg(long, value_name = "0-4")]
    hand_foot: Option<u8>,
    /// Numbness or tingling, 0–4.
    #[arg(long, value_name = "0-4")]
    numbness: Option<u8>,
    /// Shortness of breath, 0–4.
    #[arg(long, value_name = "0-4")]
    shortness_of_breath: Option<u8>,
    /// Cough, 0–4.
    #[arg(long, value_name = "0-4")]
    cough: Option<u8>,
    /// Swollen belly, 0–4.
    #[arg(long, value_name = "0-4")]
    abdominal_swelling: Option<u8>,
    /// Swollen legs, 0–4.
    #[arg(long, value_name = "0-4")]
    leg_swelling: Option<u8>,
    /// Constipation, 0–4.
    #[arg(long, value_name = "0-4")]
    constipation: Option<u8>,
    /// Trouble sleeping, 0–4.
    #[arg(long, value_name = "0-4")]
    insomnia: Option<u8>,
    /// Worry, 0–4.
    #[arg(long, value_name = "0-4")]
    anxiety: Option<u8>,
    /// Low mood, 0–4.
    #[arg(long, value_name = "0-4")]
    low_mood: Option<u8>,
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
    /// A warning sign (repeat for more): dark_urine, pale_stools, black_stools, vomiting_blood,
    /// bruising, uncontrolled_bleeding, confusion, chest_pain, shivering, unable_to_keep_fluids,
    /// breathless_at_rest.
    #[arg(long = "sign", value_name = "SIGN")]
    signs: Vec<String>,
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

#[derive(Args)]
struct ProfileArgs {
    /// Set the current therapies (repeat for more; replaces the list), e.g. capecitabine.
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

fn main() -> ExitCode {
    let cli = Cli::parse();
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

fn open(db: &Option<PathBuf>) -> Result<Diary, Failure> {
    let path = match db {
        Some(p) => p.clone(),
        None => Diary::default_path()?,
    };
    Ok(Diary::open(&path)?)
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
        Command::Check { file } => {
            let doc = read_document(&file, Clock::Unchecked)?;
            let triage = rules::triage(&doc);
            println!(
                "{}",
                serde_json::to_string_pretty(&triage).expect("a triage always serializes")
            );
            Ok(())
        }
        Command::Import { file } => {
            let doc = read_document(&file, Clock::Now(now))?;
            let mut diary = open(&cli.db)?;
            let s = diary.import(&doc, now)?;
            println!(
                "Imported {} report(s) and {} lab result(s); {} report(s) and {} lab result(s) were already in the diary. The profile was replaced by the file's.",
                s.reports_added, s.labs_added, s.reports_already_there, s.labs_already_there
            );
            Ok(())
        }
        Command::Export { file } => {
            let diary = open(&cli.db)?;
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
        Command::Log(args) => {
            let report = report_from_args(&args, now)?;
            let mut diary = open(&cli.db)?;
            let saved = diary.add_report(report, now)?;
            let settings = diary.settings()?;
            print!("{}", words::triage_in_words(&saved, &settings));
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
            let test = LabTest::parse(&args.test).ok_or_else(|| {
                let known: Vec<&str> = LabTest::ALL.iter().map(|t| t.as_str()).collect();
                Failure::Input(format!(
                    "lab.test: \"{}\" is not one of {}",
                    args.test,
                    known.join(", ")
                ))
            })?;
            let unit = LabUnit::parse(&args.unit).ok_or_else(|| {
                let known: Vec<&str> = test.units().iter().map(|u| u.as_str()).collect();
                Failure::Input(format!(
                    "lab.unit: \"{}\" is not a unit for {test} (use {})",
                    args.unit,
                    known.join(" or ")
                ))
            })?;
            let taken_on = match &args.on {
                None => now.with_timezone(&Local).date_naive(),
                Some(d) => json::parse_date(d).ok_or_else(|| {
                    Failure::Input(format!("lab.taken_on: \"{d}\" is not a date YYYY-MM-DD"))
                })?,
            };
            let lab = LabResult {
                taken_on,
                test,
                value: args.value,
                unit,
                ref_low: args.ref_low,
                ref_high: args.ref_high,
                baseline: args.baseline,
            };
            let mut diary = open(&cli.db)?;
            diary.add_lab(&lab, now)?;
            println!(
                "Saved {} {} {} taken on {}.",
                test,
                args.value,
                unit,
                taken_on.format("%Y-%m-%d")
            );
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
                s.user_role = Reporter::parse(&u).ok_or_else(|| {
                    Failure::Input(format!(
                        "settings.user_role: \"{u}\" is not one of patient, caregiver"
                    ))
                })?;
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
                p.therapies.clear();
                for (i, t) in args.therapies.iter().enumerate() {
                    let therapy = Therapy::parse(t).ok_or_else(|| {
                        let known: Vec<&str> = Therapy::ALL.iter().map(|t| t.as_str()).collect();
                        Failure::Input(format!(
                            "profile.therapies[{i}]: \"{t}\" is not one of {}",
                            known.join(", ")
                        ))
                    })?;
                    if !p.therapies.contains(&therapy) {
                        p.therapies.push(therapy);
                    }
                }
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

fn report_from_args(a: &LogArgs, now: DateTime<Utc>) -> Result<Report, Failure> {
    let at: DateTime<FixedOffset> = match &a.at {
        None => now.with_timezone(&Local).fixed_offset(),
        Some(s) => json::parse_instant(s).ok_or_else(|| {
            Failure::Input(format!(
                "report.recorded_at: \"{s}\" is not an RFC 3339 date-time with T and an offset (like 2026-11-20T08:30:00+05:00)"
            ))
        })?,
    };
    let mut r = Report::new(at);
    if a.caregiver {
        r.reporter = Reporter::Caregiver;
    }
    let ratings = [
        (Rating::Fatigue, a.fatigue),
        (Rating::Pain, a.pain),
        (Rating::Itching, a.itching),
        (Rating::Jaundice, a.jaundice),
        (Rating::AppetiteLoss, a.appetite_loss),
        (Rating::Nausea, a.nausea),
        (Rating::AbdominalPain, a.abdominal_pain),
        (Rating::MouthSores, a.mouth_sores),
        (Rating::HandFoot, a.hand_foot),
        (Rating::Numbness, a.numbness),
        (Rating::ShortnessOfBreath, a.shortness_of_breath),
        (Rating::Cough, a.cough),
        (Rating::AbdominalSwelling, a.abdominal_swelling),
        (Rating::LegSwelling, a.leg_swelling),
        (Rating::Constipation, a.constipation),
        (Rating::Insomnia, a.insomnia),
        (Rating::Anxiety, a.anxiety),
        (Rating::LowMood, a.low_mood),
    ];
    for (item, value) in ratings {
        if let Some(v) = value {
            r.ratings.insert(item, v);
        }
    }
    r.stools_above_usual = a.stools;
    r.vomiting_episodes = a.vomiting;
    r.temperature_c = a.temp;
    r.weight_kg = a.weight;
    for (i, s) in a.signs.iter().enumerate() {
        let sign = Sign::parse(s).ok_or_else(|| {
            let known: Vec<&str> = Sign::ALL.iter().map(|s| s.as_str()).collect();
            Failure::Input(format!(
                "report.signs[{i}]: \"{s}\" is not one of {}",
                known.join(", ")
            ))
        })?;
        if r.signs.contains(&sign) {
            return Err(Failure::Input(format!(
                "report.signs[{i}]: \"{s}\" is given twice"
            )));
        }
        r.signs.push(sign);
    }
    r.note = a.note.clone();
    Ok(r)
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
fn write_atomically(path: &Path, text: &str) -> Result<(), Failure> {
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
        let mut f = std::fs::File::create(&tmp).map_err(fail)?;
        f.write_all(text.as_bytes()).map_err(fail)?;
        f.sync_all().map_err(fail)?;
    }
    std::fs::rename(&tmp, path).map_err(fail)?;
    Ok(())
}
