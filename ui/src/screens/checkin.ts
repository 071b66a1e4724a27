// The weekly check-in: large radio choices, one group per question, answerable entirely
// by keyboard (Tab between questions, the arrow keys within one, Space to choose; Enter
// moves on and never saves: only the Save button does). Which questions are asked, and
// when the self-harm question appears, is checkin.ts's (the core's lists and threshold).
// Its result reuses the report result's pieces: the numbers to call, then the alerts.
import { asksSelfHarm, GAD2, PHQ2, questionsFor, toInput, type Answers } from "../checkin";
import { h } from "../dom";
import { formatDateTime, formatWhen } from "../format";
import { isKey, t, tk, type WordOf } from "../i18n";
import {
  api,
  CHECKIN_QUESTIONS,
  type Checkin,
  type CheckinItem,
  type IpcError,
  type Reporter,
} from "../ipc";
import { alertCard, errorBox, heading, homeButton, reporterText, teamLine, type Nav } from "./common";
import { callPanel } from "./result";

/** The words of answer `n` on a check-in scale (`frequency`, `yes_no`, …). The scales
 * come from the core's table as plain strings, so the key is checked when it runs (and
 * test/checkin.test.ts checks every scale's every answer); without words, the number. */
function answerText(scale: string, n: number): string {
  const key = `checkin.scale.${scale}.${n}`;
  return isKey(key) ? t(key) : String(n);
}

/** One question as a radio group: every answer a large choice with its words. */
function question(item: CheckinItem): HTMLElement {
  const { max, scale } = CHECKIN_QUESTIONS[item];
  const answers = Array.from({ length: max + 1 }, (_, n) => n);
  // Yes/no reads "No" first; a scale reads from its lowest.
  return h(
    "fieldset",
    { class: "group checkin-question", id: `q-${item}`, "data-item": item },
    h("legend", {}, tk("checkin.q.", item)),
    item === "self_harm" ? h("p", { class: "small" }, t("checkin.selfHarmNote")) : null,
    h(
      "div",
      { class: max > 1 ? "choices" : "choices scale" },
      answers.map((n) =>
        h(
          "label",
          { class: scale === "yes_no" ? "choice" : "choice wide" },
          h("input", { type: "radio", name: `checkin-${item}`, value: String(n) }),
          h("span", {}, answerText(scale, n)),
        ),
      ),
    ),
  );
}

/** The answers chosen so far. */
function answersOf(form: HTMLFormElement): Answers {
  const out: Answers = {};
  for (const input of form.querySelectorAll<HTMLInputElement>('input[type="radio"]:checked')) {
    out[input.name.replace(/^checkin-/, "") as CheckinItem] = Number(input.value);
  }
  return out;
}

/** Enter on a choice moves to the next question (to the Save button after the last);
 * it never submits the form. */
function enterOnChoicesMovesOn(form: HTMLFormElement): void {
  form.addEventListener("keydown", (event) => {
    const target = event.target as HTMLElement;
    if (event.key !== "Enter" || !(target instanceof HTMLInputElement) || target.type !== "radio") return;
    event.preventDefault();
    const groups = [...form.querySelectorAll<HTMLElement>("fieldset.checkin-question")].filter((g) => !g.hidden);
    const next = groups[groups.indexOf(target.closest("fieldset") as HTMLElement) + 1];
    const to =
      next?.querySelector<HTMLInputElement>("input:checked") ??
      next?.querySelector<HTMLInputElement>("input") ??
      form.querySelector<HTMLElement>("#save-checkin");
    to?.focus();
  });
}

