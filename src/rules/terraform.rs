//! The `terraform` key of a rule file: which Terraform resource types are
//! this provider's requests, how their arguments map to the API's
//! parameters, which arguments are Terraform's own, which cannot change in
//! place, and which resource types declare VPCs (whose arguments become VPC
//! facts). A new Terraform resource is a change to this data, never code.
//!
//! ```yaml
//! terraform:
//!   resources:
//!     acme_net_link:
//!       arguments:
//!         title: linkTitle                          # argument → API parameter
//!         peer_net_id: peering.accept.net_id        # a nested parameter
//!         network:                                  # one argument, several parameters
//!           split: '^zones/(?P<zone>[^/]+)/nets/(?P<net>[^/]+)$'
//!           into: {zone: zone, net: sourceNetwork}
//!       terraform_only: [tags, timeouts]
//!       immutable: [peer_net_id]
//!       from_provider: [zone]                       # the provider block sets it
//!   vpcs:
//!     acme_net:
//!       facts: {cidr_block: ranges}                 # argument → `vpcs` field
//!       ids: [id]                                   # attributes naming the VPC
//! ```
//!
//! In an extension the key replaces the base's whole, like `vpcs`.

use crate::dialect::Regex;

use super::model::{FactsShape, FieldSpec, ValueType};
use crate::dialect::compile_regex;
use crate::dialect::reader::{Problem, Reader};
use crate::document::{Node, SourceFile, Span};
use crate::suggest::hint;

/// Keys of the `terraform` mapping.
pub const KEYS: &[&str] = &["resources", "vpcs"];
/// Keys of one resource type under `resources`.
pub const RESOURCE_KEYS: &[&str] = &["arguments", "terraform_only", "immutable", "from_provider"];
/// Keys of an argument split into several parameters.
pub const SPLIT_KEYS: &[&str] = &["split", "into"];
/// Keys of one VPC resource type under `vpcs`.
pub const VPC_KEYS: &[&str] = &["facts", "ids"];

/// A rule set's Terraform mapping.
#[derive(Debug, Clone, Default)]
pub struct TerraformMapping {
    pub resources: Vec<ResourceMapping>,
    pub vpcs: Vec<VpcResource>,
    /// The layer (0: the base file) the mapping was read from.
    pub layer: usize,
}

/// A resource type whose blocks are requests.
#[derive(Debug, Clone)]
pub struct ResourceMapping {
    pub resource_type: String,
    pub arguments: Vec<ArgumentMapping>,
    /// Arguments of Terraform's own (no API parameter): never reported.
    pub terraform_only: Vec<String>,
    /// Arguments an in-place update cannot change.
    pub immutable: Vec<String>,
    /// Parameters the provider configuration supplies (a region, a
    /// subscription): present, not known.
    pub from_provider: Vec<Vec<String>>,
    /// Where the type is named in the rule file.
    pub span: Span,
}

/// One argument and the API parameter(s) it gives.
#[derive(Debug, Clone)]
pub struct ArgumentMapping {
    pub argument: String,
    pub target: ArgumentTarget,
}

/// Where an argument's value goes.
#[derive(Debug, Clone)]
pub enum ArgumentTarget {
    /// One parameter, by its path (`peering.name` → `["peering", "name"]`).
    Param(Vec<String>),
    /// Several parameters, from the named capture groups of a regex.
    Split {
        pattern: Regex,
        /// Capture group → parameter path.
        into: Vec<(String, Vec<String>)>,
    },
}

impl ArgumentTarget {
    /// Every parameter path the argument gives.
    pub fn paths(&self) -> Vec<&[String]> {
        match self {
            ArgumentTarget::Param(path) => vec![path.as_slice()],
            ArgumentTarget::Split { into, .. } => into.iter().map(|(_, p)| p.as_slice()).collect(),
        }
    }
}

/// A resource type that declares a VPC.
#[derive(Debug, Clone)]
pub struct VpcResource {
    pub resource_type: String,
    /// Argument → field of the set's `vpcs` facts.
    pub facts: Vec<(String, String)>,
    /// Attributes whose reference stands for the VPC's id (`acme_net.app.id`).
    pub ids: Vec<String>,
    pub span: Span,
}

impl ResourceMapping {
    /// The mapping of `argument`.
    pub fn argument(&self, argument: &str) -> Option<&ArgumentMapping> {
        self.arguments.iter().find(|a| a.argument == argument)
    }
}

impl TerraformMapping {
    /// The request resource type `name`.
    pub fn resource(&self, name: &str) -> Option<&ResourceMapping> {
        self.resources.iter().find(|r| r.resource_type == name)
    }

    /// The VPC resource type `name`.
    pub fn vpc(&self, name: &str) -> Option<&VpcResource> {
        self.vpcs.iter().find(|r| r.resource_type == name)
    }

