//! The window's diary as a state it can be in: open, or unavailable with the error every
//! command then answers with. A diary that cannot be opened at start (a newer version
//! wrote it, it is damaged) and one that cannot be opened again after a restore are both
//! ordinary states here, so the window still opens, says why in plain words, and the
//! Backups screen (which needs only the file's path) still works. The rest of what the
//! window keeps ([`AppState`]: the sync lock, the console's look for new reds, a sign-in
//! waiting for the browser) is declared here too, so the modules that use it import it
//! from below and the crate root only wires it up.

use crate::dto::IpcError;
use diary_core::store::Diary;
use std::ops::{Deref, DerefMut};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

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

/// The diary, shared by the IPC commands and the reminder thread. When the diary cannot be
/// opened (a newer version wrote it, the folder is not writable) the window still opens and
/// every command answers with that error ([`DiaryState::Unavailable`]), so the user reads
/// it in plain words instead of facing an app that never appears.
///
/// Care-team sync runs on its own connection to the same file (`path`, opened through
/// `Diary::open` like the first), so a slow server never holds the window's diary; `sync`
/// lets one run at a time.
#[derive(Clone)]
pub struct AppState {
    pub diary: Arc<Mutex<DiaryState>>,
    pub path: Option<PathBuf>,
    pub sync: Arc<Mutex<()>>,
    /// Where the care team console's look for new reds stopped (console.rs).
    pub watch: Arc<Mutex<Watch>>,
    /// A SMART sign-in waiting for the browser to come back (signin.rs).
    pub sign_in: Arc<Mutex<Pending>>,
}

impl AppState {
    /// The state of a window on `diary`, whose file is at `path`; nothing is running yet.
    pub fn new(diary: DiaryState, path: Option<PathBuf>) -> AppState {
        AppState {
            diary: Arc::new(Mutex::new(diary)),
            path,
            sync: Arc::new(Mutex::new(())),
            watch: Arc::default(),
            sign_in: Arc::default(),
        }
    }
}

/// Where the console's look for new reds stopped: the server's own time of the newest
/// change seen (never this computer's clock, so a clock that runs behind loses nothing).
/// `None` until the first look, which notifies about nothing (its reds are on the screen).
#[derive(Debug, Default)]
pub struct Watch {
    pub(crate) cursor: Option<String>,
    pub(crate) looked: bool,
    /// The server the cursor belongs to: a new address starts again.
    pub(crate) server: Option<String>,
}

/// A sign-in waiting for the browser to come back.
pub type Pending = Option<diary_sync::session::PendingSignIn>;
