//! The diary's domain model: one patient's profile, reports, lab results and weekly
//! check-ins, plus the results of triage. These types are the vocabulary of the interchange
//! format (`docs/diary-json.md`; version 2 adds therapies, the rating `rash`, six signs and
//! check-ins); every enum's string form is the spec's spelling, so the model, the JSON
//! format and the database all use the same words. The words a version 1 document may not
//! hold are listed here too (`NEW_IN_V2`), so the reader and the writer agree on them.

use chrono::{DateTime, FixedOffset, NaiveDate};
use std::collections::BTreeMap;
use std::fmt;

use crate::vocabulary::vocabulary;

vocabulary!(
    /// A class of anticancer drug the patient is currently taking.
    Therapy {
        Taxane => "taxane",
        Capecitabine => "capecitabine",
        Eribulin => "eribulin",
        Anthracycline => "anthracycline",
        Platinum => "platinum",
        Vinorelbine => "vinorelbine",
        Gemcitabine => "gemcitabine",
        Her2Antibody => "her2_antibody",
        TDxd => "t_dxd",
        TDm1 => "t_dm1",
        Sacituzumab => "sacituzumab",
        Cdk46Inhibitor => "cdk46_inhibitor",
        Abemaciclib => "abemaciclib",
        ParpInhibitor => "parp_inhibitor",
        Pi3kAktInhibitor => "pi3k_akt_inhibitor",
        CheckpointInhibitor => "checkpoint_inhibitor",
        Endocrine => "endocrine",
        Other => "other",
    }
);

vocabulary!(
    /// An anticancer drug by name, as the patient picks it: each belongs to one
    /// [`Therapy`] class (warning-signs-v2.md, *Therapy classes*), and the classes are what
    /// the rules read. `other` is any other anticancer treatment.
    Drug {
        Paclitaxel => "paclitaxel",
        Docetaxel => "docetaxel",
        NabPaclitaxel => "nab_paclitaxel",
        Capecitabine => "capecitabine",
        Eribulin => "eribulin",
        Doxorubicin => "doxorubicin",
        Epirubicin => "epirubicin",
        LiposomalDoxorubicin => "liposomal_doxorubicin",
        Carboplatin => "carboplatin",
        Cisplatin => "cisplatin",
        Vinorelbine => "vinorelbine",
        Gemcitabine => "gemcitabine",
        Trastuzumab => "trastuzumab",
        Pertuzumab => "pertuzumab",
        TrastuzumabDeruxtecan => "trastuzumab_deruxtecan",
        TrastuzumabEmtansine => "trastuzumab_emtansine",
        SacituzumabGovitecan => "sacituzumab_govitecan",
        Palbociclib => "palbociclib",
        Ribociclib => "ribociclib",
        Abemaciclib => "abemaciclib",
        Olaparib => "olaparib",
        Talazoparib => "talazoparib",
        Alpelisib => "alpelisib",
        Capivasertib => "capivasertib",
        Inavolisib => "inavolisib",
        Pembrolizumab => "pembrolizumab",
        Atezolizumab => "atezolizumab",
        Letrozole => "letrozole",
        Anastrozole => "anastrozole",
        Exemestane => "exemestane",
        Tamoxifen => "tamoxifen",
        Fulvestrant => "fulvestrant",
        Other => "other",
    }
);

impl Drug {
    /// The drug's class: the reference's therapy table, row by row.
    pub fn class(self) -> Therapy {
        use Drug::*;
        match self {
            Paclitaxel | Docetaxel | NabPaclitaxel => Therapy::Taxane,
            Capecitabine => Therapy::Capecitabine,
            Eribulin => Therapy::Eribulin,
            Doxorubicin | Epirubicin | LiposomalDoxorubicin => Therapy::Anthracycline,
            Carboplatin | Cisplatin => Therapy::Platinum,
            Vinorelbine => Therapy::Vinorelbine,
            Gemcitabine => Therapy::Gemcitabine,
            Trastuzumab | Pertuzumab => Therapy::Her2Antibody,
            TrastuzumabDeruxtecan => Therapy::TDxd,
            TrastuzumabEmtansine => Therapy::TDm1,
            SacituzumabGovitecan => Therapy::Sacituzumab,
            Palbociclib | Ribociclib => Therapy::Cdk46Inhibitor,
            Abemaciclib => Therapy::Abemaciclib,
            Olaparib | Talazoparib => Therapy::ParpInhibitor,
            Alpelisib | Capivasertib | Inavolisib => Therapy::Pi3kAktInhibitor,
            Pembrolizumab | Atezolizumab => Therapy::CheckpointInhibitor,
            Letrozole | Anastrozole | Exemestane | Tamoxifen | Fulvestrant => Therapy::Endocrine,
            Other => Therapy::Other,
        }
    }
}

