//! HCL (Terraform's native syntax) → one node tree, from hcl-edit's syntax tree.
//!
//! A `.tf` file becomes one mapping in the shape of Terraform's JSON syntax,
//! so that `.tf` and `.tf.json` files read alike. A block's type and each of
//! its labels become nested mapping keys, and its body a mapping: blocks
//! that share a type (and labels) share one entry, a type and labels that
//! repeat in full hold a list of bodies, and several top-level `locals`
//! blocks merge into one mapping. Literal strings, numbers, bools and `null`
//! become scalars of their own styles, tuples lists and objects mappings;
//! any other expression (a reference, a function call, a template with
//! interpolation) is a scalar of its exact source text.
//!
//! hcl-edit caps nesting at 64 levels and chains of binary operators at 128
//! while parsing, so neither its own recursive code nor the recursion here
//! can overflow the stack; block labels, which it does not cap, count
//! against [`MAX_DEPTH`]. hcl-edit rejects a repeated attribute or object
//! key: such a key is renamed in a copy of the text (to a name of the same
//! length, so every offset holds) and the text parsed again, so both entries
//! reach the duplicate-key check under their own names. hcl-edit's tree
//! keeps comments without positions, so comments are found by scanning the
//! text outside the string literals the tree locates. A BOM is skipped and
//! offsets shifted by its length.

use std::ops::Range;

use hcl_edit::expr::{Expression, ObjectKey};
use hcl_edit::parser::Error as HclError;
use hcl_edit::structure::{Block, BlockLabel, Body, Structure};
use hcl_edit::template::Element;
use hcl_edit::visit::{self, Visit};
use hcl_edit::Span as _;
use hcl_primitives::ident::{is_id_continue, is_id_start};
use rustc_hash::FxHashMap;

use super::node::{Entry, Node, NodeKind, Scalar, ScalarStyle};
use super::source::{bom_len, Span};
use super::{Comment, ParsedStream, SyntaxError, MAX_DEPTH};

/// How many repeated keys are renamed (each costs a parse) before a
/// repeated key is reported as hcl-edit's syntax error instead.
const MAX_RENAMES: usize = 64;

/// How many bytes the parses for renamed keys may read in all (64 parses
/// of a 1 MiB file), so that a large file cannot cost many parses.
const RENAME_BUDGET: usize = 64 << 20;

/// Parse one HCL file. Never panics; problems become [`SyntaxError`]s.
///
/// A file without attributes or blocks (empty, or only comments) has no
/// document. After a syntax error there is no document and no comment.
pub fn parse(text: &str) -> ParsedStream {
    let bom = bom_len(text);
    let source = &text[bom..];
    let mut out = ParsedStream::default();
    let (body, renamed) = match parse_renaming(source) {
        Ok(parsed) => parsed,
        Err(error) => {
            out.errors.push(syntax_error(source, bom, &error));
            return out;
        }
    };
    let converter = Converter {
        source,
        shift: bom,
        renamed: &renamed,
    };
    if !body.is_empty() {
        match converter.document(&body) {
            Ok(document) => out.documents.push(document),
            Err(error) => {
                out.errors.push(error);
                return out;
            }
        }
    }
    out.comments = comments(source, bom, &body);
    out
}

/// Parse `source`, renaming repeated attribute and object keys (see the
/// module documentation). Returns the body and the renamed byte ranges.
fn parse_renaming(source: &str) -> Result<(Body, Vec<Range<usize>>), HclError> {
    let mut work: Option<String> = None;
    let mut renamed = Vec::new();
    loop {
        let input = work.as_deref().unwrap_or(source);
        let error = match hcl_edit::parser::parse_body(input) {
            Ok(body) => return Ok((body, renamed)),
            Err(error) => error,
        };
        let repeated_key = error.message().contains("found redefined attribute")
            || error.message().contains("found redefined object key");
        if !repeated_key || !may_rename(renamed.len(), source.len()) {
            return Err(error);
        }
        let work = work.get_or_insert_with(|| source.to_owned());
        match rename_key(work, error.location().offset(), renamed.len()) {
            Some(range) => renamed.push(range),
            None => return Err(error),
        }
    }
}

/// Whether one more key may be renamed after `renamed` keys in a text of
/// `len` bytes.
fn may_rename(renamed: usize, len: usize) -> bool {
    renamed < MAX_RENAMES && (renamed + 1).saturating_mul(len) <= RENAME_BUDGET
}

/// Replace the key at byte `at` of `work` (an identifier, or the inside of a
/// quoted string without escapes or templates) with another name of the
/// same byte length. Returns the replaced range.
fn rename_key(work: &mut String, at: usize, nth: usize) -> Option<Range<usize>> {
    let rest = work.get(at..)?;
    let range = if let Some(inner) = rest.strip_prefix('"') {
        let len = inner.find(['"', '\\', '$', '%', '\n', '\r'])?;
        if len == 0 || !inner[len..].starts_with('"') {
            return None;
        }
        at + 1..at + 1 + len
    } else {
        if !rest.chars().next().is_some_and(is_id_start) {
            return None;
        }
        let len = rest
            .char_indices()
            .find(|&(_, c)| !is_id_continue(c))
            .map_or(rest.len(), |(i, _)| i);
        at..at + len
    };
    let name = replacement_name(range.len(), nth)?;
    work.replace_range(range.clone(), &name);
    Some(range)
}

