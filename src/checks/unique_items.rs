//! `unique-items`: the items of a list must be distinct — whole items, or
//! by a member of each item (`by: Key`: two tags with one key). Reported on
//! each later duplicate, with the first labelled.

use super::{Args, Check, CheckKind, FieldCheck, FieldValue, Finding, FindingLabel, Place, Scope};
use crate::diagnostic::escape_for_message;
use crate::dialect::reader::Reader;
use crate::document::{pointer_segment, Node};

pub const KIND: CheckKind = CheckKind {
    name: "unique-items",
    scope: Scope::Field,
    keys: &["by", "ignore_case"],
    vars: &["duplicate", "index"],
    build,
};

#[derive(Debug)]
struct UniqueItems {
    /// A member of each item to compare by (a dotted path).
    by: Option<Vec<String>>,
    ignore_case: bool,
}

fn build(args: &Args<'_>, r: &mut Reader) -> Option<Check> {
    let by = match args.get("by") {
        Some(n) => Some(r.string(n, "by")?.split('.').map(str::to_owned).collect()),
        None => None,
    };
    let ignore_case = match args.get("ignore_case") {
        Some(n) => r.boolean(n, "ignore_case")?,
        None => false,
    };
    Some(Check::Field(Box::new(UniqueItems { by, ignore_case })))
}

impl UniqueItems {
    /// The node an item is compared by.
    fn key<'n>(&self, item: &'n Node) -> Option<&'n Node> {
        let mut node = item;
        for part in self.by.iter().flatten() {
            node = node.get(part)?;
        }
        node.as_scalar().filter(|s| !s.is_null())?;
        Some(node)
    }
}

impl FieldCheck for UniqueItems {
    fn check(&self, value: &FieldValue<'_>) -> Option<Finding> {
        let items = value.node.as_sequence()?;
        let mut seen: Vec<(String, &Node, usize)> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let Some(key) = self.key(item) else {
                continue;
            };
            let text = key.as_str().unwrap_or_default();
            let compared = if self.ignore_case {
                text.to_ascii_lowercase()
            } else {
                text.to_owned()
            };
            if let Some((_, first, index)) = seen.iter().find(|(t, _, _)| *t == compared) {
                let shown = escape_for_message(text, 64);
                let what = match &self.by {
                    Some(by) => format!("{} `{shown}`", by.join(".")),
                    None => format!("`{shown}`"),
                };
                return Some(Finding {
                    message: format!("{what} appears twice in {}", value.field),
                    help: Some(format!(
                        "keep one item per value (the first is item {})",
                        index + 1
                    )),
                    vars: vec![
                        ("duplicate", text.to_owned()),
                        ("index", (index + 1).to_string()),
                    ],
                    at: Some((
                        self.by
                            .iter()
                            .flatten()
                            .fold(format!("{}/{i}", value.pointer), |pointer, part| {
                                format!("{pointer}/{}", pointer_segment(part))
                            }),
                        Place::Here(key.span),
                    )),
                    labels: vec![FindingLabel::here(first.span, "first used here")],
                    ..Finding::default()
                });
            }
            seen.push((compared, key, i));
        }
        None
    }

    fn summary(&self) -> String {
        match &self.by {
            Some(by) => format!("no two items with the same {}", by.join(".")),
            None => "no two equal items".to_owned(),
        }
    }

    fn checks_containers(&self) -> bool {
        true
    }
}
