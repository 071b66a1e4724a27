//! Golden-JSON tests of the mapping: fixed reports, labs and alerts must map to exactly
//! the resources in `src/mapping/golden/*.json`. A change to what the care team's server
//! receives is thus always a visible diff. `DIARY_BLESS=1 cargo test -p diary-sync
//! golden` rewrites the files (review the diff before committing).

use super::*;
use chrono::{DateTime, Utc};
use diary_core::model::*;
use diary_core::store::{SavedAlert, SavedCheckin, SavedReport};
use serde_json::Value;
use std::path::PathBuf;

fn golden(name: &str, value: &Value) {
    let path = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    )
    .join("src/mapping/golden")
    .join(name);
    let text = serde_json::to_string_pretty(value).unwrap() + "\n";
    if std::env::var("DIARY_BLESS").as_deref() == Ok("1") {
        std::fs::write(&path, &text).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing {}: run with DIARY_BLESS=1", path.display()));
    assert_eq!(
        text,
        want,
        "{} differs; if the change is intended, run DIARY_BLESS=1 cargo test -p diary-sync golden",
        path.display()
    );
}

const PATIENT: &str = "Patient/p1";
/// The diary's own id (`Diary::diary_id`), in place of anything from the care team.
const DIARY_ID: &str = "0b9e2c3a-9999-4c4c-8888-000000000001";

fn at(s: &str) -> DateTime<chrono::FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn red_report() -> SavedReport {
    let mut r = Report::new(at("2026-11-20T08:30:00+05:00"));
    r.ratings.insert(Rating::Fatigue, 2);
    r.ratings.insert(Rating::Jaundice, 3);
    r.temperature_c = Some(38.4);
    r.weight_kg = Some(63.5);
    r.stools_above_usual = Some(0);
    r.signs = vec![Sign::Shivering, Sign::DarkUrine];
    r.note = Some("slept badly <b>not markup</b>".into());
    SavedReport {
        id: 7,
        uid: "report-0b9e2c3a-1111-4c4c-8888-000000000001".into(),
        report: r,
        triage: Triage {
            level: Level::Red,
            ruleset: "1".into(),
            alerts: vec![fever()],
        },
    }
}

fn fever() -> Alert {
    Alert {
        rule: RuleId::RFever,
        level: Level::Red,
        subject: Subject::Temperature,
        detail: "temperature 38.4 °C ≥ 38.0 °C".into(),
        message_key: "alert.R-FEVER".into(),
        advice_key: None,
        facts: Vec::new(),
    }
}

fn caregiver_report() -> SavedReport {
    let mut r = Report::new(at("2026-11-22T19:05:00-03:00"));
    r.reporter = Reporter::Caregiver;
    r.ratings.insert(Rating::Pain, 0);
    SavedReport {
        id: 8,
        uid: "report-0b9e2c3a-1111-4c4c-8888-000000000002".into(),
        report: r,
        triage: Triage {
            level: Level::None,
            ruleset: "1".into(),
            alerts: vec![],
        },
    }
}

#[test]
fn golden_report_observations() {
    let entries = report_entries(&red_report(), PATIENT);
    let resources: Vec<Value> = entries.iter().map(|e| e.resource.clone()).collect();
    golden("report-red.json", &Value::Array(resources));
    let resources: Vec<Value> = report_entries(&caregiver_report(), PATIENT)
        .iter()
        .map(|e| e.resource.clone())
        .collect();
    golden("report-caregiver.json", &Value::Array(resources));
    // Every resource has a business identifier and a stable id.
    for e in &entries {
        assert!(e.resource["identifier"][0]["value"].is_string());
        assert_eq!(e.write, Write::Put);
        assert_eq!(
            e.id(),
            resource_id(
                e.resource["identifier"][0]["system"].as_str().unwrap(),
                e.resource["identifier"][0]["value"].as_str().unwrap()
            )
        );
    }
}

