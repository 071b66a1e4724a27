// The plain name of a field the core named in an `invalid_field` error (`temperature_c`,
// `ratings.pain`, `sync.server_url`, …). No DOM: the words come from the `t` it is given.
import { isKey, type Key } from "./i18n";

/** The last part of a core field path → the locale key of that field's label. */
const FIELD_KEYS: Record<string, Key> = {
  temperature_c: "report.temperature",
  weight_kg: "report.weight",
  stools_above_usual: "report.stools",
  vomiting_episodes: "report.vomiting",
  note: "report.note",
  team_phone: "settings.teamPhone",
  line_24h_phone: "settings.line24h",
  emergency_phone: "settings.emergency",
  reminder_time: "settings.reminderTime",
  usual_stools_per_day: "settings.usualStools",
  baseline_weight_kg: "settings.baselineWeight",
  language: "settings.language",
  user_role: "settings.role",
  therapies: "settings.therapies",
  signs: "report.signs",
  fever_threshold_c: "settings.feverThreshold",
  // profile.office_hours.days[i], .open, .close
  days: "settings.officeDays",
  open: "settings.officeOpen",
  close: "settings.officeClose",
  test: "lab.test",
  value: "lab.value",
  unit: "lab.unit",
  taken_on: "lab.takenOn",
  ref_low: "lab.refLow",
  ref_high: "lab.refHigh",
  baseline: "lab.baseline",
  server_url: "sync.serverUrl",
  patient: "sync.patient",
  token: "sync.token",
};

/** Whole paths whose last part alone would be ambiguous (`text`, `photo`). */
const PATH_KEYS: Record<string, Key> = {
  "message.text": "messages.text",
  "message.photo": "messages.photo",
  "question.text": "visit.new",
  reply: "teamMessages.reply",
  "reply.text": "messages.text",
};

/** The last part of a path, without a list index: `profile.therapies[1]` → `therapies`. */
function lastPart(path: string): string {
  return (path.split(".").pop() ?? path).replace(/\[\d+\]$/, "");
}

/** The locale key of the label of the field at `path` (`ratings.pain` → `rating.pain`),
 * or null when the field is not one the app names. */
export function fieldKey(path: string): Key | null {
  if (Object.hasOwn(PATH_KEYS, path)) return PATH_KEYS[path];
  const last = lastPart(path);
  if (Object.hasOwn(FIELD_KEYS, last)) return FIELD_KEYS[last];
  const rating = `rating.${last}`;
  if (path.includes("ratings") && isKey(rating)) return rating;
  return null;
}

/** The core's own words of an error without the field path that starts them
 * (`sync.server_url: "x" must use https` → `"x" must use https`): what the "details" of an
 * error box show, so that no screen shows a field path. */
export function withoutPath(message: string, path: string | undefined | null): string {
  return path && message.startsWith(`${path}: `) ? message.slice(path.length + 2) : message;
}

/** The plain name of the field at `path` in the words of `t`; an unknown field keeps the
 * last part of its path. */
export function fieldName(path: string, t: (key: Key) => string): string {
  const key = fieldKey(path);
  return key === null ? lastPart(path) : t(key);
}
