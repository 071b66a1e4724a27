//! The diary as spreadsheets: one CSV file each for reports, lab results and weekly
//! check-ins (UTF-8,
//! a header row, ISO 8601 dates and times with the offset they were recorded in). It
//! exists because a caregiver or a clinic wants the numbers in a spreadsheet, not in the
//! interchange format; `docs/csv.md` documents every column. The columns come from the
//! vocabulary (one per rating, in `Rating::ALL` order), so a new symptom is a new column
//! without a change here. Quoting is the `csv` library's.

use crate::model::{LabResult, Rating};
use crate::rules::labs;
use crate::store::SavedReport;

/// The columns of `reports.csv`, in order.
pub fn report_columns() -> Vec<String> {
    let mut cols: Vec<String> = ["id", "recorded_at", "reporter"]
        .iter()
        .map(|c| c.to_string())
        .collect();
    cols.extend(Rating::ALL.iter().map(|r| r.as_str().to_string()));
    cols.extend(
        [
            "stools_above_usual",
            "vomiting_episodes",
            "temperature_c",
            "weight_kg",
            "signs",
            "screened",
            "level",
            "ruleset",
            "alerts",
            "note",
        ]
        .iter()
        .map(|c| c.to_string()),
    );
    cols
}

/// The columns of `labs.csv`, in order.
pub const LAB_COLUMNS: &[&str] = &[
    "id", "taken_on", "test", "value", "unit", "ref_low", "ref_high", "baseline", "grade",
];

