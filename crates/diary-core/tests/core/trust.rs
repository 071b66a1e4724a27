//! Encryption at rest, the key file, backups and restore, seen from outside: the bytes on
//! disk hold no note text, nothing reads them without the key, a plaintext diary is
//! encrypted once, a damaged one has its own error, and a restore checks before it
//! replaces. The key is pinned to the key file (`KeyPolicy::KeyFile`), so these tests
//! need no keyring and never write to one.

use chrono::{DateTime, Duration, TimeZone, Utc};
use diary_core::model::*;
use diary_core::store::{backup, key, Diary, KeyPlace, KeyPolicy, PLAINTEXT_HEADER};
use std::path::{Path, PathBuf};

const FILE: KeyPolicy = KeyPolicy::KeyFile;
/// A note no page of a database holds by chance.
const CANARY: &str = "tangerine-canary-4417 my liver hurts";

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 12, 0, 0).unwrap()
}

/// Adds report number `n` (hours apart, all before [`now`]) with a note.
fn with_note(d: &mut Diary, n: u32) {
    let at = DateTime::parse_from_rfc3339("2026-11-01T08:30:00+05:00").unwrap()
        + Duration::hours(i64::from(n));
    let mut r = Report::new(at);
    r.ratings.insert(Rating::Pain, 1);
    r.note = Some(format!("{CANARY} (report {n})"));
    d.add_report(r, now()).unwrap();
}

/// How many reports the diary at `path` holds.
fn reports_in(path: &Path) -> usize {
    Diary::open_with(path, FILE)
        .unwrap()
        .report_count()
        .unwrap()
}

/// A new diary, `diary.sqlite` in `dir`, with its key in the key file.
fn new_diary(dir: &Path) -> (PathBuf, Diary) {
    let path = dir.join("diary.sqlite");
    let diary = Diary::open_with(&path, FILE).unwrap();
    (path, diary)
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// The diary's key, from its key file.
fn key_of(path: &Path) -> key::DiaryKey {
    key::find(path, FILE).unwrap().expect("a key file").key
}

fn notes_with(path: &Path, key: Option<&key::DiaryKey>) -> rusqlite::Result<Vec<String>> {
    let c =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    if let Some(key) = key {
        key.unlock(&c)?;
    }
    let mut stmt = c.prepare("SELECT note FROM reports WHERE note IS NOT NULL ORDER BY note")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    rows.collect()
}

/// The byte search can fail: a plaintext SQLite file with the note does hold it.
#[test]
fn the_byte_search_finds_a_note_in_a_plaintext_file() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain.sqlite");
    let c = rusqlite::Connection::open(&plain).unwrap();
    c.execute_batch("CREATE TABLE reports (note TEXT)").unwrap();
    c.execute("INSERT INTO reports VALUES (?1)", [CANARY])
        .unwrap();
    drop(c);
    let bytes = std::fs::read(&plain).unwrap();
    assert!(contains(&bytes, CANARY));
    assert_eq!(&bytes[..16], PLAINTEXT_HEADER);
}

