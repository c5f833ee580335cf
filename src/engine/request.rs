//! Linting one request candidate: core rules on the whole document, the
//! provider, the declared parameters and VPC facts, then the rule set's
//! rules; what is left is the request's small record for the
//! cross-document phase.

use std::sync::Arc;

use super::{values, Engine};
use crate::core_rules::credential::credentials;
use crate::core_rules::declared_fields::{
    check_fields, check_type, unknown_keys, Fields, FieldsOf, MISSING_PARAMETER, UNKNOWN_FIELD,
    WRONG_TYPE,
};
use crate::core_rules::duplicate_key::duplicate_keys;
use crate::core_rules::provider;
use crate::core_rules::sink::Sink;
use crate::diagnostic::{Diagnostic, Location};
use crate::document::{index_pointer, key_pointer, Node, NodeSet, SourceFile, Span};
use crate::facts::{FactSource, RequestFacts};
use crate::input::{resolve_provider, unknown_values, RequestCandidate};
use crate::request::{Pointer, RequestView};
use crate::rules::model::{RuleSet, ValueType};

impl Engine<'_> {
    /// Lint one request: its findings, and its record for the
    /// cross-document phase (none when it has no usable provider or params).
    pub(super) fn lint_request(
        &self,
        source: &SourceFile,
        file: &Arc<str>,
        candidate: &RequestCandidate<'_>,
        secrets: &mut Vec<Span>,
    ) -> (Vec<Diagnostic>, Option<RequestFacts>) {
        let mut sink = Sink::new(
            &self.options.severities,
            source,
            Arc::clone(file),
            candidate.document,
        );
        duplicate_keys(candidate.root, &mut sink);
        credentials(candidate.root, "", &self.credentials, &mut sink, secrets);
        let facts = self.lint_resolved(source, candidate, &mut sink);
        (sink.out, facts)
    }

    fn lint_resolved(
        &self,
        source: &SourceFile,
        c: &RequestCandidate<'_>,
        sink: &mut Sink<'_>,
    ) -> Option<RequestFacts> {
        let set = match resolve_provider(
            self.sets,
            c.provider,
            self.options.default_provider.as_deref(),
            c.params,
        ) {
            Ok(set) => set,
            Err(problem) => {
                provider::report(&problem, self.sets, c.whole, sink);
                return None;
            }
        };
        sink.provider = Some(set.provider.clone());

        if let Some((known, note)) = c.known_keys {
            unknown_keys(c.root, known, "a request document", note, sink);
        }
        if let Some(account) = c.account {
            check_type(
                account,
                ValueType::String,
                "account",
                &Pointer::fixed("/account"),
                sink,
            );
        }
        let params = match c.params {
            Some(p) if p.as_mapping().is_some() => Some(p),
            Some(p) if p.is_null() => None,
            Some(p) => {
                sink.emit(
                    &WRONG_TYPE,
                    format!("params must be a mapping, found {}", p.type_name()),
                    None,
                    "/params",
                    p.span,
                );
                return None;
            }
            None => None,
        };
        let params_key_span = c.params_key.map_or(c.whole, |k| k.span);
        // Which values are well-typed and non-empty: only those reach the rules.
        let mut checkable = NodeSet::with_capacity_and_hasher(32, rustc_hash::FxBuildHasher);
        match params {
            Some(p) => check_fields(
                p,
                &Fields {
                    specs: &set.params,
                    base: c.params_pointer,
                    parent_span: params_key_span,
                    of: FieldsOf::Params,
                    report_unknown: true,
                },
                sink,
                &mut checkable,
            ),
            None => {
                let why = if c.params_key.is_some() {
                    "`params` is empty"
                } else {
                    "the request has no `params`"
                };
                for spec in set.params.iter().filter(|s| s.required) {
                    sink.emit(
                        &MISSING_PARAMETER,
                        format!("required parameter `{}` is missing ({why})", spec.name),
                        Some(format!("add `params:` with `{}`", spec.name)),
                        &key_pointer(c.params_pointer, &spec.name),
                        params_key_span,
                    );
                }
            }
        }
        if let Some((vpcs, key)) = c.vpcs {
            check_vpcs(set, vpcs, key.span, sink, &mut checkable);
        }
        // Values not known until apply: present, but no rule checks them
        // and they are no facts.
        for pointer in params
            .map(|p| unknown_values(p, c.params_pointer))
            .unwrap_or_default()
        {
            if let Some(node) = param_node(params, c.params_pointer, &pointer) {
                checkable.remove(&node.id());
            }
        }
        checkable.retain(|p| !sink.secrets.contains(p));
        let file = Arc::clone(&sink.file);
        let whole = Location {
            span: c.whole,
            ..Location::default()
        };
        // The well-typed values as `checkable` leaves them, with the
        // derived ones.
        let document = sink.document;
        let values_of = |checkable: &NodeSet| {
            let from = FactSource {
                source,
                file: &file,
                document,
                checkable,
            };
            let mut values = from.params(params, c.params_pointer, |k| set.param(k).is_some());
            values::add_derived(set, &mut values, &values::whole(&file, document, whole));
            values
        };
        // Derived values for the field rules, from the well-typed values.
        let early = if set.derived.is_empty() {
            Vec::new()
        } else {
            values::derived_nodes(&values_of(&checkable))
        };
        let view = RequestView {
            source,
            root: c.root,
            params,
            params_pointer: c.params_pointer.to_owned(),
            vpcs: c.vpcs.map(|(v, _)| v).filter(|v| v.as_sequence().is_some()),
            derived: &early,
        };
        // Another resource's identity is no value to check, but a fact.
        let identities: Vec<usize> = c
            .identities
            .iter()
            .filter_map(|p| param_node(params, c.params_pointer, p))
            .map(Node::id)
            .filter(|id| checkable.remove(id))
            .collect();
        self.value_rules(set, &view, &mut checkable, sink);
        checkable.extend(identities);

        let mut values = values_of(&checkable);
        let derived = values::derived_nodes(&values);
        let view = RequestView {
            derived: &derived,
            ..view
        };
        let vpc = |value: &str| values::canonical_value(set, &values, value);
        self.request_rules(set, &view, &vpc, &checkable, c.whole, sink);
        values::canonical_references(set, &mut values);
        let from = FactSource {
            source,
            file: &file,
            document,
            checkable: &checkable,
        };
        let vpcs = set
            .facts
            .as_ref()
            .map(|shape| from.vpcs(view.vpcs, &shape.roles(), "/vpcs"))
            .unwrap_or_default();
        Some(RequestFacts {
            provider: set.provider.clone(),
            file,
            document: sink.document,
            account: c.account.and_then(Node::as_str).map(str::to_owned),
            params: values,
            vpcs: values::canonical_facts(set, vpcs),
            whole,
        })
    }
}

