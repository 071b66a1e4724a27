// Hospital sign-in (SMART on FHIR): whether this computer is signed in to the care team's
// server and as whom, "Sign in" (the hospital's own page opens in the web browser; its
// address is shown here too, for when no browser opens) and "Sign out". The patient signs
// in on the care-team connection screen, a clinician in the care team console. The app
// never sees a password, and no token is ever shown.
import { h } from "../dom";
import { formatWhen } from "../format";
import { t } from "../i18n";
import { api, type IpcError, type SessionDto } from "../ipc";
import { errorBox } from "./common";

export type SignInRole = "patient" | "clinician";

/** The sign-in part of a screen for `role`; `changed` runs after signing in or out. */
export function signInPanel(role: SignInRole, changed: () => void = () => {}): HTMLElement {
  const state = h("div", { id: "sign-in-state", "aria-live": "polite" });
  const message = h("div", { "aria-live": "polite", id: "sign-in-message" });
  const issuerId = `sign-in-issuer-${role}`;
  const issuer = h("input", { id: issuerId, type: "url", inputmode: "url", autocomplete: "off" });
  let busy = false;

  const show = (session: SessionDto) => {
    state.replaceChildren(
      session.signedIn
        ? h(
            "div",
            {},
            h("p", { id: "sign-in-who" }, t("signin.as", { who: session.who ?? "", since: session.since ? formatWhen(session.since) : "" })),
            session.keptIn === "file" ? h("p", { class: "small" }, t("signin.keptInFile")) : null,
            h("button", { type: "button", class: "secondary", id: "sign-out", onclick: () => void signOut() }, t("signin.out")),
          )
        : h(
            "div",
            {},
            h("p", { id: "sign-in-who" }, t("signin.none")),
            h(
              "details",
              { class: "small" },
              h("summary", {}, t("signin.issuerMore")),
              h("div", { class: "field" }, h("label", { for: issuerId }, t("signin.issuer")), issuer),
            ),
            h(
              "button",
              { type: "button", class: "primary big", id: "sign-in", onclick: () => void signIn() },
              t(role === "patient" ? "signin.start" : "signin.clinicianStart"),
            ),
          ),
    );
  };

  const load = () =>
    api
      .careTeamSession()
      .then(show)
      .catch((error: IpcError) =>
        state.replaceChildren(error.code === "invalid_field" ? h("p", { class: "small" }, t("signin.needSaved")) : errorBox(error)),
      );

  const signIn = async () => {
    if (busy) return;
    busy = true;
    message.replaceChildren();
    try {
      const url = await api.careTeamSignInStart(role, issuer.value.trim() || null);
      state.replaceChildren(
        h(
          "div",
          { class: "notice", id: "sign-in-waiting" },
          h("p", {}, t("signin.waiting")),
          h("p", { class: "sign-in-url", id: "sign-in-url" }, url),
        ),
      );
      const session = await api.careTeamSignInFinish();
      show(session);
      message.replaceChildren(h("p", { class: "notice saved", id: "sign-in-done" }, t("signin.done")));
      changed();
    } catch (error) {
      message.replaceChildren(errorBox(error as IpcError));
      void load();
    } finally {
      busy = false;
    }
  };

  const signOut = async () => {
    message.replaceChildren();
    try {
      const out = await api.careTeamSignOut();
      show(out.session);
      const atServerWords: Record<string, string> = {
        ended: t("signin.endedAtServer"),
        not_offered: t("signin.notOfferedAtServer"),
        failed: t("signin.endFailedAtServer"),
      };
      const atServer = out.atServer ? atServerWords[out.atServer] : undefined;
      message.replaceChildren(
        h("p", { class: "notice saved", id: "signed-out" }, t("signin.signedOut")),
        ...(atServer ? [h("p", { class: "small", id: "signed-out-at-server" }, atServer)] : []),
      );
      changed();
    } catch (error) {
      message.replaceChildren(errorBox(error as IpcError));
    }
  };

  void load();
  return h(
    "fieldset",
    { class: "group sign-in", id: "hospital-sign-in" },
    h("legend", {}, t("signin.legend")),
    h("p", { class: "small" }, t(role === "patient" ? "signin.intro" : "signin.clinicianIntro")),
    state,
    message,
  );
}
