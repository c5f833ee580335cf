//! Running a rule set's rules over one request: value (field) rules on
//! every value a target reaches, then hidden text, then request
//! (cross-field) rules.

use rustc_hash::FxHashMap as HashMap;

use super::Engine;
use crate::checks::{Check, FieldValue, Place, RequestInput};
use crate::core_rules::hidden_text::hidden_text;
use crate::core_rules::sink::Sink;
use crate::diagnostic::Severity;
use crate::dialect::Target;
use crate::document::{NodeSet, Span};
use crate::request::{RequestView, Resolved};
use crate::rules::model::{Rule, RuleSet};

impl Engine<'_> {
    /// The value-level rules of a view: field rules, then hidden characters
    /// and whitespace. Values that failed an error-level rule leave
    /// `checkable`, so they do not become facts (the cross-document rules
    /// would only repeat the problem).
    pub(super) fn value_rules(
        &self,
        set: &RuleSet,
        view: &RequestView<'_>,
        checkable: &mut NodeSet,
        sink: &mut Sink<'_>,
    ) {
        let (invalid, resolved) = field_rules(set, view, checkable, sink);
        hidden_text(set, view, &resolved, checkable, sink);
        checkable.retain(|p| !invalid.contains(p));
    }

    /// The set's request (cross-field) rules; whole-request findings go at `whole`.
    pub(super) fn request_rules(
        &self,
        set: &RuleSet,
        view: &RequestView<'_>,
        vpc: &dyn Fn(&str) -> String,
        checkable: &NodeSet,
        whole: Span,
        sink: &mut Sink<'_>,
    ) {
        let input = RequestInput {
            view,
            regions: &set.regions,
            vpc,
        };
        for rule in &set.rules {
            if !applies(rule, set, view, Some(checkable)) {
                continue;
            }
            if let Check::Request(check) = &rule.check {
                for finding in check.check(&input) {
                    let (pointer, span) = match &finding.at {
                        Some((pointer, Place::Here(span))) => (pointer.clone(), *span),
                        Some((pointer, Place::At { location, .. })) => {
                            (pointer.clone(), location.span)
                        }
                        Some((_, Place::Fact(_))) | None => (String::new(), whole),
                    };
                    let value = view.source.slice(span).to_owned();
                    sink.finding(rule, set, finding, &pointer, span, &value);
                }
            }
        }
    }
}

/// Whether `rule`'s conditions (`when`/`unless`) hold for the request. A
/// value that is not well-typed (not in `checkable`) counts as absent.
fn applies(
    rule: &Rule,
    set: &RuleSet,
    view: &RequestView<'_>,
    checkable: Option<&NodeSet>,
) -> bool {
    if rule.conditions.is_empty() {
        return true;
    }
    let value = |target: &Target| -> Option<String> {
        view.resolve(target)
            .into_iter()
            .filter(|f| target.is_derived() || checkable.is_none_or(|c| c.contains(&f.node.id())))
            .find_map(|f| {
                f.node
                    .as_scalar()
                    .filter(|s| !s.is_null())
                    .map(|s| s.value.clone())
            })
    };
    rule.conditions.apply(&value, &set.regions)
}

/// Run the set's field rules over every value the view reaches; returns
/// the values that failed an error-level rule, and the targets resolved
/// (by their text) for the value rules that follow.
fn field_rules<'s>(
    set: &'s RuleSet,
    view: &'s RequestView<'_>,
    checkable: &NodeSet,
    sink: &mut Sink<'_>,
) -> (NodeSet, Resolved<'s>) {
    let source = view.source;
    let mut failed: HashMap<usize, Vec<&str>> = HashMap::default();
    let mut invalid = NodeSet::default();
    // Many rules check the same field: each target is resolved once.
    let mut resolved = Resolved::new();
    for rule in &set.rules {
        let Check::Field(check) = &rule.check else {
            continue;
        };
        if !applies(rule, set, view, Some(checkable)) {
            continue;
        }
        for target in &rule.targets {
            for field in resolved.of(view, target) {
                if !target.is_derived() && !checkable.contains(&field.node.id()) {
                    continue;
                }
                if rule.depends_on.iter().any(|d| {
                    failed
                        .get(&field.node.id())
                        .is_some_and(|f| f.contains(&d.as_str()))
                }) {
                    continue;
                }
                // Kinds that check whole values also see lists and mappings
                // (with no text); the others see scalars only.
                let (text, skip) = match (field.node.as_scalar(), &rule.extract) {
                    (None, _) if check.checks_containers() => ("", 0),
                    (None, _) => continue,
                    (Some(scalar), Some(re)) => {
                        let Some(group) = re.captures(&scalar.value).and_then(|c| c.get(1)) else {
                            continue;
                        };
                        (
                            group.as_str(),
                            scalar.value[..group.start()].chars().count(),
                        )
                    }
                    (Some(scalar), None) => (scalar.value.as_str(), 0),
                };
                let spans = std::cell::OnceCell::new();
                let value = FieldValue {
                    field: field.field,
                    pointer: &field.pointer,
                    text,
                    span: field.node.span,
                    source,
                    regions: &set.regions,
                    node: field.node,
                    skip,
                    spans: &spans,
                };
                if let Some(mut finding) = check.check(&value) {
                    if rule.extract.is_some() && finding.narrow.is_none() {
                        let slice = value.char_spans();
                        if let (Some(first), Some(last)) =
                            (slice.and_then(|s| s.first()), slice.and_then(|s| s.last()))
                        {
                            finding.narrow = Some(Span::new(first.start, last.end));
                        }
                    }
                    failed
                        .entry(field.node.id())
                        .or_default()
                        .push(rule.id.as_str());
                    if rule.severity == Severity::Error {
                        invalid.insert(field.node.id());
                    }
                    // A finding on a part of the value (an item of a list)
                    // has its own pointer and span.
                    let pointer = match finding.at.take() {
                        Some((pointer, Place::Here(span))) => {
                            finding.narrow = Some(span);
                            pointer
                        }
                        _ => field.pointer.as_str().to_owned(),
                    };
                    sink.finding(rule, set, finding, &pointer, field.node.span, text);
                }
            }
        }
    }
    (invalid, resolved)
}
