// History: reports, weekly check-ins and alerts, newest first; every entry opens its
// report or check-in. The alerts are the reports' and the lab-only ones (a lab result
// entered on its own that the lab rules flagged), in one list by time; a lab-only entry
// names its lab result and opens the lab results.
import { h } from "../dom";
import { formatDateTime, formatWhen } from "../format";
import { t, tk } from "../i18n";
import { api, type IpcError, type Report, type SavedAlert } from "../ipc";
import { errorBox, heading, homeButton, type Nav } from "./common";
import { checkinRow } from "./checkin";
import { cycleLabel } from "./courses";
import { followUpLines } from "./followup";
import { reportRow } from "./home";
import { labText } from "./labs";

const LIMIT = 200;

export function historyScreen(nav: Nav): HTMLElement {
  const reportsList = h("div", { id: "history-reports" }, h("p", {}, t("common.loading")));
  const alertsList = h("div", { id: "history-alerts" }, h("p", {}, t("common.loading")));
  const checkinsList = h("div", { id: "history-checkins" }, h("p", {}, t("common.loading")));

  const openReport = async (id: number) => {
    try {
      const report = await api.getReport(id);
      if (report) nav.result(report, false);
    } catch (error) {
      alertsList.prepend(errorBox(error as IpcError));
    }
  };

  api
    .recentReports(LIMIT)
    .then((reports: Report[]) =>
      reportsList.replaceChildren(
        reports.length === 0
          ? h("p", {}, t("history.empty"))
          : h("ul", { class: "rows" }, reports.map((r) => reportRow(r, nav))),
      ),
    )
    .catch((error: IpcError) => reportsList.replaceChildren(errorBox(error)));

  api
    .recentCheckins(LIMIT)
    .then((checkins) =>
      checkinsList.replaceChildren(
        checkins.length === 0
          ? h("p", {}, t("history.empty"))
          : h("ul", { class: "rows" }, checkins.map((c) => checkinRow(c, nav))),
      ),
    )
    .catch((error: IpcError) => checkinsList.replaceChildren(errorBox(error)));

  api
    .alertHistory(LIMIT)
    .then((alerts: SavedAlert[]) => {
      const shown = new Set<number>();
      const firstOfReport = (id: number) => !shown.has(id) && Boolean(shown.add(id));
      alertsList.replaceChildren(
        alerts.length === 0
          ? h("p", {}, t("history.empty"))
          : h(
              "ul",
              { class: "rows" },
              alerts.map((saved) => {
                const reportId = saved.reportId;
                return h(
                  "li",
                  {},
                  h(
                    "button",
                    {
                      type: "button",
                      class: `report-row level-${saved.alert.level}${saved.lab ? " lab-alert" : ""}`,
                      onclick: () => (reportId != null ? openReport(reportId) : nav.labs()),
                    },
                    h("span", { class: "row-date" }, formatDateTime(saved.recordedAt)),
                    h("span", { class: "row-level" }, tk("level.name.", saved.alert.level)),
                    saved.cycle ? h("span", { class: "row-detail cycle" }, cycleLabel(saved.cycle)) : null,
                    // A lab-only alert names the result whose entry raised it.
                    saved.lab
                      ? h("span", { class: "row-detail lab-source" }, t("history.labAlert", { lab: labText(saved.lab) }))
                      : null,
                    h("span", { class: "row-detail" }, `${saved.alert.subjectName}: ${saved.alert.detail}`),
                    saved.seenByTeamAt
                      ? h("span", { class: "row-detail seen" }, t("seen.byTeam", { time: formatWhen(saved.seenByTeamAt) }))
                      : null,
                    // The follow-up answers once per report, on its first alert.
                    reportId != null && firstOfReport(reportId) ? followUpLines(saved.followUps) : null,
                  ),
                );
              }),
            ),
      );
    })
    .catch((error: IpcError) => alertsList.replaceChildren(errorBox(error)));

  return h(
    "div",
    { class: "screen history" },
    heading(t("history.title")),
    homeButton(nav),
    h("section", { "aria-labelledby": "h-reports" }, h("h2", { id: "h-reports" }, t("history.reports")), reportsList),
    h("section", { "aria-labelledby": "h-checkins" }, h("h2", { id: "h-checkins" }, t("history.checkins")), checkinsList),
    h("section", { "aria-labelledby": "h-alerts" }, h("h2", { id: "h-alerts" }, t("history.alerts")), alertsList),
  );
}
