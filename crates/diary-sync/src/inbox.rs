//! The clinician's side of sync: the open alerts across patients, most urgent first
//! ([`inbox`]), acknowledging one as seen ([`ack`], [`ack_version`]) and closing it
//! ([`close`], a second, separate step). It reads and writes the care team's server only,
//! never a diary: the patient's app learns that an alert was seen at its next sync (the
//! engine's "seen" check). Each step is a state change of the alert's Task with
//! `If-Match`, so a change made meanwhile is never overwritten. The rule for when an
//! alert is overdue ([`is_overdue`], [`OVERDUE_AFTER`]) is a rule about an inbox item, so
//! it lives here; the clinician's panel (`crate::panel`) reads it from here.

use crate::client::Client;
use crate::mapping::{self, InboxItem};
use crate::token::Secret;
use crate::{ClientOptions, SyncError};
use chrono::{DateTime, Utc};
use diary_core::model::Level;
use diary_core::store::{validate_base_url, SERVER_URL_FIELD};
use diary_core::FieldError;
use serde_json::Value;

/// What a clinician's tools need: the server and their token.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    pub server_url: String,
    pub token: Option<Secret>,
    pub client: ClientOptions,
    /// Who on the care team acts (a name or role, written on the Task with each step).
    pub who: Option<String>,
}

impl ServerConfig {
    /// A configuration for `url`, checked by the same rules as the saved setting; errors
    /// name that setting (`sync.server_url`).
    pub fn new(url: &str, token: Option<Secret>) -> Result<ServerConfig, SyncError> {
        validate_base_url(url, SERVER_URL_FIELD)?;
        Ok(ServerConfig {
            server_url: url.trim().trim_end_matches('/').to_string(),
            token,
            client: ClientOptions::default(),
            who: None,
        })
    }

    pub(crate) fn client(&self) -> Result<Client, SyncError> {
        Client::new(&self.server_url, self.token.clone(), self.client.clone())
    }
}

/// A red alert nobody has acknowledged this long after it was written is overdue.
pub const OVERDUE_AFTER: chrono::Duration = chrono::Duration::minutes(30);

/// An RFC 3339 date-time from the server, as an instant; `None` when it is not one.
pub(crate) fn parse_instant(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Whether an alert is overdue at `now`: red, nobody has acknowledged it, and written
/// [`OVERDUE_AFTER`] or longer before `now`.
pub fn is_overdue(item: &InboxItem, now: DateTime<Utc>) -> bool {
    item.level == Level::Red
        && mapping::UNSEEN_STATUSES.contains(&item.status.as_str())
        && item
            .authored_on
            .as_deref()
            .and_then(parse_instant)
            .is_some_and(|t| now - t >= OVERDUE_AFTER)
}

/// The argument of [`ack`] as errors name it: the alert's id.
pub const ALERT_ID_FIELD: &str = "alert_id";

fn ids_query(ids: &[String]) -> Vec<Vec<String>> {
    let mut unique: Vec<String> = ids.to_vec();
    unique.sort();
    unique.dedup();
    unique.chunks(50).map(|c| c.to_vec()).collect()
}

pub(crate) fn fetch_by_id(
    client: &Client,
    ty: &str,
    ids: &[String],
) -> Result<Vec<Value>, SyncError> {
    let mut out = Vec::new();
    for chunk in ids_query(ids) {
        out.extend(client.search_all(ty, &[("_id", chunk.join(",")), ("_count", "100".into())])?);
    }
    Ok(out)
}

pub(crate) fn ref_id<'a>(reference: &'a str, ty: &str) -> Option<&'a str> {
    reference.strip_prefix(ty)?.strip_prefix('/')
}

/// The alerts across patients that no one on the care team has seen yet, most urgent
/// first (red, amber, green), then oldest report first; each with the report behind it in
/// words and the patient's identifier.
pub fn inbox(config: &ServerConfig) -> Result<Vec<InboxItem>, SyncError> {
    list(config, "requested")
}

