//! How the tests find and start a server, and the one rule for a server that is missing:
//! this checkout's harness folder, the setup command to name, the caches searched, a free
//! port on 127.0.0.1, waiting until a server answers, and [`or_skip`] (the
//! [`start_or_skip!`](crate::start_or_skip) macro): skipped outside CI, a failure where
//! servers are required. Every server of the crate (hfs, Medplum, the OIDC provider) starts
//! through these, and this file reads none of them.

use std::fmt;
use std::io::Write;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Child;
use std::time::{Duration, Instant};

/// This crate's folder in the checkout under test, found at run time: from the folder of
/// the package cargo is testing (`CARGO_MANIFEST_DIR`, which cargo sets when it runs a
/// test) up to the workspace. A path compiled in would point into whichever checkout last
/// built a build cache shared with another checkout (cargo does not rebuild a moved
/// workspace), so the scripts beside this crate would be another checkout's.
pub fn harness_dir() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .and_then(|dir| {
            PathBuf::from(dir).ancestors().find_map(|d| {
                let here = d.join("crates/fhir-test-server");
                here.join("Cargo.toml").is_file().then_some(here)
            })
        })
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}

/// What to do when a piece is missing.
pub const SETUP: &str = "run `bash scripts/fhir-setup.sh` (it installs hfs and the second server, fetches the R4 search parameters and installs fhir.resources), or set HFS_BIN / HFS_SEARCH_PARAMS / FHIR2_MEDPLUM_DIR";

/// Why no FHIR server can be started on this computer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unavailable {
    /// What is missing and where it was looked for, in plain words.
    pub reason: String,
}

impl fmt::Display for Unavailable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {SETUP}", self.reason)
    }
}

impl std::error::Error for Unavailable {}

/// The variable that makes every server test required (scripts/test.sh sets it once
/// `scripts/fhir-setup.sh` has installed the servers).
pub const REQUIRE_SERVERS: &str = "DIARY_REQUIRE_SERVERS";

/// Whether a test whose server is missing must fail rather than skip: under CI
/// (`CI=true`) or with `DIARY_REQUIRE_SERVERS=1`.
pub fn servers_required() -> bool {
    std::env::var("CI").as_deref() == Ok("true")
        || std::env::var(REQUIRE_SERVERS).as_deref() == Ok("1")
}

/// The running test's name: libtest names each test's thread after it; elsewhere (a test
/// on the main thread, a thread of the test's own) the caller's file and line.
#[track_caller]
fn test_name() -> String {
    match std::thread::current().name() {
        Some(name) if name != "main" => name.to_string(),
        _ => std::panic::Location::caller().to_string(),
    }
}

/// The one rule for a server a test needs: the started server, or, when it cannot be had
/// here, `None` after printing `skipped: <test>: <why>` on stderr (even under libtest's
/// output capture; the caller then returns),
/// or a failure with the same words when [`servers_required`]. Tests call it through
/// [`start_or_skip!`], which returns for them.
#[track_caller]
pub fn or_skip<T>(started: Result<T, Unavailable>) -> Option<T> {
    let why = match started {
        Ok(running) => return Some(running),
        Err(why) => why,
    };
    let test = test_name();
    if servers_required() {
        panic!("{test}: {why} (a server test must run here: {REQUIRE_SERVERS}=1 or CI=true)");
    }
    // Straight to the process's stderr, past libtest's capture of `eprintln!`, so the skip
    // shows in a plain `cargo test` run, not only with `--nocapture`.
    let _ = writeln!(std::io::stderr(), "skipped: {test}: {why}");
    None
}

/// `start_or_skip!(Hfs::start())` is the server, or (by [`or_skip`]'s rule) a printed
/// skip and `return` from the test, or a failure where servers are required.
/// `start_or_skip!(server.start(), continue)` goes on to the next server of a loop instead.
#[macro_export]
macro_rules! start_or_skip {
    ($start:expr) => {
        $crate::start_or_skip!($start, return)
    };
    ($start:expr, $otherwise:expr) => {
        match $crate::or_skip($start) {
            Some(running) => running,
            None => $otherwise,
        }
    };
}

pub(crate) fn cache_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(c) = std::env::var_os("FHIR_CACHE").filter(|c| !c.is_empty()) {
        dirs.push(PathBuf::from(c));
    }
    dirs.push(PathBuf::from("/var/cache/symptom-diary"));
    if let Some(home) = std::env::var_os("HOME").filter(|h| !h.is_empty()) {
        dirs.push(PathBuf::from(home).join(".cache/symptom-diary"));
    }
    dirs
}

/// `var` when set (it must then exist), else the first of `candidates` that exists, else
/// why not: `missing`.
pub(crate) fn find(
    var: &str,
    candidates: &[PathBuf],
    missing: String,
) -> Result<PathBuf, Unavailable> {
    if let Some(p) = std::env::var_os(var).filter(|p| !p.is_empty()) {
        let p = PathBuf::from(p);
        return if p.is_file() {
            Ok(p)
        } else {
            Err(Unavailable {
                reason: format!("{var}={} does not exist", p.display()),
            })
        };
    }
    candidates
        .iter()
        .find(|p| p.is_file())
        .cloned()
        .ok_or(Unavailable { reason: missing })
}

pub(crate) fn listed(paths: &[PathBuf]) -> String {
    let list: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    list.join(", ")
}

/// A free TCP port on 127.0.0.1 (bound, then released).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Waits until a test server started as `child` answers `url` with 200; fails, with what
/// the server logged (`log`), when it exits or does not answer within `limit`.
pub(crate) fn wait_ready(
    name: &str,
    child: &mut Child,
    url: &str,
    limit: Duration,
    log: impl Fn() -> String,
) {
    let start = Instant::now();
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(5))
        .build();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("{name} exited at start ({status}); its log:\n{}", log());
        }
        if let Ok(r) = agent.get(url).call() {
            if r.status() == 200 {
                return;
            }
        }
        assert!(
            start.elapsed() < limit,
            "{name} did not answer GET {url} with 200 within {limit:?}; its log:\n{}",
            log()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}
