//! `forbidden`: a member that must not be written — read-only members the
//! service sets, deprecated members, members not allowed here (with
//! `when`/`unless`). Any present value the target reaches is reported, at
//! the value; lists and mappings too. The fix removes nothing (whether to
//! drop or replace it is the writer's choice).

use super::{Args, Check, CheckKind, FieldCheck, FieldValue, Finding, Scope};
use crate::dialect::reader::Reader;

pub const KIND: CheckKind = CheckKind {
    name: "forbidden",
    scope: Scope::Field,
    keys: &[],
    vars: &[],
    build,
};

#[derive(Debug)]
struct Forbidden;

fn build(_: &Args<'_>, _: &mut Reader) -> Option<Check> {
    Some(Check::Field(Box::new(Forbidden)))
}

impl FieldCheck for Forbidden {
    fn check(&self, value: &FieldValue<'_>) -> Option<Finding> {
        if value.node.is_null() {
            return None;
        }
        Some(Finding {
            message: format!("`{}` should not be set in a request", value.field),
            help: Some(format!("remove `{}`", value.field)),
            ..Finding::default()
        })
    }

    fn summary(&self) -> String {
        "must not be set in a request".to_owned()
    }

    fn checks_containers(&self) -> bool {
        true
    }
}
