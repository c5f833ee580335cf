//! `json`: one object on stdout, the contract documented in `docs/output.md`.
//!
//! `schema_version`, `tool`, `rule_sets`, `summary`, `diagnostics` (sorted by
//! file, offset, code; each with `span` in bytes, `start`/`end` in 1-based
//! lines and scalar-value columns, `lsp_range` in 0-based UTF-16) and
//! `errors`. Suppressed findings appear with `"suppressed": {...}`; fields
//! are only ever added, never changed.
//!
//! The report is streamed: serde_json writes each diagnostic to the writer
//! as it is serialized, from borrowed views of the report, and no value
//! holding the whole report is built. Keys are written in alphabetical
//! order (the order the views declare their fields in), as they always
//! were.

use std::io::{self, Write};

use serde::ser::{SerializeStruct, Serializer};
use serde::Serialize;
use serde_json::Value;

use super::Items;
use crate::diagnostic::{ApiError, Diagnostic, Label, Location, Severity, Suppression};
use crate::fix::{Edit, Fix};
use crate::report::{Report, Summary};

/// `span`: the range in bytes.
#[derive(Serialize)]
struct SpanJson {
    length: usize,
    offset: usize,
}

/// `start` and `end`: 1-based line, column in scalar values.
#[derive(Serialize)]
struct PositionJson {
    column: usize,
    line: usize,
}

/// An LSP `Position`.
#[derive(Serialize)]
struct LspPositionJson {
    character: usize,
    line: usize,
}

/// `lsp_range`: an LSP `Range`.
#[derive(Serialize)]
struct LspRangeJson {
    end: LspPositionJson,
    start: LspPositionJson,
}

/// The four location fields of one location, in the order they are
/// written among their object's other keys.
struct LocationJson {
    end: PositionJson,
    lsp_range: LspRangeJson,
    span: SpanJson,
    start: PositionJson,
}

impl LocationJson {
    fn new(l: &Location) -> LocationJson {
        LocationJson {
            end: PositionJson {
                column: l.end.column,
                line: l.end.line,
            },
            lsp_range: LspRangeJson {
                end: LspPositionJson {
                    character: l.end.lsp_character,
                    line: l.end.lsp_line,
                },
                start: LspPositionJson {
                    character: l.start.lsp_character,
                    line: l.start.lsp_line,
                },
            },
            span: SpanJson {
                length: l.span.len(),
                offset: l.span.start,
            },
            start: PositionJson {
                column: l.start.column,
                line: l.start.line,
            },
        }
    }
}

/// `api_error` (SARIF's `apiError` too).
#[derive(Serialize)]
pub(super) struct ApiErrorJson<'a> {
    code: Option<&'a str>,
    status: Option<u16>,
}

impl<'a> ApiErrorJson<'a> {
    pub(super) fn new(api: &'a ApiError) -> ApiErrorJson<'a> {
        ApiErrorJson {
            code: api.code.as_deref(),
            status: api.status,
        }
    }
}

/// A label: same-file (no `file`) or related (with `file`).
#[derive(Serialize)]
struct LabelJson<'a> {
    end: PositionJson,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<&'a str>,
    lsp_range: LspRangeJson,
    message: &'a str,
    span: SpanJson,
    start: PositionJson,
}

impl<'a> LabelJson<'a> {
    fn new(label: &'a Label) -> LabelJson<'a> {
        let l = LocationJson::new(&label.location);
        LabelJson {
            end: l.end,
            file: label.file.as_deref(),
            lsp_range: l.lsp_range,
            message: &label.message,
            span: l.span,
            start: l.start,
        }
    }
}

#[derive(Serialize)]
struct EditJson<'a> {
    end: PositionJson,
    lsp_range: LspRangeJson,
    new_text: &'a str,
    span: SpanJson,
    start: PositionJson,
}

impl<'a> EditJson<'a> {
    fn new(edit: &'a Edit) -> EditJson<'a> {
        let l = LocationJson::new(&edit.location);
        EditJson {
            end: l.end,
            lsp_range: l.lsp_range,
            new_text: &edit.new_text,
            span: l.span,
            start: l.start,
        }
    }
}

/// A fix: applicability, edits, message.
#[derive(Serialize)]
struct FixJson<'a> {
    applicability: &'static str,
    edits: Items<'a, Edit, EditJson<'a>>,
    message: &'a str,
}

impl<'a> FixJson<'a> {
    fn new(fix: &'a Fix) -> FixJson<'a> {
        FixJson {
            applicability: fix.applicability.as_str(),
            edits: Items::new(&fix.edits, |e| Some(EditJson::new(e))),
            message: &fix.message,
        }
    }
}

#[derive(Serialize)]
struct SuppressionJson<'a> {
    justification: Option<&'a str>,
    kind: &'a str,
}

