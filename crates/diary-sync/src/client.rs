//! A thin FHIR R4 REST client over blocking reqwest with rustls: transaction bundles,
//! searches (following `next` links), reads and `If-Match` updates. It exists to keep every
//! network rule in one place: connect and request timeouts; retries with exponential
//! backoff and jitter on network errors, 429 and 5xx (honouring `Retry-After`); no retry on
//! any other 4xx, whose OperationOutcome text becomes the error the user sees; and the
//! limits a hostile or broken server meets (an answer's size, the pages one search
//! follows, a deadline for everything one client does, after which it refuses to start
//! another request). TLS trusts the operating system's certificate store (a hospital's own
//! certificate authority works once the computer trusts it). It never logs, and its errors
//! carry neither the bearer token nor the URL (which may hold a patient identifier).

use crate::{Secret, SyncError};
use reqwest::blocking::Client as Http;
use reqwest::header::{
    HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, ETAG, LOCATION,
};
pub use reqwest::Method;
use reqwest::StatusCode;
use serde_json::Value;
use std::time::{Duration, Instant};

const FHIR_JSON: &str = "application/fhir+json";
/// What the client accepts: FHIR JSON of R4 (4.0).
const ACCEPT_FHIR: &str = "application/fhir+json; fhirVersion=4.0";
const FORM: &str = "application/x-www-form-urlencoded";

/// The client's timing rules.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientOptions {
    pub connect_timeout: Duration,
    /// The whole request, from sending to the last byte of the answer.
    pub request_timeout: Duration,
    /// Tries per request, the first included.
    pub max_tries: u32,
    /// The first retry's delay; it doubles each time, with jitter, up to `backoff_cap`.
    pub backoff_base: Duration,
    pub backoff_cap: Duration,
    /// The longest `Retry-After` honoured; a server asking for more ends the run.
    pub max_retry_after: Duration,
    /// The largest answer read from the server; a larger one is refused as a protocol error.
    pub max_response_bytes: u64,
    /// The most pages one search follows.
    pub max_pages: usize,
    /// How long everything one client does may take, counted from [`Client::new`] (a sync
    /// run builds one client): past it no request starts, a request under way is cut off,
    /// and the client answers [`SyncError::TimeUp`]; what was not sent waits for the next run.
    pub run_deadline: Duration,
}

impl Default for ClientOptions {
    fn default() -> ClientOptions {
        ClientOptions {
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(60),
            max_tries: 5,
            backoff_base: Duration::from_millis(500),
            backoff_cap: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(120),
            max_response_bytes: MAX_RESPONSE_BYTES,
            max_pages: MAX_PAGES,
            run_deadline: Duration::from_secs(120),
        }
    }
}

/// A server's answer.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub etag: Option<String>,
    pub location: Option<String>,
    pub body: Value,
}

/// A connection to one FHIR server.
pub struct Client {
    http: Http,
    base: String,
    token: Option<Secret>,
    opts: ClientOptions,
    /// When [`ClientOptions::run_deadline`] runs out.
    deadline: Instant,
}

/// The largest answer read from the server by default ([`ClientOptions::max_response_bytes`]).
pub const MAX_RESPONSE_BYTES: u64 = 16 << 20;

/// The most pages one search follows by default ([`ClientOptions::max_pages`]).
pub const MAX_PAGES: usize = 200;

/// Reads at most `limit` bytes of `body`: `None` when there is more.
fn read_capped(body: impl std::io::Read, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let mut out = Vec::new();
    body.take(limit + 1).read_to_end(&mut out)?;
    Ok((out.len() as u64 <= limit).then_some(out))
}

/// A reader that fails with `TimedOut` once `deadline` has passed: a server that trickles
/// its answer a byte at a time cannot hold a run past its deadline.
struct UntilDeadline<R> {
    inner: R,
    deadline: Instant,
}

impl<R: std::io::Read> std::io::Read for UntilDeadline<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if Instant::now() >= self.deadline {
            return Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "the run's time ran out while reading the answer",
            ));
        }
        self.inner.read(buf)
    }
}

/// Why one try failed, and whether another may succeed.
enum Try {
    Done(Response),
    Retry {
        why: String,
        retry_after: Option<Duration>,
        status: Option<u16>,
    },
    Fail(SyncError),
}