#[test]
fn the_diary_its_wal_and_a_backup_hold_no_note_text() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut d) = new_diary(dir.path());
    for day in 1..=20 {
        with_note(&mut d, day);
    }
    let snapshot = d.snapshot(now()).unwrap();
    // Copied while the diary is open, so the -wal holds the latest pages.
    let copies = dir.path().join("copies");
    std::fs::create_dir(&copies).unwrap();
    let mut checked = 0;
    for (from, name) in [
        (path.clone(), "diary.sqlite"),
        (beside(&path, "-wal"), "diary.sqlite-wal"),
        (snapshot.clone(), "backup.sqlite"),
    ] {
        let to = copies.join(name);
        std::fs::copy(&from, &to).unwrap();
        let bytes = std::fs::read(&to).unwrap();
        assert!(bytes.len() >= 4096, "{name} is {} bytes", bytes.len());
        assert!(
            !contains(&bytes, CANARY),
            "{name} holds the note in plaintext"
        );
        assert!(
            !contains(&bytes, "tangerine"),
            "{name} holds part of the note"
        );
        assert!(
            !contains(&bytes, "CREATE TABLE"),
            "{name} holds the schema in plaintext"
        );
        assert_ne!(&bytes[..16], PLAINTEXT_HEADER, "{name} is plain SQLite");
        checked += 1;
    }
    assert_eq!(checked, 3);
    assert!(
        std::fs::metadata(copies.join("diary.sqlite-wal"))
            .unwrap()
            .len()
            > 20 * 4096,
        "the -wal holds the reports (so the check above read them)"
    );
    assert_eq!(
        d.key_place(),
        Some(&KeyPlace::File(key::key_file_path(&path)))
    );
    assert_eq!(d.key_notice(), None);
    drop(d);

    // The right key reads them: the copy (with its -wal) and the backup.
    let key = key_of(&path);
    for file in [copies.join("diary.sqlite"), copies.join("backup.sqlite")] {
        let notes = notes_with(&file, Some(&key)).unwrap();
        assert_eq!(notes.len(), 20, "{}", file.display());
        assert!(notes.iter().all(|n| n.starts_with(CANARY)));
    }
    // Without the key, or with another, SQLite reads nothing.
    let other = key::DiaryKey::random().unwrap();
    for file in [copies.join("diary.sqlite"), copies.join("backup.sqlite")] {
        for key in [None, Some(&other)] {
            let err = notes_with(&file, key).expect_err("read without the right key");
            assert_eq!(
                err.sqlite_error_code(),
                Some(rusqlite::ErrorCode::NotADatabase),
                "{err}"
            );
        }
    }
}

/// The `sqlite3` command cannot read the diary either. Under CI it must be installed
/// (scripts/setup.sh installs it), so this check cannot quietly not run.
#[test]
fn the_sqlite3_command_cannot_read_the_diary() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut d) = new_diary(dir.path());
    with_note(&mut d, 3);
    drop(d);
    let out = match std::process::Command::new("sqlite3")
        .arg(&path)
        .arg("SELECT note FROM reports;")
        .output()
    {
        Ok(out) => out,
        Err(e) => {
            assert_ne!(
                std::env::var("CI").as_deref(),
                Ok("true"),
                "the sqlite3 command must be installed under CI: {e}"
            );
            eprintln!("skipped: the sqlite3 command is not installed ({e})");
            return;
        }
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "sqlite3 read the diary: {stdout}");
    assert!(!stdout.contains("tangerine"), "{stdout}");
    assert!(stderr.contains("not a database"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn the_key_file_is_the_owners_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d/diary.sqlite");
    drop(Diary::open_with(&path, FILE).unwrap());
    let file = key::key_file_path(&path);
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&file), 0o600);
    // A key file loosened by hand is tightened when the diary opens.
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    drop(Diary::open_with(&path, FILE).unwrap());
    assert_eq!(mode(&file), 0o600);
}

/// A plaintext diary (as versions before encryption wrote) made from an encrypted one.
fn plaintext_copy(encrypted: &Path, plain: &Path) {
    let c = rusqlite::Connection::open(encrypted).unwrap();
    key_of(encrypted).unlock(&c).unwrap();
    let version: i64 = c
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    let app: i64 = c
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    c.execute(
        "ATTACH DATABASE ?1 AS plain KEY ''",
        [plain.to_string_lossy()],
    )
    .unwrap();
    c.query_row("SELECT sqlcipher_export('plain')", [], |_| Ok(()))
        .unwrap();
    c.execute_batch(&format!(
        "PRAGMA plain.user_version = {version}; PRAGMA plain.application_id = {app}; DETACH DATABASE plain;"
    ))
    .unwrap();
}

