//! The one FHIR test harness of the workspace (a dev-dependency only): a real Helios FHIR
//! Server (`hfs`) on 127.0.0.1, started per test on a free port with the HL7 R4 search
//! parameters and enforced validation, and killed when the guard drops; a recording,
//! fault-injecting HTTP proxy to put in front of it ([`Proxy`]); and the checks the tests
//! make of what was sent ([`validate_all`], [`search`]). No mock stands in for the server.
//! diary-sync's and diary-cli's integration tests and the app's end-to-end tests all use
//! it, so there is one way to find and start hfs. A second, independent server (Medplum's
//! FHIR router, [`Medplum`]) is started the same way, and [`Server`] names both for tests
//! that run over every server.
//!
//! hfs is found as `scripts/fhir-setup.sh` installs it: `$HFS_BIN`, else `hfs` on PATH,
//! else `hfs/bin/hfs` in the setup script's cache (`$FHIR_CACHE`, `/var/cache/symptom-diary`,
//! `~/.cache/symptom-diary`); the search parameters likewise (`$HFS_SEARCH_PARAMS`, else
//! the cache). When a piece is missing, [`Hfs::start`] says why ([`Unavailable`]) and one
//! rule, [`or_skip`] (the [`start_or_skip!`] macro in a test), decides for every test that
//! needs a server: outside CI the test prints `skipped: <test>: <why>: <setup command>` and
//! returns, so `cargo test` passes on a machine without hfs or Node.js; where servers are
//! required ([`servers_required`]: `DIARY_REQUIRE_SERVERS=1`, or `CI=true`) the same words
//! fail it. A server that is found but does not start is always a failure, never a skip.

mod check;
mod oidc;
mod proxy;
mod second;
mod tls;

pub use check::{ident, normalised, search, validate_all};
pub use oidc::{oidc_dir, Oidc};
pub use proxy::{Fault, Proxy};
pub use second::{medplum_dir, node_bin, Medplum, Running, Server, MEDPLUM_VERSION};
pub use tls::TlsProxy;

use std::fmt;
use std::io::Write;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
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

fn cache_dirs() -> Vec<PathBuf> {
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
fn find(var: &str, candidates: &[PathBuf], missing: String) -> Result<PathBuf, Unavailable> {
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

fn listed(paths: &[PathBuf]) -> String {
    let list: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    list.join(", ")
}

/// The hfs binary: `$HFS_BIN`, else `hfs` on PATH, else the setup script's cache.
pub fn hfs_bin() -> Result<PathBuf, Unavailable> {
    let cached: Vec<PathBuf> = cache_dirs()
        .into_iter()
        .map(|c| c.join("hfs/bin/hfs"))
        .collect();
    let mut candidates: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|path| {
            std::env::split_paths(&path)
                .map(|d| d.join("hfs"))
                .collect()
        })
        .unwrap_or_default();
    candidates.extend(cached.iter().cloned());
    let missing = format!(
        "hfs not installed (HFS_BIN is not set, no hfs on PATH, none at {})",
        listed(&cached)
    );
    find("HFS_BIN", &candidates, missing)
}

/// The HL7 R4 search-parameter bundle: `$HFS_SEARCH_PARAMS`, else the setup script's cache.
pub fn search_params() -> Result<PathBuf, Unavailable> {
    let cached: Vec<PathBuf> = cache_dirs()
        .into_iter()
        .map(|c| c.join("search-params/search-parameters-r4.json"))
        .collect();
    let missing = format!(
        "the R4 search parameters are missing (HFS_SEARCH_PARAMS is not set, none at {})",
        listed(&cached)
    );
    find("HFS_SEARCH_PARAMS", &cached, missing)
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

/// A running hfs. Dropping it kills the server.
pub struct Hfs {
    child: Option<Child>,
    pub port: u16,
    bin: PathBuf,
    dir: tempfile::TempDir,
    /// `Some(path)` for a server whose data survive a restart.
    db_file: Option<PathBuf>,
}

impl Hfs {
    /// A server with an in-memory database, or why there can be none here.
    pub fn start() -> Result<Hfs, Unavailable> {
        Hfs::launch(false)
    }

    /// A server with its database in a file, so [`Hfs::restart`] keeps the data.
    pub fn start_persistent() -> Result<Hfs, Unavailable> {
        Hfs::launch(true)
    }

    fn launch(persistent: bool) -> Result<Hfs, Unavailable> {
        let bin = hfs_bin()?;
        let params = search_params()?;
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir_all(&data).unwrap();
        std::fs::copy(&params, data.join("search-parameters-r4.json")).unwrap();
        let db_file = persistent.then(|| dir.path().join("fhir.sqlite"));
        let mut hfs = Hfs {
            child: None,
            port: free_port(),
            bin,
            dir,
            db_file,
        };
        hfs.spawn();
        Ok(hfs)
    }

    fn spawn(&mut self) {
        let data = self.dir.path().join("data");
        let db = match &self.db_file {
            Some(p) => p.display().to_string(),
            None => ":memory:".to_string(),
        };
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.dir.path().join("hfs.log"))
            .unwrap();
        let child = Command::new(&self.bin)
            .args(["--host", "127.0.0.1", "--port", &self.port.to_string()])
            .arg("--data-dir")
            .arg(&data)
            .args(["--database-url", &db])
            .current_dir(self.dir.path())
            .env("HFS_VALIDATION_MODE", "enforce")
            .env("HFS_UI_ENABLED", "false")
            .env("HFS_NL_SEARCH_ENABLED", "false")
            .env("HFS_BASE_URL", self.base())
            .env("HFS_LOG_LEVEL", "warn")
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}: {SETUP}", self.bin.display()));
        self.child = Some(child);
        self.wait_ready();
    }

    /// Waits until `GET /metadata` answers 200; fails (with hfs's log) when it exits or
    /// does not answer within two minutes.
    fn wait_ready(&mut self) {
        let url = format!("{}/metadata", self.base());
        let dir = self.dir.path().join("hfs.log");
        wait_ready(
            "hfs",
            self.child.as_mut().unwrap(),
            &url,
            Duration::from_secs(120),
            || std::fs::read_to_string(&dir).unwrap_or_default(),
        );
    }

    /// What hfs wrote to standard output and error.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("hfs.log")).unwrap_or_default()
    }

    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Kills the server (as a crash would) and waits for it to be gone.
    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Starts the server again on the same port, with the same data (persistent servers).
    pub fn restart(&mut self) {
        self.stop();
        self.spawn();
    }
}

impl Drop for Hfs {
    fn drop(&mut self) {
        self.stop();
    }
}
