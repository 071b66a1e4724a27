// The app's entry: loads the status, picks the language, and switches screens. First run
// goes to the settings form; every other screen has a way home.
import { h } from "./dom";
import { t } from "./i18n";
import { setLanguage } from "./language";
import { api, type IpcError, type Report, type Settings, type Status } from "./ipc";
import { errorBox, type Nav } from "./screens/common";
import { connectionScreen } from "./screens/connection";
import { historyScreen } from "./screens/history";
import { inboxScreen } from "./screens/inbox";
import { labsScreen } from "./screens/labs";
import { homeScreen } from "./screens/home";
import { reportScreen } from "./screens/report";
import { resultScreen } from "./screens/result";
import { settingsScreen } from "./screens/settings";
import { trendsScreen } from "./screens/trends";
import "./style.css";

const root = document.getElementById("app") as HTMLElement;
let status: Status | null = null;

function show(screen: HTMLElement, level = "none"): void {
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
  inbox() {
    show(inboxScreen(nav));
  },
  result(report: Report, fresh: boolean) {
    if (status) show(resultScreen(report, fresh, nav), report.level);
  },
};

void nav.home();
