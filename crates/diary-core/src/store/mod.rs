//! The SQLite diary. [`Diary::open`] is the one place a diary file is opened, so every
//! connection gets the same guarantees: WAL with `synchronous=FULL` (a report the user
//! saw saved survives a power cut), foreign keys, a busy timeout, and the embedded,
//! append-only migrations. A diary written by a newer version is refused, never altered:
//! the check runs inside the migration's `BEGIN IMMEDIATE` transaction, so no other
//! process can change the schema between the check and the migration.
//!
//! Another process may be writing (the app and `diary sync`, a bulk import): a save
//! waits for the diary up to [`BUSY_WAIT`] (30 s) and then fails with its own code
//! (`diary_busy`), writing nothing; a full disk is `disk_full`, also writing nothing. A
//! save is one transaction, so a crash or a kill leaves it either whole or absent
//! (`crates/diary-core/examples/killtest.rs` checks this with SIGKILL).
//!
//! Times are stored as a fixed-width UTC text (so text order is time order) plus the
//! offset the reporter's clock had, so an export writes back exactly what was read.
//!
//! The file is encrypted (SQLCipher) with a key kept outside it (`key.rs`: the OS keyring,
//! or a 0600 key file where there is none), so the diary, its -wal and its backups
//! (`backup.rs`) are never written in plaintext; a plaintext diary from an earlier
//! version is encrypted once, the first time it is opened. Every open runs
//! `PRAGMA quick_check`, and a damaged file gets its own error.
//!
//! Care-team sync keeps its rows here too: the outbox and the sync state in `sync.rs`,
//! the sync settings and their checks in `sync_settings.rs`. Sending is not the store's
//! business (the diary-sync crate does it); the store has no network code.

use crate::error::{ErrorCode, FieldError};
use crate::json;
use crate::model::*;
use crate::rules;
use crate::treatments::{self, Treatments};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};
use rusqlite::{
    params, Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior,
};
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

pub mod backup;
mod checkins;
mod columns;
mod courses;
mod followups;
pub mod key;
mod lease;
mod no_report;
mod questions;
mod sync;
mod sync_settings;

pub use checkins::SavedCheckin;
pub use key::{DiaryKey, KeyPlace, KeyPolicy};
pub use lease::Lease;
pub use no_report::NoReportEpisode;
pub use questions::{VisitQuestion, MAX_OPEN_QUESTIONS, QUESTION_MAX_CHARS};
pub use sync::{week_start, DirtyWeek, Kind, Payload, SyncState, SyncStatus, Waiting};
pub use sync_settings::{
    validate_base_url, PatientIdentifier, SyncSettings, DEFAULT_PATIENT_SYSTEM, PATIENT_FIELD,
    SERVER_URL_FIELD,
};

/// The migrations, in order. Append only: a released migration is never edited.
pub(crate) const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_initial.sql"),
    include_str!("migrations/0002_sync.sql"),
    include_str!("migrations/0003_abemaciclib.sql"),
    include_str!("migrations/0004_screened.sql"),
    include_str!("migrations/0005_alert_facts.sql"),
    include_str!("migrations/0006_followups.sql"),
    include_str!("migrations/0007_courses.sql"),
    include_str!("migrations/0008_questions.sql"),
    include_str!("migrations/0009_checkins.sql"),
    include_str!("migrations/0010_sync_lease.sql"),
    include_str!("migrations/0011_followup_outbox.sql"),
    include_str!("migrations/0012_set_aside.sql"),
    include_str!("migrations/0013_no_report.sql"),
];

/// Marks a SQLite file as a Symptom Diary ("SDRY").
pub(crate) const APPLICATION_ID: i64 = 0x5344_5259;

/// How long a connection waits for another one's write (the app and `diary sync`, a
/// bulk import) before it gives up with `diary_busy`: a report is never dropped
/// because the diary was busy for a moment.
pub const BUSY_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

/// The environment variable that overrides the default diary location.
pub const DB_ENV: &str = "SYMPTOM_DIARY_DB";

/// The daily reminder's time until the user picks another: a reminder that is on always
/// has a time, shown as a value (never an empty field that silently never fires).
pub const DEFAULT_REMINDER_TIME: &str = "19:00";

/// The periods, in days, that trends are drawn over (the window's choice and the check of
/// what the shell accepts), the default first.
pub const TREND_PERIODS_DAYS: &[u32] = &[30, 7, 90];

/// Everything that can go wrong with the diary file.
#[derive(Debug)]
pub enum StoreError {
    /// A field of the data to save is wrong; nothing was written.
    Invalid(FieldError),
    /// The file was written by a newer version of the app.
    NewerDiary { found: i64, supported: i64 },
    /// The file is not a Symptom Diary.
    NotADiary(PathBuf),
    /// A file-system problem (a folder that cannot be made, say).
    Io(String),
    /// SQLite refused.
    Sqlite(rusqlite::Error),
    /// The file is encrypted (or is no SQLite file at all) and no key for it was found.
    KeyMissing(PathBuf),
    /// The file is damaged: it fails `PRAGMA quick_check`, or its key does not unlock it.
    Damaged { path: PathBuf, what: String },
}

impl StoreError {
    /// A stable code the UI and scripts can branch on.
    pub fn code(&self) -> ErrorCode {
        match self {
            StoreError::Invalid(_) => ErrorCode::InvalidField,
            StoreError::NewerDiary { .. } => ErrorCode::NewerDiary,
            StoreError::NotADiary(_) => ErrorCode::NotADiary,
            StoreError::Io(_) => ErrorCode::Io,
            StoreError::Sqlite(e) if is_busy(e) => ErrorCode::DiaryBusy,
            StoreError::Sqlite(e) if is_full(e) => ErrorCode::DiskFull,
            StoreError::Sqlite(_) => ErrorCode::Storage,
            StoreError::KeyMissing(_) => ErrorCode::KeyMissing,
            StoreError::Damaged { .. } => ErrorCode::DamagedDiary,
        }
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Invalid(e) => write!(f, "{e}"),
            StoreError::NewerDiary { found, supported } => write!(
                f,
                "this diary was written by a newer version of Symptom Diary (schema {found}; this version knows up to {supported}); it was left unchanged — please update the app"
            ),
            StoreError::NotADiary(p) => {
                write!(f, "{} is not a Symptom Diary file; it was left unchanged", p.display())
            }
            StoreError::Io(e) => write!(f, "{e}"),
            StoreError::Sqlite(e) if is_busy(e) => write!(
                f,
                "the diary is busy: another program (the app, `diary sync` or an import) kept writing to it for too long; nothing was saved just now — try again"
            ),
            StoreError::Sqlite(e) if is_full(e) => write!(
                f,
                "the disk is full: nothing was saved just now, and what was saved before is safe — free some space on the disk, then save again"
            ),
            StoreError::Sqlite(e) => write!(f, "the diary could not be read or written: {e}"),
            StoreError::KeyMissing(p) => write!(
                f,
                "{} cannot be unlocked: it is encrypted (or is not a diary at all) and its key is neither in the keyring nor in {}; it was left unchanged",
                p.display(),
                key::key_file_path(p).display()
            ),
            StoreError::Damaged { path, what } => write!(
                f,
                "the diary {} is damaged ({what}); it was left unchanged — restore a backup with `diary restore`",
                path.display()
            ),
        }
    }
}

impl std::error::Error for StoreError {}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> StoreError {
        StoreError::Sqlite(e)
    }
}

impl From<FieldError> for StoreError {
    fn from(e: FieldError) -> StoreError {
        StoreError::Invalid(e)
    }
}

type Result<T> = std::result::Result<T, StoreError>;

/// The app's settings: who uses it, in which language, whom to call.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Settings {
    /// `en`, `ru` or `uz`.
    pub language: String,
    /// Who fills in reports on this computer; stored with every report.
    pub user_role: Reporter,
    /// The care team's daytime number.
    pub team_phone: Option<String>,
    /// The 24-hour oncology line.
    pub line_24h_phone: Option<String>,
    /// The local emergency number.
    pub emergency_phone: Option<String>,
    /// When to remind, `HH:MM` local time.
    pub reminder_time: Option<String>,
    pub reminders_on: bool,
    /// Whether first-run setup was completed.
    pub onboarded: bool,
    /// The day the weekly check-in is reminded of, at `reminder_time` (a value, never
    /// empty: Monday until the user picks another).
    pub checkin_day: Weekday,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            language: "en".into(),
            user_role: Reporter::Patient,
            team_phone: None,
            line_24h_phone: None,
            emergency_phone: None,
            reminder_time: Some(DEFAULT_REMINDER_TIME.to_string()),
            reminders_on: true,
            onboarded: false,
            checkin_day: Weekday::Monday,
        }
    }
}

