//! A SMART sign-in that lasts: after [`sign_in`] the refresh token (and what a refresh
//! needs: the token endpoint, the client id, the role, the FHIR server it is bound to, and
//! who signed in) is kept in the operating system's keyring, one entry per server origin
//! under the service [`SESSION_SERVICE`], so that `diary sync`, `diary inbox` and the app
//! need no token typed in and no browser each time. [`credentials`] gives the token for a
//! server: the signed-in access token, refreshed when it has expired or is about to (the
//! refresh token the server rotates is saved back); a server that refuses the refresh
//! says "sign in again" with the code `sign_in_needed`. A server without a sign-in keeps
//! the static token of [`token`](crate::token) (its file or `DIARY_FHIR_TOKEN`).
//!
//! Where there is no keyring (no desktop session, a container) or `SYMPTOM_DIARY_KEYRING=off`
//! asks for none, the session is kept in a file in the config directory,
//! `smart-<origin>.json`, readable by the user only (0600), and [`SessionInfo::notice`]
//! says so in plain words, as the diary's key does (`diary_core::store::key`). The last
//! access token and its expiry are kept beside the refresh token, so that a short command
//! does not refresh each time. No token is ever printed, logged or put in an error: they
//! travel as [`Secret`], whose `Debug` hides them.
//!
//! Like the rest of the crate, time is a parameter: `now` decides whether the access
//! token is still good; nothing here reads a clock.

use crate::smart::{self, Role, SmartConfig};
use crate::token::{self, Secret};
use crate::SyncError;
use chrono::{DateTime, Duration as Span, Utc};
use diary_core::store::KeyPolicy;
use diary_core::FieldError;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::time::Duration;

/// The keyring service every SMART session is kept under; the entry's user is the
/// server's origin (`https://fhir.hospital.example:443`).
pub const SESSION_SERVICE: &str = "org.SymptomDiary.symptom-diary.smart";

/// An access token this close to its expiry is refreshed first: a sync that starts with
/// it must not have it expire halfway.
pub const REFRESH_MARGIN_SECS: i64 = 60;

/// How a sign-in is made: where to sign in when the FHIR server does not say, which
/// client, the language of the page the browser comes back to, and how long to wait.
#[derive(Debug, Clone)]
pub struct SignInOptions {
    /// The sign-in server (the OpenID issuer), for a FHIR server whose
    /// `.well-known/smart-configuration` offers no authorization endpoint.
    pub issuer: Option<String>,
    pub client_id: String,
    /// The language of the page shown in the browser at the end (`en`, `ru`, `uz`).
    pub lang: String,
    /// How long to wait for the user to finish in the browser.
    pub timeout: Duration,
}

impl Default for SignInOptions {
    fn default() -> SignInOptions {
        SignInOptions {
            issuer: None,
            client_id: smart::DEFAULT_CLIENT_ID.to_string(),
            lang: "en".to_string(),
            timeout: Duration::from_secs(300),
        }
    }
}

/// Where a session is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "path")]
pub enum SessionPlace {
    Keyring,
    /// A 0600 file in the config directory.
    File(PathBuf),
}

/// A sign-in, as the user may see it: which server, as whom, since when. No token.
#[derive(Debug, Clone, Serialize)]
pub struct SessionInfo {
    /// The server's origin the session is bound to (its tokens go nowhere else).
    pub origin: String,
    /// The FHIR server signed in for (the tokens' audience).
    pub server: String,
    pub role: Role,
    /// The Patient in context (SMART's `patient`), for a patient's sign-in.
    pub patient: Option<String>,
    /// Who signed in (the ID token's `fhirUser`), when the server said.
    pub fhir_user: Option<String>,
    pub signed_in_at: DateTime<Utc>,
    /// Whether a refresh token is kept (without one, the sign-in ends with its access token).
    pub can_refresh: bool,
    pub place: SessionPlace,
    /// Set when a keyring was wanted but none could be used: one plain sentence.
    pub notice: Option<String>,
}