    /// Every resource type the mapping claims, with where it is named.
    pub fn claims(&self) -> Vec<(String, Span)> {
        self.resources
            .iter()
            .map(|r| (r.resource_type.clone(), r.span))
            .chain(self.vpcs.iter().map(|v| (v.resource_type.clone(), v.span)))
            .collect()
    }
}

/// Read the `terraform` key of the last layer that has one. Problems go to
/// that layer's reader.
pub fn read(
    layers: &[(&SourceFile, &Node)],
    readers: &mut [Reader],
    params: &[FieldSpec],
    facts: Option<&FactsShape>,
) -> Option<TerraformMapping> {
    let (layer, node) = layers
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, (_, root))| root.get("terraform").map(|n| (i, n)))?;
    let r = readers.get_mut(layer)?;
    let mut mapping = TerraformMapping {
        layer,
        ..TerraformMapping::default()
    };
    for (key, value) in r.mapping(node, "terraform", KEYS) {
        if key == "resources" {
            for (name, body, span) in r.any_mapping(value, "terraform.resources") {
                check_type_name(name, span, r);
                if let Some(resource) = read_resource(name, body, span, params, r) {
                    mapping.resources.push(resource);
                }
            }
        } else {
            for (name, body, span) in r.any_mapping(value, "terraform.vpcs") {
                check_type_name(name, span, r);
                if let Some(vpc) = read_vpc(name, body, span, facts, r) {
                    mapping.vpcs.push(vpc);
                }
            }
        }
    }
    for vpc in &mapping.vpcs {
        if mapping.resource(&vpc.resource_type).is_some() {
            r.error(
                vpc.span,
                format!(
                    "`{}` is both a request resource and a VPC resource",
                    vpc.resource_type
                ),
            );
        }
    }
    Some(mapping)
}

fn check_type_name(name: &str, span: Span, r: &mut Reader) {
    if !is_identifier(name) {
        r.error(
            span,
            format!("`{name}` is not a Terraform resource type (letters, digits and `_`)"),
        );
    }
}

/// A Terraform name: a letter or `_`, then letters, digits, `_` and `-`.
fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

fn read_resource(
    name: &str,
    body: &Node,
    span: Span,
    params: &[FieldSpec],
    r: &mut Reader,
) -> Option<ResourceMapping> {
    let what = format!("terraform.resources.{name}");
    let mut resource = ResourceMapping {
        resource_type: name.to_owned(),
        arguments: Vec::new(),
        terraform_only: Vec::new(),
        immutable: Vec::new(),
        from_provider: Vec::new(),
        span,
    };
    let mut immutable = Vec::new();
    for (key, value) in r.mapping(body, &what, RESOURCE_KEYS) {
        match key {
            "arguments" => {
                for (argument, target, arg_span) in
                    r.any_mapping(value, &format!("{what}.arguments"))
                {
                    if !is_identifier(argument) {
                        r.error(
                            arg_span,
                            format!("`{argument}` is not a Terraform argument name"),
                        );
                    }
                    if let Some(target) = read_target(target, params, r) {
                        resource.arguments.push(ArgumentMapping {
                            argument: argument.to_owned(),
                            target,
                        });
                    }
                }
            }
            "terraform_only" => {
                resource.terraform_only = r
                    .strings(value, "terraform_only")
                    .into_iter()
                    .map(|(s, _)| s)
                    .collect();
            }
            "from_provider" => {
                for (text, span) in r.strings(value, "from_provider") {
                    if let Some(path) = read_path(&text, span, params, r) {
                        resource.from_provider.push(path);
                    }
                }
            }
            _ => immutable = r.strings(value, "immutable"),
        }
    }
    if resource.arguments.is_empty() {
        r.error(
            span,
            format!("{what} needs `arguments` (argument → API parameter)"),
        );
    }
    // Two arguments giving one parameter would overwrite each other.
    let mut given: Vec<&[String]> = Vec::new();
    for argument in &resource.arguments {
        for path in argument.target.paths() {
            if given.contains(&path) {
                r.error(
                    span,
                    format!(
                        "{what}: two arguments give the API parameter `{}`",
                        path.join(".")
                    ),
                );
            }
            given.push(path);
        }
    }
    for argument in &resource.terraform_only {
        if resource.argument(argument).is_some() {
            r.error(
                span,
                format!("{what}: `{argument}` is mapped and listed in terraform_only"),
            );
        }
    }
    for (argument, arg_span) in immutable {
        if resource.argument(&argument).is_none() && !resource.terraform_only.contains(&argument) {
            let known = resource
                .arguments
                .iter()
                .map(|a| a.argument.as_str())
                .chain(resource.terraform_only.iter().map(String::as_str));
            let suggestion = hint(&argument, known);
            r.error(
                arg_span,
                format!("immutable argument `{argument}` is not an argument of {name}{suggestion}"),
            );
        }
        resource.immutable.push(argument);
    }
    Some(resource)
}

