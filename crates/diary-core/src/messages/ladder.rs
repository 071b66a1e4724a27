//! The escalation ladder in the patient's words ([`crate::ladder`]): the question asked
//! after an alert, the lines shown with it (emergency services first, "your care team has
//! not yet opened this alert", "nobody else sees this alert", …), the numbers in the order
//! the ladder puts them, each step's notification, and where an alert stands. The home screen's card, the result
//! screen, `diary followup` and the reminder thread all say what these return, so a step
//! reads the same wherever it shows.

use super::calls::{calls, Call, Phones};
use super::catalogue::language;
use super::explain::say;
use crate::ladder::{Action, Event, Ladder, Notice, Showing};
use crate::model::Level;
use crate::standing::Standing;

/// One alert's ladder at one moment, in words.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LadderWords {
    /// The level the alert is shown at: its own, or red once an amber is upgraded.
    pub level: Level,
    /// The question asked now, when one is (`None`: only lines to show).
    pub question: Option<String>,
    /// What is shown with it, most urgent first.
    pub lines: Vec<String>,
    /// The numbers to call, emergency services first once the ladder says so.
    pub calls: Vec<Call>,
    /// Whether the screen is in the emergency-first form (R-CHEST's).
    pub emergency_first: bool,
}

/// The level a ladder's alert is shown at.
fn shown_level(ladder: Ladder, level: Level, showing: &Showing) -> Level {
    if ladder == Ladder::Red || showing.upgraded {
        Level::Red
    } else {
        level.max(Level::Amber)
    }
}

/// The question of `ask` on `ladder`: "…your 24-hour line?" on E-1 (and an upgraded amber),
/// "…your care team?" on E-3, the talk question on E-4.
fn question_key(ladder: Ladder, ask: Action, upgraded: bool) -> &'static str {
    match (ask, ladder) {
        (Action::AskTalked, _) | (_, Ladder::SelfHarm) => "ladder.ask.talk",
        (_, Ladder::Red) => "ladder.ask.red",
        _ if upgraded => "ladder.ask.red",
        _ => "ladder.ask.amber",
    }
}

/// `ladder`'s alert of `level` as `showing` says, in `lang`.
pub fn ladder_words(
    lang: &str,
    ladder: Ladder,
    level: Level,
    showing: &Showing,
    phones: &Phones,
) -> LadderWords {
    let lang = language(lang);
    let level = shown_level(ladder, level, showing);
    let line = |key: &str| say(lang, key, Level::Red, phones);
    let mut lines = Vec::new();
    if showing.emergency_first {
        lines.push(line("ladder.emergency_first"));
    }
    if showing.crisis_line {
        lines.push(line("ladder.crisis_line"));
    }
    if showing.team_not_opened {
        lines.push(line("ladder.team_not_opened"));
    }
    if showing.upgraded {
        lines.push(line("ladder.upgraded"));
    }
    if showing.nobody_else_sees {
        lines.push(line("ladder.nobody_else_sees"));
    }
    if showing.banner {
        lines.push(line("ladder.banner"));
    }
    if showing.ask == Some(Action::AskReachedWith24h) && !showing.upgraded {
        lines.push(line("ladder.with_24h"));
    }
    let first = showing.emergency_first || showing.crisis_line;
    LadderWords {
        level,
        question: showing
            .ask
            .map(|ask| line(question_key(ladder, ask, showing.upgraded))),
        lines,
        calls: calls(lang, level, first, phones),
        emergency_first: first,
    }
}

/// The line the red screen shows again after "not yet" (E-1, *With answers and Task
/// status*): call emergency services if nobody answers within 15 minutes.
pub fn red_again_words(lang: &str, phones: &Phones) -> String {
    say(language(lang), "ladder.red_again", Level::Red, phones)
}

/// The notification of a ladder step (title, body), or `None` for a step that notifies
/// nothing: `end`, and the words shown at once on the screen the patient is looking at
/// (`red_screen_again`, `nobody_else_sees`, `show_crisis_line`). No symptom, no value, no
/// name: a notification can be read by anyone near the screen.
pub fn ladder_notification(lang: &str, event: Event, phones: &Phones) -> Option<(String, String)> {
    let key = match event {
        Event::Action(Action::End | Action::ShowCrisisLine)
        | Event::Notice(Notice::RedScreenAgain | Notice::NobodyElseSees) => return None,
        Event::Action(Action::AskReached | Action::AskReachedWith24h) => "ask",
        Event::Action(Action::AskTalked) => "ask_talked",
        Event::Action(a) => a.as_str(),
        Event::Notice(n) => n.as_str(),
    };
    let lang = language(lang);
    let words = |part: &str| {
        let key = format!("ladder.notify.{key}.{part}");
        say(lang, &key, Level::Red, phones)
    };
    Some((words("title"), words("body")))
}

/// Where a record's alerts stand ([`crate::standing`]), in `lang`: not sent, waiting,
/// sent, not opened (with the 24-hour line), seen. The moment it names is the screen's to
/// write, in the patient's own clock.
pub fn standing_words(lang: &str, standing: Standing, phones: &Phones) -> String {
    let key = format!("standing.{}", standing.as_str());
    say(language(lang), &key, Level::Red, phones)
}

/// Every key the ladder's words read (for the catalogue test).
#[cfg(test)]
pub(super) fn ladder_keys() -> Vec<String> {
    let mut keys: Vec<String> = [
        "ladder.ask.red",
        "ladder.ask.amber",
        "ladder.ask.talk",
        "ladder.emergency_first",
        "ladder.crisis_line",
        "ladder.team_not_opened",
        "ladder.upgraded",
        "ladder.nobody_else_sees",
        "ladder.banner",
        "ladder.with_24h",
        "ladder.red_again",
        "standing.not_sent",
        "standing.waiting",
        "standing.sent",
        "standing.not_opened",
        "standing.seen",
    ]
    .map(String::from)
    .to_vec();
    for n in [
        "ask",
        "ask_talked",
        "show_emergency_first",
        "notify_caregiver",
        "persistent_banner",
        "upgrade_to_red",
        "silence_alert",
        "team_not_opened",
    ] {
        keys.push(format!("ladder.notify.{n}.title"));
        keys.push(format!("ladder.notify.{n}.body"));
    }
    keys
}
