//! `human`: miette graphical reports, then a summary line.
//!
//! Each diagnostic is adapted to `miette::Diagnostic` only here. The source
//! handed to miette has unprintable characters replaced by placeholders of
//! the same byte length (so spans stay exact and nothing raw reaches the
//! terminal), and reports its own columns in Unicode scalar values for the
//! `[file:line:column]` header (miette's own count is in bytes).

use std::fmt;
use std::io::{self, Write};
use std::sync::Arc;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use super::RenderOptions;
use crate::diagnostic::{escape_for_message, is_unsafe_to_print, Diagnostic, Severity};
use crate::document::SourceFile;
use crate::report::Report;

/// Source text made safe for a terminal, with character columns.
struct SafeSource {
    file: Arc<SourceFile>,
    text: String,
}

impl SafeSource {
    fn new(file: Arc<SourceFile>, secrets: &[crate::document::Span]) -> SafeSource {
        let text = file
            .text
            .char_indices()
            .map(|(i, c)| {
                if secrets.iter().any(|s| s.start <= i && i < s.end) && !matches!(c, '\n' | '\r') {
                    return "*".repeat(c.len_utf8());
                }
                if c == '\t' || c == '\n' || c == '\r' || !is_unsafe_to_print(c) {
                    c.to_string()
                } else {
                    match c.len_utf8() {
                        1 => "?".to_owned(),
                        2 => "¿".to_owned(),
                        3 => "\u{FFFD}".to_owned(),
                        _ => "\u{FFFD}?".to_owned(),
                    }
                }
            })
            .collect();
        SafeSource { file, text }
    }
}

impl SourceCode for SafeSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self.text.as_str().read_span(span, before, after)?;
        let start = inner.span().offset();
        let position = self.file.position(start);
        Ok(Box::new(MietteSpanContents::new_named(
            self.file.name.clone(),
            inner.data(),
            *inner.span(),
            position.line - 1,
            position.column - 1,
            inner.line_count(),
        )))
    }
}

/// One diagnostic adapted for miette.
struct Adapter<'a> {
    diagnostic: &'a Diagnostic,
    source: Option<&'a SafeSource>,
    help: Option<String>,
    /// Parties to the finding in other files, shown with their own snippets.
    notes: Vec<Note<'a>>,
}

/// A location in another file, rendered as a related report.
struct Note<'a> {
    message: String,
    label: String,
    source: &'a SafeSource,
    span: crate::document::Span,
}

impl fmt::Debug for Note<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Note<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Note<'_> {}

impl miette::Diagnostic for Note<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(
                Some(self.label.clone()),
                (self.span.start, self.span.len()),
            ),
        )))
    }
}

impl fmt::Debug for Adapter<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.code)
    }
}

impl fmt::Display for Adapter<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&unbreakable_code(&escape_multiline(
            &self.diagnostic.message,
        )))
    }
}

impl std::error::Error for Adapter<'_> {}

impl miette::Diagnostic for Adapter<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.diagnostic.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.source?;
        let d = self.diagnostic;
        let primary = LabeledSpan::new_primary_with_span(
            primary_label(d),
            (d.location.span.start, d.location.span.len()),
        );
        let others = d
            .same_file_labels()
            .map(|l| {
                LabeledSpan::new_with_span(
                    Some(escape_multiline(&l.message)),
                    (l.location.span.start, l.location.span.len()),
                )
            })
            .collect::<Vec<_>>();
        Some(Box::new(std::iter::once(primary).chain(others)))
    }
}

/// The caption under the primary span: the finding's own label, else the
/// message's first clause when it is short; a long one would only repeat
/// the header, so the span is underlined alone.
fn primary_label(d: &Diagnostic) -> Option<String> {
    if let Some(label) = &d.label {
        return Some(escape_multiline(label));
    }
    let text = d.message.split(';').next().unwrap_or(&d.message);
    (text.chars().count() <= MAX_LABEL_CHARS).then(|| escape_multiline(text))
}

/// The longest caption written under a span.
const MAX_LABEL_CHARS: usize = 60;

/// Spaces inside `` `code` `` become no-break spaces, so that wrapping
/// never splits a value, a suggested fix or a path across lines.
fn unbreakable_code(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_code = false;
    for c in text.chars() {
        match c {
            '`' => {
                in_code = !in_code;
                out.push(c);
            }
            ' ' if in_code => out.push('\u{00A0}'),
            c => out.push(c),
        }
    }
    out
}

