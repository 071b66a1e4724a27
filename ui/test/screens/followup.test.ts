//! The escalation ladder's card on the home screen and the alert screen after "not yet",
//! rendered in a DOM (happy-dom) from fake ladders: the question and the lines the core
//! wrote, the numbers in the ladder's order (emergency services first when it says so),
//! and the answers sent for the right report.
import "./dom-env";
import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { chooseLanguage, t } from "../../src/i18n";
import { followUpCard } from "../../src/screens/followup";
import { resultScreen } from "../../src/screens/result";
import { clearPage } from "./dom-env";
import { emergencyLadder, recordingNav, report } from "./fakes";

afterEach(() => {
  clearPage();
  chooseLanguage("en");
});

const text = (css: string) => document.querySelector(css)?.textContent ?? null;
const numbers = () => [...document.querySelectorAll(".phone-number")].map((n) => n.id);

test("the home card asks the ladder's question, with its lines and numbers in its order", () => {
  const { nav } = recordingNav();
  const card = followUpCard(emergencyLadder(), nav, () => {});
  document.body.append(card);
  assert.equal(card.dataset.reportId, "7");
  assert.equal(card.dataset.emergencyFirst, "true");
  assert.equal(text(".followup-question"), "Did you get through to your 24-hour line?");
  assert.deepEqual(
    [...document.querySelectorAll(".followup-line")].map((l) => l.textContent),
    ["Nobody has been reached yet. Call emergency services now: 103.", "Nobody else sees this alert: you must phone."],
  );
  assert.deepEqual(numbers(), ["phone-emergency", "phone-line_24h"]);
  for (const answer of [".followup-reached", ".followup-not-yet", ".followup-they-said"]) {
    assert.ok(document.querySelector(answer), answer);
  }
});

test("a check-in's self-harm card asks the talk question and names the check-in", () => {
  const { nav } = recordingNav();
  const ladder = emergencyLadder({ kind: "checkin", id: 3, questionKind: "talk", report: null, question: "Have you been able to talk to your care team or someone you trust?" });
  const card = followUpCard(ladder, nav, () => {});
  document.body.append(card);
  assert.equal(card.dataset.record, "checkin-3");
  assert.equal(card.dataset.reportId, undefined);
  assert.equal(card.dataset.question, "talk");
  assert.match(card.textContent ?? "", /weekly check-in/);
  assert.equal(text(".followup-reached"), t("followup.talked"));
});

test("a card with no question shows its first line as the title and the rest below", () => {
  const { nav } = recordingNav();
  document.body.append(followUpCard(emergencyLadder({ question: null }), nav, () => {}));
  assert.equal(text(".followup-question"), "Nobody has been reached yet. Call emergency services now: 103.");
  assert.deepEqual(
    [...document.querySelectorAll(".followup-line")].map((l) => l.textContent),
    ["Nobody else sees this alert: you must phone."],
  );
});

test("after \"not yet\": the alert screen in the emergency-first form", () => {
  const { nav } = recordingNav();
  const screen = resultScreen(report("red"), true, nav, emergencyLadder());
  document.body.append(screen);
  assert.equal(screen.dataset.emergencyFirst, "true");
  assert.equal(text("h1"), t("level.red.title"));
  assert.equal(text("#headline"), "Nobody has been reached yet. Call emergency services now: 103.");
  assert.deepEqual(
    [...document.querySelectorAll("#ladder-notice p")].map((p) => p.textContent),
    ["If nobody answers within 15 minutes, call emergency services: 103.", "Nobody else sees this alert: you must phone."],
  );
  assert.deepEqual(numbers(), ["phone-emergency", "phone-line_24h"]);
});

test("after the first \"not yet\": the red screen again, its own headline and order", () => {
  const { nav } = recordingNav();
  const ladder = emergencyLadder({ emergencyFirst: false, lines: [], calls: report("red").calls });
  const screen = resultScreen(report("red"), true, nav, ladder);
  document.body.append(screen);
  assert.equal(screen.dataset.emergencyFirst, "false");
  assert.equal(text("#headline"), "The red headline");
  assert.equal(text("#ladder-notice"), "If nobody answers within 15 minutes, call emergency services: 103.");
  assert.deepEqual(numbers(), ["phone-line_24h", "phone-emergency"]);
});

test("an upgraded amber is shown as red", () => {
  const { nav } = recordingNav();
  const ladder = emergencyLadder({ report: report("amber"), emergencyFirst: false, notYetWords: null, lines: ["A day has passed."] });
  const screen = resultScreen(report("amber"), true, nav, ladder);
  document.body.append(screen);
  assert.equal(screen.dataset.level, "red");
  assert.equal(text("#ladder-notice"), "A day has passed.");
});
