//! The IPC commands: each one adapts its DTO to a core call and the result back. The
//! clock is read here, once per command (`Local::now()`: the instant and the local
//! offset), as soon as the command has the diary, and passed down to the core. Every command is listed in
//! `build.rs`'s app manifest and granted to the `main` window only.

use crate::dto::{
    BackupDto, CheckinDto, CheckinInput, CourseDto, CourseInput, InboxItemDto, IpcError, LabDto,
    LabTestDto, LabsDto, MessageInput, MessagesDto, PanelRowDto, PatientCheckDto, PatientPageDto,
    QuestionDto, ReportDto, ReportInput, RestoredDto, SavedAlertDto, SeenByTeam, SessionDto,
    SettingsDto, SignOutDto, StatusDto, SyncDto, SyncInput, SyncStatusDto, TreatmentsDto,
    TrendPoint, TriageDto, WatchDto,
};
use crate::state::AppState;
use crate::state::{DiaryState, OpenDiary, RESTART};
use chrono::{DateTime, Duration, Local, Utc};
use diary_core::followup::{Answered, FollowUpAnswer, Question, Record};
use diary_core::messages;
use diary_core::store::{backup, Diary, KeyPolicy};
use diary_sync as fhir;
use tauri::State;

type Result<T> = std::result::Result<T, IpcError>;

/// The most reports or alerts one history page shows.
const MAX_LIST: usize = 500;

/// The window's diary for one command, or the error of a diary that is not open.
fn lock(state: &AppState) -> Result<OpenDiary<'_>> {
    crate::state::lock(&state.diary)
}

/// Everything the home screen shows: settings, the latest reports, and the A-NO-REPORT
/// notice when the core says it applies.
#[tauri::command]
pub fn app_status(state: State<'_, AppState>) -> Result<StatusDto> {
    let diary = lock(&state)?;
    let now = Local::now();
    status(&diary, now)
}

/// The home screen at `now`.
fn status(diary: &Diary, now: DateTime<Local>) -> Result<StatusDto> {
    let utc = now.with_timezone(&Utc);
    let settings = diary.settings()?;
    let profile = diary.profile()?;
    // Everything the home screen shows is shown now: the office is judged at `now`.
    let phones = settings.phones(profile.office_open(now.fixed_offset()));
    let lang = settings.language.as_str();
    let last = diary.last_report_at()?;
    let no_report = diary_core::rules::no_report_alert(last, utc, settings.reminders_on)
        .map(|alert| crate::dto::AlertDto::from_core(&alert, lang, &phones));
    let seen = SeenByTeam::read(diary, Record::Report(0), utc)?;
    let checkins_seen = SeenByTeam::read(diary, Record::Checkin(0), utc)?;
    let recent = diary
        .recent_reports(5)?
        .iter()
        .map(|saved| ReportDto::from_core(saved, lang, &phones, &seen))
        .collect();
    let treatments = diary.treatments()?;
    let today = now.date_naive();
    let both = crate::dto::ladder::Seen {
        reports: &seen,
        checkins: &checkins_seen,
    };
    let ladders = diary
        .ladders(now.fixed_offset())?
        .iter()
        .map(|open| crate::dto::LadderDto::from_core(open, lang, &phones, &both))
        .collect();
    let glance = glance(diary, &settings, lang, &phones, now)?;
    Ok(StatusDto {
        glance,
        settings: SettingsDto::from_core(&settings, &profile, &treatments),
        treatments: TreatmentsDto::from_core(&profile, &treatments, lang, today),
        ladders,
        last_report_at: last.map(|at| at.to_rfc3339()),
        no_report,
        recent,
        latest_checkin: diary
            .latest_checkin()?
            .map(|saved| CheckinDto::from_core(&saved, lang, &phones, &checkins_seen)),
        checkin_due: diary.checkin_due(utc)?,
        unread_replies: diary.unread_replies()?.len(),
    })
}

/// Missed days, the next reminder and the week's calls at `now` (diary_core::glance
/// decides).
fn glance(
    diary: &Diary,
    settings: &diary_core::store::Settings,
    lang: &str,
    phones: &diary_core::messages::Phones,
    now: DateTime<Local>,
) -> Result<crate::dto::GlanceDto> {
    use diary_core::glance;
    let today = now.date_naive();
    let since = now.with_timezone(&Utc) - Duration::days(glance::MISSED_DAYS_WINDOW);
    let recent = diary.reports_since(since)?;
    let reported: Vec<chrono::NaiveDate> = recent
        .iter()
        .map(|s| s.report.recorded_at.with_timezone(&Local).date_naive())
        .collect();
    let first = diary
        .first_report_at()?
        .map(|t| t.with_timezone(&Local).date_naive());
    let time = settings
        .reminder_time
        .as_deref()
        .and_then(|t| chrono::NaiveTime::parse_from_str(t, "%H:%M").ok());
    Ok(crate::dto::GlanceDto {
        missed_days: glance::missed_days(&reported, first, today)
            .iter()
            .map(|d| d.format("%Y-%m-%d").to_string())
            .collect(),
        next_reminder: glance::next_reminder(
            now.naive_local(),
            settings.reminders_on,
            time,
            reported.contains(&today),
        )
        .map(|t| t.format("%Y-%m-%dT%H:%M").to_string()),
        recent_alerts: glance::week_calls(
            recent.iter().map(|s| (s.report.recorded_at, &s.triage)),
            now.with_timezone(&Utc),
        )
        .into_iter()
        .map(|a| crate::dto::AlertDto::from_core(a, lang, phones))
        .collect(),
    })
}

