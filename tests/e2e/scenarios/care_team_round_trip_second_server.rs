//! The care-team round trip of `care_team_round_trip` on the second, independent FHIR
//! server, Medplum's FHIR router: the same steps and checks, so sync is proved against two
//! implementations that share no code (the README's pictures are hfs's).

use crate::scenarios::care_team_round_trip::round_trip_on;
use std::path::Path;

pub fn run(dir: &Path) {
    round_trip_on(dir, fhir_test_server::Server::Medplum);
}
