//! Fuzz the HCL front end on arbitrary bytes: the parsed tree, comments and
//! errors stay on character boundaries within the text, and the whole
//! per-file and cross-document pipeline takes the file as `.tf`.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use peerlint::document::{parse, Format, Node, NodeKind, Span};
use peerlint::engine::{Engine, EngineOptions};
use peerlint::rules::load::load_texts;
use peerlint::rules::model::RuleSets;
use peerlint::workspace::lint_in_memory;

fn registry() -> &'static RuleSets {
    static SETS: OnceLock<RuleSets> = OnceLock::new();
    SETS.get_or_init(|| load_texts(true, &[]).sets)
}

fn check_span(text: &str, span: Span) {
    assert!(span.start <= span.end && span.end <= text.len(), "{span:?}");
    assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
}

fn check_tree(text: &str, root: &Node) {
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        check_span(text, node.span);
        match &node.kind {
            NodeKind::Mapping(entries) => {
                for e in entries {
                    stack.push(&e.key);
                    stack.push(&e.value);
                }
            }
            NodeKind::Sequence(items) => stack.extend(items),
            NodeKind::Scalar(_) => {}
        }
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let parsed = parse(text, Format::Hcl);
        assert!(parsed.documents.len() <= 1);
        for document in &parsed.documents {
            check_tree(text, document);
        }
        for comment in &parsed.comments {
            check_span(text, comment.span);
        }
        for error in &parsed.errors {
            check_span(text, error.span);
        }
    }
    let engine = Engine::new(registry(), EngineOptions::default());
    let report = lint_in_memory(&engine, vec![("fuzz.tf".to_owned(), data.to_vec())], Vec::new());
    for d in &report.diagnostics {
        assert!(d.location.span.start <= d.location.span.end);
        assert!(d.location.span.end <= data.len());
    }
});
