//! Typed reading of YAML data files (rule files, config) from the node tree.
//!
//! Unlike serde, a [`Reader`] does not stop at the first problem: every
//! unknown key, wrong type or bad value is recorded with its span and the
//! reader carries on, so a broken file is reported whole.

use crate::document::{Node, NodeKind, Span};
use crate::suggest::hint;

/// A problem in a data file, at a span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub span: Span,
    pub message: String,
}

/// Collects problems while reading.
#[derive(Debug, Default)]
pub struct Reader {
    pub problems: Vec<Problem>,
    /// Compile regexes when first used, not when read (a built-in rule
    /// file's: see [`crate::dialect::regex::Regex`]).
    pub lazy_regex: bool,
}

impl Reader {
    /// Record a problem at `span`.
    pub fn error(&mut self, span: Span, message: impl Into<String>) {
        self.problems.push(Problem {
            span,
            message: message.into(),
        });
    }

    /// The entries of a mapping, checking every key against `allowed`.
    /// Returns `(key, value)` pairs of the known keys; reports unknown and
    /// duplicate keys.
    pub fn mapping<'n>(
        &mut self,
        node: &'n Node,
        what: &str,
        allowed: &[&str],
    ) -> Vec<(&'n str, &'n Node)> {
        let Some(entries) = node.as_mapping() else {
            self.error(
                node.span,
                format!("{what} must be a mapping, found {}", node.type_name()),
            );
            return Vec::new();
        };
        let mut out: Vec<(&str, &Node)> = Vec::new();
        for entry in entries {
            let Some(key) = entry.key.as_str() else {
                self.error(entry.key.span, format!("keys of {what} must be strings"));
                continue;
            };
            if out.iter().any(|(k, _)| *k == key) {
                self.error(entry.key.span, format!("duplicate key `{key}` in {what}"));
                continue;
            }
            if !allowed.is_empty() && !allowed.contains(&key) {
                let suggestion = hint(key, allowed.iter().copied());
                self.error(
                    entry.key.span,
                    format!(
                        "unknown key `{key}` in {what}{suggestion} (known: {})",
                        allowed.join(", ")
                    ),
                );
                continue;
            }
            out.push((key, &entry.value));
        }
        out
    }

    /// A mapping's entries with any keys (for maps keyed by name).
    pub fn any_mapping<'n>(
        &mut self,
        node: &'n Node,
        what: &str,
    ) -> Vec<(&'n str, &'n Node, Span)> {
        let Some(entries) = node.as_mapping() else {
            self.error(
                node.span,
                format!("{what} must be a mapping, found {}", node.type_name()),
            );
            return Vec::new();
        };
        let mut out: Vec<(&str, &Node, Span)> = Vec::new();
        for entry in entries {
            match entry.key.as_str() {
                Some(key) if out.iter().any(|(k, _, _)| *k == key) => {
                    self.error(entry.key.span, format!("duplicate key `{key}` in {what}"))
                }
                Some(key) => out.push((key, &entry.value, entry.key.span)),
                None => self.error(entry.key.span, format!("keys of {what} must be strings")),
            }
        }
        out
    }

    /// A string scalar.
    pub fn string(&mut self, node: &Node, what: &str) -> Option<String> {
        match &node.kind {
            NodeKind::Scalar(s) if !s.is_null() => Some(s.value.clone()),
            _ => {
                self.error(
                    node.span,
                    format!("{what} must be a string, found {}", node.type_name()),
                );
                None
            }
        }
    }

    /// A boolean scalar (`true` / `false`).
    pub fn boolean(&mut self, node: &Node, what: &str) -> Option<bool> {
        match node.as_str() {
            Some("true") => Some(true),
            Some("false") => Some(false),
            _ => {
                self.error(node.span, format!("{what} must be true or false"));
                None
            }
        }
    }

    /// A non-negative integer scalar.
    pub fn unsigned(&mut self, node: &Node, what: &str) -> Option<u64> {
        match node.as_str().and_then(|s| s.parse::<u64>().ok()) {
            Some(n) => Some(n),
            None => {
                self.error(node.span, format!("{what} must be a non-negative integer"));
                None
            }
        }
    }

    /// An integer scalar (may be negative).
    pub fn integer(&mut self, node: &Node, what: &str) -> Option<i64> {
        match node.as_str().and_then(|s| s.parse::<i64>().ok()) {
            Some(n) => Some(n),
            None => {
                self.error(node.span, format!("{what} must be an integer"));
                None
            }
        }
    }

    /// A list of strings; a single string is accepted as a one-element list.
    pub fn strings(&mut self, node: &Node, what: &str) -> Vec<(String, Span)> {
        match &node.kind {
            NodeKind::Sequence(items) => items
                .iter()
                .filter_map(|item| self.string(item, what).map(|s| (s, item.span)))
                .collect(),
            NodeKind::Scalar(_) => self
                .string(node, what)
                .map(|s| vec![(s, node.span)])
                .unwrap_or_default(),
            NodeKind::Mapping(_) => {
                self.error(
                    node.span,
                    format!("{what} must be a string or a list of strings"),
                );
                Vec::new()
            }
        }
    }

    /// The items of a list.
    pub fn list<'n>(&mut self, node: &'n Node, what: &str) -> &'n [Node] {
        match node.as_sequence() {
            Some(items) => items,
            None => {
                self.error(
                    node.span,
                    format!("{what} must be a list, found {}", node.type_name()),
                );
                &[]
            }
        }
    }
}
