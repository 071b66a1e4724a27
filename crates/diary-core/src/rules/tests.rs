//! The triage engine's tests: one data-driven helper, [`check`], and rows that build a
//! small diary and state the expected triage as a compact string, e.g.
//! `"red: R-FEVER/temperature, A-VOMIT/stomach"` (level, then `rule/subject` in the
//! engine's order). Every rule has rows that must fire and rows that must not, at its
//! boundaries.

use super::*;
use crate::model::LabTest::*;
use crate::model::LabUnit::*;
use crate::model::Rating::*;
use crate::model::Sign::*;
use crate::model::Therapy::*;
use crate::model::{Checkin, LabTest, LabUnit, Rating, Reporter, Sign, Therapy};
use chrono::NaiveDate;

/// The instant of the triaged report in most rows: 20 Nov 2026, 08:30 at +05:00.
const T0: &str = "2026-11-20T08:30:00+05:00";

fn t0() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(T0).unwrap()
}

/// A report under construction.
#[derive(Clone)]
struct R(Report);

/// An empty report at `T0`.
fn r() -> R {
    R(Report::new(t0()))
}

impl R {
    fn rate(mut self, item: Rating, value: u8) -> R {
        self.0.ratings.insert(item, value);
        self
    }
    fn stools(mut self, n: u32) -> R {
        self.0.stools_above_usual = Some(n);
        self
    }
    fn vomits(mut self, n: u32) -> R {
        self.0.vomiting_episodes = Some(n);
        self
    }
    fn temp(mut self, c: f64) -> R {
        self.0.temperature_c = Some(c);
        self
    }
    fn weight(mut self, kg: f64) -> R {
        self.0.weight_kg = Some(kg);
        self
    }
    fn sign(mut self, sign: Sign) -> R {
        self.0.signs.push(sign);
        self
    }
    fn at(mut self, when: &str) -> R {
        self.0.recorded_at = DateTime::parse_from_rfc3339(when).unwrap();
        self
    }
}

/// A lab result under construction; taken on T0's date unless moved.
#[derive(Clone)]
struct L(LabResult);

fn lab(test: LabTest, value: f64, unit: LabUnit) -> L {
    L(LabResult {
        id: None,
        taken_on: t0().date_naive(),
        test,
        value,
        unit,
        ref_low: None,
        ref_high: None,
        baseline: None,
    })
}

impl L {
    fn uln(mut self, high: f64) -> L {
        self.0.ref_high = Some(high);
        self
    }
    fn lln(mut self, low: f64) -> L {
        self.0.ref_low = Some(low);
        self
    }
    fn base(mut self, baseline: f64) -> L {
        self.0.baseline = Some(baseline);
        self
    }
    fn days_before(mut self, days: i64) -> L {
        self.0.taken_on = t0().date_naive() - Duration::days(days);
        self
    }
    fn on(mut self, date: &str) -> L {
        self.0.taken_on = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
        self
    }
}

/// A weekly check-in under construction: a patient's, answered at T0, everything 0.
#[derive(Clone)]
struct C(Checkin);

fn ci() -> C {
    C(Checkin {
        id: None,
        answered_at: t0(),
        reporter: Reporter::Patient,
        phq2: Some([0, 0]),
        gad2: Some([0, 0]),
        self_harm_thoughts: None,
        function: 0,
        social: 0,
        eating: 0,
        caregiver_strain: None,
    })
}

impl C {
    /// A caregiver's check-in: no PHQ-2, GAD-2 or self-harm question; their own strain.
    fn caregiver(mut self, strain: u8) -> C {
        self.0.reporter = Reporter::Caregiver;
        self.0.phq2 = None;
        self.0.gad2 = None;
        self.0.caregiver_strain = Some(strain);
        self
    }
    fn phq2(mut self, a: u8, b: u8) -> C {
        self.0.phq2 = Some([a, b]);
        self
    }
    fn gad2(mut self, a: u8, b: u8) -> C {
        self.0.gad2 = Some([a, b]);
        self
    }
    fn self_harm(mut self, yes: bool) -> C {
        self.0.self_harm_thoughts = Some(yes);
        self
    }
    fn function(mut self, n: u8) -> C {
        self.0.function = n;
        self
    }
    fn social(mut self, n: u8) -> C {
        self.0.social = n;
        self
    }
    fn eating(mut self, n: u8) -> C {
        self.0.eating = n;
        self
    }
}

/// A diary under construction, with its weekly check-ins beside it.
#[derive(Clone, Default)]
struct Case {
    doc: Document,
    checkins: Vec<Checkin>,
}

fn case() -> Case {
    Case::default()
}

impl Case {
    fn on(mut self, therapy: Therapy) -> Case {
        self.doc.profile.therapies.push(therapy);
        self
    }
    fn fever_threshold(mut self, c: f64) -> Case {
        self.doc.profile.fever_threshold_c = Some(c);
        self
    }
    fn baseline_weight(mut self, kg: f64) -> Case {
        self.doc.profile.baseline_weight_kg = Some(kg);
        self
    }
    fn stent(mut self) -> Case {
        self.doc.profile.biliary_stent = Some(true);
        self
    }
    /// The report triaged (at T0 unless moved with `at`).
    fn now(mut self, report: R) -> Case {
        self.doc.reports.push(report.0);
        self
    }
    /// An earlier report, `hours` before T0.
    fn hours_ago(mut self, hours: i64, report: R) -> Case {
        let mut report = report.0;
        report.recorded_at = t0() - Duration::hours(hours);
        self.doc.reports.push(report);
        self
    }
    /// An earlier report, `seconds` before T0.
    fn seconds_ago(mut self, seconds: i64, report: R) -> Case {
        let mut report = report.0;
        report.recorded_at = t0() - Duration::seconds(seconds);
        self.doc.reports.push(report);
        self
    }
    fn lab(mut self, lab: L) -> Case {
        self.doc.labs.push(lab.0);
        self
    }
    /// The check-in judged (at T0 unless moved).
    fn checkin(mut self, c: C) -> Case {
        self.checkins.push(c.0);
        self
    }
    /// An earlier check-in, `hours` before T0.
    fn checkin_hours_ago(mut self, hours: i64, c: C) -> Case {
        let mut c = c.0;
        c.answered_at = t0() - Duration::hours(hours);
        self.checkins.push(c);
        self
    }
}

/// The compact form of a triage: `"none"` or `"level: RULE/subject, ..."`.
fn render(triage: &Triage) -> String {
    if triage.alerts.is_empty() {
        return triage.level.to_string();
    }
    let alerts: Vec<String> = triage
        .alerts
        .iter()
        .map(|a| format!("{}/{}", a.rule, a.subject))
        .collect();
    format!("{}: {}", triage.level, alerts.join(", "))
}

/// Triages the case's document and compares with the expected compact form. When the case
/// has check-ins, the newest one's triage follows: `"none | checkin green: G-MOOD/mood"`.
#[track_caller]
fn check(case: Case, expect: &str) {
    let triage = triage(&case.doc);
    assert_eq!(triage.ruleset, RULESET_VERSION);
    let mut got = render(&triage);
    if let Some(checkin) = triage_checkins(&case.checkins) {
        assert_eq!(checkin.ruleset, RULESET_VERSION);
        got = format!("{got} | checkin {}", render(&checkin));
    }
    assert_eq!(got, expect, "alerts: {:#?}", triage.alerts);
}

/// Triages the case's document and returns the alert of `rule`.
#[track_caller]
fn alert(case: Case, rule: &str) -> Alert {
    let triage = triage(&case.doc);
    triage
        .alerts
        .into_iter()
        .find(|a| a.rule == rule)
        .unwrap_or_else(|| panic!("{rule} did not fire"))
}

#[test]
fn empty_document_and_quiet_report() {
    check(case(), "none");
    check(case().now(r()), "none");
    check(
        case().now(r().rate(Fatigue, 0).stools(0).vomits(0).temp(36.8)),
        "none",
    );
}

#[test]
fn fever() {
    // No myelosuppressive therapy: 38.0 °C.
    check(case().now(r().temp(37.9)), "none");
    check(case().now(r().temp(38.0)), "red: R-FEVER/temperature");
    // Myelosuppressive therapy: 37.5 °C.
    check(case().on(Capecitabine).now(r().temp(37.4)), "none");
    check(
        case().on(Capecitabine).now(r().temp(37.5)),
        "red: R-FEVER/temperature",
    );
    // The reference's therapy table (v2): `other` counts, an unknown treatment gets the
    // safer threshold.
    for therapy in [
        Taxane,
        Eribulin,
        Anthracycline,
        Platinum,
        Vinorelbine,
        Gemcitabine,
        TDxd,
        TDm1,
        Sacituzumab,
        Cdk46Inhibitor,
        Abemaciclib,
        ParpInhibitor,
        Other,
    ] {
        check(
            case().on(therapy).now(r().temp(37.5)),
            "red: R-FEVER/temperature",
        );
        check(case().on(therapy).now(r().temp(37.4)), "none");
    }
    // Endocrine, HER2 antibodies, PI3K/AKT and checkpoint inhibitors do not lower it.
    for therapy in [
        Endocrine,
        Her2Antibody,
        Pi3kAktInhibitor,
        CheckpointInhibitor,
    ] {
        check(case().on(therapy).now(r().temp(37.9)), "none");
        check(
            case().on(therapy).now(r().temp(38.0)),
            "red: R-FEVER/temperature",
        );
    }
    // The team's threshold replaces both defaults.
    check(
        case().on(Taxane).fever_threshold(38.5).now(r().temp(38.4)),
        "none",
    );
    check(
        case().on(Taxane).fever_threshold(38.5).now(r().temp(38.5)),
        "red: R-FEVER/temperature",
    );
    check(
        case().fever_threshold(37.0).now(r().temp(37.0)),
        "red: R-FEVER/temperature",
    );
    check(case().fever_threshold(37.0).now(r().temp(36.9)), "none");
}

