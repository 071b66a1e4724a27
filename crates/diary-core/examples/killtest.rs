//! The kill harness (`scripts/kill-test.sh`): a writing process killed with SIGKILL at a
//! random moment must leave a diary that passes `PRAGMA integrity_check`, holds every
//! save it acknowledged, and nothing half-written. It exists because a power cut or a
//! killed app is the one failure a test inside one process cannot stage: only another
//! process, killed for real, shows what reached the disk.
//!
//! The parent loops over three activities, each in a child process (this binary again):
//! report saves on one growing diary (the child prints `ack <id>` after each commit), a
//! bulk import of a diary JSON document into a fresh diary (all or nothing; `ack` after
//! the commit), and the first open of an old-schema plaintext diary (encryption, then the
//! migrations). The child is killed at a random moment of its run (the RNG is seeded;
//! the seed is printed so a failure can be replayed), then the parent opens the diary
//! and checks it. The last line is `N kills, L lost, C corrupt`; the exit status is
//! non-zero when L or C is. Keys are in key files (`SYMPTOM_DIARY_KEYRING=off`); every
//! file is in a temporary folder (or `--dir`).
//!
//! ```text
//! cargo run -p diary-core --example killtest -- [--kills N] [--seed S] [--dir DIR]
//! ```

use chrono::{DateTime, Duration, TimeZone, Utc};
use diary_core::json::{self, Clock};
use diary_core::model::*;
use diary_core::store::{key, Diary, KeyPolicy, PLAINTEXT_HEADER};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Instant;

/// Reports in the imported document.
const IMPORTED: usize = 150;
/// Reports in the old-schema diary that is migrated.
const OLD_REPORTS: usize = 600;
/// Saves one save child makes when nobody kills it.
const SAVES: u64 = 30;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 12, 0, 0).unwrap()
}

/// A small, seeded random number generator (splitmix64): the same seed, the same kills.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Activity {
    Save,
    Import,
    Migrate,
}

const ACTIVITIES: [Activity; 3] = [Activity::Save, Activity::Import, Activity::Migrate];

impl Activity {
    fn name(self) -> &'static str {
        match self {
            Activity::Save => "save",
            Activity::Import => "import",
            Activity::Migrate => "migrate",
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("child") {
        child(&args[1..]);
        return;
    }
    let mut kills = 200usize;
    let mut seed: Option<u64> = None;
    let mut dir: Option<PathBuf> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let value = it
            .next()
            .unwrap_or_else(|| usage(&format!("{a} needs a value")));
        match a.as_str() {
            "--kills" => kills = value.parse().unwrap_or_else(|_| usage("--kills N")),
            "--seed" => seed = Some(value.parse().unwrap_or_else(|_| usage("--seed S"))),
            "--dir" => dir = Some(PathBuf::from(value)),
            _ => usage(&format!("unknown argument {a}")),
        }
    }
    let seed = seed.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(1)
    });
    println!("seed {seed} (replay with --seed {seed})");
    let temp;
    let root = match dir {
        Some(d) => {
            std::fs::create_dir_all(&d).unwrap();
            d
        }
        None => {
            temp = tempfile::tempdir().unwrap();
            temp.path().to_path_buf()
        }
    };
    let code = parent(&root, kills, seed);
    std::process::exit(code);
}

fn usage(why: &str) -> ! {
    eprintln!("killtest: {why}\nusage: killtest [--kills N] [--seed S] [--dir DIR]");
    std::process::exit(2)
}

/// What one check found.
#[derive(Default)]
struct Tally {
    kills: usize,
    lost: usize,
    corrupt: usize,
}

