//! `diary message`: a message to the care team, with an optional photo (a JPEG or PNG,
//! its metadata removed, at most 5 MB), sent with the next sync; without words, the
//! messages both ways, oldest first, the care team's replies marked as seen. A message is
//! never a substitute for a call: what it prints says so, with the numbers.

use crate::failure::Failure;
use crate::open::open;
use chrono::{DateTime, Utc};
use clap::Args;
use diary_core::conversation::Direction;
use diary_core::messages;
use std::path::PathBuf;

#[derive(Args)]
pub struct MessageArgs {
    /// The message (at most 2000 characters). Without it, the messages are listed.
    text: Option<String>,
    /// A photo to send with it (JPEG or PNG, at most 5 MB).
    #[arg(long, value_name = "FILE", requires = "text")]
    photo: Option<PathBuf>,
    /// The message is written by a caregiver for the patient.
    #[arg(long, requires = "text")]
    caregiver: bool,
}

pub fn run(args: MessageArgs, db: &Option<PathBuf>, now: DateTime<Utc>) -> Result<(), Failure> {
    let mut diary = open(db)?;
    let settings = diary.settings()?;
    let phones = diary.phones_at(crate::clock::local_instant(now))?;
    let lang = settings.language.as_str();
    let Some(text) = args.text else {
        let all = diary.messages()?;
        if all.is_empty() {
            println!("No messages yet.");
        }
        for m in &all {
            let when = crate::clock::local_instant(m.at).format("%Y-%m-%d %H:%M");
            let who = match m.direction {
                Direction::ToTeam => "You".to_string(),
                Direction::FromTeam => m.author.clone().unwrap_or_else(|| "Care team".into()),
            };
            let photo = if m.photo.is_some() { " [photo]" } else { "" };
            println!("{when}  {who}{photo}: {}", m.text);
        }
        diary.mark_replies_read(now)?;
        return Ok(());
    };
    let photo = match &args.photo {
        Some(path) => Some(std::fs::read(path).map_err(|e| {
            Failure::Input(format!(
                "--photo: {} could not be read: {e}",
                path.display()
            ))
        })?),
        None => None,
    };
    let reporter = if args.caregiver {
        diary_core::model::Reporter::Caregiver
    } else {
        settings.user_role
    };
    let m = diary
        .send_message(&text, photo.as_deref(), reporter, now)
        .map_err(|e| match e {
            diary_core::store::StoreError::Invalid(f) if f.path == "message.photo" => {
                Failure::Input(format!("--photo: {}", f.message))
            }
            other => Failure::from(other),
        })?;
    let sync_on = diary.sync_settings()?.enabled;
    println!(
        "Kept{}. {}",
        if m.photo.is_some() {
            ", with the photo (its location and camera details removed)"
        } else {
            ""
        },
        if sync_on {
            "It goes to your care team with the next sync (diary sync)."
        } else {
            "Sync with your care team is off: nobody else reads it until it is on."
        }
    );
    println!("{}", messages::message_not_a_call(lang, &phones));
    Ok(())
}
