// The only module that talks to the Tauri backend. Every command of the app is wrapped
// here with its types; the rest of the UI never imports @tauri-apps/api.
import { invoke } from "@tauri-apps/api/core";

import type {
  AlertDto,
  BackupDto,
  CheckinDto,
  CheckinInput,
  CourseDto,
  CourseInput,
  Drug,
  FollowUpAnswer,
  FollowUpQuestion,
  RecordKind,
  QuestionDto,
  ErrorCode,
  InboxItemDto,
  InboxMessageDto,
  IpcError as CoreError,
  LabDto,
  LabTestDto,
  LabsDto,
  MessageInput,
  MessagesDto,
  PanelRowDto,
  PatientCheckDto,
  PatientPageDto,
  ReportDto,
  ReportInput,
  RestoredDto,
  SavedAlertDto,
  SessionDto,
  SignOutDto,
  SettingsDto,
  StatusDto,
  SyncDto,
  SyncInput,
  SyncStatusDto,
  TrendPoint,
  WatchDto,
} from "./bindings";

// The shapes and the vocabulary are generated from Rust (bindings.ts); the screens use
// them under these short names.
export * from "./bindings";
export type Settings = SettingsDto;
export type Alert = AlertDto;
export type Report = ReportDto;
export type Status = StatusDto;
export type SavedAlert = SavedAlertDto;
export type LabTestInfo = LabTestDto;
export type Lab = LabDto;
export type Labs = LabsDto;
export type SyncSettings = SyncDto;
export type SyncStatus = SyncStatusDto;
export type InboxItem = InboxItemDto;
export type Backup = BackupDto;
export type Restored = RestoredDto;
export type Checkin = CheckinDto;
export type PatientCheck = PatientCheckDto;
export type { CheckinInput, ReportInput, SyncInput, TrendPoint };

/** An error as the backend sends it, or `ipc` when the call itself failed. */
export type IpcError = Omit<CoreError, "code"> & { code: ErrorCode | "ipc" };

function asError(error: unknown): IpcError {
  if (error && typeof error === "object" && "code" in error) {
    return error as IpcError;
  }
  return { code: "ipc", message: String(error) };
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    throw asError(error);
  }
}

export const api = {
  status: () => call<Status>("app_status"),
  saveSettings: (settings: Settings) => call<Status>("save_settings", { settings }),
  addReport: (report: ReportInput) => call<Report>("add_report", { report }),
  recentReports: (limit: number) => call<Report[]>("recent_reports", { limit }),
  addCheckin: (checkin: CheckinInput) => call<Checkin>("add_checkin", { checkin }),
  recentCheckins: (limit: number) => call<Checkin[]>("recent_checkins", { limit }),
  checkinTrends: (days: number) => call<Checkin[]>("checkin_trends", { days }),
  getReport: (id: number) => call<Report | null>("get_report", { id }),
  alertHistory: (limit: number) => call<SavedAlert[]>("alert_history", { limit }),
  trends: (days: number) => call<TrendPoint[]>("trends", { days }),
  labs: () => call<Labs>("labs"),
  addLab: (lab: Lab) => call<Labs>("add_lab", { lab }),
  syncSettings: () => call<SyncSettings>("sync_settings"),
  saveSyncSettings: (sync: SyncInput) => call<SyncSettings>("save_sync_settings", { sync }),
  syncNow: () => call<SyncStatus>("sync_now"),
  retrySetAside: () => call<SyncStatus>("retry_set_aside"),
  checkCareTeamPatient: () => call<PatientCheck>("check_care_team_patient"),
  confirmCareTeamPatient: (name: string | null, birthYear: number | null) =>
    call<PatientCheck>("confirm_care_team_patient", { name, birthYear }),
  careTeamInbox: () => call<InboxItem[]>("care_team_inbox"),
  acknowledgeAlert: (id: string, version: string | null, note: string | null) => call<boolean>("acknowledge_alert", { id, version, note }),
  careTeamMessages: () => call<InboxMessageDto[]>("care_team_messages"),
  careTeamReply: (message: string, text: string) => call<string>("care_team_reply", { message, text }),
  careTeamPanel: () => call<PanelRowDto[]>("care_team_panel"),
  careTeamPatient: (patientRef: string, days: number) => call<PatientPageDto>("care_team_patient", { patientRef, days }),
  careTeamWatch: () => call<WatchDto>("care_team_watch"),
  careTeamSession: () => call<SessionDto>("care_team_session"),
  careTeamSignInStart: (role: "patient" | "clinician", issuer: string | null) => call<string>("care_team_sign_in_start", { role, issuer }),
  careTeamSignInFinish: () => call<SessionDto>("care_team_sign_in_finish"),
  careTeamSignOut: () => call<SignOutDto>("care_team_sign_out"),
  backups: () => call<Backup[]>("backups"),
  restoreNewestBackup: () => call<Restored>("restore_newest_backup"),
  confirmTreatments: () => call<Status>("confirm_treatments"),
  answerCdk46: (drug: Drug | null) => call<Status>("answer_cdk46", { drug }),
  messages: () => call<MessagesDto>("messages"),
  sendMessage: (message: MessageInput) => call<MessagesDto>("send_message", { message }),
  answerFollowUp: (kind: RecordKind, id: number, question: FollowUpQuestion, answer: FollowUpAnswer, note: string | null) =>
    call<Status>("answer_follow_up", { kind, id, question, answer, note }),
  courses: () => call<CourseDto[]>("courses"),
  addCourse: (course: CourseInput) => call<CourseDto[]>("add_course", { course }),
  endCourse: (id: string) => call<CourseDto[]>("end_course", { id }),
  questions: () => call<QuestionDto[]>("questions"),
  addQuestion: (text: string) => call<QuestionDto[]>("add_question", { text }),
  questionAsked: (id: string) => call<QuestionDto[]>("question_asked", { id }),
  saveVisitReport: (from: string, to: string) => call<string | null>("save_visit_report", { from, to }),
  saveSpreadsheets: () => call<string | null>("save_spreadsheets"),
};