/// The `nth` replacement name of `len` ASCII bytes, if there are that
/// many. A name longer than one byte starts with an upper-case letter, so it
/// is never an HCL keyword (and no keyword is one byte long).
fn replacement_name(len: usize, nth: usize) -> Option<String> {
    const UPPER: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const ANY: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_0123456789";
    let mut name = String::with_capacity(len);
    let mut n = nth;
    for i in 0..len {
        let alphabet = match (i, len) {
            (0, 1) => &ANY[..53],
            (0, _) => UPPER,
            _ => ANY,
        };
        name.push(char::from(alphabet[n % alphabet.len()]));
        n /= alphabet.len();
    }
    // Past the last distinct name the digits wrap around.
    (n == 0 && len > 0).then_some(name)
}

/// hcl-edit's error as a [`SyntaxError`] on the character where it occurred.
fn syntax_error(source: &str, shift: usize, error: &HclError) -> SyntaxError {
    let location = error.location();
    let mut at = location.offset().min(source.len());
    // hcl-edit reports an error at the end of the input on its last byte,
    // with a column one past it.
    if at + 1 == source.len() {
        let at_end = !source.is_char_boundary(at) || {
            let line_start = source[..at].rfind('\n').map_or(0, |i| i + 1);
            location.column() > source[line_start..].chars().count()
        };
        if at_end {
            at = source.len();
        }
    }
    while !source.is_char_boundary(at) {
        at -= 1;
    }
    let end = at + source[at..].chars().next().map_or(0, char::len_utf8);
    SyntaxError {
        span: Span::new(shift + at, shift + end),
        message: error.message().to_owned(),
    }
}

/// Turns hcl-edit's tree into nodes; spans index `source`, shifted by `shift`.
struct Converter<'a> {
    source: &'a str,
    shift: usize,
    /// Ranges of `source` renamed before parsing (see [`parse_renaming`]).
    renamed: &'a [Range<usize>],
}

/// Blocks that share a type, or one level down a type and a label.
struct Group {
    /// The key of the first occurrence.
    key: Node,
    /// From the first block's start to the last block's end.
    span: Span,
    /// Bodies of the blocks with no further labels.
    bodies: Vec<Node>,
    /// The next label level, in order of first occurrence.
    children: Vec<Group>,
    index: FxHashMap<String, usize>,
}

impl Group {
    fn new(key: Node, span: Span) -> Group {
        Group {
            key,
            span,
            bodies: Vec::new(),
            children: Vec::new(),
            index: FxHashMap::default(),
        }
    }

    /// The child group for `name`, created with `key` if new.
    fn child(&mut self, name: &str, key: Node, span: Span) -> &mut Group {
        let i = match self.index.get(name) {
            Some(&i) => i,
            None => {
                self.index.insert(name.to_owned(), self.children.len());
                self.children.push(Group::new(key, span));
                self.children.len() - 1
            }
        };
        let child = &mut self.children[i];
        child.span = union(child.span, span);
        child
    }

    /// The group as a value: one body, a mapping of the next labels, or (when
    /// the same type and labels repeat) a list of these. With `merge`,
    /// several bodies become one mapping of all their entries instead.
    fn finish(self, merge: bool) -> Node {
        let Group {
            span,
            mut bodies,
            children,
            ..
        } = self;
        if !children.is_empty() {
            let labels_span = children
                .iter()
                .map(|c| c.span)
                .reduce(union)
                .unwrap_or(span);
            let entries = children
                .into_iter()
                .map(|mut child| {
                    let key = std::mem::replace(&mut child.key, empty_key());
                    Entry {
                        key,
                        value: child.finish(false),
                    }
                })
                .collect();
            bodies.push(Node {
                span: labels_span,
                kind: NodeKind::Mapping(entries),
            });
        }
        if bodies.len() == 1 {
            if let Some(body) = bodies.pop() {
                return body;
            }
        }
        let kind = if merge {
            let mut entries = Vec::new();
            for mut body in bodies {
                match std::mem::replace(&mut body.kind, NodeKind::Sequence(Vec::new())) {
                    NodeKind::Mapping(more) => entries.extend(more),
                    other => body.kind = other,
                }
            }
            NodeKind::Mapping(entries)
        } else {
            NodeKind::Sequence(bodies)
        };
        Node { span, kind }
    }
}

/// One entry of a body under construction.
enum Item {
    Attribute(Entry),
    /// Index into the body's groups.
    Blocks(usize),
}

fn union(a: Span, b: Span) -> Span {
    Span::new(a.start.min(b.start), a.end.max(b.end))
}

