//! The result screen rendered in a DOM (happy-dom) from fake reports: for red, amber and
//! green, the numbers to call are shown whole and the buttons are there and go where they
//! say; opened from the history it lists the answers and offers the way back.
import "./dom-env";
import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { CATALOGUES, chooseLanguage, t } from "../../src/i18n";
import { resultScreen } from "../../src/screens/result";
import { clearPage } from "./dom-env";
import { CARE_TEAM, EMERGENCY, LINE_24H, LINE_24H_UNSET, recordingNav, report } from "./fakes";

afterEach(() => {
  clearPage();
  chooseLanguage("en");
});

function show(...args: Parameters<typeof resultScreen>): HTMLElement {
  const screen = resultScreen(...args);
  document.body.append(screen);
  return screen;
}

const text = (css: string) => document.querySelector(css)?.textContent ?? null;
const buttons = () => [...document.querySelectorAll("button")].map((b) => b.textContent);

test("red: the 24-hour line and the emergency number, whole, and the way home", () => {
  const { nav, went } = recordingNav();
  const screen = show(report("red"), true, nav);
  assert.equal(screen.dataset.level, "red");
  assert.equal(text("h1"), t("level.red.title"));
  assert.equal(text("#headline"), "The red headline");
  assert.equal(text("#phone-line_24h"), "0300 999 000");
  assert.equal(text("#phone-emergency"), "103");
  // Each number's box carries its length, from which style.css fits it on one line.
  const boxes = [...document.querySelectorAll<HTMLElement>(".phone-box")];
  assert.deepEqual(
    boxes.map((b) => b.style.getPropertyValue("--chars")),
    [String(LINE_24H.text.length), "6"],
  );
  assert.equal(document.querySelectorAll('#alert-list [data-rule="R-FEVER"]').length, 1);
  assert.match(text("#alert-list") ?? "", /38\.2 °C/);
  // Fresh from the report: no answers, one big button home.
  assert.equal(document.querySelector(".answers"), null);
  assert.deepEqual(buttons(), [t("nav.back")]);
  document.querySelector<HTMLButtonElement>("#go-home")!.click();
  assert.deepEqual(went, [["home", []]]);
});

test("amber: the care team's number and the way home", () => {
  const { nav } = recordingNav();
  show(report("amber"), true, nav);
  assert.equal(text("h1"), t("level.amber.title"));
  assert.equal(text("#phone-care_team"), "0300 111 222");
  assert.equal(document.querySelectorAll(".phone-box").length, 1);
  assert.match(text('#alert-list [data-rule="A-DIARRHOEA"]') ?? "", /Drink plenty\./);
  assert.ok(document.querySelector("#go-home"), "the way home");
});

test("amber outside the care team's office hours: the 24-hour line first, then the team's", () => {
  const { nav } = recordingNav();
  show(report("amber", { calls: [LINE_24H, CARE_TEAM] }), true, nav);
  const numbers = [...document.querySelectorAll(".phone-number")].map((e) => [e.id, e.textContent]);
  assert.deepEqual(numbers, [
    ["phone-line_24h", "0300 999 000"],
    ["phone-care_team", "0300 111 222"],
  ]);
});

test("green: no number to call, the advice title and the way home", () => {
  const { nav } = recordingNav();
  show(report("green"), true, nav);
  assert.equal(text("h1"), t("level.green.title"));
  assert.equal(document.querySelector(".phones"), null);
  assert.equal(document.querySelector("#alert-list"), null);
  assert.ok(document.querySelector("#go-home"), "the way home");
});

test("a number that is not set says so in words, and its box is not sized as a number", () => {
  const { nav } = recordingNav();
  show(report("red", { calls: [LINE_24H_UNSET, EMERGENCY] }), true, nav);
  const unset = document.querySelector<HTMLElement>("#phone-line_24h")!;
  assert.ok(unset.classList.contains("unset"));
  assert.equal(unset.textContent, "your 24-hour line (number not set)");
  assert.equal(unset.closest<HTMLElement>(".phone-box")!.style.getPropertyValue("--chars"), "");
});

test("opened from the history: the numbers, the answers in words, home and back to the history", () => {
  const { nav, went } = recordingNav();
  show(report("red", { note: "<img src=x>" }), false, nav);
  assert.equal(text("#phone-line_24h"), "0300 999 000");
  const answers = text(".answers") ?? "";
  assert.ok(answers.includes(`${t("rating.fatigue")}2 — ${t("scale.2")}`), answers);
  assert.ok(answers.includes(`${t("rating.pain")}0 — ${t("scale.0")}`), answers);
  assert.equal(text("#note-text"), "<img src=x>");
  assert.equal(document.querySelectorAll("img").length, 0, "the note stayed text");
  assert.deepEqual(buttons(), [t("nav.back"), t("nav.history")]);
  const back = [...document.querySelectorAll<HTMLButtonElement>("button.secondary")];
  assert.equal(back.length, 1);
  back[0].click();
  assert.deepEqual(went, [["history", []]]);
});

test("a skipped checklist on a green report asks for it; on red the numbers come first", () => {
  const { nav, went } = recordingNav();
  show(report("green", { screened: false }), true, nav);
  assert.ok(document.querySelector("#unscreened"));
  document.querySelector<HTMLButtonElement>("#answer-signs")!.click();
  assert.deepEqual(went, [["report", []]]);
  clearPage();
  show(report("red", { screened: false }), true, nav);
  assert.equal(document.querySelector("#unscreened"), null);
});

test("the screen speaks the user's language", () => {
  chooseLanguage("ru");
  const { nav } = recordingNav();
  show(report("red"), false, nav);
  assert.equal(text("h1"), CATALOGUES.ru["level.red.title"]);
  assert.deepEqual(buttons(), [CATALOGUES.ru["nav.back"], CATALOGUES.ru["nav.history"]]);
});

test("where the alert stands: the core's words with the moment, and the seen line once seen", () => {
  const { nav } = recordingNav();
  show(
    report("red", { standing: { state: "not_opened", at: "2026-12-07T08:32:00Z", words: "Sent to your care team, but they have not opened it yet." } }),
    false,
    nav,
  );
  const line = document.querySelector<HTMLElement>("#alert-standing")!;
  assert.equal(line.dataset.state, "not_opened");
  assert.match(line.textContent ?? "", /^Sent to your care team, but they have not opened it yet\. \(.+\)$/);
  clearPage();
  show(report("red", { standing: { state: "seen", at: "2026-12-07T09:00:00Z", words: "Seen." }, seenByTeamAt: "2026-12-07T09:00:00Z" }), false, nav);
  assert.equal(document.querySelector("#alert-standing"), null);
  assert.ok(document.querySelector("#seen-by-team"));
  clearPage();
  show(report("green"), false, nav);
  assert.equal(document.querySelector("#alert-standing"), null);
});
