//! Where an alert stands, for the patient (issue 21 item 5): kept but not sent because sync
//! is off, waiting for the next sync, sent, seen by the care team, or — after a red — sent
//! and still not opened 30 minutes on (E-2 of the escalation ladder: then the words say to
//! phone the 24-hour line). It exists because "does anyone read this?" is the commonest
//! question patients ask of remote monitoring. Pure: the record's level and time, the sync
//! setting, what the outbox knows of the record's alerts, when the team saw them and `now`
//! are parameters; the store gathers them and `messages` says them.

use crate::ladder::TEAM_UNSEEN_MINUTES;
use crate::model::Level;
use chrono::{DateTime, Duration, Utc};

/// What the outbox knows of one record's alerts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outbox {
    /// When the last of its alerts was sent (`None` while any is waiting, or none was sent).
    pub sent_at: Option<DateTime<Utc>>,
    /// Whether any of its alerts is still waiting to be sent.
    pub waiting: bool,
}

/// Where a red or amber record's alerts stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Sync is off and nothing was sent: nobody else sees it.
    NotSent,
    /// Sync is on; it goes at the next sync.
    Waiting,
    /// Sent at this moment; the team has not opened it yet.
    Sent(DateTime<Utc>),
    /// A red, sent at this moment, and still not opened 30 minutes after it was made.
    NotOpened(DateTime<Utc>),
    /// Seen by the care team at this moment.
    Seen(DateTime<Utc>),
}

impl Standing {
    /// The spelling the IPC carries: `not_sent`, `waiting`, `sent`, `not_opened`, `seen`.
    pub fn as_str(self) -> &'static str {
        match self {
            Standing::NotSent => "not_sent",
            Standing::Waiting => "waiting",
            Standing::Sent(_) => "sent",
            Standing::NotOpened(_) => "not_opened",
            Standing::Seen(_) => "seen",
        }
    }

    /// The moment it names, when it names one.
    pub fn at(self) -> Option<DateTime<Utc>> {
        match self {
            Standing::NotSent | Standing::Waiting => None,
            Standing::Sent(t) | Standing::NotOpened(t) | Standing::Seen(t) => Some(t),
        }
    }
}

/// Where the alerts of a record of `level` made at `t` stand at `now`; `None` below amber
/// (nothing is sent to be acted on). Seen wins; then sent (a red still unopened from
/// t + 30 min is [`Standing::NotOpened`]); then waiting when sync is on, not sent when off.
pub fn standing(
    level: Level,
    t: DateTime<Utc>,
    sync_on: bool,
    outbox: Option<Outbox>,
    seen_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Option<Standing> {
    if level < Level::Amber {
        return None;
    }
    if let Some(seen) = seen_at {
        return Some(Standing::Seen(seen));
    }
    let sent = outbox.filter(|o| !o.waiting).and_then(|o| o.sent_at);
    Some(match sent {
        Some(at) if level == Level::Red && now >= t + Duration::minutes(TEAM_UNSEEN_MINUTES) => {
            Standing::NotOpened(at)
        }
        Some(at) => Standing::Sent(at),
        None if sync_on => Standing::Waiting,
        None => Standing::NotSent,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(m: i64) -> DateTime<Utc> {
        "2026-11-20T05:00:00Z".parse::<DateTime<Utc>>().unwrap() + Duration::minutes(m)
    }

    /// `check(level, sync on, outbox (sent minute, waiting), seen minute, now minute, expect)`.
    #[track_caller]
    fn check(
        level: Level,
        sync_on: bool,
        outbox: Option<(Option<i64>, bool)>,
        seen: Option<i64>,
        now: i64,
        expect: Option<Standing>,
    ) {
        let outbox = outbox.map(|(sent, waiting)| Outbox {
            sent_at: sent.map(t),
            waiting,
        });
        assert_eq!(
            standing(level, t(0), sync_on, outbox, seen.map(t), t(now)),
            expect,
            "{level} sync {sync_on} outbox {outbox:?} seen {seen:?} at {now}"
        );
    }

    #[test]
    fn where_an_alert_stands() {
        const RED: Level = Level::Red;
        const AMBER: Level = Level::Amber;
        // Below amber nothing is said.
        check(Level::Green, true, Some((Some(1), false)), None, 5, None);
        check(Level::None, false, None, None, 5, None);
        // Sync off, nothing sent: nobody else sees it.
        check(RED, false, None, None, 1, Some(Standing::NotSent));
        check(
            AMBER,
            false,
            Some((None, true)),
            None,
            1,
            Some(Standing::NotSent),
        );
        // Sync on, waiting.
        check(
            AMBER,
            true,
            Some((None, true)),
            None,
            1,
            Some(Standing::Waiting),
        );
        check(RED, true, None, None, 1, Some(Standing::Waiting));
        // One alert sent, another still waiting: waiting.
        check(
            RED,
            true,
            Some((Some(2), true)),
            None,
            3,
            Some(Standing::Waiting),
        );
        // Sent: a red unopened at 29 min is sent, at 30 min not opened; an amber stays sent.
        check(
            RED,
            true,
            Some((Some(2), false)),
            None,
            29,
            Some(Standing::Sent(t(2))),
        );
        check(
            RED,
            true,
            Some((Some(2), false)),
            None,
            30,
            Some(Standing::NotOpened(t(2))),
        );
        check(
            AMBER,
            true,
            Some((Some(2), false)),
            None,
            300,
            Some(Standing::Sent(t(2))),
        );
        // Sent before sync was turned off: still sent.
        check(
            AMBER,
            false,
            Some((Some(2), false)),
            None,
            9,
            Some(Standing::Sent(t(2))),
        );
        // Seen wins.
        check(
            RED,
            true,
            Some((Some(2), false)),
            Some(40),
            45,
            Some(Standing::Seen(t(40))),
        );
        check(RED, false, None, Some(40), 45, Some(Standing::Seen(t(40))));
    }
}
