//! `vpc-region`: a region parameter names the region of a VPC of the
//! request (a peer region parameter, the peer VPC's region). The VPC's
//! region comes from its facts (any document or inventory); the two are
//! compared through the provider's region table. A VPC without a known
//! region gives nothing: the run cannot tell.

use super::args::param_target;
use super::{Args, Check, CheckKind, CrossDocCheck, CrossDocInput, Finding, FindingLabel, Scope};
use crate::dialect::reader::Reader;

pub const KIND: CheckKind = CheckKind {
    name: "vpc-region",
    scope: Scope::CrossDocument,
    keys: &["vpc", "region"],
    vars: &["vpc", "region", "vpc_region"],
    build,
};

#[derive(Debug)]
struct VpcRegion {
    vpc: String,
    region: String,
}

fn build(args: &Args<'_>, r: &mut Reader) -> Option<Check> {
    args.require("vpc", r, "vpc-region")?;
    args.require("region", r, "vpc-region")?;
    let vpc = param_target(args, "vpc", r)?;
    let region = param_target(args, "region", r)?;
    Some(Check::CrossDocument(Box::new(VpcRegion { vpc, region })))
}

impl CrossDocCheck for VpcRegion {
    fn check(&self, input: &CrossDocInput<'_>) -> Vec<Finding> {
        let (vk, rk) = (input.key(&self.vpc), input.key(&self.region));
        let mut out = Vec::new();
        for i in 0..input.requests.len() {
            let (Some(vpc), Some(region)) = (input.param(i, vk), input.param(i, rk)) else {
                continue;
            };
            let Some(known) = input.facts.get(vpc.value).and_then(|f| f.region) else {
                continue;
            };
            let (vpc_text, region_text, known_text) = (
                input.text(vpc.value),
                input.text(region.value),
                input.text(known.value),
            );
            if input.regions.canonical(known_text) == input.regions.canonical(region_text) {
                continue;
            }
            out.push(Finding {
                message: format!(
                    "{} is {region_text}, but {vpc_text} is in {known_text}",
                    self.region
                ),
                help: Some(format!(
                    "set {} to {known_text}, the region of {vpc_text} (or correct the VPC's facts)",
                    self.region
                )),
                vars: vec![
                    ("vpc", vpc_text.to_owned()),
                    ("region", region_text.to_owned()),
                    ("vpc_region", known_text.to_owned()),
                ],
                labels: vec![FindingLabel::at(
                    known.at,
                    format!("the region of {vpc_text} is {known_text}"),
                )],
                ..Finding::on(i, region.at)
            });
        }
        out
    }

    fn vpc_keys(&self) -> Vec<&str> {
        vec![self.vpc.as_str()]
    }

    fn summary(&self) -> String {
        format!("{} is the region of {}", self.region, self.vpc)
    }
}
