//! The history screen rendered in a DOM (happy-dom) with ui/src/ipc's `api` mocked (no
//! Tauri): an alert entry shows its level, subject, what triggered it, the team's "seen"
//! and the follow-up answers, and opens its report's detail; the detail shows the numbers
//! and the buttons. A lab-only alert (a lab result entered on its own) sits among the
//! reports' alerts, names its lab result in the user's language and opens the lab
//! results. A failing call shows an error box, not an empty list.
import "./dom-env";
import assert from "node:assert/strict";
import { afterEach, mock, test } from "node:test";
import { CATALOGUES, chooseLanguage, t } from "../../src/i18n";
import { api, type IpcError, type Report } from "../../src/ipc";
import { historyScreen } from "../../src/screens/history";
import { resultScreen } from "../../src/screens/result";
import { clearPage, settle } from "./dom-env";
import {
  DIARRHOEA,
  FEVER,
  LOW_NEUTROPHILS,
  NEUTROPHILS_LAB,
  recordingNav,
  report,
  savedAlert,
  savedLabAlert,
} from "./fakes";

afterEach(() => {
  mock.restoreAll();
  clearPage();
  chooseLanguage("en");
});

const RED = report("red");

/** The history's three lists, as the backend would answer. */
function backend(alerts = [savedAlert(FEVER)]) {
  mock.method(api, "recentReports", async () => [RED]);
  mock.method(api, "recentCheckins", async () => []);
  mock.method(api, "alertHistory", async () => alerts);
  return mock.method(api, "getReport", async (id: number): Promise<Report | null> => (id === RED.id ? RED : null));
}

test("an alert entry names its level, subject and trigger, and opens its report", async () => {
  const getReport = backend([
    savedAlert(FEVER, {
      seenByTeamAt: "2026-12-07T08:45:00Z",
      followUps: [{ at: "2026-12-07T09:30:00Z", answer: "reached", words: "I reached my care team." }],
    }),
    savedAlert(DIARRHOEA, { reportId: 5, recordedAt: "2026-12-05T19:00:00Z" }),
  ]);
  const { nav, went } = recordingNav();
  document.body.append(historyScreen(nav));
  await settle();

  const rows = [...document.querySelectorAll<HTMLButtonElement>("#history-alerts .report-row")];
  assert.equal(rows.length, 2);
  assert.ok(rows[0].classList.contains("level-red"));
  const first = rows[0].textContent ?? "";
  assert.ok(first.includes(t("level.name.red")), first);
  assert.ok(first.includes(`${FEVER.subjectName}: ${FEVER.detail}`), first);
  assert.equal(rows[0].querySelectorAll(".seen").length, 1, "seen by the team");
  assert.ok(first.includes("I reached my care team."), first);
  assert.ok((rows[1].textContent ?? "").includes(t("level.name.amber")));

  rows[0].click();
  await settle();
  assert.deepEqual(getReport.mock.calls.map((c) => c.arguments), [[RED.id]]);
  assert.deepEqual(went, [["result", [RED, false]]]);
});

test("a lab-only alert is listed among the reports' alerts with its level, lab result and the team's seen", async () => {
  const getReport = backend([
    savedAlert(FEVER, { followUps: [{ at: "2026-12-07T09:30:00Z", answer: "reached", words: "I reached my care team." }] }),
    savedLabAlert(LOW_NEUTROPHILS, NEUTROPHILS_LAB, { seenByTeamAt: "2026-12-06T15:00:00Z" }),
    savedAlert(DIARRHOEA, { reportId: 5, recordedAt: "2026-12-05T19:00:00Z" }),
  ]);
  const { nav, went } = recordingNav();
  document.body.append(historyScreen(nav));
  await settle();

  const rows = [...document.querySelectorAll<HTMLButtonElement>("#history-alerts .report-row")];
  assert.equal(rows.length, 3);
  assert.deepEqual(
    rows.map((r) => r.classList.contains("lab-alert")),
    [false, true, false],
    "in the order the shell sent, the lab's between the reports'",
  );
  const lab = rows[1];
  assert.ok(lab.classList.contains("level-amber"));
  const text = lab.textContent ?? "";
  assert.ok(text.includes(t("level.name.amber")), text);
  assert.equal(
    lab.querySelector(".lab-source")?.textContent,
    "From a lab result you entered: Neutrophils (a type of white blood cell): 0.3 ×10⁹/L",
  );
  assert.ok(text.includes(`Blood tests: ${LOW_NEUTROPHILS.detail}`), text);
  assert.equal(lab.querySelectorAll(".seen").length, 1, "seen by the team");
  assert.equal(lab.querySelectorAll(".followup-answer").length, 0, "no report's answers");
  // A report's alert names no lab result.
  assert.equal(rows[0].querySelector(".lab-source"), null);
  assert.equal(rows[2].querySelector(".seen"), null);

  lab.click();
  await settle();
  assert.equal(getReport.mock.callCount(), 0, "a lab-only alert has no report to open");
  assert.deepEqual(went, [["labs", []]]);
});

