//! The result of a run: every diagnostic and error, with counts, ready for
//! any output format.

use std::collections::HashMap;
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::SourceFile;
use crate::error::InputError;

/// Counts for the summary line and JSON `summary`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub documents: usize,
    pub skipped: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub suppressed: usize,
    /// Findings fixed by `check --fix` before the report was made.
    pub fixed: usize,
}

/// Everything a renderer needs.
#[derive(Debug, Default)]
pub struct Report {
    /// `(provider, data version)` of each loaded rule set.
    pub rule_sets: Vec<(String, String)>,
    pub summary: Summary,
    /// Sorted by file, offset, code.
    pub diagnostics: Vec<Diagnostic>,
    pub errors: Vec<InputError>,
    /// Sources of files with diagnostics, for snippets.
    pub sources: HashMap<String, Arc<SourceFile>>,
    /// Spans of secret values per file: renderers that show source text mask them.
    pub secrets: HashMap<String, Vec<crate::document::Span>>,
}

impl Report {
    /// Recount the summary's severity counts from the diagnostics.
    pub fn count(&mut self) {
        let s = &mut self.summary;
        s.errors = 0;
        s.warnings = 0;
        s.infos = 0;
        s.suppressed = 0;
        for d in &self.diagnostics {
            if d.suppressed.is_some() {
                s.suppressed += 1;
                continue;
            }
            match d.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
        }
    }

    /// Sort diagnostics by file, then offset, then code.
    pub fn sort(&mut self) {
        self.diagnostics.sort_by(|a, b| {
            (&a.file, a.location.span.start, &a.code, a.location.span.end).cmp(&(
                &b.file,
                b.location.span.start,
                &b.code,
                b.location.span.end,
            ))
        });
    }
}
