//! Terraform configuration files (`.tf`, `.tf.json`): each `resource` block
//! whose type a rule set's `terraform` mapping names is a request.
//!
//! A request's parameters are built from the block's arguments, under the
//! API's names (a dotted name builds nested mappings), with the values'
//! spans in the file; a [`Renaming`] turns the findings back into the
//! argument's name and the block's pointer in Terraform's JSON syntax
//! (`/resource/<type>/<name>/<argument>`). Meta-arguments (`count`,
//! `for_each`, `lifecycle`, ...), `dynamic` blocks and the mapping's
//! `terraform_only` arguments are not parameters; any other argument the
//! mapping does not name is reported, with did-you-mean.
//!
//! A value that is not a literal (a reference, a function call, a template
//! with `${}`) is unknown: a scalar of [`ScalarStyle::Expression`], present
//! and of any type, checked by no rule. The files of one directory are one
//! Terraform module: a [`DirectoryContext`] holds what they define for each
//! other. `var.x` with a literal default and `local.x` with a literal value
//! resolve to that value (and the finding labels where it is written); a
//! reference to a VPC resource of the directory (`acme_net.app.id`) resolves
//! to the VPC's synthetic id (`acme_net.app`, after the directory's path),
//! under which the context states the VPC's facts (its CIDR blocks), so
//! that cross-document checks work on VPCs that do not exist yet. Such an
//! id is an *identity*: value rules skip it, facts and request rules see it.

use std::collections::HashMap;
use std::sync::Arc;

use super::renaming::{RenamedParam, Renaming};
use super::{has_unknown, InputFinding, InputProblem, ProviderSource, RequestCandidate};
use crate::diagnostic::{escape_for_message, Label, Location};
use crate::dialect::cidr::parse_cidr;
use crate::document::{
    self, ends_with_ignore_ascii_case, pointer_segment, push_key, Entry, Format, Node, NodeKind,
    ParsedStream, Scalar, ScalarStyle, SourceFile, Span,
};
use crate::facts::{InventoryFacts, Located, VpcFact};
use crate::rules::model::{FactsShape, FieldSpec, RuleSet, RuleSets, ValueType};
use crate::rules::terraform::{ArgumentTarget, ResourceMapping, VpcResource};
use crate::suggest::did_you_mean;

/// Where a resource request's parameters are, for the engine.
pub const PARAMS: &str = "/params";

/// Arguments every resource takes that are Terraform's own (and `dynamic`
/// blocks, which are skipped).
pub const META_ARGUMENTS: &[&str] = &[
    "count",
    "for_each",
    "provider",
    "depends_on",
    "lifecycle",
    "provisioner",
    "connection",
    "dynamic",
];

/// How deep `local.a` → `local.b` → `var.c` chains are followed.
const MAX_HOPS: usize = 8;

/// Which kind of resource file a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResourceFileKind {
    /// Terraform configuration (`.tf`, `.tf.json`).
    Config,
    /// A plan in JSON (`terraform show -json`).
    Plan,
}

/// Whether `name` is a Terraform configuration file.
pub fn is_config_name(name: &str) -> bool {
    ends_with_ignore_ascii_case(name, ".tf") || ends_with_ignore_ascii_case(name, ".tf.json")
}

/// The kind of resource file `name` is, if it is one: by name for
/// configuration files, by content (`format_version` and
/// `resource_changes`) for plans.
pub fn resource_file(
    name: &str,
    format: Format,
    parsed: &ParsedStream,
) -> Option<ResourceFileKind> {
    if format == Format::Hcl || ends_with_ignore_ascii_case(name, ".tf.json") {
        return Some(ResourceFileKind::Config);
    }
    let plan = format == Format::Json
        && parsed.documents.len() == 1
        && parsed
            .documents
            .first()
            .is_some_and(super::terraform_plan::is_plan);
    plan.then_some(ResourceFileKind::Plan)
}

/// Whether `text` names a resource type a loaded set maps, as a label or
/// a JSON key (`"acme_net_link"`): a configuration file that
/// does not parse is then a finding, not skipped.
pub fn mentions_mapped_type(text: &str, sets: &RuleSets) -> bool {
    sets.sets
        .values()
        .filter_map(|s| s.terraform.as_ref())
        .flat_map(|t| t.claims())
        .any(|(name, _)| text.contains(&format!("\"{name}\"")))
}

/// The rule set and mapping of request resource type `name`.
pub fn request_type<'s>(
    sets: &'s RuleSets,
    name: &str,
) -> Option<(&'s RuleSet, &'s ResourceMapping)> {
    sets.sets
        .values()
        .find_map(|s| s.terraform.as_ref()?.resource(name).map(|r| (s, r)))
}

/// The rule set and mapping of VPC resource type `name`.
pub fn vpc_type<'s>(sets: &'s RuleSets, name: &str) -> Option<(&'s RuleSet, &'s VpcResource)> {
    sets.sets
        .values()
        .find_map(|s| s.terraform.as_ref()?.vpc(name).map(|r| (s, r)))
}

/// What a `vpcs` field holds, for the facts a VPC resource states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactRole {
    Cidrs,
    Region,
    Account,
}

/// The role of field `field` in the facts shape of a set.
pub fn fact_role(shape: &FactsShape, field: &str) -> Option<FactRole> {
    let is = |role: &Option<String>| role.as_deref() == Some(field);
    if shape.cidrs.iter().any(|c| c == field) {
        Some(FactRole::Cidrs)
    } else if is(&shape.region) {
        Some(FactRole::Region)
    } else if is(&shape.account) {
        Some(FactRole::Account)
    } else {
        None
    }
}

/// Whether a VPC resource states any fact (CIDR blocks, a region, an
/// account). One that states none adds no facts: a reference to it is still
/// its identity, but the run does not count the VPC as one it knows (its
/// own peerings may name it through an argument a reference leaves unknown,
/// such as a `{split, into}` argument, so a missing reverse peering could
/// not be told).
pub fn states_facts(fact: &VpcFact) -> bool {
    fact.cidrs.is_some() || fact.region.is_some() || fact.account.is_some()
}

