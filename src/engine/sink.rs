//! The collector of one request's findings: severities (config overrides,
//! the inventory cap), rule templates, and resolved locations.

use std::sync::Arc;

use rustc_hash::FxHashSet as HashSet;

use super::Engine;
use crate::checks::Violation;
use crate::core_rules::core_rule;
use crate::diagnostic::{Diagnostic, Label, Location, Severity};
use crate::document::{SourceFile, Span};
use crate::rules::model::{Rule, RuleSet};
use crate::rules::template::rule_text;

/// Collects one request's diagnostics.
pub(super) struct Sink<'e, 's> {
    pub(super) engine: &'e Engine<'e>,
    pub(super) source: &'s SourceFile,
    pub(super) file: Arc<str>,
    pub(super) document: usize,
    pub(super) provider: Option<String>,
    /// Highest severity allowed (inventory peerings: they exist already).
    pub(super) cap: Option<Severity>,
    /// Pointers of secret values: no other rule looks at them, so no
    /// message, help or fix can repeat them.
    pub(super) secrets: HashSet<String>,
    pub(super) out: Vec<Diagnostic>,
}

impl Sink<'_, '_> {
    pub(super) fn severity(&self, code: &str, default: Severity) -> Option<Severity> {
        let severity = self.engine.options.severity_of(code, default)?;
        Some(match self.cap {
            Some(cap) if core_rule(code).is_none_or(|r| !r.fixed) => severity.min(cap),
            _ => severity,
        })
    }

    /// An engine-rule finding.
    pub(super) fn emit(
        &mut self,
        code: &str,
        message: String,
        help: Option<String>,
        pointer: &str,
        span: Span,
    ) {
        self.emit_labelled(code, message, help, pointer, span, Vec::new());
    }

    pub(super) fn emit_labelled(
        &mut self,
        code: &str,
        message: String,
        help: Option<String>,
        pointer: &str,
        span: Span,
        labels: Vec<(Span, String)>,
    ) {
        let default = core_rule(code).map_or(Severity::Error, |r| r.severity);
        let Some(severity) = self.severity(code, default) else {
            return;
        };
        self.out.push(Diagnostic {
            file: self.source.name.clone(),
            document: Some(self.document),
            provider: self.provider.clone(),
            code: code.to_owned(),
            severity,
            message,
            help,
            url: None,
            api_error: None,
            pointer: pointer.to_owned(),
            location: Location::resolve(self.source, span),
            labels: labels
                .into_iter()
                .map(|(span, message)| Label {
                    message,
                    file: None,
                    location: Location::resolve(self.source, span),
                })
                .collect(),
            suppressed: None,
            label: None,
        });
    }

    /// A rule-file rule's finding, with the rule's templates applied.
    pub(super) fn violation(
        &mut self,
        rule: &Rule,
        set: &RuleSet,
        violation: Violation,
        pointer: &str,
        value_span: Span,
        value: &str,
    ) {
        let Some(severity) = self.severity(&rule.id, rule.severity) else {
            return;
        };
        let (message, help) = rule_text(
            rule,
            set,
            pointer,
            value,
            &violation.vars,
            &violation.message,
            violation.help.as_deref(),
        );
        let span = violation.span.unwrap_or(value_span);
        let label = violation.label.clone();
        self.out.push(Diagnostic {
            file: self.source.name.clone(),
            document: Some(self.document),
            provider: Some(set.provider.clone()),
            code: rule.id.clone(),
            severity,
            message,
            help,
            url: rule.url.clone(),
            api_error: rule.api_error.clone(),
            pointer: pointer.to_owned(),
            location: Location::resolve(self.source, span),
            labels: violation
                .labels
                .into_iter()
                .map(|l| Label {
                    message: l.message,
                    location: match &l.file {
                        None => Location::resolve(self.source, l.span),
                        Some(_) => Location {
                            span: l.span,
                            ..Location::default()
                        },
                    },
                    file: l.file,
                })
                .collect(),
            suppressed: None,
            label,
        });
    }
}
