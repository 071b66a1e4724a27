//! The diary as FHIR R4 resources: pure functions from saved reports, lab results and
//! alerts to JSON resources and transaction-bundle entries, and back from the server's
//! Tasks to inbox items. It exists so that what the care team's server receives is decided
//! in one place, without a network or a clock (time is a parameter), and can be pinned by
//! golden-JSON tests (`golden.rs`, files in `golden/`).
//!
//! Choices, written down in `docs/fhir.md`:
//! - a report is a panel Observation (category `survey`, `hasMember` → one Observation per
//!   item asked); temperature and weight carry LOINC codes and UCUM units, the rest the
//!   project's CodeSystem [`CS_ITEM`], because LOINC has no code for this app's 0–4 items;
//! - a lab result is a `laboratory` Observation with its LOINC code, UCUM unit and the
//!   lab's reference range;
//! - an alert is a Task (searchable by `status` and `priority`), `focus` on the report's
//!   panel, `input` naming the Observations that triggered it;
//! - a week is a DiagnosticReport whose `result` lists the week's panels;
//! - a weekly check-in is a QuestionnaireResponse (the items asked, with the PHQ-2 and
//!   GAD-2 totals), and its alerts Tasks whose `focus` is that response.
//!
//! Every resource carries a business identifier. Observations and DiagnosticReports get a
//! client-assigned id (a UUID v5 of that identifier) and are sent with `PUT`, so a second
//! send rewrites the same resource; Tasks are sent with `POST` + `ifNoneExist`, so a second
//! send never overwrites a clinician's acknowledgement.
//!
//! This file holds what every resource shares (the project's canonical URLs, identifier
//! systems, [`Entry`], [`resource_id`], search escaping, the transaction bundle, its
//! Provenance and the Patient); the rest
//! is split by direction and subject:
//! - `report`: reports, lab results and weekly summaries as Observations and
//!   DiagnosticReports;
//! - `task`: alerts as Tasks, and a Task after the care team's steps (seen, closed);
//! - `checkin`: weekly check-ins as QuestionnaireResponses, and their alerts as Tasks;
//! - `followup`: answers to "Did you reach your care team?" as Communications about the
//!   alerts' Tasks;
//! - `no_report`: A-NO-REPORT (no report for 3 days) as a Task with no `focus`;
//! - `read`: reading the server's resources back (Tasks as inbox items, Observations in
//!   words, OperationOutcomes in words).

mod checkin;
mod followup;
mod no_report;
mod read;
mod report;
mod task;

#[cfg(test)]
mod golden;

pub use checkin::*;
pub use followup::*;
pub use no_report::*;
pub use read::*;
pub use report::*;
pub use task::*;

use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};
use diary_core::store::PatientIdentifier;
use serde_json::{json, Value};

/// The project's canonical base. Canonical URLs are names, not addresses: they never change.
pub const CANONICAL_BASE: &str = "https://fhir.symptom-diary.org";
/// The project's CodeSystem for diary items, the report panel and the weekly summary.
pub const CS_ITEM: &str = "https://fhir.symptom-diary.org/CodeSystem/diary-item";
/// The triage rules (`R-FEVER`, …) of the clinical reference.
pub const CS_RULE: &str = "https://fhir.symptom-diary.org/CodeSystem/triage-rule";
/// The subject of an alert (`temperature`, `liver`, …).
pub const CS_SUBJECT: &str = "https://fhir.symptom-diary.org/CodeSystem/alert-subject";
/// The triage level of a report (`red`, `amber`, `green`, `none`).
pub const CS_LEVEL: &str = "https://fhir.symptom-diary.org/CodeSystem/triage-level";
/// What a Task asks of the care team: review an alert.
pub const TASK_CODE: &str = "review-alert";

/// Business identifier systems.
pub const SID_REPORT: &str = "https://fhir.symptom-diary.org/sid/report";
pub const SID_REPORT_ITEM: &str = "https://fhir.symptom-diary.org/sid/report-item";
pub const SID_LAB: &str = "https://fhir.symptom-diary.org/sid/lab";
pub const SID_ALERT: &str = "https://fhir.symptom-diary.org/sid/alert";
pub const SID_SUMMARY: &str = "https://fhir.symptom-diary.org/sid/weekly-summary";
/// The app as a device: `symptom-diary/<version>`.
pub const SID_SOFTWARE: &str = "https://fhir.symptom-diary.org/sid/software";
/// The names of a Provenance's ids (a Provenance has no business identifier).
pub const SID_PROVENANCE: &str = "https://fhir.symptom-diary.org/sid/provenance";
pub const PARTICIPANT_TYPE: &str =
    "http://terminology.hl7.org/CodeSystem/provenance-participant-type";
pub const LOINC: &str = "http://loinc.org";
pub const UCUM: &str = "http://unitsofmeasure.org";
pub const OBS_CATEGORY: &str = "http://terminology.hl7.org/CodeSystem/observation-category";
pub const INTERPRETATION: &str =
    "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";

