//! `diary profile`: show the patient's profile as JSON, after changing what the flags
//! give (therapies, usual stools, weight before treatment, stent, fever threshold).

use crate::failure::Failure;
use crate::open::open;
use clap::Args;
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
