//! The treatments' shapes: the questions and cards of the treatments screen (also on the
//! home screen), the treatment courses screen's courses and new course, and a day's place
//! in those courses ([`CycleDto`]) that the reports, trends and history carry.

use super::IpcError;
use chrono::{DateTime, NaiveDate};
use diary_core::input;
use diary_core::messages;
use diary_core::model::Course;
use diary_core::model::Profile;
use diary_core::treatments::{self, Treatments};
use diary_core::FieldError;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The treatments' questions and cards, for the home screen and the treatments screen.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TreatmentsDto {
    /// "Are you still on these treatments?" is due (every 28 days).
    pub review_due: bool,
    /// "Which CDK4/6 tablet do you take?" is to be asked (once).
    pub asks_which_cdk46: bool,
    /// The drugs that answer it, in order.
    #[ts(type = "Drug[]")]
    pub cdk46_drugs: Vec<String>,
    /// The drugs picked by name, in the patient's language.
    pub drug_names: Vec<String>,
    /// One card per listed class.
    pub cards: Vec<TherapyCardDto>,
}

/// What to watch for on one class of treatment, and why.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TherapyCardDto {
    #[ts(type = "Therapy")]
    pub therapy: String,
    pub title: String,
    pub watch: String,
    pub infection: Option<String>,
}

impl TreatmentsDto {
    pub fn from_core(
        profile: &Profile,
        t: &Treatments,
        lang: &str,
        today: NaiveDate,
    ) -> TreatmentsDto {
        TreatmentsDto {
            review_due: treatments::review_due(profile, t, today),
            asks_which_cdk46: treatments::asks_which_cdk46(profile, t),
            cdk46_drugs: treatments::CDK46_DRUGS
                .iter()
                .map(|d| d.as_str().to_string())
                .collect(),
            drug_names: t
                .drugs
                .iter()
                .map(|d| messages::name(lang, &format!("drug.{d}")))
                .collect(),
            cards: profile
                .therapies
                .iter()
                .map(|therapy| {
                    let card = messages::therapy_card(lang, *therapy);
                    TherapyCardDto {
                        therapy: therapy.as_str().to_string(),
                        title: card.title,
                        watch: card.watch,
                        infection: card.infection,
                    }
                })
                .collect(),
        }
    }
}

/// A day's place in the treatment courses.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CycleDto {
    /// The cycle from 1; `None` for a continuous treatment.
    pub cycle: Option<u32>,
    /// The day of the cycle (or of the continuous course) from 1.
    pub day: u32,
}

impl CycleDto {
    /// Where the local day of `at` falls in `courses`.
    pub fn of(courses: &[Course], at: &DateTime<chrono::FixedOffset>) -> Option<CycleDto> {
        diary_core::courses::cycle_day(courses, at.date_naive()).map(|c| CycleDto {
            cycle: c.cycle,
            day: c.day,
        })
    }
}

/// A treatment course as the courses screen shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CourseDto {
    pub id: String,
    #[ts(type = "Drug[]")]
    pub drugs: Vec<String>,
    /// The drugs in the patient's language.
    pub drug_names: Vec<String>,
    pub started_on: String,
    pub cycle_days: Option<u32>,
    pub ended_on: Option<String>,
    /// The first day of each cycle up to `until` (or the end), `YYYY-MM-DD`, with its number.
    pub cycle_starts: Vec<CycleStartDto>,
}

/// A cycle's first day.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CycleStartDto {
    pub on: String,
    pub cycle: Option<u32>,
}

impl CourseDto {
    pub fn from_core(all: &[Course], index: usize, lang: &str, until: NaiveDate) -> CourseDto {
        let c = &all[index];
        let day = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
        CourseDto {
            id: c.id.clone().unwrap_or_default(),
            drugs: c.drugs.iter().map(|d| d.as_str().to_string()).collect(),
            drug_names: c
                .drugs
                .iter()
                .map(|d| messages::name(lang, &format!("drug.{d}")))
                .collect(),
            started_on: day(c.started_on),
            cycle_days: c.cycle_days,
            ended_on: c.ended_on.map(day),
            cycle_starts: diary_core::courses::cycle_starts(all, c.started_on, until)
                .into_iter()
                .filter(|(_, _, i)| *i == index)
                .map(|(on, cycle, _)| CycleStartDto { on: day(on), cycle })
                .collect(),
        }
    }
}

/// A new course as the courses screen sends it.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CourseInput {
    #[ts(type = "Drug[]")]
    pub drugs: Vec<String>,
    /// `YYYY-MM-DD`.
    pub started_on: String,
    pub cycle_days: Option<u32>,
}

impl CourseInput {
    pub fn to_core(&self) -> Result<Course, IpcError> {
        let drugs = input::drugs(&self.drugs, "course.drugs")?;
        let started_on = NaiveDate::parse_from_str(&self.started_on, "%Y-%m-%d").map_err(|_| {
            IpcError::from(FieldError::new(
                "course.started_on",
                format!("{:?} is not a date (YYYY-MM-DD)", self.started_on),
            ))
        })?;
        Ok(Course {
            id: None,
            drugs,
            started_on,
            cycle_days: self.cycle_days,
            ended_on: None,
        })
    }
}