impl Settings {
    /// The numbers the alert messages give, as saved.
    pub fn phones(&self) -> crate::messages::Phones {
        crate::messages::Phones {
            line_24h: self.line_24h_phone.clone(),
            emergency: self.emergency_phone.clone(),
            care_team: self.team_phone.clone(),
        }
    }
}

/// Files only their owner can read: the diary, its folder, exports and backups.
pub mod private {
    use std::io;
    use std::path::Path;

    /// Creates `dir` and its missing parents; the folders it creates are 0700.
    pub fn create_dir(dir: &Path) -> io::Result<()> {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(dir)
    }

    /// Creates `path` empty with mode 0600 when it is missing; an existing file is left
    /// as it is (it may not be a diary: see [`tighten`]).
    pub fn own_file(path: &Path) -> io::Result<()> {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(false);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        options.open(path).map(drop)
    }

    /// Makes a file known to be ours 0600 (diaries made before this version were 0644).
    pub fn tighten(path: &Path) -> io::Result<()> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(path)?.permissions().mode();
            if mode & 0o077 != 0 {
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
            }
        }
        #[cfg(not(unix))]
        let _ = path;
        Ok(())
    }

    /// A new file at `path` (replacing one there) with mode 0600, for writing.
    pub fn create_file(path: &Path) -> io::Result<std::fs::File> {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        options.open(path)
    }
}

/// A report as stored: its row id, the report, and the triage stored with it.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedReport {
    pub id: i64,
    /// The stable business identifier (for sync).
    pub uid: String,
    pub report: Report,
    pub triage: Triage,
}

/// An alert as stored, with the report it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedAlert {
    pub id: i64,
    pub uid: String,
    pub report_id: i64,
    pub recorded_at: DateTime<FixedOffset>,
    pub alert: Alert,
    /// When the care team acknowledged it, once sync has heard so.
    pub seen_by_team_at: Option<DateTime<Utc>>,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub reports_added: usize,
    pub reports_already_there: usize,
    pub labs_added: usize,
    pub labs_already_there: usize,
    pub checkins_added: usize,
    pub checkins_already_there: usize,
    pub courses_added: usize,
    pub courses_already_there: usize,
}

/// An open diary.
pub struct Diary {
    conn: Connection,
    /// The file and its key; none for a diary in memory.
    file: Option<(PathBuf, key::Unlock)>,
}

/// The first 16 bytes of every plaintext SQLite file.
pub const PLAINTEXT_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// What a file on disk is, judged from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileState {
    /// Empty: a new diary.
    Empty,
    /// A plaintext SQLite file (a diary from before encryption, or something else).
    Plaintext,
    /// Anything else: an encrypted diary, or not a database at all.
    Other,
}

fn file_state(path: &Path) -> std::io::Result<FileState> {
    use std::io::Read;
    let mut head = Vec::with_capacity(16);
    std::fs::File::open(path)?.take(16).read_to_end(&mut head)?;
    Ok(if head.is_empty() {
        FileState::Empty
    } else if head == PLAINTEXT_HEADER {
        FileState::Plaintext
    } else {
        FileState::Other
    })
}

/// `<path><suffix>`: the -wal, -shm, .key … beside a diary.
pub(crate) fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Whether SQLite gave up waiting for another connection's write lock.
fn is_busy(e: &rusqlite::Error) -> bool {
    use rusqlite::ErrorCode as C;
    matches!(
        e.sqlite_error_code(),
        Some(C::DatabaseBusy) | Some(C::DatabaseLocked)
    )
}

/// Whether SQLite found no room to write: the disk (or `max_page_count`) is full.
fn is_full(e: &rusqlite::Error) -> bool {
    e.sqlite_error_code() == Some(rusqlite::ErrorCode::DiskFull)
}

/// Whether SQLite's error while reading pages says the bytes cannot be read: a wrong key,
/// a damaged header, a page whose checksum (SQLCipher's HMAC) fails. A busy or locked
/// file, or a full disk, is not damage.
fn is_unreadable(e: &rusqlite::Error) -> bool {
    use rusqlite::ErrorCode as C;
    match e.sqlite_error_code() {
        Some(C::NotADatabase) | Some(C::DatabaseCorrupt) | Some(C::Unknown) => true,
        Some(C::DatabaseBusy)
        | Some(C::DatabaseLocked)
        | Some(C::OutOfMemory)
        | Some(C::DiskFull)
        | Some(C::CannotOpen)
        | Some(C::PermissionDenied)
        | Some(C::ReadOnly) => false,
        _ => matches!(e, rusqlite::Error::SqliteFailure(_, _)),
    }
}

/// `PRAGMA quick_check`: `Ok` when the file is sound, else what SQLite found, in a few
/// words (no row contents are in its answer).
fn quick_check(conn: &Connection, path: &Path) -> Result<()> {
    let damaged = |what: String| StoreError::Damaged {
        path: path.to_path_buf(),
        what,
    };
    let mut stmt = conn.prepare("PRAGMA quick_check").map_err(|e| {
        if is_unreadable(&e) {
            damaged("its key does not unlock it".into())
        } else {
            StoreError::Sqlite(e)
        }
    })?;
    let answers: Vec<String> = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .and_then(|rows| rows.collect())
        .map_err(|e| {
            if is_unreadable(&e) {
                damaged("its key does not unlock it, or its pages are broken".into())
            } else {
                StoreError::Sqlite(e)
            }
        })?;
    if answers.len() == 1 && answers[0] == "ok" {
        Ok(())
    } else {
        Err(damaged(format!(
            "the integrity check found {} problem(s)",
            answers.len()
        )))
    }
}

/// Judges an open connection before anything is changed: a Symptom Diary (or an empty
/// file) of a schema this version knows. Returns its schema version.
fn judge(conn: &Connection, path: &Path) -> Result<i64> {
    let app_id: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|_| StoreError::NotADiary(path.to_path_buf()))?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
    if app_id != APPLICATION_ID && (app_id != 0 || tables > 0) {
        return Err(StoreError::NotADiary(path.to_path_buf()));
    }
    let supported = MIGRATIONS.len() as i64;
    if version > supported {
        return Err(StoreError::NewerDiary {
            found: version,
            supported,
        });
    }
    Ok(version)
}

/// Encrypts a plaintext diary in place, once: a plaintext copy is made first (0600,
/// `<diary>.plaintext-backup`), the diary is exported into `<diary>.encrypting` with the
/// key, that file is opened with the key and must pass `quick_check`, and only then is
/// it renamed over the diary and the plaintext copy removed. A crash at any step leaves
/// either the old plaintext diary or the new encrypted one in place, never neither.
fn encrypt_plaintext(path: &Path, key: &DiaryKey) -> Result<()> {
    let io = |what: &str, e: std::io::Error| StoreError::Io(format!("{what}: {e}"));
    let plain = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    plain.busy_timeout(BUSY_WAIT)?;
    // Refuse what is not ours before touching anything.
    let version = judge(&plain, path)?;
    quick_check(&plain, path)?;
    plain.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    let copy = beside(path, ".plaintext-backup");
    let _ = std::fs::remove_file(&copy);
    private::own_file(&copy).map_err(|e| io("cannot make the copy before encrypting", e))?;
    plain.execute("VACUUM INTO ?1", [copy.to_string_lossy()])?;
    let encrypting = beside(path, ".encrypting");
    let _ = std::fs::remove_file(&encrypting);
    private::own_file(&encrypting).map_err(|e| io("cannot make the encrypted diary", e))?;
    plain.execute(
        &format!("ATTACH DATABASE ?1 AS encrypted KEY {}", key.sql_literal()),
        [encrypting.to_string_lossy()],
    )?;
    plain.query_row("SELECT sqlcipher_export('encrypted')", [], |_| Ok(()))?;
    plain.execute_batch(&format!(
        "PRAGMA encrypted.user_version = {version}; PRAGMA encrypted.application_id = {APPLICATION_ID}; DETACH DATABASE encrypted;"
    ))?;
    drop(plain);
    {
        let check = Connection::open_with_flags(&encrypting, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        key.unlock(&check)?;
        quick_check(&check, &encrypting)?;
        judge(&check, &encrypting)?;
    }
    std::fs::File::open(&encrypting)
        .and_then(|f| f.sync_all())
        .map_err(|e| io("cannot save the encrypted diary", e))?;
    // The plaintext -wal and -shm must not be read against the encrypted file.
    for suffix in ["-wal", "-shm"] {
        match std::fs::remove_file(beside(path, suffix)) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io("cannot remove the old diary's -wal/-shm", e)),
        }
    }
    std::fs::rename(&encrypting, path)
        .map_err(|e| io("cannot put the encrypted diary in place", e))?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
    }
    Ok(())
}

