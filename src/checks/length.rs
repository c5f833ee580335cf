//! `length`: a value's length within `min`..=`max`, in a declared unit.

use unicode_segmentation::UnicodeSegmentation;

use super::{Args, Check, CheckKind, FieldCheck, FieldValue, Finding, Scope};
use crate::dialect::reader::Reader;

pub const KIND: CheckKind = CheckKind {
    name: "length",
    scope: Scope::Field,
    keys: &["min", "max", "unit"],
    vars: &["length", "amount", "min", "max", "unit", "fix"],
    build,
};

/// What a length counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Unicode scalar values.
    Chars,
    /// Extended grapheme clusters.
    Graphemes,
    /// UTF-8 bytes.
    Bytes,
    /// UTF-16 code units.
    Utf16,
    /// The items of a list (the target ends at the list).
    Items,
}

impl Unit {
    fn parse(text: &str) -> Option<Unit> {
        Some(match text {
            "chars" | "characters" => Unit::Chars,
            "graphemes" => Unit::Graphemes,
            "bytes" => Unit::Bytes,
            "utf16" => Unit::Utf16,
            "items" => Unit::Items,
            _ => return None,
        })
    }

    /// The unit's name in messages.
    pub fn plural(self) -> &'static str {
        match self {
            Unit::Chars => "characters",
            Unit::Graphemes => "grapheme clusters",
            Unit::Bytes => "bytes",
            Unit::Utf16 => "UTF-16 code units",
            Unit::Items => "items",
        }
    }

    /// The unit's name for a count of one.
    pub fn singular(self) -> &'static str {
        match self {
            Unit::Chars => "character",
            Unit::Graphemes => "grapheme cluster",
            Unit::Bytes => "byte",
            Unit::Utf16 => "UTF-16 code unit",
            Unit::Items => "item",
        }
    }

    /// `1 character`, `33 characters`.
    pub fn amount(self, n: usize) -> String {
        format!(
            "{n} {}",
            if n == 1 {
                self.singular()
            } else {
                self.plural()
            }
        )
    }

    /// Length of `text` in this unit.
    pub fn measure(self, text: &str) -> usize {
        match self {
            Unit::Chars => text.chars().count(),
            Unit::Graphemes => text.graphemes(true).count(),
            Unit::Bytes => text.len(),
            Unit::Utf16 => text.encode_utf16().count(),
            // Lists are counted by the check; text has no items.
            Unit::Items => 0,
        }
    }

    /// The longest prefix of `text` at most `max` long in this unit.
    pub fn truncate(self, text: &str, max: usize) -> &str {
        let mut end = 0;
        let mut used = 0;
        let mut advance = |piece: &str| -> bool {
            let cost = self.measure(piece);
            if used + cost > max {
                return false;
            }
            used += cost;
            end += piece.len();
            true
        };
        if self == Unit::Graphemes {
            for g in text.graphemes(true) {
                if !advance(g) {
                    break;
                }
            }
        } else {
            let mut buf = [0u8; 4];
            for c in text.chars() {
                if !advance(c.encode_utf8(&mut buf)) {
                    break;
                }
            }
        }
        &text[..end]
    }
}

#[derive(Debug)]
struct Length {
    min: Option<usize>,
    max: Option<usize>,
    unit: Unit,
}

fn build(args: &Args<'_>, r: &mut Reader) -> Option<Check> {
    let unit = match args.get("unit") {
        None => Unit::Chars,
        Some(node) => match node.as_str().and_then(Unit::parse) {
            Some(unit) => unit,
            None => {
                r.error(
                    node.span,
                    "unit must be one of chars, graphemes, bytes, utf16, items",
                );
                return None;
            }
        },
    };
    let (min, max) = args.bounds(r, "length", |r, n, what| {
        r.unsigned(n, what).map(|v| v as usize)
    })?;
    Some(Check::Field(Box::new(Length { min, max, unit })))
}

