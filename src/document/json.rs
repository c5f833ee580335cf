//! JSON text → node tree, from jsonc-parser's AST in strict-JSON mode.
//!
//! jsonc-parser keeps duplicate keys and byte ranges for every key and value;
//! it rejects a BOM, so the BOM is skipped and offsets shifted by its length.
//! Its own depth cap (512) bounds the recursion here.

use jsonc_parser::ast::{ObjectPropName, Value};
use jsonc_parser::{CollectOptions, CommentCollectionStrategy, ParseOptions};

use super::node::{Entry, Node, NodeKind, Scalar, ScalarStyle};
use super::source::{bom_len, Span};
use super::{ParsedStream, SyntaxError};

/// Parse one JSON text. Never panics; problems become [`SyntaxError`]s.
pub fn parse(text: &str) -> ParsedStream {
    let bom = bom_len(text);
    let body = &text[bom..];
    let mut out = ParsedStream::default();
    let options = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let collect = CollectOptions {
        comments: CommentCollectionStrategy::Off,
        tokens: false,
    };
    match jsonc_parser::parse_to_ast(body, &collect, &options) {
        Ok(result) => match result.value {
            Some(value) => out.documents.push(convert(&value, bom)),
            None => out.errors.push(SyntaxError {
                span: Span::new(bom, text.len()),
                message: "the file holds no JSON value".to_owned(),
            }),
        },
        Err(error) => {
            let range = error.range();
            out.errors.push(SyntaxError {
                span: Span::new(bom + range.start, bom + range.end),
                message: error.kind().to_string(),
            });
        }
    }
    out
}

fn span(range: jsonc_parser::common::Range, shift: usize) -> Span {
    Span::new(range.start + shift, range.end + shift)
}

fn scalar(
    range: jsonc_parser::common::Range,
    shift: usize,
    value: String,
    style: ScalarStyle,
) -> Node {
    Node {
        span: span(range, shift),
        kind: NodeKind::Scalar(Scalar {
            value,
            style,
            tag: None,
        }),
    }
}

fn convert(value: &Value<'_>, shift: usize) -> Node {
    match value {
        Value::StringLit(s) => scalar(
            s.range,
            shift,
            s.value.to_string(),
            ScalarStyle::DoubleQuoted,
        ),
        Value::NumberLit(n) => scalar(n.range, shift, n.value.to_owned(), ScalarStyle::JsonNumber),
        Value::BooleanLit(b) => scalar(b.range, shift, b.value.to_string(), ScalarStyle::JsonBool),
        Value::NullKeyword(n) => scalar(n.range, shift, "null".to_owned(), ScalarStyle::JsonNull),
        Value::Array(array) => Node {
            span: span(array.range, shift),
            kind: NodeKind::Sequence(array.elements.iter().map(|v| convert(v, shift)).collect()),
        },
        Value::Object(object) => Node {
            span: span(object.range, shift),
            kind: NodeKind::Mapping(
                object
                    .properties
                    .iter()
                    .map(|prop| {
                        let key = match &prop.name {
                            ObjectPropName::String(s) => scalar(
                                s.range,
                                shift,
                                s.value.to_string(),
                                ScalarStyle::DoubleQuoted,
                            ),
                            ObjectPropName::Word(w) => {
                                scalar(w.range, shift, w.value.to_owned(), ScalarStyle::Plain)
                            }
                        };
                        Entry {
                            key,
                            value: convert(&prop.value, shift),
                        }
                    })
                    .collect(),
            ),
        },
    }
}
