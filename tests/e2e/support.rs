//! What every end-to-end scenario shares that is neither a screen nor a check: the app
//! binary under test, where screenshots go (under the target dir, or the README's own
//! pictures with `DIARY_BLESS=1`, the workspace's one regeneration switch), the record of
//! checks that could not run (a scenario with one is reported ignored with its reason,
//! never passed), the diary file opened read-only, and the numbers the scenarios configure.

use crate::driver::root;
use diary_core::store::{key as diary_key, KeyPolicy};
use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// The numbers the scenarios configure: the care team, the 24-hour line, emergency.
pub const TEAM: &str = "0300 111 222";
pub const LINE_24H: &str = "0300 999 000";
pub const EMERGENCY: &str = "103";

/// The app binary under test, built by cargo for this test.
pub fn app() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_symptom-diary"))
}

/// Where the screenshots go: under `target/` (tests never change tracked files), or the
/// README's own pictures in `docs/screenshots/` when `DIARY_BLESS=1` (the workspace's one
/// regeneration switch) asks for them.
pub fn screenshots() -> PathBuf {
    let dir = if std::env::var("DIARY_BLESS").as_deref() == Ok("1") {
        root().join("docs/screenshots")
    } else {
        std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| root().join("target"))
            .join("e2e-screenshots")
    };
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Whether every check must run: under CI (`CI=true`) or with `E2E_REQUIRE_ALL=1`, a check
/// that cannot run (no notification log, no FHIR server) fails instead of being skipped.
pub fn everything_required() -> bool {
    std::env::var("CI").as_deref() == Ok("true")
        || std::env::var("E2E_REQUIRE_ALL").as_deref() == Ok("1")
}

/// The checks of the current scenario that could not run, with why.
pub static SKIPPED: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

/// Records that a check could not run: printed as "skipped: why", and the scenario is then
/// counted as skipped, never as passed. Under [`everything_required`] it fails instead.
pub fn skip(why: &str) {
    assert!(
        !everything_required(),
        "this check must run here (CI or E2E_REQUIRE_ALL=1) but cannot: {why}"
    );
    eprintln!("skipped: {why}");
    SKIPPED.lock().unwrap().push(why.to_string());
}

/// The app's diary, read-only, unlocked with its key (from the keyring the app put it in).
pub fn db(path: &Path) -> Connection {
    let conn =
        Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let found = diary_key::find(path, KeyPolicy::from_env())
        .unwrap()
        .expect("the app's diary has a key");
    found.key.unlock(&conn).unwrap();
    conn
}
