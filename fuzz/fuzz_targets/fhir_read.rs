//! The FHIR response reader under libFuzzer: any bytes that are JSON, every object in them
//! read as a Task, an acknowledgement, an OperationOutcome and an Observation.
#![no_main]

use diary_sync::mapping;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fn read_all(v: &Value) {
    match v {
        Value::Object(m) => {
            let _ = mapping::inbox_item_from_task(v);
            let _ = mapping::acknowledged_at(v);
            let _ = mapping::outcome_text(v);
            let _ = mapping::observation_in_words(v);
            m.values().for_each(read_all);
        }
        Value::Array(a) => a.iter().for_each(read_all),
        _ => {}
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok(v) = serde_json::from_slice::<Value>(data) {
        read_all(&v);
    }
});
