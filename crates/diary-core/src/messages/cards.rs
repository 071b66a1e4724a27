//! The therapy cards: what to watch for on each class of treatment, and why, in the
//! patient's language.

use super::catalogue::{language, lookup, name};

/// What to watch for on one class of treatment, and why: the card the app shows for each
/// listed class (the seed's Table 1 and the rules of warning-signs-v2.md, in plain words).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TherapyCard {
    pub therapy: crate::model::Therapy,
    /// The class as the forms name it, with its drugs: "Capecitabine (Xeloda) tablets".
    pub title: String,
    /// What to watch for and why.
    pub watch: String,
    /// For a treatment that lowers blood counts: the infection warning and its limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub infection: Option<String>,
}

/// The card of `therapy` in `lang`.
pub fn therapy_card(lang: &str, therapy: crate::model::Therapy) -> TherapyCard {
    let lang = language(lang);
    TherapyCard {
        therapy,
        title: name(lang, &format!("therapy.{therapy}")),
        watch: lookup(lang, &format!("card.{therapy}"), &[]),
        infection: therapy
            .is_myelosuppressive()
            .then(|| lookup(lang, "card.myelosuppressive", &[])),
    }
}
