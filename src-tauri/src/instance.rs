//! One app per diary. Two windows on one diary would be two writers and two senders: two
//! reminder threads, two sync timers sending the same rows to the care team. So a second
//! start for the same diary hands over to the first, which comes to the front, and exits
//! before it has opened anything (the check runs as the first plugin, before the diary is
//! opened, backed up or migrated, and before any window exists).
//!
//! The check is the single-instance plugin's: a D-Bus name on the session bus, held while
//! the app runs. The name carries a digest of the diary's path, so a second diary (a
//! caregiver's own, a test's) still opens its own window. Without a session bus the
//! plugin cannot tell and the app starts as before; the diary's own locks (SQLite's, and
//! the sync lease) still keep two writers from sending the same rows.

use std::path::Path;
use tauri::{Manager, Runtime};

/// The D-Bus id (the plugin adds `.SingleInstance`) for the diary at `diary`: the app's
/// identifier and a digest of the diary's absolute path, so each diary has its own.
pub fn dbus_id(identifier: &str, diary: Option<&Path>) -> String {
    match diary {
        Some(path) => {
            let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
            let digest = uuid::Uuid::new_v5(
                &uuid::Uuid::NAMESPACE_URL,
                absolute.as_os_str().as_encoded_bytes(),
            );
            // A name element may not start with a digit: "d" for diary.
            format!("{identifier}.d{}", digest.simple())
        }
        None => identifier.to_string(),
    }
}

/// The plugin: first in line, so a second start exits before anything else runs.
pub fn plugin<R: Runtime>(identifier: &str, diary: Option<&Path>) -> tauri::plugin::TauriPlugin<R> {
    tauri_plugin_single_instance::Builder::new()
        .dbus_id(dbus_id(identifier, diary))
        .callback(|app, _argv, _cwd| {
            // The second start asked for this diary: show the window that has it.
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
        })
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A D-Bus name element: letters, digits, `_` and `-`, not starting with a digit.
    fn valid_dbus_name(name: &str) -> bool {
        name.len() <= 255
            && name.split('.').count() >= 2
            && name.split('.').all(|e| {
                !e.is_empty()
                    && !e.starts_with(|c: char| c.is_ascii_digit())
                    && e.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            })
    }

    #[test]
    fn each_diary_has_its_own_valid_name_and_the_same_diary_the_same() {
        let id = "org.symptomdiary.desktop";
        let a = dbus_id(id, Some(Path::new("/home/a/diary.sqlite")));
        let b = dbus_id(id, Some(Path::new("/home/b/diary.sqlite")));
        assert_ne!(a, b);
        assert_eq!(a, dbus_id(id, Some(Path::new("/home/a/diary.sqlite"))));
        assert_eq!(dbus_id(id, None), id);
        for name in [&a, &b, &dbus_id(id, None)] {
            let full = format!("{name}.SingleInstance");
            assert!(valid_dbus_name(&full), "{full}");
        }
        // The check itself refuses what D-Bus refuses.
        assert!(!valid_dbus_name("org.symptomdiary.1abc"));
        assert!(!valid_dbus_name("org.symptom diary"));
    }
}
