#![allow(dead_code)] // each fuzz target uses one of these
//! What each fuzz target asserts on one input, shared by the targets in
//! `fuzz_targets/` and by `tests/fuzz_regressions.rs`, which replays the
//! minimized corpora in `fuzz/regressions/` on every `cargo test`.

use std::io::{BufReader, Cursor};
use std::sync::OnceLock;

use peerlint::document::{parse, Format, Node, NodeKind, Span};
use peerlint::engine::{Engine, EngineOptions};
use peerlint::lsp::{serve, ServeOptions};
use peerlint::rules::load::load_texts;
use peerlint::rules::model::RuleSets;
use peerlint::workspace::lint_in_memory;
use serde_json::json;

fn rule_sets() -> &'static RuleSets {
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

/// Lint `data` as the file `name`: every finding's span lies in the input.
fn lint_as(name: &str, data: &[u8]) {
    let engine = Engine::new(rule_sets(), EngineOptions::default());
    let report = lint_in_memory(&engine, vec![(name.to_owned(), data.to_vec())], Vec::new());
    for d in &report.diagnostics {
        assert!(d.location.span.start <= d.location.span.end);
        assert!(d.location.span.end <= data.len());
    }
}

/// The rule-file loader: any text either loads or gives positioned errors.
pub fn rule_file(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let loaded = load_texts(false, &[("fuzz.yaml", text)]);
        for e in &loaded.errors {
            if let Some(l) = &e.location {
                assert!(l.span.end <= text.len());
            }
        }
    }
}

/// The whole per-file and cross-document pipeline, as YAML and as JSON.
pub fn document(data: &[u8]) {
    lint_as("fuzz.yaml", data);
    lint_as("fuzz.json", data);
}

/// The HCL front end: the tree, comments and errors stay on character
/// boundaries within the text, and the pipeline takes the file as `.tf`.
pub fn hcl(data: &[u8]) {
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
    lint_as("fuzz.tf", data);
}

fn frame(out: &mut Vec<u8>, body: &[u8]) {
    out.extend_from_slice(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
    out.extend_from_slice(body);
}

fn message(out: &mut Vec<u8>, value: serde_json::Value) {
    frame(out, value.to_string().as_bytes());
}

/// The language server: any byte stream gets answers or errors, never a
/// panic that escapes or a hang.
///
/// The input is split at 0xFF bytes into message bodies, each framed with
/// its `Content-Length`, after `initialize`/`initialized` and before
/// `shutdown`/`exit`. A body starting with `{` is sent as is (requests and
/// notifications of any shape); any other body becomes the text of a
/// `didOpen` of `file:///fuzz/doc.yaml` then a `didChange` replacing a
/// range of it, so buffers of arbitrary text go through linting,
/// positions and code actions.
pub fn lsp_message(data: &[u8]) {
    let root = std::env::temp_dir().join("peerlint-fuzz-lsp");
    let _ = std::fs::create_dir_all(&root);
    let uri = "file:///fuzz/doc.yaml";
    let mut input = Vec::new();
    message(
        &mut input,
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
               "params": {"capabilities": {}, "rootUri": null}}),
    );
    message(
        &mut input,
        json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
    );
    for (i, body) in data.split(|b| *b == 0xFF).enumerate() {
        if body.first() == Some(&b'{') {
            frame(&mut input, body);
            continue;
        }
        let text = String::from_utf8_lossy(body);
        message(
            &mut input,
            json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
                "textDocument": {"uri": uri, "languageId": "yaml", "version": i, "text": text}}}),
        );
        let line = body.len() % 7;
        message(
            &mut input,
            json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                "textDocument": {"uri": uri, "version": i + 1},
                "contentChanges": [{"range": {"start": {"line": line, "character": 1},
                                              "end": {"line": line + 1, "character": 0}},
                                    "text": "x: \u{1F600}\n"}]}}),
        );
        message(
            &mut input,
            json!({"jsonrpc": "2.0", "id": 100 + i, "method": "textDocument/codeAction", "params": {
                "textDocument": {"uri": uri},
                "range": {"start": {"line": 0, "character": 0}, "end": {"line": 3, "character": 0}},
                "context": {"diagnostics": []}}}),
        );
    }
    message(
        &mut input,
        json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}),
    );
    message(&mut input, json!({"jsonrpc": "2.0", "method": "exit"}));
    let mut output = Vec::new();
    let reader = Box::new(BufReader::new(Cursor::new(input)));
    let code = serve(reader, &mut output, ServeOptions { root }).expect("no I/O error in memory");
    assert!(code == 0 || code == 1);
}
