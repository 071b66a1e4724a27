//! Reports, lab results and weeks as FHIR resources: a report is a panel Observation
//! with one Observation per item asked, a lab result a `laboratory` Observation, a week a
//! DiagnosticReport over the week's panels. All are written with `PUT` on a client-assigned
//! id, so a second send rewrites the same resource. Pure functions of the saved data; the
//! golden tests pin their output.

use super::{
    capitalised, category, identifier, instant, item_code, resource_id, utc_instant, Entry, Write,
    CS_LEVEL, INTERPRETATION, LOINC, SID_LAB, SID_REPORT, SID_REPORT_ITEM, SID_SUMMARY, UCUM,
};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone, Utc};
use diary_core::model::*;
use diary_core::store::{SavedCheckin, SavedReport};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// The project code of a rating: its spec spelling with hyphens (`appetite-loss`).
pub fn rating_code(item: Rating) -> String {
    item.as_str().replace('_', "-")
}

/// The project code of a sign: `sign-` and its spelling with hyphens (`sign-dark-urine`).
pub fn sign_code(sign: Sign) -> String {
    format!("sign-{}", sign.as_str().replace('_', "-"))
}

/// The key of one item Observation inside its report (also the tail of its identifier):
/// one input of the report, as the rules name it.
pub use diary_core::rules::Input as ItemKey;

/// The code of an item in the diary's own item code system.
pub fn key_code(key: ItemKey) -> String {
    match key {
        ItemKey::Rating(r) => rating_code(r),
        ItemKey::Stools => "stools-above-usual".into(),
        ItemKey::Vomiting => "vomiting-episodes".into(),
        ItemKey::Temperature => "temperature".into(),
        ItemKey::Weight => "weight".into(),
        ItemKey::Sign(s) => sign_code(s),
    }
}

/// The items a report holds, in a fixed order: ratings, counts, measurements, signs.
pub fn report_items(r: &Report) -> Vec<ItemKey> {
    let mut out: Vec<ItemKey> = r.ratings.keys().map(|k| ItemKey::Rating(*k)).collect();
    if r.stools_above_usual.is_some() {
        out.push(ItemKey::Stools);
    }
    if r.vomiting_episodes.is_some() {
        out.push(ItemKey::Vomiting);
    }
    if r.temperature_c.is_some() {
        out.push(ItemKey::Temperature);
    }
    if r.weight_kg.is_some() {
        out.push(ItemKey::Weight);
    }
    out.extend(r.signs.iter().map(|s| ItemKey::Sign(*s)));
    out
}

/// The business identifier value of one item of a report.
pub fn item_identifier(report_uid: &str, key: ItemKey) -> String {
    format!("{report_uid}/{}", key_code(key))
}

/// The id of a report's panel Observation.
pub fn panel_id(report_uid: &str) -> String {
    resource_id(SID_REPORT, report_uid)
}

/// The id of one item Observation.
pub fn item_id(report_uid: &str, key: ItemKey) -> String {
    resource_id(SID_REPORT_ITEM, &item_identifier(report_uid, key))
}

fn performer(r: &Report, patient_ref: &str) -> Value {
    match r.reporter {
        Reporter::Patient => json!([{ "reference": patient_ref }]),
        Reporter::Caregiver => json!([{ "type": "RelatedPerson", "display": "caregiver" }]),
    }
}

