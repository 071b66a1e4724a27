//! The rule table as data: every rule of the clinical reference
//! (`shared/clinical/warning-signs.md`, ruleset v1) with its level, subjects, condition in
//! plain words and the line of the reference it comes from. It exists so that a care team
//! can review the whole ruleset in one place, so that the engine takes each rule's level and
//! order from one source, and so that `docs/rules.md` is generated from the same data.

use crate::model::{Level, RuleId, Subject};

/// Where a rule is evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evaluation {
    /// By [`super::triage_report`] and [`super::triage`] for every report.
    Triage,
    /// By [`super::no_report_alert`], from the time of the last report; not by `triage`.
    NoReport,
    /// Not evaluated: the input it needs is not part of the interchange format, version 1.
    NotEvaluated,
}

impl Evaluation {
    /// A short phrase for the rule table.
    pub fn as_str(self) -> &'static str {
        match self {
            Evaluation::Triage => "triage",
            Evaluation::NoReport => "no_report_alert only",
            Evaluation::NotEvaluated => "not evaluated (not in format v1)",
        }
    }
}

/// One rule of the clinical reference.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RuleInfo {
    /// The rule id of the clinical reference, e.g. `R-FEVER`.
    pub id: RuleId,
    /// The level of the alert the rule raises.
    pub level: Level,
    /// The subjects the rule's alerts can be about.
    pub subjects: &'static [Subject],
    /// The condition, in plain words, with every threshold.
    pub condition: &'static str,
    /// The clinical source the reference cites.
    pub source: &'static str,
    /// The line of the reference the rule comes from.
    pub reference: &'static str,
    /// Where the rule is evaluated.
    pub evaluation: Evaluation,
}

/// The subjects a rating-based rule can be about: every rating's subject.
const RATING_SUBJECTS: &[Subject] = &RATING_SUBJECT_LIST;

const RATING_SUBJECT_LIST: [Subject; 17] = [
    Subject::Fatigue,
    Subject::Pain,
    Subject::Itching,
    Subject::Liver,
    Subject::AppetiteLoss,
    Subject::Stomach,
    Subject::AbdominalPain,
    Subject::MouthSores,
    Subject::HandFoot,
    Subject::Numbness,
    Subject::Lungs,
    Subject::Fluid,
    Subject::LegSwelling,
    Subject::Constipation,
    Subject::Insomnia,
    Subject::Anxiety,
    Subject::LowMood,
];

/// The subjects G-SELF-CARE can be about: every rating's subject, plus the stool and
/// vomiting counts' subjects (`bowel`; `stomach` is already a rating subject).
const SELF_CARE_SUBJECTS: &[Subject] = &{
    let mut all = [Subject::Bowel; 18];
    let mut i = 0;
    while i < RATING_SUBJECT_LIST.len() {
        all[i] = RATING_SUBJECT_LIST[i];
        i += 1;
    }
    all
};

