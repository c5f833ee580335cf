//! Inventories: VPC facts and existing peerings of an account, linted with
//! the same per-field rules as documents and returned as facts for the
//! cross-document phase.

use std::sync::Arc;

use super::request::check_vpcs;
use super::{format_name, values, Engine, FileOutcome};
use crate::core_rules::credential::credentials;
use crate::core_rules::declared_fields::{
    check_fields, check_type, unknown_keys, Fields, FieldsOf, WRONG_TYPE,
};
use crate::core_rules::duplicate_key::duplicate_keys;
use crate::core_rules::sink::Sink;
use crate::diagnostic::{escape_for_message, Location, Severity};
use crate::document::{self, Format, Node, NodeSet, ScalarStyle, SourceFile};
use crate::error::InputError;
use crate::facts::{ExistingPeering, FactSource, InventoryFacts};
use crate::input::inventory_doc::{self, InventoryCandidate, INVENTORY_KEYS};
use crate::input::unknown_provider_help;
use crate::request::{Pointer, RequestView};
use crate::rules::model::{RuleSet, ValueType};

/// What linting an inventory file gives.
#[derive(Debug, Default)]
pub struct InventoryOutcome {
    /// Findings about its facts (and its source, for snippets).
    pub outcome: FileOutcome,
    pub inventories: Vec<InventoryFacts>,
    /// Problems that stop (part of) it from being used.
    pub errors: Vec<InputError>,
}

