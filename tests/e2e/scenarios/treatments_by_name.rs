//! Treatments by drug name: an older diary that says "CDK4/6 tablets" asks once which one,
//! the list is confirmed, the therapy cards say what to watch for, and a class saved
//! without a drug name is named in Settings.

use crate::checks::axe;
use crate::driver::{Driver, Session};
use crate::screens::{choose, wait_h1};
use crate::support::{app, db, screenshots};
use serde_json::json;
use std::path::Path;

pub fn run(dir: &Path) {
    use diary_core::model::{Profile, Therapy};
    use diary_core::store::{Diary, Settings};

    let file = dir.join("treatments.sqlite");
    {
        let mut diary = Diary::open(&file).unwrap();
        diary
            .set_profile(&Profile {
                therapies: vec![
                    Therapy::Cdk46Inhibitor,
                    Therapy::Abemaciclib,
                    Therapy::Endocrine,
                ],
                ..Profile::default()
            })
            .unwrap();
        diary
            .set_settings(&Settings {
                onboarded: true,
                ..Settings::default()
            })
            .unwrap();
    }
    let therapies = || -> Vec<String> {
        db(&file)
            .prepare("SELECT therapy FROM profile_therapies ORDER BY position")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let _driver = Driver::start(&file);
    let s = Session::new(&app());
    s.find("#start-report");
    s.find("#cdk46-question");
    axe(&s, "home asking which CDK4/6 tablet");
    s.click("#cdk46-question [data-drug=\"ribociclib\"]");
    s.wait_for(
        "the CDK4/6 question answered",
        "return !document.querySelector('#cdk46-question');",
        json!([]),
    );
    assert_eq!(therapies(), ["cdk46_inhibitor", "endocrine"]);
    // Never confirmed: the list is asked about, with the drug by name.
    let review = s.text("#treatments-review");
    assert!(review.contains("Ribociclib (Kisqali) tablets"), "{review}");
    axe(&s, "home asking whether the treatments still hold");
    s.click("#treatments-same");
    s.wait_for(
        "the treatments confirmed",
        "return !document.querySelector('#treatments-review');",
        json!([]),
    );

    // What to watch for, per class.
    s.click("#go-treatments");
    wait_h1(&s, "About your treatments");
    let card = s.text("[data-therapy=\"cdk46_inhibitor\"]");
    assert!(card.contains("37.5 °C"), "{card}");
    s.find("[data-therapy=\"endocrine\"]");
    axe(&s, "therapy cards");
    s.screenshot(&screenshots().join("therapy-card.png"));

    // The hormone treatment was saved by type only: Settings offers it ticked; naming
    // letrozole keeps the class and remembers the drug.
    s.click("#go-home");
    s.click("#go-settings");
    wait_h1(&s, "Settings");
    assert_eq!(
        s.exec(
            "return document.querySelector('input[name=\"therapy\"][value=\"endocrine\"]').checked;",
            json!([])
        ),
        json!(true)
    );
    choose(&s, "drug", "letrozole");
    s.click("#save-settings");
    wait_h1(&s, "Symptom Diary");
    assert_eq!(therapies(), ["cdk46_inhibitor", "endocrine"]);
    let saved: String = db(&file)
        .query_row(
            "SELECT value FROM settings WHERE key = 'treatments'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let saved: serde_json::Value = serde_json::from_str(&saved).unwrap();
    assert_eq!(saved["drugs"], json!(["ribociclib", "letrozole"]));
    s.click("#go-settings");
    wait_h1(&s, "Settings");
    assert_eq!(
        s.count("input[name=\"therapy\"]"),
        0,
        "every class is named now"
    );
}
