//! Reading the care team's server back: a Task this app wrote as an [`InboxItem`], an
//! item Observation in plain words, when a Task was acknowledged, and an
//! OperationOutcome's issues as the one line the user sees. Pure functions of the JSON the
//! server returned; anything that is not this app's is skipped, never guessed at.

use super::{
    level_of_priority, CS_ITEM, CS_RULE, CS_SUBJECT, SID_ALERT, SUBJECT_INPUT, TASK_CODE,
    UNSEEN_STATUSES,
};
use chrono::{DateTime, Utc};
use diary_core::model::Level;
use serde_json::{json, Value};

/// One open alert as the care team's inbox shows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct InboxItem {
    /// The Task's id on the server: what `ack` takes.
    pub id: String,
    /// The Task's version, for `If-Match`.
    pub version: Option<String>,
    /// The alert's business identifier (`alert-…`).
    pub alert_uid: String,
    pub level: Level,
    pub rule: String,
    pub subject: String,
    pub detail: String,
    pub status: String,
    /// The patient's identifier at the care team (`system|value`), when the server said.
    pub patient: Option<String>,
    /// The Patient reference the Task is for.
    pub patient_ref: String,
    /// When the report behind it was made.
    pub recorded_at: Option<String>,
    /// The report behind it, item by item ("temperature 38.4 °C").
    pub report: Vec<String>,
    /// The report's note, shown as text.
    pub note: Option<String>,
    /// When someone on the care team saw it (it stays open until closed).
    pub seen_at: Option<String>,
    /// Who saw it, as they named themselves.
    pub seen_by: Option<String>,
    /// The patient's answers to "Did you reach your care team?" about it, oldest first.
    pub followups: Vec<super::FollowUpSeen>,
    /// When the Task was written (its `authoredOn`).
    pub authored_on: Option<String>,
    /// Red, nobody has acknowledged it, and written `panel::OVERDUE_AFTER` or longer before
    /// the `now` it was listed at (set by `inbox_at`; `false` where no time was given).
    pub overdue: bool,
    /// The care team's notes on the Task (`Task.note`), oldest first: each step's record
    /// and the notes written with an acknowledgement.
    pub notes: Vec<TaskNote>,
}

/// One note on an alert's Task (a `Task.note` Annotation).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TaskNote {
    pub text: String,
    /// Who wrote it, as they named themselves (`authorString`, or the reference's display).
    pub by: Option<String>,
    /// When (RFC 3339).
    pub at: Option<String>,
}

/// The alert fields of a Task this app wrote; `None` for a Task that is not one.
pub fn inbox_item_from_task(task: &Value) -> Option<InboxItem> {
    let codings = task["code"]["coding"].as_array()?;
    if !codings
        .iter()
        .any(|c| c["system"] == CS_ITEM && c["code"] == TASK_CODE)
    {
        return None;
    }
    // The rule is the Task's reason; Tasks sent before 0.2 carried it in `code`.
    let coded = |concept: &Value, system: &str| -> Option<String> {
        concept["coding"]
            .as_array()?
            .iter()
            .find(|c| c["system"] == system)
            .and_then(|c| c["code"].as_str())
            .map(str::to_string)
    };
    let rule = coded(&task["reasonCode"], CS_RULE)
        .or_else(|| coded(&task["code"], CS_RULE))
        .unwrap_or_default();
    let subject = task["input"]
        .as_array()
        .and_then(|inputs| {
            inputs.iter().find(|i| {
                i["type"]["coding"]
                    .as_array()
                    .is_some_and(|c| c.iter().any(|c| c["code"] == SUBJECT_INPUT))
            })
        })
        .and_then(|i| coded(&i["valueCodeableConcept"], CS_SUBJECT))
        .or_else(|| coded(&task["reasonCode"], CS_SUBJECT))
        .unwrap_or_default();
    let status = task["status"].as_str().unwrap_or("").to_string();
    let seen = !UNSEEN_STATUSES.contains(&status.as_str());
    let alert_uid = task["identifier"]
        .as_array()
        .and_then(|ids| ids.iter().find(|i| i["system"] == SID_ALERT))
        .and_then(|i| i["value"].as_str())
        .unwrap_or("")
        .to_string();
    Some(InboxItem {
        id: task["id"].as_str()?.to_string(),
        version: task["meta"]["versionId"].as_str().map(str::to_string),
        alert_uid,
        level: level_of_priority(task["priority"].as_str().unwrap_or("routine"))
            .unwrap_or(Level::Green),
        rule,
        subject,
        detail: task["description"].as_str().unwrap_or("").to_string(),
        seen_at: seen
            .then(|| acknowledged_at(task))
            .flatten()
            .map(|t| super::utc_instant(&t)),
        seen_by: seen
            .then(|| task["owner"]["display"].as_str().map(str::to_string))
            .flatten(),
        status,
        patient: None,
        patient_ref: task["for"]["reference"].as_str().unwrap_or("").to_string(),
        recorded_at: task["authoredOn"].as_str().map(str::to_string),
        report: Vec::new(),
        note: None,
        followups: Vec::new(),
        authored_on: task["authoredOn"].as_str().map(str::to_string),
        overdue: false,
        notes: task_notes(task),
    })
}

