//! Facts kept after a file is linted, for the cross-document phase.
//!
//! The per-file phase drops each parsed tree once it is checked and keeps
//! only these small records: a request's scalar parameters with their
//! locations, its account, and the VPC facts it states. Inventories
//! contribute the same records plus existing peerings and completeness
//! claims. Every value carries its file and resolved location, so findings
//! of the cross-document phase point at exact spans in any file.

use rustc_hash::FxHashSet as HashSet;
use std::sync::Arc;

use ipnet::IpNet;

use std::collections::HashMap;

use crate::diagnostic::Location;
use crate::dialect::cidr::parse_cidr;
use crate::document::pointer_segment;
use crate::document::{Node, NodeKind, SourceFile};

/// A value with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    pub value: T,
    pub file: Arc<str>,
    /// 0-based request (or inventory document) index within the file.
    pub document: usize,
    pub pointer: String,
    pub location: Location,
}

/// What one place (a request document or an inventory) says about a VPC.
#[derive(Debug, Clone)]
pub struct VpcFact {
    pub id: Located<String>,
    /// Valid CIDRs; `None` when the CIDR field is absent.
    pub cidrs: Option<Vec<Located<IpNet>>>,
    pub region: Option<Located<String>>,
    pub account: Option<String>,
    /// Other ids of the same VPC (a Tencent VPC's legacy id and unVpcId).
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
#[derive(Debug, Clone, Copy)]
pub struct VpcFactFields<'a> {
    pub id: &'a str,
    pub cidrs: Option<&'a str>,
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
    pub checkable: &'a HashSet<String>,
}

impl FactSource<'_> {
    /// A located string value, if the node at `pointer` is a well-typed scalar.
    pub fn located(&self, node: &Node, pointer: String) -> Option<Located<String>> {
        if !self.checkable.contains(&pointer) {
            return None;
        }
        let value = node.as_scalar().filter(|s| !s.is_null())?.value.clone();
        Some(Located {
            value,
            file: Arc::clone(self.file),
            document: self.document,
            location: Location::resolve(self.source, node.span),
            pointer,
        })
    }

    /// The well-typed scalar values of the keys of `mapping` (at `base`)
    /// that `declared` accepts, by key.
    pub fn params(
        &self,
        mapping: Option<&Node>,
        base: &str,
        declared: impl Fn(&str) -> bool,
    ) -> Vec<(String, Located<String>)> {
        mapping
            .and_then(Node::as_mapping)
            .unwrap_or(&[])
            .iter()
            .filter_map(|e| {
                let key = e.key.as_str().filter(|k| declared(k))?;
                let pointer = format!("{base}/{}", pointer_segment(key));
                Some((key.to_owned(), self.located(&e.value, pointer)?))
            })
            .collect()
    }

    /// The VPC facts of a `vpcs` list at `base` (`/vpcs`).
    pub fn vpcs(&self, vpcs: Option<&Node>, shape: &VpcFactFields<'_>, base: &str) -> Vec<VpcFact> {
        let mut out = Vec::new();
        let Some(items) = vpcs.and_then(Node::as_sequence) else {
            return out;
        };
        for (i, item) in items.iter().enumerate() {
            let pointer = format!("{base}/{i}");
            let field = |name: &str| {
                item.get(name)
                    .map(|n| (n, format!("{pointer}/{}", pointer_segment(name))))
            };
            let Some(id) = field(shape.id).and_then(|(n, p)| self.located(n, p)) else {
                continue;
            };
            let cidrs = shape.cidrs.and_then(field).map(|(node, p)| {
                let mut list = Vec::new();
                let mut push = |n: &Node, p: String| {
                    if let Some(text) = self.located(n, p) {
                        if let Some(net) = parse_cidr(&text.value) {
                            list.push(Located {
                                value: net,
                                file: text.file,
                                document: text.document,
                                pointer: text.pointer,
                                location: text.location,
                            });
                        }
                    }
                };
                match &node.kind {
                    NodeKind::Sequence(items) => {
                        for (j, n) in items.iter().enumerate() {
                            push(n, format!("{p}/{j}"));
                        }
                    }
                    _ => push(node, p),
                }
                list
            });
            let region = shape
                .region
                .and_then(field)
                .and_then(|(n, p)| self.located(n, p));
            let account = shape
                .account
                .and_then(field)
                .and_then(|(n, p)| self.located(n, p))
                .map(|l| l.value);
            let aliases = shape
                .aliases
                .and_then(field)
                .map(|(node, p)| match &node.kind {
                    NodeKind::Sequence(items) => items
                        .iter()
                        .enumerate()
                        .filter_map(|(j, n)| self.located(n, format!("{p}/{j}")))
                        .collect(),
                    _ => self.located(node, p).into_iter().collect(),
                })
                .unwrap_or_default();
            out.push(VpcFact {
                id,
                cidrs,
                region,
                account,
                aliases,
            });
        }
        out
    }
}
