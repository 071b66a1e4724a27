//! A file that is not a diary: the window still opens and says so in plain words.

use crate::checks::axe;
use crate::driver::{Driver, Session};
use crate::screens::wait_h1;
use crate::support::app;
use std::path::Path;

pub fn run(dir: &Path) {
    let file = dir.join("not-a-diary.sqlite");
    std::fs::write(
        &file,
        "these are not the droids you are looking for\n".repeat(200),
    )
    .unwrap();
    let _driver = Driver::start(&file);
    let s = Session::new(&app());
    wait_h1(&s, "Something went wrong");
    let words = s.text(".error");
    eprintln!("error screen: {words}");
    assert!(words.contains("Symptom Diary"), "{words}");
    axe(&s, "error");
    let untouched = std::fs::read_to_string(&file).unwrap();
    assert!(untouched.starts_with("these are not the droids"));
}
