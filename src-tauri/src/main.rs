//! Entry point of the Symptom Diary desktop app; everything lives in the library crate.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    symptom_diary_app::run();
}