/// One item Observation in plain words: "fatigue 2", "temperature 38.4 °C", "dark urine".
pub fn observation_in_words(o: &Value) -> String {
    let code = o["code"]["coding"][0]["code"].as_str().unwrap_or("");
    let name = match code {
        "8310-5" => "temperature".to_string(),
        "29463-7" => "weight".to_string(),
        c if c.starts_with("sign-") => c["sign-".len()..].replace('-', " "),
        c => c.replace('-', " "),
    };
    if let Some(v) = o.get("valueInteger") {
        format!("{name} {v}")
    } else if let Some(q) = o.get("valueQuantity") {
        format!("{name} {} {}", q["value"], q["unit"].as_str().unwrap_or(""))
    } else if o.get("valueBoolean") == Some(&json!(true)) {
        name
    } else {
        format!("{name} (no value)")
    }
}

/// When a Task was seen (acknowledged): `executionPeriod.start` (set when seen, kept when
/// closed), else `lastModified`, else `executionPeriod.end`, else the server's
/// `meta.lastUpdated`.
pub fn acknowledged_at(task: &Value) -> Option<DateTime<Utc>> {
    [
        &task["executionPeriod"]["start"],
        &task["lastModified"],
        &task["executionPeriod"]["end"],
        &task["meta"]["lastUpdated"],
    ]
    .iter()
    .filter_map(|v| v.as_str())
    .find_map(|s| DateTime::parse_from_rfc3339(s).ok())
    .map(|t| t.with_timezone(&Utc))
}

/// The `OperationOutcome`'s issues as one line of plain words (at most 500 characters).
pub fn outcome_text(body: &Value) -> Option<String> {
    let issues = body["issue"].as_array()?;
    let parts: Vec<String> = issues
        .iter()
        .filter_map(|i| {
            let text = i["details"]["text"]
                .as_str()
                .or_else(|| i["diagnostics"].as_str())?;
            let sev = i["severity"].as_str().unwrap_or("");
            Some(if sev == "error" || sev == "fatal" || sev.is_empty() {
                text.to_string()
            } else {
                format!("{sev}: {text}")
            })
        })
        .collect();
    if parts.is_empty() {
        return None;
    }
    let mut s = parts.join("; ");
    if s.chars().count() > 500 {
        s = s.chars().take(497).collect::<String>() + "...";
    }
    Some(s)
}

/// A Task's notes (`Task.note` Annotations with text), in the order the Task holds them.
pub fn task_notes(task: &Value) -> Vec<TaskNote> {
    task["note"]
        .as_array()
        .map(|notes| {
            notes
                .iter()
                .filter_map(|n| {
                    Some(TaskNote {
                        text: n["text"].as_str()?.to_string(),
                        by: n["authorString"]
                            .as_str()
                            .or_else(|| n["authorReference"]["display"].as_str())
                            .map(str::to_string),
                        at: n["time"].as_str().map(str::to_string),
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}
