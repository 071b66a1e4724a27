// The care team's alert cards: one alert with the report behind it in words, the
// patient's answers to "Did you reach your care team?", the care team's notes, whether
// and by whom it was seen, and — while nobody has — "Acknowledge" with an optional note.
// A red nobody acknowledged for 30 minutes says so at its top (the core decides which).
// Used by the console's open-alerts list and by a patient's page.
import { h } from "../dom";
import { formatDateTime } from "../format";
import { t, tk } from "../i18n";
import { api, type InboxItem, type IpcError } from "../ipc";
import { errorBox } from "./common";

function status(item: InboxItem): string {
  if (item.status === "completed") return t("inbox.status.completed");
  if (item.seenAt !== null) {
    const at = formatDateTime(item.seenAt);
    return item.seenBy ? t("inbox.status.seen", { who: item.seenBy, at }) : t("inbox.status.seenAt", { at });
  }
  return t("inbox.status.requested");
}

/** One alert. `acknowledged` runs after the server took the acknowledgement. */
export function alertCard(item: InboxItem, acknowledged: (item: InboxItem) => Promise<void>): HTMLElement {
  const unseen = item.status === "requested";
  const noteId = `ack-note-${item.id}`;
  const note = h("textarea", { id: noteId, class: "ack-note", rows: 2, maxlength: 2000 });
  const message = h("div", { role: "status", class: "ack-message" });
  const button = h("button", { type: "button", class: "primary ack", "data-ack": item.id }, t("inbox.ack"));
  button.addEventListener("click", async () => {
    button.disabled = true;
    message.replaceChildren();
    try {
      await api.acknowledgeAlert(item.id, item.version, note.value.trim() === "" ? null : note.value);
      await acknowledged(item);
    } catch (error) {
      button.disabled = false;
      message.replaceChildren(errorBox(error as IpcError));
    }
  });
  return h(
    "li",
    { class: `alert-card level-${item.level}${item.overdue ? " overdue" : ""}`, "data-rule": item.rule, "data-id": item.id, "data-status": item.status },
    item.overdue ? h("p", { class: "overdue-mark", role: "note" }, t("inbox.overdue")) : null,
    h("p", { class: "alert-level" }, `${tk("level.name.", item.level)} — ${item.subjectName}`),
    item.patient ? h("p", {}, h("span", { class: "label" }, t("inbox.patient") + ": "), item.patient) : null,
    item.recordedAt ? h("p", { class: "small" }, formatDateTime(item.recordedAt)) : null,
    item.authoredOn ? h("p", { class: "small" }, `${t("inbox.arrived")}: ${formatDateTime(item.authoredOn)}`) : null,
    h("p", {}, h("span", { class: "label" }, t("result.why") + ": "), item.detail),
    item.report.length > 0
      ? h("div", {}, h("p", { class: "label" }, t("inbox.report")), h("ul", { class: "inbox-report" }, item.report.map((line) => h("li", {}, line))))
      : null,
    item.note !== null ? h("div", { class: "note" }, h("p", { class: "label" }, t("report.note")), h("p", { class: "inbox-note" }, item.note)) : null,
    item.followups.length > 0
      ? h(
          "div",
          {},
          h("p", { class: "label" }, t("inbox.followups")),
          h(
            "ul",
            { class: "inbox-followups" },
            item.followups.map((f) => h("li", { "data-answer": f.answer }, `${formatDateTime(f.answeredAt)}: ${f.words}`)),
          ),
        )
      : null,
    item.notes.length > 0
      ? h(
          "div",
          {},
          h("p", { class: "label" }, t("inbox.notes")),
          h(
            "ul",
            { class: "inbox-notes" },
            item.notes.map((n) => h("li", {}, [n.at ? formatDateTime(n.at) : null, n.by].filter(Boolean).join(", ") + (n.at || n.by ? ": " : "") + n.text)),
          ),
        )
      : null,
    h("p", { class: "small alert-status" }, status(item)),
    unseen ? h("div", { class: "field" }, h("label", { for: noteId }, t("inbox.noteLabel")), note) : null,
    unseen ? button : null,
    message,
  );
}

/** The open alerts across patients (overdue reds first), with a way to the connection
 * settings when the server cannot be asked. `changed` runs after an acknowledgement. */
export function alertsList(onConnection: () => void, changed: () => void): { element: HTMLElement; load: () => Promise<void> } {
  const list = h("div", { id: "inbox-list", "aria-live": "polite" });
  const message = h("div", { role: "status", id: "inbox-message" });
  const load = async () => {
    list.replaceChildren(h("p", {}, t("inbox.loading")));
    try {
      const items = await api.careTeamInbox();
      list.replaceChildren(
        items.length === 0
          ? h("p", { id: "inbox-empty" }, t("inbox.empty"))
          : h("ul", { class: "alerts inbox" }, items.map((item) => alertCard(item, acknowledged))),
      );
    } catch (error) {
      list.replaceChildren(...connectionTrouble(error as IpcError, onConnection));
    }
  };
  const acknowledged = async (item: InboxItem) => {
    message.replaceChildren(h("p", { class: "notice saved" }, t("inbox.acknowledged", { what: item.subjectName })));
    await load();
    changed();
    document.querySelector<HTMLElement>("#inbox-refresh")?.focus();
  };
  return { element: h("div", {}, message, list), load };
}

/** A failed request to the care team's server, in words; a missing or wrong connection
 * setting says where to fix it, with the way there. */
export function connectionTrouble(failure: IpcError, onConnection: () => void): HTMLElement[] {
  return [
    failure.code === "invalid_field"
      ? h("div", { class: "error", role: "alert" }, h("p", {}, t("inbox.checkConnection")))
      : errorBox(failure),
    h("button", { type: "button", class: "secondary", id: "inbox-to-connection", onclick: onConnection }, t("nav.connection")),
  ];
}
