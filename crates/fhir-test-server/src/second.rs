//! The second, independent FHIR R4 server of the tests: Medplum's FHIR router and in-memory
//! repository (`@medplum/fhir-router`, installed by `scripts/fhir-setup.sh` from the npm
//! registry), served on 127.0.0.1 by `medplum/serve.mjs` on the machine's Node.js, and
//! killed when the guard drops. It exists so that sync is proved against two FHIR
//! implementations that share no code (hfs is Rust, Medplum TypeScript), not only the one
//! the diary was written against. Everything FHIR is Medplum's (storage, versions, search,
//! conditional create and update, batch and transaction); the script only carries HTTP
//! and answers `/metadata` from the router's route table. Its data live in memory.
//!
//! Found as the setup script installs it: `$FHIR2_MEDPLUM_DIR`, else
//! `fhir2/medplum-4.5.2` in the setup script's cache; `node` on PATH (or `$FHIR2_NODE`).
//! A missing piece is an [`Unavailable`] naming the setup script, as for hfs.

use crate::harness::{cache_dirs, find, free_port, listed, wait_ready, Unavailable, SETUP};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// The version the setup script installs.
pub const MEDPLUM_VERSION: &str = "4.5.2";

/// The folder `@medplum/fhir-router` was installed into.
pub fn medplum_dir() -> Result<PathBuf, Unavailable> {
    let marker = "node_modules/@medplum/fhir-router/package.json";
    if let Some(d) = std::env::var_os("FHIR2_MEDPLUM_DIR").filter(|d| !d.is_empty()) {
        let d = PathBuf::from(d);
        return if d.join(marker).is_file() {
            Ok(d)
        } else {
            Err(Unavailable {
                reason: format!(
                    "FHIR2_MEDPLUM_DIR={} holds no @medplum/fhir-router",
                    d.display()
                ),
            })
        };
    }
    let cached: Vec<PathBuf> = cache_dirs()
        .into_iter()
        .map(|c| c.join(format!("fhir2/medplum-{MEDPLUM_VERSION}")))
        .collect();
    cached
        .iter()
        .find(|d| d.join(marker).is_file())
        .cloned()
        .ok_or(Unavailable {
            reason: format!(
                "the second FHIR server (@medplum/fhir-router {MEDPLUM_VERSION}) is not installed (FHIR2_MEDPLUM_DIR is not set, none at {})",
                listed(&cached)
            ),
        })
}

/// Node.js: `$FHIR2_NODE`, else `node` on PATH.
pub fn node_bin() -> Result<PathBuf, Unavailable> {
    let candidates: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|path| {
            std::env::split_paths(&path)
                .map(|d| d.join("node"))
                .collect()
        })
        .unwrap_or_default();
    find(
        "FHIR2_NODE",
        &candidates,
        "Node.js is not installed (no node on PATH, FHIR2_NODE is not set)".into(),
    )
}

/// A running Medplum FHIR router. Dropping it kills the server.
pub struct Medplum {
    child: Option<Child>,
    pub port: u16,
    dir: tempfile::TempDir,
}

impl Medplum {
    /// A server with nothing in it, or why there can be none here.
    pub fn start() -> Result<Medplum, Unavailable> {
        let node = node_bin()?;
        let medplum = medplum_dir()?;
        let script = crate::harness_dir().join("medplum/serve.mjs");
        let dir = tempfile::tempdir().unwrap();
        let log = std::fs::File::create(dir.path().join("medplum.log")).unwrap();
        let port = free_port();
        let child = Command::new(&node)
            .arg(&script)
            .args(["--port", &port.to_string()])
            .env("MEDPLUM_DIR", &medplum)
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}: {SETUP}", node.display()));
        let mut m = Medplum {
            child: Some(child),
            port,
            dir,
        };
        m.wait_ready();
        Ok(m)
    }

    fn wait_ready(&mut self) {
        let url = format!("{}/metadata", self.base());
        let log = self.dir.path().join("medplum.log");
        wait_ready(
            "the Medplum server",
            self.child.as_mut().unwrap(),
            &url,
            Duration::from_secs(60),
            || std::fs::read_to_string(&log).unwrap_or_default(),
        );
    }

    /// What the server wrote to standard output and error.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("medplum.log")).unwrap_or_default()
    }

    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Medplum {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// The FHIR servers the tests run against, for case tables over servers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Server {
    /// The Helios FHIR Server ([`crate::Hfs`]).
    Hfs,
    /// Medplum's FHIR router ([`Medplum`]).
    Medplum,
}

impl Server {
    pub const ALL: [Server; 2] = [Server::Hfs, Server::Medplum];

    pub fn name(self) -> &'static str {
        match self {
            Server::Hfs => "hfs",
            Server::Medplum => "medplum",
        }
    }

    /// Starts it, or says why there can be none here (for [`crate::start_or_skip!`]).
    pub fn start(self) -> Result<Running, Unavailable> {
        match self {
            Server::Hfs => crate::Hfs::start().map(Running::Hfs),
            Server::Medplum => Medplum::start().map(Running::Medplum),
        }
    }
}

/// A running server of either kind; dropping it kills the server.
pub enum Running {
    Hfs(crate::Hfs),
    Medplum(Medplum),
}

impl Running {
    pub fn base(&self) -> String {
        match self {
            Running::Hfs(s) => s.base(),
            Running::Medplum(s) => s.base(),
        }
    }

    pub fn port(&self) -> u16 {
        match self {
            Running::Hfs(s) => s.port,
            Running::Medplum(s) => s.port,
        }
    }

    /// What the server wrote to its log.
    pub fn log(&self) -> String {
        match self {
            Running::Hfs(s) => s.log(),
            Running::Medplum(s) => s.log(),
        }
    }
}
