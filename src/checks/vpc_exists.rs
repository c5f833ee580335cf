//! `vpc-exists`: when an inventory declares `complete: true` for an
//! account, the requester's VPC must be in it; so must the peer VPC when
//! `peer_account` names that same account. Predicts "not found" errors.

use std::collections::{HashMap, HashSet};

use super::args::param_target;
use super::{Args, Check, CheckKind, CrossDocCheck, CrossDocInput, Finding, FindingLabel, Scope};
use crate::dialect::reader::Reader;
use crate::facts::{InventoryFacts, Located};

pub const KIND: CheckKind = CheckKind {
    name: "vpc-exists",
    scope: Scope::CrossDocument,
    keys: &["vpc", "peer", "peer_account"],
    vars: &["vpc", "account"],
    build,
};

#[derive(Debug)]
struct VpcExists {
    vpc: String,
    peer: Option<String>,
    peer_account: Option<String>,
}

fn build(args: &Args<'_>, r: &mut Reader) -> Option<Check> {
    args.require("vpc", r, "vpc-exists")?;
    let vpc = param_target(args, "vpc", r)?;
    let peer = match args.get("peer") {
        Some(_) => Some(param_target(args, "peer", r)?),
        None => None,
    };
    let peer_account = match args.get("peer_account") {
        Some(_) => Some(param_target(args, "peer_account", r)?),
        None => None,
    };
    if peer.is_some() != peer_account.is_some() {
        r.error(args.rule_span, "`peer` and `peer_account` go together");
        return None;
    }
    Some(Check::CrossDocument(Box::new(VpcExists {
        vpc,
        peer,
        peer_account,
    })))
}

impl CrossDocCheck for VpcExists {
    fn check(&self, input: &CrossDocInput<'_>) -> Vec<Finding> {
        // Complete inventories by account, with their VPC ids.
        let mut complete: HashMap<Option<&str>, (&InventoryFacts, HashSet<&str>)> = HashMap::new();
        for inventory in input.inventories.iter().filter(|i| i.complete) {
            let entry = complete
                .entry(inventory.account.as_deref())
                .or_insert_with(|| (inventory, HashSet::new()));
            for vpc in &inventory.vpcs {
                entry.1.insert(vpc.id.value.as_str());
                entry.1.extend(vpc.aliases.iter().map(|a| a.value.as_str()));
            }
        }
        if complete.is_empty() {
            return Vec::new();
        }
        let mut out = Vec::new();
        for (i, req) in input.requests.iter().enumerate() {
            let account = input.accounts[i].as_deref();
            let Some((inventory, ids)) = complete.get(&account) else {
                continue;
            };
            let mut check = |value: &Located<String>, role: &str| {
                if ids.contains(value.value.as_str())
                    || ids.contains(input.facts.canonical(&value.value))
                {
                    return;
                }
                let owner =
                    account.map_or_else(|| "the account".to_owned(), |a| format!("account {a}"));
                out.push(Finding {
                    message: format!(
                        "{role} {} is not among the VPCs of {owner}, whose inventory is complete",
                        value.value
                    ),
                    help: Some(format!(
                        "check the id; if the VPC is not {owner}'s, say whose it is (`account:` in the request or in its `vpcs` entry); if it is new, add it to the inventory {}",
                        inventory.file
                    )),
                    vars: vec![
                        ("vpc", value.value.clone()),
                        ("account", account.unwrap_or("").to_owned()),
                    ],
                    label: None,
                    labels: inventory
                        .vpcs
                        .first()
                        .map(|v| {
                            FindingLabel::at(&v.id, format!("the complete inventory of {owner}"))
                        })
                        .into_iter()
                        .collect(),
                    ..Finding::on(i, value)
                });
            };
            if let Some(vpc) = req.param(&self.vpc) {
                check(vpc, "VPC");
            }
            if let (Some(peer), Some(peer_account)) = (&self.peer, &self.peer_account) {
                let same_account = req.param(peer_account).map(|v| v.value.as_str()) == account
                    && account.is_some();
                if same_account {
                    if let Some(value) = req.param(peer) {
                        check(value, "peer VPC");
                    }
                }
            }
        }
        out
    }

    fn vpc_keys(&self) -> Vec<&str> {
        std::iter::once(self.vpc.as_str())
            .chain(self.peer.as_deref())
            .collect()
    }

    fn summary(&self) -> String {
        format!(
            "{} exists in a complete inventory of the requester's account",
            self.vpc
        )
    }
}
