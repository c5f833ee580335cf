//! The compiled form of a rule set: what the engine runs.
//!
//! A [`RuleSet`] is built once per run from a rule file (see `load`); its
//! checks are compiled (regexes, CIDR networks, character tables) so that
//! linting a document does no parsing of rule data.

use std::collections::BTreeMap;

use crate::checks::Check;
use crate::diagnostic::{ApiError, Severity};
use crate::dialect::{RegionTable, Step, Target};
use crate::document::{Node, Span};

/// The JSON-ish type a parameter must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    String,
    StringList,
    Integer,
    Boolean,
    Any,
    /// A mapping with declared members (`fields`).
    Object,
    /// A list whose items have one spec (`items`).
    List,
}

impl ValueType {
    /// Parse a type name from a rule file.
    pub fn parse(text: &str) -> Option<ValueType> {
        Some(match text {
            "string" => ValueType::String,
            "string-list" => ValueType::StringList,
            "integer" => ValueType::Integer,
            "boolean" => ValueType::Boolean,
            "any" => ValueType::Any,
            "object" => ValueType::Object,
            "list" => ValueType::List,
            _ => return None,
        })
    }

    /// The names accepted by [`ValueType::parse`].
    pub const NAMES: &'static [&'static str] = &[
        "string",
        "string-list",
        "integer",
        "boolean",
        "any",
        "object",
        "list",
    ];

    /// A noun for messages.
    pub fn noun(self) -> &'static str {
        match self {
            ValueType::String => "a string",
            ValueType::StringList => "a list of strings",
            ValueType::Integer => "an integer",
            ValueType::Boolean => "a boolean",
            ValueType::Any => "any value",
            ValueType::Object => "a mapping",
            ValueType::List => "a list",
        }
    }

    /// Whether values of this type are lists (`string-list`, `list`).
    pub fn is_list(self) -> bool {
        matches!(self, ValueType::StringList | ValueType::List)
    }
}

/// A declared parameter or VPC-fact field.
#[derive(Debug, Clone)]
pub struct FieldSpec {
    pub name: String,
    pub value_type: ValueType,
    pub required: bool,
    /// Free text (names, descriptions): hidden-character and whitespace checks apply.
    pub text: bool,
    /// Where the API takes it (`path`, `query`, `body`, `common`): documentation only.
    pub location: Option<String>,
    pub description: Option<String>,
    /// The members of an `object`.
    pub fields: Vec<FieldSpec>,
    /// The spec of each item of a `list` (for `string-list`: none, items are strings).
    pub items: Option<Box<FieldSpec>>,
    /// Whether members of an `object` that `fields` does not declare are
    /// reported (`additional: warn`, the default) or accepted (`ignore`).
    pub report_unknown: bool,
}

impl FieldSpec {
    /// A plain spec of `value_type` named `name`.
    pub fn new(name: impl Into<String>, value_type: ValueType) -> FieldSpec {
        FieldSpec {
            name: name.into(),
            value_type,
            required: false,
            text: false,
            location: None,
            description: None,
            fields: Vec::new(),
            items: None,
            report_unknown: true,
        }
    }

    /// The member `name` of an `object`.
    pub fn member(&self, name: &str) -> Option<&FieldSpec> {
        self.fields.iter().find(|f| f.name == name)
    }
}

/// The spec at the dotted `path` (`peering.accept_vpc_info.vpc_id`) among
/// `specs`, through `object` members (lists are not entered).
pub fn spec_at<'s>(specs: &'s [FieldSpec], path: &str) -> Option<&'s FieldSpec> {
    let mut parts = path.split('.');
    let first = parts.next()?;
    let mut spec = specs.iter().find(|s| s.name == first)?;
    for part in parts {
        spec = spec.member(part)?;
    }
    Some(spec)
}

/// One piece of a template (`derived`, `vpc_identity`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    /// A value of the request: a dotted parameter path, or `derived.<name>`.
    Value(String),
    /// A capture group of a `vpc_identity` rewrite (`{1}`).
    Group(usize),
}

