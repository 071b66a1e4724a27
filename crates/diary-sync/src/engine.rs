//! The sync engine, the patient's side: one run plans the waiting outbox rows, finds (or
//! creates) the Patient, sends the batches (urgent first), sends the weekly summaries
//! that are due, learns which alerts the care team has seen, and records the status in
//! the diary. It exists to hold the one place where the pure parts (the store's outbox
//! rows, [`plan`], [`mapping`]) meet the network ([`Client`]); it makes no decision the
//! planner could make. [`sync_now`] is "Send now"; [`sync_due`] is the app's timer. Each
//! run first asks the diary to raise A-NO-REPORT as of `now` (`Diary::raise_no_report`,
//! once per silence), so the care team hears of a patient gone silent. Time is a
//! parameter: the engine is given `now` and never reads a clock.

use crate::capability::{self, ServerProfile, Strategy};
use crate::client::Client;
use crate::plan::{self, Policy, Trigger};
use crate::split;
use crate::token::Secret;
use crate::{mapping, ClientOptions, SyncError};
use chrono::{DateTime, Utc};
use diary_core::model::Reporter;
use diary_core::store::{
    validate_base_url, Diary, PatientIdentifier, Payload, StoreError, SyncSettings, SyncState,
    SyncStatus, PATIENT_FIELD, SERVER_URL_FIELD,
};
use diary_core::FieldError;
use serde_json::{json, Value};

/// What one sync run needs.
#[derive(Debug, Clone)]
pub struct SyncConfig {
    pub server_url: String,
    pub patient: PatientIdentifier,
    pub token: Option<Secret>,
    pub client: ClientOptions,
    pub policy: Policy,
    /// How the run finds the Patient.
    pub patient_mode: PatientMode,
}

/// How a run finds the patient's record on the care team's server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatientMode {
    /// Find the Patient by identifier, or create it (identifier only) once when the server
    /// has none: the behaviour before issue 12, kept for tests and scripts that set up
    /// their own server. The app and `diary sync` use [`PatientMode::Confirmed`].
    FindOrCreate,
    /// Send only to the Patient the patient confirmed for this server and identifier
    /// ([`check_patient`], [`confirm_patient`]); create one only when the care team's
    /// setting allows it (`Diary::sync_create_patient`, off by default). Anything else
    /// sends nothing.
    Confirmed,
}

/// The Patient the care team's server holds for an identifier, as the patient is asked
/// "Is this you?": its reference, and the name and birth year the server holds.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FoundPatient {
    /// `Patient/<id>`.
    pub reference: String,
    pub name: Option<String>,
    pub birth_year: Option<i32>,
}

/// What the server says about the patient's identifier, before anything is sent.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum PatientCheck {
    /// The Patient the patient confirmed earlier: sync may send.
    Confirmed(FoundPatient),
    /// A Patient the patient has not confirmed yet: ask "Is this you?".
    Ask(FoundPatient),
    /// No Patient has the identifier. `create_allowed`: the care team lets the app create
    /// it; otherwise the identifier is probably mistyped and nothing is sent.
    NotFound { create_allowed: bool },
}

impl SyncConfig {
    /// A configuration from the saved settings, with `server` and `patient` (values given
    /// for this run, such as the CLI's flags) taking precedence. Both are checked by the
    /// store's rules whichever way they came, and errors name the setting
    /// (`sync.server_url`, `sync.patient`): a caller that took the value from its own
    /// input names its own field when it shows the error.
    pub fn from_settings(
        settings: &SyncSettings,
        server: Option<&str>,
        patient: Option<&str>,
        token: Option<Secret>,
    ) -> Result<SyncConfig, SyncError> {
        let url = match (server, &settings.server_url) {
            (Some(s), _) => s.to_string(),
            (None, Some(s)) => s.clone(),
            (None, None) => {
                return Err(FieldError::new(
                    SERVER_URL_FIELD,
                    "no address of the care team's server was given or saved",
                )
                .into())
            }
        };
        validate_base_url(&url, SERVER_URL_FIELD)?;
        let p =
            match (patient, &settings.patient) {
                (Some(p), _) => p.to_string(),
                (None, Some(p)) => p.clone(),
                (None, None) => return Err(FieldError::new(
                    PATIENT_FIELD,
                    "no patient identifier (your identifier at the care team) was given or saved",
                )
                .into()),
            };
        Ok(SyncConfig {
            server_url: url.trim().trim_end_matches('/').to_string(),
            patient: PatientIdentifier::parse(&p, PATIENT_FIELD)?,
            token,
            client: ClientOptions::default(),
            policy: Policy::default(),
            patient_mode: PatientMode::FindOrCreate,
        })
    }
}

