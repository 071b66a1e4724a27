// Lab results copied from a lab sheet: which test, the number and its unit (only the
// units the test allows), the day the blood was taken, the lab's normal range (the limit
// the test is judged by is required), and the value before treatment if known. The next
// daily report's check uses them.
import { h, newId } from "../dom";
import { formatDate, formatNumber, localDay, parseNumber } from "../format";
import { t, tk } from "../i18n";
import { api, LAB_UNIT_SYMBOLS, type IpcError, type Lab, type LabTest, type LabTestInfo, type LabUnit, type Labs, type TriageDto } from "../ipc";
import { callPanel } from "./result";
import { alertCard, enterMovesOn, errorBox, heading, homeButton, type Nav } from "./common";

/** The lab-only triage of the result just entered: its headline, the numbers to call for
 * its level, and the alerts with what triggered them. Nothing for a result that needs
 * nothing. */
function entered(triage: TriageDto, kept: string | null | undefined): HTMLElement | null {
  if (triage.level === "none") return null;
  return h(
    "section",
    { class: `notice lab-triage level-${triage.level}`, id: "lab-triage", "data-level": triage.level, "aria-labelledby": "lab-triage-title" },
    h("h2", { id: "lab-triage-title" }, triage.headline),
    callPanel(triage.calls),
    // What became of the alert: kept and sent, or nobody else sees it (issue 21).
    ...(kept ? [h("p", { class: "kept", id: "lab-kept" }, kept)] : []),
    h("ul", { class: "alerts" }, triage.alerts.map((a) => alertCard(a))),
  );
}

function unitText(unit: LabUnit): string {
  return LAB_UNIT_SYMBOLS[unit] ?? unit;
}

/** A lab result in words, "Platelets: 20 ×10⁹/L": the saved list's and the alert history's. */
export function labText(lab: Lab): string {
  return `${tk("lab.test.", lab.test)}: ${formatNumber(lab.value, 2)} ${unitText(lab.unit)}`;
}

function numberField(id: string, label: string, hint: string): HTMLElement {
  const hintId = newId("hint");
  return h(
    "div",
    { class: "field short" },
    h("label", { for: id, id: `${id}-label` }, label),
    h("p", { class: "small", id: hintId }, hint),
    h("input", { id, name: id, type: "text", inputmode: "decimal", autocomplete: "off", "aria-describedby": hintId }),
  );
}

function resultRow(lab: Lab): HTMLElement {
  const range =
    lab.refLow != null && lab.refHigh != null
      ? t("lab.rangeBoth", { low: formatNumber(lab.refLow, 2), high: formatNumber(lab.refHigh, 2) })
      : lab.refHigh != null
        ? t("lab.rangeHigh", { high: formatNumber(lab.refHigh, 2) })
        : lab.refLow != null
          ? t("lab.rangeLow", { low: formatNumber(lab.refLow, 2) })
          : "";
  return h(
    "li",
    { class: "lab-row", "data-test": lab.test },
    h("span", { class: "row-date" }, formatDate(`${lab.takenOn}T12:00:00`)),
    h("span", { class: "row-level" }, labText(lab)),
    range ? h("span", { class: "row-detail" }, range) : null,
    lab.baseline != null
      ? h("span", { class: "row-detail" }, t("lab.baselineWas", { value: formatNumber(lab.baseline, 2) }))
      : null,
  );
}

