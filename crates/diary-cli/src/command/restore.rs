//! `diary restore`: replace the diary with a backup (a file, or the newest sound one),
//! after the store's checks; the diary as it was is backed up first.

use crate::failure::Failure;
use crate::open::{diary_path, open};
use chrono::{DateTime, Utc};
use clap::Args;
use diary_core::store::{backup, KeyPolicy};
use std::path::PathBuf;

#[derive(Args)]
pub struct RestoreArgs {
    /// The backup file (see `diary backup --list`).
    #[arg(required_unless_present = "newest")]
    file: Option<PathBuf>,
    /// Restore the newest backup that passes the checks (for a damaged diary).
    #[arg(long, conflicts_with = "file")]
    newest: bool,
}

pub fn run(args: RestoreArgs, db: &Option<PathBuf>, now: DateTime<Utc>) -> Result<(), Failure> {
    let path = diary_path(db)?;
    let policy = KeyPolicy::from_env();
    let (file, done) = match args.file {
        Some(file) if !args.newest => {
            let done = backup::restore(&path, &file, now, policy)?;
            (file, done)
        }
        _ => backup::restore_newest_good(&path, now, policy)?,
    };
    // Opened once, so an older schema is brought up to date and checked now.
    open(db)?;
    println!("Restored the diary from {}.", file.display());
    if let Some(previous) = done.previous {
        println!(
            "The diary as it was is kept in {} (`diary restore` that file to undo).",
            previous.display()
        );
    }
    Ok(())
}
