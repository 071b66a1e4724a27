//! CTCAE v5.0 grading of lab results, the newest-result rule and Hy's law. It exists apart
//! from the symptom rules because lab grading has its own conventions (half-open bands, the
//! baseline-abnormal variant, unit conversions, which result of a test counts) that deserve
//! to be read, and tested, on their own.

use super::collector::Collector;
use super::constants::{EPS, LAB_WINDOW_DAYS};
use crate::model::Fact;
use crate::model::{LabResult, LabTest, LabUnit, RuleId, Subject};
use crate::numbers::{fmt_dec, fmt_num};
use chrono::{Duration, NaiveDate};

/// A lab result's CTCAE v5.0 grade, with the words that explain it.
#[derive(Debug, Clone, PartialEq)]
pub struct Graded {
    /// 0 (normal, or below the grade 1 band) to 4.
    pub grade: u8,
    /// The numbers for the care team, e.g. "bilirubin 42 umol/L = 2.0 × ULN 21 (grade 2)".
    pub detail: String,
}

impl Graded {
    /// The grade of `lab` as a fact, for the patient's words.
    fn fact(&self, lab: &LabResult) -> Fact {
        Fact::Lab {
            test: lab.test,
            value: lab.value,
            unit: lab.unit,
            grade: self.grade,
            taken_on: lab.taken_on,
        }
    }
}

/// `a > b`, with the tolerance.
fn gt(a: f64, b: f64) -> bool {
    a > b + EPS
}

/// `a < b`, with the tolerance.
fn lt(a: f64, b: f64) -> bool {
    a < b - EPS
}

/// `a ≥ b`, with the tolerance.
fn ge(a: f64, b: f64) -> bool {
    !lt(a, b)
}

/// The value in the unit the CTCAE table uses for the test (µmol/L, U/L, g/L, 10⁹/L), or
/// `None` when the unit does not belong to the test: a unit the engine does not know is
/// never guessed.
pub fn to_canonical(test: LabTest, unit: LabUnit, value: f64) -> Option<f64> {
    if !test.allows_unit(unit) {
        return None;
    }
    Some(match unit {
        LabUnit::MgPerDl => value * 17.1,
        LabUnit::GPerDl => value * 10.0,
        LabUnit::UmolPerL
        | LabUnit::UPerL
        | LabUnit::GPerL
        | LabUnit::E9PerL
        | LabUnit::E3PerUl => value,
    })
}

/// The test's name as the detail texts write it.
fn name(test: LabTest) -> &'static str {
    match test {
        LabTest::Bilirubin => "bilirubin",
        LabTest::Alt => "ALT",
        LabTest::Ast => "AST",
        LabTest::Alp => "alkaline phosphatase",
        LabTest::Albumin => "albumin",
        LabTest::Platelets => "platelets",
        LabTest::Neutrophils => "neutrophils",
    }
}

/// The grade of a ratio in bands `(lower bound, lower bound included)`, one per grade from
/// 1 up: a band runs from its lower bound up to the next band's lower bound, which is
/// included in the lower band when the next bound is exclusive.
fn grade_up(ratio: f64, bands: &[(f64, bool); 4]) -> u8 {
    let mut grade = 0;
    for (i, &(bound, inclusive)) in bands.iter().enumerate() {
        let inside = if inclusive {
            ge(ratio, bound)
        } else {
            gt(ratio, bound)
        };
        if inside {
            grade = i as u8 + 1;
        }
    }
    grade
}

/// ULN-based bands, `>` at every lower bound.
fn uln_bands(test: LabTest) -> [(f64, bool); 4] {
    match test {
        LabTest::Bilirubin => [(1.0, false), (1.5, false), (3.0, false), (10.0, false)],
        LabTest::Alt | LabTest::Ast => [(1.0, false), (3.0, false), (5.0, false), (20.0, false)],
        _ => [(1.0, false), (2.5, false), (5.0, false), (20.0, false)],
    }
}

/// Baseline-based bands for a baseline above ULN (CTCAE v5.0).
fn baseline_bands(test: LabTest) -> [(f64, bool); 4] {
    match test {
        LabTest::Bilirubin => [(1.0, false), (1.5, false), (3.0, false), (10.0, false)],
        LabTest::Alt | LabTest::Ast => [(1.5, true), (3.0, false), (5.0, false), (20.0, false)],
        _ => [(2.0, true), (2.5, false), (5.0, false), (20.0, false)],
    }
}

