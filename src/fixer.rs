//! Applying fixes to a file's text: what `check --fix`, `check --diff` and
//! the language server's "fix all" do.
//!
//! [`fix_text`] is pure: text in, text out. Each round lints the current
//! text (with the file's suppressions and the config's `ignore` entries:
//! a suppressed finding is left alone), takes the fixes at or below the
//! requested [`Applicability`] whose edits overlap none taken before (in
//! file order; the others wait for the next round), and applies them.
//! Rounds repeat until nothing changes, at most [`MAX_ROUNDS`] times. A
//! text that does not parse is returned unchanged, and a round whose edits
//! would break the syntax is not applied.

use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::document::{self, Span};
use crate::engine::Engine;
use crate::fix::{apply_edits, Applicability, Edit, Fix};
use crate::input::Role;
use crate::suppress::IgnoreEntry;
use crate::workspace::{finish_report, format_of};

/// The most rounds of lint-and-apply for one file.
pub const MAX_ROUNDS: usize = 10;

/// What fixes are linted with: the engine, the config's `ignore` entries
/// and the directory reported paths are relative to (as for a run).
#[derive(Clone, Copy)]
pub struct FixContext<'a> {
    pub engine: &'a Engine<'a>,
    pub ignores: &'a [IgnoreEntry],
    pub root: &'a Path,
}

/// The outcome of fixing one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed {
    /// The text after every round (the input when nothing applied).
    pub text: String,
    /// Findings whose fix was applied, over all rounds.
    pub fixed: usize,
    /// Rounds that changed the text.
    pub rounds: usize,
}

/// Fix `text` of file `name` (as reported, its format chosen by its name)
/// linted in `role`, applying fixes whose applicability is at most `up_to`
/// (`Safe`: safe fixes only; `Unsafe`: both).
pub fn fix_text(
    cx: FixContext<'_>,
    name: &str,
    text: &str,
    role: Role,
    up_to: Applicability,
) -> Fixed {
    let format = format_of(name);
    let parses = |t: &str| document::parse(t, format).errors.is_empty();
    let mut out = Fixed {
        text: text.to_owned(),
        fixed: 0,
        rounds: 0,
    };
    // A file with a syntax error is never changed: what its edits would
    // mean cannot be told.
    if !parses(text) {
        return out;
    }
    while out.rounds < MAX_ROUNDS {
        let findings = lint(cx, name, &out.text, role);
        let (edits, count) = choose(&findings, up_to);
        if edits.is_empty() {
            break;
        }
        let next = apply_edits(&out.text, edits);
        if next == out.text || !parses(&next) {
            break;
        }
        out.text = next;
        out.fixed += count;
        out.rounds += 1;
    }
    out
}

/// The unsuppressed findings of `text` (per-file and cross-document over
/// this file alone), as a run reports them.
pub fn lint(cx: FixContext<'_>, name: &str, text: &str, role: Role) -> Vec<Diagnostic> {
    let outcome = cx
        .engine
        .lint_file_as(name, text.as_bytes().to_vec(), format_of(name), role);
    let report = finish_report(cx.engine, &[&outcome], &[], cx.ignores, Vec::new(), cx.root);
    report
        .diagnostics
        .into_iter()
        .filter(|d| d.file == name && d.suppressed.is_none())
        .collect()
}

/// The fixes of one round: in file order, each fix at or below `up_to`
/// whose edits overlap no edit taken before. Returns the edits and how many
/// findings they fix (a finding whose fix is the same as one taken counts).
pub fn choose(findings: &[Diagnostic], up_to: Applicability) -> (Vec<&Edit>, usize) {
    let mut fixes: Vec<&Fix> = findings
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| f.applicability <= up_to && !f.edits.is_empty())
        .collect();
    fixes.sort_by_key(|f| {
        let first = &f.edits[0].location.span;
        (first.start, first.end)
    });
    let mut taken: Vec<&Fix> = Vec::new();
    let mut count = 0;
    for fix in fixes {
        if taken.iter().any(|t| t.edits == fix.edits) {
            count += 1;
            continue;
        }
        let clashes = fix.edits.iter().any(|e| {
            taken
                .iter()
                .flat_map(|t| &t.edits)
                .any(|t| overlap(e.location.span, t.location.span))
        });
        if !clashes {
            taken.push(fix);
            count += 1;
        }
    }
    (taken.iter().flat_map(|f| &f.edits).collect(), count)
}

/// Whether two edits touch the same text: their spans intersect, or both
/// insert at the same place (their order would be arbitrary).
fn overlap(a: Span, b: Span) -> bool {
    (a.start < b.end && b.start < a.end) || (a.start == b.start && (a.is_empty() || b.is_empty()))
}

/// A unified diff (three lines of context) from `before` to `after`, with
/// `--- NAME` and `+++ NAME` headers; empty when they are equal. Line ends
/// are kept as they are (a CRLF file's lines end in CRLF).
pub fn unified_diff(name: &str, before: &str, after: &str) -> String {
    if before == after {
        return String::new();
    }
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(3)
        .header(name, name)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_that_touch_do_not_overlap_but_two_insertions_at_one_place_do() {
        assert!(!overlap(Span::new(0, 2), Span::new(2, 4)));
        assert!(overlap(Span::new(0, 3), Span::new(2, 4)));
        assert!(overlap(Span::new(2, 2), Span::new(2, 2)));
        assert!(overlap(Span::new(1, 4), Span::new(2, 2)));
        assert!(!overlap(Span::new(4, 4), Span::new(2, 4)));
    }

    #[test]
    fn a_diff_of_equal_texts_is_empty() {
        assert_eq!(unified_diff("a.yaml", "x\n", "x\n"), "");
        let diff = unified_diff("a.yaml", "a: 1\nb: 2\n", "a: \"1\"\nb: 2\n");
        assert_eq!(
            diff,
            "--- a.yaml\n+++ a.yaml\n@@ -1,2 +1,2 @@\n-a: 1\n+a: \"1\"\n b: 2\n"
        );
    }
}