impl FieldCheck for Length {
    fn checks_containers(&self) -> bool {
        self.unit == Unit::Items
    }

    fn needs_containers(&self) -> bool {
        self.unit == Unit::Items
    }

    fn check(&self, value: &FieldValue<'_>) -> Option<Finding> {
        let length = match (self.unit, value.node.as_sequence()) {
            (Unit::Items, Some(items)) => items.len(),
            (Unit::Items, None) => return None,
            (unit, _) => unit.measure(value.text),
        };
        let unit = self.unit.plural();
        let too_long = self.max.is_some_and(|max| length > max);
        let too_short = self.min.is_some_and(|min| length < min);
        if !too_long && !too_short {
            return None;
        }
        let limit = self.range_text();
        let (message, help, fix) = if too_long && self.unit == Unit::Items {
            let max = self.max.unwrap_or(0);
            (
                format!("{} has {}; {limit}", value.field, self.unit.amount(length)),
                format!("keep at most {max} items"),
                String::new(),
            )
        } else if too_long {
            let max = self.max.unwrap_or(0);
            let fix = self.unit.truncate(value.text, max).to_owned();
            (
                format!(
                    "{} is {} long; {limit}",
                    value.field,
                    self.unit.amount(length)
                ),
                format!(
                    "shorten it to at most {max} {unit}, e.g. `{}`",
                    crate::diagnostic::escape_for_message(&fix, 80)
                ),
                fix,
            )
        } else if self.unit == Unit::Items {
            let min = self.min.unwrap_or(0);
            (
                format!("{} has {}; {limit}", value.field, self.unit.amount(length)),
                format!("give it at least {}", self.unit.amount(min)),
                String::new(),
            )
        } else {
            let min = self.min.unwrap_or(0);
            (
                format!(
                    "{} is {} long; {limit}",
                    value.field,
                    self.unit.amount(length)
                ),
                format!("make it at least {min} {unit} long"),
                String::new(),
            )
        };
        Some(Finding {
            message,
            help: Some(help),
            vars: vec![
                ("length", length.to_string()),
                ("amount", self.unit.amount(length)),
                ("min", self.min.map_or_else(String::new, |n| n.to_string())),
                ("max", self.max.map_or_else(String::new, |n| n.to_string())),
                ("unit", unit.to_owned()),
                ("fix", fix),
            ],
            ..Finding::default()
        })
    }

    fn summary(&self) -> String {
        self.range_text()
    }

    fn json_schema(&self, schema: &mut serde_json::Map<String, serde_json::Value>) {
        // JSON Schema counts code points, which matches `chars` only.
        if self.unit == Unit::Chars {
            if let Some(min) = self.min {
                schema.insert("minLength".into(), min.into());
            }
            if let Some(max) = self.max {
                schema.insert("maxLength".into(), max.into());
            }
        }
    }
}

impl Length {
    fn range_text(&self) -> String {
        let unit = self.unit.plural();
        match (self.min, self.max) {
            (Some(lo), Some(hi)) => format!("{lo} to {hi} {unit} allowed"),
            (Some(lo), None) => format!("at least {} required", self.unit.amount(lo)),
            (None, Some(hi)) => format!("at most {} allowed", self.unit.amount(hi)),
            (None, None) => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_measure_differently() {
        let text = "e\u{301}🚀名";
        assert_eq!(Unit::Chars.measure(text), 4);
        assert_eq!(Unit::Graphemes.measure(text), 3);
        assert_eq!(Unit::Bytes.measure(text), 1 + 2 + 4 + 3);
        assert_eq!(Unit::Utf16.measure(text), 5);
    }

    #[test]
    fn truncation_respects_the_unit() {
        assert_eq!(Unit::Chars.truncate("名字abc", 3), "名字a");
        assert_eq!(Unit::Bytes.truncate("名字", 4), "名");
        assert_eq!(Unit::Graphemes.truncate("e\u{301}x", 1), "e\u{301}");
    }
}
