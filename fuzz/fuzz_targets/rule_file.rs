//! Fuzz the rule-file loader: any text either loads or gives positioned
//! errors, never a panic.
//! The assertions are in `../checks.rs`.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::rule_file(data));