#[test]
fn hypothermia_and_rigors() {
    check(
        case().on(Taxane).now(r().temp(35.9)),
        "red: R-HYPOTHERMIA/temperature",
    );
    check(case().on(Taxane).now(r().temp(36.0)), "none");
    check(case().now(r().temp(35.0)), "none");
    check(case().on(Endocrine).now(r().temp(35.0)), "none");
    // v2: `other` is myelosuppressive, and so are the new classes of the table.
    for therapy in [Other, Sacituzumab, Vinorelbine, TDm1, ParpInhibitor] {
        check(
            case().on(therapy).now(r().temp(35.9)),
            "red: R-HYPOTHERMIA/temperature",
        );
        check(case().on(therapy).now(r().temp(36.0)), "none");
    }
    check(case().on(Pi3kAktInhibitor).now(r().temp(35.9)), "none");
    check(case().now(r().sign(Shivering)), "red: R-RIGORS/temperature");
    check(
        case().now(r().temp(38.2).sign(Shivering)),
        "red: R-FEVER/temperature, R-RIGORS/temperature",
    );
}

#[test]
fn cholangitis() {
    check(
        case().now(r().temp(38.0).rate(Jaundice, 1)),
        "red: R-FEVER/temperature, R-CHOLANGITIS/cholangitis, A-JAUNDICE-NEW/liver",
    );
    check(
        case().now(r().temp(38.0).rate(AbdominalPain, 2)),
        "red: R-FEVER/temperature, R-CHOLANGITIS/cholangitis, G-SELF-CARE/abdominal_pain",
    );
    check(
        case().now(r().temp(38.0).rate(AbdominalPain, 1)),
        "red: R-FEVER/temperature, G-SELF-CARE/abdominal_pain",
    );
    check(
        case().now(r().temp(38.0).rate(Jaundice, 0)),
        "red: R-FEVER/temperature",
    );
    // No fever, no cholangitis.
    check(
        case().now(r().temp(37.9).rate(Jaundice, 1)),
        "amber: A-JAUNDICE-NEW/liver",
    );
    // The fever rule is the profile's: 37.5 °C on capecitabine.
    check(
        case()
            .on(Capecitabine)
            .now(r().temp(37.5).rate(AbdominalPain, 3)),
        "red: R-FEVER/temperature, R-CHOLANGITIS/cholangitis, A-SEVERE/abdominal_pain",
    );
    let plain = alert(
        case().now(r().temp(38.0).rate(Jaundice, 1)),
        "R-CHOLANGITIS",
    );
    assert_eq!(plain.message_key, "alert.R-CHOLANGITIS");
    let stent = alert(
        case().stent().now(r().temp(38.0).rate(Jaundice, 1)),
        "R-CHOLANGITIS",
    );
    assert_eq!(stent.message_key, "alert.R-CHOLANGITIS.stent");
    assert_eq!(
        stent.detail,
        "temperature 38.0 °C ≥ 38.0 °C with jaundice 1 ≥ 1, biliary stent in place"
    );
}

#[test]
fn chest_breath_confusion() {
    check(case().now(r().sign(ChestPain)), "red: R-CHEST/chest");
    check(
        case().now(r().sign(BreathlessAtRest)),
        "red: R-BREATH/lungs",
    );
    check(
        case().now(r().rate(ShortnessOfBreath, 4)),
        "red: R-BREATH/lungs, A-SEVERE/lungs",
    );
    check(
        case().now(r().rate(ShortnessOfBreath, 4).sign(BreathlessAtRest)),
        "red: R-BREATH/lungs, A-SEVERE/lungs",
    );
    check(
        case().now(r().rate(ShortnessOfBreath, 3)),
        "amber: A-SEVERE/lungs",
    );
    check(
        case().now(r().sign(Confusion)),
        "red: R-CONFUSION/confusion",
    );
    // "New confusion" is the question's wording: it fires even if given yesterday too.
    check(
        case()
            .hours_ago(24, r().sign(Confusion))
            .now(r().sign(Confusion)),
        "red: R-CONFUSION/confusion",
    );
}

#[test]
fn bleeding() {
    check(
        case().now(r().sign(BlackStools)),
        "red: R-GI-BLEED/bleeding",
    );
    check(
        case().now(r().sign(BlackStools).sign(VomitingBlood)),
        "red: R-GI-BLEED/bleeding",
    );
    check(
        case().now(r().sign(UncontrolledBleeding)),
        "red: R-BLEED/bleeding",
    );
    check(
        case().now(r().sign(VomitingBlood).sign(UncontrolledBleeding)),
        "red: R-GI-BLEED/bleeding, R-BLEED/bleeding",
    );
    check(case().now(r().sign(Bruising)), "amber: A-BRUISING/bleeding");
    check(
        case().now(r().sign(Bruising).sign(UncontrolledBleeding)),
        "red: R-BLEED/bleeding, A-BRUISING/bleeding",
    );
}

#[test]
fn stomach() {
    check(case().now(r().vomits(0)), "none");
    check(case().now(r().vomits(1)), "green: G-SELF-CARE/stomach");
    check(case().now(r().vomits(2)), "amber: A-VOMIT/stomach");
    check(case().now(r().vomits(5)), "amber: A-VOMIT/stomach");
    check(case().now(r().vomits(6)), "red: R-FLUIDS/stomach");
    check(
        case().now(r().sign(UnableToKeepFluids)),
        "red: R-FLUIDS/stomach",
    );
    check(
        case().now(r().sign(UnableToKeepFluids).vomits(7)),
        "red: R-FLUIDS/stomach",
    );
    check(
        case().now(r().rate(Nausea, 2)),
        "green: G-SELF-CARE/stomach",
    );
    // Self-care stands back when the subject has an amber.
    check(
        case().now(r().rate(Nausea, 1).vomits(3)),
        "amber: A-VOMIT/stomach",
    );
    check(
        case().now(r().rate(Nausea, 1).vomits(1)),
        "green: G-SELF-CARE/stomach",
    );
}

#[test]
fn bowel() {
    check(case().now(r().stools(0)), "none");
    check(case().now(r().stools(1)), "green: G-SELF-CARE/bowel");
    check(case().now(r().stools(3)), "green: G-SELF-CARE/bowel");
    check(case().now(r().stools(4)), "amber: A-DIARRHOEA/bowel");
    check(case().now(r().stools(6)), "amber: A-DIARRHOEA/bowel");
    check(case().now(r().stools(7)), "red: R-DIARRHOEA/bowel");
    // Abemaciclib: any extra stool.
    check(case().on(Abemaciclib).now(r().stools(0)), "none");
    check(
        case().on(Abemaciclib).now(r().stools(1)),
        "amber: A-DIARRHOEA-ABEMA/bowel",
    );
    check(
        case().on(Abemaciclib).now(r().stools(5)),
        "amber: A-DIARRHOEA/bowel, A-DIARRHOEA-ABEMA/bowel",
    );
    check(
        case().on(Abemaciclib).now(r().stools(7)),
        "red: R-DIARRHOEA/bowel, A-DIARRHOEA-ABEMA/bowel",
    );
    // v2: palbociclib and ribociclib (cdk46_inhibitor) do not get the abemaciclib rule.
    check(
        case().on(Cdk46Inhibitor).now(r().stools(1)),
        "green: G-SELF-CARE/bowel",
    );
    check(
        case().on(Cdk46Inhibitor).now(r().stools(4)),
        "amber: A-DIARRHOEA/bowel",
    );
    let abema = alert(
        case().on(Abemaciclib).now(r().stools(2)),
        "A-DIARRHOEA-ABEMA",
    );
    assert_eq!(
        abema.advice_key.as_deref(),
        Some("advice.bowel_abemaciclib")
    );
}

#[test]
fn mouth_hand_foot_neuropathy() {
    check(
        case().now(r().rate(MouthSores, 4)),
        "red: R-MOUTH/mouth_sores, A-SEVERE/mouth_sores",
    );
    check(
        case().now(r().rate(MouthSores, 3)),
        "amber: A-SEVERE/mouth_sores",
    );
    check(
        case().now(r().rate(MouthSores, 2)),
        "green: G-SELF-CARE/mouth_sores",
    );
    check(
        case().on(Capecitabine).now(r().rate(MouthSores, 2)),
        "amber: A-MOUTH/mouth_sores",
    );
    check(
        case().on(Capecitabine).now(r().rate(MouthSores, 1)),
        "green: G-SELF-CARE/mouth_sores",
    );
    check(
        case().on(Capecitabine).now(r().rate(MouthSores, 4)),
        "red: R-MOUTH/mouth_sores, A-SEVERE/mouth_sores, A-MOUTH/mouth_sores",
    );
    check(
        case().on(Capecitabine).now(r().rate(HandFoot, 2)),
        "amber: A-HAND-FOOT/hand_foot",
    );
    check(
        case().on(Capecitabine).now(r().rate(HandFoot, 1)),
        "green: G-SELF-CARE/hand_foot",
    );
    check(
        case().now(r().rate(HandFoot, 2)),
        "green: G-SELF-CARE/hand_foot",
    );
    check(
        case().on(Taxane).now(r().rate(Numbness, 3)),
        "amber: A-SEVERE/numbness, A-NEUROPATHY/numbness",
    );
    check(
        case().on(Eribulin).now(r().rate(Numbness, 3)),
        "amber: A-SEVERE/numbness, A-NEUROPATHY/numbness",
    );
    check(
        case().on(Taxane).now(r().rate(Numbness, 2)),
        "green: G-SELF-CARE/numbness",
    );
    check(
        case().on(Capecitabine).now(r().rate(Numbness, 3)),
        "amber: A-SEVERE/numbness",
    );
}

