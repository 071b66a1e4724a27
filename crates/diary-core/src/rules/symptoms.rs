//! The rules on what the patient reports: ratings, stool and vomiting counts, temperature,
//! weight and the red-flag signs, with the window's baselines and "new". It exists so that
//! each rule of the reference reads here as one short block next to its id.

use super::collector::Collector;
use super::constants::EPS;
use super::subjects::{rating_subject, sign_subject, Input};
use crate::model::{Fact, FeverBasis};
use crate::model::{Profile, Rating, Report, RuleId, Sign, Subject, Therapy};
use crate::numbers::fmt_dec;

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
        Subject::Skin => "advice.skin",
        _ => return None,
    })
}

/// The advice of a subject for this profile: as [`advice_key`], except that when
/// `checkpoint_inhibitor` is listed no advice suggests anti-diarrhoea medicine (the bowel's
/// advice then says to call the team; warning-signs-v2.md, *Wording that depends on the
/// therapy*).
pub fn advice_for(profile: &Profile, subject: Subject) -> Option<&'static str> {
    if subject == Subject::Bowel && profile.takes(Therapy::CheckpointInhibitor) {
        return Some("advice.bowel_ici");
    }
    advice_key(subject)
}

/// The therapies that make a new cough or breathlessness an amber (A-PNEUMONITIS).
pub const PNEUMONITIS_THERAPIES: &[Therapy] = &[
    Therapy::TDxd,
    Therapy::TDm1,
    Therapy::Cdk46Inhibitor,
    Therapy::Abemaciclib,
    Therapy::Gemcitabine,
    Therapy::Pi3kAktInhibitor,
    Therapy::ParpInhibitor,
    Therapy::CheckpointInhibitor,
];

/// The message key of a rule whose words add "stop taking capecitabine until you have
/// spoken to your care team" when capecitabine is listed (A-DIARRHOEA, A-VOMIT).
fn capecitabine_key(profile: &Profile, rule: RuleId) -> String {
    if profile.takes(Therapy::Capecitabine) {
        format!("alert.{rule}.capecitabine")
    } else {
        format!("alert.{rule}")
    }
}

