// The care team console's messages: every patient's message, newest first, with its photo
// and the replies written to it, and a reply form under each. The reply goes to the
// server; the patient's app keeps it at its next sync and tells the patient.
import { h } from "../dom";
import { formatDateTime } from "../format";
import { t } from "../i18n";
import { api, type InboxMessageDto, type IpcError } from "../ipc";
import { errorBox } from "./common";
import { connectionTrouble } from "./inbox";

function messageCard(m: InboxMessageDto, who: (patientRef: string) => string, replied: () => Promise<void>): HTMLElement {
  const id = m.uid.replace(/[^a-z0-9-]/gi, "");
  const errorSlot = h("div", { "aria-live": "polite" });
  const form = h(
    "form",
    { class: "form team-reply", novalidate: true },
    h("label", { for: `reply-${id}` }, t("teamMessages.reply")),
    h("textarea", { id: `reply-${id}`, class: "reply-text", rows: 3, maxlength: 2000 }),
    errorSlot,
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary big send-reply" }, t("teamMessages.send"))),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    errorSlot.replaceChildren();
    const text = form.querySelector("textarea") as HTMLTextAreaElement;
    try {
      await api.careTeamReply(m.uid, text.value);
      await replied();
    } catch (error) {
      errorSlot.replaceChildren(errorBox(error as IpcError));
    }
  });
  return h(
    "li",
    { class: "alert-card team-message", "data-message": m.uid },
    h("p", { class: "row-date" }, h("strong", { class: "patient-name" }, who(m.patientRef)), ` — ${formatDateTime(m.sent)}`),
    h("p", { class: "message-text" }, m.text),
    m.photo ? h("img", { class: "message-photo", src: m.photo, alt: t("teamMessages.photoAlt") }) : null,
    m.replies.map((r) => h("p", { class: "team-reply-sent" }, `${r.author ?? t("messages.team")}: ${r.text}`)),
    form,
  );
}

/** The messages tab: its element and how to read it again; `who` names a patient (from
 * the panel the console has read), else their reference. */
export function teamMessagesList(
  onConnection: () => void,
  who: (patientRef: string) => string,
): { element: HTMLElement; load: () => Promise<void> } {
  const list = h("div", { id: "team-messages", "aria-live": "polite" });
  const status = h("div", { role: "status", id: "team-messages-status" });
  const load = async () => {
    list.replaceChildren(h("p", {}, t("inbox.loading")));
    try {
      const items = await api.careTeamMessages();
      list.replaceChildren(
        items.length === 0
          ? h("p", { id: "team-messages-empty" }, t("teamMessages.empty"))
          : h("ul", { class: "alerts" }, items.map((m) => messageCard(m, who, replied))),
      );
    } catch (error) {
      list.replaceChildren(...connectionTrouble(error as IpcError, onConnection));
    }
  };
  const replied = async () => {
    status.replaceChildren(h("p", { class: "notice saved", id: "reply-sent" }, t("teamMessages.sent")));
    await load();
  };
  return { element: h("div", {}, status, list), load };
}
