//! Code actions: each finding's fix as a quick fix (unsafe ones say so and
//! are never preferred), a suppression comment for the finding's line
//! (YAML and HCL, which have comments), and `source.fixAll.peerlint`: every
//! safe fix of the buffer, applied in rounds as `check --fix` does.

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, DocumentChanges, OneOf,
    OptionalVersionedTextDocumentIdentifier, TextDocumentEdit, TextEdit, Uri, WorkspaceEdit,
};

use super::convert::{self, line_end, Encoding};
use super::project::Project;
use crate::core_rules::{is_fixed, SUPPRESSION_WITHOUT_REASON, UNUSED_SUPPRESSION};
use crate::diagnostic::Diagnostic;
use crate::document::{self, Format, Node, NodeKind, ParsedStream, SourceFile, Span};
use crate::fix::{Applicability, Fix};
use crate::fixer::{fix_text, FixContext};
use crate::input::Role;
use crate::workspace::format_of;

/// The kind of the "fix all" action.
pub const FIX_ALL: &str = "source.fixAll.peerlint";

/// The buffer code actions are asked for.
pub struct Buffer<'a> {
    pub uri: &'a Uri,
    pub version: i32,
    /// Its name as reported.
    pub name: &'a str,
    pub text: &'a str,
    /// Its name is a path (its role comes from the config).
    pub on_disk: bool,
}

/// How the actions are written.
pub struct Style<'a> {
    pub encoding: Encoding,
    /// The client takes versioned document edits (`documentChanges`).
    pub versioned: bool,
    /// A finding as the protocol diagnostic the action resolves.
    pub diagnostic: &'a dyn Fn(&Diagnostic) -> lsp_types::Diagnostic,
}

/// Whether an action of `kind` is among those asked for (`only`: a kind
/// asks for itself and every kind below it, `source` for `source.fixAll`).
fn wanted(kind: &str, only: Option<&[CodeActionKind]>) -> bool {
    only.is_none_or(|only| {
        only.iter().any(|k| {
            let k = k.as_str();
            kind == k
                || kind
                    .strip_prefix(k)
                    .is_some_and(|rest| rest.starts_with('.'))
        })
    })
}

/// The actions for `range` of `buffer` (findings that touch it), and the
/// "fix all" action when the buffer has a safe fix.
pub fn code_actions(
    project: &Project,
    buffer: &Buffer<'_>,
    range: lsp_types::Range,
    only: Option<&[CodeActionKind]>,
    style: &Style<'_>,
) -> Vec<CodeActionOrCommand> {
    let source = SourceFile::new(buffer.name, buffer.text.to_owned());
    let from = convert::offset(&source.text, source.lines(), range.start, style.encoding);
    let to = convert::offset(&source.text, source.lines(), range.end, style.encoding);
    let findings: &[Diagnostic] = project.findings.get(buffer.name).map_or(&[], Vec::as_slice);
    let format = format_of(buffer.name);
    let comments = matches!(format, Format::Yaml | Format::Hcl);
    let parsed = comments.then(|| document::parse(&source.text, format));
    let mut actions = Vec::new();
    let quickfix = wanted(CodeActionKind::QUICKFIX.as_str(), only);
    for d in findings {
        let span = d.location.span;
        if !quickfix || span.start > to || from > span.end {
            continue;
        }
        if let Some(fix) = &d.fix {
            actions.push(fix_action(buffer, &source, d, fix, style));
        }
        // Syntax errors and duplicate keys cannot be suppressed; a finding
        // about a suppression comment is fixed in the comment.
        let suppressible = !is_fixed(&d.code)
            && d.code != UNUSED_SUPPRESSION.id
            && d.code != SUPPRESSION_WITHOUT_REASON.id;
        let suppression = parsed
            .as_ref()
            .filter(|_| suppressible)
            .and_then(|parsed| suppression(&source, parsed, d));
        if let Some((at, text)) = suppression {
            let edit = TextEdit::new(convert::range(&source, at, style.encoding), text);
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Suppress {} on this line", d.code),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![(style.diagnostic)(d)]),
                edit: Some(workspace_edit(buffer, vec![edit], style)),
                ..CodeAction::default()
            }));
        }
    }
    let has_safe_fix = findings.iter().any(|d| {
        d.fix
            .as_ref()
            .is_some_and(|f| f.applicability == Applicability::Safe)
    });
    if has_safe_fix && wanted(FIX_ALL, only) {
        if let Some(action) = fix_all(project, buffer, &source, style) {
            actions.push(action);
        }
    }
    actions
}

