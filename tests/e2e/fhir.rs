//! The FHIR server for the care-team scenario: the workspace's shared test harness
//! (`crates/fhir-test-server`), which finds hfs as scripts/fhir-setup.sh installs it,
//! starts it on 127.0.0.1 (validation enforced, the R4 search parameters in its data
//! folder) and kills it on drop; the second server (Medplum's FHIR router) the same way.
//! This wrapper only adds the scenario's rule for a missing server: a printed skip line,
//! or a failed test when `E2E_REQUIRE_FHIR=1`.

pub use fhir_test_server::free_port;

/// Starts `server`, or says why not, by the rule of [`or_skip`].
pub fn start_or_skip(server: fhir_test_server::Server) -> Option<fhir_test_server::Running> {
    use fhir_test_server::{Running, Server};
    or_skip(match server {
        Server::Hfs => fhir_test_server::Hfs::start().map(Running::Hfs),
        Server::Medplum => fhir_test_server::Medplum::start().map(Running::Medplum),
    })
}

/// The scenario's rule for a server that is not there: the skip line, or a failed test
/// when `E2E_REQUIRE_FHIR=1`.
pub fn or_skip<T>(started: Result<T, fhir_test_server::Unavailable>) -> Option<T> {
    match started {
        Ok(running) => Some(running),
        Err(why) => {
            assert!(
                std::env::var("E2E_REQUIRE_FHIR").as_deref() != Ok("1"),
                "E2E_REQUIRE_FHIR=1 but {why}"
            );
            eprintln!("e2e: fhir scenario skipped: {}", why.reason);
            None
        }
    }
}
