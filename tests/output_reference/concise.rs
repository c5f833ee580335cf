// The renderer as it was before streaming (issue 12), kept verbatim (only
// `crate::` paths made `peerlint::`, and its unit tests dropped) as the reference
// the streamed renderer must equal byte for byte. Do not "fix" it.

//! `concise`: one line per finding, `file:line:column: severity[rule-id] message`,
//! for editors' and CI's problem matchers. Messages are single-line.

use std::io::{self, Write};

use peerlint::report::Report;

/// Write one line per unsuppressed diagnostic, then errors.
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for d in report.diagnostics.iter().filter(|d| d.suppressed.is_none()) {
        writeln!(
            out,
            "{}:{}:{}: {}[{}] {}",
            d.file,
            d.location.start.line,
            d.location.start.column,
            d.severity,
            d.code,
            one_line(&d.message)
        )?;
    }
    for e in &report.errors {
        match &e.location {
            Some(l) => writeln!(
                out,
                "{}:{}:{}: error[{}] {}",
                e.file,
                l.start.line,
                l.start.column,
                e.code(),
                one_line(&e.message)
            )?,
            None => writeln!(
                out,
                "{}: error[{}] {}",
                e.file,
                e.code(),
                one_line(&e.message)
            )?,
        }
    }
    Ok(())
}

fn one_line(text: &str) -> String {
    text.replace(['\n', '\r'], " ")
}
