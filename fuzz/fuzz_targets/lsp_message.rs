//! Fuzz the language server's message handling: any byte stream either
//! gets answers or errors, never a panic that escapes or a hang.
//!
//! The input is split at 0xFF bytes into message bodies, each framed with
//! its `Content-Length`, after `initialize`/`initialized` and before
//! `shutdown`/`exit`. A body starting with `{` is sent as is (requests and
//! notifications of any shape); any other body becomes the text of a
//! `didOpen` of `file:///fuzz/doc.yaml` then a `didChange` replacing a
//! range of it, so buffers of arbitrary text go through linting,
//! positions and code actions.
#![no_main]

use std::io::{BufReader, Cursor};

use libfuzzer_sys::fuzz_target;
use peerlint::lsp::{serve, ServeOptions};
use serde_json::json;

fn frame(out: &mut Vec<u8>, body: &[u8]) {
    out.extend_from_slice(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
    out.extend_from_slice(body);
}

fn message(out: &mut Vec<u8>, value: serde_json::Value) {
    frame(out, value.to_string().as_bytes());
}

fuzz_target!(|data: &[u8]| {
    let root = std::env::temp_dir().join("peerlint-fuzz-lsp");
    let _ = std::fs::create_dir_all(&root);
    let uri = "file:///fuzz/doc.yaml";
    let mut input = Vec::new();
    message(
        &mut input,
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
               "params": {"capabilities": {}, "rootUri": null}}),
    );
    message(&mut input, json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
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
    message(&mut input, json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}));
    message(&mut input, json!({"jsonrpc": "2.0", "method": "exit"}));
    let mut output = Vec::new();
    let reader = Box::new(BufReader::new(Cursor::new(input)));
    let code = serve(reader, &mut output, ServeOptions { root }).expect("no I/O error in memory");
    assert!(code == 0 || code == 1);
});
