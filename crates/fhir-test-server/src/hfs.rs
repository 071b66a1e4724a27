//! The Helios FHIR Server (`hfs`) on 127.0.0.1: found where `scripts/fhir-setup.sh` puts
//! it, started per test on a free port with the HL7 R4 search parameters and enforced
//! validation, and killed when its guard drops.

use crate::harness::{cache_dirs, find, free_port, listed, wait_ready, Unavailable, SETUP};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

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
