//! diary-core: everything the Symptom Diary knows, with no window, no webview and no
//! network stack. The desktop app and the `diary` command are thin adapters over it.
//!
//! - [`model`]: the vocabulary of the interchange format.
//! - [`input`]: reports, labs, therapies and roles as the adapters hand them in (words).
//! - [`courses`]: treatment courses and which cycle and day a date falls in.
//! - [`csv_files`]: reports and lab results as spreadsheets (docs/csv.md).
//! - [`json`]: reading and writing the interchange format, version 1, with errors that name the field.
//! - [`store`]: the SQLite diary: one place that opens it, append-only migrations; also
//!   the sync outbox, the sync state and the sync settings with their checks.
//! - [`treatments`]: drugs by name and their classes; when to ask whether they still hold.
//! - [`rules`]: the triage engine, a pure function of the document (time is a parameter).
//! - [`facts`]: what triggered an alert, as facts with plain words in every language.
//! - [`followup`]: when to ask "Did you reach your care team?" after a red or amber.
//! - [`glance`]: what a caregiver sees at a glance: missed days, the next reminder.
//! - [`messages`]: the patient-facing words for every alert, in every language shipped.
//!
//! Care-team sync (mapping to FHIR, the planner, the HTTP client) is the diary-sync crate,
//! which depends on this one and never the other way round: diary-core has no HTTP client.

pub mod courses;
pub mod csv_files;
pub mod error;
pub mod facts;
pub mod followup;
pub mod glance;
pub mod input;
pub mod json;
pub mod messages;
pub mod model;
pub mod rules;
pub mod store;
pub mod treatments;

pub use error::{ErrorCode, FieldError};
