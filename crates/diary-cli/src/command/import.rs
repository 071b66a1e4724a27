//! `diary import`: add everything in a document file to the diary, all of it or nothing,
//! and say how much was new.

use crate::failure::Failure;
use crate::files::read_document;
use crate::open::open;
use chrono::{DateTime, Utc};
use clap::Args;
use diary_core::json::Clock;
use std::path::PathBuf;

#[derive(Args)]
pub struct ImportArgs {
    /// A document in the diary interchange format, version 1.
    file: PathBuf,
}

pub fn run(args: ImportArgs, db: &Option<PathBuf>, now: DateTime<Utc>) -> Result<(), Failure> {
    let doc = read_document(&args.file, Clock::Now(now))?;
    let mut diary = open(db)?;
    let s = diary.import(&doc, now)?;
    println!(
        "Imported {} report(s), {} lab result(s), {} check-in(s) and {} treatment course(s); {} report(s), {} lab result(s), {} check-in(s) and {} course(s) were already in the diary. The profile was replaced by the file's.",
        s.reports_added,
        s.labs_added,
        s.checkins_added,
        s.courses_added,
        s.reports_already_there,
        s.labs_already_there,
        s.checkins_already_there,
        s.courses_already_there
    );
    Ok(())
}
