// The renderer as it was before streaming (issue 12), kept verbatim (only
// `crate::` paths made `peerlint::`, and its unit tests dropped) as the reference
// the streamed renderer must equal byte for byte. Do not "fix" it.

//! `github`: GitHub Actions workflow commands, one line per finding:
//! `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=RULE-ID::MESSAGE`
//! (`::warning` for warnings, `::notice` for info), then one `::error` per
//! input that could not be used. Suppressed findings are left out. The
//! message is followed by the help, the predicted API error and, as in
//! human output, `see FILE:LINE:COLUMN: …` for locations in other files.
//!
//! Escaping is that of GitHub's `@actions/core` (`command.ts`): in the
//! message `%`, CR and LF become `%25`, `%0D`, `%0A`; in property values
//! `:` and `,` also become `%3A` and `%2C`. The runner splits its input on
//! CR and LF only, so no text from a document can end the line and start a
//! command of its own. File paths are relative to the working directory
//! (run from the repository root), with `/` separators.

use std::io::{self, Write};
use std::path::Path;

use peerlint::diagnostic::{Diagnostic, Location, Severity};
use peerlint::report::Report;

/// The name `check` reports standard input under when no `--stdin-filename` is given.
const STDIN: &str = "<stdin>";

/// Escape workflow-command data (the message).
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a workflow-command property value.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// One workflow command line (without the newline).
pub fn command(name: &str, properties: &[(&str, String)], message: &str) -> String {
    let mut line = format!("::{name}");
    for (i, (key, value)) in properties.iter().enumerate() {
        line.push(if i == 0 { ' ' } else { ',' });
        line.push_str(key);
        line.push('=');
        line.push_str(&escape_property(value));
    }
    line.push_str("::");
    line.push_str(&escape_data(message));
    line
}

fn command_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

fn position_properties(
    file: &str,
    location: Option<&Location>,
    cwd: &Path,
    into: &mut Vec<(&'static str, String)>,
) {
    if file == STDIN {
        return;
    }
    into.push(("file", peerlint::paths::relative_to(file, cwd)));
    let Some(l) = location.filter(|l| l.start.line >= 1 && l.start.column >= 1) else {
        return;
    };
    into.push(("line", l.start.line.to_string()));
    into.push(("col", l.start.column.to_string()));
    if (l.end.line, l.end.column) >= (l.start.line, l.start.column) {
        into.push(("endLine", l.end.line.to_string()));
        into.push(("endColumn", l.end.column.to_string()));
    }
}

fn diagnostic_line(d: &Diagnostic, cwd: &Path) -> String {
    let mut properties = Vec::new();
    position_properties(&d.file, Some(&d.location), cwd, &mut properties);
    properties.push(("title", d.code.clone()));
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    if let Some(api) = &d.api_error {
        message.push_str(&format!("\npredicted API error: {api}"));
    }
    for related in d.related() {
        let file = peerlint::paths::relative_to(related.file.as_deref().unwrap_or_default(), cwd);
        let at = related.location.start;
        message.push_str(&if at.line >= 1 {
            format!(
                "\nsee {file}:{}:{}: {}",
                at.line, at.column, related.message
            )
        } else {
            format!("\nsee {file}: {}", related.message)
        });
    }
    command(command_name(d.severity), &properties, &message)
}

/// Write one workflow command per unsuppressed diagnostic, then one per
/// error, with paths relative to `cwd`.
pub fn write(report: &Report, cwd: &Path, out: &mut dyn Write) -> io::Result<()> {
    for d in report.diagnostics.iter().filter(|d| d.suppressed.is_none()) {
        writeln!(out, "{}", diagnostic_line(d, cwd))?;
    }
    for e in &report.errors {
        let mut properties = Vec::new();
        position_properties(&e.file, e.location.as_ref(), cwd, &mut properties);
        properties.push(("title", e.code().to_owned()));
        let message = format!("{}: {}", e.file, e.message);
        writeln!(out, "{}", command("error", &properties, &message))?;
    }
    Ok(())
}
