//! Messages with the care team as FHIR (issue 21 item 4): the patient's message is a
//! `Communication` (category [`MESSAGE_CATEGORY`]) with its words as a `contentString`
//! payload and its photo, when there is one, as a `contentAttachment` (the JPEG or PNG
//! bytes, metadata already removed by the diary); `subject` and `sender` the Patient.
//! Written with `PUT` on an id from the message's stable uid, so a second send rewrites the
//! same resource. The team's reply is a `Communication` of category [`REPLY_CATEGORY`] with
//! `inResponseTo` the patient's message, `recipient` the Patient and `sender` who wrote it;
//! [`reply_entry`] writes one (the console and `diary inbox --reply`), [`reply_of`] reads
//! one back (sync). Pure; golden tests pin both.

use super::{identifier, is_of_category, resource_id, utc_instant, Entry, Write, CS_ITEM};
use base64::Engine;
use chrono::{DateTime, Utc};
use diary_core::conversation::{Reply, SavedMessage};
use serde_json::{json, Map, Value};

/// The business identifier system of a patient's message.
pub const SID_MESSAGE: &str = "https://fhir.symptom-diary.org/sid/message";
/// The business identifier system of a care team's reply.
pub const SID_REPLY: &str = "https://fhir.symptom-diary.org/sid/reply";
/// The category of a patient's message.
pub const MESSAGE_CATEGORY: &str = "patient-message";
/// The category of the care team's reply.
pub const REPLY_CATEGORY: &str = "team-reply";

/// The id of a patient's message's Communication.
pub fn message_id(uid: &str) -> String {
    resource_id(SID_MESSAGE, uid)
}

fn category(code: &str, words: &str) -> Value {
    json!([{ "coding": [{ "system": CS_ITEM, "code": code, "display": words }], "text": words }])
}

/// A patient's message as a Communication.
pub fn message_entry(m: &SavedMessage, patient_ref: &str) -> Entry {
    let mut c = Map::new();
    c.insert("resourceType".into(), json!("Communication"));
    c.insert("id".into(), json!(message_id(&m.uid)));
    c.insert("identifier".into(), identifier(SID_MESSAGE, &m.uid));
    c.insert("status".into(), json!("completed"));
    c.insert(
        "category".into(),
        category(MESSAGE_CATEGORY, "Message from the patient"),
    );
    c.insert("subject".into(), json!({ "reference": patient_ref }));
    c.insert("sender".into(), json!({ "reference": patient_ref }));
    c.insert("sent".into(), json!(utc_instant(&m.at)));
    let mut payload = vec![json!({ "contentString": m.text })];
    if let Some(photo) = &m.photo {
        payload.push(json!({ "contentAttachment": {
            "contentType": photo.kind.as_str(),
            "data": base64::engine::general_purpose::STANDARD.encode(&photo.bytes),
            "size": photo.bytes.len(),
            "title": "Photo from the patient",
        }}));
    }
    c.insert("payload".into(), Value::Array(payload));
    Entry {
        resource: Value::Object(c),
        write: Write::Put,
    }
}

/// The care team's reply `uid` to the patient's message `to` (its uid), written by
/// `author` at `at`, as a Communication.
pub fn reply_entry(
    uid: &str,
    text: &str,
    to: &str,
    author: &str,
    patient_ref: &str,
    at: &DateTime<Utc>,
) -> Entry {
    let mut c = Map::new();
    c.insert("resourceType".into(), json!("Communication"));
    c.insert("id".into(), json!(resource_id(SID_REPLY, uid)));
    c.insert("identifier".into(), identifier(SID_REPLY, uid));
    c.insert("status".into(), json!("completed"));
    c.insert(
        "category".into(),
        category(REPLY_CATEGORY, "Reply from the care team"),
    );
    c.insert(
        "inResponseTo".into(),
        json!([{ "reference": format!("Communication/{}", message_id(to)) }]),
    );
    c.insert("subject".into(), json!({ "reference": patient_ref }));
    c.insert("recipient".into(), json!([{ "reference": patient_ref }]));
    c.insert("sender".into(), json!({ "display": author }));
    c.insert("sent".into(), json!(utc_instant(at)));
    c.insert("payload".into(), json!([{ "contentString": text }]));
    Entry {
        resource: Value::Object(c),
        write: Write::Put,
    }
}

/// A reply read back from the server: the [`Reply`] (its `in_reply_to` still the id of
/// the Communication it answers, which the caller turns into the message's uid with
/// [`message_id`]); `None` for a Communication that is not a team reply or has no words.
pub fn reply_of(c: &Value) -> Option<Reply> {
    if !is_of_category(c, REPLY_CATEGORY) {
        return None;
    }
    let text: Vec<&str> = c["payload"]
        .as_array()?
        .iter()
        .filter_map(|p| p["contentString"].as_str())
        .collect();
    if text.is_empty() {
        return None;
    }
    let uid = c["identifier"]
        .as_array()
        .and_then(|l| l.iter().find(|i| i["system"] == SID_REPLY))
        .and_then(|i| i["value"].as_str())
        .map(str::to_string)
        .or_else(|| c["id"].as_str().map(|id| format!("reply-{id}")))?;
    let at = c["sent"]
        .as_str()
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())?
        .with_timezone(&Utc);
    let author = c["sender"]["display"]
        .as_str()
        .or_else(|| c["sender"]["reference"].as_str())
        .map(str::to_string);
    let in_reply_to = c["inResponseTo"]
        .as_array()
        .and_then(|l| l.first())
        .and_then(|r| r["reference"].as_str())
        .and_then(|r| r.strip_prefix("Communication/"))
        .map(str::to_string);
    Some(Reply {
        uid,
        text: text.join("\n"),
        author,
        in_reply_to,
        at,
    })
}
