// A report's triage: red fills the screen with the 24-hour and emergency numbers, amber
// asks to call the team today, green gives self-care advice. Each alert says what
// triggered it. Opened from history, the same screen also lists the report's answers.
import { h } from "../dom";
import { formatDateTime, formatNumber } from "../format";
import { t, tk } from "../i18n";
import { RATINGS, SCALE, type CallDto as Call, type LadderDto, type Report } from "../ipc";
import { alertCard, heading, reporterText, teamLine, type Nav } from "./common";

/** The numbers to call, as the core chose them for the report's level (red: the 24-hour
 * line and the emergency number; amber: one number); nothing for green and none. */
export function callPanel(calls: Call[]): HTMLElement | null {
  if (calls.length === 0) return null;
  return h(
    "div",
    { class: "phones" },
    calls.map(phoneBox),
  );
}

/** One number to call, or the words that say it is not set. A number's box carries the
 * number's length, from which style.css sizes the box and the number so that the number
 * fits on one line: the box never scrolls. */
function phoneBox(call: Call): HTMLElement {
  const box = h(
    "div",
    { class: "phone-box" },
    h("p", { class: "phone-label" }, call.label),
    h("p", { class: call.numberSet ? "phone-number" : "phone-number unset", id: `phone-${call.line}` }, call.text),
  );
  // Through the CSSOM: the page's CSP refuses style attributes.
  if (call.numberSet) box.style.setProperty("--chars", String(Math.max(call.text.length, 6)));
  return box;
}

/** "2 — Moderate": a rating's value and its words (a value off the scale, which the core
 * never sends, shows as its number alone). */
function scaleText(value: number): string {
  const n = SCALE.find((s) => s === value);
  return n === undefined ? String(value) : `${n} — ${tk("scale.", `${n}`)}`;
}

function answers(report: Report): HTMLElement {
  const rows: [string, string][] = [];
  for (const item of RATINGS) {
    const value = report.ratings[item];
    if (value !== undefined) rows.push([tk("rating.", item), scaleText(value)]);
  }
  if (report.stoolsAboveUsual !== null) rows.push([t("report.stools"), formatNumber(report.stoolsAboveUsual, 0)]);
  if (report.vomitingEpisodes !== null) rows.push([t("report.vomiting"), formatNumber(report.vomitingEpisodes, 0)]);
  if (report.temperatureC !== null) rows.push([t("report.temperature"), formatNumber(report.temperatureC)]);
  if (report.weightKg !== null) rows.push([t("report.weight"), formatNumber(report.weightKg)]);
  for (const sign of report.signs) rows.push([tk("sign.", sign), t("detail.yes")]);
  return h(
    "section",
    { class: "answers", "aria-labelledby": "answers-title" },
    h("h2", { id: "answers-title" }, t("detail.answers")),
    h("p", {}, reporterText(report.reporter)),
    rows.length === 0
      ? h("p", {}, t("detail.noAnswers"))
      : h("dl", {}, rows.map(([name, value]) => [h("dt", {}, name), h("dd", {}, value)])),
    report.note !== null
      ? h("div", { class: "note" }, h("h3", {}, t("report.note")), h("p", { id: "note-text" }, report.note))
      : null,
  );
}

/** The lines the escalation ladder adds to the alert screen after "not yet": the red
 * screen's "if nobody answers within 15 minutes…", then what the ladder shows now (the
 * emergency-first line is the headline already). */
function ladderNotice(ladder: LadderDto): HTMLElement | null {
  const lines = [ladder.notYetWords, ...(ladder.emergencyFirst ? ladder.lines.slice(1) : ladder.lines)].filter(
    (line): line is string => line !== null,
  );
  if (lines.length === 0) return null;
  return h("div", { class: "notice ladder", id: "ladder-notice", role: "alert" }, lines.map((line) => h("p", {}, line)));
}

/** A report's alert screen; with `ladder` (after "not yet"), in the form the ladder says:
 * its level (red once an amber is upgraded), emergency services first when it says so. */
export function resultScreen(report: Report, fresh: boolean, nav: Nav, ladder: LadderDto | null = null): HTMLElement {
  const level = ladder?.level ?? report.level;
  const title = t(`level.${level}.title`);
  const headline = ladder?.emergencyFirst && ladder.lines.length > 0 ? ladder.lines[0] : report.headline;
  return h(
    "div",
    {
      class: `screen result level-${level}`,
      id: "result",
      "data-level": level,
      "data-emergency-first": String(ladder?.emergencyFirst ?? false),
    },
    heading(title),
    h("p", { class: "lead", id: "headline" }, headline),
    ladder ? ladderNotice(ladder) : null,
    h("p", { class: "small" }, formatDateTime(report.recordedAt)),
    teamLine(report.standing, report.seenByTeamAt),
    // A skipped checklist matters where the result would otherwise reassure (none, green);
    // a red or amber result puts its numbers first and says to call anyway.
    report.screened || report.level === "red" || report.level === "amber"
      ? null
      : h(
          "div",
          { class: "notice unscreened", id: "unscreened", role: "note" },
          h("p", {}, t("result.unscreened")),
          h("button", { type: "button", class: "secondary big", id: "answer-signs", onclick: () => nav.report() }, t("result.answerSigns")),
        ),
    callPanel(ladder?.calls ?? report.calls),
    report.alerts.length > 0
      ? h(
          "section",
          { "aria-labelledby": "alerts-title" },
          h("h2", { id: "alerts-title" }, t("result.alerts")),
          h("ul", { class: "alerts", id: "alert-list" }, report.alerts.map((a) => alertCard(a))),
        )
      : null,
    fresh ? null : answers(report),
    h("p", { class: "small" }, t("result.ruleset", { version: report.ruleset })),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "button", class: "primary big", id: "go-home", onclick: () => nav.home() }, t("nav.back")),
      fresh ? null : h("button", { type: "button", class: "secondary", onclick: () => nav.history() }, t("nav.history")),
    ),
  );
}
