//! `cidr-overlap`: the CIDR blocks of the two VPCs of a request must not
//! overlap. The VPCs' blocks come from every source of VPC facts — the
//! request's own `vpcs`, other documents, inventories — so this is a
//! cross-document kind. The finding sits on a block stated in the request
//! itself when there is one, else on the second VPC id; both blocks are
//! labelled wherever they are.

use super::args::param_pair;
use super::{Args, Check, CheckKind, CrossDocCheck, CrossDocInput, Finding, FindingLabel, Scope};
use crate::dialect::reader::Reader;
use crate::store::{At, Req, Store};

pub const KIND: CheckKind = CheckKind {
    name: "cidr-overlap",
    scope: Scope::CrossDocument,
    keys: &["sides"],
    vars: &["first", "second", "first_cidr", "second_cidr"],
    build,
};

#[derive(Debug)]
struct CidrOverlap {
    sides: [String; 2],
}

fn build(args: &Args<'_>, r: &mut Reader) -> Option<Check> {
    let sides = param_pair(args, "sides", r, "cidr-overlap")?;
    Some(Check::CrossDocument(Box::new(CidrOverlap { sides })))
}

/// Whether a value at `at` was stated by request `req` itself.
pub fn stated_by(store: &Store, at: &At, req: &Req) -> bool {
    store.file_and_document(*at) == (req.file, req.document)
}

impl CrossDocCheck for CidrOverlap {
    fn check(&self, input: &CrossDocInput<'_>) -> Vec<Finding> {
        let mut out = Vec::new();
        for (i, a, b) in input.peerings(&self.sides) {
            let req = &input.store.requests[input.requests[i] as usize];
            let (Some(fa), Some(fb)) = (input.facts.get(a.value), input.facts.get(b.value)) else {
                continue;
            };
            let (Some(xs), Some(ys)) = (fa.cidrs, fb.cidrs) else {
                continue;
            };
            let hit = xs.iter().find_map(|x| {
                ys.iter()
                    .find(|y| x.net.contains(&y.net) || y.net.contains(&x.net))
                    .map(|y| (x, y))
            });
            let Some((x, y)) = hit else { continue };
            let (an, bn) = (input.text(a.value), input.text(b.value));
            let x_label = FindingLabel::at(x.at, format!("{} of {an}", x.net));
            let y_label = FindingLabel::at(y.at, format!("{} of {bn}", y.net));
            let (at, label, labels) = if stated_by(input.store, &y.at, req) {
                (y.at, Some(y_label.message), vec![x_label])
            } else if stated_by(input.store, &x.at, req) {
                (x.at, Some(x_label.message), vec![y_label])
            } else {
                (b.at, None, vec![x_label, y_label])
            };
            out.push(Finding {
                message: format!(
                    "the address blocks of {an} ({}) and {bn} ({}) overlap",
                    x.net, y.net
                ),
                help: Some(
                    "peer only VPCs whose CIDR blocks are disjoint, or re-address one of them"
                        .to_owned(),
                ),
                vars: vec![
                    ("first", an.to_owned()),
                    ("second", bn.to_owned()),
                    ("first_cidr", x.net.to_string()),
                    ("second_cidr", y.net.to_string()),
                ],
                label,
                labels,
                ..Finding::on(i, at)
            });
        }
        out
    }

    fn vpc_keys(&self) -> Vec<&str> {
        self.sides.iter().map(String::as_str).collect()
    }

    fn summary(&self) -> String {
        format!(
            "the CIDR blocks of {} and {} must not overlap",
            self.sides[0], self.sides[1]
        )
    }
}
