use super::*;
use crate::model::*;
use crate::treatments;
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn now() -> DateTime<Utc> {
    at("2026-11-27T12:00:00Z").with_timezone(&Utc)
}

#[test]
fn a_saved_report_reads_back_the_same() {
    let mut d = Diary::open_in_memory().unwrap();
    let mut r = Report::new(at("2026-11-20T08:30:00.123+05:00"));
    r.ratings.insert(Rating::Pain, 2);
    r.signs = vec![Sign::PaleStools, Sign::DarkUrine];
    r.temperature_c = Some(37.2);
    r.note = Some("<img src=x onerror=alert(1)>".into());
    let saved = d.add_report(r.clone(), now()).unwrap();
    let back = d.report(saved.id).unwrap().unwrap();
    // The diary gave it a stable id (a UUID), returned with it and read back with it.
    let id = saved.report.id.clone().expect("an id");
    assert!(uuid::Uuid::parse_str(&id).is_ok(), "{id}");
    assert_eq!(back.report.id.as_deref(), Some(id.as_str()));
    assert_eq!(back.report, Report { id: Some(id), ..r });
    assert_eq!(back.report.recorded_at.offset().local_minus_utc(), 5 * 3600);
    assert_eq!(d.outbox_waiting().unwrap(), 1 + saved.triage.alerts.len());
    // Its alerts read back whole, the facts for the patient's words included.
    assert!(saved.triage.alerts.iter().all(|a| !a.facts.is_empty()));
    assert_eq!(back.triage, saved.triage);
    let history: Vec<Alert> = d
        .alert_history(10)
        .unwrap()
        .into_iter()
        .map(|s| s.alert)
        .collect();
    assert_eq!(history, saved.triage.alerts);
}

#[test]
fn treatments_picked_by_name_set_the_classes_the_rules_read() {
    let mut d = Diary::open_in_memory().unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
    // An older diary saved classes only: a CDK4/6 class read from version 1 as both.
    let old = Profile {
        therapies: vec![
            Therapy::Taxane,
            Therapy::Cdk46Inhibitor,
            Therapy::Abemaciclib,
        ],
        ..Profile::default()
    };
    d.set_profile(&old).unwrap();
    let t = d.treatments().unwrap();
    assert!(treatments::review_due(&old, &t, day), "never confirmed");
    assert!(treatments::asks_which_cdk46(&old, &t));
    // "Ribociclib": abemaciclib's class goes, the answer is remembered.
    d.answer_cdk46(Some(Drug::Ribociclib)).unwrap();
    assert_eq!(
        d.profile().unwrap().therapies,
        vec![Therapy::Taxane, Therapy::Cdk46Inhibitor]
    );
    let t = d.treatments().unwrap();
    assert_eq!(t.drugs, vec![Drug::Ribociclib]);
    assert!(!treatments::asks_which_cdk46(&d.profile().unwrap(), &t));
    // Not a CDK4/6 drug: refused, nothing changed.
    assert!(d.answer_cdk46(Some(Drug::Letrozole)).is_err());
    assert_eq!(d.treatments().unwrap(), t);
    // Picking by name: docetaxel names the taxane; capecitabine adds its class; the
    // classes no drug names are kept as given.
    let p = Profile {
        therapies: vec![Therapy::Other],
        ..d.profile().unwrap()
    };
    d.set_treatments(
        &p,
        &[Drug::Docetaxel, Drug::Capecitabine, Drug::Docetaxel],
        day,
    )
    .unwrap();
    assert_eq!(
        d.profile().unwrap().therapies,
        vec![Therapy::Taxane, Therapy::Capecitabine, Therapy::Other]
    );
    let t = d.treatments().unwrap();
    assert_eq!(t.drugs, vec![Drug::Docetaxel, Drug::Capecitabine]);
    assert_eq!(t.confirmed_on, Some(day));
    assert!(!treatments::review_due(&d.profile().unwrap(), &t, day));
    // 28 days on, the question comes back; "still the same" puts it off again.
    let later = day + Duration::days(28);
    assert!(treatments::review_due(&d.profile().unwrap(), &t, later));
    d.confirm_treatments(later).unwrap();
    assert!(!treatments::review_due(
        &d.profile().unwrap(),
        &d.treatments().unwrap(),
        later
    ));
}

