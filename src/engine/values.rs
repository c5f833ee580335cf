//! A request's values beyond what is written: the values its rule set
//! derives from the parameters (`derived:` — a VPC identity no single
//! parameter holds), and its VPC references in their canonical form
//! (`vpc_identity:` — one VPC written several ways compares equal).

use std::sync::Arc;

use crate::document::{Location, Node, NodeKind, Scalar, ScalarStyle};
use crate::facts::{Located, VpcFact};
use crate::rules::model::{Piece, RuleSet};

/// A request's values by key: dotted parameter paths and `derived.<name>`.
pub(super) type Values = Vec<(String, Located<String>)>;

fn lookup<'v>(values: &'v Values, key: &str) -> Option<&'v Located<String>> {
    values.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// Add `set`'s derived values to `values` (built from well-typed values
/// only; absent when a part is absent), placed where findings on them point.
pub(super) fn add_derived(set: &RuleSet, values: &mut Values, whole: &Located<String>) {
    for d in &set.derived {
        let (value, used) = if d.template.is_empty() {
            match d
                .from
                .iter()
                .find_map(|p| lookup(values, p).map(|v| (v, p)))
            {
                Some((v, p)) => (v.value.clone(), Some(p.as_str())),
                None => continue,
            }
        } else {
            let mut built = String::new();
            let mut complete = true;
            for piece in &d.template {
                match piece {
                    Piece::Text(t) => built.push_str(t),
                    Piece::Value(path) => match lookup(values, path) {
                        Some(v) => built.push_str(&v.value),
                        None => complete = false,
                    },
                    Piece::Group(_) => {}
                }
            }
            if !complete {
                continue;
            }
            (built, None)
        };
        let value = if d.ignore_case {
            value.to_lowercase()
        } else {
            value
        };
        let place = d
            .place(used)
            .and_then(|p| lookup(values, p))
            .unwrap_or(whole);
        values.push((
            format!("derived.{}", d.name),
            Located {
                value,
                file: Arc::clone(&place.file),
                document: place.document,
                pointer: place.pointer.clone(),
                location: place.location,
            },
        ));
    }
}

/// The canonical form of VPC reference `value` of the request whose values
/// are `values`.
pub(super) fn canonical_value(set: &RuleSet, values: &Values, value: &str) -> String {
    match &set.vpc_identity {
        Some(identity) => {
            identity.canonical(value, &|path| lookup(values, path).map(|v| v.value.clone()))
        }
        None => value.to_owned(),
    }
}

/// Rewrite the VPC references among `values` to their canonical form.
pub(super) fn canonical_references(set: &RuleSet, values: &mut Values) {
    let Some(identity) = &set.vpc_identity else {
        return;
    };
    let snapshot = values.clone();
    let param = |path: &str| lookup(&snapshot, path).map(|v| v.value.clone());
    for (key, value) in values.iter_mut() {
        if set.vpc_refs.iter().any(|r| r == key) {
            value.value = identity.canonical(&value.value, &param);
        }
    }
}

/// VPC facts with their ids (and other ids) in canonical form; rewrites
/// that need a request parameter do not apply to facts.
pub(super) fn canonical_facts(set: &RuleSet, mut facts: Vec<VpcFact>) -> Vec<VpcFact> {
    if let Some(identity) = &set.vpc_identity {
        for fact in &mut facts {
            fact.id.value = identity.canonical(&fact.id.value, &|_| None);
            for alias in &mut fact.aliases {
                alias.value = identity.canonical(&alias.value, &|_| None);
            }
        }
    }
    facts
}

/// The derived values as nodes for request checks and conditions: name,
/// a scalar node at the value's place, and that place's pointer.
pub(super) fn derived_nodes(values: &Values) -> Vec<(String, Node, String)> {
    values
        .iter()
        .filter_map(|(key, v)| {
            let name = key.strip_prefix("derived.")?;
            Some((
                name.to_owned(),
                Node {
                    span: v.location.span,
                    kind: NodeKind::Scalar(Scalar {
                        value: v.value.clone(),
                        style: ScalarStyle::Plain,
                        tag: None,
                    }),
                },
                v.pointer.clone(),
            ))
        })
        .collect()
}

/// A located value standing for the whole request (its first token).
pub(super) fn whole(file: &Arc<str>, document: usize, location: Location) -> Located<String> {
    Located {
        value: String::new(),
        file: Arc::clone(file),
        document,
        pointer: String::new(),
        location,
    }
}
