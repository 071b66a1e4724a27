//! Where the care team's bearer token lives: never in the diary file (which is backed up
//! and moved between computers), but in a file of its own in the platform's config
//! directory, readable only by the user (mode 0600). `DIARY_FHIR_TOKEN` overrides it, for
//! scripts. The token is never printed, logged or shown back: it travels as a [`Secret`],
//! whose `Debug` hides it.

use crate::SyncError;
use std::fmt;
use std::path::PathBuf;

/// A bearer token. Its `Debug` and `Display` never show it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Secret {
        Secret(s.into())
    }

    /// The token itself, for the `Authorization` header only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// The environment variable that supplies the token instead of the file.
pub const TOKEN_ENV: &str = "DIARY_FHIR_TOKEN";

/// The token file: `<config dir>/fhir-token`.
pub fn token_path() -> Result<PathBuf, SyncError> {
    let dirs = directories::ProjectDirs::from("org", "SymptomDiary", "symptom-diary")
        .ok_or_else(|| SyncError::Io("no home directory to keep the access token in".into()))?;
    Ok(dirs.config_dir().join("fhir-token"))
}

/// The token: `$DIARY_FHIR_TOKEN` when set and not empty, else the token file, else none.
pub fn load() -> Result<Option<Secret>, SyncError> {
    if let Ok(t) = std::env::var(TOKEN_ENV) {
        let t = t.trim().to_string();
        if !t.is_empty() {
            return Ok(Some(Secret::new(t)));
        }
    }
    let path = token_path()?;
    match std::fs::read_to_string(&path) {
        Ok(t) if !t.trim().is_empty() => Ok(Some(Secret::new(t.trim().to_string()))),
        Ok(_) => Ok(None),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(SyncError::Io(format!(
            "the access token file {} cannot be read: {e}",
            path.display()
        ))),
    }
}

/// Saves the token, readable by the user only; an empty token removes the file.
pub fn save(token: &str) -> Result<PathBuf, SyncError> {
    let token = token.trim();
    if token.chars().any(|c| c.is_control() || c == ' ') {
        return Err(SyncError::Config(diary_core::FieldError::new(
            "token",
            "the access token must be one word with no spaces",
        )));
    }
    let path = token_path()?;
    if token.is_empty() {
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(SyncError::Io(format!(
                    "cannot remove {}: {e}",
                    path.display()
                )))
            }
        }
        return Ok(path);
    }
    let dir = path.parent().expect("the token file has a folder");
    std::fs::create_dir_all(dir)
        .map_err(|e| SyncError::Io(format!("cannot create the folder {}: {e}", dir.display())))?;
    let tmp = dir.join(".fhir-token.tmp");
    {
        use std::io::Write;
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let _ = std::fs::remove_file(&tmp);
        let mut f = opts
            .open(&tmp)
            .map_err(|e| SyncError::Io(format!("cannot write {}: {e}", tmp.display())))?;
        f.write_all(token.as_bytes())
            .and_then(|_| f.sync_all())
            .map_err(|e| SyncError::Io(format!("cannot write {}: {e}", tmp.display())))?;
    }
    std::fs::rename(&tmp, &path)
        .map_err(|e| SyncError::Io(format!("cannot write {}: {e}", path.display())))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print() {
        let s = Secret::new("abc123");
        assert_eq!(format!("{s:?}"), "Secret(***)");
        assert_eq!(s.expose(), "abc123");
    }
}
