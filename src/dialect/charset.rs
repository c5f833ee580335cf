//! Character sets of rule files: named classes (built-in and declared) and
//! literal characters, compiled into sorted ranges that can name an
//! offending character and describe themselves in messages.

use std::collections::BTreeMap;

use super::reader::Reader;
use crate::diagnostic::describe_char;
use crate::document::Span;
use crate::suggest::hint;

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
                    let suggestion = hint(name, self.classes.keys().map(String::as_str));
                    r.error(
                        *span,
                        format!("unknown character class `{name}`{suggestion}"),
                    );
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

#[cfg(test)]
mod tests {
    use super::*;

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