fn item_observation(s: &SavedReport, key: ItemKey, patient_ref: &str) -> Value {
    let r = &s.report;
    let mut o = Map::new();
    o.insert("resourceType".into(), json!("Observation"));
    o.insert("id".into(), json!(item_id(&s.uid, key)));
    o.insert(
        "identifier".into(),
        identifier(SID_REPORT_ITEM, &item_identifier(&s.uid, key)),
    );
    o.insert("status".into(), json!("final"));
    let mut categories = vec![category("survey", "Survey")];
    let code = match key {
        ItemKey::Rating(item) => {
            let name = diary_core::rules::rating_name(item);
            item_code(
                &rating_code(item),
                &format!(
                    "{} (0 none, 1 mild, 2 moderate, 3 severe, 4 very severe)",
                    capitalised(&name)
                ),
            )
        }
        ItemKey::Stools => item_code(
            "stools-above-usual",
            "Loose stools above the usual number in the last 24 hours",
        ),
        ItemKey::Vomiting => item_code(
            "vomiting-episodes",
            "Vomiting episodes in the last 24 hours",
        ),
        ItemKey::Temperature => {
            categories.push(category("vital-signs", "Vital Signs"));
            json!({ "coding": [{ "system": LOINC, "code": "8310-5", "display": "Body temperature" }], "text": "Body temperature" })
        }
        ItemKey::Weight => {
            categories.push(category("vital-signs", "Vital Signs"));
            json!({ "coding": [{ "system": LOINC, "code": "29463-7", "display": "Body weight" }], "text": "Body weight" })
        }
        ItemKey::Sign(sign) => item_code(
            &sign_code(sign),
            &capitalised(&sign.as_str().replace('_', " ")),
        ),
    };
    o.insert("category".into(), json!(categories));
    o.insert("code".into(), code);
    o.insert("subject".into(), json!({ "reference": patient_ref }));
    o.insert("effectiveDateTime".into(), json!(instant(&r.recorded_at)));
    o.insert("performer".into(), performer(r, patient_ref));
    match key {
        ItemKey::Rating(item) => {
            o.insert("valueInteger".into(), json!(r.rating(item).unwrap_or(0)));
        }
        ItemKey::Stools => {
            o.insert(
                "valueInteger".into(),
                json!(r.stools_above_usual.unwrap_or(0)),
            );
        }
        ItemKey::Vomiting => {
            o.insert(
                "valueInteger".into(),
                json!(r.vomiting_episodes.unwrap_or(0)),
            );
        }
        ItemKey::Temperature => {
            o.insert(
                "valueQuantity".into(),
                json!({ "value": r.temperature_c.unwrap_or(0.0), "unit": "°C", "system": UCUM, "code": "Cel" }),
            );
        }
        ItemKey::Weight => {
            o.insert(
                "valueQuantity".into(),
                json!({ "value": r.weight_kg.unwrap_or(0.0), "unit": "kg", "system": UCUM, "code": "kg" }),
            );
        }
        ItemKey::Sign(_) => {
            o.insert("valueBoolean".into(), json!(true));
        }
    }
    Value::Object(o)
}

/// The report's panel: when, by whom, the triage level, the note, and its items.
fn panel_observation(s: &SavedReport, patient_ref: &str) -> Value {
    let r = &s.report;
    let mut o = Map::new();
    o.insert("resourceType".into(), json!("Observation"));
    o.insert("id".into(), json!(panel_id(&s.uid)));
    o.insert("identifier".into(), identifier(SID_REPORT, &s.uid));
    o.insert("status".into(), json!("final"));
    o.insert("category".into(), json!([category("survey", "Survey")]));
    o.insert(
        "code".into(),
        item_code("daily-report", "Symptom Diary daily report"),
    );
    o.insert("subject".into(), json!({ "reference": patient_ref }));
    o.insert("effectiveDateTime".into(), json!(instant(&r.recorded_at)));
    o.insert("performer".into(), performer(r, patient_ref));
    // FHIR strings may not be empty: an empty note is no note.
    if let Some(note) = r.note.as_ref().filter(|n| !n.trim().is_empty()) {
        o.insert("note".into(), json!([{ "text": note }]));
    }
    let members: Vec<Value> = report_items(r)
        .into_iter()
        .map(|k| json!({ "reference": format!("Observation/{}", item_id(&s.uid, k)) }))
        .collect();
    if !members.is_empty() {
        o.insert("hasMember".into(), json!(members));
    }
    o.insert(
        "component".into(),
        json!([
            {
                "code": item_code("triage-level", "Triage level"),
                "valueCodeableConcept": { "coding": [{ "system": CS_LEVEL, "code": s.triage.level.as_str() }], "text": s.triage.level.as_str() }
            },
            {
                "code": item_code("ruleset", "Triage ruleset version"),
                "valueString": s.triage.ruleset
            }
        ]),
    );
    Value::Object(o)
}

/// A report as Observations: its panel first, then one per item, each sent with `PUT`.
pub fn report_entries(s: &SavedReport, patient_ref: &str) -> Vec<Entry> {
    let mut out = vec![Entry {
        resource: panel_observation(s, patient_ref),
        write: Write::Put,
    }];
    for key in report_items(&s.report) {
        out.push(Entry {
            resource: item_observation(s, key, patient_ref),
            write: Write::Put,
        });
    }
    out
}

