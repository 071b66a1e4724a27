// After a red or amber: the escalation ladder's card on the home screen. The core decides
// what it asks and shows and when (diary_core::ladder: 15 minutes after a red, emergency
// services first at 30 minutes or after a second "not yet", the afternoon after an amber,
// the upgrade after a day); this draws its words and numbers and sends the answer. "Not
// yet" opens the alert screen again in the form the ladder says (and the shell notifies
// again); "they said…" keeps the team's words. The answers show in the history.
import { h } from "../dom";
import { formatDateTime, formatWhen } from "../format";
import { t, tk } from "../i18n";
import { api, type FollowUpDto, type IpcError, type LadderDto, type Status } from "../ipc";
import { enterMovesOn, errorBox, type Nav } from "./common";
import { callPanel } from "./result";

/** "About your report of 14:05: Red." — which record the card is about. */
function aboutText(ladder: LadderDto): string {
  const time = formatDateTime(ladder.recordedAt);
  const level = tk("level.name.", ladder.level);
  if (ladder.kind === "checkin") return t("followup.aboutCheckin", { time, level });
  if (ladder.kind === "lab") return t("followup.aboutLab", { time, level });
  return t("followup.about", { time, level });
}

export function followUpCard(ladder: LadderDto, nav: Nav, onStatus: (status: Status) => void): HTMLElement {
  const key = `${ladder.kind}-${ladder.id}-${ladder.questionKind}`;
  const errorSlot = h("div", { "aria-live": "polite" });
  const send = async (answer: "reached" | "not_yet" | "they_said", note: string | null = null) => {
    errorSlot.replaceChildren();
    try {
      const next = await api.answerFollowUp(ladder.kind, ladder.id, ladder.questionKind, answer, note);
      const report = ladder.report;
      if (answer === "not_yet" && report) {
        const now = next.ladders.find((l) => l.kind === "report" && l.id === report.id);
        nav.resultWith(next, report, now ?? null);
      } else onStatus(next);
    } catch (error) {
      errorSlot.replaceChildren(errorBox(error as IpcError));
    }
  };
  const noteId = `followup-note-${key}`;
  const said = h(
    "form",
    { class: "form followup-said", hidden: true, novalidate: true },
    h("label", { for: noteId }, t("followup.note")),
    h("textarea", { id: noteId, class: "followup-note", rows: 3, maxlength: 500 }),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary big followup-save" }, t("followup.save"))),
  );
  enterMovesOn(said);
  said.addEventListener("submit", (event) => {
    event.preventDefault();
    void send("they_said", (said.querySelector("textarea") as HTMLTextAreaElement).value);
  });
  return h(
    "section",
    {
      class: `notice question followup level-border-${ladder.level}`,
      "data-record": `${ladder.kind}-${ladder.id}`,
      "data-report-id": ladder.kind === "report" ? ladder.id : null,
      "data-question": ladder.questionKind,
      "data-emergency-first": String(ladder.emergencyFirst),
      "aria-labelledby": `followup-title-${key} followup-about-${key}`,
    },
    h("h2", { id: `followup-title-${key}`, class: "followup-question" }, ladder.question ?? ladder.lines[0] ?? t("followup.title")),
    h("p", { id: `followup-about-${key}` }, aboutText(ladder)),
    (ladder.question === null ? ladder.lines.slice(1) : ladder.lines).map((line) => h("p", { class: "followup-line" }, line)),
    callPanel(ladder.calls),
    h(
      "div",
      { class: "actions" },
      h(
        "button",
        { type: "button", class: "primary big followup-reached", onclick: () => send("reached") },
        ladder.questionKind === "talk" ? t("followup.talked") : t("followup.reached"),
      ),
      h("button", { type: "button", class: "secondary big followup-not-yet", onclick: () => send("not_yet") }, t("followup.notYet")),
      h(
        "button",
        {
          type: "button",
          class: "secondary big followup-they-said",
          onclick: () => {
            said.hidden = false;
            (said.querySelector("textarea") as HTMLTextAreaElement).focus();
          },
        },
        t("followup.theySaid"),
      ),
    ),
    said,
    errorSlot,
  );
}

/** The answers about a report, for the history: "You reached your care team. (14:05)". */
export function followUpLines(answers: FollowUpDto[]): HTMLElement[] {
  return answers.map((a) => h("span", { class: "row-detail followup-answer" }, `${t("followup.history")} ${a.words} (${formatWhen(a.at)})`));
}
