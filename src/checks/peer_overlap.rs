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
use crate::facts::Located;

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
    map: BTreeMap<(u8, u128), (u128, &'a str, &'a Located<IpNet>)>,
    peers: HashSet<&'a str>,
}

impl<'a> Blocks<'a> {
    /// The stored block overlapping `net`, if any.
    fn overlapping(&self, net: &IpNet) -> Option<(&'a str, &'a Located<IpNet>)> {
        let (family, first, last) = range(net);
        if let Some((_, (_, peer, at))) = self.map.range((family, first)..=(family, last)).next() {
            return Some((peer, at));
        }
        let (_, (end, peer, at)) = self.map.range((family, 0)..(family, first)).next_back()?;
        (*end >= first).then_some((*peer, *at))
    }
}

impl CrossDocCheck for PeerOverlap {
    fn check(&self, input: &CrossDocInput<'_>) -> Vec<Finding> {
        let mut blocks: HashMap<&str, Blocks<'_>> = HashMap::new();
        let cidrs_of = |vpc: &str| input.facts.get(vpc).and_then(|f| f.cidrs);
        let mut out = Vec::new();
        let pairs = input
            .inventories
            .iter()
            .flat_map(|inv| inv.peerings.iter())
            .filter_map(|p| Some((None, p.param(&self.sides[0])?, p.param(&self.sides[1])?)))
            .chain(input.requests.iter().enumerate().filter_map(|(i, r)| {
                Some((Some(i), r.param(&self.sides[0])?, r.param(&self.sides[1])?))
            }));
        for (request, a, b) in pairs {
            if a.value == b.value {
                continue;
            }
            for (vpc, peer, peer_at) in [(a, b, b), (b, a, a)] {
                let entry = blocks.entry(input.facts.canonical(&vpc.value)).or_default();
                if !entry.peers.insert(input.facts.canonical(&peer.value)) {
                    continue;
                }
                let Some(cidrs) = cidrs_of(&peer.value) else {
                    continue;
                };
                for cidr in cidrs {
                    match entry.overlapping(&cidr.value) {
                        Some((other, other_at)) => {
                            if let Some(i) = request {
                                out.push(Finding {
                                    message: format!(
                                        "{} would peer with both {} ({}) and {other} ({}), whose blocks overlap",
                                        vpc.value, peer.value, cidr.value, other_at.value
                                    ),
                                    help: Some(format!("{} cannot route to two overlapping blocks: peer with VPCs whose CIDRs are disjoint", vpc.value)),
                                    vars: vec![("vpc", vpc.value.clone()), ("peer", peer.value.clone()), ("other", other.to_owned())],
                                    label: None,
                                    labels: vec![
                                        FindingLabel::at(cidr, format!("{} of {}", cidr.value, peer.value)),
                                        FindingLabel::at(other_at, format!("{} of {other}", other_at.value)),
                                    ],
                                                                    ..Finding::on(i, peer_at)
});
                            }
                            break;
                        }
                        None => {
                            let (family, first, last) = range(&cidr.value);
                            entry
                                .map
                                .insert((family, first), (last, peer.value.as_str(), cidr));
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
