//! The cross-document phase: after every file is linted, the small facts of
//! all requests and inventories are indexed per provider and the rule sets'
//! cross-document rules run over them (duplicates, quotas, unknown VPCs,
//! CIDR conflicts and regions from facts stated anywhere).
//!
//! Everything here is hash- or sort-based: no check compares all pairs of
//! requests. VPC facts are merged per id — inventories first, then documents
//! in file order — and a statement that disagrees with an earlier one is a
//! `peerlint/conflicting-facts` warning labelling both places.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::checks::{Check, CrossDocInput, Finding, FindingLabel, Place};
use crate::core_rules::sink::rule_diagnostic;
use crate::core_rules::CONFLICTING_FACTS;
use crate::diagnostic::{escape_for_message, Diagnostic, Label, Location, Severities, Severity};
use crate::dialect::{RegionTable, Target};
use crate::facts::{FactView, FactsIndex, InventoryFacts, Located, RequestFacts, VpcFact};
use crate::rules::model::{Rule, RuleSet, RuleSets};

/// Run every cross-document rule of every provider.
pub fn cross_check<'a>(
    sets: &RuleSets,
    severities: &Severities,
    requests: impl IntoIterator<Item = &'a RequestFacts>,
    inventories: impl IntoIterator<Item = &'a InventoryFacts>,
) -> Vec<Diagnostic> {
    let mut by_provider: BTreeMap<&str, (Vec<&RequestFacts>, Vec<&InventoryFacts>)> =
        BTreeMap::new();
    for r in requests {
        by_provider
            .entry(r.provider.as_str())
            .or_default()
            .0
            .push(r);
    }
    for i in inventories {
        by_provider
            .entry(i.provider.as_str())
            .or_default()
            .1
            .push(i);
    }
    let mut out = Vec::new();
    for (provider, (reqs, invs)) in by_provider {
        let Some(set) = sets.get(provider) else {
            continue;
        };
        let (facts, conflicts) = merge_facts(&reqs, &invs, &set.regions);
        for (later, earlier, what) in conflicts {
            if let Some(d) = conflict_diagnostic(set, severities, &later, &earlier, &what) {
                out.push(d);
            }
        }
        let accounts = resolve_accounts(set, &reqs, &invs);
        let input = CrossDocInput {
            requests: &reqs,
            accounts: &accounts,
            facts: &facts,
            inventories: &invs,
            regions: &set.regions,
        };
        for rule in &set.rules {
            let Check::CrossDocument(check) = &rule.check else {
                continue;
            };
            let Some(severity) = severities.effective(&rule.id, rule.severity, false) else {
                continue;
            };
            if rule.conditions.is_empty() {
                for finding in check.check(&input) {
                    let req = reqs[finding.request];
                    out.push(diagnostic(set, rule, severity, req, finding));
                }
                continue;
            }
            // A rule with conditions sees the requests and existing
            // peerings they hold for.
            let holds = |get: &dyn Fn(&str) -> Option<String>| {
                rule.conditions
                    .apply(&|t: &Target| get(&t.path()), &set.regions)
            };
            let kept: Vec<usize> = (0..reqs.len())
                .filter(|&i| holds(&|k| reqs[i].param(k).map(|v| v.value.clone())))
                .collect();
            let kept_reqs: Vec<&RequestFacts> = kept.iter().map(|&i| reqs[i]).collect();
            let kept_accounts: Vec<Option<String>> =
                kept.iter().map(|&i| accounts[i].clone()).collect();
            let kept_invs: Vec<InventoryFacts> = invs
                .iter()
                .map(|inv| InventoryFacts {
                    peerings: inv
                        .peerings
                        .iter()
                        .filter(|p| holds(&|k| p.param(k).map(|v| v.value.clone())))
                        .cloned()
                        .collect(),
                    ..(*inv).clone()
                })
                .collect();
            let kept_inv_refs: Vec<&InventoryFacts> = kept_invs.iter().collect();
            let filtered = CrossDocInput {
                requests: &kept_reqs,
                accounts: &kept_accounts,
                facts: &facts,
                inventories: &kept_inv_refs,
                regions: &set.regions,
            };
            for finding in check.check(&filtered) {
                let req = kept_reqs[finding.request];
                out.push(diagnostic(set, rule, severity, req, finding));
            }
        }
    }
    out
}

