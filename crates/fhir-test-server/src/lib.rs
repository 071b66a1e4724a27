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
mod harness;
mod hfs;
pub mod images;
mod oidc;
mod proxy;
mod second;
mod tls;

pub use check::{ident, normalised, search, validate_all};
pub use harness::{
    free_port, harness_dir, or_skip, servers_required, Unavailable, REQUIRE_SERVERS, SETUP,
};
pub use hfs::{hfs_bin, search_params, Hfs};
pub use oidc::{oidc_dir, Oidc};
pub use proxy::{Fault, Proxy};
pub use second::{medplum_dir, node_bin, Medplum, Running, Server, MEDPLUM_VERSION};
pub use tls::TlsProxy;
