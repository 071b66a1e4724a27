//! Where the care team's bearer token lives: never in the diary file (which is backed up
//! and moved between computers), but in a file of its own in the platform's config
//! directory, readable only by the user (mode 0600). `DIARY_FHIR_TOKEN` overrides it, for
//! scripts. The token is never printed, logged or shown back: it travels as a [`Secret`],
//! whose `Debug` hides it. A saved token is bound to the origin (scheme, host, port) of the
//! server it was saved for, and is never given out for another address: typing a new
//! server address can never send the old server's token to it. A token file from before
//! this binding (one line, no origin) is not used: it must be saved again.

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

/// The origin of a server address, `https://fhir.example.org:443` → what a token is bound
/// to; `None` when the address is not a URL.
pub fn origin(server_url: &str) -> Option<String> {
    let url = reqwest::Url::parse(server_url.trim()).ok()?;
    let host = url.host_str()?;
    Some(format!(
        "{}://{}:{}",
        url.scheme(),
        host.to_ascii_lowercase(),
        url.port_or_known_default()?
    ))
}

/// The first line of a token file: `origin <origin>`.
const ORIGIN_LINE: &str = "origin ";

/// The token for `server_url`: `$DIARY_FHIR_TOKEN` when set and not empty (the script that
/// sets it chose the server too), else the token file's token when it was saved for this
/// server's origin, else none. No address, no token.
pub fn load(server_url: Option<&str>) -> Result<Option<Secret>, SyncError> {
    if let Ok(t) = std::env::var(TOKEN_ENV) {
        let t = t.trim().to_string();
        if !t.is_empty() {
            return Ok(Some(Secret::new(t)));
        }
    }
    let Some(wanted) = server_url.and_then(origin) else {
        return Ok(None);
    };
    let path = token_path()?;
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(SyncError::Io(format!(
                "the access token file {} cannot be read: {e}",
                path.display()
            )))
        }
    };
    Ok(token_for(&text, &wanted))
}

/// The token in a token file's `text` when it was saved for `origin`.
fn token_for(text: &str, origin: &str) -> Option<Secret> {
    let mut lines = text.lines();
    let saved_for = lines.next()?.strip_prefix(ORIGIN_LINE)?;
    let token = lines.next()?.trim();
    (saved_for == origin && !token.is_empty()).then(|| Secret::new(token))
}

/// Saves the token for `server_url`'s origin, readable by the user only; an empty token
/// removes the file (whatever the address).
pub fn save(token: &str, server_url: Option<&str>) -> Result<PathBuf, SyncError> {
    let token = token.trim();
    if token.chars().any(|c| c.is_control() || c == ' ') {
        return Err(SyncError::Config(diary_core::FieldError::new(
            "token",
            "the access token must be one word with no spaces",
        )));
    }
    let origin = server_url.and_then(origin).ok_or_else(|| {
        SyncError::Config(diary_core::FieldError::new(
            "sync.server_url",
            "save the care team's server address first: the access token is kept for that server only",
        ))
    });
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
        let origin = origin?;
        let _ = std::fs::remove_file(&tmp);
        let mut f = diary_core::store::private::create_file(&tmp)
            .map_err(|e| SyncError::Io(format!("cannot write {}: {e}", tmp.display())))?;
        f.write_all(format!("{ORIGIN_LINE}{origin}\n{token}\n").as_bytes())
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
    fn a_token_is_given_out_only_for_the_origin_it_was_saved_for() {
        let text = "origin https://fhir.hospital.example:443\nabc123\n";
        for (url, expect) in [
            ("https://fhir.hospital.example/r4", Some("abc123")),
            (
                "https://FHIR.hospital.example:443/other/path",
                Some("abc123"),
            ),
            ("https://fhir.hospital.example:8443/r4", None),
            ("http://fhir.hospital.example/r4", None),
            ("https://evil.example/r4", None),
            ("https://fhir.hospital.example.evil.example/r4", None),
        ] {
            let wanted = origin(url).unwrap();
            assert_eq!(
                token_for(text, &wanted).as_ref().map(Secret::expose),
                expect,
                "{url}"
            );
        }
        // A token file from before the binding (one line) is not used.
        let wanted = origin("https://fhir.hospital.example/r4").unwrap();
        assert_eq!(token_for("abc123\n", &wanted), None);
        assert_eq!(origin("not a url"), None);
        assert_eq!(
            origin("http://127.0.0.1:8080/fhir").as_deref(),
            Some("http://127.0.0.1:8080")
        );
    }

    #[test]
    fn secrets_never_print() {
        let s = Secret::new("abc123");
        assert_eq!(format!("{s:?}"), "Secret(***)");
        assert_eq!(s.expose(), "abc123");
    }
}
