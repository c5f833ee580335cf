//! The compiled form of a rule set: what the engine runs.
//!
//! A [`RuleSet`] is built once per run from a rule file (see `load`); its
//! checks are compiled (regexes, CIDR networks, character tables) so that
//! linting a document does no parsing of rule data.

use std::collections::BTreeMap;

use crate::checks::Check;
use crate::diagnostic::{ApiError, Severity};
use crate::dialect::{RegionTable, Step, Target};
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
    /// Field holding other ids of the same VPC.
    pub aliases: Option<String>,
    pub fields: Vec<FieldSpec>,
}

impl FactsShape {
    /// The fields holding the id, CIDRs, region and account.
    pub fn roles(&self) -> crate::facts::VpcFactFields<'_> {
        crate::facts::VpcFactFields {
            id: &self.id,
            cidrs: self.cidrs.as_deref(),
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
    pub classes: crate::dialect::CharClasses,
    /// The parameter holding the requester's VPC (for account resolution).
    pub requester_vpc: Option<String>,
    /// Free-text fields (`text: true`) with the character-set rules that
    /// check them, computed once for the hidden-character checks.
    pub text_fields: Vec<TextField>,
    /// Terraform resources that are requests, and VPC resources (`terraform`).
    pub terraform: Option<super::terraform::TerraformMapping>,
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