impl SessionInfo {
    /// "Patient/pat-alice", the `fhirUser` reference's last two parts, or "an unnamed user".
    pub fn who(&self) -> String {
        if let Some(p) = &self.patient {
            return format!("Patient/{p}");
        }
        if let Some(u) = &self.fhir_user {
            let parts: Vec<&str> = u.trim_end_matches('/').rsplit('/').take(2).collect();
            if parts.len() == 2 {
                return format!("{}/{}", parts[1], parts[0]);
            }
            return u.clone();
        }
        "an unnamed user".to_string()
    }
}

/// What is kept, as JSON, in the keyring entry or the file. It has no `Debug`: it holds
/// the tokens.
#[derive(Clone, Serialize, Deserialize)]
struct Stored {
    origin: String,
    server: String,
    authorization_endpoint: String,
    token_endpoint: String,
    /// Where sign-out ends the sign-in at the server; absent in sessions kept before it
    /// was read, and where the server offers none.
    #[serde(default)]
    revocation_endpoint: Option<String>,
    client_id: String,
    role: Role,
    #[serde(default)]
    patient: Option<String>,
    #[serde(default)]
    fhir_user: Option<String>,
    signed_in_at: DateTime<Utc>,
    #[serde(default)]
    refresh_token: Option<String>,
    #[serde(default)]
    access_token: Option<String>,
    #[serde(default)]
    access_expires_at: Option<DateTime<Utc>>,
}

impl Stored {
    fn info(&self, place: SessionPlace, notice: Option<String>) -> SessionInfo {
        SessionInfo {
            origin: self.origin.clone(),
            server: self.server.clone(),
            role: self.role,
            patient: self.patient.clone(),
            fhir_user: self.fhir_user.clone(),
            signed_in_at: self.signed_in_at,
            can_refresh: self.refresh_token.is_some(),
            place,
            notice,
        }
    }

    /// The access token when it is good for at least [`REFRESH_MARGIN_SECS`] more.
    fn fresh_access(&self, now: DateTime<Utc>) -> Option<Secret> {
        let token = self.access_token.as_deref()?;
        let good = match self.access_expires_at {
            Some(at) => at > now + Span::seconds(REFRESH_MARGIN_SECS),
            // A server that gives no expiry: used until the server refuses it.
            None => true,
        };
        good.then(|| Secret::new(token))
    }

    fn take(&mut self, tokens: &smart::Tokens, now: DateTime<Utc>) {
        self.access_token = Some(tokens.access.expose().to_string());
        self.access_expires_at = tokens
            .expires_in
            .and_then(|d| Span::from_std(d).ok())
            .map(|d| now + d);
        if let Some(r) = &tokens.refresh {
            self.refresh_token = Some(r.expose().to_string());
        }
        if tokens.patient.is_some() {
            self.patient = tokens.patient.clone();
        }
        if tokens.fhir_user.is_some() {
            self.fhir_user = tokens.fhir_user.clone();
        }
    }
}

fn origin_of(server_url: &str) -> Result<String, SyncError> {
    token::origin(server_url).ok_or_else(|| {
        SyncError::Config(FieldError::new(
            diary_core::store::SERVER_URL_FIELD,
            "give the care team's server address (https://…) to sign in",
        ))
    })
}

/// Where sessions are kept: the keyring (unless `SYMPTOM_DIARY_KEYRING=off`), and the
/// folder of the session files (the token file's, in the config directory).
struct Vault {
    keyring: bool,
    dir: PathBuf,
}

/// What the keyring holds for an origin.
enum Keyring {
    Found(Box<Stored>, keyring::Entry),
    Empty(keyring::Entry),
    /// No keyring can be used here; why, in words.
    Unavailable(String),
}

fn file_name(origin: &str) -> String {
    let name: String = origin
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("smart-{}.json", name.replace("___", "_"))
}

