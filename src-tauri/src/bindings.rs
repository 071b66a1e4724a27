//! The window's TypeScript types and vocabulary, generated from Rust so that the front end
//! keeps no copy of a core list: the IPC shapes of [`crate::dto`] (through ts-rs) and the
//! core's closed lists (`Rating::ALL`, `Sign::ALL`, `Therapy::ALL`, `LabUnit::symbol`, the
//! languages, the error codes, …) as `const` arrays with their union types. The file is
//! committed (`ui/src/ipc/bindings.ts`) so the UI builds without Rust; the test below fails
//! when it is stale, and `DIARY_BLESS=1 cargo test -p symptom-diary bindings` rewrites it.

use crate::dto::*;
use diary_core::followup::{FollowUpAnswer, Question, Record};
use diary_core::messages::{Line, LANGUAGES};
use diary_core::model::{
    CheckinItem, Drug, LabTest, LabUnit, Level, OfficeDay, Rating, Reporter, RuleId, Sign, Subject,
    Therapy, Weekday, CHECKIN_DUE_DAYS, SELF_HARM_ASKED_FROM_PHQ2,
};
use diary_core::ErrorCode;
use std::fmt::Write;
use ts_rs::TS;

/// Where the generated file lives, from the repository root.
const PATH: &str = "ui/src/ipc/bindings.ts";

/// `export const NAME = ["a", "b"] as const;` and its union type `export type T = …`.
fn list(out: &mut String, doc: &str, name: &str, ty: &str, words: &[&str]) {
    let quoted: Vec<String> = words.iter().map(|w| format!("{w:?}")).collect();
    let _ = writeln!(out, "/** {doc} */");
    let _ = writeln!(
        out,
        "export const {name} = [{}] as const;",
        quoted.join(", ")
    );
    let _ = writeln!(out, "export type {ty} = (typeof {name})[number];\n");
}

fn words<T: Copy>(all: &[T], word: impl Fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|v| word(*v)).collect()
}