/// How a resource is written to the server.
#[derive(Debug, Clone, PartialEq)]
pub enum Write {
    /// `PUT Type/id`: create or replace the resource with this client-assigned id.
    Put,
    /// `POST Type` with `ifNoneExist: identifier=system|value`: create once, never overwrite.
    CreateOnce,
    /// A record of the sending itself (the bundle's Provenance, which has no business
    /// identifier to write it conditionally by): `PUT Type/id` where the server takes the
    /// client's ids, else a plain `POST Type`.
    Record,
}

/// How a [`Write::Put`] entry is requested, as the server's CapabilityStatement allows
/// (chosen by `capability`; Tasks are always created once, whatever it says).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PutAs {
    /// `PUT Type/id` (update as create, the client's id).
    #[default]
    Id,
    /// `PUT Type?identifier=system|value` (conditional update): the server's id.
    Identifier,
    /// `POST Type` + `ifNoneExist` (conditional create): the server's id.
    CreateOnce,
}

/// One entry of a transaction bundle.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub resource: Value,
    pub write: Write,
}

impl Entry {
    pub fn resource_type(&self) -> &str {
        self.resource["resourceType"].as_str().unwrap_or("")
    }

    pub fn id(&self) -> &str {
        self.resource["id"].as_str().unwrap_or("")
    }

    /// The first business identifier as `system|value`.
    pub fn identifier(&self) -> String {
        let i = &self.resource["identifier"][0];
        format!(
            "{}|{}",
            i["system"].as_str().unwrap_or(""),
            i["value"].as_str().unwrap_or("")
        )
    }

    /// The `ifNoneExist` query of a create-once entry: its first business identifier,
    /// escaped and URL-encoded ([`if_none_exist`]).
    pub fn if_none_exist(&self) -> String {
        let i = &self.resource["identifier"][0];
        if_none_exist(
            i["system"].as_str().unwrap_or(""),
            i["value"].as_str().unwrap_or(""),
        )
    }
}

/// One part of a search parameter's value with FHIR search escaping: `\`, `,`, `$` and
/// `|` get a backslash, so an identifier holding them is searched as itself.
pub fn search_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | ',' | '$' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A token search value `system|value`, each part escaped ([`search_escape`]). For a
/// query built by the HTTP client, which URL-encodes it.
pub fn token_param(system: &str, value: &str) -> String {
    format!("{}|{}", search_escape(system), search_escape(value))
}

/// Percent-encodes everything but the unreserved characters (RFC 3986).
pub fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A create-once condition, `identifier=` and the escaped token, URL-encoded: a query
/// string as `ifNoneExist` and `If-None-Exist` carry it.
pub fn if_none_exist(system: &str, value: &str) -> String {
    format!("identifier={}", url_encode(&token_param(system, value)))
}

/// The client-assigned id of a resource with business identifier `system|value`: a UUID v5,
/// so the same identifier always gives the same id, on every computer.
pub fn resource_id(system: &str, value: &str) -> String {
    uuid::Uuid::new_v5(
        &uuid::Uuid::NAMESPACE_URL,
        format!("{system}|{value}").as_bytes(),
    )
    .to_string()
}

fn identifier(system: &str, value: &str) -> Value {
    json!([{ "system": system, "value": value }])
}

fn instant(t: &DateTime<FixedOffset>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, false)
}

