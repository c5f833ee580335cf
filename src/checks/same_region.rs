//! `same-region`: both VPCs of a request must be in one region. Regions are
//! taken from every source there is — VPC facts (from any document or
//! inventory), a region parameter of the request (the requester's region),
//! and a region code embedded in an id (`id_region`, a regex whose first
//! group is the code) — and compared through the provider's region table, so
//! `gz` and `ap-guangzhou` agree.

use super::args::{param_pair, region_sources};
use super::{
    Args, Check, CheckKind, CrossDocCheck, CrossDocInput, Finding, FindingLabel, Place, Scope,
};
use crate::diagnostic::Location;
use crate::dialect::reader::Reader;
use crate::facts::RequestFacts;

pub const KIND: CheckKind = CheckKind {
    name: "same-region",
    scope: Scope::CrossDocument,
    keys: &["sides", "region_param", "id_region"],
    vars: &["first_region", "second_region"],
    build,
};

#[derive(Debug)]
struct SameRegion {
    sides: [String; 2],
    region_param: Option<String>,
    id_region: Option<regex::Regex>,
}

fn build(args: &Args<'_>, r: &mut Reader) -> Option<Check> {
    let sides = param_pair(args, "sides", r, "same-region")?;
    let (region_param, id_region) = region_sources(args, r)?;
    Some(Check::CrossDocument(Box::new(SameRegion {
        sides,
        region_param,
        id_region,
    })))
}

/// One statement of where a VPC is.
struct Claim {
    region: String,
    canonical: String,
    label: FindingLabel,
    pointer: String,
    own: bool,
    how: String,
}

impl Claim {
    fn label_location(&self) -> Location {
        match &self.label.place {
            Place::At { location, .. } => *location,
            Place::Here(_) => Location::default(),
        }
    }
}

impl SameRegion {
    fn claims(&self, input: &CrossDocInput<'_>, req: &RequestFacts, side: usize) -> Vec<Claim> {
        let mut claims = Vec::new();
        let Some(id) = req.param(&self.sides[side]) else {
            return claims;
        };
        let mut push =
            |region: &str, at: (&std::sync::Arc<str>, usize, &str, Location), how: String| {
                let own = *at.0 == req.file && at.1 == req.document;
                claims.push(Claim {
                    region: region.to_owned(),
                    canonical: input.regions.canonical(region).to_owned(),
                    label: FindingLabel {
                        place: Place::At {
                            file: std::sync::Arc::clone(at.0),
                            location: at.3,
                        },
                        message: format!("{how} is {region}"),
                    },
                    pointer: at.2.to_owned(),
                    own,
                    how,
                });
            };
        if side == 0 {
            if let Some(param) = self.region_param.as_ref().and_then(|p| req.param(p)) {
                let how = format!(
                    "{} of the request",
                    self.region_param.as_deref().unwrap_or("")
                );
                push(
                    &param.value,
                    (&param.file, param.document, &param.pointer, param.location),
                    how,
                );
            }
        }
        if let Some(code) = self
            .id_region
            .as_ref()
            .and_then(|re| re.captures(&id.value))
            .and_then(|c| c.get(1))
            // An unknown code is reported by its own rule and says nothing reliable here.
            .filter(|c| input.regions.contains(c.as_str()))
        {
            let how = format!("the prefix of {}", id.value);
            push(
                code.as_str(),
                (&id.file, id.document, &id.pointer, id.location),
                how,
            );
        }
        if let Some(region) = input.facts.get(&id.value).and_then(|f| f.region) {
            let how = format!("the region of {}", id.value);
            push(
                &region.value,
                (
                    &region.file,
                    region.document,
                    &region.pointer,
                    region.location,
                ),
                how,
            );
        }
        claims
    }

    fn violation(
        &self,
        i: usize,
        req: &RequestFacts,
        a: &Claim,
        b: &Claim,
        message: String,
        help: &str,
    ) -> Finding {
        // Report in the request itself when one of the two claims is there.
        let (primary, other) = if b.own {
            (b, a)
        } else if a.own {
            (a, b)
        } else {
            (b, a)
        };
        let mut labels = vec![other.label.clone()];
        let (pointer, location, label) = if primary.own {
            (
                primary.pointer.clone(),
                primary.label_location(),
                Some(primary.label.message.clone()),
            )
        } else {
            labels.push(primary.label.clone());
            let id = req
                .param(&self.sides[1])
                .or_else(|| req.param(&self.sides[0]));
            match id {
                Some(id) => (id.pointer.clone(), id.location, None),
                None => (String::new(), req.whole, None),
            }
        };
        Finding {
            request: i,
            at: Some((
                pointer,
                Place::At {
                    file: std::sync::Arc::clone(&req.file),
                    location,
                },
            )),
            message,
            help: Some(help.to_owned()),
            vars: vec![
                ("first_region", a.region.clone()),
                ("second_region", b.region.clone()),
            ],
            label,
            labels,
            ..Finding::default()
        }
    }
}

impl CrossDocCheck for SameRegion {
    fn check(&self, input: &CrossDocInput<'_>) -> Vec<Finding> {
        let mut out = Vec::new();
        for (i, req) in input.requests.iter().enumerate() {
            if let (Some(a), Some(b)) = (req.param(&self.sides[0]), req.param(&self.sides[1])) {
                if a.value == b.value {
                    continue;
                }
            }
            let first = self.claims(input, req, 0);
            // The requester's own statements must agree first (region
            // parameter vs its VPC's facts): that is the problem to fix.
            if let Some(a) = first.first() {
                if let Some(b) = first.iter().skip(1).find(|b| b.canonical != a.canonical) {
                    let message = format!(
                        "the requester's region is stated twice and differs: {} is {}, {} is {}",
                        a.how, a.region, b.how, b.region
                    );
                    out.push(self.violation(
                        i,
                        req,
                        a,
                        b,
                        message,
                        "make the region parameter match the VPC's region",
                    ));
                    continue;
                }
            }
            let second = self.claims(input, req, 1);
            let across = second.iter().find_map(|b| {
                first
                    .iter()
                    .find(|a| a.canonical != b.canonical)
                    .map(|a| (a, b))
            });
            if let Some((a, b)) = across {
                let message = format!(
                    "the two VPCs are in different regions: {} is {}, {} is {}",
                    a.how, a.region, b.how, b.region
                );
                out.push(self.violation(
                    i,
                    req,
                    a,
                    b,
                    message,
                    "this API peers VPCs of one region only: pick two VPCs of the same region",
                ));
            }
        }
        out
    }

    fn vpc_keys(&self) -> Vec<&str> {
        self.sides.iter().map(String::as_str).collect()
    }

    fn summary(&self) -> String {
        format!(
            "{} and {} must be in the same region",
            self.sides[0], self.sides[1]
        )
    }
}
