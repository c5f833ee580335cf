//! The cross-document phase: after every file is linted, the compact
//! records of all requests and inventories ([`Store`]) are indexed per
//! provider and the rule sets' cross-document rules run over them
//! (duplicates, quotas, unknown VPCs, CIDR conflicts and regions from facts
//! stated anywhere).
//!
//! Everything here is hash- or sort-based: no check compares all pairs of
//! requests. VPC facts are merged per id — inventories first, then documents
//! in file order — and a statement that disagrees with an earlier one is a
//! `peerlint/conflicting-facts` warning labelling both places. Places are
//! resolved to file positions only for the findings, through a [`Resolver`].

use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::checks::{Check, CrossDocCheck, CrossDocInput, Finding, FindingLabel, Place};
use crate::core_rules::sink::rule_diagnostic;
use crate::core_rules::CONFLICTING_FACTS;
use crate::diagnostic::{escape_for_message, Diagnostic, Label, Location, Severities, Severity};
use crate::dialect::{RegionTable, Target};
use crate::document::SourceFile;
use crate::rules::model::{Rule, RuleSet, RuleSets};
use crate::store::{At, Cidr, FactView, FactsIndex, Inv, Resolver, Store, Sym, Val, NONE};

/// Run every cross-document rule of every provider over `store`; `sources`
/// gives a file's text for the positions of findings (kept, or read again).
pub fn cross_check(
    sets: &RuleSets,
    severities: &Severities,
    store: &Store,
    sources: &dyn Fn(&str) -> Option<Arc<SourceFile>>,
) -> Vec<Diagnostic> {
    let mut by_provider: BTreeMap<&str, (Vec<u32>, Vec<&Inv>)> = BTreeMap::new();
    for (i, r) in store.requests.iter().enumerate() {
        by_provider
            .entry(store.provider_of(r))
            .or_default()
            .0
            .push(i as u32);
    }
    for inv in &store.inventories {
        by_provider
            .entry(store.text(inv.provider))
            .or_default()
            .1
            .push(inv);
    }
    let resolver = Resolver::new(store, sources);
    let mut out = Vec::new();
    for (provider, (reqs, invs)) in by_provider {
        let Some(set) = sets.get(provider) else {
            continue;
        };
        let (facts, conflicts) = merge_facts(store, &reqs, &invs, &set.regions);
        for (later, earlier, what) in conflicts {
            if let Some(d) = conflict_diagnostic(set, severities, &resolver, later, earlier, &what)
            {
                out.push(d);
            }
        }
        let accounts = resolve_accounts(set, store, &reqs, &invs);
        let input = CrossDocInput {
            store,
            requests: &reqs,
            accounts: &accounts,
            facts: &facts,
            inventories: &invs,
            regions: &set.regions,
        };
        // The rules' checks read the records only: they run in parallel
        // (in the caller's thread pool), and their findings are made into
        // diagnostics in rule order.
        let rules: Vec<(&Rule, &dyn CrossDocCheck, Severity)> = set
            .rules
            .iter()
            .filter_map(|rule| match &rule.check {
                Check::CrossDocument(check) => severities
                    .effective(&rule.id, rule.severity, false)
                    .map(|severity| (rule, check.as_ref(), severity)),
                _ => None,
            })
            .collect();
        let found: Vec<(Vec<u32>, Vec<Finding>)> = rules
            .par_iter()
            .map(|&(rule, check, _)| {
                if rule.conditions.is_empty() {
                    return (Vec::new(), check.check(&input));
                }
                // A rule with conditions sees the requests and existing
                // peerings they hold for.
                let holds = |get: &dyn Fn(&str) -> Option<String>| {
                    rule.conditions
                        .apply(&|t: &Target| get(&t.path()), &set.regions)
                };
                let kept: Vec<usize> = (0..reqs.len())
                    .filter(|&i| {
                        holds(&|k| {
                            input
                                .param(i, store.key(k))
                                .map(|v| store.text(v.value).to_owned())
                        })
                    })
                    .collect();
                let kept_reqs: Vec<u32> = kept.iter().map(|&i| reqs[i]).collect();
                let kept_accounts: Vec<Sym> = kept.iter().map(|&i| accounts[i]).collect();
                let kept_invs: Vec<Inv> = invs
                    .iter()
                    .map(|inv| Inv {
                        peerings: inv
                            .peerings
                            .iter()
                            .filter(|p| {
                                holds(&|k| {
                                    store
                                        .key(k)
                                        .and_then(|key| store.peering_param(p, key))
                                        .map(|v| store.text(v.value).to_owned())
                                })
                            })
                            .cloned()
                            .collect(),
                        ..(*inv).clone()
                    })
                    .collect();
                let kept_inv_refs: Vec<&Inv> = kept_invs.iter().collect();
                let filtered = CrossDocInput {
                    store,
                    requests: &kept_reqs,
                    accounts: &kept_accounts,
                    facts: &facts,
                    inventories: &kept_inv_refs,
                    regions: &set.regions,
                };
                let findings = check.check(&filtered);
                (kept_reqs, findings)
            })
            .collect();
        for ((rule, _, severity), (kept, findings)) in rules.iter().zip(found) {
            // Without conditions a finding's request indexes all requests.
            let requests = if rule.conditions.is_empty() {
                &reqs
            } else {
                &kept
            };
            for finding in findings {
                let req = requests[finding.request];
                out.push(diagnostic(set, rule, *severity, &resolver, req, finding));
            }
        }
    }
    out
}

