import assert from "node:assert/strict";
import { test } from "node:test";
import { formatDate, formatDateTime, formatNumber, formatWhen, localDay, parseNumber } from "../src/format";
import { chooseLanguage } from "../src/i18n";

// Fixed instants and explicit time zones, so the answers do not depend on the clock or on
// the computer's zone. (Intl's wording comes from the CLDR data node ships; the long
// date-time is checked by its parts, the short forms exactly.)
const AT = "2026-11-20T14:05:00Z"; // a Friday
const UTC = { timeZone: "UTC" };
const NBSP = "\u00a0";

test("parseNumber reads a dot or a comma as the decimal mark", () => {
  assert.equal(parseNumber("36.6"), 36.6);
  assert.equal(parseNumber("36,6"), 36.6);
  assert.equal(parseNumber(" 38,25 "), 38.25);
  assert.equal(parseNumber("37"), 37);
  assert.equal(parseNumber("0"), 0);
  assert.equal(parseNumber("007"), 7);
});

test("parseNumber: empty is undefined", () => {
  assert.equal(parseNumber(""), undefined);
  assert.equal(parseNumber("   "), undefined);
  assert.equal(parseNumber("\t\n"), undefined);
});

test("parseNumber: anything else is NaN", () => {
  for (const junk of ["abc", "36,6,1", "1.2.3", "36,6.1", "-1", "+1", "1e3", "36.", ".5", ",5", "3 6", "37°", "0x10", "١٢", "Infinity"]) {
    assert.equal(parseNumber(junk), NaN, JSON.stringify(junk));
  }
});

test("formatNumber writes the language's decimal mark and groups", () => {
  assert.equal(formatNumber(36.6, 1, { lang: "en" }), "36.6");
  assert.equal(formatNumber(36.6, 1, { lang: "ru" }), "36,6");
  assert.equal(formatNumber(36.6, 1, { lang: "uz" }), "36,6");
  assert.equal(formatNumber(1234.56, 1, { lang: "en" }), "1,234.6");
  assert.equal(formatNumber(1234.56, 1, { lang: "ru" }), `1${NBSP}234,6`);
  assert.equal(formatNumber(1234.56, 1, { lang: "uz" }), `1${NBSP}234,6`);
});

test("formatNumber keeps at most `digits` decimals, and 1 by default", () => {
  assert.equal(formatNumber(37, 1, { lang: "en" }), "37");
  assert.equal(formatNumber(37.25, undefined, { lang: "en" }), "37.3");
  assert.equal(formatNumber(0.125, 2, { lang: "ru" }), "0,13");
  assert.equal(formatNumber(2.6, 0, { lang: "en" }), "3");
});

test("the formatters use the current language when none is given", () => {
  chooseLanguage("ru");
  assert.equal(formatNumber(36.6), "36,6");
  assert.equal(formatDate(AT, UTC), "20 нояб.");
  chooseLanguage("uz");
  assert.equal(formatNumber(36.6), "36,6");
  chooseLanguage("en");
  assert.equal(formatNumber(36.6), "36.6");
  assert.equal(formatDate(AT, UTC), "20 Nov");
});

test("formatDate: day and short month", () => {
  assert.equal(formatDate(AT, { lang: "en", ...UTC }), "20 Nov");
  assert.equal(formatDate(AT, { lang: "ru", ...UTC }), "20 нояб.");
  assert.equal(formatDate(AT, { lang: "uz", ...UTC }), "20-noy");
  assert.equal(formatDate(new Date(AT), { lang: "en", ...UTC }), "20 Nov");
  // Late on the 20th in UTC is already the 21st in Tashkent.
  assert.equal(formatDate("2026-11-20T22:00:00Z", { lang: "en", timeZone: "Asia/Tashkent" }), "21 Nov");
});

test("formatDateTime: weekday, date and time in each language", () => {
  const parts: Record<string, string[]> = {
    en: ["Friday", "20 November 2026", "14:05"],
    ru: ["пятница", "20 ноября 2026", "14:05"],
    uz: ["juma", "20-noyabr", "2026", "14:05"],
  };
  for (const [lang, expected] of Object.entries(parts)) {
    const text = formatDateTime(AT, { lang, ...UTC });
    for (const part of expected) assert.ok(text.includes(part), `${lang}: ${JSON.stringify(text)} has ${part}`);
  }
  assert.ok(formatDateTime(AT, { lang: "en", timeZone: "Asia/Tashkent" }).includes("19:05"));
});

test("formatWhen: only the time today, the day and time on another day", () => {
  const sameDay = { ...UTC, now: new Date("2026-11-20T23:59:00Z") };
  const nextDay = { ...UTC, now: new Date("2026-11-21T00:00:00Z") };
  assert.equal(formatWhen(AT, { lang: "en", ...sameDay }), "14:05");
  assert.equal(formatWhen(AT, { lang: "ru", ...sameDay }), "14:05");
  assert.equal(formatWhen(AT, { lang: "uz", ...sameDay }), "14:05");
  assert.equal(formatWhen(AT, { lang: "en", ...nextDay }), "20 Nov, 14:05");
  assert.equal(formatWhen(AT, { lang: "ru", ...nextDay }), "20 нояб., 14:05");
  assert.equal(formatWhen(AT, { lang: "uz", ...nextDay }), "20-noy, 14:05");
});

test("formatWhen: which day is today depends on the time zone", () => {
  const at = "2026-11-20T21:00:00Z"; // 02:00 on the 21st in Tashkent
  const now = new Date("2026-11-21T03:00:00Z"); // 08:00 on the 21st in Tashkent
  assert.equal(formatWhen(at, { lang: "en", timeZone: "Asia/Tashkent", now }), "02:00");
  assert.equal(formatWhen(at, { lang: "en", timeZone: "UTC", now }), "20 Nov, 21:00");
});

test("localDay gives the user's day, and days before it, across a month's end", () => {
  const now = new Date(2026, 10, 1, 0, 30); // 1 November, 00:30 local
  assert.equal(localDay(0, now), "2026-11-01");
  assert.equal(localDay(1, now), "2026-10-31");
  assert.equal(localDay(30, now), "2026-10-02");
});
