//! The rule table as data: every rule of the clinical reference
//! (`shared/clinical/warning-signs-v2.md`, ruleset v2) with its level, subjects, condition in
//! plain words and the line of the reference it comes from. It exists so that a care team
//! can review the whole ruleset in one place, so that the engine takes each rule's level and
//! order from one source, and so that `docs/rules.md` is generated from the same data.

use crate::model::{Level, Rating, RuleId, Sign, Subject};

/// Where a rule is evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evaluation {
    /// By [`super::triage_report`] and [`super::triage`] for every report.
    Triage,
    /// By [`super::no_report_alert`], from the time of the last report; not by `triage`.
    /// Stored once per silence by `store::Diary::raise_no_report`, which sync runs.
    NoReport,
    /// By [`super::triage_report`] for every report, and by [`super::triage_labs`] when lab
    /// results are entered without a report (lab-only triage).
    Labs,
    /// By [`super::triage_checkin`] for a weekly check-in; never by `triage_report`.
    Checkin,
}

impl Evaluation {
    /// A short phrase for the rule table.
    pub fn as_str(self) -> &'static str {
        match self {
            Evaluation::Triage => "triage",
            Evaluation::NoReport => "no_report_alert only (stored by sync: raise_no_report)",
            Evaluation::Labs => "triage; triage_labs (lab-only)",
            Evaluation::Checkin => "triage_checkin (weekly check-in)",
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

const RATING_SUBJECT_LIST: [Subject; 18] = [
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
    Subject::Skin,
];

/// The subjects G-SELF-CARE can be about: every rating's subject, plus the stool and
/// vomiting counts' subjects (`bowel`; `stomach` is already a rating subject).
const SELF_CARE_SUBJECTS: &[Subject] = &{
    let mut all = [Subject::Bowel; 19];
    let mut i = 0;
    while i < RATING_SUBJECT_LIST.len() {
        all[i] = RATING_SUBJECT_LIST[i];
        i += 1;
    }
    all
};

/// The whole ruleset, in the reference's order: red, amber, then green (the weekly
/// check-in's rules after the report rules of their level). Alerts of the same level are
/// listed in this order.
pub static RULES: &[RuleInfo] = &[
    RuleInfo {
        id: RuleId::RFever,
        level: Level::Red,
        subjects: &[Subject::Temperature],
        condition: "temperature ≥ the fever threshold: the profile's fever_threshold_c when given (team setting; it replaces both defaults), otherwise 37.5 °C when a myelosuppressive therapy is listed (taxane, capecitabine, eribulin, anthracycline, platinum, vinorelbine, gemcitabine, t_dxd, t_dm1, sacituzumab, cdk46_inhibitor, abemaciclib, parp_inhibitor, and `other`: an unknown treatment gets the safer threshold), else 38.0 °C",
        source: "UKONS triage (≥37.5 °C on SACT); CTCAE v5 fever grade 1 starts at 38.0 °C; NICE CG151",
        reference: "warning-signs-v2.md line 131: Red rules, R-FEVER",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::RHypothermia,
        level: Level::Red,
        subjects: &[Subject::Temperature],
        condition: "temperature < 36.0 °C while a myelosuppressive therapy is listed (`other` counts)",
        source: "UKONS triage",
        reference: "warning-signs-v2.md line 132: Red rules, R-HYPOTHERMIA",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::RRigors,
        level: Level::Red,
        subjects: &[Subject::Temperature],
        condition: "shivering fits (sign shivering)",
        source: "sepsis red flag, UKONS",
        reference: "warning-signs-v2.md line 133: Red rules, R-RIGORS",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::RCholangitis,
        level: Level::Red,
        subjects: &[Subject::Cholangitis],
        condition: "the fever rule (R-FEVER) is met and (jaundice ≥ 1 or abdominal pain ≥ 2); its own message, stronger with a biliary stent",
        source: "Charcot's triad; Tokyo guidelines 2013/2018",
        reference: "warning-signs-v2.md line 134: Red rules, R-CHOLANGITIS",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::RChest,
        level: Level::Red,
        subjects: &[Subject::Chest],
        condition: "chest pain (sign chest_pain); the message and the numbers to call put the emergency number first",
        source: "UKONS: bypass to emergency",
        reference: "warning-signs-v2.md line 135: Red rules, R-CHEST",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::RBreath,
        level: Level::Red,
        subjects: &[Subject::Lungs],
        condition: "sign breathless_at_rest, or shortness of breath = 4",
        source: "CTCAE v5 dyspnea grade 3 = at rest; UKONS",
        reference: "warning-signs-v2.md line 136: Red rules, R-BREATH",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::RConfusion,
        level: Level::Red,
        subjects: &[Subject::Confusion],
        condition: "sign confusion (new confusion or unusual drowsiness), whenever it is given",
        source: "CTCAE v5 hepatic failure / encephalopathy; liver decompensation",
        reference: "warning-signs-v2.md line 137: Red rules, R-CONFUSION",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::RGiBleed,
        level: Level::Red,
        subjects: &[Subject::Bleeding],
        condition: "black tarry stools or vomiting blood (signs black_stools, vomiting_blood)",
        source: "CTCAE v5 GI haemorrhage; decompensation",
        reference: "warning-signs-v2.md line 138: Red rules, R-GI-BLEED",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::RBleed,
        level: Level::Red,
        subjects: &[Subject::Bleeding],
        condition: "bleeding that will not stop (sign uncontrolled_bleeding)",
        source: "UKONS; low platelets",
        reference: "warning-signs-v2.md line 139: Red rules, R-BLEED",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::RFluids,
        level: Level::Red,
        subjects: &[Subject::Stomach],
        condition: "cannot keep fluids down for 24 hours (sign unable_to_keep_fluids, asked with those words), or ≥ 6 vomiting episodes in 24 h",
        source: "UKONS; CTCAE v4 vomiting grade 3 (≥6 episodes)",
        reference: "warning-signs-v2.md line 140: Red rules, R-FLUIDS",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::RDiarrhoea,
        level: Level::Red,
        subjects: &[Subject::Bowel],
        condition: "≥ 7 stools above usual in 24 h",
        source: "CTCAE v5 diarrhoea grade 3",
        reference: "warning-signs-v2.md line 141: Red rules, R-DIARRHOEA",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::RMouth,
        level: Level::Red,
        subjects: &[Subject::MouthSores],
        condition: "mouth sores = 4 (cannot eat or drink)",
        source: "UKONS; CTCAE mucositis grade 3",
        reference: "warning-signs-v2.md line 142: Red rules, R-MOUTH",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::RSkin,
        level: Level::Red,
        subjects: &[Subject::Skin],
        condition: "sign skin_blisters (a rash with blisters or peeling skin, or sores in the mouth or eyes with a rash), whatever the therapy",
        source: "CTCAE v5 Stevens-Johnson syndrome / toxic epidermal necrolysis; alpelisib and checkpoint-inhibitor labels (severe cutaneous reactions)",
        reference: "warning-signs-v2.md line 143: Red rules, R-SKIN",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::RJaundicePlus,
        level: Level::Red,
        subjects: &[Subject::Liver],
        condition: "jaundice ≥ 1 together with sign confusion or uncontrolled_bleeding",
        source: "decompensated liver disease",
        reference: "warning-signs-v2.md line 144: Red rules, R-JAUNDICE-PLUS",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::RTwoAmber,
        level: Level::Red,
        subjects: &[Subject::Escalation],
        condition: "amber alerts on two or more different subjects in the same report (not in a lab-only triage, not for check-ins)",
        source: "UKONS",
        reference: "warning-signs-v2.md line 145: Red rules, R-TWO-AMBER (and Levels, Escalation)",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::AJaundiceNew,
        level: Level::Amber,
        subjects: &[Subject::Liver],
        condition: "jaundice ≥ 1 and new (no report in the last 7 days had it above 0), or jaundice risen ≥ 1 above its baseline",
        source: "liver decompensation; checkpoint-inhibitor hepatitis guidance (ASCO)",
        reference: "warning-signs-v2.md line 151: Amber rules, A-JAUNDICE-NEW",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::ACholestasis,
        level: Level::Amber,
        subjects: &[Subject::Liver],
        condition: "sign dark_urine or pale_stools",
        source: "obstructive jaundice signs",
        reference: "warning-signs-v2.md line 152: Amber rules, A-CHOLESTASIS",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::AAscites,
        level: Level::Amber,
        subjects: &[Subject::Fluid],
        condition: "abdominal swelling ≥ 2 and risen ≥ 1 above its baseline, or weight ≥ 2.0 kg above the lowest weight recorded in the last 7 days",
        source: "CTCAE ascites grade 2; fluid retention",
        reference: "warning-signs-v2.md line 153: Amber rules, A-ASCITES",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::ADiarrhoea,
        level: Level::Amber,
        subjects: &[Subject::Bowel],
        condition: "4–6 stools above usual in 24 h; with capecitabine listed the message adds: stop taking capecitabine until you have spoken to your care team",
        source: "CTCAE v5 diarrhoea grade 2; capecitabine label: stop and call at ≥4 extra stools",
        reference: "warning-signs-v2.md line 154: Amber rules, A-DIARRHOEA",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::ADiarrhoeaAbema,
        level: Level::Amber,
        subjects: &[Subject::Bowel],
        condition: "any stool above usual (≥ 1) when abemaciclib is listed (not cdk46_inhibitor: palbociclib, ribociclib); the advice includes starting the antidiarrhoeal the team prescribed, except with checkpoint_inhibitor listed, when it says to call the team",
        source: "abemaciclib label",
        reference: "warning-signs-v2.md line 155: Amber rules, A-DIARRHOEA-ABEMA",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::ADiarrhoeaSaci,
        level: Level::Amber,
        subjects: &[Subject::Bowel],
        condition: "any stool above usual (≥ 1) when sacituzumab is listed: call the team at the first loose stool",
        source: "sacituzumab govitecan label (diarrhoea warning; patient counselling)",
        reference: "warning-signs-v2.md line 156: Amber rules, A-DIARRHOEA-SACI",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::AColitisIci,
        level: Level::Amber,
        subjects: &[Subject::Bowel],
        condition: "any stool above usual (≥ 1) when checkpoint_inhibitor is listed; the message says not to take anti-diarrhoea medicine before speaking to the team",
        source: "ASCO 2021 irAE guideline (colitis); ESMO 2022 immune-related toxicities",
        reference: "warning-signs-v2.md line 157: Amber rules, A-COLITIS-ICI",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::ABloodStool,
        level: Level::Amber,
        subjects: &[Subject::Bleeding],
        condition: "red blood in the stools (sign blood_in_stool)",
        source: "CTCAE v5 lower GI haemorrhage; colitis",
        reference: "warning-signs-v2.md line 158: Amber rules, A-BLOOD-STOOL",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::AEarlyHe,
        level: Level::Amber,
        subjects: &[Subject::Confusion],
        condition: "any of the signs day_night_reversal (sleeping by day, awake at night), new_forgetfulness (new forgetfulness, slowed thinking or speech), hand_flap (hands flap when held out), whenever given",
        source: "West Haven grade 1–2 hepatic encephalopathy (AASLD/EASL 2014 guideline)",
        reference: "warning-signs-v2.md line 159: Amber rules, A-EARLY-HE",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::ARash,
        level: Level::Amber,
        subjects: &[Subject::Skin],
        condition: "rash ≥ 2 when checkpoint_inhibitor or pi3k_akt_inhibitor is listed",
        source: "ASCO irAE guideline (dermatitis); alpelisib label (rash)",
        reference: "warning-signs-v2.md line 160: Amber rules, A-RASH",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::AThirst,
        level: Level::Amber,
        subjects: &[Subject::Thirst],
        condition: "sign very_thirsty (very thirsty, or passing much more urine than usual), whatever the therapy",
        source: "high blood sugar (alpelisib, capivasertib and inavolisib labels; steroids) or high calcium (bone metastases; UKONS)",
        reference: "warning-signs-v2.md line 161: Amber rules, A-THIRST",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::AVomit,
        level: Level::Amber,
        subjects: &[Subject::Stomach],
        condition: "2–5 vomiting episodes in 24 h; with capecitabine listed the message adds: stop taking capecitabine until you have spoken to your care team",
        source: "capecitabine patient leaflet (call if more than once a day); UKONS",
        reference: "warning-signs-v2.md line 162: Amber rules, A-VOMIT",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::ASevere,
        level: Level::Amber,
        subjects: RATING_SUBJECTS,
        condition: "any rating = 3 (severe) or 4 (very severe); one alert per subject",
        source: "Basch STAR / PRO-TECT alerting on severe or very severe",
        reference: "warning-signs-v2.md line 163: Amber rules, A-SEVERE",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::AWorse,
        level: Level::Amber,
        subjects: RATING_SUBJECTS,
        condition: "any rated symptom ≥ 2 that has risen ≥ 2 above its baseline (median of the last 7 days, at least 2 reports)",
        source: "Basch STAR / SYMPATHY (rise of 2 points)",
        reference: "warning-signs-v2.md line 164: Amber rules, A-WORSE",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::APneumonitis,
        level: Level::Amber,
        subjects: &[Subject::Lungs],
        condition: "cough ≥ 1 and new, or shortness of breath ≥ 1 and new (each item judged on its own), when t_dxd, t_dm1, cdk46_inhibitor, abemaciclib, gemcitabine, pi3k_akt_inhibitor, parp_inhibitor or checkpoint_inhibitor is listed",
        source: "T-DXd ILD guidance; FDA 2019 CDK4/6 ILD warning (all three drugs); ASCO irAE guidance; pneumonitis/ILD warnings in the trastuzumab emtansine, gemcitabine, alpelisib and olaparib labels",
        reference: "warning-signs-v2.md line 165: Amber rules, A-PNEUMONITIS",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::AHandFoot,
        level: Level::Amber,
        subjects: &[Subject::HandFoot],
        condition: "hand-foot ≥ 2 when capecitabine is listed; the message says to stop taking capecitabine until you have spoken to your care team",
        source: "capecitabine label; CTCAE PPE grade 2",
        reference: "warning-signs-v2.md line 166: Amber rules, A-HAND-FOOT",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::AMouth,
        level: Level::Amber,
        subjects: &[Subject::MouthSores],
        condition: "mouth sores ≥ 2 when capecitabine is listed; the message says to stop taking capecitabine until you have spoken to your care team",
        source: "capecitabine label",
        reference: "warning-signs-v2.md line 167: Amber rules, A-MOUTH",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::ANeuropathy,
        level: Level::Amber,
        subjects: &[Subject::Numbness],
        condition: "numbness/tingling ≥ 3 (limits daily tasks) when taxane or eribulin is listed",
        source: "CTCAE v5 neuropathy grade 3",
        reference: "warning-signs-v2.md line 168: Amber rules, A-NEUROPATHY",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::ABruising,
        level: Level::Amber,
        subjects: &[Subject::Bleeding],
        condition: "sign bruising (new bruises or nosebleeds), whenever it is given",
        source: "low platelets; liver synthetic failure",
        reference: "warning-signs-v2.md line 169: Amber rules, A-BRUISING",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::ALab,
        level: Level::Amber,
        subjects: &[Subject::Labs],
        condition: "the newest result of a test in the last 7 days graded CTCAE v5.0 ≥ 3, or Hy's law (the newest ALT or AST > 3 × ULN and the newest bilirubin > 2 × ULN, taken the same day)",
        source: "CTCAE v5.0; FDA DILI guidance",
        reference: "warning-signs-v2.md line 170: Amber rules, A-LAB (and Labs)",
        evaluation: Evaluation::Labs,
    },
    RuleInfo {
        id: RuleId::ANoReport,
        level: Level::Amber,
        subjects: &[Subject::Reporting],
        condition: "no report for 3 days (72 h) while reminders are on; shown to the caregiver and the care team, not a patient alert; raised once per silence when sync runs and sent to the care team as a Task when sync is on",
        source: "stale-data alarms (remote-monitoring practice)",
        reference: "warning-signs-v2.md line 171: Amber rules, A-NO-REPORT",
        evaluation: Evaluation::NoReport,
    },
    RuleInfo {
        id: RuleId::ASelfHarm,
        level: Level::Amber,
        subjects: &[Subject::Mood],
        condition: "weekly check-in: self-harm thoughts = yes; the message also says to call the emergency number now if there is a risk of acting on them",
        source: "PHQ-9 item 9 practice; NICE CG91",
        reference: "warning-signs-v2.md line 251: Weekly check-in, A-SELF-HARM",
        evaluation: Evaluation::Checkin,
    },
    RuleInfo {
        id: RuleId::AFunction,
        level: Level::Amber,
        subjects: &[Subject::Function],
        condition: "weekly check-in: function ≥ 3 and at least 2 above the previous check-in's function (the newest in the 28 days before), or function = 4 with no previous check-in",
        source: "ECOG performance status (Oken 1982)",
        reference: "warning-signs-v2.md line 252: Weekly check-in, A-FUNCTION",
        evaluation: Evaluation::Checkin,
    },
    RuleInfo {
        id: RuleId::GSelfCare,
        level: Level::Green,
        subjects: SELF_CARE_SUBJECTS,
        condition: "a rating of 1–2, 1–3 stools above usual, or 1 vomiting episode, on a subject that has no amber or red alert in this report: the self-care advice for that subject (a rating of 2 is called moderate, never mild; with checkpoint_inhibitor listed the bowel advice suggests no anti-diarrhoea medicine)",
        source: "eRAPID (Absolom 2021): self-care advice for mild/moderate symptoms",
        reference: "warning-signs-v2.md line 175: Green, G-SELF-CARE",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::GWeightLoss,
        level: Level::Green,
        subjects: &[Subject::Weight],
        condition: "the report's weight ≤ 95 % of the profile's baseline weight (the boundary counts)",
        source: "Fearon et al. 2011 (cachexia: more than 5 % loss)",
        reference: "warning-signs-v2.md line 179: Green, G-WEIGHT-LOSS",
        evaluation: Evaluation::Triage,
    },
    RuleInfo {
        id: RuleId::GMood,
        level: Level::Green,
        subjects: &[Subject::Mood],
        condition: "weekly check-in: PHQ-2 total ≥ 3 or GAD-2 total ≥ 3 (only a patient's check-in has them)",
        source: "Kroenke 2003 (PHQ-2), 2007 (GAD-2)",
        reference: "warning-signs-v2.md line 253: Weekly check-in, G-MOOD",
        evaluation: Evaluation::Checkin,
    },
    RuleInfo {
        id: RuleId::GLab,
        level: Level::Green,
        subjects: &[Subject::Labs],
        condition: "the newest result of a test in the last 7 days graded CTCAE v5.0 grade 1–2; the message names the grade",
        source: "CTCAE v5.0",
        reference: "warning-signs-v2.md line 183: Green, G-LAB",
        evaluation: Evaluation::Labs,
    },
    RuleInfo {
        id: RuleId::GEating,
        level: Level::Green,
        subjects: &[Subject::Eating],
        condition: "weekly check-in: eating ≥ 2 (about half of usual or less)",
        source: "seed Table 2 (nutritional status); ESPEN 2021 cancer nutrition",
        reference: "warning-signs-v2.md line 254: Weekly check-in, G-EATING",
        evaluation: Evaluation::Checkin,
    },
    RuleInfo {
        id: RuleId::GSocial,
        level: Level::Green,
        subjects: &[Subject::Social],
        condition: "weekly check-in: social ≥ 3",
        source: "seed Table 2 (social/family roles)",
        reference: "warning-signs-v2.md line 255: Weekly check-in, G-SOCIAL",
        evaluation: Evaluation::Checkin,
    },
    RuleInfo {
        id: RuleId::GCaregiver,
        level: Level::Green,
        subjects: &[Subject::Caregiver],
        condition: "weekly check-in: caregiver strain ≥ 3",
        source: "seed Table 2 (burden perception)",
        reference: "warning-signs-v2.md line 256: Weekly check-in, G-CAREGIVER",
        evaluation: Evaluation::Checkin,
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
         Every rule comes from `shared/clinical/warning-signs-v2.md` (the clinical reference, \
         ruleset v2), and every threshold is the reference's. Labs are graded with \
         CTCAE v5.0 (not v6.0). Alerts saved under ruleset v1 keep their rule ids.\n\n\
         Conventions the engine follows:\n\n\
         - The triaged report is the latest one (greatest instant; on a tie, the later in the \
         document).\n\
         - The window is the reports recorded in [t − 168 h, t), t being the triaged report's \
         instant. A baseline is the median of a rating over the window's reports that answered \
         it, and needs at least 2 of them. An item is new when no window report had it above 0.\n\
         - Lab results count when taken from D − 7 days to D, D being the triaged report's \
         date in its own offset; of each test only the newest result counts (greatest \
         `taken_on`; on the same day, the later one). Labs entered without a report are \
         triaged at once as of D = their newest `taken_on`, with A-LAB and G-LAB alone.\n\
         - A weekly check-in is judged against the previous check-in: the newest one answered \
         in [t − 28 days, t). Its level is the highest of its alerts; it is never red.\n\
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
    out.push_str("\n## Subjects\n\n");
    out.push_str(
        "What each item of a report can raise an alert about (`rules::subjects_of`), its own \
         subject first, then the combined rules it takes part in:\n\n",
    );
    out.push_str("| item | subjects |\n|---|---|\n");
    let mut items: Vec<(String, super::subjects::Input)> = Rating::ALL
        .iter()
        .map(|r| (format!("rating `{r}`"), super::subjects::Input::Rating(*r)))
        .collect();
    items.push((
        "`stools_above_usual`".into(),
        super::subjects::Input::Stools,
    ));
    items.push((
        "`vomiting_episodes`".into(),
        super::subjects::Input::Vomiting,
    ));
    items.push((
        "`temperature_c`".into(),
        super::subjects::Input::Temperature,
    ));
    items.push(("`weight_kg`".into(), super::subjects::Input::Weight));
    items.extend(
        Sign::ALL
            .iter()
            .map(|s| (format!("sign `{s}`"), super::subjects::Input::Sign(*s))),
    );
    for (name, input) in items {
        let subjects: Vec<String> = super::subjects::subjects_of(input)
            .iter()
            .map(|s| format!("`{s}`"))
            .collect();
        out.push_str(&format!("| {name} | {} |\n", subjects.join(", ")));
    }
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
