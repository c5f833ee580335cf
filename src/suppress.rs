//! Suppression: inline YAML comments and config `ignore` entries.
//!
//! `# peerlint-ignore: ID[, ID] -- reason` suppresses the listed rules on
//! the next line (as a full-line comment) or on its own line (at the end of
//! a line); `# peerlint-ignore-file: ID[, ID] -- reason` suppresses them in
//! the whole file. Suppression runs after the cross-document phase, so it
//! applies to every finding. A suppression without a reason, and one that
//! matched nothing, is a warning — except for cross-document rules, which a
//! partial run (pre-commit's) cannot judge. Syntax errors and duplicate keys
//! cannot be suppressed.

use std::path::Path;
use std::sync::Arc;

use crate::catalog::Catalog;
use crate::core_rules::{is_fixed, CoreRule, SUPPRESSION_WITHOUT_REASON, UNUSED_SUPPRESSION};
use crate::diagnostic::{Diagnostic, Location, Severities, Suppression};
use crate::document::{Comment, SourceFile};
use crate::suggest::hint;

/// One inline suppression comment.
#[derive(Debug, Clone)]
pub struct InlineSuppression {
    pub rules: Vec<String>,
    pub reason: Option<String>,
    /// The 1-based line it applies to; `None` for a whole-file suppression.
    pub line: Option<usize>,
    /// Where the comment is.
    pub location: Location,
    /// The comment starts like a suppression but is not one (no `:` after
    /// `peerlint-ignore`): it suppresses nothing and is reported.
    pub malformed: bool,
}

const LINE: &str = "peerlint-ignore:";
const FILE: &str = "peerlint-ignore-file:";

/// Parse the suppression comments of a YAML file.
pub fn inline_suppressions(source: &SourceFile, comments: &[Comment]) -> Vec<InlineSuppression> {
    let mut out = Vec::new();
    for comment in comments {
        let text = comment.text.trim();
        let (whole_file, rest) = if let Some(rest) = text.strip_prefix(FILE) {
            (true, rest)
        } else if let Some(rest) = text.strip_prefix(LINE) {
            (false, rest)
        } else {
            if text.starts_with("peerlint-ignore") {
                out.push(InlineSuppression {
                    rules: Vec::new(),
                    reason: None,
                    line: None,
                    location: Location::resolve(source, comment.span),
                    malformed: true,
                });
            }
            continue;
        };
        let (ids, reason) = match rest.split_once("--") {
            Some((ids, reason)) => (ids, Some(reason.trim()).filter(|r| !r.is_empty())),
            None => (rest, None),
        };
        let rules: Vec<String> = ids
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        let location = Location::resolve(source, comment.span);
        let line = if whole_file {
            None
        } else {
            let line_start = source
                .lines()
                .line_start(location.start.line - 1)
                .unwrap_or(0);
            let full_line = source
                .text
                .get(line_start..comment.span.start)
                .is_some_and(|before| before.trim().is_empty());
            Some(if full_line {
                location.start.line + 1
            } else {
                location.start.line
            })
        };
        out.push(InlineSuppression {
            rules,
            reason: reason.map(str::to_owned),
            line,
            location,
            malformed: false,
        });
    }
    out
}

/// A config `ignore` entry, compiled.
#[derive(Debug)]
pub struct IgnoreEntry {
    /// The `files` glob, rooted at the config's directory.
    pub files: ignore::gitignore::Gitignore,
    pub pointer: Option<String>,
    pub rules: Vec<String>,
    pub reason: Option<String>,
    /// Where the entry is in the config.
    pub file: Arc<str>,
    pub location: Location,
}

impl IgnoreEntry {
    /// Whether the entry's glob matches `file` (a path as reported,
    /// relative to `root`, the directory the run's paths start from).
    pub fn matches_file(&self, file: &str, root: &Path) -> bool {
        let path = root.join(file);
        path.starts_with(self.files.path())
            && self
                .files
                .matched_path_or_any_parents(&path, false)
                .is_ignore()
    }
}