#[test]
fn golden_labs() {
    let labs = [
        (
            "lab-0b9e2c3a-2222-4c4c-8888-000000000001",
            LabResult {
                id: None,
                taken_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 18).unwrap(),
                test: LabTest::Bilirubin,
                value: 42.0,
                unit: LabUnit::UmolPerL,
                ref_low: Some(3.0),
                ref_high: Some(21.0),
                baseline: Some(12.0),
            },
        ),
        (
            "lab-0b9e2c3a-2222-4c4c-8888-000000000002",
            LabResult {
                id: None,
                taken_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 18).unwrap(),
                test: LabTest::Platelets,
                value: 180.0,
                unit: LabUnit::E9PerL,
                ref_low: Some(150.0),
                ref_high: None,
                baseline: None,
            },
        ),
    ];
    let resources: Vec<Value> = labs
        .iter()
        .map(|(uid, l)| lab_entry(uid, l, PATIENT).resource)
        .collect();
    golden("labs.json", &Value::Array(resources));
}

#[test]
fn golden_alert_task_and_bundle() {
    let report = red_report();
    let alert = SavedAlert {
        id: 3,
        uid: "alert-0b9e2c3a-3333-4c4c-8888-000000000001".into(),
        report_id: report.id,
        recorded_at: report.report.recorded_at,
        alert: fever(),
        seen_by_team_at: None,
    };
    let task = alert_entry(&alert, &report, PATIENT);
    assert_eq!(task.write, Write::CreateOnce);
    golden("alert-task.json", &task.resource);
    // The Task points at the panel and at the temperature and shivering Observations.
    assert_eq!(
        task.resource["focus"]["reference"],
        format!("Observation/{}", panel_id(&report.uid))
    );
    let inputs: Vec<&str> = task.resource["input"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["valueReference"]["reference"].as_str())
        .collect();
    assert_eq!(
        inputs,
        vec![
            format!("Observation/{}", item_id(&report.uid, ItemKey::Temperature)),
            format!(
                "Observation/{}",
                item_id(&report.uid, ItemKey::Sign(Sign::Shivering))
            ),
        ]
    );
    // One concept in `code`; the rule is the reason, the subject an input.
    assert_eq!(task.resource["code"]["coding"].as_array().unwrap().len(), 1);
    assert_eq!(task.resource["reasonCode"]["coding"][0]["code"], "R-FEVER");
    let mut entries = report_entries(&report, PATIENT);
    entries.push(task);
    let now: DateTime<Utc> = "2026-11-20T03:31:00Z".parse().unwrap();
    let provenance = provenance_entry(&entries, &[Reporter::Patient], PATIENT, "0.1.0", now);
    // Every resource of the bundle is a target; the Task by its identifier.
    let targets = provenance.resource["target"].as_array().unwrap();
    assert_eq!(targets.len(), entries.len());
    assert_eq!(targets.last().unwrap()["identifier"]["value"], alert.uid);
    entries.push(provenance);
    let bundle = transaction(&entries, "https://fhir.example.org/r4/");
    golden("transaction.json", &bundle);
    // The create-once condition is escaped and URL-encoded.
    let task_entry = &bundle["entry"][entries.len() - 2];
    assert_eq!(
        task_entry["request"]["ifNoneExist"],
        "identifier=https%3A%2F%2Ffhir.symptom-diary.org%2Fsid%2Falert%7Calert-0b9e2c3a-3333-4c4c-8888-000000000001"
    );
}

#[test]
fn golden_weekly_summary() {
    let reports = [red_report(), caregiver_report()];
    let week = Week {
        start: chrono::NaiveDate::from_ymd_opt(2026, 11, 16).unwrap(),
        offset_s: 5 * 3600,
        reports: &reports,
        latest_checkin: None,
    };
    let patient = DIARY_ID;
    let now: DateTime<Utc> = "2026-11-27T12:00:00Z".parse().unwrap();
    golden(
        "weekly-summary.json",
        &weekly_summary_entry(&week, patient, PATIENT, now).resource,
    );
}

