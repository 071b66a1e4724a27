//! What the care team's server can take, read from its CapabilityStatement
//! (`GET [base]/metadata`) before the first sync, and how the diary then writes to it. It
//! exists because servers differ in exactly the places the diary leans on: some let a
//! client choose ids with `PUT` (update as create), some only update by identifier
//! (conditional update) or create once by identifier (conditional create), some take no
//! transaction bundles, and an inbox needs Task's `status` and `priority` search
//! parameters. [`profile`] is a pure function from the statement to a [`ServerProfile`]:
//! the [`Strategy`] the bundle writer uses ([`write_bundle`]), or, in plain words, what is
//! missing for the diary. The engine keeps the profile with the sync state (the diary's
//! settings, see [`load_or_read`]) and reads the statement again when the server changes.

use crate::client::{Client, Method};
use crate::mapping::{self, Entry, PutAs};
use crate::SyncError;
use diary_core::store::Diary;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// How Observations, DiagnosticReports and QuestionnaireResponses are written (Tasks are
/// always created once by identifier, so a resend never reopens an acknowledged alert).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Strategy {
    /// `PUT Type/id` with the diary's id (`updateCreate`): a resend rewrites the resource.
    UpdateAsCreate,
    /// `PUT Type?identifier=…` (`conditionalUpdate`): a resend rewrites the resource found
    /// by its business identifier; the server chooses the id.
    ConditionalUpdate,
    /// `POST Type` + `ifNoneExist` (`conditionalCreate`): created once, never rewritten
    /// (a late change to a weekly summary does not reach the server).
    ConditionalCreate,
}

impl Strategy {
    /// The mapping's hook for this strategy.
    pub fn put_as(self) -> PutAs {
        match self {
            Strategy::UpdateAsCreate => PutAs::Id,
            Strategy::ConditionalUpdate => PutAs::Identifier,
            Strategy::ConditionalCreate => PutAs::CreateOnce,
        }
    }

    /// Whether resources keep the diary's ids on the server, so that a unit's resources can
    /// be sent in separate bundles (references between them still hold).
    pub fn keeps_ids(self) -> bool {
        matches!(self, Strategy::UpdateAsCreate)
    }
}

/// Which kind of bundle the server takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BundleKind {
    /// All or nothing (preferred).
    Transaction,
    /// Entry by entry: only with ids the diary chooses, so references need no rewriting.
    Batch,
}

/// What the diary knows of a server, kept with the sync state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServerProfile {
    /// The server's base URL this was read from.
    #[serde(default)]
    pub server_url: String,
    /// `software.name` and `software.version`, as the server says.
    pub software: String,
    /// `fhirVersion`.
    pub fhir_version: String,
    /// How to write, when the server can take the diary.
    pub strategy: Option<Strategy>,
    pub bundle: Option<BundleKind>,
    /// What is missing for the diary, in plain words; empty when it can be taken.
    pub missing: Vec<String>,
}

impl ServerProfile {
    /// The profile of a server whose statement could not be read (no `/metadata`): the
    /// diary writes as it always has (transactions, `PUT` with its ids) and lets the
    /// server's answers speak.
    pub fn assumed(server_url: &str) -> ServerProfile {
        ServerProfile {
            server_url: server_url.to_string(),
            software: "not stated".into(),
            fhir_version: "not stated".into(),
            strategy: Some(Strategy::UpdateAsCreate),
            bundle: Some(BundleKind::Transaction),
            missing: Vec::new(),
        }
    }

    /// Whether the diary can be sent there.
    pub fn usable(&self) -> bool {
        self.missing.is_empty() && self.strategy.is_some() && self.bundle.is_some()
    }

    /// One line for the user: "the care team's server cannot take the diary: …".
    pub fn why_not(&self) -> Option<String> {
        if self.usable() {
            return None;
        }
        Some(format!(
            "the care team's server ({}, FHIR {}) cannot take the diary: {}",
            self.software,
            self.fhir_version,
            self.missing.join("; ")
        ))
    }
}

/// The resources the diary writes with [`Strategy`] (Tasks and the Patient apart).
const WRITTEN: [&str; 3] = ["Observation", "DiagnosticReport", "QuestionnaireResponse"];
/// The Task search parameters the care team's inbox and the seen-check use.
const TASK_SEARCH: [&str; 4] = ["identifier", "status", "priority", "code"];

fn codes(list: &Value) -> Vec<&str> {
    list.as_array()
        .map(|a| a.iter().filter_map(|i| i["code"].as_str()).collect())
        .unwrap_or_default()
}

