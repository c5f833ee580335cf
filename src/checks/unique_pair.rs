//! `unique-pair`: at most one peering per pair of VPCs, counting the
//! existing peerings of inventories. With `ordered: true` (where each
//! side creates its own half) A→B and B→A are different pairs; with
//! `ordered: false` (one peering connects both ways) they are the same.

use std::collections::HashMap;

use super::args::param_pair;
use super::{Args, Check, CheckKind, CrossDocCheck, CrossDocInput, Finding, FindingLabel, Scope};
use crate::dialect::reader::Reader;
use crate::facts::Located;

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

impl UniquePair {
    fn key(&self, a: &str, b: &str) -> (String, String) {
        if self.ordered || a <= b {
            (a.to_owned(), b.to_owned())
        } else {
            (b.to_owned(), a.to_owned())
        }
    }
}

impl CrossDocCheck for UniquePair {
    fn check(&self, input: &CrossDocInput<'_>) -> Vec<Finding> {
        let mut seen: HashMap<(String, String), (&Located<String>, bool)> = HashMap::new();
        for inventory in input.inventories {
            for peering in &inventory.peerings {
                if let (Some(a), Some(b)) =
                    (peering.param(&self.sides[0]), peering.param(&self.sides[1]))
                {
                    seen.entry(self.key(
                        input.facts.canonical(&a.value),
                        input.facts.canonical(&b.value),
                    ))
                    .or_insert((a, true));
                }
            }
        }
        let mut out = Vec::new();
        for (i, _, a, b) in input.peerings(&self.sides) {
            let key = self.key(
                input.facts.canonical(&a.value),
                input.facts.canonical(&b.value),
            );
            match seen.get(&key) {
                Some((earlier, existing)) => {
                    let what = if *existing {
                        "already exists"
                    } else {
                        "is requested twice"
                    };
                    let arrow = if self.ordered { "→" } else { "↔" };
                    out.push(Finding {
                        message: format!("a peering {} {arrow} {} {what}", a.value, b.value),
                        help: Some(if *existing {
                            "drop this request: the peering exists (see the inventory)".to_owned()
                        } else {
                            "keep one request per pair of VPCs".to_owned()
                        }),
                        vars: vec![("first", a.value.clone()), ("second", b.value.clone())],
                        label: Some("the same pair again".to_owned()),
                        labels: vec![FindingLabel::at(
                            earlier,
                            if *existing {
                                "existing peering"
                            } else {
                                "first requested here"
                            },
                        )],
                        ..Finding::on(i, b)
                    });
                }
                None => {
                    seen.insert(key, (a, false));
                }
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
