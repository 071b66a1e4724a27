//! The report's pages as lists of drawing operations (text at a point, a path, a dot),
//! laid out from a [`VisitReport`] in one language. It exists apart from the PDF writer so
//! that where things go — sections, wrapped table cells, page breaks, the charts' scales —
//! is plain data that tests can read, and so that the PDF library is met in one small
//! module ([`crate::pdf`]). Every word comes from the catalogues ([`crate::words`]).
//!
//! The page is A4 portrait in points, with the origin at the top left (y grows down).

use crate::fonts::{self, Weight};
use crate::model::{CycleMark, FollowUp, SymptomSeries, VisitReport};
use crate::words::{date, name, number, say};
use chrono::NaiveDate;
use diary_core::messages::{self, Line};
use diary_core::model::Level;

/// A4 in points.
pub const PAGE_WIDTH: f32 = 595.28;
pub const PAGE_HEIGHT: f32 = 841.89;
const MARGIN: f32 = 42.0;
const CONTENT: f32 = PAGE_WIDTH - 2.0 * MARGIN;
/// The lowest y body content may reach; the footer lives below it.
const BOTTOM: f32 = PAGE_HEIGHT - MARGIN - 18.0;

const BODY: f32 = 9.0;
const SMALL: f32 = 7.5;
const HEADING: f32 = 12.0;
const TITLE: f32 = 16.0;

/// A colour, 0–255 per channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

pub const BLACK: Rgb = Rgb(0, 0, 0);
pub const GREY: Rgb = Rgb(110, 110, 110);
pub const LIGHT: Rgb = Rgb(215, 215, 215);
pub const INK: Rgb = Rgb(20, 60, 120);
pub const RED: Rgb = Rgb(196, 30, 30);
pub const AMBER: Rgb = Rgb(214, 128, 0);
pub const GREEN: Rgb = Rgb(40, 130, 60);

/// The colour of an alert level.
pub fn level_colour(level: Level) -> Rgb {
    match level {
        Level::Red => RED,
        Level::Amber => AMBER,
        Level::Green => GREEN,
        Level::None => GREY,
    }
}

/// One drawing operation.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// One line of text; `y` is its baseline.
    Text {
        x: f32,
        y: f32,
        size: f32,
        weight: Weight,
        colour: Rgb,
        text: String,
    },
    /// Straight segments through `points`, stroked (dashed or not), or filled when closed.
    Path {
        points: Vec<(f32, f32)>,
        closed: bool,
        stroke: Option<(Rgb, f32)>,
        dashed: bool,
        fill: Option<Rgb>,
    },
    /// A dot: filled, or a ring when `filled` is false.
    Dot {
        x: f32,
        y: f32,
        r: f32,
        colour: Rgb,
        filled: bool,
    },
}

/// One page's operations, in drawing order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub ops: Vec<Op>,
}

