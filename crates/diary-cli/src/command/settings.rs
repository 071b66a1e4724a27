//! `diary settings`: show the settings as JSON, after changing what the flags give (the
//! language, who reports, the numbers to call, the reminder time); an empty phone number
//! clears it.

use crate::failure::Failure;
use crate::open::open;
use clap::Args;
use diary_core::input;
use std::path::PathBuf;

#[derive(Args)]
pub struct SettingsArgs {
    /// The language of messages.
    #[arg(long, value_name = "LANG")]
    language: Option<String>,
    /// Who fills in reports on this computer.
    #[arg(long, value_name = "WHO")]
    user: Option<String>,
    /// The care team's daytime number.
    #[arg(long, value_name = "PHONE")]
    team_phone: Option<String>,
    /// The 24-hour cancer line.
    #[arg(long, value_name = "PHONE")]
    line_24h: Option<String>,
    /// The local emergency number.
    #[arg(long, value_name = "PHONE")]
    emergency: Option<String>,
    /// The daily reminder time, HH:MM.
    #[arg(long, value_name = "HH:MM")]
    reminder: Option<String>,
}

pub fn run(args: SettingsArgs, db: &Option<PathBuf>) -> Result<(), Failure> {
    let mut diary = open(db)?;
    let mut s = diary.settings()?;
    let before = s.clone();
    if let Some(l) = args.language {
        s.language = l;
    }
    if let Some(u) = args.user {
        s.user_role = input::reporter(&u, "settings.user_role")?;
    }
    let keep = |v: Option<String>, old: Option<String>| match v {
        Some(p) if p.trim().is_empty() => None,
        Some(p) => Some(p),
        None => old,
    };
    s.team_phone = keep(args.team_phone, s.team_phone.take());
    s.line_24h_phone = keep(args.line_24h, s.line_24h_phone.take());
    s.emergency_phone = keep(args.emergency, s.emergency_phone.take());
    s.reminder_time = keep(args.reminder, s.reminder_time.take());
    if s != before {
        diary.set_settings(&s)?;
    }
    println!(
        "{}",
        serde_json::to_string_pretty(&diary.settings()?).expect("settings serialize")
    );
    Ok(())
}