impl Engine<'_> {
    /// Lint an inventory file: its VPC facts and existing peerings are
    /// checked with the per-field rules (findings on existing peerings are
    /// at most warnings: they exist already), and its facts are returned. A
    /// file that does not parse, or a document without a known provider, is
    /// an error: its `complete` claim is ignored.
    pub fn lint_inventory(&self, name: &str, bytes: Vec<u8>, format: Format) -> InventoryOutcome {
        let mut result = InventoryOutcome {
            outcome: FileOutcome {
                file: name.to_owned(),
                ..FileOutcome::default()
            },
            inventories: Vec::new(),
            errors: Vec::new(),
        };
        let source = match self.decode(name, bytes) {
            Ok(source) => source,
            Err(stopped) => {
                result
                    .errors
                    .push(InputError::inventory(name, stopped.1.message, None));
                return result;
            }
        };
        let parsed = document::parse(&source.text, format);
        for e in &parsed.errors {
            let message = format!(
                "inventory {} syntax error: {}",
                format_name(format),
                e.message
            );
            result.errors.push(InputError::inventory(
                name,
                message,
                Some(Location::resolve(&source, e.span)),
            ));
        }
        let loaded_cleanly = parsed.errors.is_empty();
        let file: Arc<str> = Arc::from(source.name.as_str());
        for candidate in inventory_doc::candidates(&parsed, &source) {
            let candidate = match candidate {
                Ok(c) => c,
                Err(problem) => {
                    result.errors.push(InputError::inventory(
                        name,
                        problem.message,
                        Some(Location::resolve(&source, problem.span)),
                    ));
                    continue;
                }
            };
            let Some(set) = candidate.provider.as_str().and_then(|p| self.sets.get(p)) else {
                let given = candidate.provider.as_str().unwrap_or("");
                let message = format!(
                    "unknown provider `{}` in inventory; {}",
                    escape_for_message(given, 64),
                    unknown_provider_help(self.sets, given)
                );
                result.errors.push(InputError::inventory(
                    name,
                    message,
                    Some(Location::resolve(&source, candidate.provider.span)),
                ));
                continue;
            };
            let mut sink = Sink::new(
                &self.options.severities,
                &source,
                Arc::clone(&file),
                candidate.document,
            );
            sink.provider = Some(set.provider.clone());
            let facts = self.lint_inventory_document(
                set,
                &source,
                &candidate,
                &mut sink,
                &mut result.outcome.secrets,
            );
            result.outcome.diagnostics.append(&mut sink.out);
            result.inventories.push(InventoryFacts {
                complete: facts.complete && loaded_cleanly,
                ..facts
            });
        }
        // Kept: findings in request files show the inventory's lines too.
        result.outcome.source = Some(source);
        result
    }

    fn lint_inventory_document(
        &self,
        set: &RuleSet,
        source: &SourceFile,
        c: &InventoryCandidate<'_>,
        sink: &mut Sink<'_>,
        secrets: &mut Vec<crate::document::Span>,
    ) -> InventoryFacts {
        duplicate_keys(c.root, sink);
        credentials(c.root, "", &self.credentials, sink, secrets);
        unknown_keys(c.root, INVENTORY_KEYS, "an inventory", "", sink);
        let account = c.account.and_then(|node| {
            check_type(
                node,
                ValueType::String,
                "account",
                &Pointer::fixed("/account"),
                sink,
            )
            .then(|| node.as_str().map(str::to_owned))?
        });
        let complete = c.complete.is_some_and(|node| complete_claim(node, sink));
        let mut checkable = NodeSet::default();
        if let Some(vpcs) = c.vpcs {
            let key = c.root.entry("vpcs").map_or(vpcs.span, |e| e.key.span);
            check_vpcs(set, vpcs, key, sink, &mut checkable);
        }
        checkable.retain(|p| !sink.secrets.contains(p));
        let view = RequestView {
            source,
            root: c.root,
            params: None,
            params_pointer: String::new(),
            vpcs: c.vpcs.filter(|v| v.as_sequence().is_some()),
            derived: &[],
        };
        self.value_rules(set, &view, &mut checkable, sink);
        let vpc_facts = {
            let from = FactSource {
                source,
                file: &sink.file,
                document: c.document,
                checkable: &checkable,
            };
            let facts = set
                .facts
                .as_ref()
                .map(|shape| from.vpcs(view.vpcs, &shape.roles(), "/vpcs"))
                .unwrap_or_default();
            values::canonical_facts(set, facts)
        };
        sink.cap = Some(Severity::Warning);
        let peerings = match c.peerings {
            None => Vec::new(),
            Some(list) => match list.as_sequence() {
                None => {
                    sink.emit(
                        &WRONG_TYPE,
                        format!("peerings must be a list, found {}", list.type_name()),
                        None,
                        "/peerings",
                        list.span,
                    );
                    Vec::new()
                }
                Some(items) => items
                    .iter()
                    .enumerate()
                    .filter_map(|(i, item)| self.existing_peering(set, source, c, i, item, sink))
                    .collect(),
            },
        };
        InventoryFacts {
            provider: set.provider.clone(),
            account,
            complete,
            vpcs: vpc_facts,
            peerings,
            file: Arc::clone(&sink.file),
            document: c.document,
        }
    }

    /// One entry of `peerings`: its fields checked (nothing is required),
    /// its well-typed parameters kept.
    fn existing_peering(
        &self,
        set: &RuleSet,
        source: &SourceFile,
        c: &InventoryCandidate<'_>,
        i: usize,
        item: &Node,
        sink: &mut Sink<'_>,
    ) -> Option<ExistingPeering> {
        let pointer = format!("/peerings/{i}");
        if item.as_mapping().is_none() {
            sink.emit(
                &WRONG_TYPE,
                format!("a peering must be a mapping, found {}", item.type_name()),
                None,
                &pointer,
                item.span,
            );
            return None;
        }
        let mut checkable = NodeSet::default();
        let fields = Fields {
            specs: &set.params,
            base: &pointer,
            parent_span: item.span,
            of: FieldsOf::ExistingPeering,
            report_unknown: true,
        };
        check_fields(item, &fields, sink, &mut checkable);
        checkable.retain(|p| !sink.secrets.contains(p));
        let view = RequestView {
            source,
            root: c.root,
            params: Some(item),
            params_pointer: pointer.clone(),
            vpcs: None,
            derived: &[],
        };
        self.value_rules(set, &view, &mut checkable, sink);
        let from = FactSource {
            source,
            file: &sink.file,
            document: c.document,
            checkable: &checkable,
        };
        let mut params = from.params(Some(item), &pointer, |k| set.param(k).is_some());
        let whole = Location::resolve(source, source.first_token(item.span.start));
        values::add_derived(
            set,
            &mut params,
            &values::whole(&sink.file, c.document, whole),
        );
        values::canonical_references(set, &mut params);
        Some(ExistingPeering { params })
    }
}

/// `complete: true` (unquoted) or `false`; anything else is reported and counts as false.
fn complete_claim(node: &Node, sink: &mut Sink<'_>) -> bool {
    let unquoted = node.as_scalar().is_some_and(|s| {
        s.style != ScalarStyle::DoubleQuoted && s.style != ScalarStyle::SingleQuoted
    });
    match node.as_str() {
        Some("true") if unquoted => true,
        Some("false") => false,
        _ => {
            let yaml11 = node.as_scalar().filter(|s| {
                s.style == ScalarStyle::Plain
                    && s.implicit_type() == Some(crate::document::ImplicitType::Bool)
            });
            let message = match yaml11 {
                Some(s) => format!(
                    "`complete: {}` is a boolean to YAML 1.1 loaders only; `complete` must be `true` or `false`",
                    s.value
                ),
                None => format!(
                    "`complete` must be `true` or `false`, found {}",
                    node.type_name()
                ),
            };
            sink.emit(
                &WRONG_TYPE,
                message,
                Some(
                    "write `complete: true` only if `vpcs` lists every VPC of the account"
                        .to_owned(),
                ),
                "/complete",
                node.span,
            );
            false
        }
    }
}
