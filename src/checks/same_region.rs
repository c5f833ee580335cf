//! `same-region`: both VPCs of a request must be in one region. Regions are
//! taken from every source there is — VPC facts, a region parameter of the
//! request (the requester's region), and a region code embedded in an id
//! (`id_region`, a regex whose first group is the code) — and compared
//! through the provider's region table, so `gz` and `ap-guangzhou` agree.

use super::{Args, Check, KindSpec, RequestCheck, RequestInput, Scope, Violation, ViolationLabel};
use crate::document::Span;
use crate::rules::compile_regex;
use crate::rules::model::Target;
use crate::rules::reader::Reader;

pub const SPEC: KindSpec = KindSpec {
    name: "same-region",
    scope: Scope::Request,
    keys: &["sides", "region_param", "id_region"],
    vars: &["first_region", "second_region"],
    build,
};

#[derive(Debug)]
struct SameRegion {
    sides: Vec<Target>,
    region_param: Option<Target>,
    id_region: Option<regex::Regex>,
}

fn build(args: &Args<'_>, r: &mut Reader) -> Option<Check> {
    let sides = args.targets("sides", 2, r, "same-region")?;
    let region_param = match args.get("region_param") {
        Some(node) => Some((args.parse_target)(node, r)?),
        None => None,
    };
    let id_region = match args.get("id_region") {
        Some(node) => {
            let text = r.string(node, "id_region")?;
            let regex = compile_regex(&text, node.span, r)?;
            if regex.captures_len() < 2 {
                r.error(
                    node.span,
                    "id_region needs a capture group for the region code",
                );
                return None;
            }
            Some(regex)
        }
        None => None,
    };
    Some(Check::Request(Box::new(SameRegion {
        sides,
        region_param,
        id_region,
    })))
}

/// One statement of where a VPC is.
struct Claim {
    region: String,
    canonical: String,
    span: Span,
    pointer: String,
    file: Option<String>,
    how: String,
}

impl SameRegion {
    fn claims(&self, input: &RequestInput<'_>, side: usize) -> Vec<Claim> {
        let mut claims = Vec::new();
        let Some(id_ref) = input.view.scalar(&self.sides[side]) else {
            return claims;
        };
        let id = id_ref.node.as_str().unwrap_or("");
        let mut push = |region: &str, span, pointer: String, file: Option<String>, how: String| {
            claims.push(Claim {
                region: region.to_owned(),
                canonical: input.regions.canonical(region).to_owned(),
                span,
                pointer,
                file,
                how,
            });
        };
        if side == 0 {
            if let Some(param) = self
                .region_param
                .as_ref()
                .and_then(|t| input.view.scalar(t))
            {
                let region = param.node.as_str().unwrap_or("");
                push(
                    region,
                    param.node.span,
                    param.pointer.clone(),
                    None,
                    format!("{} of the request", param.field),
                );
            }
        }
        if let Some(code) = self
            .id_region
            .as_ref()
            .and_then(|re| re.captures(id))
            .and_then(|c| c.get(1))
        {
            push(
                code.as_str(),
                id_ref.node.span,
                id_ref.pointer.clone(),
                None,
                format!("the prefix of {id}"),
            );
        }
        if let Some(region) = input.facts.get(id).and_then(|f| f.region.as_ref()) {
            push(
                &region.value,
                region.span,
                region.pointer.clone(),
                region.file.as_deref().map(str::to_owned),
                format!("the region of {id}"),
            );
        }
        claims
    }
}

impl RequestCheck for SameRegion {
    fn check(&self, input: &RequestInput<'_>) -> Vec<Violation> {
        let first = self.claims(input, 0);
        let second = self.claims(input, 1);
        for b in &second {
            if let Some(a) = first.iter().find(|a| a.canonical != b.canonical) {
                // Report in the request's own file when the second claim is elsewhere.
                let (primary, other, fallback) = if b.file.is_none() {
                    (b, a, None)
                } else if a.file.is_none() {
                    (a, b, None)
                } else {
                    let id = input.view.scalar(&self.sides[1]);
                    (b, a, id.map(|f| (f.pointer.clone(), f.node.span)))
                };
                let at = fallback.unwrap_or((primary.pointer.clone(), primary.span));
                let mut labels = vec![ViolationLabel {
                    span: other.span,
                    file: other.file.clone(),
                    message: format!("{} is {}", other.how, other.region),
                }];
                if at.1 != primary.span || primary.file.is_some() {
                    labels.push(ViolationLabel {
                        span: primary.span,
                        file: primary.file.clone(),
                        message: format!("{} is {}", primary.how, primary.region),
                    });
                }
                return vec![Violation {
                    message: format!(
                        "the two VPCs are in different regions: {} is {}, {} is {}",
                        a.how, a.region, b.how, b.region
                    ),
                    help: Some(
                        "this API peers VPCs of one region only: pick two VPCs of the same region"
                            .to_owned(),
                    ),
                    vars: vec![
                        ("first_region", a.region.clone()),
                        ("second_region", b.region.clone()),
                    ],
                    label: Some(format!("{} is {}", primary.how, primary.region)),
                    at: Some(at),
                    labels,
                    ..Violation::default()
                }];
            }
        }
        // The requester's own claims must agree too (region parameter vs facts).
        if let Some(a) = first.first() {
            if let Some(b) = first.iter().skip(1).find(|b| b.canonical != a.canonical) {
                let (primary, other) = if a.file.is_none() { (a, b) } else { (b, a) };
                return vec![Violation {
                    message: format!(
                        "the requester's region is stated twice and differs: {} is {}, {} is {}",
                        a.how, a.region, b.how, b.region
                    ),
                    help: Some("make the region parameter match the VPC's region".to_owned()),
                    vars: vec![
                        ("first_region", a.region.clone()),
                        ("second_region", b.region.clone()),
                    ],
                    label: Some(format!("{} is {}", primary.how, primary.region)),
                    at: Some((primary.pointer.clone(), primary.span)),
                    labels: vec![ViolationLabel {
                        span: other.span,
                        file: other.file.clone(),
                        message: format!("{} is {}", other.how, other.region),
                    }],
                    ..Violation::default()
                }];
            }
        }
        Vec::new()
    }

    fn summary(&self) -> String {
        format!(
            "{} and {} must be in the same region",
            self.sides[0].text, self.sides[1].text
        )
    }
}
