//! A small WebDriver client over plain HTTP/JSON, and the processes behind it:
//! `tauri-driver` (port 4444) in its own process group, which starts `WebKitWebDriver`
//! (port 4445), which starts the app. Ending the group ends all three.

use base64::Engine;
use serde_json::{json, Value};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";
const DRIVER_PORT: u16 = 4444;
const NATIVE_PORT: u16 = 4445;

fn port_open(port: u16) -> bool {
    TcpStream::connect_timeout(
        &format!("127.0.0.1:{port}").parse().unwrap(),
        Duration::from_millis(200),
    )
    .is_ok()
}

fn wait_until(what: &str, timeout: Duration, mut ok: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ok() {
        assert!(start.elapsed() < timeout, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// `tauri-driver`, started for one diary file; ended (with its children) on drop.
pub struct Driver {
    child: Child,
}

impl Driver {
    /// Starts tauri-driver with the app's diary at `db` and waits for both ports. The app's
    /// config folder (where the care-team token is kept) is `<db>.config/`, never the
    /// user's own.
    pub fn start(db: &Path) -> Driver {
        use std::os::unix::process::CommandExt;
        wait_until(
            "ports 4444/4445 to be free",
            Duration::from_secs(20),
            || !port_open(DRIVER_PORT) && !port_open(NATIVE_PORT),
        );
        let program = std::env::var_os("TAURI_DRIVER").unwrap_or_else(|| "tauri-driver".into());
        std::fs::create_dir_all(saved_dir(db)).unwrap();
        let child = Command::new(&program)
            .env("SYMPTOM_DIARY_DB", db)
            .env("XDG_CONFIG_HOME", config_home(db))
            // A WebDriver cannot drive the system's save dialog: files go here instead.
            .env("SYMPTOM_DIARY_SAVE_DIR", saved_dir(db))
            .env_remove("DIARY_FHIR_TOKEN")
            // The hospital's sign-in page: the test plays the browser, so none is opened.
            .env("BROWSER", "true")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start {program:?} (cargo install tauri-driver): {e}")
            });
        let driver = Driver { child };
        wait_until(
            "tauri-driver and WebKitWebDriver",
            Duration::from_secs(30),
            || port_open(DRIVER_PORT) && port_open(NATIVE_PORT),
        );
        driver
    }
}

/// Where the app started for `db` saves what the user saves (instead of a dialog).
pub fn saved_dir(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".saved");
    PathBuf::from(name)
}

/// The config folder the app started for `db` uses.
pub fn config_home(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".config");
    PathBuf::from(name)
}

