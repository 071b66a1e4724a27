//! Opening the diary: where it is (`--db`, else the platform's place) and opening it,
//! saying on standard error where its key is when there is no keyring.

use crate::failure::Failure;
use diary_core::store::Diary;
use std::path::PathBuf;

/// The diary file: `--db`, else `$SYMPTOM_DIARY_DB`, else the platform data directory.
pub fn diary_path(db: &Option<PathBuf>) -> Result<PathBuf, Failure> {
    Ok(match db {
        Some(p) => p.clone(),
        None => Diary::default_path()?,
    })
}

/// Opens the diary; when there is no keyring, says on standard error where its key is.
pub fn open(db: &Option<PathBuf>) -> Result<Diary, Failure> {
    let diary = Diary::open(&diary_path(db)?)?;
    if let Some(notice) = diary.key_notice() {
        eprintln!("diary: note: {notice}");
    }
    Ok(diary)
}