/// The LOINC code and display of a lab test in a unit. Every pair here is a real LOINC
/// code for the serum/plasma (or blood count) analyte in that kind of unit.
pub fn lab_loinc(test: LabTest, unit: LabUnit) -> (&'static str, &'static str) {
    match (test, unit) {
        (LabTest::Bilirubin, LabUnit::MgPerDl) => {
            ("1975-2", "Bilirubin.total [Mass/volume] in Serum or Plasma")
        }
        (LabTest::Bilirubin, _) => (
            "14631-6",
            "Bilirubin.total [Moles/volume] in Serum or Plasma",
        ),
        (LabTest::Alt, _) => (
            "1742-6",
            "Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma",
        ),
        (LabTest::Ast, _) => (
            "1920-8",
            "Aspartate aminotransferase [Enzymatic activity/volume] in Serum or Plasma",
        ),
        (LabTest::Alp, _) => (
            "6768-6",
            "Alkaline phosphatase [Enzymatic activity/volume] in Serum or Plasma",
        ),
        (LabTest::Albumin, _) => ("1751-7", "Albumin [Mass/volume] in Serum or Plasma"),
        (LabTest::Platelets, _) => ("777-3", "Platelets [#/volume] in Blood by Automated count"),
        (LabTest::Neutrophils, _) => (
            "751-8",
            "Neutrophils [#/volume] in Blood by Automated count",
        ),
    }
}

/// The UCUM code of a lab unit (the diary's spelling is the human one).
pub fn ucum(unit: LabUnit) -> &'static str {
    match unit {
        LabUnit::UmolPerL => "umol/L",
        LabUnit::MgPerDl => "mg/dL",
        LabUnit::UPerL => "U/L",
        LabUnit::GPerL => "g/L",
        LabUnit::GPerDl => "g/dL",
        LabUnit::E9PerL => "10*9/L",
        LabUnit::E3PerUl => "10*3/uL",
    }
}

fn quantity(value: f64, unit: LabUnit) -> Value {
    json!({ "value": value, "unit": unit.as_str(), "system": UCUM, "code": ucum(unit) })
}

/// A lab result as a `laboratory` Observation with its reference range, sent with `PUT`.
pub fn lab_entry(uid: &str, lab: &LabResult, patient_ref: &str) -> Entry {
    let (code, display) = lab_loinc(lab.test, lab.unit);
    let mut o = Map::new();
    o.insert("resourceType".into(), json!("Observation"));
    o.insert("id".into(), json!(resource_id(SID_LAB, uid)));
    o.insert("identifier".into(), identifier(SID_LAB, uid));
    o.insert("status".into(), json!("final"));
    o.insert(
        "category".into(),
        json!([category("laboratory", "Laboratory")]),
    );
    o.insert(
        "code".into(),
        json!({ "coding": [{ "system": LOINC, "code": code, "display": display }], "text": lab.test.as_str() }),
    );
    o.insert("subject".into(), json!({ "reference": patient_ref }));
    o.insert(
        "effectiveDateTime".into(),
        json!(lab.taken_on.format("%Y-%m-%d").to_string()),
    );
    o.insert("valueQuantity".into(), quantity(lab.value, lab.unit));
    let flag = match (lab.ref_low, lab.ref_high) {
        (_, Some(h)) if lab.value > h => Some(("H", "High")),
        (Some(l), _) if lab.value < l => Some(("L", "Low")),
        (None, None) => None,
        _ => Some(("N", "Normal")),
    };
    if let Some((c, d)) = flag {
        o.insert(
            "interpretation".into(),
            json!([{ "coding": [{ "system": INTERPRETATION, "code": c, "display": d }] }]),
        );
    }
    if let Some(b) = lab.baseline {
        o.insert(
            "note".into(),
            json!([{ "text": format!("Pre-treatment baseline: {b} {}", lab.unit.as_str()) }]),
        );
    }
    let mut range = Map::new();
    if let Some(l) = lab.ref_low {
        range.insert("low".into(), quantity(l, lab.unit));
    }
    if let Some(h) = lab.ref_high {
        range.insert("high".into(), quantity(h, lab.unit));
    }
    if !range.is_empty() {
        o.insert("referenceRange".into(), json!([Value::Object(range)]));
    }
    Entry {
        resource: Value::Object(o),
        write: Write::Put,
    }
}

/// A week of reports, as the weekly summary sees them.
#[derive(Debug, Clone)]
pub struct Week<'a> {
    /// Its Monday, in the reports' own offset.
    pub start: NaiveDate,
    /// The offset of the week's boundaries, seconds east of UTC.
    pub offset_s: i32,
    pub reports: &'a [SavedReport],
    /// The latest weekly check-in answered before the week ended, if any (the clinical
    /// reference: "the care-team summary shows the latest check-in").
    pub latest_checkin: Option<&'a SavedCheckin>,
}