impl Therapy {
    /// The classes a version 1 document may not name (diary-json-v2.md, *Additions*).
    pub const NEW_IN_V2: &'static [Therapy] = &[
        Therapy::Abemaciclib,
        Therapy::TDm1,
        Therapy::Sacituzumab,
        Therapy::Vinorelbine,
        Therapy::Gemcitabine,
        Therapy::ParpInhibitor,
        Therapy::Pi3kAktInhibitor,
    ];

    /// Whether the therapy lowers blood counts, which lowers the fever threshold (R-FEVER)
    /// and makes a low temperature a red flag (R-HYPOTHERMIA): the reference's therapy
    /// table, where `other` counts (an unknown treatment gets the safer threshold).
    pub fn is_myelosuppressive(self) -> bool {
        match self {
            Therapy::Taxane
            | Therapy::Capecitabine
            | Therapy::Eribulin
            | Therapy::Anthracycline
            | Therapy::Platinum
            | Therapy::Vinorelbine
            | Therapy::Gemcitabine
            | Therapy::TDxd
            | Therapy::TDm1
            | Therapy::Sacituzumab
            | Therapy::Cdk46Inhibitor
            | Therapy::Abemaciclib
            | Therapy::ParpInhibitor
            | Therapy::Other => true,
            Therapy::Her2Antibody
            | Therapy::Pi3kAktInhibitor
            | Therapy::CheckpointInhibitor
            | Therapy::Endocrine => false,
        }
    }
}

vocabulary!(
    /// A symptom rated on the 0–4 verbal scale.
    Rating {
        Fatigue => "fatigue",
        Pain => "pain",
        Itching => "itching",
        Jaundice => "jaundice",
        AppetiteLoss => "appetite_loss",
        Nausea => "nausea",
        AbdominalPain => "abdominal_pain",
        MouthSores => "mouth_sores",
        HandFoot => "hand_foot",
        Numbness => "numbness",
        ShortnessOfBreath => "shortness_of_breath",
        Cough => "cough",
        AbdominalSwelling => "abdominal_swelling",
        LegSwelling => "leg_swelling",
        Constipation => "constipation",
        Insomnia => "insomnia",
        Anxiety => "anxiety",
        LowMood => "low_mood",
        Rash => "rash",
    }
);

impl Rating {
    /// The ratings a version 1 document may not hold.
    pub const NEW_IN_V2: &'static [Rating] = &[Rating::Rash];

    /// The top of the 0–4 verbal scale (none, mild, moderate, severe, very severe).
    pub const MAX: u8 = 4;

    /// The five items every daily report asks; the rest open on "Something else?".
    pub const CORE: &'static [Rating] = &[
        Rating::Fatigue,
        Rating::Pain,
        Rating::Itching,
        Rating::Jaundice,
        Rating::AppetiteLoss,
    ];
}

vocabulary!(
    /// A yes/no red-flag sign.
    Sign {
        DarkUrine => "dark_urine",
        PaleStools => "pale_stools",
        BlackStools => "black_stools",
        VomitingBlood => "vomiting_blood",
        Bruising => "bruising",
        UncontrolledBleeding => "uncontrolled_bleeding",
        Confusion => "confusion",
        ChestPain => "chest_pain",
        Shivering => "shivering",
        UnableToKeepFluids => "unable_to_keep_fluids",
        BreathlessAtRest => "breathless_at_rest",
        BloodInStool => "blood_in_stool",
        DayNightReversal => "day_night_reversal",
        NewForgetfulness => "new_forgetfulness",
        HandFlap => "hand_flap",
        VeryThirsty => "very_thirsty",
        SkinBlisters => "skin_blisters",
    }
);

impl Sign {
    /// The signs a version 1 document may not hold.
    pub const NEW_IN_V2: &'static [Sign] = &[
        Sign::BloodInStool,
        Sign::DayNightReversal,
        Sign::NewForgetfulness,
        Sign::HandFlap,
        Sign::VeryThirsty,
        Sign::SkinBlisters,
    ];
}

vocabulary!(
    /// Who filled in a report.
    Reporter {
        Patient => "patient",
        Caregiver => "caregiver",
    }
);

vocabulary!(
    /// A laboratory test the diary understands.
    LabTest {
        Bilirubin => "bilirubin",
        Alt => "alt",
        Ast => "ast",
        Alp => "alp",
        Albumin => "albumin",
        Platelets => "platelets",
        Neutrophils => "neutrophils",
    }
);

