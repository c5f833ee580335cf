//! The one diagnostic type every output format reads.
//!
//! Checks produce byte spans; the engine resolves them once per file into
//! [`Location`]s (line/column in scalar values, LSP UTF-16 range) with the
//! file's line index, so renderers never recompute positions.

use std::collections::HashMap;
use std::fmt;

use serde::Serialize;

pub use crate::document::Location;
use crate::fix::Fix;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    /// The lowercase name used in rule files and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parse `error`, `warning` or `info`.
    pub fn parse(text: &str) -> Option<Severity> {
        match text {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Severity overrides by rule id (the config's `severity` map).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Severities {
    /// `None` switches a rule off.
    overrides: HashMap<String, Option<Severity>>,
}

impl Severities {
    /// Override rule `id`: a severity, or `None` for off.
    pub fn set(&mut self, id: impl Into<String>, level: Option<Severity>) {
        self.overrides.insert(id.into(), level);
    }

    /// The effective severity of rule `id` whose default is `default`
    /// (`None`: switched off). A `fixed` rule keeps its default.
    pub fn effective(&self, id: &str, default: Severity, fixed: bool) -> Option<Severity> {
        match self.overrides.get(id) {
            Some(over) if !fixed => *over,
            _ => Some(default),
        }
    }
}

/// The API error a finding predicts: HTTP status and/or provider error code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct ApiError {
    pub status: Option<u16>,
    pub code: Option<String>,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.status, &self.code) {
            (Some(status), Some(code)) => write!(f, "HTTP {status} {code}"),
            (Some(status), None) => write!(f, "HTTP {status}"),
            (None, Some(code)) => f.write_str(code),
            (None, None) => f.write_str("none"),
        }
    }
}

/// A secondary span: in the diagnostic's own file (`file` is `None`) or in another one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub message: String,
    pub file: Option<String>,
    pub location: Location,
}

/// Why a finding is suppressed (carried to SARIF `suppressions`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// `inSource` (a comment) or `external` (the config).
    pub kind: &'static str,
    pub justification: Option<String>,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    /// 0-based index of the request within its file; `None` for file-level findings.
    pub document: Option<usize>,
    pub provider: Option<String>,
    pub code: String,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    pub url: Option<String>,
    pub api_error: Option<ApiError>,
    /// RFC 6901 pointer inside the request (`""` for the whole request).
    pub pointer: String,
    pub location: Location,
    pub labels: Vec<Label>,
    pub suppressed: Option<Suppression>,
    /// Short text for the primary span in human output (the message's first clause when `None`).
    pub label: Option<String>,
    /// The correction, when one can be derived.
    pub fix: Option<Fix>,
}

impl Diagnostic {
    /// A finding of rule `code` at `location`; the optional parts are empty.
    pub fn new(
        file: impl Into<String>,
        code: impl Into<String>,
        severity: Severity,
        message: String,
        location: Location,
    ) -> Diagnostic {
        Diagnostic {
            file: file.into(),
            document: None,
            provider: None,
            code: code.into(),
            severity,
            message,
            help: None,
            url: None,
            api_error: None,
            pointer: String::new(),
            location,
            labels: Vec::new(),
            suppressed: None,
            label: None,
            fix: None,
        }
    }

    /// Labels in the diagnostic's own file.
    pub fn same_file_labels(&self) -> impl Iterator<Item = &Label> {
        self.labels.iter().filter(|l| l.file.is_none())
    }

    /// Labels in other files.
    pub fn related(&self) -> impl Iterator<Item = &Label> {
        self.labels.iter().filter(|l| l.file.is_some())
    }
}

/// Render untrusted text for a message: control, bidi and zero-width
/// characters are written as `\u{…}` escapes and long values are cut.
pub fn escape_for_message(text: &str, max_chars: usize) -> String {
    let mut out = String::new();
    for (count, c) in text.chars().enumerate() {
        if count == max_chars {
            out.push('…');
            break;
        }
        if is_unsafe_to_print(c) {
            out.push_str(&format!("\\u{{{:04X}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Characters that must never reach a terminal raw: C0/C1 controls (tab
/// included), DEL, bidirectional controls and zero-width characters.
pub fn is_unsafe_to_print(c: char) -> bool {
    c.is_control() || is_bidi_control(c) || is_zero_width(c)
}

/// U+202A–U+202E and U+2066–U+2069 (plus U+200E/U+200F marks).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// U+200B–U+200D and U+FEFF.
pub fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{FEFF}')
}

/// `'x' (U+0078)`; an unprintable character is named instead of shown:
/// `U+202E (bidirectional control)`.
pub fn describe_char(c: char) -> String {
    let code = format!("U+{:04X}", c as u32);
    let name = match c {
        '\t' => "tab",
        '\n' => "line feed",
        '\r' => "carriage return",
        c if is_bidi_control(c) => "bidirectional control",
        c if is_zero_width(c) => "zero-width character",
        c if c.is_control() => "control character",
        _ => return format!("'{c}' ({code})"),
    };
    format!("{code} ({name})")
}
