//! Rule sets: the per-provider data that drives the engine.
//!
//! `rules/<provider>.yaml` files are embedded at build time; `--rules` adds,
//! replaces or extends sets at run time. [`load`] reads them into compiled
//! [`model::RuleSet`]s, reporting every problem of a bad file with its
//! position. This module also holds the tables rule files share: character
//! classes and the ASCII-only regex dialect.

pub mod load;
pub mod model;
pub mod reader;

use std::collections::BTreeMap;

use crate::diagnostic::describe_char;
use crate::document::Span;
use reader::Reader;

pub use load::{load, LoadError, LoadOptions, Loaded};

/// A set of characters as sorted, merged inclusive ranges, with a description.
#[derive(Debug, Clone, Default)]
pub struct CharSet {
    ranges: Vec<(char, char)>,
    parts: Vec<String>,
}

impl CharSet {
    /// Whether `c` is in the set.
    pub fn contains(&self, c: char) -> bool {
        self.ranges
            .binary_search_by(|&(lo, hi)| {
                if hi < c {
                    std::cmp::Ordering::Less
                } else if lo > c {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_ok()
    }

    /// `Chinese characters (U+4E00–U+9FA5), ASCII letters, digits and '_'`.
    pub fn describe(&self) -> String {
        match self.parts.as_slice() {
            [] => "nothing".to_owned(),
            [one] => one.clone(),
            [init @ .., last] => format!("{} and {last}", init.join(", ")),
        }
    }

    /// The set as an ECMA-262 character class, `[...]`.
    pub fn ecma_class(&self) -> String {
        let mut out = String::from("[");
        let esc = |c: char| {
            if c.is_ascii_alphanumeric() {
                c.to_string()
            } else {
                format!("\\u{:04X}", c as u32)
            }
        };
        for &(lo, hi) in &self.ranges {
            if (hi as u32) > 0xFFFF {
                // Astral ranges need the `u` flag; JSON Schema patterns may lack it.
                continue;
            }
            if lo == hi {
                out.push_str(&esc(lo));
            } else {
                out.push_str(&format!("{}-{}", esc(lo), esc(hi)));
            }
        }
        out.push(']');
        out
    }

    fn add(&mut self, lo: char, hi: char) {
        self.ranges.push((lo, hi));
    }

    fn normalize(&mut self) {
        self.ranges.sort_unstable();
        let mut merged: Vec<(char, char)> = Vec::with_capacity(self.ranges.len());
        for &(lo, hi) in &self.ranges {
            match merged.last_mut() {
                Some(last) if (last.1 as u32) + 1 >= lo as u32 => last.1 = last.1.max(hi),
                _ => merged.push((lo, hi)),
            }
        }
        self.ranges = merged;
    }
}

/// A named class: its ranges and its description for messages.
#[derive(Debug, Clone)]
pub struct CharClass {
    pub ranges: Vec<(char, char)>,
    pub description: String,
}

/// Named character classes: built-in ones plus those a rule file declares.
#[derive(Debug, Clone)]
pub struct CharClasses {
    pub classes: BTreeMap<String, CharClass>,
}

impl Default for CharClasses {
    fn default() -> Self {
        let mut classes = BTreeMap::new();
        let mut add = |name: &str, ranges: &[(char, char)], description: &str| {
            classes.insert(
                name.to_owned(),
                CharClass {
                    ranges: ranges.to_vec(),
                    description: description.to_owned(),
                },
            );
        };
        add("ascii-letter", &[('A', 'Z'), ('a', 'z')], "ASCII letters");
        add("ascii-upper", &[('A', 'Z')], "ASCII capital letters");
        add("ascii-lower", &[('a', 'z')], "ASCII lowercase letters");
        add("ascii-digit", &[('0', '9')], "digits");
        add(
            "ascii-alphanumeric",
            &[('0', '9'), ('A', 'Z'), ('a', 'z')],
            "ASCII letters and digits",
        );
        add("ascii-printable", &[(' ', '~')], "printable ASCII");
        add("any", &[('\0', char::MAX)], "any character");
        CharClasses { classes }
    }
}

impl CharClasses {
    /// Names of the built-in classes.
    pub fn builtin_names() -> Vec<String> {
        CharClasses::default().classes.into_keys().collect()
    }

    /// A set from class names and literal characters; unknown names are reported.
    pub fn compile(
        &self,
        names: &[(String, Span)],
        chars: &str,
        r: &mut Reader,
    ) -> Option<CharSet> {
        let mut set = CharSet::default();
        let mut ok = true;
        for (name, span) in names {
            match self.classes.get(name) {
                Some(class) => {
                    for &(lo, hi) in &class.ranges {
                        set.add(lo, hi);
                    }
                    set.parts.push(class.description.clone());
                }
                None => {
                    let hint =
                        crate::suggest::did_you_mean(name, self.classes.keys().map(String::as_str))
                            .map(|s| format!("; did you mean `{s}`?"))
                            .unwrap_or_default();
                    r.error(*span, format!("unknown character class `{name}`{hint}"));
                    ok = false;
                }
            }
        }
        for c in chars.chars() {
            set.add(c, c);
            set.parts.push(
                if crate::diagnostic::is_unsafe_to_print(c) || c.is_whitespace() {
                    describe_char(c)
                } else {
                    format!("'{c}'")
                },
            );
        }
        set.normalize();
        ok.then_some(set)
    }
}

/// Parse `U+4E00..U+9FA5`, `U+4E00`, or a single literal character.
pub fn parse_char_range(text: &str) -> Option<(char, char)> {
    let one = |s: &str| -> Option<char> {
        let s = s.trim();
        if let Some(hex) = s.strip_prefix("U+").or_else(|| s.strip_prefix("u+")) {
            return char::from_u32(u32::from_str_radix(hex, 16).ok()?);
        }
        let mut it = s.chars();
        match (it.next(), it.next()) {
            (Some(c), None) => Some(c),
            _ => None,
        }
    };
    match text.split_once("..") {
        Some((lo, hi)) => {
            let (lo, hi) = (one(lo)?, one(hi)?);
            (lo <= hi).then_some((lo, hi))
        }
        None => one(text).map(|c| (c, c)),
    }
}

/// Largest compiled size of a rule-file regex.
pub const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// Compile a rule-file regex: `\d`, `\w`, `\s` (and negations) are ASCII,
/// Unicode classes only through `\p{…}`; size-bounded.
pub fn compile_regex(source: &str, span: Span, r: &mut Reader) -> Option<regex::Regex> {
    let Some(ascii) = rewrite_classes(source, false) else {
        r.error(span, format!("regex `{source}` is malformed"));
        return None;
    };
    match regex::RegexBuilder::new(&ascii)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_SIZE_LIMIT)
        .build()
    {
        Ok(regex) => Some(regex),
        Err(error) => {
            let text = error.to_string();
            let last = text
                .lines()
                .rfind(|l| !l.trim().is_empty())
                .unwrap_or("invalid");
            r.error(span, format!("invalid regex `{source}`: {}", last.trim()));
            None
        }
    }
}

/// A rule-file regex that must have a capture group (`extract`,
/// `id_region`): the group is the part the rule uses.
pub fn compile_capture_regex(
    node: &crate::document::Node,
    key: &str,
    r: &mut Reader,
) -> Option<regex::Regex> {
    let text = r.string(node, key)?;
    let regex = compile_regex(&text, node.span, r)?;
    if regex.captures_len() < 2 {
        r.error(node.span, format!("{key} needs a capture group"));
        return None;
    }
    Some(regex)
}

/// A rule-file regex in the ECMA-262 dialect JSON Schema uses, when it has
/// an exact translation.
pub fn ecma_pattern(source: &str) -> Option<String> {
    rewrite_classes(source, true)
}

/// Rewrite `\d \w \s \D \W \S` to explicit ASCII classes. With `ecma`, also
/// refuse constructs ECMA-262 lacks or reads differently.
fn rewrite_classes(source: &str, ecma: bool) -> Option<String> {
    const DIGIT: &str = "0-9";
    const WORD: &str = "0-9A-Za-z_";
    const SPACE: &str = "\\t\\n\\x0B\\x0C\\r ";
    let mut out = String::with_capacity(source.len() + 16);
    let mut chars = source.chars().peekable();
    let mut class_depth = 0usize;
    let mut class_start = false;
    while let Some(c) = chars.next() {
        let at_class_start = std::mem::take(&mut class_start);
        match c {
            '\\' => {
                let next = chars.next()?;
                let (body, negated) = match next {
                    'd' => (DIGIT, false),
                    'w' => (WORD, false),
                    's' => (SPACE, false),
                    'D' => (DIGIT, true),
                    'W' => (WORD, true),
                    'S' => (SPACE, true),
                    'p' | 'P' | 'A' | 'z' | 'b' | 'B' if ecma => return None,
                    other => {
                        out.push('\\');
                        out.push(other);
                        continue;
                    }
                };
                match (class_depth > 0, negated) {
                    (true, false) => out.push_str(body),
                    (true, true) if ecma => return None,
                    (true, true) | (false, true) => {
                        out.push_str("[^");
                        out.push_str(body);
                        out.push(']');
                    }
                    (false, false) => {
                        out.push('[');
                        out.push_str(body);
                        out.push(']');
                    }
                }
            }
            '[' => {
                if class_depth > 0 && ecma {
                    return None;
                }
                class_depth += 1;
                out.push('[');
                if chars.peek() == Some(&'^') {
                    out.push('^');
                    chars.next();
                }
                class_start = true;
            }
            ']' if class_depth > 0 && !at_class_start => {
                class_depth -= 1;
                out.push(']');
            }
            '(' if ecma && chars.peek() == Some(&'?') => {
                chars.next();
                match chars.next() {
                    Some(':') => out.push_str("(?:"),
                    _ => return None,
                }
            }
            other => out.push(other),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compile(source: &str) -> regex::Regex {
        let mut r = Reader::default();
        compile_regex(source, Span::default(), &mut r).unwrap()
    }

    #[test]
    fn shorthand_classes_are_ascii() {
        let re = compile(r"^[a-z]{2}-[a-z]+-\d+$");
        assert!(re.is_match("cn-north-1"));
        assert!(!re.is_match("cn-north-١"));
        assert!(!compile(r"^\w+$").is_match("名"));
        assert!(compile(r"^[\d_]+$").is_match("1_2"));
        assert!(compile(r"^\p{Han}+$").is_match("名"));
        assert!(compile(r"^[\D]+$").is_match("ab"));
    }

    #[test]
    fn regex_errors_are_reported() {
        let mut r = Reader::default();
        assert!(compile_regex("(", Span::default(), &mut r).is_none());
        assert!(compile_regex("a{100000}{100000}", Span::default(), &mut r).is_none());
        assert_eq!(r.problems.len(), 2);
    }

    #[test]
    fn ecma_translation() {
        assert_eq!(
            ecma_pattern(r"^vpc-[a-z0-9]+$").as_deref(),
            Some("^vpc-[a-z0-9]+$")
        );
        assert_eq!(ecma_pattern(r"^\d+$").as_deref(), Some("^[0-9]+$"));
        assert_eq!(ecma_pattern(r"^(?:a|b)$").as_deref(), Some("^(?:a|b)$"));
        assert_eq!(ecma_pattern(r"(?i)x"), None);
        assert_eq!(ecma_pattern(r"\p{Han}"), None);
    }

    #[test]
    fn charset_membership_and_description() {
        let classes = CharClasses::default();
        let mut r = Reader::default();
        let set = classes
            .compile(&[("ascii-letter".into(), Span::default())], "_-", &mut r)
            .unwrap();
        assert!(set.contains('a') && set.contains('_') && set.contains('-'));
        assert!(!set.contains(' ') && !set.contains('名'));
        assert_eq!(set.describe(), "ASCII letters, '_' and '-'");
        assert_eq!(
            parse_char_range("U+4E00..U+9FA5"),
            Some(('\u{4E00}', '\u{9FA5}'))
        );
    }
}