/// The session file for `origin`: `<config dir>/smart-<origin>.json`, the origin's
/// punctuation as `_` (`smart-https_fhir.hospital.example_443.json`).
pub fn session_file(origin: &str) -> Result<PathBuf, SyncError> {
    Ok(Vault::from_env()?.file(origin))
}

fn file_notice(why: &str, file: &std::path::Path) -> String {
    format!(
        "no keyring is available here ({why}), so the sign-in is kept in {} (readable only by you)",
        file.display()
    )
}

impl Vault {
    fn from_env() -> Result<Vault, SyncError> {
        let path = token::token_path()?;
        Ok(Vault {
            keyring: KeyPolicy::from_env() == KeyPolicy::Keyring,
            dir: path
                .parent()
                .expect("the token file has a folder")
                .to_path_buf(),
        })
    }

    fn file(&self, origin: &str) -> PathBuf {
        self.dir.join(file_name(origin))
    }

    fn keyring_entry(&self, origin: &str) -> Keyring {
        if !self.keyring {
            return Keyring::Unavailable(format!(
                "{}=off asks for none",
                diary_core::store::key::KEYRING_ENV
            ));
        }
        if diary_core::store::key::no_session_bus() {
            return Keyring::Unavailable("no D-Bus session to reach a Secret Service".into());
        }
        let entry = match keyring::Entry::new(SESSION_SERVICE, origin) {
            Ok(e) => e,
            Err(e) => return Keyring::Unavailable(e.to_string()),
        };
        match entry.get_password() {
            Ok(text) => match serde_json::from_str::<Stored>(&text) {
                Ok(s) if s.origin == origin => Keyring::Found(Box::new(s), entry),
                // Never print what was found: it holds tokens.
                _ => Keyring::Empty(entry),
            },
            Err(keyring::Error::NoEntry) => Keyring::Empty(entry),
            Err(e) => Keyring::Unavailable(e.to_string()),
        }
    }

