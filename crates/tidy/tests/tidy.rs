//! The architecture's invariants, checked over the real workspace on every `cargo test`
//! (ARCHITECTURE.md, "Invariants, stated as absences"). Each check names what broke it and
//! where to look, so the failure is the documentation.

use cargo_metadata::{DependencyKind, Metadata, MetadataCommand, PackageId};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use tidy::modules;

/// The workspace root, found at run time (a build cache may be shared between checkouts).
fn workspace() -> PathBuf {
    let here = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    PathBuf::from(here).join("../..")
}

fn metadata() -> Metadata {
    let host = String::from_utf8(
        std::process::Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
            .arg("-vV")
            .output()
            .expect("rustc -vV runs")
            .stdout,
    )
    .unwrap();
    let host = host
        .lines()
        .find_map(|l| l.strip_prefix("host: "))
        .expect("rustc -vV names the host")
        .to_string();
    MetadataCommand::new()
        .manifest_path(workspace().join("Cargo.toml"))
        // What is built on this platform, as `cargo tree` shows it (not every OS's deps).
        .other_options(vec!["--filter-platform".into(), host, "--locked".into()])
        .exec()
        .expect("cargo metadata runs on the workspace")
}

#[test]
fn no_crate_has_a_module_cycle() {
    let meta = metadata();
    let mut failures = Vec::new();
    let mut read = 0;
    for package in meta.workspace_packages() {
        for target in &package.targets {
            if !(target.is_lib() || target.is_bin()) {
                continue;
            }
            let root = PathBuf::from(target.src_path.as_std_path());
            let graph =
                modules::read_crate(&root).unwrap_or_else(|e| panic!("{}: {e}", package.name));
            read += 1;
            for (files, lines) in graph.cycles() {
                failures.push(format!(
                    "{} ({}): a circle of imports through {}:\n    {}",
                    package.name,
                    target.name,
                    files.join(", "),
                    lines.join("\n    ")
                ));
            }
        }
    }
    assert!(
        read >= 6,
        "read only {read} crates: the workspace was not found"
    );
    assert!(
        failures.is_empty(),
        "no module may import its way in a circle (ARCHITECTURE.md, the floors): move the \
         shared item down a floor, or name it where it lives.\n{}",
        failures.join("\n")
    );
}

/// Every package `name` depends on to build and run (normal and build edges, as
/// `cargo tree --edges normal,build` shows), by name.
fn depends_on(meta: &Metadata, name: &str) -> BTreeSet<String> {
    let resolve = meta.resolve.as_ref().expect("cargo metadata resolves");
    let nodes: BTreeMap<&PackageId, _> = resolve.nodes.iter().map(|n| (&n.id, n)).collect();
    let start = meta
        .workspace_packages()
        .into_iter()
        .find(|p| p.name.as_str() == name)
        .unwrap_or_else(|| panic!("{name} is a workspace package"))
        .id
        .clone();
    let mut seen = BTreeSet::new();
    let mut todo = vec![start];
    while let Some(id) = todo.pop() {
        for dep in &nodes[&id].deps {
            let shipped = dep
                .dep_kinds
                .iter()
                .any(|k| matches!(k.kind, DependencyKind::Normal | DependencyKind::Build));
            if shipped && seen.insert(dep.pkg.clone()) {
                todo.push(dep.pkg.clone());
            }
        }
    }
    seen.iter().map(|id| meta[id].name.to_string()).collect()
}

const GUI: &[&str] = &["tauri", "wry", "tao", "webkit2gtk"];
const HTTP: &[&str] = &["reqwest", "hyper", "ureq", "rustls"];

fn forbidden<'a>(deps: &BTreeSet<String>, names: &[&'a str]) -> Vec<&'a str> {
    names
        .iter()
        .copied()
        .filter(|n| deps.contains(*n))
        .collect()
}

#[test]
fn diary_core_has_no_gui_no_http_client_and_sits_under_the_report_and_sync() {
    let meta = metadata();
    let core = depends_on(&meta, "diary-core");
    assert_eq!(
        forbidden(&core, GUI),
        Vec::<&str>::new(),
        "diary-core depends on a GUI"
    );
    assert_eq!(
        forbidden(&core, HTTP),
        Vec::<&str>::new(),
        "diary-core depends on an HTTP client; network code belongs in diary-sync"
    );
    for above in ["diary-report", "diary-sync", "diary-cli", "symptom-diary"] {
        assert!(
            !core.contains(above),
            "diary-core depends on {above}; it must be the other way"
        );
    }
    // The check must be able to fail: diary-sync, which holds the HTTP client, trips it.
    assert!(
        !forbidden(&depends_on(&meta, "diary-sync"), HTTP).is_empty(),
        "the HTTP-client check no longer sees reqwest under diary-sync"
    );
    assert!(
        !forbidden(&depends_on(&meta, "symptom-diary"), GUI).is_empty(),
        "the GUI check no longer sees tauri under the app"
    );
}

#[test]
fn the_visit_report_is_above_the_core_with_no_gui_and_no_network() {
    let meta = metadata();
    let report = depends_on(&meta, "diary-report");
    assert!(
        report.contains("diary-core"),
        "diary-report sits on diary-core"
    );
    assert_eq!(
        forbidden(&report, GUI),
        Vec::<&str>::new(),
        "diary-report depends on a GUI"
    );
    assert_eq!(
        forbidden(&report, HTTP),
        Vec::<&str>::new(),
        "diary-report depends on an HTTP client"
    );
    assert!(
        !report.contains("diary-sync"),
        "diary-report depends on diary-sync"
    );
}
