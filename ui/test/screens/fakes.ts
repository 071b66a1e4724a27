//! Fake data and a recording `Nav` for the screen tests: reports, alerts and numbers as
//! the shell sends them (typed by ui/src/ipc's bindings, so a changed shape breaks `tsc`),
//! with no backend behind them.
import type { Alert, CallDto, Lab, LadderDto, Level, Report, SavedAlert } from "../../src/ipc";
import type { Nav } from "../../src/screens/common";

export const LINE_24H: CallDto = { line: "line_24h", label: "24-hour cancer line", text: "0300 999 000", numberSet: true };
export const EMERGENCY: CallDto = { line: "emergency", label: "If nobody answers, call emergency", text: "103", numberSet: true };
export const CARE_TEAM: CallDto = { line: "care_team", label: "Your care team", text: "0300 111 222", numberSet: true };
export const LINE_24H_UNSET: CallDto = {
  line: "line_24h",
  label: "24-hour cancer line",
  text: "your 24-hour line (number not set)",
  numberSet: false,
};

export const FEVER: Alert = {
  rule: "R-FEVER",
  level: "red",
  subject: "temperature",
  subjectName: "Temperature",
  detail: "Your temperature, 38.2 °C, is at or above 37.5 °C",
  message: "Your temperature is high.",
  advice: null,
};

export const DIARRHOEA: Alert = {
  rule: "A-DIARRHOEA",
  level: "amber",
  subject: "bowel",
  subjectName: "Bowel",
  detail: "4 stools more than usual",
  message: "Please call your care team today.",
  advice: "Drink plenty.",
};

/** A lab-only amber: neutrophils 0.3 entered on their own (grade 4). */
export const LOW_NEUTROPHILS: Alert = {
  rule: "A-LAB",
  level: "amber",
  subject: "labs",
  subjectName: "Blood tests",
  detail: "Neutrophils (a type of white blood cell), 2026-12-06: 0.3 ×10⁹/L — grade 4 of 4, where 4 is the most serious.",
  message: "One of your blood test results needs attention. Please contact your care team today: 0300 111 222.",
  advice: null,
};

export const NEUTROPHILS_LAB: Lab = { test: "neutrophils", value: 0.3, unit: "10^9/L", takenOn: "2026-12-06", refLow: 2, refHigh: null, baseline: null };

const CALLS: Record<Level, CallDto[]> = { red: [LINE_24H, EMERGENCY], amber: [CARE_TEAM], green: [], none: [] };
const ALERTS: Record<Level, Alert[]> = { red: [FEVER], amber: [DIARRHOEA], green: [], none: [] };

/** A saved report of `level`, with the numbers and alerts the core gives that level. */
export function report(level: Level, changes: Partial<Report> = {}): Report {
  return {
    id: 7,
    recordedAt: "2026-12-07T08:30:00Z",
    reporter: "patient",
    ratings: { fatigue: 2, pain: 0 },
    stoolsAboveUsual: null,
    vomitingEpisodes: null,
    temperatureC: level === "red" ? 38.2 : null,
    weightKg: null,
    signs: [],
    note: null,
    screened: true,
    seenByTeamAt: null,
    standing: null,
    cycle: null,
    level,
    ruleset: "2.0",
    headline: `The ${level} headline`,
    calls: CALLS[level],
    alerts: ALERTS[level],
    ...changes,
  };
}

/** An alert of the history, from report 7. */
export function savedAlert(alert: Alert, changes: Partial<SavedAlert> = {}): SavedAlert {
  return { reportId: 7, lab: null, recordedAt: "2026-12-07T08:30:00Z", alert, seenByTeamAt: null, followUps: [], cycle: null, ...changes };
}

/** A lab-only alert of the history: no report, the lab result whose entry raised it. */
export function savedLabAlert(alert: Alert, lab: Lab, changes: Partial<SavedAlert> = {}): SavedAlert {
  return { reportId: null, lab, recordedAt: "2026-12-06T14:00:00Z", alert, seenByTeamAt: null, followUps: [], cycle: null, ...changes };
}

/** A `Nav` that records where the screen asked to go, with the arguments. */
export function recordingNav(): { nav: Nav; went: [string, unknown[]][] } {
  const went: [string, unknown[]][] = [];
  const nav = new Proxy({} as Nav, {
    get: (_target, name) => (...args: unknown[]) => {
      went.push([String(name), args]);
    },
  });
  return { nav, went };
}

/** A red report's escalation ladder at its emergency-first step (after a second "not
 * yet"), as `LadderDto::from_core` shapes the core's words. */
export function emergencyLadder(changes: Partial<LadderDto> = {}): LadderDto {
  return {
    kind: "report",
    id: 7,
    questionKind: "contact",
    recordedAt: "2026-12-07T08:30:00Z",
    report: report("red"),
    checkin: null,
    level: "red",
    show: true,
    question: "Did you get through to your 24-hour line?",
    lines: ["Nobody has been reached yet. Call emergency services now: 103.", "Nobody else sees this alert: you must phone."],
    calls: [EMERGENCY, LINE_24H],
    emergencyFirst: true,
    notYetWords: "If nobody answers within 15 minutes, call emergency services: 103.",
    ...changes,
  };
}
