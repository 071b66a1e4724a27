//! diary-report: the clinic-visit report, a PDF of what the diary holds for a period —
//! the alerts with what triggered them, a chart per rated symptom, weight, lab results
//! with their CTCAE grades, the care team's numbers, the ruleset version and the
//! treatments — for the patient to bring to the care team. It exists as its own crate so
//! that diary-core stays free of a PDF library: it depends on diary-core, never the
//! other way round, and has no GUI and no HTTP client.
//!
//! - [`model`]: the report as data, a pure function of the diary's data and the period.
//! - [`layout`]: the pages as drawing operations, in one language (words from the catalogues, [`words`]).
//! - [`pdf`]: the pages written as a PDF with the shipped font ([`fonts`]) embedded.

pub mod fonts;
pub mod layout;
pub mod model;
pub mod pdf;
pub mod words;

pub use model::{build, from_diary, Period, PeriodError, VisitReport};

/// The PDF of `report` in `lang` (one of the shipped languages; another falls back to
/// English).
pub fn render(report: &VisitReport, lang: &str) -> Result<Vec<u8>, pdf::PdfError> {
    let lang = diary_core::messages::language(lang);
    let pages = layout::lay_out(report, lang);
    pdf::write(&pages, &words::say(lang, "report.title", &[]), lang)
}
