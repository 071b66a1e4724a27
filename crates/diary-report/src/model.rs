//! The clinic-visit report as data: what the diary holds for one period, gathered once,
//! before any word or any page. It exists so that what goes into the report is a pure
//! function of the diary's data and the period ([`build`]), tested without a PDF, and so
//! that the renderer only lays out what it is given. Its alerts are the reports' and the
//! lab-only ones (a lab result entered on its own that the lab rules flagged). The parts
//! the app does not record yet (treatment cycles, the alert follow-up answer, the weekly
//! check-in, the patient's questions) are named fields here, empty today, that print
//! nothing while empty.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
use diary_core::courses::cycle_starts;
use diary_core::followup::{FollowUpAnswer, Record};
use diary_core::messages::Phones;
use diary_core::model::{Alert, Checkin, LabResult, Level, Profile, Rating, Therapy};
use diary_core::rules::subjects::{subjects_of, Input};
use diary_core::rules::{self, labs};
use diary_core::store::{Diary, SavedLabAlert, SavedReport, StoreError};
use std::collections::BTreeMap;
use std::fmt;

/// The days a report covers, both ends included, in the reporter's own calendar (a report
/// counts on the day its clock showed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    from: NaiveDate,
    to: NaiveDate,
}

/// A period whose first day is after its last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodError {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl fmt::Display for PeriodError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the first day {} is after the last day {}",
            self.from, self.to
        )
    }
}

impl std::error::Error for PeriodError {}

impl Period {
    /// The days from `from` to `to`, both included; `from` after `to` is an error.
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Period, PeriodError> {
        if from > to {
            return Err(PeriodError { from, to });
        }
        Ok(Period { from, to })
    }

    pub fn from(&self) -> NaiveDate {
        self.from
    }

    pub fn to(&self) -> NaiveDate {
        self.to
    }

    /// Whether `day` is one of the period's days.
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }

    /// How many days the period has (1 when it is one day).
    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }
}

/// The latest answer to "Did you reach your care team?" after an alert. This branch's
/// diary does not keep the answers yet: every alert's answer is `None` today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FollowUp {
    /// The patient reached the care team.
    Reached,
    /// Not reached yet.
    NotYet,
    /// The patient reached the care team, and what the team said (the patient's words,
    /// printed as text).
    TheySaid(String),
}

/// What raised an alert of the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlertSource {
    /// A daily report: the diary's number of it.
    Report(i64),
    /// A lab result entered on its own (a lab-only alert, warning-signs-v3.md, *Lab-only
    /// triage*): the diary's number of the lab result.
    Lab(i64),
}

/// One alert of the period, with its day: a report's day, or for a lab-only alert the
/// day its lab result was taken (the day the triage was made as of).
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodAlert {
    pub source: AlertSource,
    pub day: NaiveDate,
    /// When its report was recorded, or when its lab result was entered (in UTC).
    pub recorded_at: DateTime<FixedOffset>,
    pub alert: Alert,
    /// The latest answer to "Did you reach your care team?" about its report (`None`
    /// for a lab-only alert: the answers are kept per report).
    pub follow_up: Option<FollowUp>,
}

impl PeriodAlert {
    /// Whether a lab result entered on its own raised it.
    pub fn lab_only(&self) -> bool {
        matches!(self.source, AlertSource::Lab(_))
    }
}

/// An amber or red alert on a symptom's chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AlertMark {
    pub day: NaiveDate,
    /// The highest level of the day's amber and red alerts.
    pub level: Level,
    /// Whether one of them is about this symptom (the reference's subject table), rather
    /// than about something else reported that day.
    pub about_this: bool,
}

/// One rated symptom over the period.
#[derive(Debug, Clone, PartialEq)]
pub struct SymptomSeries {
    pub rating: Rating,
    /// The highest rating of each day it was rated, oldest first.
    pub days: Vec<(NaiveDate, u8)>,
    /// Days with an amber or red alert, oldest first.
    pub marks: Vec<AlertMark>,
}

/// The weights written in the period.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WeightSeries {
    /// The last weight written each day, oldest first.
    pub days: Vec<(NaiveDate, f64)>,
    /// The weight before treatment, from the profile.
    pub baseline: Option<f64>,
}

/// A lab result of the period with its CTCAE v5.0 grade (`None`: it cannot be graded).
#[derive(Debug, Clone, PartialEq)]
pub struct GradedLab {
    pub lab: LabResult,
    pub grade: Option<u8>,
}