/// The node at `pointer` (under `base`, the pointer of `params`).
fn param_node<'n>(params: Option<&'n Node>, base: &str, pointer: &str) -> Option<&'n Node> {
    params?.pointer(pointer.strip_prefix(base)?)
}

/// Check a `vpcs` list: a list of mappings with the declared fields.
pub(super) fn check_vpcs(
    set: &RuleSet,
    vpcs: &Node,
    key_span: Span,
    sink: &mut Sink<'_>,
    checkable: &mut NodeSet,
) {
    match (&set.facts, vpcs.as_sequence()) {
        (_, None) if vpcs.is_null() => {}
        (_, None) => sink.emit(
            &WRONG_TYPE,
            format!("vpcs must be a list, found {}", vpcs.type_name()),
            None,
            "/vpcs",
            vpcs.span,
        ),
        (None, Some(_)) => sink.emit(
            &UNKNOWN_FIELD,
            format!(
                "provider `{}` declares no VPC facts; `vpcs` is not checked",
                set.provider
            ),
            None,
            "/vpcs",
            key_span,
        ),
        (Some(shape), Some(items)) => {
            for (i, item) in items.iter().enumerate() {
                let pointer = index_pointer("/vpcs", i);
                if item.as_mapping().is_none() {
                    sink.emit(
                        &WRONG_TYPE,
                        format!("a vpcs entry must be a mapping, found {}", item.type_name()),
                        None,
                        &pointer,
                        item.span,
                    );
                    continue;
                }
                let fields = Fields {
                    specs: &shape.fields,
                    base: &pointer,
                    parent_span: sink.source.first_token(item.span.start),
                    of: FieldsOf::Vpc,
                    report_unknown: true,
                };
                check_fields(item, &fields, sink, checkable);
            }
        }
    }
}
