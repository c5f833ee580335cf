//! Where each character of a scalar's value sits in the source.
//!
//! Checks that name one offending character (a character-set rule, a hidden
//! character) point at that character itself. For single-line plain, quoted
//! and JSON strings the value maps back to the source character by character
//! (escapes included); for folded or block scalars there is no exact mapping
//! and callers fall back to the whole value's span.

use super::node::{Node, NodeKind, ScalarStyle};
use super::source::Span;

/// Byte spans in the file of each character of `node`'s value, or `None`
/// when the value cannot be mapped exactly.
pub fn char_spans(text: &str, node: &Node) -> Option<Vec<Span>> {
    let NodeKind::Scalar(scalar) = &node.kind else {
        return None;
    };
    let source = text.get(node.span.start..node.span.end)?;
    if source.contains(['\n', '\r']) {
        return None;
    }
    let base = node.span.start;
    let spans = match scalar.style {
        ScalarStyle::Plain
        | ScalarStyle::JsonNumber
        | ScalarStyle::JsonBool
        | ScalarStyle::JsonNull
        | ScalarStyle::HclNumber
        | ScalarStyle::HclBool
        | ScalarStyle::HclNull
        | ScalarStyle::Expression => {
            if source != scalar.value {
                return None;
            }
            source
                .char_indices()
                .map(|(i, c)| Span::new(base + i, base + i + c.len_utf8()))
                .collect()
        }
        ScalarStyle::SingleQuoted => single_quoted(source, base)?,
        ScalarStyle::DoubleQuoted => double_quoted(source, base)?,
        ScalarStyle::Block => return None,
    };
    (spans.len() == scalar.value.chars().count()).then_some(spans)
}

fn single_quoted(source: &str, base: usize) -> Option<Vec<Span>> {
    let inner = source.strip_prefix('\'')?.strip_suffix('\'')?;
    let base = base + 1;
    let mut spans = Vec::new();
    let mut iter = inner.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if c == '\'' {
            iter.next_if(|&(_, n)| n == '\'')?;
            spans.push(Span::new(base + i, base + i + 2));
        } else {
            spans.push(Span::new(base + i, base + i + c.len_utf8()));
        }
    }
    Some(spans)
}

fn double_quoted(source: &str, base: usize) -> Option<Vec<Span>> {
    let inner = source.strip_prefix('"')?.strip_suffix('"')?;
    let base = base + 1;
    let bytes = inner.as_bytes();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < inner.len() {
        if bytes[i] != b'\\' {
            let c = inner[i..].chars().next()?;
            spans.push(Span::new(base + i, base + i + c.len_utf8()));
            i += c.len_utf8();
            continue;
        }
        let escape = *bytes.get(i + 1)?;
        let len = match escape {
            b'x' => 4,
            b'u' => {
                // A JSON/YAML surrogate pair `\uD83D\uDE00` is one character.
                let high = u32::from_str_radix(inner.get(i + 2..i + 6)?, 16).ok()?;
                if (0xD800..0xDC00).contains(&high) && inner.get(i + 6..i + 8) == Some("\\u") {
                    12
                } else {
                    6
                }
            }
            b'U' => 10,
            _ => 2,
        };
        if i + len > inner.len() {
            return None;
        }
        spans.push(Span::new(base + i, base + i + len));
        i += len;
    }
    Some(spans)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{parse, Format};

    fn spans_of(text: &str, format: Format) -> (String, Vec<String>) {
        let parsed = parse(text, format);
        let doc = &parsed.documents[0];
        let node = doc.get("k").unwrap();
        let spans = char_spans(text, node).unwrap();
        (
            node.as_str().unwrap().to_owned(),
            spans
                .iter()
                .map(|s| text[s.start..s.end].to_owned())
                .collect(),
        )
    }

    #[test]
    fn maps_escapes_back_to_source() {
        let (value, spans) = spans_of("k: \"a\\tb\\u00e9名\"\n", Format::Yaml);
        assert_eq!(value, "a\tbé名");
        assert_eq!(spans, ["a", "\\t", "b", "\\u00e9", "名"]);
        let (_, spans) = spans_of("k: 'it''s'\n", Format::Yaml);
        assert_eq!(spans, ["i", "t", "''", "s"]);
        let (value, spans) = spans_of("{\"k\": \"x\\ud83d\\ude80y\"}", Format::Json);
        assert_eq!(value, "x🚀y");
        assert_eq!(spans, ["x", "\\ud83d\\ude80", "y"]);
    }

    #[test]
    fn hcl_strings_map_unless_escaped_templates_change_lengths() {
        let (value, spans) = spans_of("k = \"a\\tb名\"\n", Format::Hcl);
        assert_eq!(value, "a\tb名");
        assert_eq!(spans, ["a", "\\t", "b", "名"]);
        let text = "k = \"$${x}\"\n";
        let parsed = parse(text, Format::Hcl);
        let node = parsed.documents[0].get("k").unwrap();
        assert_eq!(node.as_str(), Some("${x}"));
        assert!(char_spans(text, node).is_none());
        let (_, spans) = spans_of("k = var.x\n", Format::Hcl);
        assert_eq!(spans.concat(), "var.x");
    }

    #[test]
    fn folded_scalars_do_not_map() {
        let text = "k: a\n  b\n";
        let parsed = parse(text, Format::Yaml);
        let node = parsed.documents[0].get("k").unwrap();
        assert!(char_spans(text, node).is_none());
    }
}