/// A statement about a VPC that disagrees with an earlier one: `(later, earlier, what)`.
type Conflict = (Located<String>, Located<String>, String);

/// Merge VPC facts (inventories first, then documents in order). The index
/// borrows the first statement of each field; nothing is copied.
fn merge_facts<'a>(
    reqs: &[&'a RequestFacts],
    invs: &[&'a InventoryFacts],
    regions: &RegionTable,
) -> (FactsIndex<'a>, Vec<Conflict>) {
    let mut index = FactsIndex::default();
    let mut conflicts = Vec::new();
    let statements = || {
        invs.iter()
            .flat_map(|i| i.vpcs.iter().map(|v| (v, true)))
            .chain(reqs.iter().flat_map(|r| r.vpcs.iter().map(|v| (v, false))))
    };
    // Other ids of a VPC first, so that a statement under either id merges.
    for (fact, _) in statements() {
        for alias in &fact.aliases {
            if alias.value != fact.id.value {
                index
                    .aliases
                    .entry(alias.value.as_str())
                    .or_insert(fact.id.value.as_str());
            }
        }
    }
    for (fact, inventory) in statements() {
        let id: &'a str = index
            .aliases
            .get(fact.id.value.as_str())
            .copied()
            .unwrap_or(fact.id.value.as_str());
        let Some(existing) = index.by_id.get_mut(id) else {
            index.by_id.insert(
                id,
                FactView {
                    id: &fact.id,
                    cidrs: fact.cidrs.as_deref(),
                    region: fact.region.as_ref(),
                    from_inventory: inventory,
                },
            );
            continue;
        };
        let winner = if existing.from_inventory {
            "the inventory's are used"
        } else {
            "the first statement is used"
        };
        match (existing.cidrs, fact.cidrs.as_deref()) {
            (Some(a), Some(b)) if sorted(a) != sorted(b) => {
                let at =
                    |list: &[Located<ipnet::IpNet>], id: &Located<String>| -> Located<String> {
                        match list.first() {
                            Some(c) => text_at(c, list_text(list)),
                            None => id.clone(),
                        }
                    };
                conflicts.push((
                    at(b, &fact.id),
                    at(a, existing.id),
                    format!(
                        "facts about {} disagree: its CIDR blocks are [{}] here but [{}] elsewhere; {winner}",
                        fact.id.value,
                        list_text(b),
                        list_text(a)
                    ),
                ));
            }
            (None, Some(b)) => existing.cidrs = Some(b),
            _ => {}
        }
        match (existing.region, fact.region.as_ref()) {
            (Some(a), Some(b)) if regions.canonical(&a.value) != regions.canonical(&b.value) => {
                conflicts.push((
                    b.clone(),
                    a.clone(),
                    format!(
                        "facts about {} disagree: its region is {} here but {} elsewhere; {winner}",
                        fact.id.value, b.value, a.value
                    ),
                ));
            }
            (None, Some(b)) => existing.region = Some(b),
            _ => {}
        }
    }
    (index, conflicts)
}

fn sorted(list: &[Located<ipnet::IpNet>]) -> Vec<ipnet::IpNet> {
    // `10.0.0.1/16` and `10.0.0.0/16` are the same network (the first is
    // reported for its host bits already).
    let mut nets: Vec<ipnet::IpNet> = list.iter().map(|l| l.value.trunc()).collect();
    nets.sort();
    nets.dedup();
    nets
}

fn list_text(list: &[Located<ipnet::IpNet>]) -> String {
    list.iter()
        .map(|l| l.value.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn text_at<T>(at: &Located<T>, value: String) -> Located<String> {
    Located {
        value,
        file: Arc::clone(&at.file),
        document: at.document,
        pointer: at.pointer.clone(),
        location: at.location,
    }
}

fn conflict_diagnostic(
    set: &RuleSet,
    severities: &Severities,
    later: &Located<String>,
    earlier: &Located<String>,
    message: &str,
) -> Option<Diagnostic> {
    let severity = CONFLICTING_FACTS.severity_in(severities)?;
    let mut d = Diagnostic::new(
        later.file.to_string(),
        CONFLICTING_FACTS.id,
        severity,
        escape_for_message(message, 400),
        later.location,
    );
    d.document = Some(later.document);
    d.provider = Some(set.provider.clone());
    d.help = Some(
        "state each VPC's facts once, or make them agree (an inventory is the usual single source)"
            .to_owned(),
    );
    d.pointer = later.pointer.clone();
    d.labels = vec![label(
        &later.file,
        FindingLabel::at(earlier, "stated differently here"),
    )];
    Some(d)
}

/// The account of each request: its own; else the account its own VPC
/// facts state for its VPC (a partner's request says whose VPC it is);
/// else the account of the inventory listing its VPC; else the one account
/// the provider's inventories declare.
fn resolve_accounts(
    set: &RuleSet,
    reqs: &[&RequestFacts],
    invs: &[&InventoryFacts],
) -> Vec<Option<String>> {
    let mut owner: HashMap<&str, &str> = HashMap::new();
    let mut declared: Vec<&str> = Vec::new();
    for inv in invs {
        if let Some(account) = inv.account.as_deref() {
            if !declared.contains(&account) {
                declared.push(account);
            }
            for vpc in &inv.vpcs {
                owner.entry(vpc.id.value.as_str()).or_insert(account);
            }
        }
    }
    let only = if declared.len() == 1 {
        Some(declared[0])
    } else {
        None
    };
    let requester = set.requester_vpc.as_deref();
    reqs.iter()
        .map(|r| {
            let vpc = requester.and_then(|p| r.param(p));
            r.account
                .clone()
                .or_else(|| {
                    let vpc = vpc?;
                    r.vpcs
                        .iter()
                        .find(|f| f.id.value == vpc.value)
                        .and_then(|f| f.account.clone())
                })
                .or_else(|| owner.get(vpc?.value.as_str()).map(|a| (*a).to_owned()))
                .or_else(|| only.map(str::to_owned))
        })
        .collect()
}

fn label(file: &Arc<str>, l: FindingLabel) -> Label {
    let (other, location) = match l.place {
        Place::At { file, location } => (file, location),
        Place::Here(span) => (
            Arc::clone(file),
            Location {
                span,
                ..Location::default()
            },
        ),
    };
    Label {
        message: l.message,
        file: (other != *file).then(|| other.to_string()),
        location,
    }
}

/// The diagnostic of a cross-document finding on request `req`.
fn diagnostic(
    set: &RuleSet,
    rule: &Rule,
    severity: Severity,
    req: &RequestFacts,
    mut finding: Finding,
) -> Diagnostic {
    let (pointer, location) = match finding.at.take() {
        Some((pointer, Place::At { location, .. })) => (pointer, location),
        Some((pointer, Place::Here(_))) => (pointer, req.whole),
        None => (String::new(), req.whole),
    };
    let value = req
        .params
        .iter()
        .find(|(_, l)| l.pointer == pointer)
        .map(|(_, l)| l.value.clone())
        .or_else(|| req.vpcs.iter().find_map(|f| find_value(f, &pointer)))
        .unwrap_or_default();
    let labels = std::mem::take(&mut finding.labels)
        .into_iter()
        .map(|l| label(&req.file, l))
        .collect();
    rule_diagnostic(
        rule,
        set,
        severity,
        &req.file,
        req.document,
        &pointer,
        location,
        &value,
        finding,
        labels,
    )
}

fn find_value(fact: &VpcFact, pointer: &str) -> Option<String> {
    if fact.id.pointer == pointer {
        return Some(fact.id.value.clone());
    }
    fact.cidrs
        .iter()
        .flatten()
        .find(|c| c.pointer == pointer)
        .map(|c| c.value.to_string())
        .or_else(|| {
            fact.region
                .as_ref()
                .filter(|r| r.pointer == pointer)
                .map(|r| r.value.clone())
        })
}