/// [`inbox`] as the console shows it at `now`: each alert's `overdue` set (red, nobody has
/// acknowledged it, written [`OVERDUE_AFTER`] or longer
/// before `now`), and the overdue reds at the very top (oldest first), then the rest in the
/// order of [`inbox`].
pub fn inbox_at(config: &ServerConfig, now: DateTime<Utc>) -> Result<Vec<InboxItem>, SyncError> {
    let mut items = list(config, "requested")?;
    for i in items.iter_mut() {
        i.overdue = is_overdue(i, now);
    }
    // Stable: within each group the order of `inbox` stays.
    items.sort_by_key(|i| !i.overdue);
    Ok(items)
}

/// The argument of [`new_reds_since`] as errors name it: the cursor it returned before.
pub const SINCE_FIELD: &str = "since";

/// The red alerts nobody has acknowledged that the server wrote or changed after `since`
/// (all of them when `None`), for the console's desktop notifications, and the cursor to
/// pass next time. The cursor is the greatest `meta.lastUpdated` among the Tasks the server
/// returned (`since` again when there were none): the server's clock, never this
/// computer's, so a skewed clock here never loses an alert. One search
/// (`_lastUpdated=gt…` with this app's Task code, the unseen statuses and red priority);
/// a Task the server stamps no later than `since` is dropped here too, whatever the
/// precision of its comparison.
pub fn new_reds_since(
    config: &ServerConfig,
    since: Option<&str>,
) -> Result<(Vec<InboxItem>, Option<String>), SyncError> {
    let since = match since.map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some((
            s.to_string(),
            DateTime::parse_from_rfc3339(s)
                .map_err(|_| {
                    FieldError::new(
                        SINCE_FIELD,
                        format!("\"{s}\" is not a cursor returned by new_reds_since (an RFC 3339 instant)"),
                    )
                })?
                .with_timezone(&Utc),
        )),
    };
    let client = config.client()?;
    let mut query = vec![
        (
            "code",
            mapping::token_param(mapping::CS_ITEM, mapping::TASK_CODE),
        ),
        ("status", mapping::UNSEEN_STATUSES.join(",")),
        ("priority", "stat,asap".to_string()),
        ("_count", "100".into()),
    ];
    if let Some((text, _)) = &since {
        query.push(("_lastUpdated", format!("gt{text}")));
    }
    let found = client.search_all("Task", &query)?;
    let stamp = |t: &Value| {
        t["meta"]["lastUpdated"].as_str().and_then(|s| {
            DateTime::parse_from_rfc3339(s)
                .ok()
                .map(|at| (at.with_timezone(&Utc), s.to_string()))
        })
    };
    let fresh: Vec<Value> = found
        .into_iter()
        .filter(|t| t["resourceType"] == "Task")
        .filter(|t| match (&since, stamp(t)) {
            (Some((_, s)), Some((at, _))) => at > *s,
            _ => true,
        })
        .collect();
    let cursor = fresh
        .iter()
        .filter_map(stamp)
        .max_by(|a, b| a.0.cmp(&b.0))
        .map(|(_, s)| s)
        .or(since.map(|(text, _)| text));
    let reds: Vec<Value> = fresh
        .into_iter()
        .filter(|t| {
            mapping::inbox_item_from_task(t).is_some_and(|i| {
                i.level == Level::Red && mapping::UNSEEN_STATUSES.contains(&i.status.as_str())
            })
        })
        .collect();
    let mut items = enrich(&client, &reds)?;
    items.sort_by(|a, b| {
        a.authored_on
            .cmp(&b.authored_on)
            .then_with(|| a.id.cmp(&b.id))
    });
    Ok((items, cursor))
}

/// The alerts that were seen ([`ack`]) and are not closed yet ([`close`]), in the order of
/// [`inbox`], each with who saw it and when.
pub fn inbox_seen(config: &ServerConfig) -> Result<Vec<InboxItem>, SyncError> {
    list(config, mapping::SEEN_STATUS)
}