#[test]
fn an_alert_saved_before_facts_keeps_its_detail() {
    let mut d = Diary::open_in_memory().unwrap();
    let mut r = Report::new(at("2026-11-20T08:30:00Z"));
    r.signs = vec![Sign::ChestPain];
    d.add_report(r, now()).unwrap();
    // As an alert saved under schema 4 is: no facts.
    d.conn
        .execute("UPDATE alerts SET facts = NULL", [])
        .unwrap();
    let old = d.alert_history(1).unwrap().remove(0).alert;
    assert!(old.facts.is_empty());
    let words = crate::messages::explain_alert("ru", &old, &Default::default());
    assert_eq!(
        words.detail, "chest pain",
        "the care team's detail, as saved"
    );
    // A saved one reads in the patient's language.
    let mut r = Report::new(at("2026-11-20T09:30:00Z"));
    r.signs = vec![Sign::ChestPain];
    d.add_report(r, now()).unwrap();
    let new = d.alert_history(1).unwrap().remove(0).alert;
    let words = crate::messages::explain_alert("ru", &new, &Default::default());
    assert_eq!(words.detail, "Вы отметили: «Боль в груди».");
}

#[test]
fn a_bad_report_is_refused_and_nothing_is_written() {
    let mut d = Diary::open_in_memory().unwrap();
    let mut r = Report::new(at("2026-11-20T08:30:00Z"));
    r.ratings.insert(Rating::Pain, 7);
    let e = d.add_report(r, now()).unwrap_err();
    assert_eq!(e.to_string(), "report.ratings.pain: 7 is out of range 0–4");
    assert_eq!(e.code(), "invalid_field");
    assert_eq!(d.report_count().unwrap(), 0);
    assert_eq!(d.outbox_waiting().unwrap(), 0);
}

#[test]
fn settings_are_checked_and_kept() {
    let mut d = Diary::open_in_memory().unwrap();
    assert_eq!(d.settings().unwrap(), Settings::default());
    let mut s = Settings {
        language: "uz".into(),
        line_24h_phone: Some("+998 71 123 45 67".into()),
        ..Settings::default()
    };
    d.set_settings(&s).unwrap();
    assert_eq!(d.settings().unwrap(), s);
    s.emergency_phone = Some("call me".into());
    let e = d.set_settings(&s).unwrap_err();
    assert!(
        e.to_string().starts_with("settings.emergency_phone:"),
        "{e}"
    );
}

