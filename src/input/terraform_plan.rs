//! Terraform plans in JSON (`terraform show -json PLANFILE`): a `.json` file
//! whose top level has `format_version` (`1.x`) and `resource_changes`.
//!
//! Each `resource_changes[]` entry of a mapped resource type whose
//! `change.actions` contain `create` is a request, with the values of
//! `change.after`. A member marked in `after_unknown` is unknown (present,
//! checked by no rule) unless the configuration shows it refers to a VPC
//! resource of the plan: then it is that VPC's identity, as in a
//! configuration file. A member marked in `after_sensitive` is never shown:
//! it is unknown to the rules and its text is masked. Findings point into
//! the plan (`/resource_changes/3/change/after/peer_owner_id`) and label the
//! resource's `address`.
//!
//! An `update` of a resource whose mapping lists `immutable` arguments is
//! checked for changes to them: the provider cannot make them in place.
//! `delete`, `no-op` and `read` entries are not requests; VPC resources
//! that will exist after the plan (`after` not null) state VPC facts, under
//! their id when it is known, else under their address after the plan
//! file's name.

use std::collections::HashMap;
use std::sync::Arc;

use super::terraform::{
    fact_role, normalized, qualified, request_type, states_facts, vpc_type, ArgumentValue, Builder,
    FactRole, ResourceRequests,
};
use super::{InputFinding, InputProblem};
use crate::diagnostic::{escape_for_message, Label, Location};
use crate::dialect::cidr::parse_cidr;
use crate::document::{pointer_segment, Node, NodeKind, ScalarStyle, SourceFile, Span};
use crate::facts::{InventoryFacts, Located, VpcFact};
use crate::rules::model::RuleSets;

/// Whether a JSON document is a plan.
pub fn is_plan(root: &Node) -> bool {
    root.get("format_version").is_some() && root.get("resource_changes").is_some()
}

/// Whether `node` is the JSON `true`.
fn is_true(node: Option<&Node>) -> bool {
    node.and_then(Node::as_scalar)
        .is_some_and(|s| s.style == ScalarStyle::JsonBool && s.value == "true")
}

/// Whether any leaf under `node` is `true` (a sensitivity or unknown mark).
fn any_true(node: Option<&Node>) -> bool {
    let Some(node) = node else {
        return false;
    };
    match &node.kind {
        NodeKind::Scalar(_) => is_true(Some(node)),
        NodeKind::Mapping(entries) => entries.iter().any(|e| any_true(Some(&e.value))),
        NodeKind::Sequence(items) => items.iter().any(|i| any_true(Some(i))),
    }
}

/// The mark for member `name` of a mark structure (`after_unknown`,
/// `after_sensitive`), which may be `true` as a whole.
fn mark<'n>(marks: Option<&'n Node>, name: &str) -> Option<&'n Node> {
    let marks = marks?;
    if is_true(Some(marks)) {
        return Some(marks);
    }
    marks.get(name)
}

/// One entry of `resource_changes`.
struct Change<'p> {
    index: usize,
    entry: &'p Node,
    address: Option<&'p Node>,
    resource_type: &'p str,
    name: &'p str,
    module: Option<&'p str>,
    actions: Vec<&'p str>,
    change: Option<&'p Node>,
}

impl<'p> Change<'p> {
    fn read(index: usize, entry: &'p Node) -> Option<Change<'p>> {
        if entry.get("mode").and_then(Node::as_str) == Some("data") {
            return None;
        }
        let change = entry.get("change");
        Some(Change {
            index,
            entry,
            address: entry.get("address"),
            resource_type: entry.get("type")?.as_str()?,
            name: entry.get("name").and_then(Node::as_str).unwrap_or(""),
            module: entry.get("module_address").and_then(Node::as_str),
            actions: change
                .and_then(|c| c.get("actions"))
                .and_then(Node::as_sequence)
                .unwrap_or(&[])
                .iter()
                .filter_map(Node::as_str)
                .collect(),
            change,
        })
    }

    fn address(&self) -> String {
        match self.address.and_then(Node::as_str) {
            Some(a) => a.to_owned(),
            None => {
                let own = format!("{}.{}", self.resource_type, self.name);
                match self.module {
                    Some(m) => format!("{m}.{own}"),
                    None => own,
                }
            }
        }
    }

    /// Where findings about the whole resource go: its address.
    fn whole(&self) -> Span {
        self.address.map_or(self.entry.span, |a| a.span)
    }

    fn part(&self, key: &str) -> Option<&'p Node> {
        self.change.and_then(|c| c.get(key))
    }

    fn pointer(&self, part: &str) -> String {
        format!("/resource_changes/{}/change/{part}", self.index)
    }
}

