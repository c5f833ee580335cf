//! Output formats. Each renderer reads the same [`Report`]; none computes
//! positions of its own.

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

/// Write `report` in `format`.
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
