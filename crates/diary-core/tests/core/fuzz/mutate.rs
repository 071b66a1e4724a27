//! The random-input harness's generator and runner, shared by diary-core's and
//! diary-sync's `fuzz` test binaries (diary-sync includes this file by path, so there is
//! one definition and no test code in either library). Inputs are mutations of real seeds
//! (sample diaries, golden FHIR JSON): byte-level (bit flips, interesting bytes, JSON
//! tokens, cut, copied and spliced ranges) and, for JSON, tree-level (a node replaced by
//! another type, a key dropped or renamed, an array emptied or doubled), from a seeded
//! xorshift generator, so a run is reproducible from its seed. Each parser runs under
//! `catch_unwind`: an error is a fine answer, a panic is a crash. A crash's input is
//! written under the target dir and the test fails naming the file; the input then
//! belongs in the binary's `regressions/` folder, replayed first on every run.
//!
//! The budget: `FUZZ_SECONDS` (seconds per parser; unset, a fixed number of inputs that
//! takes a few seconds in a debug build, for CI) and `FUZZ_SEED` (default: fixed).

#![allow(dead_code)]

use serde_json::Value;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A small, fast, seeded generator (xorshift64*).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    pub fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A float that parsers find hard: the usual, the edges, NaN and the infinities.
    pub fn float(&mut self) -> f64 {
        const EDGES: &[f64] = &[
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.5,
            1e-300,
            1e300,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            f64::EPSILON,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            4294967296.0,
            -9007199254740993.0,
        ];
        if self.chance(3) {
            *self.pick(EDGES)
        } else {
            (self.next_u64() as i64 as f64) / (1u64 << self.below(60)) as f64
        }
    }
}

/// Bytes that break parsers: structure, escapes, controls, bad UTF-8 leads.
const BYTES: &[u8] =
    b"\0\x01\x1b\x7f\x80\xbf\xc0\xc3\xe2\xf0\xff\"\\{}[]:,-+.eE0123456789 \t\r\nnutfl/'";

/// JSON tokens and values that break validators.
const TOKENS: &[&str] = &[
    "null",
    "true",
    "false",
    "0",
    "-0",
    "-1",
    "1e999",
    "-1e999",
    "1.5",
    "18446744073709551616",
    "-9223372036854775809",
    "NaN",
    "\"\"",
    "\" \"",
    "\"\\u0000\"",
    "\"\\ud800\"",
    "\"\\u202e\"",
    "\"2026-02-30\"",
    "\"2026-11-27T25:61:61Z\"",
    "\"9999-12-31T23:59:59+14:00\"",
    "\"0000-01-01T00:00:00-12:00\"",
    "\"2026-11-27T08:30:00+99:00\"",
    "{}",
    "[]",
    "[[[[[[[[[[]]]]]]]]]]",
    "{\"a\":",
    "\"very long\"",
    ",",
    ":",
    "\"red\"",
    "\"amber\"",
    "\"umol/L\"",
    "\"10^9/L\"",
    "\"%\"",
];

fn range(rng: &mut Rng, len: usize) -> (usize, usize) {
    let a = rng.below(len + 1);
    let b = a + rng.below((len - a).min(64) + 1);
    (a, b)
}

/// One to eight byte-level changes to `input`, `others` giving material to splice.
pub fn mutate_bytes(rng: &mut Rng, input: &[u8], others: &[Vec<u8>]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..1 + rng.below(8) {
        let len = out.len();
        match rng.below(8) {
            0 if len > 0 => {
                let i = rng.below(len);
                out[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                out[i] = *rng.pick(BYTES);
            }
            2 => {
                let i = rng.below(len + 1);
                let t = rng.pick(TOKENS).as_bytes();
                out.splice(i..i, t.iter().copied());
            }
            3 => {
                let (a, b) = range(rng, len);
                out.drain(a..b);
            }
            4 => {
                let (a, b) = range(rng, len);
                let copy: Vec<u8> = out[a..b].to_vec();
                let i = rng.below(len + 1);
                out.splice(i..i, copy);
            }
            5 if !others.is_empty() => {
                let other = rng.pick(others);
                let (a, b) = range(rng, other.len());
                let i = rng.below(len + 1);
                out.splice(i..i, other[a..b].iter().copied());
            }
            6 => out.truncate(rng.below(len + 1)),
            _ => {
                let i = rng.below(len + 1);
                out.insert(i, *rng.pick(BYTES));
            }
        }
    }
    out
}

/// A random JSON value, `depth` levels deep at most.
pub fn random_value(rng: &mut Rng, depth: usize) -> Value {
    match rng.below(if depth == 0 { 5 } else { 7 }) {
        0 => Value::Null,
        1 => Value::Bool(rng.chance(2)),
        2 => serde_json::Number::from_f64(rng.float())
            .map(Value::Number)
            .unwrap_or(Value::from(rng.next_u64() as i64)),
        3 => Value::from(rng.next_u64() as i64),
        4 => {
            let t = rng.pick(TOKENS).trim_matches('"').to_string();
            Value::String(if rng.chance(4) { t.repeat(200) } else { t })
        }
        5 => Value::Array(
            (0..rng.below(4))
                .map(|_| random_value(rng, depth - 1))
                .collect(),
        ),
        _ => Value::Object(
            (0..rng.below(4))
                .map(|_| {
                    (
                        rng.pick(TOKENS).trim_matches('"').to_string(),
                        random_value(rng, depth - 1),
                    )
                })
                .collect(),
        ),
    }
}

/// Every node of a tree, as paths (object keys and array indices).
fn paths(v: &Value, here: &mut Vec<PathStep>, out: &mut Vec<Vec<PathStep>>) {
    out.push(here.clone());
    match v {
        Value::Object(m) => {
            for (k, c) in m {
                here.push(PathStep::Key(k.clone()));
                paths(c, here, out);
                here.pop();
            }
        }
        Value::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                here.push(PathStep::Index(i));
                paths(c, here, out);
                here.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone)]
enum PathStep {
    Key(String),
    Index(usize),
}

fn at<'a>(v: &'a mut Value, path: &[PathStep]) -> &'a mut Value {
    path.iter().fold(v, |v, step| match step {
        PathStep::Key(k) => &mut v[k.as_str()],
        PathStep::Index(i) => &mut v[*i],
    })
}

