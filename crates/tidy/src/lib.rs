//! The architecture's invariants as code, so `cargo test` keeps them and not only review
//! (ARCHITECTURE.md, "Invariants, stated as absences"): the module graph of every crate
//! (`modules`) and the crates each crate may and may not depend on (`tests/tidy.rs`,
//! over `cargo metadata`). Nothing here ships; the crate exists for its tests.

pub mod modules;
