//! `diary question`: the questions kept for the next clinic visit: the list, a new one
//! added, or one crossed off by its number in the list.

use crate::failure::Failure;
use crate::open::open;
use chrono::{DateTime, Utc};
use clap::Args;
use std::path::PathBuf;

#[derive(Args)]
pub struct QuestionArgs {
    /// A new question.
    #[arg(long, value_name = "TEXT", conflicts_with = "asked")]
    add: Option<String>,
    /// Cross off the question numbered N in the list.
    #[arg(long, value_name = "N")]
    asked: Option<usize>,
}

pub fn run(args: QuestionArgs, db: &Option<PathBuf>, now: DateTime<Utc>) -> Result<(), Failure> {
    let mut diary = open(db)?;
    if let Some(text) = args.add {
        diary.add_question(&text, now)?;
    } else if let Some(n) = args.asked {
        let open = diary.open_questions()?;
        let q = n.checked_sub(1).and_then(|i| open.get(i)).ok_or_else(|| {
            Failure::Input(format!(
                "--asked: there is no question {n}; the list has {}",
                open.len()
            ))
        })?;
        diary.question_asked(&q.id, now)?;
    }
    let open = diary.open_questions()?;
    if open.is_empty() {
        println!("No questions for the next visit.");
    }
    for (i, q) in open.iter().enumerate() {
        println!("{}. {}", i + 1, q.text);
    }
    Ok(())
}
