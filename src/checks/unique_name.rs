//! `unique-name`: a name may be used once per scope ("no duplicate under
//! the same account"). Existing peerings of inventories
//! count first; the finding is on the second use, labelling the first.

use super::args::param_target;
use super::{Args, Check, CheckKind, CrossDocCheck, CrossDocInput, Finding, FindingLabel, Scope};
use crate::dialect::reader::Reader;
use crate::store::{At, Sym, NONE};

pub const KIND: CheckKind = CheckKind {
    name: "unique-name",
    scope: Scope::CrossDocument,
    keys: &["name", "scope"],
    vars: &["name", "scope"],
    build,
};

/// `(account, name)`; the account is [`NONE`] for provider scope or the implicit account.
type NameKey = (Sym, Sym);

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
        let name_key = input.key(&self.name);
        let key = |account: Sym, name: Sym| -> NameKey {
            match self.scope {
                NameScope::Account => (account, name),
                NameScope::Provider => (NONE, name),
            }
        };
        // Every use with its place in the order (existing peerings first,
        // then requests): sorted, each later use is a duplicate.
        let mut existing: Vec<At> = Vec::new();
        let mut uses: Vec<(Sym, Sym, u32)> = Vec::new();
        for (inventory, peering) in input.existing() {
            if let Some(name) = input.peering_param(peering, name_key) {
                let (a, n) = key(inventory.account, name.value);
                uses.push((a, n, existing.len() as u32));
                existing.push(name.at);
            }
        }
        let base = existing.len() as u32;
        for i in 0..input.requests.len() {
            if let Some(name) = input.param(i, name_key) {
                let (a, n) = key(input.accounts[i], name.value);
                uses.push((a, n, base + i as u32));
            }
        }
        uses.sort_unstable();
        let mut out = Vec::new();
        for group in uses.chunk_by(|p, q| (p.0, p.1) == (q.0, q.1)) {
            let first = group[0].2;
            let (earlier, is_existing) = if first < base {
                (existing[first as usize], true)
            } else {
                match input.param((first - base) as usize, name_key) {
                    Some(name) => (name.at, false),
                    None => continue,
                }
            };
            let scope = match (self.scope, group[0].0) {
                (NameScope::Account, account) if account != NONE => {
                    format!("account {}", input.text(account))
                }
                (NameScope::Account, _) => "the same account".to_owned(),
                (NameScope::Provider, _) => "this provider".to_owned(),
            };
            for &(_, _, order) in &group[1..] {
                // Duplicates among existing peerings are not this run's.
                if order < base {
                    continue;
                }
                let i = (order - base) as usize;
                let Some(name) = input.param(i, name_key) else {
                    continue;
                };
                let what = if is_existing {
                    "an existing peering"
                } else {
                    "another request"
                };
                let text = input.text(name.value);
                out.push(Finding {
                    message: format!(
                        "{} `{text}` is already used by {what} in {scope}",
                        self.name
                    ),
                    help: Some(
                        "choose a name not used by another peering of the account".to_owned(),
                    ),
                    vars: vec![("name", text.to_owned()), ("scope", scope.clone())],
                    label: Some("used again here".to_owned()),
                    labels: vec![FindingLabel::at(
                        earlier,
                        if is_existing {
                            "the existing peering with this name"
                        } else {
                            "first used here"
                        },
                    )],
                    ..Finding::on(i, name.at)
                });
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
