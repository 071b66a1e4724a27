//! The patient-facing words for every alert, level and piece of self-care advice, in every
//! language the app ships. It exists so that the desktop app and the `diary` command say
//! the same thing in the same words, and so that tests can prove every language has every
//! message, with the same placeholders, before a release: a missing word in a clinical
//! warning is a bug, never a blank.
//!
//! The catalogues are `assets/locales/messages/<lang>.json`, flat objects of key → text,
//! embedded in the binary. A text may hold placeholders like `{phone}`, filled by [`text`].

//!
//! The files, bottom first: `catalogue` (loading the catalogues, filling placeholders),
//! `calls` (which number to call), `facts` (what triggered an alert, in words), `explain`
//! (a triage in words), `ladder` (the escalation ladder's questions, screens and
//! notifications), `cards` (the therapy cards) and `signin` (sync's words).

mod calls;
mod cards;
mod catalogue;
mod explain;
mod facts;
mod ladder;
mod signin;

#[cfg(test)]
mod checkin_tests;
#[cfg(test)]
mod tests;

pub use calls::{call, calls, checkin_emergency_first, emergency_first, Call, Line, Phones};
pub use cards::{therapy_card, TherapyCard};
pub use catalogue::{
    has_key, keys, language, name, placeholders, subject_name, text, MessageError, LANGUAGES,
};
pub use explain::{
    explain, explain_alert, explain_checkin, explain_report, followup_words, kept_words,
    message_not_a_call, ExplainedAlert, Explanation,
};
pub use facts::{date, facts_words, number};
pub use ladder::{ladder_notification, ladder_words, red_again_words, standing_words, LadderWords};
pub use signin::{
    patient_confirm_words, patient_not_found_words, set_aside_words, signin_page_words,
    SetAsideWords,
};
