//! Saving what the user asked to take away (the visit report, the spreadsheets). The shell
//! opens the system's own save dialog and writes the bytes itself, so the window never
//! gets any access to the file system: it names what to save, never where, and the
//! dialog permission is granted to no window. Files are written readable by their owner
//! only, as the diary is. The end-to-end tests set `SYMPTOM_DIARY_SAVE_DIR` (a WebDriver
//! cannot drive a native dialog): the dialog is then skipped and the file goes there.

use crate::dto::IpcError;
use std::io::Write;
use std::path::{Path, PathBuf};
use tauri::AppHandle;
use tauri_plugin_dialog::DialogExt;

/// The environment variable the end-to-end tests set instead of a dialog.
pub const SAVE_DIR_ENV: &str = "SYMPTOM_DIARY_SAVE_DIR";

fn write(path: &Path, bytes: &[u8]) -> Result<(), IpcError> {
    let fail = |e: std::io::Error| IpcError::io(format!("the file could not be written: {e}"));
    let mut f = diary_core::store::private::create_file(path).map_err(fail)?;
    f.write_all(bytes).map_err(fail)?;
    f.sync_all().map_err(fail)
}

fn test_dir() -> Option<PathBuf> {
    std::env::var_os(SAVE_DIR_ENV).map(PathBuf::from)
}

/// Asks where to save `name` (a save dialog that offers only `extension`) and writes it;
/// `None` when the user cancels. Returns the file's name.
pub fn save_one(
    app: &AppHandle,
    name: &str,
    kind: &str,
    extension: &str,
    bytes: &[u8],
) -> Result<Option<String>, IpcError> {
    let path = match test_dir() {
        Some(dir) => Some(dir.join(name)),
        None => app
            .dialog()
            .file()
            .set_file_name(name)
            .add_filter(kind, &[extension])
            .blocking_save_file()
            .and_then(|p| p.into_path().ok()),
    };
    let Some(mut path) = path else {
        return Ok(None);
    };
    if path.extension().is_none() {
        path.set_extension(extension);
    }
    write(&path, bytes)?;
    Ok(path.file_name().map(|n| n.to_string_lossy().into_owned()))
}

/// Asks for a folder and writes every file of `files` into it; `None` when the user
/// cancels. Returns the folder's name.
pub fn save_into_folder(
    app: &AppHandle,
    files: &[(&str, Vec<u8>)],
) -> Result<Option<String>, IpcError> {
    let dir = match test_dir() {
        Some(dir) => Some(dir),
        None => app
            .dialog()
            .file()
            .blocking_pick_folder()
            .and_then(|p| p.into_path().ok()),
    };
    let Some(dir) = dir else {
        return Ok(None);
    };
    for (name, bytes) in files {
        write(&dir.join(name), bytes)?;
    }
    Ok(Some(dir.display().to_string()))
}