/// `Param` (a string) or `Split` (`{split, into}`).
fn read_target(node: &Node, params: &[FieldSpec], r: &mut Reader) -> Option<ArgumentTarget> {
    if node.as_mapping().is_none() {
        let text = r.string(node, "an API parameter")?;
        return Some(ArgumentTarget::Param(read_path(
            &text, node.span, params, r,
        )?));
    }
    let entries = r.mapping(node, "a split argument", SPLIT_KEYS);
    let get = |k: &str| entries.iter().find(|(key, _)| *key == k).map(|(_, v)| *v);
    let (Some(split), Some(into)) = (get("split"), get("into")) else {
        r.error(
            node.span,
            "a split argument needs `split` (a regex) and `into`",
        );
        return None;
    };
    let text = r.string(split, "split")?;
    let pattern = compile_regex(&text, split.span, r)?;
    let groups: Vec<&str> = pattern.capture_names().flatten().collect();
    let mut targets = Vec::new();
    for (group, param, span) in r.any_mapping(into, "into") {
        if !groups.contains(&group) {
            let suggestion = hint(group, groups.iter().copied());
            r.error(
                span,
                format!("`{group}` is not a named group of the split regex{suggestion}"),
            );
            continue;
        }
        let Some(path) = r.string(param, "an API parameter") else {
            continue;
        };
        if let Some(path) = read_path(&path, param.span, params, r) {
            targets.push((group.to_owned(), path));
        }
    }
    if targets.is_empty() {
        r.error(into.span, "`into` maps no named group to a parameter");
        return None;
    }
    Some(ArgumentTarget::Split {
        pattern,
        into: targets,
    })
}

/// A parameter path: a declared parameter, or a dotted path whose first
/// part is one (a nested parameter).
fn read_path(text: &str, span: Span, params: &[FieldSpec], r: &mut Reader) -> Option<Vec<String>> {
    let path: Vec<String> = text.split('.').map(str::to_owned).collect();
    if path.iter().any(String::is_empty) {
        r.error(span, format!("`{text}` is not a parameter path"));
        return None;
    }
    let declared = |name: &str| params.iter().any(|p| p.name == name);
    if !declared(text) && !declared(&path[0]) {
        let suggestion = hint(text, params.iter().map(|p| p.name.as_str()));
        r.error(
            span,
            format!("`{text}` is not a declared parameter{suggestion}"),
        );
        return None;
    }
    if declared(text) {
        return Some(vec![text.to_owned()]);
    }
    // Through nested specs: each part a member of the `object` before it;
    // below an `any` (or an object that takes other members) anything goes.
    let mut specs = params;
    for (i, part) in path.iter().enumerate() {
        let Some(spec) = specs.iter().find(|p| &p.name == part) else {
            let suggestion = hint(part, specs.iter().map(|p| p.name.as_str()));
            r.error(
                span,
                format!(
                    "`{text}`: `{part}` is not a member of `{}`{suggestion}",
                    path[..i].join(".")
                ),
            );
            return None;
        };
        if i + 1 == path.len() {
            break;
        }
        match spec.value_type {
            ValueType::Any => break,
            ValueType::Object
                if !spec.report_unknown && !spec.fields.iter().any(|f| f.name == path[i + 1]) =>
            {
                break
            }
            ValueType::Object => specs = &spec.fields,
            other => {
                r.error(
                    span,
                    format!(
                        "`{text}`: `{}` is {}, which has no members",
                        path[..=i].join("."),
                        other.noun()
                    ),
                );
                return None;
            }
        }
    }
    Some(path)
}

fn read_vpc(
    name: &str,
    body: &Node,
    span: Span,
    facts: Option<&FactsShape>,
    r: &mut Reader,
) -> Option<VpcResource> {
    let what = format!("terraform.vpcs.{name}");
    let Some(shape) = facts else {
        r.error(
            span,
            format!("{what} needs a `vpcs` section in the rule set (the facts' fields)"),
        );
        return None;
    };
    let mut vpc = VpcResource {
        resource_type: name.to_owned(),
        facts: Vec::new(),
        ids: vec!["id".to_owned()],
        span,
    };
    for (key, value) in r.mapping(body, &what, VPC_KEYS) {
        if key == "ids" {
            vpc.ids = r
                .strings(value, "ids")
                .into_iter()
                .map(|(s, _)| s)
                .collect();
            continue;
        }
        for (argument, field, arg_span) in r.any_mapping(value, &format!("{what}.facts")) {
            if !is_identifier(argument) {
                r.error(
                    arg_span,
                    format!("`{argument}` is not a Terraform argument name"),
                );
            }
            let Some(field_name) = r.string(field, "a vpcs field") else {
                continue;
            };
            // A declared field, or a path into one (`Set[].CidrBlock`).
            let first = field_name
                .split('.')
                .next()
                .unwrap_or("")
                .trim_end_matches("[]");
            if !shape
                .fields
                .iter()
                .any(|f| f.name == field_name || f.name == first)
            {
                let suggestion = hint(&field_name, shape.fields.iter().map(|f| f.name.as_str()));
                r.error(
                    field.span,
                    format!("`{field_name}` is not one of vpcs.fields{suggestion}"),
                );
                continue;
            }
            vpc.facts.push((argument.to_owned(), field_name));
        }
    }
    Some(vpc)
}