export function labsScreen(nav: Nav): HTMLElement {
  const errorSlot = h("div", { "aria-live": "polite" });
  const savedSlot = h("div", { role: "status" });
  // What the result just entered means, at once (A-LAB amber, G-LAB green).
  const triageSlot = h("div", { "aria-live": "polite" });
  const list = h("div", { id: "lab-results" }, h("p", {}, t("common.loading")));
  const testGroup = h("div", { class: "choices" });
  const unitGroup = h("div", { class: "choices", id: "lab-units" });
  const form = h(
    "form",
    { class: "form", id: "lab-form", novalidate: true },
    h("fieldset", { class: "group" }, h("legend", {}, t("lab.test")), testGroup),
    numberField("lab-value", t("lab.value"), t("lab.valueHint")),
    h("fieldset", { class: "group" }, h("legend", {}, t("lab.unit")), h("p", { class: "small" }, t("lab.unitHint")), unitGroup),
    h(
      "div",
      { class: "field short" },
      h("label", { for: "lab-date" }, t("lab.takenOn")),
      h("input", { id: "lab-date", name: "lab-date", type: "date", value: localDay(), max: localDay() }),
    ),
    h(
      "fieldset",
      { class: "group" },
      h("legend", {}, t("lab.range")),
      h("p", { class: "small", id: "lab-range-hint" }, t("lab.rangeHint")),
      numberField("lab-ref-low", t("lab.refLow"), ""),
      numberField("lab-ref-high", t("lab.refHigh"), ""),
    ),
    numberField("lab-baseline", t("lab.baseline"), t("lab.baselineHint")),
    errorSlot,
    savedSlot,
    triageSlot,
    h(
      "div",
      { class: "actions" },
      h("button", { type: "submit", class: "primary big", id: "save-lab" }, t("lab.save")),
      homeButton(nav),
    ),
  );

  let tests: LabTestInfo[] = [];
  const chosen = (): LabTestInfo | undefined => {
    const name = form.querySelector<HTMLInputElement>('input[name="lab-test"]:checked')?.value;
    return tests.find((test) => test.test === name);
  };

  /** The units and the "required" words follow the chosen test. */
  const follow = () => {
    const test = chosen();
    if (!test) return;
    unitGroup.replaceChildren(
      ...test.units.map((unit, i) =>
        h(
          "label",
          { class: "choice" },
          h("input", { type: "radio", name: "lab-unit", value: unit, checked: i === 0 }),
          h("span", {}, unitText(unit)),
        ),
      ),
    );
    const mark = (id: string, label: string, required: boolean) => {
      const el = form.querySelector<HTMLElement>(`#${id}-label`);
      if (el) el.textContent = `${label} (${required ? t("lab.required") : t("lab.optional")})`;
      form.querySelector<HTMLInputElement>(`#${id}`)?.setAttribute("aria-required", String(required));
    };
    mark("lab-ref-low", t("lab.refLow"), test.needsRefLow);
    mark("lab-ref-high", t("lab.refHigh"), test.needsRefHigh);
    const hint = form.querySelector<HTMLElement>("#lab-range-hint");
    if (hint) hint.textContent = test.needsRefHigh ? t("lab.rangeHintHigh") : t("lab.rangeHintLow");
  };

  const show = (labs: Labs) => {
    tests = labs.tests;
    list.replaceChildren(
      labs.results.length === 0
        ? h("p", {}, t("lab.none"))
        : h("ul", { class: "rows lab-rows" }, labs.results.map(resultRow)),
    );
  };

  api
    .labs()
    .then((labs) => {
      show(labs);
      testGroup.replaceChildren(
        ...labs.tests.map((test, i) =>
          h(
            "label",
            { class: "choice wide" },
            h("input", { type: "radio", name: "lab-test", value: test.test, checked: i === 0, onchange: follow }),
            h("span", {}, tk("lab.test.", test.test)),
          ),
        ),
      );
      follow();
    })
    .catch((error: IpcError) => list.replaceChildren(errorBox(error)));

  let saving = false;
  enterMovesOn(form);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (saving) return;
    errorSlot.replaceChildren();
    savedSlot.replaceChildren();
    triageSlot.replaceChildren();
    const number = (id: string) => parseNumber(form.querySelector<HTMLInputElement>(`#${id}`)?.value ?? "");
    const value = number("lab-value");
    const refLow = number("lab-ref-low");
    const refHigh = number("lab-ref-high");
    const baseline = number("lab-baseline");
    if ([value, refLow, refHigh, baseline].some((n) => Number.isNaN(n))) {
      errorSlot.replaceChildren(h("div", { class: "error", role: "alert" }, h("p", {}, t("error.number", { example: "17.5" }))));
      return;
    }
    if (value === undefined) {
      errorSlot.replaceChildren(
        h("div", { class: "error", role: "alert" }, h("p", {}, t("error.invalid", { field: t("lab.value") }))),
      );
      form.querySelector<HTMLInputElement>("#lab-value")?.focus();
      return;
    }
    const lab: Lab = {
      test: chosen()?.test ?? ("" as LabTest),
      value,
      unit: (form.querySelector<HTMLInputElement>('input[name="lab-unit"]:checked')?.value ?? "") as LabUnit,
      takenOn: form.querySelector<HTMLInputElement>("#lab-date")?.value ?? "",
      refLow: refLow ?? null,
      refHigh: refHigh ?? null,
      baseline: baseline ?? null,
    };
    saving = true;
    try {
      const labs = await api.addLab(lab);
      show(labs);
      const box = labs.entered ? entered(labs.entered, labs.kept) : null;
      triageSlot.replaceChildren(...(box ? [box] : []));
      for (const id of ["lab-value", "lab-ref-low", "lab-ref-high", "lab-baseline"]) {
        const input = form.querySelector<HTMLInputElement>(`#${id}`);
        if (input) input.value = "";
      }
      savedSlot.replaceChildren(h("p", { class: "notice saved", id: "lab-saved" }, t("lab.saved")));
    } catch (error) {
      errorSlot.replaceChildren(errorBox(error as IpcError));
    } finally {
      saving = false;
    }
  });

  return h(
    "div",
    { class: "screen labs" },
    heading(t("lab.title")),
    h("p", { class: "lead" }, t("lab.intro")),
    form,
    h("section", { "aria-labelledby": "h-lab-results" }, h("h2", { id: "h-lab-results" }, t("lab.list")), list),
  );
}
