//! The engine's numbers, each defined once: the ruleset's version, the comparison
//! tolerance and the windows the rules look back over. The CLI, the sync crate and the docs
//! read them from here (re-exported by `rules`), never a copy.

/// The version of the clinical reference this engine implements.
pub const RULESET_VERSION: &str = "2";

/// The tolerance of every comparison of measured numbers, so that 63/21 is exactly 3.0.
pub const EPS: f64 = 1e-9;

/// The length of the window of earlier reports that baselines and "new" look at.
pub const WINDOW_HOURS: i64 = 168;

/// How many days before the triaged report's date a lab result still counts (D − 7 … D).
pub const LAB_WINDOW_DAYS: i64 = 7;

/// How long without a report raises A-NO-REPORT.
pub const NO_REPORT_HOURS: i64 = 72;
