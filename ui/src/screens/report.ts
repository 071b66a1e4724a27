// The daily report: five core questions as large 0–4 choices, "Something else?" for the
// rest. Native radio groups and checkboxes, so the keyboard alone works.
import { h, newId } from "../dom";
import { parseNumber } from "../format";
import { t, tk } from "../i18n";
import { api, CORE_RATINGS, RATINGS, SCALE, SIGNS, type IpcError, type Rating, type Report, type Sign, type ReportInput } from "../ipc";
import { enterMovesOn, errorBox, heading, homeButton, type Nav } from "./common";

/** The ratings asked only when needed: every rating that is not a core one. */
const OTHER_RATINGS: readonly Rating[] = RATINGS.filter((item) => !CORE_RATINGS.includes(item));

function scaleGroup(item: Rating, optional: boolean): HTMLElement {
  const name = `rating-${item}`;
  return h(
    "fieldset",
    { class: "group rating", "data-item": item },
    h("legend", {}, tk("rating.", item)),
    h(
      "div",
      { class: "choices scale" },
      optional
        ? h(
            "label",
            { class: "choice skip" },
            h("input", { type: "radio", name, value: "", checked: true }),
            h("span", { class: "word" }, t("report.skip")),
          )
        : null,
      SCALE.map((n) =>
        h(
          "label",
          { class: `choice score-${n}` },
          h("input", { type: "radio", name, value: String(n) }),
          h("span", { class: "num", "aria-hidden": "true" }, String(n)),
          h("span", { class: "word" }, tk("scale.", `${n}`)),
        ),
      ),
    ),
  );
}

function numberField(id: string, label: string, mode: "numeric" | "decimal", hint: string): HTMLElement {
  const hintId = newId("hint");
  return h(
    "div",
    { class: "field short" },
    h("label", { for: id }, label),
    h("p", { class: "small", id: hintId }, hint),
    h("input", { id, name: id, type: "text", inputmode: mode, autocomplete: "off", "aria-describedby": hintId }),
  );
}

/** The warning-sign checklist, asked in every report (warning-signs-v2.md, *The screen*):
 * "None of these" first, so one tick answers it; ticking it puts the signs aside, ticking a
 * sign clears it. */
function checklist(): HTMLElement {
  const none = h("input", { type: "checkbox", name: "sign-none", id: "sign-none" }) as HTMLInputElement;
  const signs = SIGNS.map(
    (sign) => h("input", { type: "checkbox", name: "sign", value: sign }) as HTMLInputElement,
  );
  none.addEventListener("change", () => {
    for (const box of signs) {
      if (none.checked) box.checked = false;
      box.disabled = none.checked;
    }
  });
  for (const box of signs) box.addEventListener("change", () => box.checked && (none.checked = false));
  return h(
    "fieldset",
    { class: "group checklist", id: "checklist" },
    h("legend", {}, t("report.signs")),
    h(
      "div",
      { class: "choices" },
      h("label", { class: "choice wide none-of-these" }, none, h("span", {}, t("report.noneOfThese"))),
      SIGNS.map((sign, i) => h("label", { class: "choice wide" }, signs[i], h("span", {}, tk("sign.", sign)))),
    ),
  );
}

