//! The FHIR test harness: a real Helios FHIR Server (`hfs`) on 127.0.0.1, started per test
//! on a free port and killed when the guard drops; a small HTTP proxy in front of it that
//! records every request body and can inject faults (500s, stalls past the client's
//! timeout, dropped connections); and the independent validator (Python `fhir.resources`,
//! R4B models) run over everything recorded. No mock stands in for the server.
//!
//! Shared by diary-sync's and diary-cli's integration tests (the CLI includes this file by
//! path). Missing pieces FAIL the test with a message naming scripts/fhir-setup.sh.

#![allow(dead_code)]

use diary_sync::client::Method;
use diary_sync::{Client, ClientOptions};
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const SETUP: &str = "run `bash scripts/fhir-setup.sh` (it installs hfs, fetches the R4 search parameters and installs fhir.resources), or set HFS_BIN / HFS_SEARCH_PARAMS";

fn cache_dirs() -> Vec<PathBuf> {
    let mut v = Vec::new();
    if let Some(c) = std::env::var_os("FHIR_CACHE") {
        v.push(PathBuf::from(c));
    }
    v.push(PathBuf::from("/var/cache/symptom-diary"));
    if let Some(h) = std::env::var_os("HOME") {
        v.push(PathBuf::from(h).join(".cache/symptom-diary"));
    }
    v
}

/// `$HFS_BIN`, else `hfs` on PATH, else the setup script's cache. Panics (fails the test)
/// when none exists.
pub fn hfs_bin() -> PathBuf {
    if let Some(p) = std::env::var_os("HFS_BIN").filter(|p| !p.is_empty()) {
        let p = PathBuf::from(p);
        assert!(
            p.is_file(),
            "HFS_BIN={} does not exist: {SETUP}",
            p.display()
        );
        return p;
    }
    if let Some(path) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&path) {
            let p = dir.join("hfs");
            if p.is_file() {
                return p;
            }
        }
    }
    for c in cache_dirs() {
        let p = c.join("hfs/bin/hfs");
        if p.is_file() {
            return p;
        }
    }
    panic!("the FHIR server binary `hfs` was not found: {SETUP}");
}

/// The HL7 R4 search-parameter bundle: `$HFS_SEARCH_PARAMS`, else the setup script's cache.
pub fn search_params() -> PathBuf {
    if let Some(p) = std::env::var_os("HFS_SEARCH_PARAMS").filter(|p| !p.is_empty()) {
        let p = PathBuf::from(p);
        assert!(
            p.is_file(),
            "HFS_SEARCH_PARAMS={} does not exist: {SETUP}",
            p.display()
        );
        return p;
    }
    for c in cache_dirs() {
        let p = c.join("search-params/search-parameters-r4.json");
        if p.is_file() {
            return p;
        }
    }
    panic!("the R4 search-parameter bundle was not found: {SETUP}");
}

/// A free TCP port on 127.0.0.1 (bound, then released).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A running hfs. Dropping it kills the server.
pub struct Hfs {
    child: Option<Child>,
    pub port: u16,
    dir: tempfile::TempDir,
    /// `Some(path)` for a server whose data survive a restart.
    db_file: Option<PathBuf>,
}

impl Hfs {
    /// A server with an in-memory database.
    pub fn start() -> Hfs {
        Hfs::launch(false)
    }

    /// A server with its database in a file, so [`Hfs::restart`] keeps the data.
    pub fn start_persistent() -> Hfs {
        Hfs::launch(true)
    }

    fn launch(persistent: bool) -> Hfs {
        let bin = hfs_bin();
        let params = search_params();
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir_all(&data).unwrap();
        std::fs::copy(&params, data.join("search-parameters-r4.json")).unwrap();
        let db_file = persistent.then(|| dir.path().join("fhir.sqlite"));
        let mut h = Hfs {
            child: None,
            port: free_port(),
            dir,
            db_file,
        };
        let _ = bin;
        h.spawn();
        h
    }

