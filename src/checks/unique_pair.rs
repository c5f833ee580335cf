//! `unique-pair`: at most one peering per pair of VPCs, counting the
//! existing peerings of inventories. With `ordered: true` (where each
//! side creates its own half) A→B and B→A are different pairs; with
//! `ordered: false` (one peering connects both ways) they are the same.

use super::args::param_pair;
use super::{Args, Check, CheckKind, CrossDocCheck, CrossDocInput, Finding, FindingLabel, Scope};
use crate::dialect::reader::Reader;
use crate::store::{At, Sym, Val};

pub const KIND: CheckKind = CheckKind {
    name: "unique-pair",
    scope: Scope::CrossDocument,
    keys: &["sides", "ordered"],
    vars: &["first", "second"],
    build,
};

#[derive(Debug)]
struct UniquePair {
    sides: [String; 2],
    ordered: bool,
}

fn build(args: &Args<'_>, r: &mut Reader) -> Option<Check> {
    let sides = param_pair(args, "sides", r, "unique-pair")?;
    let ordered = match args.get("ordered") {
        Some(n) => r.boolean(n, "ordered")?,
        None => true,
    };
    Some(Check::CrossDocument(Box::new(UniquePair {
        sides,
        ordered,
    })))
}

impl CrossDocCheck for UniquePair {
    fn check(&self, input: &CrossDocInput<'_>) -> Vec<Finding> {
        let (k0, k1) = (input.key(&self.sides[0]), input.key(&self.sides[1]));
        let key = |a: Val, b: Val| {
            let (a, b) = (
                input.facts.canonical(a.value),
                input.facts.canonical(b.value),
            );
            if self.ordered || a <= b {
                (a, b)
            } else {
                (b, a)
            }
        };
        // Every pair with its place in the order (existing peerings first,
        // then requests): sorted, each later occurrence is a duplicate.
        let mut existing: Vec<At> = Vec::new();
        let mut pairs: Vec<(Sym, Sym, u32)> = Vec::new();
        for (_, peering) in input.existing() {
            if let (Some(a), Some(b)) = (
                input.peering_param(peering, k0),
                input.peering_param(peering, k1),
            ) {
                let (x, y) = key(a, b);
                pairs.push((x, y, existing.len() as u32));
                existing.push(a.at);
            }
        }
        let base = existing.len() as u32;
        for (i, a, b) in input.peerings(&self.sides) {
            let (x, y) = key(a, b);
            pairs.push((x, y, base + i as u32));
        }
        pairs.sort_unstable();
        let mut out = Vec::new();
        for group in pairs.chunk_by(|p, q| (p.0, p.1) == (q.0, q.1)) {
            let first = group[0].2;
            let (earlier, is_existing) = if first < base {
                (existing[first as usize], true)
            } else {
                let i = (first - base) as usize;
                match input.param(i, k0) {
                    Some(a) => (a.at, false),
                    None => continue,
                }
            };
            for &(_, _, order) in &group[1..] {
                // Duplicates among existing peerings are not this run's.
                if order < base {
                    continue;
                }
                let i = (order - base) as usize;
                let (Some(a), Some(b)) = (input.param(i, k0), input.param(i, k1)) else {
                    continue;
                };
                let what = if is_existing {
                    "already exists"
                } else {
                    "is requested twice"
                };
                let arrow = if self.ordered { "→" } else { "↔" };
                let (an, bn) = (input.text(a.value), input.text(b.value));
                out.push(Finding {
                    message: format!("a peering {an} {arrow} {bn} {what}"),
                    help: Some(if is_existing {
                        "drop this request: the peering exists (see the inventory)".to_owned()
                    } else {
                        "keep one request per pair of VPCs".to_owned()
                    }),
                    vars: vec![("first", an.to_owned()), ("second", bn.to_owned())],
                    label: Some("the same pair again".to_owned()),
                    labels: vec![FindingLabel::at(
                        earlier,
                        if is_existing {
                            "existing peering"
                        } else {
                            "first requested here"
                        },
                    )],
                    ..Finding::on(i, b.at)
                });
            }
        }
        out
    }

    fn vpc_keys(&self) -> Vec<&str> {
        self.sides.iter().map(String::as_str).collect()
    }

    fn summary(&self) -> String {
        let order = if self.ordered {
            "ordered"
        } else {
            "in either direction"
        };
        format!("one peering per pair of VPCs ({order}), counting existing peerings")
    }
}
