//! The `diary` command: the Symptom Diary from a terminal. It is an adapter over
//! diary-core, like the desktop app: it parses flags, reads the clock once, calls the
//! core and prints. Exit status 0 means done, 2 means the input was wrong (one line on
//! standard error names the field), 1 means the diary itself could not be used.
//!
//! This file only parses the command line and runs it. Each subcommand is a file of
//! [`command`] (its flags and its `run`); the pieces they share each have a file of their
//! own: [`failure`] (errors and exit codes), [`help`] (the help texts made from the core's
//! lists), [`open`] (opening the diary), [`files`] (the other files read and written),
//! [`clock`] (the time of the command), [`sign_in`] (SMART sign-in), [`flag_terms`] (the
//! core's field errors in flag words), [`server`] (the care team's server for the
//! clinician's commands) and [`words`] (the patient's output in words).

use clap::FromArgMatches;
use std::process::ExitCode;

mod clock;
mod command;
mod failure;
mod files;
mod flag_terms;
mod help;
mod open;
mod server;
mod sign_in;
mod words;

fn main() -> ExitCode {
    let cli = match command::Cli::from_arg_matches(&command::command().get_matches()) {
        Ok(cli) => cli,
        Err(error) => error.exit(),
    };
    let now = clock::read();
    failure::exit_status(command::run(cli, now))
}
