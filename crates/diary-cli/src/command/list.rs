//! `diary list`: the recent reports as a table, or as JSON for scripts (each report's
//! interchange fields with its id, its triage and when the care team saw it).

use crate::failure::Failure;
use crate::open::open;
use crate::words;
use chrono::{DateTime, Utc};
use clap::Args;
use diary_core::json;
use diary_core::store::SavedReport;
use std::path::PathBuf;

#[derive(Args)]
pub struct ListArgs {
    /// How many reports to show.
    #[arg(long, default_value_t = 14)]
    limit: usize,
    /// Print JSON for scripts instead of a table.
    #[arg(long)]
    json: bool,
}

pub fn run(args: ListArgs, db: &Option<PathBuf>) -> Result<(), Failure> {
    let diary = open(db)?;
    let reports = diary.recent_reports(args.limit)?;
    let seen = diary.seen_by_team()?;
    if args.json {
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