#[test]
fn a_plaintext_diary_is_encrypted_once_and_keeps_everything() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("source.sqlite");
    let mut d = Diary::open_with(&source, FILE).unwrap();
    for day in 1..=5 {
        with_note(&mut d, day);
    }
    let before = diary_core::json::to_json(&d.export().unwrap());
    drop(d);
    let path = dir.path().join("old/diary.sqlite");
    std::fs::create_dir(dir.path().join("old")).unwrap();
    plaintext_copy(&source, &path);
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(
        &bytes[..16],
        PLAINTEXT_HEADER,
        "the starting diary is plaintext"
    );
    assert!(contains(&bytes, CANARY));

    let mut d = Diary::open_with(&path, FILE).unwrap();
    assert_eq!(diary_core::json::to_json(&d.export().unwrap()), before);
    drop(d);
    let bytes = std::fs::read(&path).unwrap();
    assert_ne!(&bytes[..16], PLAINTEXT_HEADER, "the diary is encrypted now");
    assert!(!contains(&bytes, CANARY));
    let left: Vec<String> = std::fs::read_dir(dir.path().join("old"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !["diary.sqlite", "diary.sqlite.key"].contains(&n.as_str()))
        .collect();
    assert!(
        left.iter()
            .all(|n| n.ends_with("-wal") || n.ends_with("-shm")),
        "a plaintext copy or a half-made file was left: {left:?}"
    );
    assert!(notes_with(&path, None).is_err(), "readable without the key");
    // Opened again, it stays the same.
    let mut d = Diary::open_with(&path, FILE).unwrap();
    assert_eq!(diary_core::json::to_json(&d.export().unwrap()), before);
}

#[test]
fn a_plaintext_file_that_is_not_a_diary_is_left_alone_and_gets_no_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.sqlite");
    let c = rusqlite::Connection::open(&path).unwrap();
    c.execute_batch("CREATE TABLE something (x); INSERT INTO something VALUES ('keep me');")
        .unwrap();
    drop(c);
    let before = std::fs::read(&path).unwrap();
    let err = Diary::open_with(&path, FILE).err().expect("refused");
    assert_eq!(err.code(), "not_a_diary");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert!(!key::key_file_path(&path).exists(), "a key was made for it");
}

#[test]
fn a_damaged_diary_a_wrong_key_and_a_missing_key_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut d) = new_diary(dir.path());
    for day in 1..=28 {
        with_note(&mut d, day);
    }
    drop(d);
    let good = std::fs::read(&path).unwrap();
    assert!(good.len() > 3 * 4096, "{} bytes", good.len());
    let key_file = key::key_file_path(&path);
    let good_key = std::fs::read(&key_file).unwrap();

    // A page in the middle overwritten.
    let mut bad = good.clone();
    for b in &mut bad[2 * 4096 + 100..2 * 4096 + 300] {
        *b ^= 0x5a;
    }
    std::fs::write(&path, &bad).unwrap();
    let err = Diary::open_with(&path, FILE)
        .err()
        .expect("a damaged diary is refused");
    assert_eq!(err.code(), "damaged_diary", "{err}");
    assert!(err.to_string().contains("is damaged"), "{err}");
    assert!(!err.to_string().contains("tangerine"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), bad, "left unchanged");

    // Another key.
    std::fs::write(&path, &good).unwrap();
    std::fs::write(&key_file, "ab".repeat(32)).unwrap();
    let err = Diary::open_with(&path, FILE)
        .err()
        .expect("the wrong key is refused");
    assert_eq!(err.code(), "damaged_diary", "{err}");
    assert!(err.to_string().contains("key does not unlock"), "{err}");
    assert!(
        !err.to_string().contains(&"ab".repeat(32)),
        "the key is in the message"
    );

    // No key at all.
    std::fs::remove_file(&key_file).unwrap();
    let err = Diary::open_with(&path, FILE)
        .err()
        .expect("no key, no diary");
    assert_eq!(err.code(), "key_missing", "{err}");
    assert!(err.to_string().contains("diary.sqlite.key"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), good, "left unchanged");
    assert!(
        !key_file.exists(),
        "a new key was made for an encrypted diary"
    );

    // The right key again: all there.
    std::fs::write(&key_file, &good_key).unwrap();
    assert_eq!(reports_in(&path), 28);
}

#[test]
fn a_backup_is_taken_when_a_day_old_and_old_ones_are_pruned() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut d) = new_diary(dir.path());
    with_note(&mut d, 1);
    let first = d.backup_if_due(now()).unwrap().expect("the first backup");
    assert_eq!(d.backup_if_due(now() + Duration::hours(23)).unwrap(), None);
    let mut taken = vec![first];
    for day in 1..30 {
        if let Some(p) = d.backup_if_due(now() + Duration::days(day)).unwrap() {
            taken.push(p);
        }
    }
    assert_eq!(taken.len(), 30, "one a day");
    let left = backup::list(&path).unwrap();
    // The seven latest days (Sun 20 to Sat 26 December), which span two weeks, and the
    // newest of the two weeks before (Sun 13 and Sun 6 December).
    assert_eq!(left.len(), 7 + 2, "{left:?}");
    assert_eq!(left[0].taken_at, now() + Duration::days(29), "newest first");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&backup::backup_dir(&path)), 0o700);
        assert!(left.iter().all(|b| mode(&b.path) == 0o600));
    }
    for b in &left {
        backup::verify(&b.path, &key_of(&path)).unwrap();
    }
}

