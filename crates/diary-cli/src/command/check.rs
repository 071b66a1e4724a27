//! `diary check`: triage the latest report (and check-in) of a document file and print
//! the triage as JSON; it opens no diary and writes nothing anywhere.

use crate::failure::Failure;
use crate::files::read_document;
use clap::Args;
use diary_core::json::Clock;
use diary_core::ladder;
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
    // `followups`: each alert's no-answer ladder from the report's time (the reference's
    // *What `diary check` reports*); absent without reports.
    if let Some(i) = rules::latest(&doc.reports) {
        out["screened"] = doc.reports[i].screened.into();
        let followups = ladder::followups(&triage, doc.reports[i].recorded_at);
        out["followups"] = serde_json::to_value(followups).expect("steps always serialize");
    }
    // Check-ins: the newest one's triage against its previous (diary-json-v2.md).
    // The newest check-in is the greatest `answered_at`, the later in the document on a tie,
    // as `triage_checkins` chooses it.
    let newest = doc.checkins.iter().max_by_key(|c| c.answered_at);
    if let (Some(t), Some(newest)) = (rules::triage_checkins(&doc.checkins), newest) {
        out["checkin"] = serde_json::json!({
            "level": t.level,
            "alerts": serde_json::to_value(&t.alerts).expect("alerts always serialize"),
            "followups": serde_json::to_value(ladder::followups(&t, newest.answered_at))
                .expect("steps always serialize"),
        });
    }
    println!(
        "{}",
        serde_json::to_string_pretty(&out).expect("values always serialize")
    );
    Ok(())
}
