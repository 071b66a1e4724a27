//! Alerts as FHIR Tasks: open (`requested`) until the care team has seen them, with a
//! priority from the alert's level (red `stat`), one concept in `code` (review an alert),
//! the rule as `reasonCode`, `focus` on the report's panel and `input` naming the alert's
//! subject and the Observations that triggered it. Tasks are created once (`POST` +
//! `ifNoneExist`) and never overwritten by a second send, so a step the care team took on
//! the server survives; its steps, seen (`accepted`) and then closed (`completed`), are
//! state changes of the same Task ([`task_step`]).

use super::{
    capitalised, identifier, instant, item_id, panel_id, report_items, resource_id, utc_instant,
    Entry, ItemKey, Write, CS_ITEM, CS_RULE, CS_SUBJECT, SID_ALERT, SID_LAB, TASK_CODE,
};
use chrono::{DateTime, FixedOffset, Utc};
use diary_core::model::*;
use diary_core::store::{SavedAlert, SavedLabAlert, SavedReport};
use serde_json::{json, Map, Value};

/// Statuses of a Task that mean the care team has not looked at it yet.
pub const UNSEEN_STATUSES: &[&str] = &["draft", "requested", "received", "ready"];

/// The status of a Task the care team has seen but not yet closed.
pub const SEEN_STATUS: &str = "accepted";

/// The `Task.input` type that carries the alert's subject (`temperature`, `liver`, …).
pub const SUBJECT_INPUT: &str = "alert-subject";

/// The care team's steps with an alert, as `Task.businessStatus`.
pub const CS_ALERT_STATE: &str = "https://fhir.symptom-diary.org/CodeSystem/alert-state";

/// The Task priority of an alert level: red `stat`, amber `urgent`, green `routine`.
pub fn priority(level: Level) -> &'static str {
    match level {
        Level::Red => "stat",
        Level::Amber => "urgent",
        Level::Green | Level::None => "routine",
    }
}

/// The alert level of a Task priority (the inverse of [`priority`]).
pub fn level_of_priority(p: &str) -> Option<Level> {
    match p {
        "stat" | "asap" => Some(Level::Red),
        "urgent" => Some(Level::Amber),
        "routine" => Some(Level::Green),
        _ => None,
    }
}

/// The item Observations of `report` that an alert on `subject` points at.
pub fn triggering_items(report: &Report, subject: Subject) -> Vec<ItemKey> {
    report_items(report)
        .into_iter()
        .filter(|k| diary_core::rules::subjects_of(*k).contains(&subject))
        .collect()
}

/// What every alert's Task says, whatever the alert is about: open (`requested`) until
/// acknowledged, priority from its level, the rule (with the ruleset) as its code, the
/// numbers in words, `focus` on `focus` (the record the alert came from; none for an alert
/// that no record raised, A-NO-REPORT), authored when that record was made. `what` names
/// the kind of record in the code's text, when not a report.
pub(super) fn task(
    alert_uid: &str,
    a: &Alert,
    ruleset: &str,
    focus: Option<String>,
    authored_on: &DateTime<FixedOffset>,
    what: Option<&str>,
    patient_ref: &str,
) -> Map<String, Value> {
    let mut t = Map::new();
    t.insert("resourceType".into(), json!("Task"));
    t.insert("id".into(), json!(resource_id(SID_ALERT, alert_uid)));
    t.insert("identifier".into(), identifier(SID_ALERT, alert_uid));
    t.insert("status".into(), json!("requested"));
    t.insert("intent".into(), json!("order"));
    t.insert("priority".into(), json!(priority(a.level)));
    let text = format!("{} alert {}", capitalised(a.level.as_str()), a.rule);
    // One concept: what the Task asks. Which rule fired is the reason.
    t.insert(
        "code".into(),
        json!({
            "coding": [
                { "system": CS_ITEM, "code": TASK_CODE, "display": "Review a Symptom Diary alert" }
            ],
            "text": "Review a Symptom Diary alert"
        }),
    );
    if !a.detail.trim().is_empty() {
        t.insert("description".into(), json!(a.detail));
    }
    if let Some(focus) = focus {
        t.insert("focus".into(), json!({ "reference": focus }));
    }
    t.insert("for".into(), json!({ "reference": patient_ref }));
    t.insert("authoredOn".into(), json!(instant(authored_on)));
    t.insert("requester".into(), json!({ "reference": patient_ref }));
    t.insert(
        "reasonCode".into(),
        json!({
            "coding": [{ "system": CS_RULE, "code": a.rule, "version": ruleset }],
            "text": match what { Some(w) => format!("{text} ({w})"), None => text }
        }),
    );
    t.insert(
        "input".into(),
        json!([{
            "type": { "coding": [{ "system": CS_ITEM, "code": SUBJECT_INPUT }], "text": "alert subject" },
            "valueCodeableConcept": { "coding": [{ "system": CS_SUBJECT, "code": a.subject }], "text": a.subject }
        }]),
    );
    t
}