#[test]
fn a_restore_checks_the_file_and_backs_up_the_diary_first() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut d) = new_diary(dir.path());
    with_note(&mut d, 1);
    let snapshot = d.snapshot(now()).unwrap();
    with_note(&mut d, 2);
    with_note(&mut d, 3);
    drop(d);
    let current = std::fs::read(&path).unwrap();

    // Not a diary, another diary's backup, a damaged backup: refused, nothing replaced.
    let garbage = dir.path().join("garbage.sqlite");
    std::fs::write(&garbage, "x".repeat(10_000)).unwrap();
    let other_path = dir.path().join("other/diary.sqlite");
    let other = Diary::open_with(&other_path, FILE).unwrap();
    let others = other.snapshot(now()).unwrap();
    drop(other);
    let damaged = dir.path().join("damaged.sqlite");
    let mut bytes = std::fs::read(&snapshot).unwrap();
    let n = bytes.len();
    for b in &mut bytes[n - 3000..n - 2000] {
        *b = 0;
    }
    std::fs::write(&damaged, &bytes).unwrap();
    for (file, code) in [
        (&garbage, "damaged_diary"),
        (&others, "damaged_diary"),
        (&damaged, "damaged_diary"),
    ] {
        let err = backup::restore(&path, file, now(), FILE).expect_err("refused");
        assert_eq!(err.code(), code, "{}: {err}", file.display());
        assert_eq!(std::fs::read(&path).unwrap(), current, "{}", file.display());
    }
    assert_eq!(
        backup::list(&path).unwrap().len(),
        1,
        "no snapshot for a refused restore"
    );

    // The good one: the diary goes back to one report, and the three-report diary is kept.
    let done = backup::restore(&path, &snapshot, now() + Duration::hours(1), FILE).unwrap();
    let previous = done.previous.expect("the diary was backed up first");
    assert!(previous.to_string_lossy().contains("before-restore"));
    assert_eq!(reports_in(&path), 1);
    // A snapshot has no key of its own: the diary's key opens it.
    let err = Diary::open_with(&previous, FILE)
        .err()
        .expect("no key of its own");
    assert_eq!(err.code(), "key_missing");
    assert!(!key::key_file_path(&previous).exists());
    backup::restore(&path, &previous, now() + Duration::hours(2), FILE).unwrap();
    assert_eq!(reports_in(&path), 3);
}

#[test]
fn the_newest_good_backup_is_restored_over_a_damaged_diary() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut d) = new_diary(dir.path());
    with_note(&mut d, 1);
    let older = d.snapshot(now()).unwrap();
    with_note(&mut d, 2);
    let newer = d.snapshot(now() + Duration::hours(1)).unwrap();
    for n in 3..30 {
        with_note(&mut d, n);
    }
    drop(d);
    // The newest backup is damaged: the one before it is used.
    let mut bytes = std::fs::read(&newer).unwrap();
    let n = bytes.len();
    bytes[n - 2000..n - 1000].fill(0);
    std::fs::write(&newer, &bytes).unwrap();
    // And the diary itself is damaged.
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[4096 + 10..4096 + 500].fill(0xff);
    std::fs::write(&path, &bytes).unwrap();
    let err = Diary::open_with(&path, FILE).err().expect("damaged");
    assert_eq!(err.code(), "damaged_diary");

    let (from, done) =
        backup::restore_newest_good(&path, now() + Duration::hours(2), FILE).unwrap();
    assert_eq!(from, older);
    let kept = done.previous.expect("the damaged diary is kept");
    assert!(
        kept.to_string_lossy().contains("damaged"),
        "{}",
        kept.display()
    );
    assert_eq!(std::fs::read(&kept).unwrap(), bytes, "kept as it was");
    assert_eq!(reports_in(&path), 1);
}
