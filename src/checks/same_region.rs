//! `same-region`: both VPCs of a request must be in one region. Regions are
//! taken from every source there is — VPC facts (from any document or
//! inventory), a region parameter of the request (the requester's region),
//! and a region code embedded in an id (`id_region`, a regex whose first
//! group is the code) — and compared through the provider's region table, so
//! `gz` and `ap-guangzhou` agree.

use super::args::{param_pair, region_sources};
use super::{Args, Check, CheckKind, CrossDocCheck, CrossDocInput, Finding, FindingLabel, Scope};
use crate::dialect::reader::Reader;
use crate::store::At;

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
    id_region: Option<crate::dialect::Regex>,
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

/// What a region statement is: the request's region parameter, the code
/// in an id, or a VPC's facts.
#[derive(Clone, Copy)]
enum How<'a> {
    Param(&'a str),
    Prefix(&'a str),
    Facts(&'a str),
}

impl std::fmt::Display for How<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            How::Param(name) => write!(f, "{name} of the request"),
            How::Prefix(id) => write!(f, "the prefix of {id}"),
            How::Facts(id) => write!(f, "the region of {id}"),
        }
    }
}

/// One statement of where a VPC is (strings borrowed: most requests have
/// nothing to report).
struct Claim<'a> {
    region: &'a str,
    canonical: &'a str,
    at: At,
    own: bool,
    how: How<'a>,
}

/// The claims about one side of a request: at most three (its region
/// parameter, its id's prefix, its VPC's facts), kept in place (the check
/// asks this of every request).
struct Claims<'a> {
    items: [Option<Claim<'a>>; 3],
}

impl<'a> Claims<'a> {
    fn new() -> Claims<'a> {
        Claims {
            items: [None, None, None],
        }
    }

    fn push(&mut self, claim: Claim<'a>) {
        if let Some(free) = self.items.iter_mut().find(|c| c.is_none()) {
            *free = Some(claim);
        }
    }

    fn iter(&self) -> impl Iterator<Item = &Claim<'a>> {
        self.items.iter().flatten()
    }

    fn first(&self) -> Option<&Claim<'a>> {
        self.iter().next()
    }
}

impl Claim<'_> {
    fn message(&self) -> String {
        format!("{} is {}", self.how, self.region)
    }
}

/// The keys of a rule's parameters in the run's store, looked up once per
/// run rather than per request.
struct Keys {
    sides: [Option<u16>; 2],
    region: Option<u16>,
}

impl SameRegion {
    fn keys(&self, input: &CrossDocInput<'_>) -> Keys {
        Keys {
            sides: [input.key(&self.sides[0]), input.key(&self.sides[1])],
            region: self.region_param.as_deref().and_then(|p| input.key(p)),
        }
    }

    fn claims<'a>(
        &'a self,
        input: &CrossDocInput<'a>,
        keys: &Keys,
        i: usize,
        side: usize,
    ) -> Claims<'a> {
        let mut claims = Claims::new();
        let req = &input.store.requests[input.requests[i] as usize];
        let Some(id) = input.param(i, keys.sides[side]) else {
            return claims;
        };
        let id_text = input.text(id.value);
        let mut push = |region: &'a str, at: At, how: How<'a>| {
            claims.push(Claim {
                region,
                canonical: input.regions.canonical(region),
                own: input.store.file_and_document(at) == (req.file, req.document),
                at,
                how,
            });
        };
        if side == 0 {
            if let Some((name, param)) = self
                .region_param
                .as_deref()
                .and_then(|p| Some((p, input.param(i, keys.region)?)))
            {
                push(input.text(param.value), param.at, How::Param(name));
            }
        }
        if let Some(code) = self
            .id_region
            .as_ref()
            .and_then(|re| re.captures(id_text))
            .and_then(|c| c.get(1))
            // An unknown code is reported by its own rule and says nothing reliable here.
            .filter(|c| input.regions.contains(c.as_str()))
        {
            push(code.as_str(), id.at, How::Prefix(id_text));
        }
        if let Some(region) = input.facts.get(id.value).and_then(|f| f.region) {
            push(input.text(region.value), region.at, How::Facts(id_text));
        }
        claims
    }

    fn violation(
        &self,
        input: &CrossDocInput<'_>,
        i: usize,
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
        let mut labels = vec![FindingLabel::at(other.at, other.message())];
        let (at, label) = if primary.own {
            (Some(primary.at), Some(primary.message()))
        } else {
            labels.push(FindingLabel::at(primary.at, primary.message()));
            let id = input
                .param(i, input.key(&self.sides[1]))
                .or_else(|| input.param(i, input.key(&self.sides[0])));
            (id.map(|v| v.at), None)
        };
        let base = match at {
            Some(at) => Finding::on(i, at),
            None => Finding {
                request: i,
                ..Finding::default()
            },
        };
        Finding {
            message,
            help: Some(help.to_owned()),
            vars: vec![
                ("first_region", a.region.to_owned()),
                ("second_region", b.region.to_owned()),
            ],
            label,
            labels,
            ..base
        }
    }
}

impl CrossDocCheck for SameRegion {
    fn check(&self, input: &CrossDocInput<'_>) -> Vec<Finding> {
        let mut out = Vec::new();
        let keys = self.keys(input);
        for i in 0..input.requests.len() {
            if let (Some(a), Some(b)) =
                (input.param(i, keys.sides[0]), input.param(i, keys.sides[1]))
            {
                if a.value == b.value {
                    continue;
                }
            }
            let first = self.claims(input, &keys, i, 0);
            // The requester's own statements must agree first (region
            // parameter vs its VPC's facts): that is the problem to fix.
            if let Some(a) = first.first() {
                if let Some(b) = first.iter().skip(1).find(|b| b.canonical != a.canonical) {
                    let message = format!(
                        "the requester's region is stated twice and differs: {} is {}, {} is {}",
                        a.how, a.region, b.how, b.region
                    );
                    out.push(self.violation(
                        input,
                        i,
                        a,
                        b,
                        message,
                        "make the region parameter match the VPC's region",
                    ));
                    continue;
                }
            }
            let second = self.claims(input, &keys, i, 1);
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
                    input,
                    i,
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