#[test]
fn inbox_items_read_back_what_alert_entry_wrote() {
    let report = red_report();
    let alert = SavedAlert {
        id: 3,
        uid: "alert-x".into(),
        report_id: report.id,
        recorded_at: report.report.recorded_at,
        alert: fever(),
        seen_by_team_at: None,
    };
    let mut task = alert_entry(&alert, &report, PATIENT).resource;
    task["meta"] = serde_json::json!({ "versionId": "1" });
    let item = inbox_item_from_task(&task).unwrap();
    assert_eq!(item.alert_uid, "alert-x");
    assert_eq!(item.level, Level::Red);
    assert_eq!(item.rule, "R-FEVER");
    assert_eq!(item.subject, "temperature");
    assert_eq!(item.status, "requested");
    assert_eq!(item.version.as_deref(), Some("1"));
    let now: DateTime<Utc> = "2026-11-20T09:05:00Z".parse().unwrap();
    // Seen: still open, with who and when; the inbox item says so.
    let seen = task_step(&task, Step::Seen, Some("Nurse Karimova"), now);
    assert_eq!(seen["status"], "accepted");
    assert_eq!(seen["businessStatus"]["coding"][0]["code"], "seen");
    assert_eq!(
        seen["businessStatus"]["coding"][0]["system"],
        CS_ALERT_STATE
    );
    assert_eq!(seen["note"][0]["authorString"], "Nurse Karimova");
    assert_eq!(acknowledged_at(&seen), Some(now));
    let item = inbox_item_from_task(&seen).unwrap();
    assert_eq!(item.seen_at.as_deref(), Some("2026-11-20T09:05:00Z"));
    assert_eq!(item.seen_by.as_deref(), Some("Nurse Karimova"));
    assert_eq!(acknowledge(&task, now)["status"], "accepted");
    // Closed later: completed, and it was still seen when it was first seen.
    let later: DateTime<Utc> = "2026-11-20T11:00:00Z".parse().unwrap();
    let closed = task_step(&seen, Step::Closed, None, later);
    assert_eq!(closed["status"], "completed");
    assert_eq!(closed["businessStatus"]["coding"][0]["code"], "closed");
    assert_eq!(closed["executionPeriod"]["end"], "2026-11-20T11:00:00Z");
    assert_eq!(closed["note"].as_array().unwrap().len(), 2);
    assert_eq!(acknowledged_at(&closed), Some(now));
    // A Task sent before the rule moved to `reasonCode` still reads.
    let mut old = task.clone();
    old["code"]["coding"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({ "system": CS_RULE, "code": "R-FEVER" }));
    old["reasonCode"] =
        serde_json::json!({ "coding": [{ "system": CS_SUBJECT, "code": "temperature" }] });
    old["input"] = serde_json::json!([]);
    let item = inbox_item_from_task(&old).unwrap();
    assert_eq!(
        (item.rule.as_str(), item.subject.as_str()),
        ("R-FEVER", "temperature")
    );
}

#[test]
fn every_item_has_its_own_code_and_the_rules_subjects() {
    use super::report::{rating_code, sign_code, ItemKey};
    use super::task::triggering_items;
    use std::collections::BTreeSet;
    let mut codes = BTreeSet::new();
    for r in Rating::ALL {
        assert!(codes.insert(rating_code(*r)), "{r}");
    }
    for s in Sign::ALL {
        assert!(codes.insert(sign_code(*s)), "{s}");
    }
    assert!(codes.contains("rash") && codes.contains("sign-hand-flap"));
    // The subjects come from the rules' one map: a cholangitis alert points at the
    // temperature, the jaundice and the belly pain; early encephalopathy at its signs.
    let mut r = Report::new(at("2026-11-20T08:30:00+05:00"));
    r.temperature_c = Some(38.4);
    r.ratings.insert(Rating::Jaundice, 1);
    r.ratings.insert(Rating::AbdominalPain, 2);
    r.ratings.insert(Rating::Fatigue, 1);
    r.signs = vec![Sign::HandFlap, Sign::SkinBlisters];
    assert_eq!(
        triggering_items(&r, Subject::Cholangitis),
        [
            ItemKey::Rating(Rating::Jaundice),
            ItemKey::Rating(Rating::AbdominalPain),
            ItemKey::Temperature
        ]
    );
    assert_eq!(
        triggering_items(&r, Subject::Confusion),
        [ItemKey::Sign(Sign::HandFlap)]
    );
    assert_eq!(
        triggering_items(&r, Subject::Skin),
        [ItemKey::Sign(Sign::SkinBlisters)]
    );
}

