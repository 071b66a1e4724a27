//! The `diary` command and the encrypted diary: where the key goes when there is no
//! keyring (said on standard error), `diary backup` and `diary restore`.

use super::{diary, ok};
use std::path::Path;
use std::process::Command;

const NOTE: &str = "plum-canary-9902 slept badly";

#[test]
fn without_a_keyring_the_key_goes_in_a_private_file_and_the_user_is_told() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite");
    let runtime = dir.path().join("runtime");
    std::fs::create_dir(&runtime).unwrap();
    let run = |args: &[&str]| {
        Command::new(super::BIN)
            .arg("--db")
            .arg(&db)
            .args(args)
            .env_remove("SYMPTOM_DIARY_DB")
            .env_remove("SYMPTOM_DIARY_KEYRING")
            .env_remove("DISPLAY")
            // A session bus that is not there: no Secret Service can answer.
            .env(
                "DBUS_SESSION_BUS_ADDRESS",
                "unix:path=/nonexistent/symptom-diary-test/bus",
            )
            .env("XDG_RUNTIME_DIR", &runtime)
            .output()
            .unwrap()
    };
    let out = run(&["log", "--fatigue", "1", "--note", NOTE]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("no keyring is available"), "{stderr}");
    assert!(stderr.contains("d.sqlite.key"), "{stderr}");
    let key_file = dir.path().join("d.sqlite.key");
    let key = std::fs::read_to_string(&key_file).unwrap();
    assert_eq!(key.trim().len(), 64);
    assert!(!stderr.contains(key.trim()), "the key was printed");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key_file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    // The same key opens it next time, and says so again.
    let out = run(&["list", "--json"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains(NOTE));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no keyring is available"));
}

#[test]
fn the_diary_the_command_writes_is_encrypted() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite");
    ok(diary(&db, &["log", "--fatigue", "1", "--note", NOTE]));
    let bytes = std::fs::read(&db).unwrap();
    assert_ne!(&bytes[..16], b"SQLite format 3\0");
    for file in [db.clone(), dir.path().join("d.sqlite-wal")] {
        if let Ok(bytes) = std::fs::read(&file) {
            assert!(
                !bytes.windows(10).any(|w| w == &NOTE.as_bytes()[..10]),
                "{} holds the note",
                file.display()
            );
        }
    }
    assert!(rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT count(*) FROM reports", [], |r| r.get::<_, i64>(0))
        .is_err());
}

fn reports(db: &Path) -> usize {
    let rows: serde_json::Value =
        serde_json::from_str(&ok(diary(db, &["list", "--json"]))).unwrap();
    rows.as_array().unwrap().len()
}

#[test]
fn backup_and_restore_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite");
    ok(diary(&db, &["log", "--fatigue", "1", "--note", NOTE]));
    let said = ok(diary(&db, &["backup", "--list"]));
    assert!(said.starts_with("No backups yet"), "{said}");
    let said = ok(diary(&db, &["backup"]));
    assert!(said.contains("Backed up the diary to"), "{said}");
    assert!(said.contains("1 backup(s) kept"), "{said}");
    let listed = ok(diary(&db, &["backup", "--list"]));
    let lines: Vec<&str> = listed.lines().collect();
    assert_eq!(lines.len(), 1, "{listed}");
    let file = lines[0].split("  ").nth(1).unwrap().to_string();
    assert!(
        Path::new(&file).starts_with(dir.path().join("backups")),
        "{file}"
    );
    ok(diary(&db, &["log", "--fatigue", "2"]));
    assert_eq!(reports(&db), 2);

    // A file that is not a backup of this diary is refused, and nothing changes.
    let garbage = dir.path().join("garbage.sqlite");
    std::fs::write(&garbage, "z".repeat(8192)).unwrap();
    for (bad, expect) in [
        (garbage.to_str().unwrap(), "is damaged"),
        ("/nonexistent/backup.sqlite", "cannot read"),
    ] {
        let run = diary(&db, &["restore", bad]);
        assert_eq!(run.code, 1, "{bad}: {}", run.stderr);
        assert!(run.stderr.contains(expect), "{bad}: {}", run.stderr);
    }
    assert_eq!(reports(&db), 2);

    let said = ok(diary(&db, &["restore", &file]));
    assert!(said.contains("Restored the diary"), "{said}");
    assert!(said.contains("before-restore"), "{said}");
    assert_eq!(reports(&db), 1);
    assert_eq!(
        ok(diary(&db, &["backup", "--list"])).lines().count(),
        2,
        "the diary before the restore was backed up"
    );
    // --newest takes the newest backup that passes the checks: the one just made.
    ok(diary(&db, &["log", "--fatigue", "3"]));
    let said = ok(diary(&db, &["restore", "--newest"]));
    assert!(said.contains("before-restore"), "{said}");
    assert_eq!(reports(&db), 2);
    let run = diary(&db, &["restore"]);
    assert_eq!(run.code, 2, "a file or --newest is needed: {}", run.stderr);
}