impl Page {
    /// The page's text, line by line, in drawing order (for tests and checks).
    pub fn texts(&self) -> Vec<&str> {
        self.ops
            .iter()
            .filter_map(|op| match op {
                Op::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }
}

/// The report laid out in `lang`: one [`Page`] per page, footers included.
pub fn lay_out(report: &VisitReport, lang: &str) -> Vec<Page> {
    let lang = messages::language(lang);
    let mut w = Writer::new(lang);
    header(&mut w, report);
    questions(&mut w, report);
    alerts(&mut w, report);
    checkin(&mut w, report);
    symptoms(&mut w, report);
    weight(&mut w, report);
    labs(&mut w, report);
    w.finish()
}

/// The flowing writer: a cursor down the page that starts a new page when the next block
/// does not fit.
struct Writer {
    lang: &'static str,
    pages: Vec<Page>,
    y: f32,
}

impl Writer {
    fn new(lang: &'static str) -> Writer {
        Writer {
            lang,
            pages: vec![Page::default()],
            y: MARGIN,
        }
    }

    fn page(&mut self) -> &mut Page {
        self.pages.last_mut().expect("there is always a page")
    }

    /// Makes room for `height` points, on a new page when this one has too little.
    fn room(&mut self, height: f32) {
        if self.y + height > BOTTOM && self.y > MARGIN {
            self.pages.push(Page::default());
            self.y = MARGIN;
        }
    }

    fn text(&mut self, x: f32, y: f32, size: f32, weight: Weight, colour: Rgb, text: &str) {
        self.page().ops.push(Op::Text {
            x,
            y,
            size,
            weight,
            colour,
            text: text.to_string(),
        });
    }

    fn path(&mut self, points: Vec<(f32, f32)>, colour: Rgb, width: f32, dashed: bool) {
        self.page().ops.push(Op::Path {
            points,
            closed: false,
            stroke: Some((colour, width)),
            dashed,
            fill: None,
        });
    }

    fn dot(&mut self, x: f32, y: f32, r: f32, colour: Rgb, filled: bool) {
        self.page().ops.push(Op::Dot {
            x,
            y,
            r,
            colour,
            filled,
        });
    }

    /// A paragraph across `width` from `x`, wrapped; the cursor moves below it.
    fn paragraph(
        &mut self,
        x: f32,
        width: f32,
        size: f32,
        weight: Weight,
        colour: Rgb,
        text: &str,
    ) {
        for line in fonts::wrap(weight, size, text, width) {
            let lead = size * 1.35;
            self.room(lead);
            self.y += lead;
            self.text(x, self.y - size * 0.3, size, weight, colour, &line);
        }
    }

    /// A section heading, kept on the page of at least `keep` points of what follows.
    fn heading(&mut self, text: &str, keep: f32) {
        self.room(HEADING * 2.0 + keep);
        self.y += 10.0;
        self.paragraph(MARGIN, CONTENT, HEADING, Weight::Bold, INK, text);
        self.y += 3.0;
        let y = self.y;
        self.path(vec![(MARGIN, y), (MARGIN + CONTENT, y)], LIGHT, 0.7, false);
        self.y += 4.0;
    }

    /// A table: a bold header row, then rows whose cells wrap within their columns. Each
    /// cell may have its own colour; a row is never split across pages.
    fn table(&mut self, widths: &[f32], header: &[String], rows: &[Vec<(String, Rgb, Weight)>]) {
        let header_row: Vec<(String, Rgb, Weight)> = header
            .iter()
            .map(|h| (h.clone(), GREY, Weight::Bold))
            .collect();
        let header_height = self.row_height(widths, &header_row);
        self.room(header_height + 14.0);
        self.row(widths, &header_row, header_height);
        for row in rows {
            let height = self.row_height(widths, row);
            if self.y + height > BOTTOM {
                self.room(height + header_height);
                self.row(widths, &header_row, header_height);
            }
            self.row(widths, row, height);
        }
    }

    fn row_height(&self, widths: &[f32], cells: &[(String, Rgb, Weight)]) -> f32 {
        let lines = cells
            .iter()
            .zip(widths)
            .map(|((text, _, weight), w)| fonts::wrap(*weight, BODY, text, w - 6.0).len())
            .max()
            .unwrap_or(1);
        lines as f32 * BODY * 1.3 + 5.0
    }

    fn row(&mut self, widths: &[f32], cells: &[(String, Rgb, Weight)], height: f32) {
        let top = self.y;
        let mut x = MARGIN;
        for ((text, colour, weight), w) in cells.iter().zip(widths) {
            for (i, line) in fonts::wrap(*weight, BODY, text, w - 6.0).iter().enumerate() {
                let y = top + 2.0 + (i as f32 + 1.0) * BODY * 1.3 - BODY * 0.3;
                self.text(x, y, BODY, *weight, *colour, line);
            }
            x += w;
        }
        self.y = top + height;
        let y = self.y - 1.5;
        self.path(vec![(MARGIN, y), (MARGIN + CONTENT, y)], LIGHT, 0.4, false);
    }

    /// The pages with their footers: what the report is, and "page N of M".
    fn finish(mut self) -> Vec<Page> {
        let pages = self.pages.len();
        let made_by = say(self.lang, "report.made_by", &[]);
        for (i, page) in self.pages.iter_mut().enumerate() {
            let y = PAGE_HEIGHT - MARGIN + 4.0;
            let label = say(
                self.lang,
                "report.page",
                &[
                    ("page", &(i + 1).to_string()),
                    ("pages", &pages.to_string()),
                ],
            );
            let label_width = fonts::width(Weight::Regular, SMALL, &label);
            let made_lines = fonts::wrap(
                Weight::Regular,
                SMALL,
                &made_by,
                CONTENT - label_width - 20.0,
            );
            page.ops.push(Op::Path {
                points: vec![(MARGIN, y - 12.0), (MARGIN + CONTENT, y - 12.0)],
                closed: false,
                stroke: Some((LIGHT, 0.5)),
                dashed: false,
                fill: None,
            });
            for (n, line) in made_lines.iter().enumerate() {
                page.ops.push(Op::Text {
                    x: MARGIN,
                    y: y + n as f32 * SMALL * 1.3,
                    size: SMALL,
                    weight: Weight::Regular,
                    colour: GREY,
                    text: line.clone(),
                });
            }
            page.ops.push(Op::Text {
                x: MARGIN + CONTENT - label_width,
                y,
                size: SMALL,
                weight: Weight::Regular,
                colour: GREY,
                text: label,
            });
        }
        self.pages
    }
}

fn header(w: &mut Writer, r: &VisitReport) {
    let lang = w.lang;
    w.paragraph(
        MARGIN,
        CONTENT,
        TITLE,
        Weight::Bold,
        BLACK,
        &say(lang, "report.title", &[]),
    );
    w.y += 2.0;
    let period = say(
        lang,
        "report.period",
        &[
            ("from", &date(lang, r.period.from())),
            ("to", &date(lang, r.period.to())),
        ],
    );
    w.paragraph(MARGIN, CONTENT, HEADING, Weight::Regular, BLACK, &period);
    let ruleset = say(
        lang,
        "report.ruleset",
        &[("version", &r.rulesets.join(", "))],
    );
    w.paragraph(MARGIN, CONTENT, BODY, Weight::Regular, GREY, &ruleset);

    // The care team's numbers and the treatments, side by side.
    let top = w.y;
    let half = CONTENT / 2.0 - 8.0;
    w.heading(&say(lang, "report.care_team", &[]), 40.0);
    let after_heading = w.y;
    for line in Line::ALL {
        let label = say(lang, &format!("report.phone.{}", line.as_str()), &[]);
        let number = r
            .phones
            .number(*line)
            .map(|n| n.replace(' ', "\u{a0}"))
            .unwrap_or_else(|| say(lang, "report.phone.unset", &[]));
        w.paragraph(
            MARGIN,
            half,
            BODY,
            Weight::Regular,
            BLACK,
            &format!("{label}: {number}"),
        );
    }
    let left_bottom = w.y;

    // The treatments' column starts where the numbers' heading did.
    w.y = top;
    let x = MARGIN + CONTENT / 2.0 + 8.0;
    w.y += 10.0;
    w.paragraph(
        x,
        half,
        HEADING,
        Weight::Bold,
        INK,
        &say(lang, "report.treatments", &[]),
    );
    w.y = after_heading;
    if r.therapies.is_empty() {
        w.paragraph(
            x,
            half,
            BODY,
            Weight::Regular,
            GREY,
            &say(lang, "report.treatments.none", &[]),
        );
    }
    for therapy in &r.therapies {
        w.paragraph(
            x,
            half,
            BODY,
            Weight::Regular,
            BLACK,
            &format!("• {}", name(lang, &format!("therapy.{therapy}"))),
        );
    }
    w.y = w.y.max(left_bottom);
}

fn questions(w: &mut Writer, r: &VisitReport) {
    if r.questions.is_empty() {
        return;
    }
    let lang = w.lang;
    w.heading(&say(lang, "report.questions", &[]), 20.0);
    for q in &r.questions {
        w.paragraph(
            MARGIN,
            CONTENT,
            BODY,
            Weight::Regular,
            BLACK,
            &format!("• {q}"),
        );
    }
}

fn level_word(lang: &str, level: Level) -> String {
    say(lang, &format!("report.level.{level}"), &[])
}

fn alerts(w: &mut Writer, r: &VisitReport) {
    let lang = w.lang;
    w.heading(&say(lang, "report.alerts", &[]), 30.0);
    if r.alerts.is_empty() {
        w.paragraph(
            MARGIN,
            CONTENT,
            BODY,
            Weight::Regular,
            GREY,
            &say(lang, "report.alerts.none", &[]),
        );
        return;
    }
    // Red and amber alerts one by one; green ones (self-care advice) counted by subject,
    // so that a month of mild tiredness does not fill the pages.
    let mut greens: Vec<(String, usize)> = Vec::new();
    for a in r.alerts.iter().filter(|a| a.alert.level <= Level::Green) {
        let subject = messages::subject_name(lang, a.alert.subject.as_str());
        match greens.iter_mut().find(|(s, _)| *s == subject) {
            Some((_, n)) => *n += 1,
            None => greens.push((subject, 1)),
        }
    }
    let phones = &r.phones;
    let rows: Vec<Vec<(String, Rgb, Weight)>> = r
        .alerts
        .iter()
        .filter(|a| a.alert.level >= Level::Amber)
        .map(|a| {
            let explained = messages::explain_alert(lang, &a.alert, phones);
            let mut trigger = explained.detail;
            if a.lab_only() {
                trigger = format!("{trigger}\n{}", say(lang, "report.alerts.lab_only", &[]));
            }
            if let Some(answer) = &a.follow_up {
                let words = match answer {
                    FollowUp::Reached => say(lang, "report.follow_up.yes", &[]),
                    FollowUp::NotYet => say(lang, "report.follow_up.no", &[]),
                    FollowUp::TheySaid(said) => {
                        say(lang, "report.follow_up.they_said", &[("said", said)])
                    }
                };
                trigger = format!("{trigger}\n{words}");
            }
            vec![
                (date(lang, a.day), BLACK, Weight::Regular),
                (
                    level_word(lang, a.alert.level),
                    level_colour(a.alert.level),
                    Weight::Bold,
                ),
                (explained.subject_name, BLACK, Weight::Regular),
                (trigger, BLACK, Weight::Regular),
            ]
        })
        .collect();
    let header = [
        say(lang, "report.alerts.date", &[]),
        say(lang, "report.alerts.level", &[]),
        say(lang, "report.alerts.subject", &[]),
        say(lang, "report.alerts.trigger", &[]),
    ];
    let widths = [66.0, 62.0, 105.0, CONTENT - 233.0];
    if !rows.is_empty() {
        w.table(&widths, &header, &rows);
    }
    if !greens.is_empty() {
        let count: usize = greens.iter().map(|(_, n)| n).sum();
        let subjects = greens
            .iter()
            .map(|(s, n)| format!("{s} ({n})"))
            .collect::<Vec<_>>()
            .join(", ");
        let line = say(
            lang,
            "report.alerts.green",
            &[("count", &count.to_string()), ("subjects", &subjects)],
        );
        w.y += 3.0;
        w.paragraph(MARGIN, CONTENT, BODY, Weight::Regular, GREEN, &line);
    }
}

fn checkin(w: &mut Writer, r: &VisitReport) {
    let Some(c) = &r.checkin else {
        return;
    };
    let lang = w.lang;
    let day = date(lang, c.answered_at.date_naive());
    w.heading(&say(lang, "report.checkin", &[("date", &day)]), 20.0);
    let mut lines = Vec::new();
    if let Some(total) = c.phq2_total() {
        lines.push(say(
            lang,
            "report.checkin.phq2",
            &[("score", &total.to_string())],
        ));
    }
    if let Some(total) = c.gad2_total() {
        lines.push(say(
            lang,
            "report.checkin.gad2",
            &[("score", &total.to_string())],
        ));
    }
    lines.push(say(
        lang,
        "report.checkin.function",
        &[("score", &c.function.to_string())],
    ));
    for line in lines {
        w.paragraph(MARGIN, CONTENT, BODY, Weight::Regular, BLACK, &line);
    }
}

/// Where a day falls across a chart's plot of `width` from `left`.
fn day_x(r: &VisitReport, day: NaiveDate, left: f32, width: f32) -> f32 {
    let span = (r.period.days() - 1).max(1) as f32;
    left + (day - r.period.from()).num_days() as f32 / span * width
}

const CHART_HEIGHT: f32 = 118.0;

fn symptoms(w: &mut Writer, r: &VisitReport) {
    let lang = w.lang;
    let intro = say(
        lang,
        "report.symptoms",
        &[
            ("none", &name(lang, "scale.0")),
            ("worst", &name(lang, "scale.4")),
        ],
    );
    w.heading(&intro, CHART_HEIGHT + 40.0);
    if r.symptoms.is_empty() {
        w.paragraph(
            MARGIN,
            CONTENT,
            BODY,
            Weight::Regular,
            GREY,
            &say(lang, "report.symptoms.none", &[]),
        );
        return;
    }
    w.paragraph(
        MARGIN,
        CONTENT,
        SMALL,
        Weight::Regular,
        GREY,
        &say(lang, "report.symptoms.legend", &[]),
    );
    w.y += 4.0;
    let gap = 16.0;
    let chart_width = (CONTENT - gap) / 2.0;
    for pair in r.symptoms.chunks(2) {
        w.room(CHART_HEIGHT);
        let top = w.y;
        for (i, series) in pair.iter().enumerate() {
            let left = MARGIN + i as f32 * (chart_width + gap);
            symptom_chart(w, r, series, left, top, chart_width);
        }
        w.y = top + CHART_HEIGHT;
    }
}

/// One symptom's step chart: 0–4 up the side, the period's days across, a dot on each
/// day with an amber or red alert, and the treatment cycles' marks.
fn symptom_chart(
    w: &mut Writer,
    r: &VisitReport,
    s: &SymptomSeries,
    left: f32,
    top: f32,
    width: f32,
) {
    let lang = w.lang;
    let title = fonts::wrap(
        Weight::Bold,
        BODY,
        &name(lang, &format!("rating.{}", s.rating)),
        width,
    )
    .into_iter()
    .next()
    .unwrap_or_default();
    w.text(left, top + BODY, BODY, Weight::Bold, BLACK, &title);
    let plot_left = left + 12.0;
    let plot_width = width - 16.0;
    let plot_top = top + 22.0;
    let plot_height = CHART_HEIGHT - 50.0;
    let y_of = |v: f32| plot_top + plot_height - v / 4.0 * plot_height;
    for v in 0..=4u8 {
        let y = y_of(v as f32);
        w.path(
            vec![(plot_left, y), (plot_left + plot_width, y)],
            LIGHT,
            0.4,
            false,
        );
        w.text(
            left + 2.0,
            y + 2.5,
            SMALL,
            Weight::Regular,
            GREY,
            &v.to_string(),
        );
    }
    axis_dates(w, r, plot_left, plot_width, plot_top + plot_height);
    cycle_marks(
        w,
        r,
        &r.cycles,
        plot_left,
        plot_width,
        plot_top,
        plot_height,
    );

    // The step line: each day's value held until the next rated day.
    let mut points = Vec::new();
    for (i, (day, value)) in s.days.iter().enumerate() {
        let x = day_x(r, *day, plot_left, plot_width);
        let y = y_of(*value as f32);
        if i > 0 {
            let (_, last_y) = points[points.len() - 1];
            points.push((x, last_y));
        }
        points.push((x, y));
    }
    if points.len() == 1 {
        let (x, y) = points[0];
        w.dot(x, y, 1.6, INK, true);
    } else {
        w.path(points, INK, 1.2, false);
    }
    for mark in &s.marks {
        let x = day_x(r, mark.day, plot_left, plot_width);
        let value = s
            .days
            .iter()
            .find(|(d, _)| *d == mark.day)
            .map(|(_, v)| *v as f32)
            .unwrap_or(0.0);
        w.dot(
            x,
            y_of(value),
            3.0,
            level_colour(mark.level),
            mark.about_this,
        );
    }
}

/// The first and last day of the period under a plot.
fn axis_dates(w: &mut Writer, r: &VisitReport, left: f32, width: f32, bottom: f32) {
    let lang = w.lang;
    let first = date(lang, r.period.from());
    let last = date(lang, r.period.to());
    w.text(left, bottom + 10.0, SMALL, Weight::Regular, GREY, &first);
    let last_width = fonts::width(Weight::Regular, SMALL, &last);
    w.text(
        left + width - last_width,
        bottom + 10.0,
        SMALL,
        Weight::Regular,
        GREY,
        &last,
    );
}

/// A dashed line and "cycle N, day D" on each cycle mark within the period.
fn cycle_marks(
    w: &mut Writer,
    r: &VisitReport,
    cycles: &[CycleMark],
    left: f32,
    width: f32,
    top: f32,
    height: f32,
) {
    let lang = w.lang;
    for c in cycles.iter().filter(|c| r.period.contains(c.day)) {
        let x = day_x(r, c.day, left, width);
        w.path(vec![(x, top - 4.0), (x, top + height)], GREY, 0.6, true);
        let label = say(
            lang,
            "report.cycle",
            &[
                ("cycle", &c.cycle.to_string()),
                ("day", &c.day_of_cycle.to_string()),
            ],
        );
        let label_width = fonts::width(Weight::Regular, SMALL - 1.0, &label);
        let x = (x + 2.0).min(left + width - label_width);
        w.text(x, top - 5.0, SMALL - 1.0, Weight::Regular, GREY, &label);
    }
}

fn weight(w: &mut Writer, r: &VisitReport) {
    let lang = w.lang;
    w.heading(&say(lang, "report.weight", &[]), CHART_HEIGHT + 40.0);
    if let Some(kg) = r.weight.baseline {
        let line = say(lang, "report.weight.baseline", &[("kg", &number(lang, kg))]);
        w.paragraph(MARGIN, CONTENT, BODY, Weight::Regular, GREY, &line);
    }
    if r.weight.days.is_empty() {
        w.paragraph(
            MARGIN,
            CONTENT,
            BODY,
            Weight::Regular,
            GREY,
            &say(lang, "report.weight.none", &[]),
        );
        return;
    }
    w.room(CHART_HEIGHT);
    let top = w.y + 8.0;
    let values: Vec<f64> = r
        .weight
        .days
        .iter()
        .map(|(_, kg)| *kg)
        .chain(r.weight.baseline)
        .collect();
    let low = values.iter().cloned().fold(f64::INFINITY, f64::min).floor() - 1.0;
    let high = values
        .iter()
        .cloned()
        .fold(f64::NEG_INFINITY, f64::max)
        .ceil()
        + 1.0;
    let plot_left = MARGIN + 28.0;
    let plot_width = CONTENT - 32.0;
    let plot_height = CHART_HEIGHT - 40.0;
    let y_of = |kg: f64| top + plot_height - ((kg - low) / (high - low)) as f32 * plot_height;
    for kg in [low, (low + high) / 2.0, high] {
        let y = y_of(kg);
        w.path(
            vec![(plot_left, y), (plot_left + plot_width, y)],
            LIGHT,
            0.4,
            false,
        );
        w.text(
            MARGIN,
            y + 2.5,
            SMALL,
            Weight::Regular,
            GREY,
            &number(lang, kg),
        );
    }
    if let Some(kg) = r.weight.baseline {
        let y = y_of(kg);
        w.path(
            vec![(plot_left, y), (plot_left + plot_width, y)],
            GREY,
            0.8,
            true,
        );
    }
    axis_dates(w, r, plot_left, plot_width, top + plot_height);
    cycle_marks(w, r, &r.cycles, plot_left, plot_width, top, plot_height);
    let points: Vec<(f32, f32)> = r
        .weight
        .days
        .iter()
        .map(|(day, kg)| (day_x(r, *day, plot_left, plot_width), y_of(*kg)))
        .collect();
    if points.len() > 1 {
        w.path(points.clone(), INK, 1.2, false);
    }
    for (x, y) in points {
        w.dot(x, y, 1.8, INK, true);
    }
    w.y = top + CHART_HEIGHT - 16.0;
}

fn labs(w: &mut Writer, r: &VisitReport) {
    let lang = w.lang;
    w.heading(&say(lang, "report.labs", &[]), 30.0);
    if r.labs.is_empty() {
        w.paragraph(
            MARGIN,
            CONTENT,
            BODY,
            Weight::Regular,
            GREY,
            &say(lang, "report.labs.none", &[]),
        );
        return;
    }
    let rows: Vec<Vec<(String, Rgb, Weight)>> = r
        .labs
        .iter()
        .map(|g| {
            let l = &g.lab;
            let unit = l.unit.symbol();
            let range = match (l.ref_low, l.ref_high) {
                (Some(lo), Some(hi)) => format!("{}–{} {unit}", number(lang, lo), number(lang, hi)),
                (Some(lo), None) => format!("≥ {} {unit}", number(lang, lo)),
                (None, Some(hi)) => format!("≤ {} {unit}", number(lang, hi)),
                (None, None) => "—".to_string(),
            };
            let (grade, colour, weight) = match g.grade {
                Some(n) if n >= 3 => (n.to_string(), RED, Weight::Bold),
                Some(n) if n >= 1 => (n.to_string(), AMBER, Weight::Bold),
                Some(n) => (n.to_string(), BLACK, Weight::Regular),
                None => (
                    say(lang, "report.labs.ungraded", &[]),
                    GREY,
                    Weight::Regular,
                ),
            };
            vec![
                (date(lang, l.taken_on), BLACK, Weight::Regular),
                (
                    name(lang, &format!("lab.test.{}", l.test)),
                    BLACK,
                    Weight::Regular,
                ),
                (
                    format!("{} {unit}", number(lang, l.value)),
                    BLACK,
                    Weight::Regular,
                ),
                (range, GREY, Weight::Regular),
                (grade, colour, weight),
            ]
        })
        .collect();
    let header = [
        say(lang, "report.labs.date", &[]),
        say(lang, "report.labs.test", &[]),
        say(lang, "report.labs.value", &[]),
        say(lang, "report.labs.range", &[]),
        say(lang, "report.labs.grade", &[]),
    ];
    let widths = [66.0, 170.0, 95.0, 110.0, CONTENT - 441.0];
    w.table(&widths, &header, &rows);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AlertSource, FollowUp, Period, PeriodAlert, SymptomSeries, WeightSeries};
    use chrono::{FixedOffset, TimeZone};
    use diary_core::messages::Phones;
    use diary_core::model::{Alert, Checkin, Rating, Reporter, RuleId, Subject};

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    /// A small report with none of the parts the app does not record yet.
    fn plain() -> VisitReport {
        let at = FixedOffset::east_opt(3 * 3600)
            .unwrap()
            .from_local_datetime(&day(3).and_hms_opt(10, 0, 0).unwrap())
            .unwrap();
        VisitReport {
            period: Period::new(day(1), day(14)).unwrap(),
            rulesets: vec!["2".into()],
            phones: Phones::default(),
            therapies: Vec::new(),
            alerts: vec![PeriodAlert {
                source: AlertSource::Report(1),
                day: day(3),
                recorded_at: at,
                alert: Alert {
                    rule: RuleId::RFever,
                    level: Level::Red,
                    subject: Subject::Temperature,
                    detail: "temperature 38.4 °C ≥ 38.0 °C".into(),
                    message_key: "alert.R-FEVER".into(),
                    advice_key: None,
                    facts: Vec::new(),
                },
                follow_up: None,
            }],
            symptoms: vec![SymptomSeries {
                rating: Rating::Pain,
                days: vec![(day(2), 1), (day(3), 2), (day(5), 0)],
                marks: Vec::new(),
            }],
            weight: WeightSeries::default(),
            labs: Vec::new(),
            cycles: Vec::new(),
            questions: Vec::new(),
            checkin: None,
        }
    }

    /// Every text of the pages, the lines joined with one space (wrapped words join up).
    fn texts(report: &VisitReport, lang: &str) -> String {
        lay_out(report, lang)
            .iter()
            .flat_map(|p| {
                p.texts()
                    .into_iter()
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn the_parts_not_recorded_yet_print_nothing_while_empty() {
        let all = texts(&plain(), "en");
        assert!(all.contains("Alerts in this period"), "{all}");
        // An alert saved before facts keeps its saved numbers.
        assert!(all.contains("temperature 38.4 °C ≥ 38.0 °C"), "{all}");
        for absent in [
            "Questions for the next visit",
            "check-in",
            "cycle ",
            "Reached the care team",
        ] {
            assert!(
                !all.contains(absent),
                "{absent:?} printed while empty:\n{all}"
            );
        }
    }

    #[test]
    fn the_parts_not_recorded_yet_print_once_given() {
        let mut r = plain();
        r.questions = vec!["Can I travel in December?".into()];
        r.cycles = vec![
            CycleMark {
                day: day(4),
                cycle: 2,
                day_of_cycle: 1,
            },
            // Outside the period: not drawn.
            CycleMark {
                day: day(20),
                cycle: 3,
                day_of_cycle: 1,
            },
        ];
        r.alerts[0].follow_up = Some(FollowUp::TheySaid("Come to the day unit at 2 pm".into()));
        let mut second = r.alerts[0].clone();
        second.follow_up = Some(FollowUp::NotYet);
        r.alerts.push(second);
        r.checkin = Some(Checkin {
            id: None,
            answered_at: r.alerts[0].recorded_at,
            reporter: Reporter::Patient,
            phq2: Some([1, 2]),
            gad2: None,
            self_harm_thoughts: None,
            function: 1,
            social: 0,
            eating: 0,
            caregiver_strain: None,
        });
        let all = texts(&r, "en");
        for present in [
            "Questions for the next visit",
            "• Can I travel in December?",
            "Reached the care team: yes. The care team said: Come to the day unit at 2 pm",
            "Reached the care team: not yet",
            "Latest weekly check-in, 2026-11-03",
            "Mood (PHQ-2): 3 of 6",
            "Daily activity (ECOG, 0–4): 1",
        ] {
            assert!(all.contains(present), "{present:?} is missing:\n{all}");
        }
        // One mark on the one chart, none for the cycle after the period.
        assert_eq!(all.matches("cycle 2, day 1").count(), 1, "{all}");
        assert!(!all.contains("cycle 3"), "{all}");
        assert!(
            !all.contains("GAD-2"),
            "a check-in without GAD-2 prints no GAD-2 line"
        );
        let ru = texts(&r, "ru");
        assert!(
            ru.contains("цикл 2, день 1") && ru.contains("Вопросы к следующему визиту"),
            "{ru}"
        );
    }

    #[test]
    fn a_lab_only_alert_says_it_came_from_a_lab_result_entered_on_its_own() {
        let mut r = plain();
        // A report's alert says nothing of the kind.
        for lang in messages::LANGUAGES {
            let words = say(lang, "report.alerts.lab_only", &[]);
            assert!(!texts(&r, lang).contains(&words), "{lang}");
        }
        r.alerts.push(PeriodAlert {
            source: AlertSource::Lab(4),
            day: day(5),
            recorded_at: r.alerts[0].recorded_at + chrono::Duration::days(2),
            alert: Alert {
                rule: RuleId::ALab,
                level: Level::Amber,
                subject: Subject::Labs,
                detail: "neutrophils 0.3 10^9/L (grade 4) on 2026-11-05".into(),
                message_key: "alert.A-LAB".into(),
                advice_key: None,
                facts: Vec::new(),
            },
            follow_up: None,
        });
        for (lang, about) in [
            ("en", "Blood tests"),
            ("ru", "Анализы крови"),
            ("uz", "Qon tahlillari"),
        ] {
            let all = texts(&r, lang);
            let words = say(lang, "report.alerts.lab_only", &[]);
            assert_eq!(all.matches(&words).count(), 1, "{lang}: {all}");
            assert!(all.contains(about), "{lang}: {all}");
            assert!(all.contains("neutrophils 0.3"), "{lang}: {all}");
            assert!(
                all.contains(&level_word(lang, Level::Amber)),
                "{lang}: {all}"
            );
        }
    }

    #[test]
    fn every_text_stays_on_its_page_and_uses_only_the_fonts_glyphs() {
        let mut r = plain();
        // Many alerts: the table flows onto more pages, each with its footer.
        let alert = r.alerts[0].clone();
        r.alerts = vec![alert; 60];
        for lang in messages::LANGUAGES {
            let pages = lay_out(&r, lang);
            assert!(pages.len() > 1, "{lang}");
            for (i, page) in pages.iter().enumerate() {
                let label = say(
                    lang,
                    "report.page",
                    &[
                        ("page", &(i + 1).to_string()),
                        ("pages", &pages.len().to_string()),
                    ],
                );
                assert!(page.texts().contains(&label.as_str()), "{lang} page {i}");
                for op in &page.ops {
                    if let Op::Text {
                        x,
                        y,
                        size,
                        weight,
                        text,
                        ..
                    } = op
                    {
                        assert!(
                            *x >= MARGIN - 0.01 && *y > 0.0 && *y < PAGE_HEIGHT,
                            "{lang}: {text} at {x},{y}"
                        );
                        let right = x + fonts::width(*weight, *size, text);
                        assert!(
                            right <= PAGE_WIDTH - MARGIN + 0.5,
                            "{lang}: {text} runs off the page"
                        );
                        assert!(
                            fonts::covers(*weight, text),
                            "{lang}: the font lacks a glyph of {text}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn no_heading_is_left_alone_at_the_foot_of_a_page() {
        // However many charts push the sections down, the last heading of a page has
        // something drawn under it on that page (a chart or a table row), not just its
        // own rule and a line of text.
        let mut with_labs = plain();
        with_labs.labs = vec![crate::model::GradedLab {
            lab: diary_core::model::LabResult {
                id: None,
                taken_on: day(4),
                test: diary_core::model::LabTest::Platelets,
                value: 40.0,
                unit: diary_core::model::LabUnit::E9PerL,
                ref_low: Some(150.0),
                ref_high: None,
                baseline: None,
            },
            grade: Some(3),
        }];
        for n in 1..=Rating::ALL.len() {
            let mut r = with_labs.clone();
            r.symptoms = Rating::ALL[..n]
                .iter()
                .map(|item| SymptomSeries {
                    rating: *item,
                    days: vec![(day(2), 1), (day(9), 3)],
                    marks: Vec::new(),
                })
                .collect();
            r.weight.days = vec![(day(2), 70.0), (day(9), 69.5)];
            r.weight.baseline = Some(71.0);
            for lang in messages::LANGUAGES {
                for (i, page) in lay_out(&r, lang).iter().enumerate() {
                    let Some(last) = page
                        .ops
                        .iter()
                        .rposition(|op| matches!(op, Op::Text { size, .. } if *size == HEADING))
                    else {
                        continue;
                    };
                    let drawn = page.ops[last..]
                        .iter()
                        .filter(|op| match op {
                            Op::Path { points, .. } => points[0].1 < BOTTOM,
                            Op::Dot { .. } => true,
                            Op::Text { .. } => false,
                        })
                        .count();
                    assert!(
                        drawn >= 2,
                        "{n} charts, {lang}: page {} ends on a heading",
                        i + 1
                    );
                }
            }
        }
    }

    #[test]
    fn a_step_chart_holds_each_value_until_the_next_day() {
        let pages = lay_out(&plain(), "en");
        let line = pages[0]
            .ops
            .iter()
            .find_map(|op| match op {
                Op::Path {
                    points,
                    stroke: Some((c, _)),
                    ..
                } if *c == INK => Some(points.clone()),
                _ => None,
            })
            .expect("the pain chart's line");
        // Three days: a point, then a horizontal and a vertical step for each next day.
        assert_eq!(line.len(), 5);
        assert_eq!(line[0].1, line[1].1, "held at day 2's value");
        assert_eq!(line[1].0, line[2].0, "stepping on day 3");
        assert!(line[2].1 < line[0].1, "2 is drawn above 1");
        assert!(line[4].1 > line[0].1, "0 is drawn below 1");
    }
}
