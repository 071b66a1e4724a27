//! `diary export`: the whole diary as a document in the interchange format, to a file
//! (written whole or not at all) or to standard output.

use crate::failure::Failure;
use crate::files::write_atomically;
use crate::open::open;
use clap::Args;
use diary_core::json;
use std::io::Write;
use std::path::PathBuf;

#[derive(Args)]
pub struct ExportArgs {
    /// Where to write; standard output when left out.
    file: Option<PathBuf>,
}

pub fn run(args: ExportArgs, db: &Option<PathBuf>) -> Result<(), Failure> {
    let mut diary = open(db)?;
    let text = json::to_json(&diary.export()?);
    match args.file {
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())
                .map_err(|e| Failure::Diary(format!("cannot write: {e}")))?;
        }
        Some(path) => write_atomically(&path, &text)?,
    }
    Ok(())
}