/// The id a resource declared in `scope` (a directory, or a plan file) is
/// known by in the facts: its address, after the scope.
pub fn qualified(scope: &str, address: &str) -> String {
    if scope.is_empty() {
        address.to_owned()
    } else {
        format!("{scope}/{address}")
    }
}

/// The directory part of a path as shown (`""` for a bare file name).
pub fn directory_of(name: &str) -> &str {
    name.rfind('/').map_or("", |i| &name[..i])
}

/// The requests of a resource file, and what else it gives.
#[derive(Debug, Default)]
pub struct ResourceRequests<'p> {
    pub requests: Vec<ResourceRequest<'p>>,
    /// Problems found while reading the file (unknown arguments, planned
    /// changes that cannot happen in place).
    pub findings: Vec<InputFinding>,
    /// 1 when the file holds nothing to lint.
    pub skipped: usize,
    /// Spans of values never shown (sensitive values of a plan).
    pub secrets: Vec<Span>,
    /// VPC facts the file states (a plan's VPC resources).
    pub facts: Vec<InventoryFacts>,
    /// The file declares VPC resources (labels may point into it).
    pub declares_vpcs: bool,
}

/// One resource as a request: its synthetic parameters and how its
/// findings are shown.
#[derive(Debug)]
pub struct ResourceRequest<'p> {
    /// The resource's index among the file's resources.
    pub document: usize,
    pub provider: String,
    provider_node: Node,
    /// The resource's own body (duplicate keys, credentials).
    pub root: &'p Node,
    params: Node,
    identities: Vec<String>,
    pub whole: Span,
    pub renaming: Renaming,
}

impl ResourceRequest<'_> {
    /// The request as the engine lints it.
    pub fn candidate(&self) -> RequestCandidate<'_> {
        RequestCandidate {
            document: self.document,
            root: self.root,
            provider: ProviderSource::Named(&self.provider_node),
            params: Some(&self.params),
            params_pointer: PARAMS,
            params_key: None,
            vpcs: None,
            account: None,
            known_keys: None,
            whole: self.whole,
            identities: &self.identities,
        }
    }

    /// The synthetic parameters (for tests and tools).
    pub fn params(&self) -> &Node {
        &self.params
    }
}

/// A value of a definition (a variable's default, a local) in a file of the
/// context.
#[derive(Debug)]
struct Definition {
    file: usize,
    node: Node,
}

/// What the files of one directory (one Terraform module) define for each
/// other: variables' literal defaults, locals, and VPC resources with their
/// facts.
#[derive(Debug, Default)]
pub struct DirectoryContext {
    /// The directory as shown (`""` for bare file names).
    pub dir: String,
    files: Vec<Arc<SourceFile>>,
    variables: HashMap<String, Definition>,
    locals: HashMap<String, Definition>,
    /// `type.name` of each VPC resource → the attributes naming its id.
    vpcs: HashMap<String, Vec<String>>,
    /// The VPC facts the directory's VPC resources state.
    pub facts: Vec<InventoryFacts>,
}

/// What an expression stands for.
enum Resolved<'c> {
    /// A literal written elsewhere, and what it is (`the default of variable `x``).
    Literal {
        node: &'c Node,
        file: usize,
        what: String,
    },
    /// A VPC of the directory, by its synthetic id.
    Identity(String),
    Unknown,
}

impl DirectoryContext {
    /// The context of the files `(name, text)` of directory `dir`.
    pub fn build(dir: &str, files: Vec<(String, String)>, sets: &RuleSets) -> DirectoryContext {
        let mut context = DirectoryContext {
            dir: dir.to_owned(),
            ..DirectoryContext::default()
        };
        let mut roots: Vec<(usize, Node, bool)> = Vec::new();
        for (name, text) in files {
            let json = !ends_with_ignore_ascii_case(&name, ".tf");
            let format = if json { Format::Json } else { Format::Hcl };
            let source = Arc::new(SourceFile::new(name, text));
            let parsed = document::parse(&source.text, format);
            let index = context.files.len();
            context.files.push(source);
            let Some(root) = parsed.documents.into_iter().next() else {
                continue;
            };
            for (name, body) in labelled(&root, "variable") {
                if let Some(default) = body.get("default") {
                    let node = normalized(default, json);
                    if !has_unknown(&node) {
                        context
                            .variables
                            .entry(name.to_owned())
                            .or_insert(Definition { file: index, node });
                    }
                }
            }
            for locals in top_level(&root, "locals") {
                for entry in locals.as_mapping().unwrap_or(&[]) {
                    if let Some(name) = entry.key.as_str() {
                        context.locals.entry(name.to_owned()).or_insert(Definition {
                            file: index,
                            node: normalized(&entry.value, json),
                        });
                    }
                }
            }
            roots.push((index, root, json));
        }
        for (index, root, _) in &roots {
            for block in blocks(root, &context.files[*index]) {
                if let Some((_, vpc)) = vpc_type(sets, block.resource_type) {
                    context.vpcs.insert(
                        format!("{}.{}", block.resource_type, block.name),
                        vpc.ids.clone(),
                    );
                }
            }
        }
        let mut facts = Vec::new();
        for (index, root, json) in &roots {
            for block in blocks(root, &context.files[*index]) {
                if let Some((set, vpc)) = vpc_type(sets, block.resource_type) {
                    facts.extend(context.vpc_facts(set, vpc, &block, *index, *json));
                }
            }
        }
        context.facts = facts;
        context
    }

