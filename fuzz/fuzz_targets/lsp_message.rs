//! Fuzz the language server's message handling: any byte stream either
//! gets answers or errors, never a panic that escapes or a hang.
//! The assertions are in `../checks.rs`.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::lsp_message(data));
