//! Output formats. Each renderer reads the same [`Report`]; none computes
//! positions of its own. Each writes as it goes, finding by finding: no
//! renderer builds the whole output (or a JSON value of the whole report)
//! before writing it.

pub mod concise;
pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

use std::io::{self, Write};

use crate::report::Report;
use crate::rules::model::RuleSets;

/// The formats `--format` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    Human,
    Concise,
    Json,
    /// SARIF 2.1.0 (GitHub code scanning).
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
}

/// Settings for rendering.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions<'a> {
    pub color: bool,
    pub width: usize,
    /// The loaded rules (SARIF lists every one).
    pub sets: &'a RuleSets,
    /// The directory reported paths are relative to (SARIF and GitHub
    /// paths are made relative to it).
    pub root: &'a std::path::Path,
}

/// Write `report` in `format`. The renderers write in many small pieces,
/// as they produce them: give them a buffered writer.
pub fn render(
    report: &Report,
    format: OutputFormat,
    options: RenderOptions<'_>,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        OutputFormat::Human => human::write(report, options, out),
        OutputFormat::Concise => concise::write(report, out),
        OutputFormat::Json => json::write(report, out),
        OutputFormat::Sarif => sarif::write(report, options.sets, options.root, out),
        OutputFormat::Github => github::write(report, options.root, out),
    }
}

/// A JSON array of views of `items`, each made and serialized in turn (the
/// next is made only once the previous one has gone to the writer); an item
/// whose `view` is `None` is left out.
pub(crate) struct Items<'a, T, U> {
    items: &'a [T],
    view: fn(&'a T) -> Option<U>,
}

impl<'a, T, U> Items<'a, T, U> {
    pub(crate) fn new(items: &'a [T], view: fn(&'a T) -> Option<U>) -> Items<'a, T, U> {
        Items { items, view }
    }
}

impl<T, U: serde::Serialize> serde::Serialize for Items<'_, T, U> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.items.iter().filter_map(self.view))
    }
}
