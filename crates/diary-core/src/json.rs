//! The interchange format of `docs/diary-json.md`: reading versions 1, 2 and 3 with
//! validation that names the first wrong field in document order, and writing version 3
//! (version 2 with the treatment courses, `docs/diary-json-v3.md`).
//! Ruleset v2 added therapies, the rating `rash` and six signs to the vocabulary; a
//! version 1 document may not hold them (diary-json-v2.md), so the reader checks the
//! version 1 allow-list ([`Words::V1`]) and reads a version 1 `cdk46_inhibitor` as both
//! `cdk46_inhibitor` and `abemaciclib`, the safer reading. Records made in memory by this
//! version of the app are checked against the whole vocabulary ([`Words::Current`]).
//!
//! `serde_json::Value` would silently keep the last of two equal keys and forget the
//! order of keys, so documents are first read into [`J`], a JSON tree that keeps both,
//! and then validated by hand field by field. A clinical record is never half-read in
//! silence: the first problem stops the reading and nothing is returned.

use crate::error::FieldError;
use crate::model::*;
use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat, Utc};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::fmt;

/// The value of `format`.
pub const FORMAT: &str = "symptom-diary";
/// The version this writer writes; the reader reads it and versions 1 and 2.
pub const VERSION: i64 = 3;
/// How far in the future of the reader's clock a report may lie.
pub const FUTURE_SLACK_SECONDS: i64 = 5 * 60;
/// The longest note, in Unicode scalar values.
pub const NOTE_MAX_CHARS: usize = 2000;

