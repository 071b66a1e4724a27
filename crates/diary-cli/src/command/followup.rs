//! `diary followup`: "Did you reach your care team?" after an alert: the questions due
//! now, or with `--report` and `--answer`, an answer saved.

use crate::failure::Failure;
use crate::open::open;
use chrono::{DateTime, Utc};
use clap::Args;
use diary_core::followup::FollowUpAnswer;
use std::path::PathBuf;

#[derive(Args)]
pub struct FollowupArgs {
    /// The report the answer is about (its number in `diary list`).
    #[arg(long, requires = "answer")]
    report: Option<i64>,
    /// reached, not_yet or they_said.
    #[arg(long, requires = "report", value_parser = FollowUpAnswer::ALL.iter().map(|a| a.as_str()).collect::<Vec<_>>())]
    answer: Option<String>,
    /// What the care team said (with --answer they_said).
    #[arg(long)]
    note: Option<String>,
}

pub fn run(args: FollowupArgs, db: &Option<PathBuf>, now: DateTime<Utc>) -> Result<(), Failure> {
    let mut diary = open(db)?;
    if let (Some(report), Some(answer)) = (args.report, args.answer.as_deref()) {
        let answer = FollowUpAnswer::parse(answer).expect("clap allows only the answers");
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
