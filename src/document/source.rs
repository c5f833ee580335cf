//! Source text and positions.
//!
//! Every span in peerlint is a byte range into the file as read. A
//! [`LineIndex`] per file turns a byte offset into the three coordinates the
//! output formats need: 1-based line, 1-based column in Unicode scalar values,
//! and the 0-based UTF-16 position of an LSP `Range`. A leading BOM is not
//! counted; `\n`, `\r\n` and a lone `\r` all end a line.

use serde::Serialize;

/// A byte range in a source file, `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (bytes, end exclusive).
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start,
            end: end.max(start),
        }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no text.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// One position, in every coordinate system the outputs use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in Unicode scalar values.
    pub column: usize,
    /// 0-based line (LSP).
    pub lsp_line: usize,
    /// 0-based character offset in UTF-16 code units (LSP).
    pub lsp_character: usize,
}

/// Line starts of one file, for offset → position conversion by binary search.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    /// Index `text`; a leading BOM belongs to no column.
    pub fn new(text: &str) -> LineIndex {
        let bom = bom_len(text);
        let mut line_starts = vec![bom];
        let bytes = text.as_bytes();
        let mut i = bom;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => line_starts.push(i + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => line_starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        LineIndex { line_starts }
    }

    /// Number of lines (a trailing newline starts an empty last line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte offset where 0-based `line` starts.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.line_starts.get(line).copied()
    }

    /// The position of byte `offset` in `text` (the text this index was built from).
    /// Offsets inside a BOM or a multi-byte character snap back to its start;
    /// offsets past the end clamp to the end.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while offset > 0 && !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let first = self.line_starts[0];
        let offset = offset.max(first);
        let line = match self.line_starts.binary_search(&offset) {
            Ok(exact) => exact,
            Err(next) => next - 1,
        };
        let start = self.line_starts[line];
        let prefix = &text[start..offset];
        // A `\r` of a `\r\n` pair counts as part of the line's text.
        let column = prefix.chars().count();
        let utf16 = prefix.chars().map(char::len_utf16).sum::<usize>();
        Position {
            line: line + 1,
            column: column + 1,
            lsp_line: line,
            lsp_character: utf16,
        }
    }
}

/// Length of a leading UTF-8 byte-order mark (0 or 3).
pub fn bom_len(text: &str) -> usize {
    if text.starts_with('\u{feff}') {
        3
    } else {
        0
    }
}

/// A file's text with its line index.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path as given on the command line or found by the walk (`/` separators).
    pub name: String,
    pub text: String,
    /// Built when a position is first asked for (most files of a run never
    /// need one).
    lines: std::sync::OnceLock<LineIndex>,
}

impl SourceFile {
    /// Wrap `text` read from `name`.
    pub fn new(name: impl Into<String>, text: String) -> SourceFile {
        SourceFile {
            name: name.into(),
            text,
            lines: std::sync::OnceLock::new(),
        }
    }

    /// The line index of the text.
    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.text))
    }

    /// Position of a byte offset.
    pub fn position(&self, offset: usize) -> Position {
        self.lines().position(&self.text, offset)
    }

    /// The source text under `span` (empty when out of range).
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    /// The span of the token at `offset` (up to whitespace or `:`), at least
    /// one character: where whole-document findings point.
    pub fn first_token(&self, offset: usize) -> Span {
        let rest = self.text.get(offset..).unwrap_or("");
        let mut len = 0;
        for c in rest.chars() {
            if c.is_whitespace() || (len > 0 && matches!(c, ':' | ',' | '{' | '[')) {
                break;
            }
            len += c.len_utf8();
            if matches!(c, '{' | '[' | '-') {
                break;
            }
        }
        Span::new(
            offset,
            offset + len.max(rest.chars().next().map_or(0, char::len_utf8)),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_scalars_and_utf16() {
        let text = "a: \"名🚀x\"\r\nb: 1";
        let idx = LineIndex::new(text);
        let x = text.find('x').unwrap();
        let p = idx.position(text, x);
        assert_eq!((p.line, p.column), (1, 7));
        assert_eq!((p.lsp_line, p.lsp_character), (0, 7));
        let b = text.find('b').unwrap();
        assert_eq!(idx.position(text, b).line, 2);
        assert_eq!(idx.position(text, b).column, 1);
    }

    #[test]
    fn bom_is_not_a_column() {
        let text = "\u{feff}ab";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 3).column, 1);
        assert_eq!(idx.position(text, 0).column, 1);
        assert_eq!(idx.position(text, 4).lsp_character, 1);
    }

    #[test]
    fn lone_cr_ends_a_line() {
        let text = "a\rb\n\nc";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 2).line, 2);
        assert_eq!(idx.position(text, 5).line, 4);
    }
}

/// A span with its resolved positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Location {
    pub span: Span,
    pub start: Position,
    pub end: Position,
}

impl Location {
    /// Resolve `span` against `source`.
    pub fn resolve(source: &SourceFile, span: Span) -> Location {
        Location {
            span,
            start: source.position(span.start),
            end: source.position(span.end),
        }
    }
}