vocabulary!(
    /// A unit a lab result may be written in. Which units fit which test is
    /// [`LabTest::allows_unit`]'s business.
    LabUnit {
        UmolPerL => "umol/L",
        MgPerDl => "mg/dL",
        UPerL => "U/L",
        GPerL => "g/L",
        GPerDl => "g/dL",
        E9PerL => "10^9/L",
        E3PerUl => "10^3/uL",
    }
);

impl LabUnit {
    /// How the unit is written for a person (the spec's spelling is ASCII): `µmol/L`,
    /// `×10⁹/L`.
    pub fn symbol(self) -> &'static str {
        match self {
            LabUnit::UmolPerL => "µmol/L",
            LabUnit::MgPerDl => "mg/dL",
            LabUnit::UPerL => "U/L",
            LabUnit::GPerL => "g/L",
            LabUnit::GPerDl => "g/dL",
            LabUnit::E9PerL => "×10⁹/L",
            LabUnit::E3PerUl => "×10³/µL",
        }
    }
}

impl LabTest {
    /// The units the spec allows for this test.
    pub fn units(self) -> &'static [LabUnit] {
        match self {
            LabTest::Bilirubin => &[LabUnit::UmolPerL, LabUnit::MgPerDl],
            LabTest::Alt | LabTest::Ast | LabTest::Alp => &[LabUnit::UPerL],
            LabTest::Albumin => &[LabUnit::GPerL, LabUnit::GPerDl],
            LabTest::Platelets | LabTest::Neutrophils => &[LabUnit::E9PerL, LabUnit::E3PerUl],
        }
    }

    /// Whether `unit` is one of this test's units.
    pub fn allows_unit(self, unit: LabUnit) -> bool {
        self.units().contains(&unit)
    }

    /// Whether the spec requires `ref_high` (tests graded against the upper limit).
    pub fn needs_ref_high(self) -> bool {
        matches!(
            self,
            LabTest::Bilirubin | LabTest::Alt | LabTest::Ast | LabTest::Alp
        )
    }

    /// Whether the spec requires `ref_low` (tests graded when low).
    pub fn needs_ref_low(self) -> bool {
        !self.needs_ref_high()
    }
}

/// The patient's profile. Every field is optional, as in the interchange format; the
/// accessors supply the spec's defaults.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Profile {
    pub therapies: Vec<Therapy>,
    pub usual_stools_per_day: Option<u32>,
    pub baseline_weight_kg: Option<f64>,
    pub biliary_stent: Option<bool>,
    /// The care team's fever threshold; it replaces both of the ruleset's defaults.
    pub fever_threshold_c: Option<f64>,
    /// The care team's office hours (a team setting); `None`: not set, and an amber shows
    /// the 24-hour line first.
    pub office_hours: Option<OfficeHours>,
}

impl Profile {
    pub fn takes(&self, therapy: Therapy) -> bool {
        self.therapies.contains(&therapy)
    }

    /// Whether the care team's office is open at `at` ([`OfficeHours::is_open`]); `false`
    /// when no office hours are set (the number that always answers goes first when the
    /// app cannot know).
    pub fn office_open(&self, at: DateTime<FixedOffset>) -> bool {
        self.office_hours.as_ref().is_some_and(|h| h.is_open(at))
    }

    pub fn on_myelosuppressive(&self) -> bool {
        self.therapies.iter().any(|t| t.is_myelosuppressive())
    }

    pub fn has_biliary_stent(&self) -> bool {
        self.biliary_stent.unwrap_or(false)
    }

    pub fn usual_stools(&self) -> u32 {
        self.usual_stools_per_day.unwrap_or(1)
    }
}

vocabulary!(
    /// A day of the care team's office hours, as the format spells it (`profile.office_hours.days`),
    /// Monday first.
    OfficeDay {
        Mon => "mon",
        Tue => "tue",
        Wed => "wed",
        Thu => "thu",
        Fri => "fri",
        Sat => "sat",
        Sun => "sun",
    }
);

impl OfficeDay {
    /// The same day as chrono names it.
    pub fn to_chrono(self) -> chrono::Weekday {
        match self {
            OfficeDay::Mon => chrono::Weekday::Mon,
            OfficeDay::Tue => chrono::Weekday::Tue,
            OfficeDay::Wed => chrono::Weekday::Wed,
            OfficeDay::Thu => chrono::Weekday::Thu,
            OfficeDay::Fri => chrono::Weekday::Fri,
            OfficeDay::Sat => chrono::Weekday::Sat,
            OfficeDay::Sun => chrono::Weekday::Sun,
        }
    }
}

