//! Fuzz the HCL front end on arbitrary bytes: the parsed tree, comments and
//! errors stay on character boundaries within the text, and the whole
//! per-file and cross-document pipeline takes the file as `.tf`.
//! The assertions are in `../checks.rs`.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::hcl(data));
