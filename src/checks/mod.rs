//! Check kinds: the code behind rules.
//!
//! A rule in a rule file names a check kind (`check: length`) and gives its
//! parameters; the kind's file here parses those parameters once and checks
//! values. Field checks look at one value at a time; request checks look at
//! a whole request (cross-field). Adding a kind is one file plus one line in
//! [`REGISTRY`].

use std::fmt::Debug;

use crate::document::{Node, SourceFile, Span};
use crate::request::{RequestView, VpcFacts};
use crate::rules::model::{RegionTable, Target};
use crate::rules::reader::Reader;
use crate::rules::CharClasses;

pub mod charset;
pub mod cidr;
pub mod cidr_overlap;
pub mod deny_chars;
pub mod distinct;
pub mod int_range;
pub mod length;
pub mod one_of;
pub mod pattern;
pub mod same_region;

/// Every check kind, by the name rule files use.
pub static REGISTRY: &[KindSpec] = &[
    length::SPEC,
    charset::SPEC,
    deny_chars::SPEC,
    pattern::SPEC,
    one_of::SPEC,
    int_range::SPEC,
    cidr::SYNTAX,
    cidr::WITHIN,
    cidr::PREFIX_LENGTH,
    cidr::HOST_BITS,
    distinct::SPEC,
    cidr_overlap::SPEC,
    same_region::SPEC,
];

/// The kind named `name`.
pub fn kind(name: &str) -> Option<&'static KindSpec> {
    REGISTRY.iter().find(|k| k.name == name)
}

/// Whether a kind checks single values or whole requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// One value of a target (`params.x`, `vpcs[].y[]`).
    Field,
    /// A whole request (cross-field).
    Request,
}

/// A check kind's description for the registry and `docs/rules.md`.
pub struct KindSpec {
    pub name: &'static str,
    pub scope: Scope,
    /// Rule-file keys this kind reads (besides the common rule keys).
    pub keys: &'static [&'static str],
    /// Placeholders its messages can use (besides `{param}` and `{value}`).
    pub vars: &'static [&'static str],
    /// Parse the kind's parameters.
    pub build: fn(&Args<'_>, &mut Reader) -> Option<Check>,
}

/// What a check kind's `build` reads: its keys, and tables of the rule set.
pub struct Args<'a> {
    pub rule_span: Span,
    pub entries: &'a [(&'a str, &'a Node)],
    pub classes: &'a CharClasses,
    pub regions: &'a RegionTable,
    pub targets: &'a [Target],
    /// Parse and validate a target path against the rule set's declared fields.
    pub parse_target: &'a dyn Fn(&Node, &mut Reader) -> Option<Target>,
}

impl<'a> Args<'a> {
    /// The value of key `key`, if given.
    pub fn get(&self, key: &str) -> Option<&'a Node> {
        self.entries
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| *v)
    }

    /// A list of exactly `n` targets under `key`.
    pub fn targets(&self, key: &str, n: usize, r: &mut Reader, kind: &str) -> Option<Vec<Target>> {
        let node = self.require(key, r, kind)?;
        let items = r.list(node, key);
        if items.len() != n {
            r.error(node.span, format!("`{key}` must list exactly {n} targets"));
            return None;
        }
        let parsed: Vec<Target> = items
            .iter()
            .filter_map(|i| (self.parse_target)(i, r))
            .collect();
        (parsed.len() == n).then_some(parsed)
    }

    /// The value of a required key; reports its absence.
    pub fn require(&self, key: &str, r: &mut Reader, kind: &str) -> Option<&'a Node> {
        let found = self.get(key);
        if found.is_none() {
            r.error(self.rule_span, format!("check `{kind}` needs `{key}`"));
        }
        found
    }
}

/// A compiled check.
#[derive(Debug)]
pub enum Check {
    Field(Box<dyn FieldCheck>),
    Request(Box<dyn RequestCheck>),
}

