//! Conditions of rules (`when:` and `unless:`): tests on values of the
//! request (`params.Type equals VPC_BM_PEER`, `params.Region differs from
//! params.DestinationRegion`), so that a rule applies only where the API's
//! rule does.

use super::regions::RegionTable;
use super::target::Target;

/// What a condition tests about its target's value.
#[derive(Debug, Clone)]
pub enum Test {
    /// The value is present (not absent, null or empty) — or, with
    /// `false`, is not.
    Present(bool),
    /// The value's text equals this.
    Equals(String),
    /// The value's text is one of these.
    OneOf(Vec<String>),
    /// The regex matches the value's text.
    Matches(crate::dialect::Regex),
    /// Both values are present and equal (or two names of one region).
    SameAs(Target),
    /// Both values are present and not the same.
    DiffersFrom(Target),
}

/// One condition: a target and a test.
#[derive(Debug, Clone)]
pub struct Condition {
    pub target: Target,
    pub test: Test,
}

/// A rule's conditions: it applies when every `when` holds and no `unless` does.
#[derive(Debug, Clone, Default)]
pub struct Conditions {
    pub when: Vec<Condition>,
    pub unless: Vec<Condition>,
}

impl Conditions {
    /// Whether the rule has no conditions.
    pub fn is_empty(&self) -> bool {
        self.when.is_empty() && self.unless.is_empty()
    }

    /// Whether the rule applies, reading values with `value` (the text of a
    /// target's value, `None` when absent or not usable).
    pub fn apply(&self, value: &dyn Fn(&Target) -> Option<String>, regions: &RegionTable) -> bool {
        self.when.iter().all(|c| c.holds(value, regions))
            && !self.unless.iter().any(|c| c.holds(value, regions))
    }

    /// The conditions in words, for summaries: ` (when Type is VPC_BM_PEER)`.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.when.is_empty() {
            let list: Vec<String> = self.when.iter().map(Condition::describe).collect();
            parts.push(format!("when {}", list.join(" and ")));
        }
        if !self.unless.is_empty() {
            let list: Vec<String> = self.unless.iter().map(Condition::describe).collect();
            parts.push(format!("unless {}", list.join(" or ")));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!(" ({})", parts.join(", "))
        }
    }
}

impl Condition {
    /// Whether the condition holds.
    pub fn holds(&self, value: &dyn Fn(&Target) -> Option<String>, regions: &RegionTable) -> bool {
        let own = value(&self.target).filter(|v| !v.is_empty());
        let same = |a: &str, b: &str| a == b || regions.canonical(a) == regions.canonical(b);
        match &self.test {
            Test::Present(wanted) => own.is_some() == *wanted,
            Test::Equals(text) => own.as_deref() == Some(text.as_str()),
            Test::OneOf(list) => own.is_some_and(|v| list.contains(&v)),
            Test::Matches(re) => own.is_some_and(|v| re.is_match(&v)),
            Test::SameAs(other) => match (own, value(other).filter(|v| !v.is_empty())) {
                (Some(a), Some(b)) => same(&a, &b),
                _ => false,
            },
            Test::DiffersFrom(other) => match (own, value(other).filter(|v| !v.is_empty())) {
                (Some(a), Some(b)) => !same(&a, &b),
                _ => false,
            },
        }
    }

    fn describe(&self) -> String {
        let name = self.target.field();
        match &self.test {
            Test::Present(true) => format!("{name} is given"),
            Test::Present(false) => format!("{name} is not given"),
            Test::Equals(v) => format!("{name} is {v}"),
            Test::OneOf(list) => format!("{name} is one of {}", list.join(", ")),
            Test::Matches(re) => format!("{name} matches /{}/", re.as_str()),
            Test::SameAs(other) => format!("{name} is the same as {}", other.field()),
            Test::DiffersFrom(other) => format!("{name} differs from {}", other.field()),
        }
    }
}
