//! `region-quota`: at most `max` peerings per account and region
//! (a provider's limit error may be worded per region). The
//! number is account-specific, so the check is off until `max` is set. A
//! request's region comes from `region_param`, else a code in its VPC id
//! (`id_region`), else its VPC's facts; inventory peerings count first.

use rustc_hash::FxHashMap as HashMap;

use super::args::{param_pair, region_sources};
use super::{Args, Check, CheckKind, CrossDocCheck, CrossDocInput, Finding, FindingLabel, Scope};
use crate::dialect::reader::Reader;
use crate::store::{At, Sym};

pub const KIND: CheckKind = CheckKind {
    name: "region-quota",
    scope: Scope::CrossDocument,
    keys: &["sides", "max", "region_param", "id_region"],
    vars: &["region", "max", "count"],
    build,
};

#[derive(Debug)]
struct RegionQuota {
    sides: [String; 2],
    max: Option<usize>,
    region_param: Option<String>,
    id_region: Option<crate::dialect::Regex>,
}

fn build(args: &Args<'_>, r: &mut Reader) -> Option<Check> {
    let sides = param_pair(args, "sides", r, "region-quota")?;
    let max = match args.get("max") {
        Some(n) if n.is_null() => None,
        Some(n) => Some(r.unsigned(n, "max")? as usize),
        None => None,
    };
    let (region_param, id_region) = region_sources(args, r)?;
    Some(Check::CrossDocument(Box::new(RegionQuota {
        sides,
        max,
        region_param,
        id_region,
    })))
}

impl RegionQuota {
    fn region(
        &self,
        input: &CrossDocInput<'_>,
        get: &dyn Fn(&str) -> Option<String>,
        vpc: Sym,
    ) -> Option<String> {
        let raw = self
            .region_param
            .as_deref()
            .and_then(get)
            .or_else(|| {
                self.id_region
                    .as_ref()
                    .and_then(|re| re.captures(input.text(vpc)))
                    .and_then(|c| c.get(1))
                    .map(|m| m.as_str().to_owned())
            })
            .or_else(|| {
                input
                    .facts
                    .get(vpc)
                    .and_then(|f| f.region)
                    .map(|r| input.text(r.value).to_owned())
            })?;
        Some(input.regions.canonical(&raw).to_owned())
    }
}

impl CrossDocCheck for RegionQuota {
    fn check(&self, input: &CrossDocInput<'_>) -> Vec<Finding> {
        let Some(max) = self.max else {
            return Vec::new();
        };
        let (k0, k1) = (input.key(&self.sides[0]), input.key(&self.sides[1]));
        // Per account and region: how many, and the first few places.
        let mut counted: HashMap<(Sym, String), (usize, Vec<At>)> = HashMap::default();
        let mut count_in = |key: (Sym, String), at: At| {
            let entry = counted.entry(key).or_default();
            entry.0 += 1;
            if entry.1.len() < 3 {
                entry.1.push(at);
            }
            (entry.0, entry.1.clone())
        };
        for (inventory, peering) in input.existing() {
            let Some(a) = input.peering_param(peering, k0) else {
                continue;
            };
            let get = |name: &str| {
                input
                    .peering_param(peering, input.key(name))
                    .map(|v| input.text(v.value).to_owned())
            };
            if let Some(region) = self.region(input, &get, a.value) {
                count_in((inventory.account, region), a.at);
            }
        }
        let mut out = Vec::new();
        for i in 0..input.requests.len() {
            let Some(a) = input.param(i, k0) else {
                continue;
            };
            if input.param(i, k1).is_some_and(|b| b.value == a.value) {
                continue;
            }
            let get = |name: &str| {
                input
                    .param(i, input.key(name))
                    .map(|v| input.text(v.value).to_owned())
            };
            let Some(region) = self.region(input, &get, a.value) else {
                continue;
            };
            let (count, first) = count_in((input.accounts[i], region.clone()), a.at);
            if count > max {
                out.push(Finding {
                    message: format!("this would be peering number {count} in region {region}; the quota is {max}"),
                    help: Some("ask the provider to raise the regional peering quota".to_owned()),
                    vars: vec![("region", region), ("max", max.to_string()), ("count", count.to_string())],
                    label: None,
                    labels: first.iter().map(|l| FindingLabel::at(*l, "counted")).collect(),
                    ..Finding::on(i, a.at)
                });
            }
        }
        out
    }

    fn vpc_keys(&self) -> Vec<&str> {
        self.sides.iter().map(String::as_str).collect()
    }

    fn summary(&self) -> String {
        match self.max {
            Some(max) => format!("at most {max} peerings per account and region"),
            None => "peerings per account and region (off until `max` is configured)".to_owned(),
        }
    }
}