/// The fixed-width UTC text of an instant.
pub fn utc_text(t: &DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.9fZ").to_string()
}

fn parse_utc_text(s: &str) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
        })
}

/// The columns [`saved_alert`] reads, from `alerts a JOIN reports r`.
pub(crate) const SAVED_ALERT_COLUMNS: &str =
    "a.id, a.uid, a.report_id, r.recorded_utc, r.utc_offset_s, a.rule, a.level, a.subject,
     a.detail, a.message_key, a.advice_key, a.seen_by_team_utc, a.facts";

/// A saved alert from a row of [`SAVED_ALERT_COLUMNS`].
pub(crate) fn saved_alert(r: &rusqlite::Row) -> rusqlite::Result<SavedAlert> {
    let t: String = r.get(3)?;
    let seen: Option<String> = r.get(11)?;
    let level: String = r.get(6)?;
    Ok(SavedAlert {
        id: r.get(0)?,
        uid: r.get(1)?,
        report_id: r.get(2)?,
        recorded_at: with_offset_sql(&t, r.get(4)?)?,
        alert: Alert {
            rule: r.get(5)?,
            level: Level::parse(&level).ok_or_else(|| bad_value("level", &level))?,
            subject: r.get(7)?,
            detail: r.get(8)?,
            message_key: r.get(9)?,
            advice_key: r.get(10)?,
            facts: facts_from_sql(r.get(12)?)?,
        },
        seen_by_team_at: seen.as_deref().map(parse_utc_text).transpose()?,
    })
}

/// An alert's facts as stored: a JSON array, or NULL when there are none.
fn facts_to_sql(facts: &[crate::model::Fact]) -> Option<String> {
    (!facts.is_empty()).then(|| serde_json::to_string(facts).expect("facts always serialize"))
}

/// An alert's facts from the diary; NULL (an alert saved before facts) is none.
fn facts_from_sql(text: Option<String>) -> rusqlite::Result<Vec<crate::model::Fact>> {
    match text {
        None => Ok(Vec::new()),
        Some(t) => serde_json::from_str(&t).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(
                0,
                rusqlite::types::Type::Text,
                format!("the facts of an alert cannot be read: {e}").into(),
            )
        }),
    }
}

fn bad_value(what: &str, value: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("unknown {what} {value:?} in the diary").into(),
    )
}

/// The columns of an alert that [`alert_at`] reads, in its order.
const ALERT_COLUMNS: &str = "rule, level, subject, detail, message_key, advice_key, facts";

