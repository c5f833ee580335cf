//! Check kinds: the code behind rules.
//!
//! A rule in a rule file names a check kind (`check: length`) and gives its
//! parameters; the kind's file here parses those parameters once and checks
//! values. Field checks look at one value at a time; request checks look at
//! a whole request (cross-field). Adding a kind is one file plus one line in
//! [`KINDS`].

use std::fmt::Debug;

use std::sync::Arc;

use crate::diagnostic::Location;
use crate::dialect::reader::Reader;
use crate::dialect::CharClasses;
use crate::dialect::{RegionTable, Target};
use crate::document::{Node, SourceFile, Span};
use crate::facts::{FactsIndex, InventoryFacts, Located, RequestFacts};
use crate::request::RequestView;

pub mod charset;
pub mod cidr;
pub mod cidr_overlap;
pub mod cross_account;
pub mod deny_chars;
pub mod distinct;
pub mod int_range;
pub mod length;
pub mod one_of;
pub mod pattern;
pub mod peer_overlap;
pub mod peer_quota;
pub mod region_quota;
pub mod reverse_peering;
pub mod same_region;
pub mod unique_name;
pub mod unique_pair;
pub mod vpc_exists;

/// Every check kind, by the name rule files use.
pub static KINDS: &[CheckKind] = &[
    length::KIND,
    charset::KIND,
    deny_chars::KIND,
    pattern::KIND,
    one_of::KIND,
    int_range::KIND,
    cidr::SYNTAX,
    cidr::WITHIN,
    cidr::PREFIX_LENGTH,
    cidr::HOST_BITS,
    distinct::KIND,
    cidr_overlap::KIND,
    same_region::KIND,
    unique_name::KIND,
    unique_pair::KIND,
    peer_quota::KIND,
    region_quota::KIND,
    peer_overlap::KIND,
    vpc_exists::KIND,
    reverse_peering::KIND,
    cross_account::KIND,
];

/// The kind named `name`.
pub fn kind(name: &str) -> Option<&'static CheckKind> {
    KINDS.iter().find(|k| k.name == name)
}

/// Whether a kind checks single values or whole requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// One value of a target (`params.x`, `vpcs[].y[]`).
    Field,
    /// A whole request (cross-field).
    Request,
    /// All requests of a provider with VPC facts and inventories (cross-document).
    CrossDocument,
}

/// A check kind's description for the registry and `docs/rules.md`.
pub struct CheckKind {
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
    CrossDocument(Box<dyn CrossDocCheck>),
}

impl Check {
    /// One line saying what is required.
    pub fn summary(&self) -> String {
        match self {
            Check::Field(c) => c.summary(),
            Check::Request(c) => c.summary(),
            Check::CrossDocument(c) => c.summary(),
        }
    }
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
    pub regions: &'a RegionTable,
    /// The scalar node the text comes from.
    pub node: &'a Node,
    /// Characters of the node's value before `text` (for an `extract` capture).
    pub skip: usize,
    /// Spans of the node's characters, computed on first use (only findings need them).
    pub spans: &'a std::cell::OnceCell<Option<Vec<Span>>>,
}

impl FieldValue<'_> {
    /// Span of each character of `text` in the file, when known exactly.
    pub fn char_spans(&self) -> Option<&[Span]> {
        let all = self
            .spans
            .get_or_init(|| crate::document::scalar_map::char_spans(&self.source.text, self.node));
        let count = self.text.chars().count();
        all.as_deref()
            .and_then(|s| s.get(self.skip..self.skip + count))
    }

    /// The span of the `index`-th character of `text`, falling back to the whole value.
    pub fn char_span(&self, index: usize) -> Span {
        self.char_spans()
            .and_then(|s| s.get(index).copied())
            .unwrap_or(self.span)
    }

    /// `at column N` (of the file) for the `index`-th character, or
    /// `at position N of the value` when the source position is not exact.
    pub fn where_is(&self, index: usize) -> String {
        match self.char_spans().and_then(|s| s.get(index)) {
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
    pub regions: &'a RegionTable,
}

/// A check of a whole request (cross-field).
pub trait RequestCheck: Send + Sync + Debug {
    /// Check one request.
    fn check(&self, input: &RequestInput<'_>) -> Vec<Violation>;
    /// One line saying what is required.
    fn summary(&self) -> String;
}

/// What a cross-document check sees: one provider's requests (in file and
/// document order) with their resolved accounts, facts and inventories.
pub struct CrossDocInput<'a> {
    pub requests: &'a [&'a RequestFacts],
    /// Resolved account of each request (`None`: the implicit shared account).
    pub accounts: &'a [Option<String>],
    pub facts: &'a FactsIndex<'a>,
    pub inventories: &'a [&'a InventoryFacts],
    pub regions: &'a RegionTable,
}

