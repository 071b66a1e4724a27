//! diary-sync's random-input harness (issue 10 item 7), a module of the crate's one
//! integration-test binary: the FHIR response reader is fed
//! thousands of server answers made from the golden FHIR JSON by the generator diary-core's
//! harness defines (`mutate.rs`, included by path). Two ways in: the pure readers of
//! `mapping` (a Task as an inbox item, when it was acknowledged, an OperationOutcome's
//! words, an Observation in words) on every object of each answer; and the whole inbox
//! over HTTP, from a local server that answers every request with the answer under test
//! (so the client's reading, the page links and the inbox's assembly are hammered too).
//! Errors are fine answers; a panic fails with its input saved. A short budget runs with
//! every `cargo test`; `FUZZ_SECONDS` runs longer (`scripts/fuzz.sh`).

#[path = "../../../../diary-core/tests/core/fuzz/mutate.rs"]
mod mutate;

use diary_sync::{mapping, ServerConfig};
use mutate::{budget, Rng};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

fn regressions() -> PathBuf {
    Path::new(&std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
        .join("tests/sync/fuzz/regressions")
}

fn crashes() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-crashes")
}

/// Searchset bundles of the golden resources (Tasks, Observations, a Patient), and an
/// OperationOutcome: answers as the server gives them.
fn seeds() -> Vec<Value> {
    let dir =
        Path::new(&std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
            .join("src/mapping/golden");
    let mut resources = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let v: Value = serde_json::from_slice(&std::fs::read(e.unwrap().path()).unwrap()).unwrap();
        match v {
            Value::Array(list) => resources.extend(list),
            Value::Object(_) if v["resourceType"] == "Bundle" => resources.extend(
                v["entry"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| e["resource"].clone()),
            ),
            other => resources.push(other),
        }
    }
    let mut task = resources
        .iter()
        .find(|r| r["resourceType"] == "Task")
        .cloned()
        .unwrap();
    task["meta"] = json!({"versionId": "3", "lastUpdated": "2026-11-27T10:00:00Z"});
    let mut done = task.clone();
    done["status"] = json!("completed");
    done["lastModified"] = json!("2026-11-27T11:00:00+05:00");
    resources.push(json!({"resourceType": "Patient", "id": "p1",
        "identifier": [{"system": "urn:oid:1.2.3", "value": "MRN-1"}]}));
    let bundle = |list: &[Value], next: bool| {
        let mut b = json!({
            "resourceType": "Bundle",
            "type": "searchset",
            "entry": list.iter().map(|r| json!({"resource": r})).collect::<Vec<_>>()
        });
        if next {
            b["link"] = json!([{"relation": "next", "url": "http://elsewhere/Task?page=2"}]);
        }
        b
    };
    vec![
        bundle(&resources, false),
        bundle(&[task.clone(), done], true),
        bundle(&[task], false),
        json!({"resourceType": "OperationOutcome", "issue": [
            {"severity": "error", "code": "invalid", "diagnostics": "Task.status: is not valid"},
            {"severity": "error", "code": "invalid", "details": {"text": "the text"}}
        ]}),
    ]
}

fn generate(rng: &mut Rng, seeds: &[Value], raw: &[Vec<u8>]) -> Vec<u8> {
    let seed = rng.pick(seeds);
    if rng.chance(2) {
        serde_json::to_vec(&mutate::mutate_tree(rng, seed)).unwrap()
    } else {
        mutate::mutate_bytes(rng, &serde_json::to_vec(seed).unwrap(), raw)
    }
}

/// Every object in a tree, the tree first.
fn objects(v: &Value, out: &mut Vec<Value>) {
    match v {
        Value::Object(m) => {
            out.push(v.clone());
            m.values().for_each(|c| objects(c, out));
        }
        Value::Array(a) => a.iter().for_each(|c| objects(c, out)),
        _ => {}
    }
}

