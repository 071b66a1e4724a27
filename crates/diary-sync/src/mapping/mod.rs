//! The diary as FHIR R4 resources: pure functions from saved reports, lab results and
//! alerts to JSON resources and transaction-bundle entries, and back from the server's
//! Tasks to inbox items. It exists so that what the care team's server receives is decided
//! in one place, without a network or a clock (time is a parameter), and can be pinned by
//! golden-JSON tests (`golden.rs`, files in `golden/`).
//!
//! Choices, written down in `docs/fhir.md`:
//! - a report is a panel Observation (category `survey`, `hasMember` → one Observation per
//!   item asked); temperature and weight carry LOINC codes and UCUM units, the rest the
//!   project's CodeSystem [`CS_ITEM`], because LOINC has no code for this app's 0–4 items;
//! - a lab result is a `laboratory` Observation with its LOINC code, UCUM unit and the
//!   lab's reference range;
//! - an alert is a Task (searchable by `status` and `priority`), `focus` on the report's
//!   panel, `input` naming the Observations that triggered it;
//! - a week is a DiagnosticReport whose `result` lists the week's panels;
//! - a weekly check-in is a QuestionnaireResponse (the items asked, with the PHQ-2 and
//!   GAD-2 totals), and its alerts Tasks whose `focus` is that response.
//!
//! Every resource carries a business identifier. Observations and DiagnosticReports get a
//! client-assigned id (a UUID v5 of that identifier) and are sent with `PUT`, so a second
//! send rewrites the same resource; Tasks are sent with `POST` + `ifNoneExist`, so a second
//! send never overwrites a clinician's acknowledgement.
//!
//! This file is the facade. `common` holds what every resource shares (the project's
//! canonical URLs, identifier systems, [`Entry`], [`resource_id`], search escaping and the
//! Patient) and `bundle` the transaction bundle and its Provenance; the rest is split by
//! direction and subject:
//! - `report`: reports, lab results and weekly summaries as Observations and
//!   DiagnosticReports;
//! - `task`: alerts as Tasks, and a Task after the care team's steps (seen, closed);
//! - `checkin`: weekly check-ins as QuestionnaireResponses, and their alerts as Tasks;
//! - `followup`: answers to "Did you reach your care team?" as Communications about the
//!   alerts' Tasks;
//! - `no_report`: A-NO-REPORT (no report for 3 days) as a Task with no `focus`;
//! - `message`: the patient's messages (with a photo) and the team's replies as
//!   Communications;
//! - `read`: reading the server's resources back (Tasks as inbox items, Observations in
//!   words, OperationOutcomes in words).

mod bundle;
mod checkin;
mod common;
mod followup;
mod message;
mod no_report;
mod read;
mod report;
mod task;

#[cfg(test)]
mod golden;

pub use bundle::*;
pub use checkin::*;
pub use common::*;
pub use followup::*;
pub use message::*;
pub use no_report::*;
pub use read::*;
pub use report::*;
pub use task::*;