/// One thing a run sent, in words for the user: "report 2026-11-20 08:30 (red)".
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Sent {
    pub what: String,
    /// The FHIR resources it became.
    pub resources: usize,
}

/// An error of a run, as the user sees it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Failure {
    pub code: diary_core::ErrorCode,
    pub message: String,
}

impl From<&SyncError> for Failure {
    fn from(e: &SyncError) -> Failure {
        Failure {
            code: e.code(),
            message: e.to_string(),
        }
    }
}

/// What a run did.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub struct SyncReport {
    /// In sending order.
    pub sent: Vec<Sent>,
    /// Weekly summaries sent.
    pub summaries: usize,
    /// Transaction bundles that reached the server.
    pub bundles: usize,
    /// Alerts newly known to be seen by the care team.
    pub newly_seen: usize,
    /// Replies from the care team newly kept in the diary.
    pub new_replies: usize,
    /// Rows still waiting after the run (and ended weeks without their summary).
    pub waiting: usize,
    /// Rows the plan kept for later (schedule, retry delay).
    pub held: usize,
    /// Entries this run set aside: the server refused them again and again.
    pub set_aside: usize,
    /// Errors, in the order met; the last one is the status line's "last error".
    pub errors: Vec<Failure>,
    /// When to run again (the app's timer).
    pub next_run: Option<DateTime<Utc>>,
}

