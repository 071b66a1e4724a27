//! The weekly check-in as FHIR: one `QuestionnaireResponse` per check-in, and its alerts as
//! Tasks whose `focus` is that response. A check-in is one questionnaire answered at one
//! time by one person, so a QuestionnaireResponse says it whole: who answered (`author`:
//! the patient, or a caregiver as a RelatedPerson), when (`authored`), and only the items
//! that were asked (the self-harm question is absent when it was not asked, PHQ-2 and
//! GAD-2 when a caregiver answered). Observations would need one resource per item and a
//! code for each, which PHQ-2 and GAD-2 items have in LOINC but the project's own items do
//! not. Written with `PUT` on a client-assigned id derived from the check-in's uid, like
//! report panels, so a second send rewrites the same resource. Pure; golden tests pin it.

use super::{instant, resource_id, Entry, Write, CANONICAL_BASE};
use diary_core::model::*;
use diary_core::store::SavedCheckin;
use serde_json::{json, Map, Value};

/// The business identifier system of a check-in's QuestionnaireResponse.
pub const SID_CHECKIN: &str = "https://fhir.symptom-diary.org/sid/checkin";

/// The canonical URL of the check-in's questionnaire (a name, not an address), versioned
/// with the clinical reference's ruleset.
pub fn questionnaire_url() -> String {
    format!("{CANONICAL_BASE}/Questionnaire/weekly-checkin|2")
}

/// The id of a check-in's QuestionnaireResponse.
pub fn checkin_response_id(checkin_uid: &str) -> String {
    resource_id(SID_CHECKIN, checkin_uid)
}

/// The `linkId` of an item: its spelling with hyphens (`phq2-interest`).
pub fn link_id(item: CheckinItem) -> String {
    item.as_str().replace('_', "-")
}

/// The item's question for the care team, in English, with its scale. PHQ-2 and GAD-2 in
/// their standard wording (Kroenke 2003, 2007); the rest the project's own wording
/// (warning-signs-v2.md, *Weekly check-in*).
pub fn item_text(item: CheckinItem) -> &'static str {
    match item {
        CheckinItem::Phq2Interest => "PHQ-2: Over the last 2 weeks, how often have you been bothered by little interest or pleasure in doing things? (0 not at all, 1 several days, 2 more than half the days, 3 nearly every day)",
        CheckinItem::Phq2Down => "PHQ-2: Over the last 2 weeks, how often have you been bothered by feeling down, depressed, or hopeless? (0 not at all, 1 several days, 2 more than half the days, 3 nearly every day)",
        CheckinItem::Gad2Nervous => "GAD-2: Over the last 2 weeks, how often have you been bothered by feeling nervous, anxious or on edge? (0 not at all, 1 several days, 2 more than half the days, 3 nearly every day)",
        CheckinItem::Gad2Worry => "GAD-2: Over the last 2 weeks, how often have you been bothered by not being able to stop or control worrying? (0 not at all, 1 several days, 2 more than half the days, 3 nearly every day)",
        CheckinItem::SelfHarm => "Thoughts that you would be better off dead, or of hurting yourself (asked when the PHQ-2 total is 3 or more)",
        CheckinItem::Function => "Function, ECOG as the patient or caregiver rates it (0 normal activity … 4 in bed or a chair all day)",
        CheckinItem::Social => "How much the illness kept the patient from family, friends or things they enjoy this week (0 not at all … 4 completely)",
        CheckinItem::Eating => "How much the patient ate this week compared with usual (0 as usual, 1 a bit less, 2 about half, 3 very little)",
        CheckinItem::CaregiverStrain => "How much strain caring has put on the caregiver this week (0 none … 4 very severe)",
    }
}

/// The answer of `item` in `c`, when it was asked.
fn answer(c: &Checkin, item: CheckinItem) -> Option<Value> {
    let int = |n: Option<u8>| n.map(|n| json!({ "valueInteger": n }));
    match item {
        CheckinItem::Phq2Interest => int(c.phq2.map(|p| p[0])),
        CheckinItem::Phq2Down => int(c.phq2.map(|p| p[1])),
        CheckinItem::Gad2Nervous => int(c.gad2.map(|g| g[0])),
        CheckinItem::Gad2Worry => int(c.gad2.map(|g| g[1])),
        CheckinItem::SelfHarm => c.self_harm_thoughts.map(|b| json!({ "valueBoolean": b })),
        CheckinItem::Function => int(Some(c.function)),
        CheckinItem::Social => int(Some(c.social)),
        CheckinItem::Eating => int(Some(c.eating)),
        CheckinItem::CaregiverStrain => int(c.caregiver_strain),
    }
}

/// A check-in as a QuestionnaireResponse: the items asked, in the questionnaire's order,
/// then the PHQ-2 and GAD-2 totals and the triage level.
pub fn checkin_entry(s: &SavedCheckin, patient_ref: &str) -> Entry {
    let c = &s.checkin;
    let mut q = Map::new();
    q.insert("resourceType".into(), json!("QuestionnaireResponse"));
    q.insert("id".into(), json!(checkin_response_id(&s.uid)));
    // R4: a QuestionnaireResponse has one identifier, not a list.
    q.insert(
        "identifier".into(),
        json!({ "system": SID_CHECKIN, "value": s.uid }),
    );
    q.insert("questionnaire".into(), json!(questionnaire_url()));
    q.insert("status".into(), json!("completed"));
    q.insert("subject".into(), json!({ "reference": patient_ref }));
    q.insert("authored".into(), json!(instant(&c.answered_at)));
    q.insert(
        "author".into(),
        match c.reporter {
            Reporter::Patient => json!({ "reference": patient_ref }),
            Reporter::Caregiver => json!({ "type": "RelatedPerson", "display": "caregiver" }),
        },
    );
    let mut items: Vec<Value> = CheckinItem::ALL
        .iter()
        .filter_map(|item| {
            answer(c, *item).map(
                |a| json!({ "linkId": link_id(*item), "text": item_text(*item), "answer": [a] }),
            )
        })
        .collect();
    for (link, text, total) in [
        (
            "phq2-total",
            "PHQ-2 total (0–6; 3 or more: screen positive)",
            c.phq2_total(),
        ),
        (
            "gad2-total",
            "GAD-2 total (0–6; 3 or more: screen positive)",
            c.gad2_total(),
        ),
    ] {
        if let Some(t) = total {
            items.push(json!({ "linkId": link, "text": text, "answer": [{ "valueInteger": t }] }));
        }
    }
    items.push(json!({
        "linkId": "triage-level",
        "text": format!("Triage level (ruleset {})", s.triage.ruleset),
        "answer": [{ "valueString": s.triage.level.as_str() }]
    }));
    q.insert("item".into(), json!(items));
    Entry {
        resource: Value::Object(q),
        write: Write::Put,
    }
}

/// A check-in's alert as a Task, like a report's ([`super::alert_entry`]): open until
/// acknowledged, priority from its level, `focus` on the check-in's QuestionnaireResponse.
pub fn checkin_alert_entry(
    alert_uid: &str,
    alert: &Alert,
    s: &SavedCheckin,
    patient_ref: &str,
) -> Entry {
    let t = super::task::task(
        alert_uid,
        alert,
        &s.triage.ruleset,
        Some(format!(
            "QuestionnaireResponse/{}",
            checkin_response_id(&s.uid)
        )),
        &s.checkin.answered_at,
        Some("weekly check-in"),
        patient_ref,
    );
    Entry {
        resource: Value::Object(t),
        write: Write::CreateOnce,
    }
}
