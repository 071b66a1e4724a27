//! Backups of the diary: whole-file snapshots, encrypted with the diary's own key, in a
//! `backups` folder (0700) beside the diary. A diary kept on one laptop is one spilled
//! cup of tea from gone, and a damaged file should cost a day at most: the app takes a
//! snapshot when it opens the diary and the newest one is a day old or more, and keeps
//! the newest of each of the 7 latest days and of the 4 latest weeks ([`retain`], a pure
//! function of the snapshots' times and the time now, which is a parameter).
//!
//! A restore replaces the diary only with a file that this diary's key unlocks, that
//! passes `PRAGMA quick_check` and that is a Symptom Diary of a schema this version
//! knows; the diary it replaces is snapshotted first, so a restore can be undone.

use super::key::{self, DiaryKey, KeyPolicy};
use super::{beside, judge, private, quick_check, Diary, Result, StoreError, APPLICATION_ID};
use chrono::{DateTime, Datelike, Duration, NaiveDateTime, Utc};
use rusqlite::{Connection, OpenFlags};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// How many daily and weekly snapshots are kept.
pub const KEEP_DAILY: usize = 7;
pub const KEEP_WEEKLY: usize = 4;

/// The time format in a snapshot's name: `diary-20261129T233000Z.sqlite`.
const STAMP: &str = "%Y%m%dT%H%M%SZ";

/// A snapshot on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backup {
    pub path: PathBuf,
    pub taken_at: DateTime<Utc>,
}

/// The folder of the diary's snapshots: `backups/` beside it.
pub fn backup_dir(diary: &Path) -> PathBuf {
    diary
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("backups")
}

/// `diary` for `…/diary.sqlite`: the start of its snapshots' names.
fn stem(diary: &Path) -> String {
    diary
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "diary".into())
}

/// When the snapshot named `name` was taken, if it is one of `stem`'s:
/// `<stem>-<stamp>.sqlite` or `<stem>-<stamp>-<tag>.sqlite`.
fn taken_at(stem: &str, name: &str) -> Option<DateTime<Utc>> {
    let rest = name.strip_prefix(stem)?.strip_prefix('-')?;
    let rest = rest.strip_suffix(".sqlite")?;
    let stamp = rest.get(..16)?;
    let tail = &rest[16..];
    if !(tail.is_empty() || tail.starts_with('-')) {
        return None;
    }
    NaiveDateTime::parse_from_str(stamp, STAMP)
        .ok()
        .map(|t| t.and_utc())
}

/// The diary's snapshots, newest first. No folder yet means none.
pub fn list(diary: &Path) -> Result<Vec<Backup>> {
    let dir = backup_dir(diary);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(StoreError::Io(format!(
                "cannot read {}: {e}",
                dir.display()
            )))
        }
    };
    let stem = stem(diary);
    let mut found: Vec<(Backup, Option<std::time::SystemTime>)> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let written = e.metadata().and_then(|m| m.modified()).ok();
            taken_at(&stem, &name).map(|taken_at| {
                let path = e.path();
                (Backup { path, taken_at }, written)
            })
        })
        .collect();
    // Names tell the second; two taken within one second are told apart by which was
    // written last.
    found.sort_by(|(a, a_written), (b, b_written)| {
        b.taken_at
            .cmp(&a.taken_at)
            .then(b_written.cmp(a_written))
            .then(b.path.cmp(&a.path))
    });
    Ok(found.into_iter().map(|(b, _)| b).collect())
}

/// Whether a new snapshot is due: none yet, or the newest is a day old or more. A
/// newest one dated after `now` (the clock was wrong) makes one due as well.
pub fn due(newest: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    match newest {
        None => true,
        Some(t) => t > now || now - t >= Duration::days(1),
    }
}

/// Which snapshots to keep, in the order given: the newest of each of the
/// [`KEEP_DAILY`] latest days that have one, and the newest of each of the
/// [`KEEP_WEEKLY`] latest weeks (Monday to Sunday, UTC) that have one. Counted by days
/// and weeks that have a snapshot, not by the calendar, so a month without the app
/// still leaves the older snapshots. One dated after `now` (a wrong clock) is kept and
/// not counted.
pub fn retain(taken: &[DateTime<Utc>], now: DateTime<Utc>) -> Vec<bool> {
    let mut order: Vec<usize> = (0..taken.len()).collect();
    order.sort_by(|a, b| taken[*b].cmp(&taken[*a]));
    let mut keep = vec![false; taken.len()];
    let mut days = HashSet::new();
    let mut weeks = HashSet::new();
    for i in order {
        let t = taken[i];
        if t > now {
            keep[i] = true;
            continue;
        }
        let day = t.date_naive();
        let week = day.iso_week();
        if days.len() < KEEP_DAILY && days.insert(day) {
            keep[i] = true;
        }
        if weeks.len() < KEEP_WEEKLY && weeks.insert((week.year(), week.week())) {
            keep[i] = true;
        }
    }
    keep
}