/// A problem at `span` (for the loader's checks across rule sets).
pub fn problem(span: Span, message: String) -> Problem {
    Problem { span, message }
}

#[cfg(test)]
mod tests {
    use crate::rules::load::load_texts;

    const BASE: &str = "provider: tf-test\nversion: \"1\"\nparams:\n  a: {type: string, required: true}\n  nest: {type: any}\n  obj: {type: object, fields: {name: {}}}\nvpcs:\n  id: vid\n  cidrs: cidr\n  fields:\n    vid: {}\n    cidr: {}\n";

    fn load(terraform: &str) -> Vec<String> {
        let text = format!("{BASE}{terraform}");
        load_texts(false, &[("t.yaml", &text)])
            .errors
            .into_iter()
            .map(|e| e.message)
            .collect()
    }

    #[test]
    fn a_good_mapping_loads() {
        let text = format!(
            "{BASE}terraform:\n  resources:\n    t_link:\n      arguments:\n        a_arg: a\n        deep: nest.x.y\n        url:\n          split: '^p/(?P<p>[^/]+)$'\n          into: {{p: nest.p}}\n      terraform_only: [tags]\n      immutable: [a_arg, tags]\n      from_provider: [nest.region]\n  vpcs:\n    t_vpc:\n      facts: {{cidr_block: cidr}}\n"
        );
        let loaded = load_texts(false, &[("t.yaml", &text)]);
        assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
        let set = loaded.sets.get("tf-test").unwrap();
        let tf = set.terraform.as_ref().unwrap();
        let link = tf.resource("t_link").unwrap();
        assert_eq!(link.arguments.len(), 3);
        assert_eq!(
            link.argument("deep").unwrap().target.paths(),
            vec![&["nest".to_owned(), "x".to_owned(), "y".to_owned()][..]]
        );
        assert_eq!(link.immutable, ["a_arg", "tags"]);
        assert_eq!(
            link.from_provider,
            [["nest".to_owned(), "region".to_owned()]]
        );
        let vpc = tf.vpc("t_vpc").unwrap();
        assert_eq!(vpc.facts, [("cidr_block".to_owned(), "cidr".to_owned())]);
        assert_eq!(vpc.ids, ["id"]);
    }

    #[test]
    fn bad_mappings_are_reported() {
        let errors = load("terraform:\n  resources:\n    t_link:\n      arguments:\n        v: a.b\n        w: obj.nam\n        o: obj.name\n        x: b\n        y: a\n        z: a\n        u: {split: '^(?P<q>.)$', into: {r: a}}\n      immutable: [w]\n      extra: 1\n  vpcs:\n    t_vpc:\n      facts: {c: cidrz}\n  other: {}\n");
        let all = errors.join("\n");
        for expected in [
            "`b` is not a declared parameter",
            "two arguments give the API parameter `a`",
            "`r` is not a named group of the split regex",
            "immutable argument `w` is not an argument of t_link",
            "unknown key `extra`",
            "`cidrz` is not one of vpcs.fields",
            "`a.b`: `a` is a string, which has no members",
            "`obj.nam`: `nam` is not a member of `obj`; did you mean `name`?",
            "unknown key `other` in terraform",
        ] {
            assert!(all.contains(expected), "{expected}: {all}");
        }
    }

    #[test]
    fn two_sets_cannot_map_one_type() {
        let one =
            format!("{BASE}terraform:\n  resources:\n    t_link:\n      arguments: {{a_arg: a}}\n");
        let two = one.replace("tf-test", "tf-other");
        let loaded = load_texts(false, &[("one.yaml", &one), ("two.yaml", &two)]);
        let all: Vec<String> = loaded.errors.iter().map(|e| e.message.clone()).collect();
        assert!(
            all.iter().any(|m| m
                .contains("Terraform resource type `t_link` is mapped by provider `tf-test` too")),
            "{all:?}"
        );
    }
}
