//! `diary profile`: show the patient's profile as JSON, after changing what the flags
//! give (therapies, usual stools, weight before treatment, stent, fever threshold, the care
//! team's office hours).

use crate::failure::Failure;
use crate::open::open;
use clap::Args;
use diary_core::model::OfficeHours;
use diary_core::{input, json};
use std::path::PathBuf;

#[derive(Args)]
pub struct ProfileArgs {
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
    /// The days the care team's office is open (comma-separated or repeated; replaces the
    /// list). With --office-open and --office-close: its office hours.
    #[arg(long = "office-days", value_name = "DAYS", value_delimiter = ',')]
    office_days: Vec<String>,
    /// When the care team's office opens, HH:MM (00:00–23:59).
    #[arg(long, value_name = "HH:MM")]
    office_open: Option<String>,
    /// When the care team's office closes, HH:MM (00:01–24:00, after it opens).
    #[arg(long, value_name = "HH:MM")]
    office_close: Option<String>,
    /// Clear the care team's office hours: an amber then gives the 24-hour line first.
    #[arg(long, conflicts_with_all = ["office_days", "office_open", "office_close"])]
    no_office_hours: bool,
}

/// The office hours the flags give, on top of those saved: a flag not given keeps the
/// saved part, and without saved office hours all three are needed. Read as the format
/// reads them (`input::office_hours`), with its errors (`profile.office_hours.open: …`).
fn office_hours(args: &ProfileArgs, saved: Option<&OfficeHours>) -> Result<OfficeHours, Failure> {
    let days: Vec<String> = if args.office_days.is_empty() {
        saved
            .map(|h| h.days.iter().map(|d| d.as_str().to_string()).collect())
            .unwrap_or_default()
    } else {
        args.office_days.clone()
    };
    let time =
        |given: &Option<String>, kept: Option<u16>| given.clone().or(kept.map(OfficeHours::time));
    let open = time(&args.office_open, saved.map(|h| h.open));
    let close = time(&args.office_close, saved.map(|h| h.close));
    for (missing, part, flag) in [
        (days.is_empty(), "days", "--office-days mon,tue,…"),
        (open.is_none(), "open", "--office-open HH:MM"),
        (close.is_none(), "close", "--office-close HH:MM"),
    ] {
        if missing {
            return Err(Failure::Input(format!(
                "{}.{part}: is required (give {flag})",
                input::OFFICE_HOURS_FIELD
            )));
        }
    }
    Ok(input::office_hours(
        &days,
        open.as_deref().unwrap_or_default(),
        close.as_deref().unwrap_or_default(),
    )?)
}

pub fn run(args: ProfileArgs, db: &Option<PathBuf>) -> Result<(), Failure> {
    let mut diary = open(db)?;
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
    if args.no_office_hours {
        p.office_hours = None;
        changed = true;
    }
    if !args.office_days.is_empty() || args.office_open.is_some() || args.office_close.is_some() {
        p.office_hours = Some(office_hours(&args, p.office_hours.as_ref())?);
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
