//! Opening the diary: the one place a file is opened (`Diary::open`), so every connection
//! gets the same guarantees: the key, `quick_check`, WAL with `synchronous=FULL`, foreign
//! keys, a busy timeout and the embedded, append-only migrations, a newer schema refused;
//! a plaintext diary from an earlier version encrypted once.

use super::{
    beside, is_unreadable, key, private, DiaryKey, KeyPlace, KeyPolicy, Result, StoreError,
};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::path::{Path, PathBuf};

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
    include_str!("migrations/0014_lab_alerts.sql"),
    include_str!("migrations/0015_followup_records.sql"),
    include_str!("migrations/0016_messages.sql"),
    include_str!("migrations/0017_office_hours.sql"),
    include_str!("migrations/0018_escalations.sql"),
];

/// Marks a SQLite file as a Symptom Diary ("SDRY").
pub(crate) const APPLICATION_ID: i64 = 0x5344_5259;

/// How long a connection waits for another one's write (the app and `diary sync`, a
/// bulk import) before it gives up with `diary_busy`: a report is never dropped
/// because the diary was busy for a moment.
pub const BUSY_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

/// The environment variable that overrides the default diary location.
pub const DB_ENV: &str = "SYMPTOM_DIARY_DB";

/// An open diary.
pub struct Diary {
    pub(super) conn: Connection,
    /// The file and its key; none for a diary in memory.
    pub(super) file: Option<(PathBuf, key::Unlock)>,
}

/// The first 16 bytes of every plaintext SQLite file.
pub const PLAINTEXT_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// What a file on disk is, judged from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FileState {
    /// Empty: a new diary.
    Empty,
    /// A plaintext SQLite file (a diary from before encryption, or something else).
    Plaintext,
    /// Anything else: an encrypted diary, or not a database at all.
    Other,
}

pub(super) fn file_state(path: &Path) -> std::io::Result<FileState> {
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

/// `PRAGMA quick_check`: `Ok` when the file is sound, else what SQLite found, in a few
/// words (no row contents are in its answer).
pub(super) fn quick_check(conn: &Connection, path: &Path) -> Result<()> {
    let damaged = |what: String| StoreError::Damaged {
        path: path.to_path_buf(),
        what,
    };
    let mut stmt = conn.prepare("PRAGMA quick_check").map_err(|e| {
        if is_unreadable(&e) {
            damaged("its key does not unlock it".into())
        } else {
            StoreError::from(e)
        }
    })?;
    let answers: Vec<String> = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .and_then(|rows| rows.collect())
        .map_err(|e| {
            if is_unreadable(&e) {
                damaged("its key does not unlock it, or its pages are broken".into())
            } else {
                StoreError::from(e)
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
pub(super) fn judge(conn: &Connection, path: &Path) -> Result<i64> {
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
pub(super) fn encrypt_plaintext(path: &Path, key: &DiaryKey) -> Result<()> {
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
    pub(super) fn setup(mut conn: Connection, path: &Path) -> Result<Diary> {
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
}
