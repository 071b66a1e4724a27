//! The diary's key. A diary holds health data, so the file, its -wal and its backups are
//! encrypted (SQLCipher, AES-256) with a key of 32 random bytes made the first time the
//! diary is opened. The key is kept out of the diary: in the operating system's keyring
//! (Secret Service on Linux, the Keychain on macOS, the Credential Manager on Windows),
//! one entry per diary file. Where there is no keyring (a computer with no desktop
//! session, a container) the key goes in a file beside the diary, `<diary>.key`, readable
//! by its owner only, and the caller is told so in plain words: the diary is never
//! written in plaintext because a keyring is missing. `SYMPTOM_DIARY_KEYRING=off` asks
//! for the key file on purpose (tests, scripts, headless machines).
//!
//! The key never reaches a log or an error message, and its `Debug` shows nothing.

pub use super::paths::key_file_path;
use super::private;
use super::StoreError;
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The environment variable that turns the keyring off: `off` keeps the key in the key
/// file beside the diary.
pub const KEYRING_ENV: &str = "SYMPTOM_DIARY_KEYRING";

/// The keyring service every diary key is stored under; the entry's user is the
/// diary file's absolute path.
pub const KEYRING_SERVICE: &str = "org.SymptomDiary.symptom-diary";

/// 32 bytes: a raw AES-256 key for SQLCipher.
#[derive(Clone, PartialEq, Eq)]
pub struct DiaryKey([u8; 32]);

impl DiaryKey {
    /// A new key from the operating system's random source.
    pub fn random() -> Result<DiaryKey, StoreError> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)
            .map_err(|e| StoreError::Io(format!("no random numbers for a new key: {e}")))?;
        Ok(DiaryKey(bytes))
    }

    /// The key from its 64 hexadecimal digits (how the keyring and the key file hold it).
    pub fn from_hex(text: &str) -> Option<DiaryKey> {
        let text = text.trim();
        if text.len() != 64 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let mut bytes = [0u8; 32];
        for (i, byte) in bytes.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
        }
        Some(DiaryKey(bytes))
    }

    fn hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The SQL literal SQLCipher reads as a raw key (no passphrase derivation):
    /// `"x'…'"`. For `PRAGMA key = …` and `ATTACH … KEY …` only.
    pub(crate) fn sql_literal(&self) -> String {
        format!("\"x'{}'\"", self.hex())
    }

    /// Unlocks a connection just opened on an encrypted file (or on a new, empty one,
    /// which is then written encrypted). It must be the first statement on `conn`.
    pub fn unlock(&self, conn: &rusqlite::Connection) -> rusqlite::Result<()> {
        conn.execute_batch(&format!("PRAGMA key = {};", self.sql_literal()))
    }
}

impl fmt::Debug for DiaryKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DiaryKey(…)")
    }
}

impl Drop for DiaryKey {
    /// Wipes the bytes (`black_box` keeps the compiler from dropping the dead store).
    fn drop(&mut self) {
        self.0 = [0; 32];
        std::hint::black_box(&self.0);
    }
}

/// Where to look for the key, and where to keep a new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyPolicy {
    /// The OS keyring; the key file beside the diary when there is no keyring.
    Keyring,
    /// Only the key file beside the diary (`SYMPTOM_DIARY_KEYRING=off`).
    KeyFile,
}

impl KeyPolicy {
    /// `KeyFile` when `SYMPTOM_DIARY_KEYRING=off`, else `Keyring`.
    pub fn from_env() -> KeyPolicy {
        match std::env::var(KEYRING_ENV) {
            Ok(v) if v.eq_ignore_ascii_case("off") => KeyPolicy::KeyFile,
            _ => KeyPolicy::Keyring,
        }
    }
}

/// Where a diary's key was found or kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyPlace {
    /// In the OS keyring.
    Keyring,
    /// In the key file beside the diary.
    File(PathBuf),
}

/// A diary's key and where it lives.
#[derive(Debug)]
pub struct Unlock {
    pub key: DiaryKey,
    pub place: KeyPlace,
    /// Set when a keyring was wanted but none could be used, so the key is in a file:
    /// one plain sentence for the user (never the key).
    pub notice: Option<String>,
}