/// A check-in's scores and triage in one line for the care team (English), e.g.
/// "Latest weekly check-in, 2026-11-19 (patient): PHQ-2 4/6, GAD-2 1/6, function 2/4,
/// social 1/4, eating 2/3; amber (A-SELF-HARM, G-MOOD)."
pub fn checkin_summary(s: &SavedCheckin) -> String {
    let c = &s.checkin;
    let scores = c.scores();
    let rules: Vec<String> = s.triage.alerts.iter().map(|a| a.rule.to_string()).collect();
    let level = if rules.is_empty() {
        s.triage.level.to_string()
    } else {
        format!("{} ({})", s.triage.level, rules.join(", "))
    };
    format!(
        "Latest weekly check-in, {} ({}): {}; {level}.",
        c.answered_at.format("%Y-%m-%d"),
        c.reporter,
        scores.join(", ")
    )
}

/// The weekly summary as a DiagnosticReport: the week, the number of reports by level,
/// the alerts that fired, the worst rating of each item, the latest weekly check-in in
/// words, and its panels as `result`. Its identifier is the diary's own id (a random UUID
/// the diary keeps in its settings) and the week's Monday: never the patient's MRN.
pub fn weekly_summary_entry(
    week: &Week<'_>,
    diary_id: &str,
    patient_ref: &str,
    now: DateTime<Utc>,
) -> Entry {
    let off = FixedOffset::east_opt(week.offset_s).unwrap_or(FixedOffset::east_opt(0).unwrap());
    let start = off
        .from_local_datetime(&week.start.and_hms_opt(0, 0, 0).unwrap())
        .single()
        .unwrap();
    let end = start + Duration::days(7);
    let value = format!("diary-{diary_id}/{}", week.start.format("%Y-%m-%d"));
    let mut by_level: BTreeMap<Level, usize> = BTreeMap::new();
    let mut rules: BTreeMap<(Level, String), usize> = BTreeMap::new();
    let mut worst: BTreeMap<Rating, u8> = BTreeMap::new();
    for s in week.reports {
        *by_level.entry(s.triage.level).or_default() += 1;
        for a in &s.triage.alerts {
            *rules.entry((a.level, a.rule.to_string())).or_default() += 1;
        }
        for (k, v) in &s.report.ratings {
            let w = worst.entry(*k).or_default();
            *w = (*w).max(*v);
        }
    }
    let n = week.reports.len();
    let mut text = format!(
        "{n} report{} ({} red, {} amber, {} green, {} none).",
        if n == 1 { "" } else { "s" },
        by_level.get(&Level::Red).unwrap_or(&0),
        by_level.get(&Level::Amber).unwrap_or(&0),
        by_level.get(&Level::Green).unwrap_or(&0),
        by_level.get(&Level::None).unwrap_or(&0),
    );
    if !rules.is_empty() {
        let list: Vec<String> = rules
            .iter()
            .rev()
            .map(|((l, r), c)| format!("{r} ({l}) ×{c}"))
            .collect();
        text.push_str(&format!(" Alerts: {}.", list.join(", ")));
    }
    if !worst.is_empty() {
        let list: Vec<String> = worst
            .iter()
            .map(|(k, v)| format!("{} {v}", diary_core::rules::rating_name(*k)))
            .collect();
        text.push_str(&format!(" Worst ratings (0–4): {}.", list.join(", ")));
    }
    if let Some(c) = week.latest_checkin {
        text.push(' ');
        text.push_str(&checkin_summary(c));
    }
    let results: Vec<Value> = week
        .reports
        .iter()
        // The panels were sent in earlier bundles: a literal reference for a server that
        // keeps the diary's ids, and the panel's identifier for one that assigns its own
        // (capability::write_bundle keeps only the identifier there).
        .map(|s| {
            json!({
                "reference": format!("Observation/{}", panel_id(&s.uid)),
                "type": "Observation",
                "identifier": { "system": SID_REPORT, "value": s.uid }
            })
        })
        .collect();
    let mut d = Map::new();
    d.insert("resourceType".into(), json!("DiagnosticReport"));
    d.insert("id".into(), json!(resource_id(SID_SUMMARY, &value)));
    d.insert("identifier".into(), identifier(SID_SUMMARY, &value));
    d.insert("status".into(), json!("final"));
    d.insert(
        "code".into(),
        item_code("weekly-summary", "Symptom Diary weekly summary"),
    );
    d.insert("subject".into(), json!({ "reference": patient_ref }));
    d.insert(
        "effectivePeriod".into(),
        json!({ "start": instant(&start), "end": instant(&end) }),
    );
    d.insert("issued".into(), json!(utc_instant(&now)));
    if !results.is_empty() {
        d.insert("result".into(), json!(results));
    }
    d.insert("conclusion".into(), json!(text));
    Entry {
        resource: Value::Object(d),
        write: Write::Put,
    }
}
