//! Every rule's `explain` examples run through the engine (with the
//! example's inventory or extra rules, if any): the failing example reports
//! the rule, the passing one reports no error or warning and nothing from
//! that rule.

use peerlint::core_rules::CORE_RULES;
use peerlint::diagnostic::Severity;
use peerlint::engine::{Engine, EngineOptions};
use peerlint::input::Role;
use peerlint::rules::load::load_texts;
use peerlint::rules::model::RuleSets;
use peerlint::workspace::Workspace;

struct Example {
    id: String,
    fail: String,
    pass: String,
    inventory: Option<String>,
    pass_inventory: Option<String>,
    rules: Option<String>,
}

fn codes(registry: &RuleSets, text: &str, inventory: Option<&str>) -> Vec<(String, Severity)> {
    let engine = Engine::new(registry, EngineOptions::default());
    let inventories = inventory
        .map(|i| vec![("inventory.yaml".to_owned(), i.as_bytes().to_vec())])
        .unwrap_or_default();
    // An example is a request document: lint it as a declared request file.
    let mut workspace = Workspace::default();
    for (name, bytes) in inventories {
        workspace.set_inventory(&engine, &name, bytes);
    }
    workspace.set_file_as(
        &engine,
        "example.yaml",
        text.as_bytes().to_vec(),
        Role::Declared,
    );
    let report = workspace.report(&engine, &[], std::path::Path::new(""));
    assert!(
        report.errors.is_empty(),
        "example inputs load: {:?}",
        report.errors
    );
    report
        .diagnostics
        .into_iter()
        .filter(|d| d.suppressed.is_none())
        .map(|d| (d.code, d.severity))
        .collect()
}

#[test]
fn explain_examples_fail_and_pass() {
    let loaded = load_texts(true, &[]);
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    let mut examples: Vec<Example> = CORE_RULES
        .iter()
        .filter(|r| !r.fail.is_empty())
        .map(|r| Example {
            id: r.id.to_owned(),
            fail: r.fail.to_owned(),
            pass: r.pass.to_owned(),
            inventory: None,
            pass_inventory: None,
            rules: None,
        })
        .collect();
    let mut missing = Vec::new();
    for set in loaded.sets.sets.values() {
        for rule in &set.rules {
            match &rule.explain {
                Some(e) if !e.fail.is_empty() && !e.pass.is_empty() => examples.push(Example {
                    id: rule.id.clone(),
                    fail: e.fail.clone(),
                    pass: e.pass.clone(),
                    inventory: e.inventory.clone(),
                    pass_inventory: e.pass_inventory.clone(),
                    rules: e.rules.clone(),
                }),
                _ => missing.push(rule.id.clone()),
            }
        }
    }
    assert!(
        missing.is_empty(),
        "rules without explain examples: {missing:?}"
    );
    assert!(examples.len() > 40, "only {} examples", examples.len());
    let mut problems = Vec::new();
    for e in &examples {
        let custom;
        let registry = match &e.rules {
            Some(text) => {
                let loaded = load_texts(true, &[("explain-rules.yaml", text)]);
                assert!(loaded.errors.is_empty(), "{}: {:?}", e.id, loaded.errors);
                custom = loaded.sets;
                &custom
            }
            None => &loaded.sets,
        };
        let failing = codes(registry, &e.fail, e.inventory.as_deref());
        if !failing.iter().any(|(c, _)| *c == e.id) {
            problems.push(format!("{}: failing example reports {failing:?}", e.id));
        }
        let pass_inventory = e.pass_inventory.as_deref().or(e.inventory.as_deref());
        let passing = codes(registry, &e.pass, pass_inventory);
        if passing
            .iter()
            .any(|(c, s)| *c == e.id || *s >= Severity::Warning)
        {
            problems.push(format!("{}: passing example reports {passing:?}", e.id));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
