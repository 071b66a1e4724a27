//! A-NO-REPORT ("no report for 3 days") as a Task for the care team. A silent patient may
//! be the one most in need of a call, and the patient's own app is the one place that
//! cannot tell anyone, so the diary raises it once per silence (`Diary::raise_no_report`)
//! and sends it like any other amber alert: the same `code` (review an alert), so the
//! inbox's one search finds it, the rule as `reasonCode`, priority `urgent`, `for` the
//! Patient, a business identifier from the diary's own id for the episode (never the MRN),
//! created once. It differs in one way: no report raised it, so it has no `focus`; what
//! the care team needs is in `description` ("No report for 3 days, last report …", then
//! the rule's detail) and in `input` (the subject, the last report's time, the days).

use super::{instant, task, Entry, Write, CS_ITEM};
use diary_core::store::NoReportEpisode;
use serde_json::{json, Value};

/// The `Task.input` type that carries the time of the last report before the silence.
pub const LAST_REPORT_INPUT: &str = "last-report";

/// The `Task.input` type that carries the whole days without a report when it was raised.
pub const DAYS_SILENT_INPUT: &str = "days-without-report";

/// The words of an A-NO-REPORT Task's `description`: "No report for 3 days, last report
/// 2026-11-24 08:30 +05:00", then the rule's detail.
pub fn no_report_words(ep: &NoReportEpisode) -> String {
    let days = ep.days_silent();
    let mut s = format!(
        "No report for {days} day{}, last report {}",
        if days == 1 { "" } else { "s" },
        ep.last_report_at.format("%Y-%m-%d %H:%M %:z")
    );
    if !ep.alert.detail.trim().is_empty() {
        s.push_str(" — ");
        s.push_str(ep.alert.detail.trim());
    }
    s
}

/// An A-NO-REPORT episode as a Task ([`task`], with no `focus`): authored when the silence
/// was noticed (in the last report's offset), the words in `description`, and `input` the
/// subject (`reporting`), the last report's time and the days without a report.
pub fn no_report_entry(ep: &NoReportEpisode, patient_ref: &str) -> Entry {
    let authored = ep.raised_at.with_timezone(ep.last_report_at.offset());
    let mut t = task::task(
        &ep.uid,
        &ep.alert,
        &ep.ruleset,
        None,
        &authored,
        None,
        patient_ref,
    );
    t.insert("description".into(), json!(no_report_words(ep)));
    let extra = [
        json!({
            "type": { "coding": [{ "system": CS_ITEM, "code": LAST_REPORT_INPUT }], "text": "last report" },
            "valueDateTime": instant(&ep.last_report_at)
        }),
        json!({
            "type": { "coding": [{ "system": CS_ITEM, "code": DAYS_SILENT_INPUT }], "text": "days without a report" },
            "valueInteger": ep.days_silent()
        }),
    ];
    if let Some(Value::Array(list)) = t.get_mut("input") {
        list.extend(extra);
    }
    Entry {
        resource: Value::Object(t),
        write: Write::CreateOnce,
    }
}