/// A JSON value that keeps the order of keys and keys given twice.
#[derive(Debug, Clone, PartialEq)]
pub enum J {
    Null,
    Bool(bool),
    /// A number written without fraction or exponent.
    Int(i128),
    /// A number written with a fraction or an exponent.
    Float(f64),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

impl<'de> Deserialize<'de> for J {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<J, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = J;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_unit<E>(self) -> Result<J, E> {
                Ok(J::Null)
            }
            fn visit_bool<E>(self, v: bool) -> Result<J, E> {
                Ok(J::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<J, E> {
                Ok(J::Int(v.into()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<J, E> {
                Ok(J::Int(v.into()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<J, E> {
                Ok(J::Float(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<J, E> {
                Ok(J::Str(v.to_owned()))
            }
            fn visit_string<E>(self, v: String) -> Result<J, E> {
                Ok(J::Str(v))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<J, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(J::Arr(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<J, A::Error> {
                let mut entries = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, J>()? {
                    entries.push((k, v));
                }
                Ok(J::Obj(entries))
            }
        }
        d.deserialize_any(V)
    }
}

impl J {
    /// How the value looks in an error message.
    fn shown(&self) -> String {
        match self {
            J::Null => "null".into(),
            J::Bool(b) => b.to_string(),
            J::Int(i) => i.to_string(),
            J::Float(f) => show_f(*f),
            J::Str(s) => {
                let short: String = s.chars().take(40).collect();
                let dots = if s.chars().count() > 40 { "…" } else { "" };
                format!("\"{short}{dots}\"")
            }
            J::Arr(_) => "an array".into(),
            J::Obj(_) => "an object".into(),
        }
    }
}

/// Reads JSON text into a [`J`] tree; a text that is not JSON is an error with an empty path.
pub fn parse_tree(text: &str) -> Result<J, FieldError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let tree = J::deserialize(&mut de)
        .and_then(|t| de.end().map(|_| t))
        .map_err(|e| FieldError::new("", format!("not valid JSON ({e})")))?;
    Ok(tree)
}

/// When reading a document, how its report times are judged.
#[derive(Debug, Clone, Copy)]
pub enum Clock {
    /// Refuse reports more than five minutes after this instant (import, log).
    Now(DateTime<Utc>),
    /// Do not judge times against a clock (`diary check` triages as of the latest report).
    Unchecked,
}

/// Reads and validates a whole interchange document.
pub fn parse_document(text: &str, clock: Clock) -> Result<Document, FieldError> {
    let tree = parse_tree(text)?;
    document_from_tree(&tree, clock)
}

/// Validates a [`J`] tree as an interchange document.
pub fn document_from_tree(tree: &J, clock: Clock) -> Result<Document, FieldError> {
    let entries = match tree {
        J::Obj(entries) => entries,
        other => {
            return Err(FieldError::new(
                "",
                format!(
                    "the document must be a JSON object, found {}",
                    other.shown()
                ),
            ))
        }
    };
    // The format and version say how to read everything else, so they are judged first.
    for (key, value) in entries {
        match key.as_str() {
            "format" if *value != J::Str(FORMAT.into()) => {
                return Err(FieldError::new(
                    "format",
                    format!("{} is not \"{FORMAT}\"", value.shown()),
                ))
            }
            "version" if !matches!(value, J::Int(1..=3)) => {
                return Err(FieldError::new(
                    "version",
                    format!(
                        "{} is not a version this diary can read (it reads versions 1, 2 and 3)",
                        value.shown()
                    ),
                ))
            }
            _ => {}
        }
    }
    // Version 1 holds only its own words; versions 2 and 3 every word of the vocabulary,
    // and version 3 the treatment courses.
    let version = entries
        .iter()
        .find_map(|(k, v)| match (k.as_str(), v) {
            ("version", J::Int(n)) => Some(*n),
            _ => None,
        })
        .unwrap_or(1);
    let words = if version >= 2 {
        Words::Current
    } else {
        Words::V1
    };
    let mut ids = Ids::default();
    let mut obj = Obj::new("", entries);
    let mut doc = Document::default();
    let (mut has_format, mut has_version, mut has_profile, mut has_reports) =
        (false, false, false, false);
    for (i, key, value) in obj.fields() {
        let path = obj.path(key);
        match key {
            "format" => has_format = true,
            "version" => has_version = true,
            "profile" => {
                has_profile = true;
                match profile_from(&path, value, words, version) {
                    Ok(p) => doc.profile = p,
                    Err(e) => obj.fail(i, e),
                }
            }
            "reports" => {
                has_reports = true;
                match array(&path, value).and_then(|items| {
                    items
                        .iter()
                        .enumerate()
                        .map(|(n, r)| {
                            report_from(&format!("{path}[{n}]"), r, clock, words, &mut ids)
                        })
                        .collect::<Result<Vec<_>, _>>()
                }) {
                    Ok(r) => doc.reports = r,
                    Err(e) => obj.fail(i, e),
                }
            }
            "labs" => match array(&path, value).and_then(|items| {
                items
                    .iter()
                    .enumerate()
                    .map(|(n, l)| lab_from(&format!("{path}[{n}]"), l, words, &mut ids))
                    .collect::<Result<Vec<_>, _>>()
            }) {
                Ok(l) => doc.labs = l,
                Err(e) => obj.fail(i, e),
            },
            "diary_id" if words == Words::Current => match uuid_field(&path, value) {
                Ok(id) => doc.diary_id = Some(id.to_string()),
                Err(e) => obj.fail(i, e),
            },
            "checkins" if words == Words::Current => match array(&path, value).and_then(|items| {
                items
                    .iter()
                    .enumerate()
                    .map(|(n, c)| checkin_from(&format!("{path}[{n}]"), c, clock, &mut ids))
                    .collect::<Result<Vec<_>, _>>()
            }) {
                Ok(c) => doc.checkins = c,
                Err(e) => obj.fail(i, e),
            },
            "courses" if version >= 3 => match array(&path, value).and_then(|items| {
                items
                    .iter()
                    .enumerate()
                    .map(|(n, c)| course_from(&format!("{path}[{n}]"), c, &mut ids))
                    .collect::<Result<Vec<_>, _>>()
            }) {
                Ok(c) => doc.courses = c,
                Err(e) => obj.fail(i, e),
            },
            "courses" => obj.fail(
                i,
                FieldError::new(
                    path,
                    "is not a known field of this version (it is new in version 3 of the format)",
                ),
            ),
            _ => obj.unknown(i, key),
        }
    }
    obj.require("format", has_format);
    obj.require("version", has_version);
    obj.require("profile", has_profile);
    obj.require("reports", has_reports);
    obj.finish()?;
    Ok(doc)
}

/// Collects the errors of one object's fields and keeps the first in document order.
struct Obj<'a> {
    prefix: String,
    entries: &'a [(String, J)],
    first: Option<(usize, FieldError)>,
}

impl<'a> Obj<'a> {
    fn new(prefix: &str, entries: &'a [(String, J)]) -> Obj<'a> {
        Obj {
            prefix: prefix.to_string(),
            entries,
            first: None,
        }
    }

    /// The fields in order, with their positions; a key given twice is an error at its
    /// second place and is not visited again.
    fn fields(&mut self) -> Vec<(usize, &'a str, &'a J)> {
        let mut seen = std::collections::HashSet::new();
        let mut out = Vec::new();
        for (i, (k, v)) in self.entries.iter().enumerate() {
            if !seen.insert(k.as_str()) {
                let path = self.path(k);
                self.fail(i, FieldError::new(path, "is given twice"));
                continue;
            }
            if *v == J::Null {
                let path = self.path(k);
                self.fail(
                    i,
                    FieldError::new(path, "null is not allowed (leave the key out instead)"),
                );
                continue;
            }
            out.push((i, k.as_str(), v));
        }
        out
    }

    fn path(&self, key: &str) -> String {
        if self.prefix.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.prefix)
        }
    }

    fn fail(&mut self, at: usize, e: FieldError) {
        if self.first.as_ref().is_none_or(|(i, _)| at < *i) {
            self.first = Some((at, e));
        }
    }

    fn unknown(&mut self, at: usize, key: &str) {
        let path = self.path(key);
        self.fail(at, FieldError::new(path, "is not a known field"));
    }

    fn require(&mut self, key: &str, present: bool) {
        if !present {
            let path = self.path(key);
            self.fail(usize::MAX, FieldError::new(path, "is required"));
        }
    }

    fn finish(self) -> Result<(), FieldError> {
        match self.first {
            Some((_, e)) => Err(e),
            None => Ok(()),
        }
    }

    fn position(&self, key: &str) -> usize {
        self.entries
            .iter()
            .position(|(k, _)| k == key)
            .unwrap_or(usize::MAX)
    }
}

fn object<'a>(path: &str, v: &'a J) -> Result<&'a [(String, J)], FieldError> {
    match v {
        J::Obj(e) => Ok(e),
        other => Err(FieldError::new(
            path,
            format!("expected an object, found {}", other.shown()),
        )),
    }
}

fn array<'a>(path: &str, v: &'a J) -> Result<&'a [J], FieldError> {
    match v {
        J::Arr(items) => Ok(items),
        other => Err(FieldError::new(
            path,
            format!("expected an array, found {}", other.shown()),
        )),
    }
}

fn string<'a>(path: &str, v: &'a J) -> Result<&'a str, FieldError> {
    match v {
        J::Str(s) => Ok(s),
        other => Err(FieldError::new(
            path,
            format!("expected a string, found {}", other.shown()),
        )),
    }
}

fn boolean(path: &str, v: &J) -> Result<bool, FieldError> {
    match v {
        J::Bool(b) => Ok(*b),
        other => Err(FieldError::new(
            path,
            format!("expected true or false, found {}", other.shown()),
        )),
    }
}

fn integer(path: &str, v: &J, lo: i128, hi: Option<i128>) -> Result<i128, FieldError> {
    let n = match v {
        J::Int(n) => *n,
        J::Float(_) => {
            return Err(FieldError::new(
                path,
                format!(
                    "{} is not a whole number (write it without a fraction or exponent)",
                    v.shown()
                ),
            ))
        }
        other => {
            return Err(FieldError::new(
                path,
                format!("expected a whole number, found {}", other.shown()),
            ))
        }
    };
    match hi {
        Some(hi) if n < lo || n > hi => Err(FieldError::new(
            path,
            format!("{n} is out of range {lo}–{hi}"),
        )),
        None if n < lo => Err(FieldError::new(path, format!("{n} is below {lo}"))),
        _ => Ok(n),
    }
}

fn number(path: &str, v: &J) -> Result<f64, FieldError> {
    match v {
        J::Int(n) => Ok(*n as f64),
        J::Float(f) if f.is_finite() => Ok(*f),
        other => Err(FieldError::new(
            path,
            format!("expected a number, found {}", other.shown()),
        )),
    }
}

fn number_in(path: &str, v: &J, lo: f64, hi: f64) -> Result<f64, FieldError> {
    let x = number(path, v)?;
    if x < lo || x > hi {
        return Err(FieldError::new(
            path,
            format!(
                "{} is out of range {}–{}",
                v.shown(),
                show_f(lo),
                show_f(hi)
            ),
        ));
    }
    Ok(x)
}

fn show_f(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.1}")
    } else {
        x.to_string()
    }
}

fn vocab<T: Copy>(
    path: &str,
    v: &J,
    parse: fn(&str) -> Option<T>,
    all: &[T],
    name: fn(T) -> &'static str,
) -> Result<T, FieldError> {
    let s = string(path, v)?;
    parse(s).ok_or_else(|| {
        let known: Vec<&str> = all.iter().map(|t| name(*t)).collect();
        FieldError::new(path, format!("\"{s}\" is not one of {}", known.join(", ")))
    })
}

/// Which words of the vocabulary a record may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Words {
    /// A version 1 document: no word that is new in version 2 (`NEW_IN_V2`).
    V1,
    /// A record made in memory by this version of the app: every word.
    Current,
}

impl Words {
    /// Whether `word` may appear, given the words that are new in version 2.
    fn allows<T: PartialEq>(self, word: &T, new_in_v2: &[T]) -> bool {
        self == Words::Current || !new_in_v2.contains(word)
    }
}

/// A closed vocabulary as [`vocab`] reads it: its parser, every word, and their spelling.
type Vocab<T> = (fn(&str) -> Option<T>, &'static [T], fn(T) -> &'static str);

/// [`vocab`] restricted to the words `words` allows; a word that is known but new in
/// version 2 is refused with words that say so.
fn vocab_in<T: Copy + PartialEq>(
    path: &str,
    v: &J,
    words: Words,
    (parse, all, name): Vocab<T>,
    new_in_v2: &[T],
) -> Result<T, FieldError> {
    let allowed: Vec<T> = all
        .iter()
        .copied()
        .filter(|t| words.allows(t, new_in_v2))
        .collect();
    let s = string(path, v)?;
    match parse(s) {
        Some(t) if words.allows(&t, new_in_v2) => Ok(t),
        found => {
            let known: Vec<&str> = allowed.iter().map(|t| name(*t)).collect();
            let new = if found.is_some() {
                " (it is new in version 2 of the format)"
            } else {
                ""
            };
            Err(FieldError::new(
                path,
                format!("\"{s}\" is not one of {}{new}", known.join(", ")),
            ))
        }
    }
}

/// The profile of a document of `version` (the care team's office hours from version 3,
/// the version this writer writes: see [`office_hours_from`]).
fn profile_from(path: &str, v: &J, words: Words, version: i128) -> Result<Profile, FieldError> {
    let mut obj = Obj::new(path, object(path, v)?);
    let mut p = Profile::default();
    for (i, key, value) in obj.fields() {
        let fpath = obj.path(key);
        let result: Result<(), FieldError> = (|| {
            match key {
                "therapies" => {
                    let mut given = Vec::new();
                    for (n, t) in array(&fpath, value)?.iter().enumerate() {
                        let tpath = format!("{fpath}[{n}]");
                        let therapy = vocab_in(
                            &tpath,
                            t,
                            words,
                            (Therapy::parse, Therapy::ALL, Therapy::as_str),
                            Therapy::NEW_IN_V2,
                        )?;
                        if given.contains(&therapy) {
                            return Err(FieldError::new(
                                tpath,
                                format!("\"{therapy}\" is given twice"),
                            ));
                        }
                        given.push(therapy);
                    }
                    // Version 1 applied the abemaciclib rule to every CDK4/6 inhibitor:
                    // its cdk46_inhibitor is read as both classes until the patient says
                    // which drug it is.
                    let mut out = Vec::new();
                    for therapy in given {
                        out.push(therapy);
                        if words == Words::V1 && therapy == Therapy::Cdk46Inhibitor {
                            out.push(Therapy::Abemaciclib);
                        }
                    }
                    p.therapies = out;
                }
                "usual_stools_per_day" => {
                    p.usual_stools_per_day =
                        Some(integer(&fpath, value, 0, Some(u32::MAX as i128))? as u32)
                }
                "baseline_weight_kg" => {
                    p.baseline_weight_kg = Some(number_in(&fpath, value, 20.0, 300.0)?)
                }
                "biliary_stent" => p.biliary_stent = Some(boolean(&fpath, value)?),
                "fever_threshold_c" => {
                    p.fever_threshold_c = Some(number_in(&fpath, value, 37.0, 39.0)?)
                }
                "office_hours" if version >= 3 => {
                    p.office_hours = Some(office_hours_from(&fpath, value)?)
                }
                "office_hours" => return Err(FieldError::new(
                    fpath.clone(),
                    "is not a known field of this version (it is new in version 4 of the format)",
                )),
                _ => return Err(FieldError::new(fpath.clone(), "is not a known field")),
            }
            Ok(())
        })();
        if let Err(e) = result {
            obj.fail(i, e);
        }
    }
    obj.finish()?;
    Ok(p)
}

/// The care team's office hours (`profile.office_hours`, diary-json-v4.md): an object with
/// exactly `days` (a non-empty list of distinct days `mon` … `sun`), `open` (`HH:MM`,
/// 00:00–23:59) and `close` (`HH:MM`, 00:01–24:00, after `open`). Version 4 of the format
/// defines the field; this reader also reads it in version 3, the version its writer
/// writes, so that an export keeps the team's office hours (docs/diary-json-v3.md). The
/// app's screens and the `diary` command read theirs through here too
/// ([`crate::input::office_hours`]), so every boundary refuses the same way.
pub fn office_hours_from(path: &str, v: &J) -> Result<OfficeHours, FieldError> {
    let mut obj = Obj::new(path, object(path, v)?);
    let (mut days, mut open, mut close) = (None, None, None);
    for (i, key, value) in obj.fields() {
        let fpath = obj.path(key);
        let result: Result<(), FieldError> = (|| {
            match key {
                "days" => {
                    let items = array(&fpath, value)?;
                    if items.is_empty() {
                        return Err(FieldError::new(fpath, "name at least one day"));
                    }
                    let mut given: Vec<OfficeDay> = Vec::new();
                    for (n, d) in items.iter().enumerate() {
                        let dpath = format!("{fpath}[{n}]");
                        let day = vocab(
                            &dpath,
                            d,
                            OfficeDay::parse,
                            OfficeDay::ALL,
                            OfficeDay::as_str,
                        )?;
                        if given.contains(&day) {
                            return Err(FieldError::new(
                                dpath,
                                format!("\"{day}\" is given twice"),
                            ));
                        }
                        given.push(day);
                    }
                    days = Some(given);
                }
                "open" => {
                    let minutes = time_field(&fpath, value)?;
                    if minutes == MIDNIGHT_CLOSE {
                        return Err(FieldError::new(
                            fpath,
                            "\"24:00\" is not an opening time (00:00–23:59)",
                        ));
                    }
                    open = Some(minutes);
                }
                // 00:00 is refused below, as not after the opening time.
                "close" => close = Some(time_field(&fpath, value)?),
                _ => return Err(FieldError::new(fpath.clone(), "is not a known field")),
            }
            Ok(())
        })();
        if let Err(e) = result {
            obj.fail(i, e);
        }
    }
    obj.require("days", days.is_some());
    obj.require("open", open.is_some());
    obj.require("close", close.is_some());
    // The closing time is judged against the opening time once both are known, at the
    // closing time's place.
    if let (Some(o), Some(c)) = (open, close) {
        if c <= o {
            let at = obj.position("close");
            obj.fail(
                at,
                FieldError::new(
                    obj.path("close"),
                    format!(
                        "{} is not after the opening time, {}",
                        OfficeHours::time(c),
                        OfficeHours::time(o)
                    ),
                ),
            );
        }
    }
    obj.finish()?;
    Ok(OfficeHours {
        days: days.unwrap_or_default(),
        open: open.unwrap_or_default(),
        close: close.unwrap_or_default(),
    })
}

/// A time `HH:MM` of the office hours (00:00–24:00), as minutes after midnight.
fn time_field(path: &str, v: &J) -> Result<u16, FieldError> {
    let text = string(path, v)?;
    OfficeHours::parse_time(text)
        .ok_or_else(|| FieldError::new(path, format!("\"{text}\" is not a time HH:MM")))
}

/// Parses an RFC 3339 date-time as the spec allows it: `T`, seconds, an offset `Z` or `±hh:mm`.
pub fn parse_instant(text: &str) -> Option<DateTime<FixedOffset>> {
    let b = text.as_bytes();
    if b.len() < 20 || b[10] != b'T' {
        return None;
    }
    let tail_ok = text.ends_with('Z') || {
        let n = b.len();
        n >= 6 && (b[n - 6] == b'+' || b[n - 6] == b'-') && b[n - 3] == b':'
    };
    if !tail_ok {
        return None;
    }
    DateTime::parse_from_rfc3339(text).ok()
}

/// Writes an instant the way exports always do: its own offset, `+00:00` for UTC, and
/// only as many fractional digits as it has (in steps of three).
pub fn format_instant(t: &DateTime<FixedOffset>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, false)
}

