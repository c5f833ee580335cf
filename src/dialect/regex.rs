//! The regex dialect of rule files: `\d`, `\w`, `\s` are ASCII, Unicode
//! classes only through `\p{…}`, compiled size-bounded; and its
//! translation to the ECMA-262 patterns JSON Schema uses.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock, PoisonError};

use super::reader::Reader;
use crate::document::{Node, Span};

/// Largest compiled size of a rule-file regex.
pub const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// Compile a rule-file regex: `\d`, `\w`, `\s` (and negations) are ASCII,
/// Unicode classes only through `\p{…}`; size-bounded.
pub fn compile_regex(source: &str, span: Span, r: &mut Reader) -> Option<regex::Regex> {
    let Some(ascii) = rewrite_classes(source, false) else {
        r.error(span, format!("regex `{source}` is malformed"));
        return None;
    };
    let built = cached(&ascii, || {
        regex::RegexBuilder::new(&ascii)
            .size_limit(REGEX_SIZE_LIMIT)
            .dfa_size_limit(REGEX_SIZE_LIMIT)
            .build()
    });
    match built {
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

/// Patterns compiled in this process, at most this many.
const CACHED_REGEXES: usize = 4096;

/// The regex of `pattern`, compiled by `build` the first time it is seen in
/// the process (rule sets are loaded again by the language server on each
/// configuration change, and a compiled regex is shared cheaply).
pub fn cached(
    pattern: &str,
    build: impl FnOnce() -> Result<regex::Regex, regex::Error>,
) -> Result<regex::Regex, regex::Error> {
    static CACHE: OnceLock<Mutex<HashMap<String, regex::Regex>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Mutex::default);
    // A poisoned lock only means another thread panicked mid-insert: the
    // map itself is whole.
    let lock = |c: &'static Mutex<_>| c.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(regex) = lock(cache).get(pattern) {
        return Ok(regex.clone());
    }
    let regex = build()?;
    let mut map = lock(cache);
    if map.len() >= CACHED_REGEXES {
        map.clear();
    }
    map.insert(pattern.to_owned(), regex.clone());
    Ok(regex)
}

/// A rule-file regex that must have a capture group (`extract`,
/// `id_region`): the group is the part the rule uses.
pub fn compile_capture_regex(node: &Node, key: &str, r: &mut Reader) -> Option<regex::Regex> {
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
    use crate::document::Span;

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
}
