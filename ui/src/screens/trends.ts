// Trends for caregivers: one small chart per symptom over 7, 30 or 90 days, plus
// temperature and weight, with reports that raised amber or red alerts marked and the
// first day of each treatment cycle drawn as a grey line; or, "one cycle against
// another", each symptom day by day through the last three cycles of the current course.
// Below them, the weekly check-in's scores (PHQ-2, GAD-2, daily activities, social,
// eating). Plain inline SVG; each chart also has a text summary for screen readers.
import { h, svg } from "../dom";
import { formatDate, formatNumber } from "../format";
import { t, tk, type WordOf } from "../i18n";
import { api, CHECKIN_QUESTIONS, LEVELS, RATINGS, SCALE, TREND_PERIODS_DAYS, type Checkin, type CourseDto, type IpcError, type TrendPoint } from "../ipc";
import { cycleLabel } from "./courses";
import { errorBox, heading, homeButton, type Nav } from "./common";

const W = 640;
const BASE_H = 180;

/** How much larger than the default the text is: 1 at the default size (125 % of 16 px). */
function textScale(): number {
  const px = parseFloat(getComputedStyle(document.documentElement).fontSize);
  return Number.isFinite(px) && px > 0 ? px / 20 : 1;
}
const DAY = 86_400_000;

interface Series {
  title: string;
  points: { at: number; value: number; flagged: boolean; note?: string }[];
  min: number;
  max: number;
  ticks: { value: number; label: string }[];
  digits: number;
}

/** The first day of a cycle, as a chart draws it. */
interface CycleMark {
  at: number;
  label: string;
}

function chart(series: Series, from: number, to: number, marks: { at: number; level: string }[], cycles: CycleMark[] = []): HTMLElement {
  // Labels grow with the text size (200 % text, Ctrl+=): the margins that hold them too.
  const k = textScale();
  const PAD = { left: 56 * k, right: 12, top: 12, bottom: 30 * k };
  const H = BASE_H + 30 * (k - 1);
  const font = (14 * k).toFixed(1);
  const x = (at: number) => PAD.left + ((at - from) / (to - from)) * (W - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - (v - series.min) / (series.max - series.min || 1)) * (H - PAD.top - PAD.bottom);
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart", role: "img", "aria-hidden": "true", focusable: "false" });
  for (const tick of series.ticks) {
    root.appendChild(svg("line", { x1: PAD.left, x2: W - PAD.right, y1: y(tick.value), y2: y(tick.value), class: "grid" }));
    root.appendChild(svg("text", { x: PAD.left - 6, y: y(tick.value) + 5 * k, class: "tick", "text-anchor": "end", "font-size": font }, tick.label));
  }
  for (const c of cycles) {
    if (c.at < from || c.at > to) continue;
    root.appendChild(svg("line", { x1: x(c.at), x2: x(c.at), y1: PAD.top, y2: H - PAD.bottom, class: "cycle-mark" }));
    root.appendChild(svg("text", { x: x(c.at) + 3, y: PAD.top + 12 * k, class: "tick cycle-label", "font-size": font }, c.label));
  }
  for (const mark of marks) {
    root.appendChild(svg("line", { x1: x(mark.at), x2: x(mark.at), y1: PAD.top, y2: H - PAD.bottom, class: `mark mark-${mark.level}` }));
  }
  const dates: [number, string][] = [
    [from, "start"],
    [(from + to) / 2, "middle"],
    [to, "end"],
  ];
  for (const [at, anchor] of dates) {
    root.appendChild(svg("text", { x: x(at), y: H - 8, class: "tick", "text-anchor": anchor, "font-size": font }, formatDate(new Date(at))));
  }
  const pts = series.points;
  if (pts.length > 1) {
    root.appendChild(svg("polyline", { points: pts.map((p) => `${x(p.at).toFixed(1)},${y(p.value).toFixed(1)}`).join(" "), class: "line" }));
  }
  // At most one dot per pixel column keeps years of data cheap to draw.
  let lastX = -1;
  for (const p of pts) {
    const px = Math.round(x(p.at));
    if (px === lastX && !p.flagged) continue;
    lastX = px;
    const dot = svg("circle", { cx: px, cy: y(p.value).toFixed(1), r: p.flagged ? 6 : 4, class: p.flagged ? "dot flagged" : "dot" });
    if (p.note) dot.appendChild(svg("title", {}, p.note));
    root.appendChild(dot);
  }
  const last = pts[pts.length - 1];
  const summary = t("trends.summary", {
    count: pts.length,
    last: last ? formatNumber(last.value, series.digits) + (last.note ? ` (${last.note})` : "") : "—",
    low: pts.length ? formatNumber(Math.min(...pts.map((p) => p.value)), series.digits) : "—",
    high: pts.length ? formatNumber(Math.max(...pts.map((p) => p.value)), series.digits) : "—",
  });
  return h("figure", { class: "chart-box" }, h("figcaption", {}, h("strong", {}, series.title), " ", h("span", { class: "small" }, summary)), root);
}

