// About your treatments: a card per listed class saying what to watch for and why, and the
// two questions the home screen asks about the list (every 28 days, and once which CDK4/6
// tablet). The words come from the core (therapy cards) and the locale files (questions).
import { h } from "../dom";
import { t, tk } from "../i18n";
import { api, type IpcError, type Status } from "../ipc";
import { errorBox, heading, homeButton, type Nav } from "./common";

/** The home screen's questions about the treatments, when the core says they are due. */
export function treatmentQuestions(status: Status, nav: Nav, onStatus: (status: Status) => void): HTMLElement | null {
  const tr = status.treatments;
  const errorSlot = h("div", { "aria-live": "polite" });
  const answer = async (call: () => Promise<Status>) => {
    errorSlot.replaceChildren();
    try {
      onStatus(await call());
    } catch (error) {
      errorSlot.replaceChildren(errorBox(error as IpcError));
    }
  };
  if (tr.asksWhichCdk46) {
    return h(
      "section",
      { class: "notice question", id: "cdk46-question", "aria-labelledby": "cdk46-title" },
      h("h2", { id: "cdk46-title" }, t("treatments.cdk46Title")),
      h("p", {}, t("treatments.cdk46Hint")),
      h(
        "div",
        { class: "actions" },
        tr.cdk46Drugs.map((drug) =>
          h(
            "button",
            { type: "button", class: "secondary big", "data-drug": drug, onclick: () => answer(() => api.answerCdk46(drug)) },
            tk("drug.", drug),
          ),
        ),
        h(
          "button",
          { type: "button", class: "secondary big", id: "cdk46-unknown", onclick: () => answer(() => api.answerCdk46(null)) },
          t("treatments.cdk46Unknown"),
        ),
      ),
      errorSlot,
    );
  }
  if (tr.reviewDue) {
    return h(
      "section",
      { class: "notice question", id: "treatments-review", "aria-labelledby": "review-title" },
      h("h2", { id: "review-title" }, t("treatments.reviewTitle")),
      h("ul", { class: "plain" }, tr.drugNames.length ? tr.drugNames.map((name) => h("li", {}, name)) : tr.cards.map((c) => h("li", {}, c.title))),
      h("p", { class: "small" }, t("treatments.reviewHint")),
      h(
        "div",
        { class: "actions" },
        h("button", { type: "button", class: "primary big", id: "treatments-same", onclick: () => answer(() => api.confirmTreatments()) }, t("treatments.same")),
        h("button", { type: "button", class: "secondary big", id: "treatments-change", onclick: () => nav.settings() }, t("treatments.change")),
      ),
      errorSlot,
    );
  }
  return null;
}

export function treatmentsScreen(status: Status, nav: Nav): HTMLElement {
  const cards = status.treatments.cards;
  return h(
    "div",
    { class: "screen treatments" },
    heading(t("treatments.cards")),
    h("p", { class: "lead" }, cards.length ? t("treatments.cardsIntro") : t("treatments.none")),
    h(
      "div",
      { class: "cards", id: "therapy-cards" },
      cards.map((card) =>
        h(
          "section",
          { class: "therapy-card", "data-therapy": card.therapy, "aria-label": card.title },
          h("h2", {}, card.title),
          h("p", {}, card.watch),
          card.infection ? h("p", { class: "infection" }, card.infection) : null,
        ),
      ),
    ),
    h("div", { class: "actions" }, homeButton(nav)),
  );
}
