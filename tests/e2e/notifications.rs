//! The desktop notifications the app sent, read from dunst's log (`E2E_NOTIFY_LOG`, written
//! by scripts/e2e.sh): whether one says a text, how many there are, and waiting for a new one.
//! `None` means there is no log to read (not run through scripts/e2e.sh).

use std::time::{Duration, Instant};

pub fn notifications_contain(text: &str) -> Option<bool> {
    notifications_after(0, text)
}

/// How many notifications the log holds now (`None` without a log).
pub fn notification_count() -> Option<usize> {
    let log = std::env::var_os("E2E_NOTIFY_LOG")?;
    Some(
        std::fs::read_to_string(log)
            .unwrap_or_default()
            .lines()
            .count(),
    )
}

/// Whether a notification after the first `skip` ones contains `text` (waits up to 15 s).
pub fn notifications_after(skip: usize, text: &str) -> Option<bool> {
    notifications_within(skip, text, Duration::from_secs(15))
}

/// [`notifications_after`] with its own patience.
pub fn notifications_within(skip: usize, text: &str, limit: Duration) -> Option<bool> {
    let log = std::env::var_os("E2E_NOTIFY_LOG")?;
    let deadline = Instant::now() + limit;
    loop {
        let seen = std::fs::read_to_string(&log).unwrap_or_default();
        if let Some(line) = seen.lines().skip(skip).find(|l| l.contains(text)) {
            eprintln!("notification seen: {line}");
            return Some(true);
        }
        if Instant::now() > deadline {
            eprintln!("notifications seen: {seen:?}");
            return Some(false);
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}
