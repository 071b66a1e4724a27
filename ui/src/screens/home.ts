// Home: one big way to today's report, the weekly check-in (marked when due), the latest
// reports and check-in, and the ways elsewhere.
import { h } from "../dom";
import { formatDate, formatDateTime, formatWhen } from "../format";
import { t, tk } from "../i18n";
import type { Report, Status } from "../ipc";
import { checkinRow } from "./checkin";
import { heading, type Nav } from "./common";
import { cycleLabel } from "./courses";
import { followUpCard } from "./followup";
import { treatmentQuestions } from "./treatments";

export function reportRow(report: Report, nav: Nav): HTMLElement {
  return h(
    "li",
    {},
    h(
      "button",
      {
        type: "button",
        class: `report-row level-${report.level}`,
        "data-report-id": report.id,
        onclick: () => nav.result(report, false),
      },
      h("span", { class: "row-date" }, formatDateTime(report.recordedAt)),
      h("span", { class: "row-level" }, tk("level.name.", report.level)),
      report.cycle ? h("span", { class: "row-detail cycle" }, cycleLabel(report.cycle)) : null,
      report.seenByTeamAt
        ? h("span", { class: "row-detail seen" }, t("seen.byTeam", { time: formatWhen(report.seenByTeamAt) }))
        : null,
    ),
  );
}

/** Who reports, missed days, the next reminder and the week's calls (the core decides). */
function glance(status: Status): HTMLElement {
  const g = status.glance;
  return h(
    "section",
    { class: "glance", id: "glance", "aria-labelledby": "glance-title" },
    h("h2", { id: "glance-title" }, t("glance.title")),
    h("p", { id: "glance-reporter" }, tk("glance.reportingAs.", status.settings.userRole)),
    h(
      "p",
      { id: "glance-missed" },
      g.missedDays.length
        ? t("glance.missed", { days: g.missedDays.map((d) => formatDate(`${d}T12:00:00`)).join(", ") })
        : t("glance.noneMissed"),
    ),
    h(
      "p",
      { id: "glance-reminder" },
      g.nextReminder ? t("glance.nextReminder", { when: formatDateTime(g.nextReminder) }) : t("glance.remindersOff"),
    ),
    g.recentAlerts.length
      ? h(
          "div",
          { id: "glance-alerts" },
          h("p", {}, t("glance.alerts")),
          h(
            "ul",
            { class: "plain-list" },
            g.recentAlerts.map((a) => h("li", { class: `level-text-${a.level}` }, `${tk("level.name.", a.level)} — ${a.subjectName}`)),
          ),
        )
      : h("p", { id: "glance-alerts" }, t("glance.noAlerts")),
  );
}

export function homeScreen(status: Status, nav: Nav): HTMLElement {
  const today = new Date().toDateString();
  const reportedToday = status.lastReportAt !== null && new Date(status.lastReportAt).toDateString() === today;
  return h(
    "div",
    { class: "screen home" },
    heading(t("home.title")),
    status.noReport
      ? h(
          "div",
          { class: "notice level-amber", role: "status", id: "no-report" },
          h("p", {}, t("home.noReportWarning")),
          h("p", { class: "small" }, status.noReport.message),
        )
      : null,
    // A reply from the care team, then a question about a red or amber, before anything else.
    status.unreadReplies > 0
      ? h(
          "div",
          { class: "notice", role: "status", id: "new-replies" },
          h("p", {}, t("home.replies", { count: status.unreadReplies })),
          h("button", { type: "button", class: "primary big", id: "read-replies", onclick: () => nav.messages() }, t("home.readReplies")),
        )
      : null,
    status.ladders.filter((l) => l.show).map((ladder) => followUpCard(ladder, nav, (next) => nav.homeWith(next))),
    h("p", { class: "lead" }, reportedToday ? t("home.reportedToday") : t("home.greeting")),
    h("button", { type: "button", class: "primary big", id: "start-report", onclick: () => nav.report() }, t("home.start")),
    treatmentQuestions(status, nav, (next) => nav.homeWith(next)),
    h(
      "button",
      { type: "button", class: status.checkinDue ? "secondary big due" : "secondary big", id: "start-checkin", onclick: () => nav.checkin() },
      t("home.checkin"),
      status.checkinDue ? h("span", { class: "badge", id: "checkin-due" }, t("home.checkinDue")) : null,
    ),
    h(
      "nav",
      { class: "menu", "aria-label": t("nav.menu") },
      h("button", { type: "button", class: "secondary", id: "go-history", onclick: () => nav.history() }, t("nav.history")),
      h("button", { type: "button", class: "secondary", id: "go-trends", onclick: () => nav.trends() }, t("nav.trends")),
      h("button", { type: "button", class: "secondary", id: "go-labs", onclick: () => nav.labs() }, t("nav.labs")),
      h("button", { type: "button", class: "secondary", id: "go-treatments", onclick: () => nav.treatments() }, t("nav.treatments")),
      h("button", { type: "button", class: "secondary", id: "go-courses", onclick: () => nav.courses() }, t("nav.courses")),
      h("button", { type: "button", class: "secondary", id: "go-visit", onclick: () => nav.visit() }, t("nav.visit")),
      h("button", { type: "button", class: "secondary", id: "go-messages", onclick: () => nav.messages() }, t("nav.messages")),
      h("button", { type: "button", class: "secondary", id: "go-settings", onclick: () => nav.settings() }, t("nav.settings")),
      h("button", { type: "button", class: "secondary", id: "go-backups", onclick: () => nav.backups() }, t("nav.backups")),
    ),
    glance(status),
    h("h2", {}, t("home.latest")),
    status.recent.length === 0
      ? h("p", { id: "no-reports" }, t("home.noReports"))
      : h("ul", { class: "rows", id: "latest-reports" }, status.recent.map((r) => reportRow(r, nav))),
    h("h2", {}, t("home.latestCheckin")),
    status.latestCheckin
      ? h("ul", { class: "rows", id: "latest-checkin" }, checkinRow(status.latestCheckin, nav))
      : h("p", { id: "no-checkin" }, t("home.noCheckin")),
  );
}