/// The alert in the seven consecutive columns of [`ALERT_COLUMNS`] from `first` (as
/// `alerts` and `checkin_alerts` store them).
fn alert_at(row: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<Alert> {
    let level: String = row.get(first + 1)?;
    Ok(Alert {
        rule: row.get(first)?,
        level: Level::parse(&level).ok_or_else(|| bad_value("level", &level))?,
        subject: row.get(first + 2)?,
        detail: row.get(first + 3)?,
        message_key: row.get(first + 4)?,
        advice_key: row.get(first + 5)?,
        facts: facts_from_sql(row.get(first + 6)?)?,
    })
}

/// Where a record's alerts are kept: their table, the column naming the record, and the
/// outbox kind of one of them.
struct AlertsOf {
    table: &'static str,
    parent: &'static str,
    kind: &'static str,
}

/// A report's alerts (`alerts`, migration 0001).
const REPORT_ALERTS: AlertsOf = AlertsOf {
    table: "alerts",
    parent: "report_id",
    kind: "alert",
};

/// Saves the alerts of `triage` for the record at row `parent_row` (business id
/// `parent_uid`), each with its outbox row: red ones first and at once (priority 0).
fn insert_alerts(
    tx: &Transaction<'_>,
    of: &AlertsOf,
    parent_row: i64,
    parent_uid: &str,
    triage: &Triage,
    saved_utc: &str,
) -> Result<()> {
    for (i, a) in triage.alerts.iter().enumerate() {
        tx.execute(
            &format!(
                "INSERT INTO {} (uid, {}, position, rule, level, subject, detail, message_key, advice_key, ruleset, facts)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                of.table, of.parent
            ),
            params![
                alert_uid(parent_uid, a),
                parent_row,
                i as i64,
                a.rule,
                a.level.as_str(),
                a.subject,
                a.detail,
                a.message_key,
                a.advice_key,
                triage.ruleset,
                facts_to_sql(&a.facts),
            ],
        )?;
        let alert_id = tx.last_insert_rowid();
        let priority = if a.level == Level::Red { 0 } else { 1 };
        tx.execute(
            "INSERT INTO outbox (kind, ref_id, priority, created_utc) VALUES (?1, ?2, ?3, ?4)",
            params![of.kind, alert_id, priority, saved_utc],
        )?;
    }
    Ok(())
}

impl Diary {
    /// Where the diary lives unless told otherwise: `$SYMPTOM_DIARY_DB`, else the
    /// platform's data directory. Development builds use a separate file there, so
    /// working on the app never touches a real diary.
    pub fn default_path() -> Result<PathBuf> {
        if let Some(p) = std::env::var_os(DB_ENV).filter(|p| !p.is_empty()) {
            return Ok(PathBuf::from(p));
        }
        let dirs = directories::ProjectDirs::from("org", "SymptomDiary", "symptom-diary")
            .ok_or_else(|| StoreError::Io("no home directory to keep the diary in".into()))?;
        let name = if cfg!(debug_assertions) {
            "diary-dev.sqlite"
        } else {
            "diary.sqlite"
        };
        Ok(dirs.data_dir().join(name))
    }

    /// Opens (creating when missing) the diary at `path` and brings its schema up to date.
    /// The diary is health data: a folder it creates is readable by its owner only (0700),
    /// the file is 0600 and encrypted with its key (the keyring, else the key file beside
    /// it: [`key`]; `SYMPTOM_DIARY_KEYRING=off` asks for the key file), and SQLite gives its
    /// -wal and -shm files the file's mode. A plaintext diary is encrypted first.
    pub fn open(path: &Path) -> Result<Diary> {
        Diary::open_with(path, KeyPolicy::from_env())
    }

    /// [`Diary::open`] with the key's place chosen by the caller.
    pub fn open_with(path: &Path, policy: KeyPolicy) -> Result<Diary> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            private::create_dir(dir).map_err(|e| {
                StoreError::Io(format!("cannot create the folder {}: {e}", dir.display()))
            })?;
        }
        let existed = path.exists();
        private::own_file(path).map_err(|e| {
            StoreError::Io(format!("cannot create the diary {}: {e}", path.display()))
        })?;
        let state = file_state(path)
            .map_err(|e| StoreError::Io(format!("cannot read {}: {e}", path.display())))?;
        let unlock = match key::find(path, policy)? {
            Some(unlock) => unlock,
            None if state == FileState::Other => {
                // An encrypted diary is whole pages (512 bytes or a power of two above);
                // anything else is some other file, and is named as such.
                let len = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
                return Err(if len.is_multiple_of(512) {
                    StoreError::KeyMissing(path.to_path_buf())
                } else {
                    StoreError::NotADiary(path.to_path_buf())
                });
            }
            None if state == FileState::Plaintext => {
                // Judge the plaintext file before a key is made for it.
                let plain = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
                judge(&plain, path)?;
                drop(plain);
                key::create(path, policy)?
            }
            None => key::create(path, policy).inspect_err(|_| {
                if !existed {
                    let _ = std::fs::remove_file(path);
                }
            })?,
        };
        if state == FileState::Plaintext {
            encrypt_plaintext(path, &unlock.key)?;
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        unlock.key.unlock(&conn)?;
        if state != FileState::Empty {
            quick_check(&conn, path)?;
        }
        let mut diary = Diary::setup(conn, path)?;
        diary.file = Some((path.to_path_buf(), unlock));
        // It is a diary: its file, the -wal/-shm beside it and its key file are the
        // owner's only; a plaintext copy left by an interrupted encryption goes.
        for suffix in ["", "-wal", "-shm", ".key"] {
            let file = beside(path, suffix);
            if file.exists() {
                private::tighten(&file).map_err(|e| {
                    StoreError::Io(format!("cannot protect {}: {e}", file.display()))
                })?;
            }
        }
        let copy = beside(path, ".plaintext-backup");
        if copy.exists() {
            std::fs::remove_file(&copy).map_err(|e| {
                StoreError::Io(format!(
                    "cannot remove the plaintext copy {}: {e}",
                    copy.display()
                ))
            })?;
        }
        Ok(diary)
    }

    /// Where the key of this diary lives (none for a diary in memory).
    pub fn key_place(&self) -> Option<&KeyPlace> {
        self.file.as_ref().map(|(_, unlock)| &unlock.place)
    }

    /// One plain sentence when a keyring was wanted but none could be used, so the key
    /// is in a file beside the diary: the CLI prints it on standard error, the app logs it.
    pub fn key_notice(&self) -> Option<&str> {
        self.file
            .as_ref()
            .and_then(|(_, unlock)| unlock.notice.as_deref())
    }

    /// The diary's file (none for a diary in memory).
    pub fn path(&self) -> Option<&Path> {
        self.file.as_ref().map(|(path, _)| path.as_path())
    }

    /// A diary in memory, for tests and for `diary check`-like dry runs.
    pub fn open_in_memory() -> Result<Diary> {
        Diary::setup(Connection::open_in_memory()?, Path::new(":memory:"))
    }

    fn setup(mut conn: Connection, path: &Path) -> Result<Diary> {
        conn.busy_timeout(BUSY_WAIT)?;
        // Judge the file before changing anything in it (WAL mode changes its header).
        judge(&conn, path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // Judge again inside the migration's write transaction: another process (a newer
        // app, say) cannot change the schema between this check and the migration.
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let version = judge(&tx, path)?;
        for (n, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", (n + 1) as i64)?;
        }
        let app_id: i64 = tx.query_row("PRAGMA application_id", [], |r| r.get(0))?;
        if app_id != APPLICATION_ID {
            tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        }
        tx.commit()?;
        Ok(Diary { conn, file: None })
    }

    /// How long this connection waits for another one's write before it gives up with
    /// `diary_busy` ([`BUSY_WAIT`] unless changed: fault tests and the kill harness use
    /// a shorter wait).
    pub fn set_busy_wait(&self, wait: std::time::Duration) -> Result<()> {
        Ok(self.conn.busy_timeout(wait)?)
    }

    /// `PRAGMA integrity_check`: the whole file, page by page (slower than the
    /// `quick_check` every open runs). `Ok(())` when sound, else how many problems
    /// SQLite found (its words name pages, never row contents).
    pub fn integrity_check(&self) -> Result<()> {
        let answers: Vec<String> = self
            .conn
            .prepare("PRAGMA integrity_check")?
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<_>>()?;
        if answers.len() == 1 && answers[0] == "ok" {
            Ok(())
        } else {
            Err(StoreError::Damaged {
                path: self.path().map(Path::to_path_buf).unwrap_or_default(),
                what: format!("the integrity check found {} problem(s)", answers.len()),
            })
        }
    }

    /// Fault tests only: makes the diary's file unable to grow beyond its current size
    /// plus `extra_pages` (`PRAGMA max_page_count`), as a full disk would; `None` lifts
    /// the limit. Returns the limit now in force, in pages.
    #[doc(hidden)]
    pub fn limit_pages_for_tests(&self, extra_pages: Option<u64>) -> Result<u64> {
        let pages: u64 = self.conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
        let limit = extra_pages.map_or(u32::MAX as u64 - 1, |n| pages + n);
        Ok(self
            .conn
            .query_row(&format!("PRAGMA max_page_count = {limit}"), [], |r| {
                r.get(0)
            })?)
    }

    /// The schema version of this diary.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// The patient's profile (empty until set).
    pub fn profile(&self) -> Result<Profile> {
        let mut p = self
            .conn
            .query_row(
                "SELECT usual_stools_per_day, baseline_weight_kg, biliary_stent, fever_threshold_c FROM profile WHERE id = 1",
                [],
                |r| {
                    Ok(Profile {
                        therapies: Vec::new(),
                        usual_stools_per_day: r.get(0)?,
                        baseline_weight_kg: r.get(1)?,
                        biliary_stent: r.get(2)?,
                        fever_threshold_c: r.get(3)?,
                    })
                },
            )
            .optional()?
            .unwrap_or_default();
        let mut stmt = self
            .conn
            .prepare("SELECT therapy FROM profile_therapies ORDER BY position")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        for t in rows {
            let t = t?;
            p.therapies
                .push(Therapy::parse(&t).ok_or_else(|| bad_value("therapy", &t))?);
        }
        Ok(p)
    }

    /// Replaces the profile, after checking every field.
    pub fn set_profile(&mut self, p: &Profile) -> Result<()> {
        json::validate_profile(p)?;
        let tx = self.conn.transaction()?;
        write_profile(&tx, p)?;
        tx.commit()?;
        Ok(())
    }

    /// What the diary remembers about the treatments: the drugs picked by name (only those
    /// whose class the profile still lists), when the list was last confirmed, and whether
    /// the CDK4/6 question was answered.
    pub fn treatments(&self) -> Result<Treatments> {
        let text: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM settings WHERE key = 'treatments'",
                [],
                |r| r.get(0),
            )
            .optional()?;
        let mut t: Treatments = match text {
            Some(t) => serde_json::from_str(&t).map_err(|e| {
                StoreError::Io(format!("the saved treatments could not be read: {e}"))
            })?,
            None => Treatments::default(),
        };
        t.drugs = treatments::current_drugs(&self.profile()?, &t.drugs);
        Ok(t)
    }

    fn write_treatments(tx: &Transaction, t: &Treatments) -> Result<()> {
        let text = serde_json::to_string(t).expect("treatments always serialize");
        tx.execute(
            "INSERT INTO settings (key, value) VALUES ('treatments', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [text],
        )?;
        Ok(())
    }

    /// Saves the treatments picked by name with the profile `p`: the profile's classes
    /// become the drugs' classes plus `p`'s classes that no drug names (kept as saved), and
    /// the list counts as confirmed on `today`. One transaction.
    pub fn set_treatments(&mut self, p: &Profile, drugs: &[Drug], today: NaiveDate) -> Result<()> {
        let mut drugs_once: Vec<Drug> = Vec::new();
        for d in drugs {
            if !drugs_once.contains(d) {
                drugs_once.push(*d);
            }
        }
        let profile = Profile {
            therapies: treatments::therapies(&drugs_once, &p.therapies),
            ..p.clone()
        };
        json::validate_profile(&profile)?;
        let before = self.treatments()?;
        let tx = self.conn.transaction()?;
        write_profile(&tx, &profile)?;
        Self::write_treatments(
            &tx,
            &Treatments {
                drugs: drugs_once,
                confirmed_on: Some(today),
                ..before
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// "Yes, I am still on these treatments": the list counts as confirmed on `today`.
    pub fn confirm_treatments(&mut self, today: NaiveDate) -> Result<()> {
        let t = Treatments {
            confirmed_on: Some(today),
            ..self.treatments()?
        };
        let tx = self.conn.transaction()?;
        Self::write_treatments(&tx, &t)?;
        tx.commit()?;
        Ok(())
    }

    /// The answer to "which CDK4/6 drug?" (`None`: "I do not know", which keeps both
    /// classes): the profile keeps the drug's class, the drug is remembered by name, and
    /// the question is not asked again.
    pub fn answer_cdk46(&mut self, drug: Option<Drug>) -> Result<()> {
        if let Some(d) = drug {
            if !treatments::CDK46_DRUGS.contains(&d) {
                return Err(StoreError::Invalid(FieldError::new(
                    "drug",
                    format!("{d} is not a CDK4/6 drug"),
                )));
            }
        }
        let profile = self.profile()?;
        let mut t = self.treatments()?;
        let profile = Profile {
            therapies: treatments::answer_cdk46(&profile, drug),
            ..profile
        };
        if let Some(d) = drug {
            t.drugs.push(d);
        }
        t.cdk46_answered = true;
        let tx = self.conn.transaction()?;
        write_profile(&tx, &profile)?;
        Self::write_treatments(&tx, &t)?;
        tx.commit()?;
        Ok(())
    }

    /// The app's settings (defaults until saved).
    pub fn settings(&self) -> Result<Settings> {
        let text: Option<String> = self
            .conn
            .query_row("SELECT value FROM settings WHERE key = 'app'", [], |r| {
                r.get(0)
            })
            .optional()?;
        let mut settings: Settings = match text {
            Some(t) => serde_json::from_str(&t).map_err(|e| {
                StoreError::Io(format!("the saved settings could not be read: {e}"))
            })?,
            None => Settings::default(),
        };
        // A diary saved before reminders always had a time: the reminder that was on
        // silently never fired; from now on it fires at the default time, shown as such.
        if settings.reminders_on && settings.reminder_time.is_none() {
            settings.reminder_time = Some(DEFAULT_REMINDER_TIME.to_string());
        }
        Ok(settings)
    }

    /// Saves the settings, after checking them.
    pub fn set_settings(&mut self, s: &Settings) -> Result<()> {
        validate_settings(s)?;
        let text = serde_json::to_string(s).expect("settings always serialize");
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES ('app', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [text],
        )?;
        Ok(())
    }

    /// Checks `report`, triages it against the stored history, and saves the report,
    /// its alerts and its outbox rows in one transaction.
    pub fn add_report(&mut self, report: Report, now: DateTime<Utc>) -> Result<SavedReport> {
        json::validate_report(&report, now)?;
        let profile = self.profile()?;
        let t = report.recorded_at.with_timezone(&Utc);
        let mut history = self.reports_between(t - Duration::hours(rules::WINDOW_HOURS), t)?;
        history.push(report.clone());
        let labs = self.labs_near(report.recorded_at.date_naive())?;
        let triage = rules::triage_report(&profile, &history, &labs, &report);
        // Takes the write lock at once, waiting (up to the busy wait) for another writer.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let saved = insert_report(&tx, report, triage, now)?;
        tx.commit()?;
        Ok(saved)
    }

    /// Saves a lab result after checking it.
    pub fn add_lab(&mut self, lab: &LabResult, now: DateTime<Utc>) -> Result<i64> {
        json::validate_lab(lab)?;
        let tx = self.conn.transaction()?;
        let id = insert_lab(&tx, lab, now)?;
        tx.commit()?;
        Ok(id)
    }

    /// Lab-only triage as of `day` (the `taken_on` just entered): the lab rules alone over
    /// the newest result of each test in the window (`rules::triage_labs`), so a grade-4
    /// count is flagged when it is entered, not at the next daily report.
    pub fn lab_triage(&self, day: NaiveDate) -> Result<Triage> {
        Ok(rules::triage_labs(
            &self.profile()?,
            &self.labs_near(day)?,
            day,
        ))
    }

    /// Every lab result, oldest first.
    pub fn labs(&self) -> Result<Vec<LabResult>> {
        self.query_labs("1 = 1", params![])
    }

    fn labs_near(&self, day: NaiveDate) -> Result<Vec<LabResult>> {
        let from = (day - Duration::days(rules::LAB_WINDOW_DAYS))
            .format("%Y-%m-%d")
            .to_string();
        let to = day.format("%Y-%m-%d").to_string();
        self.query_labs("taken_on BETWEEN ?1 AND ?2", params![from, to])
    }

    fn query_labs(&self, filter: &str, args: &[&dyn rusqlite::ToSql]) -> Result<Vec<LabResult>> {
        let sql = format!(
            "SELECT taken_on, test, value, unit, ref_low, ref_high, baseline, uid FROM labs WHERE {filter} ORDER BY taken_on, id"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(args, |r| {
            let day: String = r.get(0)?;
            let test: String = r.get(1)?;
            let unit: String = r.get(3)?;
            let uid: String = r.get(7)?;
            Ok(LabResult {
                id: record_id(&uid, "lab-"),
                taken_on: json::parse_date(&day).ok_or_else(|| bad_value("date", &day))?,
                test: LabTest::parse(&test).ok_or_else(|| bad_value("lab test", &test))?,
                value: r.get(2)?,
                unit: LabUnit::parse(&unit).ok_or_else(|| bad_value("unit", &unit))?,
                ref_low: r.get(4)?,
                ref_high: r.get(5)?,
                baseline: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Reports whose instant lies in `[from, to]`, oldest first (the triage history).
    fn reports_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<Report>> {
        Ok(self
            .load_reports(
                "recorded_utc BETWEEN ?1 AND ?2 ORDER BY recorded_utc, id",
                params![utc_text(&from), utc_text(&to)],
            )?
            .into_iter()
            .map(|s| s.report)
            .collect())
    }

    /// The latest `limit` reports, newest first.
    pub fn recent_reports(&self, limit: usize) -> Result<Vec<SavedReport>> {
        self.load_reports(
            "1 = 1 ORDER BY recorded_utc DESC, id DESC LIMIT ?1",
            params![limit as i64],
        )
    }

    /// Every report from `since` on, oldest first (for trends).
    pub fn reports_since(&self, since: DateTime<Utc>) -> Result<Vec<SavedReport>> {
        self.load_reports(
            "recorded_utc >= ?1 ORDER BY recorded_utc, id",
            params![utc_text(&since)],
        )
    }

    /// One report by its id.
    pub fn report(&self, id: i64) -> Result<Option<SavedReport>> {
        Ok(self
            .load_reports("id = ?1", params![id])?
            .into_iter()
            .next())
    }

    /// When the first report was made (the day the diary started, for missed days).
    pub fn first_report_at(&self) -> Result<Option<DateTime<FixedOffset>>> {
        Ok(self
            .load_reports("1 = 1 ORDER BY recorded_utc, id LIMIT 1", params![])?
            .into_iter()
            .next()
            .map(|s| s.report.recorded_at))
    }

    /// When the latest report was made.
    pub fn last_report_at(&self) -> Result<Option<DateTime<FixedOffset>>> {
        let row: Option<(String, i32)> = self
            .conn
            .query_row(
                "SELECT recorded_utc, utc_offset_s FROM reports ORDER BY recorded_utc DESC, id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match row {
            None => Ok(None),
            Some((t, off)) => Ok(Some(with_offset(&t, off)?)),
        }
    }

    /// The number of reports in the diary.
    pub fn report_count(&self) -> Result<usize> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM reports", [], |r| r.get(0))?;
        Ok(n as usize)
    }

    /// The latest `limit` alerts, newest report first, each report's alerts in triage order.
    /// The query walks the reports newest first (`CROSS JOIN` keeps SQLite from starting at
    /// the alerts and sorting all of them: 0.5 s against a few ms on ten years of reports).
    pub fn alert_history(&self, limit: usize) -> Result<Vec<SavedAlert>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {SAVED_ALERT_COLUMNS}
             FROM reports r CROSS JOIN alerts a ON a.report_id = r.id
             ORDER BY r.recorded_utc DESC, r.id DESC, a.position
             LIMIT ?1"
        ))?;
        let rows = stmt.query_map([limit as i64], saved_alert)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// How many outbox rows wait to be sent.
    pub fn outbox_waiting(&self) -> Result<usize> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM outbox WHERE sent_utc IS NULL",
            [],
            |r| r.get(0),
        )?;
        Ok(n as usize)
    }

    /// Loads reports matching `tail` (a WHERE condition with its ORDER BY and LIMIT), with
    /// their ratings, signs and alerts, in three queries whatever their number.
    fn load_reports(&self, tail: &str, args: &[&dyn rusqlite::ToSql]) -> Result<Vec<SavedReport>> {
        let sql = format!(
            "SELECT id, uid, recorded_utc, utc_offset_s, reporter, stools_above_usual, vomiting_episodes,
                    temperature_c, weight_kg, note, level, ruleset, screened
             FROM reports WHERE {tail}"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(args, |r| {
            let t: String = r.get(2)?;
            let reporter: String = r.get(4)?;
            let level: String = r.get(10)?;
            let mut report = Report::new(with_offset_sql(&t, r.get(3)?)?);
            report.reporter =
                Reporter::parse(&reporter).ok_or_else(|| bad_value("reporter", &reporter))?;
            report.stools_above_usual = r.get(5)?;
            report.vomiting_episodes = r.get(6)?;
            report.temperature_c = r.get(7)?;
            report.weight_kg = r.get(8)?;
            report.note = r.get(9)?;
            report.screened = r.get(12)?;
            let uid: String = r.get(1)?;
            report.id = record_id(&uid, "report-");
            Ok(SavedReport {
                id: r.get(0)?,
                uid: r.get(1)?,
                report,
                triage: Triage {
                    level: Level::parse(&level).ok_or_else(|| bad_value("level", &level))?,
                    ruleset: r.get(11)?,
                    alerts: Vec::new(),
                },
            })
        })?;
        let mut reports = rows.collect::<rusqlite::Result<Vec<_>>>()?;
        if reports.is_empty() {
            return Ok(reports);
        }
        let index: HashMap<i64, usize> =
            reports.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
        let ids = reports
            .iter()
            .map(|r| r.id.to_string())
            .collect::<Vec<_>>()
            .join(",");
        let mut stmt = self.conn.prepare(&format!(
            "SELECT report_id, item, value FROM report_ratings WHERE report_id IN ({ids})"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            let item: String = row.get(1)?;
            let item = Rating::parse(&item).ok_or_else(|| bad_value("rating", &item))?;
            reports[index[&id]].report.ratings.insert(item, row.get(2)?);
        }
        let mut stmt = self.conn.prepare(&format!(
            "SELECT report_id, sign FROM report_signs WHERE report_id IN ({ids}) ORDER BY report_id, position"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            let sign: String = row.get(1)?;
            let sign = Sign::parse(&sign).ok_or_else(|| bad_value("sign", &sign))?;
            reports[index[&id]].report.signs.push(sign);
        }
        self.attach_alerts(&REPORT_ALERTS, &mut reports, |r| r.id, |r| &mut r.triage)?;
        Ok(reports)
    }

    /// Loads the alerts of `records` (each found by its row id, `id`) from `of`'s table into
    /// its triage, in triage order, with one query whatever their number.
    fn attach_alerts<T>(
        &self,
        of: &AlertsOf,
        records: &mut [T],
        id: impl Fn(&T) -> i64,
        triage: impl Fn(&mut T) -> &mut Triage,
    ) -> Result<()> {
        if records.is_empty() {
            return Ok(());
        }
        let index: HashMap<i64, usize> = records
            .iter()
            .enumerate()
            .map(|(i, r)| (id(r), i))
            .collect();
        let ids = records
            .iter()
            .map(|r| id(r).to_string())
            .collect::<Vec<_>>()
            .join(",");
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {parent}, {ALERT_COLUMNS}
             FROM {table} WHERE {parent} IN ({ids}) ORDER BY {parent}, position",
            parent = of.parent,
            table = of.table,
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let at = index[&row.get::<_, i64>(0)?];
            triage(&mut records[at]).alerts.push(alert_at(row, 1)?);
        }
        Ok(())
    }

    /// Imports a whole document in one transaction: all or nothing. The profile is
    /// replaced by the document's; reports and labs already in the diary (the same
    /// content at the same instant) are not added twice. Each new report is triaged as
    /// of its own time, against the reports before it.
    pub fn import(&mut self, doc: &Document, now: DateTime<Utc>) -> Result<ImportSummary> {
        let mut summary = ImportSummary::default();
        let existing = self.records()?;
        let holds_records = !existing.reports.is_empty()
            || !existing.labs.is_empty()
            || !existing.checkins.is_empty();
        // An export of another diary is not mixed into this one; an empty diary takes the
        // id of the first document imported into it.
        let own_id: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM settings WHERE key = ?1",
                [DIARY_ID_KEY],
                |r| r.get(0),
            )
            .optional()?;
        let adopt = match (&doc.diary_id, &own_id) {
            (Some(theirs), Some(ours)) if theirs != ours && holds_records => {
                return Err(StoreError::Invalid(FieldError::new(
                    "diary_id",
                    "this export belongs to another diary; nothing was imported",
                )))
            }
            (Some(theirs), _) if !holds_records => Some(theirs.clone()),
            _ => None,
        };
        // Records with an id the diary holds: the same content is skipped, another is
        // refused (nothing is overwritten).
        no_id_clash("labs", &doc.labs, &existing.labs, |l| &l.id, same_lab)?;
        no_id_clash(
            "reports",
            &doc.reports,
            &existing.reports,
            |r| &r.id,
            same_report,
        )?;
        checkins::checkin_ids_clash(&doc.checkins, &existing.checkins)?;
        no_id_clash(
            "courses",
            &doc.courses,
            &existing.courses,
            |c| &c.id,
            courses::same_course,
        )?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if let Some(id) = adopt {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![DIARY_ID_KEY, id],
            )?;
        }
        write_profile(&tx, &doc.profile)?;
        for lab in &doc.labs {
            if existing.labs.iter().any(|l| same_lab(l, lab)) {
                summary.labs_already_there += 1;
            } else {
                insert_lab(&tx, lab, now)?;
                summary.labs_added += 1;
            }
        }
        let mut all_labs = existing.labs.clone();
        all_labs.extend(doc.labs.iter().cloned());
        // Every report, old and new, in time order (stable, so ties keep document order).
        let mut timeline: Vec<(&Report, bool)> =
            existing.reports.iter().map(|r| (r, false)).collect();
        for r in &doc.reports {
            let same = existing.reports.iter().any(|e| same_report(e, r));
            if same {
                summary.reports_already_there += 1;
            } else {
                timeline.push((r, true));
            }
        }
        timeline.sort_by_key(|(r, _)| r.recorded_at.with_timezone(&Utc));
        let all: Vec<Report> = timeline.iter().map(|(r, _)| (*r).clone()).collect();
        let mut start = 0;
        for (i, (r, new)) in timeline.iter().enumerate() {
            if !new {
                continue;
            }
            let t = r.recorded_at.with_timezone(&Utc);
            while all[start].recorded_at.with_timezone(&Utc)
                < t - Duration::hours(rules::WINDOW_HOURS)
            {
                start += 1;
            }
            let day = r.recorded_at.date_naive();
            let labs: Vec<LabResult> = all_labs
                .iter()
                .filter(|l| {
                    l.taken_on <= day && l.taken_on >= day - Duration::days(rules::LAB_WINDOW_DAYS)
                })
                .cloned()
                .collect();
            let triage = rules::triage_report(&doc.profile, &all[start..=i], &labs, r);
            insert_report(&tx, (*r).clone(), triage, now)?;
            summary.reports_added += 1;
        }
        (summary.checkins_added, summary.checkins_already_there) =
            checkins::import_checkins(&tx, &existing.checkins, &doc.checkins, now)?;
        (summary.courses_added, summary.courses_already_there) =
            courses::import_courses(&tx, &existing.courses, &doc.courses)?;
        tx.commit()?;
        Ok(summary)
    }

    /// The whole diary as an interchange document: reports in time order (ties in the
    /// order they were saved), labs by date.
    /// The diary's stable id, made the first time it is asked for.
    pub fn diary_id(&mut self) -> Result<String> {
        let saved: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM settings WHERE key = ?1",
                [DIARY_ID_KEY],
                |r| r.get(0),
            )
            .optional()?;
        match saved {
            Some(id) => Ok(id),
            None => {
                let id = uuid::Uuid::new_v4().to_string();
                self.conn.execute(
                    "INSERT INTO settings (key, value) VALUES (?1, ?2)",
                    params![DIARY_ID_KEY, id],
                )?;
                Ok(id)
            }
        }
    }

    /// The whole diary as a document, with its stable `diary_id` and every record's id
    /// (so an import elsewhere keeps them, and sync sends no second copy).
    pub fn export(&mut self) -> Result<Document> {
        let diary_id = self.diary_id()?;
        let mut doc = self.records()?;
        doc.diary_id = Some(diary_id);
        Ok(doc)
    }

    /// The profile, reports, labs and check-ins, without the diary's id.
    fn records(&self) -> Result<Document> {
        let reports = self
            .load_reports("1 = 1 ORDER BY recorded_utc, id", params![])?
            .into_iter()
            .map(|s| s.report)
            .collect();
        Ok(Document {
            diary_id: None,
            profile: self.profile()?,
            reports,
            labs: self.labs()?,
            checkins: self.checkins()?.into_iter().map(|s| s.checkin).collect(),
            courses: self.courses()?,
        })
    }
}

/// An alert's stable id, made from its report's and its rule and subject (at most one
/// alert per rule and subject in a report): a diary restored from an export triages its
/// reports again and gets the same alert ids, so sync sends no second Task.
fn alert_uid(report_uid: &str, alert: &Alert) -> String {
    let name = format!("{report_uid}/{}/{}", alert.rule, alert.subject);
    format!(
        "alert-{}",
        uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, name.as_bytes())
    )
}