/// One value under test.
pub struct FieldValue<'a> {
    /// Parameter or field name (`vpcPeeringName`).
    pub field: &'a str,
    /// The text checked (the scalar's source text for unquoted numbers; an `extract` capture).
    pub text: &'a str,
    /// Span of the whole value as written.
    pub span: Span,
    pub source: &'a SourceFile,
    /// Span of each character of `text` in the file, when known exactly.
    pub char_spans: Option<&'a [Span]>,
    pub regions: &'a RegionTable,
}

impl FieldValue<'_> {
    /// The span of the `index`-th character of `text`, falling back to the whole value.
    pub fn char_span(&self, index: usize) -> Span {
        self.char_spans
            .and_then(|s| s.get(index).copied())
            .unwrap_or(self.span)
    }

    /// `at column N` (of the file) for the `index`-th character, or
    /// `at position N of the value` when the source position is not exact.
    pub fn where_is(&self, index: usize) -> String {
        match self.char_spans.and_then(|s| s.get(index)) {
            Some(span) => format!("at column {}", self.source.position(span.start).column),
            None => format!("at position {} of the value", index + 1),
        }
    }
}

/// A secondary location of a violation.
#[derive(Debug, Clone)]
pub struct ViolationLabel {
    pub span: Span,
    /// `None`: the request's own file.
    pub file: Option<String>,
    pub message: String,
}

/// What a check found; the engine turns it into a diagnostic with the rule's
/// id, severity and (templated) message.
#[derive(Debug, Clone, Default)]
pub struct Violation {
    /// Default message, used when the rule gives none.
    pub message: String,
    /// Default help line.
    pub help: Option<String>,
    /// Values for the rule's `{placeholders}`.
    pub vars: Vec<(&'static str, String)>,
    /// A narrower primary span than the value (an offending character).
    pub span: Option<Span>,
    /// For request checks: pointer and span of the primary location.
    pub at: Option<(String, Span)>,
    /// Text for the primary span's label in human output.
    pub label: Option<String>,
    pub labels: Vec<ViolationLabel>,
}

/// A check of one value.
pub trait FieldCheck: Send + Sync + Debug {
    /// Check one value.
    fn check(&self, value: &FieldValue<'_>) -> Option<Violation>;
    /// One line saying what is required, for `peerlint rules` and `explain`.
    fn summary(&self) -> String;
    /// Whether this check rejects `c` anywhere in a value (character sets).
    fn rejects_char(&self, _c: char) -> bool {
        false
    }
    /// Add JSON Schema keywords describing this check to `schema`.
    fn json_schema(&self, _schema: &mut serde_json::Map<String, serde_json::Value>) {}
}

/// What a request check sees.
pub struct RequestInput<'a> {
    pub view: &'a RequestView<'a>,
    pub facts: &'a VpcFacts,
    pub regions: &'a RegionTable,
}

/// A check of a whole request (cross-field).
pub trait RequestCheck: Send + Sync + Debug {
    /// Check one request.
    fn check(&self, input: &RequestInput<'_>) -> Vec<Violation>;
    /// One line saying what is required.
    fn summary(&self) -> String;
}

/// Render a `{name}` template with `vars`; unknown names stay as written.
pub fn render_template(template: &str, vars: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match vars.iter().find(|(k, _)| *k == name) {
                    Some((_, value)) => out.push_str(value),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `{placeholder}` names used in a template.
pub fn template_names(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                names.push(&after[..close]);
                rest = &after[close + 1..];
            }
            None => break,
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_fill_known_names_only() {
        let vars = [("param", "vpcId".to_owned()), ("max", "32".to_owned())];
        assert_eq!(
            render_template("{param} is at most {max} {unit}", &vars),
            "vpcId is at most 32 {unit}"
        );
        assert_eq!(template_names("a {b} c {d}"), ["b", "d"]);
    }

    #[test]
    fn kind_names_are_unique() {
        for (i, a) in REGISTRY.iter().enumerate() {
            assert!(
                REGISTRY[i + 1..].iter().all(|b| b.name != a.name),
                "{}",
                a.name
            );
        }
    }
}