/// A value built from the request's parameters (`derived:`), such as a
/// VPC identity that no single parameter holds.
#[derive(Debug, Clone)]
pub struct Derived {
    pub name: String,
    /// `template`: pieces joined; absent when a placeholder is absent.
    pub template: Vec<Piece>,
    /// `from`: the first present of these paths.
    pub from: Vec<String>,
    /// The parameter whose place findings on the value point at.
    pub at: Option<String>,
    pub ignore_case: bool,
}

impl Derived {
    /// The parameter a finding on the value points at: `at`, else the
    /// template's last placeholder, else the `from` path used.
    pub fn place<'a>(&'a self, used: Option<&'a str>) -> Option<&'a str> {
        self.at.as_deref().or(used).or_else(|| {
            self.template.iter().rev().find_map(|p| match p {
                Piece::Value(v) => Some(v.as_str()),
                _ => None,
            })
        })
    }
}

/// The shape of a provider's credential (`credentials:`).
#[derive(Debug, Clone)]
pub struct CredentialShape {
    /// What it is (`Example Cloud access key`), for the message.
    pub name: String,
    pub regex: crate::dialect::Regex,
}

/// How one VPC written several ways is compared (`vpc_identity:`): rewrites
/// tried in order (the first whose regex matches), then optionally
/// lowercased.
#[derive(Debug, Clone, Default)]
pub struct VpcIdentity {
    pub rewrites: Vec<(crate::dialect::Regex, Vec<Piece>)>,
    pub ignore_case: bool,
}

impl VpcIdentity {
    /// The canonical form of VPC reference `value`; `param` reads the
    /// request's values for `{path}` placeholders (`None` for facts, which
    /// have no parameters: rewrites needing one are skipped).
    pub fn canonical(&self, value: &str, param: &dyn Fn(&str) -> Option<String>) -> String {
        let mut out = value.to_owned();
        'rules: for (re, to) in &self.rewrites {
            let Some(caps) = re.captures(value) else {
                continue;
            };
            let mut built = String::new();
            for piece in to {
                match piece {
                    Piece::Text(t) => built.push_str(t),
                    Piece::Group(n) => built.push_str(caps.get(*n).map_or("", |m| m.as_str())),
                    Piece::Value(path) => match param(path) {
                        Some(v) => built.push_str(&v),
                        None => continue 'rules,
                    },
                }
            }
            out = built;
            break;
        }
        if self.ignore_case {
            out = out.to_lowercase();
        }
        out
    }
}

/// How VPC facts (`vpcs:` entries) are shaped for a provider.
#[derive(Debug, Clone)]
pub struct FactsShape {
    /// Field holding the VPC id.
    pub id: String,
    /// Fields holding the CIDR(s): each a list or one string, per its
    /// declared type; paths (`CidrBlockAssociationSet[].CidrBlock`).
    pub cidrs: Vec<String>,
    /// Field holding the region.
    pub region: Option<String>,
    /// Field holding the owner account.
    pub account: Option<String>,
    /// Field holding other ids of the same VPC.
    pub aliases: Option<String>,
    pub fields: Vec<FieldSpec>,
}

impl FactsShape {
    /// The fields holding the id, CIDRs, region and account.
    pub fn roles(&self) -> crate::facts::VpcFactFields<'_> {
        crate::facts::VpcFactFields {
            id: &self.id,
            cidrs: &self.cidrs,
            region: self.region.as_deref(),
            account: self.account.as_deref(),
            aliases: self.aliases.as_deref(),
        }
    }
}

/// The `explain` text of a rule: why it exists, with examples.
#[derive(Debug, Clone, Default)]
pub struct Explanation {
    pub why: String,
    pub fail: String,
    pub pass: String,
    /// An inventory both examples are linted with.
    pub inventory: Option<String>,
    /// A different inventory for the passing example.
    pub pass_inventory: Option<String>,
    /// An extension rule file the examples need (e.g. a quota that is off by default).
    pub rules: Option<String>,
}