test("a lab-only alert's entry speaks the user's language", async () => {
  for (const [lang, value] of [
    ["ru", "0,3"],
    ["uz", "0,3"],
    ["en", "0.3"],
  ] as const) {
    chooseLanguage(lang);
    backend([savedLabAlert(LOW_NEUTROPHILS, NEUTROPHILS_LAB, { seenByTeamAt: "2026-12-06T15:00:00Z" })]);
    document.body.append(historyScreen(recordingNav().nav));
    await settle();
    const row = document.querySelector<HTMLButtonElement>("#history-alerts .lab-alert")!;
    const words = CATALOGUES[lang];
    const source = row.querySelector(".lab-source")?.textContent ?? "";
    const [before] = words["history.labAlert"].split("{lab}");
    assert.ok(source.startsWith(before), `${lang}: ${source}`);
    assert.ok(source.includes(`${words["lab.test.neutrophils"]}: ${value} ×10⁹/L`), `${lang}: ${source}`);
    assert.ok((row.textContent ?? "").includes(words["level.name.amber"]), lang);
    const [seen] = words["seen.byTeam"].split("{time}");
    assert.ok((row.querySelector(".seen")?.textContent ?? "").startsWith(seen), lang);
    mock.restoreAll();
    clearPage();
  }
});

test("the entry's detail: the numbers to call, the alert, home and back to the history", () => {
  const { nav, went } = recordingNav();
  document.body.append(resultScreen(RED, false, nav));
  assert.equal(document.querySelector("#phone-line_24h")?.textContent, "0300 999 000");
  assert.equal(document.querySelector("#phone-emergency")?.textContent, "103");
  assert.equal(document.querySelectorAll('#alert-list [data-rule="R-FEVER"]').length, 1);
  assert.ok(document.querySelector(".answers"), "the answers");
  document.querySelector<HTMLButtonElement>("#go-home")!.click();
  document.querySelector<HTMLButtonElement>("button.secondary")!.click();
  assert.deepEqual(went, [
    ["home", []],
    ["history", []],
  ]);
});

test("an empty history says so, and a failing call shows an error box in its place", async () => {
  mock.method(api, "recentReports", async () => []);
  mock.method(api, "recentCheckins", async () => []);
  mock.method(api, "alertHistory", async () => {
    throw { code: "storage", message: "the diary cannot be read" } satisfies IpcError;
  });
  document.body.append(historyScreen(recordingNav().nav));
  await settle();
  assert.equal(document.querySelector("#history-reports")?.textContent, t("history.empty"));
  const error = document.querySelector("#history-alerts .error");
  assert.ok(error, "an error box");
  assert.equal(error.getAttribute("role"), "alert");
  assert.equal(document.querySelector("#history-alerts .report-row"), null);
});

test("a report that is gone opens nothing", async () => {
  backend([savedAlert(FEVER, { reportId: 99 })]);
  const { nav, went } = recordingNav();
  document.body.append(historyScreen(nav));
  await settle();
  document.querySelector<HTMLButtonElement>("#history-alerts .report-row")!.click();
  await settle();
  assert.deepEqual(went, []);
});