    fn read_file(&self, origin: &str) -> Result<Option<Stored>, SyncError> {
        let path = self.file(origin);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(SyncError::Io(format!(
                    "the sign-in file {} cannot be read: {e}",
                    path.display()
                )))
            }
        };
        match serde_json::from_str::<Stored>(&text) {
            Ok(s) if s.origin == origin => Ok(Some(s)),
            _ => Err(SyncError::SignInNeeded(format!(
                "the sign-in file {} is not one this app wrote",
                path.display()
            ))),
        }
    }

    fn write_file(&self, stored: &Stored) -> Result<PathBuf, SyncError> {
        use std::io::Write;
        let path = self.file(&stored.origin);
        std::fs::create_dir_all(&self.dir).map_err(|e| {
            SyncError::Io(format!(
                "cannot create the folder {}: {e}",
                self.dir.display()
            ))
        })?;
        let tmp = path.with_extension("json.tmp");
        let _ = std::fs::remove_file(&tmp);
        let text = serde_json::to_string_pretty(stored).expect("a session serializes");
        {
            let mut f = diary_core::store::private::create_file(&tmp)
                .map_err(|e| SyncError::Io(format!("cannot write {}: {e}", tmp.display())))?;
            f.write_all(text.as_bytes())
                .and_then(|_| f.sync_all())
                .map_err(|e| SyncError::Io(format!("cannot write {}: {e}", tmp.display())))?;
        }
        std::fs::rename(&tmp, &path)
            .map_err(|e| SyncError::Io(format!("cannot write {}: {e}", path.display())))?;
        Ok(path)
    }

    fn remove_file(&self, origin: &str) -> Result<bool, SyncError> {
        let path = self.file(origin);
        match std::fs::remove_file(&path) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(SyncError::Io(format!(
                "cannot remove {}: {e}",
                path.display()
            ))),
        }
    }

    /// The session for `origin`, where it is kept, and the notice when that is a file
    /// because no keyring could be used.
    fn load(
        &self,
        origin: &str,
    ) -> Result<Option<(Stored, SessionPlace, Option<String>)>, SyncError> {
        let why = match self.keyring_entry(origin) {
            Keyring::Found(s, _) => return Ok(Some((*s, SessionPlace::Keyring, None))),
            Keyring::Empty(_) => None,
            Keyring::Unavailable(why) => Some(why),
        };
        let path = self.file(origin);
        Ok(self.read_file(origin)?.map(|s| {
            let notice = why.map(|w| file_notice(&w, &path));
            (s, SessionPlace::File(path), notice)
        }))
    }

    /// Keeps `stored`: in the keyring when one can be used (and then no file is left),
    /// else in the 0600 file, with the notice that says so.
    fn save(&self, stored: &Stored) -> Result<(SessionPlace, Option<String>), SyncError> {
        let text = serde_json::to_string(stored).expect("a session serializes");
        let why = match self.keyring_entry(&stored.origin) {
            Keyring::Found(_, entry) | Keyring::Empty(entry) => match entry.set_password(&text) {
                Ok(()) => {
                    self.remove_file(&stored.origin)?;
                    return Ok((SessionPlace::Keyring, None));
                }
                Err(e) => {
                    // An older entry would be read before the file: it must not outlive
                    // the tokens that replaced it.
                    let _ = entry.delete_credential();
                    e.to_string()
                }
            },
            Keyring::Unavailable(why) => why,
        };
        let path = self.write_file(stored)?;
        let notice = file_notice(&why, &path);
        Ok((SessionPlace::File(path), Some(notice)))
    }

    /// Holds the refresh of `origin`'s sign-in until dropped: an exclusive lock on
    /// `<config dir>/smart-<origin>.lock` (empty; it holds no token), so one thread or
    /// process at a time refreshes. A refresh token is good for one use, and a sign-in
    /// server that sees a used one again may end the whole sign-in: the app's console, its
    /// automatic sync and `diary sync` would otherwise race to refresh the same one.
    fn refresh_lock(&self, origin: &str) -> Result<std::fs::File, SyncError> {
        let path = self.file(origin).with_extension("lock");
        std::fs::create_dir_all(&self.dir).map_err(|e| {
            SyncError::Io(format!(
                "cannot create the folder {}: {e}",
                self.dir.display()
            ))
        })?;
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| SyncError::Io(format!("cannot open {}: {e}", path.display())))?;
        file.lock()
            .map_err(|e| SyncError::Io(format!("cannot lock {}: {e}", path.display())))?;
        Ok(file)
    }

    /// Forgets the session of `origin` in the keyring and the file; `true` when there was one.
    fn remove(&self, origin: &str) -> Result<bool, SyncError> {
        let mut gone = false;
        if let Keyring::Found(_, entry) = self.keyring_entry(origin) {
            entry
                .delete_credential()
                .map_err(|e| SyncError::Io(format!("cannot remove the sign-in: {e}")))?;
            gone = true;
        }
        Ok(self.remove_file(origin)? || gone)
    }
}

/// The HTTP client of the sign-in and refresh: timeouts, no redirects (the token endpoint
/// must answer itself), the operating system's certificate store.
fn http() -> Result<reqwest::blocking::Client, SyncError> {
    reqwest::blocking::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(30))
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("symptom-diary/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| SyncError::Network(format!("the HTTP client could not start: {e}")))
}

/// Signs in to the FHIR server at `server_url` as `role` and keeps the session: discovers
/// where to sign in, starts the loopback listener, calls `open_browser` with the address
/// to open, waits up to `options.timeout` for the browser to come back, exchanges the code
/// and keeps the tokens (replacing any earlier session for the same origin). The two
/// steps are [`start_sign_in`] and [`PendingSignIn::finish`], for a caller (the app's
/// window) that shows the address while it waits.
///
/// `open_browser` failing does not stop the sign-in: the caller must have shown the
/// address to the user too (the CLI prints it always), who can open it by hand.
pub fn sign_in(
    server_url: &str,
    role: Role,
    options: &SignInOptions,
    open_browser: impl FnOnce(&str) -> Result<(), String>,
    now: DateTime<Utc>,
) -> Result<SessionInfo, SyncError> {
    let pending = start_sign_in(server_url, role, options)?;
    // Not fatal: the address was shown, and the user can open it by hand.
    let _ = open_browser(pending.url());
    pending.finish(now)
}