    /// The facts one VPC resource states.
    fn vpc_facts(
        &self,
        set: &RuleSet,
        vpc: &VpcResource,
        block: &Block<'_>,
        file: usize,
        json: bool,
    ) -> Option<InventoryFacts> {
        let shape = set.facts.as_ref()?;
        let source = &self.files[file];
        let name: Arc<str> = Arc::from(source.name.as_str());
        let located = |value: String, pointer: String, span: Span| Located {
            value,
            file: Arc::clone(&name),
            document: block.document,
            pointer,
            location: Location::resolve(source, span),
        };
        let id = located(
            qualified(
                &self.dir,
                &format!("{}.{}", block.resource_type, block.name),
            ),
            block.pointer.clone(),
            block.header,
        );
        let mut fact = VpcFact {
            id,
            cidrs: None,
            region: None,
            account: None,
            aliases: Vec::new(),
        };
        for (argument, field) in &vpc.facts {
            let Some(value) = block.body.get(argument) else {
                continue;
            };
            // A value written elsewhere (a variable's default) is located
            // where it is used.
            let (node, here) = match expression_text(value, json) {
                Some(text) => match self.resolve(text, 0) {
                    Resolved::Literal { node, .. } => (node.clone(), false),
                    _ => continue,
                },
                None => (normalized(value, json), true),
            };
            let pointer = format!("{}/{}", block.pointer, pointer_segment(argument));
            let mut texts: Vec<(String, String, Span)> = Vec::new();
            match &node.kind {
                NodeKind::Scalar(s) if !s.is_null() && s.style != ScalarStyle::Expression => {
                    texts.push((s.value.clone(), pointer, value.span));
                }
                NodeKind::Sequence(items) => {
                    for (i, item) in items.iter().enumerate() {
                        if let Some(s) = item
                            .as_scalar()
                            .filter(|s| !s.is_null() && s.style != ScalarStyle::Expression)
                        {
                            let span = if here { item.span } else { value.span };
                            texts.push((s.value.clone(), format!("{pointer}/{i}"), span));
                        }
                    }
                }
                _ => continue,
            }
            let role = fact_role(shape, field);
            if role == Some(FactRole::Cidrs) {
                let list = fact.cidrs.get_or_insert_with(Vec::new);
                for (text, pointer, span) in texts {
                    if let Some(net) = parse_cidr(&text) {
                        list.push(located(text, pointer, span).with_value(net));
                    }
                }
            } else if role == Some(FactRole::Region) {
                if let Some((text, pointer, span)) = texts.into_iter().next() {
                    fact.region = Some(located(text, pointer, span));
                }
            } else if role == Some(FactRole::Account) {
                fact.account = texts.into_iter().next().map(|(t, _, _)| t);
            }
        }
        if !states_facts(&fact) {
            return None;
        }
        Some(InventoryFacts {
            provider: set.provider.clone(),
            account: None,
            complete: false,
            vpcs: vec![fact],
            peerings: Vec::new(),
            file: name.clone(),
            document: block.document,
        })
    }

    /// What the expression `text` stands for.
    fn resolve(&self, text: &str, hops: usize) -> Resolved<'_> {
        if hops > MAX_HOPS {
            return Resolved::Unknown;
        }
        let expr = unwrap_interpolation(text.trim());
        if let Some(name) = expr.strip_prefix("var.").filter(|n| is_name(n)) {
            return match self.variables.get(name) {
                Some(d) => Resolved::Literal {
                    node: &d.node,
                    file: d.file,
                    what: format!("the default of variable `{name}`"),
                },
                None => Resolved::Unknown,
            };
        }
        if let Some(name) = expr.strip_prefix("local.").filter(|n| is_name(n)) {
            let Some(d) = self.locals.get(name) else {
                return Resolved::Unknown;
            };
            if let Some(inner) = d
                .node
                .as_scalar()
                .filter(|s| s.style == ScalarStyle::Expression)
            {
                return self.resolve(&inner.value, hops + 1);
            }
            return if has_unknown(&d.node) {
                Resolved::Unknown
            } else {
                Resolved::Literal {
                    node: &d.node,
                    file: d.file,
                    what: format!("the value of local `{name}`"),
                }
            };
        }
        if let Some((address, attribute)) = resource_reference(expr) {
            if let Some(ids) = self.vpcs.get(&address) {
                if ids.iter().any(|i| i == attribute) {
                    return Resolved::Identity(qualified(&self.dir, &address));
                }
            }
        }
        Resolved::Unknown
    }
}

/// `type.name.attribute` (or `type.name[key].attribute`) → `("type.name", "attribute")`.
fn resource_reference(expr: &str) -> Option<(String, &str)> {
    let (resource_type, rest) = expr.split_once('.')?;
    let end = rest.find(['.', '['])?;
    let (name, mut rest) = rest.split_at(end);
    if rest.starts_with('[') {
        rest = &rest[rest.find(']')? + 1..];
    }
    let attribute = rest.strip_prefix('.')?;
    (is_name(resource_type) && is_name(name) && is_name(attribute))
        .then(|| (format!("{resource_type}.{name}"), attribute))
}

