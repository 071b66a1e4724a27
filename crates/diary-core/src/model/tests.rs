//! Case tables for the model's own judgements: when the care team's office is open
//! ([`OfficeHours::is_open`]) at every boundary the reference names (the opening minute,
//! the closing minute, 24:00, a listed and an unlisted day, the moment's own offset), and
//! how its times are read and written.

use super::*;

fn at(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).unwrap()
}

fn hours(days: &[OfficeDay], open: &str, close: &str) -> OfficeHours {
    OfficeHours {
        days: days.to_vec(),
        open: OfficeHours::parse_time(open).unwrap(),
        close: OfficeHours::parse_time(close).unwrap(),
    }
}

const WEEKDAYS: &[OfficeDay] = &[
    OfficeDay::Mon,
    OfficeDay::Tue,
    OfficeDay::Wed,
    OfficeDay::Thu,
    OfficeDay::Fri,
];

/// 2026-11-20 is a Friday, 2026-11-21 a Saturday, 2026-11-22 a Sunday, 2026-11-23 a Monday.
#[test]
fn the_office_is_open_from_the_opening_minute_until_before_the_closing_minute() {
    let weekdays = hours(WEEKDAYS, "08:30", "17:00");
    let always = hours(OfficeDay::ALL, "00:00", "24:00");
    let monday = hours(&[OfficeDay::Mon], "00:00", "24:00");
    let late = hours(&[OfficeDay::Fri], "18:00", "24:00");
    for (hours, moment, open, why) in [
        (
            &weekdays,
            "2026-11-20T08:29:59+05:00",
            false,
            "a second before opening",
        ),
        (
            &weekdays,
            "2026-11-20T08:30:00+05:00",
            true,
            "the opening minute",
        ),
        (
            &weekdays,
            "2026-11-20T08:30:30+05:00",
            true,
            "within the opening minute",
        ),
        (&weekdays, "2026-11-20T12:00:00+05:00", true, "midday"),
        (
            &weekdays,
            "2026-11-20T16:59:59+05:00",
            true,
            "a second before closing",
        ),
        (
            &weekdays,
            "2026-11-20T17:00:00+05:00",
            false,
            "the closing minute",
        ),
        (
            &weekdays,
            "2026-11-20T17:00:01+05:00",
            false,
            "after closing",
        ),
        (&weekdays, "2026-11-20T23:59:59+05:00", false, "the night"),
        (
            &weekdays,
            "2026-11-21T12:00:00+05:00",
            false,
            "Saturday is not listed",
        ),
        (
            &weekdays,
            "2026-11-22T12:00:00+05:00",
            false,
            "Sunday is not listed",
        ),
        (
            &weekdays,
            "2026-11-23T08:30:00+05:00",
            true,
            "Monday is listed",
        ),
        // The moment's own clock: 08:30 in Tashkent is 03:30 in UTC, before opening.
        (
            &weekdays,
            "2026-11-20T03:30:00Z",
            false,
            "the same instant in UTC",
        ),
        (
            &weekdays,
            "2026-11-20T03:30:00+00:00",
            false,
            "UTC written +00:00",
        ),
        (
            &weekdays,
            "2026-11-20T08:30:00Z",
            true,
            "08:30 on a UTC clock",
        ),
        (
            &weekdays,
            "2026-11-20T03:29:59Z",
            false,
            "08:29:59 in Tashkent, as UTC",
        ),
        // The weekday is the moment's own too: Sunday 20:00 UTC is Monday 01:00 in Tashkent.
        (
            &monday,
            "2026-11-22T20:00:00Z",
            false,
            "Sunday on a UTC clock",
        ),
        (
            &monday,
            "2026-11-23T01:00:00+05:00",
            true,
            "the same instant, Monday in Tashkent",
        ),
        (
            &monday,
            "2026-11-23T00:00:00+05:00",
            true,
            "Monday's first minute",
        ),
        (
            &monday,
            "2026-11-22T23:59:59+05:00",
            false,
            "Sunday's last second",
        ),
        (
            &monday,
            "2026-11-23T23:59:59+05:00",
            true,
            "24:00: Monday's last second",
        ),
        (
            &monday,
            "2026-11-24T00:00:00+05:00",
            false,
            "24:00 is the next day, unlisted",
        ),
        (
            &late,
            "2026-11-20T23:59:00+05:00",
            true,
            "the last minute before 24:00",
        ),
        (
            &late,
            "2026-11-20T17:59:59+05:00",
            false,
            "before a late opening",
        ),
        (
            &always,
            "2026-11-22T00:00:00-03:00",
            true,
            "every day, all day",
        ),
        (
            &always,
            "2026-11-21T23:59:59+14:00",
            true,
            "every day, the last second",
        ),
    ] {
        assert_eq!(hours.is_open(at(moment)), open, "{why}: {moment}");
    }
}

#[test]
fn no_office_hours_is_never_open() {
    let mut profile = Profile::default();
    assert!(!profile.office_open(at("2026-11-20T12:00:00+05:00")));
    profile.office_hours = Some(hours(WEEKDAYS, "08:30", "17:00"));
    assert!(profile.office_open(at("2026-11-20T12:00:00+05:00")));
    assert!(!profile.office_open(at("2026-11-21T12:00:00+05:00")));
}

#[test]
fn times_are_read_and_written_as_hh_mm() {
    for (text, minutes) in [
        ("00:00", Some(0)),
        ("00:01", Some(1)),
        ("08:30", Some(510)),
        ("23:59", Some(1439)),
        ("24:00", Some(MIDNIGHT_CLOSE)),
        ("24:01", None),
        ("25:00", None),
        ("12:60", None),
        ("8:30", None),
        ("08:3", None),
        ("0830", None),
        ("08.30", None),
        (" 8:30", None),
        ("08:30 ", None),
        ("+8:30", None),
        ("", None),
        ("٠٨:٣٠", None),
    ] {
        assert_eq!(OfficeHours::parse_time(text), minutes, "{text:?}");
        if let Some(m) = minutes {
            assert_eq!(OfficeHours::time(m), text);
        }
    }
}

#[test]
fn office_days_are_spelled_as_the_format_spells_them() {
    let spelled: Vec<&str> = OfficeDay::ALL.iter().map(|d| d.as_str()).collect();
    assert_eq!(spelled, ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);
    for (day, chrono_day) in OfficeDay::ALL.iter().zip([
        chrono::Weekday::Mon,
        chrono::Weekday::Tue,
        chrono::Weekday::Wed,
        chrono::Weekday::Thu,
        chrono::Weekday::Fri,
        chrono::Weekday::Sat,
        chrono::Weekday::Sun,
    ]) {
        assert_eq!(day.to_chrono(), chrono_day);
    }
}