/// A sign-in whose browser has not come back yet: the loopback listener is bound.
pub struct PendingSignIn {
    origin: String,
    server: String,
    http: reqwest::blocking::Client,
    config: SmartConfig,
    sign_in: smart::SignIn,
    role: Role,
    client_id: String,
    lang: String,
    timeout: Duration,
}

/// The first step of [`sign_in`]: discovers where to sign in and binds the loopback
/// redirect; the address to open is [`PendingSignIn::url`].
pub fn start_sign_in(
    server_url: &str,
    role: Role,
    options: &SignInOptions,
) -> Result<PendingSignIn, SyncError> {
    let origin = origin_of(server_url)?;
    // The same rules as the saved setting: https, http only to this computer.
    let server = crate::ServerConfig::new(server_url, None)?.server_url;
    let http = http()?;
    let config = smart::discover(&http, &server, options.issuer.as_deref())?;
    let sign_in = smart::begin(&config, &options.client_id, &server, role)?;
    Ok(PendingSignIn {
        origin,
        server,
        http,
        config,
        sign_in,
        role,
        client_id: options.client_id.clone(),
        lang: options.lang.clone(),
        timeout: options.timeout,
    })
}

impl PendingSignIn {
    /// The sign-in page's address, for the browser.
    pub fn url(&self) -> &str {
        self.sign_in.url()
    }

    /// Waits for the browser to come back (up to the options' timeout), exchanges the
    /// code and keeps the tokens; `now` is when the sign-in happened.
    pub fn finish(self, now: DateTime<Utc>) -> Result<SessionInfo, SyncError> {
        let tokens = self.sign_in.finish(&self.http, self.timeout, &self.lang)?;
        let mut stored = Stored {
            origin: self.origin,
            server: self.server,
            authorization_endpoint: self.config.authorization_endpoint,
            token_endpoint: self.config.token_endpoint,
            revocation_endpoint: self.config.revocation_endpoint,
            client_id: self.client_id,
            role: self.role,
            patient: None,
            fhir_user: None,
            signed_in_at: now,
            refresh_token: None,
            access_token: None,
            access_expires_at: None,
        };
        stored.take(&tokens, now);
        let (place, notice) = Vault::from_env()?.save(&stored)?;
        Ok(stored.info(place, notice))
    }
}

/// Whether there is a sign-in for `server_url`'s origin, as whom and since when.
pub fn session_info(server_url: &str) -> Result<Option<SessionInfo>, SyncError> {
    let origin = origin_of(server_url)?;
    Ok(Vault::from_env()?
        .load(&origin)?
        .map(|(s, place, notice)| s.info(place, notice)))
}

/// What signing out did at the sign-in server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AtServer {
    /// The server ended the sign-in (its refresh token was revoked).
    Ended,
    /// The server offers no way to end a sign-in (SMART does not require one): its
    /// refresh token stays valid there until it expires.
    NotOffered,
    /// The server could not be reached, or refused: the sign-in is forgotten here all the
    /// same, and ends at the server when it expires. The reason, in words.
    Failed(String),
}

impl AtServer {
    /// `ended`, `not_offered` or `failed`: the code the app's words are chosen by.
    pub fn code(&self) -> &'static str {
        match self {
            AtServer::Ended => "ended",
            AtServer::NotOffered => "not_offered",
            AtServer::Failed(_) => "failed",
        }
    }
}

/// What [`sign_out`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedOut {
    /// Whether there was a sign-in to forget on this computer.
    pub was_signed_in: bool,
    /// `None` when there was nothing to end.
    pub at_server: Option<AtServer>,
}

