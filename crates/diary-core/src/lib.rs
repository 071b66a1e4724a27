//! diary-core: everything the Symptom Diary knows, with no window, no webview and no
//! network stack. The desktop app and the `diary` command are thin adapters over it.
//!
//! The modules stand on floors, read bottom up; a module imports only from floors below
//! it or from its own floor's files that it names (`cargo test -p tidy` fails on a circle):
//!
//! 0. [`vocabulary`] (the closed lists' macro and trait), [`numbers`] (how a number is
//!    written), [`error`] (field errors and the codes every boundary carries).
//! 1. [`model`]: the records, the vocabulary of the interchange format, and the results of
//!    triage (levels, alerts and the facts that triggered them; treatment courses);
//!    [`photo`]: a photo for the care team, checked and stripped of its metadata (a
//!    container library, no decoder); [`conversation`]: messages with the care team and
//!    their replies.
//! 2. Pure policy, time always a parameter: [`rules`] (the triage engine), [`courses`]
//!    (which cycle and day a date falls in), [`treatments`], [`followup`] (the answers to
//!    "Did you get through…?"), [`ladder`] (the escalation ladder: what is asked or
//!    shown, and when, after a red or amber alert), [`standing`] (where an alert stands:
//!    not sent, waiting, sent, not opened, seen), [`glance`] (missed days, the next
//!    reminder).
//! 3. Words: [`messages`], the patient-facing words of every alert in every language
//!    shipped, the numbers to call, the facts in words.
//! 4. Formats and adapters: [`json`] (the interchange format, with errors that name the
//!    field), [`input`] (reports, labs, therapies and roles as the adapters hand them in).
//! 5. [`store`]: the SQLite diary, the only I/O and the only module that knows rusqlite;
//!    also the sync outbox, the sync state and the sync settings with their checks.
//!    [`csv_files`] (reports and lab results as spreadsheets) reads saved records.
//!
//! Care-team sync (mapping to FHIR, the planner, the HTTP client) is the diary-sync crate,
//! which depends on this one and never the other way round: diary-core has no HTTP client.

pub mod conversation;
pub mod courses;
pub mod csv_files;
pub mod error;
pub mod followup;
pub mod glance;
pub mod input;
pub mod json;
pub mod ladder;
pub mod messages;
pub mod model;
pub mod numbers;
pub mod photo;
pub mod rules;
pub mod standing;
pub mod store;
pub mod treatments;
pub mod vocabulary;

pub use error::{ErrorCode, FieldError};