fn empty_key() -> Node {
    Node {
        span: Span::default(),
        kind: NodeKind::Scalar(Scalar {
            value: String::new(),
            style: ScalarStyle::Plain,
            tag: None,
        }),
    }
}

fn too_deep(span: Span) -> SyntaxError {
    SyntaxError {
        span,
        message: format!("nesting deeper than {MAX_DEPTH} levels"),
    }
}

impl Converter<'_> {
    /// The whole file as one mapping.
    fn document(&self, body: &Body) -> Result<Node, SyntaxError> {
        let span = Span::new(self.shift, self.shift + self.source.len());
        Ok(Node {
            span,
            kind: NodeKind::Mapping(self.body(body, 1, true)?),
        })
    }

    fn span(&self, range: Option<Range<usize>>, fallback: Span) -> Span {
        match range {
            Some(r) if r.start <= r.end && r.end <= self.source.len() => {
                Span::new(self.shift + r.start, self.shift + r.end)
            }
            _ => fallback,
        }
    }

    /// The source text under a span of this converter.
    fn text(&self, span: Span) -> &str {
        let start = span.start.checked_sub(self.shift);
        let end = span.end.checked_sub(self.shift);
        match (start, end) {
            (Some(start), Some(end)) => self.source.get(start..end).unwrap_or(""),
            _ => "",
        }
    }

    fn scalar(&self, span: Span, value: String, style: ScalarStyle) -> Node {
        Node {
            span,
            kind: NodeKind::Scalar(Scalar {
                value,
                style,
                tag: None,
            }),
        }
    }

    /// A key written as an identifier: its source text (which survives renaming).
    fn ident_key(&self, range: Option<Range<usize>>, name: &str, fallback: Span) -> Node {
        let span = self.span(range, fallback);
        let text = self.text(span);
        let value = if text.is_empty() { name } else { text };
        self.scalar(span, value.to_owned(), ScalarStyle::Plain)
    }

    fn was_renamed(&self, span: Span) -> bool {
        self.renamed
            .iter()
            .any(|r| self.shift + r.start >= span.start && self.shift + r.end <= span.end)
    }

    /// The entries of a body whose mapping sits at nesting level `depth`.
    /// Only the top-level body (`top`) merges its `locals` blocks.
    fn body(&self, body: &Body, depth: usize, top: bool) -> Result<Vec<Entry>, SyntaxError> {
        let mut items: Vec<Item> = Vec::new();
        let mut groups: Vec<Group> = Vec::new();
        let mut by_type: FxHashMap<&str, usize> = FxHashMap::default();
        for structure in body.iter() {
            match structure {
                Structure::Attribute(attribute) => {
                    let fallback = self.span(attribute.span(), Span::default());
                    let key =
                        self.ident_key(attribute.key.span(), attribute.key.as_str(), fallback);
                    let value = self.expr(&attribute.value, fallback, depth + 1)?;
                    items.push(Item::Attribute(Entry { key, value }));
                }
                Structure::Block(block) => {
                    let name = block.ident.as_str();
                    let span = self.span(block.span(), Span::default());
                    let i = match by_type.get(name) {
                        Some(&i) => i,
                        None => {
                            let key = self.ident_key(block.ident.span(), name, span);
                            by_type.insert(name, groups.len());
                            items.push(Item::Blocks(groups.len()));
                            groups.push(Group::new(key, span));
                            groups.len() - 1
                        }
                    };
                    self.block(block, span, &mut groups[i], depth)?;
                }
            }
        }
        let mut groups: Vec<Option<Group>> = groups.into_iter().map(Some).collect();
        let mut entries = Vec::with_capacity(items.len());
        for item in items {
            match item {
                Item::Attribute(entry) => entries.push(entry),
                Item::Blocks(i) => {
                    if let Some(mut group) = groups.get_mut(i).and_then(Option::take) {
                        let key = std::mem::replace(&mut group.key, empty_key());
                        let merge = top && key.as_str() == Some("locals");
                        entries.push(Entry {
                            key,
                            value: group.finish(merge),
                        });
                    }
                }
            }
        }
        Ok(entries)
    }

    /// Add `block` (whose type's group is `group`, in a body at level
    /// `depth`) under its labels.
    fn block(
        &self,
        block: &Block,
        span: Span,
        group: &mut Group,
        depth: usize,
    ) -> Result<(), SyntaxError> {
        group.span = union(group.span, span);
        let body_depth = depth + 1 + block.labels.len();
        if body_depth > MAX_DEPTH {
            let at = block
                .labels
                .get(MAX_DEPTH.saturating_sub(depth + 1))
                .map_or(span, |label| self.span(label.span(), span));
            return Err(too_deep(at));
        }
        let mut target = group;
        for label in &block.labels {
            let label_span = self.span(label.span(), span);
            let (name, style) = match label {
                BlockLabel::String(s) => (s.value().as_str(), ScalarStyle::DoubleQuoted),
                BlockLabel::Ident(i) => (i.as_str(), ScalarStyle::Plain),
            };
            let key = self.scalar(label_span, name.to_owned(), style);
            target = target.child(name, key, span);
        }
        let entries = self.body(&block.body, body_depth, false)?;
        target.bodies.push(Node {
            span,
            kind: NodeKind::Mapping(entries),
        });
        Ok(())
    }

    /// An expression as a node at nesting level `depth`.
    fn expr(&self, expr: &Expression, fallback: Span, depth: usize) -> Result<Node, SyntaxError> {
        let span = self.span(expr.span(), fallback);
        if depth > MAX_DEPTH {
            return Err(too_deep(span));
        }
        let literal = |elements: &mut dyn Iterator<Item = &Element>| -> Option<String> {
            let mut value = String::new();
            for element in elements {
                value.push_str(element.as_literal()?.value());
            }
            Some(value)
        };
        let node = match expr {
            Expression::String(s) => {
                self.scalar(span, s.value().clone(), ScalarStyle::DoubleQuoted)
            }
            Expression::Number(_) => {
                self.scalar(span, self.text(span).to_owned(), ScalarStyle::HclNumber)
            }
            Expression::Bool(b) => self.scalar(span, b.value().to_string(), ScalarStyle::HclBool),
            Expression::Null(_) => self.scalar(span, "null".to_owned(), ScalarStyle::HclNull),
            Expression::StringTemplate(t) => match literal(&mut t.iter()) {
                Some(value) => self.scalar(span, value, ScalarStyle::DoubleQuoted),
                None => self.expression(span),
            },
            Expression::HeredocTemplate(h) => match literal(&mut h.template.iter()) {
                Some(value) => self.scalar(span, value, ScalarStyle::DoubleQuoted),
                None => self.expression(span),
            },
            Expression::Array(array) => {
                let mut items = Vec::with_capacity(array.len());
                for item in array.iter() {
                    items.push(self.expr(item, span, depth + 1)?);
                }
                Node {
                    span,
                    kind: NodeKind::Sequence(items),
                }
            }
            Expression::Object(object) => {
                let mut entries = Vec::with_capacity(object.len());
                for (key, value) in object.iter() {
                    let key = self.object_key(key, span);
                    let value = self.expr(value.expr(), span, depth + 1)?;
                    entries.push(Entry { key, value });
                }
                Node {
                    span,
                    kind: NodeKind::Mapping(entries),
                }
            }
            _ => self.expression(span),
        };
        Ok(node)
    }

    /// A scalar of the expression's source text.
    fn expression(&self, span: Span) -> Node {
        self.scalar(span, self.text(span).to_owned(), ScalarStyle::Expression)
    }

    /// An object key: an identifier or a literal string as such, any other
    /// expression as a plain key of its source text.
    fn object_key(&self, key: &ObjectKey, fallback: Span) -> Node {
        match key {
            ObjectKey::Ident(ident) => self.ident_key(ident.span(), ident.as_str(), fallback),
            ObjectKey::Expression(Expression::String(s)) => {
                let span = self.span(s.span(), fallback);
                let mut value = s.value().clone();
                if self.was_renamed(span) {
                    // Decode the original text rather than the renamed one.
                    if let Ok(Expression::String(original)) =
                        hcl_edit::parser::parse_expr(self.text(span))
                    {
                        value = original.value().clone();
                    }
                }
                self.scalar(span, value, ScalarStyle::DoubleQuoted)
            }
            ObjectKey::Expression(expr) => {
                let span = self.span(expr.span(), fallback);
                self.scalar(span, self.text(span).to_owned(), ScalarStyle::Plain)
            }
        }
    }
}

