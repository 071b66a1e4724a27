//! Translation keys are typed: `t` takes only a key of the English catalogue and `tk` only
//! a vocabulary word that has words, so a wrong key is a `tsc` error, not a raw key on a
//! patient's screen. `npm test` type-checks this file first (`tsc -p test`): each
//! `@ts-expect-error` below fails that check the day its line compiles.
import assert from "node:assert/strict";
import { test } from "node:test";
import { CATALOGUES, chooseLanguage, isKey, t, tk, tOr, type Key, type Prefix, type WordOf } from "../src/i18n";
import {
  CHECKIN_ITEMS,
  DRUGS,
  LAB_TESTS,
  LANGUAGES,
  LEVELS,
  OFFICE_DAYS,
  RATINGS,
  REPORTERS,
  SCALE,
  SIGNS,
  THERAPIES,
  WEEKDAYS,
} from "../src/ipc/bindings";

test("a key that is not in the English catalogue does not compile", () => {
  chooseLanguage("en");
  // @ts-expect-error: no such key
  assert.equal(t("no.such.key"), "no.such.key");
  // @ts-expect-error: a typo of "nav.back"
  assert.equal(t("nav.bak"), "nav.bak");
  // @ts-expect-error: a prefix is not a key
  t("rating.");
  // @ts-expect-error: no rating "toothache"
  tk("rating.", "toothache");
  // @ts-expect-error: no level "purple"
  tk("level.name.", "purple");
  // @ts-expect-error: a key built from any string is not checked, so it is refused
  t(`level.${String(Date.now())}.title`);
  const level: (typeof LEVELS)[number] = "red";
  // A key built from a vocabulary type is checked for every word of the type.
  assert.equal(t(`level.${level}.title`), CATALOGUES.en["level.red.title"]);
  assert.equal(t("nav.back"), CATALOGUES.en["nav.back"]);
});

// Each line compiles only while every word of the core's vocabulary has a key: a word the
// core adds without words breaks `tsc`, not a screen.
const VOCABULARIES: [Prefix, readonly string[]][] = [
  ["rating.", RATINGS satisfies readonly WordOf<"rating.">[]],
  ["sign.", SIGNS satisfies readonly WordOf<"sign.">[]],
  ["drug.", DRUGS satisfies readonly WordOf<"drug.">[]],
  ["therapy.", THERAPIES satisfies readonly WordOf<"therapy.">[]],
  ["level.name.", LEVELS satisfies readonly WordOf<"level.name.">[]],
  ["reporter.", REPORTERS satisfies readonly WordOf<"reporter.">[]],
  ["weekday.", WEEKDAYS satisfies readonly WordOf<"weekday.">[]],
  ["officeDay.", OFFICE_DAYS satisfies readonly WordOf<"officeDay.">[]],
  ["lab.test.", LAB_TESTS satisfies readonly WordOf<"lab.test.">[]],
  ["language.", LANGUAGES satisfies readonly WordOf<"language.">[]],
  ["checkin.q.", CHECKIN_ITEMS satisfies readonly WordOf<"checkin.q.">[]],
  ["scale.", SCALE.map((n) => `${n}` as const) satisfies readonly WordOf<"scale.">[]],
];
// @ts-expect-error: "purple" is not a level with words
const UNCOVERED = (["red", "purple"] as const) satisfies readonly WordOf<"level.name.">[];

test("every vocabulary word the core sends has its words", () => {
  assert.equal(UNCOVERED.length, 2);
  chooseLanguage("en");
  for (const [prefix, vocabulary] of VOCABULARIES) {
    assert.ok(vocabulary.length > 1, prefix);
    for (const word of vocabulary) {
      assert.ok(isKey(prefix + word), `${prefix}${word} has no words`);
      assert.notEqual(CATALOGUES.en[prefix + word].trim(), "", `${prefix}${word}`);
    }
  }
  assert.equal(tk("rating.", RATINGS[0]), CATALOGUES.en[`rating.${RATINGS[0]}`]);
});

test("keys made from data are checked when they run", () => {
  chooseLanguage("ru");
  assert.ok(isKey("error.code.io"));
  assert.ok(!isKey("error.code.from_a_newer_core"));
  assert.ok(!isKey("constructor"), "an Object property is not a key");
  assert.equal(tOr("error.code.io", "error.generic"), CATALOGUES.ru["error.code.io"]);
  assert.equal(tOr("error.code.from_a_newer_core", "error.generic"), CATALOGUES.ru["error.generic"]);
  const fallback: Key = "sync.error.other";
  assert.equal(tOr("sync.error.", fallback), CATALOGUES.ru[fallback]);
  chooseLanguage("en");
});
