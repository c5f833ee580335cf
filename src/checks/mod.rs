//! Check kinds: the code behind rules.
//!
//! A rule in a rule file names a check kind (`check: length`) and gives its
//! parameters; the kind's file here parses those parameters once and checks
//! values. Field checks look at one value at a time; request checks look at
//! a whole request (cross-field). Adding a kind is one file plus one line in
//! [`KINDS`].

use std::fmt::Debug;

use crate::dialect::reader::Reader;
use crate::dialect::RegionTable;
use crate::document::{Node, SourceFile, Span};
use crate::fix::{escape_in, Edit};
use crate::store::{FactsIndex, Inv, Peering, Store, Sym, Val, NONE};

use crate::request::RequestView;
pub use args::Args;
pub use finding::{Finding, FindingLabel, Place};

pub mod args;
pub mod charset;
pub mod cidr;
pub mod cidr_overlap;
pub mod cross_account;
pub mod deny_chars;
pub mod distinct;
pub mod finding;
pub mod forbidden;
pub mod int_range;
pub mod length;
pub mod one_of;
pub mod pattern;
pub mod peer_overlap;
pub mod peer_quota;
pub mod region_quota;
pub mod required;
pub mod reverse_peering;
pub mod same_region;
pub mod unique_items;
pub mod unique_name;
pub mod unique_pair;
pub mod vpc_exists;
pub mod vpc_region;

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
    forbidden::KIND,
    unique_items::KIND,
    distinct::KIND,
    required::KIND,
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
    vpc_region::KIND,
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
    /// JSON pointer of the value (`/params/Tags`): a finding on a part of
    /// it (an item of a list) sets `at` to a pointer below this one.
    pub pointer: &'a crate::request::Pointer<'a>,
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

    /// How the value is written (plain, quoted, ...).
    pub fn style(&self) -> Option<crate::document::ScalarStyle> {
        self.node.as_scalar().map(|s| s.style)
    }

    /// An edit replacing the `index`-th character of `text` with `new`,
    /// escaped for the value's style; `None` when the character's span is
    /// not known exactly or `new` cannot be written there.
    pub fn char_edit(&self, index: usize, new: &str) -> Option<Edit> {
        let span = *self.char_spans()?.get(index)?;
        if new.is_empty() {
            return Some(Edit::new(span, ""));
        }
        Some(Edit::new(span, escape_in(self.style()?, new)?))
    }

    /// An edit replacing all of `text` with `new`, escaped for the value's style.
    pub fn text_edit(&self, new: &str) -> Option<Edit> {
        let spans = self.char_spans()?;
        let span = Span::new(spans.first()?.start, spans.last()?.end);
        Some(Edit::new(span, escape_in(self.style()?, new)?))
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

/// A check of one value.
pub trait FieldCheck: Send + Sync + Debug {
    /// Check one value.
    fn check(&self, value: &FieldValue<'_>) -> Option<Finding>;
    /// One line saying what is required, for `peerlint rules` and `explain`.
    fn summary(&self) -> String;
    /// Whether this check rejects `c` anywhere in a value (character sets).
    fn rejects_char(&self, _c: char) -> bool {
        false
    }
    /// Whether it checks whole values — lists and mappings — rather than
    /// scalars only (`forbidden`, `unique-items`, `length` in items).
    fn checks_containers(&self) -> bool {
        false
    }
    /// Whether it checks lists and mappings only, never a single value
    /// (`length` in items): a target declared a scalar is a rule-file error.
    fn needs_containers(&self) -> bool {
        false
    }
    /// Add JSON Schema keywords describing this check to `schema`.
    fn json_schema(&self, _schema: &mut serde_json::Map<String, serde_json::Value>) {}
}

/// What a request check sees.
pub struct RequestInput<'a> {
    pub view: &'a RequestView<'a>,
    pub regions: &'a RegionTable,
    /// The canonical form of a VPC reference of this request (the set's
    /// `vpc_identity`; the value itself without one).
    pub vpc: &'a dyn Fn(&str) -> String,
}

/// A check of a whole request (cross-field).
pub trait RequestCheck: Send + Sync + Debug {
    /// Check one request.
    fn check(&self, input: &RequestInput<'_>) -> Vec<Finding>;
    /// One line saying what is required.
    fn summary(&self) -> String;
}

/// What a cross-document check sees: one provider's requests (in file and
/// document order) with their resolved accounts, facts and inventories, as
/// compact records of the [`Store`].
pub struct CrossDocInput<'a> {
    pub store: &'a Store,
    /// The provider's requests: ids in `store.requests`, in order. A
    /// finding's `request` is an index into this list.
    pub requests: &'a [u32],
    /// Resolved account of each request ([`NONE`]: the implicit shared account).
    pub accounts: &'a [Sym],
    pub facts: &'a FactsIndex<'a>,
    pub inventories: &'a [&'a Inv],
    pub regions: &'a RegionTable,
}

impl<'a> CrossDocInput<'a> {
    /// The id of parameter key `name` (`None`: no record has it).
    pub fn key(&self, name: &str) -> Option<u16> {
        self.store.key(name)
    }

    /// The text of an interned string.
    pub fn text(&self, sym: Sym) -> &'a str {
        self.store.text(sym)
    }

    /// Parameter `key` of request `i` (an index into `requests`).
    pub fn param(&self, i: usize, key: Option<u16>) -> Option<Val> {
        self.store.param(self.requests[i], key?)
    }

    /// Parameter `key` of an existing peering.
    pub fn peering_param(&self, p: &Peering, key: Option<u16>) -> Option<Val> {
        self.store.peering_param(p, key?)
    }

    /// The account of request `i` (`None`: the implicit shared account).
    pub fn account(&self, i: usize) -> Option<&'a str> {
        (self.accounts[i] != NONE).then(|| self.text(self.accounts[i]))
    }

    /// The requests that name both sides of a peering, and two different
    /// VPCs (self-peering is its own rule): `(index, first, second)`.
    pub fn peerings(&self, sides: &[String; 2]) -> impl Iterator<Item = (usize, Val, Val)> + '_ {
        let (k0, k1) = (self.key(&sides[0]), self.key(&sides[1]));
        (0..self.requests.len()).filter_map(move |i| {
            let (a, b) = (self.param(i, k0)?, self.param(i, k1)?);
            (a.value != b.value).then_some((i, a, b))
        })
    }

    /// The existing peerings of the inventories.
    pub fn existing(&self) -> impl Iterator<Item = (&'a Inv, &'a Peering)> + '_ {
        self.inventories
            .iter()
            .flat_map(|inv| inv.peerings.iter().map(move |p| (*inv, p)))
    }
}

/// A check over all requests of a provider (cross-document).
pub trait CrossDocCheck: Send + Sync + Debug {
    /// Check every request.
    fn check(&self, input: &CrossDocInput<'_>) -> Vec<Finding>;
    /// One line saying what is required.
    fn summary(&self) -> String;
    /// The keys of the request values it compares as VPC references (its
    /// sides): the rule set's `vpc_identity` applies to them.
    fn vpc_keys(&self) -> Vec<&str> {
        Vec::new()
    }
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