/// A statement about a VPC that disagrees with an earlier one: `(later,
/// earlier, what)`.
type Conflict = (At, At, String);

/// Merge VPC facts (inventories first, then documents in order). The index
/// borrows the first statement of each field; nothing is copied.
fn merge_facts<'a>(
    store: &'a Store,
    reqs: &[u32],
    invs: &[&'a Inv],
    regions: &RegionTable,
) -> (FactsIndex<'a>, Vec<Conflict>) {
    let mut conflicts = Vec::new();
    let statements = || {
        invs.iter()
            .flat_map(|i| store.inventory_facts(i).iter().map(|f| (f, true)))
            .chain(
                reqs.iter()
                    .flat_map(|&r| store.request_facts(r).iter().map(|f| (f, false))),
            )
    };
    // Room for a VPC per statement at once: growing the table as it
    // fills copied it into fresh memory each time.
    let mut index = FactsIndex {
        by_id: HashMap::with_capacity_and_hasher(statements().count(), Default::default()),
        ..FactsIndex::default()
    };
    // Other ids of a VPC first, so that a statement under either id merges.
    for (fact, _) in statements() {
        for alias in store.fact_aliases(fact) {
            if alias.value != fact.id.value {
                index.aliases.entry(alias.value).or_insert(fact.id.value);
            }
        }
    }
    for (fact, inventory) in statements() {
        let id = index.canonical(fact.id.value);
        let cidrs = store.fact_cidrs(fact);
        let Some(existing) = index.by_id.get_mut(&id) else {
            index.by_id.insert(
                id,
                FactView {
                    id: fact.id,
                    cidrs,
                    region: fact.region,
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
        let name = store.text(fact.id.value);
        match (existing.cidrs, cidrs) {
            (Some(a), Some(b)) if sorted(a) != sorted(b) => {
                let at = |list: &[Cidr], id: &Val| list.first().map_or(id.at, |c| c.at);
                conflicts.push((
                    at(b, &fact.id),
                    at(a, &existing.id),
                    format!(
                        "facts about {name} disagree: its CIDR blocks are [{}] here but [{}] elsewhere; {winner}",
                        list_text(b),
                        list_text(a)
                    ),
                ));
            }
            (None, Some(b)) => existing.cidrs = Some(b),
            _ => {}
        }
        match (existing.region, fact.region) {
            (Some(a), Some(b))
                if regions.canonical(store.text(a.value))
                    != regions.canonical(store.text(b.value)) =>
            {
                conflicts.push((
                    b.at,
                    a.at,
                    format!(
                        "facts about {name} disagree: its region is {} here but {} elsewhere; {winner}",
                        store.text(b.value),
                        store.text(a.value)
                    ),
                ));
            }
            (None, Some(b)) => existing.region = Some(b),
            _ => {}
        }
    }
    (index, conflicts)
}

fn sorted(list: &[Cidr]) -> Vec<ipnet::IpNet> {
    // `10.0.0.1/16` and `10.0.0.0/16` are the same network (the first is
    // reported for its host bits already).
    let mut nets: Vec<ipnet::IpNet> = list.iter().map(|c| c.net.trunc()).collect();
    nets.sort();
    nets.dedup();
    nets
}

fn list_text(list: &[Cidr]) -> String {
    list.iter()
        .map(|c| c.net.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn conflict_diagnostic(
    set: &RuleSet,
    severities: &Severities,
    resolver: &Resolver<'_>,
    later: At,
    earlier: At,
    message: &str,
) -> Option<Diagnostic> {
    let severity = CONFLICTING_FACTS.severity_in(severities)?;
    let here = resolver.resolve(later);
    let mut d = Diagnostic::new(
        here.file.to_string(),
        CONFLICTING_FACTS.id,
        severity,
        escape_for_message(message, 400),
        here.location,
    );
    d.document = Some(here.document);
    d.provider = Some(set.provider.clone());
    d.help = Some(
        "state each VPC's facts once, or make them agree (an inventory is the usual single source)"
            .to_owned(),
    );
    d.pointer = here.pointer;
    d.labels = vec![label(
        resolver,
        &here.file,
        FindingLabel::at(earlier, "stated differently here"),
    )];
    Some(d)
}

/// The account of each request: its own; else the account its own VPC
/// facts state for its VPC (a partner's request says whose VPC it is);
/// else the account of the inventory listing its VPC; else the one account
/// the provider's inventories declare.
fn resolve_accounts(set: &RuleSet, store: &Store, reqs: &[u32], invs: &[&Inv]) -> Vec<Sym> {
    let mut owner: HashMap<Sym, Sym> = HashMap::default();
    let mut declared: Vec<Sym> = Vec::new();
    for inv in invs {
        if inv.account != NONE {
            if !declared.contains(&inv.account) {
                declared.push(inv.account);
            }
            for vpc in store.inventory_facts(inv) {
                owner.entry(vpc.id.value).or_insert(inv.account);
            }
        }
    }
    let only = if declared.len() == 1 {
        declared[0]
    } else {
        NONE
    };
    let requester = set.requester_vpc.as_deref().and_then(|p| store.key(p));
    reqs.iter()
        .map(|&r| {
            let own = store.requests[r as usize].account;
            if own != NONE {
                return own;
            }
            let vpc = requester.and_then(|k| store.param(r, k));
            if let Some(vpc) = vpc {
                if let Some(fact) = store
                    .request_facts(r)
                    .iter()
                    .find(|f| f.id.value == vpc.value && f.account != NONE)
                {
                    return fact.account;
                }
                if let Some(&account) = owner.get(&vpc.value) {
                    return account;
                }
            }
            only
        })
        .collect()
}

fn label(resolver: &Resolver<'_>, file: &Arc<str>, l: FindingLabel) -> Label {
    let (other, location) = match l.place {
        Place::At { file, location } => (file, location),
        Place::Fact(at) => {
            let r = resolver.resolve(at);
            (r.file, r.location)
        }
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

/// The diagnostic of a cross-document finding on request `req` (an id in
/// the store).
fn diagnostic(
    set: &RuleSet,
    rule: &Rule,
    severity: Severity,
    resolver: &Resolver<'_>,
    req: u32,
    mut finding: Finding,
) -> Diagnostic {
    let store = resolver.store();
    let request = &store.requests[req as usize];
    let file = resolver.file_name(request.file);
    let (pointer, location, value) = match finding.at.take() {
        Some((_, Place::Fact(at))) => {
            let r = resolver.resolve(at);
            (r.pointer, r.location, value_at(store, req, at))
        }
        Some((pointer, Place::At { location, .. })) => (pointer, location, String::new()),
        Some((pointer, Place::Here(_))) => (pointer, resolver.whole(req), String::new()),
        None => (String::new(), resolver.whole(req), String::new()),
    };
    let labels = std::mem::take(&mut finding.labels)
        .into_iter()
        .map(|l| label(resolver, &file, l))
        .collect();
    rule_diagnostic(
        rule,
        set,
        severity,
        &file,
        request.document as usize,
        &pointer,
        location,
        &value,
        finding,
        labels,
    )
}

/// The text of the value at `at`, when it is one of request `req`'s own.
fn value_at(store: &Store, req: u32, at: At) -> String {
    if let At::Param { request, key } = at {
        return store
            .param(request, key)
            .map(|v| store.text(v.value).to_owned())
            .unwrap_or_default();
    }
    for fact in store.request_facts(req) {
        if fact.id.at == at {
            return store.text(fact.id.value).to_owned();
        }
        if let Some(c) = store
            .fact_cidrs(fact)
            .into_iter()
            .flatten()
            .find(|c| c.at == at)
        {
            return c.net.to_string();
        }
        if let Some(r) = fact.region.filter(|r| r.at == at) {
            return store.text(r.value).to_owned();
        }
    }
    String::new()
}
