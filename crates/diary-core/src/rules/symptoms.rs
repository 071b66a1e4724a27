//! The rules on what the patient reports: ratings, stool and vomiting counts, temperature,
//! weight and the red-flag signs, with the window's baselines and "new". It exists so that
//! each rule of the reference reads here as one short block next to its id.

use super::{fmt_dec, Collector, EPS};
use crate::model::{Profile, Rating, Report, RuleId, Sign, Subject, Therapy};

/// The subject of a rating (the reference's subject table).
pub fn rating_subject(item: Rating) -> Subject {
    match item {
        Rating::Fatigue => Subject::Fatigue,
        Rating::Pain => Subject::Pain,
        Rating::Itching => Subject::Itching,
        Rating::Jaundice => Subject::Liver,
        Rating::AppetiteLoss => Subject::AppetiteLoss,
        Rating::Nausea => Subject::Stomach,
        Rating::AbdominalPain => Subject::AbdominalPain,
        Rating::MouthSores => Subject::MouthSores,
        Rating::HandFoot => Subject::HandFoot,
        Rating::Numbness => Subject::Numbness,
        Rating::ShortnessOfBreath | Rating::Cough => Subject::Lungs,
        Rating::AbdominalSwelling => Subject::Fluid,
        Rating::LegSwelling => Subject::LegSwelling,
        Rating::Constipation => Subject::Constipation,
        Rating::Insomnia => Subject::Insomnia,
        Rating::Anxiety => Subject::Anxiety,
        Rating::LowMood => Subject::LowMood,
    }
}

/// A rating's name in plain words: "shortness of breath", "hand-foot".
pub fn rating_name(item: Rating) -> String {
    match item {
        Rating::HandFoot => "hand-foot".to_string(),
        other => other.as_str().replace('_', " "),
    }
}

/// The verbal scale's word for a rating.
pub fn rating_word(value: u8) -> &'static str {
    match value {
        0 => "none",
        1 => "mild",
        2 => "moderate",
        3 => "severe",
        _ => "very severe",
    }
}

/// The self-care advice key of a subject (`advice.<subject>`), when the reference gives
/// one: every rating's subject and `bowel`.
pub fn advice_key(subject: Subject) -> Option<&'static str> {
    Some(match subject {
        Subject::Fatigue => "advice.fatigue",
        Subject::Pain => "advice.pain",
        Subject::AbdominalPain => "advice.abdominal_pain",
        Subject::Itching => "advice.itching",
        Subject::Liver => "advice.liver",
        Subject::AppetiteLoss => "advice.appetite_loss",
        Subject::Stomach => "advice.stomach",
        Subject::Bowel => "advice.bowel",
        Subject::Constipation => "advice.constipation",
        Subject::MouthSores => "advice.mouth_sores",
        Subject::HandFoot => "advice.hand_foot",
        Subject::Numbness => "advice.numbness",
        Subject::Lungs => "advice.lungs",
        Subject::Fluid => "advice.fluid",
        Subject::LegSwelling => "advice.leg_swelling",
        Subject::Insomnia => "advice.insomnia",
        Subject::Anxiety => "advice.anxiety",
        Subject::LowMood => "advice.low_mood",
        _ => return None,
    })
}

/// The advice shown beside an amber on a rating's subject while the patient waits for the
/// team. The liver's self-care advice ("mention it at the next contact") would contradict
/// an amber, so that subject has none.
fn amber_advice(subject: Subject) -> Option<&'static str> {
    if subject == Subject::Liver {
        None
    } else {
        advice_key(subject)
    }
}

/// The earlier reports that baselines and "new" look at.
struct Window<'a> {
    reports: &'a [&'a Report],
}

impl Window<'_> {
    /// The median of `item` over the window's reports that answered it; at least 2 needed.
    fn baseline(&self, item: Rating) -> Option<(f64, usize)> {
        let mut values: Vec<u8> = self.reports.iter().filter_map(|r| r.rating(item)).collect();
        if values.len() < 2 {
            return None;
        }
        values.sort_unstable();
        let n = values.len();
        let median = if n % 2 == 1 {
            f64::from(values[n / 2])
        } else {
            (f64::from(values[n / 2 - 1]) + f64::from(values[n / 2])) / 2.0
        };
        Some((median, n))
    }

    /// Whether no window report had `item` above 0.
    fn is_new(&self, item: Rating) -> bool {
        !self
            .reports
            .iter()
            .any(|r| r.rating(item).is_some_and(|v| v > 0))
    }

    /// The lowest weight recorded in the window.
    fn lowest_weight(&self) -> Option<f64> {
        self.reports
            .iter()
            .filter_map(|r| r.weight_kg)
            .min_by(f64::total_cmp)
    }
}