/// One rule: a check kind with its parameters and presentation.
#[derive(Debug)]
pub struct Rule {
    pub id: String,
    pub kind: String,
    pub check: Check,
    pub targets: Vec<Target>,
    pub severity: Severity,
    pub summary: String,
    pub message: Option<String>,
    pub help: Option<String>,
    pub api_error: Option<ApiError>,
    pub url: Option<String>,
    pub explain: Option<Explanation>,
    /// Rules that must pass on the same value before this one runs.
    pub depends_on: Vec<String>,
    /// Apply the check to the first capture group of this regex (skip when it does not match).
    pub extract: Option<crate::dialect::Regex>,
    /// `when` / `unless`: where the rule applies.
    pub conditions: crate::dialect::Conditions,
    /// Where the rule is defined (file and span), for messages about it.
    pub origin: (String, Span),
    /// What becomes of the fixes its findings carry (`fix:`).
    pub fix: FixSetting,
}

/// A rule file's say over its rule's fixes: `fix: unsafe` makes every fix
/// unsafe (applied only with `--unsafe-fixes`), `fix: off` drops them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FixSetting {
    /// As the check kind derives them.
    #[default]
    AsDerived,
    Unsafe,
    Off,
}

impl FixSetting {
    /// Parse `unsafe` or `off`.
    pub fn parse(text: &str) -> Option<FixSetting> {
        match text {
            "unsafe" => Some(FixSetting::Unsafe),
            "off" => Some(FixSetting::Off),
            _ => None,
        }
    }

    /// `fix` as this setting leaves it.
    pub fn apply(self, fix: Option<crate::fix::Fix>) -> Option<crate::fix::Fix> {
        match self {
            FixSetting::AsDerived => fix,
            FixSetting::Off => None,
            FixSetting::Unsafe => fix.map(|mut f| {
                f.applicability = crate::fix::Applicability::Unsafe;
                f
            }),
        }
    }
}

/// A provider's loaded rules.
#[derive(Debug)]
pub struct RuleSet {
    pub provider: String,
    pub name: String,
    pub api: Option<String>,
    pub version: String,
    pub docs: Option<String>,
    pub detect: Vec<String>,
    pub params: Vec<FieldSpec>,
    pub facts: Option<FactsShape>,
    pub regions: RegionTable,
    pub rules: Vec<Rule>,
    pub file: String,
    pub classes: crate::dialect::CharClasses,
    /// The parameter holding the requester's VPC (for account resolution).
    pub requester_vpc: Option<String>,
    /// Free-text fields (`text: true`) with the character-set rules that
    /// check them, computed once for the hidden-character checks.
    pub text_fields: Vec<TextField>,
    /// Terraform resources that are requests, and VPC resources (`terraform`).
    pub terraform: Option<super::terraform::TerraformMapping>,
    /// Values built from parameters (`derived:`), in declaration order.
    pub derived: Vec<Derived>,
    /// How VPC references are compared (`vpc_identity:`).
    pub vpc_identity: Option<VpcIdentity>,
    /// Shapes of the provider's credentials (`credentials:`), looked for in
    /// every document whatever its provider.
    pub credentials: Vec<CredentialShape>,
    /// The keys of request values that are VPC references: the sides of
    /// cross-document rules and `requester_vpc`.
    pub vpc_refs: Vec<String>,
}

/// A free-text field and the rules (indices into `rules`) whose character
/// set already rejects characters in it.
#[derive(Debug, Clone)]
pub struct TextField {
    pub target: Target,
    pub charset_rules: Vec<usize>,
}