    fn spawn(&mut self) {
        let bin = hfs_bin();
        let data = self.dir.path().join("data");
        let db = match &self.db_file {
            Some(p) => p.display().to_string(),
            None => ":memory:".to_string(),
        };
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.dir.path().join("hfs.log"))
            .unwrap();
        let child = Command::new(&bin)
            .arg("--host")
            .arg("127.0.0.1")
            .arg("--port")
            .arg(self.port.to_string())
            .arg("--data-dir")
            .arg(&data)
            .arg("--database-url")
            .arg(&db)
            .current_dir(self.dir.path())
            .env("HFS_VALIDATION_MODE", "enforce")
            .env("HFS_UI_ENABLED", "false")
            .env("HFS_NL_SEARCH_ENABLED", "false")
            .env("HFS_BASE_URL", format!("http://127.0.0.1:{}", self.port))
            .env("HFS_LOG_LEVEL", "warn")
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}: {SETUP}", bin.display()));
        self.child = Some(child);
        self.wait_ready();
    }

    fn wait_ready(&mut self) {
        let start = Instant::now();
        let http = plain_client(&self.base(), Duration::from_secs(5));
        loop {
            if let Some(status) = self.child.as_mut().unwrap().try_wait().unwrap() {
                panic!("hfs exited at start ({status}); its log:\n{}", self.log());
            }
            if let Ok(r) = http.request(Method::GET, "metadata", &[], None, &[]) {
                if r.status == 200 {
                    return;
                }
            }
            assert!(
                start.elapsed() < Duration::from_secs(120),
                "hfs did not answer GET /metadata with 200 within 120 s; its log:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("hfs.log")).unwrap_or_default()
    }

    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Kills the server (as a crash would) and waits for it to be gone.
    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Starts the server again on the same port, with the same data (persistent servers).
    pub fn restart(&mut self) {
        self.stop();
        self.spawn();
    }
}

impl Drop for Hfs {
    fn drop(&mut self) {
        self.stop();
    }
}

/// What the proxy does with one request.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Fault {
    /// Forward it and return the answer.
    Pass,
    /// Answer this status itself, with an OperationOutcome (and `Retry-After: 1` for a
    /// 429); the server never sees it.
    Status(u16),
    /// Close the connection without forwarding.
    DropBefore,
    /// Forward it (the server acts on it), then close without answering.
    DropAfter,
    /// Forward it, then hold the answer this long (past the client's timeout), then close.
    StallAfter(Duration),
}

type Rule = dyn Fn(usize, &str, &str) -> Fault + Send + Sync;

/// A recording, fault-injecting HTTP/1.1 proxy in front of the real server.
pub struct Proxy {
    pub port: u16,
    upstream: u16,
    stop: Arc<AtomicBool>,
    /// Every request body that was JSON, in arrival order: (method, path, body).
    pub recorded: Arc<Mutex<Vec<(String, String, Value)>>>,
    /// Requests seen.
    pub requests: Arc<AtomicUsize>,
    /// Faults injected.
    pub faults: Arc<AtomicUsize>,
    rule: Arc<Mutex<Arc<Rule>>>,
}

struct Request {
    method: String,
    path: String,
    head: Vec<(String, String)>,
    body: Vec<u8>,
}

