//! The collector of one request's findings: severities (config overrides,
//! the inventory cap), rule templates, resolved locations and fixes. Core
//! rules and rule-file rules both report through it; the cross-document
//! phase builds its diagnostics with the same [`rule_diagnostic`].

use std::sync::Arc;

use rustc_hash::FxHashSet as HashSet;

use super::CoreRule;
use crate::checks::{Finding, Place};
use crate::diagnostic::{Diagnostic, Label, Location, Severities, Severity};
use crate::document::{SourceFile, Span};
use crate::fix::Fix;
use crate::rules::model::{Rule, RuleSet};
use crate::rules::template::rule_text;

/// Collects one request's diagnostics.
pub struct Sink<'s> {
    pub severities: &'s Severities,
    pub source: &'s SourceFile,
    pub file: Arc<str>,
    pub document: usize,
    pub provider: Option<String>,
    /// Highest severity allowed (inventory peerings: they exist already).
    pub cap: Option<Severity>,
    /// Pointers of secret values: no other rule looks at them, so no
    /// message, help or fix can repeat them.
    pub secrets: crate::document::NodeSet,
    pub out: Vec<Diagnostic>,
}

impl<'s> Sink<'s> {
    /// A sink for request (or inventory document) `document` of `source`.
    pub fn new(
        severities: &'s Severities,
        source: &'s SourceFile,
        file: Arc<str>,
        document: usize,
    ) -> Sink<'s> {
        Sink {
            severities,
            source,
            file,
            document,
            provider: None,
            cap: None,
            secrets: HashSet::default(),
            out: Vec::new(),
        }
    }

    fn severity(&self, id: &str, default: Severity, fixed: bool) -> Option<Severity> {
        let severity = self.severities.effective(id, default, fixed)?;
        Some(match self.cap {
            Some(cap) if !fixed => severity.min(cap),
            _ => severity,
        })
    }

    /// A core-rule finding.
    pub fn emit(
        &mut self,
        rule: &CoreRule,
        message: String,
        help: Option<String>,
        pointer: &str,
        span: Span,
    ) {
        self.push_core(rule, message, help, pointer, span, Vec::new(), None);
    }

    /// A core-rule finding with secondary spans in the same file.
    pub fn emit_labelled(
        &mut self,
        rule: &CoreRule,
        message: String,
        help: Option<String>,
        pointer: &str,
        span: Span,
        labels: Vec<(Span, String)>,
    ) {
        self.push_core(rule, message, help, pointer, span, labels, None);
    }

    /// A core-rule finding with a fix.
    pub fn emit_fixable(
        &mut self,
        rule: &CoreRule,
        message: String,
        help: Option<String>,
        pointer: &str,
        span: Span,
        fix: Option<Fix>,
    ) {
        self.push_core(rule, message, help, pointer, span, Vec::new(), fix);
    }

    #[allow(clippy::too_many_arguments)]
    fn push_core(
        &mut self,
        rule: &CoreRule,
        message: String,
        help: Option<String>,
        pointer: &str,
        span: Span,
        labels: Vec<(Span, String)>,
        fix: Option<Fix>,
    ) {
        let Some(severity) = self.severity(rule.id, rule.severity, rule.fixed) else {
            return;
        };
        let mut d = Diagnostic::new(
            self.source.name.clone(),
            rule.id,
            severity,
            message,
            Location::resolve(self.source, span),
        );
        d.document = Some(self.document);
        d.provider = self.provider.clone();
        d.help = help;
        d.pointer = pointer.to_owned();
        d.labels = labels
            .into_iter()
            .map(|(span, message)| Label {
                message,
                file: None,
                location: Location::resolve(self.source, span),
            })
            .collect();
        d.fix = self.resolved(fix);
        self.out.push(d);
    }

    fn resolved(&self, fix: Option<Fix>) -> Option<Fix> {
        fix.map(|mut f| {
            f.resolve(self.source);
            f
        })
    }

    /// A rule-file rule's finding on a value (or, for request checks, where
    /// the finding says), with the rule's templates applied.
    pub fn finding(
        &mut self,
        rule: &Rule,
        set: &RuleSet,
        mut finding: Finding,
        pointer: &str,
        value_span: Span,
        value: &str,
    ) {
        let Some(severity) = self.severity(&rule.id, rule.severity, false) else {
            return;
        };
        let span = finding.narrow.unwrap_or(value_span);
        let labels = std::mem::take(&mut finding.labels)
            .into_iter()
            .map(|l| {
                let (file, location) = self.place(&l.place);
                Label {
                    message: l.message,
                    file,
                    location,
                }
            })
            .collect();
        let fix = rule.fix.apply(self.resolved(finding.fix.take()));
        let mut d = rule_diagnostic(
            rule,
            set,
            severity,
            &self.source.name,
            self.document,
            pointer,
            Location::resolve(self.source, span),
            value,
            finding,
            labels,
        );
        d.fix = fix;
        self.out.push(d);
    }

    /// `(file, location)` of a place: `None` for this sink's own file.
    fn place(&self, place: &Place) -> (Option<String>, Location) {
        match place {
            Place::Here(span) => (None, Location::resolve(self.source, *span)),
            Place::At { file, location } if **file == *self.file => (None, *location),
            Place::At { file, location } => (Some(file.to_string()), *location),
            // Records of the cross-document phase are not placed here.
            Place::Fact(_) => (None, Location::default()),
        }
    }
}

/// The diagnostic of a rule-file rule's finding at `location` in `file`
/// (per-document and cross-document phases alike).
#[allow(clippy::too_many_arguments)]
pub fn rule_diagnostic(
    rule: &Rule,
    set: &RuleSet,
    severity: Severity,
    file: &str,
    document: usize,
    pointer: &str,
    location: Location,
    value: &str,
    finding: Finding,
    labels: Vec<Label>,
) -> Diagnostic {
    let (message, help) = rule_text(
        rule,
        set,
        pointer,
        value,
        &finding.vars,
        &finding.message,
        finding.help.as_deref(),
    );
    let mut d = Diagnostic::new(file, rule.id.clone(), severity, message, location);
    d.document = Some(document);
    d.provider = Some(set.provider.clone());
    d.help = help;
    // The rule's own link, else its API's reference.
    d.url = rule.url.clone().or_else(|| set.docs.clone());
    d.api_error = rule.api_error.clone();
    d.pointer = pointer.to_owned();
    d.labels = labels;
    d.label = finding.label;
    d
}