/// The record ids of a version 2 document, to refuse one given twice.
#[derive(Default)]
struct Ids(std::collections::BTreeSet<String>);

impl Ids {
    /// Checks a record's `id` (a lower-case UUID) and that no earlier record has it.
    fn check(&mut self, path: &str, v: &J) -> Result<String, FieldError> {
        let id = uuid_field(path, v)?;
        if !self.0.insert(id.to_string()) {
            return Err(FieldError::new(
                path,
                format!("\"{id}\" is the id of an earlier record of this document"),
            ));
        }
        Ok(id.to_string())
    }
}

/// A UUID written in lower case with hyphens (`diary_id`, a record's `id`).
fn uuid_field<'a>(path: &str, v: &'a J) -> Result<&'a str, FieldError> {
    let s = string(path, v)?;
    let shaped = s.len() == 36
        && s.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_digit() || ('a'..='f').contains(&c),
        });
    if shaped {
        Ok(s)
    } else {
        Err(FieldError::new(
            path,
            format!(
                "\"{s}\" is not a UUID in lower case (like 0b7e4c1e-5a39-4d7a-9a51-2f1f6a3c8e10)"
            ),
        ))
    }
}

fn report_from(
    path: &str,
    v: &J,
    clock: Clock,
    words: Words,
    ids: &mut Ids,
) -> Result<Report, FieldError> {
    let mut obj = Obj::new(path, object(path, v)?);
    let mut r = Report::new(DateTime::<FixedOffset>::default());
    let mut has_time = false;
    for (i, key, value) in obj.fields() {
        let fpath = obj.path(key);
        let result: Result<(), FieldError> = (|| {
            match key {
                "recorded_at" => {
                    let s = string(&fpath, value)?;
                    let t = parse_instant(s).ok_or_else(|| {
                        FieldError::new(
                            &fpath,
                            format!(
                                "\"{s}\" is not an RFC 3339 date-time with T and an offset (like 2026-11-20T08:30:00+05:00)"
                            ),
                        )
                    })?;
                    check_not_future(&fpath, &t, clock)?;
                    r.recorded_at = t;
                    has_time = true;
                }
                "reporter" => {
                    r.reporter = vocab(
                        &fpath,
                        value,
                        Reporter::parse,
                        Reporter::ALL,
                        Reporter::as_str,
                    )?
                }
                "ratings" => {
                    let mut robj = Obj::new(&fpath, object(&fpath, value)?);
                    let mut ratings = BTreeMap::new();
                    for (j, rkey, rvalue) in robj.fields() {
                        let rpath = robj.path(rkey);
                        match Rating::parse(rkey) {
                            None => robj.fail(j, FieldError::new(rpath, "is not a known rating")),
                            Some(item) if !words.allows(&item, Rating::NEW_IN_V2) => robj.fail(
                                j,
                                FieldError::new(
                                    rpath,
                                    "is not a rating of version 1 of the format (it is new in version 2)",
                                ),
                            ),
                            Some(item) => {
                                match integer(&rpath, rvalue, 0, Some(i128::from(Rating::MAX))) {
                                    Ok(n) => {
                                        ratings.insert(item, n as u8);
                                    }
                                    Err(e) => robj.fail(j, e),
                                }
                            }
                        }
                    }
                    robj.finish()?;
                    r.ratings = ratings;
                }
                "stools_above_usual" => {
                    r.stools_above_usual = Some(integer(&fpath, value, 0, Some(50))? as u32)
                }
                "vomiting_episodes" => {
                    r.vomiting_episodes = Some(integer(&fpath, value, 0, Some(50))? as u32)
                }
                "temperature_c" => r.temperature_c = Some(number_in(&fpath, value, 30.0, 45.0)?),
                "weight_kg" => r.weight_kg = Some(number_in(&fpath, value, 20.0, 300.0)?),
                "signs" => {
                    let mut out = Vec::new();
                    for (n, s) in array(&fpath, value)?.iter().enumerate() {
                        let spath = format!("{fpath}[{n}]");
                        let sign = vocab_in(
                            &spath,
                            s,
                            words,
                            (Sign::parse, Sign::ALL, Sign::as_str),
                            Sign::NEW_IN_V2,
                        )?;
                        if out.contains(&sign) {
                            return Err(FieldError::new(
                                spath,
                                format!("\"{sign}\" is given twice"),
                            ));
                        }
                        out.push(sign);
                    }
                    r.signs = out;
                }
                "note" => {
                    let s = string(&fpath, value)?;
                    check_note(&fpath, s)?;
                    r.note = Some(s.to_string());
                }
                "id" if words == Words::Current => r.id = Some(ids.check(&fpath, value)?),
                "screened" if words == Words::Current => match value {
                    J::Bool(b) => r.screened = *b,
                    other => {
                        return Err(FieldError::new(
                            &fpath,
                            format!("expected true or false, found {}", other.shown()),
                        ))
                    }
                },
                _ => return Err(FieldError::new(fpath.clone(), "is not a known field")),
            }
            Ok(())
        })();
        if let Err(e) = result {
            obj.fail(i, e);
        }
    }
    obj.require("recorded_at", has_time);
    obj.finish()?;
    Ok(r)
}

fn check_not_future(path: &str, t: &DateTime<FixedOffset>, clock: Clock) -> Result<(), FieldError> {
    if let Clock::Now(now) = clock {
        if t.with_timezone(&Utc) > now + chrono::Duration::seconds(FUTURE_SLACK_SECONDS) {
            return Err(FieldError::new(
                path,
                format!(
                    "{} is in the future (more than 5 minutes after now, {})",
                    format_instant(t),
                    now.to_rfc3339_opts(SecondsFormat::Secs, true)
                ),
            ));
        }
    }
    Ok(())
}

