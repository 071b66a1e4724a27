//! The vocabulary as SQL columns: every closed list of the model is stored as its spec
//! spelling, and a spelling this version does not know is an error on read. It lives in
//! the store, the only floor that knows rusqlite, so the model below stays free of the
//! storage library (ARCHITECTURE.md, the floors).

use crate::conversation::Direction;
use crate::error::ErrorCode;
use crate::followup::{FollowUpAnswer, Question};
use crate::model::{
    Drug, LabTest, LabUnit, Rating, Reporter, RuleId, Sign, Subject, Therapy, Weekday,
};
use crate::photo::PhotoType;
use crate::vocabulary::Vocabulary;
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

/// Reads a vocabulary value from its spelling.
fn read<T: Vocabulary>(value: ValueRef<'_>) -> FromSqlResult<T> {
    let text = value.as_str()?;
    T::parse(text).ok_or_else(|| FromSqlError::Other(format!("unknown {}: {text}", T::NAME).into()))
}

macro_rules! columns {
    ($($name:ident),+ $(,)?) => { $(
        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(Vocabulary::as_str(*self).into())
            }
        }

        impl FromSql for $name {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                read(value)
            }
        }
    )+ };
}

columns!(
    Direction,
    PhotoType,
    ErrorCode,
    FollowUpAnswer,
    Question,
    Therapy,
    Drug,
    Rating,
    Sign,
    Reporter,
    LabTest,
    LabUnit,
    Weekday,
    RuleId,
    Subject
);