fn flag(r: &Value, name: &str) -> bool {
    r[name].as_bool() == Some(true)
}

/// The server's [`ServerProfile`], from its CapabilityStatement: a pure function.
pub fn profile(statement: &Value, server_url: &str) -> ServerProfile {
    let software = match (
        statement["software"]["name"].as_str(),
        statement["software"]["version"].as_str(),
    ) {
        (Some(n), Some(v)) => format!("{n} {v}"),
        (Some(n), None) => n.to_string(),
        _ => "software not named".to_string(),
    };
    let fhir_version = statement["fhirVersion"]
        .as_str()
        .unwrap_or("not stated")
        .to_string();
    let mut p = ServerProfile {
        server_url: server_url.to_string(),
        software,
        fhir_version: fhir_version.clone(),
        strategy: None,
        bundle: None,
        missing: Vec::new(),
    };
    if statement["resourceType"] != "CapabilityStatement" {
        p.missing
            .push("its /metadata is not a CapabilityStatement".into());
        return p;
    }
    if !fhir_version.starts_with("4.0.") {
        p.missing.push(format!(
            "it speaks FHIR {fhir_version}; the diary needs FHIR R4 (4.0.x)"
        ));
    }
    let Some(rest) = statement["rest"]
        .as_array()
        .and_then(|r| r.iter().find(|r| r["mode"] == "server"))
    else {
        p.missing.push("it states no server REST API".into());
        return p;
    };
    let resource = |ty: &str| {
        rest["resource"]
            .as_array()
            .and_then(|l| l.iter().find(|r| r["type"] == ty))
    };
    let can = |r: &Value, code: &str| codes(&r["interaction"]).contains(&code);
    let searches = |r: &Value, name: &str| {
        r["searchParam"]
            .as_array()
            .is_some_and(|l| l.iter().any(|s| s["name"] == name))
    };

    // Strategy: the one every written resource allows, best first.
    let mut missing_types = Vec::new();
    let mut ok = [true; 3];
    for ty in WRITTEN {
        let Some(r) = resource(ty) else {
            missing_types.push(ty);
            continue;
        };
        let allows = [
            can(r, "update") && flag(r, "updateCreate"),
            can(r, "update") && flag(r, "conditionalUpdate") && searches(r, "identifier"),
            can(r, "create") && flag(r, "conditionalCreate") && searches(r, "identifier"),
        ];
        for (o, a) in ok.iter_mut().zip(allows) {
            *o &= a;
        }
    }
    if !missing_types.is_empty() {
        p.missing
            .push(format!("it does not offer {}", missing_types.join(", ")));
    } else {
        p.strategy = [
            Strategy::UpdateAsCreate,
            Strategy::ConditionalUpdate,
            Strategy::ConditionalCreate,
        ]
        .into_iter()
        .zip(ok)
        .find(|(_, ok)| *ok)
        .map(|(s, _)| s);
        if p.strategy.is_none() {
            p.missing.push(
                "it lets the app neither create resources with the app's own ids (updateCreate), \
                 nor update them by identifier (conditionalUpdate), nor create them once by \
                 identifier (conditionalCreate), so a second send would make copies"
                    .into(),
            );
        }
    }

    // Tasks: created once by identifier, found by identifier, status and priority.
    match resource("Task") {
        None => p
            .missing
            .push("it does not offer Task (the care team's alerts)".into()),
        Some(t) => {
            if !(can(t, "create") && flag(t, "conditionalCreate")) {
                p.missing.push(
                    "it cannot create a Task once by identifier (conditionalCreate), so an alert sent twice would be two alerts"
                        .into(),
                );
            }
            let absent: Vec<&str> = TASK_SEARCH
                .into_iter()
                .filter(|n| !searches(t, n))
                .collect();
            if !absent.is_empty() || !can(t, "search-type") {
                p.missing.push(format!(
                    "it has no Task search parameter{} {}, which the care team's inbox needs",
                    if absent.len() == 1 { "" } else { "s" },
                    if absent.is_empty() {
                        "at all".to_string()
                    } else {
                        absent.join(", ")
                    }
                ));
            }
        }
    }

    // The Patient is found by identifier.
    match resource("Patient") {
        Some(r) if can(r, "search-type") && searches(r, "identifier") => {}
        _ => p
            .missing
            .push("it cannot find a Patient by identifier".into()),
    }

    // Bundles: transactions, else batches when references need no rewriting.
    let system = codes(&rest["interaction"]);
    p.bundle = if system.contains(&"transaction") {
        Some(BundleKind::Transaction)
    } else if system.contains(&"batch") && p.strategy.is_some_and(Strategy::keeps_ids) {
        Some(BundleKind::Batch)
    } else {
        p.missing.push(
            if system.contains(&"batch") {
                "it takes no transaction bundles, and its batches cannot carry the references between a report's resources when the server chooses their ids"
            } else {
                "it takes neither transaction nor batch bundles"
            }
            .into(),
        );
        None
    };
    p
}

