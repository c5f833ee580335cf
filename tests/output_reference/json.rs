// The renderer as it was before streaming (issue 12), kept verbatim (only
// `crate::` paths made `peerlint::`, and its unit tests dropped) as the reference
// the streamed renderer must equal byte for byte. Do not "fix" it.

//! `json`: one object on stdout, the contract documented in `docs/output.md`.
//!
//! `schema_version`, `tool`, `rule_sets`, `summary`, `diagnostics` (sorted by
//! file, offset, code; each with `span` in bytes, `start`/`end` in 1-based
//! lines and scalar-value columns, `lsp_range` in 0-based UTF-16) and
//! `errors`. Suppressed findings appear with `"suppressed": {...}`; fields
//! are only ever added, never changed.

use std::io::{self, Write};

use serde_json::{json, Map, Value};

use peerlint::diagnostic::{Diagnostic, Label, Location};
use peerlint::fix::Fix;
use peerlint::report::Report;

/// JSON for one location: `span`, `start`, `end`, `lsp_range`.
pub fn location_fields(location: &Location, into: &mut Map<String, Value>) {
    into.insert(
        "span".into(),
        json!({"offset": location.span.start, "length": location.span.len()}),
    );
    into.insert(
        "start".into(),
        json!({"line": location.start.line, "column": location.start.column}),
    );
    into.insert(
        "end".into(),
        json!({"line": location.end.line, "column": location.end.column}),
    );
    into.insert(
        "lsp_range".into(),
        json!({
            "start": {"line": location.start.lsp_line, "character": location.start.lsp_character},
            "end": {"line": location.end.lsp_line, "character": location.end.lsp_character},
        }),
    );
}

fn label(label: &Label, with_file: bool) -> Value {
    let mut map = Map::new();
    if with_file {
        map.insert("file".into(), json!(label.file));
    }
    map.insert("message".into(), json!(label.message));
    location_fields(&label.location, &mut map);
    Value::Object(map)
}

/// The JSON object of a fix: applicability, message and edits.
pub fn fix(fix: &Fix) -> Value {
    let edits: Vec<Value> = fix
        .edits
        .iter()
        .map(|e| {
            let mut map = Map::new();
            location_fields(&e.location, &mut map);
            map.insert("new_text".into(), json!(e.new_text));
            Value::Object(map)
        })
        .collect();
    json!({
        "applicability": fix.applicability.as_str(),
        "message": fix.message,
        "edits": edits,
    })
}

/// The JSON object of one diagnostic.
pub fn diagnostic(d: &Diagnostic) -> Value {
    let mut map = Map::new();
    map.insert("file".into(), json!(d.file));
    map.insert("document".into(), json!(d.document));
    map.insert("provider".into(), json!(d.provider));
    map.insert("code".into(), json!(d.code));
    map.insert("severity".into(), json!(d.severity));
    map.insert("message".into(), json!(d.message));
    map.insert("help".into(), json!(d.help));
    map.insert("url".into(), json!(d.url));
    map.insert("api_error".into(), json!(d.api_error));
    map.insert("pointer".into(), json!(d.pointer));
    location_fields(&d.location, &mut map);
    map.insert(
        "labels".into(),
        d.same_file_labels().map(|l| label(l, false)).collect(),
    );
    map.insert(
        "related".into(),
        d.related().map(|l| label(l, true)).collect(),
    );
    map.insert("fix".into(), d.fix.as_ref().map_or(Value::Null, fix));
    if let Some(s) = &d.suppressed {
        map.insert(
            "suppressed".into(),
            json!({"kind": s.kind, "justification": s.justification}),
        );
    }
    Value::Object(map)
}

/// The whole report as a JSON value.
pub fn report_value(report: &Report) -> Value {
    let s = &report.summary;
    let errors: Vec<Value> = report
        .errors
        .iter()
        .map(|e| {
            let mut map = Map::new();
            map.insert("file".into(), json!(e.file));
            map.insert("message".into(), json!(e.message));
            map.insert("code".into(), json!(e.code()));
            if let Some(location) = &e.location {
                location_fields(location, &mut map);
            }
            Value::Object(map)
        })
        .collect();
    json!({
        "schema_version": 1,
        "tool": {"name": "peerlint", "version": env!("CARGO_PKG_VERSION")},
        "rule_sets": report.rule_sets.iter().map(|(p, v)| json!({"provider": p, "version": v})).collect::<Vec<_>>(),
        "summary": {
            "files": s.files, "documents": s.documents, "skipped": s.skipped,
            "errors": s.errors, "warnings": s.warnings, "infos": s.infos, "suppressed": s.suppressed,
            "fixed": s.fixed,
        },
        "diagnostics": report.diagnostics.iter().map(diagnostic).collect::<Vec<_>>(),
        "errors": errors,
    })
}

/// Write the report as one JSON object and a newline.
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &report_value(report))?;
    writeln!(out)
}