#[test]
fn the_fhir_readers_never_panic() {
    let seeds = seeds();
    let raw: Vec<Vec<u8>> = seeds
        .iter()
        .map(|s| serde_json::to_vec(s).unwrap())
        .collect();
    let items = AtomicUsize::new(0);
    let n = mutate::run(
        "fhir-read",
        &regressions(),
        &crashes(),
        budget(3000),
        |rng| generate(rng, &seeds, &raw),
        &|input| {
            let Ok(v) = serde_json::from_slice::<Value>(input) else {
                return;
            };
            let mut all = Vec::new();
            objects(&v, &mut all);
            for o in &all {
                if mapping::inbox_item_from_task(o).is_some() {
                    items.fetch_add(1, Ordering::Relaxed);
                }
                let _ = mapping::acknowledged_at(o);
                let _ = mapping::outcome_text(o);
                let _ = mapping::observation_in_words(o);
                let _ = diary_sync::panel::server_report(o, &all, &all);
                let _ = diary_sync::panel::checkin_words(o);
            }
            // The console's rows from anything at all.
            let _ = diary_sync::panel::panel_rows(&all, &all, &all, &all, super::now());
        },
    );
    let items = items.into_inner();
    println!("FHIR readers: {n} inputs ({items} Tasks read as inbox items), 0 crashes");
    assert!(n >= 100);
    assert!(items > 0, "the answers reach past the JSON syntax");
}

/// A local server that answers every request with `answer` (status 200, or the status
/// the answer's first byte picks), one request per connection.
fn answering_server(answer: Arc<Mutex<Vec<u8>>>) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut conn) = conn else { continue };
            let mut reader = BufReader::new(conn.try_clone().unwrap());
            let mut len = 0usize;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    len = v.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; len];
            let _ = reader.read_exact(&mut body);
            let body = answer.lock().unwrap().clone();
            let status = match body.first().map(|b| b % 8) {
                Some(0) => "400 Bad Request",
                Some(1) => "404 Not Found",
                _ => "200 OK",
            };
            let head = format!(
                "HTTP/1.1 {status}\r\nContent-Type: application/fhir+json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            // One write: a head and a body in two would wait on delayed acknowledgements.
            let mut all = head.into_bytes();
            all.extend_from_slice(&body);
            let _ = conn.set_nodelay(true);
            let _ = conn.write_all(&all);
        }
    });
    port
}

#[test]
fn the_inbox_reads_any_answer_without_panicking() {
    let seeds = seeds();
    let raw: Vec<Vec<u8>> = seeds
        .iter()
        .map(|s| serde_json::to_vec(s).unwrap())
        .collect();
    let answer = Arc::new(Mutex::new(Vec::new()));
    let port = answering_server(answer.clone());
    let mut config = ServerConfig::new(&format!("http://127.0.0.1:{port}"), None).unwrap();
    config.client.max_tries = 1;
    config.client.max_pages = 3;
    config.client.request_timeout = std::time::Duration::from_secs(10);
    let listed = AtomicUsize::new(0);
    let n = mutate::run(
        "inbox-http",
        &regressions(),
        &crashes(),
        budget(120),
        |rng| generate(rng, &seeds, &raw),
        &|input| {
            *answer.lock().unwrap() = input.to_vec();
            if let Ok(items) = diary_sync::inbox(&config) {
                listed.fetch_add(usize::from(!items.is_empty()), Ordering::Relaxed);
            }
            // The console's readers of the same answers.
            let now = super::now();
            let _ = diary_sync::patient_panel(&config, now);
            let _ = diary_sync::patient_page(&config, "Patient/p1", now, now);
            let _ = diary_sync::new_reds_since(&config, Some("2026-11-27T12:00:00Z"));
        },
    );
    let listed = listed.into_inner();
    println!("inbox over HTTP: {n} inputs ({listed} inboxes listed alerts), 0 crashes");
    assert!(n >= 100);
    assert!(listed > 0, "the answers reach the inbox's assembly");
}
