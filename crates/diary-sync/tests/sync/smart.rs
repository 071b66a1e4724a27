//! SMART on FHIR sign-in against a real OpenID Connect provider (oidc-provider, started by
//! `fhir_test_server::Oidc`) and the real hfs: discovery, the browser's round trip through
//! the provider's sign-in pages to the app's loopback address, the code exchanged with
//! PKCE, the patient in context, a refresh, a sync with the signed-in token, and a refused
//! consent in plain words.
//!
//! What these servers cannot show: hfs checks no token at all, so "a patient token cannot
//! read another patient's data" is enforced by neither test server. What is tested here
//! is the client's side of it: the patient's token is asked for `patient/…` scopes only,
//! is issued for the FHIR server as its audience, and names the patient it is for;
//! docs/fhir.md says what a hospital's server must enforce.

use diary_sync::smart::{self, Role};
use fhir_test_server::{Hfs, Oidc};
use std::time::Duration;

fn http() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap()
}

/// The claims of a JWT access token (read, not verified: the resource server verifies).
fn claims(jwt: &str) -> serde_json::Value {
    use base64::Engine;
    let payload = jwt.split('.').nth(1).expect("a JWT");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

#[test]
fn a_patient_signs_in_with_pkce_through_the_loopback_address_and_syncs() {
    let hfs = fhir_test_server::start_or_skip!(Hfs::start());
    let base = hfs.base();
    let oidc = fhir_test_server::start_or_skip!(Oidc::start(&base));
    let http = http();
    // hfs publishes a SMART configuration for back-end services only (no authorization
    // endpoint), so the sign-in server's own configuration is used.
    let config = smart::discover(&http, &base, Some(&oidc.issuer())).unwrap();
    assert!(config.authorization_endpoint.starts_with(&oidc.issuer()));

    let sign_in = smart::begin(&config, smart::DEFAULT_CLIENT_ID, &base, Role::Patient).unwrap();
    let url = sign_in.url().to_string();
    // The user's browser, on its own thread, while the app waits at its loopback address.
    let tokens = std::thread::scope(|s| {
        let user = s.spawn(|| oidc.sign_in_as(&url, "alice", true));
        let tokens = sign_in.finish(&http, Duration::from_secs(60), "en");
        let came_back_to = user.join().unwrap();
        assert!(came_back_to.starts_with("http://127.0.0.1:"));
        tokens
    })
    .unwrap();
    assert_eq!(tokens.patient.as_deref(), Some("pat-alice"));
    let refresh = tokens
        .refresh
        .clone()
        .expect("offline_access gives a refresh token");
    let c = claims(tokens.access.expose());
    assert_eq!(c["aud"], base.as_str(), "the token is for this FHIR server");
    assert_eq!(c["patient"], "pat-alice");
    let granted: Vec<&str> = c["scope"].as_str().unwrap().split(' ').collect();
    assert!(
        granted.contains(&"patient/Observation.cruds"),
        "{granted:?}"
    );
    assert!(
        granted.iter().all(|s| !s.starts_with("user/")),
        "a patient is never given user scopes: {granted:?}"
    );

    // A refresh gives a new access token for the same patient.
    let again = smart::refresh(&http, &config, smart::DEFAULT_CLIENT_ID, &refresh).unwrap();
    assert_ne!(again.access.expose(), tokens.access.expose());
    assert_eq!(claims(again.access.expose())["patient"], "pat-alice");

    // The signed-in token carries a sync.
    let dir = tempfile::tempdir().unwrap();
    let mut diary = super::diary_of(3, &dir.path().join("diary.sqlite"));
    let mut cfg = super::config(&base, "MRN-SMART");
    cfg.token = Some(again.access.clone());
    let report = diary_sync::sync_now(&mut diary, &cfg, super::now()).unwrap();
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert!(!report.sent.is_empty());
}

#[test]
fn a_refused_consent_is_said_in_plain_words_and_gives_no_token() {
    let hfs = fhir_test_server::start_or_skip!(Hfs::start());
    let base = hfs.base();
    let oidc = fhir_test_server::start_or_skip!(Oidc::start(&base));
    let http = http();
    let config = smart::discover(&http, &base, Some(&oidc.issuer())).unwrap();
    let sign_in = smart::begin(&config, smart::DEFAULT_CLIENT_ID, &base, Role::Patient).unwrap();
    let url = sign_in.url().to_string();
    let result = std::thread::scope(|s| {
        let user = s.spawn(|| oidc.sign_in_as(&url, "alice", false));
        let result = sign_in.finish(&http, Duration::from_secs(60), "ru");
        user.join().unwrap();
        result
    });
    let error = result.unwrap_err();
    assert_eq!(error.code().as_str(), "unauthorized");
    assert!(error.to_string().contains("aborted"), "{error}");

    // Without the issuer, hfs's configuration (back-end services only) is refused in words.
    let none = smart::discover(&http, &base, None).unwrap_err();
    assert!(
        none.to_string().contains("has no authorization_endpoint"),
        "{none}"
    );
}