#[test]
fn a_reminder_that_is_on_always_has_a_time() {
    let mut d = Diary::open_in_memory().unwrap();
    // A new diary: reminders on, at the default time (a value, not an empty field).
    let s = d.settings().unwrap();
    assert!(s.reminders_on);
    assert_eq!(s.reminder_time.as_deref(), Some(DEFAULT_REMINDER_TIME));
    // Saving "on" without a time is refused, naming the field.
    let mut no_time = s.clone();
    no_time.reminder_time = None;
    let e = d.set_settings(&no_time).unwrap_err();
    assert!(e.to_string().starts_with("settings.reminder_time:"), "{e}");
    // Off without a time is fine.
    no_time.reminders_on = false;
    d.set_settings(&no_time).unwrap();
    assert_eq!(d.settings().unwrap().reminder_time, None);
    // A diary saved by an older version with "on" and no time reads with the default.
    d.conn
        .execute(
            "UPDATE settings SET value = ?1 WHERE key = 'app'",
            [r#"{"reminders_on": true, "reminder_time": null}"#],
        )
        .unwrap();
    assert_eq!(
        d.settings().unwrap().reminder_time.as_deref(),
        Some(DEFAULT_REMINDER_TIME)
    );
}

/// A diary file at schema version 2 (before ruleset v2) whose profile lists `therapies`.
fn schema_2_diary(path: &std::path::Path, therapies: &[&str]) {
    let c = rusqlite::Connection::open(path).unwrap();
    c.execute_batch(MIGRATIONS[0]).unwrap();
    c.execute_batch(MIGRATIONS[1]).unwrap();
    for (i, t) in therapies.iter().enumerate() {
        c.execute(
            "INSERT INTO profile_therapies (therapy, position) VALUES (?1, ?2)",
            rusqlite::params![t, i as i64],
        )
        .unwrap();
    }
    c.pragma_update(None, "user_version", 2).unwrap();
    c.pragma_update(None, "application_id", APPLICATION_ID)
        .unwrap();
}

#[test]
fn an_old_cdk46_profile_gets_abemaciclib_when_the_diary_upgrades() {
    let dir = tempfile::tempdir().unwrap();
    for (therapies, expect) in [
        (
            &["endocrine", "cdk46_inhibitor"][..],
            &[
                Therapy::Endocrine,
                Therapy::Cdk46Inhibitor,
                Therapy::Abemaciclib,
            ][..],
        ),
        (&["capecitabine"][..], &[Therapy::Capecitabine][..]),
        (&[][..], &[][..]),
    ] {
        let path = dir.path().join(format!("old-{}.sqlite", therapies.len()));
        schema_2_diary(&path, therapies);
        let d = Diary::open_with(&path, KeyPolicy::KeyFile).unwrap();
        assert_eq!(d.schema_version().unwrap(), MIGRATIONS.len() as i64);
        assert_eq!(d.profile().unwrap().therapies, expect, "{therapies:?}");
        drop(d);
        // Opening again changes nothing.
        let d = Diary::open_with(&path, KeyPolicy::KeyFile).unwrap();
        assert_eq!(d.profile().unwrap().therapies, expect);
    }
}

/// The care team's office hours: saved with the profile (migration 0016), read back as
/// saved, cleared by a profile without them, refused with the field named and nothing
/// written; `phones_at` judges them at the moment it is given.
#[test]
fn office_hours_are_kept_with_the_profile_and_judged_at_the_moment_given() {
    let mut d = Diary::open_in_memory().unwrap();
    let settings = Settings {
        team_phone: Some("222".into()),
        line_24h_phone: Some("111".into()),
        ..Settings::default()
    };
    d.set_settings(&settings).unwrap();
    let friday_noon = at("2026-11-20T12:00:00+05:00");
    let friday_night = at("2026-11-20T20:00:00+05:00");
    // None saved: never open.
    assert_eq!(d.profile().unwrap().office_hours, None);
    assert!(!d.phones_at(friday_noon).unwrap().office_open);
    let hours = OfficeHours {
        days: vec![OfficeDay::Fri, OfficeDay::Mon],
        open: 8 * 60 + 30,
        close: 17 * 60,
    };
    let p = Profile {
        therapies: vec![Therapy::Capecitabine],
        office_hours: Some(hours.clone()),
        ..Profile::default()
    };
    d.set_profile(&p).unwrap();
    assert_eq!(d.profile().unwrap(), p);
    let open = d.phones_at(friday_noon).unwrap();
    assert!(open.office_open);
    assert_eq!(open.care_team.as_deref(), Some("222"));
    assert_eq!(
        open.line_for(Level::Amber),
        Some(crate::messages::Line::CareTeam)
    );
    let closed = d.phones_at(friday_night).unwrap();
    assert!(!closed.office_open);
    assert_eq!(
        closed.line_for(Level::Amber),
        Some(crate::messages::Line::Line24h)
    );
    // The same instant on a UTC clock is 07:00, before opening.
    assert!(!d.phones_at(at("2026-11-20T07:00:00Z")).unwrap().office_open);
    // Picking treatments by name keeps them.
    d.set_treatments(
        &p,
        &[Drug::Capecitabine],
        NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
    )
    .unwrap();
    assert_eq!(d.profile().unwrap().office_hours, Some(hours.clone()));
    // Wrong office hours are refused naming the field, and nothing changes.
    let wrong = Profile {
        office_hours: Some(OfficeHours {
            close: 8 * 60,
            ..hours.clone()
        }),
        ..p.clone()
    };
    let e = d.set_profile(&wrong).unwrap_err();
    assert_eq!(
        e.to_string(),
        "profile.office_hours.close: 08:00 is not after the opening time, 08:30"
    );
    assert_eq!(d.profile().unwrap().office_hours, Some(hours.clone()));
    // A profile without them clears them.
    d.set_profile(&Profile::default()).unwrap();
    assert_eq!(d.profile().unwrap().office_hours, None);
    // Export and import carry them.
    d.set_profile(&p).unwrap();
    let doc = d.export().unwrap();
    assert_eq!(doc.profile.office_hours, Some(hours.clone()));
    let mut other = Diary::open_in_memory().unwrap();
    other.import(&doc, now()).unwrap();
    assert_eq!(other.profile().unwrap().office_hours, Some(hours));
}
