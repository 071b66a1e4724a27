//! The `diary` command's one integration-test binary: the real binary, run as a user
//! would, on diaries in temporary folders (never the user's own).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod checkin;
mod report;
mod smart;
mod sync;
mod trust;

const BIN: &str = env!("CARGO_BIN_EXE_diary");

fn samples() -> PathBuf {
    Path::new(&std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
        .join("../../assets/samples")
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

pub(crate) fn diary(db: &Path, args: &[&str]) -> Run {
    let out: Output = Command::new(BIN)
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("SYMPTOM_DIARY_DB")
        // The key in a file beside the test's diary, never in the user's keyring.
        .env("SYMPTOM_DIARY_KEYRING", "off")
        .output()
        .expect("the diary binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

pub(crate) fn ok(run: Run) -> String {
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    run.stdout
}

#[test]
fn every_sample_round_trips_through_import_and_export() {
    for name in [
        "capecitabine-month.json",
        "jaundice-developing.json",
        "empty-profile.json",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let file = samples().join(name);
        let a = dir.path().join("a.sqlite");
        ok(diary(&a, &["import", file.to_str().unwrap()]));
        let first = ok(diary(&a, &["export"]));
        let exported = dir.path().join("first.json");
        std::fs::write(&exported, &first).unwrap();

        let b = dir.path().join("b.sqlite");
        ok(diary(&b, &["import", exported.to_str().unwrap()]));
        let second_file = dir.path().join("second.json");
        ok(diary(&b, &["export", second_file.to_str().unwrap()]));
        // An export holds health data: readable by its owner only.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&second_file)
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600, "export mode {mode:o}");
        }
        assert_eq!(
            std::fs::read_to_string(&second_file).unwrap(),
            first,
            "{name}"
        );

        // The export says the same as the sample, field for field.
        let sample: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let back: serde_json::Value = serde_json::from_str(&first).unwrap();
        assert_eq!(
            sample["reports"].as_array().unwrap().len(),
            back["reports"].as_array().unwrap().len()
        );
        assert_eq!(sample["profile"], back["profile"], "{name}");
    }
}

/// Format version 3: the course history travels with an export, keeps its ids, is not
/// added twice, and a course id that the diary holds with other content is refused,
/// naming the field, with nothing written.
#[test]
fn treatment_courses_travel_through_export_and_import() {
    let dir = tempfile::tempdir().unwrap();
    let id = "5c2e8a71-0d4b-4f6e-9a3c-7b1d2e4f6a80";
    let doc = |end: &str| {
        format!(
            r#"{{"format":"symptom-diary","version":3,"profile":{{"therapies":["taxane","capecitabine"]}},"reports":[{{"recorded_at":"2026-09-03T08:30:00+05:00","ratings":{{"fatigue":2}}}}],"courses":[{{"id":"{id}","drugs":["paclitaxel"],"started_on":"2026-09-01","cycle_days":21{end}}},{{"drugs":["capecitabine"],"started_on":"2026-11-01"}}]}}"#
        )
    };
    let file = dir.path().join("v3.json");
    std::fs::write(&file, doc("")).unwrap();
    let a = dir.path().join("a.sqlite");
    let said = ok(diary(&a, &["import", file.to_str().unwrap()]));
    assert!(said.contains("2 treatment course(s)"), "{said}");
    let exported: serde_json::Value = serde_json::from_str(&ok(diary(&a, &["export"]))).unwrap();
    assert_eq!(exported["version"], 3);
    let courses = exported["courses"].as_array().unwrap();
    assert_eq!(courses.len(), 2);
    assert_eq!(courses[0]["id"], id);
    assert_eq!(courses[0]["cycle_days"], 21);
    assert_eq!(courses[1]["drugs"][0], "capecitabine");
    assert!(courses[1]["id"].is_string());

    // Again: nothing added.
    let said = ok(diary(&a, &["import", file.to_str().unwrap()]));
    assert!(said.contains("0 treatment course(s)"), "{said}");
    assert!(said.contains("2 course(s) were already"), "{said}");

    // The same id with other content: refused whole, the field named.
    let changed = dir.path().join("changed.json");
    std::fs::write(&changed, doc(r#","ended_on":"2026-10-31""#)).unwrap();
    let run = diary(&a, &["import", changed.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "courses[0].id: \"{id}\" already exists in this diary with different content"
        )),
        "{}",
        run.stderr
    );
    let after: serde_json::Value = serde_json::from_str(&ok(diary(&a, &["export"]))).unwrap();
    assert_eq!(after, exported);
}

/// Every invalid example the spec names: exit status 2, one line naming the field,
/// and nothing written to a diary that already held data.
#[test]
fn invalid_documents_are_refused_naming_the_field_and_nothing_is_written() {
    let head = r#""format":"symptom-diary","version":1,"profile":{}"#;
    let r = |body: &str| {
        format!(
            r#"{{{head},"reports":[{{"recorded_at":"2026-11-20T08:30:00+05:00"}},{{"recorded_at":"2026-11-21T08:30:00+05:00"}},{{"recorded_at":"2026-11-22T08:30:00+05:00"}},{{"recorded_at":"2026-11-23T08:30:00+05:00",{body}}}]}}"#
        )
    };
    let cases: Vec<(String, &str)> = vec![
        (r(r#""ratings":{"pain":7}"#), "reports[3].ratings.pain: 7 is out of range 0–4"),
        (r(r#""ratings":{"pain":1,"pain":2}"#), "reports[3].ratings.pain: is given twice"),
        (r(r#""note":null"#), "reports[3].note: null is not allowed"),
        (r(r#""stools_above_usual":2.0"#), "reports[3].stools_above_usual: 2.0 is not a whole number"),
        (r(r#""vomiting_episodes":1e1"#), "reports[3].vomiting_episodes: 10.0 is not a whole number"),
        (r(r#""stools_above_usual":51"#), "reports[3].stools_above_usual: 51 is out of range 0–50"),
        (r(r#""temperature_c":29.9"#), "reports[3].temperature_c: 29.9 is out of range 30.0–45.0"),
        (r(r#""weight_kg":301"#), "reports[3].weight_kg: 301 is out of range 20.0–300.0"),
        (r(r#""reporter":"nurse""#), "reports[3].reporter: \"nurse\" is not one of patient, caregiver"),
        (r(r#""signs":["fever"]"#), "reports[3].signs[0]: \"fever\" is not one of"),
        (r(r#""signs":["confusion","confusion"]"#), "reports[3].signs[1]: \"confusion\" is given twice"),
        (r(r#""ratings":{"mood":2}"#), "reports[3].ratings.mood: is not a known rating"),
        (r(r#""colour":"red""#), "reports[3].colour: is not a known field"),
        (r(&format!(r#""note":"{}""#, "a".repeat(2001))), "reports[3].note: is 2001 characters long"),
        (
            format!(r#"{{{head},"reports":[{{"recorded_at":"2026-11-20T08:30:00"}}]}}"#),
            "reports[0].recorded_at: \"2026-11-20T08:30:00\" is not an RFC 3339 date-time",
        ),
        (
            format!(r#"{{{head},"reports":[{{"recorded_at":"2099-11-20T08:30:00Z"}}]}}"#),
            "reports[0].recorded_at: 2099-11-20T08:30:00+00:00 is in the future",
        ),
        (
            r#"{"format":"symptom-diary","version":4,"profile":{},"reports":[]}"#.to_string(),
            "version: 4 is not a version this diary can read",
        ),
        (
            r#"{"format":"symptom-diary","version":1.0,"profile":{},"reports":[]}"#.to_string(),
            "version: 1.0 is not a version this diary can read",
        ),
        (
            r#"{"format":"other","version":1,"profile":{},"reports":[]}"#.to_string(),
            "format: \"other\" is not \"symptom-diary\"",
        ),
        (
            r#"{"format":"symptom-diary","version":1,"profile":{"fever_threshold_c":39.5},"reports":[]}"#.to_string(),
            "profile.fever_threshold_c: 39.5 is out of range 37.0–39.0",
        ),
        (
            r#"{"format":"symptom-diary","version":1,"profile":{"therapies":["chemo"]},"reports":[]}"#.to_string(),
            "profile.therapies[0]: \"chemo\" is not one of",
        ),
        (
            r#"{"format":"symptom-diary","version":1,"profile":{},"reports":[],"extra":1}"#.to_string(),
            "extra: is not a known field",
        ),
        (
            r#"{"format":"symptom-diary","version":1,"profile":{}}"#.to_string(),
            "reports: is required",
        ),
        (
            format!(r#"{{{head},"reports":[],"labs":[{{"taken_on":"2026-11-18","test":"bilirubin","value":42,"unit":"U/L","ref_high":21}}]}}"#),
            "labs[0].unit: \"U/L\" is not a unit for bilirubin",
        ),
        (
            format!(r#"{{{head},"reports":[],"labs":[{{"taken_on":"2026-11-18","test":"bilirubin","value":42,"unit":"µmol/L","ref_high":21}}]}}"#),
            "labs[0].unit: \"µmol/L\" is not one of",
        ),
        (
            format!(r#"{{{head},"reports":[],"labs":[{{"taken_on":"2026-11-18","test":"platelets","value":42,"unit":"10^9/L"}}]}}"#),
            "labs[0].ref_low: is required",
        ),
        (
            format!(r#"{{{head},"reports":[],"labs":[{{"taken_on":"2026-11-18","test":"alt","value":42,"unit":"U/L","ref_low":50,"ref_high":40}}]}}"#),
            "labs[0].ref_high: ref_low (50) must be less than ref_high (40)",
        ),
        (
            format!(r#"{{{head},"reports":[],"labs":[{{"taken_on":"18.11.2026","test":"alt","value":42,"unit":"U/L","ref_high":40}}]}}"#),
            "labs[0].taken_on: \"18.11.2026\" is not a date YYYY-MM-DD",
        ),
        (
            format!(r#"{{{head},"reports":[],"labs":[{{"taken_on":"2026-11-18","test":"alt","value":-1,"unit":"U/L","ref_high":40}}]}}"#),
            "labs[0].value: -1 is below 0",
        ),
    ];

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("diary.sqlite");
    let sample = samples().join("capecitabine-month.json");
    ok(diary(&db, &["import", sample.to_str().unwrap()]));
    let before = ok(diary(&db, &["export"]));

    for (i, (doc, expect)) in cases.iter().enumerate() {
        let file = dir.path().join(format!("bad{i}.json"));
        std::fs::write(&file, doc).unwrap();
        for command in ["import", "check"] {
            let run = diary(&db, &[command, file.to_str().unwrap()]);
            if command == "check" && expect.contains("in the future") {
                // `diary check` triages as of the latest report, so no time is "future" to it.
                assert_eq!(run.code, 0, "{}", run.stderr);
                continue;
            }
            assert_eq!(run.code, 2, "{command} {doc}: {}", run.stderr);
            assert_eq!(run.stdout, "", "{command}: nothing on stdout");
            assert_eq!(run.stderr.lines().count(), 1, "one line: {}", run.stderr);
            assert!(
                run.stderr.starts_with(expect),
                "{command}: expected {expect:?}, got {:?}",
                run.stderr
            );
        }
        assert_eq!(
            ok(diary(&db, &["export"])),
            before,
            "case {i} changed the diary"
        );
    }
}

/// A diary that holds words new in version 2 of the format (the rating rash, the sign
/// hand_flap, the therapy abemaciclib) exports as version 2 and imports back whole.
#[test]
fn a_diary_with_version_2_words_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.sqlite");
    ok(diary(&a, &["profile", "--therapy", "abemaciclib"]));
    ok(diary(
        &a,
        &[
            "log",
            "--rash",
            "2",
            "--sign",
            "hand_flap",
            "--fatigue",
            "1",
        ],
    ));
    let exported = dir.path().join("v2.json");
    ok(diary(&a, &["export", exported.to_str().unwrap()]));
    let text = std::fs::read_to_string(&exported).unwrap();
    assert!(text.contains("\"version\": 3"), "{text}");
    let b = dir.path().join("b.sqlite");
    ok(diary(&b, &["import", exported.to_str().unwrap()]));
    assert_eq!(ok(diary(&b, &["export"])), text);
}

/// The warning-sign checklist: --no-signs (or a --sign) answers it; a report with neither
/// is saved as not screened and never hears "nothing needs action".
#[test]
fn a_report_that_skipped_the_checklist_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite");
    let skipped = ok(diary(&db, &["log", "--fatigue", "0"]));
    assert!(skipped.contains("were not answered"), "{skipped}");
    assert!(
        !skipped.contains("nothing in today's report needs action"),
        "{skipped}"
    );
    let answered = ok(diary(&db, &["log", "--fatigue", "0", "--no-signs"]));
    assert!(
        answered.contains("nothing in today's report needs action"),
        "{answered}"
    );
    let rows: serde_json::Value =
        serde_json::from_str(&ok(diary(&db, &["list", "--json"]))).unwrap();
    assert_eq!(rows[0]["screened"], true, "{rows}");
    assert!(rows[1].get("screened").is_none(), "{rows}");
    let both = diary(&db, &["log", "--no-signs", "--sign", "confusion"]);
    assert_eq!(both.code, 2, "{}", both.stderr);
}

#[test]
fn a_file_that_is_not_json_is_named_by_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.json");
    std::fs::write(&file, "{\"format\": NaN}").unwrap();
    let db = dir.path().join("d.sqlite");
    for command in ["check", "import"] {
        let run = diary(&db, &[command, file.to_str().unwrap()]);
        assert_eq!(run.code, 2);
        assert_eq!(run.stdout, "");
        assert!(
            run.stderr
                .starts_with(&format!("{}: not valid JSON", file.display())),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn check_follows_the_contract_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("never-created.sqlite");
    let empty = samples().join("empty-profile.json");
    let out = ok(diary(&db, &["check", empty.to_str().unwrap()]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v,
        serde_json::json!({"level": "none", "ruleset": "2", "alerts": []})
    );

    // Labs and no reports: triaged lab-only, as of the newest lab's date (ruleset v2).
    let labs_only = dir.path().join("labs-only.json");
    std::fs::write(
        &labs_only,
        r#"{"format":"symptom-diary","version":1,"profile":{},"reports":[],
            "labs":[{"taken_on":"2026-11-11","test":"neutrophils","value":0.8,"unit":"10^9/L","ref_low":2.0},
                    {"taken_on":"2026-11-18","test":"alt","value":30,"unit":"U/L","ref_high":40}]}"#,
    )
    .unwrap();
    let out = ok(diary(&db, &["check", labs_only.to_str().unwrap()]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v,
        serde_json::json!({"level": "amber", "ruleset": "2", "alerts": [
            {"rule": "A-LAB", "level": "amber", "subject": "labs",
             "detail": "neutrophils 0.8 10^9/L below LLN 2 10^9/L (grade 3) on 2026-11-11",
             "message_key": "alert.A-LAB"}]})
    );

    let jaundice = samples().join("jaundice-developing.json");
    let out = ok(diary(&db, &["check", jaundice.to_str().unwrap()]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["level"], "red");
    assert_eq!(v["ruleset"], "2");
    let alerts = v["alerts"].as_array().unwrap();
    assert!(alerts
        .iter()
        .any(|a| a["rule"] == "R-FEVER" && a["subject"] == "temperature"));
    // Red first, then amber, then green.
    let rank = |l: &str| match l {
        "red" => 0,
        "amber" => 1,
        _ => 2,
    };
    let levels: Vec<i32> = alerts
        .iter()
        .map(|a| rank(a["level"].as_str().unwrap()))
        .collect();
    assert!(levels.windows(2).all(|w| w[0] <= w[1]), "{levels:?}");
    // `followups`: one per alert in the same order; a red report's ambers and reds follow
    // E-1's no-answer schedule, green alerts none (clinical reference v3, *What `diary
    // check` reports*).
    let followups = v["followups"].as_array().unwrap();
    assert_eq!(followups.len(), alerts.len());
    let e1 = serde_json::json!([
        {"after_minutes": 15, "action": "ask_reached"},
        {"after_minutes": 30, "action": "show_emergency_first"},
        {"after_minutes": 30, "action": "notify_caregiver"},
        {"after_minutes": 120, "action": "persistent_banner"},
        {"after_minutes": 120, "action": "notify_caregiver"},
        {"after_minutes": 1440, "action": "silence_alert"},
        {"after_minutes": 4320, "action": "end"}]);
    for (f, a) in followups.iter().zip(alerts) {
        assert_eq!((&f["rule"], &f["subject"]), (&a["rule"], &a["subject"]));
        let expect = match a["level"].as_str().unwrap() {
            "red" | "amber" => e1.clone(),
            _ => serde_json::json!([]),
        };
        assert_eq!(f["steps"], expect, "{f}");
    }
    assert!(!db.exists(), "check must not create a diary");
}

#[test]
fn log_saves_triages_and_list_shows_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite");
    ok(diary(&db, &["profile", "--therapy", "capecitabine"]));
    let out = ok(diary(
        &db,
        &[
            "log",
            "--fatigue",
            "2",
            "--pain",
            "1",
            "--temp",
            "38.2",
            "--sign",
            "dark_urine",
            "--note",
            "<b>slept badly</b>",
            "--caregiver",
            "--at",
            "2026-11-20T08:30:00+05:00",
        ],
    ));
    assert!(out.contains("R-FEVER") || out.contains("24-hour"), "{out}");

    let table = ok(diary(&db, &["list"]));
    assert!(table.contains("2026-11-20 08:30"), "{table}");
    assert!(table.contains("red"), "{table}");
    assert!(table.contains("caregiver"), "{table}");

    let rows: serde_json::Value =
        serde_json::from_str(&ok(diary(&db, &["list", "--json"]))).unwrap();
    assert_eq!(rows[0]["recorded_at"], "2026-11-20T08:30:00+05:00");
    assert_eq!(rows[0]["reporter"], "caregiver");
    assert_eq!(rows[0]["ratings"]["fatigue"], 2);
    assert_eq!(rows[0]["temperature_c"], 38.2);
    assert_eq!(rows[0]["signs"][0], "dark_urine");
    assert_eq!(rows[0]["note"], "<b>slept badly</b>");
    assert_eq!(rows[0]["triage"]["level"], "red");
}

#[test]
fn a_bad_log_is_refused_naming_the_field_and_nothing_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite");
    ok(diary(&db, &["log", "--fatigue", "1"]));
    for (args, expect) in [
        (
            vec!["--pain", "7"],
            "report.ratings.pain: 7 is out of range 0–4",
        ),
        (
            vec!["--temp", "51"],
            "report.temperature_c: 51.0 is out of range 30.0–45.0",
        ),
        (
            vec!["--sign", "fever"],
            "report.signs[0]: \"fever\" is not one of",
        ),
        (
            vec!["--sign", "shivering", "--sign", "shivering"],
            "report.signs[1]: \"shivering\" is given twice",
        ),
        (
            vec!["--at", "yesterday"],
            "report.recorded_at: \"yesterday\" is not an RFC 3339",
        ),
    ] {
        let mut all = vec!["log"];
        all.extend(args.iter());
        let run = diary(&db, &all);
        assert_eq!(run.code, 2, "{args:?}");
        assert!(run.stderr.starts_with(expect), "{args:?}: {}", run.stderr);
    }
    let rows: serde_json::Value =
        serde_json::from_str(&ok(diary(&db, &["list", "--json"]))).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 1);
}

#[test]
fn a_diary_from_a_newer_version_is_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite");
    ok(diary(&db, &["log", "--fatigue", "1"]));
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        let key = std::fs::read_to_string(dir.path().join("d.sqlite.key")).unwrap();
        c.execute_batch(&format!("PRAGMA key = \"x'{}'\";", key.trim()))
            .unwrap();
        c.pragma_update(None, "user_version", 99).unwrap();
    }
    let run = diary(&db, &["list"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("newer version"), "{}", run.stderr);
}

#[test]
fn help_reads_well() {
    let run = Command::new(BIN).arg("--help").output().unwrap();
    let text = String::from_utf8(run.stdout).unwrap();
    for word in ["log", "list", "check", "import", "export", "--db"] {
        assert!(text.contains(word), "{word} missing from --help:\n{text}");
    }
}

/// `diary manpage` (hidden from --help; scripts/package.sh ships its output as diary.1.gz)
/// is a roff page with a section per subcommand, made from the same clap definition.
#[test]
fn the_manual_page_covers_every_subcommand() {
    let out = Command::new(BIN).arg("manpage").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(
        page.contains(".TH diary 1"),
        "not a roff manual page:\n{page}"
    );
    for sub in [
        "log", "list", "check", "import", "export", "csv", "followup", "profile", "settings",
        "lab", "sync", "inbox", "panel",
    ] {
        let heading = format!(".SH \"DIARY {}\"", sub.to_uppercase());
        assert!(
            page.contains(&heading),
            "{heading} missing from the manual page"
        );
    }
    assert!(
        page.contains("fatigue"),
        "the log flags are missing:\n{page}"
    );
    assert!(
        !page.contains("DIARY MANPAGE"),
        "the hidden subcommand is documented"
    );
    let help = Command::new(BIN).arg("--help").output().unwrap();
    assert!(!String::from_utf8(help.stdout).unwrap().contains("manpage"));
}

/// The flags and help texts that name a vocabulary are made from diary-core's lists: every
/// rating is a flag, every sign, therapy, lab test and unit is listed.
#[test]
fn help_lists_the_cores_vocabulary() {
    let help = |args: &[&str]| {
        let out = Command::new(BIN).args(args).arg("--help").output().unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let log = help(&["log"]);
    for flag in [
        "--fatigue",
        "--appetite-loss",
        "--shortness-of-breath",
        "--low-mood",
    ] {
        assert!(log.contains(flag), "{flag} missing:\n{log}");
    }
    assert_eq!(log.matches("<0-4>").count(), 19, "{log}");
    assert!(log.contains("--rash"), "{log}");
    for sign in [
        "dark_urine",
        "breathless_at_rest",
        "hand_flap",
        "skin_blisters",
    ] {
        assert!(log.contains(sign), "{sign} missing:\n{log}");
    }
    let profile = help(&["profile"]);
    assert!(
        profile.contains("cdk46_inhibitor")
            && profile.contains("t_dxd")
            && profile.contains("abemaciclib")
            && profile.contains("pi3k_akt_inhibitor"),
        "{profile}"
    );
    let lab = help(&["lab"]);
    assert!(
        lab.contains("neutrophils") && lab.contains("10^3/uL"),
        "{lab}"
    );
    let settings = help(&["settings"]);
    assert!(
        settings.contains("en, ru, uz") && settings.contains("caregiver"),
        "{settings}"
    );
}

/// A red report prints the 24-hour number and the emergency number, in every language.
#[test]
fn a_red_log_shows_both_numbers_in_every_language() {
    for (lang, word) in [
        ("en", "24-hour"),
        ("ru", "круглосуточн"),
        ("uz", "24 soatlik"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("d.sqlite");
        ok(diary(
            &db,
            &[
                "settings",
                "--language",
                lang,
                "--line-24h",
                "+998 71 000 11 22",
                "--emergency",
                "103",
            ],
        ));
        let out = ok(diary(
            &db,
            &["log", "--temp", "38.6", "--sign", "confusion"],
        ));
        let headline = out
            .lines()
            .find(|l| l.starts_with("RED: "))
            .unwrap_or_else(|| {
                panic!("{lang}: no red headline in\n{out}");
            });
        assert!(headline.contains("+998 71 000 11 22"), "{lang}: {headline}");
        assert!(headline.contains("103"), "{lang}: {headline}");
        assert!(headline.contains(word), "{lang}: {headline}");
        if lang != "en" {
            assert!(
                !headline.contains("Call your"),
                "{lang} is in English: {headline}"
            );
        }
    }
}

/// The care team's office hours through `diary profile`: set, shown as the format writes
/// them, changed one part at a time, refused naming the field (exit status 2, nothing
/// changed), and cleared. `diary log` judges them at the report's own time: inside, an
/// amber gives the team's number; outside, the 24-hour line first, then the team's.
#[test]
fn office_hours_are_set_with_the_profile_and_judged_at_the_reports_time() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite");
    ok(diary(
        &db,
        &[
            "settings",
            "--team-phone",
            "0300 111 222",
            "--line-24h",
            "0300 999 000",
        ],
    ));
    let shown = ok(diary(
        &db,
        &[
            "profile",
            "--office-days",
            "mon,tue",
            "--office-days",
            "fri",
            "--office-open",
            "08:30",
            "--office-close",
            "17:00",
        ],
    ));
    let profile: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(
        profile["office_hours"],
        serde_json::json!({"days": ["mon", "tue", "fri"], "open": "08:30", "close": "17:00"})
    );
    // One part at a time: the rest is kept.
    let shown = ok(diary(&db, &["profile", "--office-close", "18:00"]));
    let profile: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(profile["office_hours"]["close"], "18:00");
    assert_eq!(profile["office_hours"]["open"], "08:30");
    for (args, expect) in [
        (
            vec!["--office-open", "8:30"],
            "profile.office_hours.open: \"8:30\" is not a time HH:MM",
        ),
        (
            vec!["--office-open", "19:00"],
            "profile.office_hours.close: 18:00 is not after the opening time, 19:00",
        ),
        (
            vec!["--office-days", "mon,monday"],
            "profile.office_hours.days[1]: \"monday\" is not one of mon, tue, wed, thu, fri, sat, sun",
        ),
        (
            vec!["--office-days", "mon,mon"],
            "profile.office_hours.days[1]: \"mon\" is given twice",
        ),
    ] {
        let mut all = vec!["profile"];
        all.extend(args.iter());
        let run = diary(&db, &all);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert_eq!(run.stderr.trim_end(), expect, "{args:?}");
    }
    let unchanged: serde_json::Value = serde_json::from_str(&ok(diary(&db, &["profile"]))).unwrap();
    assert_eq!(unchanged["office_hours"]["close"], "18:00");

    // Friday 2026-11-20 in Tashkent: a severe symptom (amber) at 10:00 and at 19:00.
    let amber = |at: &str| {
        let out = ok(diary(
            &db,
            &["log", "--pain", "3", "--no-signs", "--at", at],
        ));
        let headline = out
            .lines()
            .find(|l| l.starts_with("AMBER: "))
            .unwrap_or_else(|| panic!("no amber headline in\n{out}"))
            .to_string();
        (headline, out)
    };
    let (inside, _) = amber("2026-11-20T10:00:00+05:00");
    assert_eq!(
        inside,
        "AMBER: Please contact your care team today: 0300 111 222."
    );
    let (outside, out) = amber("2026-11-20T19:00:00+05:00");
    assert_eq!(
        outside,
        "AMBER: Please contact your care team today. Their office is closed now, so call your 24-hour cancer line: 0300 999 000."
    );
    let line = out.find("  24-hour cancer line: 0300 999 000").expect(&out);
    let team = out.find("  Care team: 0300 111 222").expect(&out);
    assert!(line < team, "{out}");
    // The same instant on another clock is judged on that clock: 10:00 in Tashkent is
    // 05:00 UTC, before opening.
    let (utc, _) = amber("2026-11-20T05:00:00Z");
    assert!(utc.contains("Their office is closed now"), "{utc}");

    // Cleared: every amber gives the 24-hour line first.
    let cleared: serde_json::Value =
        serde_json::from_str(&ok(diary(&db, &["profile", "--no-office-hours"]))).unwrap();
    assert!(cleared.get("office_hours").is_none(), "{cleared}");
    let (none, _) = amber("2026-11-20T11:00:00+05:00");
    assert!(
        none.contains("0300 999 000") && !none.contains("0300 111 222"),
        "{none}"
    );
    // Without saved office hours, one part alone is not enough.
    let run = diary(&db, &["profile", "--office-open", "08:00"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr.trim_end(),
        "profile.office_hours.days: is required (give --office-days mon,tue,…)"
    );
}

#[test]
fn bad_settings_are_refused_naming_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite");
    for (args, expect) in [
        (
            vec!["--language", "de"],
            "settings.language: \"de\" is not one of en, ru, uz",
        ),
        (vec!["--emergency", "call me"], "settings.emergency_phone:"),
        (
            vec!["--reminder", "25:00"],
            "settings.reminder_time: \"25:00\" is not a time HH:MM",
        ),
        (vec!["--user", "nurse"], "settings.user_role:"),
    ] {
        let mut all = vec!["settings"];
        all.extend(args.iter());
        let run = diary(&db, &all);
        assert_eq!(run.code, 2, "{args:?}");
        assert!(run.stderr.starts_with(expect), "{args:?}: {}", run.stderr);
    }
}

#[test]
fn a_lab_result_is_checked_saved_and_used_by_the_next_triage() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite");
    let run = diary(
        &db,
        &[
            "lab",
            "--test",
            "bilirubin",
            "--value",
            "80",
            "--unit",
            "U/L",
            "--ref-high",
            "21",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("lab.unit: \"U/L\" is not a unit for bilirubin"),
        "{}",
        run.stderr
    );
    let run = diary(
        &db,
        &["lab", "--test", "alt", "--value", "80", "--unit", "U/L"],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with("lab.ref_high: is required"),
        "{}",
        run.stderr
    );

    // A percentage is refused with words that ask for the absolute count.
    let run = diary(
        &db,
        &[
            "lab",
            "--test",
            "neutrophils",
            "--value",
            "40",
            "--unit",
            "%",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("lab.unit: a percentage cannot be graded; give the absolute count"),
        "{}",
        run.stderr
    );
    // A grade-3 bilirubin is triaged as soon as it is entered: amber, A-LAB.
    let entered = ok(diary(
        &db,
        &[
            "lab",
            "--test",
            "bilirubin",
            "--value",
            "80",
            "--unit",
            "umol/L",
            "--ref-high",
            "21",
            "--on",
            "2026-11-18",
        ],
    ));
    assert!(entered.contains("AMBER: "), "{entered}");
    assert!(entered.contains("A-LAB"), "{entered}");
    // It does not end on the screen: it is kept, and with sync off the patient is told that
    // nobody else sees it (issue 21).
    assert!(
        entered.contains("Nobody else sees this alert: sync with your care team is off."),
        "{entered}"
    );
    let out = ok(diary(
        &db,
        &["log", "--fatigue", "1", "--at", "2026-11-20T09:00:00+05:00"],
    ));
    assert!(out.contains("A-LAB"), "{out}");
    let exported: serde_json::Value = serde_json::from_str(&ok(diary(&db, &["export"]))).unwrap();
    assert_eq!(exported["labs"][0]["test"], "bilirubin");
    assert_eq!(exported["labs"][0]["value"], 80.0);
}

#[test]
fn csv_writes_one_documented_file_each_for_reports_and_labs() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite");
    ok(diary(
        &db,
        &[
            "log",
            "--pain",
            "3",
            "--temp",
            "38.2",
            "--no-signs",
            "--note",
            "tired, \"very\"",
        ],
    ));
    ok(diary(
        &db,
        &[
            "lab",
            "--test",
            "neutrophils",
            "--value",
            "0.4",
            "--unit",
            "10^9/L",
            "--ref-low",
            "2",
            "--ref-high",
            "7.5",
        ],
    ));
    let out = dir.path().join("sheets");
    let said = ok(diary(&db, &["csv", "--dir", out.to_str().unwrap()]));
    assert!(
        said.contains("Wrote 1 reports, 1 lab results and 0 weekly check-ins"),
        "{said}"
    );
    let checkins = std::fs::read_to_string(out.join("checkins.csv")).unwrap();
    assert!(
        checkins.starts_with("id,answered_at,reporter,phq2_interest,"),
        "{checkins}"
    );
    let reports = std::fs::read_to_string(out.join("reports.csv")).unwrap();
    let mut lines = reports.lines();
    assert!(lines
        .next()
        .unwrap()
        .starts_with("id,recorded_at,reporter,fatigue,pain,"));
    let row = lines.next().unwrap();
    assert!(
        row.contains(",38.2,") && row.contains("\"tired, \"\"very\"\"\""),
        "{row}"
    );
    let labs = std::fs::read_to_string(out.join("labs.csv")).unwrap();
    assert!(
        labs.lines()
            .nth(1)
            .unwrap()
            .contains(",neutrophils,0.4,10^9/L,2,7.5,,4"),
        "{labs}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(out.join("reports.csv"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "a health record is private");
    }
}

#[test]
fn followup_lists_the_question_after_a_red_and_takes_the_answer() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite");
    let two_hours_ago = (chrono::Utc::now() - chrono::Duration::hours(2)).to_rfc3339();
    ok(diary(
        &db,
        &["log", "--sign", "chest_pain", "--at", &two_hours_ago],
    ));
    // Two hours after a red with no answer, the ladder (E-1) asks about the 24-hour line,
    // shows emergency services first and keeps its banner.
    let due = ok(diary(&db, &["followup"]));
    assert!(
        due.contains("Report 1 ") && due.contains("(red, ladder E-1)"),
        "{due}"
    );
    assert!(
        due.contains("Did you get through to your 24-hour line?")
            && due.contains("Call emergency services now")
            && due.contains("This red alert stays here until you answer")
            && due.contains("Next step: silence_alert at "),
        "{due}"
    );
    // "They said" without the words is refused, naming the field; nothing is saved.
    let run = diary(&db, &["followup", "--report", "1", "--answer", "they_said"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("followup.note"), "{}", run.stderr);
    assert!(ok(diary(&db, &["followup"])).contains("Report 1 "));
    // "Not yet": the red screen's words again, and the ladder as it stands.
    let again = ok(diary(
        &db,
        &["followup", "--report", "1", "--answer", "not_yet"],
    ));
    assert!(
        again.contains("If nobody answers within 15 minutes")
            && again.contains("Next step: ask_reached at "),
        "{again}"
    );
    ok(diary(
        &db,
        &["followup", "--report", "1", "--answer", "reached"],
    ));
    assert_eq!(ok(diary(&db, &["followup"])).trim(), "No question is due.");
    // An answer the command does not know is refused by its parser.
    let run = diary(&db, &["followup", "--report", "1", "--answer", "maybe"]);
    assert_eq!(run.code, 2);
}

#[test]
fn questions_for_the_visit_are_kept_and_crossed_off() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite");
    ok(diary(
        &db,
        &["question", "--add", "Why is the itching worse at night?"],
    ));
    ok(diary(
        &db,
        &["question", "--add", "Can I travel in January?"],
    ));
    let list = ok(diary(&db, &["question"]));
    assert!(
        list.contains("1. Why is the itching worse at night?"),
        "{list}"
    );
    let run = diary(&db, &["question", "--add", "   "]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("question.text"), "{}", run.stderr);
    ok(diary(&db, &["question", "--asked", "1"]));
    let list = ok(diary(&db, &["question"]));
    assert!(
        !list.contains("itching") && list.contains("1. Can I travel in January?"),
        "{list}"
    );
    assert_eq!(diary(&db, &["question", "--asked", "5"]).code, 2);
}

#[test]
fn a_message_with_a_photo_is_kept_and_listed_and_a_bad_photo_names_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite");
    // A minimal JPEG with an EXIF segment naming a place.
    let mut jpeg = vec![0xFF, 0xD8];
    for (marker, body) in [
        (0xE1u8, b"Exif\0\0GPS 41.31 N 69.28 E".to_vec()),
        (0xDB, vec![0u8; 65]),
        (0xC0, vec![8, 0, 1, 0, 1, 1, 1, 0x11, 0]),
        (0xDA, vec![1, 1, 0, 0, 0x3F, 0]),
    ] {
        jpeg.extend([0xFF, marker]);
        jpeg.extend(((body.len() + 2) as u16).to_be_bytes());
        jpeg.extend(body);
    }
    jpeg.extend([0x00, 0x11, 0xFF, 0xD9]);
    let photo = dir.path().join("rash.jpg");
    std::fs::write(&photo, &jpeg).unwrap();
    let out = ok(diary(
        &db,
        &[
            "message",
            "The rash is worse",
            "--photo",
            photo.to_str().unwrap(),
        ],
    ));
    assert!(
        out.contains("location and camera details removed")
            && out.contains("not for anything urgent"),
        "{out}"
    );
    let listed = ok(diary(&db, &["message"]));
    assert!(
        listed.contains("You [photo]: The rash is worse"),
        "{listed}"
    );
    // Not a photo: refused naming the flag, nothing kept.
    let pdf = dir.path().join("labs.pdf");
    std::fs::write(&pdf, b"%PDF-1.7").unwrap();
    let run = diary(
        &db,
        &["message", "My labs", "--photo", pdf.to_str().unwrap()],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("--photo: only a photo"),
        "{}",
        run.stderr
    );
    let run = diary(&db, &["message", "a\u{7}bell"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("message.text"), "{}", run.stderr);
    assert_eq!(ok(diary(&db, &["message"])).lines().count(), 1);
}
