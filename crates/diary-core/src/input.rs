//! What the adapters hand in, turned into the model: a report, a lab result, a therapy list
//! and a role typed as words by a person (the `diary` command's flags) or sent as words by
//! the window (its DTOs). It exists so that the desktop app and the CLI read the same words
//! the same way — the same vocabulary, the same refusals (a sign given twice is refused
//! everywhere, never silently dropped), and errors that name the same field — instead of
//! each adapter keeping its own parser. Values are checked afterwards by the store
//! (`json::validate_report` and friends); this module only maps words to the vocabulary.

use crate::json;
use crate::model::{
    Checkin, Drug, LabResult, LabTest, LabUnit, OfficeHours, Rating, Report, Reporter, Sign,
    Therapy,
};
use crate::FieldError;
use chrono::{DateTime, FixedOffset, NaiveDate};

/// "a, b or c": a vocabulary's words for an error message.
fn one_of<T: Copy>(all: &[T], word: impl Fn(T) -> &'static str) -> String {
    let words: Vec<&str> = all.iter().map(|v| word(*v)).collect();
    match words.split_last() {
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// A daily report as words: what the report screen sends and what `diary log` is given.
/// Ratings and signs are the vocabulary's spellings (`fatigue`, `dark_urine`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportWords {
    pub ratings: Vec<(String, u8)>,
    pub stools_above_usual: Option<u32>,
    pub vomiting_episodes: Option<u32>,
    pub temperature_c: Option<f64>,
    pub weight_kg: Option<f64>,
    pub signs: Vec<String>,
    /// "None of these" was chosen on the warning-sign checklist.
    pub none_of_the_signs: bool,
    pub note: Option<String>,
}

impl ReportWords {
    /// The report these words describe, made at `recorded_at` by `reporter`. An unknown
    /// rating or sign, a rating given twice or a sign given twice is refused with the
    /// field named (`report.ratings.happiness`, `report.signs[1]`); a blank note is no note.
    pub fn to_report(
        &self,
        recorded_at: DateTime<FixedOffset>,
        reporter: Reporter,
    ) -> Result<Report, FieldError> {
        let mut report = Report::new(recorded_at);
        report.reporter = reporter;
        for (name, value) in &self.ratings {
            let path = format!("report.ratings.{name}");
            let item = Rating::parse(name).ok_or_else(|| {
                FieldError::new(
                    &path,
                    format!(
                        "\"{name}\" is not one of {}",
                        one_of(Rating::ALL, Rating::as_str)
                    ),
                )
            })?;
            if report.ratings.insert(item, *value).is_some() {
                return Err(FieldError::new(path, "is given twice"));
            }
        }
        report.stools_above_usual = self.stools_above_usual;
        report.vomiting_episodes = self.vomiting_episodes;
        report.temperature_c = self.temperature_c;
        report.weight_kg = self.weight_kg;
        report.signs = signs(&self.signs, "report.signs")?;
        if self.none_of_the_signs && !report.signs.is_empty() {
            return Err(FieldError::new(
                "report.signs",
                "\"none of these\" and a warning sign cannot both be chosen",
            ));
        }
        // The checklist was answered: signs ticked, or "none of these".
        report.screened = self.none_of_the_signs || !report.signs.is_empty();
        report.note = self
            .note
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_string);
        Ok(report)
    }
}

/// Signs from their words, in the order given; an unknown sign or one given twice is
/// refused, naming `path[i]`.
pub fn signs(words: &[String], path: &str) -> Result<Vec<Sign>, FieldError> {
    let mut out = Vec::with_capacity(words.len());
    for (i, word) in words.iter().enumerate() {
        let sign = Sign::parse(word).ok_or_else(|| {
            FieldError::new(
                format!("{path}[{i}]"),
                format!(
                    "\"{word}\" is not one of {}",
                    one_of(Sign::ALL, Sign::as_str)
                ),
            )
        })?;
        if out.contains(&sign) {
            return Err(FieldError::new(
                format!("{path}[{i}]"),
                format!("\"{word}\" is given twice"),
            ));
        }
        out.push(sign);
    }
    Ok(out)
}

