//! `diary report`: the clinic-visit PDF from the real binary, in the diary's language or
//! the one asked for, and the flags' errors (exit status 2, one line naming the flag).

use super::{diary, ok};
use std::path::Path;

/// A week of reports with a fever on the 5th, in a diary whose language is Uzbek.
fn a_week(db: &Path) {
    ok(diary(
        db,
        &[
            "settings",
            "--language",
            "uz",
            "--line-24h",
            "+998 71 200 00 24",
        ],
    ));
    ok(diary(db, &["profile", "--therapy", "capecitabine"]));
    for d in 1..=7 {
        let at = format!("2026-11-{d:02}T09:00:00+05:00");
        let mut args = vec!["log", "--fatigue", "1", "--no-signs", "--at", &at];
        if d == 5 {
            args.extend(["--temp", "38.4"]);
        }
        ok(diary(db, &args));
    }
}

fn text(pdf: &Path) -> String {
    let bytes = std::fs::read(pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    pdf_extract::extract_text_from_mem(&bytes).unwrap()
}

#[test]
fn report_writes_the_pdf_in_the_diarys_language_or_the_one_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite");
    a_week(&db);
    let out = dir.path().join("visit.pdf");
    let args = [
        "report",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-07",
        "--out",
    ];
    let said = ok(diary(&db, &[&args[..], &[out.to_str().unwrap()]].concat()));
    assert!(said.contains("visit.pdf"), "{said}");
    let uz = text(&out);
    assert!(uz.contains("klinikaga tashrif uchun hisobot"), "{uz}");
    assert!(uz.contains("Qizil") && uz.contains("38,4"), "{uz}");
    // Health data: readable by its owner only.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "report mode {mode:o}");
    }

    let en = dir.path().join("visit-en.pdf");
    ok(diary(
        &db,
        &[&args[..], &[en.to_str().unwrap(), "--lang", "en"]].concat(),
    ));
    let en = text(&en);
    assert!(
        en.contains("report for the clinic visit") && en.contains("38.4"),
        "{en}"
    );
    assert!(!en.contains("klinikaga"));
}

#[test]
fn report_names_the_wrong_flag_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite");
    a_week(&db);
    let out = dir.path().join("visit.pdf");
    let out = out.to_str().unwrap();
    // A file where a folder should be: cannot be written, even as root.
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, "x").unwrap();
    let unwritable = blocker.join("visit.pdf");
    let cases: [(&[&str], &str); 6] = [
        (
            &["--from", "2026-11-07", "--to", "2026-11-01", "--out", out],
            "--from: 2026-11-07 is after --to 2026-11-01",
        ),
        (
            &["--from", "2026-11-31", "--to", "2026-12-01", "--out", out],
            "--from: \"2026-11-31\" is not a date",
        ),
        (
            &["--from", "2026-11-01", "--to", "7 Nov", "--out", out],
            "--to: \"7 Nov\" is not a date",
        ),
        (
            &[
                "--from",
                "2026-11-01",
                "--to",
                "2026-11-07",
                "--out",
                out,
                "--lang",
                "fr",
            ],
            "--lang: \"fr\" is not one of en, ru, uz",
        ),
        (
            &[
                "--from",
                "2026-11-01",
                "--to",
                "2026-11-07",
                "--out",
                unwritable.to_str().unwrap(),
            ],
            "--out: cannot write",
        ),
        (&["--from", "2026-11-01", "--out", out], "--to"),
    ];
    for (flags, said) in cases {
        let run = diary(&db, &[&["report"][..], flags].concat());
        assert_eq!(run.code, 2, "{flags:?}: {}", run.stderr);
        assert!(run.stderr.contains(said), "{flags:?}: {}", run.stderr);
        if !said.starts_with("--to") || said.len() > 4 {
            // Our own errors are one line (clap's usage error for a missing flag is longer).
            assert_eq!(run.stderr.trim().lines().count(), 1, "{}", run.stderr);
        }
        assert!(!Path::new(out).exists(), "{flags:?} wrote a file");
    }
    assert!(!unwritable.exists());
}
