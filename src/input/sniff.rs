//! Which files and mappings are requests, when nothing declares them.
//!
//! A repository is full of other tools' YAML and JSON (CI configs, Helm
//! charts, `tsconfig.json`); peerlint must stay silent on them. A file that
//! does not parse is a finding only when its text is recognisably a request
//! ([`looks_like_request`]); a mapping without `provider`/`params` is a
//! request when it has a detection key, or when its keys are mostly one
//! rule set's parameters or near misses of them
//! ([`near_request`]: misspelled identifying keys must not make a request
//! silently disappear).

use crate::rules::model::{RuleSet, RuleSets};
use crate::suggest::did_you_mean;

/// Whether `text` shows a detection key of a loaded rule set, or a
/// top-level `params:`, written as a mapping key (`key:` or `"key":`).
pub fn looks_like_request(text: &str, sets: &RuleSets) -> bool {
    // A nested detection key shows as its last step (`request_vpc_info:`).
    let keys = sets
        .sets
        .values()
        .flat_map(|s| s.detect.iter().map(|d| d.rsplit('.').next().unwrap_or(d)));
    keys.chain(std::iter::once("params"))
        .any(|key| written_as_key(text, key))
}

/// Whether `key` occurs in `text` as a mapping key: preceded by the start
/// of a line, whitespace, `{`, `,` or a quote, and followed (after an
/// optional closing quote and spaces) by `:`.
fn written_as_key(text: &str, key: &str) -> bool {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(pos) = text[from..].find(key) {
        let start = from + pos;
        let end = start + key.len();
        from = end;
        let before_ok = start == 0
            || matches!(
                bytes[start - 1],
                b'\n' | b' ' | b'\t' | b'{' | b',' | b'"' | b'\''
            );
        if !before_ok {
            continue;
        }
        let rest = &text[end..];
        let rest = rest.strip_prefix(['"', '\'']).unwrap_or(rest);
        if rest.trim_start_matches([' ', '\t']).starts_with(':') {
            return true;
        }
    }
    false
}

/// How a mapping's keys compare with one rule set's parameters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KeyMatch {
    /// Keys that are declared parameters.
    pub exact: usize,
    /// Keys that are near misses of a declared parameter (did-you-mean).
    pub near: usize,
    /// All keys.
    pub total: usize,
    /// Whether a key is a detection key or a near miss of one.
    pub identifies: bool,
}

impl KeyMatch {
    /// Whether the keys are mostly the set's parameters or near misses of
    /// them (more than half, and at least two).
    pub fn mostly(&self) -> bool {
        let matched = self.exact + self.near;
        matched >= 2 && matched * 2 > self.total
    }
}

/// Compare `keys` with `set`'s parameters and detection keys.
pub fn key_match<'k>(set: &RuleSet, keys: impl Iterator<Item = &'k str>) -> KeyMatch {
    let params: Vec<&str> = set.params.iter().map(|p| p.name.as_str()).collect();
    let detect: Vec<&str> = set.detect.iter().map(String::as_str).collect();
    let mut m = KeyMatch::default();
    for key in keys {
        m.total += 1;
        if params.contains(&key) {
            m.exact += 1;
        } else if did_you_mean(key, params.iter().copied()).is_some() {
            m.near += 1;
        }
        if detect.contains(&key) || did_you_mean(key, detect.iter().copied()).is_some() {
            m.identifies = true;
        }
    }
    m
}

/// The one rule set whose parameters `keys` mostly are, with a detection
/// key or a near miss of one among them (or, with `default`, that set
/// whether or not a detection key is there). `None` when no set, or more
/// than one, fits.
pub fn near_request<'s>(
    sets: &'s RuleSets,
    keys: &[&str],
    default: Option<&str>,
) -> Option<&'s RuleSet> {
    if let Some(set) = default.and_then(|d| sets.get(d)) {
        return key_match(set, keys.iter().copied()).mostly().then_some(set);
    }
    let mut found = sets.sets.values().filter(|set| {
        let m = key_match(set, keys.iter().copied());
        m.identifies && m.mostly()
    });
    match (found.next(), found.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_recognised_only_as_keys() {
        assert!(written_as_key(
            "a: 1\nvpcPeeringName: x\n",
            "vpcPeeringName"
        ));
        assert!(written_as_key(
            "{\"vpcPeeringName\" : \"x\"}",
            "vpcPeeringName"
        ));
        assert!(written_as_key("params:\n  x: 1", "params"));
        assert!(!written_as_key(
            "description: see vpcPeeringName docs",
            "vpcPeeringName"
        ));
        assert!(!written_as_key("myvpcPeeringName: x", "vpcPeeringName"));
        assert!(!written_as_key("", "params"));
    }

    #[test]
    fn mostly_needs_two_keys_and_a_majority() {
        let m = |exact, near, total| KeyMatch {
            exact,
            near,
            total,
            identifies: true,
        };
        assert!(m(1, 1, 3).mostly());
        assert!(!m(1, 0, 1).mostly());
        assert!(!m(2, 0, 4).mostly());
        assert!(m(0, 2, 2).mostly());
    }
}