/// A Terraform identifier.
fn is_name(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// `"${x}"` (or, decoded from JSON, `${x}`) → `x`; anything else as is.
fn unwrap_interpolation(text: &str) -> &str {
    let inner = text
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(text);
    match inner.strip_prefix("${").and_then(|t| t.strip_suffix('}')) {
        Some(expr) if !expr.contains(['{', '}']) => expr.trim(),
        _ => text,
    }
}

/// Whether a string of Terraform's JSON syntax is a template (holds `${`
/// or `%{` that is not escaped as `$${` / `%%{`).
fn is_template(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i + 1 < bytes.len() {
        if matches!(bytes[i], b'$' | b'%') {
            if bytes[i + 1] == bytes[i] {
                i += 2;
                continue;
            }
            if bytes[i + 1] == b'{' {
                return true;
            }
        }
        i += 1;
    }
    false
}

/// The expression text of a value that is not a literal.
fn expression_text(node: &Node, json: bool) -> Option<&str> {
    let scalar = node.as_scalar()?;
    let expression = scalar.style == ScalarStyle::Expression
        || (json && scalar.style == ScalarStyle::DoubleQuoted && is_template(&scalar.value));
    expression.then_some(scalar.value.as_str())
}

fn scalar(value: impl Into<String>, style: ScalarStyle, span: Span) -> Node {
    Node {
        span,
        kind: NodeKind::Scalar(Scalar {
            value: value.into(),
            style,
            tag: None,
        }),
    }
}

/// A copy of `node` as Terraform reads it: JSON literals as HCL's (no
/// YAML-style traps: Terraform converts a number where a string is
/// expected), and with `templates` (Terraform's JSON syntax) strings with
/// `${}` as expressions.
pub fn normalized(node: &Node, templates: bool) -> Node {
    let kind = match &node.kind {
        NodeKind::Scalar(s) => {
            let style = match s.style {
                ScalarStyle::JsonNumber => ScalarStyle::HclNumber,
                ScalarStyle::JsonBool => ScalarStyle::HclBool,
                ScalarStyle::JsonNull => ScalarStyle::HclNull,
                ScalarStyle::DoubleQuoted if templates && is_template(&s.value) => {
                    ScalarStyle::Expression
                }
                other => other,
            };
            NodeKind::Scalar(Scalar {
                value: s.value.clone(),
                style,
                tag: None,
            })
        }
        NodeKind::Mapping(entries) => NodeKind::Mapping(
            entries
                .iter()
                .map(|e| Entry {
                    key: e.key.clone(),
                    value: normalized(&e.value, templates),
                })
                .collect(),
        ),
        NodeKind::Sequence(items) => {
            NodeKind::Sequence(items.iter().map(|i| normalized(i, templates)).collect())
        }
    };
    Node {
        span: node.span,
        kind,
    }
}

/// A copy of `node` with every span `span` (a value written elsewhere,
/// reported where it is used).
fn relocated(node: &Node, span: Span) -> Node {
    let kind = match &node.kind {
        NodeKind::Scalar(s) => NodeKind::Scalar(s.clone()),
        NodeKind::Mapping(entries) => NodeKind::Mapping(
            entries
                .iter()
                .map(|e| Entry {
                    key: relocated(&e.key, span),
                    value: relocated(&e.value, span),
                })
                .collect(),
        ),
        NodeKind::Sequence(items) => {
            NodeKind::Sequence(items.iter().map(|i| relocated(i, span)).collect())
        }
    };
    Node { span, kind }
}

/// The mappings under `node`: itself, or the mappings of a list (Terraform's
/// JSON syntax may write blocks as lists).
fn objects(node: &Node) -> Vec<&Node> {
    match &node.kind {
        NodeKind::Mapping(_) => vec![node],
        NodeKind::Sequence(items) => items.iter().filter(|i| i.as_mapping().is_some()).collect(),
        NodeKind::Scalar(_) => Vec::new(),
    }
}

/// The values of every top-level entry `key`, as mappings.
fn top_level<'n>(root: &'n Node, key: &str) -> Vec<&'n Node> {
    root.as_mapping()
        .unwrap_or(&[])
        .iter()
        .filter(|e| e.key.as_str() == Some(key))
        .flat_map(|e| objects(&e.value))
        .collect()
}

/// `(label, body)` of every top-level block `key "label" {}`.
fn labelled<'n>(root: &'n Node, key: &str) -> Vec<(&'n str, &'n Node)> {
    let mut out = Vec::new();
    for group in top_level(root, key) {
        for entry in group.as_mapping().unwrap_or(&[]) {
            if let Some(name) = entry.key.as_str() {
                for body in objects(&entry.value) {
                    out.push((name, body));
                }
            }
        }
    }
    out
}

/// One `resource` block.
#[derive(Debug)]
pub struct Block<'n> {
    pub resource_type: &'n str,
    pub name: &'n str,
    pub body: &'n Node,
    /// Its pointer in Terraform's JSON syntax (`/resource/<type>/<name>`).
    pub pointer: String,
    /// From `resource` to the body's `{` (in JSON: from the name to `{`).
    pub header: Span,
    /// Its index among the file's resource blocks, in source order.
    pub document: usize,
}

/// Every `resource` block of a file, in source order.
pub fn blocks<'n>(root: &'n Node, source: &SourceFile) -> Vec<Block<'n>> {
    let mut out = Vec::new();
    for group in top_level(root, "resource") {
        for by_type in group.as_mapping().unwrap_or(&[]) {
            let Some(resource_type) = by_type.key.as_str() else {
                continue;
            };
            for names in objects(&by_type.value) {
                for by_name in names.as_mapping().unwrap_or(&[]) {
                    let Some(name) = by_name.key.as_str() else {
                        continue;
                    };
                    let bodies = objects(&by_name.value);
                    let several = by_name.value.as_sequence().is_some();
                    for (i, body) in bodies.into_iter().enumerate() {
                        let mut pointer = format!(
                            "/resource/{}/{}",
                            pointer_segment(resource_type),
                            pointer_segment(name)
                        );
                        if several {
                            pointer.push_str(&format!("/{i}"));
                        }
                        out.push(Block {
                            resource_type,
                            name,
                            body,
                            pointer,
                            header: header(source, &by_name.key, body),
                            document: 0,
                        });
                    }
                }
            }
        }
    }
    out.sort_by_key(|b| b.header.start);
    for (i, block) in out.iter_mut().enumerate() {
        block.document = i;
    }
    out
}

/// A block's header: `resource "t" "n" {` (HCL), or `"n": {` (JSON).
fn header(source: &SourceFile, name_key: &Node, body: &Node) -> Span {
    let text = &source.text;
    let body_start = body.span.start;
    let (start, from) = if text.as_bytes().get(body_start) == Some(&b'{') {
        (name_key.span.start.min(body_start), body_start)
    } else {
        (body_start, body_start)
    };
    let end = text
        .get(from..)
        .and_then(|rest| rest.find('{'))
        .map_or(name_key.span.end.max(start), |i| from + i + 1);
    Span::new(start, end.min(body.span.end.max(start)))
}

