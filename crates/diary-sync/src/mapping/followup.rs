//! The answer to "Did you reach your care team?" as FHIR: one `Communication` per answer,
//! so the care team sees whether the patient reached them after an alert (issue 11). A
//! Communication is a message that was sent, which is what the answer is: `about` names
//! the alert's Tasks (by business identifier, as the app never learns the ids the server
//! gave them), `subject` the Patient, `sent` when it was answered, `payload` the answer in
//! plain words, and `topic` the answer as a code of [`CS_FOLLOWUP`] (R4's payload holds
//! no code). Who answered (the patient or a caregiver) is the bundle's Provenance's author. Written with `PUT` on an id from the answer's stable uid, so a second send
//! rewrites the same resource. Pure; a golden test pins it.

use super::{
    identifier, is_of_category, resource_id, utc_instant, Entry, Write, CS_ITEM, SID_ALERT,
};
use diary_core::followup::{FollowUpAnswer, FollowUpRecord, Question};
use serde_json::{json, Map, Value};

/// The business identifier system of an answer's Communication.
pub const SID_FOLLOWUP: &str = "https://fhir.symptom-diary.org/sid/followup";
/// The answers: `reached`, `not-yet`, `they-said`.
pub const CS_FOLLOWUP: &str = "https://fhir.symptom-diary.org/CodeSystem/followup-answer";
/// The Communication's category: an answer to the follow-up question.
pub const FOLLOWUP_CATEGORY: &str = "followup-answer";
/// The question, as the care team reads it.
pub const FOLLOWUP_QUESTION: &str = "Did you reach your care team?";

/// The question of the self-harm ladder (E-4), for the care team.
pub const TALK_QUESTION: &str =
    "Have you been able to talk to your care team or someone you trust?";

/// The question an answer answers, in the care team's words.
pub fn question_words(question: Question) -> &'static str {
    match question {
        Question::Contact => FOLLOWUP_QUESTION,
        Question::Talk => TALK_QUESTION,
    }
}

/// The code of an answer in [`CS_FOLLOWUP`].
pub fn answer_code(a: FollowUpAnswer) -> &'static str {
    match a {
        FollowUpAnswer::Reached => "reached",
        FollowUpAnswer::NotYet => "not-yet",
        FollowUpAnswer::TheySaid => "they-said",
    }
}

/// The answer of a code of [`CS_FOLLOWUP`] (the inverse of [`answer_code`]).
pub fn answer_of_code(code: &str) -> Option<FollowUpAnswer> {
    [
        FollowUpAnswer::Reached,
        FollowUpAnswer::NotYet,
        FollowUpAnswer::TheySaid,
    ]
    .into_iter()
    .find(|a| answer_code(*a) == code)
}

/// The answer in plain words: `Did you reach your care team? Not yet: …`, and for "they
/// said" what the team said, in quotes.
pub fn answer_words(f: &FollowUpRecord) -> String {
    let words = f.answered.answer.care_team_words();
    let question = question_words(f.answered.question);
    match (&f.answered.answer, &f.answered.note) {
        (FollowUpAnswer::TheySaid, Some(n)) => format!("{question} {words}: \"{n}\""),
        _ => format!("{question} {words}."),
    }
}

/// The id of an answer's Communication.
pub fn followup_id(uid: &str) -> String {
    resource_id(SID_FOLLOWUP, uid)
}

/// An answer as a Communication about the report's alerts.
pub fn followup_entry(f: &FollowUpRecord, patient_ref: &str) -> Entry {
    let code = answer_code(f.answered.answer);
    let mut c = Map::new();
    c.insert("resourceType".into(), json!("Communication"));
    c.insert("id".into(), json!(followup_id(&f.uid)));
    c.insert("identifier".into(), identifier(SID_FOLLOWUP, &f.uid));
    c.insert("status".into(), json!("completed"));
    c.insert(
        "category".into(),
        json!([{ "coding": [{ "system": CS_ITEM, "code": FOLLOWUP_CATEGORY, "display": "Answer to the follow-up after an alert" }], "text": question_words(f.answered.question) }]),
    );
    c.insert("subject".into(), json!({ "reference": patient_ref }));
    c.insert(
        "topic".into(),
        json!({ "coding": [{ "system": CS_FOLLOWUP, "code": code, "display": f.answered.answer.care_team_words() }], "text": code }),
    );
    let about: Vec<Value> = f
        .alert_uids
        .iter()
        .map(|u| json!({ "type": "Task", "identifier": { "system": SID_ALERT, "value": u } }))
        .collect();
    if !about.is_empty() {
        c.insert("about".into(), json!(about));
    }
    c.insert("sent".into(), json!(utc_instant(&f.answered.at)));
    c.insert(
        "payload".into(),
        json!([{ "contentString": answer_words(f) }]),
    );
    Entry {
        resource: Value::Object(c),
        write: Write::Put,
    }
}