fn parent(root: &Path, kills: usize, seed: u64) -> i32 {
    let mut rng = Rng(seed);
    let templates = root.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    let doc_file = templates.join("import.json");
    std::fs::write(&doc_file, json::to_json(&import_document())).unwrap();
    let empty = templates.join("empty.sqlite");
    drop(Diary::open_with(&empty, KeyPolicy::KeyFile).unwrap());
    let old = templates.join("old.sqlite");
    old_schema_diary(&old);
    let latest = Diary::open_in_memory().unwrap().schema_version().unwrap();
    let save_dir = root.join("save");
    std::fs::create_dir_all(&save_dir).unwrap();

    // How long each activity runs when nobody kills it: the kills fall inside that span.
    let mut span = [0u64; 3];
    let mut acked: Vec<String> = Vec::new();
    for (i, activity) in ACTIVITIES.iter().enumerate() {
        let dir = root.join(format!("calibrate-{}", activity.name()));
        prepare(*activity, &dir, &save_dir, &templates);
        let started = Instant::now();
        let (mut c, lines) = spawn(*activity, &dir, &save_dir, &doc_file, 0);
        let status = c.wait().unwrap();
        let out = lines.join().unwrap();
        assert!(
            status.success(),
            "{} child failed: {status}",
            activity.name()
        );
        span[i] = (started.elapsed().as_micros() as u64).max(1000);
        if *activity == Activity::Save {
            acked.extend(
                out.iter()
                    .filter_map(|l| l.strip_prefix("ack ").map(str::to_string)),
            );
        }
        println!(
            "{}: an uninterrupted run takes {} ms",
            activity.name(),
            span[i] / 1000
        );
    }

    let mut tally = Tally::default();
    let mut by_activity = [0usize; 3];
    let mut finished_first = 0usize;
    let mut round = 0u64;
    while tally.kills < kills {
        round += 1;
        let i = (round % 3) as usize;
        let activity = ACTIVITIES[i];
        let dir = root.join("round");
        prepare(activity, &dir, &save_dir, &templates);
        let started = Instant::now();
        let (mut c, lines) = spawn(activity, &dir, &save_dir, &doc_file, round);
        let delay = rng.below(span[i]);
        std::thread::sleep(std::time::Duration::from_micros(delay));
        let killed = c.try_wait().unwrap().is_none();
        if killed {
            c.kill().unwrap(); // SIGKILL
        }
        let status = c.wait().unwrap();
        let out = lines.join().unwrap();
        if killed {
            tally.kills += 1;
            by_activity[i] += 1;
        } else {
            // It ran faster than the calibration said: kill the next ones within this run.
            span[i] = (started.elapsed().as_micros() as u64).max(1000);
            finished_first += 1;
            if !status.success() {
                eprintln!(
                    "round {round} ({}): the child failed: {status}",
                    activity.name()
                );
                tally.corrupt += 1;
                continue;
            }
        }
        let acks: Vec<String> = out
            .iter()
            .filter_map(|l| l.strip_prefix("ack ").map(str::to_string))
            .collect();
        let verdict = match activity {
            Activity::Save => {
                acked.extend(acks);
                check_saves(&save_dir.join("diary.sqlite"), &acked)
            }
            Activity::Import => check_import(&dir.join("diary.sqlite"), !acks.is_empty()),
            Activity::Migrate => check_migrated(&dir.join("diary.sqlite"), latest),
        };
        match verdict {
            Verdict::Fine => {}
            Verdict::Lost(why) => {
                eprintln!(
                    "round {round} ({}, killed after {delay} µs): LOST: {why}",
                    activity.name()
                );
                tally.lost += 1;
            }
            Verdict::Corrupt(why) => {
                eprintln!(
                    "round {round} ({}, killed after {delay} µs): CORRUPT: {why}",
                    activity.name()
                );
                tally.corrupt += 1;
            }
        }
    }
    println!(
        "kills by activity: {} during saves ({} saves acknowledged in all), {} during imports, {} during migrations; {} runs ended before their kill",
        by_activity[0],
        acked.len(),
        by_activity[1],
        by_activity[2],
        finished_first
    );
    println!(
        "{} kills, {} lost, {} corrupt",
        tally.kills, tally.lost, tally.corrupt
    );
    if tally.lost + tally.corrupt > 0 {
        1
    } else {
        0
    }
}

enum Verdict {
    Fine,
    /// An acknowledged save is missing.
    Lost(String),
    /// The file fails its checks, does not open, or holds something half-written.
    Corrupt(String),
}

/// A fresh folder for a round: the import's and the migration's diary is a copy of its
/// template; the saves go on in one diary that grows round after round.
fn prepare(activity: Activity, dir: &Path, save_dir: &Path, templates: &Path) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    let to = dir.join("diary.sqlite");
    match activity {
        Activity::Save => {
            let _ = save_dir;
        }
        Activity::Import => {
            std::fs::copy(templates.join("empty.sqlite"), &to).unwrap();
            std::fs::copy(
                templates.join("empty.sqlite.key"),
                dir.join("diary.sqlite.key"),
            )
            .unwrap();
        }
        Activity::Migrate => {
            std::fs::copy(templates.join("old.sqlite"), &to).unwrap();
        }
    }
}

/// Starts a child for `activity`; the thread returned gathers its standard output.
fn spawn(
    activity: Activity,
    dir: &Path,
    save_dir: &Path,
    doc: &Path,
    round: u64,
) -> (Child, std::thread::JoinHandle<Vec<String>>) {
    let me = std::env::current_exe().unwrap();
    let mut cmd = Command::new(me);
    cmd.arg("child").arg(activity.name());
    match activity {
        Activity::Save => cmd
            .arg(save_dir.join("diary.sqlite"))
            .arg(round.to_string()),
        Activity::Import => cmd.arg(dir.join("diary.sqlite")).arg(doc),
        Activity::Migrate => cmd.arg(dir.join("diary.sqlite")),
    };
    let mut c = cmd
        .env("SYMPTOM_DIARY_KEYRING", "off")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let out = c.stdout.take().unwrap();
    let lines = std::thread::spawn(move || {
        BufReader::new(out)
            .lines()
            .map_while(Result::ok)
            .collect::<Vec<_>>()
    });
    (c, lines)
}

