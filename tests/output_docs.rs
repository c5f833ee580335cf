//! docs/output.md documents every field of the JSON report.
//!
//! The binary runs with `-f json` over inputs that exercise every field (a
//! finding with labels, one with related places in another file, a
//! suppressed one, a predicted API error, an `errors` entry with a position
//! and a code and one without either), and every key path of the output
//! (`diagnostics[].related[].file`, `errors[].code`, ...) must be documented.
//!
//! Convention: in the "JSON" section of docs/output.md, a key path is
//! documented when it appears in backticks in the first cell of a table
//! row. A path starting with `*.` (`*.span.offset`) documents that field on
//! every array element that carries it (`diagnostics[].span.offset`,
//! `errors[].span.offset`, ...). The test also checks the reverse: every
//! documented path is emitted, except the `fix` fields, which are
//! documented ahead of the output.

mod common;

use std::collections::BTreeSet;

use serde_json::Value;

use common::{json, run_in, scratch, write};

/// Fields documented before peerlint emits them.
const FIX_PATHS: &[&str] = &[
    "diagnostics[].fix",
    "diagnostics[].fix.applicability",
    "diagnostics[].fix.message",
    "diagnostics[].fix.edits",
    "diagnostics[].fix.edits[].new_text",
];

/// The location fields, relative to the object that carries them.
const LOCATION: &[&str] = &[
    "span",
    "span.offset",
    "span.length",
    "start",
    "start.line",
    "start.column",
    "end",
    "end.line",
    "end.column",
    "lsp_range",
    "lsp_range.start",
    "lsp_range.start.line",
    "lsp_range.start.character",
    "lsp_range.end",
    "lsp_range.end.line",
    "lsp_range.end.character",
];

/// Every key path of `value`: `a.b` for object keys, `a[].b` inside arrays.
fn key_paths(value: &Value, path: &str, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let p = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                out.insert(p.clone());
                key_paths(child, &p, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                key_paths(item, &format!("{path}[]"), out);
            }
        }
        _ => {}
    }
}

/// The "JSON" section of docs/output.md: up to the next `## ` heading.
fn json_section() -> String {
    let text = std::fs::read_to_string(common::manifest_dir().join("docs/output.md"))
        .expect("docs/output.md");
    let start = text.find("\n## JSON").expect("a `## JSON` section");
    let rest = &text[start + 1..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |i| i + 3);
    rest[..end].to_owned()
}

/// Backticked text in the first cell of each table row.
fn documented_paths(section: &str) -> BTreeSet<String> {
    let mut paths = BTreeSet::new();
    for line in section.lines() {
        let Some(row) = line.trim().strip_prefix('|') else {
            continue;
        };
        let first = row.split('|').next().unwrap_or("");
        for (i, piece) in first.split('`').enumerate() {
            if i % 2 == 1 {
                paths.insert(piece.to_owned());
            }
        }
    }
    paths
}

/// Whether `path` is documented: listed, or matched by a `*.` pattern
/// whose `*` is an array element.
fn is_documented(path: &str, documented: &BTreeSet<String>) -> bool {
    documented.contains(path)
        || documented
            .iter()
            .filter_map(|d| d.strip_prefix('*'))
            .any(|suffix| {
                path.strip_suffix(suffix)
                    .is_some_and(|owner| owner.ends_with("[]"))
            })
}

fn report() -> Value {
    let dir = scratch("report");
    write(&dir, ".peerlint.yaml", "colour: red\n");
    write(
        &dir,
        "inventory.yaml",
        "provider: jdcloud\naccount: \"82150512\"\nvpcs:\n  - {vpcId: vpc-ofxxrkkw0r, addressPrefix: [10.0.0.0/16], region: cn-north-1}\npeerings:\n  - {vpcId: vpc-ofxxrkkw0r, remoteVpcId: vpc-9a8b7c6d5e, vpcPeeringName: app_to_cache}\n",
    );
    write(
        &dir,
        "requests/a.yaml",
        "provider: jdcloud\nparams:\n  regionId: cn-north-1\n  vpcPeeringName: app_to_cache\n  vpcId: vpc-ofxxrkkw0r\n  remoteVpcId: vpc-2k8d0cx9aa\nvpcs:\n  - {vpcId: vpc-2k8d0cx9aa, addressPrefix: [10.0.0.0/24]}\n---\nprovider: jdcloud\nparams:\n  regionId: cn-north-1\n  vpcPeeringName: db-to app  # peerlint-ignore: jdcloud/hyphen-in-name -- named in the console\n  vpcId: vpc-2k8d0cx9aa\n  remoteVpcId: vpc-2k8d0cx9aa\n",
    );
    let output = run_in(
        &dir,
        &[
            "check",
            "-f",
            "json",
            "--inventory",
            "inventory.yaml",
            "requests",
            "no/such/file.yaml",
        ],
    );
    assert_eq!(output.status.code(), Some(2), "errors give exit 2");
    let report = json(&output);
    let _ = std::fs::remove_dir_all(&dir);
    report
}