#[test]
fn liver() {
    check(
        case().now(r().rate(Jaundice, 1)),
        "amber: A-JAUNDICE-NEW/liver",
    );
    check(case().now(r().rate(Jaundice, 0)), "none");
    // Not new: one report in the window had it (no baseline with one report).
    check(
        case()
            .hours_ago(24, r().rate(Jaundice, 1))
            .now(r().rate(Jaundice, 1)),
        "green: G-SELF-CARE/liver",
    );
    check(
        case()
            .hours_ago(24, r().rate(Jaundice, 1))
            .now(r().rate(Jaundice, 2)),
        "green: G-SELF-CARE/liver",
    );
    // New: the window had it only at 0.
    check(
        case()
            .hours_ago(48, r().rate(Jaundice, 0))
            .hours_ago(24, r().rate(Jaundice, 0))
            .now(r().rate(Jaundice, 1)),
        "amber: A-JAUNDICE-NEW/liver",
    );
    // Risen 1 above a baseline of two reports.
    check(
        case()
            .hours_ago(48, r().rate(Jaundice, 1))
            .hours_ago(24, r().rate(Jaundice, 1))
            .now(r().rate(Jaundice, 2)),
        "amber: A-JAUNDICE-NEW/liver",
    );
    // Baseline 1.5: risen 0.5 only.
    check(
        case()
            .hours_ago(48, r().rate(Jaundice, 1))
            .hours_ago(24, r().rate(Jaundice, 2))
            .now(r().rate(Jaundice, 2)),
        "green: G-SELF-CARE/liver",
    );
    check(
        case().now(r().sign(DarkUrine)),
        "amber: A-CHOLESTASIS/liver",
    );
    check(
        case().now(r().sign(DarkUrine).sign(PaleStools)),
        "amber: A-CHOLESTASIS/liver",
    );
    // Two signs of one problem stay one amber subject.
    check(
        case().now(r().sign(PaleStools).rate(Jaundice, 1)),
        "amber: A-JAUNDICE-NEW/liver, A-CHOLESTASIS/liver",
    );
    check(
        case().now(r().rate(Jaundice, 1).sign(Confusion)),
        "red: R-CONFUSION/confusion, R-JAUNDICE-PLUS/liver, A-JAUNDICE-NEW/liver",
    );
    check(
        case().now(r().rate(Jaundice, 0).sign(Confusion)),
        "red: R-CONFUSION/confusion",
    );
    check(
        case()
            .hours_ago(24, r().rate(Jaundice, 2))
            .now(r().rate(Jaundice, 2).sign(UncontrolledBleeding)),
        "red: R-BLEED/bleeding, R-JAUNDICE-PLUS/liver",
    );
}

#[test]
fn fluid() {
    check(
        case()
            .hours_ago(48, r().rate(AbdominalSwelling, 1))
            .hours_ago(24, r().rate(AbdominalSwelling, 1))
            .now(r().rate(AbdominalSwelling, 2)),
        "amber: A-ASCITES/fluid",
    );
    check(
        case()
            .hours_ago(48, r().rate(AbdominalSwelling, 0))
            .hours_ago(24, r().rate(AbdominalSwelling, 0))
            .now(r().rate(AbdominalSwelling, 2)),
        "amber: A-ASCITES/fluid, A-WORSE/fluid",
    );
    // One earlier report: no baseline.
    check(
        case()
            .hours_ago(24, r().rate(AbdominalSwelling, 0))
            .now(r().rate(AbdominalSwelling, 2)),
        "green: G-SELF-CARE/fluid",
    );
    check(
        case()
            .hours_ago(48, r().rate(AbdominalSwelling, 2))
            .hours_ago(24, r().rate(AbdominalSwelling, 2))
            .now(r().rate(AbdominalSwelling, 2)),
        "green: G-SELF-CARE/fluid",
    );
    // Below 2, a rise does not count.
    check(
        case()
            .hours_ago(48, r().rate(AbdominalSwelling, 0))
            .hours_ago(24, r().rate(AbdominalSwelling, 0))
            .now(r().rate(AbdominalSwelling, 1)),
        "green: G-SELF-CARE/fluid",
    );
    // Weight: 2.0 kg above the lowest weight in the window.
    check(
        case()
            .hours_ago(48, r().weight(64.0))
            .hours_ago(24, r().weight(65.0))
            .now(r().weight(66.0)),
        "amber: A-ASCITES/fluid",
    );
    check(
        case()
            .hours_ago(48, r().weight(64.0))
            .hours_ago(24, r().weight(65.0))
            .now(r().weight(65.9)),
        "none",
    );
    check(case().now(r().weight(80.0)), "none");
    check(
        case()
            .hours_ago(168, r().weight(64.1))
            .now(r().weight(66.1)),
        "amber: A-ASCITES/fluid",
    );
    check(
        case()
            .seconds_ago(168 * 3600 + 1, r().weight(64.1))
            .now(r().weight(66.1)),
        "none",
    );
}

#[test]
fn severe_and_worse() {
    check(case().now(r().rate(Fatigue, 3)), "amber: A-SEVERE/fatigue");
    check(case().now(r().rate(Fatigue, 4)), "amber: A-SEVERE/fatigue");
    check(
        case().now(r().rate(Fatigue, 2)),
        "green: G-SELF-CARE/fatigue",
    );
    // One alert per subject.
    check(
        case().now(r().rate(Cough, 3).rate(ShortnessOfBreath, 3)),
        "amber: A-SEVERE/lungs",
    );
    // Two subjects escalate.
    check(
        case().now(r().rate(Fatigue, 3).rate(Pain, 3)),
        "red: R-TWO-AMBER/escalation, A-SEVERE/fatigue, A-SEVERE/pain",
    );
    check(
        case()
            .hours_ago(48, r().rate(Pain, 1))
            .hours_ago(24, r().rate(Pain, 1))
            .now(r().rate(Pain, 3)),
        "amber: A-SEVERE/pain, A-WORSE/pain",
    );
    check(
        case()
            .hours_ago(48, r().rate(Pain, 0))
            .hours_ago(24, r().rate(Pain, 0))
            .now(r().rate(Pain, 2)),
        "amber: A-WORSE/pain",
    );
    // A baseline with 1 report does not exist; with 2 it does.
    check(
        case()
            .hours_ago(24, r().rate(Pain, 0))
            .now(r().rate(Pain, 2)),
        "green: G-SELF-CARE/pain",
    );
    // Median of an even count: mean of the two middle values.
    check(
        case()
            .hours_ago(48, r().rate(Pain, 0))
            .hours_ago(24, r().rate(Pain, 1))
            .now(r().rate(Pain, 2)),
        "green: G-SELF-CARE/pain",
    );
    check(
        case()
            .hours_ago(72, r().rate(Pain, 0))
            .hours_ago(48, r().rate(Pain, 0))
            .hours_ago(24, r().rate(Pain, 1))
            .now(r().rate(Pain, 2)),
        "amber: A-WORSE/pain",
    );
    check(
        case()
            .hours_ago(96, r().rate(Pain, 0))
            .hours_ago(72, r().rate(Pain, 0))
            .hours_ago(48, r().rate(Pain, 1))
            .hours_ago(24, r().rate(Pain, 1))
            .now(r().rate(Pain, 2)),
        "green: G-SELF-CARE/pain",
    );
    // Reports that did not ask the item do not make a baseline.
    check(
        case()
            .hours_ago(48, r().rate(Pain, 0))
            .hours_ago(24, r().rate(Fatigue, 0))
            .now(r().rate(Pain, 2)),
        "green: G-SELF-CARE/pain",
    );
    // Rise of 2 from 1 to 3 on the lungs: severe and worse on one subject.
    check(
        case()
            .hours_ago(48, r().rate(Cough, 1))
            .hours_ago(24, r().rate(Cough, 1))
            .now(r().rate(Cough, 3)),
        "amber: A-SEVERE/lungs, A-WORSE/lungs",
    );
}

#[test]
fn pneumonitis() {
    check(
        case().on(TDxd).now(r().rate(Cough, 1)),
        "amber: A-PNEUMONITIS/lungs",
    );
    check(
        case()
            .on(CheckpointInhibitor)
            .now(r().rate(ShortnessOfBreath, 1)),
        "amber: A-PNEUMONITIS/lungs",
    );
    check(
        case().on(Cdk46Inhibitor).now(r().rate(Cough, 2)),
        "amber: A-PNEUMONITIS/lungs",
    );
    check(case().now(r().rate(Cough, 1)), "green: G-SELF-CARE/lungs");
    check(
        case().on(Capecitabine).now(r().rate(Cough, 1)),
        "green: G-SELF-CARE/lungs",
    );
    check(case().on(TDxd).now(r().rate(Cough, 0)), "none");
    // Not new.
    check(
        case()
            .on(TDxd)
            .hours_ago(24, r().rate(Cough, 1))
            .now(r().rate(Cough, 1)),
        "green: G-SELF-CARE/lungs",
    );
    // Each item on its own: an old cough, a new breathlessness.
    check(
        case()
            .on(TDxd)
            .hours_ago(24, r().rate(Cough, 1))
            .now(r().rate(Cough, 1).rate(ShortnessOfBreath, 1)),
        "amber: A-PNEUMONITIS/lungs",
    );
}

