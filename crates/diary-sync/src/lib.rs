//! Care-team sync over FHIR R4 (issue 5). Sync is optional and off by default; when on,
//! the care team's FHIR R4 server is the hub: the patient's diary sends its reports, lab
//! results, alerts and weekly summaries there, and clinicians read and acknowledge alerts
//! from it. This crate is the one place that knows that; the diary's side (the outbox,
//! the sync state, the settings and their checks) is `diary_core::store`, which this
//! crate reads and writes and which knows nothing of FHIR or HTTP.
//!
//! - [`mapping`]: diary → FHIR resources and back (pure; golden-JSON tests).
//! - [`plan`]: which outbox rows go now, in which batches (pure; case tables).
//! - [`client`]: the HTTP client (timeouts, retries, backoff with jitter, Retry-After).
//! - [`capability`]: the server's CapabilityStatement → the write strategy, or what is
//!   missing (pure; case tables over real statements).
//! - [`split`]: what to send after a server refuses a bundle (pure; case tables).
//! - [`token`]: the bearer token's file, outside the diary, and [`Secret`].
//! - [`smart`]: SMART on FHIR sign-in (discovery, PKCE, the loopback redirect, refresh).
//! - [`session`]: a sign-in kept in the OS keyring, and the token to send ([`session::credentials`]).
//! - `engine`: the patient's side ([`sync`], [`sync_now`], [`sync_due`]; [`check_patient`] and
//!   [`confirm_patient`]: "Is this you?" before anything is sent).
//! - `inbox`: the clinician's side ([`inbox`](inbox()), [`inbox_at`] with overdue reds on
//!   top, [`ack`] as seen, [`ack_with_note`], [`close`], [`new_reds_since`] for polling).
//! - [`panel`]: the clinician console's patient panel and one patient's page.
//! - `error`: [`SyncError`], with a stable code for every failure.
//!
//! Time is a parameter everywhere: the engine is given `now` and never reads a clock (the
//! client sleeps between retries, and that is all).

pub mod capability;
pub mod client;
mod engine;
mod error;
mod inbox;
pub mod mapping;
pub mod messages;
pub mod panel;
pub mod plan;
pub mod session;
pub mod smart;
pub mod split;
pub mod token;

pub use client::{Client, ClientOptions};
pub use engine::{
    check_patient, confirm_patient, find_or_create_patient, find_patient, preview_bundle,
    status_json, sync, sync_due, sync_now, Failure, FoundPatient, PatientCheck, PatientMode, Sent,
    SyncConfig, SyncReport,
};
pub use error::SyncError;
pub use inbox::{
    ack, ack_version, ack_with_note, check_note, close, inbox, inbox_at, inbox_seen,
    new_reds_since, step_version, Ack, ServerConfig, ALERT_ID_FIELD, NOTE_FIELD, NOTE_MAX_CHARS,
    SINCE_FIELD,
};
pub use mapping::{InboxItem, TaskNote};
pub use panel::{patient_page, patient_panel, PanelRow, PatientPage, ServerReport};
pub use plan::{Policy, Trigger};
pub use token::Secret;
