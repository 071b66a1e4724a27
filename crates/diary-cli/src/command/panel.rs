//! `diary panel`: the clinician's patient panel from a terminal, one line per patient
//! with open alerts or recent reports, overdue reds first (the console's panel), or with
//! `--patient`, one patient's page: their reports and alerts. It reads the care team's
//! server only.

use super::inbox::{how_long, one_line, overdue_words};
use crate::failure::Failure;
use crate::flag_terms::sync_failure;
use crate::{clock, server};
use chrono::{DateTime, Utc};
use clap::Args;
use diary_core::rules::NO_REPORT_HOURS;
use std::path::PathBuf;

#[derive(Args)]
#[command(
    after_help = "Examples:\n  diary panel --server https://fhir.hospital.example/r4\n  diary panel --json\n  diary panel --patient Patient/123 --days 30"
)]
pub struct PanelArgs {
    /// The care team's FHIR R4 server. Default: the diary's saved sync server.
    #[arg(long, value_name = "URL")]
    server: Option<String>,
    /// Print JSON for scripts.
    #[arg(long)]
    json: bool,
    /// One patient's page instead (Patient/ID as the panel lists it): their alerts and reports.
    #[arg(long, value_name = "Patient/ID")]
    patient: Option<String>,
    /// With --patient: how many days back to show.
    #[arg(long, value_name = "N", default_value_t = 14, requires = "patient")]
    days: u32,
}

fn panel_line(r: &diary_sync::PanelRow, now: DateTime<Utc>) -> String {
    let who = r
        .identifier
        .as_deref()
        .map(|p| p.rsplit('|').next().unwrap_or(p).to_string())
        .unwrap_or_else(|| r.patient_ref.clone());
    let name = match (&r.name, r.birth_year) {
        (Some(n), Some(y)) => format!(" {} ({y})", one_line(n)),
        (Some(n), None) => format!(" {}", one_line(n)),
        (None, Some(y)) => format!(" ({y})"),
        (None, None) => String::new(),
    };
    let mark = if r.overdue_red > 0 {
        "OVERDUE  "
    } else if r.open_red > 0 {
        "RED      "
    } else if r.open_amber > 0 {
        "AMBER    "
    } else if r.no_report {
        "SILENT   "
    } else {
        "         "
    };
    let mut line = format!(
        "{mark}{who}{name}: {} red{}, {} amber, {} not acknowledged",
        r.open_red,
        if r.overdue_red > 0 {
            format!(" ({} overdue)", r.overdue_red)
        } else {
            String::new()
        },
        r.open_amber,
        r.unseen
    );
    match (&r.last_report_at, r.last_report_level) {
        (Some(at), level) => {
            let ago = DateTime::parse_from_rfc3339(at)
                .map(|t| format!(", {} ago", how_long(now - t.with_timezone(&Utc))))
                .unwrap_or_default();
            line.push_str(&format!(
                "; last report {at}{ago}{}",
                level.map(|l| format!(" ({l})")).unwrap_or_default()
            ));
        }
        (None, _) => line.push_str("; no report yet"),
    }
    if r.no_report {
        line.push_str(&format!("; NO REPORT for {NO_REPORT_HOURS} h or more"));
    }
    line
}

