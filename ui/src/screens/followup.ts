// "Did you reach your care team?": asked on the home screen an hour after a red report and
// the next morning after an amber one (the core decides when). "Not yet" after a red opens
// the red screen with the numbers again (and the shell notifies again); "they said…" keeps
// the team's words. The answers show in the history.
import { h } from "../dom";
import { formatDateTime, formatWhen } from "../format";
import { t, tk } from "../i18n";
import { api, type FollowUpDto, type IpcError, type Report, type Status } from "../ipc";
import { enterMovesOn, errorBox, type Nav } from "./common";

export function followUpCard(report: Report, nav: Nav, onStatus: (status: Status) => void): HTMLElement {
  const errorSlot = h("div", { "aria-live": "polite" });
  const send = async (answer: "reached" | "not_yet" | "they_said", note: string | null = null) => {
    errorSlot.replaceChildren();
    try {
      const next = await api.answerFollowUp(report.id, answer, note);
      if (answer === "not_yet") nav.result(report, true);
      else onStatus(next);
    } catch (error) {
      errorSlot.replaceChildren(errorBox(error as IpcError));
    }
  };
  const noteId = `followup-note-${report.id}`;
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
    { class: `notice question followup level-border-${report.level}`, "data-report-id": report.id, "aria-labelledby": `followup-title-${report.id} followup-about-${report.id}` },
    h("h2", { id: `followup-title-${report.id}` }, t("followup.title")),
    h("p", { id: `followup-about-${report.id}` }, t("followup.about", { time: formatDateTime(report.recordedAt), level: tk("level.name.", report.level) })),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "button", class: "primary big followup-reached", onclick: () => send("reached") }, t("followup.reached")),
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
