//! `diary check`: triage the latest report (and check-in) of a document file and print
//! the triage as JSON; it opens no diary and writes nothing anywhere.

use crate::failure::Failure;
use crate::files::read_document;
use clap::Args;
use diary_core::json::Clock;
use diary_core::rules;
use std::path::PathBuf;

#[derive(Args)]
pub struct CheckArgs {
    /// A document in the diary interchange format, version 1.
    file: PathBuf,
}

pub fn run(args: CheckArgs) -> Result<(), Failure> {
    let doc = read_document(&args.file, Clock::Unchecked)?;
    let triage = rules::triage(&doc);
    let mut out = serde_json::to_value(&triage).expect("a triage always serializes");
    // `screened` repeats the triaged report's flag (absent without reports).
    if let Some(i) = rules::latest(&doc.reports) {
        out["screened"] = doc.reports[i].screened.into();
    }
    // Check-ins: the newest one's triage against its previous (diary-json-v2.md).
    if let Some(t) = rules::triage_checkins(&doc.checkins) {
        out["checkin"] = serde_json::json!({
            "level": t.level,
            "alerts": serde_json::to_value(&t.alerts).expect("alerts always serialize"),
        });
    }
    println!(
        "{}",
        serde_json::to_string_pretty(&out).expect("values always serialize")
    );
    Ok(())
}
