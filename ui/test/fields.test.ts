import assert from "node:assert/strict";
import { test } from "node:test";
import { fieldKey, fieldName, withoutPath } from "../src/fields";
import { CATALOGUES, chooseLanguage, t } from "../src/i18n";

/** Every field path the app names, as the core or the shell spells it, and its label key. */
const KNOWN: [string, string][] = [
  ["temperature_c", "report.temperature"],
  ["weight_kg", "report.weight"],
  ["stools_above_usual", "report.stools"],
  ["vomiting_episodes", "report.vomiting"],
  ["note", "report.note"],
  ["team_phone", "settings.teamPhone"],
  ["line_24h_phone", "settings.line24h"],
  ["emergency_phone", "settings.emergency"],
  ["reminder_time", "settings.reminderTime"],
  ["usual_stools_per_day", "settings.usualStools"],
  ["baseline_weight_kg", "settings.baselineWeight"],
  ["language", "settings.language"],
  ["fever_threshold_c", "settings.feverThreshold"],
  ["lab.test", "lab.test"],
  ["lab.value", "lab.value"],
  ["lab.unit", "lab.unit"],
  ["lab.taken_on", "lab.takenOn"],
  ["lab.ref_low", "lab.refLow"],
  ["lab.ref_high", "lab.refHigh"],
  ["lab.baseline", "lab.baseline"],
  ["server_url", "sync.serverUrl"],
  ["sync.server_url", "sync.serverUrl"],
  ["patient", "sync.patient"],
  ["sync.patient", "sync.patient"],
  ["token", "sync.token"],
  ["profile.team_phone", "settings.teamPhone"],
  ["settings.user_role", "settings.role"],
  ["profile.therapies[1]", "settings.therapies"],
  ["profile.office_hours.days", "settings.officeDays"],
  ["profile.office_hours.days[2]", "settings.officeDays"],
  ["profile.office_hours.open", "settings.officeOpen"],
  ["profile.office_hours.close", "settings.officeClose"],
  ["report.signs[0]", "report.signs"],
  ["message.text", "messages.text"],
  ["message.photo", "messages.photo"],
  ["question.text", "visit.new"],
  ["reply", "teamMessages.reply"],
];

/** A `t` that shows which key it was asked for. */
const keyOf = (key: string) => `<${key}>`;

test("every known field path names its label", () => {
  for (const [path, key] of KNOWN) {
    assert.equal(fieldKey(path), key, path);
    assert.equal(fieldName(path, keyOf), `<${key}>`, path);
  }
});

test("every label key a field path maps to is in every catalogue", () => {
  for (const [path, key] of KNOWN) {
    for (const [lang, catalogue] of Object.entries(CATALOGUES)) {
      assert.ok(Object.hasOwn(catalogue, key), `${lang} has no ${key} (for ${path})`);
    }
  }
});

test("a field path reads as the label in the current language", () => {
  chooseLanguage("en");
  assert.equal(fieldName("temperature_c", t), "Temperature (°C)");
  assert.equal(fieldName("sync.server_url", t), "Care team's server address");
  chooseLanguage("ru");
  assert.equal(fieldName("temperature_c", t), CATALOGUES.ru["report.temperature"]);
  assert.notEqual(fieldName("temperature_c", t), "Temperature (°C)");
  chooseLanguage("en");
});

test("a rating path names the rating", () => {
  assert.equal(fieldKey("ratings.pain"), "rating.pain");
  assert.equal(fieldName("ratings.pain", keyOf), "<rating.pain>");
  assert.equal(fieldName("report.ratings.appetite_loss", keyOf), "<rating.appetite_loss>");
  chooseLanguage("en");
  assert.equal(fieldName("ratings.pain", t), "Pain");
});

test("an unknown path keeps the last part of its path", () => {
  for (const [path, last] of [
    ["mood", "mood"],
    ["profile.favourite_colour", "favourite_colour"],
    ["--server", "--server"],
    ["--patient", "--patient"],
    ["teamPhone", "teamPhone"],
    ["constructor", "constructor"],
    ["", ""],
  ]) {
    assert.equal(fieldKey(path), null, path);
    assert.equal(fieldName(path, keyOf), last, path);
  }
});

test("an error's details lose the field path that starts them, and only that", () => {
  assert.equal(withoutPath('sync.server_url: "x" must use https', "sync.server_url"), '"x" must use https');
  assert.equal(withoutPath("lab.unit: no", "lab.unit"), "no");
  assert.equal(withoutPath("the server is down", undefined), "the server is down");
  assert.equal(withoutPath("lab.unit: no", "lab.test"), "lab.unit: no");
});