/// One answer as the care team's inbox shows it under its alert.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FollowUpSeen {
    /// When it was answered (UTC, RFC 3339).
    pub answered_at: String,
    /// The answer's code ([`answer_code`]): `reached`, `not-yet`, `they-said`.
    pub answer: String,
    /// The answer in plain words, with what the team said.
    pub words: String,
}

/// The alert uids a Communication is `about` (its Tasks, by business identifier).
fn about_alerts(c: &Value) -> Vec<String> {
    c["about"]
        .as_array()
        .map(|l| {
            l.iter()
                .filter(|r| r["identifier"]["system"] == SID_ALERT)
                .filter_map(|r| r["identifier"]["value"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// An answer read back from a Communication this app wrote, with the alert uids it is
/// about; `None` for any other Communication.
pub fn followup_from_communication(c: &Value) -> Option<(FollowUpSeen, Vec<String>)> {
    if !is_of_category(c, FOLLOWUP_CATEGORY) {
        return None;
    }
    let answer = c["topic"]["coding"]
        .as_array()?
        .iter()
        .find(|x| x["system"] == CS_FOLLOWUP)
        .and_then(|x| x["code"].as_str())
        .filter(|code| answer_of_code(code).is_some())?
        .to_string();
    let alerts = about_alerts(c);
    Some((
        FollowUpSeen {
            answered_at: c["sent"].as_str().unwrap_or("").to_string(),
            answer,
            words: c["payload"][0]["contentString"]
                .as_str()
                .unwrap_or("")
                .to_string(),
        },
        alerts,
    ))
}

/// The Communication's category of a ladder step told to the team (E-2, E-3, E-5).
pub const ESCALATION_CATEGORY: &str = "escalation";
/// The ladder steps' codes: `team_not_opened`, `upgrade_to_red`, `silence_alert`.
pub const CS_ESCALATION: &str = "https://fhir.symptom-diary.org/CodeSystem/escalation-step";
/// The business identifier system of an escalation's Communication.
pub const SID_ESCALATION: &str = "https://fhir.symptom-diary.org/sid/escalation";

/// A ladder step the team is told of, as a Communication about the record's alert Tasks
/// (as an answer is), with `priority` `stat` for E-2 and E-3 and `urgent` for E-5, and the
/// step in words: the Task itself is never rewritten by the diary, so a clinician's
/// acknowledgement is never lost; the inbox shows it under the alert.
pub fn escalation_entry(e: &diary_core::store::EscalationRecord, patient_ref: &str) -> Entry {
    use diary_core::ladder::EscalationStep;
    let mut c = Map::new();
    c.insert("resourceType".into(), json!("Communication"));
    c.insert("id".into(), json!(resource_id(SID_ESCALATION, &e.uid)));
    c.insert("identifier".into(), identifier(SID_ESCALATION, &e.uid));
    c.insert("status".into(), json!("completed"));
    let words = e.step.care_team_words();
    c.insert(
        "category".into(),
        json!([{ "coding": [{ "system": CS_ITEM, "code": ESCALATION_CATEGORY, "display": "A step of the escalation ladder" }], "text": "Escalation" }]),
    );
    let priority = match e.step {
        EscalationStep::TeamNotOpened | EscalationStep::UpgradeToRed => "stat",
        EscalationStep::SilenceAlert => "urgent",
    };
    c.insert("priority".into(), json!(priority));
    c.insert("subject".into(), json!({ "reference": patient_ref }));
    c.insert(
        "topic".into(),
        json!({ "coding": [{ "system": CS_ESCALATION, "code": e.step.as_str(), "display": words }], "text": e.step.as_str() }),
    );
    let about: Vec<Value> = e
        .alert_uids
        .iter()
        .map(|u| json!({ "type": "Task", "identifier": { "system": SID_ALERT, "value": u } }))
        .collect();
    if !about.is_empty() {
        c.insert("about".into(), json!(about));
    }
    c.insert("sent".into(), json!(utc_instant(&e.fired_at)));
    c.insert("payload".into(), json!([{ "contentString": words }]));
    Entry {
        resource: Value::Object(c),
        write: Write::Put,
    }
}

/// An escalation read back for the inbox, as an entry under its alert (`answer` is the
/// step's code), with the alert uids it is about; `None` for any other Communication.
pub fn escalation_from_communication(c: &Value) -> Option<(FollowUpSeen, Vec<String>)> {
    if !is_of_category(c, ESCALATION_CATEGORY) {
        return None;
    }
    let step = c["topic"]["coding"]
        .as_array()?
        .iter()
        .find(|x| x["system"] == CS_ESCALATION)?["code"]
        .as_str()?
        .to_string();
    let alerts = about_alerts(c);
    Some((
        FollowUpSeen {
            answered_at: c["sent"].as_str().unwrap_or("").to_string(),
            answer: step,
            words: c["payload"][0]["contentString"]
                .as_str()
                .unwrap_or("")
                .to_string(),
        },
        alerts,
    ))
}
