//! End-to-end tests: the real app binary under Xvfb, driven over WebDriver by
//! `tauri-driver` and `WebKitWebDriver`. Run them with `scripts/e2e.sh` (which provides the
//! display, a D-Bus session and a dunst that logs notifications to `E2E_NOTIFY_LOG`), or by
//! hand: `cargo test --features e2e --test e2e -- [filter]` with DISPLAY set and
//! tauri-driver on PATH (or in `TAURI_DRIVER`).
//!
//! This file is only the harness (libtest-mimic, `harness = false`): each scenario in
//! `scenarios/` is one test, so libtest's filter, `--list`, `--exact` and `--skip` work as
//! for any test, and a scenario with a check that could not run is reported ignored with
//! its reason, never passed. The scenarios share tauri-driver's ports, so they run one at a
//! time, each in a thread named after it. `E2E_ONLY=<words>` (the scripts' older filter) is
//! taken as the filter when none is given. The closing line is
//! `e2e: N passed, N failed, N skipped` (scripts/e2e.sh's contract; CI reads it), where
//! skipped counts the ignored and the filtered-out scenarios.

mod care_team;
mod checks;
mod driver;
mod fhir;
mod notifications;
mod scenarios;
mod screens;
mod support;

use libtest_mimic::{Arguments, Completion, Failed, Trial};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Runs one scenario in a thread named after it (the name its panics and skip lines carry):
/// a failure is its panic's message; a scenario that recorded skipped checks is ignored
/// with their reasons.
fn run(name: &'static str, scenario: fn(&Path), dir: PathBuf) -> Result<Completion, Failed> {
    if std::env::var_os("DISPLAY").is_none() {
        return Err("DISPLAY is not set: run the e2e tests through scripts/e2e.sh (Xvfb)".into());
    }
    support::SKIPPED
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clear();
    eprintln!("scenario: {name}");
    let outcome = std::thread::Builder::new()
        .name(name.to_string())
        .spawn(move || scenario(&dir))
        .expect("a thread for the scenario")
        .join();
    let skips = std::mem::take(&mut *support::SKIPPED.lock().unwrap_or_else(|e| e.into_inner()));
    match outcome {
        Err(panic) => {
            let why = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "the scenario panicked".into());
            eprintln!("scenario: {name}: FAILED");
            Err(why.into())
        }
        Ok(()) if !skips.is_empty() => {
            let why = skips.join("; ");
            eprintln!("scenario: {name}: skipped: {why}");
            Ok(Completion::ignored_with(why))
        }
        Ok(()) => {
            eprintln!("scenario: {name}: passed");
            Ok(Completion::Completed)
        }
    }
}

/// `E2E_ONLY`'s words as a test-name filter: "care team" or "hospital sign-in" match the
/// scenario names (`care_team_…`, `hospital_sign_in`) as they matched the old titles.
fn only_filter() -> Option<String> {
    let only = std::env::var("E2E_ONLY").ok().filter(|o| !o.is_empty())?;
    Some(
        only.to_lowercase()
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '_' })
            .collect(),
    )
}

fn main() -> ExitCode {
    let mut args = Arguments::from_args();
    if args.filter.is_none() {
        args.filter = only_filter();
    }
    // One at a time: the scenarios share tauri-driver's ports.
    args.test_threads = Some(1);
    let dir = tempfile::tempdir().unwrap();
    let trials = scenarios::ALL
        .iter()
        .map(|&(name, scenario)| {
            let dir = dir.path().to_path_buf();
            Trial::ignorable_test(name, move || run(name, scenario, dir))
        })
        .collect();
    let conclusion = libtest_mimic::run(&args, trials);
    if !args.list {
        eprintln!(
            "e2e: {} passed, {} failed, {} skipped",
            conclusion.num_passed,
            conclusion.num_failed,
            conclusion.num_ignored + conclusion.num_filtered_out
        );
    }
    conclusion.exit_code()
}
