//! The regex dialect of rule files: `\d`, `\w`, `\s` are ASCII, Unicode
//! classes only through `\p{…}`, compiled size-bounded; and its
//! translation to the ECMA-262 patterns JSON Schema uses.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use super::reader::Reader;
use crate::document::{Node, Span};

/// Largest compiled size of a rule-file regex.
pub const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// A rule-file regex. A built-in rule file's regexes are checked when it
/// is loaded and compiled the first time a rule uses them, so a run pays
/// only for the rules its documents meet; a user's rule file's are compiled
/// when it is loaded, so that one too large to compile is a load error.
#[derive(Debug, Clone)]
pub struct Regex {
    /// The pattern as compiled (shorthand classes made ASCII).
    pattern: Arc<str>,
    groups: usize,
    /// No shorter text (in bytes) can match: [`Regex::is_match`] answers
    /// those without searching (credential shapes are 16 bytes and more,
    /// and most values are shorter).
    min_len: usize,
    compiled: Arc<OnceLock<regex::Regex>>,
    /// For [`Regex::is_match`]: a fully built DFA when the pattern makes a
    /// small one (most rule-file patterns do), built by the use after
    /// [`DFA_AFTER`] uses (a short run never pays for it), without holding
    /// up other threads.
    dfa: Arc<OnceLock<Option<Dfa>>>,
    uses: Arc<AtomicU32>,
}

/// Matches by the regex engine before a regex gets its DFA.
const DFA_AFTER: u32 = 64;

type Dfa = regex_automata::dfa::dense::DFA<Vec<u32>>;

/// Largest DFA built for [`Regex::is_match`]; larger patterns use the
/// regex engine's lazy DFA.
const DFA_SIZE_LIMIT: usize = 1 << 16;

/// A DFA for `pattern`, if a small one exists (same syntax as the `regex`
/// crate's defaults).
fn small_dfa(pattern: &str) -> Option<Dfa> {
    use regex_automata::dfa::{dense, StartKind};
    dense::Builder::new()
        .configure(
            dense::Config::new()
                .start_kind(StartKind::Both)
                .dfa_size_limit(Some(DFA_SIZE_LIMIT)),
        )
        .build(pattern)
        .ok()
}

/// The syntax tree of `pattern` (the `regex` crate's own parser and
/// defaults), for what is known without compiling it.
fn syntax(pattern: &str) -> Option<regex_syntax::hir::Hir> {
    regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()
}

impl Regex {
    /// A regex compiled when first used; `None` when `pattern` is not one.
    pub fn lazy(pattern: &str) -> Option<Regex> {
        let hir = syntax(pattern)?;
        Some(Regex {
            pattern: pattern.into(),
            groups: hir.properties().explicit_captures_len() + 1,
            min_len: hir.properties().minimum_len().unwrap_or(0),
            compiled: Arc::new(OnceLock::new()),
            dfa: Arc::new(OnceLock::new()),
            uses: Arc::default(),
        })
    }

    fn compiled(regex: regex::Regex) -> Regex {
        Regex {
            pattern: regex.as_str().into(),
            groups: regex.captures_len(),
            min_len: syntax(regex.as_str())
                .and_then(|hir| hir.properties().minimum_len())
                .unwrap_or(0),
            compiled: Arc::new(OnceLock::from(regex)),
            dfa: Arc::new(OnceLock::new()),
            uses: Arc::default(),
        }
    }

    /// The pattern (without compiling it).
    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    /// The number of groups, the whole match included (without compiling).
    pub fn captures_len(&self) -> usize {
        self.groups
    }

    /// Whether `text` has a match: by the small DFA when there is one (no
    /// per-search scratch to fetch), else by the regex engine.
    pub fn is_match(&self, text: &str) -> bool {
        use regex_automata::dfa::Automaton;
        if text.len() < self.min_len {
            return false;
        }
        // The use that reaches `DFA_AFTER` builds the DFA; uses on other
        // threads meanwhile take the regex engine rather than wait for it.
        let dfa = match self.dfa.get() {
            Some(dfa) => dfa,
            None if self.uses.fetch_add(1, Ordering::Relaxed) == DFA_AFTER => {
                self.dfa.get_or_init(|| small_dfa(&self.pattern))
            }
            None => &None,
        };
        let found = dfa.as_ref().and_then(|dfa| {
            dfa.try_search_fwd(&regex_automata::Input::new(text).earliest(true))
                .ok()
        });
        match found {
            Some(half) => half.is_some(),
            // No small DFA, or it gave up (a Unicode word boundary before
            // non-ASCII text).
            None => std::ops::Deref::deref(self).is_match(text),
        }
    }

    /// Whether it has been compiled yet.
    pub fn is_compiled(&self) -> bool {
        self.compiled.get().is_some()
    }
}

impl std::ops::Deref for Regex {
    type Target = regex::Regex;

    fn deref(&self) -> &regex::Regex {
        self.compiled.get_or_init(|| {
            build(&self.pattern).unwrap_or_else(|_| {
                // Only built-in patterns are compiled late, and a test
                // compiles every one of them: this is not reached. Should
                // it be, the regex matches nothing rather than panic.
                #[allow(clippy::expect_used)]
                regex::Regex::new(r"[^\s\S]").expect("a constant pattern")
            })
        })
    }
}

/// Compile `pattern` (shorthand classes already rewritten), size-bounded,
/// once per process.
fn build(pattern: &str) -> Result<regex::Regex, regex::Error> {
    cached(pattern, || {
        regex::RegexBuilder::new(pattern)
            .size_limit(REGEX_SIZE_LIMIT)
            .dfa_size_limit(REGEX_SIZE_LIMIT)
            .build()
    })
}

