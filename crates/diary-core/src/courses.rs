//! Treatment courses and their cycles: "cycle 3, day 8". It exists because caregivers and
//! oncologists think in cycles ("how was the last cycle?", "is the tiredness worse in the
//! first week of each cycle?"), while the diary records days. A course has its drugs, a
//! start day, a cycle length (21 days, say) or none for a tablet taken every day, and an
//! end day once it stops. Which course and cycle a day falls in is decided here, once, for
//! the charts, the history, the alerts and the visit report. Pure functions of the
//! courses and the day.

use crate::error::FieldError;
#[cfg(test)]
use crate::model::Drug;
use crate::model::{Course, CycleDay, MAX_CYCLE_DAYS};
use chrono::{Duration, NaiveDate};

impl Course {
    /// Checks a course, naming the field: at least one drug, each once; a cycle of 1–90
    /// days; an end on or after the start.
    pub fn validate(&self, path: &str) -> Result<(), FieldError> {
        if self.drugs.is_empty() {
            return Err(FieldError::new(
                format!("{path}.drugs"),
                "name at least one drug",
            ));
        }
        for (i, d) in self.drugs.iter().enumerate() {
            if self.drugs[..i].contains(d) {
                return Err(FieldError::new(
                    format!("{path}.drugs[{i}]"),
                    format!("{d} is given twice"),
                ));
            }
        }
        if let Some(n) = self.cycle_days {
            if !(1..=MAX_CYCLE_DAYS).contains(&n) {
                return Err(FieldError::new(
                    format!("{path}.cycle_days"),
                    format!("{n} is out of range 1–{MAX_CYCLE_DAYS}"),
                ));
            }
        }
        if let Some(end) = self.ended_on {
            if end < self.started_on {
                return Err(FieldError::new(
                    format!("{path}.ended_on"),
                    format!("{end} is before the start, {}", self.started_on),
                ));
            }
        }
        Ok(())
    }

    /// Whether the course runs on `day`.
    pub fn covers(&self, day: NaiveDate) -> bool {
        day >= self.started_on && self.ended_on.is_none_or(|end| day <= end)
    }
}

/// Where `day` falls: in the course that covers it and started last (a new course that
/// overlaps an old one's last days takes over); `None` outside every course.
pub fn cycle_day(courses: &[Course], day: NaiveDate) -> Option<CycleDay> {
    let (index, course) = courses
        .iter()
        .enumerate()
        .filter(|(_, c)| c.covers(day))
        .max_by_key(|(i, c)| (c.started_on, *i))?;
    let since = (day - course.started_on).num_days() as u32;
    Some(match course.cycle_days {
        Some(n) => CycleDay {
            course: index,
            cycle: Some(since / n + 1),
            day: since % n + 1,
        },
        None => CycleDay {
            course: index,
            cycle: None,
            day: since + 1,
        },
    })
}

/// The first days of cycles from `from` to `to` inclusive, with the cycle's number and its
/// course, oldest first: where the charts draw their cycle marks. A continuous course marks
/// its start only.
pub fn cycle_starts(
    courses: &[Course],
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<(NaiveDate, Option<u32>, usize)> {
    let mut out = Vec::new();
    for (i, c) in courses.iter().enumerate() {
        let last = c.ended_on.map_or(to, |e| e.min(to));
        match c.cycle_days {
            None => {
                if c.started_on >= from && c.started_on <= last {
                    out.push((c.started_on, None, i));
                }
            }
            Some(n) => {
                let mut start = c.started_on;
                let mut cycle = 1;
                while start <= last {
                    if start >= from {
                        out.push((start, Some(cycle), i));
                    }
                    start += Duration::days(i64::from(n));
                    cycle += 1;
                }
            }
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn course(start: &str, cycle: Option<u32>, end: Option<&str>) -> Course {
        Course {
            id: None,
            drugs: vec![Drug::Capecitabine],
            started_on: d(start),
            cycle_days: cycle,
            ended_on: end.map(d),
        }
    }

    #[test]
    fn a_day_has_its_cycle_and_day() {
        let courses = [
            course("2026-09-01", Some(21), Some("2026-10-19")),
            course("2026-10-15", None, None),
        ];
        // (day, expect)
        for (day, expect) in [
            ("2026-08-31", None),
            ("2026-09-01", Some((0, Some(1), 1))),
            ("2026-09-21", Some((0, Some(1), 21))),
            ("2026-09-22", Some((0, Some(2), 1))),
            ("2026-10-14", Some((0, Some(3), 2))),
            // The new course takes over where they overlap.
            ("2026-10-15", Some((1, None, 1))),
            ("2026-11-30", Some((1, None, 47))),
        ] {
            let got = cycle_day(&courses, d(day)).map(|c| (c.course, c.cycle, c.day));
            assert_eq!(got, expect, "{day}");
        }
        // After the end, nothing.
        assert_eq!(cycle_day(&courses[..1], d("2026-10-20")), None);
    }

    #[test]
    fn cycle_starts_are_marked_within_the_period() {
        let courses = [course("2026-09-01", Some(21), Some("2026-11-01"))];
        assert_eq!(
            cycle_starts(&courses, d("2026-09-15"), d("2026-12-31")),
            [(d("2026-09-22"), Some(2), 0), (d("2026-10-13"), Some(3), 0),]
        );
        let daily = [course("2026-11-01", None, None)];
        assert_eq!(
            cycle_starts(&daily, d("2026-10-01"), d("2026-11-30")),
            [(d("2026-11-01"), None, 0)]
        );
    }

    #[test]
    fn a_course_is_checked_naming_the_field() {
        let mut c = course("2026-09-01", Some(0), None);
        assert_eq!(c.validate("course").unwrap_err().path, "course.cycle_days");
        c.cycle_days = Some(21);
        c.ended_on = Some(d("2026-08-01"));
        assert_eq!(c.validate("course").unwrap_err().path, "course.ended_on");
        c.ended_on = None;
        c.drugs = vec![];
        assert_eq!(c.validate("course").unwrap_err().path, "course.drugs");
        c.drugs = vec![Drug::Paclitaxel, Drug::Paclitaxel];
        assert_eq!(c.validate("course").unwrap_err().path, "course.drugs[1]");
    }
}
