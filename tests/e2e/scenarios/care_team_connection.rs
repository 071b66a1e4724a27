//! The care-team connection: off by default; `http://example.org` is refused (https is
//! required) and nothing is saved, not even the token; a saved token is never shown back,
//! is kept outside the diary file (mode 0600) and can be removed; "Send now" while off is
//! explained; the clinician inbox explains a server that cannot be reached.

use crate::checks::axe;
use crate::driver::{config_home, Driver, Session};
use crate::fhir;
use crate::screens::{error_details, first_run, settled, wait_h1, wait_text, wait_text_within};
use crate::support::{app, screenshots};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub fn run(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let file = dir.join("connection.sqlite");
    let token_file = config_home(&file).join("symptom-diary/fhir-token");
    let _driver = Driver::start(&file);
    let s = Session::new(&app());
    first_run(&s, false);
    s.click("#go-settings");
    wait_h1(&s, "Settings");
    s.find("#fever-threshold");
    axe(&s, "settings with the care-team setting");
    s.click("#go-connection");
    wait_h1(&s, "Care team connection");
    wait_text(
        &s,
        "#sync-status",
        "The connection is off. Nothing is sent.",
    );
    wait_text(&s, "#token-state", "No access token is saved.");
    axe(&s, "care team connection");

    s.click("#sync-on");
    s.type_into("#sync-server", "http://example.org");
    s.type_into("#sync-patient", "MRN-E2E-1");
    s.type_into("#sync-token", TOKEN);
    s.click("#save-sync");
    wait_text(
        &s,
        "#sync-form .error",
        "Please check this answer: Care team's server address.",
    );
    let words = s.text("#sync-form .error");
    eprintln!("http://example.org: {words}");
    let details = error_details(&s, "#sync-form");
    assert!(details.contains("https"), "{details}");
    assert!(!token_file.exists(), "a refused form saved the token");
    axe(&s, "care team connection with an error");

    // A good address, the connection left off: nothing leaves the computer.
    s.click("#sync-on");
    s.type_into("#sync-server", "https://fhir.example.org/r4");
    s.type_into("#sync-token", TOKEN);
    s.click("#save-sync");
    s.find("#sync-saved");
    wait_text(&s, "#token-state", "An access token is saved.");
    let shown = |s: &Session| {
        s.exec(
            "return document.documentElement.outerHTML.includes(arguments[0])
                 || [...document.querySelectorAll('input')].some(i => i.value.includes(arguments[0]));",
            json!([TOKEN]),
        )
    };
    assert_eq!(shown(&s), json!(false), "the token is shown back");
    // Kept outside the diary, for this server's origin only.
    assert_eq!(
        std::fs::read_to_string(&token_file).unwrap(),
        format!("origin https://fhir.example.org:443\n{TOKEN}\n")
    );
    let mode = std::fs::metadata(&token_file).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "token file mode {mode:o}");
    for part in ["", "-wal"] {
        let mut name = file.as_os_str().to_owned();
        name.push(part);
        let bytes = std::fs::read(PathBuf::from(name)).unwrap_or_default();
        assert!(
            !bytes.windows(TOKEN.len()).any(|w| w == TOKEN.as_bytes()),
            "the token is in the diary file{part}"
        );
    }
    axe(&s, "care team connection with a saved token");
    s.exec("window.scrollTo(0, 0);", json!([]));
    s.screenshot(&screenshots().join("care-team-connection.png"));

    // Coming back: still only "a token is saved".
    s.click("#back-to-settings");
    wait_h1(&s, "Settings");
    s.click("#go-connection");
    wait_text(&s, "#token-state", "An access token is saved.");
    assert_eq!(shown(&s), json!(false), "the token is shown back");
    assert_eq!(
        s.exec(
            "return document.querySelector('#sync-server').value;",
            json!([])
        ),
        json!("https://fhir.example.org/r4")
    );

    // "Send now" while the connection is off says so.
    s.click("#sync-now");
    wait_text(&s, "#sync-form .error", "The care team connection is off.");

    // A new server address forgets the old server's token: it is never sent elsewhere.
    s.type_into("#sync-server", "https://another-hospital.example.org/fhir");
    s.click("#save-sync");
    s.find("#sync-saved");
    wait_text(&s, "#token-state", "No access token is saved.");
    assert!(!token_file.exists(), "the old server's token is kept");

    // Save a token again, then remove it.
    s.type_into("#sync-token", TOKEN);
    s.click("#save-sync");
    wait_text(&s, "#token-state", "An access token is saved.");
    s.click("#remove-token");
    wait_text(&s, "#token-state", "No access token is saved.");
    assert!(!token_file.exists(), "the token file is still there");

    // The clinician's console with a server that is not there (a closed port here): the
    // patient panel and the open alerts both say so, with the way to the settings.
    let port = fhir::free_port();
    s.type_into("#sync-server", &format!("http://127.0.0.1:{port}/fhir"));
    s.click("#save-sync");
    s.find("#sync-saved");
    s.click("#back-to-settings");
    s.click("#go-inbox");
    wait_h1(&s, "Care team console");
    wait_text_within(
        &s,
        Duration::from_secs(90),
        "#panel-list .error",
        "could not be reached",
    );
    s.find("#panel-list #inbox-to-connection");
    eprintln!("console, server stopped: {}", s.text("#panel-list"));
    axe(&s, "care team console, server unreachable");
    settled(&s);
    s.click("#tab-alerts");
    wait_text_within(
        &s,
        Duration::from_secs(90),
        "#inbox-list .error",
        "could not be reached",
    );
    axe(&s, "care team inbox, server unreachable");

    // 200 % text: the new screens do not overflow sideways.
    let fits = "document.documentElement.style.fontSize = '250%';
                return document.documentElement.scrollWidth <= window.innerWidth + 1;";
    assert_eq!(s.exec(fits, json!([])), json!(true), "the inbox overflows");
    s.click("#back-to-settings");
    wait_h1(&s, "Settings");
    assert_eq!(s.exec(fits, json!([])), json!(true), "settings overflow");
    s.click("#go-connection");
    s.find("#token-state");
    assert_eq!(
        s.exec(fits, json!([])),
        json!(true),
        "the connection screen overflows"
    );
    s.click("#go-home");
    s.click("#go-labs");
    s.find("input[name=\"lab-test\"]");
    assert_eq!(
        s.exec(fits, json!([])),
        json!(true),
        "the lab results screen overflows"
    );
}

pub const TOKEN: &str = "e2e-s3cret-token-5f1c";
