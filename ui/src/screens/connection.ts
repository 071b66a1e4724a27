// Settings → Care team connection: on/off, the server address, the patient's identifier
// at the care team, the access token (never shown back: only "a token is saved", with
// "replace" and "remove"), "Send now", the status line, and the entries set aside after
// the server refused them again and again (the core's words, with "Try again"). Off by
// default: nothing leaves this computer until the patient turns it on.
import { h, newId } from "../dom";
import { formatWhen } from "../format";
import { t, tOr } from "../i18n";
import { api, type IpcError, type PatientCheck, type SyncInput, type SyncSettings, type SyncStatus } from "../ipc";
import { enterMovesOn, errorBox, heading, homeButton, type Nav } from "./common";
import { signInPanel } from "./signin";

/** The status line: "Last sent 10:32, 0 waiting", or the last error in plain words; then
 * the entries set aside, in the core's words, with "Try again" when `onRetry` is given. */
export function statusLine(status: SyncStatus, onRetry?: () => void): HTMLElement {
  const sent = status.lastSentAt ? t("sync.lastSent", { time: formatWhen(status.lastSentAt) }) : t("sync.notSent");
  const parts: HTMLElement[] = [
    h("p", { class: "sync-summary" }, status.enabled ? t("sync.summary", { sent, waiting: status.waiting }) : t("sync.off")),
  ];
  if (status.lastErrorCode) {
    parts.push(
      h(
        "div",
        { class: "error" },
        h("p", {}, tOr(`sync.error.${status.lastErrorCode}`, "sync.error.other")),
        // The core's own words (English), folded away for whoever helps.
        status.lastError
          ? h("details", { class: "small error-details" }, h("summary", {}, t("error.details")), h("p", {}, status.lastError))
          : null,
      ),
    );
  }
  const aside = status.setAsideWords;
  if (aside) {
    parts.push(
      h(
        "div",
        { class: "notice set-aside", id: "sync-set-aside" },
        h("p", {}, aside.headline),
        h("p", {}, aside.whatToDo),
        onRetry ? h("button", { type: "button", class: "secondary", id: "retry-set-aside", onclick: onRetry }, aside.tryAgain) : null,
      ),
    );
  }
  return h("div", {}, parts);
}

/** "Is this you?": what the care team's server holds for the identifier, in the core's
 * words. Asked before anything is sent; "Yes" remembers that record, "No" sends nothing
 * and asks the patient to check the number. */
function patientPanel(check: PatientCheck, onYes: () => void, onNo: () => void): HTMLElement {
  if (check.state === "ask") {
    return h(
      "div",
      { class: "notice patient-check", id: "patient-check", role: "group", tabindex: "-1", "aria-labelledby": "patient-check-words" },
      h("p", { id: "patient-check-words" }, check.words),
      h(
        "div",
        { class: "actions" },
        h("button", { type: "button", class: "primary big", id: "patient-yes", onclick: onYes }, t("sync.patientYes")),
        h("button", { type: "button", class: "secondary big", id: "patient-no", onclick: onNo }, t("sync.patientNo")),
      ),
    );
  }
  if (check.state === "confirmed") {
    const year = check.birthYear === null ? "?" : String(check.birthYear);
    return h(
      "p",
      { class: "notice patient-check", id: "patient-check", tabindex: "-1" },
      t("sync.patientConfirmed", { name: check.name ?? "?", year }),
    );
  }
  return h("div", { class: "error patient-check", id: "patient-check", tabindex: "-1" }, h("p", {}, check.words));
}

function textField(id: string, label: string, value: string | null, hint: string, attrs: Record<string, unknown> = {}): HTMLElement {
  const hintId = newId("hint");
  return h(
    "div",
    { class: "field" },
    h("label", { for: id }, label),
    h("p", { class: "small", id: hintId }, hint),
    h("input", { id, name: id, value: value ?? "", autocomplete: "off", spellcheck: "false", "aria-describedby": hintId, ...attrs }),
  );
}