/// The argument's value as a parameter, before it is placed.
pub(crate) enum ArgumentValue {
    /// Known: a literal, maybe written elsewhere (then labelled there).
    Known(Node, Option<Label>),
    /// Stands for another resource's identity.
    Identity(String, Span),
    /// Not known until apply: its text (or a placeholder) and span.
    Unknown(String, Span),
}

/// Builds one request's parameters, renaming and findings.
pub(crate) struct Builder<'a> {
    pub set: &'a RuleSet,
    pub mapping: &'a ResourceMapping,
    pub document: usize,
    /// The resource's pointer in the file (`/resource/t/n`).
    pub root_pointer: String,
    pub entries: Vec<Entry>,
    pub renaming: Renaming,
    pub identities: Vec<String>,
    pub findings: Vec<InputFinding>,
}

impl<'a> Builder<'a> {
    pub fn new(
        set: &'a RuleSet,
        mapping: &'a ResourceMapping,
        document: usize,
        root: String,
    ) -> Self {
        let mut renaming = Renaming {
            params_pointer: PARAMS.to_owned(),
            root: root.clone(),
            ..Renaming::default()
        };
        for argument in &mapping.arguments {
            for path in argument.target.paths() {
                renaming
                    .params
                    .push(renamed(&argument.argument, path, &root));
            }
        }
        Builder {
            set,
            mapping,
            document,
            root_pointer: root,
            entries: Vec::new(),
            renaming,
            identities: Vec::new(),
            findings: Vec::new(),
        }
    }

    /// Point the parameters of `argument` at `file_pointer` instead of the
    /// argument's place under the resource.
    pub fn point(&mut self, argument: &str, file_pointer: &str) {
        if let Some(mapping) = self.mapping.argument(argument) {
            for path in mapping.target.paths() {
                let engine = engine_pointer(path);
                for p in self
                    .renaming
                    .params
                    .iter_mut()
                    .filter(|p| p.engine == engine)
                {
                    p.file = file_pointer.to_owned();
                }
            }
        }
    }

    /// Place the value of `argument` (written at `key_span`).
    pub fn place(&mut self, argument: &str, value: ArgumentValue, key_span: Span) {
        let Some(mapping) = self.mapping.argument(argument) else {
            return;
        };
        match &mapping.target {
            ArgumentTarget::Param(path) => {
                let engine = engine_pointer(path);
                let node = match value {
                    ArgumentValue::Known(node, label) => {
                        if let Some(label) = label {
                            self.renaming.labels.push((engine, label));
                        }
                        converted(node, spec_at(&self.set.params, path))
                    }
                    ArgumentValue::Identity(id, span) => {
                        self.identities.push(engine);
                        scalar(id, ScalarStyle::DoubleQuoted, span)
                    }
                    ArgumentValue::Unknown(text, span) => {
                        scalar(text, ScalarStyle::Expression, span)
                    }
                };
                insert(&mut self.entries, path, node, key_span);
            }
            ArgumentTarget::Split { pattern, into } => {
                // `placeholder`: the text of parameters that cannot be read
                // from the value (present, unknown, never empty).
                let (text, placeholder, span, label) = match value {
                    ArgumentValue::Known(node, label) => match node.as_scalar() {
                        Some(s) if !s.is_null() => {
                            (Some(s.value.clone()), s.value.clone(), node.span, label)
                        }
                        Some(_) => return,
                        None => {
                            self.wrong_type(
                                argument,
                                format!(
                                    "`{argument}` must be a string, found {}",
                                    node.type_name()
                                ),
                                None,
                                node.span,
                            );
                            (None, format!("({})", node.type_name()), node.span, None)
                        }
                    },
                    ArgumentValue::Identity(text, span) | ArgumentValue::Unknown(text, span) => {
                        (None, text, span, None)
                    }
                };
                let captures = text.as_deref().and_then(|t| pattern.captures(t));
                if let (Some(text), None) = (&text, &captures) {
                    let params: Vec<String> = into.iter().map(|(_, p)| p.join(".")).collect();
                    self.wrong_type(
                        argument,
                        format!(
                            "`{argument}` is `{}`: {} cannot be read from it",
                            escape_for_message(text, 64),
                            params.join(", ")
                        ),
                        Some(format!("write it to match `{}`", pattern.as_str())),
                        span,
                    );
                }
                for (group, path) in into {
                    let engine = engine_pointer(path);
                    let node = match &captures {
                        Some(c) => match c.name(group) {
                            Some(m) => scalar(m.as_str(), ScalarStyle::DoubleQuoted, span),
                            None => continue,
                        },
                        // Unknown, or reported above: present, checked by no rule.
                        None => scalar(placeholder.clone(), ScalarStyle::Expression, span),
                    };
                    if let Some(label) = &label {
                        self.renaming.labels.push((engine, label.clone()));
                    }
                    insert(&mut self.entries, path, node, key_span);
                }
            }
        }
    }

    fn wrong_type(&mut self, argument: &str, message: String, help: Option<String>, span: Span) {
        self.findings.push(InputFinding {
            problem: InputProblem::WrongType,
            document: Some(self.document),
            provider: Some(self.set.provider.clone()),
            message,
            help,
            pointer: format!("{}/{}", self.root_pointer, pointer_segment(argument)),
            span,
            labels: Vec::new(),
            rename: None,
        });
    }

    /// The request, with the resource's body as its root. Parameters the
    /// provider configuration supplies are present and unknown.
    pub fn finish<'p>(
        mut self,
        root: &'p Node,
        whole: Span,
    ) -> (ResourceRequest<'p>, Vec<InputFinding>) {
        for path in &self.mapping.from_provider {
            let placeholder = scalar(
                "(from the provider configuration)",
                ScalarStyle::Expression,
                whole,
            );
            insert(&mut self.entries, path, placeholder, whole);
        }
        let request = ResourceRequest {
            document: self.document,
            provider: self.set.provider.clone(),
            provider_node: scalar(self.set.provider.clone(), ScalarStyle::DoubleQuoted, whole),
            root,
            params: Node {
                span: whole,
                kind: NodeKind::Mapping(self.entries),
            },
            identities: self.identities,
            whole,
            renaming: self.renaming,
        };
        (request, self.findings)
    }
}

