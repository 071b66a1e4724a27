//! Every alert on the escalation ladder, as the store applies it (`Diary::ladders`,
//! migration 0015): not only a report's but a weekly check-in's (thoughts of self-harm
//! follow E-4 with its own question; A-FUNCTION follows E-3) and a lab result's lab-only
//! alerts (E-3), each answered about its own record, the answer sent to the care team under
//! that record's alerts. East of UTC (+05:00), as the patients are.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use diary_core::followup::{FollowUpAnswer, Question, Record};
use diary_core::ladder::{Action, Ladder};
use diary_core::model::*;
use diary_core::store::{Diary, Kind, Payload};

fn at(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).unwrap()
}

fn utc(text: &str) -> DateTime<Utc> {
    at(text).with_timezone(&Utc)
}

/// The open ladders at `now`: (record, ladder, the question asked now).
fn open(d: &Diary, now: &str) -> Vec<(Record, Ladder, Option<Action>)> {
    d.ladders(at(now))
        .unwrap()
        .into_iter()
        .map(|l| (l.record, l.ladder, l.showing.ask))
        .collect()
}

fn self_harm_checkin(t: &str) -> Checkin {
    Checkin {
        id: None,
        answered_at: at(t),
        reporter: Reporter::Patient,
        phq2: Some([2, 2]),
        gad2: Some([1, 0]),
        self_harm_thoughts: Some(true),
        function: 1,
        social: 1,
        eating: 0,
        caregiver_strain: None,
    }
}

#[test]
fn thoughts_of_self_harm_are_asked_about_after_four_hours_with_their_own_question() {
    let mut d = Diary::open_in_memory().unwrap();
    // 10:00 at +05:00: A1 is 14:00, no quiet hours in the way.
    let t = "2026-11-20T10:00:00+05:00";
    let saved = d.save_checkin(self_harm_checkin(t), utc(t)).unwrap();
    let record = Record::Checkin(saved.id);
    assert_eq!(
        open(&d, "2026-11-20T13:59:00+05:00"),
        [(record, Ladder::SelfHarm, None)]
    );
    assert_eq!(
        open(&d, "2026-11-20T14:00:00+05:00"),
        [(record, Ladder::SelfHarm, Some(Action::AskTalked))]
    );
    // The contact question is not this ladder's: refused, naming the field, nothing kept.
    let wrong = d
        .answer_followup_about(
            record,
            Question::Contact,
            FollowUpAnswer::Reached,
            None,
            utc("2026-11-20T14:05:00+05:00"),
        )
        .unwrap_err();
    assert!(wrong.to_string().contains("followup.checkin_id"), "{wrong}");
    assert!(d.record_followups(record).unwrap().is_empty());
    // "Not yet": the crisis line at once, asked again a day later.
    d.answer_followup_about(
        record,
        Question::Talk,
        FollowUpAnswer::NotYet,
        None,
        utc("2026-11-20T14:05:00+05:00"),
    )
    .unwrap();
    let now = d.ladders(at("2026-11-20T14:06:00+05:00")).unwrap();
    assert!(
        now[0].showing.crisis_line && now[0].showing.ask.is_none(),
        "{now:?}"
    );
    // The answer goes to the care team under the check-in's alerts.
    let waiting = d.sync_waiting().unwrap();
    let answer = waiting.iter().find(|w| w.kind == Kind::Followup).unwrap();
    let sent = d.followup_record(answer.ref_id).unwrap();
    assert_eq!(sent.record_uid, saved.uid);
    assert_eq!(sent.answered.question, Question::Talk);
    assert_eq!(sent.alert_uids.len(), saved.triage.alerts.len());
    // "They said…" settles it.
    d.answer_followup_about(
        record,
        Question::Talk,
        FollowUpAnswer::TheySaid,
        Some("My daughter is with me"),
        utc("2026-11-21T09:00:00+05:00"),
    )
    .unwrap();
    assert!(open(&d, "2026-11-21T15:00:00+05:00").is_empty());
}

