//! SMART on FHIR sign-in (the standalone launch of SMART App Launch 2): how the patient's
//! app and the clinician's console get an access token from the care team's own
//! authorization server instead of a static token typed into a box. A hospital will not
//! hand out long-lived bearer tokens; it will ask for OAuth 2.0 with its own sign-in page.
//!
//! The steps, each a function here:
//! 1. [`discover`]: where to sign in, from the FHIR server's
//!    `.well-known/smart-configuration` (or, for a server that does not publish one, the
//!    sign-in server's OpenID configuration, given as the issuer). [`parse_configuration`]
//!    is pure and tested with case tables: a server without PKCE S256 is refused in words.
//! 2. [`begin`]: an authorization request with PKCE (S256) and a fresh `state`, its redirect
//!    to a loopback address on a port the system picks (RFC 8252: no web server, no custom
//!    scheme), the FHIR server as the audience, and the scopes of the [`Role`]: a patient
//!    may write only their own data (`patient/…`), a clinician read and acknowledge
//!    (`user/…`).
//! 3. [`SignIn::finish`]: waits for the browser to come back to the loopback address,
//!    checks `state`, shows the user a page in their language, and exchanges the code (with
//!    the PKCE verifier) for tokens.
//! 4. [`refresh`]: a new access token from the refresh token, which the caller keeps in the
//!    OS keyring (never in the diary, a log or an error message).
//!
//! The protocol itself is the `oauth2` crate's; this module holds what is SMART about it
//! (discovery, scopes, the audience, the `patient` context) and the loopback redirect.

use crate::token::Secret;
use crate::SyncError;
use oauth2::basic::{
    BasicErrorResponse, BasicRevocationErrorResponse, BasicTokenIntrospectionResponse,
    BasicTokenType,
};
use oauth2::{
    AuthUrl, AuthorizationCode, ClientId, CsrfToken, EndpointNotSet, EndpointSet, ExtraTokenFields,
    PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, RefreshToken, Scope, StandardRevocableToken,
    StandardTokenResponse, TokenResponse, TokenUrl,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

/// The client id Symptom Diary registers with a care team's authorization server (a
/// public, native client: no secret).
pub const DEFAULT_CLIENT_ID: &str = "symptom-diary";

/// Who signs in, and so which scopes are asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The patient (or a caregiver on their behalf): their own record only.
    Patient,
    /// A nurse or doctor of the care team: read the panel, acknowledge alerts.
    Clinician,
}

impl Role {
    /// The SMART v2 scopes: what the app needs, and nothing more.
    pub fn scopes(self) -> &'static [&'static str] {
        match self {
            Role::Patient => &[
                "openid",
                "fhirUser",
                "launch/patient",
                "offline_access",
                "patient/Patient.rs",
                "patient/Observation.cruds",
                "patient/Task.cruds",
                "patient/Communication.cruds",
                "patient/Provenance.c",
                // The weekly summary and the weekly check-in.
                "patient/DiagnosticReport.cruds",
                "patient/QuestionnaireResponse.cruds",
            ],
            Role::Clinician => &[
                "openid",
                "fhirUser",
                "offline_access",
                "user/Patient.rs",
                "user/Observation.rs",
                "user/Task.rsu",
                "user/Communication.rs",
                // The console's patient page: the weekly summary and check-ins.
                "user/DiagnosticReport.rs",
                "user/QuestionnaireResponse.rs",
            ],
        }
    }
}

/// Where to sign in, read from the server's configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmartConfig {
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    /// Where a sign-in is ended at the server (RFC 7009), when it offers that: SMART
    /// lists it as optional, and sign-out without it only forgets the sign-in here.
    pub revocation_endpoint: Option<String>,
    /// The SMART capabilities the server lists (`launch-standalone`, `client-public`, …).
    pub capabilities: Vec<String>,
}

