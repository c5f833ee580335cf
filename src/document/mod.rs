//! Source files and their parsed documents.
//!
//! A file is read once into a [`SourceFile`] (text plus line index) and parsed
//! by the YAML, JSON or HCL front end into a [`ParsedStream`]: the top-level
//! documents as span-carrying [`Node`] trees, the comments (for inline
//! suppression) and any syntax errors.

pub mod hcl;
pub mod json;
pub mod node;
pub mod packed;
pub mod pointer;
pub mod scalar_map;
pub mod source;
pub mod trees;
pub mod yaml;

pub use node::{Entry, ImplicitType, Node, NodeKind, NodeSet, Scalar, ScalarStyle};
pub use pointer::{index_pointer, key_pointer, pointer_segment, push_index, push_key};
pub use source::{LineIndex, Location, Position, SourceFile, Span};

/// Deepest nesting accepted in any document (the parsers' own caps are lower).
pub const MAX_DEPTH: usize = 512;

/// The most nodes a document of `file_len` bytes may expand to. Without
/// aliases a node takes at least two bytes of source, so only alias
/// expansion can exceed this.
pub fn node_budget(file_len: usize) -> usize {
    file_len / 2 + 100_000
}

/// Which front end reads a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Json,
    /// HCL, Terraform's native syntax (`.tf`).
    Hcl,
}

impl Format {
    /// The format for a file name by its extension (`.yaml`, `.yml`, `.json`,
    /// `.tf`); Terraform's `.tf.json` files are JSON.
    pub fn from_path(path: &str) -> Option<Format> {
        let ends = |suffix| ends_with_ignore_ascii_case(path, suffix);
        if ends(".json") {
            Some(Format::Json)
        } else if ends(".yaml") || ends(".yml") {
            Some(Format::Yaml)
        } else if ends(".tf") {
            Some(Format::Hcl)
        } else {
            None
        }
    }
}

/// Whether `text` ends with `suffix`, ignoring ASCII case (file
/// extensions: `.YAML` is YAML). Asked for every walked file: no copy.
pub fn ends_with_ignore_ascii_case(text: &str, suffix: &str) -> bool {
    text.len()
        .checked_sub(suffix.len())
        .and_then(|at| text.as_bytes().get(at..))
        .is_some_and(|end| end.eq_ignore_ascii_case(suffix.as_bytes()))
}

/// A comment: its whole span and its text after the marker (`#` or `//`;
/// for an HCL `/* */` comment, the text between the delimiters).
#[derive(Debug, Clone)]
pub struct Comment {
    pub span: Span,
    pub text: String,
}

/// A syntax error at a position.
#[derive(Debug, Clone)]
pub struct SyntaxError {
    pub span: Span,
    pub message: String,
}

/// What a parser made of one file.
#[derive(Debug, Default)]
pub struct ParsedStream {
    /// Top-level documents in order (a JSON file has at most one).
    pub documents: Vec<Node>,
    /// For each document broken by a syntax error, how many documents of
    /// `documents` came before it (so later documents keep their index).
    pub broken: Vec<usize>,
    pub comments: Vec<Comment>,
    pub errors: Vec<SyntaxError>,
}

/// Parse `text` with the front end for `format`, handing each top-level
/// document to `each` as it is complete (YAML streams are parsed
/// incrementally: one document tree at a time), with the offset where its
/// document starts and how many broken documents came before it; the
/// returned stream holds comments, errors and broken documents but no
/// documents.
pub fn parse_each(
    text: &str,
    format: Format,
    each: &mut dyn FnMut(Node, usize, usize),
) -> ParsedStream {
    match format {
        Format::Yaml => yaml::parse_each(text, each),
        Format::Json | Format::Hcl => {
            let mut parsed = parse(text, format);
            for node in std::mem::take(&mut parsed.documents) {
                each(node, 0, 0);
            }
            parsed
        }
    }
}

/// The document that `parse_each` reported as starting at `start`, parsed
/// again on its own (a YAML stream's document; the whole file otherwise).
pub fn parse_document_at(text: &str, format: Format, start: usize) -> Option<Node> {
    match format {
        Format::Yaml => yaml::parse_document_at(text, start),
        Format::Json | Format::Hcl => parse(text, format).documents.into_iter().next(),
    }
}

/// Parse `text` with the front end for `format`.
pub fn parse(text: &str, format: Format) -> ParsedStream {
    match format {
        Format::Yaml => yaml::parse(text),
        Format::Json => json::parse(text),
        Format::Hcl => hcl::parse(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_extension_in_any_case() {
        for (name, format) in [
            ("a.yaml", Some(Format::Yaml)),
            ("dir/A.YML", Some(Format::Yaml)),
            ("x.Json", Some(Format::Json)),
            ("main.tf.json", Some(Format::Json)),
            ("main.TF", Some(Format::Hcl)),
            ("yaml", None),
            ("a.yaml.bak", None),
            (".tf", Some(Format::Hcl)),
            ("tf", None),
            ("é.yaml", Some(Format::Yaml)),
            ("", None),
        ] {
            assert_eq!(Format::from_path(name), format, "{name}");
        }
        assert!(ends_with_ignore_ascii_case("ab", "AB"));
        assert!(!ends_with_ignore_ascii_case("b", "ab"));
    }
}
