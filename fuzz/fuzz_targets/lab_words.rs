//! The lab-sheet words under libFuzzer: a test, a value, a unit, a day and the reference
//! values as lines of text, then the checks every lab result meets.
#![no_main]

use chrono::NaiveDate;
use diary_core::input::LabWords;
use diary_core::json;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut lines = text.split('\n');
    let mut word = || lines.next().map(str::to_string);
    let number = |w: Option<String>| w.and_then(|w| w.trim().parse::<f64>().ok());
    let test = word().unwrap_or_default();
    let value = number(word()).unwrap_or(f64::NAN);
    let unit = word().unwrap_or_default();
    let taken_on = word();
    let words = LabWords {
        test,
        value,
        unit,
        taken_on,
        ref_low: number(word()),
        ref_high: number(word()),
        baseline: number(word()),
    };
    let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    if let Ok(lab) = words.to_lab(today) {
        let _ = json::validate_lab(&lab);
    }
});