pub fn run(args: PanelArgs, db: &Option<PathBuf>, now: DateTime<Utc>) -> Result<(), Failure> {
    let config = server::config(args.server.as_deref(), None, db, now)?;
    if let Some(p) = &args.patient {
        let since = now - chrono::Duration::days(i64::from(args.days));
        let page = diary_sync::patient_page(&config, p, since, now)
            .map_err(|e| sync_failure(e, &["--patient"]))?;
        if args.json {
            println!(
                "{}",
                serde_json::to_string_pretty(&page).expect("a page serializes")
            );
            return Ok(());
        }
        println!("{}", panel_line(&page.row, now));
        if !page.row.last_checkin.is_empty() {
            println!(
                "    check-in {}: {}",
                page.row.last_checkin_at.as_deref().unwrap_or("?"),
                page.row.last_checkin.join(", ")
            );
        }
        println!(
            "Reports since {} ({}):",
            clock::local_minutes(&since),
            page.reports.len()
        );
        for r in &page.reports {
            let mut parts: Vec<String> =
                r.ratings.iter().map(|(k, v)| format!("{k} {v}")).collect();
            if let Some(t) = r.temperature_c {
                parts.push(format!("temperature {t} °C"));
            }
            if let Some(w) = r.weight_kg {
                parts.push(format!("weight {w} kg"));
            }
            println!(
                "  {}  {:<5}  {}",
                r.recorded_at,
                r.level.as_str(),
                parts.join(", ")
            );
        }
        println!(
            "Alerts since {} ({}):",
            clock::local_minutes(&since),
            page.alerts.len()
        );
        for i in &page.alerts {
            println!(
                "  {}  {:<5}  {:<14}  {:<9}  {}",
                i.authored_on.as_deref().unwrap_or("?"),
                i.level.as_str(),
                i.rule,
                i.status,
                i.detail
            );
            if i.overdue {
                println!("    {}", overdue_words(i, now));
            }
            for n in &i.notes {
                println!(
                    "    care-team note{}: {}",
                    n.by.as_deref()
                        .map(|b| format!(" by {}", one_line(b)))
                        .unwrap_or_default(),
                    one_line(&n.text)
                );
            }
        }
        return Ok(());
    }
    let rows = diary_sync::patient_panel(&config, now)?;
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&rows).expect("rows serialize")
        );
        return Ok(());
    }
    if rows.is_empty() {
        println!("No patients with open alerts or recent reports.");
        return Ok(());
    }
    for r in &rows {
        println!("{}", panel_line(r, now));
        if !r.last_checkin.is_empty() {
            println!(
                "    check-in {}: {}",
                r.last_checkin_at.as_deref().unwrap_or("?"),
                r.last_checkin.join(", ")
            );
        }
    }
    let overdue: u32 = rows.iter().map(|r| r.overdue_red).sum();
    println!(
        "{} patient{}; {overdue} overdue red alert{}. One patient's page: diary panel --patient Patient/ID",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" },
        if overdue == 1 { "" } else { "s" }
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use diary_core::model::Level;

    fn row() -> diary_sync::PanelRow {
        diary_sync::PanelRow {
            patient_ref: "Patient/7".into(),
            identifier: Some("urn:oid:1.2.3|MRN-0042".into()),
            name: Some("Dilnoza\nKarimova".into()),
            birth_year: Some(1971),
            open_red: 1,
            open_amber: 2,
            unseen: 1,
            overdue_red: 1,
            last_report_at: Some("2026-11-24T09:00:00Z".into()),
            last_report_level: Some(Level::Red),
            no_report: true,
            last_checkin_at: None,
            last_checkin: Vec::new(),
        }
    }

    #[test]
    fn a_panel_line_marks_the_worst_first_and_says_how_long_the_patient_has_been_silent() {
        let now = "2026-11-27T12:00:00Z".parse().unwrap();
        assert_eq!(
            panel_line(&row(), now),
            "OVERDUE  MRN-0042 Dilnoza Karimova (1971): 1 red (1 overdue), 2 amber, 1 not acknowledged; \
             last report 2026-11-24T09:00:00Z, 3 days 3 h ago (red); NO REPORT for 72 h or more"
        );
        let quiet = diary_sync::PanelRow {
            identifier: None,
            name: None,
            birth_year: None,
            open_red: 0,
            open_amber: 0,
            unseen: 0,
            overdue_red: 0,
            last_report_at: None,
            last_report_level: None,
            no_report: false,
            ..row()
        };
        assert_eq!(
            panel_line(&quiet, now),
            "         Patient/7: 0 red, 0 amber, 0 not acknowledged; no report yet"
        );
    }
}