/// The field spec of the parameter at `path` (through `object` members).
fn spec_at<'s>(params: &'s [FieldSpec], path: &[String]) -> Option<&'s FieldSpec> {
    let (first, rest) = path.split_first()?;
    let spec = params.iter().find(|p| &p.name == first)?;
    if rest.is_empty() {
        Some(spec)
    } else {
        spec_at(&spec.fields, rest)
    }
}

/// A value as Terraform converts it for its argument: a string that reads
/// as a whole number where the parameter is an integer, or `"true"` /
/// `"false"` where it is a boolean, is that number or boolean ("Terraform
/// automatically converts number and bool values to strings when needed, and
/// vice versa"), so `bandwidth = "100"` is no type error.
fn converted(mut node: Node, spec: Option<&FieldSpec>) -> Node {
    let Some(spec) = spec else {
        return node;
    };
    if let NodeKind::Scalar(s) = &mut node.kind {
        if s.style == ScalarStyle::DoubleQuoted {
            let as_number = spec.value_type == ValueType::Integer && s.value.parse::<i64>().is_ok();
            let as_bool = spec.value_type == ValueType::Boolean
                && matches!(s.value.as_str(), "true" | "false");
            if as_number {
                s.style = ScalarStyle::HclNumber;
            } else if as_bool {
                s.style = ScalarStyle::HclBool;
            }
        }
    }
    node
}

/// `/params/a/b` for the path `a.b`.
pub fn engine_pointer(path: &[String]) -> String {
    let mut pointer = PARAMS.to_owned();
    for part in path {
        push_key(&mut pointer, part);
    }
    pointer
}

/// How one parameter of `argument` is renamed.
fn renamed(argument: &str, path: &[String], root: &str) -> RenamedParam {
    let name = path.join(".");
    RenamedParam {
        engine: engine_pointer(path),
        file: format!("{root}/{}", pointer_segment(argument)),
        shown: if name == argument {
            name.clone()
        } else {
            format!("{argument} ({name})")
        },
        name,
    }
}

/// Put `value` at `path` in `entries`, building nested mappings.
fn insert(entries: &mut Vec<Entry>, path: &[String], value: Node, key_span: Span) {
    let Some((first, rest)) = path.split_first() else {
        return;
    };
    let at = entries
        .iter()
        .position(|e| e.key.as_str() == Some(first.as_str()));
    if rest.is_empty() {
        if at.is_none() {
            entries.push(Entry {
                key: scalar(first.clone(), ScalarStyle::Plain, key_span),
                value,
            });
        }
        return;
    }
    let i = match at {
        Some(i) => i,
        None => {
            entries.push(Entry {
                key: scalar(first.clone(), ScalarStyle::Plain, key_span),
                value: Node {
                    span: value.span,
                    kind: NodeKind::Mapping(Vec::new()),
                },
            });
            entries.len() - 1
        }
    };
    if let NodeKind::Mapping(children) = &mut entries[i].value.kind {
        insert(children, rest, value, key_span);
    }
}

/// The requests of a parsed configuration file (`root` is its document,
/// `None` when it has none) in the directory `context`; `json` for
/// Terraform's JSON syntax.
pub fn config_requests<'p>(
    root: Option<&'p Node>,
    source: &SourceFile,
    sets: &RuleSets,
    context: &DirectoryContext,
    json: bool,
) -> ResourceRequests<'p> {
    let mut out = ResourceRequests::default();
    let Some(root) = root else {
        out.skipped = 1;
        return out;
    };
    for block in blocks(root, source) {
        if vpc_type(sets, block.resource_type).is_some() {
            out.declares_vpcs = true;
            continue;
        }
        let Some((set, mapping)) = request_type(sets, block.resource_type) else {
            continue;
        };
        let mut builder = Builder::new(set, mapping, block.document, block.pointer.clone());
        let mut seen: Vec<&str> = Vec::new();
        for entry in block.body.as_mapping().unwrap_or(&[]) {
            let Some(key) = entry.key.as_str() else {
                continue;
            };
            if (json && key == "//") || META_ARGUMENTS.contains(&key) || seen.contains(&key) {
                continue;
            }
            seen.push(key);
            if mapping.argument(key).is_some() {
                let value = context.argument_value(&entry.value, json, source);
                builder.place(key, value, entry.key.span);
            } else if !mapping.terraform_only.iter().any(|t| t == key) {
                builder.findings.push(unknown_argument(
                    &block, set, mapping, key, &entry.key, json,
                ));
            }
        }
        let (request, findings) = builder.finish(block.body, block.header);
        out.findings.extend(findings);
        out.requests.push(request);
    }
    if out.requests.is_empty() && out.findings.is_empty() {
        out.skipped = 1;
    }
    out
}

impl DirectoryContext {
    /// The value of an argument written in `source`.
    fn argument_value(&self, value: &Node, json: bool, source: &SourceFile) -> ArgumentValue {
        let Some(text) = expression_text(value, json) else {
            return ArgumentValue::Known(normalized(value, json), None);
        };
        match self.resolve(text, 0) {
            Resolved::Literal { node, file, what } => {
                let defined = &self.files[file];
                let label = Label {
                    message: what,
                    file: (defined.name != source.name).then(|| defined.name.clone()),
                    location: Location::resolve(defined, node.span),
                };
                ArgumentValue::Known(relocated(node, value.span), Some(label))
            }
            Resolved::Identity(id) => ArgumentValue::Identity(id, value.span),
            Resolved::Unknown => ArgumentValue::Unknown(text.to_owned(), value.span),
        }
    }

    /// A context of one file alone (no directory around it).
    pub fn single(source: &SourceFile, sets: &RuleSets) -> DirectoryContext {
        DirectoryContext::build(
            directory_of(&source.name),
            vec![(source.name.clone(), source.text.clone())],
            sets,
        )
    }
}