/// Therapies from their words, in the order given; an unknown one is refused, naming
/// `path[i]`. A therapy named twice is kept once: a list of what the patient takes, not a
/// count.
pub fn therapies(words: &[String], path: &str) -> Result<Vec<Therapy>, FieldError> {
    let mut out = Vec::with_capacity(words.len());
    for (i, word) in words.iter().enumerate() {
        let therapy = Therapy::parse(word.trim()).ok_or_else(|| {
            FieldError::new(
                format!("{path}[{i}]"),
                format!(
                    "\"{word}\" is not one of {}",
                    one_of(Therapy::ALL, Therapy::as_str)
                ),
            )
        })?;
        if !out.contains(&therapy) {
            out.push(therapy);
        }
    }
    Ok(out)
}

/// The path the care team's office hours are named by, on every boundary.
pub const OFFICE_HOURS_FIELD: &str = "profile.office_hours";

/// The care team's office hours from their words: the days (`mon` … `sun`, spaces around
/// each ignored) and the opening and closing times `HH:MM`, read by the format's own
/// reader ([`json::office_hours_from`]) so that the window and the `diary` command refuse
/// exactly what an import refuses, naming `profile.office_hours.days[1]`,
/// `profile.office_hours.open`, ….
pub fn office_hours(days: &[String], open: &str, close: &str) -> Result<OfficeHours, FieldError> {
    use json::J;
    let tree = J::Obj(vec![
        (
            "days".into(),
            J::Arr(days.iter().map(|d| J::Str(d.trim().to_string())).collect()),
        ),
        ("open".into(), J::Str(open.trim().to_string())),
        ("close".into(), J::Str(close.trim().to_string())),
    ]);
    json::office_hours_from(OFFICE_HOURS_FIELD, &tree)
}

/// Drugs from their words (`capecitabine`, `palbociclib`), each once, in the order given;
/// an unknown word is refused naming `path[i]`.
pub fn drugs(words: &[String], path: &str) -> Result<Vec<Drug>, FieldError> {
    let mut out = Vec::with_capacity(words.len());
    for (i, word) in words.iter().enumerate() {
        let drug = drug(word, &format!("{path}[{i}]"))?;
        if !out.contains(&drug) {
            out.push(drug);
        }
    }
    Ok(out)
}

/// One drug from its word, naming `path` when it is not one.
pub fn drug(word: &str, path: &str) -> Result<Drug, FieldError> {
    Drug::parse(word.trim())
        .ok_or_else(|| FieldError::new(path, format!("\"{word}\" is not a drug the diary knows")))
}

/// Who reports, from its word (`patient`, `caregiver`), naming `path` when it is neither.
pub fn reporter(word: &str, path: &str) -> Result<Reporter, FieldError> {
    Reporter::parse(word.trim()).ok_or_else(|| {
        FieldError::new(
            path,
            format!(
                "\"{word}\" is not one of {}",
                one_of(Reporter::ALL, Reporter::as_str)
            ),
        )
    })
}

/// A lab result as words, as copied from a lab sheet: the test, the unit and the day as
/// the vocabulary spells them (`bilirubin`, `umol/L`, `2026-11-20`).
#[derive(Debug, Clone, PartialEq)]
pub struct LabWords {
    pub test: String,
    pub value: f64,
    pub unit: String,
    /// `YYYY-MM-DD`; `None` takes `today`.
    pub taken_on: Option<String>,
    pub ref_low: Option<f64>,
    pub ref_high: Option<f64>,
    pub baseline: Option<f64>,
}

impl LabWords {
    /// The lab result these words describe; `today` is the caller's date (time is a
    /// parameter). Errors name `lab.test`, `lab.unit` or `lab.taken_on`; the values are
    /// checked by the store (`json::validate_lab`).
    pub fn to_lab(&self, today: NaiveDate) -> Result<LabResult, FieldError> {
        let test = LabTest::parse(self.test.trim()).ok_or_else(|| {
            FieldError::new(
                "lab.test",
                format!(
                    "\"{}\" is not one of {}",
                    self.test,
                    one_of(LabTest::ALL, LabTest::as_str)
                ),
            )
        })?;
        if self.unit.trim() == "%" && matches!(test, LabTest::Neutrophils | LabTest::Platelets) {
            return Err(FieldError::new(
                "lab.unit",
                format!(
                    "a percentage cannot be graded; give the absolute count in {} (the lab sheet lists it as an absolute count, ×10⁹/L)",
                    one_of(test.units(), LabUnit::as_str)
                ),
            ));
        }
        let unit = LabUnit::parse(self.unit.trim())
            .filter(|u| test.allows_unit(*u))
            .ok_or_else(|| {
                FieldError::new(
                    "lab.unit",
                    format!(
                        "\"{}\" is not a unit for {test} (use {})",
                        self.unit,
                        one_of(test.units(), LabUnit::as_str)
                    ),
                )
            })?;
        let taken_on = match self.taken_on.as_deref().map(str::trim) {
            None | Some("") => today,
            Some(day) => json::parse_date(day).ok_or_else(|| {
                FieldError::new(
                    "lab.taken_on",
                    format!("\"{day}\" is not a date YYYY-MM-DD"),
                )
            })?,
        };
        Ok(LabResult {
            id: None,
            taken_on,
            test,
            value: self.value,
            unit,
            ref_low: self.ref_low,
            ref_high: self.ref_high,
            baseline: self.baseline,
        })
    }
}