export function connectionScreen(nav: Nav): HTMLElement {
  const body = h("div", {}, h("p", {}, t("common.loading")));
  const screen = h(
    "div",
    { class: "screen connection" },
    heading(t("sync.title")),
    h("p", { class: "lead" }, t("sync.intro")),
    body,
  );
  // The answer to "Is this you?" outlives a re-render (after Save or Send now): shown at
  // once, it is not replaced by "Checking…" and then by a taller answer that would move
  // the buttons under the pointer.
  const known: KnownPatient = {};
  const render = (sync: SyncSettings, message?: HTMLElement) => body.replaceChildren(form(sync, nav, render, known, message));
  api
    .syncSettings()
    .then((sync) => render(sync))
    .catch((error: IpcError) =>
      body.replaceChildren(
        errorBox(error),
        h("div", { class: "actions" }, h("button", { type: "button", class: "secondary", onclick: () => nav.settings() }, t("sync.backToSettings")), homeButton(nav)),
      ),
    );
  return screen;
}

/** The last answer to "Is this you?" for the saved connection (`key` names it). */
type KnownPatient = { key?: string; check?: PatientCheck };

function form(
  sync: SyncSettings,
  nav: Nav,
  render: (sync: SyncSettings, message?: HTMLElement) => void,
  known: KnownPatient,
  message?: HTMLElement,
): HTMLElement {
  const errorSlot = h("div", { "aria-live": "polite" }, message ?? null);
  const status = h("div", { class: "sync-status", id: "sync-status", role: "status" });
  const patientSlot = h("div", { "aria-live": "polite" });
  const tokenPart = sync.tokenSaved
    ? h(
        "div",
        { class: "token-saved" },
        h("p", { id: "token-state" }, t("sync.tokenSaved")),
        textField("sync-token", t("sync.tokenReplace"), null, t("sync.tokenHint"), { type: "password" }),
        h("button", { type: "button", class: "secondary", id: "remove-token" }, t("sync.tokenRemove")),
      )
    : h(
        "div",
        {},
        h("p", { id: "token-state" }, t("sync.tokenNone")),
        textField("sync-token", t("sync.token"), null, t("sync.tokenHint"), { type: "password" }),
      );
  const el = h(
    "form",
    { class: "form", id: "sync-form", novalidate: true },
    status,
    patientSlot,
    h(
      "label",
      { class: "choice wide" },
      h("input", { type: "checkbox", id: "sync-on", checked: sync.enabled }),
      h("span", {}, t("sync.on")),
    ),
    textField("sync-server", t("sync.serverUrl"), sync.serverUrl, t("sync.serverUrlHint"), { type: "url", inputmode: "url" }),
    textField("sync-patient", t("sync.patient"), sync.patient, t("sync.patientHint")),
    h("fieldset", { class: "group" }, h("legend", {}, t("sync.token")), tokenPart),
    errorSlot,
    h(
      "div",
      { class: "actions" },
      h("button", { type: "submit", class: "primary big", id: "save-sync" }, t("sync.save")),
      h("button", { type: "button", class: "secondary big", id: "sync-now" }, t("sync.sendNow")),
      h("button", { type: "button", class: "secondary", id: "back-to-settings", onclick: () => nav.settings() }, t("sync.backToSettings")),
      homeButton(nav),
    ),
    // Below the buttons: its state arrives later and must not move them.
    sync.serverUrl ? signInPanel("patient", checkPatientSoon) : null,
  );
  // After signing in, "Is this you?" is asked again with the new sign-in.
  function checkPatientSoon() {
    checkPatient();
  }
  const value = (id: string) => (el.querySelector<HTMLInputElement>(`#${id}`)?.value ?? "").trim() || null;
  let busy = false;
  const run = async (work: () => Promise<void>) => {
    if (busy) return;
    busy = true;
    errorSlot.replaceChildren();
    try {
      await work();
    } catch (error) {
      errorSlot.replaceChildren(errorBox(error as IpcError));
    } finally {
      busy = false;
    }
  };
  const saved = (words: string) => h("p", { class: "notice saved", id: "sync-saved" }, words);
  // "Send now" and "Try again" (the set-aside entries wait again first) share the status line.
  const send = (ipc: () => Promise<SyncStatus>, buttonId: string) =>
    void run(async () => {
      const button = el.querySelector<HTMLButtonElement>(`#${buttonId}`);
      status.replaceChildren(h("p", {}, t("sync.sending")));
      if (button) button.disabled = true;
      try {
        const next = await ipc();
        render({ ...sync, status: next }, saved(next.lastErrorCode ? t("sync.sentWithErrors") : t("sync.sent")));
      } catch (error) {
        status.replaceChildren(statusLine(sync.status, retry));
        throw error;
      } finally {
        if (button) button.disabled = false;
      }
    });
  const retry = () => send(api.retrySetAside, "retry-set-aside");
  status.replaceChildren(statusLine(sync.status, retry));

  // "Is this you?": asked whenever the connection is on, before anything is sent. The same
  // answer again (asked again after a sign-in) keeps the panel shown: its buttons are not
  // replaced under the pointer.
  let asked = 0;
  // The answer kept across re-renders is for this server and identifier only.
  const connection = JSON.stringify([sync.serverUrl, sync.patient]);
  const showPatient = (check: PatientCheck) => {
    if (JSON.stringify(check) === JSON.stringify(known.check) && patientSlot.querySelector("#patient-check")) return;
    known.key = connection;
    known.check = check;
    patientSlot.replaceChildren(
      patientPanel(
        check,
        () =>
          void run(async () => {
            asked += 1; // an answer still on its way is older than this one
            const next = await api.confirmCareTeamPatient(check.name, check.birthYear);
            showPatient(next);
            document.querySelector<HTMLElement>("#patient-check")?.focus();
          }),
        () => {
          known.check = undefined;
          patientSlot.replaceChildren(
            h("div", { class: "error patient-check", id: "patient-check" }, h("p", {}, t("sync.patientNotMe"))),
          );
          el.querySelector<HTMLInputElement>("#sync-patient")?.focus();
        },
      ),
    );
  };
  const checkPatient = () => {
    if (!sync.enabled || !sync.serverUrl || !sync.patient) return;
    if (known.check && known.key === connection && patientSlot.childElementCount === 0) showPatient(known.check);
    // Asked again (after a sign-in): the answer shown stays until the new one comes.
    if (patientSlot.childElementCount === 0) patientSlot.replaceChildren(h("p", { class: "small" }, t("sync.patientChecking")));
    const mine = ++asked;
    api
      .checkCareTeamPatient()
      .then((check) => mine === asked && showPatient(check))
      .catch((error: IpcError) => mine === asked && patientSlot.replaceChildren(errorBox(error)));
  };
  checkPatient();

  enterMovesOn(el as HTMLFormElement);
  el.addEventListener("submit", (event) => {
    event.preventDefault();
    void run(async () => {
      const input: SyncInput = {
        enabled: el.querySelector<HTMLInputElement>("#sync-on")?.checked ?? false,
        serverUrl: value("sync-server"),
        patient: value("sync-patient"),
        removeToken: false,
      };
      const token = value("sync-token");
      if (token) input.token = token;
      render(await api.saveSyncSettings(input), saved(t("sync.saved")));
      document.querySelector<HTMLElement>("#sync-saved")?.focus();
    });
  });
  el.querySelector("#remove-token")?.addEventListener("click", () =>
    void run(async () => {
      // Only the token goes: the saved address and identifier are kept as they were.
      const next = await api.saveSyncSettings({
        enabled: sync.enabled,
        serverUrl: sync.serverUrl,
        patient: sync.patient,
        removeToken: true,
      });
      render(next, saved(t("sync.tokenRemoved")));
    }),
  );
  el.querySelector("#sync-now")?.addEventListener("click", () => send(api.syncNow, "sync-now"));
  return el;
}