/// The advice shown beside an amber on a rating's subject while the patient waits for the
/// team. The liver's self-care advice ("mention it at the next contact") would contradict
/// an amber, so that subject has none.
fn amber_advice(profile: &Profile, subject: Subject) -> Option<&'static str> {
    if subject == Subject::Liver {
        None
    } else {
        advice_for(profile, subject)
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

/// The fever threshold and whose it is.
pub fn fever_threshold(profile: &Profile) -> (f64, FeverBasis) {
    match profile.fever_threshold_c {
        Some(c) => (c, FeverBasis::CareTeam),
        None if profile.on_myelosuppressive() => (37.5, FeverBasis::Myelosuppressive),
        None => (38.0, FeverBasis::Standard),
    }
}

/// The first of `therapies` the profile lists, as a fact: the treatment that makes a
/// therapy-specific rule apply.
fn on(profile: &Profile, therapies: &[Therapy]) -> Vec<Fact> {
    therapies
        .iter()
        .find(|t| profile.takes(**t))
        .map(|t| Fact::Therapy { therapy: *t })
        .into_iter()
        .collect()
}

/// A ticked sign as a fact.
fn ticked(sign: Sign) -> Vec<Fact> {
    vec![Fact::Sign { sign }]
}

/// Applies every red and amber rule on the report itself, and the green G-WEIGHT-LOSS.
pub(super) fn apply(profile: &Profile, window: &[&Report], report: &Report, out: &mut Collector) {
    let window = Window { reports: window };
    let rating = |item: Rating| report.rating(item).unwrap_or(0);
    let sign = |s: Sign| report.has_sign(s);

    // Temperature.
    let (threshold, basis) = fever_threshold(profile);
    let fever = report.temperature_c.filter(|t| *t >= threshold - EPS);
    if let Some(t) = fever {
        out.fire(
            RuleId::RFever,
            Subject::Temperature,
            format!(
                "temperature {} °C ≥ {} °C ({})",
                fmt_dec(t, 1),
                fmt_dec(threshold, 1),
                basis.technical()
            ),
            vec![Fact::Fever {
                celsius: t,
                limit: threshold,
                basis,
            }],
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
                vec![Fact::LowTemperature { celsius: t }],
                None,
            );
        }
    }
    if sign(Sign::Shivering) {
        out.fire(
            RuleId::RRigors,
            sign_subject(Sign::Shivering),
            "shivering fits".into(),
            ticked(Sign::Shivering),
            None,
        );
    }
    if let Some(t) = fever {
        let jaundice = rating(Rating::Jaundice);
        let belly = rating(Rating::AbdominalPain);
        let mut why = Vec::new();
        let mut facts = vec![Fact::Fever {
            celsius: t,
            limit: threshold,
            basis,
        }];
        if jaundice >= 1 {
            why.push(format!("jaundice {jaundice} ≥ 1"));
            facts.push(Fact::Rating {
                item: Rating::Jaundice,
                value: jaundice,
            });
        }
        if belly >= 2 {
            why.push(format!("abdominal pain {belly} ≥ 2"));
            facts.push(Fact::Rating {
                item: Rating::AbdominalPain,
                value: belly,
            });
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
                facts.push(Fact::Stent);
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
                facts,
                None,
                key,
            );
        }
    }

    // Chest, breath, confusion, bleeding.
    if sign(Sign::ChestPain) {
        out.fire(
            RuleId::RChest,
            sign_subject(Sign::ChestPain),
            "chest pain".into(),
            ticked(Sign::ChestPain),
            None,
        );
    }
    if sign(Sign::BreathlessAtRest) {
        out.fire(
            RuleId::RBreath,
            sign_subject(Sign::BreathlessAtRest),
            "breathless at rest".into(),
            ticked(Sign::BreathlessAtRest),
            None,
        );
    }
    if rating(Rating::ShortnessOfBreath) == 4 {
        out.fire(
            RuleId::RBreath,
            Subject::Lungs,
            "shortness of breath 4 (very severe) = 4".into(),
            vec![Fact::Rating {
                item: Rating::ShortnessOfBreath,
                value: 4,
            }],
            None,
        );
    }
    if sign(Sign::Confusion) {
        out.fire(
            RuleId::RConfusion,
            sign_subject(Sign::Confusion),
            "confusion or unusual drowsiness".into(),
            ticked(Sign::Confusion),
            None,
        );
    }
    if sign(Sign::BlackStools) {
        out.fire(
            RuleId::RGiBleed,
            sign_subject(Sign::BlackStools),
            "black tarry stools".into(),
            ticked(Sign::BlackStools),
            None,
        );
    }
    if sign(Sign::VomitingBlood) {
        out.fire(
            RuleId::RGiBleed,
            sign_subject(Sign::VomitingBlood),
            "vomiting blood".into(),
            ticked(Sign::VomitingBlood),
            None,
        );
    }
    if sign(Sign::UncontrolledBleeding) {
        out.fire(
            RuleId::RBleed,
            sign_subject(Sign::UncontrolledBleeding),
            "bleeding that will not stop".into(),
            ticked(Sign::UncontrolledBleeding),
            None,
        );
    }

    // Stomach and bowel.
    if sign(Sign::UnableToKeepFluids) {
        out.fire(
            RuleId::RFluids,
            sign_subject(Sign::UnableToKeepFluids),
            "cannot keep fluids down for 24 hours".into(),
            ticked(Sign::UnableToKeepFluids),
            None,
        );
    }
    let vomits = report.vomiting_episodes.unwrap_or(0);
    if vomits >= 6 {
        out.fire(
            RuleId::RFluids,
            Subject::Stomach,
            format!("{vomits} vomiting episodes in 24 h ≥ 6"),
            vec![Fact::Vomiting { count: vomits }],
            None,
        );
    } else if (2..=5).contains(&vomits) {
        out.fire_keyed(
            RuleId::AVomit,
            Subject::Stomach,
            format!("{vomits} vomiting episodes in 24 h, in 2–5"),
            vec![Fact::Vomiting { count: vomits }],
            amber_advice(profile, Subject::Stomach),
            &capecitabine_key(profile, RuleId::AVomit),
        );
    }
    let stools = report.stools_above_usual.unwrap_or(0);
    if stools >= 7 {
        out.fire(
            RuleId::RDiarrhoea,
            Subject::Bowel,
            format!("{stools} stools above usual ≥ 7"),
            vec![Fact::Stools { count: stools }],
            None,
        );
    } else if (4..=6).contains(&stools) {
        out.fire_keyed(
            RuleId::ADiarrhoea,
            Subject::Bowel,
            format!("{stools} stools above usual, in 4–6"),
            vec![Fact::Stools { count: stools }],
            advice_for(profile, Subject::Bowel),
            &capecitabine_key(profile, RuleId::ADiarrhoea),
        );
    }
    if stools >= 1 && profile.takes(Therapy::Abemaciclib) {
        let advice = if profile.takes(Therapy::CheckpointInhibitor) {
            "advice.bowel_ici"
        } else {
            "advice.bowel_abemaciclib"
        };
        out.fire(
            RuleId::ADiarrhoeaAbema,
            Subject::Bowel,
            format!("{stools} stools above usual ≥ 1 on abemaciclib"),
            vec![
                Fact::Stools { count: stools },
                Fact::Therapy {
                    therapy: Therapy::Abemaciclib,
                },
            ],
            Some(advice),
        );
    }
    if stools >= 1 && profile.takes(Therapy::Sacituzumab) {
        out.fire(
            RuleId::ADiarrhoeaSaci,
            Subject::Bowel,
            format!("{stools} stools above usual ≥ 1 on sacituzumab govitecan"),
            vec![
                Fact::Stools { count: stools },
                Fact::Therapy {
                    therapy: Therapy::Sacituzumab,
                },
            ],
            advice_for(profile, Subject::Bowel),
        );
    }
    if stools >= 1 && profile.takes(Therapy::CheckpointInhibitor) {
        out.fire(
            RuleId::AColitisIci,
            Subject::Bowel,
            format!("{stools} stools above usual ≥ 1 on a checkpoint inhibitor"),
            vec![
                Fact::Stools { count: stools },
                Fact::Therapy {
                    therapy: Therapy::CheckpointInhibitor,
                },
            ],
            Some("advice.bowel_ici"),
        );
    }
    if sign(Sign::BloodInStool) {
        out.fire(
            RuleId::ABloodStool,
            sign_subject(Sign::BloodInStool),
            "red blood in the stools".into(),
            ticked(Sign::BloodInStool),
            None,
        );
    }

    // Mouth.
    let mouth = rating(Rating::MouthSores);
    if mouth == 4 {
        out.fire(
            RuleId::RMouth,
            Subject::MouthSores,
            "mouth sores 4 (very severe) = 4".into(),
            vec![Fact::Rating {
                item: Rating::MouthSores,
                value: 4,
            }],
            None,
        );
    }

    // Skin, confusion short of R-CONFUSION, thirst.
    if sign(Sign::SkinBlisters) {
        out.fire(
            RuleId::RSkin,
            sign_subject(Sign::SkinBlisters),
            "rash with blisters or peeling skin, or sores in the mouth or eyes with a rash".into(),
            ticked(Sign::SkinBlisters),
            None,
        );
    }
    let rash = rating(Rating::Rash);
    if rash >= 2
        && (profile.takes(Therapy::CheckpointInhibitor) || profile.takes(Therapy::Pi3kAktInhibitor))
    {
        out.fire(
            RuleId::ARash,
            rating_subject(Rating::Rash),
            format!("rash {rash} ≥ 2 on a checkpoint inhibitor or a PI3K/AKT inhibitor"),
            [
                vec![Fact::Rating {
                    item: Rating::Rash,
                    value: rash,
                }],
                on(
                    profile,
                    &[Therapy::CheckpointInhibitor, Therapy::Pi3kAktInhibitor],
                ),
            ]
            .concat(),
            amber_advice(profile, Subject::Skin),
        );
    }
    for (s, words) in [
        (Sign::DayNightReversal, "sleeping by day, awake at night"),
        (
            Sign::NewForgetfulness,
            "new forgetfulness or slowed thinking or speech",
        ),
        (Sign::HandFlap, "hands flap when held out"),
    ] {
        if sign(s) {
            out.fire(
                RuleId::AEarlyHe,
                sign_subject(s),
                words.into(),
                ticked(s),
                None,
            );
        }
    }
    if sign(Sign::VeryThirsty) {
        out.fire(
            RuleId::AThirst,
            sign_subject(Sign::VeryThirsty),
            "very thirsty, or passing much more urine than usual".into(),
            ticked(Sign::VeryThirsty),
            None,
        );
    }

    // Liver.
    let jaundice = report.rating(Rating::Jaundice);
    if let Some(j) = jaundice.filter(|j| *j >= 1) {
        let mut with = Vec::new();
        let mut facts = vec![Fact::Rating {
            item: Rating::Jaundice,
            value: j,
        }];
        for (s, words) in [
            (Sign::Confusion, "confusion"),
            (Sign::UncontrolledBleeding, "bleeding that will not stop"),
        ] {
            if sign(s) {
                with.push(words);
                facts.push(Fact::Sign { sign: s });
            }
        }
        if !with.is_empty() {
            out.fire(
                RuleId::RJaundicePlus,
                Subject::Liver,
                format!("jaundice {j} ≥ 1 with {}", with.join(" and ")),
                facts,
                None,
            );
        }
        if window.is_new(Rating::Jaundice) {
            out.fire(
                RuleId::AJaundiceNew,
                Subject::Liver,
                format!("jaundice {j} ≥ 1, new (none in the last 7 days)"),
                vec![Fact::NewRating {
                    item: Rating::Jaundice,
                    value: j,
                }],
                None,
            );
        }
        if let Some((base, n)) = window.baseline(Rating::Jaundice) {
            if f64::from(j) - base >= 1.0 - EPS {
                out.fire(
                    RuleId::AJaundiceNew,
                    Subject::Liver,
                    format!("{} ≥ 1", rise_detail(Rating::Jaundice, j, base, n)),
                    vec![Fact::RisenRating {
                        item: Rating::Jaundice,
                        value: j,
                        usual: base,
                    }],
                    None,
                );
            }
        }
    }
    if sign(Sign::DarkUrine) {
        out.fire(
            RuleId::ACholestasis,
            sign_subject(Sign::DarkUrine),
            "dark urine".into(),
            ticked(Sign::DarkUrine),
            None,
        );
    }
    if sign(Sign::PaleStools) {
        out.fire(
            RuleId::ACholestasis,
            sign_subject(Sign::PaleStools),
            "pale stools".into(),
            ticked(Sign::PaleStools),
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
                    vec![Fact::RisenRating {
                        item: Rating::AbdominalSwelling,
                        value: s,
                        usual: base,
                    }],
                    amber_advice(profile, Subject::Fluid),
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
                vec![Fact::WeightGain { kg: w, lowest: low }],
                amber_advice(profile, Subject::Fluid),
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
                vec![Fact::Rating { item, value }],
                amber_advice(profile, subject),
            );
        }
        if value >= 2 {
            if let Some((base, n)) = window.baseline(item) {
                if f64::from(value) - base >= 2.0 - EPS {
                    out.fire(
                        RuleId::AWorse,
                        subject,
                        format!("{} ≥ 2", rise_detail(item, value, base, n)),
                        vec![Fact::RisenRating {
                            item,
                            value,
                            usual: base,
                        }],
                        amber_advice(profile, subject),
                    );
                }
            }
        }
    }
    if PNEUMONITIS_THERAPIES.iter().any(|t| profile.takes(*t)) {
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
                        [
                            vec![Fact::NewRating { item, value: v }],
                            on(profile, PNEUMONITIS_THERAPIES),
                        ]
                        .concat(),
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
                vec![
                    Fact::Rating {
                        item: Rating::HandFoot,
                        value: hand_foot,
                    },
                    Fact::Therapy {
                        therapy: Therapy::Capecitabine,
                    },
                ],
                advice_for(profile, Subject::HandFoot),
            );
        }
        if mouth >= 2 {
            out.fire(
                RuleId::AMouth,
                Subject::MouthSores,
                format!("mouth sores {mouth} ≥ 2 on capecitabine"),
                vec![
                    Fact::Rating {
                        item: Rating::MouthSores,
                        value: mouth,
                    },
                    Fact::Therapy {
                        therapy: Therapy::Capecitabine,
                    },
                ],
                advice_for(profile, Subject::MouthSores),
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
                [
                    vec![Fact::Rating {
                        item: Rating::Numbness,
                        value: numbness,
                    }],
                    on(profile, &[Therapy::Taxane, Therapy::Eribulin]),
                ]
                .concat(),
                Some("advice.numbness"),
            );
        }
    }
    if sign(Sign::Bruising) {
        out.fire(
            RuleId::ABruising,
            sign_subject(Sign::Bruising),
            "new bruises or nosebleeds".into(),
            ticked(Sign::Bruising),
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
                vec![Fact::WeightLoss {
                    kg: w,
                    before: base,
                }],
                Some("advice.appetite_loss"),
            );
        }
    }
}