#[test]
fn self_care_and_weight_loss() {
    check(
        case().now(r().rate(Fatigue, 1).rate(Pain, 2).rate(Itching, 1)),
        "green: G-SELF-CARE/fatigue, G-SELF-CARE/pain, G-SELF-CARE/itching",
    );
    check(
        case().now(r().rate(Cough, 1).rate(ShortnessOfBreath, 3)),
        "amber: A-SEVERE/lungs",
    );
    check(
        case().on(Abemaciclib).now(r().stools(2)),
        "amber: A-DIARRHOEA-ABEMA/bowel",
    );
    let advice = alert(case().now(r().rate(Itching, 1)), "G-SELF-CARE");
    assert_eq!(advice.advice_key.as_deref(), Some("advice.itching"));
    assert_eq!(advice.message_key, "alert.G-SELF-CARE");
    check(
        case().baseline_weight(64.0).now(r().weight(60.8)),
        "green: G-WEIGHT-LOSS/weight",
    );
    check(case().baseline_weight(64.0).now(r().weight(60.9)), "none");
    check(case().now(r().weight(40.0)), "none");
}

#[test]
fn escalation_and_order() {
    check(
        case().now(r().vomits(2).sign(DarkUrine)),
        "red: R-TWO-AMBER/escalation, A-CHOLESTASIS/liver, A-VOMIT/stomach",
    );
    // A red and one amber: no escalation needed, none added.
    check(
        case().now(r().temp(38.5).vomits(3)),
        "red: R-FEVER/temperature, A-VOMIT/stomach",
    );
    check(
        case().now(r().temp(38.5).vomits(3).rate(Fatigue, 1)),
        "red: R-FEVER/temperature, A-VOMIT/stomach, G-SELF-CARE/fatigue",
    );
    let t = triage(&case().now(r().vomits(2).sign(DarkUrine)).doc);
    assert_eq!(
        t.alerts[0].detail,
        "amber alerts on 2 subjects (liver, stomach) ≥ 2"
    );
}

#[test]
fn window_edges() {
    // Exactly 168 h earlier is inside the window: jaundice is not new.
    check(
        case()
            .hours_ago(168, r().rate(Jaundice, 1))
            .now(r().rate(Jaundice, 1)),
        "green: G-SELF-CARE/liver",
    );
    // 168 h and 1 s earlier is outside: jaundice is new.
    check(
        case()
            .seconds_ago(168 * 3600 + 1, r().rate(Jaundice, 1))
            .now(r().rate(Jaundice, 1)),
        "amber: A-JAUNDICE-NEW/liver",
    );
    // The same instant in another offset, 168 h earlier: inside.
    check(
        case()
            .now(r().at("2026-11-13T03:30:00Z").rate(Jaundice, 1))
            .now(r().rate(Jaundice, 1)),
        "green: G-SELF-CARE/liver",
    );
    // A report at the same instant as the triaged one is outside the window.
    check(
        case()
            .now(r().rate(Jaundice, 1))
            .now(r().at("2026-11-20T03:30:00Z").rate(Jaundice, 1)),
        "amber: A-JAUNDICE-NEW/liver",
    );
}

#[test]
fn latest_report_is_triaged() {
    // On a tie, the later one in the document.
    check(
        case()
            .now(r().sign(ChestPain))
            .now(r().at("2026-11-20T03:30:00Z")),
        "none",
    );
    check(
        case()
            .now(r().at("2026-11-20T03:30:00Z"))
            .now(r().sign(ChestPain)),
        "red: R-CHEST/chest",
    );
    // Instants, not wall clocks: 09:00+05:00 is earlier than 08:00+03:00.
    check(
        case()
            .now(r().at("2026-11-20T08:00:00+03:00").sign(ChestPain))
            .now(r().at("2026-11-20T09:00:00+05:00")),
        "red: R-CHEST/chest",
    );
}

#[test]
fn triage_report_ignores_the_target_and_later_reports_in_history() {
    let target = r().rate(Jaundice, 1).0;
    let later = r().at("2026-11-21T08:30:00+05:00").rate(Jaundice, 1).0;
    let history = vec![target.clone(), later];
    let t = triage_report(&Profile::default(), &history, &[], &target);
    assert_eq!(render(&t), "amber: A-JAUNDICE-NEW/liver");
}

#[test]
fn labs_bilirubin_and_enzymes() {
    let bili = |v: f64| case().now(r()).lab(lab(Bilirubin, v, UmolPerL).uln(21.0));
    check(bili(21.0), "none");
    check(bili(21.1), "green: G-LAB/labs");
    check(bili(31.5), "green: G-LAB/labs");
    check(bili(63.0), "green: G-LAB/labs");
    check(bili(63.1), "amber: A-LAB/labs");
    check(bili(210.0), "amber: A-LAB/labs");
    check(bili(211.0), "amber: A-LAB/labs");
    // mg/dL: the same ratios.
    let mg = |v: f64| case().now(r()).lab(lab(Bilirubin, v, MgPerDl).uln(1.2));
    check(mg(3.6), "green: G-LAB/labs");
    check(mg(3.7), "amber: A-LAB/labs");
    let alt = |v: f64| case().now(r()).lab(lab(Alt, v, UPerL).uln(40.0));
    check(alt(40.0), "none");
    check(alt(41.0), "green: G-LAB/labs");
    check(alt(120.0), "green: G-LAB/labs");
    check(alt(200.0), "green: G-LAB/labs");
    check(alt(201.0), "amber: A-LAB/labs");
    let ast = |v: f64| case().now(r()).lab(lab(Ast, v, UPerL).uln(35.0));
    check(ast(175.0), "green: G-LAB/labs");
    check(ast(176.0), "amber: A-LAB/labs");
    let alp = |v: f64| case().now(r()).lab(lab(Alp, v, UPerL).uln(120.0));
    check(alp(120.0), "none");
    check(alp(300.0), "green: G-LAB/labs");
    check(alp(600.0), "green: G-LAB/labs");
    check(alp(601.0), "amber: A-LAB/labs");
}

#[test]
fn labs_baseline_above_uln() {
    // ALT, ULN 40, baseline 80: graded on multiples of 80.
    let alt = |v: f64, base: f64| case().now(r()).lab(lab(Alt, v, UPerL).uln(40.0).base(base));
    check(alt(119.0, 80.0), "none");
    check(alt(120.0, 80.0), "green: G-LAB/labs");
    check(alt(240.0, 80.0), "green: G-LAB/labs");
    check(alt(400.0, 80.0), "green: G-LAB/labs");
    check(alt(401.0, 80.0), "amber: A-LAB/labs");
    // A baseline at ULN is not above it: ULN grading (240 = 6 × ULN, grade 3).
    check(alt(240.0, 40.0), "amber: A-LAB/labs");
    let bili = |v: f64| {
        case()
            .now(r())
            .lab(lab(Bilirubin, v, UmolPerL).uln(21.0).base(30.0))
    };
    check(bili(30.0), "none");
    check(bili(45.0), "green: G-LAB/labs");
    check(bili(90.0), "green: G-LAB/labs");
    check(bili(91.0), "amber: A-LAB/labs");
    let alp = |v: f64| {
        case()
            .now(r())
            .lab(lab(Alp, v, UPerL).uln(120.0).base(200.0))
    };
    check(alp(390.0), "none");
    check(alp(400.0), "green: G-LAB/labs");
    check(alp(1000.0), "green: G-LAB/labs");
    check(alp(1001.0), "amber: A-LAB/labs");
}

#[test]
fn labs_low_counts() {
    let albumin = |v: f64| case().now(r()).lab(lab(Albumin, v, GPerL).lln(35.0));
    check(albumin(35.0), "none");
    check(albumin(34.9), "green: G-LAB/labs");
    check(albumin(30.0), "green: G-LAB/labs");
    check(albumin(29.9), "green: G-LAB/labs");
    check(albumin(20.0), "green: G-LAB/labs");
    check(albumin(19.9), "amber: A-LAB/labs");
    let dl = |v: f64| case().now(r()).lab(lab(Albumin, v, GPerDl).lln(3.5));
    check(dl(3.5), "none");
    check(dl(2.0), "green: G-LAB/labs");
    check(dl(1.99), "amber: A-LAB/labs");
    // A baseline on albumin is ignored.
    check(
        case()
            .now(r())
            .lab(lab(Albumin, 19.0, GPerL).lln(35.0).base(18.0)),
        "amber: A-LAB/labs",
    );
    let platelets = |v: f64| case().now(r()).lab(lab(Platelets, v, E9PerL).lln(150.0));
    check(platelets(150.0), "none");
    check(platelets(149.0), "green: G-LAB/labs");
    check(platelets(75.0), "green: G-LAB/labs");
    check(platelets(50.0), "green: G-LAB/labs");
    check(platelets(49.9), "amber: A-LAB/labs");
    check(platelets(24.9), "amber: A-LAB/labs");
    check(
        case()
            .now(r())
            .lab(lab(Platelets, 49.0, E3PerUl).lln(150.0)),
        "amber: A-LAB/labs",
    );
    // Not below the lab's own LLN: not graded.
    check(
        case().now(r()).lab(lab(Platelets, 72.0, E9PerL).lln(70.0)),
        "none",
    );
    let neutrophils = |v: f64| case().now(r()).lab(lab(Neutrophils, v, E9PerL).lln(2.0));
    check(neutrophils(2.0), "none");
    check(neutrophils(1.5), "green: G-LAB/labs");
    check(neutrophils(1.0), "green: G-LAB/labs");
    check(neutrophils(0.99), "amber: A-LAB/labs");
    check(neutrophils(0.49), "amber: A-LAB/labs");
}

