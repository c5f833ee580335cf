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
        let mut out = Vec::new();
        for (i, req) in input.requests.iter().enumerate() {
            let (Some(vpc), Some(region)) = (req.param(&self.vpc), req.param(&self.region)) else {
                continue;
            };
            let Some(known) = input.facts.get(&vpc.value).and_then(|f| f.region) else {
                continue;
            };
            if input.regions.canonical(&known.value) == input.regions.canonical(&region.value) {
                continue;
            }
            out.push(Finding {
                message: format!(
                    "{} is {}, but {} is in {}",
                    self.region, region.value, vpc.value, known.value
                ),
                help: Some(format!(
                    "set {} to {}, the region of {} (or correct the VPC's facts)",
                    self.region, known.value, vpc.value
                )),
                vars: vec![
                    ("vpc", vpc.value.clone()),
                    ("region", region.value.clone()),
                    ("vpc_region", known.value.clone()),
                ],
                labels: vec![FindingLabel::at(
                    known,
                    format!("the region of {} is {}", vpc.value, known.value),
                )],
                ..Finding::on(i, region)
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