/// Saves the settings screen (and ends the first run); returns the new home status.
#[tauri::command]
pub fn save_settings(state: State<'_, AppState>, settings: SettingsDto) -> Result<StatusDto> {
    let mut diary = lock(&state)?;
    let now = Local::now();
    let (settings, profile, drugs) = settings.to_core()?;
    diary.set_treatments(&profile, &drugs, now.date_naive())?;
    diary.set_settings(&settings)?;
    status(&diary, now)
}

/// An answer to the escalation ladder's question ("Did you get through…?") about report
/// `report_id`; returns the new home status, whose `ladders` say what to show next (the red
/// screen again, or emergency services first after a second "not yet"). "Not yet" after a
/// red shows the red notification again.
#[tauri::command]
pub fn answer_follow_up(
    state: State<'_, AppState>,
    kind: String,
    id: i64,
    question: String,
    answer: String,
    note: Option<String>,
) -> Result<StatusDto> {
    let record = Record::parse(&kind, id).ok_or_else(|| {
        IpcError::invalid(
            "followup.kind",
            format!("{kind:?} is not one of {}", Record::KINDS.join(", ")),
        )
    })?;
    let question = Question::parse(&question).ok_or_else(|| {
        IpcError::invalid(
            "followup.question",
            format!("{question:?} is not one of contact, talk"),
        )
    })?;
    let answer = FollowUpAnswer::parse(&answer).ok_or_else(|| {
        IpcError::invalid(
            "followup.answer",
            format!("{answer:?} is not one of reached, not_yet, they_said"),
        )
    })?;
    let mut diary = lock(&state)?;
    let now = Local::now();
    diary.answer_followup_about(
        record,
        question,
        answer,
        note.as_deref(),
        now.with_timezone(&Utc),
    )?;
    if let (FollowUpAnswer::NotYet, Record::Report(report_id)) = (answer, record) {
        if let Some(saved) = diary.report(report_id)? {
            let settings = diary.settings()?;
            let words = messages::explain_report(
                &settings.language,
                &saved.triage,
                saved.report.screened,
                &diary.phones_at(now.fixed_offset())?,
            );
            if saved.triage.level == diary_core::model::Level::Red {
                crate::notify::report_saved(saved.triage.level, &settings.language, &words);
            }
        }
    }
    status(&diary, now)
}

/// The messages with the care team, oldest first, with what the screen always says (not
/// for anything urgent, and the numbers); the team's replies count as seen from now.
#[tauri::command]
pub fn messages(state: State<'_, AppState>) -> Result<MessagesDto> {
    let mut diary = lock(&state)?;
    let now = Local::now();
    let settings = diary.settings()?;
    let list = diary.messages()?;
    diary.mark_replies_read(now.with_timezone(&Utc))?;
    let sync_on = diary.sync_settings()?.enabled;
    let phones = diary.phones_at(now.fixed_offset())?;
    Ok(MessagesDto::from_core(
        &list,
        &settings.language,
        &phones,
        sync_on,
    ))
}

/// Keeps a message to the care team written now by the user the settings name, with its
/// photo when one was chosen (the core checks the words and the photo and removes the
/// photo's metadata; nothing is kept when either is refused), and starts a sync; returns
/// the messages.
#[tauri::command]
pub fn send_message(state: State<'_, AppState>, message: MessageInput) -> Result<MessagesDto> {
    let photo = message.photo_bytes()?;
    let mut diary = lock(&state)?;
    let now = Local::now();
    let settings = diary.settings()?;
    diary.send_message(
        &message.text,
        photo.as_deref(),
        settings.user_role,
        now.with_timezone(&Utc),
    )?;
    let list = diary.messages()?;
    let sync_on = diary.sync_settings()?.enabled;
    let phones = diary.phones_at(now.fixed_offset())?;
    drop(diary);
    crate::sync::in_background(&state);
    Ok(MessagesDto::from_core(
        &list,
        &settings.language,
        &phones,
        sync_on,
    ))
}

