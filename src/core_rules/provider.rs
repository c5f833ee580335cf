//! `peerlint/unknown-provider`, `ambiguous-provider` and
//! `undetermined-provider`: requests whose rule set cannot be found. The
//! input layer resolves the provider (`input::resolve_provider`); this
//! reports why it could not.

use super::declared_fields::WRONG_TYPE;
use super::sink::Sink;
use super::CoreRule;
use crate::diagnostic::{escape_for_message, Severity};
use crate::document::Span;
use crate::input::{unknown_provider_help, ProviderProblem};
use crate::rules::model::RuleSets;

pub static UNKNOWN_PROVIDER: CoreRule = CoreRule {
    id: "peerlint/unknown-provider",
    severity: Severity::Error,
    summary: "the document names a provider no rule set defines",
    why: "Without its rule set, the request cannot be checked.",
    fail: include_str!("../../rules/core-examples/unknown-provider.fail.yaml"),
    pass: include_str!("../../rules/core-examples/ok.yaml"),
    fixed: false,
};

pub static AMBIGUOUS_PROVIDER: CoreRule = CoreRule {
    id: "peerlint/ambiguous-provider",
    severity: Severity::Error,
    summary: "the parameters identify two providers at once",
    why: "A request is for one API; parameters of two providers mean a mixed-up document.",
    fail: include_str!("../../rules/core-examples/ambiguous-provider.fail.yaml"),
    pass: include_str!("../../rules/core-examples/ok.yaml"),
    fixed: false,
};

pub static UNDETERMINED_PROVIDER: CoreRule = CoreRule {
    id: "peerlint/undetermined-provider",
    severity: Severity::Error,
    summary: "a request whose provider cannot be determined",
    why: "A document with `params` but neither a `provider` nor parameters that identify one cannot be checked. Name the provider in the document, with --provider, or in the config.",
    fail: include_str!("../../rules/core-examples/undetermined-provider.fail.yaml"),
    pass: include_str!("../../rules/core-examples/ok.yaml"),
    fixed: false,
};

/// Report why a request's provider could not be determined; `whole` is the
/// request's first token.
pub fn report(problem: &ProviderProblem<'_>, sets: &RuleSets, whole: Span, sink: &mut Sink<'_>) {
    match problem {
        ProviderProblem::NotAString { found, span } => sink.emit(
            &WRONG_TYPE,
            format!("provider must be a string, found {found}"),
            None,
            "/provider",
            *span,
        ),
        ProviderProblem::Unknown { name, span } => sink.emit(
            &UNKNOWN_PROVIDER,
            format!("unknown provider `{}`", escape_for_message(name, 64)),
            Some(unknown_provider_help(sets, name)),
            "/provider",
            *span,
        ),
        ProviderProblem::Ambiguous([(a, a_keys), (b, b_keys)]) => sink.emit(
            &AMBIGUOUS_PROVIDER,
            format!(
                "the parameters identify two providers: `{}` ({}) and `{}` ({})",
                a.provider,
                a_keys.join(", "),
                b.provider,
                b_keys.join(", ")
            ),
            Some("keep the parameters of one API, and name it with `provider:`".to_owned()),
            "",
            whole,
        ),
        ProviderProblem::Undetermined => {
            let known: Vec<&str> = sets.providers().collect();
            sink.emit(
                &UNDETERMINED_PROVIDER,
                "cannot tell which provider this request is for".to_owned(),
                Some(format!(
                    "add `provider:` to the document (known: {}), or pass --provider",
                    known.join(", ")
                )),
                "",
                whole,
            )
        }
    }
}
