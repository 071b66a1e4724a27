//! The window's diary as a state it can be in: open, or unavailable with the error every
//! command then answers with. A diary that cannot be opened at start (a newer version
//! wrote it, it is damaged) and one that cannot be opened again after a restore are both
//! ordinary states here, so the window still opens, says why in plain words, and the
//! Backups screen (which needs only the file's path) still works.

use crate::dto::IpcError;
use diary_core::store::Diary;
use std::ops::{Deref, DerefMut};
use std::sync::{Mutex, MutexGuard};

/// What every command answers after the diary could not be opened again (a restore that
/// could not reopen it) or after a command failed half-way while holding it.
pub const RESTART: &str = "the diary is unavailable; please restart the app";

/// The window's diary.
pub enum DiaryState {
    /// The window's one connection to the diary file.
    Open(Diary),
    /// No diary: every command answers with this error (a storage error, a damaged diary,
    /// a diary from a newer version, …).
    Unavailable(IpcError),
}

/// The open diary, locked for one command: it derefs to the [`Diary`].
pub struct OpenDiary<'a>(MutexGuard<'a, DiaryState>);

impl Deref for OpenDiary<'_> {
    type Target = Diary;

    fn deref(&self) -> &Diary {
        match &*self.0 {
            DiaryState::Open(diary) => diary,
            DiaryState::Unavailable(_) => unreachable!("an OpenDiary is made over an open diary"),
        }
    }
}

impl DerefMut for OpenDiary<'_> {
    fn deref_mut(&mut self) -> &mut Diary {
        match &mut *self.0 {
            DiaryState::Open(diary) => diary,
            DiaryState::Unavailable(_) => unreachable!("an OpenDiary is made over an open diary"),
        }
    }
}

/// The diary, locked, when it is open; else the error the state holds. The guard keeps
/// the state from changing (a restore takes the same lock) for as long as it lives.
pub fn lock(diary: &Mutex<DiaryState>) -> Result<OpenDiary<'_>, IpcError> {
    let state = diary.lock().map_err(|_| IpcError::storage(RESTART))?;
    match &*state {
        DiaryState::Open(_) => Ok(OpenDiary(state)),
        DiaryState::Unavailable(error) => Err(error.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_open_diary_is_lent_and_an_unavailable_one_answers_with_its_error() {
        let open = Mutex::new(DiaryState::Open(Diary::open_in_memory().unwrap()));
        let mut diary = lock(&open).unwrap();
        diary
            .add_question("Is the rash the tablets?", chrono::Utc::now())
            .unwrap();
        drop(diary);
        assert_eq!(lock(&open).unwrap().open_questions().unwrap().len(), 1);

        let damaged = IpcError {
            code: diary_core::ErrorCode::DamagedDiary,
            message: "the diary is damaged".into(),
            field: None,
        };
        let unavailable = Mutex::new(DiaryState::Unavailable(damaged.clone()));
        assert_eq!(lock(&unavailable).err(), Some(damaged));
    }

    #[test]
    fn a_command_that_failed_half_way_leaves_every_later_one_asking_for_a_restart() {
        let state = Mutex::new(DiaryState::Open(Diary::open_in_memory().unwrap()));
        let _ = std::panic::catch_unwind(|| {
            let _held = lock(&state).unwrap();
            panic!("a command failed while holding the diary");
        });
        let error = lock(&state).err().unwrap();
        assert_eq!(error.code, "storage");
        assert_eq!(error.message, RESTART);
    }
}
