//! `diary lab`: add a lab result copied from a lab sheet and print its triage at once (a
//! grade-4 count does not wait for the next report).

use crate::failure::Failure;
use crate::open::open;
use crate::{clock, words};
use chrono::{DateTime, Utc};
use clap::Args;
use diary_core::input;
use diary_core::messages;
use std::path::PathBuf;

#[derive(Args)]
pub struct LabArgs {
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

pub fn run(args: LabArgs, db: &Option<PathBuf>, now: DateTime<Utc>) -> Result<(), Failure> {
    let lab = input::LabWords {
        test: args.test,
        value: args.value,
        unit: args.unit,
        taken_on: args.on,
        ref_low: args.ref_low,
        ref_high: args.ref_high,
        baseline: args.baseline,
    }
    .to_lab(clock::today(now))?;
    let mut diary = open(db)?;
    let entered = diary.add_lab(&lab, now)?;
    println!(
        "Saved {} {} {} taken on {}.",
        lab.test,
        lab.value,
        lab.unit,
        lab.taken_on.format("%Y-%m-%d")
    );
    // Triaged at once, on its own (a grade-4 count does not wait for a report).
    let triage = entered.triage;
    // A lab has no warning-sign checklist to skip.
    let settings = diary.settings()?;
    // A lab-only alert is judged at its entry, on this computer's clock.
    let phones = diary.phones_at(clock::local_instant(now))?;
    print!(
        "{}",
        words::explained(&triage, true, &settings.language, &phones)
    );
    // An amber or red is kept and sent (no alert ends on a screen); say which.
    let sync_on = diary.sync_settings()?.enabled;
    if let Some(kept) = messages::kept_words(&settings.language, triage.level, sync_on) {
        println!("\n{kept}");
    }
    Ok(())
}
