//! A transaction bundle and its Provenance: the entries the other files of the mapping
//! made, assembled as the server's capabilities allow ([`PutAs`]), with a Provenance
//! naming who reported and the app that sent them.

use super::common::*;
use chrono::{DateTime, Utc};
use serde_json::{json, Value};

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
