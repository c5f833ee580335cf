//! Core rules (`peerlint/*`): the checks every provider gets, whose logic
//! is code rather than rule-file data — syntax, duplicate keys, declared
//! fields and their types, YAML traps, unknown names, providers,
//! credentials, hidden characters. Each file here holds its rules' metadata
//! (so `rules`, `explain`, SARIF and the config treat them like rule-file
//! rules) next to their code; [`sink`] is the collector every finding, core
//! or rule-file, goes through. Three rules have their code elsewhere:
//! `conflicting-facts` in the cross-document phase (`crossdoc`), and the
//! two suppression rules in `suppress`.

pub mod credential;
pub mod declared_fields;
pub mod duplicate_key;
pub mod hidden_text;
pub mod immutable;
pub mod provider;
pub mod request_file;
pub mod sink;
pub mod syntax;
pub mod walk;

use crate::diagnostic::{Severities, Severity};

pub use credential::CREDENTIAL;
pub use declared_fields::{
    IMPLICIT_TYPE, MISSING_PARAMETER, UNKNOWN_FIELD, UNKNOWN_PARAMETER, WRONG_TYPE,
};
pub use duplicate_key::DUPLICATE_KEY;
pub use hidden_text::{HIDDEN_CHARACTER, SURROUNDING_WHITESPACE};
pub use immutable::IMMUTABLE_CHANGE;
pub use provider::{AMBIGUOUS_PROVIDER, UNDETERMINED_PROVIDER, UNKNOWN_PROVIDER};
pub use request_file::NOT_A_REQUEST;
pub use syntax::{FILE_TOO_LARGE, SYNTAX_ERROR};

/// Metadata of a core rule.
#[derive(Debug)]
pub struct CoreRule {
    pub id: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    pub why: &'static str,
    /// A failing and a passing example (YAML request documents).
    pub fail: &'static str,
    pub pass: &'static str,
    /// Syntax errors and duplicate keys can be neither switched off nor suppressed.
    pub fixed: bool,
}

impl CoreRule {
    /// The rule's effective severity under `severities` (`None`: off).
    pub fn severity_in(&self, severities: &Severities) -> Option<Severity> {
        severities.effective(self.id, self.severity, self.fixed)
    }
}

/// The code of `errors` entries about inventories.
pub const INVALID_INVENTORY: &str = "peerlint/invalid-inventory";

pub static CONFLICTING_FACTS: CoreRule = CoreRule {
    id: "peerlint/conflicting-facts",
    severity: Severity::Warning,
    summary: "two places state different facts (CIDR blocks, region) about one VPC",
    why: "Overlap and region checks need one truth per VPC. Inventories win over documents, and earlier documents over later ones; the disagreement itself is reported so it can be fixed.",
    fail: include_str!("../../rules/core-examples/conflicting-facts.fail.yaml"),
    pass: include_str!("../../rules/core-examples/conflicting-facts.pass.yaml"),
    fixed: false,
};

pub static UNUSED_SUPPRESSION: CoreRule = CoreRule {
    id: "peerlint/unused-suppression",
    severity: Severity::Warning,
    summary: "a suppression (comment or config `ignore` entry) that matched no finding",
    why: "A stale suppression would silently hide the next real problem on that line. Suppressions of cross-document rules are exempt: a partial run cannot know.",
    fail: include_str!("../../rules/core-examples/unused-suppression.fail.yaml"),
    pass: include_str!("../../rules/core-examples/unused-suppression.pass.yaml"),
    fixed: false,
};

pub static SUPPRESSION_WITHOUT_REASON: CoreRule = CoreRule {
    id: "peerlint/suppression-without-reason",
    severity: Severity::Warning,
    summary: "a suppression without a reason after `--`",
    why: "The next reader needs to know why a finding is acceptable before they can judge whether it still is.",
    fail: include_str!("../../rules/core-examples/suppression-without-reason.fail.yaml"),
    pass: include_str!("../../rules/core-examples/suppression-without-reason.pass.yaml"),
    fixed: false,
};

/// Every core rule, in the order `peerlint rules` lists them.
pub static CORE_RULES: &[&CoreRule] = &[
    &SYNTAX_ERROR,
    &DUPLICATE_KEY,
    &FILE_TOO_LARGE,
    &MISSING_PARAMETER,
    &WRONG_TYPE,
    &IMPLICIT_TYPE,
    &UNKNOWN_PARAMETER,
    &UNKNOWN_FIELD,
    &UNKNOWN_PROVIDER,
    &AMBIGUOUS_PROVIDER,
    &UNDETERMINED_PROVIDER,
    &NOT_A_REQUEST,
    &CREDENTIAL,
    &HIDDEN_CHARACTER,
    &SURROUNDING_WHITESPACE,
    &CONFLICTING_FACTS,
    &IMMUTABLE_CHANGE,
    &UNUSED_SUPPRESSION,
    &SUPPRESSION_WITHOUT_REASON,
];

/// The core rule `id`.
pub fn core_rule(id: &str) -> Option<&'static CoreRule> {
    CORE_RULES.iter().copied().find(|r| r.id == id)
}

/// Whether `id` names a core rule that can be neither switched off nor suppressed.
pub fn is_fixed(id: &str) -> bool {
    core_rule(id).is_some_and(|r| r.fixed)
}