/// One to four tree-level changes to a JSON value.
pub fn mutate_tree(rng: &mut Rng, input: &Value) -> Value {
    let mut out = input.clone();
    for _ in 0..1 + rng.below(4) {
        let mut all = Vec::new();
        paths(&out, &mut Vec::new(), &mut all);
        let path = rng.pick(&all).clone();
        let node = at(&mut out, &path);
        match rng.below(6) {
            0 | 1 => *node = random_value(rng, 2),
            2 => {
                if let Value::Object(m) = node {
                    if !m.is_empty() {
                        let k = m.keys().nth(rng.below(m.len())).unwrap().clone();
                        let v = m.remove(&k).unwrap();
                        if rng.chance(2) {
                            m.insert(format!("{k}{}", rng.pick(TOKENS)), v);
                        }
                    }
                }
            }
            3 => {
                if let Value::Array(a) = node {
                    if rng.chance(2) {
                        a.clear();
                    } else {
                        let copy = a.clone();
                        a.extend(copy);
                    }
                }
            }
            4 => {
                if let Value::String(s) = node {
                    let bytes = mutate_bytes(rng, s.as_bytes(), &[]);
                    *s = String::from_utf8_lossy(&bytes).into_owned();
                }
            }
            _ => {
                if let Value::Number(_) = node {
                    *node = serde_json::Number::from_f64(rng.float())
                        .map(Value::Number)
                        .unwrap_or(Value::Null);
                }
            }
        }
    }
    out
}

/// The harness's budget: `FUZZ_SECONDS` per parser, else `default_inputs` inputs.
pub enum Budget {
    Inputs(usize),
    Time(Duration),
}

pub fn budget(default_inputs: usize) -> Budget {
    match std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
    {
        Some(s) => Budget::Time(Duration::from_secs(s)),
        None => Budget::Inputs(default_inputs),
    }
}

pub fn seed() -> u64 {
    std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5d1a_4b2e_0c0f_fee1)
}

/// Runs `parse` on `input`; a panic is written to `crash_dir` and returned as its file.
pub fn try_one(
    name: &str,
    crash_dir: &Path,
    input: &[u8],
    parse: &dyn Fn(&[u8]),
) -> Option<PathBuf> {
    let crashed = catch_unwind(AssertUnwindSafe(|| parse(input))).is_err();
    crashed.then(|| {
        std::fs::create_dir_all(crash_dir).unwrap();
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in input {
            h = (h ^ *b as u64).wrapping_mul(0x100_0000_01b3);
        }
        let file = crash_dir.join(format!("{name}-{h:016x}.bin"));
        std::fs::write(&file, input).unwrap();
        file
    })
}

/// Replays `regressions/<name>-*` under `dir`, then feeds `parse` generated inputs within the
/// budget; returns how many inputs ran. Fails on the first crash, naming its file.
pub fn run(
    name: &str,
    regressions: &Path,
    crash_dir: &Path,
    budget: Budget,
    mut generate: impl FnMut(&mut Rng) -> Vec<u8>,
    parse: &dyn Fn(&[u8]),
) -> usize {
    let mut n = 0;
    if let Ok(entries) = std::fs::read_dir(regressions) {
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.file_name()
                    .and_then(|f| f.to_str())
                    .is_some_and(|f| f.starts_with(&format!("{name}-")))
            })
            .collect();
        files.sort();
        for f in files {
            let input = std::fs::read(&f).unwrap();
            if let Some(crash) = try_one(name, crash_dir, &input, parse) {
                panic!(
                    "{name}: regression {} crashes again (copy: {})",
                    f.display(),
                    crash.display()
                );
            }
            n += 1;
        }
    }
    let mut rng = Rng::new(seed() ^ name.bytes().fold(0u64, |h, b| h.rotate_left(5) ^ b as u64));
    let start = Instant::now();
    loop {
        match budget {
            Budget::Inputs(max) if n >= max => break,
            Budget::Time(d) if start.elapsed() >= d => break,
            _ => {}
        }
        let input = generate(&mut rng);
        if let Some(crash) = try_one(name, crash_dir, &input, parse) {
            panic!(
                "{name}: a crash after {n} inputs; its input is in {} — add it to {} as a regression",
                crash.display(),
                regressions.display()
            );
        }
        n += 1;
    }
    n
}
