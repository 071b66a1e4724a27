//! Plain-words output for the terminal: the triage of a saved report, and the table of
//! recent reports. The clinical wording itself comes from diary-core's message catalogue.

use diary_core::messages::{self, Phones};
use diary_core::model::*;
use diary_core::store::{SavedCheckin, SavedReport};
use std::fmt::Write;

/// What a saved report's triage means, in `lang`, ending in a newline: the headline (with
/// the numbers to call: `phones` as at the report's time), then every alert with what
/// triggered it and its self-care advice.
pub fn triage_in_words(saved: &SavedReport, lang: &str, phones: &Phones) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Saved the report of {} ({}).",
        saved.report.recorded_at.format("%Y-%m-%d %H:%M"),
        saved.report.reporter
    );
    out.push_str(&explained(
        &saved.triage,
        saved.report.screened,
        lang,
        phones,
    ));
    if !saved.report.screened {
        out.push_str(
            "The warning-sign questions were not answered: give --sign for each sign, or --no-signs.\n",
        );
    }
    out
}

/// What a saved weekly check-in means, in `lang`: the scores, then as [`explained`] (with
/// self-harm thoughts, the emergency number first; `phones` as at the check-in's time).
pub fn checkin_in_words(saved: &SavedCheckin, lang: &str, phones: &Phones) -> String {
    let c = &saved.checkin;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Saved the weekly check-in of {} ({}).",
        c.answered_at.format("%Y-%m-%d %H:%M"),
        c.reporter
    );
    let scores = c.scores();
    let _ = writeln!(out, "{}.", scores.join(", "));
    let e = messages::explain_checkin(lang, &saved.triage, phones);
    out.push_str(&explanation_text(&e, &saved.triage.ruleset));
    out
}

/// A triage in `lang`: an empty line, the headline (with the numbers to call, `phones` as
/// at the moment it is shown), every alert with what triggered it and its advice, and the
/// ruleset.
pub fn explained(triage: &Triage, screened: bool, lang: &str, phones: &Phones) -> String {
    let e = messages::explain_report(lang, triage, screened, phones);
    explanation_text(&e, &triage.ruleset)
}

/// An explanation as lines: the headline, the numbers to call when there are several (in
/// the order to call them), every alert with its detail and advice, and the ruleset.
fn explanation_text(e: &messages::Explanation, ruleset: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out);
    let _ = writeln!(out, "{}: {}", e.level.as_str().to_uppercase(), e.headline);
    if e.calls.len() > 1 {
        for call in &e.calls {
            let _ = writeln!(out, "  {}: {}", call.label, call.text);
        }
    }
    for item in &e.items {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "  [{}] {} ({}, {})",
            item.level, item.message, item.subject_name, item.rule
        );
        let _ = writeln!(out, "        {}", item.detail);
        if let Some(advice) = &item.advice {
            let _ = writeln!(out, "        {advice}");
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "Ruleset {ruleset}.");
    out
}

/// The rules that fired, each once, with a count when it fired on several subjects:
/// "R-FEVER A-SEVERE×3 G-SELF-CARE×2".
fn rule_list(alerts: &[Alert]) -> String {
    let mut counted: Vec<(RuleId, usize)> = Vec::new();
    for a in alerts {
        match counted.iter_mut().find(|(rule, _)| *rule == a.rule) {
            Some((_, n)) => *n += 1,
            None => counted.push((a.rule, 1)),
        }
    }
    counted
        .iter()
        .map(|(rule, n)| {
            if *n > 1 {
                format!("{rule}×{n}")
            } else {
                rule.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A rating's column heading: the first four letters of its spelling, in capitals
/// (`FATI`, `APPE`); the table's footer spells each one out.
fn column_head(item: Rating) -> String {
    item.as_str()
        .chars()
        .take(4)
        .collect::<String>()
        .to_uppercase()
}

/// Short, fixed-width cells for a rating: "-" when the item was not asked.
fn cell(r: &Report, item: Rating) -> String {
    r.rating(item)
        .map(|v| v.to_string())
        .unwrap_or_else(|| "-".into())
}

/// "seen by your care team at 14:05": the time in the report's own offset, with the date
/// when it is not the report's day.
pub fn seen_in_words(report: &Report, at: &chrono::DateTime<chrono::Utc>) -> String {
    let local = at.with_timezone(report.recorded_at.offset());
    if local.date_naive() == report.recorded_at.date_naive() {
        format!("seen by your care team at {}", local.format("%H:%M"))
    } else {
        format!(
            "seen by your care team at {}",
            local.format("%Y-%m-%d %H:%M")
        )
    }
}

/// The recent reports as a readable table, newest first; `seen` holds, by report id, when
/// the care team acknowledged the report's alerts (learned by sync).
pub fn table(
    reports: &[SavedReport],
    seen: &std::collections::HashMap<i64, chrono::DateTime<chrono::Utc>>,
) -> String {
    let mut out = String::new();
    if reports.is_empty() {
        out.push_str("No reports yet. Add one with: diary log --fatigue 1 --pain 0 ...\n");
        return out;
    }
    let mut head = format!("{:<5} {:<17} {:<6}", "ID", "WHEN", "LEVEL");
    for item in Rating::CORE {
        let _ = write!(head, " {:>4}", column_head(*item));
    }
    let _ = writeln!(out, "{head} {:>6} {:<9} ALERTS", "TEMP", "BY");
    for s in reports {
        let r = &s.report;
        let temp = r
            .temperature_c
            .map(|t| format!("{t:.1}"))
            .unwrap_or_else(|| "-".into());
        let mut row = format!(
            "{:<5} {:<17} {:<6}",
            s.id,
            r.recorded_at.format("%Y-%m-%d %H:%M"),
            s.triage.level.as_str()
        );
        for item in Rating::CORE {
            let _ = write!(row, " {:>4}", cell(r, *item));
        }
        let _ = writeln!(
            out,
            "{row} {:>6} {:<9} {}",
            temp,
            r.reporter.as_str(),
            rule_list(&s.triage.alerts)
        );
        if let Some(at) = seen.get(&s.id) {
            let _ = writeln!(out, "{:<5} {}", "", seen_in_words(r, at));
        }
    }
    let scale: Vec<String> = (0..=4u8)
        .map(|v| format!("{v} {}", diary_core::rules::rating_word(v)))
        .collect();
    let _ = writeln!(
        out,
        "Ratings: {}. {}.",
        scale.join(", "),
        Rating::CORE
            .iter()
            .map(|item| format!(
                "{} {}",
                column_head(*item),
                diary_core::rules::rating_name(*item)
            ))
            .collect::<Vec<_>>()
            .join(", ")
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alert(rule: &str) -> Alert {
        Alert {
            rule: RuleId::parse(rule).unwrap(),
            level: Level::Amber,
            subject: Subject::Pain,
            detail: String::new(),
            message_key: String::new(),
            advice_key: None,
            facts: Vec::new(),
        }
    }

    #[test]
    fn rules_are_listed_once_with_a_count() {
        let alerts: Vec<Alert> = ["R-FEVER", "A-SEVERE", "A-SEVERE", "A-WORSE", "A-SEVERE"]
            .into_iter()
            .map(alert)
            .collect();
        assert_eq!(rule_list(&alerts), "R-FEVER A-SEVERE×3 A-WORSE");
        assert_eq!(rule_list(&[]), "");
    }
}