/// The clinic-visit report for the days `from` to `to` (`YYYY-MM-DD`, both included) as a
/// PDF in the diary's language, saved where the user chooses in the system's dialog.
/// Returns the file's name, or `null` when the user cancelled.
#[tauri::command(async)]
pub fn save_visit_report(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> Result<Option<String>> {
    let day = |text: &str, field: &str| {
        chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map_err(|_| IpcError::invalid(field, format!("{text:?} is not a date (YYYY-MM-DD)")))
    };
    let period = diary_report::Period::new(day(&from, "report.from")?, day(&to, "report.to")?)
        .map_err(|e| IpcError::invalid("report.to", e.to_string()))?;
    let (pdf, name) = {
        let diary = lock(&state)?;
        let lang = diary.settings()?.language;
        let report = diary_report::from_diary(&diary, period)?;
        let pdf = diary_report::render(&report, &lang)
            .map_err(|e| IpcError::io(format!("the report could not be made: {e}")))?;
        (pdf, format!("visit-report-{from}-to-{to}.pdf"))
    };
    crate::files::save_one(&app, &name, "PDF", "pdf", &pdf)
}

/// The reports and lab results as spreadsheets (reports.csv, labs.csv; docs/csv.md),
/// saved into the folder the user chooses. Returns the folder, or `null` when cancelled.
#[tauri::command(async)]
pub fn save_spreadsheets(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<String>> {
    let files = {
        let diary = lock(&state)?;
        let reports = diary.reports_since(chrono::DateTime::<Utc>::MIN_UTC)?;
        let labs = diary.labs()?;
        let checkins = diary.checkins()?;
        [
            ("reports.csv", diary_core::csv_files::reports_csv(&reports)),
            ("labs.csv", diary_core::csv_files::labs_csv(&labs)),
            (
                "checkins.csv",
                diary_core::csv_files::checkins_csv(&checkins),
            ),
        ]
    };
    crate::files::save_into_folder(&app, &files)
}

/// The questions for the next visit still open, oldest first.
#[tauri::command]
pub fn questions(state: State<'_, AppState>) -> Result<Vec<QuestionDto>> {
    let diary = lock(&state)?;
    question_list(&diary)
}

fn question_list(diary: &Diary) -> Result<Vec<QuestionDto>> {
    Ok(diary
        .open_questions()?
        .iter()
        .map(QuestionDto::from_core)
        .collect())
}

/// Adds a question for the next visit; returns the list.
#[tauri::command]
pub fn add_question(state: State<'_, AppState>, text: String) -> Result<Vec<QuestionDto>> {
    let mut diary = lock(&state)?;
    let now = Utc::now();
    diary.add_question(&text, now)?;
    question_list(&diary)
}

/// Crosses a question off as asked; returns the list.
#[tauri::command]
pub fn question_asked(state: State<'_, AppState>, id: String) -> Result<Vec<QuestionDto>> {
    let mut diary = lock(&state)?;
    let now = Utc::now();
    diary.question_asked(&id, now)?;
    question_list(&diary)
}

/// The treatment courses, oldest first, with their cycle starts up to today.
#[tauri::command]
pub fn courses(state: State<'_, AppState>) -> Result<Vec<CourseDto>> {
    let diary = lock(&state)?;
    let today = Local::now().date_naive();
    course_list(&diary, today)
}

/// The courses with their cycle starts up to `today`.
fn course_list(diary: &Diary, today: chrono::NaiveDate) -> Result<Vec<CourseDto>> {
    let lang = diary.settings()?.language;
    let all = diary.courses()?;
    Ok((0..all.len())
        .map(|i| CourseDto::from_core(&all, i, &lang, today))
        .collect())
}

/// Adds a treatment course; returns the list.
#[tauri::command]
pub fn add_course(state: State<'_, AppState>, course: CourseInput) -> Result<Vec<CourseDto>> {
    let course = course.to_core()?;
    let mut diary = lock(&state)?;
    let today = Local::now().date_naive();
    diary.add_course(&course)?;
    course_list(&diary, today)
}

/// Ends a course today (its last day of treatment); returns the list.
#[tauri::command]
pub fn end_course(state: State<'_, AppState>, id: String) -> Result<Vec<CourseDto>> {
    let mut diary = lock(&state)?;
    let today = Local::now().date_naive();
    diary.end_course(&id, today)?;
    course_list(&diary, today)
}

/// "Yes, I am still on these treatments"; returns the new home status.
#[tauri::command]
pub fn confirm_treatments(state: State<'_, AppState>) -> Result<StatusDto> {
    let mut diary = lock(&state)?;
    let now = Local::now();
    diary.confirm_treatments(now.date_naive())?;
    status(&diary, now)
}

/// The answer to "which CDK4/6 tablet?" (`None`: "I do not know"); returns the new home
/// status.
#[tauri::command]
pub fn answer_cdk46(state: State<'_, AppState>, drug: Option<String>) -> Result<StatusDto> {
    let drug = drug
        .map(|d| diary_core::input::drug(&d, "drug"))
        .transpose()?;
    let mut diary = lock(&state)?;
    let now = Local::now();
    diary.answer_cdk46(drug)?;
    status(&diary, now)
}

/// Saves today's report, made now by the user the settings name; returns it with its
/// triage. Red and amber also raise a desktop notification; when care-team sync is on, a
/// red alert is sent at once in the background. Off the window's thread (`async`): a
/// busy diary makes the save wait up to 30 s (`diary_busy` after that), and the window
/// keeps drawing "Saving… the diary is busy, waiting" meanwhile.
#[tauri::command(async)]
pub fn add_report(state: State<'_, AppState>, report: ReportInput) -> Result<ReportDto> {
    let mut diary = lock(&state)?;
    let now = Local::now();
    let settings = diary.settings()?;
    let report = report
        .to_words()
        .to_report(now.fixed_offset(), settings.user_role)?;
    let saved = diary.add_report(report, now.with_timezone(&Utc))?;
    let team = SeenByTeam::read(&diary, Record::Report(0), now.with_timezone(&Utc))?;
    // The result is judged at the report's time t.
    let phones = diary.phones_at(saved.report.recorded_at)?;
    drop(diary);
    let words = messages::explain_report(
        &settings.language,
        &saved.triage,
        saved.report.screened,
        &phones,
    );
    crate::notify::report_saved(saved.triage.level, &settings.language, &words);
    crate::sync::in_background(&state);
    Ok(ReportDto::from_words(&saved, words, &team, &phones))
}

/// Saves this week's check-in, answered now by the user the settings name; returns it with
/// its triage (triaged against the previous check-in). An amber one raises a desktop
/// notification like a report's; care-team sync, when on, sends it.
#[tauri::command]
pub fn add_checkin(state: State<'_, AppState>, checkin: CheckinInput) -> Result<CheckinDto> {
    let mut diary = lock(&state)?;
    let now = Local::now();
    let settings = diary.settings()?;
    let checkin = checkin
        .to_words()
        .to_checkin(now.fixed_offset(), settings.user_role)?;
    let saved = diary.save_checkin(checkin, now.with_timezone(&Utc))?;
    let team = SeenByTeam::read(&diary, Record::Checkin(0), now.with_timezone(&Utc))?;
    // The result is judged at the check-in's time.
    let phones = diary.phones_at(saved.checkin.answered_at)?;
    drop(diary);
    let words = messages::explain_checkin(&settings.language, &saved.triage, &phones);
    crate::notify::report_saved(saved.triage.level, &settings.language, &words);
    crate::sync::in_background(&state);
    Ok(CheckinDto::from_words(&saved, words, &team, &phones))
}

/// The latest check-ins, newest first.
#[tauri::command]
pub fn recent_checkins(state: State<'_, AppState>, limit: usize) -> Result<Vec<CheckinDto>> {
    let diary = lock(&state)?;
    let settings = diary.settings()?;
    // Shown now: the office is judged now.
    let phones = diary.phones_at(Local::now().fixed_offset())?;
    let seen = SeenByTeam::read(&diary, Record::Checkin(0), Utc::now())?;
    Ok(diary
        .recent_checkins(limit.min(MAX_LIST))?
        .iter()
        .map(|saved| CheckinDto::from_core(saved, &settings.language, &phones, &seen))
        .collect())
}

/// The check-ins of the last `days` days (one of the trend periods), oldest first.
#[tauri::command]
pub fn checkin_trends(state: State<'_, AppState>, days: u32) -> Result<Vec<CheckinDto>> {
    check_period(days)?;
    let diary = lock(&state)?;
    let now = Local::now();
    let since = now.with_timezone(&Utc) - Duration::days(i64::from(days));
    let settings = diary.settings()?;
    // Shown now: the office is judged now.
    let phones = diary.phones_at(now.fixed_offset())?;
    let seen = SeenByTeam::read(&diary, Record::Checkin(0), Utc::now())?;
    Ok(diary
        .checkins_since(since)?
        .iter()
        .map(|saved| CheckinDto::from_core(saved, &settings.language, &phones, &seen))
        .collect())
}

/// Refuses a period that is not one of the trend periods, naming `days`.
fn check_period(days: u32) -> Result<()> {
    if diary_core::store::TREND_PERIODS_DAYS.contains(&days) {
        return Ok(());
    }
    Err(IpcError::invalid(
        "days",
        format!(
            "{days} is not one of {:?}",
            diary_core::store::TREND_PERIODS_DAYS
        ),
    ))
}

/// The latest reports, newest first.
#[tauri::command]
pub fn recent_reports(state: State<'_, AppState>, limit: usize) -> Result<Vec<ReportDto>> {
    let diary = lock(&state)?;
    let settings = diary.settings()?;
    // Shown now: the office is judged now.
    let phones = diary.phones_at(Local::now().fixed_offset())?;
    let seen = SeenByTeam::read(&diary, Record::Report(0), Utc::now())?;
    let courses = diary.courses()?;
    Ok(diary
        .recent_reports(limit.min(MAX_LIST))?
        .iter()
        .map(|saved| {
            ReportDto::from_core(saved, &settings.language, &phones, &seen)
                .in_courses(&courses, saved)
        })
        .collect())
}

/// One report with its triage, or `null` when there is no such report.
#[tauri::command]
pub fn get_report(state: State<'_, AppState>, id: i64) -> Result<Option<ReportDto>> {
    let diary = lock(&state)?;
    let settings = diary.settings()?;
    // Shown now: the office is judged now.
    let phones = diary.phones_at(Local::now().fixed_offset())?;
    let seen = SeenByTeam::read(&diary, Record::Report(0), Utc::now())?;
    let courses = diary.courses()?;
    Ok(diary.report(id)?.map(|saved| {
        ReportDto::from_core(&saved, &settings.language, &phones, &seen)
            .in_courses(&courses, &saved)
    }))
}

/// The latest alerts, newest first: the reports' and the lab-only ones.
#[tauri::command]
pub fn alert_history(state: State<'_, AppState>, limit: usize) -> Result<Vec<SavedAlertDto>> {
    let diary = lock(&state)?;
    alert_history_of(&diary, limit.min(MAX_LIST))
}

/// The alert history: at most `limit` alerts, newest first, a report's at the moment it
/// was recorded and a lab-only one at the moment its lab result was entered (its `t`),
/// each report's alerts in triage order.
fn alert_history_of(diary: &Diary, limit: usize) -> Result<Vec<SavedAlertDto>> {
    let settings = diary.settings()?;
    let lang = settings.language.as_str();
    // Shown now: the office is judged now.
    let phones = diary.phones_at(Local::now().fixed_offset())?;
    let mut answers: std::collections::HashMap<i64, Vec<Answered>> = Default::default();
    let courses = diary.courses()?;
    let mut reports = diary.alert_history(limit)?.into_iter().peekable();
    let mut labs = diary.lab_alerts()?.into_iter().peekable();
    let mut out = Vec::new();
    while out.len() < limit {
        let lab_first = match (reports.peek(), labs.peek()) {
            (Some(r), Some(l)) => l.raised_at > r.recorded_at,
            (None, Some(_)) => true,
            (_, None) => false,
        };
        if lab_first {
            let Some(saved) = labs.next() else { break };
            let lab = diary.lab(saved.lab_id)?;
            let follow_ups = diary.record_followups(Record::Lab(saved.lab_id))?;
            out.push(SavedAlertDto::from_lab(
                &saved,
                lab.as_ref(),
                &follow_ups,
                lang,
                &phones,
                &courses,
            ));
            continue;
        }
        let Some(saved) = reports.next() else { break };
        if let std::collections::hash_map::Entry::Vacant(e) = answers.entry(saved.report_id) {
            e.insert(diary.followups(saved.report_id)?);
        }
        let mut dto = SavedAlertDto::from_core(&saved, lang, &phones, &answers[&saved.report_id]);
        dto.cycle = crate::dto::CycleDto::of(&courses, &saved.recorded_at);
        out.push(dto);
    }
    Ok(out)
}

/// The reports of the last `days` days (7, 30 or 90), oldest first, reduced to what the
/// charts draw.
#[tauri::command]
pub fn trends(state: State<'_, AppState>, days: u32) -> Result<Vec<TrendPoint>> {
    check_period(days)?;
    let diary = lock(&state)?;
    let since = Utc::now() - Duration::days(i64::from(days));
    let courses = diary.courses()?;
    Ok(diary
        .reports_since(since)?
        .iter()
        .map(|saved| TrendPoint::from_core(saved, &courses))
        .collect())
}

/// The lab results screen: the tests it offers and the results saved, newest first.
#[tauri::command]
pub fn labs(state: State<'_, AppState>) -> Result<LabsDto> {
    let diary = lock(&state)?;
    labs_of(&diary)
}

fn labs_of(diary: &Diary) -> Result<LabsDto> {
    Ok(LabsDto {
        tests: LabTestDto::all(),
        results: diary.labs()?.iter().rev().map(LabDto::from_core).collect(),
        entered: None,
        kept: None,
    })
}

/// Saves one lab result copied from a lab sheet (the core checks it: the unit must fit the
/// test, the reference limit the test is graded by is required); the next report's triage
/// uses it. Returns the screen's new contents.
#[tauri::command]
pub fn add_lab(state: State<'_, AppState>, lab: LabDto) -> Result<LabsDto> {
    let now = Local::now();
    let lab = lab.to_core(now.date_naive())?;
    let mut diary = lock(&state)?;
    // Triaged at once (a grade-4 count does not wait for the next report), with the
    // notification an amber or red gets.
    let triage = diary.add_lab(&lab, now.with_timezone(&Utc))?.triage;
    let settings = diary.settings()?;
    // A lab-only alert is judged at its entry, on this computer's clock.
    let words = messages::explain(
        &settings.language,
        &triage,
        &diary.phones_at(now.fixed_offset())?,
    );
    crate::notify::report_saved(triage.level, &settings.language, &words);
    // Kept and sent, or nobody else sees it: no alert ends on a screen (issue 21).
    let sync_on = diary.sync_settings()?.enabled;
    let kept = messages::kept_words(&settings.language, triage.level, sync_on);
    Ok(LabsDto {
        entered: Some(TriageDto::from_words(&triage, words)),
        kept,
        ..labs_of(&diary)?
    })
}

/// The care-team connection: the saved settings, whether a token is saved (never the
/// token), and the status line's facts.
#[tauri::command]
pub fn sync_settings(state: State<'_, AppState>) -> Result<SyncDto> {
    let diary = lock(&state)?;
    let now = Utc::now();
    sync_dto(&diary, now)
}

/// The care-team connection with its status at `now`.
fn sync_dto(diary: &Diary, now: DateTime<Utc>) -> Result<SyncDto> {
    let settings = diary.sync_settings()?;
    let status = diary.sync_status(now)?;
    let token_saved = fhir::token::load(settings.server_url.as_deref())?.is_some();
    Ok(SyncDto {
        enabled: settings.enabled,
        server_url: settings.server_url,
        patient: settings.patient,
        token_saved,
        status: SyncStatusDto::from_core(&status, &diary.settings()?.language),
    })
}

/// Saves the care-team connection (the core checks the address: https, or http to this
/// computer only) and saves, replaces or removes the token outside the diary file.
#[tauri::command]
pub fn save_sync_settings(state: State<'_, AppState>, sync: SyncInput) -> Result<SyncDto> {
    let mut diary = lock(&state)?;
    let now = Utc::now();
    let before = diary.sync_settings()?.server_url;
    let settings = sync.settings();
    diary.set_sync_settings(&settings)?;
    let moved = before.as_deref().and_then(fhir::token::origin)
        != settings.server_url.as_deref().and_then(fhir::token::origin);
    if let Some(token) = sync.new_token() {
        fhir::token::save(&token, settings.server_url.as_deref())?;
    } else if sync.remove_token || moved {
        // A new address forgets the old server's token (it is never sent elsewhere).
        fhir::token::save("", None)?;
    }
    let saved = sync_dto(&diary, now)?;
    drop(diary);
    if saved.enabled {
        // Whatever is due (a red alert made while the connection was off) goes now.
        crate::sync::in_background(&state);
    }
    Ok(saved)
}

/// Runs blocking network work off the UI thread.
async fn off_the_ui_thread<T: Send + 'static>(
    state: State<'_, AppState>,
    work: impl FnOnce(&AppState) -> Result<T> + Send + 'static,
) -> Result<T> {
    let state = state.inner().clone();
    tauri::async_runtime::spawn_blocking(move || work(&state))
        .await
        .map_err(|_| IpcError::storage("the app could not finish this; please try again"))?
}

/// "Send now": sends everything waiting to the care team's server; returns the new
/// status (errors of the run are in it, in plain words). Refused while sync is off.
#[tauri::command]
pub async fn sync_now(state: State<'_, AppState>) -> Result<SyncStatusDto> {
    off_the_ui_thread(state, crate::sync::send_now).await
}

/// "Try again": the entries set aside after the server refused them again and again wait
/// again, and everything waiting is sent now; returns the new status.
#[tauri::command]
pub async fn retry_set_aside(state: State<'_, AppState>) -> Result<SyncStatusDto> {
    off_the_ui_thread(state, crate::sync::retry_set_aside).await
}

/// "Is this you?": what the care team's server holds for the saved identifier (nothing is
/// sent).
#[tauri::command]
pub async fn check_care_team_patient(state: State<'_, AppState>) -> Result<PatientCheckDto> {
    off_the_ui_thread(state, crate::sync::check_patient).await
}

/// "Is this you?" — yes: remembers the Patient shown (`name`, `birth_year`) for this server
/// and identifier, and sends what is due.
#[tauri::command]
pub async fn confirm_care_team_patient(
    state: State<'_, AppState>,
    name: Option<String>,
    birth_year: Option<i32>,
) -> Result<PatientCheckDto> {
    off_the_ui_thread(state, move |state| {
        crate::sync::confirm_patient(state, name, birth_year)
    })
    .await
}

/// Care team console: the open alerts across patients on the server, overdue reds first,
/// then the most urgent.
#[tauri::command]
pub async fn care_team_inbox(state: State<'_, AppState>) -> Result<Vec<InboxItemDto>> {
    off_the_ui_thread(state, crate::console::inbox).await
}

/// Care team console: acknowledges one alert (by its id in the inbox, at the `version`
/// shown), with the clinician's `note` when one was typed; the patient's app learns it at
/// its next sync ("seen by your care team").
#[tauri::command]
pub async fn acknowledge_alert(
    state: State<'_, AppState>,
    id: String,
    version: Option<String>,
    note: Option<String>,
) -> Result<bool> {
    off_the_ui_thread(state, move |state| {
        crate::console::acknowledge(state, &id, version.as_deref(), note.as_deref())
    })
    .await
}

/// Care team console: the patients' messages, newest first, with their photos and replies.
#[tauri::command]
pub async fn care_team_messages(
    state: State<'_, AppState>,
) -> Result<Vec<crate::dto::InboxMessageDto>> {
    off_the_ui_thread(state, crate::console::messages).await
}

/// Care team console: a reply to one patient's message (by its uid); the patient's app
/// shows it after its next sync. Returns the reply's uid.
#[tauri::command]
pub async fn care_team_reply(
    state: State<'_, AppState>,
    message: String,
    text: String,
) -> Result<String> {
    off_the_ui_thread(state, move |state| {
        crate::console::reply(state, &message, &text)
    })
    .await
}

/// Care team console: the patient panel, most urgent first.
#[tauri::command]
pub async fn care_team_panel(state: State<'_, AppState>) -> Result<Vec<PanelRowDto>> {
    off_the_ui_thread(state, crate::console::panel).await
}

/// Care team console: one patient's page over the last `days` days.
#[tauri::command]
pub async fn care_team_patient(
    state: State<'_, AppState>,
    patient_ref: String,
    days: u32,
) -> Result<PatientPageDto> {
    off_the_ui_thread(state, move |state| {
        crate::console::patient(state, &patient_ref, days)
    })
    .await
}

/// Care team console: looks for reds that arrived since the last look, with a desktop
/// notification when there are any.
#[tauri::command]
pub async fn care_team_watch(state: State<'_, AppState>) -> Result<WatchDto> {
    off_the_ui_thread(state, crate::console::watch).await
}

/// SMART sign-in: whether the app is signed in to the saved server, and as whom.
#[tauri::command]
pub async fn care_team_session(state: State<'_, AppState>) -> Result<SessionDto> {
    off_the_ui_thread(state, crate::signin::session).await
}

/// SMART sign-in, first step: the address of the hospital's sign-in page for `role`
/// (`patient` or `clinician`), which the system's browser is asked to open.
#[tauri::command]
pub async fn care_team_sign_in_start(
    state: State<'_, AppState>,
    role: String,
    issuer: Option<String>,
) -> Result<String> {
    off_the_ui_thread(state, move |state| {
        crate::signin::start(state, &role, issuer)
    })
    .await
}

/// SMART sign-in, second step: waits for the browser to come back, keeps the sign-in.
#[tauri::command]
pub async fn care_team_sign_in_finish(state: State<'_, AppState>) -> Result<SessionDto> {
    off_the_ui_thread(state, crate::signin::finish).await
}

/// SMART sign-in: forgets the sign-in to the saved server.
#[tauri::command]
pub async fn care_team_sign_out(state: State<'_, AppState>) -> Result<SignOutDto> {
    off_the_ui_thread(state, crate::signin::sign_out).await
}

/// The diary's file, when the app knows it.
fn diary_path(state: &AppState) -> Result<std::path::PathBuf> {
    state.path.clone().ok_or_else(|| IpcError::storage(RESTART))
}

fn backup_list(path: &std::path::Path) -> Result<Vec<BackupDto>> {
    Ok(backup::list(path)?
        .into_iter()
        .map(|b| BackupDto {
            taken_at: b.taken_at.to_rfc3339(),
            name: b
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        })
        .collect())
}

/// The diary's backups, newest first. Works when the diary itself cannot be opened.
#[tauri::command]
pub fn backups(state: State<'_, AppState>) -> Result<Vec<BackupDto>> {
    backup_list(&diary_path(&state)?)
}

/// Puts back the newest backup that the diary's key opens and that passes the checks;
/// the diary as it was is backed up first. The window's connection is closed meanwhile
/// and sync waits. When the diary could not be opened at start, the file is restored and
/// the app asks to be started again.
#[tauri::command]
pub fn restore_newest_backup(state: State<'_, AppState>) -> Result<RestoredDto> {
    restore(&state, KeyPolicy::from_env(), Utc::now())
}

/// [`restore_newest_backup`] with the key's place (`policy`, as the diary was opened with)
/// and the clock (`now`) passed in.
fn restore(state: &AppState, policy: KeyPolicy, now: DateTime<Utc>) -> Result<RestoredDto> {
    let path = diary_path(state)?;
    let _no_sync = state.sync.lock().map_err(|_| IpcError::storage(RESTART))?;
    let mut diary = state.diary.lock().map_err(|_| IpcError::storage(RESTART))?;
    let (from, restart_needed) = match &*diary {
        DiaryState::Unavailable(_) => (backup::restore_newest_good(&path, now, policy)?.0, true),
        DiaryState::Open(_) => {
            // Close the file (the window holds no other connection) while it is replaced;
            // nobody sees the state meanwhile (the lock is held).
            *diary = DiaryState::Unavailable(IpcError::storage(RESTART));
            let restored = backup::restore_newest_good(&path, now, policy);
            // Open whatever is in place now: the restored diary, or the same one as before.
            // When neither opens, the window has no diary (never one in memory): every
            // command from now on asks for a restart.
            let reopened = Diary::open_with(&path, policy)?;
            *diary = DiaryState::Open(reopened);
            (restored?.0, false)
        }
    };
    drop(diary);
    let taken_at = backup::list(&path)?
        .into_iter()
        .find(|b| b.path == from)
        .map(|b| b.taken_at.to_rfc3339())
        .unwrap_or_default();
    Ok(RestoredDto {
        taken_at,
        restart_needed,
        backups: backup_list(&path)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use diary_core::model::Report;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    /// A diary of its own in `dir` (its key in a file beside it, never in the user's
    /// keyring) with one report and a backup of it, then a second report made after.
    fn diary_with_a_backup(dir: &tempfile::TempDir) -> (std::path::PathBuf, Diary) {
        let path = dir.path().join("diary.sqlite");
        let mut diary = Diary::open_with(&path, KeyPolicy::KeyFile).unwrap();
        for day in ["2026-11-20", "2026-11-21"] {
            let made = at(&format!("{day}T04:00:00Z"));
            diary
                .add_report(Report::new(made.fixed_offset()), made)
                .unwrap();
            if day == "2026-11-20" {
                diary.snapshot(at("2026-11-20T05:00:00Z")).unwrap();
            }
        }
        (path, diary)
    }

    const LATER: &str = "2026-11-22T04:00:00Z";

    #[test]
    fn a_lab_only_alert_is_in_the_alert_history_among_the_reports_alerts() {
        use diary_core::model::{LabResult, LabTest, LabUnit};
        let mut diary = Diary::open_in_memory().unwrap();
        // A fever on the 18th and on the 20th; neutrophils 0.3 entered on its own on the 19th.
        for day in ["2026-11-18", "2026-11-20"] {
            let made = at(&format!("{day}T04:00:00Z"));
            let mut report = Report::new(made.fixed_offset());
            report.temperature_c = Some(38.6);
            diary.add_report(report, made).unwrap();
        }
        let lab = LabResult {
            id: None,
            taken_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 19).unwrap(),
            test: LabTest::Neutrophils,
            value: 0.3,
            unit: LabUnit::E9PerL,
            ref_low: Some(2.0),
            ref_high: None,
            baseline: None,
        };
        let entered = diary.add_lab(&lab, at("2026-11-19T10:00:00Z")).unwrap();
        assert!(entered.triage.level >= diary_core::model::Level::Amber);
        let uid = diary.lab_alerts().unwrap()[0].uid.clone();
        assert!(diary
            .record_seen_by_team(&uid, at("2026-11-19T10:30:00Z"))
            .unwrap());

        for lang in diary_core::messages::LANGUAGES {
            diary
                .set_settings(&diary_core::store::Settings {
                    language: lang.to_string(),
                    ..diary.settings().unwrap()
                })
                .unwrap();
            let history = alert_history_of(&diary, 50).unwrap();
            let when: Vec<&str> = history.iter().map(|a| &a.recorded_at[..10]).collect();
            let labs: Vec<&SavedAlertDto> = history.iter().filter(|a| a.lab.is_some()).collect();
            assert_eq!(
                labs.len(),
                entered.triage.alerts.len(),
                "{lang}: {history:#?}"
            );
            // Newest first, the lab's between the two reports'.
            assert!(when.windows(2).all(|w| w[0] >= w[1]), "{lang}: {when:?}");
            assert_eq!(when.first(), Some(&"2026-11-20"));
            assert_eq!(when.last(), Some(&"2026-11-18"));
            let first = &labs[0];
            assert_eq!(first.report_id, None);
            assert_eq!(first.recorded_at, "2026-11-19T10:00:00+00:00");
            assert_eq!(first.alert.level, "amber", "{lang}");
            let shown = first.lab.as_ref().unwrap();
            assert_eq!((shown.test.as_str(), shown.value), ("neutrophils", 0.3));
            // The lab test's words and its value, as the patient's language writes them.
            let test = diary_core::messages::name(lang, "lab.test.neutrophils");
            let value = diary_core::messages::number(lang, 0.3, 0);
            assert!(
                first.alert.detail.contains(&test) && first.alert.detail.contains(&value),
                "{lang}: {}",
                first.alert.detail
            );
            assert_eq!(
                first.seen_by_team_at.as_deref(),
                Some("2026-11-19T10:30:00+00:00")
            );
            assert!(first.follow_ups.is_empty());
            // The reports' alerts are as before.
            assert!(history
                .iter()
                .filter(|a| a.lab.is_none())
                .all(|a| a.report_id.is_some() && a.seen_by_team_at.is_none()));
        }
        // The limit counts both kinds: the newest report's alerts and then the lab's.
        let reds = history_len_of_newest_report(&diary);
        let limited = alert_history_of(&diary, reds + 1).unwrap();
        assert_eq!(limited.len(), reds + 1);
        assert!(limited[reds].lab.is_some());
    }

    /// How many alerts the newest report has.
    fn history_len_of_newest_report(diary: &Diary) -> usize {
        diary.recent_reports(1).unwrap()[0].triage.alerts.len()
    }

    #[test]
    fn a_restore_puts_the_backup_back_and_the_window_goes_on_with_it() {
        let dir = tempfile::tempdir().unwrap();
        let (path, diary) = diary_with_a_backup(&dir);
        let state = AppState::new(DiaryState::Open(diary), Some(path));
        let restored = restore(&state, KeyPolicy::KeyFile, at(LATER)).unwrap();
        assert!(!restored.restart_needed);
        assert_eq!(restored.taken_at, "2026-11-20T05:00:00+00:00");
        // The diary as it was is backed up first.
        assert_eq!(restored.backups.len(), 2);
        let diary = lock(&state).unwrap();
        assert_eq!(diary.recent_reports(10).unwrap().len(), 1);
    }

    #[test]
    fn a_diary_that_cannot_be_opened_again_leaves_no_diary_and_every_command_asks_for_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let (path, diary) = diary_with_a_backup(&dir);
        // Its key is gone: neither the backup nor the diary opens any more.
        std::fs::remove_file(diary_core::store::key::key_file_path(&path)).unwrap();
        let state = AppState::new(DiaryState::Open(diary), Some(path));
        let error = restore(&state, KeyPolicy::KeyFile, at(LATER)).unwrap_err();
        assert_eq!(error.code, "key_missing", "{error:?}");
        let after = lock(&state).err().unwrap();
        assert_eq!(after.code, "storage");
        assert_eq!(after.message, RESTART);
        // The Backups screen still works: it needs only the file's path.
        assert_eq!(
            backup_list(state.path.as_deref().unwrap()).unwrap().len(),
            1
        );
    }

    #[test]
    fn a_diary_that_could_not_be_opened_at_start_is_restored_for_the_next_start() {
        let dir = tempfile::tempdir().unwrap();
        let (path, diary) = diary_with_a_backup(&dir);
        drop(diary);
        let damaged = IpcError {
            code: diary_core::ErrorCode::DamagedDiary,
            message: "the diary is damaged".into(),
            field: None,
        };
        let state = AppState::new(DiaryState::Unavailable(damaged.clone()), Some(path.clone()));
        let restored = restore(&state, KeyPolicy::KeyFile, at(LATER)).unwrap();
        assert!(restored.restart_needed);
        // This window keeps saying why it has no diary; the next start opens the backup.
        assert_eq!(lock(&state).err(), Some(damaged));
        let reopened = Diary::open_with(&path, KeyPolicy::KeyFile).unwrap();
        assert_eq!(reopened.recent_reports(10).unwrap().len(), 1);
    }
}
