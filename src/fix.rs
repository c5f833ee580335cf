//! Structured fixes: a finding's correction as text edits.
//!
//! A [`Fix`] is a message and one or more [`Edit`]s, each replacing a byte
//! span of the file with new text. Edits touch only their spans, so
//! comments, quoting elsewhere, key order and line endings stay as they
//! were. A fix is `safe` when the request means after the edit what it was
//! written to mean (quoting a scalar that YAML would read as a number), and
//! `unsafe` when the value changes (replacing a character, trimming, a
//! did-you-mean rename). Checks build fixes; `check --fix` and the language
//! server apply them.

use serde::Serialize;

use crate::document::{Location, ScalarStyle, SourceFile, Span};

/// Whether applying a fix keeps the request's meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// The request means the same after the edit.
    Safe,
    /// The value changes; applied only when asked for.
    Unsafe,
}

impl Applicability {
    /// `safe` or `unsafe`.
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// Replace the text at `location` with `new_text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// The span replaced; its positions are filled in once the edit is
    /// attached to a diagnostic.
    pub location: Location,
    pub new_text: String,
}

impl Edit {
    /// An edit of `span` (positions unresolved).
    pub fn new(span: Span, new_text: impl Into<String>) -> Edit {
        Edit {
            location: Location {
                span,
                ..Location::default()
            },
            new_text: new_text.into(),
        }
    }
}

/// A finding's correction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub applicability: Applicability,
    /// What the fix does, e.g. ``quote the value: `"2407912486"` ``.
    pub message: String,
    /// Non-overlapping edits, in file order.
    pub edits: Vec<Edit>,
}

impl Fix {
    /// A fix of one or more edits; `None` when there are none.
    pub fn new(
        applicability: Applicability,
        message: impl Into<String>,
        mut edits: Vec<Edit>,
    ) -> Option<Fix> {
        if edits.is_empty() {
            return None;
        }
        edits.sort_by_key(|e| (e.location.span.start, e.location.span.end));
        let overlapping = edits
            .windows(2)
            .any(|w| w[0].location.span.end > w[1].location.span.start);
        (!overlapping).then(|| Fix {
            applicability,
            message: message.into(),
            edits,
        })
    }

    /// A safe fix.
    pub fn safe(message: impl Into<String>, edits: Vec<Edit>) -> Option<Fix> {
        Fix::new(Applicability::Safe, message, edits)
    }

    /// An unsafe fix.
    pub fn unsafe_(message: impl Into<String>, edits: Vec<Edit>) -> Option<Fix> {
        Fix::new(Applicability::Unsafe, message, edits)
    }

    /// Fill in the positions of every edit from `source`.
    pub fn resolve(&mut self, source: &SourceFile) {
        for edit in &mut self.edits {
            edit.location = Location::resolve(source, edit.location.span);
        }
    }
}

/// `text` with `edits` applied (spans are byte ranges into `text`; the
/// edits must not overlap). Edits whose span is out of range are skipped.
pub fn apply_edits<'e>(text: &str, edits: impl IntoIterator<Item = &'e Edit>) -> String {
    let mut edits: Vec<&Edit> = edits.into_iter().collect();
    edits.sort_by_key(|e| (e.location.span.start, e.location.span.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in edits {
        let span = edit.location.span;
        if span.start < at
            || span.end > text.len()
            || !text.is_char_boundary(span.start)
            || !text.is_char_boundary(span.end)
        {
            continue;
        }
        out.push_str(&text[at..span.start]);
        out.push_str(&edit.new_text);
        at = span.end;
    }
    out.push_str(&text[at..]);
    out
}

/// `text` written as the content of a scalar of `style` (without the
/// quotes), or `None` when it cannot be written there exactly (block
/// scalars, numbers, a plain scalar that would change meaning).
pub fn escape_in(style: ScalarStyle, text: &str) -> Option<String> {
    match style {
        ScalarStyle::Plain => plain_safe(text).then(|| text.to_owned()),
        ScalarStyle::SingleQuoted => {
            (!text.contains(['\n', '\r'])).then(|| text.replace('\'', "''"))
        }
        ScalarStyle::DoubleQuoted => Some(double_quoted_body(text)),
        _ => None,
    }
}

/// `text` as a double-quoted scalar (YAML and JSON alike), quotes included.
pub fn double_quoted(text: &str) -> String {
    format!("\"{}\"", double_quoted_body(text))
}

fn double_quoted_body(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Whether `text` can stand as (part of) a plain YAML scalar and read back
/// as the same string: no indicators that start or end structure, no
/// comment or mapping markers, no surrounding whitespace.
fn plain_safe(text: &str) -> bool {
    !text.is_empty()
        && text.trim() == text
        && !text.contains(['\n', '\r', '\t', '#', '"', '\'', '{', '}', '[', ']', ','])
        && !text.contains(": ")
        && !text.ends_with(':')
        && !text.starts_with(['-', '?', ':', '!', '&', '*', '|', '>', '%', '@', '`'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_edits_give_no_fix() {
        let a = Edit::new(Span::new(0, 4), "x");
        let b = Edit::new(Span::new(2, 6), "y");
        assert!(Fix::safe("m", vec![a.clone(), b]).is_none());
        assert!(Fix::safe("m", vec![]).is_none());
        let c = Edit::new(Span::new(4, 6), "y");
        let fix = Fix::unsafe_("m", vec![c, a]).expect("disjoint edits");
        assert_eq!(fix.edits[0].location.span.start, 0);
        assert_eq!(fix.applicability.as_str(), "unsafe");
    }

    #[test]
    fn escaping_follows_the_scalar_style() {
        assert_eq!(
            escape_in(ScalarStyle::Plain, "app_to_db").as_deref(),
            Some("app_to_db")
        );
        assert_eq!(escape_in(ScalarStyle::Plain, "a: b"), None);
        assert_eq!(escape_in(ScalarStyle::Plain, "#x"), None);
        assert_eq!(
            escape_in(ScalarStyle::SingleQuoted, "it's").as_deref(),
            Some("it''s")
        );
        assert_eq!(
            escape_in(ScalarStyle::DoubleQuoted, "a\"b\\").as_deref(),
            Some("a\\\"b\\\\")
        );
        assert_eq!(escape_in(ScalarStyle::Block, "x"), None);
        assert_eq!(double_quoted("2407912486"), "\"2407912486\"");
        assert_eq!(double_quoted("a\u{1}"), "\"a\\u0001\"");
    }
}
