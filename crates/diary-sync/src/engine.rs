//! The sync engine, the patient's side: one run plans the waiting outbox rows, finds (or
//! creates) the Patient, sends the batches (urgent first), sends the weekly summaries
//! that are due, learns which alerts the care team has seen, and records the status in
//! the diary. It exists to hold the one place where the pure parts (the store's outbox
//! rows, [`plan`], [`mapping`]) meet the network ([`Client`]); it makes no decision the
//! planner could make. [`sync_now`] is "Send now"; [`sync_due`] is the app's timer. Time
//! is a parameter: the engine is given `now` and never reads a clock.

use crate::client::Client;
use crate::plan::{self, Policy, Trigger};
use crate::token::{self, Secret};
use crate::{mapping, ClientOptions, SyncError};
use chrono::{DateTime, Utc};
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

/// `Patient/<id>` of the patient the care team knows by `id`: found by identifier, or
/// created (identifier only) once when the server has none.
pub fn find_or_create_patient(
    client: &Client,
    id: &PatientIdentifier,
) -> Result<String, SyncError> {
    let found = client.search_all("Patient", &[("identifier", id.token())])?;
    let patients: Vec<&Value> = found
        .iter()
        .filter(|r| r["resourceType"] == "Patient")
        .collect();
    match patients.as_slice() {
        [one] => Ok(format!("Patient/{}", one["id"].as_str().unwrap_or(""))),
        [] => {
            let r = client.create_once(
                &mapping::patient_resource(id),
                &format!("identifier={}", id.token()),
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
                .ok_or_else(|| {
                    SyncError::Protocol("the new Patient came back without an id".into())
                })?;
            Ok(format!("Patient/{pid}"))
        }
        _ => Err(SyncError::Rejected {
            status: 0,
            text: format!(
                "{} patients on the server have this identifier; the care team must merge them",
                patients.len()
            ),
        }),
    }
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
    }
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
    }
}

/// Sends units as one transaction; marks their rows sent, or records why not.
fn send_units(
    diary: &mut Diary,
    client: &Client,
    units: &[plan::Unit],
    patient_ref: &str,
    now: DateTime<Utc>,
    report: &mut SyncReport,
) -> Result<Result<(), SyncError>, StoreError> {
    let ids: Vec<i64> = units.iter().flat_map(|u| u.outbox_ids.clone()).collect();
    let payloads = diary.sync_payloads(&ids)?;
    let mut entries = Vec::new();
    let mut sent = Vec::new();
    for (_, p) in &payloads {
        let e = entries_of(p, patient_ref);
        sent.push(Sent {
            what: describe_payload(p),
            resources: e.len(),
        });
        entries.extend(e);
    }
    let bundle = mapping::transaction(&entries, client.base());
    match client.transaction(&bundle) {
        Ok(_) => {
            diary.sync_mark_sent(&ids, now)?;
            report.bundles += 1;
            report.sent.extend(sent);
            Ok(Ok(()))
        }
        Err(e @ SyncError::Rejected { .. }) if units.len() > 1 => {
            // One unit spoiled the bundle: send each alone, so the rest still go.
            let _ = e;
            for u in units {
                let r = send_units(
                    diary,
                    client,
                    std::slice::from_ref(u),
                    patient_ref,
                    now,
                    report,
                )?;
                if let Err(e) = r {
                    if e.stops_the_run() {
                        return Ok(Err(e));
                    }
                }
            }
            Ok(Ok(()))
        }
        Err(e) => {
            match &e {
                // A run out of time did not fail the rows: they wait for the next run as they were.
                SyncError::TimeUp { .. } => {}
                // The server refused this unit's content alone: counted towards setting it aside.
                SyncError::Rejected {
                    status: 400..=499, ..
                } if units.len() == 1 => diary.sync_record_refusal(&ids, &e.to_string(), now)?,
                _ => diary.sync_record_failure(&ids, &e.to_string(), now)?,
            }
            report.errors.push(Failure::from(&e));
            Ok(Err(e))
        }
    }
}

/// Sends the summaries of the weeks that are due.
fn send_summaries(
    diary: &mut Diary,
    client: &Client,
    config: &SyncConfig,
    patient_ref: &str,
    now: DateTime<Utc>,
    report: &mut SyncReport,
) -> Result<Result<(), SyncError>, StoreError> {
    let due = plan::weeks_due(
        &diary.sync_dirty_weeks()?,
        &diary.sync_weeks_waiting()?,
        now,
    );
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
                &config.patient,
                patient_ref,
                now,
            ));
        }
        match client.transaction(&mapping::transaction(&entries, client.base())) {
            Ok(_) => {
                for w in chunk {
                    diary.sync_mark_week_sent(w.start, now)?;
                }
                report.bundles += 1;
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

/// Asks the server which of this diary's sent alerts the care team has acknowledged.
fn fetch_seen(diary: &mut Diary, client: &Client) -> Result<usize, SyncError> {
    let uids = diary.sync_unseen_alert_uids()?;
    let mut n = 0;
    for chunk in uids.chunks(40) {
        let tokens: Vec<String> = chunk
            .iter()
            .map(|u| format!("{}|{u}", mapping::SID_ALERT))
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

/// One sync run: plan, send the batches (urgent first), send the weekly summaries that
/// are due, learn which alerts the care team has seen, and record the status. Network and
/// server problems do not make it fail: they are in [`SyncReport::errors`] and in the
/// saved status, and the rows stay waiting. Only a diary that cannot be used is an `Err`.
pub fn sync(
    diary: &mut Diary,
    config: &SyncConfig,
    trigger: Trigger,
    now: DateTime<Utc>,
) -> Result<SyncReport, SyncError> {
    let mut report = SyncReport::default();
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
    let patient_ref = match find_or_create_patient(&client, &config.patient) {
        Ok(p) => Some(p),
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
    if let Some(patient_ref) = &patient_ref {
        let mut scheduled_ok = planned.scheduled_run;
        for batch in &planned.batches {
            let r = send_units(diary, &client, &batch.units, patient_ref, now, &mut report)?;
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
            if let Err(e) = send_summaries(diary, &client, config, patient_ref, now, &mut report)? {
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
/// when the schedule is due. The token comes from [`token::load`].
pub fn sync_due(diary: &mut Diary, now: DateTime<Utc>) -> Result<Option<SyncReport>, SyncError> {
    let settings = diary.sync_settings()?;
    if !settings.enabled {
        return Ok(None);
    }
    let config = SyncConfig::from_settings(
        &settings,
        None,
        None,
        token::load(settings.server_url.as_deref())?,
    )?;
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