/// G-SELF-CARE: mild or moderate items on subjects that have no amber or red alert. Runs
/// after every other rule on the report, and before escalation (whose subject has no
/// self-care). A subject with a rating of 2 gets the "moderate" words
/// (`alert.G-SELF-CARE.moderate`), never "This is mild".
pub(super) fn self_care(profile: &Profile, report: &Report, out: &mut Collector) {
    // (subject, details, facts, a rating of 2 among them), in the order items are met.
    let mut mild: Vec<(Subject, Vec<String>, Vec<Fact>, bool)> = Vec::new();
    let mut add = |subject: Subject, detail: String, fact: Fact, moderate: bool| match mild
        .iter_mut()
        .find(|(s, _, _, _)| *s == subject)
    {
        Some(entry) => {
            entry.1.push(detail);
            entry.2.push(fact);
            entry.3 |= moderate;
        }
        None => mild.push((subject, vec![detail], vec![fact], moderate)),
    };
    for (&item, &value) in &report.ratings {
        if (1..=2).contains(&value) {
            add(
                rating_subject(item),
                format!("{} {value} ({})", rating_name(item), rating_word(value)),
                Fact::Rating { item, value },
                value == 2,
            );
        }
    }
    if let Some(n) = report.stools_above_usual.filter(|n| (1..=3).contains(n)) {
        add(
            super::subjects::subject_of(Input::Stools),
            format!("{n} stools above usual, in 1–3"),
            Fact::Stools { count: n },
            false,
        );
    }
    if report.vomiting_episodes == Some(1) {
        add(
            super::subjects::subject_of(Input::Vomiting),
            "1 vomiting episode".to_string(),
            Fact::Vomiting { count: 1 },
            false,
        );
    }
    for (subject, details, facts, moderate) in mild {
        if out.urgent_on(subject) {
            continue;
        }
        let key = if moderate {
            "alert.G-SELF-CARE.moderate"
        } else {
            "alert.G-SELF-CARE"
        };
        out.fire_keyed(
            RuleId::GSelfCare,
            subject,
            details.join("; "),
            facts,
            advice_for(profile, subject),
            key,
        );
    }
}