/// A delay in `[d/2, d]`, the random half from the OS's randomness (via a v4 UUID).
pub fn jittered(d: Duration) -> Duration {
    let half = d / 2;
    let r = (uuid::Uuid::new_v4().as_u128() & 0xffff_ffff) as u64;
    let extra = half.as_nanos() as u64 * (r % 1_000_001) / 1_000_000;
    half + Duration::from_nanos(extra)
}

/// The un-jittered delay before retry number `n` (1-based).
pub fn backoff(n: u32, base: Duration, cap: Duration) -> Duration {
    let factor = 1u32 << (n.saturating_sub(1)).min(20);
    base.saturating_mul(factor).min(cap)
}

/// Reads `Retry-After`: seconds, or an HTTP date (counted from the system clock, which is
/// the only clock the server's date can be compared with).
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let v = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(v).ok()?;
    Some(
        when.duration_since(std::time::SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// The plain-words text of an error answer: the OperationOutcome's issues, else the status.
fn error_text(status: StatusCode, body: &Value) -> String {
    crate::mapping::outcome_text(body).unwrap_or_else(|| {
        format!(
            "the server answered {} {}",
            status.as_u16(),
            status.canonical_reason().unwrap_or("")
        )
        .trim()
        .to_string()
    })
}

/// How an error about the server's certificate begins.
const UNTRUSTED: &str = "the server's certificate is not trusted by this computer";

pub(crate) fn describe(e: &reqwest::Error) -> String {
    // Never the URL: it may carry a patient identifier.
    let what = if e.is_timeout() {
        "the server did not answer in time"
    } else if e.is_connect() {
        "could not connect to the server"
    } else if e.is_body() || e.is_decode() {
        "the connection broke while reading the answer"
    } else if e.is_request() {
        "the request could not be sent"
    } else {
        "the network failed"
    };
    let mut cause = String::new();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        cause = s.to_string();
        src = s.source();
    }
    if cause.contains("certificate") {
        return format!(
            "{UNTRUSTED} ({cause}); if the care team uses its own certificate authority, add \
             it to the system's trusted certificates"
        );
    }
    if cause.is_empty() {
        what.to_string()
    } else {
        format!("{what} ({cause})")
    }
}

impl Client {
    /// A client for the server at `base` (already checked by `validate_base_url`).
    pub fn new(
        base: &str,
        token: Option<Secret>,
        opts: ClientOptions,
    ) -> Result<Client, SyncError> {
        let http = Http::builder()
            .connect_timeout(opts.connect_timeout)
            .timeout(opts.request_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("symptom-diary/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| {
                SyncError::Network(format!("the HTTP client could not start: {}", describe(&e)))
            })?;
        Ok(Client {
            http,
            base: base.trim_end_matches('/').to_string(),
            token,
            deadline: Instant::now() + opts.run_deadline,
            opts,
        })
    }

    /// The time left before the deadline; `None` once it has passed.
    fn time_left(&self) -> Option<Duration> {
        self.deadline
            .checked_duration_since(Instant::now())
            .filter(|d| !d.is_zero())
    }

    fn time_up(&self) -> SyncError {
        SyncError::TimeUp {
            secs: self.opts.run_deadline.as_secs(),
        }
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    /// A path relative to the base, or a `next` link from the server: its query is kept
    /// and its origin replaced by ours, so the token only ever goes to the configured server.
    fn url_for(&self, path: &str) -> String {
        if let Some(rest) = path
            .strip_prefix("http://")
            .or_else(|| path.strip_prefix("https://"))
        {
            let link_path = rest.find('/').map_or("", |i| &rest[i..]);
            let after_scheme = self.base.split_once("://").map_or("", |(_, r)| r);
            let base_path = after_scheme.find('/').map_or("", |i| &after_scheme[i..]);
            let origin = &self.base[..self.base.len() - base_path.len()];
            if !base_path.is_empty() && link_path.starts_with(base_path) {
                format!("{origin}{link_path}")
            } else {
                format!("{}{link_path}", self.base)
            }
        } else {
            format!("{}/{}", self.base, path.trim_start_matches('/'))
        }
    }

    /// One request with retries. `headers` are extra headers (`If-Match`).
    pub fn request(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&Value>,
        headers: &[(&str, String)],
    ) -> Result<Response, SyncError> {
        let payload = body.map(|b| {
            (
                serde_json::to_vec(b).expect("JSON always serializes"),
                FHIR_JSON,
            )
        });
        self.send(method, path, query, payload, headers)
    }

    /// [`Client::request`] with any body and its content type.
    fn send(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        payload: Option<(Vec<u8>, &str)>,
        headers: &[(&str, String)],
    ) -> Result<Response, SyncError> {
        let url = self.url_for(path);
        let mut tries = 0;
        loop {
            tries += 1;
            let Some(left) = self.time_left() else {
                return Err(self.time_up());
            };
            let timeout = left.min(self.opts.request_timeout);
            let body = payload.as_ref().map(|(b, t)| (b.as_slice(), *t));
            match self.try_once(&method, &url, query, body, headers, timeout) {
                Try::Done(r) => return Ok(r),
                Try::Fail(e) => return Err(e),
                // A try cut short by the deadline is not retried.
                Try::Retry { .. } if self.time_left().is_none() => return Err(self.time_up()),
                Try::Retry {
                    why,
                    retry_after,
                    status,
                } => {
                    let give_up = |why: String| match status {
                        Some(s) => SyncError::Server {
                            status: s,
                            text: why,
                        },
                        None => SyncError::Network(why),
                    };
                    if tries >= self.opts.max_tries {
                        return Err(give_up(format!("{why}; tried {tries} times")));
                    }
                    let wait = match retry_after {
                        Some(d) if d > self.opts.max_retry_after => {
                            return Err(give_up(format!(
                                "{why}; the server asked to wait {} s",
                                d.as_secs()
                            )))
                        }
                        Some(d) => d,
                        None => jittered(backoff(
                            tries,
                            self.opts.backoff_base,
                            self.opts.backoff_cap,
                        )),
                    };
                    if self.time_left().is_none_or(|left| wait >= left) {
                        return Err(self.time_up());
                    }
                    std::thread::sleep(wait);
                }
            }
        }
    }

    fn try_once(
        &self,
        method: &Method,
        url: &str,
        query: &[(&str, String)],
        payload: Option<(&[u8], &str)>,
        headers: &[(&str, String)],
        timeout: Duration,
    ) -> Try {
        let mut req = self
            .http
            .request(method.clone(), url)
            .timeout(timeout)
            .header(ACCEPT, ACCEPT_FHIR);
        if !query.is_empty() {
            req = req.query(query);
        }
        if let Some(t) = &self.token {
            let mut v = match HeaderValue::from_str(&format!("Bearer {}", t.expose())) {
                Ok(v) => v,
                Err(_) => {
                    return Try::Fail(SyncError::Config(diary_core::FieldError::new(
                        "token",
                        "the access token holds characters a header cannot carry",
                    )))
                }
            };
            v.set_sensitive(true);
            req = req.header(AUTHORIZATION, v);
        }
        for (k, v) in headers {
            req = req.header(*k, v.as_str());
        }
        if let Some((p, content_type)) = payload {
            req = req.header(CONTENT_TYPE, content_type).body(p.to_vec());
        }
        let resp = match req.send() {
            Ok(r) => r,
            Err(e) => {
                let why = describe(&e);
                // A certificate this computer does not trust stays untrusted: no retry.
                if why.starts_with(UNTRUSTED) {
                    return Try::Fail(SyncError::Network(why));
                }
                return Try::Retry {
                    why,
                    retry_after: None,
                    status: None,
                };
            }
        };
        let status = resp.status();
        let head = resp.headers().clone();
        // A hostile or broken server cannot make the app read without end.
        let limit = self.opts.max_response_bytes;
        let body = UntilDeadline {
            inner: resp,
            deadline: self.deadline,
        };
        let bytes = match read_capped(body, limit) {
            Ok(Some(b)) => b,
            Ok(None) => {
                return Try::Fail(SyncError::Protocol(if limit >= 1 << 20 {
                    format!("the server's answer is larger than {} MiB", limit >> 20)
                } else {
                    format!("the server's answer is larger than {limit} bytes")
                }))
            }
            Err(e) => {
                return Try::Retry {
                    why: format!("the server's answer broke off ({e})"),
                    retry_after: None,
                    status: None,
                }
            }
        };
        let body: Value = if bytes.iter().all(|b| b.is_ascii_whitespace()) {
            Value::Null
        } else {
            match serde_json::from_slice(&bytes) {
                Ok(v) => v,
                Err(_) if status.is_success() => {
                    return Try::Retry {
                        why: "the server's answer was not complete JSON".into(),
                        retry_after: None,
                        status: None,
                    }
                }
                Err(_) => Value::Null,
            }
        };
        if status.is_success() {
            return Try::Done(Response {
                status: status.as_u16(),
                etag: head
                    .get(ETAG)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string),
                location: head
                    .get(LOCATION)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string),
                body,
            });
        }
        if status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error() {
            return Try::Retry {
                why: error_text(status, &body),
                retry_after: retry_after(&head),
                status: Some(status.as_u16()),
            };
        }
        let text = error_text(status, &body);
        Try::Fail(match status {
            StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => SyncError::Unauthorized {
                status: status.as_u16(),
                text,
            },
            StatusCode::PRECONDITION_FAILED | StatusCode::CONFLICT => SyncError::Conflict(text),
            StatusCode::NOT_FOUND | StatusCode::GONE => SyncError::NotFound(text),
            _ => SyncError::Rejected {
                status: status.as_u16(),
                text,
            },
        })
    }

    /// Posts a transaction bundle; returns the transaction-response bundle, after checking
    /// it has one entry per request and that every entry's status is 2xx.
    pub fn transaction(&self, bundle: &Value) -> Result<Value, SyncError> {
        let sent = bundle["entry"].as_array().map_or(0, Vec::len);
        let r = self.request(Method::POST, "", &[], Some(bundle), &[])?;
        let entries = r.body["entry"].as_array().ok_or_else(|| {
            SyncError::Protocol("the server's transaction answer has no entries".into())
        })?;
        if entries.len() != sent {
            return Err(SyncError::Protocol(format!(
                "the server answered {} entries for {sent} sent",
                entries.len()
            )));
        }
        for (i, e) in entries.iter().enumerate() {
            let status = e["response"]["status"].as_str().unwrap_or("");
            if !status.trim_start().starts_with('2') {
                let text = crate::mapping::outcome_text(&e["response"]["outcome"])
                    .unwrap_or_else(|| format!("entry {i} answered {status:?}"));
                return Err(SyncError::Rejected {
                    status: status
                        .split_whitespace()
                        .next()
                        .and_then(|s| s.parse().ok())
                        .unwrap_or(0),
                    text,
                });
            }
        }
        Ok(r.body)
    }

    /// Searches `resource_type` and follows `next` links: every resource of every page
    /// (matches and includes alike). A search that still has a `next` link after
    /// [`ClientOptions::max_pages`] pages is refused without asking for one more.
    pub fn search_all(
        &self,
        resource_type: &str,
        query: &[(&str, String)],
    ) -> Result<Vec<Value>, SyncError> {
        let first = self.request(Method::GET, resource_type, query, None, &[])?;
        self.all_pages(first)
    }

    /// [`Client::search_all`] as `POST Type/_search` with the parameters in a form body, so
    /// that none of them (an MRN) is written into a URL and a server's or proxy's logs.
    pub fn search_post(
        &self,
        resource_type: &str,
        query: &[(&str, String)],
    ) -> Result<Vec<Value>, SyncError> {
        let form: Vec<String> = query
            .iter()
            .map(|(k, v)| {
                format!(
                    "{}={}",
                    crate::mapping::url_encode(k),
                    crate::mapping::url_encode(v)
                )
            })
            .collect();
        let first = self.send(
            Method::POST,
            &format!("{resource_type}/_search"),
            &[],
            Some((form.join("&").into_bytes(), FORM)),
            &[],
        )?;
        self.all_pages(first)
    }

    /// Every resource of `page` and of the pages its `next` links lead to.
    fn all_pages(&self, mut page: Response) -> Result<Vec<Value>, SyncError> {
        let mut out = Vec::new();
        for pages in 1.. {
            if let Some(entries) = page.body["entry"].as_array() {
                out.extend(entries.iter().filter_map(|e| e.get("resource").cloned()));
            }
            let next = page.body["link"].as_array().and_then(|links| {
                links
                    .iter()
                    .find(|l| l["relation"] == "next")
                    .and_then(|l| l["url"].as_str())
                    .map(str::to_string)
            });
            match next {
                Some(_) if pages >= self.opts.max_pages => {
                    return Err(SyncError::Protocol(format!(
                        "the search goes on past {} pages",
                        self.opts.max_pages
                    )))
                }
                Some(url) => page = self.request(Method::GET, &url, &[], None, &[])?,
                None => break,
            }
        }
        Ok(out)
    }

    /// Reads one resource, with its ETag.
    pub fn read(&self, resource_type: &str, id: &str) -> Result<Response, SyncError> {
        self.request(
            Method::GET,
            &format!("{resource_type}/{id}"),
            &[],
            None,
            &[],
        )
    }

    /// Replaces a resource; with `if_match`, only if its version is still that one.
    pub fn update(&self, resource: &Value, if_match: Option<&str>) -> Result<Response, SyncError> {
        let ty = resource["resourceType"].as_str().unwrap_or("");
        let id = resource["id"].as_str().unwrap_or("");
        let headers: Vec<(&str, String)> = if_match
            .map(|v| vec![("If-Match", v.to_string())])
            .unwrap_or_default();
        self.request(
            Method::PUT,
            &format!("{ty}/{id}"),
            &[],
            Some(resource),
            &headers,
        )
    }

    /// Creates a resource unless one matches `if_none_exist` (a search query).
    pub fn create_once(
        &self,
        resource: &Value,
        if_none_exist: &str,
    ) -> Result<Response, SyncError> {
        let ty = resource["resourceType"].as_str().unwrap_or("");
        self.request(
            Method::POST,
            ty,
            &[],
            Some(resource),
            &[("If-None-Exist", if_none_exist.to_string())],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_to_the_cap_and_jitter_stays_in_the_upper_half() {
        let base = Duration::from_millis(100);
        let cap = Duration::from_millis(1000);
        let got: Vec<u128> = (1..=6).map(|n| backoff(n, base, cap).as_millis()).collect();
        assert_eq!(got, vec![100, 200, 400, 800, 1000, 1000]);
        for _ in 0..200 {
            let j = jittered(Duration::from_millis(800));
            assert!(j >= Duration::from_millis(400) && j <= Duration::from_millis(800));
        }
    }

    #[test]
    fn answers_are_read_up_to_the_cap_and_no_further() {
        let ten = [b'x'; 10];
        assert_eq!(read_capped(&ten[..], 10).unwrap(), Some(ten.to_vec()));
        assert_eq!(read_capped(&ten[..], 9).unwrap(), None);
        assert_eq!(read_capped(&b""[..], 0).unwrap(), Some(Vec::new()));
        // An endless answer stops at the cap.
        assert_eq!(read_capped(std::io::repeat(b'x'), 1 << 20).unwrap(), None);
    }

    #[test]
    fn retry_after_reads_seconds_and_ignores_nonsense() {
        let mut h = HeaderMap::new();
        h.insert(reqwest::header::RETRY_AFTER, HeaderValue::from_static("7"));
        assert_eq!(retry_after(&h), Some(Duration::from_secs(7)));
        h.insert(
            reqwest::header::RETRY_AFTER,
            HeaderValue::from_static("soon"),
        );
        assert_eq!(retry_after(&h), None);
        h.insert(
            reqwest::header::RETRY_AFTER,
            HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
        );
        assert_eq!(retry_after(&h), Some(Duration::ZERO));
    }

    #[test]
    fn next_links_keep_the_configured_origin() {
        let c = Client::new(
            "https://fhir.example.org/r4",
            None,
            ClientOptions::default(),
        )
        .unwrap();
        assert_eq!(c.url_for("Task"), "https://fhir.example.org/r4/Task");
        assert_eq!(
            c.url_for("https://fhir.example.org/r4/Task?_page=2"),
            "https://fhir.example.org/r4/Task?_page=2"
        );
        assert_eq!(
            c.url_for("http://internal:8080/Task?_page=2"),
            "https://fhir.example.org/r4/Task?_page=2"
        );
        let c = Client::new("http://127.0.0.1:9", None, ClientOptions::default()).unwrap();
        assert_eq!(
            c.url_for("http://127.0.0.1:8080/Task?_page=2"),
            "http://127.0.0.1:9/Task?_page=2"
        );
    }
}