/// A weekly check-in as words: what the check-in screen sends and what `diary checkin` is
/// given. Values are checked by the store (`json::validate_checkin`: ranges, and who may
/// answer what); this adds what an adapter must ask: function, social and eating always,
/// and the self-harm question whenever it is asked (a patient's PHQ-2 total ≥ 3).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CheckinWords {
    pub phq2: Option<[u8; 2]>,
    pub gad2: Option<[u8; 2]>,
    pub self_harm_thoughts: Option<bool>,
    pub function: Option<u8>,
    pub social: Option<u8>,
    pub eating: Option<u8>,
    pub caregiver_strain: Option<u8>,
}

impl CheckinWords {
    /// The check-in these words describe, answered at `answered_at` by `reporter`; a
    /// missing answer is refused naming its field (`checkin.function`).
    pub fn to_checkin(
        &self,
        answered_at: DateTime<FixedOffset>,
        reporter: Reporter,
    ) -> Result<Checkin, FieldError> {
        let required = |v: Option<u8>, name: &str| {
            v.ok_or_else(|| FieldError::new(format!("checkin.{name}"), "is required"))
        };
        let c = Checkin {
            id: None,
            answered_at,
            reporter,
            phq2: self.phq2,
            gad2: self.gad2,
            self_harm_thoughts: self.self_harm_thoughts,
            function: required(self.function, "function")?,
            social: required(self.social, "social")?,
            eating: required(self.eating, "eating")?,
            caregiver_strain: self.caregiver_strain,
        };
        if c.asks_self_harm() && c.self_harm_thoughts.is_none() {
            return Err(FieldError::new(
                "checkin.self_harm_thoughts",
                "must be answered (yes or no) when the PHQ-2 total is 3 or more",
            ));
        }
        Ok(c)
    }
}

/// Two answers 0–3 written `A,B` (PHQ-2, GAD-2), naming `path` when they are not.
pub fn answer_pair(word: &str, path: &str) -> Result<[u8; 2], FieldError> {
    let bad = || {
        FieldError::new(
            path,
            format!("\"{word}\" is not two answers 0–3 separated by a comma (like 1,2)"),
        )
    };
    let parts: Vec<&str> = word.split(',').map(str::trim).collect();
    match parts.as_slice() {
        [a, b] => {
            let a: u8 = a.parse().map_err(|_| bad())?;
            let b: u8 = b.parse().map_err(|_| bad())?;
            if a > 3 || b > 3 {
                return Err(bad());
            }
            Ok([a, b])
        }
        _ => Err(bad()),
    }
}

