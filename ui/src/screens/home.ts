// Home: one big way to today's report, the weekly check-in (marked when due), the latest
// reports and check-in, and the ways elsewhere.
import { h } from "../dom";
import { formatDateTime, formatWhen } from "../format";
import { t, tk } from "../i18n";
import type { Report, Status } from "../ipc";
import { checkinRow } from "./checkin";
import { heading, type Nav } from "./common";

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
      report.seenByTeamAt
        ? h("span", { class: "row-detail seen" }, t("seen.byTeam", { time: formatWhen(report.seenByTeamAt) }))
        : null,
    ),
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
    h("p", { class: "lead" }, reportedToday ? t("home.reportedToday") : t("home.greeting")),
    h("button", { type: "button", class: "primary big", id: "start-report", onclick: () => nav.report() }, t("home.start")),
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
      h("button", { type: "button", class: "secondary", id: "go-settings", onclick: () => nav.settings() }, t("nav.settings")),
    ),
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
