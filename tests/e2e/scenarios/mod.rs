//! The end-to-end scenarios, one file each, and the order they run in (one at a time: they
//! share tauri-driver's ports 4444/4445). Each file's `run` takes the run's scratch folder,
//! in which it makes diary files of its own.

use std::path::Path;

pub mod care_team_connection;
pub mod care_team_round_trip;
pub mod care_team_round_trip_second_server;
pub mod damaged_diary_and_its_backups;
pub mod first_run_reminder;
pub mod follow_up_after_an_alert;
pub mod hospital_sign_in;
pub mod keyboard_only;
pub mod labs_and_fever_threshold;
pub mod main_journey;
pub mod messages_to_the_care_team;
pub mod not_a_diary;
pub mod second_start_on_the_same_diary;
pub mod stale_diary_with_years_of_data;
pub mod treatment_cycles;
pub mod treatments_by_name;
pub mod weekly_checkin_by_keyboard;

/// A scenario: its name (the test's name, which `cargo test -- <filter>` matches) and its
/// steps.
pub type Scenario = (&'static str, fn(&Path));

/// Every scenario, in the order they run.
pub const ALL: [Scenario; 17] = [
    ("not_a_diary", not_a_diary::run),
    (
        "damaged_diary_and_its_backups",
        damaged_diary_and_its_backups::run,
    ),
    ("main_journey", main_journey::run),
    ("keyboard_only", keyboard_only::run),
    (
        "weekly_checkin_by_keyboard",
        weekly_checkin_by_keyboard::run,
    ),
    (
        "stale_diary_with_years_of_data",
        stale_diary_with_years_of_data::run,
    ),
    ("labs_and_fever_threshold", labs_and_fever_threshold::run),
    ("care_team_connection", care_team_connection::run),
    ("care_team_round_trip", care_team_round_trip::run),
    (
        "care_team_round_trip_second_server",
        care_team_round_trip_second_server::run,
    ),
    ("hospital_sign_in", hospital_sign_in::run),
    ("treatments_by_name", treatments_by_name::run),
    ("follow_up_after_an_alert", follow_up_after_an_alert::run),
    ("messages_to_the_care_team", messages_to_the_care_team::run),
    ("treatment_cycles", treatment_cycles::run),
    ("first_run_reminder", first_run_reminder::run),
    (
        "second_start_on_the_same_diary",
        second_start_on_the_same_diary::run,
    ),
];
