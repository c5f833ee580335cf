//! Fuzz the rule-file loader: any text either loads or gives positioned
//! errors, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use peerlint::rules::load::load_texts;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let loaded = load_texts(false, &[("fuzz.yaml", text)]);
        for e in &loaded.errors {
            if let Some(l) = &e.location {
                assert!(l.span.end <= text.len());
            }
        }
    }
});