fn checkin(reporter: Reporter) -> SavedCheckin {
    let patient = reporter == Reporter::Patient;
    SavedCheckin {
        id: 4,
        uid: "checkin-0b9e2c3a-4444-4c4c-8888-000000000001".into(),
        checkin: Checkin {
            id: Some("0b9e2c3a-4444-4c4c-8888-000000000001".into()),
            answered_at: at("2026-11-19T18:00:00+05:00"),
            reporter,
            phq2: patient.then_some([2, 2]),
            gad2: patient.then_some([1, 0]),
            self_harm_thoughts: patient.then_some(true),
            function: 2,
            social: 1,
            eating: 2,
            caregiver_strain: (!patient).then_some(3),
        },
        // As `rules::triage_checkin` judges them: the patient's self-harm thoughts amber,
        // the caregiver's strain of 3 green.
        triage: if patient {
            Triage {
                level: Level::Amber,
                ruleset: "2".into(),
                alerts: vec![Alert {
                    rule: RuleId::ASelfHarm,
                    level: Level::Amber,
                    subject: Subject::Mood,
                    detail: "thoughts of being better off dead or of self-harm: yes".into(),
                    message_key: "alert.A-SELF-HARM".into(),
                    advice_key: None,
                    facts: Vec::new(),
                }],
            }
        } else {
            Triage {
                level: Level::Green,
                ruleset: "2".into(),
                alerts: vec![Alert {
                    rule: RuleId::GCaregiver,
                    level: Level::Green,
                    subject: Subject::Caregiver,
                    detail: "caregiver strain 3 ≥ 3".into(),
                    message_key: "alert.G-CAREGIVER".into(),
                    advice_key: Some("advice.caregiver".into()),
                    facts: Vec::new(),
                }],
            }
        },
    }
}

