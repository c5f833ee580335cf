//! `charset`: every character of a value must belong to the named classes or
//! the literal characters given. Reports the first offending character, at
//! its own span, and suggests a corrected value.

use super::{Args, Check, CheckKind, FieldCheck, FieldValue, Finding, Scope};
use crate::diagnostic::{describe_char, escape_for_message};
use crate::dialect::reader::Reader;
use crate::dialect::CharSet;
use crate::fix::{Edit, Fix};

pub const KIND: CheckKind = CheckKind {
    name: "charset",
    scope: Scope::Field,
    keys: &["classes", "chars", "replace_with"],
    vars: &["char", "where", "allowed", "fix"],
    build,
};

#[derive(Debug)]
struct Charset {
    set: CharSet,
    replace_with: Option<char>,
}

fn build(args: &Args<'_>, r: &mut Reader) -> Option<Check> {
    let classes = args
        .get("classes")
        .map(|n| r.strings(n, "classes"))
        .unwrap_or_default();
    let chars = args
        .get("chars")
        .and_then(|n| r.string(n, "chars"))
        .unwrap_or_default();
    if classes.is_empty() && chars.is_empty() {
        r.error(args.rule_span, "check `charset` needs `classes` or `chars`");
        return None;
    }
    let set = args.classes.compile(&classes, &chars, r)?;
    let replace_with =
        args.replacement_char(r, |c| set.contains(c), "one character of the allowed set")?;
    Some(Check::Field(Box::new(Charset { set, replace_with })))
}

/// Edits that replace every character `bad` accepts with `with` (or
/// remove it); `None` when a character's position is not exact, or when
/// nothing would be left.
pub(super) fn replacement_edits(
    value: &FieldValue<'_>,
    bad: impl Fn(char) -> bool,
    with: Option<char>,
) -> Option<Vec<Edit>> {
    let replacement = with.map(String::from).unwrap_or_default();
    let mut kept = 0;
    let mut edits = Vec::new();
    for (i, c) in value.text.chars().enumerate() {
        if bad(c) {
            edits.push(value.char_edit(i, &replacement)?);
            kept += usize::from(with.is_some());
        } else {
            kept += 1;
        }
    }
    (kept > 0).then_some(edits)
}

impl FieldCheck for Charset {
    fn check(&self, value: &FieldValue<'_>) -> Option<Finding> {
        let (index, bad) = value
            .text
            .chars()
            .enumerate()
            .find(|(_, c)| !self.set.contains(*c))?;
        let fix: String = value
            .text
            .chars()
            .filter_map(|c| {
                if self.set.contains(c) {
                    Some(c)
                } else {
                    self.replace_with
                }
            })
            .collect();
        let described = describe_char(bad);
        let place = value.where_is(index);
        let allowed = self.set.describe();
        let fix_edits = replacement_edits(value, |c| !self.set.contains(c), self.replace_with);
        let help = if fix.is_empty() {
            format!("use only {allowed}")
        } else {
            format!(
                "use only {allowed}, e.g. `{}`",
                escape_for_message(&fix, 80)
            )
        };
        Some(Finding {
            message: format!(
                "{} contains {described} {place}; allowed: {allowed}",
                value.field
            ),
            help: Some(help),
            vars: vec![
                ("char", described),
                ("where", place),
                ("allowed", allowed),
                ("fix", fix.clone()),
            ],
            narrow: Some(value.char_span(index)),
            fix: fix_edits.and_then(|edits| {
                Fix::unsafe_(format!("write `{}`", escape_for_message(&fix, 80)), edits)
            }),
            ..Finding::default()
        })
    }

    fn summary(&self) -> String {
        format!("only {}", self.set.describe())
    }

    fn rejects_char(&self, c: char) -> bool {
        !self.set.contains(c)
    }

    fn json_schema(&self, schema: &mut serde_json::Map<String, serde_json::Value>) {
        // `ecma_class` leaves out characters beyond U+FFFF (a pattern without
        // the `u` flag cannot match them whole): then it is not exact.
        if ('\u{10000}'..='\u{10FFFF}').any(|c| self.set.contains(c)) {
            return;
        }
        schema.insert(
            "pattern".into(),
            format!("^{}*$", self.set.ecma_class()).into(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::CharClasses;

    fn schema_of(chars: &str) -> serde_json::Map<String, serde_json::Value> {
        let set = CharClasses::default()
            .compile(&[], chars, &mut Reader::default())
            .expect("compiles");
        let mut schema = serde_json::Map::new();
        Charset {
            set,
            replace_with: None,
        }
        .json_schema(&mut schema);
        schema
    }

    #[test]
    fn the_schema_pattern_is_given_only_when_exact() {
        assert_eq!(schema_of("ab_")["pattern"], "^[\\u005Fa-b]*$");
        // Beyond U+FFFF the class would need the `u` flag: no pattern.
        assert!(schema_of("a😀").is_empty());
    }
}
