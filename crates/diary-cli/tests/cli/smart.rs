//! `diary sync --sign-in` and `diary inbox --sign-in` against a real OpenID Connect
//! provider (oidc-provider, `fhir_test_server::Oidc`) and the real hfs, behind the
//! recording proxy: the `diary` process prints the sign-in address and waits at its
//! loopback address while the test plays the browser on the provider's own pages; then a
//! plain `diary sync` sends a red alert with the signed-in token, an expired access token
//! is refreshed (the rotated refresh token saved back), a refused refresh says "sign in
//! again" with `sign_in_needed`, and `--sign-out` forgets the sign-in. For the care team:
//! a nurse's sign-in reads the inbox, four readers at once refresh it once, and
//! `diary inbox --sign-out` ends it at the provider (revocation).
//!
//! hfs checks no token, so what is checked is what the client sent: the proxy records
//! every request's `Authorization` header, and each must be the signed-in access token
//! (the one kept in the session file at that moment). The keyring is off here
//! (`SYMPTOM_DIARY_KEYRING=off`, as in every CLI test), so the session is the 0600 file
//! the test can read; diary-sync's unit tests cover the keyring itself.

use super::sync::{ok, run, Out};
use fhir_test_server::{Hfs, Oidc, Proxy};
use serde_json::Value;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_diary");

/// Runs `diary … --sign-in` and signs in as `login` on the provider's pages once the
/// process has printed the address. Returns what the process said.
fn sign_in(home: &Path, db: &Path, args: &[&str], oidc: &Oidc, login: &str) -> Out {
    let mut child = Command::new(BIN)
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("SYMPTOM_DIARY_DB")
        .env_remove("DIARY_FHIR_TOKEN")
        .env("SYMPTOM_DIARY_KEYRING", "off")
        .env("BROWSER", "none")
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the diary binary runs");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut said = String::new();
    let url = loop {
        let mut line = String::new();
        if stdout.read_line(&mut line).unwrap() == 0 {
            let mut err = String::new();
            child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut err)
                .unwrap();
            panic!("no sign-in address was printed: {said}\n{err}");
        }
        said.push_str(&line);
        if line.starts_with("http") {
            break line.trim().to_string();
        }
    };
    let came_back_to = oidc.sign_in_as(&url, login, true);
    assert!(
        came_back_to.starts_with("http://127.0.0.1:"),
        "{came_back_to}"
    );
    stdout.read_to_string(&mut said).unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    Out {
        code: status.code().unwrap_or(-1),
        stdout: said,
        stderr,
    }
}

/// The session file the CLI keeps for `url` under `home` (the keyring is off).
fn session_file(home: &Path, url: &str) -> PathBuf {
    let origin = diary_sync::token::origin(url).unwrap();
    let name = origin.replace("://", "_").replace(':', "_");
    home.join("config/symptom-diary")
        .join(format!("smart-{name}.json"))
}

fn session(home: &Path, url: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(session_file(home, url)).unwrap()).unwrap()
}

fn write_session(home: &Path, url: &str, session: &Value) {
    std::fs::write(
        session_file(home, url),
        serde_json::to_string_pretty(session).unwrap(),
    )
    .unwrap();
}

/// The `Authorization` headers the proxy saw from request `from` on.
fn bearers_since(proxy: &Proxy, from: usize) -> Vec<Option<String>> {
    proxy.authorizations.lock().unwrap()[from..].to_vec()
}

fn seen(proxy: &Proxy) -> usize {
    proxy.authorizations.lock().unwrap().len()
}

