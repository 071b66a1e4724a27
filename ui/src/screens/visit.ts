// For the clinic visit: the questions the patient or caregiver wants to ask, kept in the
// diary and crossed off when asked (they are printed on the visit report too).
import { h } from "../dom";
import { t } from "../i18n";
import { api, type IpcError, type QuestionDto } from "../ipc";
import { enterMovesOn, errorBox, heading, homeButton, type Nav } from "./common";

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
    h("section", { "aria-labelledby": "questions-title" }, h("h2", { id: "questions-title" }, t("visit.questions")), listSlot, form),
  );
}
