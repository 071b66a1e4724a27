//! `diary followup`: the escalation ladder after a red or amber report, as the app shows
//! it (`Diary::ladders`, the words of `messages::ladder_words`): for each open alert the
//! question asked now, what is shown with it (emergency services first, the 24-hour line,
//! "nobody else sees this alert"), the numbers, and when the ladder looks again; with
//! `--report`, `--checkin` or `--lab` and `--answer`, an answer saved (`--question talk`
//! after thoughts of self-harm).

use crate::failure::Failure;
use crate::open::open;
use chrono::{DateTime, Utc};
use clap::Args;
use diary_core::followup::{FollowUpAnswer, Question, Record};
use diary_core::messages;
use diary_core::store::question_of;
use std::path::PathBuf;

#[derive(Args)]
pub struct FollowupArgs {
    /// The report the answer is about (its number in `diary list`).
    #[arg(long, requires = "answer", conflicts_with_all = ["checkin", "lab"])]
    report: Option<i64>,
    /// The weekly check-in the answer is about (its number in `diary followup`).
    #[arg(long, requires = "answer", conflicts_with = "lab")]
    checkin: Option<i64>,
    /// The lab result the answer is about (its number in `diary followup`).
    #[arg(long, requires = "answer")]
    lab: Option<i64>,
    /// The question answered: contact (the default; "Did you get through…?") or talk
    /// ("Have you been able to talk to your care team or someone you trust?").
    #[arg(long, default_value = "contact", value_parser = Question::ALL.iter().map(|q| q.as_str()).collect::<Vec<_>>())]
    question: String,
    /// reached, not_yet or they_said.
    #[arg(long, value_parser = FollowUpAnswer::ALL.iter().map(|a| a.as_str()).collect::<Vec<_>>())]
    answer: Option<String>,
    /// What the care team said (with --answer they_said).
    #[arg(long)]
    note: Option<String>,
}

pub fn run(args: FollowupArgs, db: &Option<PathBuf>, now: DateTime<Utc>) -> Result<(), Failure> {
    let mut diary = open(db)?;
    let record = match (args.report, args.checkin, args.lab) {
        (Some(id), ..) => Some(Record::Report(id)),
        (_, Some(id), _) => Some(Record::Checkin(id)),
        (.., Some(id)) => Some(Record::Lab(id)),
        _ => None,
    };
    if let Some(answer) = args.answer.as_deref() {
        let Some(record) = record else {
            return Err(Failure::Input(
                "--answer: give the record it is about: --report, --checkin or --lab".into(),
            ));
        };
        let answer = FollowUpAnswer::parse(answer).expect("clap allows only the answers");
        let question = Question::parse(&args.question).expect("clap allows only the questions");
        diary.answer_followup_about(record, question, answer, args.note.as_deref(), now)?;
        println!("Saved.");
        if answer == FollowUpAnswer::NotYet {
            print_ladders(&diary, now, Some(record))?;
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
    only: Option<Record>,
) -> Result<bool, Failure> {
    let settings = diary.settings()?;
    let here = crate::clock::local_instant(now);
    // What the ladder shows now, with the numbers of now.
    let phones = diary.phones_at(here)?;
    let lang = settings.language.as_str();
    let mut any = false;
    for open in diary.ladders(here)? {
        let (kind, id) = (open.record.kind(), open.record.id());
        if only.is_some_and(|r| r != open.record) || (only.is_none() && !open.showing.any()) {
            continue;
        }
        any = true;
        let words = messages::ladder_words(lang, open.ladder, open.level, &open.showing, &phones);
        let name = match open.record {
            Record::Report(_) => "Report",
            Record::Checkin(_) => "Check-in",
            Record::Lab(_) => "Lab result",
        };
        println!(
            "{name} {id} of {} ({}, ladder {}):",
            open.at.format("%Y-%m-%d %H:%M"),
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
        let question = match question_of(open.ladder) {
            Question::Contact => String::new(),
            q => format!(" --question {q}"),
        };
        println!(
            "  Answer with: diary followup --{kind} {id}{question} --answer reached|not_yet|they_said [--note TEXT]"
        );
    }
    Ok(any)
}