/// Byte ranges of every string literal, template and block label of a tree:
/// a `#` or `//` inside them starts no comment.
#[derive(Default)]
struct Literals(Vec<Range<usize>>);

impl Visit for Literals {
    fn visit_expr(&mut self, expr: &Expression) {
        match expr {
            Expression::String(_)
            | Expression::StringTemplate(_)
            | Expression::HeredocTemplate(_) => self.0.extend(expr.span()),
            _ => visit::visit_expr(self, expr),
        }
    }

    fn visit_block_label(&mut self, label: &BlockLabel) {
        if let BlockLabel::String(s) = label {
            self.0.extend(s.span());
        }
    }
}

/// Every `#`, `//` and `/* */` comment of a successfully parsed `source`,
/// with its text after the marker (`#` or `//`, up to the line end but not
/// its `\r`) or between the delimiters.
fn comments(source: &str, shift: usize, body: &Body) -> Vec<Comment> {
    let mut literals = Literals::default();
    literals.visit_body(body);
    let mut literals = literals.0;
    literals.sort_by_key(|r| r.start);
    let mut literals = literals.into_iter().peekable();
    let bytes = source.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if let Some(next) = literals.next_if(|r| r.start <= i) {
            i = i.max(next.end);
            continue;
        }
        let (marker, block) = match (bytes[i], bytes.get(i + 1)) {
            (b'#', _) => (1, false),
            (b'/', Some(b'/')) => (2, false),
            (b'/', Some(b'*')) => (2, true),
            _ => {
                i += 1;
                continue;
            }
        };
        let body_start = i + marker;
        let (body_end, end) = if block {
            match source[body_start..].find("*/") {
                Some(len) => (body_start + len, body_start + len + 2),
                None => (source.len(), source.len()),
            }
        } else {
            let line_end = source[body_start..]
                .find('\n')
                .map_or(source.len(), |len| body_start + len);
            let end = if line_end < source.len() && source[..line_end].ends_with('\r') {
                line_end - 1
            } else {
                line_end
            };
            (end, end)
        };
        out.push(Comment {
            span: Span::new(shift + i, shift + end),
            text: source[body_start..body_end].to_owned(),
        });
        i = end.max(i + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::yaml;

    fn doc(text: &str) -> Node {
        let mut parsed = parse(text);
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        assert_eq!(parsed.documents.len(), 1);
        parsed.documents.remove(0)
    }

    /// The keys of a mapping, in order.
    fn keys(node: &Node) -> Vec<&str> {
        node.as_mapping()
            .expect("a mapping")
            .iter()
            .filter_map(|e| e.key.as_str())
            .collect()
    }

    fn slice(text: &str, span: Span) -> &str {
        &text[span.start..span.end]
    }

    fn style(node: &Node) -> ScalarStyle {
        node.as_scalar().expect("a scalar").style
    }

    #[test]
    fn blocks_nest_by_type_and_labels() {
        let text = r#"resource "example_vpc" "app" { cidr_block = "10.0.0.0/16" }"#;
        let root = doc(text);
        let vpc = root
            .get("resource")
            .and_then(|r| r.get("example_vpc"))
            .and_then(|t| t.get("app"))
            .expect("resource.example_vpc.app");
        assert_eq!(
            vpc.get("cidr_block").and_then(Node::as_str),
            Some("10.0.0.0/16")
        );
        assert_eq!(slice(text, vpc.span), text);
        assert_eq!(slice(text, root.span), text);
    }

    #[test]
    fn repeated_types_and_labels_merge() {
        let text = r#"
resource "example_vpc" "a" {
  cidr_block = "10.0.0.0/16"
}
variable "x" {
  default = "v"
}
resource "example_vpc" "b" {}
resource "example_vpc_peering_connection" "p" {}
locals {
  a = "b"
}
locals {
  c = 1
}
terraform {}
"#;
        let root = doc(text);
        assert_eq!(keys(&root), ["resource", "variable", "locals", "terraform"]);
        let resource = root.get("resource").unwrap();
        assert_eq!(
            keys(resource),
            ["example_vpc", "example_vpc_peering_connection"]
        );
        assert_eq!(keys(resource.get("example_vpc").unwrap()), ["a", "b"]);
        assert_eq!(keys(root.get("locals").unwrap()), ["a", "c"]);
        assert_eq!(
            root.get("variable")
                .and_then(|v| v.get("x"))
                .and_then(|x| x.get("default"))
                .and_then(Node::as_str),
            Some("v")
        );
        assert_eq!(keys(root.get("terraform").unwrap()), Vec::<&str>::new());
        // A merged entry's key is its first occurrence.
        let entry = root.entry("resource").unwrap();
        assert_eq!(entry.key.span.start, text.find("resource").unwrap());
        let label = resource.entry("example_vpc").unwrap();
        assert_eq!(slice(text, label.key.span), "\"example_vpc\"");
        assert_eq!(label.key.span.start, text.find("\"example_vpc\"").unwrap());
        // Merged mappings cover every merged block.
        assert!(resource.span.start < text.find("\"a\"").unwrap());
        assert!(resource.span.end > text.find("\"p\"").unwrap());
    }

    #[test]
    fn repeated_nested_blocks_become_a_list() {
        let text = "resource \"x\" \"y\" {\n  requester {\n    allow_remote_vpc_dns_resolution = true\n  }\n  ingress { port = 1 }\n  ingress { port = 2 }\n  dynamic \"tag\" {\n    for_each = var.tags\n  }\n}\n";
        let body = doc(text);
        let body = body
            .get("resource")
            .and_then(|r| r.get("x"))
            .and_then(|r| r.get("y"))
            .unwrap();
        assert_eq!(keys(body), ["requester", "ingress", "dynamic"]);
        let requester = body.get("requester").unwrap();
        assert_eq!(
            slice(text, requester.span),
            "requester {\n    allow_remote_vpc_dns_resolution = true\n  }"
        );
        let flag = requester.get("allow_remote_vpc_dns_resolution").unwrap();
        assert_eq!(style(flag), ScalarStyle::HclBool);
        let ingress = body
            .get("ingress")
            .and_then(Node::as_sequence)
            .expect("a list");
        assert_eq!(ingress.len(), 2);
        assert_eq!(slice(text, ingress[1].span), "ingress { port = 2 }");
        assert_eq!(ingress[1].get("port").and_then(Node::as_str), Some("2"));
        let dynamic = body.get("dynamic").and_then(|d| d.get("tag")).unwrap();
        assert_eq!(
            style(dynamic.get("for_each").unwrap()),
            ScalarStyle::Expression
        );
    }

    #[test]
    fn repeated_top_level_paths_become_a_list() {
        let text =
            "provider \"example\" {\n  region = \"a\"\n}\nprovider \"example\" {\n  alias = \"b\"\n}\n";
        let root = doc(text);
        let example = root.get("provider").and_then(|p| p.get("example")).unwrap();
        let bodies = example.as_sequence().expect("a list");
        assert_eq!(bodies.len(), 2);
        assert_eq!(keys(&bodies[0]), ["region"]);
        assert_eq!(keys(&bodies[1]), ["alias"]);
    }

    #[test]
    fn repeated_attributes_stay_two_entries() {
        let text = "a = 1\nb {\n  k = \"x\"\n  k = \"y\"\n}\no = { q = 1, q = 2, \"s\" = 3, \"s\" = 4 }\na = 2\n";
        let root = doc(text);
        assert_eq!(keys(&root), ["a", "b", "o", "a"]);
        let b = root.get("b").unwrap();
        assert_eq!(keys(b), ["k", "k"]);
        let values: Vec<_> = b
            .as_mapping()
            .unwrap()
            .iter()
            .map(|e| e.value.as_str())
            .collect();
        assert_eq!(values, [Some("x"), Some("y")]);
        let o = root.get("o").unwrap();
        assert_eq!(keys(o), ["q", "q", "s", "s"]);
        for entry in root
            .as_mapping()
            .unwrap()
            .iter()
            .chain(b.as_mapping().unwrap())
            .chain(o.as_mapping().unwrap())
        {
            let key = entry.key.as_scalar().unwrap();
            let source = slice(text, entry.key.span);
            match key.style {
                ScalarStyle::DoubleQuoted => assert_eq!(source, format!("\"{}\"", key.value)),
                _ => assert_eq!(source, key.value),
            }
        }
    }

    #[test]
    fn value_styles() {
        let text = r#"s = "a\tb\u00e9$${x}%%{y}"
n = 42
f = -1.5e3
t = true
u = false
z = null
l = [1, "two", [3]]
o = { k = "v", "q" = 2, (var.k) = 3 }
h = <<EOT
hello $${x}
  world
EOT
i = <<-EOT
    indented
      more
    EOT
"#;
        let root = doc(text);
        let get = |k: &str| root.get(k).unwrap();
        assert_eq!(get("s").as_str(), Some("a\tbé${x}%{y}"));
        assert_eq!(style(get("s")), ScalarStyle::DoubleQuoted);
        assert_eq!(slice(text, get("s").span), r#""a\tb\u00e9$${x}%%{y}""#);
        assert_eq!(
            (get("n").as_str(), style(get("n"))),
            (Some("42"), ScalarStyle::HclNumber)
        );
        assert_eq!(get("f").as_str(), Some("-1.5e3"));
        assert_eq!(slice(text, get("f").span), "-1.5e3");
        assert_eq!(
            (get("t").as_str(), style(get("t"))),
            (Some("true"), ScalarStyle::HclBool)
        );
        assert_eq!(get("u").as_str(), Some("false"));
        assert_eq!(style(get("z")), ScalarStyle::HclNull);
        assert!(get("z").is_null());
        assert_eq!(slice(text, get("z").span), "null");
        let l = get("l").as_sequence().unwrap();
        assert_eq!(slice(text, get("l").span), r#"[1, "two", [3]]"#);
        assert_eq!(slice(text, l[1].span), "\"two\"");
        assert_eq!(l[2].as_sequence().map(<[Node]>::len), Some(1));
        let o = get("o");
        assert_eq!(keys(o), ["k", "q", "(var.k)"]);
        let entries = o.as_mapping().unwrap();
        assert_eq!(style(&entries[0].key), ScalarStyle::Plain);
        assert_eq!(style(&entries[1].key), ScalarStyle::DoubleQuoted);
        assert_eq!(slice(text, entries[1].key.span), "\"q\"");
        assert_eq!(style(&entries[2].key), ScalarStyle::Plain);
        assert_eq!(slice(text, entries[2].value.span), "3");
        assert_eq!(get("h").as_str(), Some("hello ${x}\n  world\n"));
        assert_eq!(style(get("h")), ScalarStyle::DoubleQuoted);
        assert_eq!(
            slice(text, get("h").span),
            "<<EOT\nhello $${x}\n  world\nEOT"
        );
        assert_eq!(get("i").as_str(), Some("indented\n  more\n"));
    }

    #[test]
    fn expressions_keep_their_text() {
        let exprs = [
            "example_vpc.app.id",
            "var.x",
            "local.y",
            "cidrsubnet(var.cidr, 8, 1)",
            "\"x-${var.env}\"",
            "\"%{ if var.a }a%{ endif }\"",
            "var.a ? \"x\" : \"y\"",
            "1 + 2",
            "-var.n",
            "!var.b",
            "[for s in var.l : upper(s)]",
            "example_subnet.a[*].id",
            "(\"x\")",
            "<<EOT\na ${b}\nEOT",
        ];
        let text: String = exprs
            .iter()
            .enumerate()
            .map(|(i, e)| format!("k{i} = {e}\n"))
            .collect();
        let root = doc(&text);
        for (i, e) in exprs.iter().enumerate() {
            let node = root.get(&format!("k{i}")).unwrap();
            assert_eq!(style(node), ScalarStyle::Expression, "{e}");
            assert_eq!(node.as_str(), Some(*e));
            assert_eq!(slice(&text, node.span), *e);
            assert_eq!(node.type_name(), "an expression");
            assert_eq!(node.as_scalar().unwrap().implicit_type(), None);
        }
    }

    #[test]
    fn hcl_literals_are_no_yaml_traps() {
        let root = doc("n = 017\nb = true\nz = null\n");
        let scalar = |k: &str| root.get(k).unwrap().as_scalar().unwrap().clone();
        assert_eq!(scalar("n").implicit_type(), None);
        assert_eq!(scalar("b").implicit_type(), None);
        assert_eq!(
            scalar("z").implicit_type(),
            Some(crate::document::ImplicitType::Null)
        );
        assert_eq!(root.get("n").unwrap().type_name(), "a number");
        assert_eq!(root.get("b").unwrap().type_name(), "a boolean");
        assert_eq!(root.get("z").unwrap().type_name(), "null");
    }

    #[test]
    fn key_spans() {
        let text = "resource \"example_vpc\" app {\n  cidr_block = \"10.0.0.0/16\"\n}\n";
        let root = doc(text);
        let entry = root.entry("resource").unwrap();
        assert_eq!(slice(text, entry.key.span), "resource");
        let label = entry.value.entry("example_vpc").unwrap();
        assert_eq!(slice(text, label.key.span), "\"example_vpc\"");
        assert_eq!(style(&label.key), ScalarStyle::DoubleQuoted);
        let name = label.value.entry("app").unwrap();
        assert_eq!(slice(text, name.key.span), "app");
        let attr = name.value.entry("cidr_block").unwrap();
        assert_eq!(slice(text, attr.key.span), "cidr_block");
        assert_eq!(slice(text, attr.value.span), "\"10.0.0.0/16\"");
        assert_eq!(slice(text, name.value.span), text.trim_end());
    }

    #[test]
    fn comments_of_all_kinds() {
        let text = "# peerlint-ignore: P001 -- reason\na = \"# not\" // peerlint-ignore: P002\n/* block\n comment */ b = 1\nc = \"${\"//\"}\" #x\r\nd = 2 # end";
        let parsed = parse(text);
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        let got: Vec<(&str, &str)> = parsed
            .comments
            .iter()
            .map(|c| (slice(text, c.span), c.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "# peerlint-ignore: P001 -- reason",
                    " peerlint-ignore: P001 -- reason"
                ),
                ("// peerlint-ignore: P002", " peerlint-ignore: P002"),
                ("/* block\n comment */", " block\n comment "),
                ("#x", "x"),
                ("# end", " end"),
            ]
        );
        for c in &parsed.comments[..2] {
            assert!(c.text.trim().starts_with("peerlint-ignore:"));
        }
    }

    #[test]
    fn comments_match_yaml_conventions() {
        let hcl_text = "a = 1 # peerlint-ignore: P001 -- why\r\n";
        let yaml_text = "a:  1 # peerlint-ignore: P001 -- why\r\n";
        let h = &parse(hcl_text).comments[0];
        let y = &yaml::parse(yaml_text).comments[0];
        assert_eq!(h.text, y.text);
        assert_eq!(h.span, y.span);
    }

    #[test]
    fn syntax_errors_have_positions() {
        let text = "a = 1\nb = 2 @\n";
        let parsed = parse(text);
        assert!(parsed.documents.is_empty());
        assert!(parsed.comments.is_empty());
        let error = &parsed.errors[0];
        assert_eq!(error.span.start, text.find('@').unwrap());
        assert_eq!(slice(text, error.span), "@");
        assert!(!error.message.is_empty());
        // An error at the end of the input is an empty span there.
        let text = "a = 1\nb = [1, 2\n";
        let error = &parse(text).errors[0];
        assert_eq!(error.span, Span::new(text.len(), text.len()), "{error:?}");
        // A value hcl-edit cannot start to parse is reported at its attribute.
        let text = "a = 1\nb = ";
        let error = &parse(text).errors[0];
        assert_eq!(slice(text, error.span), "b", "{error:?}");
        // Inside a block, at the structure that breaks the body.
        let text = "resource \"a\" \"b\" {\n  x = 1\n  y = \"open\n}\n";
        let error = &parse(text).errors[0];
        assert_eq!(error.span.start, text.find('y').unwrap(), "{error:?}");
        let text = "a = \"x\" 名";
        let error = &parse(text).errors[0];
        assert_eq!(slice(text, error.span), "名", "{error:?}");
        // hcl-edit puts an error at the end on the last byte, here inside `名`.
        let text = "a = [1, 2 # 名";
        let error = &parse(text).errors[0];
        assert_eq!(error.span, Span::new(text.len(), text.len()), "{error:?}");
    }

    #[test]
    fn crlf_bom_and_cjk_offsets() {
        let text = "\u{feff}# 名前\r\nresource \"example_vpc\" \"名\" {\r\n  name = \"東京\" # コメント\r\n  n    = 1\r\n}\r\n";
        let root = doc(text);
        assert_eq!(root.span, Span::new(3, text.len()));
        let vpc = root
            .get("resource")
            .and_then(|r| r.get("example_vpc"))
            .unwrap();
        let entry = vpc.entry("名").unwrap();
        assert_eq!(slice(text, entry.key.span), "\"名\"");
        let name = entry.value.get("name").unwrap();
        assert_eq!(slice(text, name.span), "\"東京\"");
        assert_eq!(name.as_str(), Some("東京"));
        assert_eq!(slice(text, entry.value.get("n").unwrap().span), "1");
        let parsed = parse(text);
        let comments: Vec<_> = parsed
            .comments
            .iter()
            .map(|c| (slice(text, c.span), c.text.as_str()))
            .collect();
        assert_eq!(comments, [("# 名前", " 名前"), ("# コメント", " コメント")]);
        let broken = "\u{feff}名 = \"東\r\n";
        let error = &parse(broken).errors[0];
        assert!(
            broken.is_char_boundary(error.span.start) && broken.is_char_boundary(error.span.end)
        );
        assert!(error.span.start >= 3);
    }

    #[test]
    fn empty_and_comment_only_files_have_no_document() {
        for text in ["", "\u{feff}", "\n\n", "# only\n// comments\n"] {
            let parsed = parse(text);
            assert!(parsed.documents.is_empty(), "{text:?}");
            assert!(parsed.errors.is_empty(), "{text:?}");
        }
        assert_eq!(parse("# only\n// comments\n").comments.len(), 2);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        for text in [
            format!("a = {}", "[".repeat(100_000)),
            format!("a = {}", "{a=".repeat(100_000)),
            "a {\n".repeat(100_000),
            format!("a = 1{}", " + 1".repeat(100_000)),
            format!("a = x{}", ".y".repeat(100_000)),
        ] {
            let parsed = parse(&text);
            assert!(!parsed.errors.is_empty() || parsed.documents.len() == 1);
        }
        // Labels are not capped by hcl-edit; they count against MAX_DEPTH.
        let text = format!("a {} {{}}\n", "\"l\" ".repeat(10_000));
        let parsed = parse(&text);
        assert!(parsed.documents.is_empty());
        assert!(parsed.errors[0].message.contains("nesting"));
        let text = format!("a {} {{}}\n", "\"l\" ".repeat(100));
        assert_eq!(parse(&text).documents.len(), 1);
    }

    #[test]
    fn renaming_gives_up_beyond_its_cap() {
        let text = "abc = 1\n".repeat(MAX_RENAMES + 2);
        let parsed = parse(&text);
        assert!(parsed.documents.is_empty());
        assert!(parsed.errors[0].message.contains("redefined"));
        let text = "abc = 1\n".repeat(MAX_RENAMES + 1);
        assert_eq!(keys(&doc(&text)), ["abc"; MAX_RENAMES + 1]);
        // One-byte keys have 53 distinct replacements.
        assert_eq!(keys(&doc(&"a = 1\n".repeat(50))).len(), 50);
        assert!(!parse(&"a = 1\n".repeat(60)).errors.is_empty());
        // A large file gets fewer parses.
        assert!(may_rename(MAX_RENAMES - 1, 1 << 20));
        assert!(!may_rename(MAX_RENAMES, 10));
        assert!(may_rename(0, RENAME_BUDGET));
        assert!(!may_rename(1, RENAME_BUDGET));
        assert!(!may_rename(0, RENAME_BUDGET + 1));
        let names: std::collections::HashSet<_> =
            (0..200).filter_map(|n| replacement_name(2, n)).collect();
        assert_eq!(names.len(), 200);
        assert_eq!(replacement_name(1, 53), None);
    }

    #[test]
    fn format_from_path() {
        use crate::document::Format;
        assert_eq!(Format::from_path("main.tf"), Some(Format::Hcl));
        assert_eq!(Format::from_path("MAIN.TF"), Some(Format::Hcl));
        assert_eq!(Format::from_path("main.tf.json"), Some(Format::Json));
        assert_eq!(Format::from_path("main.tfvars"), None);
    }
}