#[test]
fn every_json_field_is_documented() {
    let report = report();
    let diagnostics = report["diagnostics"].as_array().expect("diagnostics");
    let errors = report["errors"].as_array().expect("errors");
    let any = |list: &[Value], f: &dyn Fn(&Value) -> bool| list.iter().any(f);
    // The inputs exercise every field.
    assert!(
        any(diagnostics, &|d| d["labels"]
            .as_array()
            .is_some_and(|l| !l.is_empty())),
        "a diagnostic with labels: {report:#}"
    );
    assert!(
        any(diagnostics, &|d| d["related"]
            .as_array()
            .is_some_and(|r| !r.is_empty())),
        "a diagnostic with related places: {report:#}"
    );
    assert!(any(diagnostics, &|d| d.get("suppressed").is_some()));
    assert!(any(diagnostics, &|d| d["api_error"].is_object()));
    assert!(any(errors, &|e| e.get("start").is_some()
        && e.get("code").is_some()));
    assert!(any(errors, &|e| e.get("start").is_none()));

    let mut emitted = BTreeSet::new();
    key_paths(&report, "", &mut emitted);
    let section = json_section();
    let documented = documented_paths(&section);

    let undocumented: Vec<&String> = emitted
        .iter()
        .filter(|p| !is_documented(p, &documented))
        .collect();
    assert!(
        undocumented.is_empty(),
        "JSON fields missing from docs/output.md (a table row whose first cell has the path in backticks): {undocumented:#?}"
    );

    // The fix fields, and the location fields of its edits, are documented.
    let mut fix: Vec<String> = FIX_PATHS.iter().map(|p| (*p).to_owned()).collect();
    fix.extend(
        LOCATION
            .iter()
            .map(|l| format!("diagnostics[].fix.edits[].{l}")),
    );
    let missing: Vec<&String> = fix
        .iter()
        .filter(|p| !is_documented(p, &documented))
        .collect();
    assert!(
        missing.is_empty(),
        "fix fields not documented: {missing:#?}"
    );

    // The location list above is the one the output has.
    let diagnostic_location: BTreeSet<&str> = emitted
        .iter()
        .filter_map(|p| p.strip_prefix("diagnostics[]."))
        .filter(|p| {
            ["span", "start", "end", "lsp_range"].contains(&p.split('.').next().unwrap_or(""))
        })
        .collect();
    assert_eq!(
        diagnostic_location,
        LOCATION.iter().copied().collect::<BTreeSet<&str>>()
    );

    // The reverse: nothing documented that is not emitted (the fix fields aside).
    let stale: Vec<&String> = documented
        .iter()
        .filter(|d| match d.strip_prefix('*') {
            Some(suffix) => !emitted.iter().any(|p| {
                p.strip_suffix(suffix)
                    .is_some_and(|owner| owner.ends_with("[]"))
            }),
            None => !emitted.contains(*d) && !FIX_PATHS.contains(&d.as_str()),
        })
        .collect();
    assert!(
        stale.is_empty(),
        "documented in docs/output.md but not in the output: {stale:#?}"
    );
}

/// Whether every field of `part` is in `whole` with the same value
/// (objects may have more keys in `whole`; arrays match element by element).
fn is_subset(part: &Value, whole: &Value) -> bool {
    match (part, whole) {
        (Value::Object(p), Value::Object(w)) => p
            .iter()
            .all(|(k, v)| w.get(k).is_some_and(|wv| is_subset(v, wv))),
        (Value::Array(p), Value::Array(w)) => {
            p.len() == w.len() && p.iter().zip(w).all(|(a, b)| is_subset(a, b))
        }
        _ => part == whole,
    }
}

/// The text of the first code block of `kind` in `section`.
fn code_block<'a>(section: &'a str, kind: &str) -> &'a str {
    let fence = format!("```{kind}\n");
    let start = section.find(&fence).expect("a code block") + fence.len();
    let end = start + section[start..].find("\n```").expect("closed");
    &section[start..end]
}

/// The example of the JSON section is what peerlint prints for the input
/// and command shown there (tool and rule-set versions aside; fields added
/// later may be missing from it), and uses documented fields only.
#[test]
fn the_documented_example_is_real() {
    let section = json_section();
    let input = code_block(&section, "yaml").to_owned() + "\n";
    let command = code_block(&section, "sh");
    let args: Vec<&str> = command
        .strip_prefix("peerlint ")
        .and_then(|c| c.strip_suffix(" < app.yaml"))
        .expect("`peerlint ... < app.yaml`")
        .split(' ')
        .collect();
    let mut example: Value =
        serde_json::from_str(code_block(&section, "json")).expect("the example is JSON");

    let dir = scratch("example");
    let output = common::run_in_with_stdin(&dir, &args, &input);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(output.status.code(), Some(2));
    let actual = json(&output);
    example["tool"]["version"] = actual["tool"]["version"].clone();
    example["rule_sets"] = actual["rule_sets"].clone();
    // Fields added after the example was written may be missing from it.
    if !is_subset(&example, &actual) {
        panic!(
            "the example in docs/output.md is stale (`-` example, `+` output):\n{}",
            common::diff(
                &serde_json::to_string_pretty(&example).unwrap_or_default(),
                &serde_json::to_string_pretty(&actual).unwrap_or_default(),
            )
        );
    }

    let mut paths = BTreeSet::new();
    key_paths(&example, "", &mut paths);
    let documented = documented_paths(&section);
    let undocumented: Vec<&String> = paths
        .iter()
        .filter(|p| !is_documented(p, &documented))
        .collect();
    assert!(undocumented.is_empty(), "{undocumented:#?}");
}
