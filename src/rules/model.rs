//! The compiled form of a rule set: what the engine runs.
//!
//! A [`RuleSet`] is built once per run from a rule file (see `load`); its
//! checks are compiled (regexes, CIDR networks, character tables) so that
//! linting a document does no parsing of rule data.

use std::collections::BTreeMap;

use crate::checks::Check;
use crate::diagnostic::{ApiError, Severity};
use crate::document::Span;

/// The JSON-ish type a parameter must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    String,
    StringList,
    Integer,
    Boolean,
    Any,
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
            _ => return None,
        })
    }

    /// The names accepted by [`ValueType::parse`].
    pub const NAMES: &'static [&'static str] =
        &["string", "string-list", "integer", "boolean", "any"];

    /// A noun for messages.
    pub fn noun(self) -> &'static str {
        match self {
            ValueType::String => "a string",
            ValueType::StringList => "a list of strings",
            ValueType::Integer => "an integer",
            ValueType::Boolean => "a boolean",
            ValueType::Any => "any value",
        }
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
}

/// How VPC facts (`vpcs:` entries) are shaped for a provider.
#[derive(Debug, Clone)]
pub struct FactsShape {
    /// Field holding the VPC id.
    pub id: String,
    /// Field holding the CIDR(s): a list or one string, per its declared type.
    pub cidrs: Option<String>,
    /// Field holding the region.
    pub region: Option<String>,
    /// Field holding the owner account.
    pub account: Option<String>,
    pub fields: Vec<FieldSpec>,
}

/// A region code with its long name and aliases.
#[derive(Debug, Clone)]
pub struct Region {
    pub code: String,
    pub names: Vec<String>,
}

/// The provider's region table; every name maps to one canonical code.
#[derive(Debug, Clone, Default)]
pub struct RegionTable {
    pub regions: Vec<Region>,
}

impl RegionTable {
    /// The canonical code for a code, long name or alias.
    pub fn canonical<'a>(&'a self, name: &'a str) -> &'a str {
        self.regions
            .iter()
            .find(|r| r.code == name || r.names.iter().any(|n| n == name))
            .map_or(name, |r| r.code.as_str())
    }

    /// Every accepted spelling (codes, then names).
    pub fn all_names(&self) -> impl Iterator<Item = &str> {
        self.regions.iter().flat_map(|r| {
            std::iter::once(r.code.as_str()).chain(r.names.iter().map(String::as_str))
        })
    }

    /// Whether `name` is a known code or name.
    pub fn contains(&self, name: &str) -> bool {
        self.all_names().any(|n| n == name)
    }
}

/// One step of a target path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Each,
}

/// Where a rule looks: `params.<name>` or `vpcs[].<field>`, optionally `[]` for each item of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub text: String,
    pub steps: Vec<Step>,
}

impl Target {
    /// The field name the target ends at (`vpcPeeringName` for `params.vpcPeeringName`).
    pub fn field(&self) -> &str {
        self.steps
            .iter()
            .rev()
            .find_map(|s| match s {
                Step::Key(k) => Some(k.as_str()),
                Step::Each => None,
            })
            .unwrap_or("")
    }

    /// Whether it targets a request parameter (`params.`).
    pub fn is_param(&self) -> bool {
        matches!(self.steps.first(), Some(Step::Key(k)) if k == "params")
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
    pub extract: Option<regex::Regex>,
    /// Where the rule is defined (file and span), for messages about it.
    pub origin: (String, Span),
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
    pub classes: crate::rules::CharClasses,
    /// The parameter holding the requester's VPC (for account resolution).
    pub requester_vpc: Option<String>,
    /// Free-text fields (`text: true`) with the character-set rules that
    /// check them, computed once for the hidden-character checks.
    pub text_fields: Vec<TextField>,
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
    let params = params.iter().filter(|p| p.text).map(|p| Target {
        text: format!("params.{}", p.name),
        steps: vec![Step::Key("params".into()), Step::Key(p.name.clone())],
    });
    let vpcs = facts.into_iter().flat_map(|f| {
        f.fields.iter().filter(|p| p.text).map(|p| Target {
            text: format!("vpcs[].{}", p.name),
            steps: vec![
                Step::Key("vpcs".into()),
                Step::Each,
                Step::Key(p.name.clone()),
            ],
        })
    });
    params
        .chain(vpcs)
        .map(|target| {
            let charset_rules = rules
                .iter()
                .enumerate()
                .filter(|(_, r)| r.targets.iter().any(|t| t.text == target.text))
                .filter(|(_, r)| matches!(&r.check, Check::Field(c) if c.rejects_char('\u{0}') || c.rejects_char(' ')))
                .map(|(i, _)| i)
                .collect();
            TextField { target, charset_rules }
        })
        .collect()
}

impl RuleSet {
    /// The declared parameter `name`.
    pub fn param(&self, name: &str) -> Option<&FieldSpec> {
        self.params.iter().find(|p| p.name == name)
    }

    /// The rule with id `id`.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }
}

/// All loaded rule sets, by provider id.
#[derive(Debug, Default)]
pub struct Registry {
    pub sets: BTreeMap<String, RuleSet>,
}

impl Registry {
    /// Provider ids, sorted.
    pub fn providers(&self) -> impl Iterator<Item = &str> {
        self.sets.keys().map(String::as_str)
    }

    /// The rule set for `provider`.
    pub fn get(&self, provider: &str) -> Option<&RuleSet> {
        self.sets.get(provider)
    }

    /// The provider whose detection keys appear among `keys`, or the two
    /// that conflict.
    pub fn detect<'a>(&self, keys: impl Iterator<Item = &'a str> + Clone) -> Detection<'_> {
        let mut found: Vec<&RuleSet> = Vec::new();
        for set in self.sets.values() {
            if keys.clone().any(|k| set.detect.iter().any(|d| d == k)) {
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

/// Result of provider detection from parameter names.
#[derive(Debug)]
pub enum Detection<'a> {
    None,
    One(&'a RuleSet),
    Conflict(&'a RuleSet, &'a RuleSet),
}