/// Reads a `.well-known/smart-configuration` (or an OpenID configuration, which has the
/// same two endpoints). Refused, in words: a missing endpoint, an address that is not
/// https (loopback aside, for a sign-in server on this computer), and a server that
/// lists its PKCE methods without S256 (SMART requires it; "plain" would let a stolen
/// code be used).
pub fn parse_configuration(json: &Value) -> Result<SmartConfig, SyncError> {
    let endpoint = |key: &str| -> Result<String, SyncError> {
        let text = json.get(key).and_then(Value::as_str).ok_or_else(|| {
            SyncError::Protocol(format!(
                "the server's sign-in configuration has no {key}: it cannot be used for SMART sign-in"
            ))
        })?;
        let url = reqwest::Url::parse(text).map_err(|_| {
            SyncError::Protocol(format!(
                "the server's sign-in configuration gives {key} as {text:?}, which is not an address"
            ))
        })?;
        let loopback = matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
        if url.scheme() != "https" && !(url.scheme() == "http" && loopback) {
            return Err(SyncError::Protocol(format!(
                "the server's {key} is not an https address ({text}): signing in there would send the password unprotected"
            )));
        }
        Ok(text.to_string())
    };
    let authorization_endpoint = endpoint("authorization_endpoint")?;
    let token_endpoint = endpoint("token_endpoint")?;
    // Optional: one that is missing or not https is not used (the refresh token would go
    // unprotected), and signing in still works.
    let revocation_endpoint = json
        .get("revocation_endpoint")
        .and_then(|_| endpoint("revocation_endpoint").ok());
    if let Some(methods) = json
        .get("code_challenge_methods_supported")
        .and_then(Value::as_array)
    {
        if !methods.iter().any(|m| m.as_str() == Some("S256")) {
            return Err(SyncError::Protocol(
                "the server's sign-in does not offer PKCE with S256, which SMART on FHIR requires; ask the care team's IT to turn it on".into(),
            ));
        }
    }
    let capabilities = json
        .get("capabilities")
        .and_then(Value::as_array)
        .map(|caps| {
            caps.iter()
                .filter_map(|c| c.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    Ok(SmartConfig {
        authorization_endpoint,
        token_endpoint,
        revocation_endpoint,
        capabilities,
    })
}

/// Finds where to sign in for the FHIR server at `fhir_base`: its
/// `.well-known/smart-configuration` when that offers the authorization code flow; else,
/// when `issuer` is given (the care team's settings name their sign-in server), the
/// issuer's `.well-known/openid-configuration`. A server may publish a SMART
/// configuration for back-end services only (no `authorization_endpoint`), as hfs does.
pub fn discover(
    http: &reqwest::blocking::Client,
    fhir_base: &str,
    issuer: Option<&str>,
) -> Result<SmartConfig, SyncError> {
    let get = |url: String| -> Result<Option<Value>, SyncError> {
        let response = http
            .get(&url)
            .header("Accept", "application/json")
            .send()
            .map_err(|e| SyncError::Network(format!("cannot reach {url}: {e}")))?;
        if !response.status().is_success() {
            return Ok(None);
        }
        Ok(response.json::<Value>().ok())
    };
    let base = fhir_base.trim_end_matches('/');
    let published = get(format!("{base}/.well-known/smart-configuration"))?
        .map(|json| parse_configuration(&json));
    match (published, issuer) {
        (Some(Ok(config)), _) => Ok(config),
        (_, Some(issuer)) => {
            let issuer = issuer.trim_end_matches('/');
            match get(format!("{issuer}/.well-known/openid-configuration"))? {
                Some(json) => parse_configuration(&json),
                None => Err(SyncError::Protocol(format!(
                    "the sign-in server {issuer} publishes no OpenID configuration"
                ))),
            }
        }
        (Some(Err(why)), None) => Err(why),
        (None, None) => Err(SyncError::Protocol(
            "the care team's server does not offer SMART sign-in (it has no .well-known/smart-configuration); use an access token instead, or give the sign-in server's address".into(),
        )),
    }
}

/// What SMART adds to a token response: the patient in context.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmartFields {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patient: Option<String>,
    /// The OpenID Connect ID token (with `openid`), read for its `fhirUser` claim only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token: Option<String>,
}

impl ExtraTokenFields for SmartFields {}

type SmartTokenResponse = StandardTokenResponse<SmartFields, BasicTokenType>;

type SmartClient = oauth2::Client<
    BasicErrorResponse,
    SmartTokenResponse,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
>;

fn oauth_client(
    config: &SmartConfig,
    client_id: &str,
    redirect: Option<RedirectUrl>,
) -> Result<SmartClient, SyncError> {
    let bad = |what: &str, e: String| SyncError::Protocol(format!("{what}: {e}"));
    let client = oauth2::Client::new(ClientId::new(client_id.to_string()))
        .set_auth_uri(
            AuthUrl::new(config.authorization_endpoint.clone())
                .map_err(|e| bad("authorization_endpoint", e.to_string()))?,
        )
        .set_token_uri(
            TokenUrl::new(config.token_endpoint.clone())
                .map_err(|e| bad("token_endpoint", e.to_string()))?,
        );
    Ok(match redirect {
        Some(r) => client.set_redirect_uri(r),
        None => client,
    })
}

/// What a sign-in or a refresh gives.
#[derive(Debug, Clone)]
pub struct Tokens {
    pub access: Secret,
    /// Kept in the OS keyring by the caller; absent when the server gives none.
    pub refresh: Option<Secret>,
    pub expires_in: Option<Duration>,
    /// The Patient the token is for (SMART's launch context), when the server says.
    pub patient: Option<String>,
    /// The scopes granted, which may be fewer than those asked for.
    pub scopes: Vec<String>,
    /// Who signed in, as a FHIR reference (`Patient/…`, `Practitioner/…`, or an absolute
    /// address): the ID token's `fhirUser` claim, when the server gave one.
    pub fhir_user: Option<String>,
}

fn tokens(response: &SmartTokenResponse) -> Tokens {
    Tokens {
        access: Secret::new(response.access_token().secret().clone()),
        refresh: response
            .refresh_token()
            .map(|r| Secret::new(r.secret().clone())),
        expires_in: response.expires_in(),
        patient: response.extra_fields().patient.clone(),
        scopes: response
            .scopes()
            .map(|s| s.iter().map(|s| s.to_string()).collect())
            .unwrap_or_default(),
        fhir_user: response
            .extra_fields()
            .id_token
            .as_deref()
            .and_then(fhir_user_claim),
    }
}

/// The `fhirUser` claim of an ID token. The token came straight from the token endpoint
/// over the connection the client checked (OpenID Connect Core 3.1.3.7 allows trusting
/// it so), and the claim is shown to the user only ("signed in as …"), never trusted for
/// access: the FHIR server checks the access token itself.
fn fhir_user_claim(id_token: &str) -> Option<String> {
    use base64::Engine;
    let payload = id_token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    let claims: Value = serde_json::from_slice(&bytes).ok()?;
    claims.get("fhirUser")?.as_str().map(str::to_string)
}

fn token_error(
    e: oauth2::RequestTokenError<oauth2::HttpClientError<reqwest::Error>, BasicErrorResponse>,
) -> SyncError {
    match e {
        oauth2::RequestTokenError::ServerResponse(r) => {
            let why = r
                .error_description()
                .cloned()
                .unwrap_or_else(|| r.error().to_string());
            SyncError::Unauthorized {
                status: 400,
                text: format!("the sign-in server refused: {why}"),
            }
        }
        // oauth2 says only "client error": the words are reqwest's, as for the FHIR server.
        oauth2::RequestTokenError::Request(oauth2::HttpClientError::Reqwest(e)) => {
            unreachable_sign_in_server(&e)
        }
        oauth2::RequestTokenError::Request(e) => {
            SyncError::Network(format!("cannot reach the sign-in server: {e}"))
        }
        other => SyncError::Protocol(format!("the sign-in server's answer: {other}")),
    }
}

fn unreachable_sign_in_server(e: &reqwest::Error) -> SyncError {
    SyncError::Network(format!(
        "cannot reach the sign-in server: {}",
        crate::client::describe(e)
    ))
}

/// A sign-in under way: the address to open in the browser, and the loopback listener the
/// browser comes back to.
pub struct SignIn {
    url: String,
    state: CsrfToken,
    verifier: PkceCodeVerifier,
    redirect: RedirectUrl,
    listener: TcpListener,
    client: SmartClient,
}

impl std::fmt::Debug for SignIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignIn")
            .field("redirect", &self.redirect.as_str())
            .finish_non_exhaustive()
    }
}