/// The care team's office hours (warning-signs-v3.md, *Levels*, "Office hours"): the days of
/// the week it is open and one opening and closing time for all of them, on the clock of
/// the moment judged. Times are minutes after midnight; `close` may be 1440 (24:00) and is
/// always after `open` (no office hours past midnight: the 24-hour line covers nights).
/// The format's reader ([`crate::json`]) is what checks a value; this type only judges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeHours {
    /// The days, each once, in the order given.
    pub days: Vec<OfficeDay>,
    /// The opening time, minutes after midnight: 0 (00:00) to 1439 (23:59).
    pub open: u16,
    /// The closing time, minutes after midnight: 1 (00:01) to 1440 (24:00), after `open`.
    pub close: u16,
}

/// The last minute of a day as a closing time: 24:00.
pub const MIDNIGHT_CLOSE: u16 = 24 * 60;

impl OfficeHours {
    /// Whether `at` is inside the office hours: on the clock of `at`'s own offset, its
    /// weekday is one of the days and `open ≤ time < close` (the reference's *Levels*).
    pub fn is_open(&self, at: DateTime<FixedOffset>) -> bool {
        use chrono::{Datelike, Timelike};
        let local = at.naive_local();
        // Whole minutes suffice: open and close are whole minutes, so 16:59:59 is before
        // 17:00 exactly when 16:59 is.
        let minute = (local.hour() * 60 + local.minute()) as u16;
        self.days.iter().any(|d| d.to_chrono() == local.weekday())
            && self.open <= minute
            && minute < self.close
    }

    /// A time as the format writes it, `HH:MM` (1440 is `24:00`).
    pub fn time(minutes: u16) -> String {
        format!("{:02}:{:02}", minutes / 60, minutes % 60)
    }

    /// Reads `HH:MM` (two digits each, 00:00 to 24:00) as minutes after midnight; `None`
    /// for anything else. Which of these a field allows is the format's check.
    pub fn parse_time(text: &str) -> Option<u16> {
        let b = text.as_bytes();
        if b.len() != 5 || b[2] != b':' || ![0, 1, 3, 4].iter().all(|&i| b[i].is_ascii_digit()) {
            return None;
        }
        let hours = u16::from(b[0] - b'0') * 10 + u16::from(b[1] - b'0');
        let minutes = u16::from(b[3] - b'0') * 10 + u16::from(b[4] - b'0');
        match (hours, minutes) {
            (0..=23, 0..=59) | (24, 0) => Some(hours * 60 + minutes),
            _ => None,
        }
    }
}

/// One daily report.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The report's stable id (a lower-case UUID), kept across export and import; `None`
    /// until the diary gives it one.
    pub id: Option<String>,
    /// When the report was made, with the offset the reporter's clock had.
    pub recorded_at: DateTime<FixedOffset>,
    pub reporter: Reporter,
    /// Only the items that were asked; an absent key was not asked.
    pub ratings: BTreeMap<Rating, u8>,
    pub stools_above_usual: Option<u32>,
    pub vomiting_episodes: Option<u32>,
    pub temperature_c: Option<f64>,
    pub weight_kg: Option<f64>,
    /// Distinct signs, in the order they were given.
    pub signs: Vec<Sign>,
    pub note: Option<String>,
    /// Whether the warning-sign checklist was answered (signs ticked, or "none of
    /// these"); a report that was not never says "nothing needs action".
    pub screened: bool,
}

impl Report {
    /// An empty report made by the patient at `recorded_at`.
    pub fn new(recorded_at: DateTime<FixedOffset>) -> Report {
        Report {
            id: None,
            recorded_at,
            reporter: Reporter::Patient,
            ratings: BTreeMap::new(),
            stools_above_usual: None,
            vomiting_episodes: None,
            temperature_c: None,
            weight_kg: None,
            signs: Vec::new(),
            note: None,
            screened: false,
        }
    }

    pub fn rating(&self, item: Rating) -> Option<u8> {
        self.ratings.get(&item).copied()
    }

    pub fn has_sign(&self, sign: Sign) -> bool {
        self.signs.contains(&sign)
    }
}

/// One lab result copied from a lab sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct LabResult {
    /// The result's stable id (a lower-case UUID), kept across export and import; `None`
    /// until the diary gives it one.
    pub id: Option<String>,
    pub taken_on: NaiveDate,
    pub test: LabTest,
    pub value: f64,
    pub unit: LabUnit,
    pub ref_low: Option<f64>,
    pub ref_high: Option<f64>,
    /// The patient's pre-treatment value, for CTCAE's baseline-abnormal grading.
    pub baseline: Option<f64>,
}

