//! `cidr-overlap`: the CIDR blocks of the two VPCs of a request must not
//! overlap. The VPCs' blocks come from every source of VPC facts — the
//! request's own `vpcs`, other documents, inventories — so this is a
//! cross-document kind. The finding sits on a block stated in the request
//! itself when there is one, else on the second VPC id; both blocks are
//! labelled wherever they are.

use super::args::param_pair;
use super::{Args, Check, CheckKind, CrossDocCheck, CrossDocInput, Finding, FindingLabel, Scope};
use crate::dialect::reader::Reader;
use crate::facts::{Located, RequestFacts};

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

/// Whether `value` was stated by request `req` itself.
pub fn stated_by<T>(value: &Located<T>, req: &RequestFacts) -> bool {
    value.file == req.file && value.document == req.document
}

impl CrossDocCheck for CidrOverlap {
    fn check(&self, input: &CrossDocInput<'_>) -> Vec<Finding> {
        let mut out = Vec::new();
        for (i, req, a, b) in input.peerings(&self.sides) {
            let (Some(fa), Some(fb)) = (input.facts.get(&a.value), input.facts.get(&b.value))
            else {
                continue;
            };
            let (Some(xs), Some(ys)) = (fa.cidrs, fb.cidrs) else {
                continue;
            };
            let hit = xs.iter().find_map(|x| {
                ys.iter()
                    .find(|y| x.value.contains(&y.value) || y.value.contains(&x.value))
                    .map(|y| (x, y))
            });
            let Some((x, y)) = hit else { continue };
            let x_label = FindingLabel::at(x, format!("{} of {}", x.value, a.value));
            let y_label = FindingLabel::at(y, format!("{} of {}", y.value, b.value));
            let (pointer, location, label, labels) = if stated_by(y, req) {
                (
                    y.pointer.clone(),
                    y.location,
                    Some(y_label.message),
                    vec![x_label],
                )
            } else if stated_by(x, req) {
                (
                    x.pointer.clone(),
                    x.location,
                    Some(x_label.message),
                    vec![y_label],
                )
            } else {
                (b.pointer.clone(), b.location, None, vec![x_label, y_label])
            };
            out.push(Finding {
                message: format!(
                    "the address blocks of {} ({}) and {} ({}) overlap",
                    a.value, x.value, b.value, y.value
                ),
                help: Some(
                    "peer only VPCs whose CIDR blocks are disjoint, or re-address one of them"
                        .to_owned(),
                ),
                vars: vec![
                    ("first", a.value.clone()),
                    ("second", b.value.clone()),
                    ("first_cidr", x.value.to_string()),
                    ("second_cidr", y.value.to_string()),
                ],
                label,
                labels,
                ..Finding::placed(i, pointer, &input.requests[i].file, location)
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
