// Numbers and dates as the user's language writes them (Intl), and numbers as people type
// them. No DOM, so node can test it. The language is i18n's current one unless one is
// given; the time zone is the computer's unless one is given.
import { intlLocale } from "./i18n";

export interface FormatOptions {
  /** "en", "ru" or "uz"; the current language when left out. */
  lang?: string;
  /** An IANA time zone such as "UTC"; the computer's own when left out. */
  timeZone?: string;
}

export interface WhenOptions extends FormatOptions {
  /** The moment that counts as now (which day is today); the clock when left out. */
  now?: Date;
}

export function formatDateTime(iso: string, opts: FormatOptions = {}): string {
  return new Intl.DateTimeFormat(intlLocale(opts.lang), {
    dateStyle: "full",
    timeStyle: "short",
    timeZone: opts.timeZone,
  }).format(new Date(iso));
}

/** A time of day, with the day too when it is not today: "14:05" or "20 Nov, 14:05". */
export function formatWhen(iso: string, opts: WhenOptions = {}): string {
  const at = new Date(iso);
  const time = new Intl.DateTimeFormat(intlLocale(opts.lang), {
    hour: "2-digit",
    minute: "2-digit",
    timeZone: opts.timeZone,
  }).format(at);
  if (dayOf(at, opts.timeZone) === dayOf(opts.now ?? new Date(), opts.timeZone)) return time;
  return `${formatDate(at, opts)}, ${time}`;
}

/** The calendar day of `at` in `timeZone`, as YYYY-MM-DD. */
function dayOf(at: Date, timeZone: string | undefined): string {
  return new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", timeZone }).format(at);
}

/** A day on the user's clock as YYYY-MM-DD: today, or `daysAgo` days before. */
export function localDay(daysAgo = 0, now: Date = new Date()): string {
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() - daysAgo);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function formatDate(iso: string | Date, opts: FormatOptions = {}): string {
  return new Intl.DateTimeFormat(intlLocale(opts.lang), {
    day: "numeric",
    month: "short",
    timeZone: opts.timeZone,
  }).format(typeof iso === "string" ? new Date(iso) : iso);
}

export function formatNumber(value: number, digits = 1, opts: Pick<FormatOptions, "lang"> = {}): string {
  return new Intl.NumberFormat(intlLocale(opts.lang), { maximumFractionDigits: digits }).format(value);
}

/** Reads a number typed with either a dot or a comma; `undefined` when empty, NaN when wrong. */
export function parseNumber(text: string): number | undefined {
  const clean = text.trim().replace(",", ".");
  if (clean === "") return undefined;
  return /^\d+(\.\d+)?$/.test(clean) ? Number(clean) : NaN;
}
