//! Targets: where a rule looks in a request (`params.vpcId`,
//! `vpcs[].addressPrefix[]`), as a path of keys and list steps.

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