fn fix_action(
    buffer: &Buffer<'_>,
    source: &SourceFile,
    d: &Diagnostic,
    fix: &Fix,
    style: &Style<'_>,
) -> CodeActionOrCommand {
    let safe = fix.applicability == Applicability::Safe;
    let edits = fix
        .edits
        .iter()
        .map(|e| {
            TextEdit::new(
                convert::range(source, e.location.span, style.encoding),
                e.new_text.clone(),
            )
        })
        .collect();
    let mut title = capitalised(&fix.message);
    if !safe {
        title.push_str(" (unsafe: changes the value)");
    }
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![(style.diagnostic)(d)]),
        edit: Some(workspace_edit(buffer, edits, style)),
        is_preferred: safe.then_some(true),
        ..CodeAction::default()
    })
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Every safe fix of the buffer, as minimal edits of its text.
fn fix_all(
    project: &Project,
    buffer: &Buffer<'_>,
    source: &SourceFile,
    style: &Style<'_>,
) -> Option<CodeActionOrCommand> {
    let engine = project.engine();
    let cx = FixContext {
        engine: &engine,
        ignores: &project.setup.ignores,
        root: project.root(),
    };
    let role = if buffer.on_disk {
        project.setup.role_of(std::path::Path::new(buffer.name))?
    } else {
        Role::Found
    };
    let fixed = fix_text(cx, buffer.name, &source.text, role, Applicability::Safe);
    if fixed.text == source.text {
        return None;
    }
    let edits = diff_edits(source, &fixed.text, style.encoding);
    Some(CodeActionOrCommand::CodeAction(CodeAction {
        title: format!(
            "Fix all safe peerlint findings ({})",
            if fixed.fixed == 1 {
                "1 fix".to_owned()
            } else {
                format!("{} fixes", fixed.fixed)
            }
        ),
        kind: Some(CodeActionKind::from(FIX_ALL)),
        edit: Some(workspace_edit(buffer, edits, style)),
        ..CodeAction::default()
    }))
}

/// The edits that turn `source`'s text into `after`, line by line.
pub fn diff_edits(source: &SourceFile, after: &str, encoding: Encoding) -> Vec<TextEdit> {
    let diff = similar::TextDiff::from_lines(source.text.as_str(), after);
    let mut offsets = vec![0];
    for line in diff.iter_old_slices() {
        offsets.push(offsets.last().copied().unwrap_or(0) + line.len());
    }
    let new: Vec<&str> = diff.iter_new_slices().collect();
    diff.ops()
        .iter()
        .filter(|op| op.tag() != similar::DiffTag::Equal)
        .map(|op| {
            let old = op.old_range();
            let span = Span::new(offsets[old.start], offsets[old.end]);
            TextEdit::new(
                convert::range(source, span, encoding),
                new[op.new_range()].concat(),
            )
        })
        .collect()
}

