//! The messages screen rendered in a DOM (happy-dom) with ui/src/ipc's `api` mocked (no
//! Tauri): it opens with the core's "not for anything urgent" and the numbers, before the
//! form; it lists the messages both ways with the team's reply marked new; sending passes
//! the words (and no photo when none was picked) and shows the list back; a refused
//! message shows the error and keeps what was typed.
import "./dom-env";
import assert from "node:assert/strict";
import { afterEach, mock, test } from "node:test";
import { chooseLanguage, t } from "../../src/i18n";
import { api, type IpcError, type MessagesDto } from "../../src/ipc";
import { messagesScreen } from "../../src/screens/messages";
import { clearPage, settle } from "./dom-env";
import { EMERGENCY, LINE_24H, recordingNav } from "./fakes";

afterEach(() => {
  mock.restoreAll();
  clearPage();
  chooseLanguage("en");
});

const SCREEN: MessagesDto = {
  items: [
    { id: 1, fromTeam: false, at: "2026-12-07T08:30:00Z", author: null, text: "The rash is worse.", photo: "data:image/png;base64,iVBORw0KGgo=", new: false },
    { id: 2, fromTeam: true, at: "2026-12-07T09:30:00Z", author: "Nurse Aziza", text: "Use the cream twice a day.", photo: null, new: true },
  ],
  notACall: "A message is not for anything urgent: call 0300 999 000.",
  calls: [LINE_24H, EMERGENCY],
  syncOn: false,
};

test("not for anything urgent comes first, with the numbers; then the form and the messages", async () => {
  mock.method(api, "messages", async () => SCREEN);
  const { nav } = recordingNav();
  const screen = messagesScreen(nav);
  document.body.append(screen);
  await settle();
  const order = [...screen.querySelectorAll("#not-a-call, .phones, #message-form, .messages")].map((e) => e.id || e.className);
  assert.deepEqual(order, ["not-a-call", "phones", "message-form", "rows messages"]);
  assert.equal(document.querySelector("#not-a-call")?.textContent, SCREEN.notACall);
  assert.equal(document.querySelector("#phone-line_24h")?.textContent, LINE_24H.text);
  assert.equal(document.querySelector("#messages-sync-off")?.textContent, t("messages.syncOff"));
  const rows = [...document.querySelectorAll(".message")];
  assert.equal(rows.length, 2);
  assert.match(rows[0].textContent ?? "", /^You — .*The rash is worse\.$/);
  assert.equal(rows[0].querySelector("img")?.getAttribute("alt"), t("messages.photoAlt"));
  assert.match(rows[1].textContent ?? "", /Nurse Aziza — .*New.*Use the cream twice a day\./);
});

test("sending passes the words, shows the list back and clears the form", async () => {
  mock.method(api, "messages", async () => ({ ...SCREEN, items: [] }));
  const send = mock.method(api, "sendMessage", async () => SCREEN);
  const { nav } = recordingNav();
  document.body.append(messagesScreen(nav));
  await settle();
  const text = document.querySelector<HTMLTextAreaElement>("#message-text")!;
  text.value = "Can I take paracetamol?";
  document.querySelector<HTMLButtonElement>("#send-message")!.click();
  await settle();
  await settle();
  assert.deepEqual(send.mock.calls.map((c) => c.arguments), [[{ text: "Can I take paracetamol?", photo: null }]]);
  assert.equal(text.value, "");
  assert.equal(document.querySelectorAll(".message").length, 2);
  // Sync is off in this screen: the words say nobody reads it until it is on.
  assert.equal(document.querySelector("#message-sent")?.textContent, t("messages.keptSyncOff"));
});

test("a refused message shows the error and keeps the words", async () => {
  mock.method(api, "messages", async () => SCREEN);
  mock.method(api, "sendMessage", async () => {
    throw { code: "invalid_field", message: "message.text: write a few words", field: "message.text" } as IpcError;
  });
  const { nav } = recordingNav();
  document.body.append(messagesScreen(nav));
  await settle();
  const text = document.querySelector<HTMLTextAreaElement>("#message-text")!;
  text.value = "   ";
  document.querySelector<HTMLButtonElement>("#send-message")!.click();
  await settle();
  await settle();
  assert.ok(document.querySelector("#message-error .error"), document.querySelector("#message-error")?.outerHTML);
  assert.equal(text.value, "   ");
});
