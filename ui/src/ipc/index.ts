// The only module that talks to the Tauri backend. Every command of the app is wrapped
// here with its types; the rest of the UI never imports @tauri-apps/api.
import { invoke } from "@tauri-apps/api/core";

export type Level = "red" | "amber" | "green" | "none";

export interface Settings {
  language: string;
  userRole: "patient" | "caregiver";
  teamPhone: string | null;
  line24hPhone: string | null;
  emergencyPhone: string | null;
  reminderTime: string | null;
  remindersOn: boolean;
  onboarded: boolean;
  therapies: string[];
  usualStoolsPerDay: number | null;
  baselineWeightKg: number | null;
  biliaryStent: boolean | null;
  /** The care team's fever threshold (°C); null uses the ruleset's default. */
  feverThresholdC: number | null;
}

export interface Alert {
  rule: string;
  level: Level;
  subject: string;
  subjectName: string;
  detail: string;
  messageKey: string;
  adviceKey: string | null;
  message: string;
  advice: string | null;
}

export interface Report {
  id: number;
  recordedAt: string;
  reporter: "patient" | "caregiver";
  ratings: Record<string, number>;
  stoolsAboveUsual: number | null;
  vomitingEpisodes: number | null;
  temperatureC: number | null;
  weightKg: number | null;
  signs: string[];
  note: string | null;
  level: Level;
  ruleset: string;
  headline: string;
  alerts: Alert[];
  /** When the care team acknowledged this report's alert, once known. */
  seenByTeamAt: string | null;
}

export interface Status {
  settings: Settings;
  lastReportAt: string | null;
  noReport: Alert | null;
  recent: Report[];
}

export interface ReportInput {
  ratings: Record<string, number>;
  stoolsAboveUsual?: number;
  vomitingEpisodes?: number;
  temperatureC?: number;
  weightKg?: number;
  signs: string[];
  note?: string;
}

export interface SavedAlert {
  reportId: number;
  recordedAt: string;
  alert: Alert;
  seenByTeamAt: string | null;
}

export interface LabTestInfo {
  test: string;
  units: string[];
  needsRefHigh: boolean;
  needsRefLow: boolean;
}

export interface Lab {
  test: string;
  value: number;
  unit: string;
  takenOn: string;
  refLow?: number | null;
  refHigh?: number | null;
  baseline?: number | null;
}

export interface Labs {
  tests: LabTestInfo[];
  /** Newest first. */
  results: Lab[];
}

export interface SyncStatus {
  enabled: boolean;
  lastSentAt: string | null;
  waiting: number;
  lastErrorCode: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
}

/** The care-team connection. The token itself never comes back: only whether one is saved. */
export interface SyncSettings {
  enabled: boolean;
  serverUrl: string | null;
  patient: string | null;
  tokenSaved: boolean;
  status: SyncStatus;
}

export interface SyncInput {
  enabled: boolean;
  serverUrl: string | null;
  patient: string | null;
  /** A new token to save (replacing the old one); never sent back. */
  token?: string;
  removeToken?: boolean;
}

export interface InboxItem {
  id: string;
  level: Level;
  rule: string;
  subject: string;
  subjectName: string;
  detail: string;
  patient: string | null;
  recordedAt: string | null;
  report: string[];
  note: string | null;
}

export interface TrendPoint {
  id: number;
  recordedAt: string;
  ratings: Record<string, number>;
  temperatureC: number | null;
  weightKg: number | null;
  level: Level;
  alertSubjects: string[];
}

/** An error as the backend sends it. */
export interface IpcError {
  code: string;
  message: string;
  field?: string;
}

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
  getReport: (id: number) => call<Report | null>("get_report", { id }),
  alertHistory: (limit: number) => call<SavedAlert[]>("alert_history", { limit }),
  trends: (days: number) => call<TrendPoint[]>("trends", { days }),
  labs: () => call<Labs>("labs"),
  addLab: (lab: Lab) => call<Labs>("add_lab", { lab }),
  syncSettings: () => call<SyncSettings>("sync_settings"),
  saveSyncSettings: (sync: SyncInput) => call<SyncSettings>("save_sync_settings", { sync }),
  syncNow: () => call<SyncStatus>("sync_now"),
  careTeamInbox: () => call<InboxItem[]>("care_team_inbox"),
  acknowledgeAlert: (id: string) => call<boolean>("acknowledge_alert", { id }),
};