/// The free-text fields of a set, in declaration order.
pub fn text_fields(
    params: &[FieldSpec],
    facts: Option<&FactsShape>,
    rules: &[Rule],
) -> Vec<TextField> {
    let mut targets = Vec::new();
    collect_text_targets(
        params,
        "params",
        vec![Step::Key("params".into())],
        &mut targets,
    );
    if let Some(f) = facts {
        collect_text_targets(
            &f.fields,
            "vpcs[]",
            vec![Step::Key("vpcs".into()), Step::Each],
            &mut targets,
        );
    }
    targets
        .into_iter()
        .map(|target| {
            // A charset rule that sees only part of the value (`extract`)
            // does not speak for the whole of it.
            let charset_rules = rules
                .iter()
                .enumerate()
                .filter(|(_, r)| r.extract.is_none() && r.conditions.is_empty())
                .filter(|(_, r)| r.targets.iter().any(|t| t.text == target.text))
                .filter(|(_, r)| matches!(&r.check, Check::Field(c) if c.rejects_char('\u{0}') || c.rejects_char(' ')))
                .map(|(i, _)| i)
                .collect();
            TextField { target, charset_rules }
        })
        .collect()
}

/// Targets of every `text: true` field among `specs`, at any depth.
fn collect_text_targets(specs: &[FieldSpec], text: &str, steps: Vec<Step>, out: &mut Vec<Target>) {
    for spec in specs {
        let sep = if text.is_empty() { "" } else { "." };
        let mut here = steps.clone();
        here.push(Step::Key(spec.name.clone()));
        let here_text = format!("{text}{sep}{}", spec.name);
        match spec.value_type {
            ValueType::Object => collect_text_targets(&spec.fields, &here_text, here, out),
            ValueType::List => {
                if let Some(items) = &spec.items {
                    here.push(Step::Each);
                    let item_text = format!("{here_text}[]");
                    match items.value_type {
                        ValueType::Object => {
                            collect_text_targets(&items.fields, &item_text, here, out)
                        }
                        _ if items.text => out.push(Target::new(item_text, here)),
                        _ => {}
                    }
                }
            }
            _ if spec.text => out.push(Target::new(here_text, here)),
            _ => {}
        }
    }
}

impl RuleSet {
    /// The declared parameter `name`, or a nested one by dotted path.
    pub fn param(&self, name: &str) -> Option<&FieldSpec> {
        spec_at(&self.params, name)
    }

    /// The rule with id `id`.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }
}

/// All loaded rule sets, by provider id.
#[derive(Debug, Default)]
pub struct RuleSets {
    pub sets: BTreeMap<String, RuleSet>,
}

impl RuleSets {
    /// Provider ids, sorted.
    pub fn providers(&self) -> impl Iterator<Item = &str> {
        self.sets.keys().map(String::as_str)
    }

    /// The rule set for `provider`.
    pub fn get(&self, provider: &str) -> Option<&RuleSet> {
        self.sets.get(provider)
    }

    /// The provider whose detection keys appear in `mapping`, or the two
    /// that conflict. A detection key is a dotted path (`peering.accept_vpc_info`):
    /// it appears when every step is a key, through mappings.
    pub fn detect(&self, mapping: &Node) -> Detection<'_> {
        let mut found: Vec<&RuleSet> = Vec::new();
        for set in self.sets.values() {
            if set.detect.iter().any(|d| detection_key_in(mapping, d)) {
                found.push(set);
            }
        }
        match found.as_slice() {
            [] => Detection::None,
            [one] => Detection::One(one),
            [a, b, ..] => Detection::Conflict(a, b),
        }
    }

    /// The rule with id `id` in any set.
    pub fn rule(&self, id: &str) -> Option<(&RuleSet, &Rule)> {
        self.sets.values().find_map(|s| s.rule(id).map(|r| (s, r)))
    }
}

/// Whether the dotted `path` is written in `mapping` (each step a key, the
/// steps before the last through mappings).
pub fn detection_key_in(mapping: &Node, path: &str) -> bool {
    let mut node = mapping;
    for part in path.split('.') {
        match node.get(part) {
            Some(child) => node = child,
            None => return false,
        }
    }
    true
}

/// Result of provider detection from parameter names.
#[derive(Debug)]
pub enum Detection<'a> {
    None,
    One(&'a RuleSet),
    Conflict(&'a RuleSet, &'a RuleSet),
}
