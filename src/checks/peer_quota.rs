//! `peer-quota`: at most `max` peer VPCs per VPC. A VPC's peers are the
//! distinct VPCs it is paired with on either side; inventory peerings count
//! first, then requests in file and document order. The finding is on each
//! request that takes a VPC over the quota, with the first peers counted
//! labelled.

use rustc_hash::FxHashMap as HashMap;

use super::args::param_pair;
use super::{Args, Check, CheckKind, CrossDocCheck, CrossDocInput, Finding, FindingLabel, Scope};
use crate::dialect::reader::Reader;
use crate::store::{At, Sym, Val};

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

impl PeerQuota {
    /// Every counted peering in order (existing first, when they count,
    /// then requests): `(request index, vpc, peer, where)`, each side
    /// counted as the kind says.
    fn counted<'a>(
        &'a self,
        input: &'a CrossDocInput<'_>,
    ) -> impl Iterator<Item = (Option<usize>, Sym, Sym, Val)> + 'a {
        let (k0, k1) = (input.key(&self.sides[0]), input.key(&self.sides[1]));
        let existing =
            input
                .existing()
                .filter(|_| self.count_existing)
                .filter_map(move |(_, p)| {
                    let (a, b) = (input.peering_param(p, k0)?, input.peering_param(p, k1)?);
                    Some((None, a, b, a, a))
                });
        let requests = input
            .peerings(&self.sides)
            .map(|(i, a, b)| (Some(i), a, b, a, b));
        existing
            .chain(requests)
            .flat_map(move |(i, a, b, at_a, at_b)| {
                let (ca, cb) = (
                    input.facts.canonical(a.value),
                    input.facts.canonical(b.value),
                );
                let both = (ca != cb).then_some([(i, ca, cb, at_a), (i, cb, ca, at_b)]);
                both.into_iter().flat_map(move |sides| {
                    sides.into_iter().take(if self.first_only { 1 } else { 2 })
                })
            })
    }
}

impl CrossDocCheck for PeerQuota {
    fn check(&self, input: &CrossDocInput<'_>) -> Vec<Finding> {
        // First pass, in little memory: which VPCs have more distinct peers
        // than the quota.
        let mut edges: Vec<u64> = self
            .counted(input)
            .map(|(_, vpc, peer, _)| (u64::from(vpc) << 32) | u64::from(peer))
            .collect();
        edges.sort_unstable();
        edges.dedup();
        let mut over: Vec<Sym> = edges
            .chunk_by(|a, b| a >> 32 == b >> 32)
            .filter(|group| group.len() > self.max)
            .map(|group| (group[0] >> 32) as Sym)
            .collect();
        drop(edges);
        over.sort_unstable();
        if over.is_empty() {
            return Vec::new();
        }
        // Second pass, over those VPCs only: count in order and report each
        // request that takes one over the quota.
        let mut peers: HashMap<Sym, Vec<(Sym, At)>> = HashMap::default();
        let mut out = Vec::new();
        for (request, vpc, peer, at) in self.counted(input) {
            if over.binary_search(&vpc).is_err() {
                continue;
            }
            let list = peers.entry(vpc).or_default();
            if list.iter().any(|(p, _)| *p == peer) {
                continue;
            }
            list.push((peer, at.at));
            let count = list.len();
            let Some(i) = request.filter(|_| count > self.max) else {
                continue;
            };
            let vn = input.text(at.value);
            let labels = list
                .iter()
                .take(SHOWN)
                .map(|(p, where_)| {
                    FindingLabel::at(*where_, format!("{vn} peers with {}", input.text(*p)))
                })
                .collect();
            out.push(Finding {
                message: format!(
                    "{vn} would have {count} peer VPCs; the quota is {}",
                    self.max
                ),
                help: Some("ask the provider for a higher quota; if it was raised, set this rule's `max` with an `override` (existing peerings count first, then requests in file order)".to_owned()),
                vars: vec![("vpc", vn.to_owned()), ("max", self.max.to_string()), ("count", count.to_string())],
                label: Some(format!("peer number {count}")),
                labels,
                ..Finding::on(i, at.at)
            });
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
