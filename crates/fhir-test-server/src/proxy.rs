//! A recording, fault-injecting HTTP/1.1 proxy to put in front of the test server: it
//! keeps every JSON request body (so a test can check what was sent, and validate it), and
//! a rule decides per request whether to pass it, answer a status itself (a 500, a 429
//! with `Retry-After`), hold the answer past the client's timeout, or drop the connection
//! before or after the server acted; or act as a hostile server would: answer slowly, a
//! byte at a time, without end, or with pages that never end. It exists so that network trouble is reproduced on a
//! fixed pattern against the real server, not imitated by a mock.

use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

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
    /// Refuse a bundle of more than this many entries as a size-limited server does (413
    /// with an OperationOutcome "too many entries"); forward anything smaller.
    RefuseOver(usize),
    /// Answer 200 with this JSON body itself (a server's statement changed in transit, to
    /// show how the client takes another kind of server); the server never sees it.
    Answer(&'static str),
    /// Forward it, wait this long, then answer: a slow server.
    Slow(Duration),
    /// Forward it, then send the answer one byte at a time with this pause between bytes.
    Trickle(Duration),
    /// Answer 200 itself with a JSON body of this many bytes (a hostile or broken server).
    Huge(u64),
    /// Answer a search itself with an empty searchset page whose `next` link is this path
    /// with one more `_page`: a search that never ends.
    EndlessPages,
}

type Rule = dyn Fn(usize, &str, &str) -> Fault + Send + Sync;

/// A recording, fault-injecting HTTP/1.1 proxy in front of the real server.
pub struct Proxy {
    pub port: u16,
    stop: Arc<AtomicBool>,
    /// Every request body that was JSON, in arrival order: (method, path, body).
    pub recorded: Arc<Mutex<Vec<(String, String, Value)>>>,
    /// Requests seen.
    pub requests: Arc<AtomicUsize>,
    /// Faults injected.
    pub faults: Arc<AtomicUsize>,
    /// The `Authorization` header of every request, in arrival order (`None` when it had
    /// none): what a test checks the client sent, since the test servers check no token.
    pub authorizations: Arc<Mutex<Vec<Option<String>>>>,
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
    authorizations: Arc<Mutex<Vec<Option<String>>>>,
) {
    let mut reader = BufReader::new(client.try_clone().unwrap());
    let mut client = client;
    // One request per connection: the answer always closes it.
    if let Some(req) = read_request(&mut reader) {
        let n = requests.fetch_add(1, Ordering::SeqCst);
        authorizations.lock().unwrap().push(
            req.head
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("authorization"))
                .map(|(_, v)| v.clone()),
        );
        if let Ok(v) = serde_json::from_slice::<Value>(&req.body) {
            recorded
                .lock()
                .unwrap()
                .push((req.method.clone(), req.path.clone(), v));
        }
        let mut fault = rule(n, &req.method, &req.path);
        let entries = serde_json::from_slice::<Value>(&req.body)
            .ok()
            .and_then(|v| v["entry"].as_array().map(Vec::len));
        if let Fault::RefuseOver(max) = fault {
            if entries.is_none_or(|n| n <= max) {
                fault = Fault::Pass;
            }
        }
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
            Fault::RefuseOver(max) => {
                let body = format!(
                    r#"{{"resourceType":"OperationOutcome","issue":[{{"severity":"error","code":"too-costly","diagnostics":"Bundle has too many entries ({} > {max})"}}]}}"#,
                    entries.unwrap_or(0)
                );
                let _ = client.write_all(
                    format!(
                        "HTTP/1.1 413 Payload Too Large\r\nContent-Type: application/fhir+json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                        body.len()
                    )
                    .as_bytes(),
                );
            }
            Fault::Answer(body) => {
                let _ = client.write_all(
                    format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: application/fhir+json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
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
            Fault::Slow(d) => {
                let resp = forward(upstream, &req);
                std::thread::sleep(d);
                if let Some(resp) = resp {
                    let _ = client.write_all(&resp);
                }
            }
            Fault::Trickle(d) => {
                if let Some(resp) = forward(upstream, &req) {
                    for b in resp {
                        if client.write_all(&[b]).is_err() {
                            break;
                        }
                        let _ = client.flush();
                        std::thread::sleep(d);
                    }
                }
            }
            Fault::Huge(n) => {
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/fhir+json\r\nContent-Length: {n}\r\nConnection: close\r\n\r\n"
                );
                if client.write_all(head.as_bytes()).is_ok() {
                    // A JSON string that goes on: `{"x":"xxxx…"}`.
                    let chunk = vec![b'x'; 64 << 10];
                    let mut left = n;
                    let open = b"{\"x\":\"";
                    let _ = client.write_all(open);
                    left = left.saturating_sub(open.len() as u64 + 2);
                    while left > 0 {
                        let k = left.min(chunk.len() as u64) as usize;
                        if client.write_all(&chunk[..k]).is_err() {
                            break;
                        }
                        left -= k as u64;
                    }
                    let _ = client.write_all(b"\"}");
                }
            }
            Fault::EndlessPages => {
                let page: usize = req
                    .path
                    .split(['?', '&'])
                    .find_map(|p| p.strip_prefix("_page="))
                    .and_then(|p| p.parse().ok())
                    .unwrap_or(0);
                let base = req.path.split('?').next().unwrap_or("/");
                let body = serde_json::json!({
                    "resourceType": "Bundle",
                    "type": "searchset",
                    "link": [{"relation": "next", "url": format!("{base}?_page={}", page + 1)}],
                    "entry": []
                })
                .to_string();
                let _ = client.write_all(
                    format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: application/fhir+json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                        body.len()
                    )
                    .as_bytes(),
                );
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
            stop: Arc::new(AtomicBool::new(false)),
            recorded: Arc::default(),
            requests: Arc::default(),
            faults: Arc::default(),
            authorizations: Arc::default(),
            rule: Arc::new(Mutex::new(Arc::new(|_, _, _| Fault::Pass))),
        };
        let (stop, recorded, requests, faults, authorizations, rule) = (
            p.stop.clone(),
            p.recorded.clone(),
            p.requests.clone(),
            p.faults.clone(),
            p.authorizations.clone(),
            p.rule.clone(),
        );
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                let r = rule.lock().unwrap().clone();
                let (recorded, requests, faults, authorizations) = (
                    recorded.clone(),
                    requests.clone(),
                    faults.clone(),
                    authorizations.clone(),
                );
                std::thread::spawn(move || {
                    handle(
                        conn,
                        upstream,
                        r,
                        recorded,
                        requests,
                        faults,
                        authorizations,
                    )
                });
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_injected_429_says_when_to_come_back_and_is_counted() {
        // No server behind it: the injected answer never reaches upstream.
        let proxy = Proxy::start(crate::free_port());
        proxy.set_rule(|_, _, _| Fault::Status(429));
        let r = ureq::post(&format!("{}/", proxy.base()))
            .send_json(serde_json::json!({"resourceType": "Bundle"}));
        let Err(ureq::Error::Status(429, r)) = r else {
            panic!("expected 429, got {r:?}")
        };
        assert_eq!(r.header("Retry-After"), Some("1"));
        assert_eq!(proxy.faults.load(Ordering::SeqCst), 1);
        assert_eq!(proxy.bundles().len(), 1, "the body was recorded");
    }
}