/// A raw connection unlocked with the diary's key file, for the checks under the store.
fn raw(path: &Path) -> Result<rusqlite::Connection, String> {
    let found = key::find(path, KeyPolicy::KeyFile)
        .map_err(|e| e.to_string())?
        .ok_or("no key file")?;
    let c = rusqlite::Connection::open(path).map_err(|e| e.to_string())?;
    found.key.unlock(&c).map_err(|e| e.to_string())?;
    Ok(c)
}

/// Opens the diary as the app does, then runs the full `integrity_check`.
fn open_and_check(path: &Path) -> Result<Diary, Verdict> {
    let d = Diary::open_with(path, KeyPolicy::KeyFile)
        .map_err(|e| Verdict::Corrupt(format!("does not open: {e} [{}]", e.code())))?;
    d.integrity_check()
        .map_err(|e| Verdict::Corrupt(e.to_string()))?;
    Ok(d)
}

fn scalar(c: &rusqlite::Connection, sql: &str) -> Result<i64, Verdict> {
    c.query_row(sql, [], |r| r.get(0))
        .map_err(|e| Verdict::Corrupt(format!("{sql}: {e}")))
}

/// Every acknowledged save is there, whole: each report with its two ratings and its
/// outbox row.
fn check_saves(path: &Path, acked: &[String]) -> Verdict {
    let d = match open_and_check(path) {
        Ok(d) => d,
        Err(v) => return v,
    };
    let held: std::collections::HashSet<String> = d
        .recent_reports(usize::MAX >> 1)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|s| s.report.id)
        .collect();
    let missing = acked.iter().filter(|id| !held.contains(*id)).count();
    if missing > 0 {
        return Verdict::Lost(format!("{missing} acknowledged saves are missing"));
    }
    let c = match raw(path) {
        Ok(c) => c,
        Err(e) => return Verdict::Corrupt(e),
    };
    match scalar(
        &c,
        "SELECT count(*) FROM reports r
         WHERE (SELECT count(*) FROM report_ratings WHERE report_id = r.id) != 2
            OR NOT EXISTS (SELECT 1 FROM outbox WHERE kind = 'report' AND ref_id = r.id)",
    ) {
        Ok(0) => Verdict::Fine,
        Ok(n) => Verdict::Corrupt(format!("{n} reports are half-written")),
        Err(v) => v,
    }
}

/// The import is all there (it must be, once acknowledged) or not there at all.
fn check_import(path: &Path, acked: bool) -> Verdict {
    let d = match open_and_check(path) {
        Ok(d) => d,
        Err(v) => return v,
    };
    let reports = d.report_count().unwrap_or(usize::MAX);
    let waiting = d.outbox_waiting().unwrap_or(usize::MAX);
    match reports {
        0 if acked => Verdict::Lost("an acknowledged import is missing".into()),
        0 if waiting == 0 => Verdict::Fine,
        n if n == IMPORTED && waiting >= IMPORTED => Verdict::Fine,
        n => Verdict::Corrupt(format!(
            "half an import: {n} of {IMPORTED} reports, {waiting} outbox rows"
        )),
    }
}

/// The old diary opens (encrypted, migrated, whatever the moment of the kill) with every
/// report it held, and no plaintext is left beside it.
fn check_migrated(path: &Path, latest: i64) -> Verdict {
    let d = match open_and_check(path) {
        Ok(d) => d,
        Err(v) => return v,
    };
    let version = d.schema_version().unwrap_or(-1);
    let reports = d.report_count().unwrap_or(0);
    let therapies = d.profile().map(|p| p.therapies).unwrap_or_default();
    drop(d);
    if reports != OLD_REPORTS {
        return Verdict::Lost(format!(
            "{reports} of {OLD_REPORTS} reports after the migration"
        ));
    }
    if version != latest {
        return Verdict::Corrupt(format!("schema {version} after opening, not {latest}"));
    }
    if therapies
        != [
            Therapy::Endocrine,
            Therapy::Cdk46Inhibitor,
            Therapy::Abemaciclib,
        ]
    {
        return Verdict::Corrupt(format!("the profile's therapies are {therapies:?}"));
    }
    let head = std::fs::read(path).unwrap_or_default();
    if head.starts_with(PLAINTEXT_HEADER) {
        return Verdict::Corrupt("the diary is still plaintext".into());
    }
    let mut copy = path.as_os_str().to_owned();
    copy.push(".plaintext-backup");
    if Path::new(&copy).exists() {
        return Verdict::Corrupt("a plaintext copy is left beside the diary".into());
    }
    Verdict::Fine
}

