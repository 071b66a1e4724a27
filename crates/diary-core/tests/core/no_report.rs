//! A-NO-REPORT as the store keeps it (`Diary::raise_no_report`, migration 0013): the care
//! team must hear once of each silence of three days, never twice and never for a diary
//! that was not silent, so these cases pin the rule's edges (72 h fires, 71 h does not;
//! reminders off and no report ever raise nothing), that raising is idempotent (the sync
//! engine asks on every run), and that a new report ends the silence so a later one is a
//! new episode, each with exactly one outbox row; the episode's id is made from the last
//! report's, so a diary moved by export and import raises the same one.

use super::now;
use chrono::{DateTime, Duration, FixedOffset, Utc};
use diary_core::model::*;
use diary_core::store::{Diary, Kind, Payload};

fn tashkent(t: DateTime<Utc>) -> DateTime<FixedOffset> {
    t.with_timezone(&FixedOffset::east_opt(5 * 3600).unwrap())
}

/// A diary with one quiet report made `hours_ago` before [`now`].
fn diary_with_report(hours_ago: i64) -> Diary {
    let mut d = Diary::open_in_memory().unwrap();
    let mut r = Report::new(tashkent(now() - Duration::hours(hours_ago)));
    r.ratings.insert(Rating::Fatigue, 1);
    d.add_report(r, now() - Duration::hours(hours_ago)).unwrap();
    d
}

/// The waiting outbox rows of kind `no_report`.
fn no_report_rows(d: &Diary) -> Vec<diary_core::store::Waiting> {
    d.sync_waiting()
        .unwrap()
        .into_iter()
        .filter(|w| w.kind == Kind::NoReport)
        .collect()
}

#[test]
fn seventy_two_hours_silent_raises_one_episode_with_one_outbox_row() {
    let mut d = diary_with_report(72);
    let ep = d.raise_no_report(now()).unwrap().expect("72 h counts");
    assert_eq!(ep.alert.rule, RuleId::ANoReport);
    assert_eq!(ep.alert.level, Level::Amber);
    assert_eq!(ep.alert.subject, Subject::Reporting);
    assert_eq!(ep.last_report_at, tashkent(now() - Duration::hours(72)));
    assert_eq!(ep.raised_at, now());
    assert_eq!(ep.days_silent(), 3);
    assert_eq!(ep.ruleset, diary_core::rules::RULESET_VERSION);
    assert!(ep.uid.starts_with("alert-"), "{}", ep.uid);
    assert_eq!(ep.seen_by_team_at, None);
    assert_eq!(d.no_report_episodes().unwrap(), std::slice::from_ref(&ep));
    // Its outbox row: not urgent (amber), pointing at the episode; sync loads it.
    let rows = no_report_rows(&d);
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].ref_id, rows[0].urgent), (ep.id, false));
    assert_eq!(rows[0].report_id, None);
    let payloads = d.sync_payloads(&[rows[0].outbox_id]).unwrap();
    assert!(matches!(&payloads[0].1, Payload::NoReport(e) if *e == ep));
    // Once sent, the care team's acknowledgement is recorded on it like any alert's.
    d.sync_mark_sent(&[rows[0].outbox_id], now()).unwrap();
    assert_eq!(d.sync_unseen_alert_uids().unwrap(), [ep.uid.as_str()]);
    let seen = now() + Duration::hours(1);
    assert!(d.record_seen_by_team(&ep.uid, seen).unwrap());
    assert_eq!(
        d.no_report_episodes().unwrap()[0].seen_by_team_at,
        Some(seen)
    );
    assert!(d.sync_unseen_alert_uids().unwrap().is_empty());
}

