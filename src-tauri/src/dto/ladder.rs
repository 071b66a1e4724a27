//! The escalation ladder of one alert as the home screen and the alert screens show it
//! ([`LadderDto`]): the words come from `diary_core::messages::ladder_words`, the steps
//! from `diary_core::ladder` through `Diary::ladders`; this only changes the shape.

use super::{CallDto, CheckinDto, ReportDto, SeenByTeam};
use diary_core::ladder::Ladder;
use diary_core::messages::{self, Phones};
use diary_core::model::Level;
use diary_core::store::{question_of, OpenLadder, Shown};
use serde::Serialize;
use ts_rs::TS;

/// One red or amber alert's ladder that has not ended.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LadderDto {
    /// The record followed up: `report`, `checkin` or `lab`, and its row id.
    #[ts(type = "RecordKind")]
    pub kind: String,
    pub id: i64,
    /// The question it asks, which the answer names.
    #[ts(type = "FollowUpQuestion")]
    pub question_kind: String,
    /// When the record was made (RFC 3339).
    pub recorded_at: String,
    /// The report, when the record is one (the alert screen after "not yet").
    pub report: Option<ReportDto>,
    /// The check-in, when the record is one.
    pub checkin: Option<CheckinDto>,
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
    /// After "not yet" on a red: what the red screen says again (`None` otherwise).
    pub not_yet_words: Option<String>,
}

/// What the team has seen, by record kind, for the DTOs the ladder carries.
pub struct Seen<'a> {
    pub reports: &'a SeenByTeam,
    pub checkins: &'a SeenByTeam,
}

impl LadderDto {
    pub fn from_core(open: &OpenLadder, lang: &str, phones: &Phones, seen: &Seen) -> LadderDto {
        let words = messages::ladder_words(lang, open.ladder, open.level, &open.showing, phones);
        let (report, checkin) = match &open.shown {
            Shown::Report(r) => (
                Some(ReportDto::from_core(r, lang, phones, seen.reports)),
                None,
            ),
            Shown::Checkin(c) => (
                None,
                Some(CheckinDto::from_core(c, lang, phones, seen.checkins)),
            ),
            Shown::Lab(_) => (None, None),
        };
        let red = open.ladder == Ladder::Red || words.level == Level::Red;
        LadderDto {
            kind: open.record.kind().to_string(),
            id: open.record.id(),
            question_kind: question_of(open.ladder).as_str().to_string(),
            recorded_at: open.at.to_rfc3339(),
            report,
            checkin,
            level: words.level.as_str().to_string(),
            show: open.showing.any(),
            question: words.question,
            lines: words.lines,
            calls: words.calls.iter().map(CallDto::from_core).collect(),
            emergency_first: words.emergency_first,
            not_yet_words: red.then(|| messages::red_again_words(lang, phones)),
        }
    }
}