export function checkinScreen(nav: Nav, reporter: Reporter): HTMLElement {
  const errorSlot = h("div", { "aria-live": "polite" });
  const all = questionsFor(reporter, { phq2_interest: 3, phq2_down: 3 });
  const groups = new Map(all.map((item) => [item, question(item)]));
  const selfHarm = groups.get("self_harm");
  if (selfHarm) selfHarm.hidden = true;
  const mood = [...PHQ2, ...GAD2, "self_harm"].filter((item) => groups.has(item as CheckinItem));
  const rest = all.filter((item) => !mood.includes(item));
  const form = h(
    "form",
    { class: "form", id: "checkin-form", novalidate: true },
    mood.length > 0
      ? h(
          "section",
          { class: "mood", "aria-labelledby": "mood-title" },
          h("h2", { id: "mood-title" }, t("checkin.moodTitle")),
          h("p", { class: "small", id: "translation-note" }, t("checkin.translationNote")),
          mood.map((item) => groups.get(item as CheckinItem)),
        )
      : null,
    rest.map((item) => groups.get(item)),
    errorSlot,
    h(
      "div",
      { class: "actions" },
      h("button", { type: "submit", class: "primary big", id: "save-checkin" }, t("checkin.save")),
      homeButton(nav),
    ),
  );

  // The self-harm question appears once the PHQ-2 total reaches the threshold, and goes
  // (with its answer) when it falls below.
  form.addEventListener("change", () => {
    if (!selfHarm) return;
    const asked = asksSelfHarm(reporter, answersOf(form));
    if (!asked) for (const input of selfHarm.querySelectorAll<HTMLInputElement>("input")) input.checked = false;
    selfHarm.hidden = !asked;
  });
  enterOnChoicesMovesOn(form);

  let saving = false;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (saving) return;
    errorSlot.replaceChildren();
    const input = toInput(reporter, answersOf(form));
    if ("unanswered" in input) {
      errorSlot.replaceChildren(
        h(
          "div",
          { class: "error", role: "alert" },
          h("p", {}, t("checkin.unanswered", { question: tk("checkin.q.", input.unanswered) })),
        ),
      );
      groups.get(input.unanswered)?.querySelector<HTMLInputElement>("input")?.focus();
      return;
    }
    saving = true;
    try {
      nav.checkinResult(await api.addCheckin(input), true);
    } catch (error) {
      errorSlot.replaceChildren(errorBox(error as IpcError));
    } finally {
      saving = false;
    }
  });

  return h(
    "div",
    { class: "screen checkin" },
    heading(t("checkin.title")),
    h("p", { class: "lead" }, reporter === "caregiver" ? t("checkin.introCaregiver") : t("checkin.intro")),
    form,
  );
}

/** "Mood (PHQ-2): 4 of 6 · …": a check-in's scores in words. */
export function checkinScores(c: Checkin): string[] {
  const score = (key: WordOf<"checkin.name.">, value: number | null, max: number) =>
    value === null ? null : t("checkin.score", { name: tk("checkin.name.", key), value, max });
  return [
    score("phq2", c.phq2Total, 6),
    score("gad2", c.gad2Total, 6),
    score("function", c.function, CHECKIN_QUESTIONS.function.max),
    score("social", c.social, CHECKIN_QUESTIONS.social.max),
    score("eating", c.eating, CHECKIN_QUESTIONS.eating.max),
    score("caregiver_strain", c.caregiverStrain, CHECKIN_QUESTIONS.caregiver_strain.max),
  ].filter((s): s is string => s !== null);
}

/** A check-in's result: the headline, the numbers to call in the core's order (with
 * self-harm thoughts, the emergency number first), the alerts with their advice, the scores. */
export function checkinResultScreen(c: Checkin, fresh: boolean, nav: Nav): HTMLElement {
  const title = c.level === "none" ? t("checkin.resultTitle.none") : t(`level.${c.level}.title`);
  return h(
    "div",
    { class: `screen result checkin-result level-${c.level}`, id: "result", "data-level": c.level },
    heading(title),
    h("p", { class: "lead", id: "headline" }, c.headline),
    h("p", { class: "small" }, `${t("checkin.title")} — ${formatDateTime(c.answeredAt)}`),
    teamLine(c.standing, c.seenByTeamAt),
    callPanel(c.calls),
    c.alerts.length > 0
      ? h(
          "section",
          { "aria-labelledby": "alerts-title" },
          h("h2", { id: "alerts-title" }, t("result.alerts")),
          h("ul", { class: "alerts", id: "alert-list" }, c.alerts.map((a) => alertCard(a))),
        )
      : null,
    h(
      "section",
      { class: "answers", "aria-labelledby": "scores-title" },
      h("h2", { id: "scores-title" }, t("detail.answers")),
      h("p", {}, reporterText(c.reporter)),
      h("ul", { id: "checkin-scores" }, checkinScores(c).map((s) => h("li", {}, s))),
    ),
    h("p", { class: "small" }, t("result.ruleset", { version: c.ruleset })),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "button", class: "primary big", id: "go-home", onclick: () => nav.home() }, t("nav.back")),
      fresh ? null : h("button", { type: "button", class: "secondary", onclick: () => nav.history() }, t("nav.history")),
    ),
  );
}

/** One check-in in a list: its date, level and scores; it opens its result. */
export function checkinRow(c: Checkin, nav: Nav): HTMLElement {
  return h(
    "li",
    {},
    h(
      "button",
      {
        type: "button",
        class: `report-row level-${c.level}`,
        "data-checkin-id": c.id,
        onclick: () => nav.checkinResult(c, false),
      },
      h("span", { class: "row-date" }, formatDateTime(c.answeredAt)),
      h("span", { class: "row-level" }, tk("level.name.", c.level)),
      h("span", { class: "row-detail" }, checkinScores(c).join(" · ")),
      c.seenByTeamAt
        ? h("span", { class: "row-detail seen" }, t("seen.byTeam", { time: formatWhen(c.seenByTeamAt) }))
        : null,
    ),
  );
}