/** Whether a report needs a call (amber or red): the levels above green in the core's
 * order (`LEVELS`, least urgent first). */
function urgent(point: TrendPoint): boolean {
  return LEVELS.indexOf(point.level) > LEVELS.indexOf("green");
}

/** A point's date and its place in the cycles: "20 Nov, cycle 2, day 5". */
function note(p: TrendPoint): string {
  const label = cycleLabel(p.cycle);
  return label ? `${formatDate(p.recordedAt)}, ${label}` : formatDate(p.recordedAt);
}

/** The cycle starts of every course, as chart marks. */
function cycleMarks(courses: CourseDto[]): CycleMark[] {
  return courses.flatMap((c) =>
    c.cycleStarts.map((start) => ({
      at: Date.parse(`${start.on}T00:00:00`),
      label: start.cycle === null ? "▸" : t("cycle.mark", { cycle: start.cycle }),
    })),
  );
}

/** Each rating day by day through the last three cycles of the newest course with
 * cycles: x is the day of the cycle, one line per cycle (solid, dashed, dotted). */
function cycleCharts(points: TrendPoint[], courses: CourseDto[]): HTMLElement {
  const course = [...courses].reverse().find((c) => c.cycleDays !== null && c.cycleStarts.length > 0);
  if (!course || course.cycleDays === null) return h("p", { id: "cycles-none" }, t("trends.cyclesNone"));
  const length = course.cycleDays;
  const starts = course.cycleStarts.slice(-3);
  const k = textScale();
  const PAD = { left: 56 * k, right: 12, top: 12, bottom: 30 * k };
  const H = BASE_H + 30 * (k - 1);
  const font = (14 * k).toFixed(1);
  const x = (day: number) => PAD.left + ((day - 1) / Math.max(length - 1, 1)) * (W - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - v / SCALE[SCALE.length - 1]) * (H - PAD.top - PAD.bottom);
  const styles = ["cycle-line newest", "cycle-line before", "cycle-line earlier"];
  const charts: HTMLElement[] = [];
  for (const item of RATINGS) {
    const lines = starts
      .map((start, i) => {
        const from = Date.parse(`${start.on}T00:00:00`);
        const to = from + length * DAY;
        const pts = points
          .filter((p) => p.ratings[item] !== undefined && Date.parse(p.recordedAt) >= from && Date.parse(p.recordedAt) < to)
          .map((p) => ({ day: Math.floor((Date.parse(p.recordedAt) - from) / DAY) + 1, value: p.ratings[item] as number }));
        return { cycle: start.cycle, pts, style: styles[starts.length - 1 - i] };
      })
      .filter((l) => l.pts.length > 0);
    if (lines.length === 0) continue;
    const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart", role: "img", "aria-hidden": "true", focusable: "false" });
    for (const v of SCALE) {
      root.appendChild(svg("line", { x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v), class: "grid" }));
      root.appendChild(svg("text", { x: PAD.left - 6, y: y(v) + 5 * k, class: "tick", "text-anchor": "end", "font-size": font }, String(v)));
    }
    for (const [day, anchor] of [[1, "start"], [Math.ceil(length / 2), "middle"], [length, "end"]] as [number, string][]) {
      root.appendChild(svg("text", { x: x(day), y: H - 8, class: "tick", "text-anchor": anchor, "font-size": font }, t("trends.day", { day })));
    }
    for (const line of lines) {
      if (line.pts.length > 1) {
        root.appendChild(svg("polyline", { points: line.pts.map((p) => `${x(p.day).toFixed(1)},${y(p.value).toFixed(1)}`).join(" "), class: line.style }));
      }
      for (const p of line.pts) root.appendChild(svg("circle", { cx: x(p.day).toFixed(1), cy: y(p.value).toFixed(1), r: 3, class: `${line.style} dot` }));
    }
    const summary = lines
      .map((l) => `${t("trends.cycleN", { cycle: l.cycle ?? "" })}: ${l.pts.map((p) => p.value).join(" ")}`)
      .join("; ");
    charts.push(
      h("figure", { class: "chart-box cycle-box", "data-rating": item }, h("figcaption", {}, h("strong", {}, tk("rating.", item)), " ", h("span", { class: "small" }, summary)), root),
    );
  }
  return h("div", { id: "cycle-charts" }, h("p", { class: "small legend" }, t("trends.cycleLegend")), charts);
}