/// Signs out of `server_url`'s origin: first ends the sign-in at the sign-in server when
/// it offers revocation (RFC 7009), then forgets it in the keyring and in the file. The
/// sign-in is forgotten here even when the server cannot be reached: a user who signs out
/// must not stay signed in on this computer because the network is down.
pub fn sign_out(server_url: &str) -> Result<SignedOut, SyncError> {
    let origin = origin_of(server_url)?;
    let vault = Vault::from_env()?;
    let at_server = vault
        .load(&origin)?
        .map(|(stored, _, _)| end_at_server(&stored));
    let was_signed_in = vault.remove(&origin)?;
    Ok(SignedOut {
        was_signed_in,
        at_server,
    })
}

fn end_at_server(stored: &Stored) -> AtServer {
    // The refresh token is the long-lived one; without it, the access token.
    let token = match (&stored.refresh_token, &stored.access_token) {
        (Some(refresh), _) => (refresh, "refresh_token"),
        (None, Some(access)) => (access, "access_token"),
        // Nothing is left that could be used.
        (None, None) => return AtServer::Ended,
    };
    let Some(endpoint) = &stored.revocation_endpoint else {
        return AtServer::NotOffered;
    };
    let revoked = http().and_then(|http| {
        smart::revoke(
            &http,
            endpoint,
            &stored.client_id,
            &Secret::new(token.0),
            token.1,
        )
    });
    match revoked {
        Ok(()) => AtServer::Ended,
        Err(e) => AtServer::Failed(e.to_string()),
    }
}

/// The token to send to `server_url` as of `now`: with a sign-in for its origin, its
/// access token, refreshed first when it has expired or expires within
/// [`REFRESH_MARGIN_SECS`] (the new tokens are kept); without one, the static token of
/// [`token::load`] (`DIARY_FHIR_TOKEN`, or the token file saved for this origin).
///
/// A refresh the sign-in server refuses is [`SyncError::SignInNeeded`] (`sign_in_needed`);
/// one that cannot reach it is [`SyncError::Network`], and the session is kept. One
/// refresh runs at a time per origin, across threads and processes (a lock file beside
/// the session file); one that waited uses the tokens the refresh before it kept.
pub fn credentials(server_url: &str, now: DateTime<Utc>) -> Result<Option<Secret>, SyncError> {
    let Some(origin) = token::origin(server_url) else {
        return token::load(Some(server_url));
    };
    let vault = Vault::from_env()?;
    let Some((stored, _, _)) = vault.load(&origin)? else {
        return token::load(Some(server_url));
    };
    if let Some(access) = stored.fresh_access(now) {
        return Ok(Some(access));
    }
    // One refresh at a time; whoever waited reads what the one before it kept.
    let _one_at_a_time = vault.refresh_lock(&origin)?;
    let Some((mut stored, _, _)) = vault.load(&origin)? else {
        // Signed out meanwhile.
        return token::load(Some(server_url));
    };
    if let Some(access) = stored.fresh_access(now) {
        return Ok(Some(access));
    }
    let tokens = refresh(&stored)?;
    stored.take(&tokens, now);
    vault.save(&stored)?;
    Ok(Some(tokens.access))
}

