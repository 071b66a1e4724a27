//! `diary followup`: the escalation ladder after a red or amber report, as the app shows
//! it (`Diary::ladders`, the words of `messages::ladder_words`): for each open alert the
//! question asked now, what is shown with it (emergency services first, the 24-hour line,
//! "nobody else sees this alert"), the numbers, and when the ladder looks again; with
//! `--report` and `--answer`, an answer saved.

use crate::failure::Failure;
use crate::open::open;
use chrono::{DateTime, Utc};
use clap::Args;
use diary_core::followup::FollowUpAnswer;
use diary_core::messages;
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
        if answer == FollowUpAnswer::NotYet {
            print_ladders(&diary, now, Some(report))?;
        }
        return Ok(());
    }
    if !print_ladders(&diary, now, None)? {
        println!("No question is due.");
    }
    Ok(())
}

/// Prints every open ladder that shows something now (or only `report`'s); whether any did.
fn print_ladders(
    diary: &diary_core::store::Diary,
    now: DateTime<Utc>,
    only: Option<i64>,
) -> Result<bool, Failure> {
    let settings = diary.settings()?;
    let phones = settings.phones();
    let lang = settings.language.as_str();
    let mut any = false;
    for open in diary.ladders(now)? {
        let id = open.report.id;
        if only.is_some_and(|r| r != id) || (only.is_none() && !open.showing.any()) {
            continue;
        }
        any = true;
        let words = messages::ladder_words(
            lang,
            open.ladder,
            open.report.triage.level,
            &open.showing,
            &phones,
        );
        println!(
            "Report {id} of {} ({}, ladder {}):",
            open.report.report.recorded_at.format("%Y-%m-%d %H:%M"),
            words.level,
            open.ladder
        );
        if only.is_some() && words.level == diary_core::model::Level::Red {
            println!("  {}", messages::red_again_words(lang, &phones));
        }
        if let Some(question) = &words.question {
            println!("  {question}");
        }
        for line in &words.lines {
            println!("  {line}");
        }
        for call in &words.calls {
            println!("  {}: {}", call.label, call.text);
        }
        if let Some(next) = &open.due.next {
            println!(
                "  Next step: {} at {}",
                next.event.as_str(),
                crate::clock::local_instant(next.at).format("%Y-%m-%d %H:%M")
            );
        }
        println!(
            "  Answer with: diary followup --report {id} --answer reached|not_yet|they_said [--note TEXT]"
        );
    }
    Ok(any)
}
