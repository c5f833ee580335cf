//! `vpc-exists`: when an inventory declares `complete: true` for an
//! account, the requester's VPC must be in it; so must the peer VPC when
//! `peer_account` names that same account. Predicts "not found" errors.

use std::collections::{HashMap, HashSet};

use super::args::param_target;
use super::{Args, Check, CheckKind, CrossDocCheck, CrossDocInput, Finding, FindingLabel, Scope};
use crate::dialect::reader::Reader;
use crate::store::{Inv, Sym, Val, NONE};

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
        let mut complete: HashMap<Sym, (&Inv, HashSet<Sym>)> = HashMap::new();
        for inventory in input.inventories.iter().filter(|i| i.complete) {
            let entry = complete
                .entry(inventory.account)
                .or_insert_with(|| (inventory, HashSet::new()));
            for vpc in input.store.inventory_facts(inventory) {
                entry.1.insert(vpc.id.value);
                entry
                    .1
                    .extend(input.store.fact_aliases(vpc).iter().map(|a| a.value));
            }
        }
        if complete.is_empty() {
            return Vec::new();
        }
        let vpc_key = input.key(&self.vpc);
        let peer_keys = self
            .peer
            .as_ref()
            .zip(self.peer_account.as_ref())
            .map(|(p, a)| (input.key(p), input.key(a)));
        let mut out = Vec::new();
        for i in 0..input.requests.len() {
            let account = input.accounts[i];
            let Some((inventory, ids)) = complete.get(&account) else {
                continue;
            };
            let account_text = input.account(i);
            let mut check = |value: Val, role: &str| {
                if ids.contains(&value.value) || ids.contains(&input.facts.canonical(value.value)) {
                    return;
                }
                let owner = account_text
                    .map_or_else(|| "the account".to_owned(), |a| format!("account {a}"));
                let file = input.store.files[inventory.file as usize].name.clone();
                let text = input.text(value.value);
                out.push(Finding {
                    message: format!(
                        "{role} {text} is not among the VPCs of {owner}, whose inventory is complete"
                    ),
                    help: Some(format!(
                        "check the id; if the VPC is not {owner}'s, say whose it is (`account:` in the request or in its `vpcs` entry); if it is new, add it to the inventory {file}"
                    )),
                    vars: vec![
                        ("vpc", text.to_owned()),
                        ("account", account_text.unwrap_or("").to_owned()),
                    ],
                    label: None,
                    labels: input
                        .store
                        .inventory_facts(inventory)
                        .first()
                        .map(|v| {
                            FindingLabel::at(v.id.at, format!("the complete inventory of {owner}"))
                        })
                        .into_iter()
                        .collect(),
                    ..Finding::on(i, value.at)
                });
            };
            if let Some(vpc) = input.param(i, vpc_key) {
                check(vpc, "VPC");
            }
            if let Some((peer, peer_account)) = peer_keys {
                let same_account = account != NONE
                    && input.param(i, peer_account).map(|v| v.value) == Some(account);
                if same_account {
                    if let Some(value) = input.param(i, peer) {
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
