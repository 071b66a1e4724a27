// Care team mode: the console a clinician works from. At the top, the reds nobody has
// acknowledged for 30 minutes; then either the patient panel (red, amber, no report for
// three days, the latest report and check-in; a patient opens their page), the open
// alerts of every patient, or the patients' messages with a reply form. While the console is open it looks for new reds every minute
// (the app shows a desktop notification; the lists are read again). Uses the server
// address and token of the care team connection.
import { h } from "../dom";
import { formatDateTime } from "../format";
import { t, tk } from "../i18n";
import { api, type IpcError, type PanelRowDto } from "../ipc";
import { heading, homeButton, type Nav } from "./common";
import { alertsList, connectionTrouble } from "./inbox";
import { teamMessagesList } from "./teammessages";
import { signInPanel } from "./signin";
import { lookNow, startWatch } from "./watch";

export type ConsoleTab = "patients" | "alerts" | "messages";

/** The patient's name as the server holds it, else their identifier. */
export function patientName(row: PanelRowDto): string {
  return row.name ?? row.identifier ?? row.patientRef;
}

function panelRow(row: PanelRowDto, nav: Nav): HTMLElement {
  const badges = [
    row.overdueRed > 0 ? h("span", { class: "badge level-red overdue" }, t("panel.overdue", { count: row.overdueRed })) : null,
    row.openRed > 0 ? h("span", { class: "badge level-red" }, t("panel.red", { count: row.openRed })) : null,
    row.openAmber > 0 ? h("span", { class: "badge level-amber" }, t("panel.amber", { count: row.openAmber })) : null,
    row.unseen > 0 ? h("span", { class: "badge" }, t("panel.unseen", { count: row.unseen })) : null,
    row.noReport ? h("span", { class: "badge level-amber no-report" }, t("panel.noReport")) : null,
  ];
  const level = row.openRed > 0 ? "red" : row.openAmber > 0 || row.noReport ? "amber" : "none";
  return h(
    "li",
    { class: `panel-row alert-card level-${level}`, "data-patient": row.patientRef },
    h(
      "button",
      { type: "button", class: "secondary big patient-open", title: t("panel.open"), onclick: () => nav.patient(row.patientRef) },
      h("span", { class: "patient-name" }, patientName(row)),
      row.birthYear !== null ? h("span", { class: "small" }, ` (${t("panel.born", { year: row.birthYear })})`) : null,
    ),
    row.name && row.identifier ? h("p", { class: "small" }, row.identifier) : null,
    h("p", { class: "badges" }, badges),
    h(
      "p",
      { class: "small" },
      `${t("panel.lastReport")}: `,
      row.lastReportAt ? `${formatDateTime(row.lastReportAt)}${row.lastReportLevel && row.lastReportLevel !== "none" ? ` — ${tk("level.name.", row.lastReportLevel)}` : ""}` : t("panel.none"),
    ),
    h(
      "p",
      { class: "small" },
      `${t("panel.lastCheckin")}: `,
      row.lastCheckinAt ? `${formatDateTime(row.lastCheckinAt)}${row.lastCheckin.length ? ` — ${row.lastCheckin.join("; ")}` : ""}` : t("panel.none"),
    ),
  );
}

export function consoleScreen(nav: Nav, tab: ConsoleTab = "patients"): HTMLElement {
  const overdue = h("div", { id: "console-overdue", "aria-live": "assertive" });
  const arrived = h("div", { role: "status", id: "console-arrived" });
  const body = h("div", { id: "console-body" });
  const panel = h("div", { id: "panel-list", "aria-live": "polite" });
  const alerts = alertsList(
    () => nav.connection(),
    () => void loadPanel(),
  );
  // The patients' names as the panel last read them, for the messages tab.
  const names = new Map<string, string>();
  const messages = teamMessagesList(
    () => nav.connection(),
    (ref) => names.get(ref) ?? ref,
  );
  let current: ConsoleTab = tab;

  // The panel is read on both tabs: it says how many reds are overdue.
  const loadPanel = async () => {
    if (current === "patients") panel.replaceChildren(h("p", {}, t("inbox.loading")));
    try {
      const rows = await api.careTeamPanel();
      for (const r of rows) names.set(r.patientRef, patientName(r));
      const late = rows.reduce((n, r) => n + r.overdueRed, 0);
      overdue.replaceChildren(
        ...(late > 0
          ? [h(
              "div",
              { class: "notice level-red", role: "alert" },
              h("p", {}, t("console.overdue", { count: late })),
              current === "patients" ? h("button", { type: "button", class: "secondary", id: "show-overdue", onclick: () => switchTo("alerts") }, t("console.showOverdue")) : null,
            )]
          : []),
      );
      panel.replaceChildren(
        rows.length === 0 ? h("p", { id: "panel-empty" }, t("panel.empty")) : h("ul", { class: "alerts panel" }, rows.map((r) => panelRow(r, nav))),
      );
    } catch (error) {
      overdue.replaceChildren();
      panel.replaceChildren(...connectionTrouble(error as IpcError, () => nav.connection()));
    }
  };

  // One reading at a time: a reading asked for meanwhile runs once, after it. While
  // reading, the screen says so (`aria-busy`), for assistive technology and tests.
  let reading: Promise<void> | null = null;
  let again = false;
  const load = async (): Promise<void> => {
    if (reading) {
      again = true;
      return reading;
    }
    screen.setAttribute("aria-busy", "true");
    reading = (async () => {
      do {
        again = false;
        await loadPanel();
        if (current === "alerts") await alerts.load();
        if (current === "messages") await messages.load();
      } while (again);
    })();
    try {
      await reading;
    } finally {
      reading = null;
      screen.setAttribute("aria-busy", "false");
    }
  };

  const bodyOf = (name: ConsoleTab) => (name === "patients" ? panel : name === "alerts" ? alerts.element : messages.element);
  const tabs = (["patients", "alerts", "messages"] as const).map((name) =>
    h("button", { type: "button", class: "secondary big tab", id: `tab-${name}`, "aria-pressed": String(name === current), onclick: () => switchTo(name) }, t(`console.tab.${name}`)),
  );
  const switchTo = (name: ConsoleTab) => {
    current = name;
    for (const b of tabs) b.setAttribute("aria-pressed", String(b.id === `tab-${name}`));
    body.replaceChildren(bodyOf(name));
    void load();
  };

  // A new red while the console is open: the app notifies; the lists are read again.
  startWatch((count) => {
    arrived.replaceChildren(h("p", { class: "notice level-red" }, t("console.newReds", { count })));
    void load();
  });

  body.replaceChildren(bodyOf(current));
  const screen = h(
    "div",
    { class: "screen inbox-screen console-screen", "aria-busy": "false" },
    heading(t("console.title")),
    h("p", { class: "lead" }, t("console.intro")),
    h("div", { class: "actions tabs", role: "group", "aria-label": t("console.title") }, tabs),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "button", class: "secondary", id: "inbox-refresh", onclick: () => void lookNow().then((n) => (n > 0 ? undefined : load())) }, t("inbox.refresh")),
      h("button", { type: "button", class: "secondary", id: "back-to-settings", onclick: () => nav.settings() }, t("sync.backToSettings")),
      homeButton(nav),
    ),
    // Above the list, below the buttons: what arrives later never moves a button.
    overdue,
    arrived,
    body,
    signInPanel("clinician", () => void load()),
  );
  void load();
  return screen;
}
