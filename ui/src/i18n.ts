// The app's words in the user's language, from assets/locales/ui/*.json (the same files
// the Rust shell embeds for notifications). Dates and numbers go through Intl.
import en from "../../assets/locales/ui/en.json";
import ru from "../../assets/locales/ui/ru.json";
import uz from "../../assets/locales/ui/uz.json";

type Catalogue = Record<string, string>;
const CATALOGUES: Record<string, Catalogue> = { en, ru, uz };
const INTL_LOCALES: Record<string, string> = { en: "en-GB", ru: "ru-RU", uz: "uz-Latn-UZ" };

export const LANGUAGES = ["en", "ru", "uz"] as const;

let current = "en";

export function setLanguage(lang: string): void {
  current = CATALOGUES[lang] ? lang : "en";
  document.documentElement.lang = current;
}

export function language(): string {
  return current;
}

/** The text of `key`, with `{name}` placeholders filled in. */
export function t(key: string, vars: Record<string, string | number> = {}): string {
  let text = CATALOGUES[current][key] ?? CATALOGUES.en[key] ?? key;
  for (const [name, value] of Object.entries(vars)) {
    text = text.split(`{${name}}`).join(String(value));
  }
  return text;
}

/** `t` for a key built at runtime from a prefix and a vocabulary word. */
export function tk(prefix: string, word: string): string {
  return t(prefix + word);
}

function intlLocale(): string {
  return INTL_LOCALES[current] ?? "en-GB";
}

export function formatDateTime(iso: string): string {
  return new Intl.DateTimeFormat(intlLocale(), { dateStyle: "full", timeStyle: "short" }).format(new Date(iso));
}

/** A time of day, with the day too when it is not today: "14:05" or "20 Nov, 14:05". */
export function formatWhen(iso: string): string {
  const at = new Date(iso);
  const time = new Intl.DateTimeFormat(intlLocale(), { hour: "2-digit", minute: "2-digit" }).format(at);
  if (at.toDateString() === new Date().toDateString()) return time;
  return `${formatDate(at)}, ${time}`;
}

export function formatDate(iso: string | Date): string {
  return new Intl.DateTimeFormat(intlLocale(), { day: "numeric", month: "short" }).format(
    typeof iso === "string" ? new Date(iso) : iso,
  );
}

export function formatNumber(value: number, digits = 1): string {
  return new Intl.NumberFormat(intlLocale(), { maximumFractionDigits: digits }).format(value);
}

/** Reads a number typed with either a dot or a comma; `undefined` when empty, NaN when wrong. */
export function parseNumber(text: string): number | undefined {
  const clean = text.trim().replace(",", ".");
  if (clean === "") return undefined;
  return /^\d+(\.\d+)?$/.test(clean) ? Number(clean) : NaN;
}