/// Refuses the first of `incoming` (the document's `list`) whose id a record of `held`
/// has with other content.
fn no_id_clash<T>(
    list: &str,
    incoming: &[T],
    held: &[T],
    id: impl Fn(&T) -> &Option<String>,
    same: impl Fn(&T, &T) -> bool,
) -> Result<()> {
    for (n, record) in incoming.iter().enumerate() {
        let Some(wanted) = id(record) else { continue };
        if let Some(old) = held.iter().find(|h| id(h).as_ref() == Some(wanted)) {
            if !same(old, record) {
                return Err(StoreError::Invalid(FieldError::new(
                    format!("{list}[{n}].id"),
                    format!("\"{wanted}\" already exists in this diary with different content"),
                )));
            }
        }
    }
    Ok(())
}

/// Whether two reports hold the same content (their ids aside).
fn same_report(a: &Report, b: &Report) -> bool {
    Report {
        id: None,
        ..a.clone()
    } == Report {
        id: None,
        ..b.clone()
    }
}

/// Whether two lab results hold the same content (their ids aside).
fn same_lab(a: &LabResult, b: &LabResult) -> bool {
    LabResult {
        id: None,
        ..a.clone()
    } == LabResult {
        id: None,
        ..b.clone()
    }
}

/// A record's stable id from its row's `uid` (`report-<uuid>`, `lab-<uuid>`): the part
/// after the prefix when it is a UUID (rows made before ids were exported have one too).
fn record_id(uid: &str, prefix: &str) -> Option<String> {
    uid.strip_prefix(prefix)
        .filter(|id| uuid::Uuid::parse_str(id).is_ok())
        .map(str::to_ascii_lowercase)
}