/// The whole ruleset, in the reference's order: red, amber, then green. Alerts of the
/// same level are listed in this order.
pub static RULES: &[RuleInfo] = &[
    RuleInfo {
        id: RuleId::RFever,
        level: Level::Red,
        subjects: &[Subject::Temperature],
        condition: "temperature ≥ the fever threshold: the profile's fever_threshold_c when given (team setting; it replaces both defaults), otherwise 37.5 °C when a myelosuppressive therapy is listed (taxane, capecitabine, eribulin, anthracycline, platinum, cdk46_inhibitor, t_dxd; not `other`), else 38.0 °C",
        source: "UKONS triage (≥37.5 °C on SACT); CTCAE v5 fever grade 1 starts at 38.0 °C; NICE CG151",
        reference: "warning-signs.md line 76: Red rules, R-FEVER",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::RHypothermia,
        level: Level::Red,
        subjects: &[Subject::Temperature],
        condition: "temperature < 36.0 °C while a myelosuppressive therapy is listed",
        source: "UKONS triage",
        reference: "warning-signs.md line 77: Red rules, R-HYPOTHERMIA",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::RRigors,
        level: Level::Red,
        subjects: &[Subject::Temperature],
        condition: "shivering fits (sign shivering)",
        source: "sepsis red flag, UKONS",
        reference: "warning-signs.md line 78: Red rules, R-RIGORS",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::RCholangitis,
        level: Level::Red,
        subjects: &[Subject::Cholangitis],
        condition: "the fever rule (R-FEVER) is met and (jaundice ≥ 1 or abdominal pain ≥ 2); its own message, stronger with a biliary stent",
        source: "Charcot's triad; Tokyo guidelines 2013/2018",
        reference: "warning-signs.md line 79: Red rules, R-CHOLANGITIS",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::RChest,
        level: Level::Red,
        subjects: &[Subject::Chest],
        condition: "chest pain (sign chest_pain)",
        source: "UKONS: bypass to emergency",
        reference: "warning-signs.md line 80: Red rules, R-CHEST",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::RBreath,
        level: Level::Red,
        subjects: &[Subject::Lungs],
        condition: "sign breathless_at_rest, or shortness of breath = 4",
        source: "CTCAE v5 dyspnea grade 3 = at rest; UKONS",
        reference: "warning-signs.md line 81: Red rules, R-BREATH",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::RConfusion,
        level: Level::Red,
        subjects: &[Subject::Confusion],
        condition: "sign confusion (new confusion or unusual drowsiness), whenever it is given",
        source: "CTCAE v5 hepatic failure / encephalopathy; liver decompensation",
        reference: "warning-signs.md line 82: Red rules, R-CONFUSION",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::RGiBleed,
        level: Level::Red,
        subjects: &[Subject::Bleeding],
        condition: "black tarry stools or vomiting blood (signs black_stools, vomiting_blood)",
        source: "CTCAE v5 GI haemorrhage; decompensation",
        reference: "warning-signs.md line 83: Red rules, R-GI-BLEED",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::RBleed,
        level: Level::Red,
        subjects: &[Subject::Bleeding],
        condition: "bleeding that will not stop (sign uncontrolled_bleeding)",
        source: "UKONS; low platelets",
        reference: "warning-signs.md line 84: Red rules, R-BLEED",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::RFluids,
        level: Level::Red,
        subjects: &[Subject::Stomach],
        condition: "cannot keep fluids down for 24 h (sign unable_to_keep_fluids), or ≥ 6 vomiting episodes in 24 h",
        source: "UKONS; CTCAE v4 vomiting grade 3 (≥6 episodes)",
        reference: "warning-signs.md line 85: Red rules, R-FLUIDS",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::RDiarrhoea,
        level: Level::Red,
        subjects: &[Subject::Bowel],
        condition: "≥ 7 stools above usual in 24 h",
        source: "CTCAE v5 diarrhoea grade 3",
        reference: "warning-signs.md line 86: Red rules, R-DIARRHOEA",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::RMouth,
        level: Level::Red,
        subjects: &[Subject::MouthSores],
        condition: "mouth sores = 4 (cannot eat or drink)",
        source: "UKONS; CTCAE mucositis grade 3",
        reference: "warning-signs.md line 87: Red rules, R-MOUTH",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::RJaundicePlus,
        level: Level::Red,
        subjects: &[Subject::Liver],
        condition: "jaundice ≥ 1 together with sign confusion or uncontrolled_bleeding",
        source: "decompensated liver disease",
        reference: "warning-signs.md line 88: Red rules, R-JAUNDICE-PLUS",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::RTwoAmber,
        level: Level::Red,
        subjects: &[Subject::Escalation],
        condition: "amber alerts on two or more different subjects in the same report",
        source: "UKONS",
        reference: "warning-signs.md line 89: Red rules, R-TWO-AMBER (and Levels, Escalation)",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::AJaundiceNew,
        level: Level::Amber,
        subjects: &[Subject::Liver],
        condition: "jaundice ≥ 1 and new (no report in the last 7 days had it above 0), or jaundice risen ≥ 1 above its baseline",
        source: "liver decompensation; checkpoint-inhibitor hepatitis guidance (ASCO)",
        reference: "warning-signs.md line 95: Amber rules, A-JAUNDICE-NEW",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::ACholestasis,
        level: Level::Amber,
        subjects: &[Subject::Liver],
        condition: "sign dark_urine or pale_stools",
        source: "obstructive jaundice signs",
        reference: "warning-signs.md line 96: Amber rules, A-CHOLESTASIS",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::AAscites,
        level: Level::Amber,
        subjects: &[Subject::Fluid],
        condition: "abdominal swelling ≥ 2 and risen ≥ 1 above its baseline, or weight ≥ 2.0 kg above the lowest weight recorded in the last 7 days",
        source: "CTCAE ascites grade 2; fluid retention",
        reference: "warning-signs.md line 97: Amber rules, A-ASCITES",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::ADiarrhoea,
        level: Level::Amber,
        subjects: &[Subject::Bowel],
        condition: "4–6 stools above usual in 24 h",
        source: "CTCAE v5 diarrhoea grade 2; capecitabine label: stop and call at ≥4 extra stools",
        reference: "warning-signs.md line 98: Amber rules, A-DIARRHOEA",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::ADiarrhoeaAbema,
        level: Level::Amber,
        subjects: &[Subject::Bowel],
        condition: "any stool above usual (≥ 1) when cdk46_inhibitor is listed; the advice includes starting the antidiarrhoeal the team prescribed",
        source: "abemaciclib label",
        reference: "warning-signs.md line 99: Amber rules, A-DIARRHOEA-ABEMA",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::AVomit,
        level: Level::Amber,
        subjects: &[Subject::Stomach],
        condition: "2–5 vomiting episodes in 24 h",
        source: "capecitabine patient leaflet (call if more than once a day); UKONS",
        reference: "warning-signs.md line 100: Amber rules, A-VOMIT",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::ASevere,
        level: Level::Amber,
        subjects: RATING_SUBJECTS,
        condition: "any rating = 3 (severe) or 4 (very severe); one alert per subject",
        source: "Basch STAR / PRO-TECT alerting on severe or very severe",
        reference: "warning-signs.md line 101: Amber rules, A-SEVERE",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::AWorse,
        level: Level::Amber,
        subjects: RATING_SUBJECTS,
        condition: "any rated symptom ≥ 2 that has risen ≥ 2 above its baseline (median of the last 7 days, at least 2 reports)",
        source: "Basch STAR / SYMPATHY (rise of 2 points)",
        reference: "warning-signs.md line 102: Amber rules, A-WORSE",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::APneumonitis,
        level: Level::Amber,
        subjects: &[Subject::Lungs],
        condition: "cough ≥ 1 and new, or shortness of breath ≥ 1 and new (each item judged on its own), when t_dxd, cdk46_inhibitor or checkpoint_inhibitor is listed",
        source: "T-DXd ILD guidance; FDA 2019 CDK4/6 ILD warning; ASCO irAE guidance",
        reference: "warning-signs.md line 103: Amber rules, A-PNEUMONITIS",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::AHandFoot,
        level: Level::Amber,
        subjects: &[Subject::HandFoot],
        condition: "hand-foot ≥ 2 when capecitabine is listed",
        source: "capecitabine label; CTCAE PPE grade 2",
        reference: "warning-signs.md line 104: Amber rules, A-HAND-FOOT",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::AMouth,
        level: Level::Amber,
        subjects: &[Subject::MouthSores],
        condition: "mouth sores ≥ 2 when capecitabine is listed",
        source: "capecitabine label",
        reference: "warning-signs.md line 105: Amber rules, A-MOUTH",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::ANeuropathy,
        level: Level::Amber,
        subjects: &[Subject::Numbness],
        condition: "numbness/tingling ≥ 3 (limits daily tasks) when taxane or eribulin is listed",
        source: "CTCAE v5 neuropathy grade 3",
        reference: "warning-signs.md line 106: Amber rules, A-NEUROPATHY",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::ABruising,
        level: Level::Amber,
        subjects: &[Subject::Bleeding],
        condition: "sign bruising (new bruises or nosebleeds), whenever it is given",
        source: "low platelets; liver synthetic failure",
        reference: "warning-signs.md line 107: Amber rules, A-BRUISING",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::ALab,
        level: Level::Amber,
        subjects: &[Subject::Labs],
        condition: "any lab result of the last 7 days graded CTCAE v5.0 ≥ 3, or Hy's law (ALT or AST > 3 × ULN and bilirubin > 2 × ULN, taken the same day)",
        source: "CTCAE v5.0; FDA DILI guidance",
        reference: "warning-signs.md line 108: Amber rules, A-LAB (and Labs)",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::ANoReport,
        level: Level::Amber,
        subjects: &[Subject::Reporting],
        condition: "no report for 3 days (72 h) while reminders are on; shown to the caregiver and the care team, not a patient alert",
        source: "stale-data alarms (remote-monitoring practice)",
        reference: "warning-signs.md line 109: Amber rules, A-NO-REPORT",
        evaluation: Evaluation::NoReport,
    },
    RuleInfo {
        id: RuleId::GSelfCare,
        level: Level::Green,
        subjects: SELF_CARE_SUBJECTS,
        condition: "a rating of 1–2, 1–3 stools above usual, or 1 vomiting episode, on a subject that has no amber or red alert in this report: the self-care advice for that subject",
        source: "eRAPID (Absolom 2021): self-care advice for mild/moderate symptoms",
        reference: "warning-signs.md line 113: Green, G-SELF-CARE",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::GWeightLoss,
        level: Level::Green,
        subjects: &[Subject::Weight],
        condition: "the report's weight ≤ 95 % of the profile's baseline weight (the boundary counts)",
        source: "Fearon et al. 2011 (cachexia: more than 5 % loss)",
        reference: "warning-signs.md line 117: Green, G-WEIGHT-LOSS",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::GMood,
        level: Level::Green,
        subjects: &[Subject::LowMood, Subject::Anxiety],
        condition: "PHQ-2 ≥ 3 or GAD-2 ≥ 3 in the weekly check-in",
        source: "Kroenke 2003 (PHQ-2), 2007 (GAD-2)",
        reference: "warning-signs.md line 119: Green, G-MOOD",
        evaluation: Evaluation::NotEvaluated,
    },
    RuleInfo {
        id: RuleId::GLab,
        level: Level::Green,
        subjects: &[Subject::Labs],
        condition: "any lab result of the last 7 days graded CTCAE v5.0 grade 1–2",
        source: "CTCAE v5.0",
        reference: "warning-signs.md line 121: Green, G-LAB",
        evaluation: Evaluation::Triage,
    },
];