impl<'a> CrossDocInput<'a> {
    /// The requests that name both sides of a peering, and two different
    /// VPCs (self-peering is its own rule): `(index, request, first, second)`.
    pub fn peerings<'s>(
        &'s self,
        sides: &'s [String; 2],
    ) -> impl Iterator<
        Item = (
            usize,
            &'a RequestFacts,
            &'a Located<String>,
            &'a Located<String>,
        ),
    > + 's {
        self.requests
            .iter()
            .enumerate()
            .filter_map(move |(i, req)| {
                let (a, b) = (req.param(&sides[0])?, req.param(&sides[1])?);
                (a.value != b.value).then_some((i, *req, a, b))
            })
    }
}

/// A secondary location anywhere.
#[derive(Debug, Clone)]
pub struct CrossLabel {
    pub file: Arc<str>,
    pub location: Location,
    pub message: String,
}

impl CrossLabel {
    /// A label at a located value.
    pub fn at<T>(value: &Located<T>, message: impl Into<String>) -> CrossLabel {
        CrossLabel {
            file: Arc::clone(&value.file),
            location: value.location,
            message: message.into(),
        }
    }
}

/// What a cross-document check found, on request `request` at `at`.
#[derive(Debug, Clone)]
pub struct CrossViolation {
    /// Index into [`CrossDocInput::requests`].
    pub request: usize,
    pub pointer: String,
    pub location: Location,
    pub message: String,
    pub help: Option<String>,
    pub vars: Vec<(&'static str, String)>,
    pub label: Option<String>,
    pub labels: Vec<CrossLabel>,
}

/// A check over all requests of a provider (cross-document).
pub trait CrossDocCheck: Send + Sync + Debug {
    /// Check every request.
    fn check(&self, input: &CrossDocInput<'_>) -> Vec<CrossViolation>;
    /// One line saying what is required.
    fn summary(&self) -> String;
}

/// A target of a cross-document kind must be a request parameter.
pub fn param_target(args: &Args<'_>, key: &str, r: &mut Reader) -> Option<String> {
    let node = args.get(key)?;
    let target = (args.parse_target)(node, r)?;
    if !target.is_param() {
        r.error(node.span, format!("`{key}` must be a `params.` target"));
        return None;
    }
    Some(target.field().to_owned())
}

/// The optional region sources of a rule: `region_param` (a `params.`
/// target holding the requester's region) and `id_region` (a regex whose
/// first group is a region code inside a VPC id).
pub fn region_sources(
    args: &Args<'_>,
    r: &mut Reader,
) -> Option<(Option<String>, Option<regex::Regex>)> {
    let region_param = match args.get("region_param") {
        Some(_) => Some(param_target(args, "region_param", r)?),
        None => None,
    };
    let id_region = match args.get("id_region") {
        Some(node) => Some(crate::dialect::compile_capture_regex(node, "id_region", r)?),
        None => None,
    };
    Some((region_param, id_region))
}

/// Two `params.` targets under `key` (the two sides of a peering).
pub fn param_pair(args: &Args<'_>, key: &str, r: &mut Reader, kind: &str) -> Option<[String; 2]> {
    let targets = args.targets(key, 2, r, kind)?;
    if targets.iter().any(|t| !t.is_param()) {
        r.error(
            args.get(key).map_or(args.rule_span, |n| n.span),
            format!("`{key}` must list `params.` targets"),
        );
        return None;
    }
    Some([targets[0].field().to_owned(), targets[1].field().to_owned()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_names_are_unique() {
        for (i, a) in KINDS.iter().enumerate() {
            assert!(
                KINDS[i + 1..].iter().all(|b| b.name != a.name),
                "{}",
                a.name
            );
        }
    }
}
