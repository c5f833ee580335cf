//! `peerlint/duplicate-key`: a mapping with the same key twice, reported at
//! the second key with the first labelled. It cannot be switched off.

use rustc_hash::FxHashMap as HashMap;

use super::sink::Sink;
use super::CoreRule;
use crate::diagnostic::{escape_for_message, Severity};
use crate::document::{pointer_segment, Node, NodeKind, Span};

pub static DUPLICATE_KEY: CoreRule = CoreRule {
    id: "peerlint/duplicate-key",
    severity: Severity::Error,
    summary: "a mapping has the same key twice",
    why: "Parsers keep one of the two values (which one differs between tools), so the request sent may not be the one reviewed.",
    fail: include_str!("../../rules/core-examples/duplicate-key.fail.yaml"),
    pass: include_str!("../../rules/core-examples/ok.yaml"),
    fixed: true,
};

/// Report every duplicate key in the request tree, pointing at both keys.
pub fn duplicate_keys(root: &Node, sink: &mut Sink<'_>) {
    let mut stack: Vec<(&Node, String)> = vec![(root, String::new())];
    while let Some((node, pointer)) = stack.pop() {
        match &node.kind {
            NodeKind::Mapping(entries) => {
                let mut seen: HashMap<&str, Span> = HashMap::default();
                for entry in entries {
                    let key_text = entry.key.as_str();
                    if let Some(key) = key_text {
                        let child = format!("{pointer}/{}", pointer_segment(key));
                        if let Some(first) = seen.get(key) {
                            let message =
                                format!("duplicate key `{}`", escape_for_message(key, 64));
                            sink.emit_labelled(
                                &DUPLICATE_KEY,
                                message,
                                Some("remove one of the two entries; tools disagree on which one wins".to_owned()),
                                &child,
                                entry.key.span,
                                vec![(*first, "first defined here".to_owned())],
                            );
                        } else {
                            seen.insert(key, entry.key.span);
                        }
                        stack.push((&entry.value, child));
                    }
                }
            }
            NodeKind::Sequence(items) => {
                for (i, item) in items.iter().enumerate() {
                    stack.push((item, format!("{pointer}/{i}")));
                }
            }
            NodeKind::Scalar(_) => {}
        }
    }
}
