// First run and Settings: language, who reports, treatments by drug name, phone numbers,
// reminder (the daily time and the weekly check-in's day), and what the care team sets
// (the fever threshold, its office hours).
import { h, newId } from "../dom";
import { parseNumber } from "../format";
import { t, tk } from "../i18n";
import { api, DRUG_CLASS, DRUGS, LANGUAGES, OFFICE_DAYS, REPORTERS, THERAPIES, WEEKDAYS, type Drug, type IpcError, type OfficeDay, type OfficeHoursDto, type Settings, type Status, type Therapy, type Weekday } from "../ipc";
import { enterMovesOn, errorBox, heading, homeButton, type Nav } from "./common";

function radioGroup(name: string, legend: string, options: [string, string, string?][], selected: string): HTMLElement {
  return h(
    "fieldset",
    { class: "group" },
    h("legend", {}, legend),
    h(
      "div",
      { class: "choices" },
      options.map(([value, label, lang]) =>
        h(
          "label",
          { class: "choice wide", lang },
          h("input", { type: "radio", name, value, checked: value === selected }),
          h("span", {}, label),
        ),
      ),
    ),
  );
}

/** The treatments by drug name, grouped by class (the classes in the reference's order),
 * and the classes saved without a drug name, ticked until named or unticked. */
function drugChoices(s: Settings): HTMLElement {
  const byClass = (therapy: Therapy): Drug[] => DRUGS.filter((drug) => DRUG_CLASS[drug] === therapy);
  return h(
    "fieldset",
    { class: "group", id: "drugs" },
    h("legend", {}, t("settings.drugs")),
    h("p", { class: "small" }, t("settings.drugsHint")),
    s.therapies.length
      ? h(
          "div",
          { class: "notice unnamed" },
          h("p", { class: "small" }, t("settings.unnamed")),
          h(
            "div",
            { class: "choices" },
            s.therapies.map((therapy) =>
              h(
                "label",
                { class: "choice wide" },
                h("input", { type: "checkbox", name: "therapy", value: therapy, checked: true }),
                h("span", {}, tk("therapy.", therapy)),
              ),
            ),
          ),
        )
      : null,
    h(
      "div",
      { class: "choices drugs" },
      THERAPIES.flatMap((therapy) =>
        byClass(therapy).map((drug) =>
          h(
            "label",
            { class: "choice wide", "data-class": therapy },
            h("input", { type: "checkbox", name: "drug", value: drug, checked: s.drugs.includes(drug) }),
            h("span", {}, tk("drug.", drug)),
          ),
        ),
      ),
    ),
  );
}

/** The care team's office hours: a big tick box per day and the opening and closing
 * times as typed (the core checks them; 24:00 is a closing time, which a time picker
 * cannot give). No day ticked and no time: none set. */
function officeHoursGroup(hours: OfficeHoursDto | null): HTMLElement {
  return h(
    "fieldset",
    { class: "group office-hours", id: "office-hours" },
    h("legend", {}, t("settings.officeHours")),
    h("p", { class: "small" }, t("settings.officeHoursHint")),
    h(
      "fieldset",
      { class: "group" },
      h("legend", {}, t("settings.officeDays")),
      h(
        "div",
        { class: "choices" },
        OFFICE_DAYS.map((day) =>
          h(
            "label",
            { class: "choice wide" },
            h("input", { type: "checkbox", name: "office-day", value: day, checked: hours?.days.includes(day) ?? false }),
            h("span", {}, tk("officeDay.", day)),
          ),
        ),
      ),
    ),
    textField("office-open", t("settings.officeOpen"), hours?.open ?? null, { inputmode: "numeric", autocomplete: "off", placeholder: "08:30", maxlength: 5 }),
    textField("office-close", t("settings.officeClose"), hours?.close ?? null, { inputmode: "numeric", autocomplete: "off", placeholder: "17:00", maxlength: 5 }),
  );
}