#[test]
fn nothing_is_raised_before_72_hours_with_reminders_off_or_without_a_report() {
    // 71 h: not yet.
    let mut d = diary_with_report(71);
    assert_eq!(d.raise_no_report(now()).unwrap(), None);
    assert!(d.no_report_episodes().unwrap().is_empty());
    assert!(no_report_rows(&d).is_empty());
    // One second short of 72 h: not yet either.
    assert_eq!(
        d.raise_no_report(now() + Duration::hours(1) - Duration::seconds(1))
            .unwrap(),
        None
    );

    // Reminders off: the rule is for a diary that expects daily reports.
    let mut d = diary_with_report(100);
    let mut s = d.settings().unwrap();
    s.reminders_on = false;
    d.set_settings(&s).unwrap();
    assert_eq!(d.raise_no_report(now()).unwrap(), None);
    assert!(d.no_report_episodes().unwrap().is_empty());
    assert!(no_report_rows(&d).is_empty());

    // No report ever: no time to count from.
    let mut d = Diary::open_in_memory().unwrap();
    assert_eq!(d.raise_no_report(now()).unwrap(), None);
    assert!(d.no_report_episodes().unwrap().is_empty());
    assert_eq!(d.outbox_waiting().unwrap(), 0);
}

#[test]
fn raising_again_in_the_same_silence_changes_nothing() {
    let mut d = diary_with_report(73);
    let first = d.raise_no_report(now()).unwrap().expect("73 h");
    for later in [
        Duration::zero(),
        Duration::minutes(15),
        Duration::hours(1),
        Duration::days(5),
    ] {
        assert_eq!(d.raise_no_report(now() + later).unwrap(), None, "{later}");
    }
    assert_eq!(d.no_report_episodes().unwrap(), [first]);
    assert_eq!(no_report_rows(&d).len(), 1);
    // Sent, it stays one: a sent row is not raised again either.
    let ids: Vec<i64> = no_report_rows(&d).iter().map(|w| w.outbox_id).collect();
    d.sync_mark_sent(&ids, now()).unwrap();
    assert_eq!(d.raise_no_report(now() + Duration::days(1)).unwrap(), None);
    assert_eq!(d.no_report_episodes().unwrap().len(), 1);
    assert!(no_report_rows(&d).is_empty());
}

#[test]
fn a_new_report_ends_the_silence_and_a_later_one_is_a_new_episode() {
    let mut d = diary_with_report(73);
    let first = d.raise_no_report(now()).unwrap().expect("73 h");
    // A report an hour later ends it; 71 h after that report nothing is raised.
    let back = now() + Duration::hours(1);
    d.add_report(Report::new(tashkent(back)), back).unwrap();
    assert_eq!(d.raise_no_report(back).unwrap(), None);
    assert_eq!(d.raise_no_report(back + Duration::hours(71)).unwrap(), None);
    // 73 h after it: a second episode, its own uid and outbox row.
    let later = back + Duration::hours(73);
    let second = d.raise_no_report(later).unwrap().expect("a new silence");
    assert_ne!(second.uid, first.uid);
    assert_eq!(second.last_report_at, tashkent(back));
    assert_eq!(second.raised_at, later);
    assert_eq!(d.raise_no_report(later + Duration::hours(2)).unwrap(), None);
    // The latest silence first.
    assert_eq!(
        d.no_report_episodes().unwrap(),
        [second.clone(), first.clone()]
    );
    let rows = no_report_rows(&d);
    assert_eq!(
        rows.iter().map(|w| w.ref_id).collect::<Vec<_>>(),
        [first.id, second.id]
    );
}

#[test]
fn a_diary_moved_by_export_and_import_raises_the_same_episode_for_the_same_silence() {
    let mut here = diary_with_report(73);
    let raised_here = here.raise_no_report(now()).unwrap().expect("73 h");
    let mut moved = Diary::open_in_memory().unwrap();
    moved.import(&here.export().unwrap(), now()).unwrap();
    let later = now() + Duration::hours(2);
    let raised_there = moved.raise_no_report(later).unwrap().expect("still silent");
    // The same business identifier: the care team's server, which already holds its
    // Task, takes no second one (ifNoneExist on the identifier).
    assert_eq!(raised_there.uid, raised_here.uid);
    assert_eq!(raised_there.last_report_at, raised_here.last_report_at);
    // Another silence (another last report) is another episode, in either diary.
    let back = later + Duration::hours(1);
    moved.add_report(Report::new(tashkent(back)), back).unwrap();
    let next = moved
        .raise_no_report(back + Duration::hours(73))
        .unwrap()
        .expect("a new silence");
    assert_ne!(next.uid, raised_here.uid);
}
