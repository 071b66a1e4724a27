// Messages with the care team: a question, or a photo of a rash or a lab sheet, and the
// team's replies. A message is never a substitute for a call: the screen opens with the
// core's words saying so and the numbers to call, before anything else. The window reads
// the photo the user picked (a file input; the shell gets only its bytes) and the core
// checks it and removes its metadata; an error names the field and keeps what was typed.
import { h } from "../dom";
import { formatWhen } from "../format";
import { t } from "../i18n";
import { api, type IpcError, type MessageDto, type MessagesDto } from "../ipc";
import { errorBox, heading, homeButton, type Nav } from "./common";
import { callPanel } from "./result";

/** The bytes of a picked file, as base64. */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

function messageRow(m: MessageDto): HTMLElement {
  return h(
    "li",
    { class: m.fromTeam ? "message from-team" : "message to-team", "data-message-id": m.id },
    h(
      "p",
      { class: "row-date" },
      `${m.fromTeam ? (m.author ?? t("messages.team")) : t("messages.you")} — ${formatWhen(m.at)}`,
      m.new ? h("span", { class: "badge" }, t("messages.new")) : null,
    ),
    h("p", { class: "message-text" }, m.text),
    m.photo ? h("img", { class: "message-photo", src: m.photo, alt: t("messages.photoAlt") }) : null,
  );
}

export function messagesScreen(nav: Nav): HTMLElement {
  const top = h("div", { id: "messages-top" });
  const listSlot = h("div", { id: "messages-list", "aria-live": "polite" }, h("p", {}, t("common.loading")));
  const errorSlot = h("div", { "aria-live": "polite", id: "message-error" });
  const show = (m: MessagesDto) => {
    top.replaceChildren(
      h("div", { class: "notice level-red", role: "note", id: "not-a-call" }, h("p", {}, m.notACall)),
      callPanel(m.calls) ?? "",
      m.syncOn ? "" : h("p", { class: "notice", id: "messages-sync-off" }, t("messages.syncOff")),
    );
    listSlot.replaceChildren(
      m.items.length === 0
        ? h("p", { id: "no-messages" }, t("messages.empty"))
        : h("ul", { class: "rows messages" }, m.items.map(messageRow)),
    );
  };
  api.messages().then(show, (error: IpcError) => listSlot.replaceChildren(errorBox(error)));

  const form = h(
    "form",
    { class: "form", id: "message-form", novalidate: true },
    h("div", { class: "field" }, h("label", { for: "message-text" }, t("messages.text")), h("textarea", { id: "message-text", rows: 4, maxlength: 2000 })),
    h(
      "div",
      { class: "field" },
      h("label", { for: "message-photo" }, t("messages.photo")),
      h("p", { class: "small", id: "message-photo-hint" }, t("messages.photoHint")),
      h("input", { id: "message-photo", type: "file", accept: "image/jpeg,image/png", "aria-describedby": "message-photo-hint" }),
    ),
    errorSlot,
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary big", id: "send-message" }, t("messages.send"))),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    errorSlot.replaceChildren();
    const text = form.querySelector("textarea") as HTMLTextAreaElement;
    const file = (form.querySelector("#message-photo") as HTMLInputElement).files?.[0];
    try {
      const photo = file ? await base64Of(file) : null;
      const next = await api.sendMessage({ text: text.value, photo });
      show(next);
      text.value = "";
      (form.querySelector("#message-photo") as HTMLInputElement).value = "";
      errorSlot.replaceChildren(
        h("p", { class: next.syncOn ? "notice saved" : "notice", id: "message-sent" }, next.syncOn ? t("messages.sent") : t("messages.keptSyncOff")),
      );
    } catch (error) {
      errorSlot.replaceChildren(errorBox(error as IpcError));
    }
  });

  return h(
    "div",
    { class: "screen messages-screen" },
    heading(t("messages.title")),
    top,
    h("p", { class: "lead" }, t("messages.intro")),
    form,
    listSlot,
    homeButton(nav),
  );
}