/** The office hours the form gives: null when no day is ticked and no time typed (none
 * set); otherwise what was given, for the core to check (a missing part is its error). */
export function officeHoursOf(form: HTMLElement): OfficeHoursDto | null {
  const days = [...form.querySelectorAll<HTMLInputElement>('input[name="office-day"]:checked')].map((i) => i.value as OfficeDay);
  const time = (id: string) => (form.querySelector<HTMLInputElement>(`#${id}`)?.value ?? "").trim();
  const open = time("office-open");
  const close = time("office-close");
  if (!days.length && !open && !close) return null;
  return { days, open, close };
}

function textField(id: string, label: string, value: string | null, attrs: Record<string, unknown> = {}, hint?: string): HTMLElement {
  const hintId = hint ? newId("hint") : undefined;
  return h(
    "div",
    { class: "field" },
    h("label", { for: id }, label),
    hint ? h("p", { class: "small", id: hintId }, hint) : null,
    h("input", { id, name: id, value: value ?? "", "aria-describedby": hintId, ...attrs }),
  );
}

export function settingsScreen(
  status: Status,
  nav: Nav,
  onSaved: (status: Status) => void,
  onLanguage: (draft: Settings) => void,
): HTMLElement {
  const s = status.settings;
  const firstRun = !s.onboarded;
  const errorSlot = h("div", { "aria-live": "polite" });

  const form = h(
    "form",
    { class: "form", id: "settings-form", novalidate: true },
    radioGroup(
      "language",
      t("settings.language"),
      LANGUAGES.map((code): [string, string, string] => [code, tk("language.", code), code === "uz" ? "uz-Latn" : code]),
      s.language,
    ),
    radioGroup(
      "role",
      t("settings.role"),
      REPORTERS.map((role): [string, string] => [role, tk("role.", role)]),
      s.userRole,
    ),
    drugChoices(s),
    h(
      "fieldset",
      { class: "group" },
      h("legend", {}, t("settings.phones")),
      h("p", { class: "small" }, t("settings.phoneHint")),
      textField("team-phone", t("settings.teamPhone"), s.teamPhone, { type: "tel", autocomplete: "off" }),
      textField("line-24h-phone", t("settings.line24h"), s.line24hPhone, { type: "tel", autocomplete: "off" }),
      textField("emergency-phone", t("settings.emergency"), s.emergencyPhone, { type: "tel", autocomplete: "off" }),
    ),
    h(
      "fieldset",
      { class: "group" },
      h("legend", {}, t("settings.reminder")),
      h(
        "label",
        { class: "choice wide" },
        h("input", { type: "checkbox", id: "reminders-on", checked: s.remindersOn }),
        h("span", {}, t("settings.remindersOn")),
      ),
      textField("reminder-time", t("settings.reminderTime"), s.reminderTime, { type: "time" }),
      h(
        "div",
        { class: "field short" },
        h("label", { for: "checkin-day" }, t("settings.checkinDay")),
        h(
          "select",
          { id: "checkin-day", name: "checkin-day" },
          WEEKDAYS.map((day) => h("option", { value: day, selected: day === s.checkinDay }, tk("weekday.", day))),
        ),
      ),
    ),
    h(
      "details",
      { class: "group" },
      h("summary", {}, t("settings.more")),
      textField(
        "usual-stools",
        t("settings.usualStools"),
        s.usualStoolsPerDay === null ? "" : String(s.usualStoolsPerDay),
        { inputmode: "numeric" },
      ),
      textField(
        "baseline-weight",
        t("settings.baselineWeight"),
        s.baselineWeightKg === null ? "" : String(s.baselineWeightKg),
        { inputmode: "decimal" },
      ),
      h(
        "label",
        { class: "choice wide" },
        h("input", { type: "checkbox", id: "biliary-stent", checked: s.biliaryStent === true }),
        h("span", {}, t("settings.stent")),
      ),
    ),
    h(
      "fieldset",
      { class: "group care-team-setting" },
      h("legend", {}, t("settings.careTeam")),
      h("p", { class: "small" }, t("settings.careTeamHint")),
      textField(
        "fever-threshold",
        t("settings.feverThreshold"),
        s.feverThresholdC === null ? "" : String(s.feverThresholdC),
        { inputmode: "decimal", autocomplete: "off" },
        t("settings.feverThresholdHint"),
      ),
      officeHoursGroup(s.officeHours),
    ),
    errorSlot,
    h(
      "div",
      { class: "actions" },
      h("button", { type: "submit", class: "primary big", id: "save-settings" }, firstRun ? t("setup.save") : t("settings.save")),
      firstRun ? null : homeButton(nav),
    ),
  );

  const value = (id: string) => (form.querySelector<HTMLInputElement>(`#${id}`)?.value ?? "").trim() || null;
  /** The form's answers; numbers that do not read as numbers are NaN. */
  const collect = (): Settings => ({
    language: (form.querySelector<HTMLInputElement>('input[name="language"]:checked')?.value ?? s.language) as Settings["language"],
    userRole: (form.querySelector<HTMLInputElement>('input[name="role"]:checked')?.value ?? s.userRole) as Settings["userRole"],
    teamPhone: value("team-phone"),
    line24hPhone: value("line-24h-phone"),
    emergencyPhone: value("emergency-phone"),
    reminderTime: value("reminder-time"),
    remindersOn: form.querySelector<HTMLInputElement>("#reminders-on")?.checked ?? true,
    onboarded: s.onboarded,
    drugs: [...form.querySelectorAll<HTMLInputElement>('input[name="drug"]:checked')].map((i) => i.value as Drug),
    therapies: [...form.querySelectorAll<HTMLInputElement>('input[name="therapy"]:checked')].map((i) => i.value as Therapy),
    usualStoolsPerDay: parseNumber(value("usual-stools") ?? "") ?? null,
    baselineWeightKg: parseNumber(value("baseline-weight") ?? "") ?? null,
    biliaryStent: form.querySelector<HTMLInputElement>("#biliary-stent")?.checked ?? false,
    feverThresholdC: parseNumber(value("fever-threshold") ?? "") ?? null,
    checkinDay: (form.querySelector<HTMLSelectElement>("#checkin-day")?.value ?? s.checkinDay) as Weekday,
    officeHours: officeHoursOf(form),
  });

  // Choosing a language shows the screen in it at once, keeping what was typed.
  form.querySelectorAll<HTMLInputElement>('input[name="language"]').forEach((input) =>
    input.addEventListener("change", () => onLanguage(collect())),
  );

  enterMovesOn(form);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    errorSlot.replaceChildren();
    const next = collect();
    if (Number.isNaN(next.feverThresholdC)) {
      errorSlot.replaceChildren(
        h("div", { class: "error", role: "alert" }, h("p", {}, t("error.number", { example: "38.0" }))),
      );
      return;
    }
    if (Number.isNaN(next.usualStoolsPerDay) || Number.isNaN(next.baselineWeightKg)) {
      errorSlot.replaceChildren(
        h("div", { class: "error", role: "alert" }, h("p", {}, t("error.number", { example: "64.5" }))),
      );
      return;
    }
    try {
      onSaved(await api.saveSettings({ ...next, onboarded: true }));
    } catch (error) {
      errorSlot.replaceChildren(errorBox(error as IpcError));
    }
  });

  return h(
    "div",
    { class: "screen settings" },
    heading(firstRun ? t("setup.welcome") : t("settings.title")),
    firstRun ? h("p", { class: "lead" }, t("setup.intro")) : null,
    form,
    firstRun
      ? null
      : h(
          "nav",
          { class: "menu", "aria-label": t("settings.elsewhere") },
          h("button", { type: "button", class: "secondary", id: "go-connection", onclick: () => nav.connection() }, t("nav.connection")),
          h("button", { type: "button", class: "secondary", id: "go-inbox", onclick: () => nav.inbox() }, t("nav.inbox")),
        ),
  );
}
