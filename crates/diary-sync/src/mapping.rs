//! The diary as FHIR R4 resources: pure functions from saved reports, lab results and
//! alerts to JSON resources and transaction-bundle entries, and back from the server's
//! Tasks to inbox items. It exists so that what the care team's server receives is decided
//! in one place, without a network or a clock (time is a parameter), and can be pinned by
//! golden-JSON tests (`src/golden/`).
//!
//! Choices, written down in `docs/fhir.md`:
//! - a report is a panel Observation (category `survey`, `hasMember` → one Observation per
//!   item asked); temperature and weight carry LOINC codes and UCUM units, the rest the
//!   project's CodeSystem [`CS_ITEM`], because LOINC has no code for this app's 0–4 items;
//! - a lab result is a `laboratory` Observation with its LOINC code, UCUM unit and the
//!   lab's reference range;
//! - an alert is a Task (searchable by `status` and `priority`), `focus` on the report's
//!   panel, `input` naming the Observations that triggered it;
//! - a week is a DiagnosticReport whose `result` lists the week's panels.
//!
//! Every resource carries a business identifier. Observations and DiagnosticReports get a
//! client-assigned id (a UUID v5 of that identifier) and are sent with `PUT`, so a second
//! send rewrites the same resource; Tasks are sent with `POST` + `ifNoneExist`, so a second
//! send never overwrites a clinician's acknowledgement.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, SecondsFormat, TimeZone, Utc};
use diary_core::model::*;
use diary_core::store::{PatientIdentifier, SavedAlert, SavedReport};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

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

/// The project code of a rating: its spec spelling with hyphens (`appetite-loss`).
pub fn rating_code(item: Rating) -> String {
    item.as_str().replace('_', "-")
}

/// The project code of a sign: `sign-` and its spelling with hyphens (`sign-dark-urine`).
pub fn sign_code(sign: Sign) -> String {
    format!("sign-{}", sign.as_str().replace('_', "-"))
}

/// The key of one item Observation inside its report; also the tail of its identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ItemKey {
    Rating(Rating),
    Stools,
    Vomiting,
    Temperature,
    Weight,
    Sign(Sign),
}

impl ItemKey {
    pub fn code(self) -> String {
        match self {
            ItemKey::Rating(r) => rating_code(r),
            ItemKey::Stools => "stools-above-usual".into(),
            ItemKey::Vomiting => "vomiting-episodes".into(),
            ItemKey::Temperature => "temperature".into(),
            ItemKey::Weight => "weight".into(),
            ItemKey::Sign(s) => sign_code(s),
        }
    }

