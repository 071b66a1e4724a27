//! What every FHIR resource of the diary shares: the project's canonical URLs and
//! identifier systems, how an entry is written ([`Write`], [`PutAs`], [`Entry`]), resource
//! ids made from business identifiers, search escaping, and the small JSON pieces
//! (identifiers, instants, codings). The bottom of the mapping: every other file of it
//! reads these, and this file reads none of them.

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

pub(super) fn identifier(system: &str, value: &str) -> Value {
    json!([{ "system": system, "value": value }])
}

pub(super) fn instant(t: &DateTime<FixedOffset>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, false)
}

pub(super) fn utc_instant(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

pub(super) fn category(code: &str, display: &str) -> Value {
    json!({ "coding": [{ "system": OBS_CATEGORY, "code": code, "display": display }] })
}

pub(super) fn item_code(code: &str, display: &str) -> Value {
    json!({ "coding": [{ "system": CS_ITEM, "code": code, "display": display }], "text": display })
}

pub(super) fn capitalised(s: &str) -> String {
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

pub(super) fn without_id(resource: &Value) -> Value {
    let mut r = resource.clone();
    if let Some(o) = r.as_object_mut() {
        o.remove("id");
    }
    r
}

/// Whether a resource (a Communication) is of this app's category `code` (of [`CS_ITEM`]).
pub fn is_of_category(c: &Value, code: &str) -> bool {
    c["category"].as_array().is_some_and(|cats| {
        cats.iter().any(|cat| {
            cat["coding"].as_array().is_some_and(|l| {
                l.iter()
                    .any(|x| x["system"] == CS_ITEM && x["code"] == code)
            })
        })
    })
}
