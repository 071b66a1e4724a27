//! The sync lease: one care-team sync run at a time, across processes. The app runs sync
//! on its own connection, and `diary sync` may run beside it; two runs reading the same
//! waiting outbox rows would send them twice, and two conditional creates racing on the
//! server can both create. So a run first takes the lease (a row in `sync_lease`,
//! migration 0010) in `BEGIN IMMEDIATE`: it records its holder (a random id per run) and
//! an expiry. A live lease of another holder stops the second run; an expired one (a run
//! that crashed or was killed) is taken over. Time is a parameter: the caller passes
//! `now`, the store reads no clock.

use super::{parse_utc_text, utc_text, Diary, Result};
use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, OptionalExtension, TransactionBehavior};

/// What asking for the sync lease gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lease {
    /// The lease is this holder's until the given instant.
    Taken { until: DateTime<Utc> },
    /// Another run holds it until the given instant: "another sync is running".
    HeldByAnother { until: DateTime<Utc> },
}

impl Diary {
    /// Takes the sync lease for `holder` until `now + ttl`: when it is free, expired
    /// (`expires <= now`), or already `holder`'s (then it is renewed). In one
    /// `BEGIN IMMEDIATE` transaction, so two processes asking at once cannot both get it.
    pub fn take_sync_lease(
        &mut self,
        holder: &str,
        now: DateTime<Utc>,
        ttl: Duration,
    ) -> Result<Lease> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let held: Option<(String, String)> = tx
            .query_row(
                "SELECT holder, expires_utc FROM sync_lease WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((other, expires)) = held {
            let until = parse_utc_text(&expires)?;
            if other != holder && until > now {
                return Ok(Lease::HeldByAnother { until });
            }
        }
        let until = now + ttl;
        tx.execute(
            "INSERT INTO sync_lease (id, holder, expires_utc) VALUES (1, ?1, ?2)
             ON CONFLICT (id) DO UPDATE SET holder = excluded.holder, expires_utc = excluded.expires_utc",
            params![holder, utc_text(&until)],
        )?;
        tx.commit()?;
        Ok(Lease::Taken { until })
    }

    /// Gives the lease back when `holder` has it (a lease taken over meanwhile by
    /// another run is left alone). Returns whether it was `holder`'s.
    pub fn release_sync_lease(&mut self, holder: &str) -> Result<bool> {
        let n = self.conn.execute(
            "DELETE FROM sync_lease WHERE id = 1 AND holder = ?1",
            [holder],
        )?;
        Ok(n == 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 27, 12, minute, 0).unwrap()
    }

    /// One case: the lease is `held` (holder, until minute) when `taker` asks at minute
    /// `now` for 10 minutes; `expect` is whether it gets it.
    fn check(held: Option<(&str, u32)>, taker: &str, now: u32, expect: bool) {
        let mut d = Diary::open_in_memory().unwrap();
        if let Some((holder, until)) = held {
            d.conn
                .execute(
                    "INSERT INTO sync_lease (id, holder, expires_utc) VALUES (1, ?1, ?2)",
                    params![holder, utc_text(&at(until))],
                )
                .unwrap();
        }
        let got = d
            .take_sync_lease(taker, at(now), Duration::minutes(10))
            .unwrap();
        let want = if expect {
            Lease::Taken {
                until: at(now + 10),
            }
        } else {
            Lease::HeldByAnother {
                until: at(held.unwrap().1),
            }
        };
        assert_eq!(got, want, "held {held:?}, {taker} asks at minute {now}");
        let holder: String = d
            .conn
            .query_row("SELECT holder FROM sync_lease", [], |r| r.get(0))
            .unwrap();
        let owner = if expect { taker } else { held.unwrap().0 };
        assert_eq!(holder, owner);
    }

    #[test]
    fn the_lease_goes_to_one_holder_until_it_expires() {
        check(None, "b", 0, true);
        check(Some(("a", 15)), "b", 5, false);
        check(Some(("a", 15)), "b", 14, false);
        // Expired: taken over (a run that crashed does not block sync for ever).
        check(Some(("a", 15)), "b", 15, true);
        check(Some(("a", 15)), "b", 30, true);
        // The holder itself renews it.
        check(Some(("a", 15)), "a", 5, true);
    }

    #[test]
    fn a_released_lease_is_free_and_only_its_holder_releases_it() {
        let mut d = Diary::open_in_memory().unwrap();
        let ttl = Duration::minutes(10);
        assert!(matches!(
            d.take_sync_lease("a", at(0), ttl).unwrap(),
            Lease::Taken { .. }
        ));
        assert!(!d.release_sync_lease("b").unwrap(), "not b's to give back");
        assert!(matches!(
            d.take_sync_lease("b", at(1), ttl).unwrap(),
            Lease::HeldByAnother { .. }
        ));
        assert!(d.release_sync_lease("a").unwrap());
        assert!(matches!(
            d.take_sync_lease("b", at(1), ttl).unwrap(),
            Lease::Taken { .. }
        ));
    }
}