/// The name of a Patient resource in plain words: its first name's `text`, else its given
/// names and family name.
fn patient_name(p: &Value) -> Option<String> {
    let n = &p["name"][0];
    if let Some(t) = n["text"].as_str().filter(|t| !t.trim().is_empty()) {
        return Some(t.trim().to_string());
    }
    let mut parts: Vec<&str> = n["given"]
        .as_array()
        .map(|g| g.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if let Some(f) = n["family"].as_str() {
        parts.push(f);
    }
    let joined = parts.join(" ");
    (!joined.trim().is_empty()).then(|| joined.trim().to_string())
}

/// Finds, never creates, the Patient with the identifier `id` (`POST Patient/_search`, so
/// the identifier is in no URL): `None` when the server has none; an error when several.
pub fn find_patient(
    client: &Client,
    id: &PatientIdentifier,
) -> Result<Option<FoundPatient>, SyncError> {
    let found = client.search_post(
        "Patient",
        &[("identifier", mapping::token_param(&id.system, &id.value))],
    )?;
    let patients: Vec<&Value> = found
        .iter()
        .filter(|r| r["resourceType"] == "Patient")
        .collect();
    match patients.as_slice() {
        [] => Ok(None),
        [p] => Ok(Some(FoundPatient {
            reference: format!("Patient/{}", p["id"].as_str().unwrap_or("")),
            name: patient_name(p),
            birth_year: p["birthDate"]
                .as_str()
                .and_then(|d| d.get(..4))
                .and_then(|y| y.parse().ok()),
        })),
        _ => Err(SyncError::Rejected {
            status: 0,
            text: format!(
                "{} patients on the server have this identifier; the care team must merge them",
                patients.len()
            ),
        }),
    }
}

/// Asks the care team's server about the patient's identifier, sending nothing: the
/// Patient already confirmed, one to confirm ("Is this you?"), or none.
pub fn check_patient(diary: &Diary, config: &SyncConfig) -> Result<PatientCheck, SyncError> {
    let client = Client::new(
        &config.server_url,
        config.token.clone(),
        config.client.clone(),
    )?;
    let confirmed = diary.sync_confirmed_patient(&config.server_url, &config.patient.token())?;
    Ok(match find_patient(&client, &config.patient)? {
        Some(p) if confirmed.as_deref() == Some(p.reference.as_str()) => PatientCheck::Confirmed(p),
        Some(p) => PatientCheck::Ask(p),
        None => PatientCheck::NotFound {
            create_allowed: diary.sync_create_patient()?,
        },
    })
}

/// Records that the patient confirmed `found` ("Is this you?" — yes) for this server and
/// identifier: runs in [`PatientMode::Confirmed`] then send to it.
pub fn confirm_patient(
    diary: &mut Diary,
    config: &SyncConfig,
    found: &FoundPatient,
) -> Result<(), SyncError> {
    Ok(diary.set_sync_confirmed_patient(
        &config.server_url,
        &config.patient.token(),
        Some(&found.reference),
    )?)
}

/// The Patient a run sends to, by its [`PatientMode`].
fn patient_for_run(
    diary: &mut Diary,
    client: &Client,
    config: &SyncConfig,
) -> Result<String, SyncError> {
    if config.patient_mode == PatientMode::FindOrCreate {
        return find_or_create_patient(client, &config.patient);
    }
    let confirmed = diary.sync_confirmed_patient(&config.server_url, &config.patient.token())?;
    match find_patient(client, &config.patient)? {
        Some(p) if confirmed.as_deref() == Some(p.reference.as_str()) => Ok(p.reference),
        Some(_) => Err(FieldError::new(
            PATIENT_FIELD,
            "the care team's record for this identifier is not confirmed yet: confirm that it is you first; nothing was sent",
        )
        .into()),
        None if diary.sync_create_patient()? => {
            // The care team lets the app create the record: identifier only, nothing to
            // confirm, and the next runs send to it.
            let r = find_or_create_patient(client, &config.patient)?;
            diary.set_sync_confirmed_patient(&config.server_url, &config.patient.token(), Some(&r))?;
            Ok(r)
        }
        None => Err(SyncError::NotFound(
            "no patient on the care team's server has this identifier; nothing was sent — check the identifier".into(),
        )),
    }
}

/// `Patient/<id>` of the patient the care team knows by `id`: found by identifier, or
/// created (identifier only) once when the server has none.
pub fn find_or_create_patient(
    client: &Client,
    id: &PatientIdentifier,
) -> Result<String, SyncError> {
    if let Some(found) = find_patient(client, id)? {
        return Ok(found.reference);
    }
    let r = client.create_once(
        &mapping::patient_resource(id),
        &mapping::if_none_exist(&id.system, &id.value),
    )?;
    let pid = r.body["id"]
        .as_str()
        .map(str::to_string)
        .or_else(|| {
            r.location.as_deref().and_then(|l| {
                let after = l.split("Patient/").nth(1)?;
                Some(after.split('/').next()?.to_string())
            })
        })
        .ok_or_else(|| SyncError::Protocol("the new Patient came back without an id".into()))?;
    Ok(format!("Patient/{pid}"))
}

fn describe_payload(p: &Payload) -> String {
    match p {
        Payload::Report(s) => format!(
            "report {} ({})",
            s.report.recorded_at.format("%Y-%m-%d %H:%M"),
            s.triage.level
        ),
        Payload::Alert(a, _) => format!(
            "alert {} ({}) of the report of {}",
            a.alert.rule,
            a.alert.level,
            a.recorded_at.format("%Y-%m-%d %H:%M")
        ),
        Payload::Lab(_, l) => format!("lab {} of {}", l.test, l.taken_on),
        Payload::Checkin(s) => format!(
            "check-in {} ({})",
            s.checkin.answered_at.format("%Y-%m-%d %H:%M"),
            s.triage.level
        ),
        Payload::CheckinAlert(_, a, s) => format!(
            "alert {} ({}) of the check-in of {}",
            a.rule,
            a.level,
            s.checkin.answered_at.format("%Y-%m-%d %H:%M")
        ),
        Payload::Followup(f) => format!(
            "follow-up answer ({}) about a {} report",
            f.answered.answer, f.level
        ),
        Payload::LabAlert(a, _, l) => format!(
            "alert {} ({}) of the lab {} of {}",
            a.alert.rule, a.alert.level, l.test, l.taken_on
        ),
        Payload::NoReport(e) => format!(
            "alert {} ({}): no report since {}",
            e.alert.rule,
            e.alert.level,
            e.last_report_at.format("%Y-%m-%d %H:%M")
        ),
        Payload::Escalation(e) => format!("escalation {} about a {} record", e.step, e.level),
        Payload::Message(m) => format!(
            "message of {}{}",
            m.at.format("%Y-%m-%d %H:%M"),
            if m.photo.is_some() {
                " with a photo"
            } else {
                ""
            }
        ),
    }
}

/// Who reported what a payload holds; `None` when the record does not say (a lab result).
fn reporter_of(p: &Payload) -> Option<Reporter> {
    match p {
        Payload::Report(s) | Payload::Alert(_, s) => Some(s.report.reporter),
        Payload::Checkin(s) | Payload::CheckinAlert(_, _, s) => Some(s.checkin.reporter),
        Payload::Message(m) => m.reporter,
        Payload::Lab(..)
        | Payload::LabAlert(..)
        | Payload::Followup(_)
        | Payload::NoReport(_)
        | Payload::Escalation(_) => None,
    }
}

/// `entries` and, last, their Provenance: authored by whoever reported them (for records
/// that do not say, the role this computer's user chose in the settings), assembled by
/// this app.
fn with_provenance(
    diary: &Diary,
    mut entries: Vec<mapping::Entry>,
    reporters: &[Option<Reporter>],
    patient_ref: &str,
    now: DateTime<Utc>,
) -> Result<Vec<mapping::Entry>, StoreError> {
    let role = diary.settings()?.user_role;
    let authors: Vec<Reporter> = reporters.iter().map(|r| r.unwrap_or(role)).collect();
    let p = mapping::provenance_entry(
        &entries,
        &authors,
        patient_ref,
        env!("CARGO_PKG_VERSION"),
        now,
    );
    entries.push(p);
    Ok(entries)
}

fn entries_of(p: &Payload, patient_ref: &str) -> Vec<mapping::Entry> {
    match p {
        Payload::Report(s) => mapping::report_entries(s, patient_ref),
        Payload::Alert(a, r) => vec![mapping::alert_entry(a, r, patient_ref)],
        Payload::Lab(uid, l) => vec![mapping::lab_entry(uid, l, patient_ref)],
        Payload::Checkin(s) => vec![mapping::checkin_entry(s, patient_ref)],
        Payload::CheckinAlert(uid, a, s) => {
            vec![mapping::checkin_alert_entry(uid, a, s, patient_ref)]
        }
        Payload::Followup(f) => vec![mapping::followup_entry(f, patient_ref)],
        Payload::NoReport(e) => vec![mapping::no_report_entry(e, patient_ref)],
        Payload::Message(m) => vec![mapping::message_entry(m, patient_ref)],
        Payload::Escalation(e) => vec![mapping::escalation_entry(e, patient_ref)],
        Payload::LabAlert(a, lab_uid, _) => vec![mapping::lab_alert_entry(a, lab_uid, patient_ref)],
    }
}

/// Sends `entries` as one bundle; on a refusal for size, in halves down to one resource
/// ([`split`]). `Ok` once every entry has arrived; the bundles sent are counted.
fn send_split(
    client: &Client,
    profile: &ServerProfile,
    entries: &[mapping::Entry],
    bundles: &mut usize,
) -> Result<(), SyncError> {
    match client.transaction(&capability::write_bundle(entries, client.base(), profile)) {
        Ok(_) => {
            *bundles += 1;
            Ok(())
        }
        Err(SyncError::Rejected { status, text })
            if entries.len() > 1
                && split::refusal(status, &text) == Some(split::Refusal::TooLarge) =>
        {
            let (a, b) = split::halves(entries.len());
            send_split(client, profile, &entries[a], bundles)?;
            send_split(client, profile, &entries[b], bundles)
        }
        Err(e) => Err(e),
    }
}

/// Sends units as one transaction; marks their rows sent, or records why not. A refused
/// bundle is sent again in smaller parts, as [`split::step`] says.
fn send_units(
    diary: &mut Diary,
    client: &Client,
    profile: &ServerProfile,
    units: &[plan::Unit],
    patient_ref: &str,
    now: DateTime<Utc>,
    report: &mut SyncReport,
) -> Result<Result<(), SyncError>, StoreError> {
    let ids: Vec<i64> = units.iter().flat_map(|u| u.outbox_ids.clone()).collect();
    let payloads = diary.sync_payloads(&ids)?;
    let mut entries = Vec::new();
    let mut sent = Vec::new();
    let mut reporters = Vec::new();
    for (_, p) in &payloads {
        let e = entries_of(p, patient_ref);
        sent.push(Sent {
            what: describe_payload(p),
            resources: e.len(),
        });
        reporters.push(reporter_of(p));
        entries.extend(e);
    }
    let entries = with_provenance(diary, entries, &reporters, patient_ref, now)?;
    let bundle = capability::write_bundle(&entries, client.base(), profile);
    let sent_ok = |diary: &mut Diary, report: &mut SyncReport, bundles: usize| {
        diary.sync_mark_sent(&ids, now)?;
        report.bundles += bundles;
        report.sent.extend(sent.clone());
        Ok(Ok(()))
    };
    let e = match client.transaction(&bundle) {
        Ok(_) => return sent_ok(diary, report, 1),
        Err(e) => e,
    };
    let keeps_ids = profile.strategy.is_some_and(Strategy::keeps_ids);
    let step = match &e {
        SyncError::Rejected { status, text } => split::refusal(*status, text)
            .map(|r| split::step(r, units.len(), entries.len(), keeps_ids)),
        _ => None,
    };
    let parts: Vec<&[plan::Unit]> = match step {
        Some(split::Step::HalveUnits) => {
            let (a, b) = split::halves(units.len());
            vec![&units[a], &units[b]]
        }
        Some(split::Step::EachUnit) => units.chunks(1).collect(),
        Some(split::Step::HalveResources) => {
            // One unit: its resources, Tasks last, in halves down to one at a time.
            let types: Vec<&str> = entries.iter().map(|e| e.resource_type()).collect();
            let ordered: Vec<mapping::Entry> = split::resource_order(&types)
                .into_iter()
                .map(|i| entries[i].clone())
                .collect();
            let (a, b) = split::halves(ordered.len());
            let mut bundles = 0;
            let r = send_split(client, profile, &ordered[a], &mut bundles)
                .and_then(|()| send_split(client, profile, &ordered[b], &mut bundles));
            report.bundles += bundles;
            return match r {
                Ok(()) => sent_ok(diary, report, 0),
                Err(e) => {
                    record_unsent(diary, &ids, &e, false, now)?;
                    report.errors.push(Failure::from(&e));
                    Ok(Err(e))
                }
            };
        }
        Some(split::Step::Stop) | None => {
            record_unsent(diary, &ids, &e, units.len() == 1, now)?;
            report.errors.push(Failure::from(&e));
            return Ok(Err(e));
        }
    };
    for part in parts {
        let r = send_units(diary, client, profile, part, patient_ref, now, report)?;
        if let Err(e) = r {
            if e.stops_the_run() {
                return Ok(Err(e));
            }
        }
    }
    Ok(Ok(()))
}

/// Records why outbox rows were not sent: nothing when the run ran out of time (they wait
/// for the next run as they were); a refusal, counted towards setting them aside, when the
/// server refused their content (a 4xx) and they were sent `alone`; a failure otherwise.
fn record_unsent(
    diary: &mut Diary,
    ids: &[i64],
    e: &SyncError,
    alone: bool,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    match e {
        SyncError::TimeUp { .. } => Ok(()),
        SyncError::Rejected {
            status: 400..=499, ..
        } if alone => diary.sync_record_refusal(ids, &e.to_string(), now),
        _ => diary.sync_record_failure(ids, &e.to_string(), now),
    }
}

/// Sends the summaries of the weeks that are due.
fn send_summaries(
    diary: &mut Diary,
    client: &Client,
    profile: &ServerProfile,
    patient_ref: &str,
    now: DateTime<Utc>,
    report: &mut SyncReport,
) -> Result<Result<(), SyncError>, StoreError> {
    let due = plan::weeks_due(
        &diary.sync_dirty_weeks()?,
        &diary.sync_weeks_waiting()?,
        now,
    );
    let diary_id = if due.is_empty() {
        String::new()
    } else {
        diary.diary_id()?
    };
    for chunk in due.chunks(20) {
        let mut entries = Vec::new();
        for w in chunk {
            let reports = diary.sync_week_reports(w)?;
            let latest_checkin = diary.latest_checkin_before(w.end())?;
            let week = mapping::Week {
                start: w.start,
                offset_s: w.offset_s,
                reports: &reports,
                latest_checkin: latest_checkin.as_ref(),
            };
            entries.push(mapping::weekly_summary_entry(
                &week,
                &diary_id,
                patient_ref,
                now,
            ));
        }
        let entries = with_provenance(diary, entries, &[None], patient_ref, now)?;
        let mut bundles = 0;
        match send_split(client, profile, &entries, &mut bundles) {
            Ok(()) => {
                for w in chunk {
                    diary.sync_mark_week_sent(w.start, now)?;
                }
                report.bundles += bundles;
                report.summaries += chunk.len();
            }
            Err(e) => {
                report.errors.push(Failure::from(&e));
                return Ok(Err(e));
            }
        }
    }
    Ok(Ok(()))
}

/// Asks the server for the care team's replies to this patient and keeps the new ones; a
/// reply to a message this diary never sent (another patient's) is not kept. Only when the
/// diary has sent a message: a diary that never wrote one asks nothing.
fn fetch_replies(
    diary: &mut Diary,
    client: &Client,
    patient_ref: &str,
) -> Result<usize, SyncError> {
    let ours: std::collections::HashMap<String, String> = diary
        .sent_message_uids()?
        .into_iter()
        .map(|uid| (mapping::message_id(&uid), uid))
        .collect();
    if ours.is_empty() {
        return Ok(0);
    }
    let found = client.search_all(
        "Communication",
        &[
            (
                "category",
                mapping::token_param(mapping::CS_ITEM, mapping::REPLY_CATEGORY),
            ),
            ("subject", patient_ref.to_string()),
            ("_count", "100".into()),
        ],
    )?;
    let mut n = 0;
    for c in found
        .iter()
        .filter(|c| c["resourceType"] == "Communication")
    {
        let Some(mut reply) = mapping::reply_of(c) else {
            continue;
        };
        // The server's id of the message answered, back to the diary's uid; a reply to
        // something this diary did not send is not this patient's to read.
        match reply.in_reply_to.as_deref().map(|id| ours.get(id)) {
            Some(Some(uid)) => reply.in_reply_to = Some(uid.clone()),
            Some(None) => continue,
            None => {}
        }
        match diary.receive_reply(&reply) {
            Ok(true) => n += 1,
            Ok(false) => {}
            // Words the diary refuses (a control character): not kept, the rest goes on.
            Err(diary_core::store::StoreError::Invalid(_)) => {}
            Err(e) => return Err(SyncError::Store(e)),
        }
    }
    Ok(n)
}

/// Asks the server which of this diary's sent alerts the care team has acknowledged.
fn fetch_seen(diary: &mut Diary, client: &Client) -> Result<usize, SyncError> {
    let uids = diary.sync_unseen_alert_uids()?;
    let mut n = 0;
    for chunk in uids.chunks(40) {
        let tokens: Vec<String> = chunk
            .iter()
            .map(|u| mapping::token_param(mapping::SID_ALERT, u))
            .collect();
        let tasks = client.search_all(
            "Task",
            &[("identifier", tokens.join(",")), ("_count", "100".into())],
        )?;
        for t in tasks.iter().filter(|t| t["resourceType"] == "Task") {
            let status = t["status"].as_str().unwrap_or("");
            if mapping::UNSEEN_STATUSES.contains(&status) {
                continue;
            }
            let Some(item) = mapping::inbox_item_from_task(t) else {
                continue;
            };
            if let Some(at) = mapping::acknowledged_at(t) {
                if diary.record_seen_by_team(&item.alert_uid, at)? {
                    n += 1;
                }
            }
        }
    }
    Ok(n)
}

/// "Send now": everything waiting, whatever the schedule. See [`sync`].
pub fn sync_now(
    diary: &mut Diary,
    config: &SyncConfig,
    now: DateTime<Utc>,
) -> Result<SyncReport, SyncError> {
    sync(diary, config, Trigger::SendNow, now)
}

/// How long a run's sync lease lasts (from the run's `now`): a run that crashed or was
/// killed holds back the next one at most this long.
pub const LEASE: chrono::Duration = chrono::Duration::minutes(15);

/// One sync run: plan, send the batches (urgent first), send the weekly summaries that
/// are due, learn which alerts the care team has seen, and record the status. Network and
/// server problems do not make it fail: they are in [`SyncReport::errors`] and in the
/// saved status, and the rows stay waiting. Only a diary that cannot be used is an `Err`,
/// and a run that finds another one running (in this process or another: the diary's
/// sync lease, [`LEASE`]) stops at once with [`SyncError::Running`], sending nothing.
pub fn sync(
    diary: &mut Diary,
    config: &SyncConfig,
    trigger: Trigger,
    now: DateTime<Utc>,
) -> Result<SyncReport, SyncError> {
    let holder = uuid::Uuid::new_v4().to_string();
    let lease = diary.take_sync_lease(&holder, now, LEASE)?;
    if let diary_core::store::Lease::HeldByAnother { .. } = lease {
        return Err(SyncError::Running);
    }
    let run = sync_holding_the_lease(diary, config, trigger, now);
    let released = diary.release_sync_lease(&holder);
    let report = run?;
    released?;
    Ok(report)
}

fn sync_holding_the_lease(
    diary: &mut Diary,
    config: &SyncConfig,
    trigger: Trigger,
    now: DateTime<Utc>,
) -> Result<SyncReport, SyncError> {
    let mut report = SyncReport::default();
    // A-NO-REPORT first, so a silence noticed now is planned with the rest.
    diary.raise_no_report(now)?;
    diary.raise_escalations(now.fixed_offset())?;
    let mut state = diary.sync_state()?;
    let waiting = diary.sync_waiting()?;
    let planned = plan::plan(
        &waiting,
        trigger,
        state.last_scheduled_utc,
        &config.policy,
        now,
    );
    report.held = planned.held;
    set_aside(diary, &planned.set_aside, now, &mut report)?;
    let client = Client::new(
        &config.server_url,
        config.token.clone(),
        config.client.clone(),
    )?;

    let mut stopped: Option<SyncError> = None;
    // What the server can take, read once (the profile is kept with the sync state).
    let profile = match capability::load_or_read(diary, &client) {
        Ok(p) => match p.why_not() {
            None => Ok(p),
            Some(why) => Err(SyncError::Rejected {
                status: 0,
                text: why,
            }),
        },
        Err(SyncError::Store(e)) => return Err(SyncError::Store(e)),
        Err(e) => Err(e),
    };
    let profile_and_patient =
        profile.and_then(|profile| patient_for_run(diary, &client, config).map(|p| (profile, p)));
    let patient_ref = match profile_and_patient {
        Ok(p) => Some(p),
        Err(SyncError::Store(e)) => return Err(SyncError::Store(e)),
        Err(e) => {
            let ids: Vec<i64> = planned
                .batches
                .iter()
                .flat_map(|b| b.units.iter().flat_map(|u| u.outbox_ids.clone()))
                .collect();
            diary.sync_record_failure(&ids, &e.to_string(), now)?;
            report.errors.push(Failure::from(&e));
            stopped = Some(e);
            None
        }
    };
    if let Some((profile, patient_ref)) = &patient_ref {
        let mut scheduled_ok = planned.scheduled_run;
        for batch in &planned.batches {
            let r = send_units(
                diary,
                &client,
                profile,
                &batch.units,
                patient_ref,
                now,
                &mut report,
            )?;
            if let Err(e) = r {
                if !batch.urgent {
                    scheduled_ok = false;
                }
                if e.stops_the_run() {
                    stopped = Some(e);
                    break;
                }
            }
        }
        if scheduled_ok {
            state.last_scheduled_utc = Some(now);
        }
        if stopped.is_none() {
            if let Err(e) = send_summaries(diary, &client, profile, patient_ref, now, &mut report)?
            {
                if e.stops_the_run() {
                    stopped = Some(e);
                }
            }
        }
        if stopped.is_none() {
            match fetch_seen(diary, &client) {
                Ok(n) => report.newly_seen = n,
                Err(SyncError::Store(e)) => return Err(SyncError::Store(e)),
                Err(e) => report.errors.push(Failure::from(&e)),
            }
            match fetch_replies(diary, &client, patient_ref) {
                Ok(n) => report.new_replies = n,
                Err(SyncError::Store(e)) => return Err(SyncError::Store(e)),
                Err(e) => report.errors.push(Failure::from(&e)),
            }
        }
    }
    let _ = stopped;

    // What is left, and when to look again.
    let left = diary.sync_waiting()?;
    let again = plan::plan(
        &left,
        Trigger::Scheduled,
        state.last_scheduled_utc,
        &config.policy,
        now,
    );
    set_aside(diary, &again.set_aside, now, &mut report)?;
    report.next_run = if again.batches.is_empty() {
        again.next_run
    } else {
        Some(now)
    };
    report.waiting = diary.sync_status(now)?.waiting;
    state.next_run_utc = report.next_run;
    state.last_run_utc = Some(now);
    match report.errors.last() {
        None => {
            state.last_sent_utc = Some(now);
            state.last_error = None;
            state.last_error_code = None;
            state.last_error_utc = None;
        }
        Some(f) => {
            if report.bundles > 0 && report.waiting == 0 {
                state.last_sent_utc = Some(now);
            }
            state.last_error = Some(f.message.clone());
            state.last_error_code = Some(f.code);
            state.last_error_utc = Some(now);
        }
    }
    save_state(diary, &state)?;
    Ok(report)
}

/// Sets aside the units the plan set aside.
fn set_aside(
    diary: &mut Diary,
    units: &[plan::Unit],
    now: DateTime<Utc>,
    report: &mut SyncReport,
) -> Result<(), StoreError> {
    if !units.is_empty() {
        let ids: Vec<i64> = units.iter().flat_map(|u| u.outbox_ids.clone()).collect();
        diary.sync_set_aside(&ids, now)?;
        report.set_aside += units.len();
    }
    Ok(())
}

/// The app's entry point for automatic sync: call it from a timer (every minute is fine)
/// and right after a report is saved. It does nothing while sync is off (`Ok(None)`);
/// otherwise it runs [`sync`] with [`Trigger::Scheduled`]: red alerts at once, the rest
/// when the schedule is due. The token is the SMART sign-in's, refreshed when due, else
/// the saved one ([`crate::session::credentials`], read only when a run is due); it sends only to
/// the Patient the patient confirmed ([`PatientMode::Confirmed`]). A-NO-REPORT is raised
/// as of `now` first (once per silence), as every run does.
pub fn sync_due(diary: &mut Diary, now: DateTime<Utc>) -> Result<Option<SyncReport>, SyncError> {
    let settings = diary.sync_settings()?;
    if !settings.enabled {
        return Ok(None);
    }
    let mut config = SyncConfig::from_settings(&settings, None, None, None)?;
    // The app sends only to the Patient the patient confirmed ("Is this you?").
    config.patient_mode = PatientMode::Confirmed;
    // A silence of three days is noticed here too, so it makes the run due.
    diary.raise_no_report(now)?;
    diary.raise_escalations(now.fixed_offset())?;
    let waiting = diary.sync_waiting()?;
    let state = diary.sync_state()?;
    let planned = plan::plan(
        &waiting,
        Trigger::Scheduled,
        state.last_scheduled_utc,
        &config.policy,
        now,
    );
    let summaries_due = !plan::weeks_due(
        &diary.sync_dirty_weeks()?,
        &diary.sync_weeks_waiting()?,
        now,
    )
    .is_empty();
    let seen_check_due = state
        .last_run_utc
        .is_none_or(|t| t + config.policy.every <= now);
    if planned.batches.is_empty() && !summaries_due && !seen_check_due {
        return Ok(None);
    }
    config.token = match settings.server_url.as_deref() {
        Some(url) => crate::session::credentials(url, now)?,
        None => None,
    };
    sync(diary, &config, Trigger::Scheduled, now).map(Some)
}

fn save_state(diary: &mut Diary, state: &SyncState) -> Result<(), SyncError> {
    Ok(diary.set_sync_state(state)?)
}

/// The transaction bundle a run would send for everything waiting, without sending it:
/// for tests and for a "what will be sent" view. `patient_ref` is `Patient/<id>`.
pub fn preview_bundle(diary: &Diary, patient_ref: &str, base: &str) -> Result<Value, SyncError> {
    let ids: Vec<i64> = diary.sync_waiting()?.iter().map(|w| w.outbox_id).collect();
    let payloads = diary.sync_payloads(&ids)?;
    let entries: Vec<mapping::Entry> = payloads
        .iter()
        .flat_map(|(_, p)| entries_of(p, patient_ref))
        .collect();
    Ok(mapping::transaction(&entries, base))
}

/// A JSON value of a sync status, for `diary sync --json` and the app.
pub fn status_json(s: &SyncStatus) -> Value {
    json!(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_config_names_the_setting_whatever_supplied_the_value() {
        let nothing = SyncSettings::default();
        let cases = [
            (
                None,
                None,
                "sync.server_url: no address of the care team's server",
            ),
            (
                Some("http://fhir.example.org"),
                Some("MRN-1"),
                "sync.server_url: \"http://fhir.example.org\" must use https",
            ),
            (
                Some("https://fhir.example.org"),
                None,
                "sync.patient: no patient identifier",
            ),
            (
                Some("https://fhir.example.org"),
                Some("hospital|42"),
                "sync.patient: the identifier system",
            ),
        ];
        for (server, patient, want) in cases {
            let e = SyncConfig::from_settings(&nothing, server, patient, None).unwrap_err();
            assert_eq!(e.code(), "invalid_field");
            assert!(
                e.to_string().starts_with(want),
                "{server:?} {patient:?}: {e}"
            );
        }
        // The saved settings supply what is not given; what is given takes precedence.
        let saved = SyncSettings {
            enabled: true,
            server_url: Some("https://fhir.example.org/r4/".into()),
            patient: Some("MRN-1".into()),
        };
        let c = SyncConfig::from_settings(&saved, None, None, None).unwrap();
        assert_eq!(c.server_url, "https://fhir.example.org/r4");
        assert_eq!(c.patient.value, "MRN-1");
        let c = SyncConfig::from_settings(
            &saved,
            Some("http://127.0.0.1:8080"),
            Some("urn:oid:1.2|7"),
            None,
        )
        .unwrap();
        assert_eq!(c.server_url, "http://127.0.0.1:8080");
        assert_eq!(c.patient.token(), "urn:oid:1.2|7");
    }
}