/// The keyring entry's user for a diary: its absolute path (made absolute through its
/// folder, which exists once the diary does).
pub fn keyring_user(diary: &Path) -> String {
    let absolute = match (diary.parent(), diary.file_name()) {
        (Some(dir), Some(name)) => {
            let dir = if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            };
            std::fs::canonicalize(dir)
                .map(|d| d.join(name))
                .unwrap_or_else(|_| diary.to_path_buf())
        }
        _ => diary.to_path_buf(),
    };
    absolute.to_string_lossy().into_owned()
}

/// What the keyring said.
enum Keyring {
    Found(DiaryKey),
    Empty(keyring::Entry),
    /// No keyring can be used here; why, in words (no secret in it).
    Unavailable(String),
}

/// On Linux the keyring is reached over the D-Bus session bus; without one (no
/// `DBUS_SESSION_BUS_ADDRESS` and no `$XDG_RUNTIME_DIR/bus`) there is no keyring, and
/// libdbus is not asked (it would try to launch a bus of its own).
#[cfg(target_os = "linux")]
pub fn no_session_bus() -> bool {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    !set("DBUS_SESSION_BUS_ADDRESS")
        && !std::env::var_os("XDG_RUNTIME_DIR")
            .filter(|v| !v.is_empty())
            .is_some_and(|dir| Path::new(&dir).join("bus").exists())
}

#[cfg(not(target_os = "linux"))]
pub fn no_session_bus() -> bool {
    false
}

fn keyring_lookup(diary: &Path) -> Keyring {
    if no_session_bus() {
        return Keyring::Unavailable("no D-Bus session to reach a Secret Service".into());
    }
    let entry = match keyring::Entry::new(KEYRING_SERVICE, &keyring_user(diary)) {
        Ok(entry) => entry,
        Err(e) => return Keyring::Unavailable(e.to_string()),
    };
    match entry.get_password() {
        Ok(text) => match DiaryKey::from_hex(&text) {
            Some(key) => Keyring::Found(key),
            // Never print what was found: it may be most of a key.
            None => Keyring::Unavailable(
                "the keyring holds an entry for this diary that is not a key".into(),
            ),
        },
        Err(keyring::Error::NoEntry) => Keyring::Empty(entry),
        Err(e) => Keyring::Unavailable(e.to_string()),
    }
}

fn no_keyring_notice(why: &str, file: &Path) -> String {
    format!(
        "no keyring is available here ({why}), so the diary's key is kept in {} (readable only by you); keep it with the diary and never share it",
        file.display()
    )
}

/// Reads a key file; a file that holds no key is named.
fn read_key_file(file: &Path) -> Result<DiaryKey, StoreError> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| StoreError::Io(format!("cannot read the key file {}: {e}", file.display())))?;
    private::tighten(file)
        .map_err(|e| StoreError::Io(format!("cannot protect {}: {e}", file.display())))?;
    DiaryKey::from_hex(&text).ok_or_else(|| {
        StoreError::Io(format!(
            "the key file {} does not hold a diary key (64 hexadecimal digits)",
            file.display()
        ))
    })
}

