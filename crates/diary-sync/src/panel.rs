//! The clinician console's data: one row per patient ([`patient_panel`], [`panel_rows`]) and
//! one patient's page ([`patient_page`]: the reports read back for the trend charts, and
//! every alert with what was done about it). A nurse watching many patients needs, at a
//! glance, who has a red nobody has acknowledged, who has stopped reporting, and how each
//! one's week went, without opening every alert; the inbox ([`crate::inbox`]) lists alerts,
//! this groups them by patient. Like the inbox it reads the care team's server only, with
//! a few searches on this app's codes (never the whole server), and the grouping, the
//! counts and the order are pure functions of what the server returned and of `now` (a
//! parameter: no clock is read here), so case tables pin them.

use crate::client::Client;
use crate::inbox::{self, parse_instant, ServerConfig};
use crate::mapping::{self, InboxItem};
use crate::SyncError;
use chrono::{DateTime, SecondsFormat, Utc};
use diary_core::model::{Level, Rating};
use diary_core::rules::NO_REPORT_HOURS;
use diary_core::FieldError;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// The overdue rule is the inbox's (a rule about an inbox item); it is read here under
/// this module's name too, where the console and the CLI have always found it.
pub use crate::inbox::{is_overdue, OVERDUE_AFTER};
/// How far back [`patient_panel`] looks for report panels and check-ins across patients; a
/// patient with an open alert and nothing that recent is looked up on their own.
pub const PANEL_WINDOW: chrono::Duration = chrono::Duration::days(30);

/// The argument of [`patient_page`] as errors name it: the patient's reference.
pub const PATIENT_FIELD: &str = "patient";

/// The code of a report's panel Observation.
pub const PANEL_CODE: &str = "daily-report";

/// One patient in the clinician's panel.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PanelRow {
    /// `Patient/<id>`.
    pub patient_ref: String,
    /// The patient's identifier at the care team (`system|value`), as the inbox shows it.
    pub identifier: Option<String>,
    /// The name as the server holds it ("Dilnoza Karimova").
    pub name: Option<String>,
    pub birth_year: Option<i32>,
    /// Alerts not closed (unseen or seen) at red.
    pub open_red: u32,
    /// Alerts not closed (unseen or seen) at amber.
    pub open_amber: u32,
    /// Alerts nobody acknowledged yet (any level).
    pub unseen: u32,
    /// Reds unacknowledged for [`OVERDUE_AFTER`] or longer at `now`.
    pub overdue_red: u32,
    /// The latest report panel's effective time (RFC 3339).
    pub last_report_at: Option<String>,
    pub last_report_level: Option<Level>,
    /// No report for [`NO_REPORT_HOURS`] hours or longer at `now`, as the diary's own
    /// A-NO-REPORT rule counts them (never reported: `false`, with `last_report_at` `None`),
    /// or an open A-NO-REPORT alert.
    pub no_report: bool,
    /// When the latest weekly check-in was answered.
    pub last_checkin_at: Option<String>,
    /// The latest weekly check-in in short words ("PHQ-2 3 of 6", "eating 1 of 3", ...).
    pub last_checkin: Vec<String>,
}

/// One report read back from the server, for the trend charts.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ServerReport {
    pub recorded_at: String,
    /// Keys as [`Rating::as_str`] (`appetite_loss`).
    pub ratings: BTreeMap<String, u8>,
    pub temperature_c: Option<f64>,
    pub weight_kg: Option<f64>,
    /// The report's triage level.
    pub level: Level,
    /// Ratings whose subject has an amber or red alert from this report (as the app's
    /// trend chart marks them).
    pub flagged_ratings: Vec<String>,
}

/// One patient's page of the console.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PatientPage {
    pub row: PanelRow,
    /// The reports recorded at or after `since`, oldest first.
    pub reports: Vec<ServerReport>,
    /// Every alert of the patient since `since`, any status, newest first, with the report
    /// in words, the follow-up answers, who saw it and the care team's notes.
    pub alerts: Vec<InboxItem>,
}