function seriesFor(points: TrendPoint[]): Series[] {
  const out: Series[] = [];
  const scaleTicks = SCALE.map((v) => ({ value: v, label: String(v) }));
  const top = SCALE[SCALE.length - 1];
  for (const item of RATINGS) {
    const pts = points.flatMap((p) => {
      const value = p.ratings[item];
      return value === undefined ? [] : [{ at: Date.parse(p.recordedAt), value, flagged: p.flaggedRatings.includes(item), note: note(p) }];
    });
    if (pts.length > 0) out.push({ title: tk("rating.", item), points: pts, min: 0, max: top, ticks: scaleTicks, digits: 0 });
  }
  const measured = (pick: (p: TrendPoint) => number | null, title: string, floor: number, ceil: number) => {
    const pts = points
      .filter((p) => pick(p) !== null)
      .map((p) => ({ at: Date.parse(p.recordedAt), value: pick(p) as number, flagged: urgent(p), note: note(p) }));
    if (pts.length === 0) return;
    const min = Math.floor(Math.min(floor, ...pts.map((p) => p.value)));
    const max = Math.ceil(Math.max(ceil, ...pts.map((p) => p.value)));
    const ticks = [min, (min + max) / 2, max].map((v) => ({ value: v, label: formatNumber(v) }));
    out.push({ title, points: pts, min, max, ticks, digits: 1 });
  };
  measured((p) => p.temperatureC, t("report.temperature"), 36, 39);
  const weights = points.map((p) => p.weightKg).filter((w): w is number => w !== null);
  const mid = weights.length ? weights.reduce((a, b) => a + b, 0) / weights.length : 60;
  measured((p) => p.weightKg, t("report.weight"), mid - 2, mid + 2);
  return out;
}

/** The check-in scores over time: PHQ-2 and GAD-2 (0–6), daily activities, time kept
 * from others and eating, check-ins with an amber alert marked. */
function checkinSeries(checkins: Checkin[]): Series[] {
  const out: Series[] = [];
  const flagged = (c: Checkin) => LEVELS.indexOf(c.level) > LEVELS.indexOf("green");
  const add = (key: WordOf<"checkin.name.">, pick: (c: Checkin) => number | null, max: number) => {
    const points = checkins
      .filter((c) => pick(c) !== null)
      .map((c) => ({ at: Date.parse(c.answeredAt), value: pick(c) as number, flagged: flagged(c) }));
    if (points.length === 0) return;
    const ticks = [0, max / 2, max].map((v) => ({ value: v, label: formatNumber(v, 0) }));
    out.push({ title: tk("checkin.name.", key), points, min: 0, max, ticks, digits: 0 });
  };
  add("phq2", (c) => c.phq2Total, 6);
  add("gad2", (c) => c.gad2Total, 6);
  add("function", (c) => c.function, CHECKIN_QUESTIONS.function.max);
  add("social", (c) => c.social, CHECKIN_QUESTIONS.social.max);
  add("eating", (c) => c.eating, CHECKIN_QUESTIONS.eating.max);
  return out;
}

