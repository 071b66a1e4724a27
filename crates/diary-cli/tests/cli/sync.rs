//! `diary sync` and `diary inbox` against a real FHIR server (hfs on 127.0.0.1, through the
//! recording proxy of the workspace's FHIR test harness, `fhir-test-server`): a red alert
//! sent by one process appears in the inbox of another, most urgent first; its
//! acknowledgement comes back to the patient's diary after the next sync; the token is
//! stored 0600 and never printed. Errors name the flag typed, or the setting and its flag.
//! An entry the server refuses again and again is set aside and said in plain words. Over
//! TLS, the server's certificate is checked against the operating system's store, which
//! `SSL_CERT_FILE` replaces for one process: each case runs its own `diary` process, so no
//! environment change reaches another test.

use fhir_test_server::{free_port, validate_all, Hfs, Proxy};
use std::path::Path;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_diary");

pub(crate) struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `diary` with a private HOME (so the token file is the test's), no token variable.
pub(crate) fn run(home: &Path, db: &Path, args: &[&str], stdin: Option<&str>) -> Out {
    run_with(home, db, args, stdin, &[])
}

/// [`run`] with environment variables set (`Some`) or removed (`None`) for this process only.
fn run_with(
    home: &Path,
    db: &Path,
    args: &[&str],
    stdin: Option<&str>,
    env: &[(&str, Option<&Path>)],
) -> Out {
    let mut cmd = Command::new(BIN);
    for (k, v) in env {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    cmd.arg("--db")
        .arg(db)
        .args(args)
        .env_remove("SYMPTOM_DIARY_DB")
        .env_remove("DIARY_FHIR_TOKEN")
        .env("SYMPTOM_DIARY_KEYRING", "off")
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("the diary binary runs");
    {
        use std::io::Write;
        let mut i = child.stdin.take().unwrap();
        if let Some(s) = stdin {
            i.write_all(s.as_bytes()).unwrap();
        }
    }
    let out = child.wait_with_output().unwrap();
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

pub(crate) fn ok(o: Out) -> String {
    assert_eq!(o.code, 0, "stdout: {}\nstderr: {}", o.stdout, o.stderr);
    o.stdout
}

/// `diary sync` and `diary inbox` work unchanged on both test servers (issue 12): hfs and
/// Medplum's FHIR router, two independent implementations.
#[test]
fn a_red_alert_reaches_another_process_inbox_and_its_acknowledgement_comes_back() {
    for server in fhir_test_server::Server::ALL {
        eprintln!("server: {}", server.name());
        red_alert_round_trip(server);
    }
}

fn red_alert_round_trip(server: fhir_test_server::Server) {
    let running = fhir_test_server::start_or_skip!(server.start());
    let proxy = Proxy::start(running.port());
    let url = proxy.base();
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path();
    let (a, b, clinic) = (
        home.join("a.sqlite"),
        home.join("b.sqlite"),
        home.join("clinic.sqlite"),
    );

    // The token is saved 0600, outside the diary, and never printed back.
    let secret = "s3cr3t-token-value";
    let out = ok(run(
        home,
        &a,
        &["sync", "--set-token", "--server", &url],
        Some(&format!("{secret}\n")),
    ));
    assert!(!out.contains(secret));
    let token_file = home.join("config/symptom-diary/fhir-token");
    // Kept for this server's origin only.
    let origin = diary_sync::token::origin(&url).unwrap();
    assert_eq!(
        std::fs::read_to_string(&token_file).unwrap(),
        format!("origin {origin}\n{secret}\n")
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&token_file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    // Patient A: a fever with rigors (red). Patient B: an ordinary day with a green alert.
    let now = chrono::Utc::now();
    let at = (now - chrono::Duration::hours(1))
        .with_timezone(&chrono::FixedOffset::east_opt(5 * 3600).unwrap())
        .to_rfc3339();
    let logged = ok(run(
        home,
        &a,
        &[
            "log",
            "--temp",
            "39.4",
            "--sign",
            "shivering",
            "--fatigue",
            "2",
            "--at",
            &at,
        ],
        None,
    ));
    assert!(logged.contains("RED"), "{logged}");
    // "Did you reach your care team?": the answer goes with the sync, to the alert.
    ok(run(
        home,
        &a,
        &[
            "followup",
            "--report",
            "1",
            "--answer",
            "they_said",
            "--note",
            "Come to the day unit at 2 pm",
        ],
        None,
    ));
    ok(run(
        home,
        &b,
        &["log", "--fatigue", "1", "--pain", "2", "--at", &at],
        None,
    ));

    // Without a server nothing is sent, and the flag is named.
    let o = run(
        home,
        &a,
        &[
            "sync",
            "--server",
            "http://fhir.example.org",
            "--patient",
            "MRN-A",
        ],
        None,
    );
    assert_eq!(o.code, 2);
    assert!(o.stderr.starts_with("--server: "), "{}", o.stderr);

    // The care team lets these diaries create their Patients (off by default).
    for db in [&a, &b] {
        ok(run(home, db, &["sync", "--create-patient", "on"], None));
    }
    let sent = ok(run(
        home,
        &a,
        &["sync", "--server", &url, "--patient", "MRN-A", "--remember"],
        None,
    ));
    assert!(sent.contains("Sent report"), "{sent}");
    assert!(sent.contains("0 waiting"), "{sent}");
    assert!(!sent.contains(secret));
    ok(run(
        home,
        &b,
        &["sync", "--server", &url, "--patient", "MRN-B"],
        None,
    ));

    // Another process, the clinician's: the red alert first, with the report behind it.
    let inbox = ok(run(
        home,
        &clinic,
        &["inbox", "--server", &url, "--json"],
        None,
    ));
    let items: serde_json::Value = serde_json::from_str(&inbox).unwrap();
    let items = items.as_array().unwrap();
    assert!(!items.is_empty());
    assert_eq!(items[0]["level"], "red", "{inbox}");
    assert!(items[0]["patient"].as_str().unwrap().ends_with("|MRN-A"));
    let words = items[0]["report"].as_array().unwrap();
    assert!(
        words.iter().any(|w| w == "temperature 39.4 °C"),
        "{words:?}"
    );
    let levels: Vec<u8> = items
        .iter()
        .map(|i| match i["level"].as_str().unwrap() {
            "red" => 3,
            "amber" => 2,
            _ => 1,
        })
        .collect();
    assert!(
        levels.windows(2).all(|w| w[0] >= w[1]),
        "most urgent first: {levels:?}"
    );
    let table = ok(run(home, &clinic, &["inbox", "--server", &url], None));
    assert!(
        table.contains("MRN-A") && table.contains("report: "),
        "{table}"
    );
    assert!(
        table.contains("    follow-up ")
            && table.contains("said: \"Come to the day unit at 2 pm\""),
        "{table}"
    );

    let id = items[0]["id"].as_str().unwrap();
    let acked = ok(run(
        home,
        &clinic,
        &[
            "inbox",
            "--server",
            &url,
            "ack",
            id,
            "--by",
            "Nurse Karimova",
        ],
        None,
    ));
    assert!(acked.starts_with("Acknowledged red"), "{acked}");
    let again = ok(run(
        home,
        &clinic,
        &["inbox", "--server", &url, "ack", id],
        None,
    ));
    assert!(again.contains("already acknowledged"), "{again}");
    let after: serde_json::Value = serde_json::from_str(&ok(run(
        home,
        &clinic,
        &["inbox", "--server", &url, "--json"],
        None,
    )))
    .unwrap();
    assert!(after.as_array().unwrap().iter().all(|i| i["id"] != id));
    // Seen is not closed: it waits in the seen list, with who saw it, until closed.
    let seen = ok(run(
        home,
        &clinic,
        &["inbox", "--server", &url, "--seen"],
        None,
    ));
    assert!(
        seen.contains("seen: ") && seen.contains(" by Nurse Karimova"),
        "{seen}"
    );
    let closed = ok(run(
        home,
        &clinic,
        &["inbox", "--server", &url, "close", id],
        None,
    ));
    assert!(closed.starts_with("Closed red"), "{closed}");
    let seen: serde_json::Value = serde_json::from_str(&ok(run(
        home,
        &clinic,
        &["inbox", "--server", &url, "--seen", "--json"],
        None,
    )))
    .unwrap();
    assert!(seen.as_array().unwrap().iter().all(|i| i["id"] != id));

    // The patient's diary learns it at the next sync (the saved settings supply the flags).
    let before = ok(run(home, &a, &["list"], None));
    assert!(!before.contains("seen by your care team"), "{before}");
    let synced = ok(run(home, &a, &["sync"], None));
    assert!(
        synced.contains("Your care team has seen 1 more alert"),
        "{synced}"
    );
    let list = ok(run(home, &a, &["list"], None));
    assert!(list.contains("seen by your care team at "), "{list}");
    let rows: serde_json::Value =
        serde_json::from_str(&ok(run(home, &a, &["list", "--json"], None))).unwrap();
    assert!(
        rows[0]["seen_by_team_at"]
            .as_str()
            .is_some_and(|t| t.ends_with('Z')),
        "{rows}"
    );
    let status = ok(run(home, &a, &["sync", "--status"], None));
    assert!(
        status.starts_with("last sent ") && status.contains(", 0 waiting"),
        "{status}"
    );

    validate_all(&proxy.bodies());
}

#[test]
fn sync_exits_non_zero_and_keeps_everything_when_the_server_is_unreachable() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path();
    let db = home.join("a.sqlite");
    ok(run(home, &db, &["log", "--fatigue", "1"], None));
    let port = free_port();
    let o = run(
        home,
        &db,
        &[
            "sync",
            "--server",
            &format!("http://127.0.0.1:{port}"),
            "--patient",
            "MRN-A",
        ],
        None,
    );
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert!(o.stderr.contains("[network]"), "{}", o.stderr);
    assert!(o.stderr.contains("still waiting"), "{}", o.stderr);
    let status = ok(run(home, &db, &["sync", "--status"], None));
    assert!(
        status.starts_with("not sent yet, ")
            && status.contains(" waiting — last error: could not reach"),
        "{status}"
    );
}

#[test]
fn errors_name_the_flag_typed_or_the_setting_saved_and_its_flag() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path();
    let db = home.join("a.sqlite");
    let input = |args: &[&str]| {
        let o = run(home, &db, args, None);
        assert_eq!(o.code, 2, "{args:?}: {}", o.stderr);
        o.stderr.trim_end().to_string()
    };
    // Nothing saved, nothing typed: the setting is named, and the flag that gives it.
    let e = input(&["sync"]);
    assert!(
        e.starts_with("sync.server_url: no address") && e.ends_with("; give --server URL"),
        "{e}"
    );
    let e = input(&["sync", "--server", "https://fhir.example.org"]);
    assert!(
        e.starts_with("sync.patient: no patient identifier") && e.ends_with("; give --patient ID"),
        "{e}"
    );
    let e = input(&["sync", "--remember"]);
    assert!(
        e.starts_with("sync.server_url: turning sync on needs")
            && e.ends_with("; give --server URL"),
        "{e}"
    );
    // A wrong value typed: the flag is named.
    let e = input(&[
        "sync",
        "--server",
        "http://fhir.example.org",
        "--patient",
        "MRN-A",
    ]);
    assert!(
        e.starts_with("--server: \"http://fhir.example.org\" must use https"),
        "{e}"
    );
    let e = input(&[
        "sync",
        "--server",
        "https://fhir.example.org",
        "--patient",
        "hospital|42",
    ]);
    assert!(e.starts_with("--patient: the identifier system"), "{e}");
    let e = input(&[
        "sync",
        "--server",
        "http://fhir.example.org",
        "--patient",
        "MRN-A",
        "--remember",
    ]);
    assert!(e.starts_with("--server: "), "{e}");
    // The clinician's acknowledgement: a wrong id is refused before anything is sent.
    let port = free_port();
    let url = format!("http://127.0.0.1:{port}");
    let e = input(&["inbox", "--server", &url, "ack", "Task/1"]);
    assert_eq!(e, "ALERT_ID: \"Task/1\" is not an alert id from the inbox");
    let e = input(&["inbox", "--server", "http://fhir.example.org"]);
    assert!(e.starts_with("--server: "), "{e}");
    // Nothing was saved by any of it.
    let status = ok(run(home, &db, &["sync", "--status"], None));
    assert!(status.contains("(automatic sync is off)"), "{status}");
}

/// Issue 12, item 3: `diary sync` finds the Patient and asks "Is this you?" with the name
/// and birth year the server holds, sending nothing until `--confirm`; a mistyped
/// identifier sends nothing, creates nothing and says so, in the diary's language.
#[test]
fn sync_asks_is_this_you_before_sending_and_a_mistyped_identifier_sends_nothing() {
    let hfs = fhir_test_server::start_or_skip!(Hfs::start());
    let url = hfs.base();
    diary_sync::Client::new(&url, None, diary_sync::ClientOptions::default())
        .unwrap()
        .request(
            diary_sync::client::Method::POST,
            "Patient",
            &[],
            Some(&serde_json::json!({
                "resourceType": "Patient",
                "identifier": [{ "system": diary_core::store::DEFAULT_PATIENT_SYSTEM, "value": "MRN-CLI" }],
                "name": [{ "text": "Aziza Yusupova" }],
                "birthDate": "1968"
            })),
            &[],
        )
        .unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path();
    let db = home.join("p.sqlite");
    ok(run(home, &db, &["log", "--fatigue", "1"], None));
    let on_server = |ty: &str| fhir_test_server::search(&url, &format!("{ty}?_count=100")).len();

    let typo = run(
        home,
        &db,
        &["sync", "--server", &url, "--patient", "MRN-CLJ"],
        None,
    );
    assert_eq!(typo.code, 1, "{}", typo.stderr);
    assert!(
        typo.stderr
            .contains("no patient with the number you typed. Nothing was sent."),
        "{}",
        typo.stderr
    );
    ok(run(home, &db, &["settings", "--language", "ru"], None));
    let typo = run(
        home,
        &db,
        &["sync", "--server", &url, "--patient", "MRN-CLJ"],
        None,
    );
    assert!(
        typo.stderr.contains("Ничего не отправлено."),
        "{}",
        typo.stderr
    );
    ok(run(home, &db, &["settings", "--language", "en"], None));
    assert_eq!((on_server("Patient"), on_server("Observation")), (1, 0));

    let asked = run(
        home,
        &db,
        &["sync", "--server", &url, "--patient", "MRN-CLI"],
        None,
    );
    assert_eq!(asked.code, 1, "{}", asked.stderr);
    assert!(
        asked
            .stdout
            .starts_with("Is this you? Aziza Yusupova, born 1968."),
        "{}",
        asked.stdout
    );
    assert!(
        asked.stderr.contains("diary sync --confirm"),
        "{}",
        asked.stderr
    );
    assert_eq!(
        on_server("Observation"),
        0,
        "nothing before the confirmation"
    );

    let sent = ok(run(
        home,
        &db,
        &[
            "sync",
            "--server",
            &url,
            "--patient",
            "MRN-CLI",
            "--confirm",
        ],
        None,
    ));
    assert!(
        sent.contains("Confirmed.") && sent.contains("Sent report"),
        "{sent}"
    );
    assert!(on_server("Observation") > 0);
    ok(run(home, &db, &["log", "--fatigue", "2"], None));
    let again = ok(run(
        home,
        &db,
        &["sync", "--server", &url, "--patient", "MRN-CLI"],
        None,
    ));
    assert!(
        !again.contains("Is this you?") && again.contains("Sent report"),
        "{again}"
    );
    assert_eq!(on_server("Patient"), 1);
}

#[test]
fn an_entry_refused_again_and_again_is_set_aside_said_in_plain_words_and_tried_again() {
    let hfs = fhir_test_server::start_or_skip!(Hfs::start());
    let proxy = Proxy::start(hfs.port);
    let url = proxy.base();
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path();
    let db = home.join("a.sqlite");
    ok(run(
        home,
        &db,
        &["log", "--fatigue", "1", "--no-signs"],
        None,
    ));
    ok(run(home, &db, &["settings", "--language", "ru"], None));
    // The care team lets the app create the record (nothing to confirm for a new one).
    ok(run(home, &db, &["sync", "--create-patient", "on"], None));
    // The server refuses every bundle (a 400 with an OperationOutcome), as it would refuse
    // content it cannot take; the patient lookup passes.
    proxy.set_rule(|_, m, p| {
        if m == "POST" && p == "/" {
            fhir_test_server::Fault::Status(400)
        } else {
            fhir_test_server::Fault::Pass
        }
    });
    let sync = ["sync", "--server", &url, "--patient", "MRN-ASIDE"];
    for run_no in 1..=3 {
        let o = run(home, &db, &sync, None);
        assert_eq!(o.code, 1, "run {run_no}: {}", o.stderr);
        assert!(o.stderr.contains("[rejected]"), "{}", o.stderr);
        if run_no < 3 {
            assert!(o.stderr.contains("still waiting"), "{}", o.stderr);
        } else {
            // Set aside: said in the diary's language, with the way to try again.
            assert!(
                o.stdout.contains(", 0 waiting, 1 set aside"),
                "{}",
                o.stdout
            );
            assert!(
                o.stdout
                    .contains("Записи, которые не удалось отправить: 1.")
                    && o.stdout
                        .contains("Попробовать ещё раз: diary sync --retry-set-aside"),
                "{}",
                o.stdout
            );
            assert!(o.stderr.contains("1 entry is set aside"), "{}", o.stderr);
        }
    }
    let status = run(home, &db, &["sync", "--status"], None);
    assert!(
        status.stdout.contains("1 set aside") && status.stdout.contains("--retry-set-aside"),
        "{}",
        status.stdout
    );
    let bundles = proxy.bundles().len();
    // Not sent again by a plain sync…
    let o = run(home, &db, &sync, None);
    assert_eq!(o.code, 1);
    assert_eq!(
        proxy.bundles().len(),
        bundles,
        "a set-aside entry is not sent"
    );
    // …until asked, on a server that takes it now.
    proxy.set_rule(|_, _, _| fhir_test_server::Fault::Pass);
    let mut args = sync.to_vec();
    args.push("--retry-set-aside");
    let out = ok(run(home, &db, &args, None));
    assert!(out.contains("will be tried again now"), "{out}");
    assert!(out.contains("Sent report"), "{out}");
    let status = ok(run(home, &db, &["sync", "--status"], None));
    assert!(!status.contains("set aside"), "{status}");
}

#[test]
fn tls_trusts_the_systems_store_so_a_hospitals_own_ca_works_once_trusted() {
    let hfs = fhir_test_server::start_or_skip!(Hfs::start());
    let tls = fhir_test_server::TlsProxy::start(hfs.port);
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path();
    let db = home.join("a.sqlite");
    let ca = home.join("hospital-ca.pem");
    std::fs::write(&ca, &tls.ca_pem).unwrap();
    ok(run(
        home,
        &db,
        &["log", "--fatigue", "1", "--no-signs"],
        None,
    ));
    // The care team lets the app create the record (the test's server holds none).
    ok(run(home, &db, &["sync", "--create-patient", "on"], None));
    let sync = ["sync", "--server", &tls.base(), "--patient", "MRN-TLS"];

    // The system's own store (no SSL_CERT_FILE or SSL_CERT_DIR): the test CA is not in
    // it, so the server is refused at once (no retry), in words that say why, and nothing
    // reaches it.
    let untrusted: &[(&str, Option<&Path>)] = &[("SSL_CERT_FILE", None), ("SSL_CERT_DIR", None)];
    let o = run_with(home, &db, &sync, None, untrusted);
    assert_eq!(o.code, 1, "{}", o.stdout);
    assert!(o.stderr.contains("[network]"), "{}", o.stderr);
    assert!(
        o.stderr
            .contains("the server's certificate is not trusted by this computer")
            && o.stderr.contains("UnknownIssuer")
            && !o.stderr.contains("tried"),
        "{}",
        o.stderr
    );
    println!("untrusted: {}", o.stderr.trim());
    assert_eq!(tls.handshakes.load(std::sync::atomic::Ordering::SeqCst), 0);

    // The same process with a store that holds the hospital's CA: it goes through.
    let trusted: &[(&str, Option<&Path>)] = &[("SSL_CERT_FILE", Some(&ca)), ("SSL_CERT_DIR", None)];
    let out = ok(run_with(home, &db, &sync, None, trusted));
    assert!(out.contains("Sent report"), "{out}");
    assert!(tls.handshakes.load(std::sync::atomic::Ordering::SeqCst) > 0);
    let found = fhir_test_server::search(
        &hfs.base(),
        &format!(
            "Patient?identifier={}|MRN-TLS",
            diary_core::store::DEFAULT_PATIENT_SYSTEM
        ),
    );
    assert_eq!(
        found.len(),
        1,
        "the patient reached the server behind the TLS forwarder"
    );
}

/// A-NO-REPORT through the `diary` command, on both test servers (issue 12, item 5). The
/// command reads the real clock and has no way to be given another, so the diary's only
/// report is logged 73 hours before it: `diary sync` sends one A-NO-REPORT Task, another
/// process's `diary inbox` lists it amber with the rule, and a second `diary sync` makes
/// no copy. (A new report and a later silence need a clock of the test's: the diary-sync
/// tests run that part, `a_silent_diary_sends_one_no_report_task_per_silence_on_every_server`.)
#[test]
fn a_diary_silent_for_three_days_sends_one_no_report_task() {
    for server in fhir_test_server::Server::ALL {
        eprintln!("server: {}", server.name());
        let running = fhir_test_server::start_or_skip!(server.start(), continue);
        let proxy = Proxy::start(running.port());
        let url = proxy.base();
        let tmp = tempfile::tempdir().unwrap();
        let home = tmp.path();
        let (db, clinic) = (home.join("quiet.sqlite"), home.join("clinic.sqlite"));
        let at = (chrono::Utc::now() - chrono::Duration::hours(73))
            .with_timezone(&chrono::FixedOffset::east_opt(5 * 3600).unwrap())
            .to_rfc3339();
        ok(run(
            home,
            &db,
            &["log", "--fatigue", "1", "--at", &at],
            None,
        ));
        ok(run(home, &db, &["sync", "--create-patient", "on"], None));
        let sent = ok(run(
            home,
            &db,
            &[
                "sync",
                "--server",
                &url,
                "--patient",
                "MRN-QUIET",
                "--remember",
            ],
            None,
        ));
        assert!(sent.contains("A-NO-REPORT"), "{sent}");
        assert!(sent.contains("0 waiting"), "{sent}");
        let no_report = |items: &serde_json::Value| -> Vec<serde_json::Value> {
            items
                .as_array()
                .unwrap()
                .iter()
                .filter(|i| i["rule"] == "A-NO-REPORT")
                .cloned()
                .collect()
        };
        let inbox = ok(run(
            home,
            &clinic,
            &["inbox", "--server", &url, "--json"],
            None,
        ));
        let items: serde_json::Value = serde_json::from_str(&inbox).unwrap();
        let found = no_report(&items);
        assert_eq!(found.len(), 1, "{inbox}");
        assert_eq!(found[0]["level"], "amber", "{inbox}");
        assert!(
            found[0]["patient"]
                .as_str()
                .unwrap()
                .ends_with("|MRN-QUIET"),
            "{inbox}"
        );
        assert!(
            found[0]["detail"]
                .as_str()
                .unwrap()
                .starts_with("No report for 3 days, last report "),
            "{inbox}"
        );
        assert_eq!(found[0]["report"], serde_json::json!([]), "{inbox}");
        let table = ok(run(home, &clinic, &["inbox", "--server", &url], None));
        assert!(table.contains("A-NO-REPORT"), "{table}");

        // A second run: nothing new to send, no second Task.
        let again = ok(run(home, &db, &["sync"], None));
        assert!(!again.contains("A-NO-REPORT"), "{again}");
        let items: serde_json::Value = serde_json::from_str(&ok(run(
            home,
            &clinic,
            &["inbox", "--server", &url, "--json"],
            None,
        )))
        .unwrap();
        assert_eq!(no_report(&items).len(), 1, "{items}");
        validate_all(&proxy.bodies());
    }
}

/// The clinician console from a terminal, on both test servers: `diary panel` lists the patient with an
/// overdue red first, `diary inbox` marks it at the top, `ack --note` leaves the note on
/// the alert for everyone who lists it, and a wrong note or patient names its flag. The
/// red is logged an hour before the wall clock the `diary` process reads, so it is overdue
/// whatever the exact minute; no assertion depends on how long anything took.
#[test]
fn the_panel_lists_overdue_reds_first_and_an_acknowledgement_carries_its_note() {
    for server in fhir_test_server::Server::ALL {
        eprintln!("server: {}", server.name());
        panel_on(server);
    }
}

fn panel_on(server: fhir_test_server::Server) {
    let running = fhir_test_server::start_or_skip!(server.start());
    let url = running.base();
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path();
    let (a, b, clinic) = (
        home.join("a.sqlite"),
        home.join("b.sqlite"),
        home.join("clinic.sqlite"),
    );
    let off = chrono::FixedOffset::east_opt(5 * 3600).unwrap();
    let hours_ago = |h: i64| {
        (chrono::Utc::now() - chrono::Duration::hours(h))
            .with_timezone(&off)
            .to_rfc3339()
    };
    ok(run(
        home,
        &a,
        &[
            "log",
            "--temp",
            "39.4",
            "--sign",
            "shivering",
            "--at",
            &hours_ago(1),
        ],
        None,
    ));
    ok(run(
        home,
        &b,
        &["log", "--pain", "3", "--at", &hours_ago(2)],
        None,
    ));
    for (db, mrn) in [(&a, "MRN-PANEL-A"), (&b, "MRN-PANEL-B")] {
        ok(run(home, db, &["sync", "--create-patient", "on"], None));
        ok(run(
            home,
            db,
            &["sync", "--server", &url, "--patient", mrn],
            None,
        ));
    }

    let panel = ok(run(home, &clinic, &["panel", "--server", &url], None));
    let lines: Vec<&str> = panel.lines().collect();
    assert!(lines[0].starts_with("OVERDUE  MRN-PANEL-A: "), "{panel}");
    assert!(lines[0].contains(" overdue)"), "{panel}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("AMBER    MRN-PANEL-B: ")),
        "{panel}"
    );
    assert!(
        panel.contains("\n2 patients; ") && panel.contains(" overdue red alert"),
        "{panel}"
    );
    let rows: serde_json::Value = serde_json::from_str(&ok(run(
        home,
        &clinic,
        &["panel", "--server", &url, "--json"],
        None,
    )))
    .unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 2, "{rows}");
    assert!(rows[0]["overdue_red"].as_u64().unwrap() >= 1, "{rows}");
    assert_eq!(rows[1]["open_amber"], 1, "{rows}");
    let a_ref = rows[0]["patient_ref"].as_str().unwrap().to_string();

    // The inbox: the overdue red at the very top, said in words.
    let inbox = ok(run(home, &clinic, &["inbox", "--server", &url], None));
    let lines: Vec<&str> = inbox.lines().collect();
    assert!(lines[1].contains("  red  "), "{inbox}");
    assert!(
        lines[2].starts_with("    OVERDUE — red for ")
            && lines[2].ends_with(", nobody has acknowledged it"),
        "{inbox}"
    );
    let items: serde_json::Value = serde_json::from_str(&ok(run(
        home,
        &clinic,
        &["inbox", "--server", &url, "--json"],
        None,
    )))
    .unwrap();
    assert_eq!(items[0]["overdue"], true, "{items}");
    let id = items[0]["id"].as_str().unwrap();

    // A wrong note is refused, naming the flag; nothing is acknowledged.
    let o = run(
        home,
        &clinic,
        &["inbox", "--server", &url, "ack", id, "--note", "a\u{7}b"],
        None,
    );
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.starts_with("--note: "), "{}", o.stderr);
    let acked = ok(run(
        home,
        &clinic,
        &[
            "inbox",
            "--server",
            &url,
            "ack",
            id,
            "--note",
            "called her, coming in",
            "--by",
            "Nurse Aziza",
        ],
        None,
    ));
    assert!(acked.starts_with("Acknowledged red"), "{acked}");
    let seen = ok(run(
        home,
        &clinic,
        &["inbox", "--server", &url, "--seen"],
        None,
    ));
    assert!(
        seen.contains("    care-team note by Nurse Aziza at ")
            && seen.contains(": called her, coming in"),
        "{seen}"
    );

    // One patient's page: the report and the alert with its note.
    let page = ok(run(
        home,
        &clinic,
        &["panel", "--server", &url, "--patient", &a_ref],
        None,
    ));
    assert!(
        page.contains("Reports since ") && page.contains("temperature 39.4 °C"),
        "{page}"
    );
    assert!(
        page.contains("care-team note by Nurse Aziza: called her, coming in"),
        "{page}"
    );
    let o = run(
        home,
        &clinic,
        &["panel", "--server", &url, "--patient", "Observation/1"],
        None,
    );
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.starts_with("--patient: "), "{}", o.stderr);
}
