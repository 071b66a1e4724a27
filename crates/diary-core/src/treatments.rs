//! The patient's treatments by drug name, and the questions the app asks about them. It
//! exists because patients know their drugs by name ("Ibrance"), not by class, while the
//! rules read classes; and because a list that was right three months ago silently makes
//! the rules wrong (a stopped capecitabine still lowers the fever limit). So the app asks
//! every 28 days whether the list still holds, and a diary that recorded the old
//! `cdk46_inhibitor` (palbociclib, ribociclib or abemaciclib in version 1) asks once which
//! drug it is — abemaciclib's diarrhoea rule depends on it. Time is a parameter here.

use crate::model::{Drug, Profile, Therapy};
use chrono::NaiveDate;

/// How often the app asks "are you still on these treatments?".
pub const REVIEW_DAYS: i64 = 28;

/// What the diary remembers about the treatments besides the profile's classes.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Treatments {
    /// The drugs the patient picked by name, in the order picked.
    #[serde(default)]
    pub drugs: Vec<Drug>,
    /// The day the list was last saved or confirmed.
    #[serde(default)]
    pub confirmed_on: Option<NaiveDate>,
    /// Whether the "which CDK4/6 drug?" question was answered (or set aside with "I do
    /// not know"): it is asked once.
    #[serde(default)]
    pub cdk46_answered: bool,
}

/// The classes of `drugs`, each once, in the order of the drugs.
pub fn classes(drugs: &[Drug]) -> Vec<Therapy> {
    let mut out: Vec<Therapy> = Vec::new();
    for d in drugs {
        if !out.contains(&d.class()) {
            out.push(d.class());
        }
    }
    out
}

/// The profile's classes that no picked drug accounts for: classes saved by class (an
/// older diary, an import) that the patient has not yet named a drug for.
pub fn unnamed_classes(profile: &Profile, drugs: &[Drug]) -> Vec<Therapy> {
    let named = classes(drugs);
    profile
        .therapies
        .iter()
        .copied()
        .filter(|t| !named.contains(t))
        .collect()
}

/// The picked drugs whose class the profile still lists (an import may have replaced the
/// profile since they were picked).
pub fn current_drugs(profile: &Profile, drugs: &[Drug]) -> Vec<Drug> {
    drugs
        .iter()
        .copied()
        .filter(|d| profile.takes(d.class()))
        .collect()
}

/// The classes to save for `drugs` picked by name and the `unnamed` classes kept as they
/// were: each once, drugs' classes first.
pub fn therapies(drugs: &[Drug], unnamed: &[Therapy]) -> Vec<Therapy> {
    let mut out = classes(drugs);
    for t in unnamed {
        if !out.contains(t) {
            out.push(*t);
        }
    }
    out
}

/// Whether to ask "are you still on these treatments?" on `today`: there are treatments,
/// and they were never confirmed or last confirmed 28 days ago or more.
pub fn review_due(profile: &Profile, t: &Treatments, today: NaiveDate) -> bool {
    !profile.therapies.is_empty()
        && t.confirmed_on
            .is_none_or(|d| (today - d).num_days() >= REVIEW_DAYS)
}

/// Whether to ask which CDK4/6 drug it is: the profile lists both `cdk46_inhibitor` and
/// `abemaciclib` (how a version 1 `cdk46_inhibitor` is read: either could be meant), no
/// CDK4/6 drug was picked by name, and the question was not answered before.
pub fn asks_which_cdk46(profile: &Profile, t: &Treatments) -> bool {
    profile.takes(Therapy::Cdk46Inhibitor)
        && profile.takes(Therapy::Abemaciclib)
        && !t.cdk46_answered
        && !t
            .drugs
            .iter()
            .any(|d| matches!(d, Drug::Palbociclib | Drug::Ribociclib | Drug::Abemaciclib))
}

/// The answers to "which CDK4/6 drug?", in the order they are offered.
pub const CDK46_DRUGS: &[Drug] = &[Drug::Palbociclib, Drug::Ribociclib, Drug::Abemaciclib];

