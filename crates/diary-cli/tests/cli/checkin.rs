//! `diary checkin`: the weekly check-in from a terminal: saved and triaged, its result in
//! the diary's language (self-harm thoughts: the emergency number first), wrong answers
//! refused naming the field with nothing saved, and check-ins through export, import and
//! `diary check`.

use super::{diary, ok};

const AT: &str = "2026-11-19T18:00:00+05:00";

fn setup(db: &std::path::Path, lang: &str) {
    ok(diary(
        db,
        &[
            "settings",
            "--language",
            lang,
            "--team-phone",
            "+998 71 333 44 55",
            "--emergency",
            "103",
        ],
    ));
}

/// `diary checkin` with self-harm thoughts at [`AT`]: what it prints.
fn self_harm_checkin(db: &std::path::Path) -> String {
    ok(diary(
        db,
        &[
            "checkin",
            "--at",
            AT,
            "--phq2",
            "2,2",
            "--gad2",
            "1,0",
            "--self-harm",
            "yes",
            "--function",
            "1",
            "--social",
            "1",
            "--eating",
            "0",
        ],
    ))
}

/// Self-harm thoughts: the emergency number first, then whom to call today. At [`AT`]
/// (Thursday 18:00 in Tashkent) inside the care team's office hours that is the team's
/// number; outside them (the office closes at 17:00) the 24-hour line, and the team's
/// number only after it — judged at the check-in's own time.
#[test]
fn self_harm_thoughts_put_the_emergency_number_first_in_every_language() {
    for (lang, acting) in [
        ("en", "might act"),
        ("ru", "поступите"),
        ("uz", "amalga oshirish"),
    ] {
        for (close, open) in [("19:00", true), ("17:00", false)] {
            let dir = tempfile::tempdir().unwrap();
            let db = dir.path().join("d.sqlite");
            setup(&db, lang);
            ok(diary(&db, &["settings", "--line-24h", "+998 71 000 11 22"]));
            ok(diary(
                &db,
                &[
                    "profile",
                    "--office-days",
                    "mon,tue,wed,thu,fri",
                    "--office-open",
                    "08:30",
                    "--office-close",
                    close,
                ],
            ));
            let out = self_harm_checkin(&db);
            let headline = out
                .lines()
                .find(|l| l.starts_with("AMBER: "))
                .unwrap_or_else(|| panic!("{lang}: no amber headline in\n{out}"));
            assert!(headline.contains(acting), "{lang}: {headline}");
            let emergency = headline.find("103").unwrap();
            let (team, line) = (
                headline.find("+998 71 333 44 55"),
                headline.find("+998 71 000 11 22"),
            );
            if open {
                assert!(emergency < team.unwrap(), "{lang}: {headline}");
                assert_eq!(line, None, "{lang}: {headline}");
            } else {
                assert!(emergency < line.unwrap(), "{lang}: {headline}");
                assert_eq!(team, None, "{lang}: {headline}");
            }
            // The numbers in the order to call them: outside office hours the 24-hour line
            // comes before the care team's.
            let numbers: Vec<&str> = out
                .lines()
                .filter(|l| l.starts_with("  ") && !l.starts_with("   ") && !l.starts_with("  ["))
                .map(|l| l.rsplit(": ").next().unwrap())
                .collect();
            let expect: &[&str] = if open {
                &["103", "+998 71 333 44 55"]
            } else {
                &["103", "+998 71 000 11 22", "+998 71 333 44 55"]
            };
            assert_eq!(numbers, expect, "{lang}:\n{out}");
            assert!(
                out.contains("A-SELF-HARM") && out.contains("G-MOOD"),
                "{out}"
            );
            assert!(out.contains("PHQ-2 4/6, GAD-2 1/6"), "{out}");
        }
    }
}

#[test]
fn a_caregivers_checkin_asks_their_strain_and_gets_the_seeds_advice() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite");
    setup(&db, "en");
    let out = ok(diary(
        &db,
        &[
            "checkin",
            "--at",
            AT,
            "--caregiver",
            "--strain",
            "3",
            "--function",
            "2",
            "--social",
            "1",
            "--eating",
            "1",
        ],
    ));
    assert!(
        out.starts_with("Saved the weekly check-in of 2026-11-19 18:00 (caregiver)."),
        "{out}"
    );
    assert!(out.contains("GREEN: "), "{out}");
    assert!(
        out.contains("G-CAREGIVER") && out.contains("social worker"),
        "{out}"
    );
    assert!(!out.contains("PHQ-2"), "{out}");
}

