//! `peer-overlap`: the peer VPCs of one VPC must not overlap each other
//! (routes to both would conflict). Peers are taken in counting order
//! (inventory peerings, then requests); each VPC's peer blocks are kept as a
//! disjoint interval map, so a new block is checked in O(log n). The finding
//! is on the request that adds the overlapping peer.

use std::collections::{BTreeMap, HashMap, HashSet};

use ipnet::IpNet;

use super::args::param_pair;
use super::{Args, Check, CheckKind, CrossDocCheck, CrossDocInput, Finding, FindingLabel, Scope};
use crate::dialect::reader::Reader;
use crate::store::{Cidr, Sym};

pub const KIND: CheckKind = CheckKind {
    name: "peer-overlap",
    scope: Scope::CrossDocument,
    keys: &["sides"],
    vars: &["vpc", "peer", "other"],
    build,
};

#[derive(Debug)]
struct PeerOverlap {
    sides: [String; 2],
}

fn build(args: &Args<'_>, r: &mut Reader) -> Option<Check> {
    let sides = param_pair(args, "sides", r, "peer-overlap")?;
    Some(Check::CrossDocument(Box::new(PeerOverlap { sides })))
}

/// `(family, first, last)` of a block, comparable across its family.
fn range(net: &IpNet) -> (u8, u128, u128) {
    match net {
        IpNet::V4(n) => (
            4,
            u32::from(n.network()).into(),
            u32::from(n.broadcast()).into(),
        ),
        IpNet::V6(n) => (6, u128::from(n.network()), u128::from(n.broadcast())),
    }
}

/// One VPC's peer blocks, disjoint, keyed by `(family, first)`.
#[derive(Default)]
struct Blocks<'a> {
    map: BTreeMap<(u8, u128), (u128, Sym, &'a Cidr)>,
    peers: HashSet<Sym>,
}

impl<'a> Blocks<'a> {
    /// The stored block overlapping `net`, if any.
    fn overlapping(&self, net: &IpNet) -> Option<(Sym, &'a Cidr)> {
        let (family, first, last) = range(net);
        if let Some((_, (_, peer, at))) = self.map.range((family, first)..=(family, last)).next() {
            return Some((*peer, at));
        }
        let (_, (end, peer, at)) = self.map.range((family, 0)..(family, first)).next_back()?;
        (*end >= first).then_some((*peer, *at))
    }
}

impl CrossDocCheck for PeerOverlap {
    fn check(&self, input: &CrossDocInput<'_>) -> Vec<Finding> {
        let (k0, k1) = (input.key(&self.sides[0]), input.key(&self.sides[1]));
        let mut blocks: HashMap<Sym, Blocks<'_>> = HashMap::new();
        let cidrs_of = |vpc: Sym| input.facts.get(vpc).and_then(|f| f.cidrs);
        let mut out = Vec::new();
        let pairs = input
            .existing()
            .filter_map(|(_, p)| {
                Some((
                    None,
                    input.peering_param(p, k0)?,
                    input.peering_param(p, k1)?,
                ))
            })
            .chain(
                (0..input.requests.len())
                    .filter_map(|i| Some((Some(i), input.param(i, k0)?, input.param(i, k1)?))),
            );
        for (request, a, b) in pairs {
            if a.value == b.value {
                continue;
            }
            for (vpc, peer) in [(a, b), (b, a)] {
                // Only peers with known blocks take room (a run of a million
                // requests without facts keeps nothing here).
                let Some(cidrs) = cidrs_of(peer.value) else {
                    continue;
                };
                let entry = blocks.entry(input.facts.canonical(vpc.value)).or_default();
                if !entry.peers.insert(input.facts.canonical(peer.value)) {
                    continue;
                }
                for cidr in cidrs {
                    match entry.overlapping(&cidr.net) {
                        Some((other, other_at)) => {
                            if let Some(i) = request {
                                let (vn, pn, on) = (
                                    input.text(vpc.value),
                                    input.text(peer.value),
                                    input.text(other),
                                );
                                out.push(Finding {
                                    message: format!(
                                        "{vn} would peer with both {pn} ({}) and {on} ({}), whose blocks overlap",
                                        cidr.net, other_at.net
                                    ),
                                    help: Some(format!("{vn} cannot route to two overlapping blocks: peer with VPCs whose CIDRs are disjoint")),
                                    vars: vec![("vpc", vn.to_owned()), ("peer", pn.to_owned()), ("other", on.to_owned())],
                                    label: None,
                                    labels: vec![
                                        FindingLabel::at(cidr.at, format!("{} of {pn}", cidr.net)),
                                        FindingLabel::at(other_at.at, format!("{} of {on}", other_at.net)),
                                    ],
                                    ..Finding::on(i, peer.at)
                                });
                            }
                            break;
                        }
                        None => {
                            let (family, first, last) = range(&cidr.net);
                            entry.map.insert((family, first), (last, peer.value, cidr));
                        }
                    }
                }
            }
        }
        out
    }

    fn vpc_keys(&self) -> Vec<&str> {
        self.sides.iter().map(String::as_str).collect()
    }

    fn summary(&self) -> String {
        "the peer VPCs of one VPC must not have overlapping CIDR blocks".to_owned()
    }
}
