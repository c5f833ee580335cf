//! `reverse-peering`: where each side creates its own half of a peering (no
//! accept step: the provider wants both directions), a request A→B stays `Initiated` until B→A
//! exists. Notes requests whose reverse is neither requested nor listed as
//! existing — only when the run knows B (it requests a peering of its own,
//! or an inventory lists it): a run that sees one side alone cannot tell.

use crate::store::{Sym, Val};

use super::args::param_pair;
use super::{Args, Check, CheckKind, CrossDocCheck, CrossDocInput, Finding, Scope};
use crate::dialect::reader::Reader;

pub const KIND: CheckKind = CheckKind {
    name: "reverse-peering",
    scope: Scope::CrossDocument,
    keys: &["sides"],
    vars: &["first", "second"],
    build,
};

#[derive(Debug)]
struct ReversePeering {
    sides: [String; 2],
}

fn build(args: &Args<'_>, r: &mut Reader) -> Option<Check> {
    let sides = param_pair(args, "sides", r, "reverse-peering")?;
    Some(Check::CrossDocument(Box::new(ReversePeering { sides })))
}

impl CrossDocCheck for ReversePeering {
    fn check(&self, input: &CrossDocInput<'_>) -> Vec<Finding> {
        let (k0, k1) = (input.key(&self.sides[0]), input.key(&self.sides[1]));
        let canonical = |v: Val| input.facts.canonical(v.value);
        // Sorted lists rather than hash sets: a million requests make a
        // million pairs.
        let mut present: Vec<(Sym, Sym)> = Vec::new();
        // The VPCs the run knows: requesters of its requests, and VPCs of
        // the inventories.
        let mut known: Vec<Sym> = Vec::new();
        for (_, p) in input.existing() {
            let (a, b) = (input.peering_param(p, k0), input.peering_param(p, k1));
            if let (Some(a), Some(b)) = (a, b) {
                present.push((canonical(a), canonical(b)));
            }
            known.extend(a.into_iter().chain(b).map(canonical));
        }
        for inventory in input.inventories {
            for vpc in input.store.inventory_facts(inventory) {
                known.push(canonical(vpc.id));
            }
        }
        for i in 0..input.requests.len() {
            let a = input.param(i, k0);
            if let (Some(a), Some(b)) = (a, input.param(i, k1)) {
                present.push((canonical(a), canonical(b)));
            }
            if let Some(a) = a {
                known.push(canonical(a));
            }
        }
        present.sort_unstable();
        present.dedup();
        known.sort_unstable();
        known.dedup();
        let mut out = Vec::new();
        for (i, a, b) in input.peerings(&self.sides) {
            let reverse = (canonical(b), canonical(a));
            if known.binary_search(&reverse.0).is_err() || present.binary_search(&reverse).is_ok() {
                continue;
            }
            let (an, bn) = (input.text(a.value), input.text(b.value));
            out.push(Finding {
                message: format!(
                    "no reverse peering {bn} → {an}: this one stays Initiated until it exists"
                ),
                help: Some(format!(
                    "the owner of {bn} must create the peering {bn} → {an} too"
                )),
                vars: vec![("first", an.to_owned()), ("second", bn.to_owned())],
                ..Finding::on(i, b.at)
            });
        }
        out
    }

    fn vpc_keys(&self) -> Vec<&str> {
        self.sides.iter().map(String::as_str).collect()
    }

    fn summary(&self) -> String {
        "the reverse peering is requested or exists, when the run knows the remote VPC (else the peering stays Initiated)".to_owned()
    }
}
