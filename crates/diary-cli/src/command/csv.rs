//! `diary csv`: the reports, lab results and weekly check-ins as three spreadsheet files
//! (docs/csv.md) in a folder, each written whole or not at all.

use crate::failure::Failure;
use crate::files::write_atomically;
use crate::open::open;
use chrono::Utc;
use clap::Args;
use std::path::PathBuf;

#[derive(Args)]
pub struct CsvArgs {
    /// The folder to write into (made if missing).
    #[arg(long, value_name = "DIR")]
    dir: PathBuf,
}

pub fn run(args: CsvArgs, db: &Option<PathBuf>) -> Result<(), Failure> {
    let dir = args.dir;
    let diary = open(db)?;
    let reports = diary.reports_since(chrono::DateTime::<Utc>::MIN_UTC)?;
    let labs = diary.labs()?;
    let checkins = diary.checkins()?;
    diary_core::store::private::create_dir(&dir)
        .map_err(|e| Failure::Diary(format!("cannot make the folder {}: {e}", dir.display())))?;
    for (name, bytes) in [
        ("reports.csv", diary_core::csv_files::reports_csv(&reports)),
        ("labs.csv", diary_core::csv_files::labs_csv(&labs)),
        (
            "checkins.csv",
            diary_core::csv_files::checkins_csv(&checkins),
        ),
    ] {
        let text = String::from_utf8(bytes).expect("the CSV writer writes UTF-8");
        write_atomically(&dir.join(name), &text)?;
    }
    println!(
        "Wrote {} reports, {} lab results and {} weekly check-ins to reports.csv, labs.csv and checkins.csv in {}.",
        reports.len(),
        labs.len(),
        checkins.len(),
        dir.display()
    );
    Ok(())
}