/// An argument neither mapped nor Terraform's own.
fn unknown_argument(
    block: &Block<'_>,
    set: &RuleSet,
    mapping: &ResourceMapping,
    key: &str,
    key_node: &Node,
    json: bool,
) -> InputFinding {
    let known: Vec<&str> = mapping
        .arguments
        .iter()
        .map(|a| a.argument.as_str())
        .chain(mapping.terraform_only.iter().map(String::as_str))
        .collect();
    let suggestion = did_you_mean(key, known.iter().copied());
    InputFinding {
        problem: InputProblem::UnknownParameter,
        document: Some(block.document),
        provider: Some(set.provider.clone()),
        message: format!(
            "unknown argument `{}` of {}",
            escape_for_message(key, 64),
            block.resource_type
        ),
        help: Some(match suggestion {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("known arguments: {}", known.join(", ")),
        }),
        pointer: format!("{}/{}", block.pointer, pointer_segment(key)),
        span: key_node.span,
        labels: Vec::new(),
        rename: suggestion.map(|s| {
            if json {
                format!("\"{s}\"")
            } else {
                s.to_owned()
            }
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::load::load_texts;

    const RULES: &str = "provider: tf-unit\nversion: \"1\"\nparams:\n  Name: {type: string, required: true}\n  Peer: {type: string}\n  peering: {type: any}\n  Size: {type: integer}\n  Proj: {type: string}\n  Zone: {type: string, required: true}\nvpcs:\n  id: vid\n  cidrs: cidrs\n  fields:\n    vid: {}\n    cidrs: {type: string-list}\nterraform:\n  resources:\n    u_link:\n      arguments:\n        name: Name\n        peer_id: Peer\n        accept_vpc: peering.accept_vpc_info.vpc_id\n        accept_tenant: peering.accept_vpc_info.tenant_id\n        size: Size\n        url:\n          split: '^projects/(?P<p>[^/]+)/nets/(?P<n>[^/]+)$'\n          into: {p: Proj, n: peering.net}\n      terraform_only: [tags]\n      from_provider: [Zone]\n  vpcs:\n    u_vpc:\n      facts: {cidr_block: cidrs}\n";

    fn sets() -> RuleSets {
        let loaded = load_texts(false, &[("u.yaml", RULES)]);
        assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
        loaded.sets
    }

    fn parse(text: &str) -> Node {
        let mut parsed = document::parse(text, Format::Hcl);
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        parsed.documents.remove(0)
    }

    #[test]
    fn dotted_parameters_build_nested_mappings() {
        let sets = sets();
        let text = "resource \"u_link\" \"a\" {\n  name = \"n\"\n  accept_vpc = \"v-1\"\n  accept_tenant = \"t-1\"\n  size = 5\n}\n";
        let root = parse(text);
        let source = SourceFile::new("main.tf", text.to_owned());
        let context = DirectoryContext::single(&source, &sets);
        let requests = config_requests(Some(&root), &source, &sets, &context, false);
        assert_eq!(requests.requests.len(), 1);
        let params = requests.requests[0].params();
        let info = params
            .get("peering")
            .and_then(|p| p.get("accept_vpc_info"))
            .expect("nested mappings");
        assert_eq!(info.get("vpc_id").and_then(Node::as_str), Some("v-1"));
        assert_eq!(info.get("tenant_id").and_then(Node::as_str), Some("t-1"));
        let vpc_id = info.get("vpc_id").unwrap();
        assert_eq!(source.slice(vpc_id.span), "\"v-1\"");
        assert_eq!(
            params
                .get("Size")
                .and_then(Node::as_scalar)
                .map(|s| s.style),
            Some(ScalarStyle::HclNumber)
        );
        let renaming = &requests.requests[0].renaming;
        let p = renaming
            .params
            .iter()
            .find(|p| p.engine == "/params/peering/accept_vpc_info/vpc_id")
            .unwrap();
        assert_eq!(p.file, "/resource/u_link/a/accept_vpc");
        assert_eq!(p.shown, "accept_vpc (peering.accept_vpc_info.vpc_id)");
    }

    #[test]
    fn references_resolve_in_the_directory() {
        let sets = sets();
        let main = "resource \"u_link\" \"a\" {\n  name = var.name\n  peer_id = u_vpc.db.id\n  size = local.size\n  accept_vpc = \"x-${var.name}\"\n  tags = {}\n  count = 2\n  nme = 1\n}\n";
        let vars = "variable \"name\" {\n  default = \"from-var\"\n}\nlocals {\n  size = local.other\n  other = 7\n}\nresource \"u_vpc\" \"db\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n";
        let context = DirectoryContext::build(
            "infra",
            vec![
                ("infra/main.tf".to_owned(), main.to_owned()),
                ("infra/vars.tf".to_owned(), vars.to_owned()),
            ],
            &sets,
        );
        let root = parse(main);
        let source = SourceFile::new("infra/main.tf", main.to_owned());
        let requests = config_requests(Some(&root), &source, &sets, &context, false);
        let request = &requests.requests[0];
        let params = request.params();
        let name = params.get("Name").unwrap();
        assert_eq!(name.as_str(), Some("from-var"));
        assert_eq!(source.slice(name.span), "var.name");
        assert_eq!(
            params.get("Peer").and_then(Node::as_str),
            Some("infra/u_vpc.db")
        );
        assert_eq!(request.identities, ["/params/Peer"]);
        assert_eq!(params.get("Size").and_then(Node::as_str), Some("7"));
        let template = params
            .get("peering")
            .and_then(|p| p.get("accept_vpc_info"))
            .and_then(|p| p.get("vpc_id"))
            .unwrap();
        assert_eq!(
            template.as_scalar().map(|s| s.style),
            Some(ScalarStyle::Expression)
        );
        let labels: Vec<_> = request
            .renaming
            .labels
            .iter()
            .map(|(p, l)| (p.as_str(), l.message.as_str(), l.file.as_deref()))
            .collect();
        assert_eq!(
            labels,
            [
                (
                    "/params/Name",
                    "the default of variable `name`",
                    Some("infra/vars.tf")
                ),
                (
                    "/params/Size",
                    "the value of local `other`",
                    Some("infra/vars.tf")
                ),
            ]
        );
        assert_eq!(requests.findings.len(), 1);
        assert_eq!(
            requests.findings[0].message,
            "unknown argument `nme` of u_link"
        );
        assert_eq!(requests.findings[0].rename.as_deref(), Some("name"));
        // The VPC's facts, under its synthetic id.
        assert_eq!(context.facts.len(), 1);
        let fact = &context.facts[0].vpcs[0];
        assert_eq!(fact.id.value, "infra/u_vpc.db");
        assert_eq!(fact.id.pointer, "/resource/u_vpc/db");
        let cidrs = fact.cidrs.as_ref().unwrap();
        assert_eq!(cidrs[0].value.to_string(), "10.0.0.0/16");
        assert_eq!(cidrs[0].pointer, "/resource/u_vpc/db/cidr_block");
        assert_eq!(cidrs[0].location.start.line, 9);
    }

    #[test]
    fn json_syntax_templates_are_expressions() {
        let sets = sets();
        let text = r#"{"resource": {"u_link": {"a": {"//": "note", "name": "${var.n}", "peer_id": "p-$${x}", "size": 3}}}, "variable": {"n": {"default": "nn"}}}"#;
        let mut parsed = document::parse(text, Format::Json);
        let root = parsed.documents.remove(0);
        let source = SourceFile::new("main.tf.json", text.to_owned());
        let context = DirectoryContext::single(&source, &sets);
        let requests = config_requests(Some(&root), &source, &sets, &context, true);
        assert!(requests.findings.is_empty());
        let params = requests.requests[0].params();
        assert_eq!(params.get("Name").and_then(Node::as_str), Some("nn"));
        let peer = params.get("Peer").and_then(Node::as_scalar).unwrap();
        assert_eq!(
            (peer.value.as_str(), peer.style),
            ("p-$${x}", ScalarStyle::DoubleQuoted)
        );
        assert_eq!(
            params
                .get("Size")
                .and_then(Node::as_scalar)
                .map(|s| s.style),
            Some(ScalarStyle::HclNumber)
        );
        let at = text.find("\"a\"").unwrap();
        assert_eq!(requests.requests[0].whole, Span::new(at, at + 6));
    }

    #[test]
    fn split_arguments_give_several_parameters() {
        let sets = sets();
        let text = "resource \"u_link\" \"a\" {\n  name = \"n\"\n  url = \"projects/p-1/nets/n-1\"\n}\nresource \"u_link\" \"b\" {\n  name = \"n\"\n  url = \"nets/n-1\"\n}\nresource \"u_link\" \"c\" {\n  name = \"n\"\n  url = var.url\n}\n";
        let root = parse(text);
        let source = SourceFile::new("main.tf", text.to_owned());
        let context = DirectoryContext::single(&source, &sets);
        let requests = config_requests(Some(&root), &source, &sets, &context, false);
        let [a, b, c] = &requests.requests[..] else {
            panic!("three requests");
        };
        let get = |r: &ResourceRequest<'_>, path: &[&str]| -> Option<(String, ScalarStyle)> {
            let mut node = r.params();
            for p in path {
                node = node.get(p)?;
            }
            node.as_scalar().map(|s| (s.value.clone(), s.style))
        };
        assert_eq!(
            get(a, &["Proj"]),
            Some(("p-1".to_owned(), ScalarStyle::DoubleQuoted))
        );
        assert_eq!(
            get(a, &["peering", "net"]),
            Some(("n-1".to_owned(), ScalarStyle::DoubleQuoted))
        );
        // The provider configuration's parameter: present, unknown.
        assert_eq!(
            get(a, &["Zone"]).map(|z| z.1),
            Some(ScalarStyle::Expression)
        );
        // A value that does not match: a finding, and both parameters
        // present but unknown.
        assert_eq!(
            get(b, &["Proj"]).map(|z| z.1),
            Some(ScalarStyle::Expression)
        );
        assert_eq!(requests.findings.len(), 1);
        let finding = &requests.findings[0];
        assert_eq!(finding.problem, InputProblem::WrongType);
        assert_eq!(finding.pointer, "/resource/u_link/b/url");
        assert!(
            finding.message.contains("Proj, peering.net"),
            "{}",
            finding.message
        );
        // Unknown: unknown parameters.
        assert_eq!(
            get(c, &["Proj"]).map(|z| z.1),
            Some(ScalarStyle::Expression)
        );
        let shown: Vec<&str> = a
            .renaming
            .params
            .iter()
            .filter(|p| p.file.ends_with("/url"))
            .map(|p| p.shown.as_str())
            .collect();
        assert_eq!(shown, ["url (Proj)", "url (peering.net)"]);
    }

    #[test]
    fn references_and_interpolations_parse() {
        assert_eq!(
            resource_reference("acme_net.app.id"),
            Some(("acme_net.app".to_owned(), "id"))
        );
        assert_eq!(
            resource_reference("acme_net.app[0].id"),
            Some(("acme_net.app".to_owned(), "id"))
        );
        assert_eq!(resource_reference("acme_net.app"), None);
        assert_eq!(resource_reference("f(acme_net.app.id)"), None);
        assert_eq!(unwrap_interpolation("\"${ var.a }\""), "var.a");
        assert_eq!(unwrap_interpolation("${var.a}"), "var.a");
        assert_eq!(unwrap_interpolation("\"x-${var.a}\""), "\"x-${var.a}\"");
        assert!(is_template("a${b}") && is_template("%{ if x }"));
        assert!(!is_template("a$${b}") && !is_template("100%") && !is_template("$"));
        assert_eq!(qualified("", "a.b"), "a.b");
        assert_eq!(qualified("x/y", "a.b"), "x/y/a.b");
        assert_eq!(directory_of("x/y/main.tf"), "x/y");
    }
}
