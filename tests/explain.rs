//! Every rule's `explain` examples run through the engine: the failing
//! example reports the rule, the passing one reports no error or warning
//! and nothing from that rule.

use peerlint::document::Format;
use peerlint::engine::{Engine, EngineOptions};
use peerlint::engine_rules::ENGINE_RULES;
use peerlint::rules::{load, LoadOptions};

fn codes(engine: &Engine<'_>, text: &str) -> Vec<(String, peerlint::diagnostic::Severity)> {
    engine
        .lint_bytes("example.yaml", text.as_bytes().to_vec(), Format::Yaml)
        .diagnostics
        .into_iter()
        .map(|d| (d.code, d.severity))
        .collect()
}

#[test]
fn explain_examples_fail_and_pass() {
    let loaded = load(&LoadOptions {
        builtin: true,
        paths: vec![std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("testdata/providers")],
    });
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    let engine = Engine::new(&loaded.registry, EngineOptions::default());
    let mut examples: Vec<(String, String, String)> = ENGINE_RULES
        .iter()
        .filter(|r| !r.fail.is_empty())
        .map(|r| (r.id.to_owned(), r.fail.to_owned(), r.pass.to_owned()))
        .collect();
    let mut missing = Vec::new();
    for set in loaded.registry.sets.values() {
        for rule in &set.rules {
            match &rule.explain {
                Some(e) if !e.fail.is_empty() && !e.pass.is_empty() => {
                    examples.push((rule.id.clone(), e.fail.clone(), e.pass.clone()))
                }
                _ if set.provider != "acme" => missing.push(rule.id.clone()),
                _ => {}
            }
        }
    }
    assert!(
        missing.is_empty(),
        "rules without explain examples: {missing:?}"
    );
    let mut problems = Vec::new();
    for (id, fail, pass) in &examples {
        let failing = codes(&engine, fail);
        if !failing.iter().any(|(c, _)| c == id) {
            problems.push(format!("{id}: failing example reports {failing:?}"));
        }
        let passing = codes(&engine, pass);
        if passing
            .iter()
            .any(|(c, s)| c == id || *s >= peerlint::diagnostic::Severity::Warning)
        {
            problems.push(format!("{id}: passing example reports {passing:?}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
