// For the clinic visit: the report to print or hand over (a PDF of a chosen period, made
// by the core and saved where the user chooses in the system's dialog), the spreadsheets,
// and the questions the patient or caregiver wants to ask, kept in the diary and crossed
// off when asked (they are printed on the visit report too).
import { h } from "../dom";
import { t } from "../i18n";
import { api, type IpcError, type QuestionDto } from "../ipc";
import { enterMovesOn, errorBox, heading, homeButton, type Nav } from "./common";

/** A date `days` before today on the user's clock, as YYYY-MM-DD. */
function daysAgo(days: number): string {
  const d = new Date(Date.now() - days * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function reportSection(): HTMLElement {
  const status = h("div", { "aria-live": "polite", id: "save-status" });
  const saved = (name: string | null) =>
    status.replaceChildren(name === null ? h("p", {}, t("visit.cancelled")) : h("p", { class: "notice saved", id: "saved-file" }, t("visit.saved", { name })));
  const failed = (error: unknown) => status.replaceChildren(errorBox(error as IpcError));
  const form = h(
    "form",
    { class: "form", id: "visit-report-form", novalidate: true },
    h(
      "div",
      { class: "field short" },
      h("label", { for: "report-from" }, t("visit.from")),
      h("input", { id: "report-from", type: "date", value: daysAgo(30) }),
    ),
    h(
      "div",
      { class: "field short" },
      h("label", { for: "report-to" }, t("visit.to")),
      h("input", { id: "report-to", type: "date", value: daysAgo(0) }),
    ),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary big", id: "save-visit-report" }, t("visit.saveReport"))),
  );
  enterMovesOn(form);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    status.replaceChildren(h("p", {}, t("visit.making")));
    const value = (id: string) => (form.querySelector(`#${id}`) as HTMLInputElement).value;
    try {
      saved(await api.saveVisitReport(value("report-from"), value("report-to")));
    } catch (error) {
      failed(error);
    }
  });
  return h(
    "section",
    { "aria-labelledby": "report-title" },
    h("h2", { id: "report-title" }, t("visit.report")),
    h("p", { class: "small" }, t("visit.reportHint")),
    form,
    h(
      "button",
      {
        type: "button",
        class: "secondary",
        id: "save-csv",
        onclick: async () => {
          try {
            saved(await api.saveSpreadsheets());
          } catch (error) {
            failed(error);
          }
        },
      },
      t("visit.saveCsv"),
    ),
    status,
  );
}

export function visitScreen(nav: Nav): HTMLElement {
  const listSlot = h("div", { id: "question-list", "aria-live": "polite" }, h("p", {}, t("common.loading")));
  const errorSlot = h("div", { "aria-live": "polite" });
  const show = (list: QuestionDto[]) =>
    listSlot.replaceChildren(
      list.length === 0
        ? h("p", {}, t("visit.none"))
        : h(
            "ul",
            { class: "rows questions" },
            list.map((q) =>
              h(
                "li",
                { class: "question-row", "data-question-id": q.id },
                h("span", { class: "question-text" }, q.text),
                h(
                  "button",
                  {
                    type: "button",
                    class: "secondary question-asked",
                    "aria-label": t("visit.askedLabel", { question: q.text }),
                    onclick: async () => {
                      errorSlot.replaceChildren();
                      try {
                        show(await api.questionAsked(q.id));
                      } catch (error) {
                        errorSlot.replaceChildren(errorBox(error as IpcError));
                      }
                    },
                  },
                  t("visit.asked"),
                ),
              ),
            ),
          ),
    );
  api.questions().then(show, (error: IpcError) => listSlot.replaceChildren(errorBox(error)));

  const form = h(
    "form",
    { class: "form", id: "question-form", novalidate: true },
    h(
      "div",
      { class: "field" },
      h("label", { for: "question-text" }, t("visit.new")),
      h("textarea", { id: "question-text", rows: 2, maxlength: 300 }),
    ),
    errorSlot,
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary big", id: "add-question" }, t("visit.add"))),
  );
  enterMovesOn(form);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    errorSlot.replaceChildren();
    const text = form.querySelector("textarea") as HTMLTextAreaElement;
    try {
      show(await api.addQuestion(text.value));
      text.value = "";
    } catch (error) {
      errorSlot.replaceChildren(errorBox(error as IpcError));
    }
  });

  return h(
    "div",
    { class: "screen visit" },
    heading(t("visit.title")),
    h("p", { class: "lead" }, t("visit.intro")),
    homeButton(nav),
    reportSection(),
    h("section", { "aria-labelledby": "questions-title" }, h("h2", { id: "questions-title" }, t("visit.questions")), listSlot, form),
  );
}