/// Grades one lab result with CTCAE v5.0, or `None` when it cannot be graded (a unit that
/// does not belong to the test, or a missing reference limit).
pub fn grade(lab: &LabResult) -> Option<Graded> {
    let test = lab.test;
    // Check the unit even where no conversion is needed.
    to_canonical(test, lab.unit, lab.value)?;
    let written = format!("{} {} {}", name(test), fmt_num(lab.value), lab.unit);
    let on = lab.taken_on;
    match test {
        LabTest::Bilirubin | LabTest::Alt | LabTest::Ast | LabTest::Alp => {
            // Value, limit and baseline share the written unit, so ratios need no conversion.
            let uln = lab.ref_high.filter(|u| *u > 0.0)?;
            if let Some(base) = lab.baseline.filter(|b| gt(*b, uln)) {
                let ratio = lab.value / base;
                let grade = grade_up(ratio, &baseline_bands(test));
                let detail = format!(
                    "{written} = {} × baseline {} (baseline above ULN {}; grade {grade}) on {on}",
                    fmt_dec(ratio, 1),
                    fmt_num(base),
                    fmt_num(uln)
                );
                return Some(Graded { grade, detail });
            }
            let ratio = lab.value / uln;
            let grade = grade_up(ratio, &uln_bands(test));
            let detail = format!(
                "{written} = {} × ULN {} (grade {grade}) on {on}",
                fmt_dec(ratio, 1),
                fmt_num(uln)
            );
            Some(Graded { grade, detail })
        }
        LabTest::Albumin | LabTest::Platelets | LabTest::Neutrophils => {
            let lln = lab.ref_low.filter(|l| *l > 0.0)?;
            // A pre-treatment baseline is ignored for low counts and albumin.
            let value = to_canonical(test, lab.unit, lab.value)?;
            let lln_c = to_canonical(test, lab.unit, lln)?;
            let (g2, g3, g4, unit) = match test {
                LabTest::Albumin => (30.0, 20.0, None, "g/L"),
                LabTest::Platelets => (75.0, 50.0, Some(25.0), "10^9/L"),
                _ => (1.5, 1.0, Some(0.5), "10^9/L"),
            };
            let grade = if !lt(value, lln_c) {
                0
            } else if g4.is_some_and(|b| lt(value, b)) {
                4
            } else if lt(value, g3) {
                3
            } else if lt(value, g2) {
                2
            } else {
                1
            };
            let converted = if lab.unit.as_str() == unit {
                String::new()
            } else {
                format!(" = {} {unit}", fmt_num(value))
            };
            let detail = format!(
                "{written}{converted} below LLN {} {} (grade {grade}) on {on}",
                fmt_num(lln),
                lab.unit
            );
            Some(Graded { grade, detail })
        }
    }
}

/// The ratio of a result to its ULN, for Hy's law (never a baseline).
fn uln_ratio(lab: &LabResult) -> Option<f64> {
    to_canonical(lab.test, lab.unit, lab.value)?;
    let uln = lab.ref_high.filter(|u| *u > 0.0)?;
    Some(lab.value / uln)
}

/// Hy's law on the labs that count: ALT or AST > 3 × ULN and bilirubin > 2 × ULN, both
/// taken on the same day. Returns the days it holds, oldest first, each with its detail.
pub fn hys_law(labs: &[&LabResult]) -> Vec<(NaiveDate, String)> {
    let mut days: Vec<NaiveDate> = labs.iter().map(|l| l.taken_on).collect();
    days.sort();
    days.dedup();
    let mut found = Vec::new();
    for day in days {
        let best = |tests: &[LabTest]| {
            labs.iter()
                .filter(|l| l.taken_on == day && tests.contains(&l.test))
                .filter_map(|l| uln_ratio(l).map(|r| (r, *l)))
                .max_by(|a, b| a.0.total_cmp(&b.0))
        };
        let enzyme = best(&[LabTest::Alt, LabTest::Ast]);
        let bilirubin = best(&[LabTest::Bilirubin]);
        if let (Some((er, e)), Some((br, b))) = (enzyme, bilirubin) {
            if gt(er, 3.0) && gt(br, 2.0) {
                found.push((day, format!(
                    "Hy's law: {} {} {} = {} × ULN > 3 and bilirubin {} {} = {} × ULN > 2, both on {day}",
                    name(e.test),
                    fmt_num(e.value),
                    e.unit,
                    fmt_dec(er, 1),
                    fmt_num(b.value),
                    b.unit,
                    fmt_dec(br, 1)
                )));
            }
        }
    }
    found
}

/// The results that count as of day `day` (D): taken from D − 7 days to D inclusive, and
/// of each test only the newest (greatest `taken_on`; of one test's results on the same
/// day, the one later in `labs`). An older result that a newer one replaced raises nothing
/// (warning-signs-v2.md, *Labs*). In the order of `labs`.
pub fn newest_per_test(labs: &[LabResult], day: NaiveDate) -> Vec<&LabResult> {
    let first_day = day - Duration::days(LAB_WINDOW_DAYS);
    let mut newest: Vec<(LabTest, usize)> = Vec::new();
    for (i, lab) in labs.iter().enumerate() {
        if lab.taken_on < first_day || lab.taken_on > day {
            continue;
        }
        match newest.iter_mut().find(|(t, _)| *t == lab.test) {
            Some(entry) if labs[entry.1].taken_on <= lab.taken_on => entry.1 = i,
            Some(_) => {}
            None => newest.push((lab.test, i)),
        }
    }
    let mut keep: Vec<usize> = newest.into_iter().map(|(_, i)| i).collect();
    keep.sort_unstable();
    keep.into_iter().map(|i| &labs[i]).collect()
}

/// Applies A-LAB and G-LAB to the labs that count (the newest of each test). G-LAB's
/// message names the highest grade 1–2 it found (`alert.G-LAB.grade2`: "grade 2 of 4").
pub(super) fn apply(labs: &[&LabResult], out: &mut Collector) {
    let graded: Vec<(Graded, Fact)> = labs
        .iter()
        .filter_map(|l| grade(l).map(|g| (g.clone(), g.fact(l))))
        .collect();
    let green = graded
        .iter()
        .map(|(g, _)| g.grade)
        .filter(|g| (1..=2).contains(g))
        .max();
    let green_key = green.map(|g| format!("alert.G-LAB.grade{g}"));
    for (graded, fact) in graded {
        match graded.grade {
            3 | 4 => out.fire(RuleId::ALab, Subject::Labs, graded.detail, vec![fact], None),
            1 | 2 => out.fire_keyed(
                RuleId::GLab,
                Subject::Labs,
                graded.detail,
                vec![fact],
                None,
                green_key.as_deref().unwrap_or("alert.G-LAB"),
            ),
            _ => {}
        }
    }
    for (day, detail) in hys_law(labs) {
        let facts = vec![Fact::HysLaw { taken_on: day }];
        out.fire(RuleId::ALab, Subject::Labs, detail, facts, None);
    }
}
