//! The diary document reader under libFuzzer: any bytes, read with a clock and without;
//! what it reads must be written and read again (as in crates/diary-core/tests/core/fuzz).
#![no_main]

use chrono::{TimeZone, Utc};
use diary_core::json::{self, Clock};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let now = Utc.with_ymd_and_hms(2026, 11, 27, 12, 0, 0).unwrap();
    for clock in [Clock::Now(now), Clock::Unchecked] {
        if let Ok(doc) = json::parse_document(text, clock) {
            let again = json::to_json(&doc);
            json::parse_document(&again, Clock::Unchecked)
                .expect("a document the reader took reads again once written");
        }
    }
});