/// The id a record brings (kept across export and import), or a new one.
fn new_or(id: Option<&str>) -> String {
    id.map(str::to_string)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string())
}

/// The settings key of the diary's own stable id.
const DIARY_ID_KEY: &str = "diary_id";

fn with_offset(utc: &str, offset_s: i32) -> Result<DateTime<FixedOffset>> {
    Ok(with_offset_sql(utc, offset_s)?)
}

fn with_offset_sql(utc: &str, offset_s: i32) -> rusqlite::Result<DateTime<FixedOffset>> {
    let t = parse_utc_text(utc)?;
    let off = FixedOffset::east_opt(offset_s)
        .ok_or_else(|| bad_value("offset", &offset_s.to_string()))?;
    Ok(t.with_timezone(&off))
}

fn write_profile(tx: &Transaction<'_>, p: &Profile) -> Result<()> {
    tx.execute(
        "INSERT INTO profile (id, usual_stools_per_day, baseline_weight_kg, biliary_stent, fever_threshold_c)
         VALUES (1, ?1, ?2, ?3, ?4)
         ON CONFLICT (id) DO UPDATE SET usual_stools_per_day = excluded.usual_stools_per_day,
           baseline_weight_kg = excluded.baseline_weight_kg, biliary_stent = excluded.biliary_stent,
           fever_threshold_c = excluded.fever_threshold_c",
        params![
            p.usual_stools_per_day,
            p.baseline_weight_kg,
            p.biliary_stent,
            p.fever_threshold_c
        ],
    )?;
    tx.execute("DELETE FROM profile_therapies", [])?;
    for (i, t) in p.therapies.iter().enumerate() {
        tx.execute(
            "INSERT INTO profile_therapies (therapy, position) VALUES (?1, ?2)",
            params![t.as_str(), i as i64],
        )?;
    }
    Ok(())
}

