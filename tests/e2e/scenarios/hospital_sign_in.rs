//! SMART on FHIR sign-in from the app, against a real OpenID Connect provider and hfs
//! behind the recording proxy: the connection screen's "Sign in with the hospital account"
//! shows the hospital's sign-in address (the test plays the browser on the provider's own
//! pages), then "Signed in as Patient/pat-alice"; the sign-in is kept in the Secret
//! Service (no file), every request after it carries the signed-in token, a red alert
//! goes with it, and "Sign out" forgets it.

use crate::care_team::{connection_screen_on, hospital_patient, red_alerts_sent};
use crate::checks::axe;
use crate::driver::{config_home, Driver, Session};
use crate::fhir;
use crate::screens::{daily_report, wait_text_within};
use crate::support::{app, screenshots, skip};
use std::path::Path;
use std::time::{Duration, Instant};

pub fn run(dir: &Path) {
    let hfs = match fhir::start_or_skip(fhir_test_server::Server::Hfs) {
        Some(hfs) => hfs,
        None => return skip("the hospital sign-in: the FHIR server hfs is not installed (run scripts/fhir-setup.sh)"),
    };
    let proxy = fhir_test_server::Proxy::start(hfs.port());
    let url = proxy.base();
    // The provider issues its tokens for the address the app uses (the proxy's).
    let oidc = match fhir::or_skip(fhir_test_server::Oidc::start(&url)) {
        Some(oidc) => oidc,
        None => return skip("the hospital sign-in: the OpenID Connect provider is not installed (run scripts/fhir-setup.sh)"),
    };
    hospital_patient(
        &hfs.base(),
        "MRN-SMART-1",
        "Aziza",
        "Yusupova",
        "1965-08-14",
    );
    let file = dir.join("sign-in.sqlite");
    let _driver = Driver::start(&file);
    let s = Session::new(&app());
    connection_screen_on(&s, &url);
    s.type_into("#sync-patient", "MRN-SMART-1");
    s.click("#save-sync");
    s.find("#sync-saved");
    wait_text_within(
        &s,
        Duration::from_secs(60),
        "#sign-in-who",
        "Not signed in.",
    );
    // "Is this you?" comes from the server too, above the sign-in: wait for it, so that it
    // does not move what the test clicks next.
    wait_text_within(
        &s,
        Duration::from_secs(60),
        "#patient-check",
        "Is this you? Aziza Yusupova, born 1965.",
    );
    assert!(
        proxy
            .authorizations
            .lock()
            .unwrap()
            .iter()
            .all(Option::is_none),
        "a token was sent before signing in"
    );
    // hfs names no sign-in server: the care team gave the patient its address.
    s.click("#hospital-sign-in details summary");
    s.type_into("#sign-in-issuer-patient", &oidc.issuer());
    axe(&s, "care team connection, hospital sign-in");
    s.click("#sign-in");
    wait_text_within(&s, Duration::from_secs(60), "#sign-in-url", "http");
    let address = s.text("#sign-in-url");
    assert!(
        address.starts_with(&oidc.issuer()),
        "the sign-in page is not the provider's: {address}"
    );
    axe(&s, "care team connection, waiting for the browser");
    // The test is the browser: the provider's login and consent pages, then the app's
    // loopback address.
    let came_back_to = oidc.sign_in_as(&address, "alice", true);
    assert!(
        came_back_to.starts_with("http://127.0.0.1:"),
        "{came_back_to}"
    );
    wait_text_within(
        &s,
        Duration::from_secs(60),
        "#sign-in-who",
        "Signed in as Patient/pat-alice",
    );
    s.screenshot(&screenshots().join("hospital-sign-in.png"));
    // From here on (the sign-in's own discovery asked the server without a token).
    let before = proxy.authorizations.lock().unwrap().len();
    // Kept in the Secret Service, not in a file beside the config.
    let kept = std::process::Command::new("secret-tool")
        .args([
            "search",
            "--all",
            "service",
            diary_sync::session::SESSION_SERVICE,
        ])
        .output();
    match kept {
        // Never printed: the entry holds the refresh token. (secret-tool prints the
        // attributes on standard error.)
        Ok(out) if out.status.success() => assert!(
            String::from_utf8_lossy(&out.stderr).contains(&format!(
                "attribute.service = {}",
                diary_sync::session::SESSION_SERVICE
            )),
            "the Secret Service holds no sign-in"
        ),
        Ok(out) => skip(&format!(
            "no sign-in found in a Secret Service (secret-tool: status {})",
            out.status
        )),
        Err(e) => skip(&format!("secret-tool cannot run: {e}")),
    }
    let files: Vec<_> = std::fs::read_dir(config_home(&file).join("symptom-diary"))
        .map(|d| d.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    // (A refresh's lock file, `smart-….lock`, holds no token.)
    assert!(
        !files.iter().any(|f| {
            let f = f.to_string_lossy();
            f.starts_with("smart-") && f.ends_with(".json")
        }),
        "the sign-in was written to a file although the keyring is there: {files:?}"
    );
    // "Is this you?" is asked with the signed-in token; then a red alert goes with it.
    wait_text_within(
        &s,
        Duration::from_secs(60),
        "#patient-check",
        "Is this you? Aziza Yusupova, born 1965.",
    );
    s.click("#patient-yes");
    wait_text_within(
        &s,
        Duration::from_secs(60),
        "#patient-check",
        "Your reports go to your care team's record for Aziza Yusupova, born 1965.",
    );
    assert_eq!(daily_report(&s, None, Some("shivering")), "red");
    let started = Instant::now();
    while red_alerts_sent(&file) == 0 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the red alert was not sent within 60 s with the signed-in token"
        );
        std::thread::sleep(Duration::from_millis(250));
    }
    let after: Vec<Option<String>> = proxy.authorizations.lock().unwrap()[before..].to_vec();
    assert!(
        !after.is_empty(),
        "nothing reached the server after signing in"
    );
    assert!(
        after
            .iter()
            .all(|a| a.as_deref().is_some_and(|a| a.starts_with("Bearer ey"))),
        "a request after signing in went without the signed-in token"
    );
    eprintln!(
        "{} requests after signing in, each with the signed-in token",
        after.len()
    );
    // Sign out: forgotten.
    s.click("#go-home");
    s.click("#go-settings");
    s.click("#go-connection");
    wait_text_within(
        &s,
        Duration::from_secs(60),
        "#patient-check",
        "Your reports go to your care team's record",
    );
    wait_text_within(&s, Duration::from_secs(60), "#sign-in-who", "Signed in as");
    s.click("#sign-out");
    wait_text_within(
        &s,
        Duration::from_secs(60),
        "#sign-in-who",
        "Not signed in.",
    );
    // Ended at the provider too (it offers revocation), and said so.
    wait_text_within(
        &s,
        Duration::from_secs(60),
        "#signed-out-at-server",
        "The hospital's sign-in server has ended this sign-in too.",
    );
}
