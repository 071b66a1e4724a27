//! The settings screen's care-team office hours rendered in a DOM (happy-dom) with
//! ui/src/ipc's `api` mocked: a big tick box per day and the two times, shown as saved;
//! what the form sends (none set when nothing is ticked or typed); and the core's error
//! about a part of them named in the patient's words, in every language.
import "./dom-env";
import assert from "node:assert/strict";
import { afterEach, mock, test } from "node:test";
import { CATALOGUES, chooseLanguage, t, tk } from "../../src/i18n";
import { api, LANGUAGES, OFFICE_DAYS, type IpcError, type Settings, type Status } from "../../src/ipc";
import { settingsScreen } from "../../src/screens/settings";
import { clearPage, settle } from "./dom-env";
import { recordingNav } from "./fakes";

afterEach(() => {
  clearPage();
  mock.restoreAll();
  chooseLanguage("en");
});

const SETTINGS: Settings = {
  language: "en",
  userRole: "patient",
  teamPhone: "0300 111 222",
  line24hPhone: "0300 999 000",
  emergencyPhone: "103",
  reminderTime: "19:00",
  remindersOn: true,
  onboarded: true,
  drugs: [],
  therapies: [],
  usualStoolsPerDay: null,
  baselineWeightKg: null,
  biliaryStent: null,
  feverThresholdC: null,
  checkinDay: "monday",
  officeHours: { days: ["mon", "fri"], open: "08:30", close: "17:00" },
};

/** The screen for `settings`, with saving recorded (and answered by `answer`). */
function show(settings: Settings, answer?: (s: Settings) => Promise<Status>) {
  const saved: Settings[] = [];
  const status = { settings } as Status;
  mock.method(api, "saveSettings", async (s: Settings) => {
    saved.push(s);
    return answer ? answer(s) : status;
  });
  const { nav } = recordingNav();
  document.body.append(settingsScreen(status, nav, () => {}, () => {}));
  return saved;
}

const input = (css: string) => document.querySelector<HTMLInputElement>(css)!;
const ticked = () =>
  [...document.querySelectorAll<HTMLInputElement>('input[name="office-day"]')].filter((i) => i.checked).map((i) => i.value);

async function save(): Promise<void> {
  document.querySelector("form")!.dispatchEvent(new Event("submit", { cancelable: true }));
  await settle();
}

test("the office hours show as saved: a tick box per day and the two times", () => {
  show(SETTINGS);
  const boxes = [...document.querySelectorAll<HTMLInputElement>('#office-hours input[name="office-day"]')];
  assert.deepEqual(boxes.map((b) => b.value), [...OFFICE_DAYS]);
  // Each day is a whole big label, in words.
  for (const box of boxes) {
    const label = box.closest("label")!;
    assert.ok(label.classList.contains("choice") && label.classList.contains("wide"));
    assert.equal(label.textContent, tk("officeDay.", box.value as (typeof OFFICE_DAYS)[number]));
  }
  assert.deepEqual(ticked(), ["mon", "fri"]);
  assert.equal(input("#office-open").value, "08:30");
  assert.equal(input("#office-close").value, "17:00");
  assert.equal(document.querySelector('label[for="office-open"]')?.textContent, t("settings.officeOpen"));
  assert.equal(document.querySelector('label[for="office-close"]')?.textContent, t("settings.officeClose"));
});

test("saving sends the office hours as given, and none when nothing is ticked or typed", async () => {
  const saved = show({ ...SETTINGS, officeHours: null });
  assert.deepEqual(ticked(), []);
  assert.equal(input("#office-open").value, "");
  await save();
  assert.equal(saved.at(-1)?.officeHours, null);
  // Tuesday to Saturday, until midnight.
  for (const day of ["tue", "wed", "thu", "fri", "sat"]) input(`input[name="office-day"][value="${day}"]`).checked = true;
  input("#office-open").value = " 09:00 ";
  input("#office-close").value = "24:00";
  await save();
  assert.deepEqual(saved.at(-1)?.officeHours, { days: ["tue", "wed", "thu", "fri", "sat"], open: "09:00", close: "24:00" });
  // A time alone is sent for the core to refuse (no day named), never dropped.
  for (const day of ["tue", "wed", "thu", "fri", "sat"]) input(`input[name="office-day"][value="${day}"]`).checked = false;
  input("#office-close").value = "";
  await save();
  assert.deepEqual(saved.at(-1)?.officeHours, { days: [], open: "09:00", close: "" });
});

test("the core's error about the office hours names the part in the patient's words", async () => {
  for (const lang of LANGUAGES) {
    chooseLanguage(lang);
    for (const [field, key] of [
      ["profile.office_hours.days", "settings.officeDays"],
      ["profile.office_hours.open", "settings.officeOpen"],
      ["profile.office_hours.close", "settings.officeClose"],
    ] as const) {
      const error: IpcError = { code: "invalid_field", message: `${field}: wrong`, field };
      show({ ...SETTINGS, language: lang }, async () => {
        throw error;
      });
      await save();
      const alert = document.querySelector('[role="alert"] p')?.textContent ?? "";
      assert.equal(alert, t("error.invalid", { field: CATALOGUES[lang][key] }), `${lang} ${field}`);
      if (lang !== "en") assert.notEqual(CATALOGUES[lang][key], CATALOGUES.en[key], `${lang} ${key}`);
      clearPage();
      mock.restoreAll();
    }
  }
});
