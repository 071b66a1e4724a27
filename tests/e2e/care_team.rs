//! What the care-team scenarios against a real FHIR server share: the red alerts the diary
//! recorded as sent, the hospital's Patient record made on the server, and the connection
//! screen filled in for a server.

use crate::driver::Session;
use crate::screens::{first_run, wait_h1};
use crate::support::db;
use serde_json::json;
use std::path::Path;

/// How many red alerts of the diary `file` have reached the care team's server.
pub fn red_alerts_sent(file: &Path) -> i64 {
    db(file)
        .query_row(
            "SELECT count(*) FROM outbox o JOIN alerts a ON o.kind = 'alert' AND a.id = o.ref_id
             WHERE a.level = 'red' AND o.sent_utc IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

/// The hospital's own record of a patient on the server at `base` (the app only finds
/// it, by the hospital number).
pub fn hospital_patient(base: &str, mrn: &str, given: &str, family: &str, born: &str) {
    let patient = json!({
        "resourceType": "Patient",
        "identifier": [{ "system": diary_core::store::DEFAULT_PATIENT_SYSTEM, "value": mrn }],
        "name": [{ "given": [given], "family": family }],
        "birthDate": born
    });
    let created = ureq::post(&format!("{base}/Patient"))
        .set("Content-Type", "application/fhir+json")
        .send_string(&patient.to_string())
        .expect("the hospital's Patient is created");
    assert_eq!(created.status(), 201);
}

/// A new diary's first run, then its care-team connection screen with sync turned on and
/// the server address typed (not saved yet).
pub fn connection_screen_on(s: &Session, server: &str) {
    first_run(s, true);
    s.click("#go-settings");
    s.click("#go-connection");
    wait_h1(s, "Care team connection");
    s.click("#sync-on");
    s.type_into("#sync-server", server);
}