/// One weekly check-in (diary-json-v2.md, `checkins`; the clinical reference's *Weekly
/// check-in*). PHQ-2, GAD-2 and self-harm thoughts are about the patient and answered only
/// by the patient; function, social and eating are about the patient, whoever answers;
/// caregiver strain is the caregiver's own.
#[derive(Debug, Clone, PartialEq)]
pub struct Checkin {
    /// The check-in's stable id (a lower-case UUID), kept across export and import; `None`
    /// until the diary gives it one.
    pub id: Option<String>,
    /// When it was answered, with the offset the answerer's clock had.
    pub answered_at: DateTime<FixedOffset>,
    pub reporter: Reporter,
    /// The two PHQ-2 items, each 0–3 (the patient's check-in only).
    pub phq2: Option<[u8; 2]>,
    /// The two GAD-2 items, each 0–3 (the patient's check-in only).
    pub gad2: Option<[u8; 2]>,
    /// Asked only when the PHQ-2 total is ≥ 3; absent: not asked.
    pub self_harm_thoughts: Option<bool>,
    /// ECOG performance status as the patient or caregiver rates it, 0–4.
    pub function: u8,
    /// How much the illness kept the patient from people and things they enjoy, 0–4.
    pub social: u8,
    /// How much the patient ate compared with usual: 0 as usual … 3 very little.
    pub eating: u8,
    /// The caregiver's own strain, 0–4 (a caregiver's check-in only).
    pub caregiver_strain: Option<u8>,
}

impl Checkin {
    /// The PHQ-2 total (0–6), when asked.
    pub fn phq2_total(&self) -> Option<u8> {
        self.phq2.map(|[a, b]| a + b)
    }

    /// The GAD-2 total (0–6), when asked.
    pub fn gad2_total(&self) -> Option<u8> {
        self.gad2.map(|[a, b]| a + b)
    }

    /// Its scores in the care team's short form, in order: "PHQ-2 4/6", "GAD-2 1/6",
    /// "function 2/4", "social 1/4", "eating 2/3", "caregiver strain 3/4".
    pub fn scores(&self) -> Vec<String> {
        let mut scores = Vec::new();
        if let Some(t) = self.phq2_total() {
            scores.push(format!("PHQ-2 {t}/6"));
        }
        if let Some(t) = self.gad2_total() {
            scores.push(format!("GAD-2 {t}/6"));
        }
        scores.push(format!("function {}/4", self.function));
        scores.push(format!("social {}/4", self.social));
        scores.push(format!("eating {}/3", self.eating));
        if let Some(s) = self.caregiver_strain {
            scores.push(format!("caregiver strain {s}/4"));
        }
        scores
    }

    /// Whether the self-harm question is asked: of a patient whose PHQ-2 total is ≥ 3
    /// (warning-signs-v2.md, *Weekly check-in*).
    pub fn asks_self_harm(&self) -> bool {
        self.reporter == Reporter::Patient
            && self
                .phq2_total()
                .is_some_and(|t| t >= SELF_HARM_ASKED_FROM_PHQ2)
    }
}

/// The PHQ-2 total from which the self-harm question is asked.
pub const SELF_HARM_ASKED_FROM_PHQ2: u8 = 3;

vocabulary!(
    /// A day of the week (the weekly check-in's reminder day), Monday first.
    Weekday {
        Monday => "monday",
        Tuesday => "tuesday",
        Wednesday => "wednesday",
        Thursday => "thursday",
        Friday => "friday",
        Saturday => "saturday",
        Sunday => "sunday",
    }
);

impl Weekday {
    /// The same day as chrono names it.
    pub fn to_chrono(self) -> chrono::Weekday {
        match self {
            Weekday::Monday => chrono::Weekday::Mon,
            Weekday::Tuesday => chrono::Weekday::Tue,
            Weekday::Wednesday => chrono::Weekday::Wed,
            Weekday::Thursday => chrono::Weekday::Thu,
            Weekday::Friday => chrono::Weekday::Fri,
            Weekday::Saturday => chrono::Weekday::Sat,
            Weekday::Sunday => chrono::Weekday::Sun,
        }
    }
}

/// The answers of one check-in question, in the order they are offered. Every list the
/// check-in screen, the CLI and the FHIR mapping show comes from here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckinItem {
    /// PHQ-2 item 1: little interest or pleasure in doing things.
    Phq2Interest,
    /// PHQ-2 item 2: feeling down, depressed or hopeless.
    Phq2Down,
    /// GAD-2 item 1: feeling nervous, anxious or on edge.
    Gad2Nervous,
    /// GAD-2 item 2: not being able to stop or control worrying.
    Gad2Worry,
    /// Thoughts of being better off dead or of hurting yourself (yes / no).
    SelfHarm,
    /// ECOG as the patient or caregiver rates it.
    Function,
    Social,
    Eating,
    CaregiverStrain,
}