#[test]
fn labs_hys_law() {
    let pair = |alt_v: f64, bili_v: f64, bili_day: i64| {
        case().now(r()).lab(lab(Alt, alt_v, UPerL).uln(40.0)).lab(
            lab(Bilirubin, bili_v, UmolPerL)
                .uln(21.0)
                .days_before(bili_day),
        )
    };
    check(pair(121.0, 43.0, 0), "amber: A-LAB/labs, G-LAB/labs");
    check(pair(120.0, 43.0, 0), "green: G-LAB/labs");
    check(pair(121.0, 42.0, 0), "green: G-LAB/labs");
    check(pair(121.0, 43.0, 1), "green: G-LAB/labs");
    // Hy's law compares with ULN even when a baseline is above it.
    check(
        case()
            .now(r())
            .lab(lab(Ast, 130.0, UPerL).uln(40.0).base(100.0))
            .lab(lab(Bilirubin, 43.0, UmolPerL).uln(21.0)),
        "amber: A-LAB/labs, G-LAB/labs",
    );
    let hy = alert(pair(121.0, 43.0, 0), "A-LAB");
    assert_eq!(
        hy.detail,
        "Hy's law: ALT 121 U/L = 3.025 × ULN > 3 and bilirubin 43 umol/L = 2.048 × ULN > 2, both on 2026-11-20"
    );
}

#[test]
fn labs_window_and_units() {
    let g4 = lab(Bilirubin, 211.0, UmolPerL).uln(21.0);
    check(
        case().now(r()).lab(g4.clone().days_before(7)),
        "amber: A-LAB/labs",
    );
    check(case().now(r()).lab(g4.clone().days_before(8)), "none");
    check(case().now(r()).lab(g4.clone().days_before(-1)), "none");
    // D is the report's date in its own offset: 01:00 at +05:00 is 19 Nov in UTC.
    check(
        case()
            .now(r().at("2026-11-20T01:00:00+05:00"))
            .lab(g4.clone().on("2026-11-20")),
        "amber: A-LAB/labs",
    );
    check(
        case()
            .now(r().at("2026-11-20T01:00:00+05:00"))
            .lab(g4.clone().on("2026-11-12")),
        "none",
    );
    // A unit that belongs to another test is never guessed.
    check(
        case().now(r()).lab(lab(Bilirubin, 211.0, UPerL).uln(21.0)),
        "none",
    );
    // A lab escalates with an amber on another subject.
    check(
        case()
            .now(r().vomits(3))
            .lab(lab(Platelets, 40.0, E9PerL).lln(150.0)),
        "red: R-TWO-AMBER/escalation, A-VOMIT/stomach, A-LAB/labs",
    );
}

#[test]
fn lab_grades_directly() {
    let grade_of = |l: L| labs::grade(&l.0).map(|g| g.grade);
    // 63/21 is exactly 3.0 with the tolerance.
    assert_eq!(grade_of(lab(Bilirubin, 63.0, UmolPerL).uln(21.0)), Some(2));
    assert_eq!(grade_of(lab(Bilirubin, 0.3, MgPerDl).uln(0.1)), Some(2));
    assert_eq!(
        grade_of(lab(Alt, 81.0, UPerL).uln(40.0).base(81.0 / 1.5)),
        Some(1)
    );
    assert_eq!(grade_of(lab(Albumin, 19.9, GPerL).lln(35.0)), Some(3));
    assert_eq!(grade_of(lab(Platelets, 24.0, E9PerL).lln(150.0)), Some(4));
    assert_eq!(grade_of(lab(Neutrophils, 0.4, E3PerUl).lln(2.0)), Some(4));
    assert_eq!(grade_of(lab(Alt, 81.0, UPerL)), None);
    assert_eq!(grade_of(lab(Alt, 81.0, MgPerDl).uln(40.0)), None);
    assert_eq!(
        labs::to_canonical(Bilirubin, MgPerDl, 2.0),
        Some(2.0 * 17.1)
    );
    assert_eq!(labs::to_canonical(Albumin, GPerDl, 3.2), Some(32.0));
    assert_eq!(labs::to_canonical(Platelets, E3PerUl, 150.0), Some(150.0));
}

#[test]
fn details_name_the_numbers() {
    let fever = alert(case().on(Capecitabine).now(r().temp(37.8)), "R-FEVER");
    assert_eq!(
        fever.detail,
        "temperature 37.8 °C ≥ 37.5 °C (threshold on myelosuppressive therapy)"
    );
    assert_eq!(fever.message_key, "alert.R-FEVER");
    assert_eq!(fever.advice_key, None);
    assert_eq!(
        alert(case().now(r().stools(7)), "R-DIARRHOEA").detail,
        "7 stools above usual ≥ 7"
    );
    assert_eq!(
        alert(
            case()
                .now(r())
                .lab(lab(Bilirubin, 42.0, UmolPerL).uln(21.0).on("2026-11-18")),
            "G-LAB"
        )
        .detail,
        "bilirubin 42 umol/L = 2.0 × ULN 21 (grade 2) on 2026-11-18"
    );
    assert_eq!(
        alert(
            case()
                .now(r())
                .lab(lab(Albumin, 1.9, GPerDl).lln(3.5).on("2026-11-18")),
            "A-LAB"
        )
        .detail,
        "albumin 1.9 g/dL = 19 g/L below LLN 3.5 g/dL (grade 3) on 2026-11-18"
    );
    assert_eq!(
        alert(
            case()
                .now(r())
                .lab(lab(Alt, 240.0, UPerL).uln(40.0).base(80.0)),
            "G-LAB"
        )
        .detail,
        "ALT 240 U/L = 3.0 × baseline 80 (baseline above ULN 40; grade 1) on 2026-11-20"
    );
    assert_eq!(
        alert(
            case()
                .hours_ago(48, r().rate(Pain, 0))
                .hours_ago(24, r().rate(Pain, 1))
                .hours_ago(12, r().rate(Pain, 0))
                .now(r().rate(Pain, 2)),
            "A-WORSE"
        )
        .detail,
        "pain 2, baseline 0 (3 reports), risen 2 ≥ 2"
    );
    assert_eq!(
        alert(
            case().baseline_weight(64.0).now(r().weight(60.0)),
            "G-WEIGHT-LOSS"
        )
        .detail,
        "weight 60.0 kg ≤ 95 % of baseline weight 64.0 kg (60.8 kg)"
    );
    // Two items of one subject: one alert, both named.
    assert_eq!(
        alert(
            case().now(r().rate(Cough, 3).rate(ShortnessOfBreath, 4)),
            "A-SEVERE"
        )
        .detail,
        "shortness of breath 4 (very severe) ≥ 3; cough 3 (severe) ≥ 3"
    );
}

#[test]
fn no_report_alert_after_72_hours() {
    let last = t0();
    let utc = |d: Duration| (last + d).with_timezone(&Utc);
    assert_eq!(
        no_report_alert(Some(last), utc(Duration::hours(72)), false),
        None
    );
    assert_eq!(
        no_report_alert(
            Some(last),
            utc(Duration::hours(72) - Duration::seconds(1)),
            true
        ),
        None
    );
    let a = no_report_alert(Some(last), utc(Duration::hours(72)), true).unwrap();
    assert_eq!(a.rule, "A-NO-REPORT");
    assert_eq!(a.level, Level::Amber);
    assert_eq!(a.subject, "reporting");
    assert_eq!(a.message_key, "alert.A-NO-REPORT");
    assert!(a.detail.starts_with("no report for 3 days 0 h"));
    assert_eq!(no_report_alert(None, utc(Duration::hours(100)), true), None);
    assert_eq!(
        no_report_alert(Some(last), utc(-Duration::hours(100)), true),
        None
    );
}

#[test]
fn triage_serializes_as_the_check_contract() {
    let t = triage(&case().now(r().stools(5)).doc);
    let json = serde_json::to_value(&t).unwrap();
    assert_eq!(json["level"], "amber");
    assert_eq!(json["ruleset"], "2");
    assert_eq!(json["alerts"][0]["rule"], "A-DIARRHOEA");
    assert_eq!(json["alerts"][0]["level"], "amber");
    assert_eq!(json["alerts"][0]["subject"], "bowel");
    let empty = serde_json::to_value(triage(&Document::default())).unwrap();
    assert_eq!(
        empty,
        serde_json::json!({"level": "none", "ruleset": "2", "alerts": []})
    );
}