/// Writes a new key file, 0600, refusing to replace one that is there. The key is
/// written and synced under a temporary name first and then linked to its own: a process
/// killed meanwhile leaves no key file, never an empty one (which would lock the diary).
fn write_key_file(file: &Path, key: &DiaryKey) -> Result<(), StoreError> {
    let failed = |e: std::io::Error| {
        StoreError::Io(format!("cannot write the key file {}: {e}", file.display()))
    };
    let tmp = super::beside(file, &format!(".new-{}", std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let written = options.open(&tmp).and_then(|mut out| {
        out.write_all(format!("{}\n", key.hex()).as_bytes())?;
        out.sync_all()
    });
    let linked = written.and_then(|()| std::fs::hard_link(&tmp, file));
    let _ = std::fs::remove_file(&tmp);
    linked.map_err(failed)?;
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
    }
    Ok(())
}

/// The key of the diary at `diary`, when one exists: in the keyring (unless the policy
/// says the key file), else in the key file beside it.
pub fn find(diary: &Path, policy: KeyPolicy) -> Result<Option<Unlock>, StoreError> {
    let file = key_file_path(diary);
    let mut notice = None;
    if policy == KeyPolicy::Keyring {
        match keyring_lookup(diary) {
            Keyring::Found(key) => {
                return Ok(Some(Unlock {
                    key,
                    place: KeyPlace::Keyring,
                    notice: None,
                }))
            }
            Keyring::Empty(_) => {}
            Keyring::Unavailable(why) => notice = Some(no_keyring_notice(&why, &file)),
        }
    }
    if file.exists() {
        return Ok(Some(Unlock {
            key: read_key_file(&file)?,
            place: KeyPlace::File(file),
            notice,
        }));
    }
    Ok(None)
}

/// Makes and keeps a new key for the diary at `diary`: in the keyring, or (no keyring,
/// or `KeyPolicy::KeyFile`) in the key file beside it, 0600.
pub fn create(diary: &Path, policy: KeyPolicy) -> Result<Unlock, StoreError> {
    let key = DiaryKey::random()?;
    let file = key_file_path(diary);
    let notice = if policy == KeyPolicy::Keyring {
        let stored = match keyring_lookup(diary) {
            Keyring::Empty(entry) => entry.set_password(&key.hex()).map_err(|e| e.to_string()),
            // An entry appeared meanwhile (a second process made it): use that one.
            Keyring::Found(found) => {
                return Ok(Unlock {
                    key: found,
                    place: KeyPlace::Keyring,
                    notice: None,
                })
            }
            Keyring::Unavailable(why) => Err(why),
        };
        match stored {
            Ok(()) => {
                // Read back: a keyring that accepts and loses a secret must not get the
                // only copy of a diary's key.
                if let Keyring::Found(back) = keyring_lookup(diary) {
                    if back == key {
                        return Ok(Unlock {
                            key,
                            place: KeyPlace::Keyring,
                            notice: None,
                        });
                    }
                }
                Some(no_keyring_notice(
                    "the keyring did not give the key back",
                    &file,
                ))
            }
            Err(why) => Some(no_keyring_notice(&why, &file)),
        }
    } else {
        None
    };
    write_key_file(&file, &key)?;
    Ok(Unlock {
        key,
        place: KeyPlace::File(file),
        notice,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_reads_back_from_its_hex_and_shows_nothing_in_debug() {
        let key = DiaryKey::random().unwrap();
        assert_eq!(DiaryKey::from_hex(&key.hex()), Some(key.clone()));
        assert_eq!(format!("{key:?}"), "DiaryKey(…)");
        assert_ne!(
            DiaryKey::random().unwrap(),
            key,
            "two keys are never the same"
        );
        for bad in ["", "00", &"g".repeat(64), &"0".repeat(63), &"0".repeat(66)] {
            assert_eq!(DiaryKey::from_hex(bad), None, "{bad:?}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn the_key_file_is_private_and_never_replaced() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let diary = dir.path().join("diary.sqlite");
        assert!(find(&diary, KeyPolicy::KeyFile).unwrap().is_none());
        let made = create(&diary, KeyPolicy::KeyFile).unwrap();
        let file = key_file_path(&diary);
        assert_eq!(made.place, KeyPlace::File(file.clone()));
        assert_eq!(
            made.notice, None,
            "asked for on purpose: nothing to warn about"
        );
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let found = find(&diary, KeyPolicy::KeyFile).unwrap().unwrap();
        assert_eq!(found.key, made.key);
        // A second key is never written over the first.
        assert!(create(&diary, KeyPolicy::KeyFile).is_err());
        assert_eq!(
            find(&diary, KeyPolicy::KeyFile).unwrap().unwrap().key,
            made.key
        );
        // A key file that holds no key is named, not used.
        std::fs::write(&file, "not a key").unwrap();
        let err = find(&diary, KeyPolicy::KeyFile).unwrap_err();
        assert!(
            err.to_string().contains("does not hold a diary key"),
            "{err}"
        );
        assert!(!err.to_string().contains("not a key\""), "{err}");
    }
}