fn insert_report(
    tx: &Transaction<'_>,
    report: Report,
    triage: Triage,
    now: DateTime<Utc>,
) -> Result<SavedReport> {
    let mut report = report;
    let id = new_or(report.id.as_deref());
    report.id = Some(id.clone());
    let uid = format!("report-{id}");
    let saved_utc = utc_text(&now);
    tx.execute(
        "INSERT INTO reports (uid, recorded_utc, utc_offset_s, reporter, stools_above_usual, vomiting_episodes,
                              temperature_c, weight_kg, note, level, ruleset, saved_utc, screened)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            uid,
            utc_text(&report.recorded_at.with_timezone(&Utc)),
            report.recorded_at.offset().local_minus_utc(),
            report.reporter.as_str(),
            report.stools_above_usual,
            report.vomiting_episodes,
            report.temperature_c,
            report.weight_kg,
            report.note,
            triage.level.as_str(),
            triage.ruleset,
            saved_utc,
            report.screened,
        ],
    )?;
    let id = tx.last_insert_rowid();
    for (item, value) in &report.ratings {
        tx.execute(
            "INSERT INTO report_ratings (report_id, item, value) VALUES (?1, ?2, ?3)",
            params![id, item.as_str(), value],
        )?;
    }
    for (i, sign) in report.signs.iter().enumerate() {
        tx.execute(
            "INSERT INTO report_signs (report_id, sign, position) VALUES (?1, ?2, ?3)",
            params![id, sign.as_str(), i as i64],
        )?;
    }
    let report_priority = if triage.level == Level::Red { 0 } else { 1 };
    tx.execute(
        "INSERT INTO outbox (kind, ref_id, priority, created_utc) VALUES ('report', ?1, ?2, ?3)",
        params![id, report_priority, saved_utc],
    )?;
    insert_alerts(tx, &REPORT_ALERTS, id, &uid, &triage, &saved_utc)?;
    Ok(SavedReport {
        id,
        uid,
        report,
        triage,
    })
}

fn insert_lab(tx: &Transaction<'_>, lab: &LabResult, now: DateTime<Utc>) -> Result<i64> {
    tx.execute(
        "INSERT INTO labs (uid, taken_on, test, value, unit, ref_low, ref_high, baseline)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            format!("lab-{}", new_or(lab.id.as_deref())),
            lab.taken_on.format("%Y-%m-%d").to_string(),
            lab.test.as_str(),
            lab.value,
            lab.unit.as_str(),
            lab.ref_low,
            lab.ref_high,
            lab.baseline,
        ],
    )?;
    let id = tx.last_insert_rowid();
    tx.execute(
        "INSERT INTO outbox (kind, ref_id, priority, created_utc) VALUES ('lab', ?1, 1, ?2)",
        params![id, utc_text(&now)],
    )?;
    Ok(id)
}

