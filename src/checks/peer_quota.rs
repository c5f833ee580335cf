//! `peer-quota`: at most `max` peer VPCs per VPC. A VPC's peers are the
//! distinct VPCs it is paired with on either side; inventory peerings count
//! first, then requests in file and document order. The finding is on each
//! request that takes a VPC over the quota, with the first peers counted
//! labelled.

use std::collections::HashMap;

use super::args::param_pair;
use super::{Args, Check, CheckKind, CrossDocCheck, CrossDocInput, Finding, FindingLabel, Scope};
use crate::dialect::reader::Reader;
use crate::facts::Located;

pub const KIND: CheckKind = CheckKind {
    name: "peer-quota",
    scope: Scope::CrossDocument,
    keys: &["sides", "max", "count_sides", "count_existing"],
    vars: &["vpc", "max", "count"],
    build,
};

/// How many earlier peers a finding labels.
const SHOWN: usize = 3;

#[derive(Debug)]
struct PeerQuota {
    sides: [String; 2],
    max: usize,
    /// `count_sides: first`: only peerings a VPC initiates count (a quota
    /// of outstanding requests), and only the first side is reported.
    first_only: bool,
    /// `count_existing: false`: existing peerings of inventories do not count.
    count_existing: bool,
}

fn build(args: &Args<'_>, r: &mut Reader) -> Option<Check> {
    let sides = param_pair(args, "sides", r, "peer-quota")?;
    let node = args.require("max", r, "peer-quota")?;
    let max = r.unsigned(node, "max")? as usize;
    let first_only = match args.get("count_sides").map(|n| (n, n.as_str())) {
        None | Some((_, Some("both"))) => false,
        Some((_, Some("first"))) => true,
        Some((n, _)) => {
            r.error(n.span, "count_sides must be `both` or `first`");
            return None;
        }
    };
    let count_existing = match args.get("count_existing") {
        Some(n) => r.boolean(n, "count_existing")?,
        None => true,
    };
    Some(Check::CrossDocument(Box::new(PeerQuota {
        sides,
        max,
        first_only,
        count_existing,
    })))
}

impl CrossDocCheck for PeerQuota {
    fn check(&self, input: &CrossDocInput<'_>) -> Vec<Finding> {
        // For each VPC: its distinct peers, with where each was counted.
        let mut peers: HashMap<&str, Vec<(&str, &Located<String>)>> = HashMap::new();
        fn add<'a>(
            peers: &mut HashMap<&'a str, Vec<(&'a str, &'a Located<String>)>>,
            vpc: &'a str,
            peer: &'a str,
            at: &'a Located<String>,
        ) -> Option<usize> {
            let list = peers.entry(vpc).or_default();
            if list.iter().any(|(p, _)| *p == peer) {
                return None;
            }
            list.push((peer, at));
            Some(list.len())
        }
        for inventory in input.inventories.iter().filter(|_| self.count_existing) {
            for peering in &inventory.peerings {
                if let (Some(a), Some(b)) =
                    (peering.param(&self.sides[0]), peering.param(&self.sides[1]))
                {
                    let (ca, cb) = (
                        input.facts.canonical(&a.value),
                        input.facts.canonical(&b.value),
                    );
                    if ca != cb {
                        add(&mut peers, ca, cb, a);
                        if !self.first_only {
                            add(&mut peers, cb, ca, a);
                        }
                    }
                }
            }
        }
        let mut out = Vec::new();
        for (i, _, a, b) in input.peerings(&self.sides) {
            let sides: &[_] = if self.first_only {
                &[(a, b, a)]
            } else {
                &[(a, b, a), (b, a, b)]
            };
            for &(vpc, peer, at) in sides {
                let key = input.facts.canonical(&vpc.value);
                let other = input.facts.canonical(&peer.value);
                let Some(count) = add(&mut peers, key, other, at) else {
                    continue;
                };
                if count <= self.max {
                    continue;
                }
                let labels = peers[key]
                    .iter()
                    .take(SHOWN)
                    .map(|(p, where_)| {
                        FindingLabel::at(where_, format!("{} peers with {p}", vpc.value))
                    })
                    .collect();
                out.push(Finding {
                    message: format!(
                        "{} would have {count} peer VPCs; the quota is {}",
                        vpc.value, self.max
                    ),
                    help: Some("ask the provider for a higher quota; if it was raised, set this rule's `max` with an `override` (existing peerings count first, then requests in file order)".to_owned()),
                    vars: vec![("vpc", vpc.value.clone()), ("max", self.max.to_string()), ("count", count.to_string())],
                    label: Some(format!("peer number {count}")),
                    labels,
                                    ..Finding::on(i, vpc)
});
            }
        }
        out
    }

    fn vpc_keys(&self) -> Vec<&str> {
        self.sides.iter().map(String::as_str).collect()
    }

    fn summary(&self) -> String {
        let what = if self.first_only {
            "peerings requested by one VPC"
        } else {
            "peer VPCs per VPC"
        };
        let counting = if self.count_existing {
            "counting existing peerings"
        } else {
            "counting this run's requests only"
        };
        format!("at most {} {what}, {counting}", self.max)
    }
}