fn num(v: Option<f64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// `reports.csv`: one row per report, oldest first as given.
pub fn reports_csv(reports: &[SavedReport]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(report_columns()).expect("writing to memory");
    for saved in reports {
        let r = &saved.report;
        let mut row: Vec<String> = vec![
            saved.uid.clone(),
            r.recorded_at.to_rfc3339(),
            r.reporter.as_str().to_string(),
        ];
        row.extend(
            Rating::ALL
                .iter()
                .map(|item| r.rating(*item).map(|v| v.to_string()).unwrap_or_default()),
        );
        row.push(
            r.stools_above_usual
                .map(|v| v.to_string())
                .unwrap_or_default(),
        );
        row.push(
            r.vomiting_episodes
                .map(|v| v.to_string())
                .unwrap_or_default(),
        );
        row.push(num(r.temperature_c));
        row.push(num(r.weight_kg));
        row.push(
            r.signs
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(";"),
        );
        row.push(r.screened.to_string());
        row.push(saved.triage.level.as_str().to_string());
        row.push(saved.triage.ruleset.clone());
        row.push(
            saved
                .triage
                .alerts
                .iter()
                .map(|a| format!("{}/{}", a.rule, a.subject))
                .collect::<Vec<_>>()
                .join(";"),
        );
        row.push(r.note.clone().unwrap_or_default());
        w.write_record(&row).expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}

/// The columns of `checkins.csv`, in order.
pub const CHECKIN_COLUMNS: &[&str] = &[
    "id",
    "answered_at",
    "reporter",
    "phq2_interest",
    "phq2_down",
    "phq2_total",
    "gad2_nervous",
    "gad2_worry",
    "gad2_total",
    "self_harm_thoughts",
    "function",
    "social",
    "eating",
    "caregiver_strain",
    "level",
    "alerts",
];

/// `checkins.csv`: one row per weekly check-in, oldest first as given; the patient-only
/// items are empty in a caregiver's check-in.
pub fn checkins_csv(checkins: &[crate::store::SavedCheckin]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(CHECKIN_COLUMNS).expect("writing to memory");
    let opt = |v: Option<u8>| v.map(|v| v.to_string()).unwrap_or_default();
    for saved in checkins {
        let c = &saved.checkin;
        w.write_record([
            saved.uid.clone(),
            c.answered_at.to_rfc3339(),
            c.reporter.as_str().to_string(),
            opt(c.phq2.map(|p| p[0])),
            opt(c.phq2.map(|p| p[1])),
            opt(c.phq2_total()),
            opt(c.gad2.map(|g| g[0])),
            opt(c.gad2.map(|g| g[1])),
            opt(c.gad2_total()),
            c.self_harm_thoughts
                .map(|b| b.to_string())
                .unwrap_or_default(),
            c.function.to_string(),
            c.social.to_string(),
            c.eating.to_string(),
            opt(c.caregiver_strain),
            saved.triage.level.as_str().to_string(),
            saved
                .triage
                .alerts
                .iter()
                .map(|a| format!("{}/{}", a.rule, a.subject))
                .collect::<Vec<_>>()
                .join(";"),
        ])
        .expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}

/// `labs.csv`: one row per result as given, with its CTCAE v5.0 grade when it can be
/// graded.
pub fn labs_csv(results: &[LabResult]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(LAB_COLUMNS).expect("writing to memory");
    for l in results {
        w.write_record([
            l.id.clone().unwrap_or_default(),
            l.taken_on.format("%Y-%m-%d").to_string(),
            l.test.as_str().to_string(),
            l.value.to_string(),
            l.unit.as_str().to_string(),
            num(l.ref_low),
            num(l.ref_high),
            num(l.baseline),
            labs::grade(l)
                .map(|g| g.grade.to_string())
                .unwrap_or_default(),
        ])
        .expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LabTest, LabUnit, Report, Sign};
    use crate::store::Diary;
    use chrono::{DateTime, NaiveDate, Utc};

    #[test]
    fn checkins_read_back_as_the_columns_say() {
        use crate::model::{Checkin, Reporter};
        let mut d = Diary::open_in_memory().unwrap();
        let now: DateTime<Utc> = "2026-11-21T00:00:00Z".parse().unwrap();
        let patient = d
            .save_checkin(
                Checkin {
                    id: None,
                    answered_at: DateTime::parse_from_rfc3339("2026-11-20T18:00:00+05:00").unwrap(),
                    reporter: Reporter::Patient,
                    phq2: Some([2, 1]),
                    gad2: Some([0, 1]),
                    self_harm_thoughts: Some(false),
                    function: 1,
                    social: 3,
                    eating: 0,
                    caregiver_strain: None,
                },
                now,
            )
            .unwrap();
        let text = String::from_utf8(checkins_csv(std::slice::from_ref(&patient))).unwrap();
        let mut lines = text.lines();
        assert_eq!(lines.next().unwrap(), CHECKIN_COLUMNS.join(","));
        assert_eq!(
            lines.next().unwrap(),
            format!(
                "{},2026-11-20T18:00:00+05:00,patient,2,1,3,0,1,1,false,1,3,0,,green,G-MOOD/mood;G-SOCIAL/social",
                patient.uid
            )
        );
    }

    #[test]
    fn reports_and_labs_read_back_as_the_columns_say() {
        let mut d = Diary::open_in_memory().unwrap();
        let now: DateTime<Utc> = "2026-11-21T00:00:00Z".parse().unwrap();
        let mut r = Report::new(DateTime::parse_from_rfc3339("2026-11-20T08:30:00+05:00").unwrap());
        r.ratings.insert(Rating::Pain, 3);
        r.temperature_c = Some(38.2);
        r.signs = vec![Sign::DarkUrine, Sign::Shivering];
        r.note = Some("slept badly, \"very\" tired,\nand itchy".into());
        r.screened = true;
        let saved = d.add_report(r, now).unwrap();
        let text = String::from_utf8(reports_csv(std::slice::from_ref(&saved))).unwrap();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(header, report_columns());
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        assert_eq!(rows.len(), 1);
        let col = |name: &str| {
            let i = header.iter().position(|h| h == name).unwrap();
            rows[0][i].to_string()
        };
        assert_eq!(col("id"), saved.uid);
        assert_eq!(col("recorded_at"), "2026-11-20T08:30:00+05:00");
        assert_eq!(col("pain"), "3");
        assert_eq!(col("fatigue"), "", "not asked is empty, not 0");
        assert_eq!(col("temperature_c"), "38.2");
        assert_eq!(col("signs"), "dark_urine;shivering");
        assert_eq!(col("level"), "red");
        assert!(
            col("alerts").contains("R-FEVER/temperature"),
            "{}",
            col("alerts")
        );
        assert_eq!(col("note"), "slept badly, \"very\" tired,\nand itchy");

        let lab = LabResult {
            id: Some("lab-1".into()),
            taken_on: NaiveDate::from_ymd_opt(2026, 11, 19).unwrap(),
            test: LabTest::Neutrophils,
            value: 0.4,
            unit: LabUnit::E9PerL,
            ref_low: Some(2.0),
            ref_high: Some(7.5),
            baseline: None,
        };
        let text = String::from_utf8(labs_csv(&[lab])).unwrap();
        assert_eq!(
            text,
            "id,taken_on,test,value,unit,ref_low,ref_high,baseline,grade\n\
             lab-1,2026-11-19,neutrophils,0.4,10^9/L,2,7.5,,4\n"
        );
    }
}
