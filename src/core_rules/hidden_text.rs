//! `peerlint/hidden-character` and `peerlint/surrounding-whitespace`:
//! invisible characters and stray whitespace in free-text fields (names,
//! descriptions: `text: true` in the rule set), except characters a
//! character-set rule on the same value already rejects. Their fixes
//! remove the characters (unsafe: the value changes).

use super::sink::Sink;
use super::CoreRule;
use crate::checks::Check;
use crate::diagnostic::{
    describe_char, escape_for_message, is_bidi_control, is_zero_width, Severity,
};
use crate::document::scalar_map::char_spans;
use crate::document::{NodeSet, Span};
use crate::fix::{Edit, Fix};
use crate::request::{RequestView, Resolved};
use crate::rules::model::RuleSet;

pub static HIDDEN_CHARACTER: CoreRule = CoreRule {
    id: "peerlint/hidden-character",
    severity: Severity::Warning,
    summary: "a control, bidirectional-override or zero-width character in a name or description",
    why: "Invisible characters make two names look the same and can reorder text on screen (Trojan Source).",
    fail: include_str!("../../rules/core-examples/hidden-character.fail.yaml"),
    pass: include_str!("../../rules/core-examples/hidden-character.pass.yaml"),
    fixed: false,
};

pub static SURROUNDING_WHITESPACE: CoreRule = CoreRule {
    id: "peerlint/surrounding-whitespace",
    severity: Severity::Warning,
    summary: "a name or description starts or ends with whitespace",
    why: "Leading or trailing whitespace is invisible in consoles and makes names that look equal differ.",
    fail: include_str!("../../rules/core-examples/surrounding-whitespace.fail.yaml"),
    pass: include_str!("../../rules/core-examples/surrounding-whitespace.pass.yaml"),
    fixed: false,
};

fn is_hidden(c: char) -> bool {
    c.is_control() || is_bidi_control(c) || is_zero_width(c)
}

/// Edits removing the characters at `indices` (all spans must be exact).
fn removal(spans: Option<&Vec<Span>>, indices: impl Iterator<Item = usize>) -> Vec<Edit> {
    let Some(spans) = spans else {
        return Vec::new();
    };
    indices
        .filter_map(|i| spans.get(i).map(|s| Edit::new(*s, "")))
        .collect()
}

/// Hidden characters and surrounding whitespace in the free-text fields of
/// `view`, for values in `checkable`.
/// Targets the field rules resolved already are looked up in `resolved`.
pub fn hidden_text(
    set: &RuleSet,
    view: &RequestView<'_>,
    resolved: &Resolved<'_>,
    checkable: &NodeSet,
    sink: &mut Sink<'_>,
) {
    for text_field in &set.text_fields {
        let target = &text_field.target;
        let rejected = |c: char| {
            text_field.charset_rules.iter().any(
                |&i| matches!(&set.rules[i].check, Check::Field(check) if check.rejects_char(c)),
            )
        };
        let own;
        let fields = match resolved.get(&target.text) {
            Some(fields) => fields,
            None => {
                own = view.resolve(target);
                &own
            }
        };
        for field in fields {
            if !target.is_derived() && !checkable.contains(&field.node.id()) {
                continue;
            }
            let Some(text) = field.node.as_str() else {
                continue;
            };
            // Printable ASCII without whitespace at either end has nothing
            // to find (the usual case).
            let plain = |b: &u8| (0x20..0x7f).contains(b);
            if text.bytes().all(|b| plain(&b)) && !text.starts_with(' ') && !text.ends_with(' ') {
                continue;
            }
            let spans = char_spans(&view.source.text, field.node);
            let span_of = |i: usize| {
                spans
                    .as_ref()
                    .and_then(|s| s.get(i).copied())
                    .unwrap_or(field.node.span)
            };
            let chars: Vec<char> = text.chars().collect();
            let lead = chars.iter().take_while(|c| c.is_whitespace()).count();
            let trail = if lead == chars.len() {
                0
            } else {
                chars.iter().rev().take_while(|c| c.is_whitespace()).count()
            };
            let mut flagged_ws = false;
            for (range, side) in [
                (0..lead, "starts"),
                (chars.len() - trail..chars.len(), "ends"),
            ] {
                if range.is_empty() || range.clone().all(|i| rejected(chars[i])) {
                    continue;
                }
                flagged_ws = true;
                let span = Span::new(span_of(range.start).start, span_of(range.end - 1).end);
                let trimmed = escape_for_message(text.trim(), 80);
                let fix = Fix::unsafe_(
                    format!("remove the whitespace: `{trimmed}`"),
                    removal(spans.as_ref(), range.clone()),
                );
                sink.emit_fixable(
                    &SURROUNDING_WHITESPACE,
                    format!(
                        "{} {side} with whitespace ({})",
                        field.field,
                        describe_char(chars[range.start])
                    ),
                    Some(format!("remove it: `{trimmed}`")),
                    field.pointer.as_str(),
                    span,
                    fix,
                );
            }
            let inner = if flagged_ws {
                lead..chars.len() - trail
            } else {
                0..chars.len()
            };
            if let Some(i) = inner
                .clone()
                .find(|&i| is_hidden(chars[i]) && !rejected(chars[i]))
            {
                let cleaned: String = chars.iter().filter(|c| !is_hidden(**c)).collect();
                let place = match spans.as_ref() {
                    Some(s) => format!("at column {}", view.source.position(s[i].start).column),
                    None => format!("at position {} of the value", i + 1),
                };
                let shown = escape_for_message(&cleaned, 80);
                let fix = Fix::unsafe_(
                    format!("remove the invisible characters: `{shown}`"),
                    removal(
                        spans.as_ref(),
                        inner.filter(|&j| is_hidden(chars[j]) && !rejected(chars[j])),
                    ),
                );
                sink.emit_fixable(
                    &HIDDEN_CHARACTER,
                    format!(
                        "{} contains the invisible character {} {place}",
                        field.field,
                        describe_char(chars[i])
                    ),
                    Some(format!("remove it: `{shown}`")),
                    field.pointer.as_str(),
                    span_of(i),
                    fix,
                );
            }
        }
    }
}
