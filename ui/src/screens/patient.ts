// Care team mode: one patient's page. What the panel says of them, the same trend charts
// the caregiver sees (drawn from the reports the care team's server holds, over 7, 30 or
// 90 days), and every alert of the period, newest first, with the values that triggered
// it, the patient's follow-up answers, the care team's notes, and "Acknowledge" with a
// note while nobody has. The console's look for new reds goes on here.
import { h } from "../dom";
import { formatDateTime } from "../format";
import { t } from "../i18n";
import { api, TREND_PERIODS_DAYS, type IpcError, type PatientPageDto } from "../ipc";
import { heading, type Nav } from "./common";
import { patientName } from "./console";
import { alertCard, connectionTrouble } from "./inbox";
import { periodCharts, periodChoice } from "./trends";
import { startWatch } from "./watch";

export function patientScreen(nav: Nav, patientRef: string, days: number = TREND_PERIODS_DAYS[0]): HTMLElement {
  const title = heading(t("patient.loading"));
  const summary = h("div", { id: "patient-summary" });
  const charts = h("div", { id: "charts", "aria-live": "polite" }, h("p", {}, t("patient.loading")));
  const alerts = h("div", { id: "patient-alerts", "aria-live": "polite" });
  const message = h("div", { role: "status", id: "inbox-message" });
  let current = days;

  const show = (page: PatientPageDto) => {
    const row = page.row;
    title.textContent = patientName(row);
    document.title = `${patientName(row)} — ${t("console.title")}`;
    summary.replaceChildren(
      h(
        "div",
        {},
        row.name && row.identifier ? h("p", {}, h("span", { class: "label" }, t("inbox.patient") + ": "), row.identifier) : null,
      row.birthYear !== null ? h("p", {}, t("panel.born", { year: row.birthYear })) : null,
      row.noReport ? h("p", { class: "notice level-amber no-report" }, t("panel.noReport")) : null,
      h("p", {}, `${t("panel.lastReport")}: `, row.lastReportAt ? formatDateTime(row.lastReportAt) : t("panel.none")),
      h(
        "p",
        {},
        `${t("panel.lastCheckin")}: `,
        row.lastCheckinAt ? `${formatDateTime(row.lastCheckinAt)}${row.lastCheckin.length ? ` — ${row.lastCheckin.join("; ")}` : ""}` : t("panel.none"),
      ),
      ),
    );
    charts.replaceChildren(page.reports.length === 0 ? h("p", {}, t("patient.noReports")) : periodCharts(page.reports, current));
    alerts.replaceChildren(
      page.alerts.length === 0
        ? h("p", { id: "patient-no-alerts" }, t("patient.noAlerts"))
        : h(
            "ul",
            { class: "alerts inbox" },
            page.alerts.map((item) =>
              alertCard(item, async (done) => {
                message.replaceChildren(h("p", { class: "notice saved" }, t("inbox.acknowledged", { what: done.subjectName })));
                await load(current);
              }),
            ),
          ),
    );
  };

  const load = async (period: number) => {
    current = period;
    try {
      show(await api.careTeamPatient(patientRef, period));
    } catch (error) {
      charts.replaceChildren(...connectionTrouble(error as IpcError, () => nav.connection()));
      alerts.replaceChildren();
    }
  };

  startWatch(() => void load(current));
  void load(days);
  return h(
    "div",
    { class: "screen trends patient-screen", "data-patient": patientRef },
    title,
    h(
      "div",
      { class: "actions" },
      h("button", { type: "button", class: "secondary big", id: "patient-back", onclick: () => nav.inbox() }, t("patient.back")),
    ),
    summary,
    h("section", { "aria-labelledby": "patient-reports-title" }, h("h2", { id: "patient-reports-title" }, t("patient.reports")), periodChoice(days, (d) => void load(d)), charts),
    h("section", { "aria-labelledby": "patient-alerts-title" }, h("h2", { id: "patient-alerts-title" }, t("patient.alerts")), message, alerts),
  );
}
