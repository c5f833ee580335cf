//! Output formats. Each renderer reads the same [`Report`]; none computes
//! positions of its own.

pub mod concise;
pub mod human;
pub mod json;

use std::io::{self, Write};

use crate::report::Report;

/// The formats `--format` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Human,
    Concise,
    Json,
}

/// Settings for rendering.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions {
    pub color: bool,
    pub width: usize,
}

/// Write `report` in `format`.
pub fn render(
    report: &Report,
    format: OutputFormat,
    options: RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        OutputFormat::Human => human::write(report, options, out),
        OutputFormat::Concise => concise::write(report, out),
        OutputFormat::Json => json::write(report, out),
    }
}
