//! The clinical reference's subject table ("subject | what belongs to it") as one function.
//! It exists so that the engine, which fires one alert per rule and subject, and the
//! care-team sync, which points each alert at the items that can have triggered it, read
//! the same map: a new rating or sign gets its subject here, once.

use crate::model::{Rating, Sign, Subject};

/// One thing a daily report can hold: a rating, a count, a measurement or a sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Input {
    Rating(Rating),
    /// Loose stools above the patient's usual number.
    Stools,
    /// Vomiting episodes.
    Vomiting,
    Temperature,
    Weight,
    Sign(Sign),
}

/// The subjects an alert on `input` can be about, its own subject first: the reference's
/// subject table, plus the subjects of the combined rules the input takes part in
/// (R-CHOLANGITIS reads temperature, jaundice and abdominal pain; R-JAUNDICE-PLUS reads
/// jaundice with confusion or bleeding that will not stop; weight is `fluid` when it rises
/// and `weight` when it falls below the baseline weight).
pub fn subjects_of(input: Input) -> &'static [Subject] {
    match input {
        Input::Rating(item) => match item {
            Rating::Fatigue => &[Subject::Fatigue],
            Rating::Pain => &[Subject::Pain],
            Rating::Itching => &[Subject::Itching],
            Rating::Jaundice => &[Subject::Liver, Subject::Cholangitis],
            Rating::AppetiteLoss => &[Subject::AppetiteLoss],
            Rating::Nausea => &[Subject::Stomach],
            Rating::AbdominalPain => &[Subject::AbdominalPain, Subject::Cholangitis],
            Rating::MouthSores => &[Subject::MouthSores],
            Rating::HandFoot => &[Subject::HandFoot],
            Rating::Numbness => &[Subject::Numbness],
            Rating::ShortnessOfBreath | Rating::Cough => &[Subject::Lungs],
            Rating::AbdominalSwelling => &[Subject::Fluid],
            Rating::LegSwelling => &[Subject::LegSwelling],
            Rating::Constipation => &[Subject::Constipation],
            Rating::Insomnia => &[Subject::Insomnia],
            Rating::Anxiety => &[Subject::Anxiety],
            Rating::LowMood => &[Subject::LowMood],
            Rating::Rash => &[Subject::Skin],
        },
        Input::Stools => &[Subject::Bowel],
        Input::Vomiting => &[Subject::Stomach],
        Input::Temperature => &[Subject::Temperature, Subject::Cholangitis],
        Input::Weight => &[Subject::Fluid, Subject::Weight],
        Input::Sign(sign) => match sign {
            Sign::Shivering => &[Subject::Temperature],
            Sign::DarkUrine | Sign::PaleStools => &[Subject::Liver],
            Sign::BreathlessAtRest => &[Subject::Lungs],
            Sign::UnableToKeepFluids => &[Subject::Stomach],
            Sign::UncontrolledBleeding => &[Subject::Bleeding, Subject::Liver],
            Sign::Bruising | Sign::BlackStools | Sign::VomitingBlood | Sign::BloodInStool => {
                &[Subject::Bleeding]
            }
            Sign::Confusion => &[Subject::Confusion, Subject::Liver],
            Sign::DayNightReversal | Sign::NewForgetfulness | Sign::HandFlap => {
                &[Subject::Confusion]
            }
            Sign::SkinBlisters => &[Subject::Skin],
            Sign::VeryThirsty => &[Subject::Thirst],
            Sign::ChestPain => &[Subject::Chest],
        },
    }
}

/// The input's own subject (the first of [`subjects_of`]).
pub fn subject_of(input: Input) -> Subject {
    subjects_of(input)[0]
}

/// The subject of a rating (the reference's subject table).
pub fn rating_subject(item: Rating) -> Subject {
    subject_of(Input::Rating(item))
}

/// The subject of a sign (the reference's subject table).
pub fn sign_subject(sign: Sign) -> Subject {
    subject_of(Input::Sign(sign))
}