impl CheckinItem {
    /// Every item, in the order the check-in asks them.
    pub const ALL: &'static [CheckinItem] = &[
        CheckinItem::Phq2Interest,
        CheckinItem::Phq2Down,
        CheckinItem::Gad2Nervous,
        CheckinItem::Gad2Worry,
        CheckinItem::SelfHarm,
        CheckinItem::Function,
        CheckinItem::Social,
        CheckinItem::Eating,
        CheckinItem::CaregiverStrain,
    ];

    /// The spelling used in keys (`checkin.<item>`) and element ids.
    pub fn as_str(self) -> &'static str {
        match self {
            CheckinItem::Phq2Interest => "phq2_interest",
            CheckinItem::Phq2Down => "phq2_down",
            CheckinItem::Gad2Nervous => "gad2_nervous",
            CheckinItem::Gad2Worry => "gad2_worry",
            CheckinItem::SelfHarm => "self_harm",
            CheckinItem::Function => "function",
            CheckinItem::Social => "social",
            CheckinItem::Eating => "eating",
            CheckinItem::CaregiverStrain => "caregiver_strain",
        }
    }

    /// The highest answer (answers run from 0; self-harm: 0 no, 1 yes).
    pub fn max(self) -> u8 {
        match self {
            CheckinItem::Phq2Interest
            | CheckinItem::Phq2Down
            | CheckinItem::Gad2Nervous
            | CheckinItem::Gad2Worry
            | CheckinItem::Eating => 3,
            CheckinItem::SelfHarm => 1,
            CheckinItem::Function | CheckinItem::Social | CheckinItem::CaregiverStrain => 4,
        }
    }

    /// Who is asked: PHQ-2, GAD-2 and self-harm only the patient, caregiver strain only a
    /// caregiver, the rest anyone.
    pub fn asked_of(self, reporter: Reporter) -> bool {
        match self {
            CheckinItem::Phq2Interest
            | CheckinItem::Phq2Down
            | CheckinItem::Gad2Nervous
            | CheckinItem::Gad2Worry
            | CheckinItem::SelfHarm => reporter == Reporter::Patient,
            CheckinItem::CaregiverStrain => reporter == Reporter::Caregiver,
            CheckinItem::Function | CheckinItem::Social | CheckinItem::Eating => true,
        }
    }

    /// The answer scale's key prefix: `checkin.scale.<scale>.<n>` names answer n.
    pub fn scale(self) -> &'static str {
        match self {
            CheckinItem::Phq2Interest
            | CheckinItem::Phq2Down
            | CheckinItem::Gad2Nervous
            | CheckinItem::Gad2Worry => "frequency",
            CheckinItem::SelfHarm => "yes_no",
            CheckinItem::Function => "function",
            CheckinItem::Social => "social",
            CheckinItem::Eating => "eating",
            CheckinItem::CaregiverStrain => "strain",
        }
    }
}

/// How many days after a check-in the next one is due.
pub const CHECKIN_DUE_DAYS: i64 = 7;

/// The longest cycle the diary accepts, in days.
pub const MAX_CYCLE_DAYS: u32 = 90;

/// One course of treatment; which cycle and day a date falls in is `courses`' arithmetic.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Course {
    /// The course's stable id (a lower-case UUID), once saved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The drugs given in it, by name.
    pub drugs: Vec<Drug>,
    /// Day 1 of cycle 1.
    pub started_on: NaiveDate,
    /// The cycle length in days; `None` for a continuous treatment (a daily tablet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cycle_days: Option<u32>,
    /// The last day of the course, once it has stopped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended_on: Option<NaiveDate>,
}

/// Where a day falls in the courses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct CycleDay {
    /// The index of the course in the list given.
    pub course: usize,
    /// The cycle, from 1; `None` for a continuous course.
    pub cycle: Option<u32>,
    /// The day of the cycle from 1 (or of the course, when continuous).
    pub day: u32,
}

/// A whole diary as the interchange format carries it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    /// The diary's stable id (a lower-case UUID): what tells one person's diary from
    /// another's when an export is imported.
    pub diary_id: Option<String>,
    pub profile: Profile,
    pub reports: Vec<Report>,
    pub labs: Vec<LabResult>,
    /// The weekly check-ins (version 2), in the document's order.
    pub checkins: Vec<Checkin>,
    /// The treatment courses (version 3), in the document's order.
    pub courses: Vec<Course>,
}