/// Starts a sign-in: listens on a loopback port the system picks and builds the
/// authorization address (PKCE S256, `state`, the role's scopes, the FHIR server as `aud`).
pub fn begin(
    config: &SmartConfig,
    client_id: &str,
    fhir_base: &str,
    role: Role,
) -> Result<SignIn, SyncError> {
    let listener = TcpListener::bind(("127.0.0.1", 0))
        .map_err(|e| SyncError::Io(format!("cannot listen for the sign-in's answer: {e}")))?;
    let port = listener
        .local_addr()
        .map_err(|e| SyncError::Io(e.to_string()))?
        .port();
    let redirect = RedirectUrl::new(format!("http://127.0.0.1:{port}/callback"))
        .map_err(|e| SyncError::Protocol(e.to_string()))?;
    let client = oauth_client(config, client_id, Some(redirect.clone()))?;
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, state) = client
        .authorize_url(CsrfToken::new_random)
        .add_scopes(role.scopes().iter().map(|s| Scope::new(s.to_string())))
        .set_pkce_challenge(challenge)
        // SMART: the FHIR server the token is for (and RFC 8707's name for the same).
        .add_extra_param("aud", fhir_base)
        .add_extra_param("resource", fhir_base)
        // OpenID Connect gives a refresh token for `offline_access` only when consent was
        // asked for; signing in is rare, so asking each time costs little.
        .add_extra_param("prompt", "consent")
        .url();
    Ok(SignIn {
        url: url.to_string(),
        state,
        verifier,
        redirect,
        listener,
        client,
    })
}