    /// The alert subjects this item can trigger (the clinical reference's subjects).
    fn subjects(self) -> Vec<&'static str> {
        match self {
            ItemKey::Rating(r) => {
                let mut v = vec![diary_core::rules::rating_subject(r)];
                if r == Rating::Jaundice {
                    v.push("cholangitis");
                }
                v
            }
            ItemKey::Stools => vec!["bowel"],
            ItemKey::Vomiting => vec!["stomach"],
            ItemKey::Temperature => vec!["temperature", "cholangitis"],
            ItemKey::Weight => vec!["weight", "fluid"],
            ItemKey::Sign(s) => match s {
                Sign::DarkUrine | Sign::PaleStools => vec!["liver", "cholangitis"],
                Sign::BlackStools
                | Sign::VomitingBlood
                | Sign::Bruising
                | Sign::UncontrolledBleeding => vec!["bleeding"],
                Sign::Confusion => vec!["confusion"],
                Sign::ChestPain => vec!["chest"],
                Sign::Shivering => vec!["temperature", "cholangitis"],
                Sign::UnableToKeepFluids => vec!["stomach"],
                Sign::BreathlessAtRest => vec!["lungs"],
            },
        }
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
    format!("{report_uid}/{}", key.code())
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
pub fn triggering_items(report: &Report, subject: &str) -> Vec<ItemKey> {
    report_items(report)
        .into_iter()
        .filter(|k| k.subjects().contains(&subject))
        .collect()
}

/// An alert as a Task for the care team: open (`requested`) until acknowledged, priority
/// from its level, `focus` on the report's panel, `input` the triggering Observations.
pub fn alert_entry(alert: &SavedAlert, report: &SavedReport, patient_ref: &str) -> Entry {
    let a = &alert.alert;
    let mut t = Map::new();
    t.insert("resourceType".into(), json!("Task"));
    t.insert("id".into(), json!(resource_id(SID_ALERT, &alert.uid)));
    t.insert("identifier".into(), identifier(SID_ALERT, &alert.uid));
    t.insert("status".into(), json!("requested"));
    t.insert("intent".into(), json!("order"));
    t.insert("priority".into(), json!(priority(a.level)));
    t.insert(
        "code".into(),
        json!({
            "coding": [
                { "system": CS_ITEM, "code": TASK_CODE, "display": "Review a Symptom Diary alert" },
                { "system": CS_RULE, "code": a.rule, "version": report.triage.ruleset }
            ],
            "text": format!("{} alert {}", capitalised(a.level.as_str()), a.rule)
        }),
    );
    if !a.detail.trim().is_empty() {
        t.insert("description".into(), json!(a.detail));
    }
    t.insert(
        "focus".into(),
        json!({ "reference": format!("Observation/{}", panel_id(&report.uid)) }),
    );
    t.insert("for".into(), json!({ "reference": patient_ref }));
    t.insert(
        "authoredOn".into(),
        json!(instant(&report.report.recorded_at)),
    );
    t.insert("requester".into(), json!({ "reference": patient_ref }));
    t.insert(
        "reasonCode".into(),
        json!({ "coding": [{ "system": CS_SUBJECT, "code": a.subject }], "text": a.subject }),
    );
    let inputs: Vec<Value> = triggering_items(&report.report, &a.subject)
        .into_iter()
        .map(|k| {
            json!({
                "type": { "coding": [{ "system": CS_ITEM, "code": "triggering-observation" }], "text": "triggering observation" },
                "valueReference": { "reference": format!("Observation/{}", item_id(&report.uid, k)) }
            })
        })
        .collect();
    if !inputs.is_empty() {
        t.insert("input".into(), json!(inputs));
    }
    Entry {
        resource: Value::Object(t),
        write: Write::CreateOnce,
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

/// A week of reports, as the weekly summary sees them.
#[derive(Debug, Clone)]
pub struct Week<'a> {
    /// Its Monday, in the reports' own offset.
    pub start: NaiveDate,
    /// The offset of the week's boundaries, seconds east of UTC.
    pub offset_s: i32,
    pub reports: &'a [SavedReport],
}

/// The weekly summary as a DiagnosticReport: the week, the number of reports by level,
/// the alerts that fired, the worst rating of each item, and its panels as `result`.
pub fn weekly_summary_entry(
    week: &Week<'_>,
    patient: &PatientIdentifier,
    patient_ref: &str,
    now: DateTime<Utc>,
) -> Entry {
    let off = FixedOffset::east_opt(week.offset_s).unwrap_or(FixedOffset::east_opt(0).unwrap());
    let start = off
        .from_local_datetime(&week.start.and_hms_opt(0, 0, 0).unwrap())
        .single()
        .unwrap();
    let end = start + Duration::days(7);
    let value = format!("{}/{}", patient.token(), week.start.format("%Y-%m-%d"));
    let mut by_level: BTreeMap<Level, usize> = BTreeMap::new();
    let mut rules: BTreeMap<(Level, String), usize> = BTreeMap::new();
    let mut worst: BTreeMap<Rating, u8> = BTreeMap::new();
    for s in week.reports {
        *by_level.entry(s.triage.level).or_default() += 1;
        for a in &s.triage.alerts {
            *rules.entry((a.level, a.rule.clone())).or_default() += 1;
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
    let results: Vec<Value> = week
        .reports
        .iter()
        .map(|s| json!({ "reference": format!("Observation/{}", panel_id(&s.uid)) }))
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

/// A transaction bundle of `entries`; `base` is the server's base URL (for `fullUrl`).
pub fn transaction(entries: &[Entry], base: &str) -> Value {
    let base = base.trim_end_matches('/');
    let list: Vec<Value> = entries
        .iter()
        .map(|e| {
            let ty = e.resource_type();
            let id = e.id();
            match e.write {
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
                            "ifNoneExist": format!("identifier={}", e.identifier())
                        }
                    })
                }
            }
        })
        .collect();
    json!({ "resourceType": "Bundle", "type": "transaction", "entry": list })
}

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
    let rule = codings
        .iter()
        .find(|c| c["system"] == CS_RULE)
        .and_then(|c| c["code"].as_str())
        .unwrap_or("")
        .to_string();
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
        subject: task["reasonCode"]["coding"][0]["code"]
            .as_str()
            .unwrap_or("")
            .to_string(),
        detail: task["description"].as_str().unwrap_or("").to_string(),
        status: task["status"].as_str().unwrap_or("").to_string(),
        patient: None,
        patient_ref: task["for"]["reference"].as_str().unwrap_or("").to_string(),
        recorded_at: task["authoredOn"].as_str().map(str::to_string),
        report: Vec::new(),
        note: None,
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

/// When a Task was acknowledged: `lastModified`, else `executionPeriod.end`, else the
/// server's `meta.lastUpdated`.
pub fn acknowledged_at(task: &Value) -> Option<DateTime<Utc>> {
    [
        &task["lastModified"],
        &task["executionPeriod"]["end"],
        &task["meta"]["lastUpdated"],
    ]
    .iter()
    .filter_map(|v| v.as_str())
    .find_map(|s| DateTime::parse_from_rfc3339(s).ok())
    .map(|t| t.with_timezone(&Utc))
}

/// The acknowledged form of a Task read from the server: `completed`, with the time.
pub fn acknowledge(task: &Value, now: DateTime<Utc>) -> Value {
    let mut t = task.clone();
    let at = utc_instant(&now);
    if let Some(o) = t.as_object_mut() {
        o.insert("status".into(), json!("completed"));
        o.insert("lastModified".into(), json!(at));
        let mut period = o
            .get("executionPeriod")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        period.insert("end".into(), json!(at));
        o.insert("executionPeriod".into(), Value::Object(period));
    }
    t
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
