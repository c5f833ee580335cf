//! `cidr-overlap`: the CIDR blocks of the two VPCs of a request (from VPC
//! facts) must not overlap. The finding sits on a block in the request's own
//! file when there is one, else on the second VPC id; both blocks are labelled.

use super::{Args, Check, KindSpec, RequestCheck, RequestInput, Scope, Violation, ViolationLabel};
use crate::request::Located;
use crate::rules::model::Target;
use crate::rules::reader::Reader;

pub const SPEC: KindSpec = KindSpec {
    name: "cidr-overlap",
    scope: Scope::Request,
    keys: &["sides"],
    vars: &["first", "second", "first_cidr", "second_cidr"],
    build,
};

#[derive(Debug)]
struct CidrOverlap {
    sides: Vec<Target>,
}

fn build(args: &Args<'_>, r: &mut Reader) -> Option<Check> {
    let sides = args.targets("sides", 2, r, "cidr-overlap")?;
    Some(Check::Request(Box::new(CidrOverlap { sides })))
}

fn label(cidr: &Located<ipnet::IpNet>, whose: &str) -> ViolationLabel {
    ViolationLabel {
        span: cidr.span,
        file: cidr.file.as_deref().map(str::to_owned),
        message: format!("{} of {whose}", cidr.value),
    }
}

impl RequestCheck for CidrOverlap {
    fn check(&self, input: &RequestInput<'_>) -> Vec<Violation> {
        let (Some(first), Some(second)) = (
            input.view.scalar(&self.sides[0]),
            input.view.scalar(&self.sides[1]),
        ) else {
            return Vec::new();
        };
        let (a_id, b_id) = (
            first.node.as_str().unwrap_or(""),
            second.node.as_str().unwrap_or(""),
        );
        if a_id == b_id {
            return Vec::new();
        }
        let (Some(a), Some(b)) = (input.facts.get(a_id), input.facts.get(b_id)) else {
            return Vec::new();
        };
        for x in &a.cidrs {
            for y in &b.cidrs {
                if !(x.value.contains(&y.value) || y.value.contains(&x.value)) {
                    continue;
                }
                let (at, primary, labels) = if y.file.is_none() {
                    (
                        (y.pointer.clone(), y.span),
                        Some(label(y, b_id).message),
                        vec![label(x, a_id)],
                    )
                } else if x.file.is_none() {
                    (
                        (x.pointer.clone(), x.span),
                        Some(label(x, a_id).message),
                        vec![label(y, b_id)],
                    )
                } else {
                    (
                        (second.pointer.clone(), second.node.span),
                        None,
                        vec![label(x, a_id), label(y, b_id)],
                    )
                };
                return vec![Violation {
                    message: format!(
                        "the address blocks of {a_id} ({}) and {b_id} ({}) overlap",
                        x.value, y.value
                    ),
                    help: Some(
                        "peer only VPCs whose CIDR blocks are disjoint, or re-address one of them"
                            .to_owned(),
                    ),
                    vars: vec![
                        ("first", a_id.to_owned()),
                        ("second", b_id.to_owned()),
                        ("first_cidr", x.value.to_string()),
                        ("second_cidr", y.value.to_string()),
                    ],
                    at: Some(at),
                    label: primary,
                    labels,
                    ..Violation::default()
                }];
            }
        }
        Vec::new()
    }

    fn summary(&self) -> String {
        format!(
            "the CIDR blocks of {} and {} must not overlap",
            self.sides[0].text, self.sides[1].text
        )
    }
}