/// The document the import children read: `IMPORTED` reports with their own ids.
fn import_document() -> Document {
    let first = chrono::FixedOffset::east_opt(5 * 3600)
        .unwrap()
        .with_ymd_and_hms(2026, 6, 1, 8, 30, 0)
        .unwrap();
    let reports = (0..IMPORTED)
        .map(|n| {
            let mut r = Report::new(first + Duration::hours(12 * n as i64));
            r.id = Some(uuid::Uuid::new_v4().to_string());
            r.ratings.insert(Rating::Pain, (n % 3) as u8);
            r.ratings.insert(Rating::Fatigue, (n % 4) as u8);
            r.temperature_c = Some(36.5 + (n % 5) as f64 / 10.0);
            r.note = Some(format!("imported report {n}"));
            r
        })
        .collect();
    Document {
        profile: Profile {
            therapies: vec![Therapy::Capecitabine],
            ..Profile::default()
        },
        reports,
        ..Document::default()
    }
}

/// A plaintext diary at schema 2 (as an early version left it), with `OLD_REPORTS`
/// reports and a CDK4/6 profile (migration 3 adds abemaciclib to it).
fn old_schema_diary(path: &Path) {
    let mut c = rusqlite::Connection::open(path).unwrap();
    c.execute_batch(include_str!("../src/store/migrations/0001_initial.sql"))
        .unwrap();
    c.execute_batch(include_str!("../src/store/migrations/0002_sync.sql"))
        .unwrap();
    let tx = c.transaction().unwrap();
    for (i, t) in ["endocrine", "cdk46_inhibitor"].iter().enumerate() {
        tx.execute(
            "INSERT INTO profile_therapies (therapy, position) VALUES (?1, ?2)",
            rusqlite::params![t, i as i64],
        )
        .unwrap();
    }
    let first = Utc.with_ymd_and_hms(2025, 1, 1, 3, 30, 0).unwrap();
    for n in 0..OLD_REPORTS {
        let at = first + Duration::hours(12 * n as i64);
        tx.execute(
            "INSERT INTO reports (uid, recorded_utc, utc_offset_s, reporter, note, level, ruleset, saved_utc)
             VALUES (?1, ?2, 18000, 'patient', ?3, 'none', '1', ?2)",
            rusqlite::params![
                format!("report-{}", uuid::Uuid::new_v4()),
                diary_core::store::utc_text(&at),
                format!("old report {n}")
            ],
        )
        .unwrap();
        let id = tx.last_insert_rowid();
        tx.execute(
            "INSERT INTO report_ratings (report_id, item, value) VALUES (?1, 'pain', 1)",
            [id],
        )
        .unwrap();
    }
    tx.commit().unwrap();
    c.pragma_update(None, "user_version", 2).unwrap();
    c.pragma_update(None, "application_id", 0x5344_5259)
        .unwrap();
}

/// The child: does its activity, printing `ack …` (flushed) after each commit.
fn child(args: &[String]) {
    let policy = KeyPolicy::from_env();
    let out = &mut std::io::stdout();
    let path = Path::new(&args[1]);
    match args[0].as_str() {
        "save" => {
            let round: u64 = args[2].parse().unwrap();
            let mut d = Diary::open_with(path, policy).unwrap();
            let first = Utc.with_ymd_and_hms(2020, 1, 1, 0, 0, 0).unwrap();
            for n in 0..SAVES {
                let at = first + Duration::minutes((round * 100 + n) as i64);
                let mut r = Report::new(at.fixed_offset());
                let id = uuid::Uuid::new_v4().to_string();
                r.id = Some(id.clone());
                r.ratings.insert(Rating::Pain, (n % 4) as u8);
                r.ratings.insert(Rating::Nausea, 1);
                r.note = Some(format!("save {n} of round {round}"));
                d.add_report(r, now()).unwrap();
                writeln!(out, "ack {id}").unwrap();
                out.flush().unwrap();
            }
        }
        "import" => {
            let text = std::fs::read_to_string(&args[2]).unwrap();
            let doc = json::parse_document(&text, Clock::Now(now())).unwrap();
            let mut d = Diary::open_with(path, policy).unwrap();
            d.import(&doc, now()).unwrap();
            writeln!(out, "ack import").unwrap();
            out.flush().unwrap();
        }
        "migrate" => {
            let d = Diary::open_with(path, policy).unwrap();
            writeln!(out, "ack migrated {}", d.schema_version().unwrap()).unwrap();
            out.flush().unwrap();
        }
        other => panic!("no activity {other}"),
    }
}