/// The bundle for `entries` as `profile` says the server takes it. With a conditional
/// strategy the server chooses the ids, so references between the bundle's resources point
/// at their `urn:uuid:` full URLs, which the server rewrites.
pub fn write_bundle(entries: &[Entry], base: &str, profile: &ServerProfile) -> Value {
    let strategy = profile.strategy.unwrap_or(Strategy::UpdateAsCreate);
    let mut bundle = mapping::transaction_with(entries, base, strategy.put_as());
    if profile.bundle == Some(BundleKind::Batch) {
        bundle["type"] = "batch".into();
    }
    if !strategy.keeps_ids() {
        let renamed: Vec<(String, String)> = entries
            .iter()
            .map(|e| {
                (
                    format!("{}/{}", e.resource_type(), e.id()),
                    format!("urn:uuid:{}", e.id()),
                )
            })
            .collect();
        retarget(&mut bundle, &renamed);
    }
    bundle
}

/// For a server that assigns its own ids: a reference to a resource of this bundle points
/// at its `urn:uuid:` full URL (the server rewrites it); a reference to one sent earlier,
/// whose id on the server is not the diary's, keeps only its `identifier` (a logical
/// reference) when it has one, so it never names an id the server does not hold. The
/// Patient's reference is the server's own and is left as it is.
fn retarget(v: &mut Value, renamed: &[(String, String)]) {
    match v {
        Value::Object(o) => {
            let elsewhere = o.get("reference").and_then(Value::as_str).is_some_and(|r| {
                !renamed.iter().any(|(from, _)| from == r) && o.contains_key("identifier")
            });
            if elsewhere {
                o.remove("reference");
            }
            for (k, x) in o.iter_mut() {
                if k == "reference" {
                    if let Some(to) = x
                        .as_str()
                        .and_then(|r| renamed.iter().find(|(from, _)| from == r))
                    {
                        *x = Value::String(to.1.clone());
                    }
                } else {
                    retarget(x, renamed);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| retarget(x, renamed)),
        _ => {}
    }
}

/// Reads the server's CapabilityStatement. A server without one (404) is
/// [`ServerProfile::assumed`]; any other failure is the client's error.
pub fn read(client: &Client) -> Result<ServerProfile, SyncError> {
    match client.request(Method::GET, "metadata", &[], None, &[]) {
        Ok(r) => Ok(profile(&r.body, client.base())),
        Err(SyncError::NotFound(_)) => Ok(ServerProfile::assumed(client.base())),
        Err(e) => Err(e),
    }
}

/// The profile saved with the sync state when it is of this server and it could take the
/// diary; otherwise the statement is read again (and saved).
pub fn load_or_read(diary: &mut Diary, client: &Client) -> Result<ServerProfile, SyncError> {
    if let Some(saved) = diary
        .sync_server_profile()?
        .and_then(|v| serde_json::from_value::<ServerProfile>(v).ok())
    {
        if saved.server_url == client.base() && saved.usable() {
            return Ok(saved);
        }
    }
    let p = read(client)?;
    diary.set_sync_server_profile(&serde_json::to_value(&p).expect("a profile serializes"))?;
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const HFS: &str = include_str!("../tests/fixtures/capability/hfs-0.2.7.json");
    const MEDPLUM: &str =
        include_str!("../tests/fixtures/capability/medplum-fhir-router-4.5.2.json");

    fn statement(text: &str) -> Value {
        serde_json::from_str(text).unwrap()
    }

    /// A real statement changed by `edit`.
    fn edited(text: &str, edit: impl Fn(&mut Value)) -> Value {
        let mut v = statement(text);
        edit(&mut v);
        v
    }

    fn each_resource(v: &mut Value, ty: &str, f: impl Fn(&mut Value)) {
        for r in v["rest"][0]["resource"].as_array_mut().unwrap() {
            if ty == "*" || r["type"] == ty {
                f(r);
            }
        }
    }

    fn check(
        name: &str,
        input: Value,
        strategy: Option<Strategy>,
        bundle: Option<BundleKind>,
        missing: &[&str],
    ) {
        let p = profile(&input, "http://127.0.0.1:1");
        assert_eq!(p.strategy, strategy, "{name}: strategy");
        assert_eq!(p.bundle, bundle, "{name}: bundle");
        assert_eq!(p.missing.len(), missing.len(), "{name}: {:?}", p.missing);
        for (got, want) in p.missing.iter().zip(missing) {
            assert!(got.contains(want), "{name}: {got:?} should say {want:?}");
        }
        assert_eq!(p.usable(), missing.is_empty(), "{name}");
    }

    #[test]
    fn the_strategy_follows_the_statement_and_what_is_missing_is_said() {
        use BundleKind::*;
        use Strategy::*;
        let t = Some(Transaction);
        check(
            "hfs 0.2.7 as served",
            statement(HFS),
            Some(UpdateAsCreate),
            t,
            &[],
        );
        check(
            "medplum fhir-router 4.5.2 as served",
            statement(MEDPLUM),
            Some(UpdateAsCreate),
            t,
            &[],
        );
        check(
            "no updateCreate: conditional update",
            edited(HFS, |v| {
                each_resource(v, "*", |r| r["updateCreate"] = false.into())
            }),
            Some(ConditionalUpdate),
            t,
            &[],
        );
        check(
            "updateCreate left out counts as no",
            edited(MEDPLUM, |v| {
                each_resource(v, "Observation", |r| {
                    r.as_object_mut().unwrap().remove("updateCreate");
                })
            }),
            Some(ConditionalUpdate),
            t,
            &[],
        );
        check(
            "only conditional create",
            edited(HFS, |v| {
                each_resource(v, "*", |r| {
                    r["updateCreate"] = false.into();
                    r["conditionalUpdate"] = false.into();
                })
            }),
            Some(ConditionalCreate),
            t,
            &[],
        );
        check(
            "no way to write without copies",
            edited(MEDPLUM, |v| {
                each_resource(v, "DiagnosticReport", |r| {
                    r["updateCreate"] = false.into();
                    r["conditionalUpdate"] = false.into();
                    r["conditionalCreate"] = false.into();
                })
            }),
            None,
            t,
            &["neither create resources with the app's own ids"],
        );
        check(
            "batches only, the diary's ids",
            edited(HFS, |v| {
                v["rest"][0]["interaction"] = json!([{ "code": "batch" }])
            }),
            Some(UpdateAsCreate),
            Some(Batch),
            &[],
        );
        check(
            "batches only, the server's ids",
            edited(HFS, |v| {
                v["rest"][0]["interaction"] = json!([{ "code": "batch" }]);
                each_resource(v, "*", |r| r["updateCreate"] = false.into())
            }),
            Some(ConditionalUpdate),
            None,
            &["no transaction bundles"],
        );
        check(
            "no bundles at all",
            edited(MEDPLUM, |v| {
                v["rest"][0]["interaction"] = json!([{ "code": "search-system" }])
            }),
            Some(UpdateAsCreate),
            None,
            &["neither transaction nor batch"],
        );
        check(
            "Task without status and priority",
            edited(HFS, |v| {
                each_resource(v, "Task", |r| {
                    r["searchParam"]
                        .as_array_mut()
                        .unwrap()
                        .retain(|s| s["name"] != "status" && s["name"] != "priority")
                })
            }),
            Some(UpdateAsCreate),
            t,
            &["no Task search parameters status, priority"],
        );
        check(
            "Tasks cannot be created once",
            edited(MEDPLUM, |v| {
                each_resource(v, "Task", |r| r["conditionalCreate"] = false.into())
            }),
            Some(UpdateAsCreate),
            t,
            &["cannot create a Task once"],
        );
        check(
            "FHIR R5",
            edited(HFS, |v| v["fhirVersion"] = "5.0.0".into()),
            Some(UpdateAsCreate),
            t,
            &["it speaks FHIR 5.0.0; the diary needs FHIR R4 (4.0.x)"],
        );
        check(
            "no QuestionnaireResponse",
            edited(HFS, |v| {
                v["rest"][0]["resource"]
                    .as_array_mut()
                    .unwrap()
                    .retain(|r| r["type"] != "QuestionnaireResponse")
            }),
            None,
            t,
            &["it does not offer QuestionnaireResponse"],
        );
        check(
            "not a statement",
            json!({ "resourceType": "OperationOutcome" }),
            None,
            None,
            &["not a CapabilityStatement"],
        );
    }

    #[test]
    fn what_is_missing_is_one_plain_line() {
        let p = profile(
            &edited(HFS, |v| {
                v["fhirVersion"] = "3.0.2".into();
                v["rest"][0]["interaction"] = json!([]);
            }),
            "https://fhir.example.org",
        );
        assert_eq!(
            p.why_not().unwrap(),
            "the care team's server (Helios FHIR Server 0.2.7, FHIR 3.0.2) cannot take the diary: \
             it speaks FHIR 3.0.2; the diary needs FHIR R4 (4.0.x); \
             it takes neither transaction nor batch bundles"
        );
        assert_eq!(profile(&statement(HFS), "x").why_not(), None);
    }

    #[test]
    fn the_bundle_writer_uses_the_strategy() {
        let obs = Entry {
            resource: json!({"resourceType": "Observation", "id": "o1",
                "identifier": [{"system": "s", "value": "1"}]}),
            write: mapping::Write::Put,
        };
        let task = Entry {
            resource: json!({"resourceType": "Task", "id": "t1",
                "identifier": [{"system": "a", "value": "2"}],
                "focus": {"reference": "Observation/o1"}}),
            write: mapping::Write::CreateOnce,
        };
        let entries = [obs, task];
        let with = |s: Strategy, b: BundleKind| {
            let p = ServerProfile {
                strategy: Some(s),
                bundle: Some(b),
                ..ServerProfile::assumed("http://h")
            };
            write_bundle(&entries, "http://h", &p)
        };
        // (strategy, bundle kind) -> (type, Observation's method and url, Task's focus)
        let cases = [
            (
                Strategy::UpdateAsCreate,
                BundleKind::Transaction,
                ("transaction", "PUT", "Observation/o1", "Observation/o1"),
            ),
            (
                Strategy::ConditionalUpdate,
                BundleKind::Transaction,
                (
                    "transaction",
                    "PUT",
                    "Observation?identifier=s|1",
                    "urn:uuid:o1",
                ),
            ),
            (
                Strategy::UpdateAsCreate,
                BundleKind::Batch,
                ("batch", "PUT", "Observation/o1", "Observation/o1"),
            ),
            (
                Strategy::ConditionalCreate,
                BundleKind::Transaction,
                ("transaction", "POST", "Observation", "urn:uuid:o1"),
            ),
        ];
        for (s, b, (ty, method, url, focus)) in cases {
            let got = with(s, b);
            let e = &got["entry"];
            assert_eq!(got["type"], ty, "{s:?}");
            assert_eq!(e[0]["request"]["method"], method, "{s:?}");
            assert_eq!(e[0]["request"]["url"], url, "{s:?}");
            assert_eq!(
                e[1]["request"]["method"], "POST",
                "{s:?}: Tasks are created once"
            );
            assert_eq!(e[1]["resource"]["focus"]["reference"], focus, "{s:?}");
        }
    }

    #[test]
    fn a_reference_to_a_resource_sent_earlier_keeps_only_its_identifier_where_ids_are_the_servers()
    {
        // A weekly summary: its report panels went in earlier bundles.
        let summary = Entry {
            resource: json!({"resourceType": "DiagnosticReport", "id": "d1",
                "identifier": [{"system": "w", "value": "week"}],
                "subject": {"reference": "Patient/p9"},
                "result": [{"reference": "Observation/o1", "type": "Observation",
                    "identifier": {"system": "s", "value": "1"}}]}),
            write: mapping::Write::Put,
        };
        let entries = [summary];
        // strategy -> (the result's reference, the subject's reference)
        let cases = [
            (Strategy::UpdateAsCreate, Some("Observation/o1")),
            (Strategy::ConditionalUpdate, None),
            (Strategy::ConditionalCreate, None),
        ];
        for (s, reference) in cases {
            let p = ServerProfile {
                strategy: Some(s),
                ..ServerProfile::assumed("http://h")
            };
            let got = write_bundle(&entries, "http://h", &p);
            let r = &got["entry"][0]["resource"];
            assert_eq!(r["result"][0]["reference"].as_str(), reference, "{s:?}");
            assert_eq!(r["result"][0]["identifier"]["value"], "1", "{s:?}");
            assert_eq!(r["result"][0]["type"], "Observation", "{s:?}");
            // The Patient is the server's own: never touched.
            assert_eq!(r["subject"]["reference"], "Patient/p9", "{s:?}");
        }
    }
}