#[test]
fn rule_table_is_complete_and_consistent() {
    // The table lists the rules in RuleId's order, so `rule(id)` finds every id's row.
    assert_eq!(RULES.len(), RuleId::ALL.len());
    for (row, id) in RULES.iter().zip(RuleId::ALL) {
        assert_eq!(
            row.id, *id,
            "RULES and RuleId::ALL are not in the same order"
        );
        assert_eq!(rule(*id).id, *id);
    }
    let mut ids: Vec<&str> = RULES.iter().map(|r| r.id.as_str()).collect();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "a rule id is listed twice");
    // Levels are in order: red, then amber, then green.
    assert!(RULES.windows(2).all(|w| w[0].level >= w[1].level));
    for rule in RULES {
        let prefix = match rule.level {
            Level::Red => "R-",
            Level::Amber => "A-",
            _ => "G-",
        };
        assert!(rule.id.as_str().starts_with(prefix), "{}", rule.id);
        assert!(
            rule.reference.starts_with(REFERENCE_CITE) && rule.reference.contains(rule.id.as_str()),
            "{}",
            rule.id
        );
        assert!(!rule.subjects.is_empty() && !rule.condition.is_empty() && !rule.source.is_empty());
    }
    // Every rating's subject is among the subjects a rating rule can be about.
    for item in Rating::ALL {
        let subject = rating_subject(*item);
        assert!(rule(RuleId::ASevere).subjects.contains(&subject), "{item}");
        assert!(
            rule(RuleId::GSelfCare).subjects.contains(&subject),
            "{item}"
        );
    }
    // The clinical reference lies beside the repository. Without it the citations cannot
    // be checked: say so, and under CI fail instead of passing.
    let reference = std::path::Path::new(
        &std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    )
    .join("../../../shared/clinical/warning-signs-v2.md");
    let text = match std::fs::read_to_string(reference) {
        Ok(text) => text,
        Err(e) => {
            let ci = std::env::var("CI").is_ok_and(|v| v == "true");
            assert!(
                !ci,
                "the clinical reference ../shared/clinical/warning-signs-v2.md is not beside the repository ({e}); CI needs it to check the rule citations"
            );
            println!(
                "skipped: the clinical reference ../shared/clinical/warning-signs-v2.md is not beside the repository ({e}); rule citations not checked"
            );
            return;
        }
    };
    // Every rule cites the line of the reference that defines it.
    let lines: Vec<&str> = text.lines().collect();
    for rule in RULES {
        let n: usize = rule.reference[REFERENCE_CITE.len()..]
            .split(':')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{}: no line number in {:?}", rule.id, rule.reference));
        let line = lines.get(n - 1).copied().unwrap_or("");
        assert!(
            line.starts_with(&format!("| {} |", rule.id))
                || line.starts_with(&format!("- {}:", rule.id)),
            "{} cites line {n}, which is {line:?}",
            rule.id
        );
    }
    // Every rule id the reference names is in the table, and every table id is in it.
    for rule in RULES {
        assert!(
            text.contains(rule.id.as_str()),
            "{} is not in the reference",
            rule.id
        );
    }
    for word in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')) {
        let looks_like_id = word.len() > 2
            && (word.starts_with("R-") || word.starts_with("A-") || word.starts_with("G-"))
            && word[2..]
                .chars()
                .all(|c| c.is_ascii_uppercase() || c == '-');
        if looks_like_id {
            assert!(RuleId::parse(word).is_some(), "{word} is not in RULES");
        }
    }
}

/// How every rule's `reference` begins: the v2 reference's file name and "line".
const REFERENCE_CITE: &str = "warning-signs-v2.md line ";

#[test]
fn rules_doc_matches_the_table() {
    let path = std::path::Path::new(
        &std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    )
    .join("../../docs/rules.md");
    let generated = rules_markdown();
    if std::env::var("DIARY_BLESS").as_deref() == Ok("1") {
        std::fs::write(&path, &generated).unwrap();
    }
    let written = std::fs::read_to_string(path).expect("docs/rules.md exists");
    for rule in RULES {
        assert!(
            written.contains(rule.id.as_str()),
            "{} is not in docs/rules.md",
            rule.id
        );
    }
    assert_eq!(
        written, generated,
        "docs/rules.md is stale: run DIARY_BLESS=1 cargo test -p diary-core rules_doc"
    );
}

// ---- Ruleset v2: the new rules on reports, each at its boundaries. ----

#[test]
fn skin_v2() {
    // R-SKIN: blisters or peeling skin, whatever the therapy.
    check(case().now(r().sign(SkinBlisters)), "red: R-SKIN/skin");
    check(
        case()
            .on(Endocrine)
            .now(r().sign(SkinBlisters).rate(Rash, 4)),
        "red: R-SKIN/skin, A-SEVERE/skin",
    );
    // A-RASH: rash ≥ 2 on a checkpoint inhibitor or a PI3K/AKT inhibitor.
    check(
        case().on(CheckpointInhibitor).now(r().rate(Rash, 2)),
        "amber: A-RASH/skin",
    );
    check(
        case().on(Pi3kAktInhibitor).now(r().rate(Rash, 2)),
        "amber: A-RASH/skin",
    );
    check(
        case().on(Pi3kAktInhibitor).now(r().rate(Rash, 1)),
        "green: G-SELF-CARE/skin",
    );
    check(
        case().on(CheckpointInhibitor).now(r().rate(Rash, 0)),
        "none",
    );
    check(
        case().on(Capecitabine).now(r().rate(Rash, 2)),
        "green: G-SELF-CARE/skin",
    );
    check(case().now(r().rate(Rash, 2)), "green: G-SELF-CARE/skin");
    check(case().now(r().rate(Rash, 3)), "amber: A-SEVERE/skin");
    check(
        case().on(CheckpointInhibitor).now(r().rate(Rash, 3)),
        "amber: A-RASH/skin, A-SEVERE/skin",
    );
    check(case().now(r().sign(Bruising)), "amber: A-BRUISING/bleeding");
    let skin = alert(case().now(r().rate(Rash, 1)), "G-SELF-CARE");
    assert_eq!(skin.advice_key.as_deref(), Some("advice.skin"));
}

#[test]
fn bowel_v2_sacituzumab_and_immunotherapy() {
    // A-DIARRHOEA-SACI: the first loose stool.
    check(case().on(Sacituzumab).now(r().stools(0)), "none");
    check(
        case().on(Sacituzumab).now(r().stools(1)),
        "amber: A-DIARRHOEA-SACI/bowel",
    );
    check(
        case().on(Sacituzumab).now(r().stools(4)),
        "amber: A-DIARRHOEA/bowel, A-DIARRHOEA-SACI/bowel",
    );
    check(
        case().on(Sacituzumab).now(r().stools(7)),
        "red: R-DIARRHOEA/bowel, A-DIARRHOEA-SACI/bowel",
    );
    // A-COLITIS-ICI: the first loose stool on a checkpoint inhibitor.
    check(case().on(CheckpointInhibitor).now(r().stools(0)), "none");
    check(
        case().on(CheckpointInhibitor).now(r().stools(1)),
        "amber: A-COLITIS-ICI/bowel",
    );
    check(
        case().on(CheckpointInhibitor).now(r().stools(6)),
        "amber: A-DIARRHOEA/bowel, A-COLITIS-ICI/bowel",
    );
    check(
        case().on(Her2Antibody).now(r().stools(1)),
        "green: G-SELF-CARE/bowel",
    );
    // Several drugs: every rule that fires is listed, still one subject.
    check(
        case()
            .on(Abemaciclib)
            .on(CheckpointInhibitor)
            .now(r().stools(1)),
        "amber: A-DIARRHOEA-ABEMA/bowel, A-COLITIS-ICI/bowel",
    );
    // With checkpoint_inhibitor listed, no advice suggests anti-diarrhoea medicine.
    for case in [
        case().on(CheckpointInhibitor).now(r().stools(1)),
        case().on(CheckpointInhibitor).now(r().stools(5)),
        case()
            .on(CheckpointInhibitor)
            .on(Abemaciclib)
            .now(r().stools(2)),
        case()
            .on(CheckpointInhibitor)
            .on(Sacituzumab)
            .now(r().stools(2)),
    ] {
        let t = triage(&case.doc);
        assert!(!t.alerts.is_empty());
        for a in &t.alerts {
            assert_ne!(a.advice_key.as_deref(), Some("advice.bowel"), "{}", a.rule);
            assert_ne!(
                a.advice_key.as_deref(),
                Some("advice.bowel_abemaciclib"),
                "{}",
                a.rule
            );
        }
    }
    assert_eq!(
        alert(
            case().on(CheckpointInhibitor).now(r().stools(1)),
            "A-COLITIS-ICI"
        )
        .advice_key
        .as_deref(),
        Some("advice.bowel_ici")
    );
    assert_eq!(
        advice_for(&Profile::default(), Subject::Bowel),
        Some("advice.bowel")
    );
    // A-BLOOD-STOOL: red blood in the stools.
    check(
        case().now(r().sign(BloodInStool)),
        "amber: A-BLOOD-STOOL/bleeding",
    );
    check(
        case().now(r().sign(BloodInStool).sign(Bruising)),
        "amber: A-BLOOD-STOOL/bleeding, A-BRUISING/bleeding",
    );
    check(
        case().now(r().sign(BloodInStool).sign(BlackStools)),
        "red: R-GI-BLEED/bleeding, A-BLOOD-STOOL/bleeding",
    );
    check(
        case().now(r().sign(BloodInStool).sign(DarkUrine)),
        "red: R-TWO-AMBER/escalation, A-CHOLESTASIS/liver, A-BLOOD-STOOL/bleeding",
    );
}

#[test]
fn early_hepatic_encephalopathy_and_thirst() {
    for sign in [DayNightReversal, NewForgetfulness, HandFlap] {
        check(case().now(r().sign(sign)), "amber: A-EARLY-HE/confusion");
        // "New" is the question's wording: it fires whenever the sign is given.
        check(
            case().hours_ago(24, r().sign(sign)).now(r().sign(sign)),
            "amber: A-EARLY-HE/confusion",
        );
    }
    check(
        case().now(r().sign(DayNightReversal).sign(HandFlap)),
        "amber: A-EARLY-HE/confusion",
    );
    // Beside R-CONFUSION, both are listed; one subject.
    check(
        case().now(r().sign(Confusion).sign(NewForgetfulness)),
        "red: R-CONFUSION/confusion, A-EARLY-HE/confusion",
    );
    // Early encephalopathy is not R-JAUNDICE-PLUS: jaundice with it stays amber on two subjects.
    check(
        case()
            .hours_ago(24, r().rate(Jaundice, 1))
            .now(r().rate(Jaundice, 1).sign(HandFlap)),
        "amber: A-EARLY-HE/confusion, G-SELF-CARE/liver",
    );
    check(case().now(r().sign(VeryThirsty)), "amber: A-THIRST/thirst");
    check(
        case().on(Pi3kAktInhibitor).now(r().sign(VeryThirsty)),
        "amber: A-THIRST/thirst",
    );
    check(
        case().now(r().sign(VeryThirsty).sign(HandFlap)),
        "red: R-TWO-AMBER/escalation, A-EARLY-HE/confusion, A-THIRST/thirst",
    );
}

