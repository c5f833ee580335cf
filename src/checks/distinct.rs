//! `distinct`: two fields of a request must differ (a VPC cannot peer with
//! itself). Reported at the second field, with the first labelled.

use super::{
    Args, Check, CheckKind, Finding, FindingLabel, Place, RequestCheck, RequestInput, Scope,
};
use crate::diagnostic::escape_for_message;
use crate::dialect::reader::Reader;
use crate::dialect::Target;

pub const KIND: CheckKind = CheckKind {
    name: "distinct",
    scope: Scope::Request,
    keys: &["fields"],
    vars: &["first", "second"],
    build,
};

#[derive(Debug)]
struct Distinct {
    fields: Vec<Target>,
}

fn build(args: &Args<'_>, r: &mut Reader) -> Option<Check> {
    let fields = args.targets("fields", 2, r, "distinct")?;
    Some(Check::Request(Box::new(Distinct { fields })))
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
        if a != b {
            return Vec::new();
        }
        let shown = escape_for_message(a, 64);
        vec![Finding {
            message: format!("{} and {} are both `{shown}`", first.field, second.field),
            help: Some(format!(
                "{} must name a different VPC than {}",
                second.field, first.field
            )),
            vars: vec![
                ("first", first.field.to_owned()),
                ("second", second.field.to_owned()),
                ("value", a.to_owned()),
            ],
            at: Some((second.pointer.clone(), Place::Here(second.node.span))),
            labels: vec![FindingLabel::here(
                first.node.span,
                format!("{} is the same", first.field),
            )],
            ..Finding::default()
        }]
    }

    fn summary(&self) -> String {
        format!(
            "{} and {} must differ",
            self.fields[0].text, self.fields[1].text
        )
    }
}
