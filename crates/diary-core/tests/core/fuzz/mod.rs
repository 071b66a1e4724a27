//! diary-core's random-input harness (issue 10 item 7), a module of the crate's one
//! integration-test binary: the diary document reader
//! (`json::parse_document`, with a clock and without) and the lab-sheet words
//! (`input::LabWords::to_lab`, then `json::validate_lab`) are fed thousands of inputs made
//! from the sample diaries and the vocabulary by `mutate.rs`; any error is a fine answer,
//! a panic fails the test with its input saved. A short budget runs with every
//! `cargo test`; `FUZZ_SECONDS=600 cargo test -p diary-core --test core fuzz --release` (or
//! `scripts/fuzz.sh`) runs longer. Inputs that once crashed live in `regressions/` and are
//! replayed first.

mod mutate;

use chrono::{NaiveDate, TimeZone, Utc};
use diary_core::input::LabWords;
use diary_core::json::{self, Clock};
use diary_core::model::{LabTest, LabUnit};
use mutate::{budget, Rng};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

fn regressions() -> PathBuf {
    Path::new(&std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
        .join("tests/core/fuzz/regressions")
}

fn crashes() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-crashes")
}

/// The sample diaries, the seeds of the document reader.
fn seeds() -> Vec<Vec<u8>> {
    let dir =
        Path::new(&std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
            .join("../../assets/samples");
    let out: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| std::fs::read(p).unwrap())
        .collect();
    assert!(out.len() >= 3, "the sample diaries are the seeds");
    out
}

#[test]
fn the_document_reader_never_panics() {
    let seeds = seeds();
    // Small seeds keep each input fast: the first reports of each sample, cut at a brace.
    let trees: Vec<serde_json::Value> = seeds
        .iter()
        .filter_map(|s| serde_json::from_slice::<serde_json::Value>(s).ok())
        .map(|mut v| {
            for list in ["reports", "labs", "checkins"] {
                if let Some(a) = v.get_mut(list).and_then(|a| a.as_array_mut()) {
                    a.truncate(4);
                }
            }
            v
        })
        .collect();
    let now = Utc.with_ymd_and_hms(2026, 11, 27, 12, 0, 0).unwrap();
    let read = AtomicUsize::new(0);
    let n = mutate::run(
        "document",
        &regressions(),
        &crashes(),
        budget(5000),
        |rng| {
            if rng.chance(2) {
                let seed = rng.pick(&trees);
                let t = mutate::mutate_tree(rng, seed);
                serde_json::to_vec(&t).unwrap()
            } else {
                let seed = serde_json::to_vec(rng.pick(&trees)).unwrap();
                mutate::mutate_bytes(rng, &seed, &seeds)
            }
        },
        &|input| {
            let text = String::from_utf8_lossy(input);
            for clock in [Clock::Now(now), Clock::Unchecked] {
                if let Ok(doc) = json::parse_document(&text, clock) {
                    read.fetch_add(1, Ordering::Relaxed);
                    // What was read is written back, and reads again.
                    let again = json::to_json(&doc);
                    json::parse_document(&again, Clock::Unchecked)
                        .expect("a document the reader took reads again once written");
                }
            }
        },
    );
    let read = read.into_inner();
    println!("document reader: {n} inputs ({read} readings taken, the rest refused), 0 crashes");
    assert!(n >= 100);
    // The inputs reach past the JSON syntax: some are still documents, most are not.
    assert!(read > 0 && read < 2 * n, "{read} of {n}");
}

/// A word as a lab sheet might give it: the vocabulary's, changed a little, or noise.
fn word(rng: &mut Rng, vocabulary: &[&str]) -> String {
    let w = rng.pick(vocabulary).to_string();
    match rng.below(4) {
        0 => w,
        1 => format!(" {} ", w.to_uppercase()),
        2 => {
            let b = mutate::mutate_bytes(rng, w.as_bytes(), &[]);
            String::from_utf8_lossy(&b).into_owned()
        }
        _ => mutate::random_value(rng, 0).to_string(),
    }
}