fn list(config: &ServerConfig, status: &str) -> Result<Vec<InboxItem>, SyncError> {
    let client = config.client()?;
    let tasks = client.search_all(
        "Task",
        &[
            (
                "code",
                format!("{}|{}", mapping::CS_ITEM, mapping::TASK_CODE),
            ),
            ("status", status.to_string()),
            ("_count", "100".into()),
        ],
    )?;
    let tasks: Vec<Value> = tasks
        .into_iter()
        .filter(|t| t["resourceType"] == "Task" && t["status"] == status)
        .collect();
    let mut out = enrich(&client, &tasks)?;
    let instant = |s: &Option<String>| {
        s.as_deref()
            .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
            .map(|t| t.with_timezone(&Utc))
    };
    out.sort_by(|a, b| {
        b.level
            .cmp(&a.level)
            .then_with(|| instant(&a.recorded_at).cmp(&instant(&b.recorded_at)))
            .then_with(|| a.id.cmp(&b.id))
    });
    Ok(out)
}

/// This app's alert Tasks as inbox items, each with the report behind it in words, the
/// patient's identifier and answers to "Did you reach your care team?", in a few searches
/// (the panels, their items, the Patients, the Communications). Tasks of other apps are
/// skipped; the order is the Tasks'.
pub(crate) fn enrich(client: &Client, tasks: &[Value]) -> Result<Vec<InboxItem>, SyncError> {
    let mut items: Vec<(InboxItem, String)> = tasks
        .iter()
        .filter(|t| t["resourceType"] == "Task")
        .filter_map(|t| {
            let item = mapping::inbox_item_from_task(t)?;
            let focus = t["focus"]["reference"].as_str().unwrap_or("").to_string();
            Some((item, focus))
        })
        .collect();
    // The report panels, their items, and the patients, in a few searches.
    let panel_ids: Vec<String> = items
        .iter()
        .filter_map(|(_, f)| ref_id(f, "Observation").map(str::to_string))
        .collect();
    let panels = fetch_by_id(client, "Observation", &panel_ids)?;
    let member_ids: Vec<String> = panels
        .iter()
        .flat_map(|p| p["hasMember"].as_array().cloned().unwrap_or_default())
        .filter_map(|m| {
            m["reference"]
                .as_str()
                .and_then(|r| ref_id(r, "Observation"))
                .map(str::to_string)
        })
        .collect();
    let members = fetch_by_id(client, "Observation", &member_ids)?;
    let patient_ids: Vec<String> = items
        .iter()
        .filter_map(|(i, _)| ref_id(&i.patient_ref, "Patient").map(str::to_string))
        .collect();
    let patients = fetch_by_id(client, "Patient", &patient_ids)?;
    // The patients' answers to "Did you reach your care team?", by the alerts they are about.
    let mut answers: std::collections::HashMap<String, Vec<mapping::FollowUpSeen>> =
        std::collections::HashMap::new();
    for chunk in ids_query(&patient_ids) {
        let refs: Vec<String> = chunk.iter().map(|id| format!("Patient/{id}")).collect();
        let found = client.search_all(
            "Communication",
            &[
                (
                    "category",
                    format!(
                        "{},{}",
                        mapping::token_param(mapping::CS_ITEM, mapping::FOLLOWUP_CATEGORY),
                        mapping::token_param(mapping::CS_ITEM, mapping::ESCALATION_CATEGORY)
                    ),
                ),
                ("subject", refs.join(",")),
                ("_count", "100".into()),
            ],
        )?;
        for c in found
            .iter()
            .filter(|c| c["resourceType"] == "Communication")
        {
            let read = mapping::followup_from_communication(c)
                .or_else(|| mapping::escalation_from_communication(c));
            if let Some((seen, alerts)) = read {
                for a in alerts {
                    answers.entry(a).or_default().push(seen.clone());
                }
            }
        }
    }
    let by_id = |list: &[Value], id: &str| -> Option<Value> {
        list.iter().find(|r| r["id"] == id).cloned()
    };
    for (item, focus) in items.iter_mut() {
        if let Some(panel) = ref_id(focus, "Observation").and_then(|id| by_id(&panels, id)) {
            item.note = panel["note"][0]["text"].as_str().map(str::to_string);
            for m in panel["hasMember"].as_array().cloned().unwrap_or_default() {
                if let Some(o) = m["reference"]
                    .as_str()
                    .and_then(|r| ref_id(r, "Observation"))
                    .and_then(|id| by_id(&members, id))
                {
                    item.report.push(mapping::observation_in_words(&o));
                }
            }
        }
        if let Some(list) = answers.get_mut(&item.alert_uid) {
            list.sort_by(|a, b| a.answered_at.cmp(&b.answered_at));
            item.followups = list.clone();
        }
        if let Some(p) = ref_id(&item.patient_ref, "Patient").and_then(|id| by_id(&patients, id)) {
            item.patient = p["identifier"][0]["value"].as_str().map(|v| {
                format!(
                    "{}|{v}",
                    p["identifier"][0]["system"].as_str().unwrap_or("")
                )
            });
        }
    }
    Ok(items.into_iter().map(|(i, _)| i).collect())
}

