//! The collector every rule fires into while one report (or one lab day, or one check-in)
//! is triaged: at most one alert per rule and subject, the details of a second firing
//! joined to the first, and the report's level taken from them at the end. Its own file so
//! that each rule module (symptoms, labs, checkin) and the engine that calls them share it
//! without importing each other.

use super::constants::RULESET_VERSION;
use super::table;
use crate::model::{Alert, Fact, Level, RuleId, Subject, Triage};

/// The alerts of one report as the rules fire them: at most one alert per rule and
/// subject, the details of a second firing joined to the first.
#[derive(Debug, Default)]
pub(crate) struct Collector {
    pub(super) alerts: Vec<Alert>,
}

impl Collector {
    /// Fires `rule` on `subject`, with the message key `alert.<rule>`: `detail` is the rule's
    /// arithmetic for the care team, `facts` the same numbers for the patient's words.
    pub(crate) fn fire(
        &mut self,
        rule: RuleId,
        subject: Subject,
        detail: String,
        facts: Vec<Fact>,
        advice: Option<&str>,
    ) {
        self.fire_keyed(
            rule,
            subject,
            detail,
            facts,
            advice,
            &format!("alert.{rule}"),
        );
    }

    /// Fires `rule` on `subject` with an explicit message key.
    pub(crate) fn fire_keyed(
        &mut self,
        rule: RuleId,
        subject: Subject,
        detail: String,
        facts: Vec<Fact>,
        advice: Option<&str>,
        message_key: &str,
    ) {
        if let Some(existing) = self
            .alerts
            .iter_mut()
            .find(|a| a.rule == rule && a.subject == subject)
        {
            if !existing.detail.split("; ").any(|d| d == detail) {
                existing.detail.push_str("; ");
                existing.detail.push_str(&detail);
            }
            for fact in facts {
                if !existing.facts.contains(&fact) {
                    existing.facts.push(fact);
                }
            }
            if existing.advice_key.is_none() {
                existing.advice_key = advice.map(str::to_string);
            }
            return;
        }
        self.alerts.push(Alert {
            rule,
            level: table::rule(rule).level,
            subject,
            detail,
            message_key: message_key.to_string(),
            advice_key: advice.map(str::to_string),
            facts,
        });
    }

    /// Whether `subject` already has an amber or red alert.
    pub(crate) fn urgent_on(&self, subject: Subject) -> bool {
        self.alerts
            .iter()
            .any(|a| a.subject == subject && a.level >= Level::Amber)
    }

    /// Orders the alerts (red, amber, green; each level in rule table order, stable) and
    /// takes the report's level from them.
    pub(super) fn finish(mut self) -> Triage {
        self.alerts
            .sort_by_key(|a| (std::cmp::Reverse(a.level), table::rule_index(a.rule)));
        let level = self
            .alerts
            .iter()
            .map(|a| a.level)
            .max()
            .unwrap_or(Level::None);
        Triage {
            level,
            ruleset: RULESET_VERSION.to_string(),
            alerts: self.alerts,
        }
    }
}
