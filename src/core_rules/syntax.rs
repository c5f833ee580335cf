//! `peerlint/syntax-error` and `peerlint/file-too-large`: files that cannot
//! be read as YAML or JSON at all. The engine reports them while decoding
//! and parsing a file; neither can be switched off or suppressed.

use super::CoreRule;
use crate::diagnostic::Severity;

pub static SYNTAX_ERROR: CoreRule = CoreRule {
    id: "peerlint/syntax-error",
    severity: Severity::Error,
    summary: "the file is not valid YAML or JSON (or not UTF-8, or nested too deeply)",
    why: "A file that does not parse cannot be checked, and would be rejected by any tool that reads it.",
    fail: include_str!("../../rules/core-examples/syntax-error.fail.yaml"),
    pass: include_str!("../../rules/core-examples/ok.yaml"),
    fixed: true,
};

pub static FILE_TOO_LARGE: CoreRule = CoreRule {
    id: "peerlint/file-too-large",
    severity: Severity::Error,
    summary: "the file is larger than the size cap and is not parsed",
    why:
        "Request files are small; a huge file is a mistake and would cost time and memory to parse.",
    fail: "",
    pass: "",
    fixed: true,
};