fn workspace_edit(buffer: &Buffer<'_>, edits: Vec<TextEdit>, style: &Style<'_>) -> WorkspaceEdit {
    if style.versioned {
        WorkspaceEdit {
            document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: buffer.uri.clone(),
                    version: Some(buffer.version),
                },
                edits: edits.into_iter().map(OneOf::Left).collect(),
            }])),
            ..WorkspaceEdit::default()
        }
    } else {
        WorkspaceEdit {
            changes: Some(HashMap::from([(buffer.uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        }
    }
}

/// Where a suppression comment for finding `d` goes and its text: at the
/// end of the finding's line (`  # peerlint-ignore: RULE -- reason`), or,
/// when that line has a comment already or ends inside a multi-line
/// scalar, on a line of its own before it. `None` when neither place can
/// take a comment.
pub fn suppression(
    source: &SourceFile,
    parsed: &ParsedStream,
    d: &Diagnostic,
) -> Option<(Span, String)> {
    let text = &source.text;
    let line = d.location.start.lsp_line;
    let start = source.lines().line_start(line)?;
    let end = line_end(text, source.lines(), line);
    let comment = format!("# peerlint-ignore: {} -- reason", d.code);
    let has_comment = parsed
        .comments
        .iter()
        .any(|c| c.span.start >= start && c.span.start <= end);
    if !has_comment && !inside_scalar(parsed, end) && !text[start..end].trim().is_empty() {
        return Some((Span::new(end, end), format!("  {comment}")));
    }
    if start > 0 && inside_scalar(parsed, start - 1) {
        return None;
    }
    let line_text = &text[start..end];
    let indent = &line_text[..line_text.len() - line_text.trim_start().len()];
    let newline = if text[end..].starts_with("\r\n") {
        "\r\n"
    } else if text[end..].starts_with('\r') {
        "\r"
    } else {
        "\n"
    };
    Some((
        Span::new(start, start),
        format!("{indent}{comment}{newline}"),
    ))
}

/// Whether `offset` is strictly inside a scalar's text (a comment there
/// would become part of the value).
fn inside_scalar(parsed: &ParsedStream, offset: usize) -> bool {
    let mut stack: Vec<&Node> = parsed.documents.iter().collect();
    while let Some(node) = stack.pop() {
        if !(node.span.start <= offset && offset <= node.span.end) {
            continue;
        }
        match &node.kind {
            NodeKind::Scalar(_) => {
                if node.span.start < offset && offset < node.span.end {
                    return true;
                }
            }
            NodeKind::Mapping(entries) => {
                stack.extend(entries.iter().flat_map(|e| [&e.key, &e.value]));
            }
            NodeKind::Sequence(items) => stack.extend(items),
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Location, Severity};

    fn suppressed(text: &str, needle: &str) -> Option<String> {
        let source = SourceFile::new("a.yaml", text.to_owned());
        let parsed = document::parse(text, Format::Yaml);
        let at = text.find(needle).expect("needle");
        let d = Diagnostic::new(
            "a.yaml",
            "acme/rule",
            Severity::Error,
            String::new(),
            Location::resolve(&source, Span::new(at, at + needle.len())),
        );
        let (span, comment) = suppression(&source, &parsed, &d)?;
        Some(crate::fix::apply_edits(
            text,
            &[crate::fix::Edit::new(span, comment)],
        ))
    }

    #[test]
    fn a_suppression_goes_at_the_end_of_the_line_or_before_it() {
        assert_eq!(
            suppressed("a:\n  b: x y\n", "x y").as_deref(),
            Some("a:\n  b: x y  # peerlint-ignore: acme/rule -- reason\n")
        );
        assert_eq!(
            suppressed("a:\r\n  b: x y # why\r\n", "x y").as_deref(),
            Some("a:\r\n  # peerlint-ignore: acme/rule -- reason\r\n  b: x y # why\r\n")
        );
        // The line ends inside a quoted scalar: the comment goes before it.
        assert_eq!(
            suppressed("a:\n  b: \"x\n    y\"\n", "\"x").as_deref(),
            Some("a:\n  # peerlint-ignore: acme/rule -- reason\n  b: \"x\n    y\"\n")
        );
    }

    #[test]
    fn kinds_ask_for_themselves_and_what_is_below_them() {
        let source = [CodeActionKind::SOURCE];
        assert!(wanted(FIX_ALL, Some(&source)));
        assert!(!wanted("quickfix", Some(&source)));
        assert!(wanted("quickfix", None));
        let fix_all = [CodeActionKind::SOURCE_FIX_ALL];
        assert!(wanted(FIX_ALL, Some(&fix_all)));
        assert!(!wanted("source.fixAllx", Some(&fix_all)));
    }
}