/// `yes` or `no`, naming `path` when it is neither.
pub fn yes_no(word: &str, path: &str) -> Result<bool, FieldError> {
    match word.trim() {
        "yes" => Ok(true),
        "no" => Ok(false),
        other => Err(FieldError::new(
            path,
            format!("\"{other}\" is not yes or no"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-20T08:30:00+05:00").unwrap()
    }

    /// Runs `words` through `to_report` and writes the outcome as one line: the error, or
    /// the report's ratings, signs and note.
    fn report_line(words: ReportWords) -> String {
        match words.to_report(at(), Reporter::Caregiver) {
            Err(e) => format!("error {e}"),
            Ok(r) => format!(
                "ok {:?} {:?} {:?} {}",
                r.ratings, r.signs, r.note, r.reporter
            ),
        }
    }

    fn check(words: ReportWords, expect: &str) {
        assert_eq!(report_line(words), expect);
    }

    fn w(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn report_words() {
        check(
            ReportWords {
                ratings: vec![("fatigue".into(), 2), ("jaundice".into(), 1)],
                signs: w(&["shivering", "dark_urine"]),
                note: Some("  <img src=x>  ".into()),
                ..ReportWords::default()
            },
            "ok {Fatigue: 2, Jaundice: 1} [Shivering, DarkUrine] Some(\"<img src=x>\") caregiver",
        );
        check(
            ReportWords {
                note: Some("   ".into()),
                ..ReportWords::default()
            },
            "ok {} [] None caregiver",
        );
        check(
            ReportWords {
                ratings: vec![("happiness".into(), 2)],
                ..ReportWords::default()
            },
            "error report.ratings.happiness: \"happiness\" is not one of fatigue, pain, itching, jaundice, appetite_loss, nausea, abdominal_pain, mouth_sores, hand_foot, numbness, shortness_of_breath, cough, abdominal_swelling, leg_swelling, constipation, insomnia, anxiety, low_mood or rash",
        );
        check(
            ReportWords {
                ratings: vec![("pain".into(), 2), ("pain".into(), 3)],
                ..ReportWords::default()
            },
            "error report.ratings.pain: is given twice",
        );
        check(
            ReportWords {
                signs: w(&["shivering", "shivering"]),
                ..ReportWords::default()
            },
            "error report.signs[1]: \"shivering\" is given twice",
        );
        check(
            ReportWords {
                signs: w(&["hiccups"]),
                ..ReportWords::default()
            },
            "error report.signs[0]: \"hiccups\" is not one of dark_urine, pale_stools, black_stools, vomiting_blood, bruising, uncontrolled_bleeding, confusion, chest_pain, shivering, unable_to_keep_fluids, breathless_at_rest, blood_in_stool, day_night_reversal, new_forgetfulness, hand_flap, very_thirsty or skin_blisters",
        );
    }

    #[test]
    fn the_checklist_is_answered_by_a_sign_or_by_none_of_these() {
        let at = at();
        let words = |signs: &[&str], none: bool| ReportWords {
            signs: w(signs),
            none_of_the_signs: none,
            ..ReportWords::default()
        };
        let screened = |signs: &[&str], none: bool| {
            words(signs, none)
                .to_report(at, Reporter::Patient)
                .map(|r| r.screened)
        };
        assert_eq!(screened(&[], false), Ok(false));
        assert_eq!(screened(&[], true), Ok(true));
        assert_eq!(screened(&["dark_urine"], false), Ok(true));
        assert_eq!(
            screened(&["dark_urine"], true).unwrap_err().to_string(),
            "report.signs: \"none of these\" and a warning sign cannot both be chosen"
        );
    }

    #[test]
    fn therapies_and_reporters() {
        assert_eq!(
            therapies(&w(&["capecitabine", "taxane", "capecitabine"]), "t").unwrap(),
            vec![Therapy::Capecitabine, Therapy::Taxane]
        );
        assert_eq!(
            therapies(&w(&["taxane", "aspirin"]), "profile.therapies")
                .unwrap_err()
                .path,
            "profile.therapies[1]"
        );
        assert_eq!(reporter("caregiver", "r").unwrap(), Reporter::Caregiver);
        assert_eq!(
            reporter("nurse", "settings.user_role")
                .unwrap_err()
                .to_string(),
            "settings.user_role: \"nurse\" is not one of patient or caregiver"
        );
    }

    fn lab(test: &str, unit: &str, on: Option<&str>) -> LabWords {
        LabWords {
            test: test.into(),
            value: 70.0,
            unit: unit.into(),
            taken_on: on.map(str::to_string),
            ref_low: None,
            ref_high: Some(21.0),
            baseline: None,
        }
    }

    #[test]
    fn lab_words() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        let ok = lab("bilirubin", "umol/L", Some("2026-11-20"))
            .to_lab(today)
            .unwrap();
        assert_eq!((ok.test, ok.unit), (LabTest::Bilirubin, LabUnit::UmolPerL));
        assert_eq!(ok.taken_on.to_string(), "2026-11-20");
        assert_eq!(
            lab("alt", "U/L", None).to_lab(today).unwrap().taken_on,
            today
        );
        for (words, expect) in [
            (
                lab("sodium", "U/L", None),
                "lab.test: \"sodium\" is not one of bilirubin, alt, ast, alp, albumin, platelets or neutrophils",
            ),
            (
                lab("alt", "furlongs", None),
                "lab.unit: \"furlongs\" is not a unit for alt (use U/L)",
            ),
            (
                lab("bilirubin", "U/L", None),
                "lab.unit: \"U/L\" is not a unit for bilirubin (use umol/L or mg/dL)",
            ),
            (
                lab("neutrophils", "%", None),
                "lab.unit: a percentage cannot be graded; give the absolute count in 10^9/L or 10^3/uL (the lab sheet lists it as an absolute count, ×10⁹/L)",
            ),
            (
                lab("alt", "U/L", Some("20.11.2026")),
                "lab.taken_on: \"20.11.2026\" is not a date YYYY-MM-DD",
            ),
        ] {
            assert_eq!(words.to_lab(today).unwrap_err().to_string(), expect);
        }
    }

    #[test]
    fn office_hours_are_read_as_the_format_reads_them() {
        let days = |d: &[&str]| d.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let hours = office_hours(&days(&[" mon", "fri "]), " 08:30", "17:00 ").unwrap();
        assert_eq!(
            hours.days,
            [crate::model::OfficeDay::Mon, crate::model::OfficeDay::Fri]
        );
        assert_eq!((hours.open, hours.close), (510, 1020));
        for (d, open, close, expect) in [
            (days(&[]), "08:30", "17:00", "profile.office_hours.days: name at least one day"),
            (
                days(&["mon", "Monday"]),
                "08:30",
                "17:00",
                "profile.office_hours.days[1]: \"Monday\" is not one of mon, tue, wed, thu, fri, sat, sun",
            ),
            (days(&["mon"]), "", "17:00", "profile.office_hours.open: \"\" is not a time HH:MM"),
            (
                days(&["mon"]),
                "17:00",
                "08:00",
                "profile.office_hours.close: 08:00 is not after the opening time, 17:00",
            ),
        ] {
            assert_eq!(office_hours(&d, open, close).unwrap_err().to_string(), expect);
        }
    }
}

#[cfg(test)]
mod checkin_words_tests {
    use super::*;

    fn at() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-19T18:00:00+05:00").unwrap()
    }

    fn line<T: std::fmt::Debug>(r: Result<T, FieldError>) -> String {
        match r {
            Ok(v) => format!("{v:?}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn pairs_and_yes_no() {
        assert_eq!(answer_pair("1,2", "checkin.phq2"), Ok([1, 2]));
        assert_eq!(answer_pair(" 3 , 0 ", "checkin.phq2"), Ok([3, 0]));
        for bad in ["1", "1,2,3", "1;2", "4,0", "-1,0", "a,b", ""] {
            assert_eq!(
                line(answer_pair(bad, "checkin.gad2")),
                format!("checkin.gad2: \"{bad}\" is not two answers 0–3 separated by a comma (like 1,2)")
            );
        }
        assert_eq!(yes_no("yes", "x"), Ok(true));
        assert_eq!(yes_no("no", "x"), Ok(false));
        assert_eq!(
            line(yes_no("maybe", "checkin.self_harm_thoughts")),
            "checkin.self_harm_thoughts: \"maybe\" is not yes or no"
        );
    }

    #[test]
    fn every_asked_question_needs_an_answer() {
        let words = CheckinWords {
            phq2: Some([2, 1]),
            gad2: Some([0, 0]),
            function: Some(1),
            social: Some(0),
            eating: Some(0),
            ..CheckinWords::default()
        };
        assert_eq!(
            line(words.to_checkin(at(), Reporter::Patient)),
            "checkin.self_harm_thoughts: must be answered (yes or no) when the PHQ-2 total is 3 or more"
        );
        let answered = CheckinWords {
            self_harm_thoughts: Some(false),
            ..words.clone()
        };
        let c = answered.to_checkin(at(), Reporter::Patient).unwrap();
        assert_eq!(
            (c.phq2_total(), c.self_harm_thoughts),
            (Some(3), Some(false))
        );
        // A caregiver is never asked it (PHQ-2 is the patient's; the store refuses it).
        let carer = CheckinWords {
            function: Some(1),
            social: Some(0),
            eating: Some(0),
            caregiver_strain: Some(2),
            ..CheckinWords::default()
        };
        assert!(carer.to_checkin(at(), Reporter::Caregiver).is_ok());
        let no_eating = CheckinWords {
            eating: None,
            ..carer
        };
        assert_eq!(
            line(no_eating.to_checkin(at(), Reporter::Caregiver)),
            "checkin.eating: is required"
        );
    }
}