fn refresh(stored: &Stored) -> Result<smart::Tokens, SyncError> {
    let Some(refresh_token) = stored.refresh_token.as_deref() else {
        return Err(SyncError::SignInNeeded(
            "the sign-in server gave no refresh token, and the access token has expired".into(),
        ));
    };
    let config = SmartConfig {
        authorization_endpoint: stored.authorization_endpoint.clone(),
        token_endpoint: stored.token_endpoint.clone(),
        revocation_endpoint: None,
        capabilities: Vec::new(),
    };
    match smart::refresh(
        &http()?,
        &config,
        &stored.client_id,
        &Secret::new(refresh_token),
    ) {
        Ok(tokens) => Ok(tokens),
        // The sign-in server answered, and said no (invalid_grant: expired, revoked).
        Err(SyncError::Unauthorized { text, .. }) => Err(SyncError::SignInNeeded(text)),
        Err(other) => Err(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(origin: &str) -> Stored {
        Stored {
            origin: origin.into(),
            server: format!("{origin}/fhir"),
            authorization_endpoint: "http://127.0.0.1:9/auth".into(),
            token_endpoint: "http://127.0.0.1:9/token".into(),
            revocation_endpoint: None,
            client_id: smart::DEFAULT_CLIENT_ID.into(),
            role: Role::Patient,
            patient: Some("pat-1".into()),
            fhir_user: None,
            signed_in_at: "2026-11-01T10:00:00Z".parse().unwrap(),
            refresh_token: Some("refresh-secret".into()),
            access_token: Some("access-secret".into()),
            access_expires_at: Some("2026-11-01T10:05:00Z".parse().unwrap()),
        }
    }

    #[test]
    fn an_access_token_is_used_until_a_minute_before_it_expires() {
        let s = stored("https://fhir.example:443");
        let at = |t: &str| t.parse::<DateTime<Utc>>().unwrap();
        for (now, fresh) in [
            ("2026-11-01T10:00:00Z", true),
            ("2026-11-01T10:03:59Z", true),
            ("2026-11-01T10:04:00Z", false),
            ("2026-11-01T10:06:00Z", false),
        ] {
            assert_eq!(s.fresh_access(at(now)).is_some(), fresh, "{now}");
        }
        let mut none = s.clone();
        none.access_token = None;
        assert!(none.fresh_access(at("2026-11-01T10:00:00Z")).is_none());
    }

    #[test]
    fn who_signed_in_is_said_as_a_reference() {
        let mut s = stored("https://fhir.example:443");
        let info = |s: &Stored| s.info(SessionPlace::Keyring, None).who();
        assert_eq!(info(&s), "Patient/pat-1");
        s.patient = None;
        s.fhir_user = Some("https://fhir.example/r4/Practitioner/nurse".into());
        assert_eq!(info(&s), "Practitioner/nurse");
        s.fhir_user = None;
        assert_eq!(info(&s), "an unnamed user");
    }

    #[test]
    fn session_files_are_named_by_origin() {
        let f = file_name;
        assert_eq!(
            f("https://fhir.hospital.example:443"),
            "smart-https_fhir.hospital.example_443.json"
        );
        assert_eq!(f("http://127.0.0.1:8080"), "smart-http_127.0.0.1_8080.json");
    }

    #[test]
    fn the_file_fallback_keeps_a_session_private_by_origin_and_forgets_it() {
        let dir = tempfile::tempdir().unwrap();
        let vault = Vault {
            keyring: false,
            dir: dir.path().join("config"),
        };
        let origin = "http://127.0.0.1:8080";
        assert!(vault.load(origin).unwrap().is_none());
        let (place, notice) = vault.save(&stored(origin)).unwrap();
        assert_eq!(place, SessionPlace::File(vault.file(origin)));
        let notice = notice.expect("the file is said in words");
        assert!(
            notice.contains("SYMPTOM_DIARY_KEYRING=off") && notice.contains("readable only by you"),
            "{notice}"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(vault.file(origin))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let (back, place, notice) = vault.load(origin).unwrap().unwrap();
        assert_eq!(back.refresh_token.as_deref(), Some("refresh-secret"));
        assert_eq!(back.patient.as_deref(), Some("pat-1"));
        assert!(matches!(place, SessionPlace::File(_)) && notice.is_some());
        // Another port is another origin: nothing is given out for it.
        assert!(vault.load("http://127.0.0.1:8081").unwrap().is_none());
        // What the user may see holds no token.
        let shown = format!("{:?}", back.info(place, notice));
        assert!(!shown.contains("secret"), "{shown}");
        // A file that names another origin is not used.
        std::fs::copy(vault.file(origin), vault.file("http://127.0.0.1:9090")).unwrap();
        let e = vault.load("http://127.0.0.1:9090").err().unwrap();
        assert_eq!(e.code().as_str(), "sign_in_needed");

        assert!(vault.remove(origin).unwrap());
        assert!(!vault.file(origin).exists());
        assert!(!vault.remove(origin).unwrap());
        assert!(vault.load(origin).unwrap().is_none());
    }

    /// The variable that marks the run of [`the_keyring_keeps_a_session_where_a_secret_service_runs`]
    /// inside a D-Bus session of its own.
    const INNER: &str = "SYMPTOM_DIARY_SESSION_KEYRING_TEST";

    /// With a Secret Service, a session goes to the keyring and no file is written. Where
    /// the test runs without a D-Bus session, it runs itself again under
    /// `dbus-run-session` with a gnome-keyring of its own (as scripts/e2e.sh starts one),
    /// when those are installed; else it says "skipped: …".
    #[test]
    fn the_keyring_keeps_a_session_where_a_secret_service_runs() {
        let inner = std::env::var_os(INNER).is_some();
        if diary_core::store::key::no_session_bus() && !inner {
            let has = |tool: &str| {
                std::process::Command::new("sh")
                    .args(["-c", &format!("command -v {tool}")])
                    .output()
                    .is_ok_and(|o| o.status.success())
            };
            if !has("dbus-run-session") || !has("gnome-keyring-daemon") {
                println!("skipped: no D-Bus session, and no dbus-run-session or gnome-keyring-daemon to start one");
                return;
            }
            let work = tempfile::tempdir().unwrap();
            let (data, runtime) = (work.path().join("data"), work.path().join("runtime"));
            std::fs::create_dir_all(&data).unwrap();
            std::fs::create_dir_all(&runtime).unwrap();
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(&runtime, std::fs::Permissions::from_mode(0o700)).unwrap();
            }
            let script = "printf %s session-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; \
                          gnome-keyring-daemon --start --components=secrets >/dev/null 2>&1; \
                          \"$0\" --exact session::tests::the_keyring_keeps_a_session_where_a_secret_service_runs --nocapture --test-threads 1; \
                          exit $?";
            let out = std::process::Command::new("dbus-run-session")
                .args(["--", "sh", "-c", script])
                .arg(std::env::current_exe().unwrap())
                .env(INNER, "1")
                .env("XDG_DATA_HOME", &data)
                .env("XDG_RUNTIME_DIR", &runtime)
                .env_remove("DBUS_SESSION_BUS_ADDRESS")
                .output()
                .unwrap();
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(
                out.status.success(),
                "{text}\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
            // The daemons end with their D-Bus session.
            let said = ["keyring:", "skipped:"].iter().find_map(|m| {
                text.find(m)
                    .map(|at| text[at..].lines().next().unwrap_or(""))
            });
            println!("{}", said.expect("the inner run says what it did"));
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let vault = Vault {
            keyring: true,
            dir: dir.path().join("config"),
        };
        // An origin of this run's own, so that no real sign-in is touched.
        let origin = format!("http://127.0.0.1:{}", 1024 + std::process::id() % 60000);
        let (place, notice) = vault.save(&stored(&origin)).unwrap();
        if let Some(notice) = notice {
            vault.remove(&origin).unwrap();
            println!("skipped: {notice}");
            return;
        }
        assert_eq!(place, SessionPlace::Keyring);
        assert!(!vault.file(&origin).exists(), "no file beside the keyring");
        let (back, place, notice) = vault.load(&origin).unwrap().unwrap();
        assert_eq!(place, SessionPlace::Keyring);
        assert_eq!(notice, None);
        assert_eq!(back.refresh_token.as_deref(), Some("refresh-secret"));
        assert!(vault.remove(&origin).unwrap());
        assert!(vault.load(&origin).unwrap().is_none());
        println!("keyring: a session was kept in the Secret Service, read back and removed");
    }
}
