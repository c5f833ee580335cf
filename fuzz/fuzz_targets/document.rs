//! Fuzz the whole per-file and cross-document pipeline on arbitrary bytes,
//! as YAML and as JSON.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use peerlint::engine::{Engine, EngineOptions};
use peerlint::rules::load::load_texts;
use peerlint::rules::model::RuleSets;
use peerlint::run::check_memory;

fn registry() -> &'static RuleSets {
    static KINDS: OnceLock<RuleSets> = OnceLock::new();
    KINDS.get_or_init(|| load_texts(true, &[]).registry)
}

fuzz_target!(|data: &[u8]| {
    let engine = Engine::new(registry(), EngineOptions::default());
    for name in ["fuzz.yaml", "fuzz.json"] {
        let report = check_memory(&engine, vec![(name.to_owned(), data.to_vec())], Vec::new());
        for d in &report.diagnostics {
            assert!(d.location.span.start <= d.location.span.end);
            assert!(d.location.span.end <= data.len());
        }
    }
});
