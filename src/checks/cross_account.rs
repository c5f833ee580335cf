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
        let mut out = Vec::new();
        for (i, req) in input.requests.iter().enumerate() {
            let (Some(account), Some(peer)) =
                (input.accounts[i].as_deref(), req.param(&self.peer_account))
            else {
                continue;
            };
            if peer.value == account {
                continue;
            }
            out.push(Finding {
                message: format!(
                    "cross-account peering: {} is not the requester's account {account}; it takes effect only after the peer accepts",
                    peer.value
                ),
                help: Some("ask the owner of the peer account to accept the peering".to_owned()),
                vars: vec![("account", account.to_owned()), ("peer_account", peer.value.clone())],
                label: None,
                labels: Vec::new(),
                            ..Finding::on(i, peer)
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
