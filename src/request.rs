//! A request as the checks see it: its parameters, its VPC facts, and the
//! pointers and spans to report them at.
//!
//! A request is either the full form (`provider`, `params`, `vpcs`, ...) or
//! the raw form (the params mapping itself). [`RequestView::resolve`] walks
//! a rule target (`params.vpcId`, `vpcs[].addressPrefix[]`) and yields each
//! value with its RFC 6901 pointer relative to the request.

use std::collections::HashMap;
use std::sync::Arc;

use ipnet::IpNet;

use crate::checks::cidr::parse_cidr;
use crate::document::{Node, NodeKind, SourceFile, Span};
use crate::rules::model::{FactsShape, Step, Target};

/// One value reached by a target.
#[derive(Debug, Clone)]
pub struct FieldRef<'a> {
    pub node: &'a Node,
    pub pointer: String,
    /// The field name the target ends at.
    pub field: &'a str,
}

/// A request document, borrowed from its parsed tree.
#[derive(Debug)]
pub struct RequestView<'a> {
    pub source: &'a SourceFile,
    pub root: &'a Node,
    /// The params mapping (the root itself in raw form).
    pub params: Option<&'a Node>,
    /// `/params`, or `""` in raw form.
    pub params_pointer: &'static str,
    pub vpcs: Option<&'a Node>,
}

/// Escape one RFC 6901 pointer segment.
pub fn pointer_segment(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

impl<'a> RequestView<'a> {
    /// Every value `target` reaches, with its pointer.
    pub fn resolve(&self, target: &'a Target) -> Vec<FieldRef<'a>> {
        let field = target.field();
        let (start, base, steps) = match target.steps.split_first() {
            Some((Step::Key(first), rest)) if first == "params" => {
                (self.params, self.params_pointer.to_owned(), rest)
            }
            Some((Step::Key(first), rest)) if first == "vpcs" => {
                (self.vpcs, "/vpcs".to_owned(), rest)
            }
            _ => (None, String::new(), &[][..]),
        };
        let Some(start) = start else {
            return Vec::new();
        };
        let mut current = vec![(start, base)];
        for step in steps {
            let mut next = Vec::new();
            for (node, pointer) in current {
                match step {
                    Step::Key(key) => {
                        if let Some(value) = node.get(key) {
                            next.push((value, format!("{pointer}/{}", pointer_segment(key))));
                        }
                    }
                    Step::Each => {
                        if let Some(items) = node.as_sequence() {
                            for (i, item) in items.iter().enumerate() {
                                next.push((item, format!("{pointer}/{i}")));
                            }
                        }
                    }
                }
            }
            current = next;
        }
        current
            .into_iter()
            .map(|(node, pointer)| FieldRef {
                node,
                pointer,
                field,
            })
            .collect()
    }

    /// The first scalar value `target` reaches.
    pub fn scalar(&self, target: &'a Target) -> Option<FieldRef<'a>> {
        self.resolve(target)
            .into_iter()
            .find(|f| f.node.as_scalar().is_some_and(|s| !s.is_null()))
    }
}

/// A value with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    pub value: T,
    pub span: Span,
    pub pointer: String,
    /// The file it is in, when that is not the request's own file.
    pub file: Option<Arc<str>>,
}

/// What is known about one VPC.
#[derive(Debug, Clone, Default)]
pub struct VpcFact {
    pub id: String,
    /// Valid CIDRs declared for it (an empty list with `declared` means unrestricted).
    pub cidrs: Vec<Located<IpNet>>,
    pub region: Option<Located<String>>,
    pub account: Option<String>,
}

/// VPC facts by id, as seen by one request.
#[derive(Debug, Default)]
pub struct VpcFacts {
    pub by_id: HashMap<String, VpcFact>,
}

impl VpcFacts {
    /// The facts for VPC `id`.
    pub fn get(&self, id: &str) -> Option<&VpcFact> {
        self.by_id.get(id)
    }

    /// Collect facts from a `vpcs` list shaped by `shape`. Only well-formed
    /// values count (per-field rules report the others).
    pub fn from_vpcs(
        vpcs: Option<&Node>,
        shape: &FactsShape,
        file: Option<Arc<str>>,
        base: &str,
    ) -> VpcFacts {
        let mut facts = VpcFacts::default();
        let Some(items) = vpcs.and_then(Node::as_sequence) else {
            return facts;
        };
        for (i, item) in items.iter().enumerate() {
            let Some(id) = item.get(&shape.id).and_then(Node::as_str) else {
                continue;
            };
            let pointer = format!("{base}/{i}");
            let fact = facts.by_id.entry(id.to_owned()).or_insert_with(|| VpcFact {
                id: id.to_owned(),
                ..VpcFact::default()
            });
            if let Some(field) = &shape.cidrs {
                if let Some(node) = item.get(field) {
                    let field_pointer = format!("{pointer}/{}", pointer_segment(field));
                    let mut push = |n: &Node, p: String| {
                        if let Some(net) = n.as_str().and_then(parse_cidr) {
                            fact.cidrs.push(Located {
                                value: net,
                                span: n.span,
                                pointer: p,
                                file: file.clone(),
                            });
                        }
                    };
                    match &node.kind {
                        NodeKind::Sequence(list) => {
                            for (j, n) in list.iter().enumerate() {
                                push(n, format!("{field_pointer}/{j}"));
                            }
                        }
                        NodeKind::Scalar(_) => push(node, field_pointer),
                        NodeKind::Mapping(_) => {}
                    }
                }
            }
            if let Some(field) = &shape.region {
                if let Some(node) = item.get(field) {
                    if let Some(region) = node.as_str().filter(|s| !s.is_empty()) {
                        fact.region = Some(Located {
                            value: region.to_owned(),
                            span: node.span,
                            pointer: format!("{pointer}/{}", pointer_segment(field)),
                            file: file.clone(),
                        });
                    }
                }
            }
            if let Some(field) = &shape.account {
                if let Some(account) = item.get(field).and_then(Node::as_str) {
                    fact.account = Some(account.to_owned());
                }
            }
        }
        facts
    }
}
