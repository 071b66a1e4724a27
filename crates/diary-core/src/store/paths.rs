//! The files that live beside a diary (`<diary>-wal`, `<diary>.key`, a backup's temporary
//! file), named in one place so the key, the errors and the backups agree on them.

use std::path::{Path, PathBuf};

/// `<path><suffix>`: the -wal, -shm, .key … beside a diary.
pub(crate) fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// The key file of the diary at `diary`: `<diary>.key`.
pub fn key_file_path(diary: &Path) -> PathBuf {
    beside(diary, ".key")
}
