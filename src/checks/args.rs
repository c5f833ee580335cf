//! What a check kind's `build` reads, and the readers kinds share: targets,
//! pairs of sides, region sources, `min`/`max` bounds, a replacement character.

use crate::dialect::reader::Reader;
use crate::dialect::{CharClasses, RegionTable, Target};
use crate::document::{Node, Span};

/// What a check kind's `build` reads: its keys, and tables of the rule set.
pub struct Args<'a> {
    pub rule_span: Span,
    pub entries: &'a [(&'a str, &'a Node)],
    pub classes: &'a CharClasses,
    pub regions: &'a RegionTable,
    pub targets: &'a [Target],
    /// The set's declared parameters.
    pub params: &'a [crate::rules::model::FieldSpec],
    /// Parse and validate a target path against the rule set's declared fields.
    pub parse_target: &'a dyn Fn(&Node, &mut Reader) -> Option<Target>,
}

impl<'a> Args<'a> {
    /// The value of key `key`, if given.
    pub fn get(&self, key: &str) -> Option<&'a Node> {
        self.entries
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| *v)
    }

    /// A list of exactly `n` targets under `key`.
    pub fn targets(&self, key: &str, n: usize, r: &mut Reader, kind: &str) -> Option<Vec<Target>> {
        let node = self.require(key, r, kind)?;
        let items = r.list(node, key);
        if items.len() != n {
            r.error(node.span, format!("`{key}` must list exactly {n} targets"));
            return None;
        }
        let parsed: Vec<Target> = items
            .iter()
            .filter_map(|i| (self.parse_target)(i, r))
            .collect();
        (parsed.len() == n).then_some(parsed)
    }

    /// The value of a required key; reports its absence.
    pub fn require(&self, key: &str, r: &mut Reader, kind: &str) -> Option<&'a Node> {
        let found = self.get(key);
        if found.is_none() {
            r.error(self.rule_span, format!("check `{kind}` needs `{key}`"));
        }
        found
    }
}

impl Args<'_> {
    /// Optional bounds `min` and `max`, read with `read` (at least one
    /// given, `min <= max`). A bound that does not read is reported by
    /// `read` alone.
    pub fn bounds<T: PartialOrd + std::fmt::Display + Copy>(
        &self,
        r: &mut Reader,
        kind: &str,
        read: impl Fn(&mut Reader, &Node, &str) -> Option<T>,
    ) -> Option<(Option<T>, Option<T>)> {
        let (min_node, max_node) = (self.get("min"), self.get("max"));
        if min_node.is_none() && max_node.is_none() {
            r.error(
                self.rule_span,
                format!("check `{kind}` needs `min` or `max`"),
            );
            return None;
        }
        let min = match min_node {
            Some(n) => Some(read(r, n, "min")?),
            None => None,
        };
        let max = match max_node {
            Some(n) => Some(read(r, n, "max")?),
            None => None,
        };
        if let (Some(lo), Some(hi)) = (min, max) {
            if lo > hi {
                r.error(
                    min_node.map_or(self.rule_span, |n| n.span),
                    format!("min {lo} is greater than max {hi}"),
                );
                return None;
            }
        }
        Some((min, max))
    }

    /// The optional `replace_with` key: one character that `allowed`
    /// accepts. `None` when it is given but wrong (reported);
    /// `Some(None)` when it is absent.
    pub fn replacement_char(
        &self,
        r: &mut Reader,
        allowed: impl Fn(char) -> bool,
        requirement: &str,
    ) -> Option<Option<char>> {
        let Some(node) = self.get("replace_with") else {
            return Some(None);
        };
        let text = r.string(node, "replace_with")?;
        let mut it = text.chars();
        match (it.next(), it.next()) {
            (Some(c), None) if allowed(c) => Some(Some(c)),
            _ => {
                r.error(node.span, format!("replace_with must be {requirement}"));
                None
            }
        }
    }
}

/// A target of a cross-document kind must be a request parameter.
pub fn param_target(args: &Args<'_>, key: &str, r: &mut Reader) -> Option<String> {
    let node = args.get(key)?;
    let target = (args.parse_target)(node, r)?;
    one_value(&target, node.span, key, r)
}

/// The key a request's facts hold a target's value under (the dotted
/// parameter path, or `derived.<name>`), if it names one value per request.
fn one_value(target: &Target, span: Span, key: &str, r: &mut Reader) -> Option<String> {
    if !(target.is_param() || target.is_derived()) || target.has_each() || target.container {
        r.error(
            span,
            format!("`{key}` must name one value of the request: a `params.` path without `[]`, or `derived.`"),
        );
        return None;
    }
    Some(target.path())
}

/// The optional region sources of a rule: `region_param` (a `params.`
/// target holding the requester's region) and `id_region` (a regex whose
/// first group is a region code inside a VPC id).
pub fn region_sources(
    args: &Args<'_>,
    r: &mut Reader,
) -> Option<(Option<String>, Option<crate::dialect::Regex>)> {
    let region_param = match args.get("region_param") {
        Some(_) => Some(param_target(args, "region_param", r)?),
        None => None,
    };
    let id_region = match args.get("id_region") {
        Some(node) => Some(crate::dialect::compile_capture_regex(node, "id_region", r)?),
        None => None,
    };
    Some((region_param, id_region))
}

/// Two `params.` targets under `key` (the two sides of a peering).
pub fn param_pair(args: &Args<'_>, key: &str, r: &mut Reader, kind: &str) -> Option<[String; 2]> {
    let targets = args.targets(key, 2, r, kind)?;
    let span = args.get(key).map_or(args.rule_span, |n| n.span);
    let first = one_value(&targets[0], span, key, r)?;
    let second = one_value(&targets[1], span, key, r)?;
    Some([first, second])
}
