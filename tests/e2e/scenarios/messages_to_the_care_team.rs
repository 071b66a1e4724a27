//! Messages with the care team, through the app: the screen says first that a message is
//! not for anything urgent, with the numbers; a message with a photo (a PNG naming a place
//! in a text chunk) is kept with its photo, the place removed; a file that is not a photo
//! is refused naming the field, and what was typed stays; a reply from the team already in the diary (as sync
//! keeps one) shows on the home screen and in the list, marked new, and counts as read
//! once seen.

use crate::checks::axe;
use crate::driver::{Driver, Session};
use crate::screens::wait_h1;
use crate::support::{app, db, screenshots, EMERGENCY, LINE_24H, TEAM};
use serde_json::json;
use std::path::Path;

pub fn run(dir: &Path) {
    use chrono::{Duration, Utc};
    use diary_core::conversation::Reply;
    use diary_core::model::Reporter;
    use diary_core::store::{Diary, Settings};

    let file = dir.join("messages.sqlite");
    let photo = dir.join("rash.png");
    std::fs::write(&photo, fhir_test_server::images::png_with_a_place()).unwrap();
    {
        let mut diary = Diary::open(&file).unwrap();
        diary
            .set_settings(&Settings {
                onboarded: true,
                team_phone: Some(TEAM.into()),
                line_24h_phone: Some(LINE_24H.into()),
                emergency_phone: Some(EMERGENCY.into()),
                reminders_on: false,
                ..Settings::default()
            })
            .unwrap();
        // Yesterday's question and the team's reply, as sync keeps it.
        let now = Utc::now();
        let asked = diary
            .send_message(
                "Can I take paracetamol for the pain?",
                None,
                Reporter::Patient,
                now - Duration::days(1),
            )
            .unwrap();
        diary
            .receive_reply(&Reply {
                uid: "reply-e2e-1".into(),
                text: "Yes, up to 3 g a day. Call us if the fever comes back.".into(),
                author: Some("Nurse Aziza".into()),
                in_reply_to: Some(asked.uid),
                at: now - Duration::hours(20),
            })
            .unwrap();
    }
    let _driver = Driver::start(&file);
    let s = Session::new(&app());
    // The home screen says the team replied; one press opens the messages.
    assert!(
        s.text("#new-replies").contains("Your care team replied: 1"),
        "{}",
        s.text("#new-replies")
    );
    s.click("#read-replies");
    wait_h1(&s, "Messages with your care team");
    s.find(".message.from-team");
    // Not for anything urgent, with the numbers, before the form.
    let warning = s.text("#not-a-call");
    assert!(
        warning.contains("not for anything urgent")
            && warning.contains(LINE_24H)
            && warning.contains(EMERGENCY),
        "{warning}"
    );
    assert_eq!(s.text("#phone-line_24h"), LINE_24H);
    let reply = s.text(".message.from-team");
    assert!(
        reply.contains("Nurse Aziza") && reply.contains("New") && reply.contains("up to 3 g a day"),
        "{reply}"
    );
    axe(&s, "messages with a reply");

    // A file that is not a photo is refused, naming the field, and the words stay.
    let pdf = dir.join("labs.pdf");
    std::fs::write(&pdf, b"%PDF-1.7 a lab sheet").unwrap();
    s.type_into(
        "#message-text",
        "The rash on my hands is worse. Photo attached.",
    );
    s.type_into("#message-photo", pdf.to_str().unwrap());
    s.click("#send-message");
    let refused = s.text("#message-error .error");
    assert!(
        refused.contains("Add a photo"),
        "the error names the photo field: {refused}"
    );
    assert_eq!(
        s.exec(
            "return document.querySelector('#message-text').value;",
            json!([])
        ),
        json!("The rash on my hands is worse. Photo attached.")
    );
    // With the photo instead.
    s.exec(
        "document.querySelector('#message-photo').value = '';",
        json!([]),
    );
    s.type_into("#message-photo", photo.to_str().unwrap());
    s.click("#send-message");
    assert!(
        s.text("#message-sent")
            .contains("Sync with your care team is off"),
        "{}",
        s.text("#message-sent")
    );
    s.find(".message.to-team img.message-photo");
    axe(&s, "messages after sending one with a photo");
    s.screenshot(&screenshots().join("messages.png"));

    // Kept with its photo, the place removed; waiting in the outbox for sync.
    let (text, bytes, kind): (String, Vec<u8>, String) = db(&file)
        .query_row(
            "SELECT body, photo, photo_type FROM messages WHERE direction = 'to_team' AND photo IS NOT NULL",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(text, "The rash on my hands is worse. Photo attached.");
    assert_eq!(kind, "image/png");
    assert!(bytes.starts_with(b"\x89PNG"));
    assert!(
        !fhir_test_server::images::names_the_place(&bytes),
        "the place was kept"
    );
    let waiting: i64 = db(&file)
        .query_row(
            "SELECT count(*) FROM outbox WHERE kind = 'message' AND sent_utc IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(waiting, 2);
    // The reply counts as read: the home screen no longer says so.
    s.click("#go-home");
    s.find("#start-report");
    assert_eq!(s.count("#new-replies"), 0);
}
