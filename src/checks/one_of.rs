//! `one-of`: a value must be one of a list (or of the provider's region
//! table with `values_from: regions`), with a did-you-mean suggestion.

use super::{Args, Check, CheckKind, FieldCheck, FieldValue, Finding, Scope};
use crate::diagnostic::escape_for_message;
use crate::dialect::reader::Reader;
use crate::fix::Fix;
use crate::suggest::did_you_mean;

pub const KIND: CheckKind = CheckKind {
    name: "one-of",
    scope: Scope::Field,
    keys: &["values", "values_from", "ignore_case"],
    vars: &["expected", "suggestion", "fix"],
    build,
};

#[derive(Debug)]
struct OneOf {
    values: Vec<String>,
    ignore_case: bool,
}

fn build(args: &Args<'_>, r: &mut Reader) -> Option<Check> {
    let mut values: Vec<String> = args
        .get("values")
        .map(|n| r.strings(n, "values").into_iter().map(|(s, _)| s).collect())
        .unwrap_or_default();
    if let Some(node) = args.get("values_from") {
        match node.as_str() {
            Some("regions") => values.extend(args.regions.all_names().map(str::to_owned)),
            _ => {
                r.error(node.span, "values_from must be `regions`");
                return None;
            }
        }
    }
    if values.is_empty() {
        r.error(
            args.rule_span,
            "check `one-of` needs `values` or `values_from: regions` (with regions declared)",
        );
        return None;
    }
    let ignore_case = match args.get("ignore_case") {
        Some(n) => r.boolean(n, "ignore_case")?,
        None => false,
    };
    Some(Check::Field(Box::new(OneOf {
        values,
        ignore_case,
    })))
}

impl FieldCheck for OneOf {
    fn check(&self, value: &FieldValue<'_>) -> Option<Finding> {
        let known = self.values.iter().any(|v| {
            if self.ignore_case {
                v.eq_ignore_ascii_case(value.text)
            } else {
                v == value.text
            }
        });
        if known {
            return None;
        }
        let suggestion = did_you_mean(value.text, self.values.iter().map(String::as_str));
        let expected = self.expected();
        let shown = escape_for_message(value.text, 64);
        let help = match suggestion {
            Some(s) => format!("did you mean `{s}`? Known: {expected}"),
            None => format!("known: {expected}"),
        };
        Some(Finding {
            message: format!("{} `{shown}` is not one of the known values", value.field),
            help: Some(help),
            vars: vec![
                ("expected", expected),
                ("suggestion", suggestion.unwrap_or("").to_owned()),
                ("fix", suggestion.unwrap_or("").to_owned()),
            ],
            fix: suggestion
                .and_then(|s| Fix::unsafe_(format!("write `{s}`"), vec![value.text_edit(s)?])),
            ..Finding::default()
        })
    }

    fn summary(&self) -> String {
        format!("one of {}", self.expected())
    }

    fn json_schema(&self, schema: &mut serde_json::Map<String, serde_json::Value>) {
        if !self.ignore_case {
            schema.insert("enum".into(), self.values.clone().into());
        }
    }
}

impl OneOf {
    fn expected(&self) -> String {
        const SHOWN: usize = 12;
        let mut list: Vec<String> = self
            .values
            .iter()
            .take(SHOWN)
            .map(|v| format!("`{v}`"))
            .collect();
        if self.values.len() > SHOWN {
            list.push(format!("… ({} in all)", self.values.len()));
        }
        list.join(", ")
    }
}