export function reportScreen(nav: Nav): HTMLElement {
  const errorSlot = h("div", { "aria-live": "polite" });
  const moreId = "more-questions";
  const more = h(
    "div",
    { id: moreId, class: "more", hidden: true },
    h("h2", {}, t("report.otherRatings")),
    OTHER_RATINGS.map((item) => scaleGroup(item, true)),
    h(
      "fieldset",
      { class: "group" },
      h("legend", {}, t("report.counts")),
      numberField("stools", t("report.stools"), "numeric", t("report.countHint")),
      numberField("vomiting", t("report.vomiting"), "numeric", t("report.countHint")),
    ),
    h(
      "fieldset",
      { class: "group" },
      h("legend", {}, t("report.measurements")),
      numberField("temperature", t("report.temperature"), "decimal", t("report.measureHint", { example: "36.8" })),
      numberField("weight", t("report.weight"), "decimal", t("report.measureHint", { example: "64.5" })),
    ),
    h(
      "div",
      { class: "field" },
      h("label", { for: "note" }, t("report.note")),
      h("textarea", { id: "note", name: "note", rows: 4, maxlength: 2000 }),
    ),
  );
  const toggle = h(
    "button",
    {
      type: "button",
      class: "secondary big",
      id: "more-toggle",
      "aria-expanded": "false",
      "aria-controls": moreId,
    },
    t("report.more"),
  );
  toggle.addEventListener("click", () => {
    const open = more.hidden;
    more.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    if (open) more.querySelector<HTMLElement>("h2")?.scrollIntoView({ block: "start" });
  });

  const form = h(
    "form",
    { class: "form", id: "report-form", novalidate: true },
    CORE_RATINGS.map((item) => scaleGroup(item, false)),
    checklist(),
    toggle,
    more,
    errorSlot,
    h(
      "div",
      { class: "actions" },
      h("button", { type: "submit", class: "primary big", id: "save-report" }, t("report.save")),
      homeButton(nav),
    ),
  );

  let saving = false;
  enterMovesOn(form);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (saving) return;
    errorSlot.replaceChildren();
    const input = collect(form);
    if (typeof input === "string") {
      errorSlot.replaceChildren(h("div", { class: "error", role: "alert" }, h("p", {}, input)));
      return;
    }
    saving = true;
    // Another program may be writing to the diary: the save waits up to 30 s, and says so
    // after a second. On an error (diary_busy, disk_full) the form stays filled in.
    const busy = window.setTimeout(() => {
      errorSlot.replaceChildren(h("p", { class: "notice", role: "status", id: "saving-busy" }, t("report.saving_busy")));
    }, 1000);
    try {
      const saved: Report = await api.addReport(input);
      nav.result(saved, true);
    } catch (error) {
      errorSlot.replaceChildren(errorBox(error as IpcError));
    } finally {
      window.clearTimeout(busy);
      saving = false;
    }
  });

  return h(
    "div",
    { class: "screen report" },
    heading(t("report.title")),
    h("p", { class: "lead" }, t("report.intro")),
    form,
  );
}

/** The form's answers, or the words of the first problem. */
function collect(form: HTMLFormElement): ReportInput | string {
  const ratings: Partial<Record<Rating, number>> = {};
  for (const input of form.querySelectorAll<HTMLInputElement>('input[type="radio"]:checked')) {
    if (input.value !== "") ratings[input.name.replace(/^rating-/, "") as Rating] = Number(input.value);
  }
  const report: ReportInput = {
    ratings,
    signs: [...form.querySelectorAll<HTMLInputElement>('input[name="sign"]:checked')].map((i) => i.value as Sign),
    noneOfTheSigns: form.querySelector<HTMLInputElement>("#sign-none")?.checked ?? false,
  };
  const numbers: [string, keyof ReportInput, boolean, string][] = [
    ["stools", "stoolsAboveUsual", true, "2"],
    ["vomiting", "vomitingEpisodes", true, "1"],
    ["temperature", "temperatureC", false, "36.8"],
    ["weight", "weightKg", false, "64.5"],
  ];
  for (const [id, key, whole, example] of numbers) {
    const text = form.querySelector<HTMLInputElement>(`#${id}`)?.value ?? "";
    const value = parseNumber(text);
    if (value === undefined) continue;
    if (Number.isNaN(value) || (whole && !Number.isInteger(value))) {
      form.querySelector<HTMLInputElement>(`#${id}`)?.focus();
      return t("error.number", { example });
    }
    (report as unknown as Record<string, number>)[key] = value;
  }
  const note = form.querySelector<HTMLTextAreaElement>("#note")?.value.trim() ?? "";
  if (note !== "") report.note = note;
  return report;
}