fn escape_multiline(text: &str) -> String {
    escape_for_message(text, usize::MAX)
}

/// Write every diagnostic as a graphical report, then errors and the summary.
pub fn write(report: &Report, options: RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(options.width)
        // Break lines at spaces only, never inside a word: CJK names,
        // ranges like `U+4E00–U+9FA5` and paths stay whole.
        .with_word_separator(textwrap::WordSeparator::AsciiSpace)
        .with_break_words(false)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
        .with_links(false)
        .with_context_lines(1);
    // Every file a snippet is shown from: the diagnostics' and their related locations'.
    let mut sources: std::collections::HashMap<&str, SafeSource> = std::collections::HashMap::new();
    let shown = report.diagnostics.iter().filter(|d| d.suppressed.is_none());
    for file in shown.clone().flat_map(|d| {
        std::iter::once(d.file.as_str()).chain(d.related().filter_map(|l| l.file.as_deref()))
    }) {
        if sources.contains_key(file) {
            continue;
        }
        if let Some(source) = report.sources.get(file) {
            let secrets = report.secrets.get(file).map_or(&[][..], Vec::as_slice);
            sources.insert(file, SafeSource::new(Arc::clone(source), secrets));
        }
    }
    for d in shown {
        let mut help = d
            .help
            .as_deref()
            .map(|h| unbreakable_code(&escape_multiline(h)));
        let mut extra = Vec::new();
        if let Some(api) = &d.api_error {
            extra.push(format!("predicted API error: {api}"));
        }
        let mut notes = Vec::new();
        for related in d.related() {
            let file = related.file.as_deref().unwrap_or("");
            let at = related.location.start;
            match sources.get(file).filter(|_| at.line > 0) {
                Some(source) => notes.push(Note {
                    message: format!("related: {}", escape_multiline(&related.message)),
                    label: escape_multiline(&related.message),
                    source,
                    span: related.location.span,
                }),
                None if at.line > 0 => extra.push(format!(
                    "see {file}:{}:{}: {}",
                    at.line,
                    at.column,
                    escape_multiline(&related.message)
                )),
                None => extra.push(format!(
                    "see {file}: {}",
                    escape_multiline(&related.message)
                )),
            }
        }
        if !extra.is_empty() {
            let joined = extra.join("\n");
            help = Some(match help {
                Some(h) => format!("{h}\n{joined}"),
                None => joined,
            });
        }
        let has_source = d.location.start.line > 0;
        let adapter = Adapter {
            diagnostic: d,
            source: if has_source {
                sources.get(d.file.as_str())
            } else {
                None
            },
            help,
            notes,
        };
        let mut text = String::new();
        handler
            .render_report(&mut text, &adapter)
            .map_err(|_| io::Error::other("could not render a diagnostic"))?;
        if adapter.source.is_none() {
            writeln!(out, "{}:", d.file)?;
        }
        out.write_all(text.as_bytes())?;
        // The other parties, each with its own snippet, as rustc's notes.
        for note in &adapter.notes {
            let mut text = String::new();
            handler
                .render_report(&mut text, note)
                .map_err(|_| io::Error::other("could not render a related location"))?;
            out.write_all(text.as_bytes())?;
        }
        writeln!(out)?;
    }
    for e in &report.errors {
        let at = match &e.location {
            Some(l) => format!("{}:{}:{}", e.file, l.start.line, l.start.column),
            None => e.file.clone(),
        };
        writeln!(out, "error: {at}: {}", escape_multiline(&e.message))?;
    }
    writeln!(out, "{}", summary_line(report))
}

/// `2 errors, 1 warning, 0 infos (2 fixed, 1 suppressed) in 3 files: 4 requests, 1 skipped`.
pub fn summary_line(report: &Report) -> String {
    let s = &report.summary;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut line = format!(
        "{}, {}, {}",
        plural(s.errors, "error"),
        plural(s.warnings, "warning"),
        plural(s.infos, "info")
    );
    let notes: Vec<String> = [(s.fixed, "fixed"), (s.suppressed, "suppressed")]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, word)| format!("{n} {word}"))
        .collect();
    if !notes.is_empty() {
        line.push_str(&format!(" ({})", notes.join(", ")));
    }
    line.push_str(&format!(
        " in {}: {} linted, {} skipped",
        plural(s.files, "file"),
        plural(s.documents, "request"),
        s.skipped
    ));
    if !report.errors.is_empty() {
        line.push_str(&format!(
            "; {} could not be used",
            plural(report.errors.len(), "input")
        ));
    }
    line
}
