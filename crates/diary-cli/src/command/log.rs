//! `diary log`: add a daily report and print what it means. Its ratings are one flag per
//! item of diary-core's `Rating::ALL` ([`RatingFlags`]), so a new rating in the core is a
//! new flag here with no edit.

use crate::failure::Failure;
use crate::open::open;
use crate::{clock, words};
use chrono::{DateTime, FixedOffset, Utc};
use clap::{Args, FromArgMatches};
use diary_core::model::{Rating, Report, Reporter};
use diary_core::{input, json, rules};
use std::path::PathBuf;

#[derive(Args)]
pub struct LogArgs {
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

pub fn run(args: LogArgs, db: &Option<PathBuf>, now: DateTime<Utc>) -> Result<(), Failure> {
    let report = report_from_args(&args, now)?;
    let mut diary = open(db)?;
    let saved = diary.add_report(report, now)?;
    let settings = diary.settings()?;
    // The result is judged at the report's own time, on its own clock.
    let phones = diary.phones_at(saved.report.recorded_at)?;
    print!(
        "{}",
        words::triage_in_words(&saved, &settings.language, &phones)
    );
    Ok(())
}

fn report_from_args(a: &LogArgs, now: DateTime<Utc>) -> Result<Report, Failure> {
    let at: DateTime<FixedOffset> = match &a.at {
        None => clock::local_instant(now),
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