impl SignIn {
    /// The address to open in the user's browser.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Where the browser comes back to (`http://127.0.0.1:PORT/callback`).
    pub fn redirect_uri(&self) -> &str {
        self.redirect.as_str()
    }

    /// Waits up to `wait` for the browser to come back, answers it with a page in `lang`,
    /// checks `state` and exchanges the code for tokens.
    pub fn finish(
        self,
        http: &reqwest::blocking::Client,
        wait: Duration,
        lang: &str,
    ) -> Result<Tokens, SyncError> {
        let code = wait_for_code(&self.listener, self.state.secret(), wait, lang)?;
        let response = self
            .client
            .exchange_code(AuthorizationCode::new(code))
            .set_pkce_verifier(self.verifier)
            .request(http)
            .map_err(token_error)?;
        Ok(tokens(&response))
    }
}

/// A new access token from a refresh token.
pub fn refresh(
    http: &reqwest::blocking::Client,
    config: &SmartConfig,
    client_id: &str,
    refresh_token: &Secret,
) -> Result<Tokens, SyncError> {
    let client = oauth_client(config, client_id, None)?;
    let response = client
        .exchange_refresh_token(&RefreshToken::new(refresh_token.expose().to_string()))
        .request(http)
        .map_err(token_error)?;
    let mut got = tokens(&response);
    // A server that does not rotate refresh tokens keeps the old one valid.
    if got.refresh.is_none() {
        got.refresh = Some(refresh_token.clone());
    }
    Ok(got)
}

