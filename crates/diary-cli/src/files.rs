//! The files the command reads and writes besides the diary: a document in the
//! interchange format, read with its path in every error, and a file (an export, a CSV,
//! a PDF) written whole or not at all.

use crate::failure::Failure;
use diary_core::json::{self, Clock};
use diary_core::model::Document;
use std::io::Write;
use std::path::Path;

/// Reads a document file: a file that cannot be read or is not JSON is named by its path.
pub fn read_document(file: &Path, clock: Clock) -> Result<Document, Failure> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| Failure::Input(format!("{}: cannot be read ({e})", file.display())))?;
    let tree = json::parse_tree(&text)
        .map_err(|e| Failure::Input(format!("{}: {}", file.display(), e.message)))?;
    Ok(json::document_from_tree(&tree, clock)?)
}

/// Writes `text` to `path` through a temporary file in the same folder, so a crash
/// never leaves half a backup where a whole one was.
pub fn write_atomically(path: &Path, text: impl AsRef<[u8]>) -> Result<(), Failure> {
    let fail = |e: std::io::Error| Failure::Diary(format!("cannot write {}: {e}", path.display()));
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = dir.join(format!(
        ".{}.tmp",
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "export".into())
    ));
    {
        let mut f = diary_core::store::private::create_file(&tmp).map_err(fail)?;
        f.write_all(text.as_ref()).map_err(fail)?;
        f.sync_all().map_err(fail)?;
    }
    std::fs::rename(&tmp, path).map_err(fail)?;
    Ok(())
}