/// One weekly check-in (diary-json-v2.md, `checkins`). Rules across fields are charged to
/// the field that breaks them: PHQ-2 and GAD-2 are the patient's (required of a patient,
/// refused of a caregiver), the self-harm question is asked only of a patient whose PHQ-2
/// total is ≥ 3, caregiver strain only of a caregiver.
fn checkin_from(path: &str, v: &J, clock: Clock, ids: &mut Ids) -> Result<Checkin, FieldError> {
    let mut obj = Obj::new(path, object(path, v)?);
    let mut c = Checkin {
        id: None,
        answered_at: DateTime::<FixedOffset>::default(),
        reporter: Reporter::Patient,
        phq2: None,
        gad2: None,
        self_harm_thoughts: None,
        function: 0,
        social: 0,
        eating: 0,
        caregiver_strain: None,
    };
    let (mut has_time, mut has_function, mut has_social, mut has_eating) =
        (false, false, false, false);
    let pair = |fpath: &str, value: &J| -> Result<[u8; 2], FieldError> {
        let items = array(fpath, value)?;
        if items.len() != 2 {
            return Err(FieldError::new(
                fpath,
                format!("expected exactly two answers, found {}", items.len()),
            ));
        }
        Ok([
            integer(&format!("{fpath}[0]"), &items[0], 0, Some(3))? as u8,
            integer(&format!("{fpath}[1]"), &items[1], 0, Some(3))? as u8,
        ])
    };
    for (i, key, value) in obj.fields() {
        let fpath = obj.path(key);
        let result: Result<(), FieldError> = (|| {
            match key {
                "id" => c.id = Some(ids.check(&fpath, value)?),
                "answered_at" => {
                    let s = string(&fpath, value)?;
                    let t = parse_instant(s).ok_or_else(|| {
                        FieldError::new(
                            &fpath,
                            format!(
                                "\"{s}\" is not an RFC 3339 date-time with T and an offset (like 2026-11-19T18:00:00+05:00)"
                            ),
                        )
                    })?;
                    check_not_future(&fpath, &t, clock)?;
                    c.answered_at = t;
                    has_time = true;
                }
                "reporter" => {
                    c.reporter = vocab(
                        &fpath,
                        value,
                        Reporter::parse,
                        Reporter::ALL,
                        Reporter::as_str,
                    )?
                }
                "phq2" => c.phq2 = Some(pair(&fpath, value)?),
                "gad2" => c.gad2 = Some(pair(&fpath, value)?),
                "self_harm_thoughts" => c.self_harm_thoughts = Some(boolean(&fpath, value)?),
                "function" => {
                    c.function = integer(&fpath, value, 0, Some(4))? as u8;
                    has_function = true;
                }
                "social" => {
                    c.social = integer(&fpath, value, 0, Some(4))? as u8;
                    has_social = true;
                }
                "eating" => {
                    c.eating = integer(&fpath, value, 0, Some(3))? as u8;
                    has_eating = true;
                }
                "caregiver_strain" => {
                    c.caregiver_strain = Some(integer(&fpath, value, 0, Some(4))? as u8)
                }
                _ => return Err(FieldError::new(fpath.clone(), "is not a known field")),
            }
            Ok(())
        })();
        if let Err(e) = result {
            obj.fail(i, e);
        }
    }
    let patient = c.reporter == Reporter::Patient;
    for (key, given) in [("phq2", c.phq2.is_some()), ("gad2", c.gad2.is_some())] {
        if patient && !given {
            obj.fail(
                usize::MAX,
                FieldError::new(obj.path(key), "is required in a patient's check-in"),
            );
        }
        if !patient && given {
            obj.fail(
                obj.position(key),
                FieldError::new(
                    obj.path(key),
                    "is answered only by the patient; leave it out of a caregiver's check-in",
                ),
            );
        }
    }
    if c.self_harm_thoughts.is_some() && !c.asks_self_harm() {
        let why = if patient {
            "is asked only when the PHQ-2 total is 3 or more"
        } else {
            "is answered only by the patient; leave it out of a caregiver's check-in"
        };
        obj.fail(
            obj.position("self_harm_thoughts"),
            FieldError::new(obj.path("self_harm_thoughts"), why),
        );
    }
    if patient && c.caregiver_strain.is_some() {
        obj.fail(
            obj.position("caregiver_strain"),
            FieldError::new(
                obj.path("caregiver_strain"),
                "is asked only when a caregiver answers (reporter \"caregiver\")",
            ),
        );
    }
    obj.require("answered_at", has_time);
    obj.require("function", has_function);
    obj.require("social", has_social);
    obj.require("eating", has_eating);
    obj.finish()?;
    Ok(c)
}

/// A note is plain text: at most [`NOTE_MAX_CHARS`] characters, and no control character
/// (tab and line breaks aside) and no bidirectional override or isolate, which would make
/// a validating FHIR server refuse the whole unit (red alerts included) or make the text
/// read differently from what it holds.
fn check_note(path: &str, note: &str) -> Result<(), FieldError> {
    check_text(path, note, NOTE_MAX_CHARS)
}

/// [`check_note`]'s rules for any free text the patient types, with its own length limit.
pub(crate) fn check_text(path: &str, note: &str, max: usize) -> Result<(), FieldError> {
    let n = note.chars().count();
    if n > max {
        return Err(FieldError::new(
            path,
            format!("is {n} characters long; at most {max} are allowed"),
        ));
    }
    let refused = |c: char| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    if let Some((at, c)) = note.chars().enumerate().find(|(_, c)| refused(*c)) {
        return Err(FieldError::new(
            path,
            format!(
                "has an invisible control character (U+{:04X}) at character {}; please remove it",
                c as u32,
                at + 1
            ),
        ));
    }
    Ok(())
}

/// One treatment course (version 3): its drugs by name, day 1, the cycle length (absent:
/// continuous) and the last day once stopped; then the checks every course gets
/// ([`Course::validate`]: drugs once each, a cycle of 1–90 days, an end after the start).
fn course_from(path: &str, v: &J, ids: &mut Ids) -> Result<Course, FieldError> {
    let mut obj = Obj::new(path, object(path, v)?);
    let (mut id, mut drugs, mut started_on, mut cycle_days, mut ended_on) =
        (None, None, None, None, None);
    let date = |fpath: &str, v: &J| -> Result<NaiveDate, FieldError> {
        let s = string(fpath, v)?;
        parse_date(s)
            .ok_or_else(|| FieldError::new(fpath, format!("\"{s}\" is not a date YYYY-MM-DD")))
    };
    for (i, key, v) in obj.fields() {
        let fpath = obj.path(key);
        let result: Result<(), FieldError> = (|| {
            match key {
                "id" => id = Some(ids.check(&fpath, v)?),
                "drugs" => {
                    drugs = Some(
                        array(&fpath, v)?
                            .iter()
                            .enumerate()
                            .map(|(n, d)| {
                                vocab(
                                    &format!("{fpath}[{n}]"),
                                    d,
                                    Drug::parse,
                                    Drug::ALL,
                                    Drug::as_str,
                                )
                            })
                            .collect::<Result<Vec<_>, _>>()?,
                    )
                }
                "started_on" => started_on = Some(date(&fpath, v)?),
                "cycle_days" => {
                    cycle_days = Some(integer(&fpath, v, 1, Some(MAX_CYCLE_DAYS.into()))? as u32)
                }
                "ended_on" => ended_on = Some(date(&fpath, v)?),
                _ => return Err(FieldError::new(fpath.clone(), "is not a known field")),
            }
            Ok(())
        })();
        if let Err(e) = result {
            obj.fail(i, e);
        }
    }
    obj.require("drugs", drugs.is_some());
    obj.require("started_on", started_on.is_some());
    obj.finish()?;
    let course = Course {
        id,
        drugs: drugs.expect("required above"),
        started_on: started_on.expect("required above"),
        cycle_days,
        ended_on,
    };
    course.validate(path)?;
    Ok(course)
}

fn lab_from(path: &str, v: &J, words: Words, ids: &mut Ids) -> Result<LabResult, FieldError> {
    let mut obj = Obj::new(path, object(path, v)?);
    let mut id = None;
    let mut taken_on = None;
    let mut test = None;
    let mut value = None;
    let mut unit = None;
    let (mut ref_low, mut ref_high, mut baseline) = (None, None, None);
    for (i, key, v) in obj.fields() {
        let fpath = obj.path(key);
        let result: Result<(), FieldError> = (|| {
            match key {
                "id" if words == Words::Current => id = Some(ids.check(&fpath, v)?),
                "taken_on" => {
                    let s = string(&fpath, v)?;
                    let d = parse_date(s).ok_or_else(|| {
                        FieldError::new(&fpath, format!("\"{s}\" is not a date YYYY-MM-DD"))
                    })?;
                    taken_on = Some(d);
                }
                "test" => {
                    test = Some(vocab(
                        &fpath,
                        v,
                        LabTest::parse,
                        LabTest::ALL,
                        LabTest::as_str,
                    )?)
                }
                "value" => {
                    let x = number(&fpath, v)?;
                    if x < 0.0 {
                        return Err(FieldError::new(&fpath, format!("{} is below 0", v.shown())));
                    }
                    value = Some(x);
                }
                "unit" if *v == J::Str("%".into()) => {
                    return Err(FieldError::new(
                        &fpath,
                        "a percentage cannot be graded; give the absolute count in 10^9/L",
                    ))
                }
                "unit" => {
                    unit = Some(vocab(
                        &fpath,
                        v,
                        LabUnit::parse,
                        LabUnit::ALL,
                        LabUnit::as_str,
                    )?)
                }
                "ref_low" => ref_low = Some(positive(&fpath, v)?),
                "ref_high" => ref_high = Some(positive(&fpath, v)?),
                "baseline" => {
                    let x = number(&fpath, v)?;
                    if x < 0.0 {
                        return Err(FieldError::new(&fpath, format!("{} is below 0", v.shown())));
                    }
                    baseline = Some(x);
                }
                _ => return Err(FieldError::new(fpath.clone(), "is not a known field")),
            }
            Ok(())
        })();
        if let Err(e) = result {
            obj.fail(i, e);
        }
    }
    // Rules across fields are charged to the field that breaks them.
    if let (Some(t), Some(u)) = (test, unit) {
        if !t.allows_unit(u) {
            let units: Vec<&str> = t.units().iter().map(|u| u.as_str()).collect();
            obj.fail(
                obj.position("unit"),
                FieldError::new(
                    obj.path("unit"),
                    format!("\"{u}\" is not a unit for {t} (use {})", units.join(" or ")),
                ),
            );
        }
    }
    if let (Some(lo), Some(hi)) = (ref_low, ref_high) {
        if lo >= hi {
            let later = if obj.position("ref_low") > obj.position("ref_high") {
                "ref_low"
            } else {
                "ref_high"
            };
            obj.fail(
                obj.position(later),
                FieldError::new(
                    obj.path(later),
                    format!("ref_low ({lo}) must be less than ref_high ({hi})"),
                ),
            );
        }
    }
    if let Some(t) = test {
        if t.needs_ref_high() && ref_high.is_none() {
            obj.require("ref_high", false);
        }
        if t.needs_ref_low() && ref_low.is_none() {
            obj.require("ref_low", false);
        }
    }
    obj.require("taken_on", taken_on.is_some());
    obj.require("test", test.is_some());
    obj.require("value", value.is_some());
    obj.require("unit", unit.is_some());
    obj.finish()?;
    Ok(LabResult {
        id,
        taken_on: taken_on.expect("checked above"),
        test: test.expect("checked above"),
        value: value.expect("checked above"),
        unit: unit.expect("checked above"),
        ref_low,
        ref_high,
        baseline,
    })
}