/// Ends the sign-in at the server: `token` (the refresh token, and with it, at most
/// servers, the access tokens it gave; `hint` names its kind) is revoked at
/// `revocation_endpoint` (RFC 7009: a form POST of the token, its kind and the public
/// client's id). By hand, because the `oauth2` crate
/// refuses every address that is not https, and the sign-in server of a test or of a
/// hospital's own computer may be on the loopback address, which [`parse_configuration`]
/// accepts. A server that says no is [`SyncError::Unauthorized`]; one that cannot be
/// reached, [`SyncError::Network`].
pub fn revoke(
    http: &reqwest::blocking::Client,
    revocation_endpoint: &str,
    client_id: &str,
    token: &Secret,
    hint: &str,
) -> Result<(), SyncError> {
    let response = http
        .post(revocation_endpoint)
        .form(&[
            ("token", token.expose()),
            ("token_type_hint", hint),
            ("client_id", client_id),
        ])
        .send()
        .map_err(|e| unreachable_sign_in_server(&e))?;
    // RFC 7009 §2.2: 200 whether or not the token was still valid.
    if response.status().is_success() {
        return Ok(());
    }
    let status = response.status().as_u16();
    let why = response
        .json::<Value>()
        .ok()
        .and_then(|v| {
            v.get("error_description")
                .or_else(|| v.get("error"))
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .unwrap_or_else(|| format!("status {status}"));
    Err(SyncError::Unauthorized {
        status,
        text: format!("the sign-in server refused to end the sign-in: {why}"),
    })
}

/// What came back to the loopback address: the code, or the server's refusal.
fn read_callback(stream: &mut TcpStream, state: &str) -> Option<Result<String, String>> {
    let mut line = String::new();
    BufReader::new(&*stream).read_line(&mut line).ok()?;
    let target = line.split_whitespace().nth(1)?;
    let url = reqwest::Url::parse(&format!("http://127.0.0.1{target}")).ok()?;
    if url.path() != "/callback" {
        return None;
    }
    let param = |name: &str| {
        url.query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    };
    if let Some(error) = param("error") {
        let why = param("error_description").unwrap_or(error);
        return Some(Err(why));
    }
    if param("state").as_deref() != Some(state) {
        return Some(Err(
            "the answer did not belong to this sign-in (its state differs)".into(),
        ));
    }
    Some(param("code").ok_or_else(|| "the answer carried no code".to_string()))
}

fn respond(stream: &mut TcpStream, status: &str, body: &str) {
    let page = format!(
        "<!doctype html><meta charset=\"utf-8\"><title>Symptom Diary</title><p style=\"font: 1.4rem sans-serif; max-width: 40rem; margin: 3rem auto\">{}</p>",
        html_escape(body)
    );
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\nCache-Control: no-store\r\n\r\n{page}",
        page.len()
    );
    let _ = stream.flush();
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Accepts connections on the loopback listener until the sign-in's answer comes (other
/// requests, a favicon say, get a 404) or `wait` has passed.
fn wait_for_code(
    listener: &TcpListener,
    state: &str,
    wait: Duration,
    lang: &str,
) -> Result<String, SyncError> {
    listener
        .set_nonblocking(true)
        .map_err(|e| SyncError::Io(e.to_string()))?;
    let deadline = Instant::now() + wait;
    loop {
        match listener.accept() {
            Ok((mut stream, _)) => {
                let _ = stream.set_nonblocking(false);
                let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
                match read_callback(&mut stream, state) {
                    None => respond(&mut stream, "404 Not Found", ""),
                    Some(Ok(code)) => {
                        let words = diary_core::messages::signin_page_words(lang, None);
                        respond(&mut stream, "200 OK", &words);
                        return Ok(code);
                    }
                    Some(Err(why)) => {
                        let words = diary_core::messages::signin_page_words(lang, Some(&why));
                        respond(&mut stream, "400 Bad Request", &words);
                        return Err(SyncError::Unauthorized {
                            status: 400,
                            text: format!("signing in did not work: {why}"),
                        });
                    }
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                if Instant::now() >= deadline {
                    return Err(SyncError::Network(
                        "the sign-in was not finished in the browser in time; try again".into(),
                    ));
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            Err(e) => return Err(SyncError::Io(format!("the sign-in's answer: {e}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Reads `config` and compares the outcome ("ok" or the error's words) with `expect`.
    fn check(config: Value, expect: &str) {
        let got = match parse_configuration(&config) {
            Ok(_) => "ok".to_string(),
            Err(e) => e.to_string(),
        };
        assert!(got.contains(expect), "{config}: {got}");
    }

    #[test]
    fn the_sign_in_configuration_is_read_and_checked() {
        let good = json!({
            "authorization_endpoint": "https://auth.hospital.example/authorize",
            "token_endpoint": "https://auth.hospital.example/token",
            "code_challenge_methods_supported": ["S256"],
            "capabilities": ["launch-standalone", "client-public", "context-standalone-patient"]
        });
        check(good.clone(), "ok");
        let parsed = parse_configuration(&good).unwrap();
        assert_eq!(parsed.capabilities.len(), 3);
        assert_eq!(parsed.revocation_endpoint, None, "optional");
        // Sign-out's revocation endpoint: kept when https (or on this computer), left
        // unused when not, and its absence or fault never stops the sign-in.
        for (revocation, kept) in [
            ("https://auth.hospital.example/revoke", true),
            ("http://127.0.0.1:9000/revoke", true),
            ("http://auth.hospital.example/revoke", false),
            ("revoke", false),
        ] {
            let mut with = good.clone();
            with["revocation_endpoint"] = revocation.into();
            let parsed = parse_configuration(&with).unwrap();
            assert_eq!(
                parsed.revocation_endpoint.as_deref(),
                kept.then_some(revocation),
                "{revocation}"
            );
        }
        // A sign-in server on this computer may use http.
        check(
            json!({"authorization_endpoint": "http://127.0.0.1:9000/auth", "token_endpoint": "http://127.0.0.1:9000/token"}),
            "ok",
        );
        check(
            json!({"token_endpoint": "https://a.example/token"}),
            "has no authorization_endpoint",
        );
        check(
            json!({"authorization_endpoint": "https://a.example/auth"}),
            "has no token_endpoint",
        );
        check(
            json!({"authorization_endpoint": "http://a.example/auth", "token_endpoint": "https://a.example/token"}),
            "is not an https address",
        );
        check(
            json!({"authorization_endpoint": "auth", "token_endpoint": "https://a.example/token"}),
            "which is not an address",
        );
        check(
            json!({"authorization_endpoint": "https://a.example/auth", "token_endpoint": "https://a.example/token",
                   "code_challenge_methods_supported": ["plain"]}),
            "does not offer PKCE with S256",
        );
    }

    #[test]
    fn a_patient_asks_for_their_own_record_only_and_a_clinician_for_no_writes_but_tasks() {
        for scope in Role::Patient.scopes() {
            assert!(
                !scope.starts_with("user/") && !scope.starts_with("system/"),
                "{scope}"
            );
        }
        for scope in Role::Clinician.scopes() {
            assert!(!scope.starts_with("patient/"), "{scope}");
            if let Some(rest) = scope.strip_prefix("user/") {
                let (resource, rights) = rest.split_once('.').unwrap();
                // Reads everywhere; updates only on Tasks (acknowledging an alert).
                assert!(!rights.contains('c') && !rights.contains('d'), "{scope}");
                assert_eq!(rights.contains('u'), resource == "Task", "{scope}");
            }
        }
        assert!(Role::Patient.scopes().contains(&"offline_access"));
    }

    #[test]
    fn the_authorization_address_carries_pkce_state_scopes_and_the_audience() {
        let config = parse_configuration(&json!({
            "authorization_endpoint": "https://auth.hospital.example/authorize",
            "token_endpoint": "https://auth.hospital.example/token"
        }))
        .unwrap();
        let a = begin(
            &config,
            DEFAULT_CLIENT_ID,
            "https://fhir.hospital.example/r4",
            Role::Patient,
        )
        .unwrap();
        let b = begin(
            &config,
            DEFAULT_CLIENT_ID,
            "https://fhir.hospital.example/r4",
            Role::Patient,
        )
        .unwrap();
        let url = reqwest::Url::parse(a.url()).unwrap();
        let q = |k: &str| {
            url.query_pairs()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.into_owned())
        };
        assert_eq!(q("response_type").as_deref(), Some("code"));
        assert_eq!(q("client_id").as_deref(), Some(DEFAULT_CLIENT_ID));
        assert_eq!(q("code_challenge_method").as_deref(), Some("S256"));
        assert_eq!(
            q("aud").as_deref(),
            Some("https://fhir.hospital.example/r4")
        );
        assert!(q("redirect_uri").unwrap().starts_with("http://127.0.0.1:"));
        assert_eq!(q("redirect_uri").as_deref(), Some(a.redirect_uri()));
        assert!(q("scope")
            .unwrap()
            .split(' ')
            .any(|s| s == "launch/patient"));
        // Every sign-in has its own state, challenge and port.
        let other = reqwest::Url::parse(b.url()).unwrap();
        let qb = |k: &str| {
            other
                .query_pairs()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.into_owned())
        };
        assert_ne!(q("state"), qb("state"));
        assert_ne!(q("code_challenge"), qb("code_challenge"));
        assert_ne!(a.redirect_uri(), b.redirect_uri());
    }

    #[test]
    fn the_loopback_answer_must_carry_this_sign_ins_state() {
        let listener = TcpListener::bind(("127.0.0.1", 0)).unwrap();
        let port = listener.local_addr().unwrap().port();
        let send = move |target: &'static str| {
            std::thread::spawn(move || {
                let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
                write!(s, "GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
                let mut page = String::new();
                let _ = std::io::Read::read_to_string(&mut s, &mut page);
                page
            })
        };
        // A favicon first (ignored), then the answer with the wrong state.
        let favicon_then_wrong = std::thread::spawn(move || {
            let favicon = send("/favicon.ico").join().unwrap();
            (
                favicon,
                send("/callback?code=abc&state=other").join().unwrap(),
            )
        });
        let got = wait_for_code(&listener, "mine", Duration::from_secs(20), "ru");
        let (favicon, page) = favicon_then_wrong.join().unwrap();
        assert!(favicon.starts_with("HTTP/1.1 404"), "{favicon}");
        assert!(page.starts_with("HTTP/1.1 400"), "{page}");
        assert!(page.contains("Войти не удалось"), "{page}");
        assert!(got.unwrap_err().to_string().contains("state differs"));
        // The right state gives the code, and a page saying it is done.
        let right = send("/callback?code=abc&state=mine");
        let got = wait_for_code(&listener, "mine", Duration::from_secs(20), "en");
        assert_eq!(got.unwrap(), "abc");
        assert!(right.join().unwrap().contains("You are signed in"));
        // The server's refusal, in its words.
        let refused =
            send("/callback?error=access_denied&error_description=the+user+said+no&state=mine");
        let got = wait_for_code(&listener, "mine", Duration::from_secs(20), "en");
        assert!(got.unwrap_err().to_string().contains("the user said no"));
        refused.join().unwrap();
    }
}
