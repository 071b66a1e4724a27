//! The help texts that list a vocabulary, made from diary-core's lists (`Sign::ALL`,
//! `Therapy::ALL`, `LabTest::units`, …), never typed out here: [`with_vocabularies`]
//! writes them into the clap definition that `--help`, the parser and `diary manpage`
//! share (`command::command`).

use diary_core::model::*;

/// "a, b, c": a vocabulary's spellings for a help text.
fn listed<T: Copy>(all: &[T], word: impl Fn(T) -> &'static str) -> String {
    all.iter().map(|v| word(*v)).collect::<Vec<_>>().join(", ")
}

/// `cli` with the help texts of the flags whose values are one of a core's lists.
pub fn with_vocabularies(cli: clap::Command) -> clap::Command {
    let units: Vec<String> = LabTest::ALL
        .iter()
        .map(|t| format!("{} ({t})", listed(t.units(), LabUnit::as_str)))
        .collect();
    cli.mut_subcommand("log", |c| {
        c.mut_arg("signs", |a| {
            a.help(format!(
                "A warning sign (repeat for more): {}.",
                listed(Sign::ALL, Sign::as_str)
            ))
        })
    })
    .mut_subcommand("profile", |c| {
        c.mut_arg("therapies", |a| {
            a.help(format!(
                "Set the current therapies (repeat for more; replaces the list): {}.",
                listed(Therapy::ALL, Therapy::as_str)
            ))
        })
        .mut_arg("office_days", |a| {
            a.help(format!(
                "The days the care team's office is open (comma-separated or repeated; replaces the list): {}. With --office-open and --office-close: its office hours.",
                listed(OfficeDay::ALL, OfficeDay::as_str)
            ))
        })
    })
    .mut_subcommand("lab", |c| {
        c.mut_arg("test", |a| {
            a.help(format!(
                "The test: {}.",
                listed(LabTest::ALL, LabTest::as_str)
            ))
        })
        .mut_arg("unit", |a| {
            a.help(format!("The unit: {}.", units.join("; ")))
        })
    })
    .mut_subcommand("report", |c| {
        c.mut_arg("lang", |a| {
            a.help(format!(
                "The report's language: {} (default: the diary's language setting).",
                diary_core::messages::LANGUAGES.join(", ")
            ))
        })
    })
    .mut_subcommand("settings", |c| {
        c.mut_arg("language", |a| {
            a.help(format!(
                "The language of messages: {}.",
                diary_core::messages::LANGUAGES.join(", ")
            ))
        })
        .mut_arg("user", |a| {
            a.help(format!(
                "Who fills in reports on this computer: {}.",
                listed(Reporter::ALL, Reporter::as_str)
            ))
        })
    })
}
