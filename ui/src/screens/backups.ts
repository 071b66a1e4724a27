// Backups: the diary's encrypted snapshots, newest first, and one way back: restore the
// newest backup that opens with the diary's key and passes the checks. The diary as it is
// now is backed up first, so a restore can be undone.
import { h } from "../dom";
import { formatDateTime } from "../format";
import { t } from "../i18n";
import { api, type Backup, type IpcError } from "../ipc";
import { errorBox, heading, homeButton, type Nav } from "./common";

function backupList(backups: Backup[]): HTMLElement {
  return backups.length === 0
    ? h("p", { id: "no-backups" }, t("backups.empty"))
    : h(
        "ul",
        { class: "rows", id: "backup-list" },
        backups.map((b) => h("li", {}, h("span", { class: "row-date" }, formatDateTime(b.takenAt)))),
      );
}

export function backupsScreen(nav: Nav): HTMLElement {
  const list = h("div", { id: "backups" }, h("p", {}, t("common.loading")));
  const outcome = h("div", { id: "restore-outcome", role: "status" });
  const restore = h(
    "button",
    {
      type: "button",
      class: "primary",
      id: "restore-newest",
      onclick: async () => {
        restore.disabled = true;
        outcome.replaceChildren(h("p", {}, t("common.loading")));
        try {
          const done = await api.restoreNewestBackup();
          list.replaceChildren(backupList(done.backups));
          const said = [h("p", { class: "notice" }, t("backups.restored", { time: formatDateTime(done.takenAt) }))];
          if (done.restartNeeded) said.push(h("p", { class: "notice" }, t("backups.restartNeeded")));
          outcome.replaceChildren(...said);
        } catch (error) {
          outcome.replaceChildren(errorBox(error as IpcError));
        } finally {
          restore.disabled = false;
        }
      },
    },
    t("backups.restoreNewest"),
  );

  api
    .backups()
    .then((backups: Backup[]) => list.replaceChildren(backupList(backups)))
    .catch((error: IpcError) => list.replaceChildren(errorBox(error)));

  return h(
    "div",
    { class: "screen backups" },
    heading(t("backups.title")),
    homeButton(nav),
    h("p", {}, t("backups.intro")),
    h("section", { "aria-labelledby": "h-backup-list" }, h("h2", { id: "h-backup-list" }, t("backups.list")), list),
    h(
      "section",
      { "aria-labelledby": "h-restore" },
      h("h2", { id: "h-restore" }, t("backups.restoreTitle")),
      h("p", {}, t("backups.restoreIntro")),
      restore,
      outcome,
    ),
  );
}