/// A day of a treatment cycle, marked on every chart: "cycle 3, day 1" (from the diary's
/// treatment courses).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CycleMark {
    pub day: NaiveDate,
    pub cycle: u32,
    pub day_of_cycle: u32,
}

/// Everything the clinic-visit report shows, in no language yet.
#[derive(Debug, Clone, PartialEq)]
pub struct VisitReport {
    pub period: Period,
    /// The ruleset versions the period's reports were checked with (the current version
    /// when there were none), oldest first.
    pub rulesets: Vec<String>,
    /// The care team's numbers, as saved in the settings (no moment judged: the office
    /// counts as closed).
    pub phones: Phones,
    /// The patient's treatments (the profile's classes).
    pub therapies: Vec<Therapy>,
    /// Every alert of the period, the reports' and the lab-only ones, oldest day first
    /// (within a day, by the moment recorded or entered), each triage's alerts in its
    /// order.
    pub alerts: Vec<PeriodAlert>,
    /// One series per symptom rated in the period, in the vocabulary's order.
    pub symptoms: Vec<SymptomSeries>,
    pub weight: WeightSeries,
    /// The lab results taken in the period, oldest first.
    pub labs: Vec<GradedLab>,
    /// Treatment-cycle marks for the charts.
    pub cycles: Vec<CycleMark>,
    /// The patient's open questions for the next visit.
    pub questions: Vec<String>,
    /// The latest weekly check-in of the period, if one was answered in it.
    pub checkin: Option<Checkin>,
}

/// The report for `period` from the diary's data: its profile, the numbers to call, its
/// reports (any; those outside the period are left out), its lab results (likewise) and
/// its lab-only alerts (those whose lab result was taken in the period count). A pure
/// function: the same data and period give the same report.
pub fn build(
    period: Period,
    profile: &Profile,
    phones: &Phones,
    reports: &[SavedReport],
    labs: &[LabResult],
    lab_alerts: &[SavedLabAlert],
) -> VisitReport {
    let mut in_period: Vec<&SavedReport> = reports
        .iter()
        .filter(|s| period.contains(s.report.recorded_at.date_naive()))
        .collect();
    in_period.sort_by_key(|s| (s.report.recorded_at, s.id));

    let mut rulesets: Vec<String> = Vec::new();
    for s in &in_period {
        if !rulesets.contains(&s.triage.ruleset) {
            rulesets.push(s.triage.ruleset.clone());
        }
    }
    if rulesets.is_empty() {
        rulesets.push(rules::RULESET_VERSION.to_string());
    }

    let mut alerts: Vec<PeriodAlert> = in_period
        .iter()
        .flat_map(|s| {
            s.triage.alerts.iter().map(|a| PeriodAlert {
                source: AlertSource::Report(s.id),
                day: s.report.recorded_at.date_naive(),
                recorded_at: s.report.recorded_at,
                alert: a.clone(),
                follow_up: None,
            })
        })
        .collect();
    let mut lab_only: Vec<&SavedLabAlert> = lab_alerts
        .iter()
        .filter(|a| period.contains(a.as_of))
        .collect();
    lab_only.sort_by_key(|a| (a.as_of, a.raised_at, a.id));
    alerts.extend(lab_only.into_iter().map(|a| PeriodAlert {
        source: AlertSource::Lab(a.lab_id),
        day: a.as_of,
        recorded_at: a.raised_at.fixed_offset(),
        alert: a.alert.clone(),
        follow_up: None,
    }));
    // A stable sort: each triage's alerts stay in their order.
    alerts.sort_by_key(|a| (a.day, a.recorded_at));

    let mut per_rating: BTreeMap<Rating, BTreeMap<NaiveDate, u8>> = BTreeMap::new();
    let mut weights: BTreeMap<NaiveDate, f64> = BTreeMap::new();
    for s in &in_period {
        let day = s.report.recorded_at.date_naive();
        for (item, value) in &s.report.ratings {
            let worst = per_rating.entry(*item).or_default().entry(day).or_insert(0);
            *worst = (*worst).max(*value);
        }
        if let Some(kg) = s.report.weight_kg {
            weights.insert(day, kg);
        }
    }
    let symptoms = Rating::ALL
        .iter()
        .filter_map(|item| {
            let days = per_rating.get(item)?;
            Some(SymptomSeries {
                rating: *item,
                days: days.iter().map(|(d, v)| (*d, *v)).collect(),
                marks: marks_for(*item, &alerts),
            })
        })
        .collect();

    let labs = labs
        .iter()
        .filter(|l| period.contains(l.taken_on))
        .map(|l| GradedLab {
            lab: l.clone(),
            grade: labs::grade(l).map(|g| g.grade),
        })
        .collect();

    VisitReport {
        period,
        rulesets,
        phones: phones.clone(),
        therapies: profile.therapies.clone(),
        alerts,
        symptoms,
        weight: WeightSeries {
            days: weights.into_iter().collect(),
            baseline: profile.baseline_weight_kg,
        },
        labs,
        cycles: Vec::new(),
        questions: Vec::new(),
        checkin: None,
    }
}

