//! `pattern`: a value must match (or, with `mode: must-not-match`, must not
//! match) a regular expression. Rule-file regexes use ASCII `\d`, `\w`, `\s`.

use super::{Args, Check, CheckKind, FieldCheck, FieldValue, Finding, Scope};
use crate::diagnostic::escape_for_message;
use crate::dialect::{compile_regex, reader::Reader};
use crate::fix::Fix;

pub const KIND: CheckKind = CheckKind {
    name: "pattern",
    scope: Scope::Field,
    keys: &["pattern", "mode", "expected"],
    vars: &["pattern", "expected"],
    build,
};

#[derive(Debug)]
struct Pattern {
    source: String,
    regex: crate::dialect::Regex,
    must_match: bool,
    expected: String,
}

fn build(args: &Args<'_>, r: &mut Reader) -> Option<Check> {
    let node = args.require("pattern", r, "pattern")?;
    let source = r.string(node, "pattern")?;
    let regex = compile_regex(&source, node.span, r)?;
    let must_match = match args.get("mode").map(|n| (n, n.as_str())) {
        None | Some((_, Some("must-match"))) => true,
        Some((_, Some("must-not-match"))) => false,
        Some((n, _)) => {
            r.error(n.span, "mode must be must-match or must-not-match");
            return None;
        }
    };
    let expected = match args.get("expected") {
        Some(n) => r.string(n, "expected")?,
        None => format!("/{source}/"),
    };
    Some(Check::Field(Box::new(Pattern {
        source,
        regex,
        must_match,
        expected,
    })))
}

impl FieldCheck for Pattern {
    fn check(&self, value: &FieldValue<'_>) -> Option<Finding> {
        if self.regex.is_match(value.text) == self.must_match {
            return None;
        }
        let shown = escape_for_message(value.text, 64);
        let message = if self.must_match {
            format!("{} `{shown}` is not {}", value.field, self.expected)
        } else {
            format!("{} `{shown}` is {}", value.field, self.expected)
        };
        // An id written in capitals that matches in lowercase: lowercase it.
        let lower = value.text.to_lowercase();
        let fix = (self.must_match && lower != value.text && self.regex.is_match(&lower))
            .then(|| {
                Fix::unsafe_(
                    format!("lowercase it: `{}`", escape_for_message(&lower, 64)),
                    vec![value.text_edit(&lower)?],
                )
            })
            .flatten();
        Some(Finding {
            message,
            help: None,
            fix,
            vars: vec![
                ("pattern", self.source.clone()),
                ("expected", self.expected.clone()),
            ],
            ..Finding::default()
        })
    }

    fn summary(&self) -> String {
        if self.must_match {
            format!("must be {}", self.expected)
        } else {
            format!("flags {}", self.expected)
        }
    }

    fn json_schema(&self, schema: &mut serde_json::Map<String, serde_json::Value>) {
        if self.must_match {
            if let Some(ecma) = crate::dialect::ecma_pattern(&self.source) {
                schema.insert("pattern".into(), ecma.into());
            }
        }
    }
}
