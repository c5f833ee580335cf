//! Fuzz the whole per-file and cross-document pipeline on arbitrary bytes,
//! as YAML and as JSON.
//! The assertions are in `../checks.rs`.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::document(data));
