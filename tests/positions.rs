//! Positions in hard text, with expectations computed by hand (not blessed
//! from output): CJK, emoji (two UTF-16 units), a raw zero-width character,
//! CRLF line endings, a BOM, and a tab.

use std::path::PathBuf;

use peerlint::document::Format;
use peerlint::engine::{Engine, EngineOptions};
use peerlint::output::json::diagnostic;
use peerlint::rules::{load, LoadOptions};
use serde_json::{json, Value};

fn lint(name: &str) -> Vec<Value> {
    let loaded = load(&LoadOptions {
        builtin: true,
        paths: Vec::new(),
        ..LoadOptions::default()
    });
    let engine = Engine::new(&loaded.sets, EngineOptions::default());
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/positions")
        .join(name);
    let bytes = std::fs::read(&path).expect("fixture exists");
    let format = Format::from_path(name).expect("known extension");
    engine
        .lint_file(name, bytes, format)
        .diagnostics
        .iter()
        .map(diagnostic)
        .collect()
}

/// The one diagnostic with `code`, checked for its exact location.
fn assert_at(
    diags: &[Value],
    code: &str,
    offset: usize,
    length: usize,
    start: (usize, usize),
    end: (usize, usize),
    lsp: ((usize, usize), (usize, usize)),
) {
    let found: Vec<&Value> = diags.iter().filter(|d| d["code"] == json!(code)).collect();
    assert_eq!(found.len(), 1, "exactly one {code} in {diags:#?}");
    let d = found[0];
    assert_eq!(
        d["span"],
        json!({"offset": offset, "length": length}),
        "{d:#}"
    );
    assert_eq!(
        d["start"],
        json!({"line": start.0, "column": start.1}),
        "{d:#}"
    );
    assert_eq!(d["end"], json!({"line": end.0, "column": end.1}), "{d:#}");
    assert_eq!(
        d["lsp_range"],
        json!({"start": {"line": lsp.0 .0, "character": lsp.0 .1}, "end": {"line": lsp.1 .0, "character": lsp.1 .1}}),
        "{d:#}"
    );
}

#[test]
fn cjk_before_the_offending_space() {
    // Line 4 starts at byte 18 + 8 + 23 = 49; "  vpcPeeringName: " is 18 bytes,
    // 应 and 用 are 3 bytes each: the space is at byte 73, column 21.
    let diags = lint("cjk.yaml");
    assert_at(
        &diags,
        "jdcloud/invalid-character",
        73,
        1,
        (4, 21),
        (4, 22),
        ((3, 20), (3, 21)),
    );
}

#[test]
fn emoji_counts_one_column_and_two_utf16_units() {
    // Line 6 starts at byte 23 + 8 + 22 + 26 + 24 = 103; 25 bytes of key
    // text, 4 bytes of 🚀, then U+200B (3 bytes) at byte 132. Columns: 25
    // characters and the emoji before it → column 27; UTF-16: 25 + 2 = 27.
    let diags = lint("emoji.yaml");
    assert_at(
        &diags,
        "peerlint/hidden-character",
        132,
        3,
        (6, 27),
        (6, 28),
        ((5, 27), (5, 28)),
    );
    assert_eq!(diags.len(), 1, "{diags:#?}");
}

#[test]
fn crlf_line_endings() {
    // Lines of 19, 9 and 24 bytes: line 4 starts at 52; the space after
    // `app名to` is at 52 + 18 + 3 + 3 + 2 = 78, column 18 + 6 + 1 = 25.
    let diags = lint("crlf.yaml");
    assert_at(
        &diags,
        "jdcloud/invalid-character",
        78,
        1,
        (4, 25),
        (4, 26),
        ((3, 24), (3, 25)),
    );
}

#[test]
fn bom_is_not_a_column() {
    // 3 bytes of BOM, `{` at byte 3 is column 1; the space in "a b" is at
    // byte 24, column 22, LSP character 21.
    let diags = lint("bom.json");
    assert_at(
        &diags,
        "jdcloud/invalid-character",
        24,
        1,
        (1, 22),
        (1, 23),
        ((0, 21), (0, 22)),
    );
    let d = diags
        .iter()
        .find(|d| d["code"] == json!("jdcloud/invalid-character"))
        .expect("found");
    assert_eq!(d["pointer"], json!("/vpcPeeringName"));
}

#[test]
fn a_raw_tab_is_one_column() {
    // Line 7 starts at byte 131; `  description: "` is 16 bytes, 名 3 more:
    // the tab is at byte 150, column 18.
    let diags = lint("tab.yaml");
    assert_at(
        &diags,
        "jdcloud/invalid-character",
        150,
        1,
        (7, 18),
        (7, 19),
        ((6, 17), (6, 18)),
    );
}
