//! The IPC boundary's data shapes (camelCase JSON), one file per screen (`triage.rs` holds
//! the triage in words every screen shows), and what they share: [`IpcError`], the error
//! every command answers with, [`SeenByTeam`], and the trimming of the forms' free text.
//! Conversions only translate shapes: words become the vocabulary through
//! `diary_core::input`, and values are checked by the core (`Diary::add_report`,
//! `Diary::set_settings`, …), whose errors come back as [`IpcError`]. Every shape derives
//! `ts_rs::TS`, so the window's TypeScript types are generated from these
//! (`ui/src/ipc/bindings.ts`, checked by `bindings::the_generated_file_is_current`);
//! every shape is re-exported here, so a caller names `dto::ReportDto` whichever file
//! holds it.

mod backups;
mod checkin;
mod common;
mod console;
mod history;
mod home;
mod labs;
pub mod ladder;
mod messages;
mod questions;
mod report;
mod settings;
mod signin;
mod sync;
mod treatments;
mod triage;

pub use backups::{BackupDto, RestoredDto};
pub use checkin::{CheckinDto, CheckinInput};
use common::clean;
pub use common::{IpcError, SeenByTeam, StandingDto};
pub use console::{
    InboxFollowUpDto, InboxItemDto, PanelRowDto, PatientPageDto, TaskNoteDto, WatchDto,
};
pub use history::{FollowUpDto, SavedAlertDto, TrendPoint};
pub use home::{GlanceDto, StatusDto};
pub use labs::{LabDto, LabTestDto, LabsDto};
pub use ladder::LadderDto;
pub use messages::{InboxMessageDto, InboxReplyDto, MessageDto, MessageInput, MessagesDto};
pub use questions::QuestionDto;
pub use report::{ReportDto, ReportInput};
pub use settings::{OfficeHoursDto, SettingsDto};
pub use signin::{SessionDto, SignOutDto};
pub use sync::{PatientCheckDto, SetAsideWordsDto, SyncDto, SyncInput, SyncStatusDto};
pub use treatments::{
    CourseDto, CourseInput, CycleDto, CycleStartDto, TherapyCardDto, TreatmentsDto,
};
pub use triage::{AlertDto, CallDto, TriageDto};
