//! One app per diary (issue 10): a second start on the same diary hands over to the first
//! window and exits without opening anything; a start on another diary gets its own window.

use crate::driver::{config_home, saved_dir, Driver, Session};
use crate::support::{app, skip};
use std::path::Path;
use std::time::{Duration, Instant};

pub fn run(dir: &Path) {
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() || instance_names().is_none() {
        skip("one app per diary: no D-Bus session bus (run through scripts/e2e.sh)");
        return;
    }
    let file = dir.join("single.sqlite");
    let _driver = Driver::start(&file);
    let s = Session::new(&app());
    s.find("#settings-form");
    let held = instance_names().unwrap();
    assert_eq!(
        held.len(),
        1,
        "the first window holds its diary's name: {held:?}"
    );

    let start = |db: &Path| {
        std::process::Command::new(app())
            .env("SYMPTOM_DIARY_DB", db)
            .env("XDG_CONFIG_HOME", config_home(db))
            .env("SYMPTOM_DIARY_SAVE_DIR", saved_dir(db))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("the app starts")
    };
    // The same diary: the second process hands over and exits with success.
    let mut second = start(&file);
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = second.try_wait().unwrap() {
            break Some(status);
        }
        if Instant::now() > deadline {
            let _ = second.kill();
            let _ = second.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let status = status.expect("a second app opened on the same diary and kept running");
    assert!(status.success(), "the second start exited with {status}");
    // The first window is still there and answers.
    s.find("#settings-form");
    assert_eq!(instance_names().unwrap(), held);

    // Another diary: its own app, holding its own name, until it is closed.
    let other = dir.join("single-other.sqlite");
    let mut third = start(&other);
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut names = instance_names().unwrap();
    while names.len() < 2 && Instant::now() < deadline && third.try_wait().unwrap().is_none() {
        std::thread::sleep(Duration::from_millis(200));
        names = instance_names().unwrap();
    }
    let exited = third.try_wait().unwrap();
    let _ = third.kill();
    let _ = third.wait();
    assert!(
        exited.is_none(),
        "the app on another diary exited: {exited:?}"
    );
    assert_eq!(names.len(), 2, "another diary has its own app: {names:?}");
}

/// The single-instance names the apps hold on the session bus (instance.rs).
pub fn instance_names() -> Option<Vec<String>> {
    let out = std::process::Command::new("dbus-send")
        .args([
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.ListNames",
        ])
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    Some(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| l.trim().strip_prefix("string \""))
            .map(|l| l.trim_end_matches('"').to_string())
            .filter(|n| {
                n.starts_with("org.symptomdiary.desktop.") && n.ends_with(".SingleInstance")
            })
            .collect(),
    )
}
