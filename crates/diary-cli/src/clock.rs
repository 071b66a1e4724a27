//! The time of the command, as this computer tells it: the clock is read once per
//! command ([`read`], in `main`) and every subcommand is given that instant; the local
//! time zone turns it into the dates and times the user sees and types.

use chrono::{DateTime, FixedOffset, Local, NaiveDate, Utc};

/// The one reading of the clock for a command.
pub fn read() -> DateTime<Utc> {
    Utc::now()
}

/// `now` on this computer's wall clock, with its offset (a report's default time).
pub fn local_instant(now: DateTime<Utc>) -> DateTime<FixedOffset> {
    now.with_timezone(&Local).fixed_offset()
}

/// Today on this computer's calendar at `now` (a lab result's default day).
pub fn today(now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&Local).date_naive()
}

/// This computer's offset from UTC at `now`.
pub fn local_offset(now: DateTime<Utc>) -> FixedOffset {
    *local_instant(now).offset()
}

/// "2026-11-27 17:00": an instant on this computer's wall clock, to the minute.
pub fn local_minutes(t: &DateTime<Utc>) -> String {
    t.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string()
}
