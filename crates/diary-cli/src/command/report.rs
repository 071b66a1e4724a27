//! `diary report`: the clinic-visit report for a period as a PDF (diary-report). The
//! flags are checked before the diary is opened, and the PDF is written whole or not at
//! all.

use crate::failure::Failure;
use crate::files::write_atomically;
use crate::open::open;
use clap::Args;
use diary_core::json;
use std::path::PathBuf;

#[derive(Args)]
pub struct ReportArgs {
    /// The first day of the period, YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    from: String,
    /// The last day of the period, YYYY-MM-DD (included).
    #[arg(long, value_name = "DATE")]
    to: String,
    /// Where to write the PDF.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// The report's language (default: the diary's language setting).
    #[arg(long, value_name = "LANG")]
    lang: Option<String>,
}

/// A `--from` or `--to` date, or a line that names the flag.
fn flag_date(flag: &str, text: &str) -> Result<chrono::NaiveDate, Failure> {
    json::parse_date(text).ok_or_else(|| {
        Failure::Input(format!(
            "{flag}: \"{text}\" is not a date written YYYY-MM-DD (like 2026-11-20)"
        ))
    })
}

pub fn run(args: ReportArgs, db: &Option<PathBuf>) -> Result<(), Failure> {
    let from = flag_date("--from", &args.from)?;
    let to = flag_date("--to", &args.to)?;
    let period = diary_report::Period::new(from, to).map_err(|e| {
        Failure::Input(format!(
            "--from: {} is after --to {}; the period runs from --from to --to",
            e.from, e.to
        ))
    })?;
    if let Some(lang) = &args.lang {
        if !diary_core::messages::LANGUAGES.contains(&lang.as_str()) {
            return Err(Failure::Input(format!(
                "--lang: \"{lang}\" is not one of {}",
                diary_core::messages::LANGUAGES.join(", ")
            )));
        }
    }
    let diary = open(db)?;
    let lang = match args.lang {
        Some(l) => l,
        None => diary.settings()?.language,
    };
    let report = diary_report::from_diary(&diary, period)?;
    let pdf = diary_report::render(&report, &lang).map_err(|e| Failure::Diary(e.to_string()))?;
    write_atomically(&args.out, &pdf).map_err(|failure| match failure {
        Failure::Diary(line) | Failure::Input(line) => Failure::Input(format!("--out: {line}")),
    })?;
    println!(
        "Wrote the report for {} – {} to {} ({} alert(s), {} lab result(s)).",
        from,
        to,
        args.out.display(),
        report.alerts.len(),
        report.labs.len()
    );
    Ok(())
}