impl<'a> SuppressionJson<'a> {
    fn new(s: &'a Suppression) -> SuppressionJson<'a> {
        SuppressionJson {
            justification: s.justification.as_deref(),
            kind: s.kind,
        }
    }
}

/// One diagnostic, keys in alphabetical order.
#[derive(Serialize)]
struct DiagnosticJson<'a> {
    api_error: Option<ApiErrorJson<'a>>,
    code: &'a str,
    document: Option<usize>,
    end: PositionJson,
    file: &'a str,
    fix: Option<FixJson<'a>>,
    help: Option<&'a str>,
    labels: Items<'a, Label, LabelJson<'a>>,
    lsp_range: LspRangeJson,
    message: &'a str,
    pointer: &'a str,
    provider: Option<&'a str>,
    related: Items<'a, Label, LabelJson<'a>>,
    severity: Severity,
    span: SpanJson,
    start: PositionJson,
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressed: Option<SuppressionJson<'a>>,
    url: Option<&'a str>,
}

impl<'a> DiagnosticJson<'a> {
    fn new(d: &'a Diagnostic) -> DiagnosticJson<'a> {
        let l = LocationJson::new(&d.location);
        DiagnosticJson {
            api_error: d.api_error.as_ref().map(ApiErrorJson::new),
            code: &d.code,
            document: d.document,
            end: l.end,
            file: &d.file,
            fix: d.fix.as_ref().map(FixJson::new),
            help: d.help.as_deref(),
            // As `Diagnostic::same_file_labels` and `Diagnostic::related`.
            labels: Items::new(&d.labels, |l| l.file.is_none().then(|| LabelJson::new(l))),
            lsp_range: l.lsp_range,
            message: &d.message,
            pointer: &d.pointer,
            provider: d.provider.as_deref(),
            related: Items::new(&d.labels, |l| l.file.is_some().then(|| LabelJson::new(l))),
            severity: d.severity,
            span: l.span,
            start: l.start,
            suppressed: d.suppressed.as_ref().map(SuppressionJson::new),
            url: d.url.as_deref(),
        }
    }
}

/// An `errors` entry; the location fields are absent when the position is unknown.
#[derive(Serialize)]
struct ErrorJson<'a> {
    code: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<PositionJson>,
    file: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    lsp_range: Option<LspRangeJson>,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    span: Option<SpanJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start: Option<PositionJson>,
}

#[derive(Serialize)]
struct RuleSetJson<'a> {
    provider: &'a str,
    version: &'a str,
}

/// `summary` (SARIF's `properties.summary` too).
#[derive(Serialize)]
pub(super) struct SummaryJson {
    documents: usize,
    errors: usize,
    files: usize,
    fixed: usize,
    infos: usize,
    skipped: usize,
    suppressed: usize,
    warnings: usize,
}

impl SummaryJson {
    pub(super) fn new(s: &Summary) -> SummaryJson {
        SummaryJson {
            documents: s.documents,
            errors: s.errors,
            files: s.files,
            fixed: s.fixed,
            infos: s.infos,
            skipped: s.skipped,
            suppressed: s.suppressed,
            warnings: s.warnings,
        }
    }
}

#[derive(Serialize)]
struct ToolJson {
    name: &'static str,
    version: &'static str,
}

/// The whole report: `diagnostics` and `errors` are serialized one
/// element at a time, straight to the writer.
struct ReportJson<'a>(&'a Report);

impl Serialize for ReportJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let report = self.0;
        let mut map = serializer.serialize_struct("Report", 6)?;
        map.serialize_field(
            "diagnostics",
            &Items::new(&report.diagnostics, |d| Some(DiagnosticJson::new(d))),
        )?;
        map.serialize_field(
            "errors",
            &Items::new(&report.errors, |e| {
                let l = e.location.as_ref().map(LocationJson::new);
                let (end, lsp_range, span, start) = match l {
                    Some(l) => (Some(l.end), Some(l.lsp_range), Some(l.span), Some(l.start)),
                    None => (None, None, None, None),
                };
                Some(ErrorJson {
                    code: e.code(),
                    end,
                    file: &e.file,
                    lsp_range,
                    message: &e.message,
                    span,
                    start,
                })
            }),
        )?;
        map.serialize_field(
            "rule_sets",
            &Items::new(&report.rule_sets, |(provider, version)| {
                Some(RuleSetJson { provider, version })
            }),
        )?;
        map.serialize_field("schema_version", &1)?;
        map.serialize_field("summary", &SummaryJson::new(&report.summary))?;
        map.serialize_field(
            "tool",
            &ToolJson {
                name: "peerlint",
                version: env!("CARGO_PKG_VERSION"),
            },
        )?;
        map.end()
    }
}

/// The JSON object of a fix: applicability, message and edits.
pub fn fix(fix: &Fix) -> Value {
    serde_json::to_value(FixJson::new(fix)).expect("a fix serializes")
}

/// The JSON object of one diagnostic, as the report writes it.
pub fn diagnostic(d: &Diagnostic) -> Value {
    serde_json::to_value(DiagnosticJson::new(d)).expect("a diagnostic serializes")
}

/// Write the report as one pretty-printed JSON object and a newline,
/// diagnostic by diagnostic. The writes are small: pass a buffered writer.
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &ReportJson(report))?;
    writeln!(out)
}