#[test]
fn wrong_answers_are_refused_naming_the_field_and_nothing_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite");
    let patient = ["--at", AT, "--function", "1", "--eating", "0"];
    for (extra, expect) in [
        (
            vec!["--phq2", "1,1", "--gad2", "0,0", "--self-harm", "no"],
            "checkin.self_harm_thoughts: is asked only when the PHQ-2 total is 3 or more",
        ),
        (
            vec!["--phq2", "2,1", "--gad2", "0,0"],
            "checkin.self_harm_thoughts: must be answered (yes or no) when the PHQ-2 total is 3 or more",
        ),
        (
            vec!["--phq2", "2,1", "--gad2", "0,0", "--self-harm", "maybe"],
            "checkin.self_harm_thoughts: \"maybe\" is not yes or no",
        ),
        (
            vec!["--phq2", "1-1", "--gad2", "0,0"],
            "checkin.phq2: \"1-1\" is not two answers 0–3 separated by a comma",
        ),
        (vec!["--gad2", "0,0"], "checkin.phq2: is required in a patient's check-in"),
        (
            vec!["--caregiver", "--gad2", "1,1"],
            "checkin.gad2: is answered only by the patient; leave it out of a caregiver's check-in",
        ),
        (
            vec!["--phq2", "0,0", "--gad2", "0,0", "--strain", "2"],
            "checkin.caregiver_strain: is asked only when a caregiver answers",
        ),
        (
            vec!["--phq2", "0,0", "--gad2", "0,0", "--social", "5"],
            "checkin.social: 5 is out of range 0–4",
        ),
    ] {
        let mut args = vec!["checkin"];
        args.extend(patient);
        if !extra.contains(&"--social") {
            args.extend(["--social", "0"]);
        }
        args.extend(extra.iter());
        let run = diary(&db, &args);
        assert_eq!(run.code, 2, "{extra:?}: {}", run.stderr);
        assert!(run.stderr.starts_with(expect), "{extra:?}: {}", run.stderr);
    }
    let run = diary(
        &db,
        &["checkin", "--at", AT, "--social", "0", "--eating", "0"],
    );
    assert!(
        run.stderr.starts_with("checkin.function: is required"),
        "{}",
        run.stderr
    );
    let export: serde_json::Value = serde_json::from_str(&ok(diary(&db, &["export"]))).unwrap();
    assert!(
        export.get("checkins").is_none(),
        "nothing was saved: {export}"
    );
}

#[test]
fn checkins_travel_through_export_import_and_check() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.sqlite");
    ok(diary(
        &a,
        &[
            "checkin",
            "--at",
            "2026-11-12T18:00:00+05:00",
            "--phq2",
            "0,1",
            "--gad2",
            "0,0",
            "--function",
            "1",
            "--social",
            "0",
            "--eating",
            "0",
        ],
    ));
    ok(diary(
        &a,
        &[
            "checkin",
            "--at",
            AT,
            "--phq2",
            "1,1",
            "--gad2",
            "2,2",
            "--function",
            "3",
            "--social",
            "0",
            "--eating",
            "0",
        ],
    ));
    let first = ok(diary(&a, &["export"]));
    let file = dir.path().join("export.json");
    std::fs::write(&file, &first).unwrap();
    let v: serde_json::Value = serde_json::from_str(&first).unwrap();
    assert_eq!(v["checkins"].as_array().unwrap().len(), 2);

    // `diary check` triages the newest against the previous: function 1 → 3 and GAD-2 4.
    let out = ok(diary(&a, &["check", file.to_str().unwrap()]));
    let check: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(check["checkin"]["level"], "amber");
    let rules: Vec<&str> = check["checkin"]["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["A-FUNCTION", "G-MOOD"]);
    // A-FUNCTION follows E-3 from the check-in's time; G-MOOD has no ladder.
    let followups = &check["checkin"]["followups"];
    assert_eq!(followups[0]["rule"], "A-FUNCTION");
    let actions: Vec<&str> = followups[0]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions[0], "ask_reached");
    assert_eq!(actions.last(), Some(&"end"));
    assert!(actions.contains(&"upgrade_to_red"), "{actions:?}");
    assert_eq!(followups[1]["steps"], serde_json::json!([]));

    let b = dir.path().join("b.sqlite");
    let said = ok(diary(&b, &["import", file.to_str().unwrap()]));
    assert!(
        said.contains(", 2 check-in(s) and 0 treatment course(s);"),
        "{said}"
    );
    assert_eq!(
        ok(diary(&b, &["export"])),
        first,
        "export → import → export is exact"
    );
    let again = ok(diary(&b, &["import", file.to_str().unwrap()]));
    assert!(
        again.contains(", 0 check-in(s) and")
            && again.contains(", 2 check-in(s) and 0 course(s) were already"),
        "{again}"
    );
}