/// The row of the rule with this id. [`RULES`] lists the rules in [`RuleId::ALL`]'s order
/// (a test checks it), so every id has its row and the lookup cannot fail.
pub fn rule(id: RuleId) -> &'static RuleInfo {
    &RULES[rule_index(id)]
}

/// The position of a rule in [`RULES`]; alerts of one level are ordered by it.
pub(crate) fn rule_index(id: RuleId) -> usize {
    id as usize
}

/// The rule table as Markdown, the content of `docs/rules.md`.
pub fn rules_markdown() -> String {
    let mut out = String::new();
    out.push_str("# Triage rules, ruleset v");
    out.push_str(super::RULESET_VERSION);
    out.push_str("\n\n");
    out.push_str(
        "This file is generated from `RULES` in `crates/diary-core/src/rules/table.rs`; a unit \
         test fails when the two differ. To regenerate it, run\n\
         `DIARY_BLESS=1 cargo test -p diary-core rules_doc`.\n\n\
         Every rule comes from `shared/clinical/warning-signs.md` (the clinical reference, \
         ruleset v1), and every threshold is the reference's. Labs are graded with \
         CTCAE v5.0 (not v6.0).\n\n\
         Conventions the engine follows:\n\n\
         - The triaged report is the latest one (greatest instant; on a tie, the later in the \
         document).\n\
         - The window is the reports recorded in [t − 168 h, t), t being the triaged report's \
         instant. A baseline is the median of a rating over the window's reports that answered \
         it, and needs at least 2 of them. An item is new when no window report had it above 0.\n\
         - Lab results count when taken from D − 7 days to D, D being the triaged report's \
         date in its own offset.\n\
         - A rule fires at most once per subject in a report. Ambers on two or more subjects \
         add R-TWO-AMBER, which makes the report red. G-SELF-CARE stands back on a subject \
         that has an amber or red alert; no other rule suppresses another.\n\
         - Alerts are listed red first, then amber, then green, each level in this table's order.\n\
         - Numbers are compared with a tolerance of 1e-9, so that 63/21 is exactly 3.0.\n\n",
    );
    out.push_str("| id | level | subjects | condition | source | reference | evaluated by |\n");
    out.push_str("|---|---|---|---|---|---|---|\n");
    for r in RULES {
        let subjects = if r.subjects.len() > 6 {
            "the rating's own subject".to_string()
        } else {
            r.subjects
                .iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} |\n",
            r.id,
            r.level,
            subjects,
            r.condition.replace('|', "\\|"),
            r.source.replace('|', "\\|"),
            r.reference,
            r.evaluation.as_str()
        ));
    }
    out.push_str(
        "\nSubjects of the ratings: `jaundice` → `liver`; `cough`, `shortness_of_breath` → \
         `lungs`; `abdominal_swelling` → `fluid`; `nausea` → `stomach`; every other rating is \
         its own subject. Stools above usual → `bowel`; vomiting episodes → `stomach`.\n",
    );
    out.push_str("\n## CTCAE v5.0 lab grades\n\n");
    out.push_str(
        "| test | G1 | G2 | G3 | G4 |\n\
         |---|---|---|---|---|\n\
         | bilirubin (total) | >ULN–1.5×ULN | >1.5–3.0×ULN | >3.0–10.0×ULN | >10.0×ULN |\n\
         | ALT, AST | >ULN–3.0×ULN | >3.0–5.0×ULN | >5.0–20.0×ULN | >20.0×ULN |\n\
         | alkaline phosphatase | >ULN–2.5×ULN | >2.5–5.0×ULN | >5.0–20.0×ULN | >20.0×ULN |\n\
         | albumin (low) | <LLN–30 g/L | <30–20 g/L | <20 g/L | — |\n\
         | platelets (low) | <LLN–75 ×10⁹/L | <75–50 | <50–25 | <25 |\n\
         | neutrophils (low) | <LLN–1.5 ×10⁹/L | <1.5–1.0 | <1.0–0.5 | <0.5 |\n\n\
         \">1.5–3.0×ULN\" means above 1.5×ULN up to and including 3.0×ULN; \"<75–50\" means below \
         75 down to and including 50. Low counts are graded only below the lab's LLN. When a \
         result carries a pre-treatment `baseline` above ULN, bilirubin, ALT, AST and ALP are \
         graded against multiples of the baseline: ALT/AST G1 1.5–3.0× (both ends), G2 >3.0–5.0×, \
         G3 >5.0–20.0×, G4 >20.0×; bilirubin G1 >1.0–1.5×, G2 >1.5–3.0×, G3 >3.0–10.0×, \
         G4 >10.0×; ALP G1 2.0–2.5× (both ends), G2 >2.5–5.0×, G3 >5.0–20.0×, G4 >20.0×. \
         Hy's law always compares with ULN. Units: bilirubin mg/dL × 17.1 = µmol/L; albumin \
         g/dL × 10 = g/L; 10^3/uL = 10^9/L.\n",
    );
    out
}
