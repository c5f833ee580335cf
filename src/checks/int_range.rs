//! `int-range`: a value must be a decimal integer within `min`..=`max`.

use super::{Args, Check, CheckKind, FieldCheck, FieldValue, Finding, Scope};
use crate::diagnostic::escape_for_message;
use crate::dialect::reader::Reader;

pub const KIND: CheckKind = CheckKind {
    name: "int-range",
    scope: Scope::Field,
    keys: &["min", "max"],
    vars: &["min", "max", "fix"],
    build,
};

#[derive(Debug)]
struct IntRange {
    min: Option<i64>,
    max: Option<i64>,
}

fn build(args: &Args<'_>, r: &mut Reader) -> Option<Check> {
    let (min, max) = args.bounds(r, "int-range", Reader::integer)?;
    Some(Check::Field(Box::new(IntRange { min, max })))
}

impl FieldCheck for IntRange {
    fn check(&self, value: &FieldValue<'_>) -> Option<Finding> {
        let range = self.summary();
        let shown = escape_for_message(value.text, 64);
        let vars = |fix: String| {
            vec![
                ("min", self.min.map_or_else(String::new, |n| n.to_string())),
                ("max", self.max.map_or_else(String::new, |n| n.to_string())),
                ("fix", fix),
            ]
        };
        let Ok(number) = value.text.trim().parse::<i128>() else {
            return Some(Finding {
                message: format!("{} `{shown}` is not an integer; {range}", value.field),
                help: Some("write a decimal integer".to_owned()),
                vars: vars(String::new()),
                ..Finding::default()
            });
        };
        let clamped = match (self.min, self.max) {
            (Some(lo), _) if number < i128::from(lo) => lo,
            (_, Some(hi)) if number > i128::from(hi) => hi,
            _ => return None,
        };
        Some(Finding {
            message: format!("{} is {number}; {range}", value.field),
            help: Some(format!("use a value in range, e.g. {clamped}")),
            vars: vars(clamped.to_string()),
            ..Finding::default()
        })
    }

    fn summary(&self) -> String {
        match (self.min, self.max) {
            (Some(lo), Some(hi)) => format!("an integer from {lo} to {hi}"),
            (Some(lo), None) => format!("an integer of at least {lo}"),
            (None, Some(hi)) => format!("an integer of at most {hi}"),
            (None, None) => "an integer".to_owned(),
        }
    }
}