/// Checks settings before they are saved.
pub fn validate_settings(s: &Settings) -> std::result::Result<(), FieldError> {
    if !crate::messages::LANGUAGES.contains(&s.language.as_str()) {
        return Err(FieldError::new(
            "settings.language",
            format!(
                "\"{}\" is not one of {}",
                s.language,
                crate::messages::LANGUAGES.join(", ")
            ),
        ));
    }
    for (name, phone) in [
        ("team_phone", &s.team_phone),
        ("line_24h_phone", &s.line_24h_phone),
        ("emergency_phone", &s.emergency_phone),
    ] {
        if let Some(p) = phone {
            let ok = !p.trim().is_empty()
                && p.len() <= 40
                && p.chars()
                    .all(|c| c.is_ascii_digit() || " +-()#*.".contains(c));
            if !ok {
                return Err(FieldError::new(
                    format!("settings.{name}"),
                    format!("\"{p}\" is not a phone number (digits, spaces, + - ( ) only)"),
                ));
            }
        }
    }
    if s.reminders_on && s.reminder_time.is_none() {
        return Err(FieldError::new(
            "settings.reminder_time",
            "a daily reminder needs a time HH:MM (or turn the reminder off)",
        ));
    }
    if let Some(t) = &s.reminder_time {
        if chrono::NaiveTime::parse_from_str(t, "%H:%M").is_err() || t.len() != 5 {
            return Err(FieldError::new(
                "settings.reminder_time",
                format!("\"{t}\" is not a time HH:MM"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn now() -> DateTime<Utc> {
        at("2026-11-27T12:00:00Z").with_timezone(&Utc)
    }

    #[test]
    fn a_saved_report_reads_back_the_same() {
        let mut d = Diary::open_in_memory().unwrap();
        let mut r = Report::new(at("2026-11-20T08:30:00.123+05:00"));
        r.ratings.insert(Rating::Pain, 2);
        r.signs = vec![Sign::PaleStools, Sign::DarkUrine];
        r.temperature_c = Some(37.2);
        r.note = Some("<img src=x onerror=alert(1)>".into());
        let saved = d.add_report(r.clone(), now()).unwrap();
        let back = d.report(saved.id).unwrap().unwrap();
        // The diary gave it a stable id (a UUID), returned with it and read back with it.
        let id = saved.report.id.clone().expect("an id");
        assert!(uuid::Uuid::parse_str(&id).is_ok(), "{id}");
        assert_eq!(back.report.id.as_deref(), Some(id.as_str()));
        assert_eq!(back.report, Report { id: Some(id), ..r });
        assert_eq!(back.report.recorded_at.offset().local_minus_utc(), 5 * 3600);
        assert_eq!(d.outbox_waiting().unwrap(), 1 + saved.triage.alerts.len());
        // Its alerts read back whole, the facts for the patient's words included.
        assert!(saved.triage.alerts.iter().all(|a| !a.facts.is_empty()));
        assert_eq!(back.triage, saved.triage);
        let history: Vec<Alert> = d
            .alert_history(10)
            .unwrap()
            .into_iter()
            .map(|s| s.alert)
            .collect();
        assert_eq!(history, saved.triage.alerts);
    }

    #[test]
    fn treatments_picked_by_name_set_the_classes_the_rules_read() {
        let mut d = Diary::open_in_memory().unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        // An older diary saved classes only: a CDK4/6 class read from version 1 as both.
        let old = Profile {
            therapies: vec![
                Therapy::Taxane,
                Therapy::Cdk46Inhibitor,
                Therapy::Abemaciclib,
            ],
            ..Profile::default()
        };
        d.set_profile(&old).unwrap();
        let t = d.treatments().unwrap();
        assert!(treatments::review_due(&old, &t, day), "never confirmed");
        assert!(treatments::asks_which_cdk46(&old, &t));
        // "Ribociclib": abemaciclib's class goes, the answer is remembered.
        d.answer_cdk46(Some(Drug::Ribociclib)).unwrap();
        assert_eq!(
            d.profile().unwrap().therapies,
            vec![Therapy::Taxane, Therapy::Cdk46Inhibitor]
        );
        let t = d.treatments().unwrap();
        assert_eq!(t.drugs, vec![Drug::Ribociclib]);
        assert!(!treatments::asks_which_cdk46(&d.profile().unwrap(), &t));
        // Not a CDK4/6 drug: refused, nothing changed.
        assert!(d.answer_cdk46(Some(Drug::Letrozole)).is_err());
        assert_eq!(d.treatments().unwrap(), t);
        // Picking by name: docetaxel names the taxane; capecitabine adds its class; the
        // classes no drug names are kept as given.
        let p = Profile {
            therapies: vec![Therapy::Other],
            ..d.profile().unwrap()
        };
        d.set_treatments(
            &p,
            &[Drug::Docetaxel, Drug::Capecitabine, Drug::Docetaxel],
            day,
        )
        .unwrap();
        assert_eq!(
            d.profile().unwrap().therapies,
            vec![Therapy::Taxane, Therapy::Capecitabine, Therapy::Other]
        );
        let t = d.treatments().unwrap();
        assert_eq!(t.drugs, vec![Drug::Docetaxel, Drug::Capecitabine]);
        assert_eq!(t.confirmed_on, Some(day));
        assert!(!treatments::review_due(&d.profile().unwrap(), &t, day));
        // 28 days on, the question comes back; "still the same" puts it off again.
        let later = day + Duration::days(28);
        assert!(treatments::review_due(&d.profile().unwrap(), &t, later));
        d.confirm_treatments(later).unwrap();
        assert!(!treatments::review_due(
            &d.profile().unwrap(),
            &d.treatments().unwrap(),
            later
        ));
    }

    #[test]
    fn an_alert_saved_before_facts_keeps_its_detail() {
        let mut d = Diary::open_in_memory().unwrap();
        let mut r = Report::new(at("2026-11-20T08:30:00Z"));
        r.signs = vec![Sign::ChestPain];
        d.add_report(r, now()).unwrap();
        // As an alert saved under schema 4 is: no facts.
        d.conn
            .execute("UPDATE alerts SET facts = NULL", [])
            .unwrap();
        let old = d.alert_history(1).unwrap().remove(0).alert;
        assert!(old.facts.is_empty());
        let words = crate::messages::explain_alert("ru", &old, &Default::default());
        assert_eq!(
            words.detail, "chest pain",
            "the care team's detail, as saved"
        );
        // A saved one reads in the patient's language.
        let mut r = Report::new(at("2026-11-20T09:30:00Z"));
        r.signs = vec![Sign::ChestPain];
        d.add_report(r, now()).unwrap();
        let new = d.alert_history(1).unwrap().remove(0).alert;
        let words = crate::messages::explain_alert("ru", &new, &Default::default());
        assert_eq!(words.detail, "Вы отметили: «Боль в груди».");
    }

    #[test]
    fn a_bad_report_is_refused_and_nothing_is_written() {
        let mut d = Diary::open_in_memory().unwrap();
        let mut r = Report::new(at("2026-11-20T08:30:00Z"));
        r.ratings.insert(Rating::Pain, 7);
        let e = d.add_report(r, now()).unwrap_err();
        assert_eq!(e.to_string(), "report.ratings.pain: 7 is out of range 0–4");
        assert_eq!(e.code(), "invalid_field");
        assert_eq!(d.report_count().unwrap(), 0);
        assert_eq!(d.outbox_waiting().unwrap(), 0);
    }

    #[test]
    fn settings_are_checked_and_kept() {
        let mut d = Diary::open_in_memory().unwrap();
        assert_eq!(d.settings().unwrap(), Settings::default());
        let mut s = Settings {
            language: "uz".into(),
            line_24h_phone: Some("+998 71 123 45 67".into()),
            ..Settings::default()
        };
        d.set_settings(&s).unwrap();
        assert_eq!(d.settings().unwrap(), s);
        s.emergency_phone = Some("call me".into());
        let e = d.set_settings(&s).unwrap_err();
        assert!(
            e.to_string().starts_with("settings.emergency_phone:"),
            "{e}"
        );
    }

    #[test]
    fn a_reminder_that_is_on_always_has_a_time() {
        let mut d = Diary::open_in_memory().unwrap();
        // A new diary: reminders on, at the default time (a value, not an empty field).
        let s = d.settings().unwrap();
        assert!(s.reminders_on);
        assert_eq!(s.reminder_time.as_deref(), Some(DEFAULT_REMINDER_TIME));
        // Saving "on" without a time is refused, naming the field.
        let mut no_time = s.clone();
        no_time.reminder_time = None;
        let e = d.set_settings(&no_time).unwrap_err();
        assert!(e.to_string().starts_with("settings.reminder_time:"), "{e}");
        // Off without a time is fine.
        no_time.reminders_on = false;
        d.set_settings(&no_time).unwrap();
        assert_eq!(d.settings().unwrap().reminder_time, None);
        // A diary saved by an older version with "on" and no time reads with the default.
        d.conn
            .execute(
                "UPDATE settings SET value = ?1 WHERE key = 'app'",
                [r#"{"reminders_on": true, "reminder_time": null}"#],
            )
            .unwrap();
        assert_eq!(
            d.settings().unwrap().reminder_time.as_deref(),
            Some(DEFAULT_REMINDER_TIME)
        );
    }

    /// A diary file at schema version 2 (before ruleset v2) whose profile lists `therapies`.
    fn schema_2_diary(path: &std::path::Path, therapies: &[&str]) {
        let c = rusqlite::Connection::open(path).unwrap();
        c.execute_batch(MIGRATIONS[0]).unwrap();
        c.execute_batch(MIGRATIONS[1]).unwrap();
        for (i, t) in therapies.iter().enumerate() {
            c.execute(
                "INSERT INTO profile_therapies (therapy, position) VALUES (?1, ?2)",
                rusqlite::params![t, i as i64],
            )
            .unwrap();
        }
        c.pragma_update(None, "user_version", 2).unwrap();
        c.pragma_update(None, "application_id", APPLICATION_ID)
            .unwrap();
    }

    #[test]
    fn an_old_cdk46_profile_gets_abemaciclib_when_the_diary_upgrades() {
        let dir = tempfile::tempdir().unwrap();
        for (therapies, expect) in [
            (
                &["endocrine", "cdk46_inhibitor"][..],
                &[
                    Therapy::Endocrine,
                    Therapy::Cdk46Inhibitor,
                    Therapy::Abemaciclib,
                ][..],
            ),
            (&["capecitabine"][..], &[Therapy::Capecitabine][..]),
            (&[][..], &[][..]),
        ] {
            let path = dir.path().join(format!("old-{}.sqlite", therapies.len()));
            schema_2_diary(&path, therapies);
            let d = Diary::open_with(&path, KeyPolicy::KeyFile).unwrap();
            assert_eq!(d.schema_version().unwrap(), MIGRATIONS.len() as i64);
            assert_eq!(d.profile().unwrap().therapies, expect, "{therapies:?}");
            drop(d);
            // Opening again changes nothing.
            let d = Diary::open_with(&path, KeyPolicy::KeyFile).unwrap();
            assert_eq!(d.profile().unwrap().therapies, expect);
        }
    }
}
