//! What to send after a server refuses a bundle: smaller units, down to one resource at a
//! time. Servers limit transactions (by entries, by conditional operations, by bytes) and
//! say so with a 413 or an OperationOutcome; the diary must then still get everything
//! there, exactly once, the urgent first. These are the pure decisions, tested with case
//! tables; the engine carries them out. Writes are idempotent (`PUT` on the diary's id or
//! by identifier, Tasks created once by identifier), so sending a part again is safe, and
//! a unit's outbox rows are marked sent only when all of its resources have arrived:
//! nothing is dropped, nothing is duplicated.
//!
//! - A refusal for size ([`Refusal::TooLarge`]) of several units: send each half, in
//!   order (the plan puts red units first, and halving keeps the order).
//! - Any other refusal of several units: send each unit alone, so one bad unit does not
//!   hold back the rest (and the good ones are sent once more, not log₂ n times).
//! - A refusal for size of one unit: its resources, the Observations and other resources
//!   before the Tasks that point at them, halved down to one at a time — only while the
//!   diary chooses the ids; with server-chosen ids the references between a unit's
//!   resources resolve only inside one bundle, and the unit is the smallest part.
//! - One resource, or one unit refused for another reason: stop and say why.

use std::ops::Range;

/// Why a server refused a bundle, as far as sending smaller parts is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Too many entries, conditional operations or bytes.
    TooLarge,
    /// Anything else the server refused (a 4xx).
    Refused,
}

/// The next step after a refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Send the first half of the units, then the second ([`halves`]).
    HalveUnits,
    /// Send each unit alone.
    EachUnit,
    /// Send the one unit's resources in halves, in [`resource_order`], down to one.
    HalveResources,
    /// Nothing smaller to send: record the failure.
    Stop,
}

/// Words in an OperationOutcome that mean "too big" (servers word it their own way:
/// "too many entries", "bundle exceeds the maximum size", "limit of conditional
/// operations").
const SIZE_WORDS: [&str; 7] = [
    "too many",
    "too large",
    "too big",
    "exceeds",
    "maximum",
    "limit",
    "too-costly",
];

/// Classifies a refusal by HTTP status and the OperationOutcome's words; `None` when it is
/// not a refusal (not a 4xx).
pub fn refusal(status: u16, text: &str) -> Option<Refusal> {
    if status == 413 {
        return Some(Refusal::TooLarge);
    }
    if !(400..500).contains(&status) && status != 0 {
        return None;
    }
    let t = text.to_lowercase();
    if SIZE_WORDS.iter().any(|w| t.contains(w))
        && [
            "entr",
            "bundle",
            "conditional",
            "operation",
            "size",
            "request",
        ]
        .iter()
        .any(|w| t.contains(w))
    {
        Some(Refusal::TooLarge)
    } else {
        Some(Refusal::Refused)
    }
}

/// The step after `refusal` of a bundle of `units` units holding `resources` resources;
/// `keeps_ids`: the diary chooses the resources' ids (update as create).
pub fn step(refusal: Refusal, units: usize, resources: usize, keeps_ids: bool) -> Step {
    match (refusal, units) {
        (Refusal::TooLarge, u) if u > 1 => Step::HalveUnits,
        (Refusal::Refused, u) if u > 1 => Step::EachUnit,
        (Refusal::TooLarge, _) if resources > 1 && keeps_ids => Step::HalveResources,
        _ => Step::Stop,
    }
}

/// The two halves of `n` parts, the first the larger: 5 → 0..3, 3..5.
pub fn halves(n: usize) -> (Range<usize>, Range<usize>) {
    let mid = n.div_ceil(2);
    (0..mid, mid..n)
}

/// The order to send one unit's resources in, by their types: everything that is not a
/// Task first, then the Tasks (they point at the Observations), each in its own order.
pub fn resource_order(types: &[&str]) -> Vec<usize> {
    let (mut first, tasks): (Vec<usize>, Vec<usize>) =
        (0..types.len()).partition(|&i| types[i] != "Task");
    first.extend(tasks);
    first
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check<I: std::fmt::Debug, O: PartialEq + std::fmt::Debug>(
        f: impl Fn(&I) -> O,
        cases: &[(I, O)],
    ) {
        for (input, expect) in cases {
            assert_eq!(&f(input), expect, "{input:?}");
        }
    }

    #[test]
    fn refusals_for_size_are_told_from_other_refusals() {
        use Refusal::*;
        check(
            |(status, text): &(u16, &str)| refusal(*status, text),
            &[
                ((413, ""), Some(TooLarge)),
                ((413, "Payload Too Large"), Some(TooLarge)),
                (
                    (400, "Bundle has too many entries (26 > 25)"),
                    Some(TooLarge),
                ),
                (
                    (
                        400,
                        "Transaction exceeds the maximum of 100 conditional operations",
                    ),
                    Some(TooLarge),
                ),
                ((422, "The request size exceeds the limit"), Some(TooLarge)),
                ((400, "too-costly: bundle entries"), Some(TooLarge)),
                // An entry's own refusal, relayed from the transaction answer (status 0
                // when the entry gave none).
                ((0, "too many entries in one bundle"), Some(TooLarge)),
                (
                    (400, "Observation.code: minimum required = 1"),
                    Some(Refused),
                ),
                ((422, "ruleset is not a valid string"), Some(Refused)),
                ((400, "too many cooks"), Some(Refused)),
                ((500, "too many entries"), None),
                ((200, ""), None),
            ],
        );
    }

    #[test]
    fn the_step_after_a_refusal() {
        use Refusal::*;
        use Step::*;
        check(
            |(r, units, resources, keeps): &(Refusal, usize, usize, bool)| {
                step(*r, *units, *resources, *keeps)
            },
            &[
                ((TooLarge, 25, 200, true), HalveUnits),
                ((TooLarge, 2, 20, false), HalveUnits),
                ((Refused, 25, 200, true), EachUnit),
                ((Refused, 2, 2, false), EachUnit),
                ((TooLarge, 1, 9, true), HalveResources),
                ((TooLarge, 1, 2, true), HalveResources),
                ((TooLarge, 1, 9, false), Stop),
                ((TooLarge, 1, 1, true), Stop),
                ((Refused, 1, 9, true), Stop),
                ((Refused, 1, 1, true), Stop),
            ],
        );
    }

    #[test]
    fn halves_cover_everything_once_the_first_the_larger() {
        check(
            |n: &usize| halves(*n),
            &[
                (2, (0..1, 1..2)),
                (3, (0..2, 2..3)),
                (25, (0..13, 13..25)),
                (1, (0..1, 1..1)),
            ],
        );
    }

    #[test]
    fn tasks_go_after_what_they_point_at() {
        check(
            |types: &Vec<&str>| resource_order(types),
            &[
                (vec!["Observation", "Observation", "Task"], vec![0, 1, 2]),
                (
                    vec!["Task", "Observation", "Task", "Observation"],
                    vec![1, 3, 0, 2],
                ),
                (vec!["QuestionnaireResponse", "Task"], vec![0, 1]),
                (vec!["Task"], vec![0]),
                (vec![], vec![]),
            ],
        );
    }
}
