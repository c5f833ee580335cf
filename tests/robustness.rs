//! Hostile input: every case gets a clear finding in bounded time and
//! memory, never a panic or a silent pass.

use peerlint::document::Format;
use peerlint::engine::{Engine, EngineOptions};
use peerlint::input::Role;
use peerlint::rules::load::load_texts;
use peerlint::workspace::Workspace;

/// Lint `bytes` as a request file (declared by the config's `include`):
/// whatever it holds gets a finding.
fn lint(name: &str, bytes: Vec<u8>) -> Vec<(String, String)> {
    lint_as(name, bytes, Role::Declared)
}

fn lint_as(name: &str, bytes: Vec<u8>, role: Role) -> Vec<(String, String)> {
    let loaded = load_texts(true, &[]);
    let engine = Engine::new(&loaded.sets, EngineOptions::default());
    let mut workspace = Workspace::default();
    workspace.set_file_as(&engine, name, bytes, role);
    let report = workspace.report(&engine, &[], std::path::Path::new(""));
    report
        .diagnostics
        .into_iter()
        .map(|d| (d.code, d.message))
        .collect()
}

fn has(found: &[(String, String)], code: &str, text: &str) -> bool {
    found.iter().any(|(c, m)| c == code && m.contains(text))
}

#[test]
fn alias_bomb_is_a_finding() {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..30 {
        let prev = i - 1;
        text.push_str(&format!("a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"));
    }
    text.push_str("vpcPeeringName: x\n");
    let found = lint("bomb.yaml", text.into_bytes());
    assert!(
        has(&found, "peerlint/syntax-error", "aliases expand"),
        "{found:?}"
    );
}

#[test]
fn deep_nesting_is_a_finding() {
    for (name, text) in [
        ("deep.yaml", "[".repeat(100_000)),
        ("deep.json", "[".repeat(100_000)),
        (
            "deep-block.yaml",
            (0..300)
                .map(|i| format!("{}k:\n", " ".repeat(i)))
                .collect::<String>(),
        ),
    ] {
        let found = lint(name, text.into_bytes());
        assert!(
            found.iter().any(|(c, _)| c == "peerlint/syntax-error"),
            "{name}: {found:?}"
        );
    }
}

#[test]
fn empty_binary_bom_crlf_and_huge_keys() {
    assert!(lint("empty.yaml", Vec::new()).is_empty());
    assert!(lint("empty.json", Vec::new())
        .iter()
        .any(|(c, _)| c == "peerlint/syntax-error"));
    let binary: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    assert!(has(
        &lint("binary.yaml", binary.clone()),
        "peerlint/syntax-error",
        "not valid UTF-8"
    ));
    assert!(has(
        &lint("binary.json", binary),
        "peerlint/syntax-error",
        "not valid UTF-8"
    ));
    let bom = "\u{feff}provider: jdcloud\r\nparams:\r\n\tregionId: x\r\n"
        .as_bytes()
        .to_vec();
    assert!(!lint("bom.yaml", bom).is_empty());
    let huge_key = format!("{}: 1\nvpcPeeringName: x\n", "k".repeat(1_000_000));
    let found = lint("huge-key.yaml", huge_key.into_bytes());
    assert!(!found.is_empty());
    let huge_value = format!("provider: tencentcloud\nparams:\n  vpcId: vpc-2k8d0cx9\n  peerVpcId: vpc-9a8b7c6d\n  peerUin: \"2407912486\"\n  peeringConnectionName: \"{}\"\n", "名".repeat(500_000));
    let found = lint("huge-value.yaml", huge_value.into_bytes());
    assert!(
        found
            .iter()
            .any(|(c, m)| c == "tencentcloud/name-length" && m.len() < 400),
        "messages stay short: {found:?}"
    );
}

#[test]
fn many_documents_and_many_duplicate_keys() {
    let text: String = (0..20_000)
        .map(|i| format!("---\nprovider: jdcloud\nk: {i}\nk: {i}\n"))
        .collect();
    let found = lint("many.yaml", text.into_bytes());
    assert_eq!(
        found
            .iter()
            .filter(|(c, _)| c == "peerlint/duplicate-key")
            .count(),
        20_000
    );
}

#[test]
fn rule_file_garbage_never_panics() {
    for text in [
        "",
        "[",
        "provider: x\nrules: [1, 2, {id: [x]}]",
        "provider: x\nversion: 1\nparams: {a: {type: string}}\nrules:\n  - {id: x/y, check: pattern, target: params.a, pattern: '(?<n>a)\\k<n>'}",
        "provider: x\nversion: 1\nparams: {a: {type: string}}\nrules:\n  - {id: x/y, check: pattern, target: params.a, pattern: 'a{1000}{1000}{1000}'}",
        "provider: x\nversion: 1\nparams: {a: {type: string}}\nclasses: {c: {ranges: ['U+D800..U+DFFF', 'U+110000']}}\nrules:\n  - {id: x/y, check: charset, target: params.a, classes: [c]}",
        "extends: nothing\noverride: {a/b: {max: 1}}",
        "provider: jdcloud\nversion: 2\nparams: 3",
    ] {
        let loaded = load_texts(false, &[("bad.yaml", text)]);
        assert!(loaded.sets.sets.is_empty() || !loaded.errors.is_empty() || text.is_empty(), "{text}");
        if !text.is_empty() {
            assert!(!loaded.errors.is_empty(), "no error for {text:?}");
        }
    }
    let _ = Format::Yaml;
}

#[test]
fn hostile_files_of_other_tools_are_skipped_without_a_finding() {
    // The same inputs, found by a walk rather than declared request files:
    // nothing in them looks like a request, so nothing is reported.
    let binary: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    for (name, bytes) in [
        ("deep.yaml", "[".repeat(100_000).into_bytes()),
        ("deep.json", "[".repeat(100_000).into_bytes()),
        ("empty.json", Vec::new()),
        ("binary.yaml", binary.clone()),
        ("binary.json", binary),
        (
            "template.yaml",
            b"name: {{ .Values.name }}\nimage: {{ .Values.image".to_vec(),
        ),
    ] {
        assert!(
            lint_as(name, bytes, Role::Found).is_empty(),
            "{name} is not a request file"
        );
    }
    // But a broken file that shows a detection key is a request file.
    let broken = b"vpcPeeringName: [unclosed\n".to_vec();
    assert!(lint_as("broken.yaml", broken, Role::Found)
        .iter()
        .any(|(c, _)| c == "peerlint/syntax-error"));
}
