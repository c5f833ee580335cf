//! Targets: where a rule looks in a request — `params.vpcId`,
//! `params.peering.accept_vpc_info.vpc_id`, `params.Tag[].Key`,
//! `vpcs[].addressPrefix[]`, `derived.local_vnet` — as a path of keys and
//! list steps.

/// One step of a target path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Each,
}

/// Where a rule looks: a root (`params`, `vpcs[]`, `derived`) and a path of
/// keys, with `[]` for each item of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub text: String,
    pub steps: Vec<Step>,
    /// It ends at a mapping or a list (not at a scalar): only kinds that
    /// check whole values take it.
    pub container: bool,
    /// It ends at a field declared a string, integer or boolean (never a
    /// list or a mapping; `any` may be either).
    pub scalar: bool,
}

impl Target {
    /// A target from its text and steps, ending at a scalar.
    pub fn new(text: impl Into<String>, steps: Vec<Step>) -> Target {
        Target {
            text: text.into(),
            steps,
            container: false,
            scalar: false,
        }
    }

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

    /// Whether it targets a derived value (`derived.`).
    pub fn is_derived(&self) -> bool {
        matches!(self.steps.first(), Some(Step::Key(k)) if k == "derived")
    }

    /// Whether it steps into a list (`[]` anywhere).
    pub fn has_each(&self) -> bool {
        self.steps.contains(&Step::Each)
    }

    /// The dotted path after the root, as the request's facts key values:
    /// `peering.accept_vpc_info.vpc_id` for a parameter,
    /// `derived.local_vnet` for a derived value.
    pub fn path(&self) -> String {
        let keys = self.steps.iter().filter_map(|s| match s {
            Step::Key(k) => Some(k.as_str()),
            Step::Each => None,
        });
        if self.is_derived() {
            keys.collect::<Vec<_>>().join(".")
        } else {
            keys.skip(1).collect::<Vec<_>>().join(".")
        }
    }
}