vocabulary!(
    /// The id of a rule of the clinical reference. Alerts saved under an earlier ruleset
    /// keep their id, so an id is never removed from this list.
    RuleId {
        RFever => "R-FEVER",
        RHypothermia => "R-HYPOTHERMIA",
        RRigors => "R-RIGORS",
        RCholangitis => "R-CHOLANGITIS",
        RChest => "R-CHEST",
        RBreath => "R-BREATH",
        RConfusion => "R-CONFUSION",
        RGiBleed => "R-GI-BLEED",
        RBleed => "R-BLEED",
        RFluids => "R-FLUIDS",
        RDiarrhoea => "R-DIARRHOEA",
        RMouth => "R-MOUTH",
        RSkin => "R-SKIN",
        RJaundicePlus => "R-JAUNDICE-PLUS",
        RTwoAmber => "R-TWO-AMBER",
        AJaundiceNew => "A-JAUNDICE-NEW",
        ACholestasis => "A-CHOLESTASIS",
        AAscites => "A-ASCITES",
        ADiarrhoea => "A-DIARRHOEA",
        ADiarrhoeaAbema => "A-DIARRHOEA-ABEMA",
        ADiarrhoeaSaci => "A-DIARRHOEA-SACI",
        AColitisIci => "A-COLITIS-ICI",
        ABloodStool => "A-BLOOD-STOOL",
        AEarlyHe => "A-EARLY-HE",
        ARash => "A-RASH",
        AThirst => "A-THIRST",
        AVomit => "A-VOMIT",
        ASevere => "A-SEVERE",
        AWorse => "A-WORSE",
        APneumonitis => "A-PNEUMONITIS",
        AHandFoot => "A-HAND-FOOT",
        AMouth => "A-MOUTH",
        ANeuropathy => "A-NEUROPATHY",
        ABruising => "A-BRUISING",
        ALab => "A-LAB",
        ANoReport => "A-NO-REPORT",
        ASelfHarm => "A-SELF-HARM",
        AFunction => "A-FUNCTION",
        GSelfCare => "G-SELF-CARE",
        GWeightLoss => "G-WEIGHT-LOSS",
        GMood => "G-MOOD",
        GLab => "G-LAB",
        GEating => "G-EATING",
        GSocial => "G-SOCIAL",
        GCaregiver => "G-CAREGIVER",
    }
);

vocabulary!(
    /// What an alert is about (the reference's *Subject*): one alert per rule and subject,
    /// and ambers on two subjects escalate. Several ratings share a subject (`jaundice` →
    /// `liver`; `cough`, `shortness_of_breath` → `lungs`).
    Subject {
        Temperature => "temperature",
        Cholangitis => "cholangitis",
        Chest => "chest",
        Lungs => "lungs",
        Confusion => "confusion",
        Bleeding => "bleeding",
        Stomach => "stomach",
        Bowel => "bowel",
        MouthSores => "mouth_sores",
        Liver => "liver",
        Escalation => "escalation",
        Fluid => "fluid",
        HandFoot => "hand_foot",
        Numbness => "numbness",
        Labs => "labs",
        Reporting => "reporting",
        Weight => "weight",
        Fatigue => "fatigue",
        Pain => "pain",
        Itching => "itching",
        AppetiteLoss => "appetite_loss",
        AbdominalPain => "abdominal_pain",
        LegSwelling => "leg_swelling",
        Constipation => "constipation",
        Insomnia => "insomnia",
        Anxiety => "anxiety",
        LowMood => "low_mood",
        Skin => "skin",
        Thirst => "thirst",
        Mood => "mood",
        Function => "function",
        Eating => "eating",
        Social => "social",
        Caregiver => "caregiver",
    }
);

/// How urgently a report needs action. Ordered: `None < Green < Amber < Red`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    None,
    Green,
    Amber,
    Red,
}

impl Level {
    /// Every level, least urgent first.
    pub const ALL: &'static [Level] = &[Level::None, Level::Green, Level::Amber, Level::Red];

