//! `diary backup`: take a backup of the diary now (encrypted with its key) and prune the
//! old ones, or with `--list`, list them newest first.

use crate::clock;
use crate::failure::Failure;
use crate::open::{diary_path, open};
use chrono::{DateTime, Utc};
use clap::Args;
use diary_core::store::backup;
use std::path::PathBuf;

#[derive(Args)]
pub struct BackupArgs {
    /// List the backups, newest first, instead of taking one.
    #[arg(long)]
    list: bool,
}

pub fn run(args: BackupArgs, db: &Option<PathBuf>, now: DateTime<Utc>) -> Result<(), Failure> {
    let path = diary_path(db)?;
    if args.list {
        let all = backup::list(&path)?;
        if all.is_empty() {
            println!("No backups yet in {}.", backup::backup_dir(&path).display());
        }
        for b in all {
            println!(
                "{}  {}",
                clock::local_minutes(&b.taken_at),
                b.path.display()
            );
        }
        return Ok(());
    }
    let diary = open(db)?;
    let taken = diary.snapshot(now)?;
    drop(diary);
    backup::prune(&path, now)?;
    let kept = backup::list(&path)?.len();
    println!(
        "Backed up the diary to {} (encrypted with the diary's key). {kept} backup(s) kept in {}.",
        taken.display(),
        backup::backup_dir(&path).display()
    );
    Ok(())
}