/// The days of `alerts` with an amber or red alert, as marks on `item`'s chart.
fn marks_for(item: Rating, alerts: &[PeriodAlert]) -> Vec<AlertMark> {
    let own = subjects_of(Input::Rating(item));
    let mut by_day: BTreeMap<NaiveDate, AlertMark> = BTreeMap::new();
    for a in alerts.iter().filter(|a| a.alert.level >= Level::Amber) {
        let about_this = own.contains(&a.alert.subject);
        let mark = by_day.entry(a.day).or_insert(AlertMark {
            day: a.day,
            level: a.alert.level,
            about_this,
        });
        mark.level = mark.level.max(a.alert.level);
        mark.about_this |= about_this;
    }
    by_day.into_values().collect()
}

/// The report for `period` from an open diary: [`build`] over what the store holds.
pub fn from_diary(diary: &Diary, period: Period) -> Result<VisitReport, StoreError> {
    // A report counts on its own clock's day; clocks are at most 14 hours ahead of UTC,
    // so reading from the day before in UTC catches every report of the first day.
    let since =
        Utc.from_utc_datetime(&(period.from() - Duration::days(1)).and_time(NaiveTime::MIN));
    let reports = diary.reports_since(since)?;
    let labs = diary.labs()?;
    let lab_alerts = diary.lab_alerts()?;
    // The report lists the numbers and tells nobody whom to call now (its alert rows show
    // what triggered each alert, not its message), so no moment is judged: the office
    // counts as closed, the reading that puts the number that always answers first.
    let phones = diary.settings()?.phones(false);
    let mut report = build(
        period,
        &diary.profile()?,
        &phones,
        &reports,
        &labs,
        &lab_alerts,
    );
    // What happened after each red or amber (of a report, or a lab result entered on its
    // own): the latest answer to "Did you get through…?".
    for a in report
        .alerts
        .iter_mut()
        .filter(|a| a.alert.level >= Level::Amber)
    {
        let record = match a.source {
            AlertSource::Report(id) => Record::Report(id),
            AlertSource::Lab(id) => Record::Lab(id),
        };
        a.follow_up = diary
            .record_followups(record)?
            .last()
            .map(|answer| match answer.answer {
                FollowUpAnswer::Reached => FollowUp::Reached,
                FollowUpAnswer::NotYet => FollowUp::NotYet,
                FollowUpAnswer::TheySaid => {
                    FollowUp::TheySaid(answer.note.clone().unwrap_or_default())
                }
            });
    }
    // The first day of each cycle in the period (a continuous course has no cycles).
    report.cycles = cycle_starts(&diary.courses()?, period.from(), period.to())
        .into_iter()
        .filter_map(|(day, cycle, _)| {
            cycle.map(|cycle| CycleMark {
                day,
                cycle,
                day_of_cycle: 1,
            })
        })
        .collect();
    report.questions = diary
        .open_questions()?
        .into_iter()
        .map(|q| q.text)
        .collect();
    // The latest weekly check-in answered in the period, on its own clock's day.
    report.checkin = diary
        .checkins_since(since)?
        .into_iter()
        .map(|saved| saved.checkin)
        .rfind(|c| (period.from()..=period.to()).contains(&c.answered_at.date_naive()));
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use diary_core::model::{Report, RuleId, Subject, Triage};

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn saved(id: i64, at: &str, fatigue: u8) -> SavedReport {
        let mut report = Report::new(DateTime::parse_from_rfc3339(at).unwrap());
        report.ratings.insert(Rating::Fatigue, fatigue);
        SavedReport {
            id,
            uid: format!("r{id}"),
            report,
            triage: Triage {
                level: Level::None,
                ruleset: "1".into(),
                alerts: Vec::new(),
            },
        }
    }

    #[test]
    fn a_period_is_its_days_both_ends_included() {
        let p = Period::new(day(1), day(14)).unwrap();
        assert_eq!(p.days(), 14);
        assert!(p.contains(day(1)) && p.contains(day(14)));
        assert!(
            !p.contains(day(15)) && !p.contains(NaiveDate::from_ymd_opt(2026, 10, 31).unwrap())
        );
        assert_eq!(Period::new(day(5), day(5)).unwrap().days(), 1);
        let e = Period::new(day(6), day(5)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the first day 2026-11-06 is after the last day 2026-11-05"
        );
    }

    #[test]
    fn a_report_counts_on_its_own_clocks_day_and_the_worst_of_a_day_is_kept() {
        let p = Period::new(day(2), day(3)).unwrap();
        let reports = [
            // 23:30 on the 1st in Tashkent is the 1st there, though the 2nd is near in UTC.
            saved(1, "2026-11-01T23:30:00+05:00", 4),
            // 01:00 on the 2nd in Tashkent is still the 1st in UTC: it counts.
            saved(2, "2026-11-02T01:00:00+05:00", 1),
            saved(3, "2026-11-02T20:00:00+05:00", 3),
            saved(4, "2026-11-03T09:00:00+05:00", 2),
            saved(5, "2026-11-04T00:10:00+05:00", 4),
        ];
        let r = build(
            p,
            &Profile::default(),
            &Phones::default(),
            &reports,
            &[],
            &[],
        );
        assert_eq!(r.symptoms.len(), 1);
        assert_eq!(r.symptoms[0].days, vec![(day(2), 3), (day(3), 2)]);
        assert_eq!(r.rulesets, vec!["1".to_string()]);
        // With no report in the period, the current ruleset.
        let none = build(
            Period::new(day(20), day(21)).unwrap(),
            &Profile::default(),
            &Phones::default(),
            &reports,
            &[],
            &[],
        );
        assert_eq!(none.rulesets, vec![rules::RULESET_VERSION.to_string()]);
        assert!(none.symptoms.is_empty());
    }

    fn alert(rule: RuleId, level: Level, subject: Subject) -> Alert {
        Alert {
            rule,
            level,
            subject,
            detail: String::new(),
            message_key: format!("alert.{rule}"),
            advice_key: None,
            facts: Vec::new(),
        }
    }

    fn lab_alert(id: i64, as_of: NaiveDate, raised: &str) -> SavedLabAlert {
        SavedLabAlert {
            id,
            uid: format!("alert-{id}"),
            lab_id: 10 + id,
            as_of,
            raised_at: DateTime::parse_from_rfc3339(raised)
                .unwrap()
                .with_timezone(&Utc),
            alert: alert(RuleId::ALab, Level::Amber, Subject::Labs),
            seen_by_team_at: None,
            ruleset: "2".into(),
        }
    }

    #[test]
    fn a_lab_only_alert_counts_on_its_results_day_among_the_reports_alerts() {
        let p = Period::new(day(2), day(5)).unwrap();
        let mut reports = [
            saved(1, "2026-11-02T09:00:00+05:00", 3),
            saved(2, "2026-11-03T09:00:00+05:00", 3),
        ];
        for r in &mut reports {
            r.triage.alerts = vec![alert(RuleId::ASevere, Level::Amber, Subject::Fatigue)];
        }
        let labs = [
            // Taken on the 2nd, entered on the 4th: it counts on the 2nd, after its report.
            lab_alert(1, day(2), "2026-11-04T12:00:00Z"),
            // Taken before the period, entered in it: left out.
            lab_alert(2, day(1), "2026-11-03T12:00:00Z"),
            // Taken after the period: left out.
            lab_alert(3, day(6), "2026-11-06T12:00:00Z"),
        ];
        let r = build(
            p,
            &Profile::default(),
            &Phones::default(),
            &reports,
            &[],
            &labs,
        );
        let sources: Vec<(AlertSource, NaiveDate)> =
            r.alerts.iter().map(|a| (a.source, a.day)).collect();
        assert_eq!(
            sources,
            [
                (AlertSource::Report(1), day(2)),
                (AlertSource::Lab(11), day(2)),
                (AlertSource::Report(2), day(3)),
            ]
        );
        assert!(r.alerts[1].lab_only() && !r.alerts[0].lab_only());
        assert_eq!(r.alerts[1].alert.rule, RuleId::ALab);
        // An amber of the day marks the charts, as a report's does.
        assert_eq!(r.symptoms[0].marks.len(), 2);
    }
}
