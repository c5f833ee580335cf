//! Facts read from one request or inventory document while it is linted:
//! its scalar parameters, its account, the VPC facts it states (and an
//! inventory's existing peerings and completeness claim). They live only
//! until the document is recorded in the file's store (`store.rs`), the
//! compact form the cross-document phase works on. Every value carries
//! its file, pointer and span (lines and columns are worked out later, for
//! the values findings are about).

use std::sync::Arc;

use ipnet::IpNet;

use std::collections::HashMap;

use crate::diagnostic::Location;
use crate::dialect::cidr::parse_cidr;
use crate::document::{index_pointer, key_pointer};
use crate::document::{Node, NodeKind, NodeSet, SourceFile};

/// A value with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    pub value: T,
    pub file: Arc<str>,
    /// 0-based request (or inventory document) index within the file.
    pub document: usize,
    pub pointer: String,
    /// Its span; values read by [`FactSource`] have no line and column.
    pub location: Location,
}

impl<T> Located<T> {
    /// Another value at the same place (a CIDR block parsed from its text).
    pub fn with_value<U>(self, value: U) -> Located<U> {
        Located {
            value,
            file: self.file,
            document: self.document,
            pointer: self.pointer,
            location: self.location,
        }
    }
}

/// What one place (a request document or an inventory) says about a VPC.
#[derive(Debug, Clone)]
pub struct VpcFact {
    pub id: Located<String>,
    /// Valid CIDRs; `None` when the CIDR field is absent.
    pub cidrs: Option<Vec<Located<IpNet>>>,
    pub region: Option<Located<String>>,
    pub account: Option<String>,
    /// Other ids of the same VPC (a legacy id and a unified one).
    pub aliases: Vec<Located<String>>,
}

/// The small record of one request.
#[derive(Debug, Clone)]
pub struct RequestFacts {
    pub provider: String,
    pub file: Arc<str>,
    pub document: usize,
    /// The document's own `account`.
    pub account: Option<String>,
    /// Well-typed scalar parameters, by name.
    pub params: Vec<(String, Located<String>)>,
    /// VPC facts stated in the document.
    pub vpcs: Vec<VpcFact>,
    /// Location of the request's first token (for whole-request findings).
    pub whole: Location,
}

impl RequestFacts {
    /// The parameter `name`.
    pub fn param(&self, name: &str) -> Option<&Located<String>> {
        self.params.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }
}

/// An existing peering listed by an inventory.
#[derive(Debug, Clone)]
pub struct ExistingPeering {
    pub params: Vec<(String, Located<String>)>,
}

impl ExistingPeering {
    /// The field `name`.
    pub fn param(&self, name: &str) -> Option<&Located<String>> {
        self.params.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }
}

/// One inventory document: an account's VPCs and existing peerings.
#[derive(Debug, Clone)]
pub struct InventoryFacts {
    pub provider: String,
    pub account: Option<String>,
    /// `complete: true` and the file loaded cleanly.
    pub complete: bool,
    pub vpcs: Vec<VpcFact>,
    pub peerings: Vec<ExistingPeering>,
    pub file: Arc<str>,
    pub document: usize,
}

/// Which fields of a `vpcs` entry hold a VPC's id, CIDR blocks, region and
/// owner account (a rule set declares them).
#[derive(Debug, Clone)]
pub struct VpcFactFields<'a> {
    pub id: &'a str,
    /// Fields holding CIDR blocks (paths; a VPC's blocks are their union).
    pub cidrs: &'a [String],
    pub region: Option<&'a str>,
    pub account: Option<&'a str>,
    /// The field holding other ids of the same VPC (a string or a list).
    pub aliases: Option<&'a str>,
}

/// The effective facts about one VPC, borrowed from the statements that
/// give them (the first statement of each field wins).
#[derive(Debug, Clone, Copy)]
pub struct FactView<'a> {
    /// The first statement's id (where the VPC was first described).
    pub id: &'a Located<String>,
    pub cidrs: Option<&'a [Located<ipnet::IpNet>]>,
    pub region: Option<&'a Located<String>>,
    /// Whether the first statement came from an inventory.
    pub from_inventory: bool,
}