/// A check-in is one QuestionnaireResponse (`PUT`, id from its uid) holding only the items
/// asked; its amber alert a Task whose focus is that response.
#[test]
fn golden_checkin_response_and_task() {
    let s = checkin(Reporter::Patient);
    let entry = checkin_entry(&s, PATIENT);
    assert_eq!(entry.write, Write::Put);
    assert_eq!(entry.id(), resource_id(SID_CHECKIN, &s.uid));
    golden("checkin.json", &entry.resource);
    let links = |r: &Value| -> Vec<String> {
        r["item"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["linkId"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(links(&entry.resource).contains(&"self-harm".to_string()));
    assert!(!links(&entry.resource).contains(&"caregiver-strain".to_string()));
    // A caregiver's: no PHQ-2, GAD-2 or self-harm item, their strain instead.
    let carer = checkin_entry(&checkin(Reporter::Caregiver), PATIENT).resource;
    assert_eq!(
        links(&carer),
        [
            "function",
            "social",
            "eating",
            "caregiver-strain",
            "triage-level"
        ]
    );
    assert_eq!(carer["author"]["type"], "RelatedPerson");
    let task = checkin_alert_entry(
        "alert-0b9e2c3a-4444-4c4c-8888-000000000002",
        &s.triage.alerts[0],
        &s,
        PATIENT,
    );
    assert_eq!(task.write, Write::CreateOnce);
    assert_eq!(
        task.resource["focus"]["reference"],
        format!("QuestionnaireResponse/{}", checkin_response_id(&s.uid))
    );
    assert_eq!(task.resource["priority"], "urgent");
    golden("checkin-task.json", &task.resource);
    let item = inbox_item_from_task(&task.resource).unwrap();
    assert_eq!(
        (item.rule.as_str(), item.level),
        ("A-SELF-HARM", Level::Amber)
    );
}

/// The weekly summary names the latest check-in: its scores and its triage.
#[test]
fn the_weekly_summary_tells_the_latest_checkin() {
    let reports = [caregiver_report()];
    let patient_checkin = checkin(Reporter::Patient);
    let week = Week {
        start: chrono::NaiveDate::from_ymd_opt(2026, 11, 16).unwrap(),
        offset_s: 5 * 3600,
        reports: &reports,
        latest_checkin: Some(&patient_checkin),
    };
    let patient = DIARY_ID;
    let now: DateTime<Utc> = "2026-11-27T12:00:00Z".parse().unwrap();
    let summary = weekly_summary_entry(&week, patient, PATIENT, now).resource;
    let conclusion = summary["conclusion"].as_str().unwrap();
    assert!(
        conclusion.ends_with(
            " Latest weekly check-in, 2026-11-19 (patient): PHQ-2 4/6, GAD-2 1/6, function 2/4, social 1/4, eating 2/3; amber (A-SELF-HARM)."
        ),
        "{conclusion}"
    );
    assert_eq!(
        checkin_summary(&checkin(Reporter::Caregiver)),
        "Latest weekly check-in, 2026-11-19 (caregiver): function 2/4, social 1/4, eating 2/3, caregiver strain 3/4; green (G-CAREGIVER)."
    );
}

/// An answer to "Did you reach your care team?" is a Communication about the report's
/// alerts' Tasks (by identifier), with the answer in words and as a code; the inbox reads
/// it back.
#[test]
fn golden_followup_communication() {
    use diary_core::followup::{Answered, FollowUpAnswer, FollowUpRecord, Question};
    let record = |answer, note: Option<&str>| FollowUpRecord {
        uid: "followup-0b9e2c3a-5555-4c4c-8888-000000000001".into(),
        answered: Answered {
            at: "2026-11-20T04:45:00Z".parse().unwrap(),
            question: Question::Contact,
            answer,
            note: note.map(str::to_string),
        },
        record_uid: red_report().uid,
        level: Level::Red,
        alert_uids: vec!["alert-0b9e2c3a-3333-4c4c-8888-000000000001".into()],
    };
    let said = record(
        FollowUpAnswer::TheySaid,
        Some("Come to the day unit at 2 pm"),
    );
    let entry = followup_entry(&said, PATIENT);
    assert_eq!(entry.write, Write::Put);
    assert_eq!(entry.id(), followup_id(&said.uid));
    golden("followup.json", &entry.resource);
    let (seen, alerts) = followup_from_communication(&entry.resource).unwrap();
    assert_eq!(alerts, said.alert_uids);
    assert_eq!(seen.answer, "they-said");
    assert_eq!(seen.answered_at, "2026-11-20T04:45:00Z");
    assert!(
        seen.words
            .ends_with("said: \"Come to the day unit at 2 pm\""),
        "{}",
        seen.words
    );
    // Every answer has its own code and words, read back as the same answer.
    for (answer, code) in [
        (FollowUpAnswer::Reached, "reached"),
        (FollowUpAnswer::NotYet, "not-yet"),
        (FollowUpAnswer::TheySaid, "they-said"),
    ] {
        let r = followup_entry(&record(answer, None), PATIENT).resource;
        assert_eq!(r["topic"]["coding"][0]["code"], code);
        assert_eq!(answer_of_code(code), Some(answer));
        let (seen, _) = followup_from_communication(&r).unwrap();
        assert_eq!(seen.answer, code);
    }
    assert!(followup_from_communication(
        &serde_json::json!({ "resourceType": "Communication", "category": [] })
    )
    .is_none());
}

/// A-NO-REPORT is a Task like an amber alert's (the inbox's code, `urgent`, the rule as its
/// reason, `for` the Patient, the diary's own identifier) with no `focus`: the silence is in
/// words and in `input`. The inbox reads it back with no report lines.
#[test]
fn golden_no_report_task() {
    use diary_core::store::NoReportEpisode;
    let last = at("2026-11-24T08:30:00+05:00");
    let raised: DateTime<Utc> = "2026-11-27T04:45:00Z".parse().unwrap();
    let alert = diary_core::rules::no_report_alert(Some(last), raised, true).unwrap();
    let ep = NoReportEpisode {
        id: 1,
        uid: "alert-0b9e2c3a-6666-4c4c-8888-000000000001".into(),
        last_report_at: last,
        raised_at: raised,
        alert,
        ruleset: "2".into(),
        seen_by_team_at: None,
    };
    assert_eq!(ep.days_silent(), 3);
    let entry = no_report_entry(&ep, PATIENT);
    assert_eq!(entry.write, Write::CreateOnce);
    assert_eq!(entry.id(), resource_id(SID_ALERT, &ep.uid));
    golden("no-report-task.json", &entry.resource);
    let t = &entry.resource;
    assert!(t.get("focus").is_none(), "no report raised it: no focus");
    assert_eq!(t["priority"], "urgent");
    assert_eq!(t["for"]["reference"], PATIENT);
    assert_eq!(t["code"]["coding"][0]["code"], TASK_CODE);
    assert_eq!(t["reasonCode"]["coding"][0]["code"], "A-NO-REPORT");
    assert_eq!(t["authoredOn"], "2026-11-27T09:45:00+05:00");
    let description = t["description"].as_str().unwrap();
    assert!(
        description.starts_with("No report for 3 days, last report 2026-11-24 08:30 +05:00 — "),
        "{description}"
    );
    let item = inbox_item_from_task(t).unwrap();
    assert_eq!(
        (item.rule.as_str(), item.level, item.subject.as_str()),
        ("A-NO-REPORT", Level::Amber, "reporting")
    );
    assert_eq!(item.alert_uid, ep.uid);
    assert_eq!(item.detail, description);
    assert!(item.report.is_empty() && item.note.is_none());
}

/// A lab-only alert (platelets 20 entered on their own: A-LAB, grade 4) is a Task like a
/// report's, its `focus` the lab Observation that `lab_entry` writes, authored at the
/// moment of entry; the inbox reads it back as the same rule and level.
#[test]
fn golden_lab_alert_task() {
    let uid = "lab-0b9e2c3a-5555-4c4c-8888-000000000001";
    let lab = LabResult {
        id: None,
        taken_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 18).unwrap(),
        test: LabTest::Platelets,
        value: 20.0,
        unit: LabUnit::E9PerL,
        ref_low: Some(150.0),
        ref_high: None,
        baseline: None,
    };
    let triage = diary_core::rules::triage_labs(
        &Profile::default(),
        std::slice::from_ref(&lab),
        lab.taken_on,
    );
    let alert = triage.alerts[0].clone();
    assert_eq!((alert.rule, alert.level), (RuleId::ALab, Level::Amber));
    let saved = diary_core::store::SavedLabAlert {
        id: 1,
        uid: "alert-0b9e2c3a-5555-4c4c-8888-000000000002".into(),
        lab_id: 7,
        as_of: lab.taken_on,
        raised_at: "2026-11-18T04:30:00Z".parse().unwrap(),
        alert,
        seen_by_team_at: None,
        ruleset: triage.ruleset.clone(),
    };
    let task = lab_alert_entry(&saved, uid, PATIENT);
    assert_eq!(task.write, Write::CreateOnce);
    let observation = lab_entry(uid, &lab, PATIENT).resource;
    assert_eq!(
        task.resource["focus"]["reference"],
        format!("Observation/{}", observation["id"].as_str().unwrap())
    );
    assert_eq!(task.resource["priority"], "urgent");
    assert_eq!(task.resource["authoredOn"], "2026-11-18T04:30:00+00:00");
    golden("lab-alert-task.json", &task.resource);
    let item = inbox_item_from_task(&task.resource).unwrap();
    assert_eq!((item.rule.as_str(), item.level), ("A-LAB", Level::Amber));
}

/// A message to the care team with a photo: a Communication with its words and the photo
/// as an attachment; the team's reply answers it by `inResponseTo` and reads back as the
/// diary keeps it.
#[test]
fn golden_message_and_reply_communications() {
    use diary_core::conversation::{Direction, SavedMessage};
    use diary_core::photo::{Photo, PhotoType};
    let message = SavedMessage {
        id: 1,
        uid: "message-0b9e2c3a-7777-4c4c-8888-000000000001".into(),
        direction: Direction::ToTeam,
        at: "2026-11-20T05:10:00Z".parse().unwrap(),
        reporter: Some(diary_core::model::Reporter::Patient),
        text: "The rash on my hands is worse. Photo attached.".into(),
        photo: Some(Photo {
            kind: PhotoType::Jpeg,
            bytes: vec![0xFF, 0xD8, 0xFF, 0xDB, 0x00, 0x02, 0xFF, 0xD9],
        }),
        author: None,
        in_reply_to: None,
        read_at: None,
    };
    let entry = message_entry(&message, PATIENT);
    assert_eq!(entry.write, Write::Put);
    assert_eq!(entry.id(), message_id(&message.uid));
    golden("message.json", &entry.resource);
    // A message is not a reply.
    assert_eq!(reply_of(&entry.resource), None);

    let at: DateTime<Utc> = "2026-11-20T06:00:00Z".parse().unwrap();
    let reply = reply_entry(
        "reply-0b9e2c3a-7777-4c4c-8888-000000000002",
        "Use the cream twice a day. Come in on Monday.",
        &message.uid,
        "Nurse Aziza Karimova",
        PATIENT,
        &at,
    );
    golden("reply.json", &reply.resource);
    let back = reply_of(&reply.resource).unwrap();
    assert_eq!(back.uid, "reply-0b9e2c3a-7777-4c4c-8888-000000000002");
    assert_eq!(back.text, "Use the cream twice a day. Come in on Monday.");
    assert_eq!(back.author.as_deref(), Some("Nurse Aziza Karimova"));
    assert_eq!(back.in_reply_to, Some(message_id(&message.uid)));
    assert_eq!(back.at, at);
}

/// A ladder step told to the team (E-2: the red Task unseen at 30 minutes) is a
/// Communication about the alert's Task with `priority` `stat`, read back for the inbox
/// under that alert; E-5's silence is `urgent`.
#[test]
fn golden_escalation_communication() {
    use diary_core::ladder::EscalationStep;
    use diary_core::store::EscalationRecord;
    let record = |step| EscalationRecord {
        uid: "escalation-0b9e2c3a-6666-4c4c-8888-000000000001".into(),
        step,
        fired_at: "2026-11-20T04:00:00Z".parse().unwrap(),
        record_uid: red_report().uid,
        level: Level::Red,
        alert_uids: vec!["alert-0b9e2c3a-3333-4c4c-8888-000000000001".into()],
    };
    let e = escalation_entry(&record(EscalationStep::TeamNotOpened), PATIENT);
    assert_eq!(e.write, Write::Put);
    golden("escalation.json", &e.resource);
    assert_eq!(e.resource["priority"], "stat");
    let (seen, alerts) = escalation_from_communication(&e.resource).unwrap();
    assert_eq!(seen.answer, "team_not_opened");
    assert!(seen.words.starts_with("Patient has not reached the line"));
    assert_eq!(alerts, ["alert-0b9e2c3a-3333-4c4c-8888-000000000001"]);
    let silence = escalation_entry(&record(EscalationStep::SilenceAlert), PATIENT);
    assert_eq!(silence.resource["priority"], "urgent");
    // Neither reads as a follow-up answer, nor an answer as an escalation.
    assert_eq!(followup_from_communication(&e.resource), None);
}