fn utc_instant(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

fn category(code: &str, display: &str) -> Value {
    json!({ "coding": [{ "system": OBS_CATEGORY, "code": code, "display": display }] })
}

fn item_code(code: &str, display: &str) -> Value {
    json!({ "coding": [{ "system": CS_ITEM, "code": code, "display": display }], "text": display })
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// The minimal Patient created when the care team's server has none with the identifier:
/// the identifier only, no name or other data.
pub fn patient_resource(id: &PatientIdentifier) -> Value {
    json!({
        "resourceType": "Patient",
        "identifier": [{ "system": id.system, "value": id.value }],
        "active": true
    })
}

fn without_id(resource: &Value) -> Value {
    let mut r = resource.clone();
    if let Some(o) = r.as_object_mut() {
        o.remove("id");
    }
    r
}

/// The Provenance of one bundle: its `target`s are the bundle's resources (by reference
/// for those written with `PUT`, by business identifier for Tasks, whose server id the
/// app does not choose), `recorded` is `now`, and its agents are the author(s) who
/// reported (the patient, or a caregiver as a RelatedPerson acting for the patient) and
/// the app that assembled the resources, as a Device named by its version. Its id comes
/// from the targets, so sending the same bundle again rewrites the same Provenance.
pub fn provenance_entry(
    entries: &[Entry],
    authors: &[diary_core::model::Reporter],
    patient_ref: &str,
    app_version: &str,
    now: DateTime<Utc>,
) -> Entry {
    use diary_core::model::Reporter;
    let mut names = Vec::new();
    let targets: Vec<Value> = entries
        .iter()
        .map(|e| {
            let ty = e.resource_type();
            match e.write {
                Write::Put | Write::Record => {
                    names.push(format!("{ty}/{}", e.id()));
                    json!({ "reference": format!("{ty}/{}", e.id()) })
                }
                Write::CreateOnce => {
                    let i = &e.resource["identifier"][0];
                    names.push(format!("{ty}?{}", e.identifier()));
                    json!({ "type": ty, "identifier": { "system": i["system"], "value": i["value"] } })
                }
            }
        })
        .collect();
    let mut authors: Vec<Reporter> = authors.to_vec();
    authors.sort_by_key(|r| r.as_str());
    authors.dedup();
    if authors.is_empty() {
        authors.push(Reporter::Patient);
    }
    let role = |code: &str, display: &str| json!({ "coding": [{ "system": PARTICIPANT_TYPE, "code": code, "display": display }] });
    let mut agents: Vec<Value> = authors
        .iter()
        .map(|r| match r {
            Reporter::Patient => json!({
                "type": role("author", "Author"),
                "who": { "reference": patient_ref }
            }),
            Reporter::Caregiver => json!({
                "type": role("author", "Author"),
                "who": { "type": "RelatedPerson", "display": "caregiver" },
                "onBehalfOf": { "reference": patient_ref }
            }),
        })
        .collect();
    agents.push(json!({
        "type": role("assembler", "Assembler"),
        "who": {
            "type": "Device",
            "identifier": { "system": SID_SOFTWARE, "value": format!("symptom-diary/{app_version}") },
            "display": format!("Symptom Diary {app_version}")
        }
    }));
    names.sort();
    let id = resource_id(SID_PROVENANCE, &names.join(" "));
    Entry {
        resource: json!({
            "resourceType": "Provenance",
            "id": id,
            "target": targets,
            "recorded": utc_instant(&now),
            "agent": agents
        }),
        write: Write::Record,
    }
}

/// A transaction bundle of `entries`; `base` is the server's base URL (for `fullUrl`).
pub fn transaction(entries: &[Entry], base: &str) -> Value {
    transaction_with(entries, base, PutAs::Id)
}

/// [`transaction`] with the [`PutAs`] the server's CapabilityStatement allows.
pub fn transaction_with(entries: &[Entry], base: &str, put_as: PutAs) -> Value {
    let base = base.trim_end_matches('/');
    let list: Vec<Value> = entries
        .iter()
        .map(|e| {
            let ty = e.resource_type();
            let id = e.id();
            let write = match (&e.write, put_as) {
                (Write::Put, PutAs::CreateOnce) => Write::CreateOnce,
                (Write::Record, PutAs::Id) => Write::Put,
                (w, _) => w.clone(),
            };
            match write {
                Write::Record => json!({
                    "fullUrl": format!("urn:uuid:{id}"),
                    "resource": without_id(&e.resource),
                    "request": { "method": "POST", "url": ty }
                }),
                Write::Put if put_as == PutAs::Identifier => json!({
                    "fullUrl": format!("urn:uuid:{id}"),
                    "resource": without_id(&e.resource),
                    "request": {
                        "method": "PUT",
                        "url": format!("{ty}?identifier={}", e.identifier())
                    }
                }),
                Write::Put => json!({
                    "fullUrl": format!("{base}/{ty}/{id}"),
                    "resource": e.resource,
                    "request": { "method": "PUT", "url": format!("{ty}/{id}") }
                }),
                Write::CreateOnce => {
                    let mut r = e.resource.clone();
                    if let Some(o) = r.as_object_mut() {
                        o.remove("id");
                    }
                    json!({
                        "fullUrl": format!("urn:uuid:{id}"),
                        "resource": r,
                        "request": {
                            "method": "POST",
                            "url": ty,
                            "ifNoneExist": e.if_none_exist()
                        }
                    })
                }
            }
        })
        .collect();
    json!({ "resourceType": "Bundle", "type": "transaction", "entry": list })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `check(system, value, search parameter, ifNoneExist)`.
    #[track_caller]
    fn check(system: &str, value: &str, param: &str, condition: &str) {
        assert_eq!(token_param(system, value), param, "{system}|{value}");
        assert_eq!(if_none_exist(system, value), condition, "{system}|{value}");
    }

    #[test]
    fn identifiers_are_escaped_in_searches_and_url_encoded_in_conditions() {
        check(
            "urn:oid:1.2",
            "7",
            "urn:oid:1.2|7",
            "identifier=urn%3Aoid%3A1.2%7C7",
        );
        check("s", "a,b", "s|a\\,b", "identifier=s%7Ca%5C%2Cb");
        check("s", "a|b", "s|a\\|b", "identifier=s%7Ca%5C%7Cb");
        check("s", "$1", "s|\\$1", "identifier=s%7C%5C%241");
        check("s", "a\\b", "s|a\\\\b", "identifier=s%7Ca%5C%5Cb");
        check("s", "a&b=c d", "s|a&b=c d", "identifier=s%7Ca%26b%3Dc%20d");
        check("s", "Ё", "s|Ё", "identifier=s%7C%D0%81");
    }
}
