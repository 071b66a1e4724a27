//! The FHIR server for the care-team scenario: a real Helios FHIR Server (`hfs`) on
//! 127.0.0.1, started as the sync engineer's tests start it (validation enforced, the R4
//! search parameters in its data folder) and killed on drop. When hfs is not installed the
//! scenario is skipped with a printed line, or fails when `E2E_REQUIRE_FHIR=1`.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const SETUP: &str = "run `bash scripts/fhir-setup.sh`, or set HFS_BIN and HFS_SEARCH_PARAMS";

fn cache_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(c) = std::env::var_os("FHIR_CACHE").filter(|c| !c.is_empty()) {
        dirs.push(PathBuf::from(c));
    }
    dirs.push(PathBuf::from("/var/cache/symptom-diary"));
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(PathBuf::from(home).join(".cache/symptom-diary"));
    }
    dirs
}

fn hfs_bin() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("HFS_BIN").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p)).filter(|p| p.is_file());
    }
    if let Some(path) = std::env::var_os("PATH") {
        if let Some(p) = std::env::split_paths(&path)
            .map(|d| d.join("hfs"))
            .find(|p| p.is_file())
        {
            return Some(p);
        }
    }
    cache_dirs()
        .into_iter()
        .map(|c| c.join("hfs/bin/hfs"))
        .find(|p| p.is_file())
}

fn search_params() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("HFS_SEARCH_PARAMS").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p)).filter(|p| p.is_file());
    }
    cache_dirs()
        .into_iter()
        .map(|c| c.join("search-params/search-parameters-r4.json"))
        .find(|p| p.is_file())
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A running hfs; dropping it kills the server.
pub struct Hfs {
    child: Child,
    pub port: u16,
    dir: tempfile::TempDir,
}

impl Hfs {
    /// Starts hfs, or says why not: `None` (with the skip line printed) when it is not
    /// installed, a failed test when `E2E_REQUIRE_FHIR=1`.
    pub fn start_or_skip() -> Option<Hfs> {
        let (bin, params) = match (hfs_bin(), search_params()) {
            (Some(bin), Some(params)) => (bin, params),
            (bin, _) => {
                let missing = if bin.is_none() {
                    "hfs not installed"
                } else {
                    "the R4 search parameters are missing"
                };
                assert!(
                    std::env::var("E2E_REQUIRE_FHIR").as_deref() != Ok("1"),
                    "E2E_REQUIRE_FHIR=1 but {missing}: {SETUP}"
                );
                return None;
            }
        };
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir_all(&data).unwrap();
        std::fs::copy(&params, data.join("search-parameters-r4.json")).unwrap();
        let port = free_port();
        let log = std::fs::File::create(dir.path().join("hfs.log")).unwrap();
        let child = Command::new(&bin)
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .arg("--data-dir")
            .arg(&data)
            .args(["--database-url", ":memory:"])
            .current_dir(dir.path())
            .env("HFS_VALIDATION_MODE", "enforce")
            .env("HFS_UI_ENABLED", "false")
            .env("HFS_NL_SEARCH_ENABLED", "false")
            .env("HFS_BASE_URL", format!("http://127.0.0.1:{port}"))
            .env("HFS_LOG_LEVEL", "warn")
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}: {SETUP}", bin.display()));
        let mut hfs = Hfs { child, port, dir };
        hfs.wait_ready();
        Some(hfs)
    }

    fn wait_ready(&mut self) {
        let start = Instant::now();
        let agent = ureq::AgentBuilder::new()
            .timeout(Duration::from_secs(5))
            .build();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                panic!("hfs exited at start ({status}); its log:\n{}", self.log());
            }
            if let Ok(r) = agent.get(&format!("{}/metadata", self.base())).call() {
                if r.status() == 200 {
                    return;
                }
            }
            assert!(
                start.elapsed() < Duration::from_secs(120),
                "hfs did not answer GET /metadata with 200 within 120 s; its log:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("hfs.log")).unwrap_or_default()
    }

    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Hfs {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
