//! Hover: on a parameter's name or value, the field's description and type
//! from the rule set of the request; on a finding, its rule's summary and
//! why it exists, with the rule's documentation link.

use crate::catalog::Catalog;
use crate::document::{self, Entry, Node, SourceFile, Span};
use crate::input::request_doc::candidates;
use crate::input::{resolve_provider, Role};
use crate::rules::model::{FieldSpec, RuleSet};
use crate::workspace::format_of;

use super::project::Project;

/// The hover text (Markdown) at byte `offset` of buffer `name`, and the
/// span it is about; `None` when there is nothing to say.
pub fn hover(project: &Project, name: &str, text: &str, offset: usize) -> Option<(String, Span)> {
    let mut parts = Vec::new();
    let mut about: Option<Span> = None;
    if let Some((field, span)) = field_at(project, name, text, offset) {
        parts.push(field);
        about = Some(span);
    }
    let catalog = Catalog::new(&project.setup.sets);
    let findings = project.findings.get(name).map_or(&[][..], Vec::as_slice);
    for d in findings {
        let span = d.location.span;
        if !(span.start <= offset && offset <= span.end) {
            continue;
        }
        about.get_or_insert(span);
        let mut part = format!("**{}** ({})", d.code, d.severity);
        match catalog.get(&d.code) {
            Some(rule) => {
                part.push_str(&format!(": {}", rule.summary));
                if let Some(why) = rule.why.filter(|w| !w.trim().is_empty()) {
                    part.push_str("\n\n");
                    part.push_str(why.trim());
                }
                if let Some(url) = rule.url {
                    part.push_str(&format!("\n\n[Documentation]({url})"));
                }
            }
            None => part.push_str(&format!(": {}", d.message)),
        }
        part.push_str(&format!("\n\n`peerlint explain {}`", d.code));
        parts.push(part);
    }
    Some((parts.join("\n\n---\n\n"), about?))
}

/// The declared field under `offset`: its name or its value, in `params`
/// or a `vpcs` entry of a request whose provider is known.
fn field_at(project: &Project, name: &str, text: &str, offset: usize) -> Option<(String, Span)> {
    let parsed = document::parse(text, format_of(name));
    let source = SourceFile::new(name, text.to_owned());
    let sets = &project.setup.sets;
    let default = project.setup.options.default_provider.as_deref();
    let found = candidates(&parsed, &source, sets, Role::Declared, default);
    let request = found
        .requests
        .iter()
        .find(|c| c.root.span.start <= offset && offset <= c.root.span.end)?;
    let set = resolve_provider(sets, request.provider, default, request.params).ok()?;
    if let Some(params) = request.params {
        if let Some((entry, span)) = entry_at(params, offset) {
            let spec = set.param(entry.key.as_str()?)?;
            return Some((describe(set, spec, "parameter"), span));
        }
    }
    let (vpcs, _) = request.vpcs?;
    let facts = set.facts.as_ref()?;
    for item in vpcs.as_sequence()? {
        if let Some((entry, span)) = entry_at(item, offset) {
            let key = entry.key.as_str()?;
            let spec = facts.fields.iter().find(|f| f.name == key)?;
            return Some((describe(set, spec, "VPC fact"), span));
        }
    }
    None
}

/// The entry of mapping `node` whose key or value holds `offset`, with the
/// span hovered (the key, or the value).
fn entry_at(node: &Node, offset: usize) -> Option<(&Entry, Span)> {
    let contains = |span: Span| span.start <= offset && offset <= span.end;
    node.as_mapping()?.iter().find_map(|e| {
        if contains(e.key.span) {
            Some((e, e.key.span))
        } else if contains(e.value.span) {
            Some((e, e.value.span))
        } else {
            None
        }
    })
}

fn describe(set: &RuleSet, spec: &FieldSpec, what: &str) -> String {
    let mut text = format!(
        "**{}**: {} {what}, {}, {}{}",
        spec.name,
        set.name,
        spec.value_type.noun(),
        if spec.required {
            "required"
        } else {
            "optional"
        },
        spec.location
            .as_deref()
            .map(|l| format!(" (sent in the {l})"))
            .unwrap_or_default(),
    );
    if let Some(description) = spec.description.as_deref().filter(|d| !d.trim().is_empty()) {
        text.push_str("\n\n");
        text.push_str(description.trim());
    }
    text
}
