//! `unique-name`: a name may be used once per scope ("no duplicate under
//! the same account"). Existing peerings of inventories
//! count first; the finding is on the second use, labelling the first.

use std::collections::HashMap;

use super::args::param_target;
use super::{Args, Check, CheckKind, CrossDocCheck, CrossDocInput, Finding, FindingLabel, Scope};
use crate::dialect::reader::Reader;
use crate::facts::Located;

pub const KIND: CheckKind = CheckKind {
    name: "unique-name",
    scope: Scope::CrossDocument,
    keys: &["name", "scope"],
    vars: &["name", "scope"],
    build,
};

/// `(account, name)`; the account is `None` for provider scope or the implicit account.
type NameKey = (Option<String>, String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NameScope {
    Account,
    Provider,
}

#[derive(Debug)]
struct UniqueName {
    name: String,
    scope: NameScope,
}

fn build(args: &Args<'_>, r: &mut Reader) -> Option<Check> {
    args.require("name", r, "unique-name")?;
    let name = param_target(args, "name", r)?;
    let scope = match args.get("scope").map(|n| (n, n.as_str())) {
        None | Some((_, Some("account"))) => NameScope::Account,
        Some((_, Some("provider"))) => NameScope::Provider,
        Some((n, _)) => {
            r.error(n.span, "scope must be `account` or `provider`");
            return None;
        }
    };
    Some(Check::CrossDocument(Box::new(UniqueName { name, scope })))
}

impl CrossDocCheck for UniqueName {
    fn check(&self, input: &CrossDocInput<'_>) -> Vec<Finding> {
        let key = |account: Option<&str>, name: &str| -> NameKey {
            match self.scope {
                NameScope::Account => (account.map(str::to_owned), name.to_owned()),
                NameScope::Provider => (None, name.to_owned()),
            }
        };
        let mut first: HashMap<NameKey, (&Located<String>, bool)> = HashMap::new();
        for inventory in input.inventories {
            for peering in &inventory.peerings {
                if let Some(name) = peering.param(&self.name) {
                    first
                        .entry(key(inventory.account.as_deref(), &name.value))
                        .or_insert((name, true));
                }
            }
        }
        let mut out = Vec::new();
        for (i, req) in input.requests.iter().enumerate() {
            let Some(name) = req.param(&self.name) else {
                continue;
            };
            let k = key(input.accounts[i].as_deref(), &name.value);
            match first.get(&k) {
                Some((earlier, existing)) => {
                    let scope = match (self.scope, &k.0) {
                        (NameScope::Account, Some(account)) => format!("account {account}"),
                        (NameScope::Account, None) => "the same account".to_owned(),
                        (NameScope::Provider, _) => "this provider".to_owned(),
                    };
                    let what = if *existing {
                        "an existing peering"
                    } else {
                        "another request"
                    };
                    out.push(Finding {
                        message: format!(
                            "{} `{}` is already used by {what} in {scope}",
                            self.name, name.value
                        ),
                        help: Some(
                            "choose a name not used by another peering of the account".to_owned(),
                        ),
                        vars: vec![("name", name.value.clone()), ("scope", scope)],
                        label: Some("used again here".to_owned()),
                        labels: vec![FindingLabel::at(
                            earlier,
                            if *existing {
                                "the existing peering with this name"
                            } else {
                                "first used here"
                            },
                        )],
                        ..Finding::on(i, name)
                    });
                }
                None => {
                    first.insert(k, (name, false));
                }
            }
        }
        out
    }

    fn summary(&self) -> String {
        let scope = match self.scope {
            NameScope::Account => "account",
            NameScope::Provider => "provider",
        };
        format!(
            "{} is unique per {scope}, counting existing peerings",
            self.name
        )
    }
}
