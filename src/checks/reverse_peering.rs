//! `reverse-peering`: where each side creates its own half of a peering (no
//! accept step: the provider wants both directions), a request A→B stays `Initiated` until B→A
//! exists. Notes requests whose reverse is neither requested nor listed as
//! existing — only when the run knows B (it requests a peering of its own,
//! or an inventory lists it): a run that sees one side alone cannot tell.

use std::collections::HashSet;

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
        let pair = |get: &dyn Fn(&str) -> Option<String>| {
            Some((get(&self.sides[0])?, get(&self.sides[1])?))
        };
        let mut present: HashSet<(String, String)> = HashSet::new();
        for inventory in input.inventories {
            for p in &inventory.peerings {
                present.extend(pair(&|n| {
                    p.param(n)
                        .map(|v| input.facts.canonical(&v.value).to_owned())
                }));
            }
        }
        for req in input.requests {
            present.extend(pair(&|n| {
                req.param(n)
                    .map(|v| input.facts.canonical(&v.value).to_owned())
            }));
        }
        // The VPCs the run knows: requesters of its requests, and VPCs of
        // the inventories.
        let mut known: HashSet<&str> = HashSet::new();
        for req in input.requests {
            if let Some(v) = req.param(&self.sides[0]) {
                known.insert(input.facts.canonical(&v.value));
            }
        }
        for inventory in input.inventories {
            for vpc in &inventory.vpcs {
                known.insert(input.facts.canonical(&vpc.id.value));
            }
            for p in &inventory.peerings {
                for side in &self.sides {
                    if let Some(v) = p.param(side) {
                        known.insert(input.facts.canonical(&v.value));
                    }
                }
            }
        }
        let mut out = Vec::new();
        for (i, _, a, b) in input.peerings(&self.sides) {
            if !known.contains(input.facts.canonical(&b.value)) {
                continue;
            }
            if present.contains(&(
                input.facts.canonical(&b.value).to_owned(),
                input.facts.canonical(&a.value).to_owned(),
            )) {
                continue;
            }
            out.push(Finding {
                message: format!(
                    "no reverse peering {} → {}: this one stays Initiated until it exists",
                    b.value, a.value
                ),
                help: Some(format!(
                    "the owner of {} must create the peering {} → {} too",
                    b.value, b.value, a.value
                )),
                vars: vec![("first", a.value.clone()), ("second", b.value.clone())],
                label: None,
                labels: Vec::new(),
                ..Finding::on(i, b)
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