/// What an acknowledgement did.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Ack {
    /// The Task's id.
    pub id: String,
    pub alert_uid: String,
    pub level: Level,
    pub rule: String,
    /// The step taken: seen or closed.
    pub step: mapping::Step,
    /// `false` when the step had been taken already (nothing was changed but the note).
    pub changed: bool,
    /// A note was written on the Task ([`ack_with_note`]).
    pub note_added: bool,
    pub version: Option<String>,
}

/// Acknowledges one alert as seen: `id` is the Task's id (as the inbox lists it) or the
/// alert's business identifier (`alert-…`). It reads the Task and writes it back seen
/// (`accepted`, `businessStatus` seen, who and when; see [`mapping::task_step`]) with
/// `If-Match` on the version read, so an acknowledgement never overwrites a change made
/// meanwhile (that is a `conflict` error: list the inbox again). The alert stays in the
/// inbox until it is closed ([`close`]).
pub fn ack(config: &ServerConfig, id: &str, now: DateTime<Utc>) -> Result<Ack, SyncError> {
    ack_version(config, id, None, now)
}

/// [`ack`], but only if the Task is still at `version` (the `InboxItem::version` the
/// clinician was shown): a Task changed since then is a `conflict` error, not overwritten.
pub fn ack_version(
    config: &ServerConfig,
    id: &str,
    version: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Ack, SyncError> {
    step_version(config, id, version, mapping::Step::Seen, now)
}

/// The argument of [`ack_with_note`] as errors name it.
pub const NOTE_FIELD: &str = "note";
/// The longest note [`ack_with_note`] takes, in characters.
pub const NOTE_MAX_CHARS: usize = 2000;

/// A clinician's note as it is written on the Task: trimmed, line breaks as `\n`; `None`
/// when empty. Longer than [`NOTE_MAX_CHARS`], or holding a control character other than a
/// line break, is refused naming [`NOTE_FIELD`].
pub fn check_note(note: &str) -> Result<Option<String>, SyncError> {
    let n = note.replace("\r\n", "\n");
    let n = n.trim();
    if n.chars().count() > NOTE_MAX_CHARS {
        return Err(FieldError::new(
            NOTE_FIELD,
            format!("a note is at most {NOTE_MAX_CHARS} characters"),
        )
        .into());
    }
    if n.chars().any(|c| c.is_control() && c != '\n') {
        return Err(FieldError::new(NOTE_FIELD, "a note may not hold control characters").into());
    }
    Ok((!n.is_empty()).then(|| n.to_string()))
}

/// [`ack_version`], and `note` (what was done: "called her, coming in") appended to the
/// Task as a `Task.note` Annotation by `config.who` at `now`, in the same `If-Match`
/// update. On an alert seen already, the note is still added (the step is not taken again:
/// `changed` is `false`, `note_added` `true`). A note is checked first ([`check_note`]).
pub fn ack_with_note(
    config: &ServerConfig,
    id: &str,
    version: Option<&str>,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Ack, SyncError> {
    let note = match note {
        Some(n) => check_note(n)?,
        None => None,
    };
    step_noted(
        config,
        id,
        version,
        mapping::Step::Seen,
        note.as_deref(),
        now,
    )
}

/// Closes one alert (`completed`): the second step, after it was seen; an alert closed
/// without being acknowledged first is marked seen at the same time. Like [`ack`], with
/// `If-Match`; closing a closed alert changes nothing.
pub fn close(config: &ServerConfig, id: &str, now: DateTime<Utc>) -> Result<Ack, SyncError> {
    step_version(config, id, None, mapping::Step::Closed, now)
}

/// One care-team step on the alert `id`, only if its Task is still at `version` when given.
pub fn step_version(
    config: &ServerConfig,
    id: &str,
    version: Option<&str>,
    step: mapping::Step,
    now: DateTime<Utc>,
) -> Result<Ack, SyncError> {
    step_noted(config, id, version, step, None, now)
}

fn step_noted(
    config: &ServerConfig,
    id: &str,
    version: Option<&str>,
    step: mapping::Step,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Ack, SyncError> {
    let client = config.client()?;
    let id = id.trim();
    if id.is_empty()
        || id.len() > 200
        || id
            .chars()
            .any(|c| c.is_whitespace() || c == '/' || c == '?')
    {
        return Err(FieldError::new(
            ALERT_ID_FIELD,
            format!("\"{id}\" is not an alert id from the inbox"),
        )
        .into());
    }
    let task_id = if id.starts_with("alert-") {
        let found = client.search_all(
            "Task",
            &[("identifier", mapping::token_param(mapping::SID_ALERT, id))],
        )?;
        found
            .iter()
            .find(|t| t["resourceType"] == "Task")
            .and_then(|t| t["id"].as_str())
            .map(str::to_string)
            .ok_or_else(|| SyncError::NotFound(format!("no alert {id}")))?
    } else {
        id.to_string()
    };
    let read = client.read("Task", &task_id)?;
    let task = read.body;
    let item = mapping::inbox_item_from_task(&task).ok_or_else(|| {
        SyncError::NotFound(format!("Task {task_id} is not a Symptom Diary alert"))
    })?;
    let done = match step {
        mapping::Step::Seen => !mapping::UNSEEN_STATUSES.contains(&item.status.as_str()),
        mapping::Step::Closed => item.status == "completed" || item.status == "cancelled",
    };
    if done && note.is_none() {
        return Ok(Ack {
            id: task_id,
            alert_uid: item.alert_uid,
            level: item.level,
            rule: item.rule,
            step,
            changed: false,
            note_added: false,
            version: item.version,
        });
    }
    let version = match version {
        // Bare "3", or an ETag as the server wrote it (W/"3").
        Some(v) => Some(format!(
            "W/\"{}\"",
            v.trim_start_matches("W/").trim_matches('"')
        )),
        None => read.etag.clone().or_else(|| {
            task["meta"]["versionId"]
                .as_str()
                .map(|v| format!("W/\"{v}\""))
        }),
    };
    let mut updated = if done {
        task.clone()
    } else {
        mapping::task_step(&task, step, config.who.as_deref(), now)
    };
    if let Some(text) = note {
        updated = mapping::task_with_note(&updated, text, config.who.as_deref(), now);
    }
    let r = client.update(&updated, version.as_deref())?;
    Ok(Ack {
        id: task_id,
        alert_uid: item.alert_uid,
        level: item.level,
        rule: item.rule,
        step,
        changed: !done,
        note_added: note.is_some(),
        version: r.body["meta"]["versionId"].as_str().map(str::to_string),
    })
}

/// The edges of [`is_overdue`]: (minutes since written, status, level, overdue). The
/// inbox's tests and the panel's (whose overdue counts must agree) read the one table.
#[cfg(test)]
pub(crate) const OVERDUE_CASES: [(i64, &str, diary_core::model::Level, bool); 7] = {
    use diary_core::model::Level;
    [
        (29, "requested", Level::Red, false),
        (30, "requested", Level::Red, true),
        (31, "requested", Level::Red, true),
        (600, "accepted", Level::Red, false),
        (600, "completed", Level::Red, false),
        (600, "requested", Level::Amber, false),
        (600, "received", Level::Red, true),
    ]
};

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn now() -> DateTime<Utc> {
        "2026-11-27T12:00:00Z".parse().unwrap()
    }

    /// An alert of this app as the inbox reads it: written `minutes` before [`now`].
    fn item(level: Level, status: &str, minutes: i64) -> InboxItem {
        let written = (now() - chrono::Duration::minutes(minutes))
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        mapping::inbox_item_from_task(&json!({
            "resourceType": "Task",
            "id": "t1",
            "identifier": [{ "system": mapping::SID_ALERT, "value": "alert-1" }],
            "status": status,
            "intent": "order",
            "priority": mapping::priority(level),
            "code": { "coding": [{ "system": mapping::CS_ITEM, "code": mapping::TASK_CODE }] },
            "for": { "reference": "Patient/p" },
            "authoredOn": written,
            "reasonCode": { "coding": [{ "system": mapping::CS_RULE, "code": "R-FEVER" }] }
        }))
        .unwrap()
    }

    #[test]
    fn a_red_is_overdue_at_exactly_thirty_minutes_not_at_twenty_nine() {
        for (minutes, status, level, overdue) in super::OVERDUE_CASES {
            let i = item(level, status, minutes);
            assert_eq!(
                is_overdue(&i, now()),
                overdue,
                "{minutes} min {status} {level}"
            );
        }
        // A red whose time of writing is missing or unreadable is never called overdue.
        for authored_on in [None, Some("yesterday".to_string())] {
            let mut i = item(Level::Red, "requested", 600);
            i.authored_on = authored_on;
            assert!(!is_overdue(&i, now()), "{:?}", i.authored_on);
        }
    }

    #[test]
    fn a_servers_instant_is_read_in_any_offset_and_only_in_rfc_3339() {
        assert_eq!(parse_instant("2026-11-27T17:00:00+05:00"), Some(now()));
        assert_eq!(parse_instant("2026-11-27T12:00:00.000Z"), Some(now()));
        for bad in ["2026-11-27", "2026-11-27T12:00:00", "27.11.2026 12:00", ""] {
            assert_eq!(parse_instant(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_server_config_never_prints_its_token() {
        let cfg = ServerConfig::new("https://x.org", Some(Secret::new("abc123"))).unwrap();
        assert!(!format!("{cfg:?}").contains("abc123"));
    }

    #[test]
    fn errors_name_the_setting_and_the_argument_never_a_flag() {
        let e = ServerConfig::new("http://fhir.example.org", None).unwrap_err();
        assert!(e.to_string().starts_with("sync.server_url: "), "{e}");
        // A wrong id is refused before anything is sent (nothing listens on port 9).
        let cfg = ServerConfig::new("http://127.0.0.1:9", None).unwrap();
        let now = "2026-11-27T12:00:00Z".parse().unwrap();
        for id in ["", "Task/1", "a b", "x?y=1"] {
            let e = ack(&cfg, id, now).unwrap_err();
            assert_eq!(e.code(), "invalid_field", "{id:?}: {e}");
            assert!(e.to_string().starts_with("alert_id: "), "{e}");
        }
    }

    #[test]
    fn a_note_is_checked_before_anything_is_sent() {
        assert_eq!(
            check_note("  called her, coming in \r\n")
                .unwrap()
                .as_deref(),
            Some("called her, coming in")
        );
        assert_eq!(
            check_note("line one\r\nline two").unwrap().as_deref(),
            Some("line one\nline two")
        );
        assert_eq!(check_note("   ").unwrap(), None);
        assert!(check_note(&"é".repeat(NOTE_MAX_CHARS)).unwrap().is_some());
        let cfg = ServerConfig::new("http://127.0.0.1:9", None).unwrap();
        let now = "2026-11-27T12:00:00Z".parse().unwrap();
        for bad in [
            "a\u{7}b".to_string(),
            "tab\there".into(),
            "x".repeat(NOTE_MAX_CHARS + 1),
        ] {
            let e = ack_with_note(&cfg, "t1", None, Some(&bad), now).unwrap_err();
            assert_eq!(e.code(), "invalid_field", "{e}");
            assert!(e.to_string().starts_with("note: "), "{e}");
        }
        let e = new_reds_since(&cfg, Some("yesterday")).unwrap_err();
        assert!(e.to_string().starts_with("since: "), "{e}");
    }
}
