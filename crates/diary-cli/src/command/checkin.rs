//! `diary checkin`: answer the weekly check-in (mood, worry, daily activities, social
//! life, eating, or a caregiver's strain) and print what it means.

use crate::failure::Failure;
use crate::open::open;
use crate::{clock, words};
use chrono::{DateTime, FixedOffset, Utc};
use clap::Args;
use diary_core::model::{Checkin, Reporter};
use diary_core::{input, json};
use std::path::PathBuf;

#[derive(Args)]
pub struct CheckinArgs {
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

pub fn run(args: CheckinArgs, db: &Option<PathBuf>, now: DateTime<Utc>) -> Result<(), Failure> {
    let checkin = checkin_from_args(&args, now)?;
    let mut diary = open(db)?;
    let saved = diary.save_checkin(checkin, now)?;
    // The result is judged at the check-in's own time, on its own clock.
    let phones = diary.phones_at(saved.checkin.answered_at)?;
    let lang = diary.settings()?.language;
    print!("{}", words::checkin_in_words(&saved, &lang, &phones));
    Ok(())
}

fn checkin_from_args(a: &CheckinArgs, now: DateTime<Utc>) -> Result<Checkin, Failure> {
    let at: DateTime<FixedOffset> = match &a.at {
        None => clock::local_instant(now),
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
