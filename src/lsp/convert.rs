//! Positions and diagnostics between peerlint and the protocol.
//!
//! peerlint's spans are byte ranges; a [`Location`] already carries the
//! UTF-16 position an LSP `Range` uses by default. When the client and
//! server agree on UTF-8, positions are byte offsets within the line,
//! computed from the file's line index. Incoming positions are turned back
//! into byte offsets the same way; a position past the end of its line
//! means the end of the line, a line past the end the end of the text.

use std::collections::HashMap;
use std::sync::Arc;

use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, NumberOrString,
    PositionEncodingKind, Range, Uri,
};
use serde_json::json;

use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::document::{LineIndex, SourceFile, Span};
use crate::output::json as json_output;

/// How `Position.character` counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-16 code units: the protocol's default.
    Utf16,
    /// Bytes of UTF-8, when the client offers it.
    Utf8,
}

impl Encoding {
    /// UTF-8 when the client lists it among `general.positionEncodings`,
    /// else UTF-16.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    /// The protocol's name for it.
    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf8 => PositionEncodingKind::UTF8,
        }
    }
}

/// The byte offset where 0-based `line`'s text ends (before its line break).
pub fn line_end(text: &str, lines: &LineIndex, line: usize) -> usize {
    match lines.line_start(line + 1) {
        Some(next) => {
            let before = &text[..next];
            next - if before.ends_with("\r\n") {
                2
            } else {
                usize::from(before.ends_with(['\n', '\r']))
            }
        }
        None => text.len(),
    }
}

/// The protocol position of byte `offset` of `source`.
pub fn position(source: &SourceFile, offset: usize, encoding: Encoding) -> lsp_types::Position {
    let p = source.position(offset);
    let character = match encoding {
        Encoding::Utf16 => p.lsp_character,
        Encoding::Utf8 => {
            let start = source.lines().line_start(p.lsp_line).unwrap_or(0);
            let mut offset = offset.min(source.text.len());
            while !source.text.is_char_boundary(offset) {
                offset -= 1;
            }
            offset.saturating_sub(start)
        }
    };
    lsp_types::Position::new(to_u32(p.lsp_line), to_u32(character))
}

/// The protocol range of `span` in `source`.
pub fn range(source: &SourceFile, span: Span, encoding: Encoding) -> Range {
    Range::new(
        position(source, span.start, encoding),
        position(source, span.end, encoding),
    )
}

/// The protocol range of a resolved location: its UTF-16 positions as they
/// are, or (UTF-8) recomputed from `source` when it is known.
pub fn location_range(
    location: &Location,
    source: Option<&SourceFile>,
    encoding: Encoding,
) -> Range {
    match (encoding, source) {
        (Encoding::Utf8, Some(source)) => range(source, location.span, encoding),
        _ => Range::new(
            lsp_types::Position::new(
                to_u32(location.start.lsp_line),
                to_u32(location.start.lsp_character),
            ),
            lsp_types::Position::new(
                to_u32(location.end.lsp_line),
                to_u32(location.end.lsp_character),
            ),
        ),
    }
}

/// The byte offset of a protocol position in `text` (indexed by `lines`).
pub fn offset(
    text: &str,
    lines: &LineIndex,
    position: lsp_types::Position,
    encoding: Encoding,
) -> usize {
    let line = position.line as usize;
    let Some(start) = lines.line_start(line) else {
        return text.len();
    };
    let end = line_end(text, lines, line);
    let line_text = &text[start..end];
    let character = position.character as usize;
    match encoding {
        Encoding::Utf8 => {
            let mut at = character.min(line_text.len());
            while !line_text.is_char_boundary(at) {
                at -= 1;
            }
            start + at
        }
        Encoding::Utf16 => {
            let mut units = 0;
            for (i, c) in line_text.char_indices() {
                if units >= character {
                    return start + i;
                }
                units += c.len_utf16();
            }
            end
        }
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// What the conversion of a file's findings needs.
pub struct Context<'a> {
    pub encoding: Encoding,
    /// Sources of the files findings and their places are in (UTF-8 positions).
    pub sources: &'a HashMap<String, Arc<SourceFile>>,
    /// The URI of a file as reported (`None`: it has none, the place is left out).
    pub uri_of: &'a dyn Fn(&str) -> Option<Uri>,
    /// The client shows `relatedInformation`.
    pub related_information: bool,
}

/// The protocol diagnostic of a finding: range, severity, rule id as code
/// with its documentation link, `peerlint` as source, the help after the
/// message, labels and places in other files as related information, and
/// the fix (as in the JSON report) in `data`.
pub fn diagnostic(d: &Diagnostic, cx: &Context<'_>) -> lsp_types::Diagnostic {
    let source = cx.sources.get(&d.file).map(Arc::as_ref);
    let severity = match d.severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    };
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related = cx.related_information.then(|| {
        d.labels
            .iter()
            .filter_map(|label| {
                let file = label.file.as_deref().unwrap_or(&d.file);
                let uri = (cx.uri_of)(file)?;
                let source = cx.sources.get(file).map(Arc::as_ref);
                Some(DiagnosticRelatedInformation {
                    location: lsp_types::Location::new(
                        uri,
                        location_range(&label.location, source, cx.encoding),
                    ),
                    message: label.message.clone(),
                })
            })
            .collect::<Vec<_>>()
    });
    lsp_types::Diagnostic {
        range: location_range(&d.location, source, cx.encoding),
        severity: Some(severity),
        code: Some(NumberOrString::String(d.code.clone())),
        code_description: d
            .url
            .as_deref()
            .and_then(|u| u.parse::<Uri>().ok())
            .map(|href| CodeDescription { href }),
        source: Some("peerlint".to_owned()),
        message,
        related_information: related.filter(|r| !r.is_empty()),
        tags: None,
        data: Some(json!({"fix": d.fix.as_ref().map(json_output::fix)})),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_round_trip_in_both_encodings() {
        let text = "a: \"名🚀x\"\r\nb: 1\n";
        let source = SourceFile::new("a.yaml", text.to_owned());
        let x = text.find('x').expect("x");
        let utf16 = position(&source, x, Encoding::Utf16);
        assert_eq!((utf16.line, utf16.character), (0, 7));
        let utf8 = position(&source, x, Encoding::Utf8);
        assert_eq!((utf8.line, utf8.character), (0, 11));
        for encoding in [Encoding::Utf16, Encoding::Utf8] {
            let p = position(&source, x, encoding);
            assert_eq!(offset(text, source.lines(), p, encoding), x);
        }
        // Past the end of a line: its end, before the CRLF.
        let far = lsp_types::Position::new(0, 99);
        assert_eq!(
            offset(text, source.lines(), far, Encoding::Utf16),
            text.find('\r').expect("cr")
        );
        assert_eq!(
            offset(
                text,
                source.lines(),
                lsp_types::Position::new(9, 0),
                Encoding::Utf8
            ),
            text.len()
        );
        assert_eq!(line_end(text, source.lines(), 1), text.len() - 1);
    }
}
