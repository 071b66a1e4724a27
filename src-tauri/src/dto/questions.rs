//! The visit questions screen's shape: a question for the next clinic visit.

use serde::Serialize;
use ts_rs::TS;

/// A question for the next clinic visit.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QuestionDto {
    pub id: String,
    pub added_at: String,
    pub text: String,
}

impl QuestionDto {
    pub fn from_core(q: &diary_core::store::VisitQuestion) -> QuestionDto {
        QuestionDto {
            id: q.id.clone(),
            added_at: q.added_at.to_rfc3339(),
            text: q.text.clone(),
        }
    }
}
