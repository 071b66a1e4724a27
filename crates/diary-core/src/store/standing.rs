//! What the outbox knows of each record's alerts ([`crate::standing::Outbox`]), so the
//! screens can say where an alert stands: waiting for the next sync, or sent and when. A
//! child of `store` so it can use the one connection.

use super::{parse_utc_text, Diary, Result};
use crate::followup::Record;
use crate::standing::Outbox;
use std::collections::HashMap;

impl Diary {
    /// For each record of `kind`'s kind (a report, a check-in or a lab result) that has
    /// alerts in the outbox, by its row id: when the last was sent, and whether any waits.
    pub fn alert_outbox(&self, kind: Record) -> Result<HashMap<i64, Outbox>> {
        let (outbox_kind, table, key) = match kind {
            Record::Report(_) => ("alert", "alerts", "report_id"),
            Record::Checkin(_) => ("checkin_alert", "checkin_alerts", "checkin_id"),
            Record::Lab(_) => ("lab_alert", "lab_alerts", "lab_id"),
        };
        let mut stmt = self.conn.prepare(&format!(
            "SELECT a.{key}, max(o.sent_utc), sum(o.sent_utc IS NULL)
             FROM outbox o JOIN {table} a ON o.ref_id = a.id
             WHERE o.kind = ?1 GROUP BY a.{key}"
        ))?;
        let rows = stmt.query_map([outbox_kind], |r| {
            let sent: Option<String> = r.get(1)?;
            let waiting: i64 = r.get(2)?;
            let sent_at = match sent {
                Some(t) if waiting == 0 => Some(parse_utc_text(&t)?),
                _ => None,
            };
            Ok((
                r.get::<_, i64>(0)?,
                Outbox {
                    sent_at,
                    waiting: waiting > 0,
                },
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Report, Sign};
    use chrono::{DateTime, Utc};

    #[test]
    fn a_reports_alerts_wait_until_sync_marks_them_sent() {
        let mut d = Diary::open_in_memory().unwrap();
        let mut r = Report::new(DateTime::parse_from_rfc3339("2026-11-20T10:00:00+05:00").unwrap());
        r.signs = vec![Sign::ChestPain];
        let now: DateTime<Utc> = "2026-11-20T05:00:01Z".parse().unwrap();
        let red = d.add_report(r, now).unwrap();
        let waiting = d.alert_outbox(Record::Report(0)).unwrap();
        assert_eq!(
            waiting.get(&red.id),
            Some(&Outbox {
                sent_at: None,
                waiting: true
            })
        );
        // Sync sends every row of the report.
        let sent_at: DateTime<Utc> = "2026-11-20T05:02:00Z".parse().unwrap();
        let ids: Vec<i64> = d
            .sync_waiting()
            .unwrap()
            .iter()
            .map(|w| w.outbox_id)
            .collect();
        d.sync_mark_sent(&ids, sent_at).unwrap();
        assert_eq!(
            d.alert_outbox(Record::Report(0)).unwrap().get(&red.id),
            Some(&Outbox {
                sent_at: Some(sent_at),
                waiting: false
            })
        );
        assert!(d.alert_outbox(Record::Checkin(0)).unwrap().is_empty());
    }
}