/// The effective VPC facts of one provider: for each id, inventories' facts
/// first, then documents' in file order.
#[derive(Debug, Default)]
pub struct FactsIndex<'a> {
    /// By the VPC's id as first stated.
    pub by_id: HashMap<&'a str, FactView<'a>>,
    /// Other ids of a VPC → its id as first stated.
    pub aliases: HashMap<&'a str, &'a str>,
}

impl<'a> FactsIndex<'a> {
    /// The id a VPC is known by: `id` itself, or the id first stated for
    /// the VPC that `id` is another id of.
    pub fn canonical<'s>(&'s self, id: &'s str) -> &'s str {
        self.aliases.get(id).copied().unwrap_or(id)
    }

    /// The facts for VPC `id` (under any of its ids).
    pub fn get(&self, id: &str) -> Option<&FactView<'a>> {
        self.by_id.get(self.canonical(id))
    }
}

/// Where facts are read from: a file, a document index, and the pointers of
/// values that are well-typed (only those become facts).
pub struct FactSource<'a> {
    pub source: &'a SourceFile,
    pub file: &'a Arc<str>,
    pub document: usize,
    pub checkable: &'a NodeSet,
}

impl FactSource<'_> {
    /// A located string value, if the node at `pointer` is a well-typed scalar.
    pub fn located(&self, node: &Node, pointer: String) -> Option<Located<String>> {
        if !self.checkable.contains(&node.id()) {
            return None;
        }
        let value = node.as_scalar().filter(|s| !s.is_null())?.value.clone();
        Some(Located {
            value,
            file: Arc::clone(self.file),
            document: self.document,
            // The span only: lines and columns are worked out for the few
            // values a finding is about, when it is reported.
            location: Location {
                span: node.span,
                ..Location::default()
            },
            pointer,
        })
    }

    /// The well-typed scalar values under `mapping` (at `base`) whose
    /// dotted path (`peering.accept_vpc_info.vpc_id`) `declared` accepts,
    /// at any depth of mappings (not inside lists), by path.
    pub fn params(
        &self,
        mapping: Option<&Node>,
        base: &str,
        declared: impl Fn(&str) -> bool,
    ) -> Vec<(String, Located<String>)> {
        let mut out = Vec::with_capacity(mapping.and_then(Node::as_mapping).map_or(0, <[_]>::len));
        if let Some(mapping) = mapping {
            self.params_under(mapping, "", base, &declared, &mut out);
        }
        out.sort_by_key(|a| a.1.location.span.start);
        out
    }

    /// [`FactSource::params`] under `node`, at dotted path `path`.
    fn params_under(
        &self,
        node: &Node,
        path: &str,
        pointer: &str,
        declared: &dyn Fn(&str) -> bool,
        out: &mut Vec<(String, Located<String>)>,
    ) {
        for e in node.as_mapping().unwrap_or(&[]) {
            let Some(key) = e.key.as_str() else {
                continue;
            };
            let child = if path.is_empty() {
                key.to_owned()
            } else {
                [path, ".", key].concat()
            };
            if !declared(&child) {
                continue;
            }
            let child_pointer = key_pointer(pointer, key);
            if e.value.as_mapping().is_some() {
                if self.checkable.contains(&e.value.id()) {
                    self.params_under(&e.value, &child, &child_pointer, declared, out);
                }
            } else if let Some(located) = self.located(&e.value, child_pointer) {
                out.push((child, located));
            }
        }
    }

    /// The scalars among nodes `path` reaches from `item` (at `pointer`): a
    /// string, or each item of a list it ends at; to `found`.
    fn scalars_at(
        &self,
        item: &Node,
        path: &str,
        pointer: &str,
        found: &mut dyn FnMut(Located<String>),
    ) -> bool {
        let mut reached = false;
        each_value_at(item, path, pointer, &mut |node, p| {
            reached = true;
            match &node.kind {
                NodeKind::Sequence(list) => {
                    for (j, n) in list.iter().enumerate() {
                        if let Some(l) = self.located(n, index_pointer(&p, j)) {
                            found(l);
                        }
                    }
                }
                _ => {
                    if let Some(l) = self.located(node, p) {
                        found(l);
                    }
                }
            }
        });
        reached
    }

    /// The first scalar `path` reaches from `item`.
    fn first_scalar(&self, item: &Node, path: &str, pointer: &str) -> Option<Located<String>> {
        let mut first = None;
        self.scalars_at(item, path, pointer, &mut |l| {
            first.get_or_insert(l);
        });
        first
    }

    /// The VPC facts of a `vpcs` list at `base` (`/vpcs`).
    pub fn vpcs(&self, vpcs: Option<&Node>, shape: &VpcFactFields<'_>, base: &str) -> Vec<VpcFact> {
        let Some(items) = vpcs.and_then(Node::as_sequence) else {
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let pointer = index_pointer(base, i);
            let Some(id) = self.first_scalar(item, shape.id, &pointer) else {
                continue;
            };
            // The VPC's blocks: the union over its CIDR fields; `None` when
            // none of them is written (each field walked once).
            let mut written = false;
            let mut blocks = Vec::new();
            for path in shape.cidrs {
                written |= self.scalars_at(item, path, &pointer, &mut |text| {
                    if let Some(net) = parse_cidr(&text.value) {
                        blocks.push(text.with_value(net));
                    }
                });
            }
            let cidrs = written.then_some(blocks);
            let mut aliases = Vec::new();
            if let Some(path) = shape.aliases {
                self.scalars_at(item, path, &pointer, &mut |l| aliases.push(l));
            }
            out.push(VpcFact {
                id,
                cidrs,
                region: shape
                    .region
                    .and_then(|p| self.first_scalar(item, p, &pointer)),
                account: shape
                    .account
                    .and_then(|p| self.first_scalar(item, p, &pointer))
                    .map(|l| l.value),
                aliases,
            });
        }
        out
    }
}