/// An alert as a Task for the care team ([`task`]): `focus` on the report's panel,
/// `input` the triggering Observations.
pub fn alert_entry(alert: &SavedAlert, report: &SavedReport, patient_ref: &str) -> Entry {
    let a = &alert.alert;
    let mut t = task(
        &alert.uid,
        a,
        &report.triage.ruleset,
        Some(format!("Observation/{}", panel_id(&report.uid))),
        &report.report.recorded_at,
        None,
        patient_ref,
    );
    let inputs: Vec<Value> = triggering_items(&report.report, a.subject)
        .into_iter()
        .map(|k| {
            json!({
                "type": { "coding": [{ "system": CS_ITEM, "code": "triggering-observation" }], "text": "triggering observation" },
                "valueReference": { "reference": format!("Observation/{}", item_id(&report.uid, k)) }
            })
        })
        .collect();
    if let Some(Value::Array(list)) = t.get_mut("input") {
        list.extend(inputs);
    }
    Entry {
        resource: Value::Object(t),
        write: Write::CreateOnce,
    }
}

/// A lab-only alert as a Task, like a report's (warning-signs-v3.md, *FHIR*: "A lab-only
/// alert is a Task like a report's (its `focus` the lab Observation)"): authored at the
/// moment the result was entered, `focus` on the lab result whose entry raised it.
pub fn lab_alert_entry(alert: &SavedLabAlert, lab_uid: &str, patient_ref: &str) -> Entry {
    let t = task(
        &alert.uid,
        &alert.alert,
        &alert.ruleset,
        Some(format!("Observation/{}", resource_id(SID_LAB, lab_uid))),
        &alert.raised_at.fixed_offset(),
        Some("lab result entered on its own"),
        patient_ref,
    );
    Entry {
        resource: Value::Object(t),
        write: Write::CreateOnce,
    }
}

/// A step of the care team with an alert: seen (acknowledged), then closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Step {
    /// Someone on the care team has seen the alert: the Task is `accepted`, still open.
    Seen,
    /// The alert is dealt with: the Task is `completed`.
    Closed,
}

impl Step {
    /// The Task status, the `businessStatus` code and its words.
    fn words(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Step::Seen => (SEEN_STATUS, "seen", "Seen by the care team"),
            Step::Closed => ("completed", "closed", "Closed by the care team"),
        }
    }
}

/// A Task read from the server after a care-team step at `now` by `who` (a name or role as
/// the clinician gives it; "care team" when none): its status, `businessStatus` (a code of
/// [`CS_ALERT_STATE`] and words), `lastModified`, `executionPeriod` (start when seen, end
/// when closed), and a note saying who did what and when. Nothing else is changed.
pub fn task_step(task: &Value, step: Step, who: Option<&str>, now: DateTime<Utc>) -> Value {
    let mut t = task.clone();
    let at = utc_instant(&now);
    let (status, code, display) = step.words();
    let who = who.map(str::trim).filter(|w| !w.is_empty());
    if let Some(o) = t.as_object_mut() {
        o.insert("status".into(), json!(status));
        o.insert(
            "businessStatus".into(),
            json!({ "coding": [{ "system": CS_ALERT_STATE, "code": code, "display": display }], "text": code }),
        );
        o.insert("lastModified".into(), json!(at));
        let mut period = o
            .get("executionPeriod")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        period.entry("start").or_insert_with(|| json!(at));
        if step == Step::Closed {
            period.insert("end".into(), json!(at));
        }
        o.insert("executionPeriod".into(), Value::Object(period));
        if let Some(w) = who {
            if step == Step::Seen {
                o.insert("owner".into(), json!({ "display": w }));
            }
        }
        let mut notes = o
            .get("note")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        notes.push(
            json!({ "authorString": who.unwrap_or("care team"), "time": at, "text": display }),
        );
        o.insert("note".into(), Value::Array(notes));
    }
    t
}

/// A Task with a care-team note appended (`Task.note`: `text` by `who`, "care team" when
/// none, at `now`). Nothing else is changed.
pub fn task_with_note(task: &Value, text: &str, who: Option<&str>, now: DateTime<Utc>) -> Value {
    let mut t = task.clone();
    let who = who.map(str::trim).filter(|w| !w.is_empty());
    if let Some(o) = t.as_object_mut() {
        let mut notes = o
            .get("note")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        notes.push(json!({
            "authorString": who.unwrap_or("care team"),
            "time": utc_instant(&now),
            "text": text
        }));
        o.insert("note".into(), Value::Array(notes));
    }
    t
}

/// The acknowledged (seen) form of a Task read from the server ([`task_step`]).
pub fn acknowledge(task: &Value, now: DateTime<Utc>) -> Value {
    task_step(task, Step::Seen, None, now)
}
