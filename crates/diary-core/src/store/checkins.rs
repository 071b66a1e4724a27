//! The weekly check-ins in the diary: saving one (checked, triaged against the previous
//! check-in, stored with its alerts and its outbox rows in one transaction), reading them
//! back, and importing them. It is a child of `store` so it shares the one connection and
//! the helpers reports use; it exists apart from the report code because a check-in is
//! judged on its own (`rules::triage_checkin`), against the check-ins of the last 28 days
//! rather than the week of reports, and its alerts live in their own table
//! (`checkin_alerts`, migration 0009).

use super::{
    alert_at, bad_value, insert_alerts, new_or, no_id_clash, record_id, utc_text, with_offset_sql,
    AlertsOf, Diary, Result, ALERT_COLUMNS,
};
use crate::json;
use crate::model::*;
use crate::rules;
use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, Transaction};

/// A check-in's alerts (`checkin_alerts`, migration 0009).
const CHECKIN_ALERTS: AlertsOf = AlertsOf {
    table: "checkin_alerts",
    parent: "checkin_id",
    kind: "checkin_alert",
};

/// A check-in as stored: its row id, the check-in, and the triage stored with it.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedCheckin {
    pub id: i64,
    /// The stable business identifier (`checkin-<uuid>`, for sync).
    pub uid: String,
    pub checkin: Checkin,
    pub triage: Triage,
}

/// What a new check-in's history is: the check-ins of the 28 days before it.
fn window_start(c: &Checkin) -> DateTime<Utc> {
    c.answered_at.with_timezone(&Utc) - Duration::days(rules::CHECKIN_WINDOW_DAYS)
}

impl Diary {
    /// Checks `checkin`, triages it against the previous check-in
    /// (`rules::triage_checkin`), and saves it, its alerts (ruleset "2") and its outbox
    /// rows in one transaction. A wrong field is refused with its path (`checkin.phq2`)
    /// and nothing is written.
    pub fn save_checkin(&mut self, checkin: Checkin, now: DateTime<Utc>) -> Result<SavedCheckin> {
        json::validate_checkin(&checkin, now)?;
        let t = checkin.answered_at.with_timezone(&Utc);
        let mut history: Vec<Checkin> = self
            .load_checkins(
                "answered_utc BETWEEN ?1 AND ?2 ORDER BY answered_utc, id",
                params![utc_text(&window_start(&checkin)), utc_text(&t)],
            )?
            .into_iter()
            .map(|s| s.checkin)
            .collect();
        history.push(checkin.clone());
        let triage = rules::triage_checkin(&history, &checkin);
        let tx = self.conn.transaction()?;
        let saved = insert_checkin(&tx, checkin, triage, now)?;
        tx.commit()?;
        Ok(saved)
    }

    /// Every check-in, oldest first (ties in the order they were saved).
    pub fn checkins(&self) -> Result<Vec<SavedCheckin>> {
        self.load_checkins("1 = 1 ORDER BY answered_utc, id", params![])
    }

    /// The latest `limit` check-ins, newest first.
    pub fn recent_checkins(&self, limit: usize) -> Result<Vec<SavedCheckin>> {
        self.load_checkins(
            "1 = 1 ORDER BY answered_utc DESC, id DESC LIMIT ?1",
            params![limit as i64],
        )
    }

    /// The latest check-in, if any.
    pub fn latest_checkin(&self) -> Result<Option<SavedCheckin>> {
        Ok(self.recent_checkins(1)?.into_iter().next())
    }

    /// The latest check-in answered before `end` (for a week's summary), if any.
    pub fn latest_checkin_before(&self, end: DateTime<Utc>) -> Result<Option<SavedCheckin>> {
        Ok(self
            .load_checkins(
                "answered_utc < ?1 ORDER BY answered_utc DESC, id DESC LIMIT 1",
                params![utc_text(&end)],
            )?
            .into_iter()
            .next())
    }

    /// Every check-in from `since` on, oldest first (for trends).
    pub fn checkins_since(&self, since: DateTime<Utc>) -> Result<Vec<SavedCheckin>> {
        self.load_checkins(
            "answered_utc >= ?1 ORDER BY answered_utc, id",
            params![utc_text(&since)],
        )
    }

    /// One check-in by its row id.
    pub fn checkin(&self, id: i64) -> Result<Option<SavedCheckin>> {
        Ok(self
            .load_checkins("id = ?1", params![id])?
            .into_iter()
            .next())
    }