/// The profile's classes after the answer to "which CDK4/6 drug?": the drug's class stays
/// and the other CDK4/6 class goes; "I do not know" (`None`) keeps both, the safer reading.
pub fn answer_cdk46(profile: &Profile, drug: Option<Drug>) -> Vec<Therapy> {
    let Some(drug) = drug else {
        return profile.therapies.clone();
    };
    let drop = match drug.class() {
        Therapy::Abemaciclib => Therapy::Cdk46Inhibitor,
        _ => Therapy::Abemaciclib,
    };
    profile
        .therapies
        .iter()
        .copied()
        .filter(|t| *t != drop)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn profile(therapies: &[Therapy]) -> Profile {
        Profile {
            therapies: therapies.to_vec(),
            ..Profile::default()
        }
    }

    #[test]
    fn every_class_has_a_drug_and_every_drug_one_class() {
        for t in Therapy::ALL {
            assert!(
                Drug::ALL.iter().any(|d| d.class() == *t),
                "no drug picks the class {t}"
            );
        }
        assert_eq!(
            classes(&[Drug::Palbociclib, Drug::Ribociclib, Drug::Capecitabine]),
            vec![Therapy::Cdk46Inhibitor, Therapy::Capecitabine]
        );
    }

    #[test]
    fn the_review_is_due_every_28_days() {
        let on = profile(&[Therapy::Capecitabine]);
        let confirmed = |d: &str| Treatments {
            confirmed_on: Some(day(d)),
            ..Treatments::default()
        };
        // (profile, treatments, today, due)
        for (p, t, today, due) in [
            (&on, Treatments::default(), "2026-11-29", true),
            (&on, confirmed("2026-11-02"), "2026-11-29", false),
            (&on, confirmed("2026-11-01"), "2026-11-29", true),
            (&on, confirmed("2026-11-29"), "2026-11-29", false),
            (&profile(&[]), Treatments::default(), "2026-11-29", false),
        ] {
            assert_eq!(review_due(p, &t, day(today)), due, "{t:?} on {today}");
        }
    }

    #[test]
    fn the_cdk46_question_is_asked_once_and_only_when_unclear() {
        let both = profile(&[Therapy::Cdk46Inhibitor, Therapy::Abemaciclib]);
        let none = Treatments::default();
        assert!(asks_which_cdk46(&both, &none));
        assert!(!asks_which_cdk46(
            &profile(&[Therapy::Cdk46Inhibitor]),
            &none
        ));
        assert!(!asks_which_cdk46(&profile(&[Therapy::Abemaciclib]), &none));
        let answered = Treatments {
            cdk46_answered: true,
            ..none.clone()
        };
        assert!(!asks_which_cdk46(&both, &answered));
        let named = Treatments {
            drugs: vec![Drug::Ribociclib],
            ..none
        };
        assert!(!asks_which_cdk46(&both, &named));
        // The answers.
        let with_cape = profile(&[
            Therapy::Capecitabine,
            Therapy::Cdk46Inhibitor,
            Therapy::Abemaciclib,
        ]);
        for (drug, expect) in [
            (
                Some(Drug::Palbociclib),
                vec![Therapy::Capecitabine, Therapy::Cdk46Inhibitor],
            ),
            (
                Some(Drug::Abemaciclib),
                vec![Therapy::Capecitabine, Therapy::Abemaciclib],
            ),
            (None, with_cape.therapies.clone()),
        ] {
            assert_eq!(answer_cdk46(&with_cape, drug), expect, "{drug:?}");
        }
    }

    #[test]
    fn classes_saved_without_a_drug_name_are_kept_until_named() {
        let p = profile(&[Therapy::Taxane, Therapy::Capecitabine]);
        let drugs = [Drug::Capecitabine, Drug::Letrozole];
        assert_eq!(unnamed_classes(&p, &drugs), vec![Therapy::Taxane]);
        // A drug whose class an import removed is no longer current.
        assert_eq!(current_drugs(&p, &drugs), vec![Drug::Capecitabine]);
        assert_eq!(
            therapies(&[Drug::Docetaxel], &[Therapy::Taxane, Therapy::Other]),
            vec![Therapy::Taxane, Therapy::Other]
        );
    }
}
