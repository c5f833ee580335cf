//! Inventories: VPC facts and existing peerings of an account, linted with
//! the same per-field rules as documents and returned as facts for the
//! cross-document phase.

use std::sync::Arc;

use rustc_hash::FxHashSet as HashSet;

use super::document_rules::{check_type, credentials, duplicate_keys, unknown_keys};
use super::sink::Sink;
use super::{first_token_len, format_name, Engine, FieldsOf, FileOutcome};
use crate::core_rules::{INVALID_INVENTORY, WRONG_TYPE};
use crate::diagnostic::{escape_for_message, Location, Severity};
use crate::document::{self, Format, Node, NodeKind, ScalarStyle, Span};
use crate::facts::{ExistingPeering, FactSource, InventoryFacts};
use crate::request::RequestView;
use crate::rules::model::ValueType;
use crate::rules::LoadError;
use crate::suggest::did_you_mean;

/// What linting an inventory file gives.
#[derive(Debug, Default)]
pub struct InventoryOutcome {
    /// Findings about its facts (and its source, for snippets).
    pub outcome: FileOutcome,
    pub inventories: Vec<InventoryFacts>,
    /// Problems that stop (part of) it from being used.
    pub errors: Vec<LoadError>,
}

/// Top-level keys of an inventory document.
pub const INVENTORY_KEYS: &[&str] = &["provider", "account", "complete", "vpcs", "peerings"];

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
        let error = |message: String, location: Option<Location>| LoadError {
            file: name.to_owned(),
            message,
            location,
            code: Some(INVALID_INVENTORY.to_owned()),
        };
        let source = match self.decode(name, bytes) {
            Ok(source) => source,
            Err(stopped) => {
                result.errors.push(error(stopped.1.message, None));
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
            result
                .errors
                .push(error(message, Some(Location::resolve(&source, e.span))));
        }
        let loaded_cleanly = parsed.errors.is_empty();
        let file: Arc<str> = Arc::from(source.name.as_str());
        let roots: Vec<&Node> = parsed
            .documents
            .iter()
            .flat_map(|root| match &root.kind {
                NodeKind::Sequence(items) => items.iter().collect::<Vec<_>>(),
                NodeKind::Scalar(s) if s.is_null() => Vec::new(),
                _ => vec![root],
            })
            .collect();
        for (index, root) in roots.into_iter().enumerate() {
            let first_token = Span::new(
                root.span.start,
                root.span.start + first_token_len(&source, root.span.start),
            );
            if root.as_mapping().is_none() {
                let message = format!(
                    "an inventory document must be a mapping, found {}",
                    root.type_name()
                );
                result.errors.push(error(
                    message,
                    Some(Location::resolve(&source, first_token)),
                ));
                continue;
            }
            let set = match root.get("provider") {
                None => {
                    let message = "an inventory document needs `provider`".to_owned();
                    result.errors.push(error(
                        message,
                        Some(Location::resolve(&source, first_token)),
                    ));
                    continue;
                }
                Some(node) => match node.as_str().and_then(|p| self.registry.get(p)) {
                    Some(set) => set,
                    None => {
                        let known: Vec<&str> = self.registry.providers().collect();
                        let given = node.as_str().unwrap_or("");
                        let hint = did_you_mean(given, known.iter().copied())
                            .map(|s| format!("did you mean `{s}`? "))
                            .unwrap_or_default();
                        let message = format!(
                            "unknown provider `{}` in inventory; {hint}known providers: {}",
                            escape_for_message(given, 64),
                            known.join(", ")
                        );
                        result
                            .errors
                            .push(error(message, Some(Location::resolve(&source, node.span))));
                        continue;
                    }
                },
            };
            let mut sink = Sink {
                engine: self,
                source: &source,
                file: Arc::clone(&file),
                document: index,
                provider: Some(set.provider.clone()),
                cap: None,
                secrets: HashSet::default(),
                out: Vec::new(),
            };
            duplicate_keys(root, &mut sink);
            credentials(root, "", &mut sink, &mut result.outcome.secrets);
            unknown_keys(root, INVENTORY_KEYS, "an inventory", "", &mut sink);
            let account = root.get("account").and_then(|node| {
                check_type(node, ValueType::String, "account", "/account", &mut sink)
                    .then(|| node.as_str().map(str::to_owned))?
            });
            let complete = match root.get("complete") {
                None => false,
                Some(node) => match node.as_str() {
                    Some("true")
                        if node.as_scalar().is_some_and(|s| {
                            s.style != ScalarStyle::DoubleQuoted
                                && s.style != ScalarStyle::SingleQuoted
                        }) =>
                    {
                        true
                    }
                    Some("false") => false,
                    _ => {
                        sink.emit(
                            WRONG_TYPE,
                            format!("`complete` must be true or false, found {}", node.type_name()),
                            Some("write `complete: true` only if `vpcs` lists every VPC of the account".to_owned()),
                            "/complete",
                            node.span,
                        );
                        false
                    }
                },
            };
            let mut checkable: HashSet<String> = HashSet::default();
            let vpcs = root.get("vpcs").filter(|v| !v.is_null());
            if let Some(vpcs_node) = vpcs {
                self.check_vpcs(set, root, vpcs_node, &mut sink, &mut checkable);
            }
            checkable.retain(|p| !sink.secrets.contains(p));
            let view = RequestView {
                source: &source,
                root,
                params: None,
                params_pointer: String::new(),
                vpcs: vpcs.filter(|v| v.as_sequence().is_some()),
            };
            self.value_rules(set, &view, &mut checkable, &mut sink);
            let from = FactSource {
                source: &source,
                file: &file,
                document: index,
                checkable: &checkable,
            };
            let vpc_facts = set
                .facts
                .as_ref()
                .map(|shape| from.vpcs(view.vpcs, &shape.roles(), "/vpcs"))
                .unwrap_or_default();

            let mut peerings = Vec::new();
            sink.cap = Some(Severity::Warning);
            match root.get("peerings").filter(|p| !p.is_null()) {
                None => {}
                Some(list) => match list.as_sequence() {
                    None => sink.emit(
                        WRONG_TYPE,
                        format!("peerings must be a list, found {}", list.type_name()),
                        None,
                        "/peerings",
                        list.span,
                    ),
                    Some(items) => {
                        for (i, item) in items.iter().enumerate() {
                            let pointer = format!("/peerings/{i}");
                            if item.as_mapping().is_none() {
                                sink.emit(
                                    WRONG_TYPE,
                                    format!(
                                        "a peering must be a mapping, found {}",
                                        item.type_name()
                                    ),
                                    None,
                                    &pointer,
                                    item.span,
                                );
                                continue;
                            }
                            let mut checkable: HashSet<String> = HashSet::default();
                            self.check_fields(
                                item,
                                &set.params,
                                &pointer,
                                item.span,
                                &mut sink,
                                &mut checkable,
                                FieldsOf::ExistingPeering,
                            );
                            checkable.retain(|p| !sink.secrets.contains(p));
                            let view = RequestView {
                                source: &source,
                                root,
                                params: Some(item),
                                params_pointer: pointer.clone(),
                                vpcs: None,
                            };
                            self.value_rules(set, &view, &mut checkable, &mut sink);
                            let from = FactSource {
                                source: &source,
                                file: &file,
                                document: index,
                                checkable: &checkable,
                            };
                            let params =
                                from.params(Some(item), &pointer, |k| set.param(k).is_some());
                            peerings.push(ExistingPeering { params });
                        }
                    }
                },
            }
            result.outcome.diagnostics.append(&mut sink.out);
            result.inventories.push(InventoryFacts {
                provider: set.provider.clone(),
                account,
                complete: complete && loaded_cleanly,
                vpcs: vpc_facts,
                peerings,
                file: Arc::clone(&file),
                document: index,
            });
        }
        // Kept: findings in request files show the inventory's lines too.
        result.outcome.source = Some(source);
        result
    }
}