impl Drop for Driver {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline && (port_open(DRIVER_PORT) || port_open(NATIVE_PORT)) {
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.child.wait();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline && (port_open(DRIVER_PORT) || port_open(NATIVE_PORT)) {
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// One WebDriver session on the app.
pub struct Session {
    agent: ureq::Agent,
    base: String,
    pub id: String,
}

/// An element reference.
#[derive(Clone)]
pub struct El(pub String);

impl Session {
    /// Opens a session on the app binary (the app starts); times out when the app
    /// cannot start (no display).
    pub fn new(app: &Path) -> Session {
        let agent = ureq::AgentBuilder::new()
            .timeout(Duration::from_secs(60))
            .build();
        let base = format!("http://127.0.0.1:{DRIVER_PORT}");
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "wry",
            "tauri:options": {"application": app.to_str().unwrap()}
        }}});
        let response: Value = agent
            .post(&format!("{base}/session"))
            .send_json(caps)
            .unwrap_or_else(|e| panic!("new session failed (is DISPLAY set?): {e}"))
            .into_json()
            .unwrap();
        let id = response["value"]["sessionId"]
            .as_str()
            .expect("a session id")
            .to_string();
        Session { agent, base, id }
    }

    fn url(&self, path: &str) -> String {
        format!("{}/session/{}{}", self.base, self.id, path)
    }

    fn post(&self, path: &str, body: Value) -> Result<Value, String> {
        match self.agent.post(&self.url(path)).send_json(body) {
            Ok(r) => Ok(r.into_json::<Value>().unwrap()["value"].clone()),
            Err(ureq::Error::Status(_, r)) => Err(r.into_string().unwrap_or_default()),
            Err(e) => Err(e.to_string()),
        }
    }

    fn get(&self, path: &str) -> Result<Value, String> {
        match self.agent.get(&self.url(path)).call() {
            Ok(r) => Ok(r.into_json::<Value>().unwrap()["value"].clone()),
            Err(ureq::Error::Status(_, r)) => Err(r.into_string().unwrap_or_default()),
            Err(e) => Err(e.to_string()),
        }
    }

    /// Runs `script` (a function body; `arguments` holds `args`) and returns its value.
    pub fn exec(&self, script: &str, args: Value) -> Value {
        self.post("/execute/sync", json!({"script": script, "args": args}))
            .unwrap_or_else(|e| panic!("script failed: {e}"))
    }

    /// Runs an async script; it calls `arguments[arguments.length - 1](value)` when done.
    pub fn exec_async(&self, script: &str, args: Value) -> Value {
        self.post("/execute/async", json!({"script": script, "args": args}))
            .unwrap_or_else(|e| panic!("async script failed: {e}"))
    }

    /// The first element matching `css`, waiting up to 10 s for it.
    pub fn find(&self, css: &str) -> El {
        let start = Instant::now();
        loop {
            if let Ok(value) = self.post("/element", json!({"using": "css selector", "value": css}))
            {
                if let Some(id) = value[ELEMENT].as_str() {
                    return El(id.to_string());
                }
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "no element {css}; the window shows: {}",
                self.shows()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The start of the window's text, for a failure's message.
    pub fn shows(&self) -> Value {
        self.exec(
            "return document.body.innerText.slice(0, 400);",
            Value::Array(Vec::new()),
        )
    }

    /// How many elements match `css` now.
    pub fn count(&self, css: &str) -> usize {
        self.exec(
            "return document.querySelectorAll(arguments[0]).length;",
            json!([css]),
        )
        .as_u64()
        .unwrap_or(0) as usize
    }

    /// Waits (up to 10 s) until `script` returns true.
    pub fn wait_for(&self, what: &str, script: &str, args: Value) {
        self.wait_for_within(Duration::from_secs(10), what, script, args);
    }

    /// Waits up to `limit` until `script` returns true.
    pub fn wait_for_within(&self, limit: Duration, what: &str, script: &str, args: Value) {
        let start = Instant::now();
        while self.exec(script, args.clone()) != Value::Bool(true) {
            assert!(
                start.elapsed() < limit,
                "timed out waiting for {what}; the window shows: {}",
                self.shows()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Clicks the element matching `css` (scrolled into view first). A node the window
    /// replaced between finding and clicking ("stale element reference") is found again,
    /// as a person's second look would: at most three times, each one printed.
    pub fn click(&self, css: &str) {
        for attempt in 1.. {
            let el = self.find(css);
            // A node gone stale here fails the click below, which says so.
            let _ = self.post(
                "/execute/sync",
                json!({"script": "arguments[0].scrollIntoView({block: 'center'});", "args": [{ELEMENT: el.0}]}),
            );
            match self.post(&format!("/element/{}/click", el.0), json!({})) {
                Ok(_) => return,
                Err(e) if attempt < 3 && e.contains("stale element reference") => {
                    eprintln!(
                        "click {css}: the node was replaced before the click; finding it again"
                    );
                }
                Err(e) => panic!("click {css} failed: {e}"),
            }
        }
    }

    /// Types `text` into the element matching `css`, after clearing it.
    pub fn type_into(&self, css: &str, text: &str) {
        let el = self.find(css);
        if let Err(e) = self.post(&format!("/element/{}/clear", el.0), json!({})) {
            eprintln!("clearing {css} failed: {e}");
        }
        self.post(&format!("/element/{}/value", el.0), json!({"text": text}))
            .unwrap_or_else(|e| panic!("typing into {css} failed: {e}"));
    }

    /// The visible text of the element matching `css`.
    /// The attribute `name` of the first element matching `css` (`None`: no such element or
    /// attribute).
    pub fn attr(&self, css: &str, name: &str) -> Option<String> {
        self.find(css);
        self.exec(
            "const e = document.querySelector(arguments[0]); return e && e.getAttribute(arguments[1]);",
            serde_json::json!([css, name]),
        )
        .as_str()
        .map(str::to_string)
    }

    pub fn text(&self, css: &str) -> String {
        let el = self.find(css);
        self.get(&format!("/element/{}/text", el.0))
            .unwrap()
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Presses keys on whatever has the focus, one after another (W3C key actions).
    pub fn keys(&self, keys: &[&str]) {
        let mut actions = Vec::new();
        for key in keys {
            actions.push(json!({"type": "keyDown", "value": key}));
            actions.push(json!({"type": "keyUp", "value": key}));
        }
        self.post(
            "/actions",
            json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]}),
        )
        .unwrap_or_else(|e| panic!("key actions failed: {e}"));
        let _ = self.agent.delete(&self.url("/actions")).call();
    }

    /// Presses `key` with Control held (W3C key actions): Ctrl+= and the like.
    pub fn ctrl(&self, key: &str) {
        let actions = json!([
            {"type": "keyDown", "value": key::CONTROL},
            {"type": "keyDown", "value": key},
            {"type": "keyUp", "value": key},
            {"type": "keyUp", "value": key::CONTROL},
        ]);
        self.post(
            "/actions",
            json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]}),
        )
        .unwrap_or_else(|e| panic!("key actions failed: {e}"));
        let _ = self.agent.delete(&self.url("/actions")).call();
    }

    /// Saves a PNG screenshot of the window.
    pub fn screenshot(&self, path: &Path) {
        let data = self.get("/screenshot").expect("a screenshot");
        let png = base64::engine::general_purpose::STANDARD
            .decode(data.as_str().unwrap())
            .unwrap();
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).unwrap();
        }
        std::fs::write(path, png).unwrap();
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self
            .agent
            .delete(&format!("{}/session/{}", self.base, self.id))
            .call();
    }
}

/// WebDriver's key codes.
pub mod key {
    pub const TAB: &str = "\u{E004}";
    pub const CONTROL: &str = "\u{E009}";
    pub const ENTER: &str = "\u{E007}";
    pub const SPACE: &str = "\u{E00D}";
    pub const RIGHT: &str = "\u{E014}";
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
}