/// Read a rule-file regex: `\d`, `\w`, `\s` (and negations) are ASCII,
/// Unicode classes only through `\p{…}`; size-bounded. Compiled now, or
/// (a built-in file's, see [`Reader::lazy_regex`]) when first used.
pub fn compile_regex(source: &str, span: Span, r: &mut Reader) -> Option<Regex> {
    let Some(ascii) = rewrite_classes(source, false) else {
        r.error(span, format!("regex `{source}` is malformed"));
        return None;
    };
    if r.lazy_regex {
        if let Some(regex) = Regex::lazy(&ascii) {
            return Some(regex);
        }
    }
    match build(&ascii) {
        Ok(regex) => Some(Regex::compiled(regex)),
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
pub fn compile_capture_regex(node: &Node, key: &str, r: &mut Reader) -> Option<Regex> {
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

    fn compile(source: &str) -> Regex {
        let mut r = Reader::default();
        compile_regex(source, Span::default(), &mut r).unwrap_or_else(|| panic!("{:?}", r.problems))
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
    fn a_lazy_regex_compiles_when_first_used() {
        let mut r = Reader {
            lazy_regex: true,
            ..Reader::default()
        };
        let re = compile_regex(r"^vpc-(\w+)$", Span::default(), &mut r).unwrap();
        assert!(!re.is_compiled());
        assert_eq!(re.captures_len(), 2);
        assert_eq!(re.as_str(), "^vpc-([0-9A-Za-z_]+)$");
        assert!(!re.is_compiled());
        assert!(re.is_match("vpc-ab_1"));
        assert!(!re.is_match("vpc-名"));
        assert!(re.captures("vpc-ab_1").is_some());
        assert!(re.is_compiled());
        // A malformed one is still a load error, with the same message.
        assert!(compile_regex("(", Span::default(), &mut r).is_none());
        let mut eager = Reader::default();
        assert!(compile_regex("(", Span::default(), &mut eager).is_none());
        assert_eq!(r.problems, eager.problems);
        assert!(!compile(r"^a$").as_str().is_empty() && compile(r"^a$").is_compiled());
    }

    #[test]
    fn every_built_in_regex_compiles() {
        // Built-in files compile their regexes late; read as user files,
        // every regex is compiled when loaded.
        let loaded = crate::rules::load::load_texts(false, crate::rules::load::BUILTIN);
        assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
        assert_eq!(loaded.sets.sets.len(), crate::rules::load::BUILTIN.len());
    }

    #[test]
    fn is_match_agrees_with_the_regex_engine() {
        // Small DFAs, a large one (no DFA) and a Unicode word boundary
        // (the DFA gives up on non-ASCII text).
        let patterns = [
            r"^[a-z]{2}-[a-z]+-\d+$",
            r"vpc-",
            r"^\p{Han}{1,3}$",
            r"^[\p{L}\p{N}]{0,8}x$",
            r"\bpeer\b",
            r"",
        ];
        let texts = [
            "cn-north-1",
            "CN-north-1",
            "a vpc-1",
            "名字",
            "名字名字",
            "x",
            "peer",
            "a peer b",
            "名peer",
            "peering",
            "",
            "ab-c-12",
            "ααx1x2x",
        ];
        assert!(small_dfa(compile(patterns[0]).as_str()).is_some());
        assert!(small_dfa(compile(patterns[3]).as_str()).is_none());
        for p in patterns
            .into_iter()
            .chain([r"(?:^|[^a-z])AKID[0-9]{4}", r"^\p{Han}{2,3}$"])
        {
            let eager = compile(p);
            let engine = regex::Regex::new(eager.as_str()).unwrap();
            // Compiled at load, and compiled when first used (both answer
            // texts shorter than any match without searching).
            let lazy = Regex::lazy(eager.as_str()).unwrap();
            for ours in [eager, lazy] {
                // Before and after the regex gets its DFA.
                for round in 0..=DFA_AFTER as usize / texts.len() + 1 {
                    for t in texts.iter().chain(&["AKID1234", "xAKID123", "名字名"]) {
                        assert_eq!(ours.is_match(t), engine.is_match(t), "/{p}/ on {t:?}");
                    }
                    // (Texts answered by their length are not searches.)
                    let calls = (round + 1) * (texts.len() + 3);
                    if ours.min_len == 0 {
                        assert_eq!(ours.dfa.get().is_some(), calls > DFA_AFTER as usize);
                    }
                }
            }
        }
    }

    #[test]
    fn the_shortest_match_is_known_in_bytes() {
        let len = |p: &str| Regex::lazy(p).map(|r| r.min_len);
        assert_eq!(len(r"(?:^|[^a-z])AKID[0-9]{4}(?:[^a-z]|$)"), Some(8));
        assert_eq!(len(r"^\p{Han}{2,3}$"), Some(6));
        assert_eq!(len(r"a|bcd"), Some(1));
        assert_eq!(len(r"x*"), Some(0));
        // Compiled at load, a regex knows its shortest match too.
        assert_eq!(compile(r"AKID\d{4}").min_len, 8);
        assert!(!Regex::lazy("AKID[0-9]{4}").unwrap().is_match("AKID123"));
    }

    #[test]
    fn regex_errors_are_reported() {
        let mut r = Reader::default();
        assert!(compile_regex("(", Span::default(), &mut r).is_none());
        assert!(compile_regex("a{100000}{100000}", Span::default(), &mut r).is_none());
        assert_eq!(r.problems.len(), 2);
        // The regex crate's last line says what is wrong.
        assert_eq!(
            r.problems[0].message,
            "invalid regex `(`: error: unclosed group"
        );
        assert!(
            r.problems[1].message.contains("exceeds size limit"),
            "{}",
            r.problems[1].message
        );
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