/// The requests, VPC facts and immutable-argument findings of a plan.
pub fn plan_requests<'p>(
    root: &'p Node,
    source: &SourceFile,
    sets: &RuleSets,
) -> ResourceRequests<'p> {
    let mut out = ResourceRequests::default();
    if let Some(version) = root.get("format_version") {
        let text = version.as_str().unwrap_or("");
        if text.split('.').next() != Some("1") || version.as_scalar().is_none() {
            out.findings.push(InputFinding {
                problem: InputProblem::Unreadable,
                document: None,
                provider: None,
                message: format!(
                    "plan format_version `{}` is not supported (peerlint reads 1.x); the plan is not linted",
                    escape_for_message(text, 32)
                ),
                help: None,
                pointer: "/format_version".to_owned(),
                span: version.span,
                labels: Vec::new(),
                rename: None,
            });
            return out;
        }
    }
    let changes: Vec<Change<'p>> = root
        .get("resource_changes")
        .and_then(Node::as_sequence)
        .unwrap_or(&[])
        .iter()
        .enumerate()
        .filter_map(|(i, e)| Change::read(i, e))
        .collect();
    let file: Arc<str> = Arc::from(source.name.as_str());
    // VPCs after the plan, by address (with and without the instance key).
    let mut vpc_ids: HashMap<String, String> = HashMap::new();
    for change in &changes {
        let Some((set, vpc)) = vpc_type(sets, change.resource_type) else {
            continue;
        };
        let Some(after) = change.part("after").filter(|a| a.as_mapping().is_some()) else {
            continue;
        };
        out.declares_vpcs = true;
        let unknown = change.part("after_unknown");
        let sensitive = change.part("after_sensitive");
        let address = change.address();
        let known_id = (!is_true(mark(unknown, "id")) && !any_true(mark(sensitive, "id")))
            .then(|| after.get("id").and_then(Node::as_str))
            .flatten()
            .filter(|id| !id.is_empty());
        let id = known_id.map_or_else(|| qualified(&source.name, &address), str::to_owned);
        vpc_ids.insert(address.clone(), id.clone());
        if let Some(bare) = address
            .strip_suffix(']')
            .and_then(|a| a.rfind('[').map(|i| &a[..i]))
        {
            vpc_ids.entry(bare.to_owned()).or_insert_with(|| id.clone());
        }
        let Some(shape) = set.facts.as_ref() else {
            continue;
        };
        let located = |value: String, pointer: String, span: Span| Located {
            value,
            file: Arc::clone(&file),
            document: change.index,
            pointer,
            location: Location::resolve(source, span),
        };
        let mut fact = VpcFact {
            id: located(id, change.pointer("after"), change.whole()),
            cidrs: None,
            region: None,
            account: None,
            aliases: Vec::new(),
        };
        for (argument, field) in &vpc.facts {
            if is_true(mark(unknown, argument)) || any_true(mark(sensitive, argument)) {
                continue;
            }
            let Some(value) = after.get(argument).filter(|v| !v.is_null()) else {
                continue;
            };
            let pointer = format!("{}/{}", change.pointer("after"), pointer_segment(argument));
            let texts: Vec<(&str, String, Span)> = match &value.kind {
                NodeKind::Scalar(s) => vec![(s.value.as_str(), pointer, value.span)],
                NodeKind::Sequence(items) => items
                    .iter()
                    .enumerate()
                    .filter_map(|(i, n)| Some((n.as_str()?, format!("{pointer}/{i}"), n.span)))
                    .collect(),
                NodeKind::Mapping(_) => continue,
            };
            let role = fact_role(shape, field);
            if role == Some(FactRole::Cidrs) {
                let list = fact.cidrs.get_or_insert_with(Vec::new);
                for (text, pointer, span) in texts {
                    if let Some(net) = parse_cidr(text) {
                        list.push(located(text.to_owned(), pointer, span).with_value(net));
                    }
                }
            } else if role == Some(FactRole::Region) {
                fact.region = texts
                    .into_iter()
                    .next()
                    .map(|(t, p, s)| located(t.to_owned(), p, s));
            } else if role == Some(FactRole::Account) {
                fact.account = texts.into_iter().next().map(|(t, _, _)| t.to_owned());
            }
        }
        if !states_facts(&fact) {
            continue;
        }
        out.facts.push(InventoryFacts {
            provider: set.provider.clone(),
            account: None,
            complete: false,
            vpcs: vec![fact],
            peerings: Vec::new(),
            file: Arc::clone(&file),
            document: change.index,
        });
    }
    for change in &changes {
        let Some((set, mapping)) = request_type(sets, change.resource_type) else {
            continue;
        };
        if change.actions.contains(&"create") {
            request(root, change, set, mapping, source, &vpc_ids, &mut out);
        } else if change.actions == ["update"] {
            immutable_changes(change, set, mapping, &mut out);
        }
    }
    if out.requests.is_empty() && out.findings.is_empty() {
        out.skipped = 1;
    }
    out
}