/** One chart per symptom, temperature and weight over the last `period` days, amber and
 * red reports marked, cycle starts drawn: the caregiver's trends, and the care team
 * console's patient page (from the reports the server holds). */
export function periodCharts(points: TrendPoint[], period: number, courses: CourseDto[] = []): HTMLElement {
  const to = Date.now();
  const from = to - period * DAY;
  const marks = points.filter(urgent).map((p) => ({ at: Date.parse(p.recordedAt), level: p.level }));
  const all = seriesFor(points);
  return all.length === 0
    ? h("p", {}, t("trends.noData"))
    : h(
        "div",
        {},
        h("p", { class: "small legend" }, h("span", { class: "legend-mark" }), t("trends.legend")),
        courses.length ? h("p", { class: "small legend" }, t("trends.cycleMarks")) : null,
        all.map((s) => chart(s, from, to, marks, cycleMarks(courses))),
      );
}

/** The choice of period (7, 30 or 90 days) as radio buttons; `choose` gets the days. */
export function periodChoice(days: number, choose: (days: number) => void): HTMLFieldSetElement {
  return h(
    "fieldset",
    { class: "group" },
    h("legend", {}, t("trends.period")),
    h(
      "div",
      { class: "choices" },
      [...TREND_PERIODS_DAYS].sort((a, b) => a - b).map((d) =>
        h(
          "label",
          { class: "choice" },
          h("input", { type: "radio", name: "period", value: String(d), checked: d === days, onchange: () => choose(d) }),
          h("span", {}, t("trends.days", { days: d })),
        ),
      ),
    ),
  );
}

export function trendsScreen(nav: Nav, days: number = TREND_PERIODS_DAYS[0]): HTMLElement {
  const body = h("div", { id: "charts", "aria-live": "polite" }, h("p", {}, t("common.loading")));
  const checkinBody = h("div", { id: "checkin-charts", "aria-live": "polite" }, h("p", {}, t("common.loading")));
  let byCycle = false;
  let current = days;
  const load = (period: number) => {
    current = period;
    api
      .checkinTrends(period)
      .then((checkins) => {
        const to = Date.now();
        const from = to - period * DAY;
        const all = checkinSeries(checkins);
        checkinBody.replaceChildren(
          all.length === 0 ? h("p", {}, t("trends.noCheckins")) : h("div", {}, all.map((s) => chart(s, from, to, []))),
        );
      })
      .catch((error: IpcError) => checkinBody.replaceChildren(errorBox(error)));
    Promise.all([api.trends(byCycle ? Math.max(...TREND_PERIODS_DAYS) : period), api.courses()])
      .then(([points, courses]) => {
        if (byCycle) {
          body.replaceChildren(cycleCharts(points, courses));
          return;
        }
        body.replaceChildren(periodCharts(points, period, courses));
      })
      .catch((error: IpcError) => body.replaceChildren(errorBox(error)));
  };
  const period = periodChoice(days, load);
  const view = h(
    "fieldset",
    { class: "group" },
    h("legend", {}, t("trends.view")),
    h(
      "div",
      { class: "choices" },
      (["time", "cycles"] as const).map((v) =>
        h(
          "label",
          { class: "choice" },
          h("input", {
            type: "radio",
            name: "view",
            value: v,
            checked: v === "time",
            onchange: () => {
              byCycle = v === "cycles";
              period.hidden = byCycle;
              load(current);
            },
          }),
          h("span", {}, t(`trends.view.${v}`)),
        ),
      ),
    ),
  );
  load(days);
  return h(
    "div",
    { class: "screen trends" },
    heading(t("trends.title")),
    homeButton(nav),
    view,
    period,
    body,
    h("section", { "aria-labelledby": "checkin-trends-title" }, h("h2", { id: "checkin-trends-title" }, t("trends.checkins")), checkinBody),
  );
}
