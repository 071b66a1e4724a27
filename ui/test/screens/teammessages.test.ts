//! The care team console's messages tab rendered in a DOM (happy-dom) with ui/src/ipc's
//! `api` mocked (no Tauri): each patient's message names the patient, shows the photo and
//! the replies written, and its reply form sends the words for that message and reads the
//! list again; a refused reply shows the error under its own form.
import "./dom-env";
import assert from "node:assert/strict";
import { afterEach, mock, test } from "node:test";
import { chooseLanguage, t } from "../../src/i18n";
import { api, type InboxMessageDto, type IpcError } from "../../src/ipc";
import { teamMessagesList } from "../../src/screens/teammessages";
import { clearPage, settle } from "./dom-env";

afterEach(() => {
  mock.restoreAll();
  clearPage();
  chooseLanguage("en");
});

const MESSAGE: InboxMessageDto = {
  uid: "message-1",
  patientRef: "Patient/p1",
  sent: "2026-12-07T08:30:00Z",
  text: "The rash is worse.",
  photo: "data:image/png;base64,iVBORw0KGgo=",
  replies: [{ author: "Nurse Aziza", text: "Use the cream." }],
};

test("a message names the patient, shows its photo and replies, and a reply is sent for it", async () => {
  mock.method(api, "careTeamMessages", async () => [MESSAGE]);
  const reply = mock.method(api, "careTeamReply", async () => "reply-2");
  const list = teamMessagesList(() => {}, (ref) => (ref === "Patient/p1" ? "Dilnoza Karimova" : ref));
  document.body.append(list.element);
  await list.load();
  assert.equal(document.querySelector(".team-message .patient-name")?.textContent, "Dilnoza Karimova");
  assert.equal(document.querySelector(".team-message img")?.getAttribute("alt"), t("teamMessages.photoAlt"));
  assert.equal(document.querySelector(".team-reply-sent")?.textContent, "Nurse Aziza: Use the cream.");
  document.querySelector<HTMLTextAreaElement>(".reply-text")!.value = "Come in on Monday.";
  document.querySelector<HTMLButtonElement>(".send-reply")!.click();
  await settle();
  await settle();
  assert.deepEqual(reply.mock.calls.map((c) => c.arguments), [["message-1", "Come in on Monday."]]);
  assert.equal(document.querySelector("#reply-sent")?.textContent, t("teamMessages.sent"));
});

test("a refused reply shows the error under its form", async () => {
  mock.method(api, "careTeamMessages", async () => [MESSAGE]);
  mock.method(api, "careTeamReply", async () => {
    throw { code: "invalid_field", message: "reply: write the reply", field: "reply" } as IpcError;
  });
  const list = teamMessagesList(() => {}, (ref) => ref);
  document.body.append(list.element);
  await list.load();
  document.querySelector<HTMLButtonElement>(".send-reply")!.click();
  await settle();
  await settle();
  assert.ok(document.querySelector(".team-reply .error"));
  assert.equal(document.querySelector("#reply-sent"), null);
});
