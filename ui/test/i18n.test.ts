import assert from "node:assert/strict";
import { test } from "node:test";
import { CATALOGUES, LANGUAGES, chooseLanguage, intlLocale, language, t, tk, translate } from "../src/i18n";

/** The `{name}` placeholders of a text, sorted. */
function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
}

test("placeholders are filled in, every time they occur", () => {
  chooseLanguage("en");
  assert.equal(t("trends.days", { days: 30 }), "30 days");
  assert.equal(
    t("trends.summary", { count: 3, last: "37.2", low: "36.6", high: "38.1" }),
    "3 reports; latest 37.2; lowest 36.6; highest 38.1.",
  );
  assert.equal(translate({ en: { k: "{a} and {a}, not {b}" } }, "en", "k", { a: 1 }), "1 and 1, not {b}");
  assert.equal(t("app.title", { unused: "x" }), "Symptom Diary");
});

test("the current language is used, and an unknown language means English", () => {
  assert.equal(chooseLanguage("ru"), "ru");
  assert.equal(language(), "ru");
  assert.equal(t("app.title"), CATALOGUES.ru["app.title"]);
  assert.equal(tk("rating.", "pain"), CATALOGUES.ru["rating.pain"]);
  assert.equal(chooseLanguage("uz"), "uz");
  assert.equal(t("app.title"), CATALOGUES.uz["app.title"]);
  for (const junk of ["de", "", "EN", "constructor", "toString"]) {
    assert.equal(chooseLanguage(junk), "en", junk);
    assert.equal(t("app.title"), "Symptom Diary", junk);
  }
});

test("a missing key falls back to English, then to the key itself", () => {
  const catalogues = { en: { both: "EN both", onlyEn: "EN only" }, ru: { both: "RU both" } };
  assert.equal(translate(catalogues, "ru", "both"), "RU both");
  assert.equal(translate(catalogues, "ru", "onlyEn"), "EN only");
  assert.equal(translate(catalogues, "ru", "nowhere"), "nowhere");
  assert.equal(translate(catalogues, "xx", "onlyEn"), "EN only");
  assert.equal(translate({ en: { k: "EN {n}" }, ru: {} }, "ru", "k", { n: 2 }), "EN 2");
  assert.equal(translate(catalogues, "ru", "nowhere.{n}", { n: 5 }), "nowhere.5");
  assert.equal(translate(catalogues, "ru", "constructor"), "constructor");
  chooseLanguage("uz");
  // @ts-expect-error: tsc refuses a key that is not in the catalogue (test/keys.test.ts);
  // one that slips through at run time shows as itself.
  assert.equal(t("no.such.key"), "no.such.key");
  chooseLanguage("en");
});

test("every catalogue has exactly the English keys", () => {
  assert.deepEqual(Object.keys(CATALOGUES).sort(), [...LANGUAGES].sort());
  const english = Object.keys(CATALOGUES.en).sort();
  assert.ok(english.length > 100, "the English catalogue is loaded");
  for (const lang of LANGUAGES) {
    const keys = Object.keys(CATALOGUES[lang]).sort();
    assert.deepEqual(
      english.filter((key) => !keys.includes(key)),
      [],
      `keys missing from ${lang}`,
    );
    assert.deepEqual(
      keys.filter((key) => !english.includes(key)),
      [],
      `keys in ${lang} that English does not have`,
    );
  }
});

test("every text has the placeholders of its English text, and is not empty", () => {
  for (const lang of LANGUAGES) {
    for (const [key, english] of Object.entries(CATALOGUES.en)) {
      const text = CATALOGUES[lang][key] ?? "";
      assert.notEqual(text.trim(), "", `${lang} ${key} is empty`);
      assert.deepEqual(placeholders(text), placeholders(english), `${lang} ${key}`);
    }
  }
});

test("each language has its Intl locale", () => {
  assert.equal(intlLocale("en"), "en-GB");
  assert.equal(intlLocale("ru"), "ru-RU");
  assert.equal(intlLocale("uz"), "uz-Latn-UZ");
  assert.equal(intlLocale("de"), "en-GB");
  chooseLanguage("ru");
  assert.equal(intlLocale(), "ru-RU");
  chooseLanguage("en");
});
