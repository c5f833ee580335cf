//! The complete example of `docs/rules.md` §13 — a provider written from the
//! documentation alone, with its inventory and a request — loads, uses every
//! check kind, and lints as the document says.

use std::collections::BTreeSet;

use peerlint::checks::KINDS;
use peerlint::engine::{Engine, EngineOptions};
use peerlint::rules::load::load_texts;
use peerlint::workspace::lint_in_memory;

/// The YAML code blocks after the heading `## 13.`.
fn example_blocks() -> Vec<String> {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md"))
        .expect("docs/rules.md");
    let section = doc.split("\n## 13.").nth(1).expect("section 13");
    let mut blocks = Vec::new();
    let mut rest = section;
    while let Some(start) = rest.find("```yaml\n") {
        let body = &rest[start + 8..];
        let end = body.find("\n```").expect("closed block");
        blocks.push(body[..end].to_owned() + "\n");
        rest = &body[end + 4..];
    }
    blocks
}

#[test]
fn the_documented_provider_loads_and_uses_every_check_kind() {
    let blocks = example_blocks();
    assert_eq!(blocks.len(), 3, "rule file, inventory, request");
    let loaded = load_texts(false, &[("nimbus.yaml", &blocks[0])]);
    assert!(loaded.errors.is_empty(), "{:#?}", loaded.errors);
    let set = loaded.sets.get("nimbus").expect("nimbus loaded");
    let used: BTreeSet<&str> = set.rules.iter().map(|r| r.kind.as_str()).collect();
    let all: BTreeSet<&str> = KINDS.iter().map(|k| k.name).collect();
    assert_eq!(used, all, "every check kind is used");

    let engine = Engine::new(&loaded.sets, EngineOptions::default());
    let report = lint_in_memory(
        &engine,
        vec![("request.yaml".to_owned(), blocks[2].clone().into_bytes())],
        vec![("inventory.yaml".to_owned(), blocks[1].clone().into_bytes())],
    );
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code.as_str()).collect();
    // As the document says: the only finding is the one-way note.
    assert!(codes.contains(&"nimbus/one-way"), "{codes:?}");
    assert!(
        report
            .diagnostics
            .iter()
            .all(|d| d.code == "nimbus/one-way"
                || d.severity < peerlint::diagnostic::Severity::Warning),
        "{:#?}",
        report
            .diagnostics
            .iter()
            .map(|d| (&d.code, &d.message))
            .collect::<Vec<_>>()
    );
}
