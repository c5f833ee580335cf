//! `distinct`: two fields of a request must differ (a VPC cannot peer with
//! itself). Reported at the second field, with the first labelled. With
//! `compare: vpc` the two values are compared as VPC references, in the
//! canonical form of the set's `vpc_identity` (a network URL and its short
//! path, or a resource id in another case, name the same VPC).

use super::{
    Args, Check, CheckKind, Finding, FindingLabel, Place, RequestCheck, RequestInput, Scope,
};
use crate::diagnostic::escape_for_message;
use crate::dialect::reader::Reader;
use crate::dialect::Target;

pub const KIND: CheckKind = CheckKind {
    name: "distinct",
    scope: Scope::Request,
    keys: &["fields", "compare"],
    vars: &["first", "second"],
    build,
};

#[derive(Debug)]
struct Distinct {
    fields: Vec<Target>,
    /// Compare as VPC references (`compare: vpc`), not as exact text.
    as_vpcs: bool,
}

fn build(args: &Args<'_>, r: &mut Reader) -> Option<Check> {
    let fields = args.targets("fields", 2, r, "distinct")?;
    let as_vpcs = match args.get("compare") {
        None => false,
        Some(node) => match node.as_str() {
            Some("exact") => false,
            Some("vpc") => true,
            _ => {
                r.error(node.span, "compare must be one of exact, vpc");
                return None;
            }
        },
    };
    Some(Check::Request(Box::new(Distinct { fields, as_vpcs })))
}

impl RequestCheck for Distinct {
    fn check(&self, input: &RequestInput<'_>) -> Vec<Finding> {
        let (Some(first), Some(second)) = (
            input.view.scalar(&self.fields[0]),
            input.view.scalar(&self.fields[1]),
        ) else {
            return Vec::new();
        };
        let (a, b) = (
            first.node.as_str().unwrap_or(""),
            second.node.as_str().unwrap_or(""),
        );
        let same = if self.as_vpcs {
            (input.vpc)(a) == (input.vpc)(b)
        } else {
            a == b
        };
        if !same {
            return Vec::new();
        }
        let shown = escape_for_message(a, 64);
        let message = if a == b {
            format!("{} and {} are both `{shown}`", first.field, second.field)
        } else {
            format!(
                "{} and {} name the same VPC (`{shown}` and `{}`)",
                first.field,
                second.field,
                escape_for_message(b, 64)
            )
        };
        vec![Finding {
            message,
            help: Some(format!(
                "{} must name a different VPC than {}",
                second.field, first.field
            )),
            vars: vec![
                ("first", first.field.to_owned()),
                ("second", second.field.to_owned()),
                ("value", a.to_owned()),
            ],
            at: Some((
                second.pointer.as_str().to_owned(),
                Place::Here(second.node.span),
            )),
            labels: vec![FindingLabel::here(
                first.node.span,
                format!("{} is the same", first.field),
            )],
            ..Finding::default()
        }]
    }

    fn summary(&self) -> String {
        format!(
            "{} and {} must {}",
            self.fields[0].text,
            self.fields[1].text,
            if self.as_vpcs {
                "name different VPCs"
            } else {
                "differ"
            }
        )
    }
}