    /// Whether a check-in is due at `now`: none yet, or the latest is at least
    /// [`CHECKIN_DUE_DAYS`] old.
    pub fn checkin_due(&self, now: DateTime<Utc>) -> Result<bool> {
        Ok(match self.latest_checkin()? {
            None => true,
            Some(s) => {
                now - s.checkin.answered_at.with_timezone(&Utc) >= Duration::days(CHECKIN_DUE_DAYS)
            }
        })
    }

    /// Loads check-ins matching `tail` (a WHERE condition with its ORDER BY and LIMIT),
    /// with their alerts.
    pub(super) fn load_checkins(
        &self,
        tail: &str,
        args: &[&dyn rusqlite::ToSql],
    ) -> Result<Vec<SavedCheckin>> {
        let sql = format!(
            "SELECT id, uid, answered_utc, utc_offset_s, reporter, phq2_a, phq2_b, gad2_a, gad2_b,
                    self_harm, function, social, eating, caregiver_strain, level, ruleset
             FROM checkins WHERE {tail}"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(args, |r| {
            let t: String = r.get(2)?;
            let uid: String = r.get(1)?;
            let level: String = r.get(14)?;
            let pair = |a: Option<u8>, b: Option<u8>| a.zip(b).map(|(a, b)| [a, b]);
            Ok(SavedCheckin {
                id: r.get(0)?,
                checkin: Checkin {
                    id: record_id(&uid, "checkin-"),
                    answered_at: with_offset_sql(&t, r.get(3)?)?,
                    reporter: r.get(4)?,
                    phq2: pair(r.get(5)?, r.get(6)?),
                    gad2: pair(r.get(7)?, r.get(8)?),
                    self_harm_thoughts: r.get(9)?,
                    function: r.get(10)?,
                    social: r.get(11)?,
                    eating: r.get(12)?,
                    caregiver_strain: r.get(13)?,
                },
                uid,
                triage: Triage {
                    level: Level::parse(&level).ok_or_else(|| bad_value("level", &level))?,
                    ruleset: r.get(15)?,
                    alerts: Vec::new(),
                },
            })
        })?;
        let mut checkins = rows.collect::<rusqlite::Result<Vec<_>>>()?;
        self.attach_alerts(&CHECKIN_ALERTS, &mut checkins, |c| c.id, |c| &mut c.triage)?;
        Ok(checkins)
    }

    /// For each check-in with an alert the care team acknowledged: the latest such time.
    pub fn checkins_seen_by_team(&self) -> Result<std::collections::HashMap<i64, DateTime<Utc>>> {
        let mut stmt = self.conn.prepare(
            "SELECT checkin_id, max(seen_by_team_utc) FROM checkin_alerts
             WHERE seen_by_team_utc IS NOT NULL GROUP BY checkin_id",
        )?;
        let rows = stmt.query_map([], |r| {
            let t: String = r.get(1)?;
            Ok((r.get(0)?, super::parse_utc_text(&t)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The uid of a check-in's alert and the check-in's row id, by the alert's row id.
    pub fn checkin_alert(&self, id: i64) -> Result<(String, i64, Alert)> {
        Ok(self.conn.query_row(
            &format!("SELECT uid, checkin_id, {ALERT_COLUMNS} FROM checkin_alerts WHERE id = ?1"),
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, alert_at(r, 2)?)),
        )?)
    }
}

/// Refuses the first check-in of the document whose id the diary holds with other content.
pub(super) fn checkin_ids_clash(incoming: &[Checkin], held: &[Checkin]) -> Result<()> {
    no_id_clash("checkins", incoming, held, |c| &c.id, same_checkin)
}

/// Whether two check-ins hold the same content (their ids aside).
pub(super) fn same_checkin(a: &Checkin, b: &Checkin) -> bool {
    Checkin {
        id: None,
        ..a.clone()
    } == Checkin {
        id: None,
        ..b.clone()
    }
}

/// Imports the document's check-ins that the diary does not hold, each triaged as of its
/// own time against every check-in before it (held or imported); returns (added, already
/// there).
pub(super) fn import_checkins(
    tx: &Transaction<'_>,
    held: &[Checkin],
    incoming: &[Checkin],
    now: DateTime<Utc>,
) -> Result<(usize, usize)> {
    let mut timeline: Vec<(&Checkin, bool)> = held.iter().map(|c| (c, false)).collect();
    let mut already = 0;
    for c in incoming {
        if held.iter().any(|h| same_checkin(h, c)) {
            already += 1;
        } else {
            timeline.push((c, true));
        }
    }
    // Time order, stable: ties keep the held ones first and the document's order.
    timeline.sort_by_key(|(c, _)| c.answered_at.with_timezone(&Utc));
    let all: Vec<Checkin> = timeline.iter().map(|(c, _)| (*c).clone()).collect();
    let mut added = 0;
    for (i, (c, new)) in timeline.iter().enumerate() {
        if !new {
            continue;
        }
        let triage = rules::triage_checkin(&all[..=i], c);
        insert_checkin(tx, (*c).clone(), triage, now)?;
        added += 1;
    }
    Ok((added, already))
}

fn insert_checkin(
    tx: &Transaction<'_>,
    checkin: Checkin,
    triage: Triage,
    now: DateTime<Utc>,
) -> Result<SavedCheckin> {
    let mut checkin = checkin;
    let id = new_or(checkin.id.as_deref());
    checkin.id = Some(id.clone());
    let uid = format!("checkin-{id}");
    let saved_utc = utc_text(&now);
    let (pa, pb) = (checkin.phq2.map(|p| p[0]), checkin.phq2.map(|p| p[1]));
    let (ga, gb) = (checkin.gad2.map(|g| g[0]), checkin.gad2.map(|g| g[1]));
    tx.execute(
        "INSERT INTO checkins (uid, answered_utc, utc_offset_s, reporter, phq2_a, phq2_b, gad2_a, gad2_b,
                               self_harm, function, social, eating, caregiver_strain, level, ruleset,
                               saved_utc)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        params![
            uid,
            utc_text(&checkin.answered_at.with_timezone(&Utc)),
            checkin.answered_at.offset().local_minus_utc(),
            checkin.reporter,
            pa,
            pb,
            ga,
            gb,
            checkin.self_harm_thoughts,
            checkin.function,
            checkin.social,
            checkin.eating,
            checkin.caregiver_strain,
            triage.level.as_str(),
            triage.ruleset,
            saved_utc,
        ],
    )?;
    let row = tx.last_insert_rowid();
    // Check-ins are never red: they go on the schedule, like a report that is not red.
    tx.execute(
        "INSERT INTO outbox (kind, ref_id, priority, created_utc) VALUES ('checkin', ?1, 1, ?2)",
        params![row, saved_utc],
    )?;
    insert_alerts(tx, &CHECKIN_ALERTS, row, &uid, &triage, &saved_utc)?;
    Ok(SavedCheckin {
        id: row,
        uid,
        checkin,
        triage,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Kind, Payload, MIGRATIONS};
    use chrono::{DateTime, FixedOffset};

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn now() -> DateTime<Utc> {
        at("2026-11-27T12:00:00Z").with_timezone(&Utc)
    }

    fn patient(t: &str, function: u8) -> Checkin {
        Checkin {
            id: None,
            answered_at: at(t),
            reporter: Reporter::Patient,
            phq2: Some([0, 1]),
            gad2: Some([1, 0]),
            self_harm_thoughts: None,
            function,
            social: 1,
            eating: 0,
            caregiver_strain: None,
        }
    }

    fn rules_of(t: &Triage) -> Vec<&str> {
        t.alerts.iter().map(|a| a.rule.as_str()).collect()
    }

    #[test]
    fn a_saved_checkin_reads_back_the_same_with_its_triage() {
        let mut d = Diary::open_in_memory().unwrap();
        let mut c = patient("2026-11-19T18:00:00.5+05:00", 1);
        c.phq2 = Some([2, 2]);
        c.self_harm_thoughts = Some(true);
        c.eating = 2;
        let saved = d.save_checkin(c.clone(), now()).unwrap();
        assert_eq!(saved.triage.level, Level::Amber);
        assert_eq!(saved.triage.ruleset, "2");
        assert_eq!(
            rules_of(&saved.triage),
            ["A-SELF-HARM", "G-MOOD", "G-EATING"]
        );
        let id = saved.checkin.id.clone().expect("an id");
        assert!(uuid::Uuid::parse_str(&id).is_ok(), "{id}");
        assert_eq!(saved.uid, format!("checkin-{id}"));
        let back = d.checkin(saved.id).unwrap().unwrap();
        assert_eq!(back, saved);
        assert_eq!(back.checkin, Checkin { id: Some(id), ..c });
        assert_eq!(d.latest_checkin().unwrap(), Some(saved.clone()));
        // The check-in and each of its alerts wait for sync; none is urgent.
        let waiting = d.sync_waiting().unwrap();
        assert_eq!(waiting.len(), 1 + saved.triage.alerts.len());
        assert_eq!(
            (waiting[0].kind, waiting[0].ref_id),
            (Kind::Checkin, saved.id)
        );
        assert!(waiting[1..]
            .iter()
            .all(|w| w.kind == Kind::CheckinAlert && w.report_id == Some(saved.id)));
        assert!(waiting.iter().all(|w| !w.urgent));
        let ids: Vec<i64> = waiting.iter().map(|w| w.outbox_id).collect();
        let payloads = d.sync_payloads(&ids).unwrap();
        assert!(matches!(&payloads[0].1, Payload::Checkin(s) if s.id == saved.id));
        assert!(d.checkins_seen_by_team().unwrap().is_empty());
        let Payload::CheckinAlert(alert_uid, ..) = &payloads[1].1 else {
            panic!("not a check-in's alert")
        };
        let seen_at = now() + chrono::Duration::hours(1);
        assert!(d.record_seen_by_team(alert_uid, seen_at).unwrap());
        assert_eq!(
            d.checkins_seen_by_team().unwrap().get(&saved.id),
            Some(&seen_at)
        );
        assert!(matches!(&payloads[1].1,
            Payload::CheckinAlert(uid, a, s) if a.rule == RuleId::ASelfHarm && s.id == saved.id && uid.starts_with("alert-")));
    }

    #[test]
    fn a_checkin_is_triaged_against_the_previous_one() {
        let mut d = Diary::open_in_memory().unwrap();
        // No previous check-in: function 3 raises nothing, 4 would.
        let first = d
            .save_checkin(patient("2026-11-05T18:00:00+05:00", 1), now())
            .unwrap();
        assert_eq!(first.triage.level, Level::None);
        // Two grades worse than a week ago, and 3 or more: A-FUNCTION.
        let worse = d
            .save_checkin(patient("2026-11-12T18:00:00+05:00", 3), now())
            .unwrap();
        assert_eq!(rules_of(&worse.triage), ["A-FUNCTION"]);
        assert!(worse.triage.alerts[0]
            .detail
            .contains("previous check-in's 1"));
        // One more grade since then: not two above the previous (3).
        let same = d
            .save_checkin(patient("2026-11-19T18:00:00+05:00", 4), now())
            .unwrap();
        assert_eq!(same.triage.level, Level::None);
        // More than 28 days after the last: no previous one, so 4 alone fires.
        let late = d
            .save_checkin(
                patient("2026-12-18T18:00:00+05:00", 4),
                at("2026-12-18T13:00:00Z").with_timezone(&Utc),
            )
            .unwrap();
        assert_eq!(rules_of(&late.triage), ["A-FUNCTION"]);
        assert!(late.triage.alerts[0]
            .detail
            .contains("no previous check-in"));
        let newest_first: Vec<u8> = d
            .recent_checkins(10)
            .unwrap()
            .iter()
            .map(|s| s.checkin.function)
            .collect();
        assert_eq!(newest_first, [4, 4, 3, 1]);
        let before = |t: &str| {
            d.latest_checkin_before(at(t).with_timezone(&Utc))
                .unwrap()
                .map(|s| s.id)
        };
        assert_eq!(
            before("2026-11-12T13:00:00Z"),
            Some(first.id),
            "the same instant does not count"
        );
        assert_eq!(before("2026-11-12T13:00:01Z"), Some(worse.id));
        assert_eq!(before("2026-11-05T13:00:00Z"), None);
        assert_eq!(
            d.checkins_since(at("2026-11-12T13:00:00Z").with_timezone(&Utc))
                .unwrap()
                .len(),
            3
        );
    }

    #[test]
    fn a_wrong_checkin_is_refused_naming_the_field_and_nothing_is_written() {
        let mut d = Diary::open_in_memory().unwrap();
        for (change, expect) in [
            (
                (|c: &mut Checkin| c.self_harm_thoughts = Some(false)) as fn(&mut Checkin),
                "checkin.self_harm_thoughts: is asked only when the PHQ-2 total is 3 or more",
            ),
            (
                |c: &mut Checkin| c.reporter = Reporter::Caregiver,
                "checkin.phq2: is answered only by the patient; leave it out of a caregiver's check-in",
            ),
            (|c: &mut Checkin| c.eating = 4, "checkin.eating: 4 is out of range 0–3"),
            (
                |c: &mut Checkin| c.answered_at = at("2026-11-28T12:00:00Z"),
                "checkin.answered_at: 2026-11-28T12:00:00+00:00 is in the future (more than 5 minutes after now, 2026-11-27T12:00:00Z)",
            ),
        ] {
            let mut c = patient("2026-11-19T18:00:00+05:00", 1);
            change(&mut c);
            let e = d.save_checkin(c, now()).unwrap_err();
            assert_eq!(e.to_string(), expect);
            assert_eq!(e.code(), "invalid_field");
        }
        assert!(d.checkins().unwrap().is_empty());
        assert_eq!(d.outbox_waiting().unwrap(), 0);
    }

    #[test]
    fn due_after_seven_days() {
        let mut d = Diary::open_in_memory().unwrap();
        assert!(d.checkin_due(now()).unwrap(), "never answered: due");
        d.save_checkin(patient("2026-11-20T17:00:00+05:00", 0), now())
            .unwrap();
        assert!(!d
            .checkin_due(at("2026-11-21T12:00:00Z").with_timezone(&Utc))
            .unwrap());
        assert!(!d
            .checkin_due(at("2026-11-27T11:59:59Z").with_timezone(&Utc))
            .unwrap());
        assert!(d
            .checkin_due(at("2026-11-27T12:00:00Z").with_timezone(&Utc))
            .unwrap());
    }

    /// A diary at schema 8 with a waiting outbox row keeps it when migration 9 rebuilds the
    /// outbox, and can then save check-ins.
    #[test]
    fn migration_9_keeps_the_outbox() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v8.sqlite");
        {
            let c = rusqlite::Connection::open(&path).unwrap();
            for sql in &MIGRATIONS[..8] {
                c.execute_batch(sql).unwrap();
            }
            c.execute(
                "INSERT INTO outbox (kind, ref_id, priority, created_utc, attempts, last_error)
                 VALUES ('lab', 7, 1, '2026-11-20T00:00:00.000000000Z', 2, 'offline')",
                [],
            )
            .unwrap();
            c.pragma_update(None, "user_version", 8).unwrap();
            c.pragma_update(None, "application_id", super::super::APPLICATION_ID)
                .unwrap();
        }
        let mut d = Diary::open(&path).unwrap();
        // Upgraded to the newest schema (9 and every migration after it).
        assert_eq!(d.schema_version().unwrap(), MIGRATIONS.len() as i64);
        assert_eq!(d.sync_row_errors().unwrap(), [(1, "offline".to_string())]);
        let w = &d.sync_waiting().unwrap()[0];
        assert_eq!((w.kind, w.ref_id, w.attempts), (Kind::Lab, 7, 2));
        d.save_checkin(patient("2026-11-19T18:00:00+05:00", 1), now())
            .unwrap();
        assert_eq!(d.outbox_waiting().unwrap(), 2);
    }

    #[test]
    fn import_keeps_ids_skips_what_is_there_and_refuses_a_changed_one() {
        let mut a = Diary::open_in_memory().unwrap();
        a.save_checkin(patient("2026-11-05T18:00:00+05:00", 1), now())
            .unwrap();
        a.save_checkin(patient("2026-11-12T18:00:00+05:00", 3), now())
            .unwrap();
        let doc = a.export().unwrap();
        assert_eq!(doc.checkins.len(), 2);
        let mut b = Diary::open_in_memory().unwrap();
        let s = b.import(&doc, now()).unwrap();
        assert_eq!((s.checkins_added, s.checkins_already_there), (2, 0));
        // Triaged again in time order: the same alert, the same uids.
        assert_eq!(b.checkins().unwrap(), a.checkins().unwrap());
        let s = b.import(&doc, now()).unwrap();
        assert_eq!((s.checkins_added, s.checkins_already_there), (0, 2));
        let mut changed = doc.clone();
        changed.checkins[1].social = 4;
        let e = b.import(&changed, now()).unwrap_err();
        assert!(
            e.to_string().starts_with("checkins[1].id: ")
                && e.to_string().contains("different content"),
            "{e}"
        );
        assert_eq!(b.checkins().unwrap().len(), 2);
    }
}