fn search_instant(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A report panel's triage level (its `triage-level` component).
pub fn panel_level(panel: &Value) -> Option<Level> {
    panel["component"].as_array()?.iter().find_map(|c| {
        let is_level = c["code"]["coding"]
            .as_array()
            .is_some_and(|cs| cs.iter().any(|c| c["code"] == "triage-level"));
        if !is_level {
            return None;
        }
        c["valueCodeableConcept"]["coding"]
            .as_array()?
            .iter()
            .find(|c| c["system"] == mapping::CS_LEVEL)
            .and_then(|c| c["code"].as_str())
            .and_then(Level::parse)
    })
}

/// Whether `o` is one of this app's report panels.
pub fn is_report_panel(o: &Value) -> bool {
    o["resourceType"] == "Observation"
        && o["code"]["coding"].as_array().is_some_and(|cs| {
            cs.iter()
                .any(|c| c["system"] == mapping::CS_ITEM && c["code"] == PANEL_CODE)
        })
}

/// Whether `q` is this app's weekly check-in.
pub fn is_checkin(q: &Value) -> bool {
    q["resourceType"] == "QuestionnaireResponse"
        && q["questionnaire"].as_str().is_some_and(|u| {
            u.starts_with(&format!(
                "{}/Questionnaire/weekly-checkin",
                mapping::CANONICAL_BASE
            ))
        })
}

/// A check-in's answers in short words: the totals and the project's own items, then the
/// triage level ("PHQ-2 3 of 6", "GAD-2 1 of 6", "thoughts of self-harm", "function 2 of
/// 4", "social 1 of 4", "eating 2 of 3", "triage amber"). The PHQ-2 and GAD-2 items are
/// left to their totals.
pub fn checkin_words(q: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for item in q["item"].as_array().cloned().unwrap_or_default() {
        let link = item["linkId"].as_str().unwrap_or("");
        let answer = &item["answer"][0];
        let int = answer["valueInteger"].as_i64();
        let words = match (link, int) {
            ("phq2-total", Some(n)) => Some(format!("PHQ-2 {n} of 6")),
            ("gad2-total", Some(n)) => Some(format!("GAD-2 {n} of 6")),
            ("function", Some(n)) => Some(format!("function {n} of 4")),
            ("social", Some(n)) => Some(format!("social {n} of 4")),
            ("eating", Some(n)) => Some(format!("eating {n} of 3")),
            ("caregiver-strain", Some(n)) => Some(format!("caregiver strain {n} of 4")),
            ("self-harm", _) => match answer["valueBoolean"].as_bool() {
                Some(true) => Some("thoughts of self-harm".to_string()),
                Some(false) => Some("no thoughts of self-harm".to_string()),
                None => None,
            },
            ("triage-level", _) => answer["valueString"]
                .as_str()
                .map(|l| format!("triage {l}")),
            _ => None,
        };
        out.extend(words);
    }
    out
}

fn patient_identifier(p: &Value) -> Option<String> {
    p["identifier"][0]["value"].as_str().map(|v| {
        format!(
            "{}|{v}",
            p["identifier"][0]["system"].as_str().unwrap_or("")
        )
    })
}

fn patient_name(p: &Value) -> Option<String> {
    let names = p["name"].as_array()?;
    let n = names
        .iter()
        .find(|n| n["use"] == "official")
        .or_else(|| names.first())?;
    if let Some(t) = n["text"].as_str().filter(|t| !t.trim().is_empty()) {
        return Some(t.trim().to_string());
    }
    let mut parts: Vec<String> = n["given"]
        .as_array()
        .map(|g| {
            g.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    if let Some(f) = n["family"].as_str() {
        parts.push(f.to_string());
    }
    let s = parts.join(" ");
    (!s.trim().is_empty()).then(|| s.trim().to_string())
}

fn birth_year(p: &Value) -> Option<i32> {
    p["birthDate"].as_str()?.get(0..4)?.parse().ok()
}

fn subject_ref(r: &Value) -> Option<&str> {
    r["subject"]["reference"].as_str()
}

/// The panel's rows from the server's resources: the `patients`, their alert `tasks`
/// (Tasks of other apps are skipped), their `report_panels` and `checkins`, at `now`.
/// Every patient given gets a row, and so does every patient a Task or a panel refers to
/// (with no name). Ordered: overdue red first, then open red, then open amber, then no
/// report, then the rest; within each, by name (then identifier, then reference).
pub fn panel_rows(
    patients: &[Value],
    tasks: &[Value],
    report_panels: &[Value],
    checkins: &[Value],
    now: DateTime<Utc>,
) -> Vec<PanelRow> {
    let mut rows: BTreeMap<String, PanelRow> = BTreeMap::new();
    let blank = PanelRow::empty;
    for p in patients.iter().filter(|p| p["resourceType"] == "Patient") {
        let Some(id) = p["id"].as_str() else { continue };
        let r = format!("Patient/{id}");
        let mut row = blank(&r);
        row.identifier = patient_identifier(p);
        row.name = patient_name(p);
        row.birth_year = birth_year(p);
        rows.insert(r, row);
    }
    let mut no_report_task: BTreeSet<String> = BTreeSet::new();
    for t in tasks.iter().filter(|t| t["resourceType"] == "Task") {
        let Some(mut item) = mapping::inbox_item_from_task(t) else {
            continue;
        };
        if item.patient_ref.is_empty() {
            continue;
        }
        let open = mapping::UNSEEN_STATUSES.contains(&item.status.as_str())
            || item.status == mapping::SEEN_STATUS;
        if !open {
            continue;
        }
        item.overdue = is_overdue(&item, now);
        let row = rows
            .entry(item.patient_ref.clone())
            .or_insert_with(|| blank(&item.patient_ref));
        match item.level {
            Level::Red => row.open_red += 1,
            Level::Amber => row.open_amber += 1,
            _ => {}
        }
        if mapping::UNSEEN_STATUSES.contains(&item.status.as_str()) {
            row.unseen += 1;
        }
        if item.overdue {
            row.overdue_red += 1;
        }
        if item.rule == "A-NO-REPORT" {
            no_report_task.insert(item.patient_ref.clone());
        }
    }
    for p in report_panels.iter().filter(|p| is_report_panel(p)) {
        let (Some(r), Some(at)) = (subject_ref(p), p["effectiveDateTime"].as_str()) else {
            continue;
        };
        let Some(t) = parse_instant(at) else { continue };
        let row = rows.entry(r.to_string()).or_insert_with(|| blank(r));
        if later_than(row.last_report_at.as_deref(), t) {
            row.last_report_at = Some(at.to_string());
            row.last_report_level = panel_level(p);
        }
    }
    for q in checkins.iter().filter(|q| is_checkin(q)) {
        let (Some(r), Some(at)) = (subject_ref(q), q["authored"].as_str()) else {
            continue;
        };
        let Some(t) = parse_instant(at) else { continue };
        // Check-ins do not add patients: only those with alerts or reports are listed.
        let Some(row) = rows.get_mut(r) else { continue };
        if later_than(row.last_checkin_at.as_deref(), t) {
            row.last_checkin_at = Some(at.to_string());
            row.last_checkin = checkin_words(q);
        }
    }
    let mut out: Vec<PanelRow> = rows
        .into_values()
        .map(|mut row| {
            let silent = row
                .last_report_at
                .as_deref()
                .and_then(parse_instant)
                .is_some_and(|t| now - t >= chrono::Duration::hours(NO_REPORT_HOURS));
            row.no_report = silent || no_report_task.contains(&row.patient_ref);
            row
        })
        .collect();
    out.sort_by(|a, b| {
        tier(a)
            .cmp(&tier(b))
            .then_with(|| sort_name(a).cmp(&sort_name(b)))
            .then_with(|| a.patient_ref.cmp(&b.patient_ref))
    });
    out
}

fn tier(r: &PanelRow) -> u8 {
    if r.overdue_red > 0 {
        0
    } else if r.open_red > 0 {
        1
    } else if r.open_amber > 0 {
        2
    } else if r.no_report {
        3
    } else {
        4
    }
}

/// Named patients first, by name (case-insensitive); then by identifier.
fn sort_name(r: &PanelRow) -> (bool, String, String) {
    (
        r.name.is_none(),
        r.name.as_deref().unwrap_or("").to_lowercase(),
        r.identifier.clone().unwrap_or_default(),
    )
}

/// A report read back from its panel, its item Observations (`members`; others are
/// skipped) and the alert Tasks whose focus is the panel (for the flagged ratings). `None`
/// for anything that is not one of this app's report panels.
pub fn server_report(
    panel: &Value,
    members: &[Value],
    tasks_for_it: &[Value],
) -> Option<ServerReport> {
    if !is_report_panel(panel) {
        return None;
    }
    let recorded_at = panel["effectiveDateTime"].as_str()?.to_string();
    let wanted: BTreeSet<&str> = panel["hasMember"]
        .as_array()
        .map(|m| {
            m.iter()
                .filter_map(|m| m["reference"].as_str())
                .filter_map(|r| r.strip_prefix("Observation/"))
                .collect()
        })
        .unwrap_or_default();
    let mut ratings = BTreeMap::new();
    let mut temperature_c = None;
    let mut weight_kg = None;
    for o in members
        .iter()
        .filter(|o| o["id"].as_str().is_some_and(|id| wanted.contains(id)))
    {
        let coding = &o["code"]["coding"][0];
        let code = coding["code"].as_str().unwrap_or("");
        if coding["system"] == mapping::LOINC {
            let v = o["valueQuantity"]["value"].as_f64();
            match code {
                "8310-5" => temperature_c = v,
                "29463-7" => weight_kg = v,
                _ => {}
            }
        } else if coding["system"] == mapping::CS_ITEM {
            if let Some(r) = Rating::parse(&code.replace('-', "_")) {
                if let Some(v) = o["valueInteger"].as_u64().filter(|v| *v <= 4) {
                    ratings.insert(r.as_str().to_string(), v as u8);
                }
            }
        }
    }
    let panel_ref = format!("Observation/{}", panel["id"].as_str().unwrap_or(""));
    let flagged_subjects: BTreeSet<String> = tasks_for_it
        .iter()
        .filter(|t| t["focus"]["reference"] == panel_ref.as_str())
        .filter_map(mapping::inbox_item_from_task)
        .filter(|i| i.level >= Level::Amber)
        .map(|i| i.subject)
        .collect();
    let flagged_ratings = ratings
        .keys()
        .filter(|k| {
            Rating::parse(k).is_some_and(|r| {
                flagged_subjects.contains(diary_core::rules::rating_subject(r).as_str())
            })
        })
        .cloned()
        .collect();
    Some(ServerReport {
        recorded_at,
        ratings,
        temperature_c,
        weight_kg,
        level: panel_level(panel).unwrap_or(Level::None),
        flagged_ratings,
    })
}

fn code_param(code: &str) -> String {
    mapping::token_param(mapping::CS_ITEM, code)
}

/// The open alert Tasks across patients (unseen or seen, not closed).
fn open_tasks(client: &Client) -> Result<Vec<Value>, SyncError> {
    let mut statuses: Vec<&str> = mapping::UNSEEN_STATUSES.to_vec();
    statuses.push(mapping::SEEN_STATUS);
    client.search_all(
        "Task",
        &[
            ("code", code_param(mapping::TASK_CODE)),
            ("status", statuses.join(",")),
            ("_count", "100".into()),
        ],
    )
}

/// Every report panel of one patient (no date limit): for the latest one when nothing
/// recent was found.
fn all_panels_of(client: &Client, patient_ref: &str) -> Result<Vec<Value>, SyncError> {
    client.search_all(
        "Observation",
        &[
            ("code", code_param(PANEL_CODE)),
            ("subject", patient_ref.to_string()),
            ("_count", "100".into()),
        ],
    )
}

/// The clinician's panel: every patient with an open alert or a report in the last
/// [`PANEL_WINDOW`], as [`panel_rows`] orders them. A few searches: the open alert Tasks
/// (by this app's Task code and status), the report panels of the window (by this app's
/// panel code and date), the Patients they refer to (by id), their check-ins of the window
/// (by subject), and for a patient with an open alert but no recent panel, that patient's
/// panels. Nothing else on the server is listed.
pub fn patient_panel(
    config: &ServerConfig,
    now: DateTime<Utc>,
) -> Result<Vec<PanelRow>, SyncError> {
    let client = config.client()?;
    let tasks: Vec<Value> = open_tasks(&client)?
        .into_iter()
        .filter(|t| mapping::inbox_item_from_task(t).is_some())
        .collect();
    let mut panels: Vec<Value> = client
        .search_all(
            "Observation",
            &[
                ("code", code_param(PANEL_CODE)),
                ("date", format!("ge{}", search_instant(now - PANEL_WINDOW))),
                ("_count", "100".into()),
            ],
        )?
        .into_iter()
        .filter(is_report_panel)
        .collect();
    let mut refs: BTreeSet<String> = BTreeSet::new();
    for t in &tasks {
        if let Some(r) = t["for"]["reference"].as_str() {
            refs.insert(r.to_string());
        }
    }
    let with_panel: BTreeSet<String> = panels
        .iter()
        .filter_map(|p| subject_ref(p).map(str::to_string))
        .collect();
    for r in refs.difference(&with_panel) {
        if inbox::ref_id(r, "Patient").is_some() {
            panels.extend(
                all_panels_of(&client, r)?
                    .into_iter()
                    .filter(is_report_panel),
            );
        }
    }
    refs.extend(with_panel);
    let ids: Vec<String> = refs
        .iter()
        .filter_map(|r| inbox::ref_id(r, "Patient").map(str::to_string))
        .collect();
    let patients = inbox::fetch_by_id(&client, "Patient", &ids)?;
    let mut checkins = Vec::new();
    for chunk in ids.chunks(50) {
        let subjects: Vec<String> = chunk.iter().map(|id| format!("Patient/{id}")).collect();
        checkins.extend(client.search_all(
            "QuestionnaireResponse",
            &[
                ("subject", subjects.join(",")),
                (
                    "authored",
                    format!("ge{}", search_instant(now - PANEL_WINDOW)),
                ),
                ("_count", "100".into()),
            ],
        )?);
    }
    Ok(panel_rows(&patients, &tasks, &panels, &checkins, now))
}

/// Checks a patient reference as [`patient_page`] takes it: `Patient/<id>` (or the bare
/// id), the id as FHIR allows ids. Errors name [`PATIENT_FIELD`].
pub fn patient_ref(text: &str) -> Result<String, SyncError> {
    let t = text.trim();
    let id = t.strip_prefix("Patient/").unwrap_or(t);
    let ok = !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
    if !ok {
        return Err(FieldError::new(
            PATIENT_FIELD,
            format!("\"{t}\" is not a patient reference (Patient/<id>) from the panel"),
        )
        .into());
    }
    Ok(format!("Patient/{id}"))
}

/// One patient's page: the panel row, the reports recorded at or after `since` for the
/// charts (oldest first), and every alert of the patient since `since` whatever its status
/// (newest first), each with its report in words, the follow-up answers, who saw it and the
/// notes. `patient_ref` is `Patient/<id>` as the panel lists it; a wrong one is refused
/// naming `patient`, one the server does not have is `not_found`.
pub fn patient_page(
    config: &ServerConfig,
    patient_ref: &str,
    since: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<PatientPage, SyncError> {
    let r = self::patient_ref(patient_ref)?;
    let client = config.client()?;
    let id = r.trim_start_matches("Patient/");
    let patient = client.read("Patient", id)?.body;
    let tasks: Vec<Value> = client
        .search_all(
            "Task",
            &[
                ("code", code_param(mapping::TASK_CODE)),
                ("subject", r.clone()),
                ("_count", "100".into()),
            ],
        )?
        .into_iter()
        .filter(|t| t["resourceType"] == "Task" && t["for"]["reference"] == r.as_str())
        .filter(|t| mapping::inbox_item_from_task(t).is_some())
        .collect();
    let mut panels: Vec<Value> = client
        .search_all(
            "Observation",
            &[
                ("code", code_param(PANEL_CODE)),
                ("subject", r.clone()),
                ("date", format!("ge{}", search_instant(since))),
                ("_count", "100".into()),
            ],
        )?
        .into_iter()
        .filter(|p| is_report_panel(p) && subject_ref(p) == Some(r.as_str()))
        .collect();
    let in_period: Vec<Value> = panels
        .iter()
        .filter(|p| {
            p["effectiveDateTime"]
                .as_str()
                .and_then(parse_instant)
                .is_some_and(|t| t >= since)
        })
        .cloned()
        .collect();
    // The row's latest report, when there is none in the period.
    if in_period.is_empty() {
        panels = all_panels_of(&client, &r)?
            .into_iter()
            .filter(|p| is_report_panel(p) && subject_ref(p) == Some(r.as_str()))
            .collect();
    }
    let checkins = client.search_all(
        "QuestionnaireResponse",
        &[("subject", r.clone()), ("_count", "100".into())],
    )?;
    let mut row = panel_rows(
        std::slice::from_ref(&patient),
        &tasks,
        &panels,
        &checkins,
        now,
    )
    .into_iter()
    .find(|row| row.patient_ref == r)
    .unwrap_or_else(|| PanelRow::empty(&r));
    if row.identifier.is_none() {
        row.identifier = patient_identifier(&patient);
    }
    let member_ids: Vec<String> = in_period
        .iter()
        .flat_map(|p| p["hasMember"].as_array().cloned().unwrap_or_default())
        .filter_map(|m| {
            m["reference"]
                .as_str()
                .and_then(|x| inbox::ref_id(x, "Observation"))
                .map(str::to_string)
        })
        .collect();
    let members = inbox::fetch_by_id(&client, "Observation", &member_ids)?;
    let mut reports: Vec<(DateTime<Utc>, ServerReport)> = in_period
        .iter()
        .filter_map(|p| server_report(p, &members, &tasks))
        .filter_map(|s| parse_instant(&s.recorded_at).map(|t| (t, s)))
        .collect();
    reports.sort_by_key(|r| r.0);
    let recent: Vec<Value> = tasks
        .into_iter()
        .filter(|t| {
            t["authoredOn"]
                .as_str()
                .and_then(parse_instant)
                .is_some_and(|at| at >= since)
        })
        .collect();
    let mut alerts = inbox::enrich(&client, &recent)?;
    for a in alerts.iter_mut() {
        a.overdue = is_overdue(a, now);
    }
    alerts.sort_by(|a, b| {
        let at = |i: &InboxItem| i.authored_on.as_deref().and_then(parse_instant);
        at(b)
            .cmp(&at(a))
            .then_with(|| b.level.cmp(&a.level))
            .then_with(|| a.id.cmp(&b.id))
    });
    Ok(PatientPage {
        row,
        reports: reports.into_iter().map(|(_, s)| s).collect(),
        alerts,
    })
}

/// Whether `t` is later than the time kept so far (`None`, or one that does not parse:
/// anything is later).
fn later_than(kept: Option<&str>, t: DateTime<Utc>) -> bool {
    kept.and_then(parse_instant).is_none_or(|prev| t > prev)
}

impl PanelRow {
    /// A patient with nothing counted yet: what [`panel_rows`] starts each row from.
    fn empty(patient_ref: &str) -> PanelRow {
        PanelRow {
            patient_ref: patient_ref.to_string(),
            identifier: None,
            name: None,
            birth_year: None,
            open_red: 0,
            open_amber: 0,
            unseen: 0,
            overdue_red: 0,
            last_report_at: None,
            last_report_level: None,
            no_report: false,
            last_checkin_at: None,
            last_checkin: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn now() -> DateTime<Utc> {
        "2026-11-27T12:00:00Z".parse().unwrap()
    }

    fn ago(minutes: i64) -> String {
        (now() - chrono::Duration::minutes(minutes)).to_rfc3339_opts(SecondsFormat::Secs, true)
    }

    fn patient(id: &str, name: Option<&str>) -> Value {
        let mut p = json!({
            "resourceType": "Patient",
            "id": id,
            "identifier": [{ "system": "urn:oid:1.2.3", "value": format!("MRN-{id}") }],
            "birthDate": "1971-04-02"
        });
        if let Some(n) = name {
            p["name"] = json!([{ "given": [n.split(' ').next().unwrap()], "family": n.split(' ').nth(1).unwrap_or("") }]);
        }
        p
    }

    /// An alert Task of this app: (patient id, level, status, minutes before now, rule).
    fn task(n: usize, pid: &str, level: Level, status: &str, minutes: i64, rule: &str) -> Value {
        json!({
            "resourceType": "Task",
            "id": format!("t{n}"),
            "identifier": [{ "system": mapping::SID_ALERT, "value": format!("alert-{n}") }],
            "status": status,
            "intent": "order",
            "priority": mapping::priority(level),
            "code": { "coding": [{ "system": mapping::CS_ITEM, "code": mapping::TASK_CODE }] },
            "for": { "reference": format!("Patient/{pid}") },
            "authoredOn": ago(minutes),
            "reasonCode": { "coding": [{ "system": mapping::CS_RULE, "code": rule }] }
        })
    }

    fn report_panel(pid: &str, minutes: i64, level: Level) -> Value {
        json!({
            "resourceType": "Observation",
            "id": format!("panel-{pid}-{minutes}"),
            "code": { "coding": [{ "system": mapping::CS_ITEM, "code": PANEL_CODE }] },
            "subject": { "reference": format!("Patient/{pid}") },
            "effectiveDateTime": ago(minutes),
            "component": [{
                "code": { "coding": [{ "system": mapping::CS_ITEM, "code": "triage-level" }] },
                "valueCodeableConcept": { "coding": [{ "system": mapping::CS_LEVEL, "code": level.as_str() }] }
            }]
        })
    }

    fn row<'a>(rows: &'a [PanelRow], pid: &str) -> &'a PanelRow {
        rows.iter()
            .find(|r| r.patient_ref == format!("Patient/{pid}"))
            .unwrap_or_else(|| panic!("no row for {pid}: {rows:?}"))
    }

    #[test]
    fn rows_are_ordered_overdue_red_then_red_then_amber_then_no_report_then_by_name() {
        let patients = vec![
            patient("a", Some("Zarina Aliyeva")),
            patient("b", Some("Bella Brown")),
            patient("c", Some("Carla Chen")),
            patient("d", Some("Dilnoza Karimova")),
            patient("e", Some("Anna Quiet")),
            patient("f", None),
        ];
        let tasks = vec![
            task(1, "c", Level::Red, "requested", 5, "R-FEVER"),
            task(2, "d", Level::Red, "requested", 45, "R-FEVER"),
            task(3, "b", Level::Amber, "requested", 100, "A-PAIN"),
            // Seen reds are open, not overdue.
            task(4, "a", Level::Red, "accepted", 300, "R-FEVER"),
            // Closed: not counted.
            task(5, "e", Level::Red, "completed", 300, "R-FEVER"),
        ];
        let panels = vec![
            report_panel("a", 60, Level::Red),
            report_panel("b", 60, Level::Amber),
            report_panel("c", 60, Level::Red),
            report_panel("d", 60, Level::Red),
            report_panel("e", 73 * 60, Level::Green),
            report_panel("f", 60, Level::Green),
        ];
        let rows = panel_rows(&patients, &tasks, &panels, &[], now());
        let order: Vec<&str> = rows.iter().map(|r| r.patient_ref.as_str()).collect();
        // d overdue; a and c red (by name: Carla before Zarina); b amber; e silent; f unnamed.
        assert_eq!(
            order,
            [
                "Patient/d",
                "Patient/c",
                "Patient/a",
                "Patient/b",
                "Patient/e",
                "Patient/f"
            ]
        );
        let d = row(&rows, "d");
        assert_eq!((d.open_red, d.unseen, d.overdue_red), (1, 1, 1));
        assert_eq!(d.name.as_deref(), Some("Dilnoza Karimova"));
        assert_eq!(d.birth_year, Some(1971));
        assert_eq!(d.identifier.as_deref(), Some("urn:oid:1.2.3|MRN-d"));
        assert_eq!(d.last_report_level, Some(Level::Red));
        let a = row(&rows, "a");
        assert_eq!((a.open_red, a.unseen, a.overdue_red), (1, 0, 0));
        let e = row(&rows, "e");
        assert_eq!((e.open_red, e.unseen, e.no_report), (0, 0, true));
    }

    #[test]
    fn a_patients_overdue_reds_are_those_the_inbox_calls_overdue() {
        // The edges of `is_overdue`, as the inbox's tests read them.
        let table = crate::inbox::OVERDUE_CASES;
        for (n, (minutes, status, level, overdue)) in table.into_iter().enumerate() {
            let rows = panel_rows(
                &[patient("p", Some("Pat Test"))],
                &[task(n, "p", level, status, minutes, "R-FEVER")],
                &[],
                &[],
                now(),
            );
            assert_eq!(
                rows[0].overdue_red,
                u32::from(overdue),
                "{minutes} min {status} {level}"
            );
        }
    }

    #[test]
    fn no_report_at_seventy_two_hours_or_an_open_no_report_alert_never_without_any_report() {
        // (minutes since the latest report, an open A-NO-REPORT Task, no_report)
        let table = [
            (Some(72 * 60 - 1), false, false),
            (Some(72 * 60), false, true),
            (Some(100 * 60), false, true),
            (Some(60), true, true),
            (None, false, false),
            (None, true, true),
        ];
        for (minutes, task_open, want) in table {
            let panels: Vec<Value> = minutes
                .map(|m| report_panel("p", m, Level::Green))
                .into_iter()
                .collect();
            let tasks: Vec<Value> = task_open
                .then(|| task(9, "p", Level::Amber, "requested", 10, "A-NO-REPORT"))
                .into_iter()
                .collect();
            let rows = panel_rows(&[patient("p", None)], &tasks, &panels, &[], now());
            assert_eq!(rows[0].no_report, want, "{minutes:?} {task_open}");
            assert_eq!(rows[0].last_report_at.is_some(), minutes.is_some());
        }
    }

    #[test]
    fn seen_and_unseen_are_counted_apart_and_other_apps_tasks_are_ignored() {
        let mut foreign = task(7, "p", Level::Red, "requested", 90, "R-FEVER");
        foreign["code"] =
            json!({ "coding": [{ "system": "http://other.example/cs", "code": "review-alert" }] });
        let tasks = vec![
            task(1, "p", Level::Red, "requested", 10, "R-FEVER"),
            task(2, "p", Level::Red, "accepted", 10, "R-BLEED"),
            task(3, "p", Level::Amber, "requested", 10, "A-PAIN"),
            task(4, "p", Level::Amber, "accepted", 10, "A-MOUTH"),
            task(5, "p", Level::Green, "requested", 10, "G-TIRED"),
            task(6, "p", Level::Amber, "completed", 10, "A-X"),
            foreign,
        ];
        let rows = panel_rows(&[patient("p", None)], &tasks, &[], &[], now());
        assert_eq!(rows.len(), 1);
        let r = &rows[0];
        assert_eq!(
            (r.open_red, r.open_amber, r.unseen, r.overdue_red),
            (2, 2, 3, 0)
        );
        // A Task of another app names no patient row of its own either.
        let rows = panel_rows(&[], &tasks[6..], &[], &[], now());
        assert!(rows.is_empty(), "{rows:?}");
    }

    #[test]
    fn the_latest_report_and_check_in_are_shown_in_words() {
        let checkin: Value =
            serde_json::from_str(include_str!("mapping/golden/checkin.json")).unwrap();
        let mut older = checkin.clone();
        older["authored"] = json!("2026-11-01T10:00:00+05:00");
        older["item"] = json!([]);
        let pid = checkin["subject"]["reference"]
            .as_str()
            .unwrap()
            .trim_start_matches("Patient/")
            .to_string();
        let rows = panel_rows(
            &[patient(&pid, None)],
            &[],
            &[
                report_panel(&pid, 200, Level::Amber),
                report_panel(&pid, 100, Level::Green),
            ],
            &[older, checkin.clone()],
            now(),
        );
        let r = &rows[0];
        assert_eq!(r.last_report_at.as_deref(), Some(ago(100).as_str()));
        assert_eq!(r.last_report_level, Some(Level::Green));
        assert_eq!(r.last_checkin_at.as_deref(), checkin["authored"].as_str());
        assert_eq!(
            r.last_checkin,
            [
                "thoughts of self-harm",
                "function 2 of 4",
                "social 1 of 4",
                "eating 2 of 3",
                "PHQ-2 4 of 6",
                "GAD-2 1 of 6",
                "triage amber"
            ]
        );
    }

    #[test]
    fn a_report_reads_back_from_the_golden_resources() {
        let resources: Vec<Value> =
            serde_json::from_str(include_str!("mapping/golden/report-red.json")).unwrap();
        let task: Value =
            serde_json::from_str(include_str!("mapping/golden/alert-task.json")).unwrap();
        let s = server_report(&resources[0], &resources[1..], &[task]).unwrap();
        assert_eq!(s.recorded_at, "2026-11-20T08:30:00+05:00");
        assert_eq!(s.level, Level::Red);
        assert_eq!(s.temperature_c, Some(38.4));
        assert_eq!(s.weight_kg, Some(63.5));
        assert_eq!(
            s.ratings,
            BTreeMap::from([("fatigue".to_string(), 2), ("jaundice".to_string(), 3)])
        );
        // The alert is about temperature: no rating is flagged.
        assert!(s.flagged_ratings.is_empty(), "{:?}", s.flagged_ratings);
        // Not a panel: nothing.
        assert_eq!(server_report(&resources[1], &resources, &[]), None);
    }

    #[test]
    fn a_diary_report_round_trips_through_its_observations() {
        use diary_core::model::{Alert, Report, Sign, Subject, Triage};
        use diary_core::store::SavedReport;
        let mut r = Report::new(DateTime::parse_from_rfc3339("2026-11-21T09:15:00+05:00").unwrap());
        r.ratings.insert(Rating::Fatigue, 1);
        r.ratings.insert(Rating::AppetiteLoss, 4);
        r.ratings.insert(Rating::Jaundice, 3);
        r.ratings.insert(Rating::HandFoot, 0);
        r.temperature_c = Some(37.2);
        r.weight_kg = Some(58.25);
        r.signs = vec![Sign::DarkUrine];
        let alert = Alert {
            rule: diary_core::model::RuleId::ALL[0],
            level: Level::Amber,
            subject: Subject::Liver,
            detail: "jaundice 3".into(),
            message_key: "alert.x".into(),
            advice_key: None,
            facts: Vec::new(),
        };
        let saved = SavedReport {
            id: 1,
            uid: "report-round-trip".into(),
            report: r.clone(),
            triage: Triage {
                level: Level::Amber,
                ruleset: "2".into(),
                alerts: vec![alert],
            },
        };
        let entries = mapping::report_entries(&saved, "Patient/p1");
        let resources: Vec<Value> = entries.iter().map(|e| e.resource.clone()).collect();
        let saved_alert = diary_core::store::SavedAlert {
            id: 1,
            uid: "alert-rt".into(),
            report_id: 1,
            recorded_at: r.recorded_at,
            alert: saved.triage.alerts[0].clone(),
            seen_by_team_at: None,
        };
        let task = mapping::alert_entry(&saved_alert, &saved, "Patient/p1").resource;
        let mut task = task;
        task["id"] = json!("t1");
        let s = server_report(&resources[0], &resources[1..], &[task]).unwrap();
        let want: BTreeMap<String, u8> = r
            .ratings
            .iter()
            .map(|(k, v)| (k.as_str().to_string(), *v))
            .collect();
        assert_eq!(s.ratings, want);
        assert_eq!(s.temperature_c, r.temperature_c);
        assert_eq!(s.weight_kg, r.weight_kg);
        assert_eq!(s.level, Level::Amber);
        assert_eq!(s.flagged_ratings, ["jaundice"]);
        assert_eq!(
            DateTime::parse_from_rfc3339(&s.recorded_at).unwrap(),
            r.recorded_at
        );
    }

    #[test]
    fn a_patient_reference_is_checked_and_errors_name_the_patient() {
        assert_eq!(patient_ref("Patient/abc-1").unwrap(), "Patient/abc-1");
        assert_eq!(patient_ref(" abc.1 ").unwrap(), "Patient/abc.1");
        for bad in [
            "",
            "Patient/",
            "Observation/x",
            "Patient/a b",
            "Patient/a/_history/1",
            "a?b",
        ] {
            let e = patient_ref(bad).unwrap_err();
            assert!(e.to_string().starts_with("patient: "), "{bad:?}: {e}");
        }
    }
}