/// "pain 3, baseline 1 (2 reports), risen 2".
fn rise_detail(item: Rating, value: u8, base: f64, n: usize) -> String {
    format!(
        "{} {value}, baseline {} ({n} reports), risen {}",
        rating_name(item),
        fmt_dec(base, 0),
        fmt_dec(f64::from(value) - base, 0)
    )
}

/// The fever threshold and the words that say where it comes from.
pub fn fever_threshold(profile: &Profile) -> (f64, &'static str) {
    match profile.fever_threshold_c {
        Some(c) => (c, "the care team's threshold"),
        None if profile.on_myelosuppressive() => (37.5, "threshold on myelosuppressive therapy"),
        None => (38.0, "threshold"),
    }
}

/// Applies every red and amber rule on the report itself, and the green G-WEIGHT-LOSS.
pub(super) fn apply(profile: &Profile, window: &[&Report], report: &Report, out: &mut Collector) {
    let window = Window { reports: window };
    let rating = |item: Rating| report.rating(item).unwrap_or(0);
    let sign = |s: Sign| report.has_sign(s);

    // Temperature.
    let (threshold, why) = fever_threshold(profile);
    let fever = report.temperature_c.filter(|t| *t >= threshold - EPS);
    if let Some(t) = fever {
        out.fire(
            RuleId::RFever,
            Subject::Temperature,
            format!(
                "temperature {} °C ≥ {} °C ({why})",
                fmt_dec(t, 1),
                fmt_dec(threshold, 1)
            ),
            None,
        );
    }
    if let Some(t) = report.temperature_c {
        if profile.on_myelosuppressive() && t < 36.0 - EPS {
            out.fire(
                RuleId::RHypothermia,
                Subject::Temperature,
                format!(
                    "temperature {} °C < 36.0 °C on myelosuppressive therapy",
                    fmt_dec(t, 1)
                ),
                None,
            );
        }
    }
    if sign(Sign::Shivering) {
        out.fire(
            RuleId::RRigors,
            Subject::Temperature,
            "shivering fits".into(),
            None,
        );
    }
    if let Some(t) = fever {
        let jaundice = rating(Rating::Jaundice);
        let belly = rating(Rating::AbdominalPain);
        let mut why = Vec::new();
        if jaundice >= 1 {
            why.push(format!("jaundice {jaundice} ≥ 1"));
        }
        if belly >= 2 {
            why.push(format!("abdominal pain {belly} ≥ 2"));
        }
        if !why.is_empty() {
            let stent = profile.has_biliary_stent();
            let mut detail = format!(
                "temperature {} °C ≥ {} °C with {}",
                fmt_dec(t, 1),
                fmt_dec(threshold, 1),
                why.join(" and ")
            );
            if stent {
                detail.push_str(", biliary stent in place");
            }
            let key = if stent {
                "alert.R-CHOLANGITIS.stent"
            } else {
                "alert.R-CHOLANGITIS"
            };
            out.fire_keyed(
                RuleId::RCholangitis,
                Subject::Cholangitis,
                detail,
                None,
                key,
            );
        }
    }

    // Chest, breath, confusion, bleeding.
    if sign(Sign::ChestPain) {
        out.fire(RuleId::RChest, Subject::Chest, "chest pain".into(), None);
    }
    if sign(Sign::BreathlessAtRest) {
        out.fire(
            RuleId::RBreath,
            Subject::Lungs,
            "breathless at rest".into(),
            None,
        );
    }
    if rating(Rating::ShortnessOfBreath) == 4 {
        out.fire(
            RuleId::RBreath,
            Subject::Lungs,
            "shortness of breath 4 (very severe) = 4".into(),
            None,
        );
    }
    if sign(Sign::Confusion) {
        out.fire(
            RuleId::RConfusion,
            Subject::Confusion,
            "confusion or unusual drowsiness".into(),
            None,
        );
    }
    if sign(Sign::BlackStools) {
        out.fire(
            RuleId::RGiBleed,
            Subject::Bleeding,
            "black tarry stools".into(),
            None,
        );
    }
    if sign(Sign::VomitingBlood) {
        out.fire(
            RuleId::RGiBleed,
            Subject::Bleeding,
            "vomiting blood".into(),
            None,
        );
    }
    if sign(Sign::UncontrolledBleeding) {
        out.fire(
            RuleId::RBleed,
            Subject::Bleeding,
            "bleeding that will not stop".into(),
            None,
        );
    }

    // Stomach and bowel.
    if sign(Sign::UnableToKeepFluids) {
        out.fire(
            RuleId::RFluids,
            Subject::Stomach,
            "cannot keep fluids down for 24 h".into(),
            None,
        );
    }
    let vomits = report.vomiting_episodes.unwrap_or(0);
    if vomits >= 6 {
        out.fire(
            RuleId::RFluids,
            Subject::Stomach,
            format!("{vomits} vomiting episodes in 24 h ≥ 6"),
            None,
        );
    } else if (2..=5).contains(&vomits) {
        out.fire(
            RuleId::AVomit,
            Subject::Stomach,
            format!("{vomits} vomiting episodes in 24 h, in 2–5"),
            amber_advice(Subject::Stomach),
        );
    }
    let stools = report.stools_above_usual.unwrap_or(0);
    if stools >= 7 {
        out.fire(
            RuleId::RDiarrhoea,
            Subject::Bowel,
            format!("{stools} stools above usual ≥ 7"),
            None,
        );
    } else if (4..=6).contains(&stools) {
        out.fire(
            RuleId::ADiarrhoea,
            Subject::Bowel,
            format!("{stools} stools above usual, in 4–6"),
            Some("advice.bowel"),
        );
    }
    if stools >= 1 && profile.takes(Therapy::Cdk46Inhibitor) {
        out.fire(
            RuleId::ADiarrhoeaAbema,
            Subject::Bowel,
            format!("{stools} stools above usual ≥ 1 on a CDK4/6 inhibitor"),
            Some("advice.bowel_abemaciclib"),
        );
    }

    // Mouth.
    let mouth = rating(Rating::MouthSores);
    if mouth == 4 {
        out.fire(
            RuleId::RMouth,
            Subject::MouthSores,
            "mouth sores 4 (very severe) = 4".into(),
            None,
        );
    }

    // Liver.
    let jaundice = report.rating(Rating::Jaundice);
    if let Some(j) = jaundice.filter(|j| *j >= 1) {
        let mut with = Vec::new();
        if sign(Sign::Confusion) {
            with.push("confusion");
        }
        if sign(Sign::UncontrolledBleeding) {
            with.push("bleeding that will not stop");
        }
        if !with.is_empty() {
            out.fire(
                RuleId::RJaundicePlus,
                Subject::Liver,
                format!("jaundice {j} ≥ 1 with {}", with.join(" and ")),
                None,
            );
        }
        if window.is_new(Rating::Jaundice) {
            out.fire(
                RuleId::AJaundiceNew,
                Subject::Liver,
                format!("jaundice {j} ≥ 1, new (none in the last 7 days)"),
                None,
            );
        }
        if let Some((base, n)) = window.baseline(Rating::Jaundice) {
            if f64::from(j) - base >= 1.0 - EPS {
                out.fire(
                    RuleId::AJaundiceNew,
                    Subject::Liver,
                    format!("{} ≥ 1", rise_detail(Rating::Jaundice, j, base, n)),
                    None,
                );
            }
        }
    }
    if sign(Sign::DarkUrine) {
        out.fire(
            RuleId::ACholestasis,
            Subject::Liver,
            "dark urine".into(),
            None,
        );
    }
    if sign(Sign::PaleStools) {
        out.fire(
            RuleId::ACholestasis,
            Subject::Liver,
            "pale stools".into(),
            None,
        );
    }

    // Fluid.
    if let Some(s) = report.rating(Rating::AbdominalSwelling).filter(|s| *s >= 2) {
        if let Some((base, n)) = window.baseline(Rating::AbdominalSwelling) {
            if f64::from(s) - base >= 1.0 - EPS {
                out.fire(
                    RuleId::AAscites,
                    Subject::Fluid,
                    format!("{} ≥ 1", rise_detail(Rating::AbdominalSwelling, s, base, n)),
                    amber_advice(Subject::Fluid),
                );
            }
        }
    }
    if let (Some(w), Some(low)) = (report.weight_kg, window.lowest_weight()) {
        if w - low >= 2.0 - EPS {
            out.fire(
                RuleId::AAscites,
                Subject::Fluid,
                format!(
                    "weight {} kg is {} kg above the lowest weight of the last 7 days, {} kg (≥ 2.0 kg)",
                    fmt_dec(w, 1),
                    fmt_dec(w - low, 1),
                    fmt_dec(low, 1)
                ),
                amber_advice(Subject::Fluid),
            );
        }
    }

    // Every rating: severe, worse; then the drug-specific ambers.
    for (&item, &value) in &report.ratings {
        let subject = rating_subject(item);
        if value >= 3 {
            out.fire(
                RuleId::ASevere,
                subject,
                format!("{} {value} ({}) ≥ 3", rating_name(item), rating_word(value)),
                amber_advice(subject),
            );
        }
        if value >= 2 {
            if let Some((base, n)) = window.baseline(item) {
                if f64::from(value) - base >= 2.0 - EPS {
                    out.fire(
                        RuleId::AWorse,
                        subject,
                        format!("{} ≥ 2", rise_detail(item, value, base, n)),
                        amber_advice(subject),
                    );
                }
            }
        }
    }
    if profile.takes(Therapy::TDxd)
        || profile.takes(Therapy::Cdk46Inhibitor)
        || profile.takes(Therapy::CheckpointInhibitor)
    {
        for item in [Rating::Cough, Rating::ShortnessOfBreath] {
            if let Some(v) = report.rating(item).filter(|v| *v >= 1) {
                if window.is_new(item) {
                    out.fire(
                        RuleId::APneumonitis,
                        Subject::Lungs,
                        format!(
                            "{} {v} ≥ 1, new (none in the last 7 days), on a drug that can inflame the lungs",
                            rating_name(item)
                        ),
                        None,
                    );
                }
            }
        }
    }
    if profile.takes(Therapy::Capecitabine) {
        let hand_foot = rating(Rating::HandFoot);
        if hand_foot >= 2 {
            out.fire(
                RuleId::AHandFoot,
                Subject::HandFoot,
                format!("hand-foot {hand_foot} ≥ 2 on capecitabine"),
                Some("advice.hand_foot"),
            );
        }
        if mouth >= 2 {
            out.fire(
                RuleId::AMouth,
                Subject::MouthSores,
                format!("mouth sores {mouth} ≥ 2 on capecitabine"),
                Some("advice.mouth_sores"),
            );
        }
    }
    if profile.takes(Therapy::Taxane) || profile.takes(Therapy::Eribulin) {
        let numbness = rating(Rating::Numbness);
        if numbness >= 3 {
            out.fire(
                RuleId::ANeuropathy,
                Subject::Numbness,
                format!("numbness {numbness} ≥ 3 on a taxane or eribulin"),
                Some("advice.numbness"),
            );
        }
    }
    if sign(Sign::Bruising) {
        out.fire(
            RuleId::ABruising,
            Subject::Bleeding,
            "new bruises or nosebleeds".into(),
            None,
        );
    }

    // Weight loss (green, flagged for the care team).
    if let (Some(w), Some(base)) = (report.weight_kg, profile.baseline_weight_kg) {
        let limit = 0.95 * base;
        if w <= limit + EPS {
            out.fire(
                RuleId::GWeightLoss,
                Subject::Weight,
                format!(
                    "weight {} kg ≤ 95 % of baseline weight {} kg ({} kg)",
                    fmt_dec(w, 1),
                    fmt_dec(base, 1),
                    fmt_dec(limit, 1)
                ),
                Some("advice.appetite_loss"),
            );
        }
    }
}

/// G-SELF-CARE: mild items on subjects that have no amber or red alert. Runs after every
/// other rule on the report, and before escalation (whose subject has no self-care).
pub(super) fn self_care(report: &Report, out: &mut Collector) {
    let mut mild: Vec<(Subject, String)> = Vec::new();
    for (&item, &value) in &report.ratings {
        if (1..=2).contains(&value) {
            mild.push((
                rating_subject(item),
                format!("{} {value} ({})", rating_name(item), rating_word(value)),
            ));
        }
    }
    if let Some(n) = report.stools_above_usual.filter(|n| (1..=3).contains(n)) {
        mild.push((Subject::Bowel, format!("{n} stools above usual, in 1–3")));
    }
    if report.vomiting_episodes == Some(1) {
        mild.push((Subject::Stomach, "1 vomiting episode".to_string()));
    }
    for (subject, detail) in mild {
        if !out.urgent_on(subject) {
            out.fire(RuleId::GSelfCare, subject, detail, advice_key(subject));
        }
    }
}