#[test]
fn a_lab_only_amber_follows_e3_from_its_entry_and_a_normal_lab_none() {
    let mut d = Diary::open_in_memory().unwrap();
    let lab = |value| LabResult {
        id: None,
        taken_on: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
        test: LabTest::Neutrophils,
        value,
        unit: LabUnit::E9PerL,
        ref_low: Some(2.0),
        ref_high: None,
        baseline: None,
    };
    let normal = d
        .add_lab(&lab(3.0), utc("2026-11-20T08:00:00+05:00"))
        .unwrap();
    assert_eq!(normal.triage.level, Level::None);
    // Entered at 09:30 (+05:00): A1 at 13:30, A2 at 16:30.
    let entered = d
        .add_lab(&lab(0.8), utc("2026-11-20T09:30:00+05:00"))
        .unwrap();
    assert_eq!(entered.triage.level, Level::Amber);
    let record = Record::Lab(entered.id);
    assert_eq!(
        open(&d, "2026-11-20T13:29:00+05:00"),
        [(record, Ladder::Amber, None)]
    );
    assert_eq!(
        open(&d, "2026-11-20T13:30:00+05:00"),
        [(record, Ladder::Amber, Some(Action::AskReached))]
    );
    assert_eq!(
        open(&d, "2026-11-20T16:30:00+05:00"),
        [(record, Ladder::Amber, Some(Action::AskReachedWith24h))]
    );
    // Unsettled after a day: upgraded to red words, asked again.
    let late = d.ladders(at("2026-11-21T09:30:00+05:00")).unwrap();
    assert!(late[0].showing.upgraded, "{late:?}");
    // Answered "reached": over; the answer is sent under the lab alert's Task.
    d.answer_followup_about(
        record,
        Question::Contact,
        FollowUpAnswer::Reached,
        None,
        utc("2026-11-21T09:40:00+05:00"),
    )
    .unwrap();
    assert!(open(&d, "2026-11-21T09:41:00+05:00").is_empty());
    let waiting = d.sync_waiting().unwrap();
    let answer = waiting.iter().find(|w| w.kind == Kind::Followup).unwrap();
    let sent = d.followup_record(answer.ref_id).unwrap();
    let ids: Vec<i64> = waiting
        .iter()
        .filter(|w| w.kind == Kind::LabAlert)
        .map(|w| w.outbox_id)
        .collect();
    let alert_uids: Vec<String> = d
        .sync_payloads(&ids)
        .unwrap()
        .into_iter()
        .map(|(_, p)| match p {
            Payload::LabAlert(a, ..) => a.uid,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(sent.alert_uids, alert_uids);
    assert_eq!(sent.level, Level::Amber);
    // A lab result with no alert cannot be answered about.
    let none = d
        .answer_followup_about(
            Record::Lab(normal.id),
            Question::Contact,
            FollowUpAnswer::Reached,
            None,
            utc("2026-11-21T09:42:00+05:00"),
        )
        .unwrap_err();
    assert!(none.to_string().contains("followup.lab_id"), "{none}");
}

#[test]
fn a_reports_answers_read_back_as_answers_to_the_contact_question() {
    // (An old diary's answers through migration 0015: store::followups's migration test.)
    let mut d = Diary::open_in_memory().unwrap();
    let mut r = Report::new(at("2026-11-20T10:00:00+05:00"));
    r.signs = vec![Sign::ChestPain];
    let red = d.add_report(r, utc("2026-11-20T10:00:01+05:00")).unwrap();
    d.answer_followup(
        red.id,
        FollowUpAnswer::NotYet,
        None,
        utc("2026-11-20T10:16:00+05:00"),
    )
    .unwrap();
    let kept = d.followups(red.id).unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].question, Question::Contact);
    assert_eq!(d.record_followups(Record::Report(red.id)).unwrap(), kept);
}
