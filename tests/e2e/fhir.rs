//! The FHIR servers for the care-team scenarios: the workspace's shared test harness
//! (`crates/fhir-test-server`), which finds hfs as scripts/fhir-setup.sh installs it,
//! starts it on 127.0.0.1 (validation enforced, the R4 search parameters in its data
//! folder) and kills it on drop; the second server (Medplum's FHIR router) and the OpenID
//! Connect provider the same way. A missing one follows the harness's one rule
//! ([`fhir_test_server::or_skip`]): a printed skip line, or a failed scenario where servers
//! are required (`DIARY_REQUIRE_SERVERS=1`, `CI=true`); the scenario then records its skip.

pub use fhir_test_server::free_port;

/// Starts `server`, or says why not, by the harness's rule.
pub fn start_or_skip(server: fhir_test_server::Server) -> Option<fhir_test_server::Running> {
    fhir_test_server::or_skip(server.start())
}

/// The harness's rule for a server (or sign-in provider) that is not there.
pub fn or_skip<T>(started: Result<T, fhir_test_server::Unavailable>) -> Option<T> {
    fhir_test_server::or_skip(started)
}