/// Apply inline suppressions of `file` and config entries to `diagnostics`,
/// and report unused or unexplained suppressions.
///
/// `root` is the directory reported paths are relative to (config `ignore`
/// globs are matched against `root`/path); `linted` names the files the run
/// linted.
pub fn apply(
    diagnostics: &mut Vec<Diagnostic>,
    inline: &[(String, Vec<InlineSuppression>)],
    config: &[IgnoreEntry],
    rules: &Catalog<'_>,
    severities: &Severities,
    root: &Path,
    linted: &[&str],
) {
    let suppressible = |d: &Diagnostic| !is_fixed(&d.code);
    let mut used_inline: Vec<Vec<bool>> = inline
        .iter()
        .map(|(_, list)| vec![false; list.len()])
        .collect();
    let mut used_config = vec![false; config.len()];
    for d in diagnostics.iter_mut().filter(|d| suppressible(d)) {
        if let Some(fi) = inline.iter().position(|(f, _)| *f == d.file) {
            for (si, s) in inline[fi].1.iter().enumerate() {
                let line_ok = s.line.is_none_or(|l| l == d.location.start.line);
                if line_ok && s.rules.contains(&d.code) {
                    used_inline[fi][si] = true;
                    if d.suppressed.is_none() {
                        d.suppressed = Some(Suppression {
                            kind: "inSource",
                            justification: s.reason.clone(),
                        });
                    }
                }
            }
        }
        for (ci, entry) in config.iter().enumerate() {
            let pointer_ok = entry.pointer.as_ref().is_none_or(|p| *p == d.pointer);
            if pointer_ok && entry.rules.contains(&d.code) && entry.matches_file(&d.file, root) {
                used_config[ci] = true;
                if d.suppressed.is_none() {
                    d.suppressed = Some(Suppression {
                        kind: "external",
                        justification: entry.reason.clone(),
                    });
                }
            }
        }
    }

    let mut extra = Vec::new();
    let mut warn =
        |rule: &CoreRule, file: &str, location: Location, message: String, help: String| {
            if let Some(severity) = rule.severity_in(severities) {
                let mut d = Diagnostic::new(file, rule.id, severity, message, location);
                d.help = Some(help);
                extra.push(d);
            }
        };
    for (fi, (file, list)) in inline.iter().enumerate() {
        for (si, s) in list.iter().enumerate() {
            if s.malformed {
                warn(
                    &UNUSED_SUPPRESSION,
                    file,
                    s.location,
                    "this comment suppresses nothing: a suppression needs a `:` after `peerlint-ignore` (or `peerlint-ignore-file`)".to_owned(),
                    "write `# peerlint-ignore: RULE -- reason`".to_owned(),
                );
                continue;
            }
            if s.reason.is_none() {
                warn(
                    &SUPPRESSION_WITHOUT_REASON,
                    file,
                    s.location,
                    format!("suppression of {} gives no reason", s.rules.join(", ")),
                    "add one after `--`: `# peerlint-ignore: RULE -- why this is fine`".to_owned(),
                );
            }
            if !used_inline[fi][si] {
                report_unused(&mut warn, file, s.location, &s.rules, rules);
            }
        }
    }
    for (ci, entry) in config.iter().enumerate() {
        if entry.reason.is_none() {
            warn(
                &SUPPRESSION_WITHOUT_REASON,
                &entry.file,
                entry.location,
                format!(
                    "ignore entry for {} gives no reason",
                    entry.rules.join(", ")
                ),
                "add `reason:` to the entry".to_owned(),
            );
        }
        // An entry for files this run did not lint (a partial run, such as
        // pre-commit's) cannot be judged unused.
        let applies = linted.iter().any(|f| entry.matches_file(f, root));
        if !used_config[ci] && applies {
            report_unused(&mut warn, &entry.file, entry.location, &entry.rules, rules);
        }
    }
    diagnostics.extend(extra);
}

fn report_unused(
    warn: &mut impl FnMut(&CoreRule, &str, Location, String, String),
    file: &str,
    location: Location,
    ids: &[String],
    rules: &Catalog<'_>,
) {
    for id in ids.iter().filter(|id| is_fixed(id)) {
        warn(
            &UNUSED_SUPPRESSION,
            file,
            location,
            format!("`{id}` cannot be suppressed"),
            "fix the problem instead: syntax errors and duplicate keys are never silenced"
                .to_owned(),
        );
    }
    if ids.iter().any(|id| is_fixed(id)) {
        return;
    }
    let unknown: Vec<&String> = ids.iter().filter(|id| !rules.contains(id)).collect();
    let all = rules.ids();
    for id in &unknown {
        let suggestion = hint(id, all.iter().copied());
        warn(
            &UNUSED_SUPPRESSION,
            file,
            location,
            format!("suppression names unknown rule `{id}`{suggestion}"),
            "use a rule id from `peerlint rules`".to_owned(),
        );
    }
    // Cross-document findings depend on which files a run sees: a partial
    // run cannot tell that such a suppression is unused.
    if ids.iter().any(|id| rules.is_cross_document(id)) || !unknown.is_empty() {
        return;
    }
    warn(
        &UNUSED_SUPPRESSION,
        file,
        location,
        format!("suppression of {} matched no finding", ids.join(", ")),
        "remove it: the problem it silenced is gone".to_owned(),
    );
}
