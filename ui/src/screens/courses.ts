// Treatment courses: each course's drugs, first day and cycle length (or "every day"),
// and a way to say it stopped. The charts then mark where each cycle starts and can show
// one cycle against the one before (trends.ts); the history says "cycle 2, day 5".
import { h, newId } from "../dom";
import { formatDate } from "../format";
import { t, tk } from "../i18n";
import { api, DRUGS, type CourseDto, type CycleDto, type Drug, type IpcError, type Status } from "../ipc";
import { enterMovesOn, errorBox, heading, homeButton, type Nav } from "./common";

/** "cycle 2, day 5", or "day 40 of treatment" for a continuous course. */
export function cycleLabel(cycle: CycleDto | null): string | null {
  if (!cycle) return null;
  return cycle.cycle === null ? t("cycle.continuous", { day: cycle.day }) : t("cycle.label", { cycle: cycle.cycle, day: cycle.day });
}

function localToday(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function courseRow(course: CourseDto, onList: (list: CourseDto[]) => void, errorSlot: HTMLElement): HTMLElement {
  const day = (d: string) => formatDate(`${d}T12:00:00`);
  const when = course.endedOn
    ? t("courses.ran", { start: day(course.startedOn), end: day(course.endedOn) })
    : t("courses.since", { start: day(course.startedOn) });
  const rhythm = course.cycleDays === null ? t("courses.continuous") : t("courses.every", { days: course.cycleDays });
  const last = course.cycleStarts[course.cycleStarts.length - 1];
  return h(
    "li",
    { class: "course-row", "data-course-id": course.id },
    h("p", { class: "course-drugs" }, course.drugNames.join(", ")),
    h("p", {}, `${when}; ${rhythm}.`),
    last && last.cycle !== null && !course.endedOn ? h("p", { class: "small" }, t("courses.current", { cycle: last.cycle, start: day(last.on) })) : null,
    course.endedOn
      ? null
      : h(
          "button",
          {
            type: "button",
            class: "secondary course-stop",
            onclick: async () => {
              errorSlot.replaceChildren();
              try {
                onList(await api.endCourse(course.id));
              } catch (error) {
                errorSlot.replaceChildren(errorBox(error as IpcError));
              }
            },
          },
          t("courses.stop"),
        ),
  );
}

export function coursesScreen(status: Status, nav: Nav): HTMLElement {
  const listSlot = h("div", { id: "course-list", "aria-live": "polite" }, h("p", {}, t("common.loading")));
  const errorSlot = h("div", { "aria-live": "polite" });
  const show = (list: CourseDto[]) =>
    listSlot.replaceChildren(
      list.length === 0
        ? h("p", {}, t("courses.none"))
        : h("ul", { class: "rows courses" }, [...list].reverse().map((c) => courseRow(c, show, errorSlot))),
    );
  api.courses().then(show, (error: IpcError) => listSlot.replaceChildren(errorBox(error)));

  // The patient's own drugs first; every drug is there for a course that is not in the list.
  const mine = status.settings.drugs;
  const offered: Drug[] = [...mine, ...DRUGS.filter((d) => !mine.includes(d))];
  const hintId = newId("hint");
  const form = h(
    "form",
    { class: "form", id: "course-form", novalidate: true },
    h("h2", {}, t("courses.add")),
    h(
      "fieldset",
      { class: "group" },
      h("legend", {}, t("courses.drugs")),
      h(
        "div",
        { class: "choices drugs" },
        offered.map((drug, i) =>
          h(
            "label",
            { class: `choice wide${i === mine.length && mine.length ? " other-drugs" : ""}` },
            h("input", { type: "checkbox", name: "course-drug", value: drug }),
            h("span", {}, tk("drug.", drug)),
          ),
        ),
      ),
    ),
    h(
      "div",
      { class: "field short" },
      h("label", { for: "course-start" }, t("courses.startedOn")),
      h("input", { id: "course-start", type: "date", value: localToday() }),
    ),
    h(
      "div",
      { class: "field short" },
      h("label", { for: "course-cycle" }, t("courses.cycleDays")),
      h("p", { class: "small", id: hintId }, t("courses.cycleHint")),
      h("input", { id: "course-cycle", type: "text", inputmode: "numeric", autocomplete: "off", "aria-describedby": hintId }),
    ),
    errorSlot,
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary big", id: "save-course" }, t("courses.save"))),
  );
  enterMovesOn(form);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    errorSlot.replaceChildren();
    const cycleText = (form.querySelector("#course-cycle") as HTMLInputElement).value.trim();
    const cycleDays = cycleText === "" ? null : Number(cycleText);
    if (cycleDays !== null && !Number.isInteger(cycleDays)) {
      errorSlot.replaceChildren(h("div", { class: "error", role: "alert" }, h("p", {}, t("error.number", { example: "21" }))));
      return;
    }
    try {
      show(
        await api.addCourse({
          drugs: [...form.querySelectorAll<HTMLInputElement>('input[name="course-drug"]:checked')].map((i) => i.value as Drug),
          startedOn: (form.querySelector("#course-start") as HTMLInputElement).value,
          cycleDays,
        }),
      );
      form.reset();
      (form.querySelector("#course-start") as HTMLInputElement).value = localToday();
    } catch (error) {
      errorSlot.replaceChildren(errorBox(error as IpcError));
    }
  });

  return h(
    "div",
    { class: "screen courses" },
    heading(t("courses.title")),
    h("p", { class: "lead" }, t("courses.intro")),
    homeButton(nav),
    listSlot,
    form,
  );
}