/// Removes the snapshots [`retain`] does not keep; returns how many went.
pub fn prune(diary: &Path, now: DateTime<Utc>) -> Result<usize> {
    let all = list(diary)?;
    let times: Vec<DateTime<Utc>> = all.iter().map(|b| b.taken_at).collect();
    let mut removed = 0;
    for (backup, keep) in all.iter().zip(retain(&times, now)) {
        if !keep {
            std::fs::remove_file(&backup.path).map_err(|e| {
                StoreError::Io(format!("cannot remove {}: {e}", backup.path.display()))
            })?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// A new, empty, 0600 file in the backup folder named for `now` (and `tag`), never one
/// that is there already.
fn new_backup_file(diary: &Path, now: DateTime<Utc>, tag: Option<&str>) -> Result<PathBuf> {
    let dir = backup_dir(diary);
    private::create_dir(&dir)
        .map_err(|e| StoreError::Io(format!("cannot create the folder {}: {e}", dir.display())))?;
    let base = format!(
        "{}-{}{}",
        stem(diary),
        now.format(STAMP),
        tag.map(|t| format!("-{t}")).unwrap_or_default()
    );
    for n in 0..100 {
        let name = if n == 0 {
            format!("{base}.sqlite")
        } else {
            format!("{base}-{n}.sqlite")
        };
        let path = dir.join(name);
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        match options.open(&path) {
            Ok(_) => return Ok(path),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => {
                return Err(StoreError::Io(format!(
                    "cannot create {}: {e}",
                    path.display()
                )))
            }
        }
    }
    Err(StoreError::Io(format!(
        "too many backups named {base} in {}",
        dir.display()
    )))
}

/// Opens `file` read-only with `key` and checks that it is a sound Symptom Diary of a
/// schema this version knows; returns its schema version.
pub fn verify(file: &Path, key: &DiaryKey) -> Result<i64> {
    let unlocks_not = || {
        StoreError::Damaged {
        path: file.to_path_buf(),
        what: "this diary's key does not unlock it: it is damaged, not encrypted, or a backup of another diary".into(),
    }
    };
    let head = std::fs::read(file)
        .map(|bytes| bytes.into_iter().take(16).collect::<Vec<u8>>())
        .map_err(|e| StoreError::Io(format!("cannot read {}: {e}", file.display())))?;
    if head.len() < 16 || head == super::PLAINTEXT_HEADER {
        return Err(unlocks_not());
    }
    let conn = Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    key.unlock(&conn)?;
    quick_check(&conn, file).map_err(|e| match e {
        StoreError::Damaged { what, .. } if what.contains("key does not unlock") => unlocks_not(),
        other => other,
    })?;
    let version = judge(&conn, file)?;
    let app_id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if app_id != APPLICATION_ID || version < 1 {
        return Err(StoreError::NotADiary(file.to_path_buf()));
    }
    Ok(version)
}

impl Diary {
    /// Writes a snapshot of the diary (`VACUUM INTO`, encrypted with the diary's key) to
    /// its backup folder and returns its path.
    pub fn snapshot(&self, now: DateTime<Utc>) -> Result<PathBuf> {
        self.snapshot_tagged(now, None)
    }

    fn snapshot_tagged(&self, now: DateTime<Utc>, tag: Option<&str>) -> Result<PathBuf> {
        let Some((path, unlock)) = &self.file else {
            return Err(StoreError::Io("a diary in memory has no backups".into()));
        };
        let out = new_backup_file(path, now, tag)?;
        let written = self
            .conn
            .execute("VACUUM INTO ?1", [out.to_string_lossy()])
            .map_err(StoreError::from)
            .and_then(|_| verify(&out, &unlock.key));
        if let Err(e) = written {
            let _ = std::fs::remove_file(&out);
            return Err(e);
        }
        Ok(out)
    }

    /// Takes a snapshot when none is a day old or newer, then prunes to the kept ones;
    /// returns the new snapshot's path, if one was taken.
    pub fn backup_if_due(&self, now: DateTime<Utc>) -> Result<Option<PathBuf>> {
        let Some(path) = self.path() else {
            return Ok(None);
        };
        let newest = list(path)?.first().map(|b| b.taken_at);
        if !due(newest, now) {
            return Ok(None);
        }
        let taken = self.snapshot(now)?;
        prune(path, now)?;
        Ok(Some(taken))
    }
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    /// The snapshot of the diary as it was before (none when there was no diary).
    pub previous: Option<PathBuf>,
    /// The schema version of the restored file.
    pub schema: i64,
}

/// Replaces the diary at `diary` with the snapshot `from`, after checking `from` with
/// the diary's key ([`verify`]). The diary as it was is snapshotted first (tagged
/// `before-restore`; a diary too damaged to open is copied as it is, tagged `damaged`).
/// Nothing else may have the diary open meanwhile (close the app first).
pub fn restore(
    diary: &Path,
    from: &Path,
    now: DateTime<Utc>,
    policy: KeyPolicy,
) -> Result<Restored> {
    let unlock =
        key::find(diary, policy)?.ok_or_else(|| StoreError::KeyMissing(diary.to_path_buf()))?;
    let schema = verify(from, &unlock.key)?;
    let io = |what: String, e: std::io::Error| StoreError::Io(format!("{what}: {e}"));
    let has_diary = std::fs::metadata(diary)
        .map(|m| m.len() > 0)
        .unwrap_or(false);
    let previous = if has_diary {
        Some(match Diary::open_with(diary, policy) {
            Ok(current) => current.snapshot_tagged(now, Some("before-restore"))?,
            Err(_) => {
                let copy = new_backup_file(diary, now, Some("damaged"))?;
                std::fs::copy(diary, &copy)
                    .map_err(|e| io(format!("cannot copy {}", diary.display()), e))?;
                copy
            }
        })
    } else {
        None
    };
    let incoming = beside(diary, ".restoring");
    {
        let mut out = private::create_file(&incoming)
            .map_err(|e| io(format!("cannot create {}", incoming.display()), e))?;
        let mut input = std::fs::File::open(from)
            .map_err(|e| io(format!("cannot read {}", from.display()), e))?;
        std::io::copy(&mut input, &mut out)
            .and_then(|_| out.sync_all())
            .map_err(|e| io(format!("cannot write {}", incoming.display()), e))?;
    }
    for suffix in ["-wal", "-shm"] {
        match std::fs::remove_file(beside(diary, suffix)) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io(format!("cannot remove the diary's {suffix}"), e)),
        }
    }
    std::fs::rename(&incoming, diary).map_err(|e| {
        io(
            format!("cannot put the restored diary at {}", diary.display()),
            e,
        )
    })?;
    if let Some(dir) = diary.parent().filter(|d| !d.as_os_str().is_empty()) {
        let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
    }
    Ok(Restored { previous, schema })
}

/// Restores the newest snapshot that passes [`verify`] (a damaged or foreign one is
/// passed over), with the same care as [`restore`]; returns the file restored from and
/// what the restore did. Snapshots taken by this restore itself are never candidates.
pub fn restore_newest_good(
    diary: &Path,
    now: DateTime<Utc>,
    policy: KeyPolicy,
) -> Result<(PathBuf, Restored)> {
    let unlock =
        key::find(diary, policy)?.ok_or_else(|| StoreError::KeyMissing(diary.to_path_buf()))?;
    let all = list(diary)?;
    let good = all
        .iter()
        .find(|b| verify(&b.path, &unlock.key).is_ok())
        .ok_or_else(|| {
            StoreError::Io(format!(
                "none of the {} backup(s) in {} opens with this diary's key and passes the checks",
                all.len(),
                backup_dir(diary).display()
            ))
        })?;
    let restored = restore(diary, &good.path, now, policy)?;
    Ok((good.path.clone(), restored))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn a_snapshot_is_due_when_the_newest_is_a_day_old() {
        let now = at("2026-11-29T12:00:00Z");
        for (newest, expect) in [
            (None, true),
            (Some("2026-11-29T11:00:00Z"), false),
            (Some("2026-11-28T12:00:01Z"), false),
            (Some("2026-11-28T12:00:00Z"), true),
            (Some("2026-11-01T00:00:00Z"), true),
            (Some("2026-12-05T00:00:00Z"), true),
        ] {
            assert_eq!(due(newest.map(at), now), expect, "{newest:?}");
        }
    }

    #[test]
    fn seven_daily_and_four_weekly_snapshots_are_kept() {
        let now = at("2026-11-29T12:00:00Z"); // a Sunday
                                              // (case, snapshots, which are kept)
        let cases: &[(&str, &[&str], &[bool])] = &[
            ("none", &[], &[]),
            ("one", &["2026-11-29T08:00:00Z"], &[true]),
            (
                "two on one day: the newer",
                &["2026-11-29T08:00:00Z", "2026-11-29T09:00:00Z"],
                &[false, true],
            ),
            (
                "nine days in a row: seven days, and the newest of the week before",
                &[
                    "2026-11-21T08:00:00Z", // Sat, ISO week 47
                    "2026-11-22T08:00:00Z", // Sun, ISO week 47
                    "2026-11-23T08:00:00Z",
                    "2026-11-24T08:00:00Z",
                    "2026-11-25T08:00:00Z",
                    "2026-11-26T08:00:00Z",
                    "2026-11-27T08:00:00Z",
                    "2026-11-28T08:00:00Z",
                    "2026-11-29T08:00:00Z",
                ],
                // 23–29: the 7 days; the 22nd is week 47's newest; the 21st goes.
                &[false, true, true, true, true, true, true, true, true],
            ),
            (
                "weekly, after a month away: the four latest weeks",
                &[
                    "2026-10-05T08:00:00Z",
                    "2026-10-12T08:00:00Z",
                    "2026-10-19T08:00:00Z",
                    "2026-10-26T08:00:00Z",
                    "2026-11-02T08:00:00Z",
                ],
                // Five days with one each: all five are among the seven latest days.
                &[true, true, true, true, true],
            ),
            (
                "twelve weekly Mondays: seven days kept",
                &[
                    "2026-09-07T08:00:00Z",
                    "2026-09-14T08:00:00Z",
                    "2026-09-21T08:00:00Z",
                    "2026-09-28T08:00:00Z",
                    "2026-10-05T08:00:00Z",
                    "2026-10-12T08:00:00Z",
                    "2026-10-19T08:00:00Z",
                    "2026-10-26T08:00:00Z",
                    "2026-11-02T08:00:00Z",
                    "2026-11-09T08:00:00Z",
                    "2026-11-16T08:00:00Z",
                    "2026-11-23T08:00:00Z",
                ],
                &[
                    false, false, false, false, false, true, true, true, true, true, true, true,
                ],
            ),
            (
                "a snapshot from a wrong clock is kept and not counted",
                &["2027-01-01T00:00:00Z", "2026-11-29T08:00:00Z"],
                &[true, true],
            ),
        ];
        for (case, taken, expect) in cases {
            let taken: Vec<DateTime<Utc>> = taken.iter().map(|t| at(t)).collect();
            assert_eq!(&retain(&taken, now), expect, "{case}");
        }
    }

    #[test]
    fn thirty_daily_snapshots_leave_seven_days_and_four_weeks() {
        let now = at("2026-11-29T12:00:00Z");
        let taken: Vec<DateTime<Utc>> = (0..30).map(|d| now - Duration::days(d)).collect();
        let keep = retain(&taken, now);
        let kept: Vec<i64> = (0..30).filter(|d| keep[*d as usize]).collect();
        // Days 0–6 (Nov 23–29: this ISO week), then the newest day of the three weeks
        // before: Sun Nov 22 (day 7), Sun Nov 15 (day 14), Sun Nov 8 (day 21).
        assert_eq!(kept, vec![0, 1, 2, 3, 4, 5, 6, 7, 14, 21]);
    }

    #[test]
    fn a_snapshot_name_gives_its_time() {
        let t = at("2026-11-29T23:30:00Z");
        assert_eq!(taken_at("diary", "diary-20261129T233000Z.sqlite"), Some(t));
        assert_eq!(
            taken_at("diary", "diary-20261129T233000Z-before-restore.sqlite"),
            Some(t)
        );
        assert_eq!(
            taken_at("diary", "diary-20261129T233000Z-1.sqlite"),
            Some(t)
        );
        for other in [
            "other-20261129T233000Z.sqlite",
            "diary-20261129T233000Zx.sqlite",
            "diary-2026.sqlite",
            "diary-20261129T233000Z.sqlite-wal",
            "diary.sqlite",
        ] {
            assert_eq!(taken_at("diary", other), None, "{other}");
        }
    }
}