#[test]
fn pneumonitis_v2_classes() {
    for therapy in [
        TDxd,
        TDm1,
        Cdk46Inhibitor,
        Abemaciclib,
        Gemcitabine,
        Pi3kAktInhibitor,
        ParpInhibitor,
        CheckpointInhibitor,
    ] {
        check(
            case().on(therapy).now(r().rate(Cough, 1)),
            "amber: A-PNEUMONITIS/lungs",
        );
        check(case().on(therapy).now(r().rate(Cough, 0)), "none");
    }
    for therapy in [
        Sacituzumab,
        Vinorelbine,
        Eribulin,
        Her2Antibody,
        Endocrine,
        Other,
    ] {
        check(
            case().on(therapy).now(r().rate(ShortnessOfBreath, 1)),
            "green: G-SELF-CARE/lungs",
        );
    }
}

#[test]
fn capecitabine_wording_v2() {
    let key = |c: Case, rule: &str| alert(c, rule).message_key;
    assert_eq!(
        key(case().on(Capecitabine).now(r().stools(4)), "A-DIARRHOEA"),
        "alert.A-DIARRHOEA.capecitabine"
    );
    assert_eq!(
        key(case().now(r().stools(4)), "A-DIARRHOEA"),
        "alert.A-DIARRHOEA"
    );
    assert_eq!(
        key(case().on(Capecitabine).now(r().vomits(2)), "A-VOMIT"),
        "alert.A-VOMIT.capecitabine"
    );
    assert_eq!(key(case().now(r().vomits(2)), "A-VOMIT"), "alert.A-VOMIT");
    // A-HAND-FOOT and A-MOUTH fire only on capecitabine: their own words say it.
    assert_eq!(
        key(
            case().on(Capecitabine).now(r().rate(HandFoot, 2)),
            "A-HAND-FOOT"
        ),
        "alert.A-HAND-FOOT"
    );
}

#[test]
fn self_care_says_moderate_for_a_rating_of_2() {
    let key = |c: Case| alert(c, "G-SELF-CARE").message_key;
    assert_eq!(key(case().now(r().rate(Pain, 1))), "alert.G-SELF-CARE");
    assert_eq!(
        key(case().now(r().rate(Pain, 2))),
        "alert.G-SELF-CARE.moderate"
    );
    // One subject, a mild and a moderate item: moderate.
    assert_eq!(
        key(case().now(r().rate(Cough, 1).rate(ShortnessOfBreath, 2))),
        "alert.G-SELF-CARE.moderate"
    );
    assert_eq!(key(case().now(r().stools(3))), "alert.G-SELF-CARE");
    assert_eq!(key(case().now(r().vomits(1))), "alert.G-SELF-CARE");
    let both = alert(
        case().now(r().rate(Cough, 1).rate(ShortnessOfBreath, 2)),
        "G-SELF-CARE",
    );
    assert_eq!(
        both.detail,
        "shortness of breath 2 (moderate); cough 1 (mild)"
    );
}

#[test]
fn fluids_wording_says_24_hours() {
    assert_eq!(
        alert(case().now(r().sign(UnableToKeepFluids)), "R-FLUIDS").detail,
        "cannot keep fluids down for 24 hours"
    );
}

// ---- Labs, v2: only the newest result of each test counts; lab-only triage. ----

#[test]
fn labs_newest_result_per_test() {
    let bili = |v: f64| lab(Bilirubin, v, UmolPerL).uln(21.0);
    // An old grade 4 replaced by a newer normal result raises nothing.
    check(
        case()
            .now(r())
            .lab(bili(211.0).days_before(3))
            .lab(bili(20.0).days_before(1)),
        "none",
    );
    // The newer result is graded even when it is listed first.
    check(
        case()
            .now(r())
            .lab(bili(20.0).days_before(1))
            .lab(bili(211.0).days_before(3)),
        "none",
    );
    check(
        case()
            .now(r())
            .lab(bili(20.0).days_before(3))
            .lab(bili(211.0).days_before(1)),
        "amber: A-LAB/labs",
    );
    // The same day: the later one in the document.
    check(case().now(r()).lab(bili(211.0)).lab(bili(20.0)), "none");
    check(
        case().now(r()).lab(bili(20.0)).lab(bili(211.0)),
        "amber: A-LAB/labs",
    );
    // A newer result outside the window (after D) does not replace one inside.
    check(
        case()
            .now(r())
            .lab(bili(211.0).days_before(2))
            .lab(bili(20.0).days_before(-1)),
        "amber: A-LAB/labs",
    );
    // Each test on its own.
    check(
        case()
            .now(r())
            .lab(bili(211.0).days_before(3))
            .lab(lab(Alt, 41.0, UPerL).uln(40.0)),
        "amber: A-LAB/labs, G-LAB/labs",
    );
    // Hy's law on the newest results: a newer normal bilirubin ends it.
    let hy = |later_bili: f64| {
        case()
            .now(r())
            .lab(lab(Alt, 121.0, UPerL).uln(40.0).days_before(2))
            .lab(bili(43.0).days_before(2))
            .lab(bili(later_bili).days_before(1))
    };
    // The newest ALT (grade 1) is graded alone.
    check(hy(20.0), "green: G-LAB/labs");
    check(hy(43.0), "green: G-LAB/labs");
    check(
        case()
            .now(r())
            .lab(lab(Alt, 121.0, UPerL).uln(40.0).days_before(2))
            .lab(bili(43.0).days_before(2)),
        "amber: A-LAB/labs, G-LAB/labs",
    );
}

#[test]
fn g_lab_names_the_grade() {
    let key = |c: Case| alert(c, "G-LAB").message_key;
    let bili = |v: f64| case().now(r()).lab(lab(Bilirubin, v, UmolPerL).uln(21.0));
    assert_eq!(key(bili(31.5)), "alert.G-LAB.grade1");
    assert_eq!(key(bili(31.6)), "alert.G-LAB.grade2");
    // Two results: the highest grade 1–2 is named.
    assert_eq!(
        key(bili(22.0).lab(lab(Alt, 121.0, UPerL).uln(40.0))),
        "alert.G-LAB.grade2"
    );
    assert_eq!(
        key(bili(22.0).lab(lab(Alt, 201.0, UPerL).uln(40.0))),
        "alert.G-LAB.grade1"
    );
}

#[test]
fn lab_only_triage() {
    let g3 = lab(Neutrophils, 0.9, E9PerL).lln(2.0);
    // A document with labs and no reports: triaged as of its newest taken_on.
    check(case().lab(g3.clone()), "amber: A-LAB/labs");
    check(
        case().lab(lab(Neutrophils, 1.0, E9PerL).lln(2.0)),
        "green: G-LAB/labs",
    );
    check(case().lab(lab(Neutrophils, 2.0, E9PerL).lln(2.0)), "none");
    // The window D − 7 … D counts back from the newest lab.
    check(
        case()
            .lab(g3.clone().days_before(7))
            .lab(lab(Alt, 30.0, UPerL).uln(40.0)),
        "amber: A-LAB/labs",
    );
    check(
        case()
            .lab(g3.clone().days_before(8))
            .lab(lab(Alt, 30.0, UPerL).uln(40.0)),
        "none",
    );
    // No R-TWO-AMBER and no symptom rule, even with two abnormal tests.
    check(
        case()
            .on(Capecitabine)
            .lab(g3.clone())
            .lab(lab(Platelets, 40.0, E9PerL).lln(150.0)),
        "amber: A-LAB/labs",
    );
    // The newest-result rule applies.
    check(
        case()
            .lab(g3.clone().days_before(2))
            .lab(lab(Neutrophils, 2.5, E9PerL).lln(2.0).days_before(1)),
        "none",
    );
    // triage_labs takes the day as a parameter; it reads no clock.
    let labs = vec![g3.clone().0];
    let day = t0().date_naive();
    assert_eq!(
        render(&triage_labs(&Profile::default(), &labs, day)),
        "amber: A-LAB/labs"
    );
    assert_eq!(
        render(&triage_labs(
            &Profile::default(),
            &labs,
            day + Duration::days(8)
        )),
        "none"
    );
    assert_eq!(
        render(&triage_labs(
            &Profile::default(),
            &labs,
            day - Duration::days(1)
        )),
        "none"
    );
    assert_eq!(triage_labs(&Profile::default(), &labs, day).ruleset, "2");
}

// ---- The weekly check-in. ----

#[test]
fn checkin_self_harm() {
    check(
        case().checkin(ci().phq2(2, 1).self_harm(true)),
        "none | checkin amber: A-SELF-HARM/mood, G-MOOD/mood",
    );
    check(
        case().checkin(ci().phq2(2, 1).self_harm(false)),
        "none | checkin green: G-MOOD/mood",
    );
    check(case().checkin(ci().phq2(1, 1)), "none | checkin none");
    // Never red, and never part of the report's triage.
    check(
        case()
            .now(r().vomits(2))
            .checkin(ci().phq2(3, 3).self_harm(true).function(4)),
        "amber: A-VOMIT/stomach | checkin amber: A-SELF-HARM/mood, A-FUNCTION/function, G-MOOD/mood",
    );
}

