//! `cross-account`: a peering with another account takes effect only after
//! that account accepts it (some providers: within days). Notes requests
//! whose `peer_account` differs from the requester's known account.

use super::args::param_target;
use super::{Args, Check, CheckKind, CrossDocCheck, CrossDocInput, Finding, Scope};
use crate::dialect::reader::Reader;

pub const KIND: CheckKind = CheckKind {
    name: "cross-account",
    scope: Scope::CrossDocument,
    keys: &["peer_account"],
    vars: &["account", "peer_account"],
    build,
};

#[derive(Debug)]
struct CrossAccount {
    peer_account: String,
}

fn build(args: &Args<'_>, r: &mut Reader) -> Option<Check> {
    args.require("peer_account", r, "cross-account")?;
    let peer_account = param_target(args, "peer_account", r)?;
    Some(Check::CrossDocument(Box::new(CrossAccount {
        peer_account,
    })))
}

impl CrossDocCheck for CrossAccount {
    fn check(&self, input: &CrossDocInput<'_>) -> Vec<Finding> {
        let key = input.key(&self.peer_account);
        let mut out = Vec::new();
        for i in 0..input.requests.len() {
            let (Some(account), Some(peer)) = (input.account(i), input.param(i, key)) else {
                continue;
            };
            let peer_text = input.text(peer.value);
            if peer_text == account {
                continue;
            }
            out.push(Finding {
                message: format!(
                    "cross-account peering: {peer_text} is not the requester's account {account}; it takes effect only after the peer accepts"
                ),
                help: Some("ask the owner of the peer account to accept the peering".to_owned()),
                vars: vec![
                    ("account", account.to_owned()),
                    ("peer_account", peer_text.to_owned()),
                ],
                ..Finding::on(i, peer.at)
            });
        }
        out
    }

    fn summary(&self) -> String {
        format!(
            "notes peerings whose {} is another account",
            self.peer_account
        )
    }
}
