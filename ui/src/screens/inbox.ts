// Care team mode: the open alerts across patients on the care team's server, most urgent
// first, each with the report behind it in words and the patient's answers to "Did you
// reach your care team?", and "Acknowledge" per alert. It uses
// the server address and token of the care team connection.
import { h } from "../dom";
import { formatDateTime } from "../format";
import { t, tk } from "../i18n";
import { api, type InboxItem, type IpcError } from "../ipc";
import { errorBox, heading, homeButton, type Nav } from "./common";

function card(item: InboxItem, acknowledge: (item: InboxItem, button: HTMLButtonElement) => void): HTMLElement {
  const button = h("button", { type: "button", class: "primary ack", "data-ack": item.id }, t("inbox.ack"));
  button.addEventListener("click", () => acknowledge(item, button));
  return h(
    "li",
    { class: `alert-card level-${item.level}`, "data-rule": item.rule, "data-id": item.id },
    h("p", { class: "alert-level" }, `${tk("level.name.", item.level)} — ${item.subjectName}`),
    item.patient ? h("p", {}, h("span", { class: "label" }, t("inbox.patient") + ": "), item.patient) : null,
    item.recordedAt ? h("p", { class: "small" }, formatDateTime(item.recordedAt)) : null,
    h("p", {}, h("span", { class: "label" }, t("result.why") + ": "), item.detail),
    item.report.length > 0
      ? h("div", {}, h("p", { class: "label" }, t("inbox.report")), h("ul", { class: "inbox-report" }, item.report.map((line) => h("li", {}, line))))
      : null,
    item.note !== null ? h("div", { class: "note" }, h("p", { class: "label" }, t("report.note")), h("p", { class: "inbox-note" }, item.note)) : null,
    item.followups.length > 0
      ? h(
          "div",
          {},
          h("p", { class: "label" }, t("inbox.followups")),
          h(
            "ul",
            { class: "inbox-followups" },
            item.followups.map((f) => h("li", { "data-answer": f.answer }, `${formatDateTime(f.answeredAt)}: ${f.words}`)),
          ),
        )
      : null,
    button,
  );
}

export function inboxScreen(nav: Nav): HTMLElement {
  const list = h("div", { id: "inbox-list", "aria-live": "polite" });
  const message = h("div", { role: "status", id: "inbox-message" });

  const load = async () => {
    list.replaceChildren(h("p", {}, t("inbox.loading")));
    try {
      const items = await api.careTeamInbox();
      list.replaceChildren(
        items.length === 0
          ? h("p", { id: "inbox-empty" }, t("inbox.empty"))
          : h("ul", { class: "alerts inbox" }, items.map((item) => card(item, acknowledge))),
      );
    } catch (error) {
      const failure = error as IpcError;
      // A missing or wrong connection setting is not an answer on this screen: say where
      // to fix it, with the way there.
      list.replaceChildren(
        failure.code === "invalid_field"
          ? h("div", { class: "error", role: "alert" }, h("p", {}, t("inbox.checkConnection")))
          : errorBox(failure),
        h("button", { type: "button", class: "secondary", id: "inbox-to-connection", onclick: () => nav.connection() }, t("nav.connection")),
      );
    }
  };

  const acknowledge = async (item: InboxItem, button: HTMLButtonElement) => {
    button.disabled = true;
    message.replaceChildren();
    try {
      await api.acknowledgeAlert(item.id);
      message.replaceChildren(h("p", { class: "notice saved" }, t("inbox.acknowledged", { what: item.subjectName })));
      await load();
      document.querySelector<HTMLElement>("#inbox-refresh")?.focus();
    } catch (error) {
      button.disabled = false;
      message.replaceChildren(errorBox(error as IpcError));
    }
  };

  void load();
  return h(
    "div",
    { class: "screen inbox-screen" },
    heading(t("inbox.title")),
    h("p", { class: "lead" }, t("inbox.intro")),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "button", class: "secondary big", id: "inbox-refresh", onclick: () => void load() }, t("inbox.refresh")),
      h("button", { type: "button", class: "secondary", id: "back-to-settings", onclick: () => nav.settings() }, t("sync.backToSettings")),
      homeButton(nav),
    ),
    message,
    list,
  );
}