/// A created resource as a request.
fn request<'p>(
    root: &'p Node,
    change: &Change<'p>,
    set: &crate::rules::model::RuleSet,
    mapping: &crate::rules::terraform::ResourceMapping,
    source: &SourceFile,
    vpc_ids: &HashMap<String, String>,
    out: &mut ResourceRequests<'p>,
) {
    let Some(after) = change.part("after").filter(|a| a.as_mapping().is_some()) else {
        return;
    };
    let unknown = change.part("after_unknown");
    let sensitive = change.part("after_sensitive");
    let config = config_resource(root, change);
    let mut builder = Builder::new(set, mapping, change.index, change.pointer("after"));
    for argument in &mapping.arguments {
        let name = argument.argument.as_str();
        let value = after.get(name);
        let key_span = after.entry(name).map_or(change.whole(), |e| e.key.span);
        if any_true(mark(sensitive, name)) {
            if let Some(v) = value.filter(|v| !v.is_null()) {
                out.secrets.push(v.span);
                builder.place(
                    name,
                    ArgumentValue::Unknown("(sensitive)".to_owned(), v.span),
                    key_span,
                );
            } else if is_true(mark(unknown, name)) {
                let span = unknown_span(unknown, name, change);
                builder.place(
                    name,
                    ArgumentValue::Unknown("(known after apply)".to_owned(), span),
                    key_span,
                );
            }
            continue;
        }
        if is_true(mark(unknown, name)) {
            let span = unknown_span(unknown, name, change);
            builder.point(
                name,
                &format!(
                    "{}/{}",
                    change.pointer("after_unknown"),
                    pointer_segment(name)
                ),
            );
            let value = match referenced_vpc(config, name, change.module, vpc_ids) {
                Some(id) => ArgumentValue::Identity(id, span),
                None => ArgumentValue::Unknown("(known after apply)".to_owned(), span),
            };
            builder.place(name, value, key_span);
            continue;
        }
        if let Some(v) = value.filter(|v| !v.is_null()) {
            builder.place(
                name,
                ArgumentValue::Known(normalized(v, false), None),
                key_span,
            );
        }
    }
    builder.renaming.always = change.address.map(|a| Label {
        message: format!("resource {}", escape_for_message(&change.address(), 200)),
        file: None,
        location: Location::resolve(source, a.span),
    });
    builder.renaming.no_fixes = true;
    let (request, findings) = builder.finish(after, change.whole());
    out.findings.extend(findings);
    out.requests.push(request);
}

/// Where an unknown member is marked.
fn unknown_span(unknown: Option<&Node>, name: &str, change: &Change<'_>) -> Span {
    unknown
        .and_then(|u| u.get(name))
        .map_or(change.whole(), |n| n.span)
}

/// The configuration block of a change (for references).
fn config_resource<'p>(root: &'p Node, change: &Change<'_>) -> Option<&'p Node> {
    let mut module = root.get("configuration")?.get("root_module")?;
    for call in module_calls(change.module.unwrap_or("")) {
        module = module.get("module_calls")?.get(&call)?.get("module")?;
    }
    module.get("resources")?.as_sequence()?.iter().find(|r| {
        r.get("type").and_then(Node::as_str) == Some(change.resource_type)
            && r.get("name").and_then(Node::as_str) == Some(change.name)
            && r.get("mode").and_then(Node::as_str) != Some("data")
    })
}

/// `module.a["x"].module.b[0]` → `["a", "b"]`.
fn module_calls(address: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = address;
    while let Some(after) = rest.strip_prefix("module.") {
        let end = after.find(['.', '[']).unwrap_or(after.len());
        out.push(after[..end].to_owned());
        rest = &after[end..];
        if rest.starts_with('[') {
            match rest.find(']') {
                Some(i) => rest = &rest[i + 1..],
                None => break,
            }
        }
        rest = rest.strip_prefix('.').unwrap_or(rest);
    }
    out
}

/// The id of the plan's VPC that the configuration's expression of
/// `argument` refers to (`acme_net.app.id`, `acme_net.app[0].id`).
fn referenced_vpc(
    config: Option<&Node>,
    argument: &str,
    module: Option<&str>,
    vpc_ids: &HashMap<String, String>,
) -> Option<String> {
    let references = config?
        .get("expressions")?
        .get(argument)?
        .get("references")?
        .as_sequence()?;
    let prefix = module.map_or(String::new(), |m| format!("{m}."));
    references.iter().filter_map(Node::as_str).find_map(|r| {
        let mut parts = r.splitn(3, '.');
        let (resource_type, name) = (parts.next()?, parts.next()?);
        // `acme_net.app[0]` keeps its key; `acme_net.app` is the first instance.
        vpc_ids
            .get(&format!("{prefix}{resource_type}.{name}"))
            .cloned()
    })
}