#[test]
fn checkin_function() {
    // No previous check-in: only function 4.
    check(
        case().checkin(ci().function(4)),
        "none | checkin amber: A-FUNCTION/function",
    );
    check(case().checkin(ci().function(3)), "none | checkin none");
    // A fall of 2 grades to 3 or worse.
    check(
        case()
            .checkin_hours_ago(7 * 24, ci().function(1))
            .checkin(ci().function(3)),
        "none | checkin amber: A-FUNCTION/function",
    );
    check(
        case()
            .checkin_hours_ago(7 * 24, ci().function(2))
            .checkin(ci().function(3)),
        "none | checkin none",
    );
    check(
        case()
            .checkin_hours_ago(7 * 24, ci().function(3))
            .checkin(ci().function(4)),
        "none | checkin none",
    );
    check(
        case()
            .checkin_hours_ago(7 * 24, ci().function(0))
            .checkin(ci().function(2)),
        "none | checkin none",
    );
    // The previous one is the newest in [t − 28 days, t), of any reporter.
    check(
        case()
            .checkin_hours_ago(14 * 24, ci().function(0))
            .checkin_hours_ago(7 * 24, ci().caregiver(0).function(2))
            .checkin(ci().function(3)),
        "none | checkin none",
    );
    check(
        case()
            .checkin_hours_ago(28 * 24, ci().function(1))
            .checkin(ci().function(3)),
        "none | checkin amber: A-FUNCTION/function",
    );
    // 28 days and 1 hour earlier is outside: no previous, so 3 is not enough, 4 is.
    check(
        case()
            .checkin_hours_ago(28 * 24 + 1, ci().function(1))
            .checkin(ci().function(3)),
        "none | checkin none",
    );
    check(
        case()
            .checkin_hours_ago(28 * 24 + 1, ci().function(4))
            .checkin(ci().function(4)),
        "none | checkin amber: A-FUNCTION/function",
    );
    // A check-in at the same instant is not the previous one.
    check(
        case().checkin(ci().function(0)).checkin(ci().function(4)),
        "none | checkin amber: A-FUNCTION/function",
    );
}

#[test]
fn checkin_greens() {
    check(
        case().checkin(ci().phq2(2, 1)),
        "none | checkin green: G-MOOD/mood",
    );
    check(
        case().checkin(ci().gad2(3, 0)),
        "none | checkin green: G-MOOD/mood",
    );
    check(
        case().checkin(ci().phq2(1, 1).gad2(2, 0)),
        "none | checkin none",
    );
    check(
        case().checkin(ci().eating(2)),
        "none | checkin green: G-EATING/eating",
    );
    check(case().checkin(ci().eating(1)), "none | checkin none");
    check(
        case().checkin(ci().social(3)),
        "none | checkin green: G-SOCIAL/social",
    );
    check(case().checkin(ci().social(2)), "none | checkin none");
    check(
        case().checkin(ci().caregiver(3)),
        "none | checkin green: G-CAREGIVER/caregiver",
    );
    check(case().checkin(ci().caregiver(2)), "none | checkin none");
    // A caregiver's check-in has no PHQ-2 or GAD-2: no G-MOOD; function, social and
    // eating are about the patient, whoever answers.
    check(
        case().checkin(ci().caregiver(4).eating(3).social(4).function(4)),
        "none | checkin amber: A-FUNCTION/function, G-EATING/eating, G-SOCIAL/social, G-CAREGIVER/caregiver",
    );
    // The newest check-in is judged; on a tie, the later one.
    check(
        case()
            .checkin(ci().eating(3))
            .checkin_hours_ago(24, ci().social(4)),
        "none | checkin green: G-EATING/eating",
    );
    check(
        case().checkin(ci().eating(3)).checkin(ci().social(4)),
        "none | checkin green: G-SOCIAL/social",
    );
    let mood = triage_checkins(&case().checkin(ci().phq2(3, 3)).checkins).unwrap();
    assert_eq!(mood.alerts[0].advice_key.as_deref(), Some("advice.mood"));
    assert_eq!(mood.alerts[0].detail, "PHQ-2 total 6 ≥ 3");
    assert_eq!(triage_checkins(&[]), None);
}

#[test]
fn subjects_are_defined_once() {
    // The engine's subjects are the map's.
    assert_eq!(rating_subject(Jaundice), Subject::Liver);
    assert_eq!(rating_subject(Rash), Subject::Skin);
    assert_eq!(
        subjects_of(Input::Rating(Jaundice)),
        &[Subject::Liver, Subject::Cholangitis]
    );
    assert_eq!(
        subjects_of(Input::Weight),
        &[Subject::Fluid, Subject::Weight]
    );
    for sign in Sign::ALL {
        assert!(!subjects_of(Input::Sign(*sign)).is_empty());
    }
    // Every alert a report can raise on an item is on one of that item's subjects.
    let one_sign = |s: Sign| triage(&case().on(Abemaciclib).now(r().sign(s)).doc);
    for sign in Sign::ALL {
        for a in one_sign(*sign).alerts {
            if a.rule != RuleId::RTwoAmber {
                assert!(
                    subjects_of(Input::Sign(*sign)).contains(&a.subject),
                    "{sign}: {} on {}",
                    a.rule,
                    a.subject
                );
            }
        }
    }
    for item in Rating::ALL {
        for v in 1..=4 {
            let t = triage(
                &case()
                    .on(Capecitabine)
                    .on(Taxane)
                    .now(r().rate(*item, v))
                    .doc,
            );
            for a in t.alerts {
                assert!(
                    subjects_of(Input::Rating(*item)).contains(&a.subject),
                    "{item} {v}: {} on {}",
                    a.rule,
                    a.subject
                );
            }
        }
    }
}

/// `check_words(case, rule, lang, expect)`: what the patient reads under "What triggered
/// it" for the alert of `rule`, in `lang`.
#[track_caller]
fn check_words(case: Case, rule: &str, lang: &str, expect: &str) {
    let a = alert(case, rule);
    assert_eq!(
        crate::messages::facts_words(lang, &a.facts),
        expect,
        "{rule} in {lang}: {a:#?}"
    );
}

#[test]
fn the_patient_reads_what_triggered_it_in_plain_words() {
    use crate::model::{Fact, FeverBasis};
    // The facts carry the rule's own numbers.
    let fever = alert(case().on(Capecitabine).now(r().temp(38.2)), "R-FEVER");
    assert_eq!(
        fever.facts,
        vec![Fact::Fever {
            celsius: 38.2,
            limit: 37.5,
            basis: FeverBasis::Myelosuppressive
        }]
    );
    check_words(
        case().fever_threshold(37.2).now(r().temp(37.4)),
        "R-FEVER",
        "en",
        "Your temperature, 37.4 °C, is at or above 37.2 °C — the limit your care team set for you.",
    );
    check_words(
        case().now(r().temp(38.0)),
        "R-FEVER",
        "ru",
        "Ваша температура 38,0 °C — это 38,0 °C или выше: с этой границы начинается лихорадка.",
    );
    check_words(
        case().now(r().rate(Jaundice, 1)),
        "A-JAUNDICE-NEW",
        "en",
        "“Yellow skin or yellow eyes” for the first time this week: mild (1 of 4).",
    );
    check_words(
        case().now(r().sign(ChestPain)),
        "R-CHEST",
        "ru",
        "Вы отметили: «Боль в груди».",
    );
    check_words(
        case().on(Abemaciclib).now(r().stools(2)),
        "A-DIARRHOEA-ABEMA",
        "en",
        "Stools more than your usual in 24 hours: 2. Your treatment includes Abemaciclib \
         (Verzenios) tablets; with it this matters more.",
    );
    check_words(
        case().stent().now(r().temp(38.5).rate(Jaundice, 1)),
        "R-CHOLANGITIS",
        "en",
        "Your temperature, 38.5 °C, is at or above 38.0 °C — the limit for a fever. “Yellow \
         skin or yellow eyes”: mild (1 of 4). You have a stent in your bile duct.",
    );
    check_words(
        case()
            .hours_ago(48, r().rate(Itching, 0))
            .hours_ago(24, r().rate(Itching, 1))
            .now(r().rate(Itching, 3)),
        "A-WORSE",
        "uz",
        "«Qichishish» bugun: kuchli (4 dan 3). Oʻtgan haftada odatda 4 dan 0,5 edi.",
    );
    check_words(
        case().lab(lab(Neutrophils, 0.4, E9PerL).lln(2.0)).now(r()),
        "A-LAB",
        "en",
        &format!(
            "Neutrophils (a type of white blood cell), {}: 0.4 ×10⁹/L — grade 4 of 4, where 4 \
             is the most serious.",
            t0().date_naive().format("%Y-%m-%d")
        ),
    );
    // Two firings of one rule on one subject: both facts, once each.
    let both = alert(
        case().now(r().sign(BlackStools).sign(VomitingBlood)),
        "R-GI-BLEED",
    );
    assert_eq!(
        both.facts,
        vec![
            Fact::Sign { sign: BlackStools },
            Fact::Sign {
                sign: VomitingBlood
            }
        ]
    );
    check_words(
        case().now(r().rate(Fatigue, 2)),
        "G-SELF-CARE",
        "en",
        "“Tiredness”: moderate (2 of 4).",
    );
}
