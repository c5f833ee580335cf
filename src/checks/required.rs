//! `required`: members that must be present — where the API's requirement
//! is conditional (with `when`/`unless`: a bandwidth for a cross-region
//! peering) or needs an id, severity and message of its own. A path may go
//! into the items of lists (`params.Tags[].Key`: every tag needs a key).
//! Each absent member (absent, null or empty) is reported at the key of the
//! mapping it belongs in.

use super::{Args, Check, CheckKind, Finding, Place, RequestCheck, RequestInput, Scope};
use crate::dialect::reader::Reader;
use crate::dialect::{Step, Target};
use crate::document::{pointer_segment, Node, Span};

pub const KIND: CheckKind = CheckKind {
    name: "required",
    scope: Scope::Request,
    keys: &["fields"],
    vars: &["field", "path"],
    build,
};

#[derive(Debug)]
struct Required {
    fields: Vec<Target>,
}

fn build(args: &Args<'_>, r: &mut Reader) -> Option<Check> {
    let node = args.require("fields", r, "required")?;
    let items: Vec<&Node> = match node.as_sequence() {
        Some(list) => list.iter().collect(),
        None => vec![node],
    };
    let mut fields = Vec::new();
    for item in items {
        let target = (args.parse_target)(item, r)?;
        if !target.is_param() || matches!(target.steps.last(), Some(Step::Each)) {
            r.error(
                item.span,
                format!(
                    "`{}` must be a `params.` member (no trailing `[]`)",
                    target.text
                ),
            );
            return None;
        }
        // A member its spec requires is reported by
        // `peerlint/missing-parameter` already.
        if let Some(spec) = crate::rules::model::spec_at(args.params, &target.path()) {
            if spec.required {
                r.error(
                    item.span,
                    format!(
                        "`{}` is required by its field spec already (`required: true`): `peerlint/missing-parameter` reports it; drop one of the two",
                        target.text
                    ),
                );
                return None;
            }
        }
        fields.push(target);
    }
    if fields.is_empty() {
        r.error(node.span, "check `required` needs at least one field");
        return None;
    }
    Some(Check::Request(Box::new(Required { fields })))
}

/// Whether a member counts as absent: absent, null or an empty string.
fn absent(node: Option<&Node>) -> bool {
    node.is_none_or(|n| n.is_null() || n.as_str() == Some(""))
}

impl RequestCheck for Required {
    fn check(&self, input: &RequestInput<'_>) -> Vec<Finding> {
        let view = input.view;
        let mut out = Vec::new();
        for target in &self.fields {
            let Some(params) = view.params else {
                continue;
            };
            // Walk the parent path; the last key is the member required.
            let (parent_steps, last) = target.steps[1..].split_at(target.steps.len() - 2);
            let Some(Step::Key(name)) = last.first() else {
                continue;
            };
            let params_key = view.root.entry("params").map(|e| e.key.span);
            let mut parents: Vec<(&Node, String, Span)> = vec![(
                params,
                view.params_pointer.clone(),
                params_key.unwrap_or_else(|| view.source.first_token(params.span.start)),
            )];
            for step in parent_steps {
                let mut next = Vec::new();
                for (node, pointer, _) in parents {
                    match step {
                        Step::Key(k) => {
                            if let Some(e) = node.entry(k) {
                                next.push((
                                    &e.value,
                                    format!("{pointer}/{}", pointer_segment(k)),
                                    e.key.span,
                                ));
                            }
                        }
                        Step::Each => {
                            for (i, item) in node.as_sequence().unwrap_or(&[]).iter().enumerate() {
                                next.push((
                                    item,
                                    format!("{pointer}/{i}"),
                                    view.source.first_token(item.span.start),
                                ));
                            }
                        }
                    }
                }
                parents = next;
            }
            for (node, pointer, at) in parents {
                if node.as_mapping().is_none() {
                    continue;
                }
                let member = node.get(name);
                if !absent(member) {
                    continue;
                }
                let span = member
                    .filter(|m| !m.span.is_empty())
                    .map_or(at, |_| node.entry(name).map_or(at, |e| e.key.span));
                out.push(Finding {
                    message: format!("`{name}` is required here"),
                    help: Some(format!("add `{name}`")),
                    vars: vec![("field", name.clone()), ("path", target.path())],
                    at: Some((
                        format!("{pointer}/{}", pointer_segment(name)),
                        Place::Here(span),
                    )),
                    ..Finding::default()
                });
            }
        }
        out
    }

    fn summary(&self) -> String {
        let names: Vec<&str> = self.fields.iter().map(|t| t.text.as_str()).collect();
        format!("{} must be given", names.join(", "))
    }
}