fn read_request(r: &mut BufReader<TcpStream>) -> Option<Request> {
    let mut line = String::new();
    if r.read_line(&mut line).ok()? == 0 {
        return None;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let path = parts.next()?.to_string();
    let mut head = Vec::new();
    let mut len = 0usize;
    loop {
        let mut h = String::new();
        if r.read_line(&mut h).ok()? == 0 {
            return None;
        }
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        let (k, v) = h.split_once(':')?;
        let (k, v) = (k.trim().to_string(), v.trim().to_string());
        if k.eq_ignore_ascii_case("content-length") {
            len = v.parse().ok()?;
        }
        head.push((k, v));
    }
    let mut body = vec![0; len];
    r.read_exact(&mut body).ok()?;
    Some(Request {
        method,
        path,
        head,
        body,
    })
}

fn forward(upstream: u16, req: &Request) -> Option<Vec<u8>> {
    let mut up = TcpStream::connect(("127.0.0.1", upstream)).ok()?;
    up.set_read_timeout(Some(Duration::from_secs(300))).ok()?;
    let mut out = format!("{} {} HTTP/1.1\r\n", req.method, req.path).into_bytes();
    for (k, v) in &req.head {
        if k.eq_ignore_ascii_case("connection") || k.eq_ignore_ascii_case("keep-alive") {
            continue;
        }
        out.extend_from_slice(format!("{k}: {v}\r\n").as_bytes());
    }
    out.extend_from_slice(b"Connection: close\r\n\r\n");
    out.extend_from_slice(&req.body);
    up.write_all(&out).ok()?;
    let mut resp = Vec::new();
    up.read_to_end(&mut resp).ok()?;
    if resp.is_empty() {
        return None;
    }
    Some(resp)
}

fn handle(
    client: TcpStream,
    upstream: u16,
    rule: Arc<Rule>,
    recorded: Arc<Mutex<Vec<(String, String, Value)>>>,
    requests: Arc<AtomicUsize>,
    faults: Arc<AtomicUsize>,
) {
    let mut reader = BufReader::new(client.try_clone().unwrap());
    let mut client = client;
    // One request per connection: the answer always closes it.
    if let Some(req) = read_request(&mut reader) {
        let n = requests.fetch_add(1, Ordering::SeqCst);
        if let Ok(v) = serde_json::from_slice::<Value>(&req.body) {
            recorded
                .lock()
                .unwrap()
                .push((req.method.clone(), req.path.clone(), v));
        }
        let fault = rule(n, &req.method, &req.path);
        if fault != Fault::Pass {
            faults.fetch_add(1, Ordering::SeqCst);
        }
        match fault {
            Fault::Pass => {
                if let Some(resp) = forward(upstream, &req) {
                    let _ = client.write_all(&resp);
                }
            }
            Fault::Status(code) => {
                let body = format!(
                    r#"{{"resourceType":"OperationOutcome","issue":[{{"severity":"error","code":"transient","diagnostics":"injected {code} by the test proxy"}}]}}"#
                );
                // A 429 says when to come back, as servers do.
                let wait = if code == 429 {
                    "Retry-After: 1\r\n"
                } else {
                    ""
                };
                let _ = client.write_all(
                    format!(
                        "HTTP/1.1 {code} Injected\r\nContent-Type: application/fhir+json\r\n{wait}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                        body.len()
                    )
                    .as_bytes(),
                );
            }
            Fault::DropBefore => {}
            Fault::DropAfter => {
                let _ = forward(upstream, &req);
            }
            Fault::StallAfter(d) => {
                let _ = forward(upstream, &req);
                std::thread::sleep(d);
            }
        }
        let _ = client.flush();
        let _ = client.shutdown(Shutdown::Both);
    }
}

impl Proxy {
    /// A proxy on a free port forwarding to 127.0.0.1:`upstream`, passing everything.
    pub fn start(upstream: u16) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let p = Proxy {
            port,
            upstream,
            stop: Arc::new(AtomicBool::new(false)),
            recorded: Arc::default(),
            requests: Arc::default(),
            faults: Arc::default(),
            rule: Arc::new(Mutex::new(Arc::new(|_, _, _| Fault::Pass))),
        };
        let (stop, recorded, requests, faults, rule) = (
            p.stop.clone(),
            p.recorded.clone(),
            p.requests.clone(),
            p.faults.clone(),
            p.rule.clone(),
        );
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                let r = rule.lock().unwrap().clone();
                let (recorded, requests, faults) =
                    (recorded.clone(), requests.clone(), faults.clone());
                std::thread::spawn(move || handle(conn, upstream, r, recorded, requests, faults));
            }
        });
        p
    }

    /// Sets the fault rule: `(request number from 0, method, path) -> Fault`.
    pub fn set_rule(&self, rule: impl Fn(usize, &str, &str) -> Fault + Send + Sync + 'static) {
        *self.rule.lock().unwrap() = Arc::new(rule);
    }

    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The transaction bundles sent through the proxy, in order.
    pub fn bundles(&self) -> Vec<Value> {
        self.recorded
            .lock()
            .unwrap()
            .iter()
            .filter(|(m, _, v)| m == "POST" && v["resourceType"] == "Bundle")
            .map(|(_, _, v)| v.clone())
            .collect()
    }

    /// Every JSON body sent through the proxy.
    pub fn bodies(&self) -> Vec<Value> {
        self.recorded
            .lock()
            .unwrap()
            .iter()
            .map(|(_, _, v)| v.clone())
            .collect()
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

const VALIDATOR: &str = r#"
import json, sys, os
try:
    from fhir.resources.R4B import get_fhir_model_class
except Exception as e:
    print("fhir.resources (R4B) is not installed: " + str(e))
    sys.exit(3)
bad = 0
names = sorted(os.listdir(sys.argv[1]))
for name in names:
    data = json.load(open(os.path.join(sys.argv[1], name)))
    try:
        get_fhir_model_class(data["resourceType"]).model_validate(data)
    except Exception as e:
        bad += 1
        print(name + ": " + str(e)[:2000])
print("validated %d resources, %d invalid" % (len(names), bad))
sys.exit(1 if bad else 0)
"#;

/// Validates every body with the independent validator (Python `fhir.resources`, R4B
/// models); panics with its report when one is invalid or the validator is missing.
pub fn validate_all(bodies: &[Value]) -> String {
    assert!(!bodies.is_empty(), "nothing was recorded to validate");
    let dir = tempfile::tempdir().unwrap();
    for (i, b) in bodies.iter().enumerate() {
        std::fs::write(dir.path().join(format!("{i:05}.json")), b.to_string()).unwrap();
    }
    let python = std::env::var("FHIR_VALIDATOR_PYTHON").unwrap_or_else(|_| "python3".into());
    let out = Command::new(&python)
        .arg("-c")
        .arg(VALIDATOR)
        .arg(dir.path())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {python}: {e}: {SETUP}"));
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    match out.status.code() {
        Some(0) => text,
        Some(3) => panic!("{text}: {SETUP}"),
        _ => {
            panic!("the independent validator (fhir.resources R4B) refused what was sent:\n{text}")
        }
    }
}

/// A client that tries once: no retries, no token (the test server is open).
pub fn plain_client(base: &str, timeout: Duration) -> Client {
    Client::new(
        base,
        None,
        ClientOptions {
            connect_timeout: timeout,
            request_timeout: timeout,
            max_tries: 1,
            ..ClientOptions::default()
        },
    )
    .unwrap()
}

/// Every resource the server returns for a search, following pages, as a clinician's tool
/// would; `query` is `Type?params` (already encoded).
pub fn search(base: &str, query: &str) -> Vec<Value> {
    let http = plain_client(base, Duration::from_secs(300));
    let r = http
        .request(Method::GET, query, &[], None, &[])
        .unwrap_or_else(|e| panic!("GET {query}: {e}"));
    let mut out = Vec::new();
    let mut page = r.body;
    loop {
        for e in page["entry"].as_array().cloned().unwrap_or_default() {
            if e["search"]["mode"] != "include" {
                out.push(e["resource"].clone());
            }
        }
        let next = page["link"]
            .as_array()
            .and_then(|l| l.iter().find(|l| l["relation"] == "next"))
            .and_then(|l| l["url"].as_str())
            .map(str::to_string);
        match next {
            Some(n) => {
                page = http
                    .request(Method::GET, &n, &[], None, &[])
                    .unwrap_or_else(|e| panic!("GET next page: {e}"))
                    .body
            }
            None => return out,
        }
    }
}

/// A JSON value with numbers as f64 and `meta`/`text` dropped, for "equal as sent".
pub fn normalised(v: &Value) -> Value {
    match v {
        Value::Number(n) => serde_json::json!(n.as_f64().unwrap()),
        Value::Array(a) => Value::Array(a.iter().map(normalised).collect()),
        Value::Object(o) => Value::Object(
            o.iter()
                .filter(|(k, _)| k.as_str() != "meta" && k.as_str() != "text")
                .map(|(k, v)| (k.clone(), normalised(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// The first identifier of a resource as `system|value`.
pub fn ident(r: &Value) -> String {
    format!(
        "{}|{}",
        r["identifier"][0]["system"].as_str().unwrap_or(""),
        r["identifier"][0]["value"].as_str().unwrap_or("")
    )
}

pub fn write_file(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
}
