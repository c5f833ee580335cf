//! `deny-chars`: characters a value should not contain even though its
//! character set lets them through (JD Cloud's `-` in names: accepted by the
//! console, not listed by the API). Reports the first one found.

use super::{Args, Check, CheckKind, FieldCheck, FieldValue, Scope, Violation};
use crate::diagnostic::{describe_char, escape_for_message};
use crate::dialect::reader::Reader;

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
    let replace_with = match args.get("replace_with") {
        None => None,
        Some(node) => {
            let text = r.string(node, "replace_with")?;
            let mut it = text.chars();
            match (it.next(), it.next()) {
                (Some(c), None) if !chars.contains(&c) => Some(c),
                _ => {
                    r.error(
                        node.span,
                        "replace_with must be one character that is not denied",
                    );
                    return None;
                }
            }
        }
    };
    Some(Check::Field(Box::new(DenyChars {
        chars,
        replace_with,
    })))
}

impl FieldCheck for DenyChars {
    fn check(&self, value: &FieldValue<'_>) -> Option<Violation> {
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
        Some(Violation {
            message: format!("{} contains {described} {place}", value.field),
            help: Some(format!(
                "write it without {described}, e.g. `{}`",
                escape_for_message(&fix, 80)
            )),
            vars: vec![("char", described), ("where", place), ("fix", fix)],
            span: Some(value.char_span(index)),
            ..Violation::default()
        })
    }

    fn summary(&self) -> String {
        let list: Vec<String> = self.chars.iter().map(|c| describe_char(*c)).collect();
        format!("none of {}", list.join(", "))
    }
}
