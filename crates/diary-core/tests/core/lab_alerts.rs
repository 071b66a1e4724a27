//! A lab-only alert as the store keeps it (`Diary::add_lab`, migration 0014): a lab
//! result entered on its own that the lab rules flag (neutrophils 0.3, platelets 20) must
//! not end on the screen. These cases pin that every alert the entry's triage shows is
//! saved with its outbox row and its moment of entry, that entering a second, normal result
//! the same day sends no second Task, that a result which changes what the alert says is a
//! new alert, that a normal result raises nothing, and that an import (the diary moved)
//! raises nothing either: it is not an entry.

use super::now;
use chrono::{Duration, NaiveDate};
use diary_core::model::*;
use diary_core::store::{Diary, Kind, Payload};

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 18).unwrap()
}

fn lab(test: LabTest, value: f64, unit: LabUnit, low: Option<f64>) -> LabResult {
    LabResult {
        id: None,
        taken_on: day(),
        test,
        value,
        unit,
        ref_low: low,
        ref_high: None,
        baseline: None,
    }
}

fn platelets(value: f64) -> LabResult {
    lab(LabTest::Platelets, value, LabUnit::E9PerL, Some(150.0))
}

fn neutrophils(value: f64) -> LabResult {
    lab(LabTest::Neutrophils, value, LabUnit::E9PerL, Some(2.0))
}

/// The waiting outbox rows of kind `lab_alert`.
fn lab_alert_rows(d: &Diary) -> Vec<diary_core::store::Waiting> {
    d.sync_waiting()
        .unwrap()
        .into_iter()
        .filter(|w| w.kind == Kind::LabAlert)
        .collect()
}

/// `(rule, level)` of every lab-only alert kept, newest entry first.
fn kept(d: &Diary) -> Vec<(RuleId, Level)> {
    d.lab_alerts()
        .unwrap()
        .iter()
        .map(|a| (a.alert.rule, a.alert.level))
        .collect()
}

#[test]
fn a_lab_result_the_rules_flag_is_kept_as_an_alert_with_its_outbox_row() {
    let mut d = Diary::open_in_memory().unwrap();
    let entered = d.add_lab(&platelets(20.0), now()).unwrap();
    let id = entered.id;
    // What the screen shows is what was kept, and what a later look at the day gives.
    let shown = entered.triage;
    assert_eq!(shown, d.lab_triage(day()).unwrap());
    assert_eq!(shown.level, Level::Amber);
    let alerts = d.lab_alerts().unwrap();
    assert_eq!(alerts.len(), shown.alerts.len());
    let a = &alerts[0];
    assert_eq!((a.alert.rule, a.alert.level), (RuleId::ALab, Level::Amber));
    assert_eq!((a.lab_id, a.as_of, a.raised_at), (id, day(), now()));
    assert!(
        a.alert.detail.contains("platelets 20"),
        "{}",
        a.alert.detail
    );
    assert!(
        !a.alert.facts.is_empty(),
        "the patient's words are kept too"
    );
    let rows = lab_alert_rows(&d);
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0].report_id,
        Some(id),
        "the lab result is the alert's parent"
    );
    // Sync loads it with the lab result it rests on.
    let payloads = d.sync_payloads(&[rows[0].outbox_id]).unwrap();
    match &payloads[0].1 {
        Payload::LabAlert(alert, lab_uid, l) => {
            assert_eq!(alert.uid, a.uid);
            assert!(lab_uid.starts_with("lab-"));
            assert_eq!(l.value, 20.0);
        }
        other => panic!("expected a lab alert, got {other:?}"),
    }
}

#[test]
fn a_normal_result_raises_nothing() {
    let mut d = Diary::open_in_memory().unwrap();
    d.add_lab(&platelets(180.0), now()).unwrap();
    assert_eq!(kept(&d), []);
    assert!(lab_alert_rows(&d).is_empty());
}

#[test]
fn a_second_normal_result_the_same_day_sends_no_second_task() {
    let mut d = Diary::open_in_memory().unwrap();
    d.add_lab(&platelets(20.0), now()).unwrap();
    let alt = LabResult {
        ref_high: Some(40.0),
        ..lab(LabTest::Alt, 30.0, LabUnit::UPerL, None)
    };
    d.add_lab(&alt, now() + Duration::minutes(2)).unwrap();
    assert_eq!(kept(&d), [(RuleId::ALab, Level::Amber)]);
    assert_eq!(lab_alert_rows(&d).len(), 1);
}

#[test]
fn a_result_that_changes_what_the_alert_says_is_a_new_alert() {
    let mut d = Diary::open_in_memory().unwrap();
    d.add_lab(&platelets(20.0), now()).unwrap();
    d.add_lab(&neutrophils(0.3), now() + Duration::minutes(2))
        .unwrap();
    let alerts = d.lab_alerts().unwrap();
    assert_eq!(alerts.len(), 2, "{alerts:#?}");
    // Newest entry first: its alert names both results.
    assert!(alerts[0].alert.detail.contains("neutrophils 0.3"));
    assert!(alerts[0].alert.detail.contains("platelets 20"));
    assert_ne!(alerts[0].uid, alerts[1].uid);
    assert_eq!(lab_alert_rows(&d).len(), 2);
}

#[test]
fn an_import_raises_no_lab_alert() {
    let mut d = Diary::open_in_memory().unwrap();
    let doc = Document {
        labs: vec![platelets(20.0)],
        ..Document::default()
    };
    d.import(&doc, now()).unwrap();
    assert_eq!(kept(&d), []);
}

#[test]
fn the_care_teams_acknowledgement_is_recorded_on_a_lab_alert() {
    let mut d = Diary::open_in_memory().unwrap();
    d.add_lab(&platelets(20.0), now()).unwrap();
    let uid = d.lab_alerts().unwrap()[0].uid.clone();
    assert!(d
        .record_seen_by_team(&uid, now() + Duration::minutes(20))
        .unwrap());
    assert_eq!(
        d.lab_alerts().unwrap()[0].seen_by_team_at,
        Some(now() + Duration::minutes(20))
    );
}

#[test]
fn a_lab_only_alert_names_the_lab_result_it_rests_on() {
    let mut d = Diary::open_in_memory().unwrap();
    d.add_lab(&platelets(20.0), now()).unwrap();
    let entered = d
        .add_lab(&neutrophils(0.3), now() + Duration::minutes(2))
        .unwrap();
    let newest = &d.lab_alerts().unwrap()[0];
    assert_eq!(newest.lab_id, entered.id);
    // The history shows the result whose entry raised it: neutrophils 0.3, not platelets.
    let lab = d.lab(newest.lab_id).unwrap().expect("the lab result");
    assert_eq!(
        (lab.test, lab.value, lab.taken_on),
        (LabTest::Neutrophils, 0.3, day())
    );
    assert!(lab.id.is_some(), "its record id");
    assert_eq!(d.lab(entered.id + 100).unwrap(), None);
}
