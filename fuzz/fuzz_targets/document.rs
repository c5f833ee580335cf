//! Fuzz the whole per-file and cross-document pipeline on arbitrary bytes,
//! as YAML and as JSON.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use peerlint::engine::{Engine, EngineOptions};
use peerlint::rules::load::load_texts;
use peerlint::rules::model::RuleSets;
use peerlint::workspace::lint_in_memory;

fn registry() -> &'static RuleSets {
    static SETS: OnceLock<RuleSets> = OnceLock::new();
    SETS.get_or_init(|| load_texts(true, &[]).sets)
}

fuzz_target!(|data: &[u8]| {
    let engine = Engine::new(registry(), EngineOptions::default());
    for name in ["fuzz.yaml", "fuzz.json"] {
        let report = lint_in_memory(&engine, vec![(name.to_owned(), data.to_vec())], Vec::new());
        for d in &report.diagnostics {
            assert!(d.location.span.start <= d.location.span.end);
            assert!(d.location.span.end <= data.len());
        }
    }
});
