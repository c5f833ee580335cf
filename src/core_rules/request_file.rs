//! `peerlint/not-a-request`: a document in a file the config declares a
//! request file (`include`) that cannot be a request — not a mapping.
//! (A mapping there is linted as a request whatever it holds.) Elsewhere
//! such documents belong to other tools and are skipped without a finding.

use super::CoreRule;
use crate::diagnostic::Severity;

pub static NOT_A_REQUEST: CoreRule = CoreRule {
    id: "peerlint/not-a-request",
    severity: Severity::Error,
    summary: "a document in a declared request file (config `include`) is not a mapping",
    why: "The config says every document of this file is a request, but this one is a list or a plain value, so nothing in it can be checked. Elsewhere, such documents belong to other tools and are skipped silently.",
    fail: include_str!("../../rules/core-examples/not-a-request.fail.yaml"),
    pass: include_str!("../../rules/core-examples/ok.yaml"),
    fixed: false,
};
