// Pieces every screen shares: the page heading, the way home, error boxes, alert cards.
import { h } from "../dom";
import { fieldName, withoutPath } from "../fields";
import { formatDateTime, formatWhen } from "../format";
import { t, tk, tOr } from "../i18n";
import type { Alert, Checkin, IpcError, LadderDto, Report, Reporter, StandingDto, Status } from "../ipc";

export interface Nav {
  home(): void;
  report(): void;
  settings(): void;
  history(): void;
  trends(): void;
  labs(): void;
  connection(): void;
  /** The care team console, on its patient panel or its open alerts. */
  inbox(tab?: "patients" | "alerts"): void;
  /** One patient's page in the care team console (`Patient/<id>` on the server). */
  patient(patientRef: string): void;
  backups(): void;
  treatments(): void;
  courses(): void;
  visit(): void;
  /** Messages with the care team. */
  messages(): void;
  /** Shows the home screen for a status already loaded (after answering a question). */
  homeWith(status: Status): void;
  result(report: Report, fresh: boolean): void;
  /** The alert screen of `report` in the form its escalation ladder says now (after
   * "not yet"), with the status the answer returned. */
  resultWith(status: Status, report: Report, ladder: LadderDto | null): void;
  checkin(): void;
  checkinResult(checkin: Checkin, fresh: boolean): void;
}

/** The screen's heading; it takes focus when the screen opens. */
export function heading(text: string): HTMLHeadingElement {
  return h("h1", { tabindex: "-1", id: "screen-title" }, text);
}

export function homeButton(nav: Nav): HTMLButtonElement {
  return h("button", { type: "button", class: "secondary", id: "go-home", onclick: () => nav.home() }, t("nav.back"));
}

export function errorBox(error: IpcError): HTMLElement {
  const field = error.field ? fieldName(error.field, t) : null;
  const words = field ? t("error.invalid", { field }) : tOr(`error.code.${error.code}`, "error.generic");
  return h(
    "div",
    { class: "error", role: "alert" },
    h("p", {}, words),
    // The core's words (English) for whoever helps; folded away, and never a field path.
    h(
      "details",
      { class: "small error-details" },
      h("summary", {}, t("error.details")),
      h("p", {}, withoutPath(error.message, error.field)),
    ),
  );
}

/** Makes Enter in a form's fields move to the next field instead of submitting the form:
 * only its submit button saves (a patient who presses Enter after the first phone number
 * must not lose the others). Enter still works on buttons and in text areas. */
export function enterMovesOn(form: HTMLFormElement): void {
  form.addEventListener("keydown", (event) => {
    const target = event.target as HTMLElement;
    if (event.key !== "Enter" || !(target instanceof HTMLInputElement)) return;
    if (["submit", "button", "checkbox", "radio"].includes(target.type)) return;
    event.preventDefault();
    const fields = [...form.querySelectorAll<HTMLElement>("input, select, textarea, button")].filter(
      (el) => !(el as HTMLInputElement).disabled && el.offsetParent !== null,
    );
    fields[fields.indexOf(target) + 1]?.focus();
  });
}

/** One alert: its subject, what it asks for, what triggered it, and any advice. */
export function alertCard(alert: Alert, when?: string): HTMLElement {
  return h(
    "li",
    { class: `alert-card level-${alert.level}`, "data-rule": alert.rule },
    h("p", { class: "alert-level" }, `${tk("level.name.", alert.level)} — ${alert.subjectName}`),
    when ? h("p", { class: "small" }, formatDateTime(when)) : null,
    h("p", { class: "alert-message" }, alert.message),
    h("p", {}, h("span", { class: "label" }, t("result.why") + ": "), alert.detail),
    alert.advice ? h("p", {}, h("span", { class: "label" }, t("result.advice") + ": "), alert.advice) : null,
  );
}

/** "Seen by your care team at 14:05", or nothing when the team has not seen it yet. */
export function seenLine(at: string | null, id?: string): HTMLElement | null {
  if (!at) return null;
  return h("p", { class: "seen", id }, t("seen.byTeam", { time: formatWhen(at) }));
}

/** Where a record's alerts stand, for the patient (the core's words, the moment on this
 * computer's clock): not sent, waiting, sent, not opened (with the 24-hour line); once seen,
 * the seen line. Nothing for a record with no red or amber. */
export function teamLine(standing: StandingDto | null, seenAt: string | null): HTMLElement | null {
  if (!standing || standing.state === "seen") return seenLine(seenAt, "seen-by-team");
  const words = standing.at ? `${standing.words} (${formatWhen(standing.at)})` : standing.words;
  return h("p", { class: `standing standing-${standing.state}`, id: "alert-standing", "data-state": standing.state }, words);
}

export function reporterText(reporter: Reporter): string {
  return tk("reporter.", reporter);
}