/// The nodes a field path (`a.b`, `list[].c`) reaches from `node`, with
/// their pointers (under `base`).
#[cfg(test)]
fn values_at<'n>(node: &'n Node, path: &str, base: &str) -> Vec<(&'n Node, String)> {
    let mut out = Vec::new();
    each_value_at(node, path, base, &mut |n, p| out.push((n, p)));
    out
}

/// Each node a field path reaches from `node`, with its pointer (under
/// `base`), to `found`, in document order.
fn each_value_at<'n>(
    node: &'n Node,
    path: &str,
    base: &str,
    found: &mut dyn FnMut(&'n Node, String),
) {
    // The usual path is one key: one value, one pointer.
    if !path.contains(['.', '[']) {
        if let Some(child) = node.get(path) {
            found(child, key_pointer(base, path));
        }
        return;
    }
    let mut current = vec![(node, base.to_owned())];
    for part in path.split('.') {
        let (name, each) = match part.strip_suffix("[]") {
            Some(name) => (name, true),
            None => (part, false),
        };
        let mut next = Vec::new();
        for (n, p) in current {
            let Some(child) = n.get(name) else {
                continue;
            };
            let child_pointer = key_pointer(&p, name);
            if each {
                for (j, item) in child.as_sequence().unwrap_or(&[]).iter().enumerate() {
                    next.push((item, index_pointer(&child_pointer, j)));
                }
            } else {
                next.push((child, child_pointer));
            }
        }
        current = next;
    }
    for (n, p) in current {
        found(n, p);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{parse, Format};

    /// `values_at` finds what a path reaches, for plain keys, nested keys,
    /// lists and paths through lists, present or not.
    #[test]
    fn values_at_follows_paths() {
        let text = "vpcId: vpc-1\nempty: []\ncidrs: [10.0.0.0/16]\nnet:\n  block: 10.1.0.0/16\n  none: ~\nitems:\n  - {cidr: 10.2.0.0/16}\n  - {other: 1}\nbare: [{other: 1}]\n";
        let parsed = parse(text, Format::Yaml);
        let root = &parsed.documents[0];
        let count = |path: &str| values_at(root, path, "").len();
        for (path, n) in [
            ("vpcId", 1),
            ("missing", 0),
            ("empty", 1),
            ("empty[]", 0),
            ("cidrs", 1),
            ("cidrs[]", 1),
            ("net.block", 1),
            ("net.none", 1),
            ("net.gone", 0),
            ("net[]", 0),
            ("items[].cidr", 1),
            ("items[].gone", 0),
            ("bare[].cidr", 0),
            ("vpcId.x", 0),
            ("vpcId[]", 0),
            ("items.cidr", 0),
        ] {
            assert_eq!(count(path), n, "{path}");
        }
        // The one-key path gives its pointer, as the general walk would.
        assert_eq!(values_at(root, "vpcId", "/vpcs/0")[0].1, "/vpcs/0/vpcId");
        assert_eq!(values_at(root, "net.block", "/x")[0].1, "/x/net/block");
        let items: Vec<String> = values_at(root, "cidrs[]", "")
            .into_iter()
            .map(|v| v.1)
            .collect();
        assert_eq!(items, ["/cidrs/0"]);
    }

    /// Facts read from a `vpcs` list keep each value's span and pointer,
    /// and only checkable values become facts.
    #[test]
    fn vpc_facts_are_located() {
        let text = "vpcs:\n  - {vpcId: vpc-1, cidr: [10.0.0.0/16, bad], region: r1}\n";
        let parsed = parse(text, Format::Yaml);
        let root = &parsed.documents[0];
        let source = SourceFile::new("a.yaml", text.to_owned());
        let mut checkable = NodeSet::default();
        let mut stack = vec![root];
        while let Some(node) = stack.pop() {
            checkable.insert(node.id());
            match &node.kind {
                NodeKind::Mapping(entries) => stack.extend(entries.iter().map(|e| &e.value)),
                NodeKind::Sequence(items) => stack.extend(items),
                NodeKind::Scalar(_) => {}
            }
        }
        let file: Arc<str> = Arc::from("a.yaml");
        let from = FactSource {
            source: &source,
            file: &file,
            document: 0,
            checkable: &checkable,
        };
        let shape = VpcFactFields {
            id: "vpcId",
            cidrs: &["cidr".to_owned()],
            region: Some("region"),
            account: None,
            aliases: None,
        };
        let facts = from.vpcs(root.get("vpcs"), &shape, "/vpcs");
        assert_eq!(facts.len(), 1);
        let fact = &facts[0];
        let at = |l: &Located<String>| &text[l.location.span.start..l.location.span.end];
        assert_eq!((fact.id.value.as_str(), at(&fact.id)), ("vpc-1", "vpc-1"));
        assert_eq!(fact.id.pointer, "/vpcs/0/vpcId");
        let region = fact.region.as_ref().expect("a region");
        assert_eq!(
            (at(region), region.pointer.as_str()),
            ("r1", "/vpcs/0/region")
        );
        let cidrs = fact.cidrs.as_ref().expect("CIDR blocks");
        assert_eq!(cidrs.len(), 1, "the bad one is left out");
        assert_eq!(cidrs[0].pointer, "/vpcs/0/cidr/0");
        assert_eq!(
            &text[cidrs[0].location.span.start..cidrs[0].location.span.end],
            "10.0.0.0/16"
        );
        // A value that is not checkable is no fact.
        checkable.remove(
            &root
                .get("vpcs")
                .and_then(|v| v.as_sequence())
                .expect("a list")[0]
                .get("region")
                .expect("a region")
                .id(),
        );
        let from = FactSource {
            source: &source,
            file: &file,
            document: 0,
            checkable: &checkable,
        };
        assert!(from.vpcs(root.get("vpcs"), &shape, "/vpcs")[0]
            .region
            .is_none());
    }
}
