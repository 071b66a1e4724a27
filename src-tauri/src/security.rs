//! Tests of the app's security configuration as written: the capability grants the app's
//! own commands (and nothing else) to the `main` window only, every command the handler
//! serves is in the app manifest, and the CSP forbids inline and remote scripts. The e2e
//! tests show at runtime that a command outside the capability is refused.

use serde_json::Value;
use std::path::Path;

fn read(path: &str) -> String {
    std::fs::read_to_string(
        Path::new(&std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
            .join(path),
    )
    .unwrap()
}

fn json(path: &str) -> Value {
    serde_json::from_str(&read(path)).unwrap()
}

/// The command names listed in build.rs's app manifest.
fn manifest_commands() -> Vec<String> {
    let build = read("src-tauri/build.rs");
    let list = &build[build.find("const COMMANDS").unwrap()..];
    let list = &list[list.find("= &[").unwrap() + 4..list.find("];").unwrap()];
    list.split(',')
        .map(|s| s.trim().trim_matches('"').to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

#[test]
fn the_capability_grants_only_the_app_commands_to_the_main_window() {
    let capability = json("src-tauri/capabilities/main.json");
    assert_eq!(capability["windows"], serde_json::json!(["main"]));
    assert!(capability.get("webviews").is_none());
    assert!(
        capability.get("remote").is_none(),
        "no remote URL may call commands"
    );
    let mut granted: Vec<String> = capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().expect("plain permission names").to_string())
        .collect();
    for permission in &granted {
        assert!(
            !permission.contains(':'),
            "{permission} is a plugin or core permission"
        );
    }
    let mut expected: Vec<String> = manifest_commands()
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    granted.sort();
    expected.sort();
    assert_eq!(granted, expected);
}

#[test]
fn every_served_command_is_in_the_app_manifest() {
    let lib = read("src-tauri/src/lib.rs");
    let handler = &lib[lib.find("generate_handler![").unwrap()..];
    let handler = &handler[..handler.find(']').unwrap()];
    let mut served: Vec<String> = handler
        .split("commands::")
        .skip(1)
        .map(|s| s.split(',').next().unwrap().trim().to_string())
        .collect();
    let mut listed = manifest_commands();
    served.sort();
    listed.sort();
    assert_eq!(served, listed);
}

#[test]
fn the_config_is_strict() {
    let config = json("tauri.conf.json");
    let app = &config["app"];
    assert_eq!(app["withGlobalTauri"], Value::Bool(false));
    assert_eq!(
        app["security"]["capabilities"],
        serde_json::json!(["main-window"])
    );
    let windows = app["windows"].as_array().unwrap();
    assert_eq!(windows.len(), 1);
    assert_eq!(windows[0]["label"], "main");
    let csp = &app["security"]["csp"];
    assert_eq!(csp["default-src"], "'self'");
    assert_eq!(csp["script-src"], "'self'");
    let all: String = csp
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_str().unwrap())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(!all.contains("unsafe-inline") && !all.contains("unsafe-eval"));
    // The IPC endpoint is the only URL allowed; nothing remote.
    let all = all.replace("http://ipc.localhost", "");
    assert!(!all.contains("http:") && !all.contains("https:") && !all.contains('*'));
    assert!(app["security"]
        .get("dangerousDisableAssetCspModification")
        .is_none());
    let cargo = read("Cargo.toml");
    for plugin in ["tauri-plugin-fs", "tauri-plugin-shell", "tauri-plugin-http"] {
        assert!(!cargo.contains(plugin), "{plugin} must not be a dependency");
    }
}

#[test]
fn the_ui_never_writes_markup() {
    let src =
        Path::new(&std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
            .join("ui/src");
    let mut dirs = vec![src];
    while let Some(path) = dirs.pop() {
        if path.is_dir() {
            dirs.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        let code = std::fs::read_to_string(&path).unwrap_or_default();
        for bad in [
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
        ] {
            assert!(!code.contains(bad), "{} uses {bad}", path.display());
        }
        let is_ipc = path.components().any(|c| c.as_os_str() == "ipc");
        if !is_ipc {
            assert!(
                !code.contains("@tauri-apps/api"),
                "{} imports @tauri-apps/api outside ui/src/ipc",
                path.display()
            );
        }
    }
}