/// A number as JSON; NaN and the infinities as their names (JSON has no such numbers).
fn number(x: f64) -> serde_json::Value {
    if x.is_finite() {
        serde_json::json!(x)
    } else {
        serde_json::json!(x.to_string())
    }
}

#[test]
fn the_lab_sheet_words_never_panic() {
    let tests: Vec<&str> = LabTest::ALL.iter().map(|t| t.as_str()).collect();
    let units: Vec<&str> = LabUnit::ALL.iter().map(|u| u.as_str()).collect();
    let days = [
        "2026-11-20",
        "2026-02-29",
        "2024-02-29",
        "0000-00-00",
        "99999-01-01",
        "2026-11-20T08:00:00Z",
        "",
        " ",
    ];
    let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let taken = AtomicUsize::new(0);
    let n = mutate::run(
        "lab-words",
        &regressions(),
        &crashes(),
        budget(20_000),
        |rng| {
            // The words as one JSON line, so a crash's input is readable and replayable.
            // Half the time a plausible sheet (a test with one of its units, values a lab
            // prints), so the checks past the words are reached too.
            let test = *rng.pick(LabTest::ALL);
            let plausible = rng.chance(2);
            let value = |rng: &mut Rng| {
                if plausible && !rng.chance(8) {
                    number(rng.below(5000) as f64 / 10.0)
                } else {
                    number(rng.float())
                }
            };
            let opt = |rng: &mut Rng| (!rng.chance(3)).then(|| value(rng));
            let (test_word, unit_word) = if plausible {
                (
                    test.as_str().to_string(),
                    rng.pick(test.units()).as_str().to_string(),
                )
            } else {
                (word(rng, &tests), word(rng, &units))
            };
            let words = serde_json::json!({
                "test": test_word,
                "value": value(rng),
                "unit": unit_word,
                "taken_on": (!rng.chance(4)).then(|| word(rng, &days)),
                "ref_low": opt(rng),
                "ref_high": opt(rng),
                "baseline": opt(rng),
            });
            words.to_string().into_bytes()
        },
        &|input| {
            let Ok(v) = serde_json::from_slice::<serde_json::Value>(input) else {
                return;
            };
            let f = |k: &str| {
                v[k].as_f64()
                    .or_else(|| v[k].as_str().and_then(|s| s.parse().ok()))
            };
            let words = LabWords {
                test: v["test"].as_str().unwrap_or("").to_string(),
                value: f("value").unwrap_or(f64::NAN),
                unit: v["unit"].as_str().unwrap_or("").to_string(),
                taken_on: v["taken_on"].as_str().map(str::to_string),
                ref_low: f("ref_low"),
                ref_high: f("ref_high"),
                baseline: f("baseline"),
            };
            if let Ok(lab) = words.to_lab(today) {
                if json::validate_lab(&lab).is_ok() {
                    taken.fetch_add(1, Ordering::Relaxed);
                }
            }
        },
    );
    let taken = taken.into_inner();
    println!("lab-sheet words: {n} inputs ({taken} results taken, the rest refused), 0 crashes");
    assert!(n >= 100);
    assert!(taken > 0 && taken < n, "{taken} of {n}");
}

#[test]
fn the_harness_catches_a_panic_and_keeps_its_input() {
    // The harness itself can fail: a parser that panics on one byte is caught.
    let dir = crashes().join("self-test");
    let found = mutate::try_one("self-test", &dir, b"\xff", &|input| {
        assert!(input != b"\xff", "planted crash");
    });
    let file = found.expect("the planted crash is caught");
    assert_eq!(std::fs::read(&file).unwrap(), b"\xff");
    assert!(mutate::try_one("self-test", &dir, b"ok", &|_| {}).is_none());
}
