//! `deny-chars`: characters a value should not contain even though its
//! character set lets them through (a `-` in names, accepted by a console
//! but not listed by its API). Reports the first one found.

use super::{Args, Check, CheckKind, FieldCheck, FieldValue, Finding, Scope};
use crate::diagnostic::{describe_char, escape_for_message};
use crate::dialect::reader::Reader;
use crate::fix::Fix;

pub const KIND: CheckKind = CheckKind {
    name: "deny-chars",
    scope: Scope::Field,
    keys: &["chars", "replace_with"],
    vars: &["char", "where", "fix"],
    build,
};

#[derive(Debug)]
struct DenyChars {
    chars: Vec<char>,
    replace_with: Option<char>,
}

fn build(args: &Args<'_>, r: &mut Reader) -> Option<Check> {
    let node = args.require("chars", r, "deny-chars")?;
    let chars: Vec<char> = r.string(node, "chars")?.chars().collect();
    if chars.is_empty() {
        r.error(
            args.rule_span,
            "check `deny-chars` needs at least one character in `chars`",
        );
        return None;
    }
    let replace_with = args.replacement_char(
        r,
        |c| !chars.contains(&c),
        "one character that is not denied",
    )?;
    Some(Check::Field(Box::new(DenyChars {
        chars,
        replace_with,
    })))
}

impl FieldCheck for DenyChars {
    fn check(&self, value: &FieldValue<'_>) -> Option<Finding> {
        let (index, bad) = value
            .text
            .chars()
            .enumerate()
            .find(|(_, c)| self.chars.contains(c))?;
        let fix: String = value
            .text
            .chars()
            .filter_map(|c| {
                if self.chars.contains(&c) {
                    self.replace_with
                } else {
                    Some(c)
                }
            })
            .collect();
        let described = describe_char(bad);
        let place = value.where_is(index);
        let edits = super::charset::replacement_edits(
            value,
            |c| self.chars.contains(&c),
            self.replace_with,
        );
        Some(Finding {
            message: format!("{} contains {described} {place}", value.field),
            help: Some(format!(
                "write it without {described}, e.g. `{}`",
                escape_for_message(&fix, 80)
            )),
            fix: edits.and_then(|edits| {
                Fix::unsafe_(format!("write `{}`", escape_for_message(&fix, 80)), edits)
            }),
            vars: vec![("char", described), ("where", place), ("fix", fix)],
            narrow: Some(value.char_span(index)),
            ..Finding::default()
        })
    }

    fn summary(&self) -> String {
        let list: Vec<String> = self.chars.iter().map(|c| describe_char(*c)).collect();
        format!("none of {}", list.join(", "))
    }
}