/// The whole generated file.
pub fn render() -> String {
    let mut out = String::new();
    out.push_str(
        "// Generated from Rust by src-tauri/src/bindings.rs: do not edit.\n\
         // Regenerate with `DIARY_BLESS=1 cargo test -p symptom-diary bindings`.\n\n",
    );
    list(
        &mut out,
        "The rated symptoms, in the order the report asks them (diary-core `Rating::ALL`).",
        "RATINGS",
        "Rating",
        &words(Rating::ALL, Rating::as_str),
    );
    let core: Vec<String> = Rating::CORE
        .iter()
        .map(|r| format!("{:?}", r.as_str()))
        .collect();
    let _ = writeln!(
        out,
        "/** The items every daily report asks (`Rating::CORE`); the rest are optional. */\n\
         export const CORE_RATINGS: readonly Rating[] = [{}];\n",
        core.join(", ")
    );
    let _ = writeln!(
        out,
        "/** The verbal scale, 0 (none) to `Rating::MAX` (very severe). */\n\
         export const SCALE = [{}] as const;\n",
        (0..=Rating::MAX)
            .map(|v| v.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    list(
        &mut out,
        "The warning-sign checklist (`Sign::ALL`).",
        "SIGNS",
        "Sign",
        &words(Sign::ALL, Sign::as_str),
    );
    list(
        &mut out,
        "The therapy classes (`Therapy::ALL`).",
        "THERAPIES",
        "Therapy",
        &words(Therapy::ALL, Therapy::as_str),
    );
    list(
        &mut out,
        "The drugs a patient picks by name (`Drug::ALL`), in the reference's order.",
        "DRUGS",
        "Drug",
        &words(Drug::ALL, Drug::as_str),
    );
    let classes: Vec<String> = Drug::ALL
        .iter()
        .map(|d| format!("  {:?}: {:?},", d.as_str(), d.class().as_str()))
        .collect();
    let _ = writeln!(
        out,
        "/** Each drug's class (`Drug::class`): what the rules read. */\n\
         export const DRUG_CLASS: Record<Drug, Therapy> = {{\n{}\n}};\n",
        classes.join("\n")
    );
    list(
        &mut out,
        "The answers to \"Did you reach your care team?\" (`FollowUpAnswer::ALL`).",
        "FOLLOW_UP_ANSWERS",
        "FollowUpAnswer",
        &words(FollowUpAnswer::ALL, FollowUpAnswer::as_str),
    );
    list(
        &mut out,
        "Who fills in a report (`Reporter::ALL`).",
        "REPORTERS",
        "Reporter",
        &words(Reporter::ALL, Reporter::as_str),
    );
    list(
        &mut out,
        "Alert levels, least urgent first (`Level::ALL`).",
        "LEVELS",
        "Level",
        &words(Level::ALL, Level::as_str),
    );
    list(
        &mut out,
        "The lab tests (`LabTest::ALL`).",
        "LAB_TESTS",
        "LabTest",
        &words(LabTest::ALL, LabTest::as_str),
    );
    list(
        &mut out,
        "The lab units as the format spells them (`LabUnit::ALL`).",
        "LAB_UNITS",
        "LabUnit",
        &words(LabUnit::ALL, LabUnit::as_str),
    );
    let symbols: Vec<String> = LabUnit::ALL
        .iter()
        .map(|u| format!("  {:?}: {:?},", u.as_str(), u.symbol()))
        .collect();
    let _ = writeln!(
        out,
        "/** How each unit is written for a person (`LabUnit::symbol`). */\n\
         export const LAB_UNIT_SYMBOLS: Record<LabUnit, string> = {{\n{}\n}};\n",
        symbols.join("\n")
    );
    list(
        &mut out,
        "The languages the app ships (`messages::LANGUAGES`).",
        "LANGUAGES",
        "Language",
        LANGUAGES,
    );
    list(
        &mut out,
        "The phone lines a result may show (`messages::Line`).",
        "LINES",
        "Line",
        &words(Line::ALL, Line::as_str),
    );
    list(
        &mut out,
        "The rule ids of the clinical reference (`RuleId::ALL`).",
        "RULE_IDS",
        "RuleId",
        &words(RuleId::ALL, RuleId::as_str),
    );
    list(
        &mut out,
        "What an alert can be about (`Subject::ALL`).",
        "SUBJECTS",
        "Subject",
        &words(Subject::ALL, Subject::as_str),
    );
    list(
        &mut out,
        "Every error code that crosses IPC (`ErrorCode::ALL`).",
        "ERROR_CODES",
        "ErrorCode",
        &words(ErrorCode::ALL, ErrorCode::as_str),
    );
    list(
        &mut out,
        "The weekly check-in's questions, in the order it asks them (`CheckinItem::ALL`).",
        "CHECKIN_ITEMS",
        "CheckinItem",
        &words(CheckinItem::ALL, CheckinItem::as_str),
    );
    let questions: Vec<String> = CheckinItem::ALL
        .iter()
        .map(|item| {
            let asked: Vec<String> = Reporter::ALL
                .iter()
                .filter(|r| item.asked_of(**r))
                .map(|r| format!("{:?}", r.as_str()))
                .collect();
            format!(
                "  {}: {{ max: {}, scale: {:?}, askedOf: [{}] }},",
                item.as_str(),
                item.max(),
                item.scale(),
                asked.join(", ")
            )
        })
        .collect();
    let _ = writeln!(
        out,
        "/** Each check-in question's answers (0 … `max`, named `checkin.scale.<scale>.<n>`) \
         and who is asked it (`CheckinItem::max`, `scale`, `asked_of`). */\n\
         export const CHECKIN_QUESTIONS: Record<CheckinItem, {{ max: number; scale: string; askedOf: readonly Reporter[] }}> = {{\n{}\n}};\n",
        questions.join("\n")
    );
    let _ = writeln!(
        out,
        "/** The PHQ-2 total from which the self-harm question is asked \
         (`SELF_HARM_ASKED_FROM_PHQ2`). */\n\
         export const SELF_HARM_ASKED_FROM_PHQ2 = {SELF_HARM_ASKED_FROM_PHQ2};\n\n\
         /** Days after a check-in until the next is due (`CHECKIN_DUE_DAYS`). */\n\
         export const CHECKIN_DUE_DAYS = {CHECKIN_DUE_DAYS};\n"
    );
    list(
        &mut out,
        "The questions of the escalation ladder (`followup::Question::ALL`).",
        "FOLLOW_UP_QUESTIONS",
        "FollowUpQuestion",
        &words(Question::ALL, Question::as_str),
    );
    list(
        &mut out,
        "The records an alert's ladder follows (`followup::Record::KINDS`).",
        "RECORD_KINDS",
        "RecordKind",
        Record::KINDS,
    );
    list(
        &mut out,
        "The days of the week, Monday first (`Weekday::ALL`).",
        "WEEKDAYS",
        "Weekday",
        &words(Weekday::ALL, Weekday::as_str),
    );
    list(
        &mut out,
        "The days of the care team's office hours as the format spells them, Monday first \
         (`OfficeDay::ALL`).",
        "OFFICE_DAYS",
        "OfficeDay",
        &words(OfficeDay::ALL, OfficeDay::as_str),
    );
    // IDs and counts are JavaScript numbers on the wire (serde writes them as numbers).
    let cfg = ts_rs::Config::new().with_large_int("number");
    let periods: Vec<String> = diary_core::store::TREND_PERIODS_DAYS
        .iter()
        .map(u32::to_string)
        .collect();
    let _ = writeln!(
        out,
        "/** The periods trends can be drawn over, in days, the default first \
         (`store::TREND_PERIODS_DAYS`). */\n\
         export const TREND_PERIODS_DAYS = [{}] as const;\n",
        periods.join(", ")
    );
    for decl in [
        IpcError::decl(&cfg),
        SettingsDto::decl(&cfg),
        OfficeHoursDto::decl(&cfg),
        StatusDto::decl(&cfg),
        TreatmentsDto::decl(&cfg),
        TherapyCardDto::decl(&cfg),
        FollowUpDto::decl(&cfg),
        LadderDto::decl(&cfg),
        StandingDto::decl(&cfg),
        MessageDto::decl(&cfg),
        MessagesDto::decl(&cfg),
        MessageInput::decl(&cfg),
        InboxMessageDto::decl(&cfg),
        InboxReplyDto::decl(&cfg),
        GlanceDto::decl(&cfg),
        CycleDto::decl(&cfg),
        CourseDto::decl(&cfg),
        CycleStartDto::decl(&cfg),
        CourseInput::decl(&cfg),
        QuestionDto::decl(&cfg),
        ReportInput::decl(&cfg),
        CheckinInput::decl(&cfg),
        CheckinDto::decl(&cfg),
        AlertDto::decl(&cfg),
        CallDto::decl(&cfg),
        ReportDto::decl(&cfg),
        SavedAlertDto::decl(&cfg),
        TrendPoint::decl(&cfg),
        LabTestDto::decl(&cfg),
        LabDto::decl(&cfg),
        LabsDto::decl(&cfg),
        TriageDto::decl(&cfg),
        SyncDto::decl(&cfg),
        SyncStatusDto::decl(&cfg),
        SetAsideWordsDto::decl(&cfg),
        SyncInput::decl(&cfg),
        PatientCheckDto::decl(&cfg),
        InboxItemDto::decl(&cfg),
        InboxFollowUpDto::decl(&cfg),
        TaskNoteDto::decl(&cfg),
        PanelRowDto::decl(&cfg),
        PatientPageDto::decl(&cfg),
        WatchDto::decl(&cfg),
        SessionDto::decl(&cfg),
        SignOutDto::decl(&cfg),
        BackupDto::decl(&cfg),
        RestoredDto::decl(&cfg),
    ] {
        let _ = writeln!(out, "export {decl}\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn bindings_the_generated_file_is_current() {
        let path = Path::new(
            &std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
        )
        .join(PATH);
        let wanted = render();
        if std::env::var("DIARY_BLESS").as_deref() == Ok("1") {
            std::fs::write(&path, &wanted).unwrap();
        }
        let found = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            found == wanted,
            "{PATH} is stale: run `DIARY_BLESS=1 cargo test -p symptom-diary bindings` and commit it"
        );
    }

    #[test]
    fn bindings_carry_every_word_of_the_core() {
        let text = render();
        for word in Rating::ALL.iter().map(|r| r.as_str()).chain(
            Sign::ALL
                .iter()
                .map(|s| s.as_str())
                .chain(Therapy::ALL.iter().map(|t| t.as_str()))
                .chain(Drug::ALL.iter().map(|d| d.as_str())),
        ) {
            assert!(text.contains(&format!("\"{word}\"")), "{word} is missing");
        }
        assert!(text.contains("export type ReportDto = {"), "{text}");
        assert!(text.contains("level: Level"), "{text}");
    }
}