#[test]
fn signed_in_from_the_terminal_a_sync_sends_with_the_smart_token_and_refreshes_it() {
    let hfs = fhir_test_server::start_or_skip!(Hfs::start());
    let proxy = Proxy::start(hfs.port);
    let url = proxy.base();
    // The provider issues its tokens for the address the diary uses (the proxy's).
    let oidc = fhir_test_server::start_or_skip!(Oidc::start(&url));
    let issuer = oidc.issuer();
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("patient");
    std::fs::create_dir_all(&home).unwrap();
    let db = home.join("diary.sqlite");

    // A fever with rigors: a red alert waiting to be sent.
    let at = (chrono::Utc::now() - chrono::Duration::hours(1)).to_rfc3339();
    let logged = ok(run(
        &home,
        &db,
        &["log", "--temp", "39.4", "--sign", "shivering", "--at", &at],
        None,
    ));
    assert!(logged.contains("RED"), "{logged}");
    ok(run(&home, &db, &["sync", "--create-patient", "on"], None));

    // Sign in: the address is printed, the browser (the test) signs in as alice.
    let out = sign_in(
        &home,
        &db,
        &["sync", "--sign-in", "--server", &url, "--issuer", &issuer],
        &oidc,
        "alice",
    );
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    assert!(
        out.stdout
            .contains(&format!("Signed in to {url} as Patient/pat-alice.")),
        "{}",
        out.stdout
    );
    // No keyring here: the file, said in words, readable by the user only.
    assert!(
        out.stderr.contains("readable only by you"),
        "{}",
        out.stderr
    );
    let file = session_file(&home, &url);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let first = session(&home, &url);
    let (access1, refresh1) = (
        first["access_token"].as_str().unwrap().to_string(),
        first["refresh_token"].as_str().unwrap().to_string(),
    );
    assert!(!out.stdout.contains(&access1) && !out.stderr.contains(&access1));
    assert!(!out.stdout.contains(&refresh1) && !out.stderr.contains(&refresh1));
    let status = ok(run(
        &home,
        &db,
        &["sync", "--status", "--server", &url],
        None,
    ));
    assert!(
        status.contains(&format!("Signed in to {url} as Patient/pat-alice since")),
        "{status}"
    );
    let json = ok(run(
        &home,
        &db,
        &["sync", "--status", "--json", "--server", &url],
        None,
    ));
    assert!(!json.contains(&access1) && !json.contains(&refresh1));
    let json: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["signed_in"]["patient"], "pat-alice", "{json}");
    assert_eq!(json["signed_in"]["role"], "patient");
    assert_eq!(json["signed_in"]["can_refresh"], true);

    // A plain sync sends the red alert with the signed-in token, and only with it.
    let before = seen(&proxy);
    let sent = ok(run(
        &home,
        &db,
        &[
            "sync",
            "--server",
            &url,
            "--patient",
            "MRN-SMART",
            "--remember",
        ],
        None,
    ));
    assert!(sent.contains("Sent report"), "{sent}");
    assert!(!sent.contains(&access1));
    let headers = bearers_since(&proxy, before);
    assert!(!headers.is_empty());
    let bearer1 = format!("Bearer {access1}");
    assert!(
        headers
            .iter()
            .all(|h| h.as_deref() == Some(bearer1.as_str())),
        "every request carried the signed-in access token"
    );
    let red_task = proxy.bundles().iter().any(|b| {
        b["entry"].as_array().is_some_and(|entries| {
            entries.iter().any(|e| {
                e["resource"]["resourceType"] == "Task" && e["resource"]["priority"] == "stat"
            })
        })
    });
    assert!(red_task, "the red alert went to the server as a stat Task");
    // The access token was still good: no refresh.
    assert_eq!(session(&home, &url)["access_token"], first["access_token"]);

    // The access token expires (its recorded expiry set in the past, as time would):
    // the next sync refreshes first, keeps the rotated refresh token, and sends with the
    // new access token.
    let mut expired = first.clone();
    expired["access_expires_at"] = "2000-01-01T00:00:00Z".into();
    write_session(&home, &url, &expired);
    ok(run(
        &home,
        &db,
        &["log", "--fatigue", "2", "--at", &at],
        None,
    ));
    let before = seen(&proxy);
    let sent = ok(run(&home, &db, &["sync"], None));
    assert!(sent.contains("Sent report"), "{sent}");
    let second = session(&home, &url);
    let access2 = second["access_token"].as_str().unwrap().to_string();
    assert_ne!(access2, access1, "a new access token");
    assert_ne!(
        second["refresh_token"], first["refresh_token"],
        "the rotated refresh token is kept"
    );
    assert_ne!(second["access_expires_at"], expired["access_expires_at"]);
    assert_eq!(second["patient"], "pat-alice");
    let bearer2 = format!("Bearer {access2}");
    let headers = bearers_since(&proxy, before);
    assert!(!headers.is_empty());
    assert!(headers
        .iter()
        .all(|h| h.as_deref() == Some(bearer2.as_str())));

    // A refresh the sign-in server refuses (the old, rotated-away refresh token): "sign
    // in again", with the code the app branches on; nothing is sent.
    write_session(&home, &url, &expired);
    let before = seen(&proxy);
    let o = run(&home, &db, &["sync"], None);
    assert_eq!(o.code, 1, "{}", o.stdout);
    assert!(
        o.stderr.contains("sign in again") && o.stderr.contains("diary sync --sign-in"),
        "{}",
        o.stderr
    );
    assert!(o.stderr.contains("[sign_in_needed]"), "{}", o.stderr);
    assert!(!o.stderr.contains(&refresh1));
    assert_eq!(seen(&proxy), before, "nothing reached the FHIR server");

    // Signing out forgets it: the file is gone, and the status says so.
    let out = ok(run(&home, &db, &["sync", "--sign-out"], None));
    assert!(out.starts_with("Signed out of"), "{out}");
    assert!(!file.exists());
    let out = ok(run(&home, &db, &["sync", "--sign-out"], None));
    assert!(out.starts_with("Not signed in"), "{out}");
    let status = ok(run(&home, &db, &["sync", "--status"], None));
    assert!(status.contains("Not signed in (SMART)"), "{status}");

    // The care team's side: a nurse signs in for the inbox (the clinician's scopes) on a
    // computer of their own, and reads the red alert with that token.
    let clinic = tmp.path().join("clinic");
    std::fs::create_dir_all(&clinic).unwrap();
    let clinic_db = clinic.join("clinic.sqlite");
    let out = sign_in(
        &clinic,
        &clinic_db,
        &["inbox", "--sign-in", "--server", &url, "--issuer", &issuer],
        &oidc,
        "nurse",
    );
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    assert!(
        out.stdout
            .contains(&format!("Signed in to {url} as Practitioner/nurse.")),
        "{}",
        out.stdout
    );
    let nurse = session(&clinic, &url);
    assert_eq!(nurse["role"], "clinician");
    let before = seen(&proxy);
    let inbox: Value = serde_json::from_str(&ok(run(
        &clinic,
        &clinic_db,
        &["inbox", "--server", &url, "--json"],
        None,
    )))
    .unwrap();
    assert_eq!(inbox[0]["level"], "red", "{inbox}");
    let bearer = format!("Bearer {}", nurse["access_token"].as_str().unwrap());
    let headers = bearers_since(&proxy, before);
    assert!(!headers.is_empty());
    assert!(headers
        .iter()
        .all(|h| h.as_deref() == Some(bearer.as_str())));

    // Four readers at once with the access token expired (the console's lists, its look
    // for new reds, a `diary inbox` in a terminal): one refreshes, the others wait for it
    // and use what it kept. None is sent back to sign in, and the sign-in still works
    // afterwards: a refresh token used twice would make the provider end the whole
    // sign-in.
    let expire = |s: &Value| {
        let mut s = s.clone();
        s["access_expires_at"] = "2000-01-01T00:00:00Z".into();
        s
    };
    write_session(&clinic, &url, &expire(&nurse));
    let readers: Vec<Out> = std::thread::scope(|s| {
        let reading: Vec<_> = (0..4)
            .map(|_| {
                s.spawn(|| {
                    run(
                        &clinic,
                        &clinic_db,
                        &["inbox", "--server", &url, "--json"],
                        None,
                    )
                })
            })
            .collect();
        reading.into_iter().map(|r| r.join().unwrap()).collect()
    });
    for o in &readers {
        assert_eq!(o.code, 0, "{}\n{}", o.stdout, o.stderr);
    }
    let shared = session(&clinic, &url);
    assert_ne!(shared["access_token"], nurse["access_token"], "refreshed");

    // The nurse signs out, and the sign-in server ends the sign-in too (it offers
    // revocation). The control first: with the access token expired again, the inbox is
    // read after a refresh, so the refresh token works just before signing out.
    write_session(&clinic, &url, &expire(&shared));
    ok(run(
        &clinic,
        &clinic_db,
        &["inbox", "--server", &url, "--json"],
        None,
    ));
    let renewed = session(&clinic, &url);
    assert_ne!(renewed["access_token"], shared["access_token"], "refreshed");
    let out = ok(run(
        &clinic,
        &clinic_db,
        &["inbox", "--sign-out", "--server", &url],
        None,
    ));
    assert!(
        out.contains("The sign-in server has ended the sign-in too."),
        "{out}"
    );
    // A copy of that refresh token, wherever it was kept, no longer works.
    write_session(&clinic, &url, &expire(&renewed));
    let o = run(&clinic, &clinic_db, &["inbox", "--server", &url], None);
    assert_eq!(o.code, 1, "{}\n{}", o.stdout, o.stderr);
    assert!(o.stderr.contains("[sign_in_needed]"), "{}", o.stderr);
}