/// A canonical text of a JSON value, to compare `before` and `after`.
fn canonical(node: Option<&Node>) -> String {
    let Some(node) = node else {
        return "null".to_owned();
    };
    match &node.kind {
        NodeKind::Scalar(s) if s.is_null() => "null".to_owned(),
        NodeKind::Scalar(s) => match s.style {
            ScalarStyle::DoubleQuoted => format!("{:?}", s.value),
            _ => s.value.clone(),
        },
        NodeKind::Sequence(items) => format!(
            "[{}]",
            items
                .iter()
                .map(|i| canonical(Some(i)))
                .collect::<Vec<_>>()
                .join(",")
        ),
        NodeKind::Mapping(entries) => {
            let mut parts: Vec<String> = entries
                .iter()
                .map(|e| {
                    format!(
                        "{:?}:{}",
                        e.key.as_str().unwrap_or(""),
                        canonical(Some(&e.value))
                    )
                })
                .collect();
            parts.sort();
            format!("{{{}}}", parts.join(","))
        }
    }
}

/// A value as a message shows it.
fn shown(node: Option<&Node>) -> String {
    match node.map(|n| &n.kind) {
        None => "null".to_owned(),
        Some(NodeKind::Scalar(s)) if s.is_null() => "null".to_owned(),
        Some(NodeKind::Scalar(s)) => format!("`{}`", escape_for_message(&s.value, 64)),
        Some(NodeKind::Sequence(_)) => "a list".to_owned(),
        Some(NodeKind::Mapping(_)) => "a mapping".to_owned(),
    }
}

/// An in-place update that changes an argument the provider cannot change.
fn immutable_changes(
    change: &Change<'_>,
    set: &crate::rules::model::RuleSet,
    mapping: &crate::rules::terraform::ResourceMapping,
    out: &mut ResourceRequests<'_>,
) {
    let (before, after) = (change.part("before"), change.part("after"));
    let address = change.address();
    for name in &mapping.immutable {
        if is_true(mark(change.part("after_unknown"), name)) {
            continue;
        }
        let old = before.and_then(|b| b.get(name));
        let new = after.and_then(|a| a.get(name));
        if canonical(old) == canonical(new) {
            continue;
        }
        let hidden = any_true(mark(change.part("before_sensitive"), name))
            || any_true(mark(change.part("after_sensitive"), name));
        if hidden {
            out.secrets
                .extend(old.iter().chain(new.iter()).map(|n| n.span));
        }
        let params: Vec<String> = mapping
            .argument(name)
            .map(|a| a.target.paths().iter().map(|p| p.join(".")).collect())
            .unwrap_or_default();
        let shown_name = if params.is_empty() || params == [name.clone()] {
            name.clone()
        } else {
            format!("{name} ({})", params.join(", "))
        };
        let span = new.map_or(change.whole(), |n| n.span);
        let mut labels = Vec::new();
        if let (Some(old), false) = (old, hidden) {
            labels.push((old.span, "the value before".to_owned()));
        }
        if span != change.whole() {
            labels.push((
                change.whole(),
                format!("resource {}", escape_for_message(&address, 200)),
            ));
        }
        out.findings.push(InputFinding {
            problem: InputProblem::ImmutableChange,
            document: Some(change.index),
            provider: Some(set.provider.clone()),
            message: if hidden {
                format!("`{shown_name}` cannot be changed in place: this update changes its sensitive value, and applying it fails")
            } else {
                format!(
                    "`{shown_name}` cannot be changed in place: this update changes it from {} to {}, and applying it fails",
                    shown(old),
                    shown(new)
                )
            },
            help: Some(format!(
                "keep the old value, or replace the resource (`terraform apply -replace='{}'`)",
                escape_for_message(&address, 200)
            )),
            pointer: format!("{}/{}", change.pointer("after"), pointer_segment(name)),
            span,
            labels,
            rename: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_addresses_name_their_calls() {
        assert_eq!(module_calls("module.a[\"x\"].module.b[0]"), ["a", "b"]);
        assert_eq!(module_calls("module.net"), ["net"]);
        assert!(module_calls("").is_empty());
    }

    #[test]
    fn canonical_values_ignore_key_order() {
        let parse = |t: &str| crate::document::json::parse(t).documents.remove(0);
        let a = parse(r#"{"x": [1, "a"], "y": null}"#);
        let b = parse(r#"{"y": null, "x": [1, "a"]}"#);
        assert_eq!(canonical(Some(&a)), canonical(Some(&b)));
        assert_ne!(
            canonical(Some(&parse(r#""1""#))),
            canonical(Some(&parse("1")))
        );
        assert_eq!(canonical(Some(&parse("null"))), canonical(None));
    }
}