    pub fn as_str(self) -> &'static str {
        match self {
            Level::None => "none",
            Level::Green => "green",
            Level::Amber => "amber",
            Level::Red => "red",
        }
    }

    pub fn parse(text: &str) -> Option<Level> {
        match text {
            "none" => Some(Level::None),
            "green" => Some(Level::Green),
            "amber" => Some(Level::Amber),
            "red" => Some(Level::Red),
            _ => None,
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One rule that fired for one subject.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Alert {
    /// The rule id of the clinical reference, e.g. `R-FEVER`.
    pub rule: RuleId,
    pub level: Level,
    /// The subject of the clinical reference, e.g. `temperature`.
    pub subject: Subject,
    /// The numbers that triggered it against the rule's limits, for the care team's record:
    /// "temperature 37.8 °C ≥ 37.5 °C". The patient reads [`Alert::facts`].
    pub detail: String,
    /// The key of the patient-facing message in the message catalogue.
    pub message_key: String,
    /// The key of the self-care advice, when there is one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub advice_key: Option<String>,
    /// What triggered it, as facts the patient reads in their own language
    /// ([`Fact`], said by `messages::facts_words`); empty for an alert saved before facts were recorded. Not part
    /// of `diary check`'s output (diary-json-v2.md fixes that).
    #[serde(skip)]
    pub facts: Vec<Fact>,
}

/// Whose fever limit applied (warning-signs-v2.md, R-FEVER).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeverBasis {
    /// 38.0 °C.
    Standard,
    /// 37.5 °C on myelosuppressive therapy.
    Myelosuppressive,
    /// The threshold the care team set.
    CareTeam,
}

impl FeverBasis {
    /// Every basis, for the tests that prove each has its words.
    pub const ALL: &'static [FeverBasis] = &[
        FeverBasis::Standard,
        FeverBasis::Myelosuppressive,
        FeverBasis::CareTeam,
    ];

    /// The spelling in message keys: `fact.fever.<basis>`.
    pub fn as_str(self) -> &'static str {
        match self {
            FeverBasis::Standard => "standard",
            FeverBasis::Myelosuppressive => "myelosuppressive",
            FeverBasis::CareTeam => "care_team",
        }
    }

    /// The care team's words for it, as `Alert::detail` gives them.
    pub fn technical(self) -> &'static str {
        match self {
            FeverBasis::Standard => "threshold",
            FeverBasis::Myelosuppressive => "threshold on myelosuppressive therapy",
            FeverBasis::CareTeam => "the care team's threshold",
        }
    }
}

/// A screening score of the weekly check-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MoodScale {
    Phq2,
    Gad2,
}

impl MoodScale {
    pub const ALL: &'static [MoodScale] = &[MoodScale::Phq2, MoodScale::Gad2];

    /// The scale's published name: `PHQ-2`.
    pub fn name(self) -> &'static str {
        match self {
            MoodScale::Phq2 => "PHQ-2",
            MoodScale::Gad2 => "GAD-2",
        }
    }

    /// The spelling in message keys: `fact.mood.<key>`.
    pub fn key(self) -> &'static str {
        match self {
            MoodScale::Phq2 => "phq2",
            MoodScale::Gad2 => "gad2",
        }
    }
}

/// One thing that made a rule fire, with its numbers.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "fact", rename_all = "snake_case")]
pub enum Fact {
    /// A temperature at or above the fever limit.
    Fever {
        celsius: f64,
        limit: f64,
        basis: FeverBasis,
    },
    /// A temperature below 36.0 °C on myelosuppressive therapy.
    LowTemperature { celsius: f64 },
    /// A warning sign ticked in the checklist.
    Sign { sign: Sign },
    /// A rating as given.
    Rating { item: Rating, value: u8 },
    /// A rating above 0 with none in the week before.
    NewRating { item: Rating, value: u8 },
    /// A rating above what it usually was in the week before (the median).
    RisenRating { item: Rating, value: u8, usual: f64 },
    /// Vomiting episodes in 24 hours.
    Vomiting { count: u32 },
    /// Stools above the usual number in 24 hours.
    Stools { count: u32 },
    /// A treatment that makes the rule apply.
    Therapy { therapy: Therapy },
    /// A stent in the bile duct.
    Stent,
    /// Weight above the week's lowest.
    WeightGain { kg: f64, lowest: f64 },
    /// Weight at or below 95 % of the weight before treatment.
    WeightLoss { kg: f64, before: f64 },
    /// Whole days without a daily report.
    NoReport { days: i64 },
    /// Ambers on several subjects at once.
    SeveralAmbers { subjects: Vec<Subject> },
    /// A lab result outside its range, with its CTCAE grade.
    Lab {
        test: LabTest,
        value: f64,
        unit: LabUnit,
        grade: u8,
        taken_on: NaiveDate,
    },
    /// Hy's law: a liver enzyme and bilirubin both high on one day.
    HysLaw { taken_on: NaiveDate },
    /// Thoughts of self-harm, answered yes.
    SelfHarm,
    /// Everyday activity worse than at the previous check-in.
    FunctionFell { value: u8, before: u8 },
    /// Everyday activity at its worst (4) with no check-in to compare.
    FunctionWorst,
    /// A PHQ-2 or GAD-2 total.
    MoodScore { scale: MoodScale, total: u8 },
    /// How little the patient ate, 0–3.
    Eating { value: u8 },
    /// How much the illness kept the patient from people and things they enjoy, 0–4.
    Social { value: u8 },
    /// The caregiver's own strain, 0–4.
    CaregiverStrain { value: u8 },
}

/// The result of triaging one report.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Triage {
    pub level: Level,
    /// The version of the ruleset that produced this result.
    pub ruleset: String,
    /// Red first, then amber, then green.
    pub alerts: Vec<Alert>,
}

#[cfg(test)]
mod tests;
