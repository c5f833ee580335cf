//! Every rule a run knows, core (`peerlint/*`) and rule-file rules alike,
//! as one list: what `peerlint rules` and `explain` show, what SARIF lists
//! in `tool.driver.rules`, what the config and suppression comments may
//! name, and what the tests check fixtures against.

use crate::checks::Check;
use crate::core_rules::{CoreRule, CORE_RULES};
use crate::diagnostic::{ApiError, Severity};
use crate::rules::model::{Rule, RuleSet, RuleSets};

/// Where a rule comes from.
#[derive(Debug, Clone, Copy)]
pub enum Origin<'a> {
    /// A core rule.
    Core(&'static CoreRule),
    /// A rule of a loaded rule set.
    RuleFile(&'a RuleSet, &'a Rule),
}

/// One rule, whatever its origin.
#[derive(Debug, Clone, Copy)]
pub struct RuleEntry<'a> {
    pub id: &'a str,
    /// `peerlint` for core rules, else the rule set's provider id.
    pub provider: &'a str,
    /// `engine` for core rules, else the check kind's name.
    pub kind: &'a str,
    /// The default severity.
    pub severity: Severity,
    pub summary: &'a str,
    /// Why the rule exists, and a failing and a passing example, when given.
    pub why: Option<&'a str>,
    pub fail: Option<&'a str>,
    pub pass: Option<&'a str>,
    pub api_error: Option<&'a ApiError>,
    pub url: Option<&'a str>,
    /// Cross-document: a partial run cannot tell that its suppressions are unused.
    pub cross_document: bool,
    /// Can be neither switched off nor suppressed.
    pub fixed: bool,
    pub origin: Origin<'a>,
}

impl<'a> RuleEntry<'a> {
    fn core(r: &'static CoreRule) -> RuleEntry<'a> {
        RuleEntry {
            id: r.id,
            provider: "peerlint",
            kind: "engine",
            severity: r.severity,
            summary: r.summary,
            why: Some(r.why),
            fail: Some(r.fail),
            pass: Some(r.pass),
            api_error: None,
            url: None,
            cross_document: false,
            fixed: r.fixed,
            origin: Origin::Core(r),
        }
    }

    fn rule_file(set: &'a RuleSet, r: &'a Rule) -> RuleEntry<'a> {
        let explain = r.explain.as_ref();
        RuleEntry {
            id: &r.id,
            provider: &set.provider,
            kind: &r.kind,
            severity: r.severity,
            summary: &r.summary,
            why: explain.map(|e| e.why.as_str()),
            fail: explain.map(|e| e.fail.as_str()),
            pass: explain.map(|e| e.pass.as_str()),
            api_error: r.api_error.as_ref(),
            url: r.url.as_deref().or(set.docs.as_deref()),
            cross_document: matches!(r.check, Check::CrossDocument(_)),
            fixed: false,
            origin: Origin::RuleFile(set, r),
        }
    }
}

/// The rules of a run: the core rules, then each loaded rule set's.
#[derive(Debug, Clone, Copy)]
pub struct Catalog<'a> {
    sets: &'a RuleSets,
}

impl<'a> Catalog<'a> {
    /// The catalog of the core rules and `sets`.
    pub fn new(sets: &'a RuleSets) -> Catalog<'a> {
        Catalog { sets }
    }

    /// Every rule: core rules first, then the sets' in provider order.
    pub fn rules(&self) -> impl Iterator<Item = RuleEntry<'a>> + 'a {
        let sets = self.sets;
        CORE_RULES.iter().map(|r| RuleEntry::core(r)).chain(
            sets.sets
                .values()
                .flat_map(|s| s.rules.iter().map(move |r| RuleEntry::rule_file(s, r))),
        )
    }

    /// The rules of one provider (`peerlint` for the core rules).
    pub fn rules_of(&self, provider: &'a str) -> impl Iterator<Item = RuleEntry<'a>> + 'a {
        self.rules().filter(move |r| r.provider == provider)
    }

    /// The rule `id`.
    pub fn get(&self, id: &str) -> Option<RuleEntry<'a>> {
        self.rules().find(|r| r.id == id)
    }

    /// Whether rule `id` exists.
    pub fn contains(&self, id: &str) -> bool {
        self.get(id).is_some()
    }

    /// Whether rule `id` is a cross-document rule.
    pub fn is_cross_document(&self, id: &str) -> bool {
        self.get(id).is_some_and(|r| r.cross_document)
    }

    /// Every rule id, for did-you-mean suggestions.
    pub fn ids(&self) -> Vec<&'a str> {
        self.rules().map(|r| r.id).collect()
    }
}
