// The app's entry: loads the status, picks the language, and switches screens. First run
// goes to the settings form; every other screen has a way home.
import { h } from "./dom";
import { t } from "./i18n";
import { setLanguage } from "./language";
import { api, type Checkin, type IpcError, type LadderDto, type Report, type Settings, type Status } from "./ipc";
import { backupsScreen } from "./screens/backups";
import { checkinResultScreen, checkinScreen } from "./screens/checkin";
import { errorBox, type Nav } from "./screens/common";
import { connectionScreen } from "./screens/connection";
import { historyScreen } from "./screens/history";
import { consoleScreen } from "./screens/console";
import { patientScreen } from "./screens/patient";
import { stopWatch } from "./screens/watch";
import { labsScreen } from "./screens/labs";
import { homeScreen } from "./screens/home";
import { reportScreen } from "./screens/report";
import { resultScreen } from "./screens/result";
import { settingsScreen } from "./screens/settings";
import { coursesScreen } from "./screens/courses";
import { visitScreen } from "./screens/visit";
import { messagesScreen } from "./screens/messages";
import { treatmentsScreen } from "./screens/treatments";
import { trendsScreen } from "./screens/trends";
import { nextTextSize, savedTextSize, TEXT_SIZE_KEY } from "./textsize";
import "./style.css";

const root = document.getElementById("app") as HTMLElement;

/** Sets the page's text size (a multiple of the default) and remembers it. */
function applyTextSize(size: number): void {
  document.documentElement.style.fontSize = `${125 * size}%`;
  document.documentElement.dataset.textSize = String(size);
  window.localStorage.setItem(TEXT_SIZE_KEY, String(size));
}

applyTextSize(savedTextSize(window.localStorage));
// Ctrl+= / Ctrl+- / Ctrl+0: larger, smaller, the default. What was measured from the text
// size (the charts) is drawn again.
window.addEventListener("keydown", (event) => {
  if (!event.ctrlKey || event.altKey || event.metaKey) return;
  const next = nextTextSize(savedTextSize(window.localStorage), event.key);
  if (next === null) return;
  event.preventDefault();
  applyTextSize(next);
  if (document.querySelector(".screen.trends")) nav.trends();
});

// The control the keyboard moved to is always fully in view (with its choice box for
// radios and checkboxes), never half below the window's edge. Only for keyboard focus: a
// click must not move the page under the pointer.
document.addEventListener("focusin", (event) => {
  const target = event.target as HTMLElement;
  if (!target.matches(":focus-visible")) return;
  const box = target.closest(".choice") ?? target;
  const rect = box.getBoundingClientRect();
  if (rect.top < 0 || rect.bottom > window.innerHeight) box.scrollIntoView({ block: "center" });
});
let status: Status | null = null;

function show(screen: HTMLElement, level = "none"): void {
  // The console's look for new reds belongs to the console's screens: they start it again.
  if (!screen.matches(".console-screen, .patient-screen")) stopWatch();
  document.body.dataset.level = level;
  root.replaceChildren(screen);
  window.scrollTo(0, 0);
  document.title = `${screen.querySelector("h1")?.textContent ?? ""} — ${t("app.title")}`;
  (screen.querySelector("h1") as HTMLElement | null)?.focus();
}

function fail(error: IpcError): void {
  show(
    h(
      "div",
      { class: "screen" },
      h("h1", { tabindex: "-1" }, t("error.title")),
      errorBox(error),
      h("button", { type: "button", class: "primary big", onclick: () => nav.home() }, t("error.tryAgain")),
      // A damaged diary: its backups are one step away.
      error.code === "damaged_diary"
        ? h("button", { type: "button", class: "secondary", id: "go-backups", onclick: () => nav.backups() }, t("nav.backups"))
        : null,
    ),
  );
}

function settingsWith(settings: Settings): void {
  if (!status) return;
  show(
    settingsScreen(
      { ...status, settings },
      nav,
      (next) => {
        status = next;
        setLanguage(next.settings.language);
        nav.home();
      },
      (draft) => {
        setLanguage(draft.language);
        settingsWith(draft);
        document.querySelector<HTMLInputElement>(`input[name="language"][value="${draft.language}"]`)?.focus();
      },
    ),
  );
}

const nav: Nav = {
  async home() {
    try {
      status = await api.status();
    } catch (error) {
      fail(error as IpcError);
      return;
    }
    setLanguage(status.settings.language);
    if (!status.settings.onboarded) settingsWith(status.settings);
    else show(homeScreen(status, nav));
  },
  report() {
    show(reportScreen(nav));
  },
  settings() {
    if (status) settingsWith(status.settings);
  },
  history() {
    show(historyScreen(nav));
  },
  trends() {
    show(trendsScreen(nav));
  },
  labs() {
    show(labsScreen(nav));
  },
  connection() {
    show(connectionScreen(nav));
  },
  inbox(tab) {
    show(consoleScreen(nav, tab));
  },
  patient(patientRef) {
    show(patientScreen(nav, patientRef));
  },
  backups() {
    show(backupsScreen(nav));
  },
  treatments() {
    if (status) show(treatmentsScreen(status, nav));
  },
  courses() {
    if (status) show(coursesScreen(status, nav));
  },
  visit() {
    show(visitScreen(nav));
  },
  messages() {
    show(messagesScreen(nav));
  },
  homeWith(next: Status) {
    status = next;
    show(homeScreen(next, nav));
  },
  result(report: Report, fresh: boolean) {
    if (status) show(resultScreen(report, fresh, nav), report.level);
  },
  resultWith(next: Status, report: Report, ladder: LadderDto | null) {
    status = next;
    show(resultScreen(report, true, nav, ladder), ladder?.level ?? report.level);
  },
  checkin() {
    if (status) show(checkinScreen(nav, status.settings.userRole));
  },
  checkinResult(checkin: Checkin, fresh: boolean) {
    show(checkinResultScreen(checkin, fresh, nav), checkin.level);
  },
};

void nav.home();
