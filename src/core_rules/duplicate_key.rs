//! `peerlint/duplicate-key`: a mapping with the same key twice, reported at
//! the second key with the first labelled. It cannot be switched off.

use rustc_hash::FxHashMap as HashMap;

use super::sink::Sink;
use super::walk::{self, Paths};
use super::CoreRule;
use crate::diagnostic::{escape_for_message, Severity};
use crate::document::{Node, NodeKind, Span};

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
    let mut paths = Paths::new("");
    let mut stack = walk::stack(root);
    while let Some((node, at)) = stack.pop() {
        match &node.kind {
            NodeKind::Mapping(entries) => {
                // Small mappings (nearly all) are searched, not hashed.
                let mut seen: HashMap<&str, Span> = HashMap::default();
                let small = entries.len() <= 16;
                for (n, entry) in entries.iter().enumerate() {
                    let Some(key) = entry.key.as_str() else {
                        continue;
                    };
                    let child = paths.key(at, key);
                    let first = if small {
                        entries[..n]
                            .iter()
                            .find(|e| e.key.as_str() == Some(key))
                            .map(|e| e.key.span)
                    } else {
                        seen.get(key).copied()
                    };
                    if let Some(first) = first {
                        let message = format!("duplicate key `{}`", escape_for_message(key, 64));
                        sink.emit_labelled(
                            &DUPLICATE_KEY,
                            message,
                            Some(
                                "remove one of the two entries; tools disagree on which one wins"
                                    .to_owned(),
                            ),
                            &paths.pointer(child),
                            entry.key.span,
                            vec![(first, "first defined here".to_owned())],
                        );
                    } else if !small {
                        seen.insert(key, entry.key.span);
                    }
                    if !matches!(entry.value.kind, NodeKind::Scalar(_)) {
                        stack.push((&entry.value, child));
                    }
                }
            }
            NodeKind::Sequence(items) => {
                for (i, item) in items.iter().enumerate() {
                    if !matches!(item.kind, NodeKind::Scalar(_)) {
                        let child = paths.index(at, i);
                        stack.push((item, child));
                    }
                }
            }
            NodeKind::Scalar(_) => {}
        }
    }
}