/// Parses a `YYYY-MM-DD` date: four digits, two, two. Nothing else is a date, not even
/// what chrono's `%Y` also takes (a sign, as in `-026-11-09`): such a date would be
/// written back as `-0026-11-09`, which no reader takes, so the diary could not read its
/// own export (found by the random-input harness, tests/core/fuzz).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let shape = s.len() == 10
        && s.bytes().enumerate().all(|(i, c)| match i {
            4 | 7 => c == b'-',
            _ => c.is_ascii_digit(),
        });
    if !shape {
        return None;
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

fn positive(path: &str, v: &J) -> Result<f64, FieldError> {
    let x = number(path, v)?;
    if x <= 0.0 {
        return Err(FieldError::new(
            path,
            format!("{} must be above 0", v.shown()),
        ));
    }
    Ok(x)
}

/// Checks a report made in memory (by `diary log` or the app) against every rule the
/// format sets, so that nothing enters the diary that an export could not carry.
pub fn validate_report(r: &Report, now: DateTime<Utc>) -> Result<(), FieldError> {
    let tree = parse_tree(&report_to_value(r).to_string())?;
    report_from(
        "report",
        &tree,
        Clock::Now(now),
        Words::Current,
        &mut Ids::default(),
    )
    .map(|_| ())
}

/// Checks a profile made in memory.
pub fn validate_profile(p: &Profile) -> Result<(), FieldError> {
    let tree = parse_tree(&profile_to_value(p).to_string())?;
    profile_from("profile", &tree, Words::Current, VERSION.into()).map(|_| ())
}

/// Checks a lab result made in memory.
pub fn validate_lab(l: &LabResult) -> Result<(), FieldError> {
    let tree = parse_tree(&lab_to_value(l).to_string())?;
    lab_from("lab", &tree, Words::Current, &mut Ids::default()).map(|_| ())
}

/// Checks a check-in made in memory (by `diary checkin` or the app) against every rule
/// the format sets; the path names the field (`checkin.phq2`).
pub fn validate_checkin(c: &Checkin, now: DateTime<Utc>) -> Result<(), FieldError> {
    let tree = parse_tree(&checkin_to_value(c).to_string())?;
    checkin_from("checkin", &tree, Clock::Now(now), &mut Ids::default()).map(|_| ())
}

fn num(x: f64) -> Value {
    serde_json::Number::from_f64(x)
        .map(Value::Number)
        .unwrap_or(Value::Null)
}

/// The profile as the format writes it.
pub fn profile_to_value(p: &Profile) -> Value {
    let mut m = Map::new();
    if !p.therapies.is_empty() {
        m.insert("therapies".into(), json!(p.therapies));
    }
    if let Some(n) = p.usual_stools_per_day {
        m.insert("usual_stools_per_day".into(), json!(n));
    }
    if let Some(w) = p.baseline_weight_kg {
        m.insert("baseline_weight_kg".into(), num(w));
    }
    if let Some(b) = p.biliary_stent {
        m.insert("biliary_stent".into(), json!(b));
    }
    if let Some(t) = p.fever_threshold_c {
        m.insert("fever_threshold_c".into(), num(t));
    }
    if let Some(h) = &p.office_hours {
        m.insert("office_hours".into(), office_hours_to_value(h));
    }
    Value::Object(m)
}

/// The care team's office hours as the format writes them: the days in the order given.
pub fn office_hours_to_value(h: &OfficeHours) -> Value {
    json!({
        "days": h.days,
        "open": OfficeHours::time(h.open),
        "close": OfficeHours::time(h.close),
    })
}

/// One report as the format writes it.
pub fn report_to_value(r: &Report) -> Value {
    let mut m = Map::new();
    if let Some(id) = &r.id {
        m.insert("id".into(), json!(id));
    }
    m.insert("recorded_at".into(), json!(format_instant(&r.recorded_at)));
    m.insert("reporter".into(), json!(r.reporter));
    let ratings: Map<String, Value> = r
        .ratings
        .iter()
        .map(|(k, v)| (k.as_str().to_string(), json!(v)))
        .collect();
    m.insert("ratings".into(), Value::Object(ratings));
    if let Some(n) = r.stools_above_usual {
        m.insert("stools_above_usual".into(), json!(n));
    }
    if let Some(n) = r.vomiting_episodes {
        m.insert("vomiting_episodes".into(), json!(n));
    }
    if let Some(t) = r.temperature_c {
        m.insert("temperature_c".into(), num(t));
    }
    if let Some(w) = r.weight_kg {
        m.insert("weight_kg".into(), num(w));
    }
    m.insert("signs".into(), json!(r.signs));
    if let Some(n) = &r.note {
        m.insert("note".into(), json!(n));
    }
    if r.screened {
        m.insert("screened".into(), json!(true));
    }
    Value::Object(m)
}

/// One lab result as the format writes it.
pub fn lab_to_value(l: &LabResult) -> Value {
    let mut m = Map::new();
    if let Some(id) = &l.id {
        m.insert("id".into(), json!(id));
    }
    m.insert(
        "taken_on".into(),
        json!(l.taken_on.format("%Y-%m-%d").to_string()),
    );
    m.insert("test".into(), json!(l.test));
    m.insert("value".into(), num(l.value));
    m.insert("unit".into(), json!(l.unit));
    if let Some(x) = l.ref_low {
        m.insert("ref_low".into(), num(x));
    }
    if let Some(x) = l.ref_high {
        m.insert("ref_high".into(), num(x));
    }
    if let Some(x) = l.baseline {
        m.insert("baseline".into(), num(x));
    }
    Value::Object(m)
}

/// One check-in as the format writes it.
pub fn checkin_to_value(c: &Checkin) -> Value {
    let mut m = Map::new();
    if let Some(id) = &c.id {
        m.insert("id".into(), json!(id));
    }
    m.insert("answered_at".into(), json!(format_instant(&c.answered_at)));
    m.insert("reporter".into(), json!(c.reporter));
    if let Some(p) = c.phq2 {
        m.insert("phq2".into(), json!(p));
    }
    if let Some(g) = c.gad2 {
        m.insert("gad2".into(), json!(g));
    }
    if let Some(b) = c.self_harm_thoughts {
        m.insert("self_harm_thoughts".into(), json!(b));
    }
    m.insert("function".into(), json!(c.function));
    m.insert("social".into(), json!(c.social));
    m.insert("eating".into(), json!(c.eating));
    if let Some(n) = c.caregiver_strain {
        m.insert("caregiver_strain".into(), json!(n));
    }
    Value::Object(m)
}

/// One treatment course as the format writes it.
pub fn course_to_value(c: &Course) -> Value {
    let mut m = Map::new();
    if let Some(id) = &c.id {
        m.insert("id".into(), json!(id));
    }
    m.insert("drugs".into(), json!(c.drugs));
    m.insert("started_on".into(), json!(c.started_on.to_string()));
    if let Some(n) = c.cycle_days {
        m.insert("cycle_days".into(), json!(n));
    }
    if let Some(d) = c.ended_on {
        m.insert("ended_on".into(), json!(d.to_string()));
    }
    Value::Object(m)
}

/// The whole document as the format writes it.
pub fn document_to_value(doc: &Document) -> Value {
    let mut m = Map::new();
    m.insert("format".into(), json!(FORMAT));
    m.insert("version".into(), json!(VERSION));
    if let Some(id) = &doc.diary_id {
        m.insert("diary_id".into(), json!(id));
    }
    m.insert("profile".into(), profile_to_value(&doc.profile));
    m.insert(
        "reports".into(),
        Value::Array(doc.reports.iter().map(report_to_value).collect()),
    );
    m.insert(
        "labs".into(),
        Value::Array(doc.labs.iter().map(lab_to_value).collect()),
    );
    // Written only when there are some, so a diary without check-ins exports as before.
    if !doc.checkins.is_empty() {
        m.insert(
            "checkins".into(),
            Value::Array(doc.checkins.iter().map(checkin_to_value).collect()),
        );
    }
    // Likewise the treatment courses (version 3).
    if !doc.courses.is_empty() {
        m.insert(
            "courses".into(),
            Value::Array(doc.courses.iter().map(course_to_value).collect()),
        );
    }
    Value::Object(m)
}

/// The whole document as pretty-printed JSON text, ending in a newline.
pub fn to_json(doc: &Document) -> String {
    let mut s =
        serde_json::to_string_pretty(&document_to_value(doc)).expect("a Value always serializes");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_four_digits_two_and_two_and_read_back_as_written() {
        fn check(input: &str, expect: Option<&str>) {
            let got = parse_date(input);
            assert_eq!(
                got.map(|d| d.format("%Y-%m-%d").to_string()).as_deref(),
                expect,
                "{input:?}"
            );
            // What is read is written back the same, so it reads again.
            if let Some(d) = got {
                assert_eq!(d.format("%Y-%m-%d").to_string(), input);
            }
        }
        check("2026-11-09", Some("2026-11-09"));
        check("2024-02-29", Some("2024-02-29"));
        check("0000-01-01", Some("0000-01-01"));
        check("2026-02-29", None);
        check("2026-11-9", None);
        check("2026-11-090", None);
        // A sign fits in ten characters and chrono's %Y takes it: the fuzz harness's find.
        check("-026-11-09", None);
        check("+026-11-09", None);
        check(" 026-11-09", None);
        check("2026/11/09", None);
        check("２０２６-11-09", None);
    }

    /// Parses `input` without a clock and compares the error line (or "ok") with `expect`.
    fn check(input: &str, expect: &str) {
        let got = match parse_document(input, Clock::Unchecked) {
            Ok(_) => "ok".to_string(),
            Err(e) => e.to_string(),
        };
        assert_eq!(got, expect, "input: {input}");
    }

    fn doc(body: &str) -> String {
        format!(r#"{{"format":"symptom-diary","version":1,"profile":{{}},{body}}}"#)
    }

    #[test]
    fn errors_name_the_field() {
        check(&doc(r#""reports":[]"#), "ok");
        check(
            &doc(r#""reports":[{"recorded_at":"2026-11-20T08:30:00+05:00","ratings":{"pain":7}}]"#),
            "reports[0].ratings.pain: 7 is out of range 0–4",
        );
        check(
            &doc(r#""reports":[{"recorded_at":"2026-11-20T08:30:00+05:00","ratings":{"pain":1.0}}]"#),
            "reports[0].ratings.pain: 1.0 is not a whole number (write it without a fraction or exponent)",
        );
        check(
            &doc(r#""reports":[{"recorded_at":"2026-11-20T08:30:00+05:00","stools_above_usual":1e1}]"#),
            "reports[0].stools_above_usual: 10.0 is not a whole number (write it without a fraction or exponent)",
        );
        check(
            &doc(r#""reports":[{"recorded_at":"2026-11-20T08:30:00+05:00","note":null}]"#),
            "reports[0].note: null is not allowed (leave the key out instead)",
        );
        check(
            &doc(
                r#""reports":[{"recorded_at":"2026-11-20T08:30:00+05:00","ratings":{"pain":1,"pain":2}}]"#,
            ),
            "reports[0].ratings.pain: is given twice",
        );
        check(
            &doc(r#""reports":[{"recorded_at":"2026-11-20 08:30:00+05:00"}]"#),
            "reports[0].recorded_at: \"2026-11-20 08:30:00+05:00\" is not an RFC 3339 date-time with T and an offset (like 2026-11-20T08:30:00+05:00)",
        );
        check(
            &doc(r#""reports":[{"recorded_at":"2026-11-20T08:30:00"}]"#),
            "reports[0].recorded_at: \"2026-11-20T08:30:00\" is not an RFC 3339 date-time with T and an offset (like 2026-11-20T08:30:00+05:00)",
        );
        check(
            &doc(
                r#""reports":[{"recorded_at":"2026-11-20T08:30:00.25Z","signs":["dark_urine","dark_urine"]}]"#,
            ),
            "reports[0].signs[1]: \"dark_urine\" is given twice",
        );
        check(
            &doc(r#""reports":[{"recorded_at":"2026-11-20T08:30:00Z","mood":1}]"#),
            "reports[0].mood: is not a known field",
        );
        check(
            &doc(r#""reports":[{}]"#),
            "reports[0].recorded_at: is required",
        );
        check(
            r#"{"format":"symptom-diary","version":4,"profile":{},"reports":[]}"#,
            "version: 4 is not a version this diary can read (it reads versions 1, 2 and 3)",
        );
        check(
            r#"{"format":"symptom-diary","version":3,"profile":{},"reports":[]}"#,
            "ok",
        );
        check(
            r#"{"format":"symptom-diary","version":2,"profile":{},"reports":[]}"#,
            "ok",
        );
        check(
            r#"{"format":"symptom-diary","version":1,"reports":[]}"#,
            "profile: is required",
        );
        check(
            &doc(
                r#""reports":[],"labs":[{"unit":"U/L","taken_on":"2026-11-18","test":"bilirubin","value":42,"ref_high":21}]"#,
            ),
            "labs[0].unit: \"U/L\" is not a unit for bilirubin (use umol/L or mg/dL)",
        );
        check(
            &doc(
                r#""reports":[],"labs":[{"taken_on":"2026-11-18","test":"alt","value":42,"unit":"U/L"}]"#,
            ),
            "labs[0].ref_high: is required",
        );
        check(
            &doc(
                r#""reports":[],"labs":[{"taken_on":"2026-11-18","test":"albumin","value":42,"unit":"g/L","ref_low":35,"ref_high":30}]"#,
            ),
            "labs[0].ref_high: ref_low (35) must be less than ref_high (30)",
        );
        check(
            &doc(
                r#""reports":[],"labs":[{"taken_on":"2026-11-18","test":"albumin","value":42,"unit":"µmol/L","ref_low":35}]"#,
            ),
            "labs[0].unit: \"µmol/L\" is not one of umol/L, mg/dL, U/L, g/L, g/dL, 10^9/L, 10^3/uL",
        );
        check(
            r#"{"format":"symptom-diary","version":1,"profile":{"therapies":["capecitabine","aspirin"]},"reports":[]}"#,
            "profile.therapies[1]: \"aspirin\" is not one of taxane, capecitabine, eribulin, anthracycline, platinum, her2_antibody, t_dxd, cdk46_inhibitor, checkpoint_inhibitor, endocrine, other",
        );
        check(
            "[1,2",
            "not valid JSON (EOF while parsing a list at line 1 column 4)",
        );
    }

    #[test]
    fn the_first_wrong_field_in_document_order_wins() {
        check(
            &doc(r#""reports":[{"temperature_c":50,"recorded_at":"x","ratings":{"pain":9}}]"#),
            "reports[0].temperature_c: 50 is out of range 30.0–45.0",
        );
        check(
            &doc(
                r#""reports":[{"recorded_at":"2026-11-20T08:30:00Z"},{"recorded_at":"2026-11-20T08:30:00Z","weight_kg":1}]"#,
            ),
            "reports[1].weight_kg: 1 is out of range 20.0–300.0",
        );
    }

    #[test]
    fn the_future_is_refused_only_with_a_clock() {
        let now = DateTime::parse_from_rfc3339("2026-11-20T08:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let ok = doc(r#""reports":[{"recorded_at":"2026-11-20T08:05:00Z"}]"#);
        let late = doc(r#""reports":[{"recorded_at":"2026-11-20T08:05:01Z"}]"#);
        assert!(parse_document(&ok, Clock::Now(now)).is_ok());
        let e = parse_document(&late, Clock::Now(now)).unwrap_err();
        assert_eq!(e.path, "reports[0].recorded_at");
        assert!(parse_document(&late, Clock::Unchecked).is_ok());
    }

    #[test]
    fn a_note_refuses_control_characters_and_bidi_overrides_but_keeps_line_breaks() {
        let at = r#""recorded_at":"2026-11-20T08:30:00Z""#;
        let note = |text: &str| {
            doc(&format!(
                r#""reports":[{{{at},"note":{}}}]"#,
                serde_json::to_string(text).unwrap()
            ))
        };
        check(&note("line one\nline two\r\n\tindented"), "ok");
        check(&note("emoji 🙂, кириллица, oʻzbek"), "ok");
        check(
            &note("bell\u{7} here"),
            "reports[0].note: has an invisible control character (U+0007) at character 5; please remove it",
        );
        check(
            &note("\u{202E}gnp.exe"),
            "reports[0].note: has an invisible control character (U+202E) at character 1; please remove it",
        );
        check(
            &note("isolate \u{2066}x\u{2069}"),
            "reports[0].note: has an invisible control character (U+2066) at character 9; please remove it",
        );
        check(
            &note("nul \u{0}"),
            "reports[0].note: has an invisible control character (U+0000) at character 5; please remove it",
        );
    }

    #[test]
    fn a_note_may_hold_2000_characters_and_no_more() {
        let at = r#""recorded_at":"2026-11-20T08:30:00Z""#;
        let ok = doc(&format!(
            r#""reports":[{{{at},"note":"{}"}}]"#,
            "é".repeat(2000)
        ));
        let long = doc(&format!(
            r#""reports":[{{{at},"note":"{}"}}]"#,
            "é".repeat(2001)
        ));
        check(&ok, "ok");
        check(
            &long,
            "reports[0].note: is 2001 characters long; at most 2000 are allowed",
        );
    }

    #[test]
    fn the_spec_example_reads_and_writes_back() {
        let text = r#"{
  "format": "symptom-diary",
  "version": 1,
  "profile": { "therapies": ["capecitabine"], "usual_stools_per_day": 1, "baseline_weight_kg": 64.0,
    "biliary_stent": false, "fever_threshold_c": 37.5 },
  "reports": [ { "recorded_at": "2026-11-20T08:30:00+05:00", "reporter": "patient",
      "ratings": { "fatigue": 2, "pain": 1, "itching": 0, "jaundice": 0, "appetite_loss": 1 },
      "stools_above_usual": 0, "vomiting_episodes": 0, "temperature_c": 36.8, "weight_kg": 63.5,
      "signs": ["dark_urine"], "note": "slept badly" } ],
  "labs": [ { "taken_on": "2026-11-18", "test": "bilirubin", "value": 42, "unit": "umol/L",
      "ref_low": 3, "ref_high": 21 } ]
}"#;
        let d = parse_document(text, Clock::Unchecked).unwrap();
        assert_eq!(d.reports[0].rating(Rating::Fatigue), Some(2));
        assert_eq!(d.labs[0].value, 42.0);
        let again = parse_document(&to_json(&d), Clock::Unchecked).unwrap();
        assert_eq!(again, d);
        assert_eq!(to_json(&again), to_json(&d));
    }

    #[test]
    fn a_version_1_document_refuses_the_words_of_version_2() {
        check(
            &doc(r#""reports":[{"recorded_at":"2026-11-20T08:30:00+05:00","ratings":{"rash":1}}]"#),
            "reports[0].ratings.rash: is not a rating of version 1 of the format (it is new in version 2)",
        );
        check(
            &doc(r#""reports":[{"recorded_at":"2026-11-20T08:30:00+05:00","signs":["confusion","hand_flap"]}]"#),
            "reports[0].signs[1]: \"hand_flap\" is not one of dark_urine, pale_stools, black_stools, vomiting_blood, bruising, uncontrolled_bleeding, confusion, chest_pain, shivering, unable_to_keep_fluids, breathless_at_rest (it is new in version 2 of the format)",
        );
        for therapy in Therapy::NEW_IN_V2 {
            let text = format!(
                r#"{{"format":"symptom-diary","version":1,"profile":{{"therapies":["{therapy}"]}},"reports":[]}}"#
            );
            let e = parse_document(&text, Clock::Unchecked)
                .unwrap_err()
                .to_string();
            assert!(
                e.starts_with("profile.therapies[0]: ")
                    && e.ends_with("(it is new in version 2 of the format)"),
                "{e}"
            );
        }
        for sign in Sign::NEW_IN_V2 {
            let text = doc(&format!(
                r#""reports":[{{"recorded_at":"2026-11-20T08:30:00+05:00","signs":["{sign}"]}}]"#
            ));
            assert!(parse_document(&text, Clock::Unchecked)
                .unwrap_err()
                .to_string()
                .starts_with("reports[0].signs[0]: "));
        }
    }

    #[test]
    fn a_version_1_cdk46_inhibitor_is_read_as_both_classes() {
        let text = r#"{"format":"symptom-diary","version":1,"profile":{"therapies":["endocrine","cdk46_inhibitor"]},"reports":[]}"#;
        let d = parse_document(text, Clock::Unchecked).unwrap();
        assert_eq!(
            d.profile.therapies,
            [
                Therapy::Endocrine,
                Therapy::Cdk46Inhibitor,
                Therapy::Abemaciclib
            ]
        );
        // Written back as the current version, where both classes stand as they are: a
        // v1 → v3 → v3 round trip is exact.
        let written = to_json(&d);
        assert!(written.contains("\"version\": 3"), "{written}");
        assert!(written.contains("abemaciclib"), "{written}");
        let again = parse_document(&written, Clock::Unchecked).unwrap();
        assert_eq!(again, d);
        assert_eq!(to_json(&again), written);
        check(
            r#"{"format":"symptom-diary","version":1,"profile":{"therapies":["cdk46_inhibitor","cdk46_inhibitor"]},"reports":[]}"#,
            "profile.therapies[1]: \"cdk46_inhibitor\" is given twice",
        );
    }

    /// Version 2: every word of the vocabulary, optional ids (lower-case UUIDs, each once),
    /// `screened` and `checkins`; version 1 still refuses the new words.
    #[test]
    fn version_2_documents() {
        let v2 = |body: &str| {
            format!(r#"{{"format":"symptom-diary","version":2,"profile":{{}},{body}}}"#)
        };
        let at = r#""recorded_at":"2026-11-20T08:30:00+05:00""#;
        let id = "0b7e4c1e-5a39-4d7a-9a51-2f1f6a3c8e10";
        check(
            &v2(&format!(
                r#""reports":[{{{at},"ratings":{{"rash":2}},"signs":["hand_flap"]}}]"#
            )),
            "ok",
        );
        check(
            &v2(&format!(
                r#""diary_id":"{id}","reports":[{{"id":"{id}",{at},"screened":false}}],"checkins":[]"#
            )),
            "ok",
        );
        check(
            &v2(r#""diary_id":"0B7E4C1E-5A39-4D7A-9A51-2F1F6A3C8E10","reports":[]"#),
            "diary_id: \"0B7E4C1E-5A39-4D7A-9A51-2F1F6A3C8E10\" is not a UUID in lower case (like 0b7e4c1e-5a39-4d7a-9a51-2f1f6a3c8e10)",
        );
        check(
            &v2(&format!(
                r#""reports":[{{"id":"{id}",{at}}}],"labs":[{{"id":"{id}","taken_on":"2026-11-18","test":"alt","value":42,"unit":"U/L","ref_high":40}}]"#
            )),
            &format!("labs[0].id: \"{id}\" is the id of an earlier record of this document"),
        );
        let screened = parse_document(
            &v2(&format!(r#""reports":[{{{at},"screened":true}}]"#)),
            Clock::Unchecked,
        )
        .unwrap();
        assert!(screened.reports[0].screened);
        assert!(to_json(&screened).contains("\"screened\": true"));
        check(
            &v2(&format!(r#""reports":[{{{at},"screened":"yes"}}]"#)),
            "reports[0].screened: expected true or false, found \"yes\"",
        );
        check(
            &v2(r#""reports":[],"checkins":[{"answered_at":"2026-11-19T18:00:00+05:00"}]"#),
            "checkins[0].phq2: is required in a patient's check-in",
        );
        check(
            &v2(
                r#""reports":[],"labs":[{"taken_on":"2026-11-18","test":"neutrophils","value":40,"unit":"%","ref_low":2}]"#,
            ),
            "labs[0].unit: a percentage cannot be graded; give the absolute count in 10^9/L",
        );
        // In version 1 the fields and words of version 2 are unknown.
        check(
            &doc(&format!(r#""reports":[{{{at},"screened":false}}]"#)),
            "reports[0].screened: is not a known field",
        );
        check(
            &doc(r#""diary_id":"0b7e4c1e-5a39-4d7a-9a51-2f1f6a3c8e10","reports":[]"#),
            "diary_id: is not a known field",
        );
    }

    /// Version 3 adds the treatment courses; versions 1 and 2 do not know them. Every
    /// course rule names its field, and the spec's example reads and writes back.
    #[test]
    fn version_3_courses() {
        let v3 = |courses: &str| {
            format!(
                r#"{{"format":"symptom-diary","version":3,"profile":{{}},"reports":[],"courses":[{courses}]}}"#
            )
        };
        let id = "5c2e8a71-0d4b-4f6e-9a3c-7b1d2e4f6a80";
        let example = v3(&format!(
            r#"{{"id":"{id}","drugs":["paclitaxel"],"started_on":"2026-09-01","cycle_days":21,"ended_on":"2026-10-31"}},{{"drugs":["capecitabine"],"started_on":"2026-11-01"}}"#
        ));
        check(&example, "ok");
        let d = parse_document(&example, Clock::Unchecked).unwrap();
        assert_eq!(d.courses.len(), 2);
        assert_eq!(d.courses[0].id.as_deref(), Some(id));
        assert_eq!(d.courses[0].cycle_days, Some(21));
        assert_eq!(d.courses[1].cycle_days, None);
        let written = to_json(&d);
        assert!(written.contains("\"version\": 3"), "{written}");
        assert_eq!(parse_document(&written, Clock::Unchecked).unwrap(), d);
        for (course, expect) in [
            (
                r#"{"started_on":"2026-09-01"}"#,
                "courses[0].drugs: is required",
            ),
            (
                r#"{"drugs":["paclitaxel"]}"#,
                "courses[0].started_on: is required",
            ),
            (
                r#"{"drugs":[],"started_on":"2026-09-01"}"#,
                "courses[0].drugs: name at least one drug",
            ),
            (
                r#"{"drugs":["aspirin"],"started_on":"2026-09-01"}"#,
                "courses[0].drugs[0]: \"aspirin\" is not one of",
            ),
            (
                r#"{"drugs":["paclitaxel","paclitaxel"],"started_on":"2026-09-01"}"#,
                "courses[0].drugs[1]: paclitaxel is given twice",
            ),
            (
                r#"{"drugs":["paclitaxel"],"started_on":"1 Sept"}"#,
                "courses[0].started_on: \"1 Sept\" is not a date YYYY-MM-DD",
            ),
            (
                r#"{"drugs":["paclitaxel"],"started_on":"2026-09-01","cycle_days":0}"#,
                "courses[0].cycle_days: 0 is out of range 1–90",
            ),
            (
                r#"{"drugs":["paclitaxel"],"started_on":"2026-09-01","cycle_days":21.5}"#,
                "courses[0].cycle_days: 21.5 is not a whole number",
            ),
            (
                r#"{"drugs":["paclitaxel"],"started_on":"2026-09-01","ended_on":"2026-08-01"}"#,
                "courses[0].ended_on: 2026-08-01 is before the start, 2026-09-01",
            ),
            (
                r#"{"drugs":["paclitaxel"],"started_on":"2026-09-01","cycles":6}"#,
                "courses[0].cycles: is not a known field",
            ),
            (
                r#"{"id":"not-a-uuid","drugs":["paclitaxel"],"started_on":"2026-09-01"}"#,
                "courses[0].id: \"not-a-uuid\" is not a UUID in lower case",
            ),
        ] {
            let got = parse_document(&v3(course), Clock::Unchecked)
                .unwrap_err()
                .to_string();
            assert!(got.starts_with(expect), "{course}: {got}");
        }
        // A course's id is a record id like the others: one document never holds it twice.
        let twice = format!(
            r#"{{"format":"symptom-diary","version":3,"profile":{{}},"reports":[{{"id":"{id}","recorded_at":"2026-11-20T08:30:00+05:00"}}],"courses":[{{"id":"{id}","drugs":["paclitaxel"],"started_on":"2026-09-01"}}]}}"#
        );
        check(
            &twice,
            &format!("courses[0].id: \"{id}\" is the id of an earlier record of this document"),
        );
        // Versions 1 and 2 do not know courses, and say where they come from.
        for version in [1, 2] {
            check(
                &format!(
                    r#"{{"format":"symptom-diary","version":{version},"profile":{{}},"reports":[],"courses":[]}}"#
                ),
                "courses: is not a known field of this version (it is new in version 3 of the format)",
            );
        }
    }

    /// The drug names that docs/diary-json-v3.md lists are exactly the vocabulary's, so
    /// the document a reader trusts cannot drift from the code.
    #[test]
    fn the_v3_spec_lists_every_drug_name() {
        let spec = include_str!("../../../docs/diary-json-v3.md");
        let line = spec
            .split("from this list:")
            .nth(1)
            .and_then(|rest| rest.split('.').next())
            .expect("the spec lists the drugs after \"from this list:\"");
        let listed: Vec<&str> = line
            .split(',')
            .map(|w| w.trim().trim_matches('`'))
            .collect();
        let known: Vec<&str> = Drug::ALL.iter().map(|d| d.as_str()).collect();
        assert_eq!(listed, known);
    }

    /// Check-ins: the spec's example reads and writes back; every rule across fields names
    /// the field that breaks it.
    #[test]
    fn checkins_are_read_checked_and_written_back() {
        let v2 = |checkin: &str| {
            format!(
                r#"{{"format":"symptom-diary","version":2,"profile":{{}},"reports":[],"checkins":[{checkin}]}}"#
            )
        };
        let at = r#""answered_at":"2026-11-19T18:00:00+05:00""#;
        let example = v2(&format!(
            r#"{{"id":"3a9d5e7f-1b2c-4d3e-8f4a-5b6c7d8e9f01",{at},"reporter":"patient","phq2":[1,2],"gad2":[0,1],"self_harm_thoughts":false,"function":2,"social":1,"eating":1}}"#
        ));
        let d = parse_document(&example, Clock::Unchecked).unwrap();
        let c = &d.checkins[0];
        assert_eq!(
            c.id.as_deref(),
            Some("3a9d5e7f-1b2c-4d3e-8f4a-5b6c7d8e9f01")
        );
        assert_eq!(
            (c.phq2, c.gad2, c.self_harm_thoughts),
            (Some([1, 2]), Some([0, 1]), Some(false))
        );
        assert_eq!(
            (c.function, c.social, c.eating, c.caregiver_strain),
            (2, 1, 1, None)
        );
        let written = to_json(&d);
        let again = parse_document(&written, Clock::Unchecked).unwrap();
        assert_eq!(again, d);
        assert_eq!(to_json(&again), written);
        // A caregiver's: no PHQ-2 or GAD-2, their own strain.
        check(
            &v2(&format!(
                r#"{{{at},"reporter":"caregiver","function":1,"social":0,"eating":0,"caregiver_strain":3}}"#
            )),
            "ok",
        );
        let patient = |extra: &str| {
            v2(&format!(
                r#"{{{at},"phq2":[1,1],"gad2":[0,0],"function":1,"social":0,"eating":0{extra}}}"#
            ))
        };
        check(&patient(""), "ok");
        check(
            &patient(r#","self_harm_thoughts":true"#),
            "checkins[0].self_harm_thoughts: is asked only when the PHQ-2 total is 3 or more",
        );
        check(
            &patient(r#","caregiver_strain":2"#),
            "checkins[0].caregiver_strain: is asked only when a caregiver answers (reporter \"caregiver\")",
        );
        check(
            &v2(&format!(
                r#"{{{at},"reporter":"caregiver","gad2":[1,1],"function":1,"social":0,"eating":0}}"#
            )),
            "checkins[0].gad2: is answered only by the patient; leave it out of a caregiver's check-in",
        );
        check(
            &v2(&format!(
                r#"{{{at},"phq2":[1,4],"gad2":[0,0],"function":1,"social":0,"eating":0}}"#
            )),
            "checkins[0].phq2[1]: 4 is out of range 0–3",
        );
        check(
            &v2(&format!(
                r#"{{{at},"phq2":[1],"gad2":[0,0],"function":1,"social":0,"eating":0}}"#
            )),
            "checkins[0].phq2: expected exactly two answers, found 1",
        );
        check(
            &v2(&format!(
                r#"{{{at},"phq2":[1,1],"gad2":[0,0],"function":5,"social":0,"eating":0}}"#
            )),
            "checkins[0].function: 5 is out of range 0–4",
        );
        check(
            &v2(&format!(
                r#"{{{at},"phq2":[1,1],"gad2":[0,0],"function":1,"social":0,"eating":4}}"#
            )),
            "checkins[0].eating: 4 is out of range 0–3",
        );
        check(
            &v2(&format!(
                r#"{{{at},"phq2":[1,1],"gad2":[0,0],"function":1,"eating":0}}"#
            )),
            "checkins[0].social: is required",
        );
        // Version 1 has no check-ins.
        check(
            r#"{"format":"symptom-diary","version":1,"profile":{},"reports":[],"checkins":[]}"#,
            "checkins: is not a known field",
        );
    }

    #[test]
    fn records_made_in_memory_may_use_every_word() {
        let now = DateTime::parse_from_rfc3339("2026-11-20T09:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let mut r = Report::new(DateTime::parse_from_rfc3339("2026-11-20T08:30:00Z").unwrap());
        r.ratings.insert(Rating::Rash, 2);
        r.signs = Sign::NEW_IN_V2.to_vec();
        assert_eq!(validate_report(&r, now), Ok(()));
        let p = Profile {
            therapies: Therapy::ALL.to_vec(),
            ..Profile::default()
        };
        assert_eq!(validate_profile(&p), Ok(()));
    }
    /// The care team's office hours (`profile.office_hours`, diary-json-v4.md): read with
    /// the spec's errors in version 3, the version this writer writes, and refused in
    /// versions 1 and 2 with the spec's words; written back as read.
    #[test]
    fn office_hours() {
        let v3 = |hours: &str| {
            format!(
                r#"{{"format":"symptom-diary","version":3,"profile":{{"office_hours":{hours}}},"reports":[]}}"#
            )
        };
        let good = r#"{"days":["mon","tue","wed","thu","fri"],"open":"08:30","close":"17:00"}"#;
        check(&v3(good), "ok");
        for (hours, expect) in [
            (
                r#"{"days":[],"open":"08:30","close":"17:00"}"#,
                "profile.office_hours.days: name at least one day",
            ),
            (
                r#"{"days":["mon","tue","mon"],"open":"08:30","close":"17:00"}"#,
                "profile.office_hours.days[2]: \"mon\" is given twice",
            ),
            (
                r#"{"days":["monday"],"open":"08:30","close":"17:00"}"#,
                "profile.office_hours.days[0]: \"monday\" is not one of mon, tue, wed, thu, fri, sat, sun",
            ),
            (
                r#"{"days":"mon","open":"08:30","close":"17:00"}"#,
                "profile.office_hours.days: expected an array, found \"mon\"",
            ),
            (
                r#"{"days":["mon"],"open":"8:30","close":"17:00"}"#,
                "profile.office_hours.open: \"8:30\" is not a time HH:MM",
            ),
            (
                r#"{"days":["mon"],"open":"24:00","close":"24:00"}"#,
                "profile.office_hours.open: \"24:00\" is not an opening time (00:00–23:59)",
            ),
            (
                r#"{"days":["mon"],"open":830,"close":"17:00"}"#,
                "profile.office_hours.open: expected a string, found 830",
            ),
            (
                r#"{"days":["mon"],"open":"17:00","close":"08:00"}"#,
                "profile.office_hours.close: 08:00 is not after the opening time, 17:00",
            ),
            (
                r#"{"days":["mon"],"open":"08:00","close":"08:00"}"#,
                "profile.office_hours.close: 08:00 is not after the opening time, 08:00",
            ),
            (
                r#"{"days":["mon"],"open":"00:00","close":"00:00"}"#,
                "profile.office_hours.close: 00:00 is not after the opening time, 00:00",
            ),
            (
                r#"{"days":["mon"],"open":"08:00","close":"24:01"}"#,
                "profile.office_hours.close: \"24:01\" is not a time HH:MM",
            ),
            (
                r#"{"days":["mon"],"open":"08:00"}"#,
                "profile.office_hours.close: is required",
            ),
            (
                r#"{"open":"08:00","close":"17:00"}"#,
                "profile.office_hours.days: is required",
            ),
            (
                r#"{"days":["mon"],"open":"08:00","close":"17:00","lunch":"13:00"}"#,
                "profile.office_hours.lunch: is not a known field",
            ),
            (
                r#"{"days":["mon"],"open":"08:00","open":"09:00","close":"17:00"}"#,
                "profile.office_hours.open: is given twice",
            ),
            (r#"null"#, "profile.office_hours: null is not allowed (leave the key out instead)"),
            (r#"[]"#, "profile.office_hours: expected an object, found an array"),
            // The first wrong field in document order.
            (
                r#"{"close":"07:00","days":["xx"],"open":"08:00"}"#,
                "profile.office_hours.close: 07:00 is not after the opening time, 08:00",
            ),
        ] {
            check(&v3(hours), expect);
        }
        // The whole day, every day; the earliest and the latest times.
        check(
            &v3(
                r#"{"days":["sun","sat","fri","thu","wed","tue","mon"],"open":"00:00","close":"24:00"}"#,
            ),
            "ok",
        );
        check(
            &v3(r#"{"days":["sun"],"open":"23:59","close":"24:00"}"#),
            "ok",
        );
        check(
            &v3(r#"{"days":["sun"],"open":"00:00","close":"00:01"}"#),
            "ok",
        );
        // Versions 1 and 2 do not know the field.
        for version in [1, 2] {
            check(
                &format!(
                    r#"{{"format":"symptom-diary","version":{version},"profile":{{"office_hours":{good}}},"reports":[]}}"#
                ),
                "profile.office_hours: is not a known field of this version (it is new in version 4 of the format)",
            );
        }
        // Read, and written back as read: the days in the order given.
        let d = parse_document(
            &v3(r#"{"days":["fri","mon"],"open":"08:30","close":"24:00"}"#),
            Clock::Unchecked,
        )
        .unwrap();
        let hours = d.profile.office_hours.clone().unwrap();
        assert_eq!(hours.days, [OfficeDay::Fri, OfficeDay::Mon]);
        assert_eq!((hours.open, hours.close), (510, 1440));
        let written = to_json(&d);
        assert!(
            written.contains(r#""office_hours": {"#)
                && written.contains(r#""days": ["#)
                && written.contains(r#""close": "24:00""#),
            "{written}"
        );
        let again = parse_document(&written, Clock::Unchecked).unwrap();
        assert_eq!(again.profile.office_hours, Some(hours));
        // Not set: left out.
        let none = to_json(&Document::default());
        assert!(!none.contains("office_hours"), "{none}");
        // A profile made in memory is checked the same way.
        let mut p = Profile {
            office_hours: Some(OfficeHours {
                days: vec![OfficeDay::Mon],
                open: 600,
                close: 540,
            }),
            ..Profile::default()
        };
        assert_eq!(
            validate_profile(&p).unwrap_err().to_string(),
            "profile.office_hours.close: 09:00 is not after the opening time, 10:00"
        );
        p.office_hours = Some(OfficeHours {
            days: vec![],
            open: 540,
            close: 600,
        });
        assert_eq!(
            validate_profile(&p).unwrap_err().to_string(),
            "profile.office_hours.days: name at least one day"
        );
    }
}
