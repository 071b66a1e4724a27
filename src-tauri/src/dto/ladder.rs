//! The escalation ladder of one alert as the home screen and the result screen show it
//! ([`LadderDto`]): the words come from `diary_core::messages::ladder_words`, the steps
//! from `diary_core::ladder` through `Diary::ladders`; this only changes the shape.

use super::{CallDto, ReportDto, SeenByTeam};
use diary_core::ladder::Ladder;
use diary_core::messages::{self, Phones};
use diary_core::model::Level;
use diary_core::store::OpenLadder;
use serde::Serialize;
use ts_rs::TS;

/// One red or amber report's ladder that has not ended.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LadderDto {
    pub report: ReportDto,
    /// The level shown (red once an amber is upgraded).
    #[ts(type = "Level")]
    pub level: String,
    /// Whether the home screen shows a card for it now.
    pub show: bool,
    /// The question asked now, when one is.
    pub question: Option<String>,
    /// The lines shown with it, most urgent first.
    pub lines: Vec<String>,
    /// The numbers to call, emergency services first once the ladder says so.
    pub calls: Vec<CallDto>,
    pub emergency_first: bool,
    /// After "not yet" on a red: what the red screen says again (`None` off E-1).
    pub not_yet_words: Option<String>,
}

impl LadderDto {
    pub fn from_core(
        open: &OpenLadder,
        lang: &str,
        phones: &Phones,
        seen: &SeenByTeam,
    ) -> LadderDto {
        let words = messages::ladder_words(
            lang,
            open.ladder,
            open.report.triage.level,
            &open.showing,
            phones,
        );
        LadderDto {
            report: ReportDto::from_core(&open.report, lang, phones, seen),
            level: words.level.as_str().to_string(),
            show: open.showing.any(),
            question: words.question,
            lines: words.lines,
            calls: words.calls.iter().map(CallDto::from_core).collect(),
            emergency_first: words.emergency_first,
            not_yet_words: (open.ladder == Ladder::Red || words.level == Level::Red)
                .then(|| messages::red_again_words(lang, phones)),
        }
    }
}
