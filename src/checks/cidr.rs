//! CIDR checks, one kind per problem so that each gets its own rule id:
//! `cidr` (syntax and family), `cidr-within` (inside a set of networks),
//! `cidr-prefix-length` (prefix range) and `cidr-host-bits` (the address is
//! the network address). The last three skip values that do not parse; make
//! them `depends_on` the syntax rule.

use ipnet::IpNet;

use super::{Args, Check, CheckKind, FieldCheck, FieldValue, Finding, Scope};
use crate::diagnostic::escape_for_message;
pub use crate::dialect::cidr::parse_cidr;
use crate::dialect::reader::Reader;
use crate::fix::Fix;

pub const SYNTAX: CheckKind = CheckKind {
    name: "cidr",
    scope: Scope::Field,
    keys: &["family"],
    vars: &["family"],
    build: build_syntax,
};

pub const WITHIN: CheckKind = CheckKind {
    name: "cidr-within",
    scope: Scope::Field,
    keys: &["networks"],
    vars: &["networks"],
    build: build_within,
};

pub const PREFIX_LENGTH: CheckKind = CheckKind {
    name: "cidr-prefix-length",
    scope: Scope::Field,
    keys: &["min", "max"],
    vars: &["prefix", "min", "max"],
    build: build_prefix,
};

pub const HOST_BITS: CheckKind = CheckKind {
    name: "cidr-host-bits",
    scope: Scope::Field,
    keys: &[],
    vars: &["fix"],
    build: build_host_bits,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    V4,
    V6,
    Any,
}

#[derive(Debug)]
struct Syntax {
    family: Family,
}

fn build_syntax(args: &Args<'_>, r: &mut Reader) -> Option<Check> {
    let family = match args.get("family").map(|n| (n, n.as_str())) {
        None | Some((_, Some("any"))) => Family::Any,
        Some((_, Some("ipv4"))) => Family::V4,
        Some((_, Some("ipv6"))) => Family::V6,
        Some((n, _)) => {
            r.error(n.span, "family must be ipv4, ipv6 or any");
            return None;
        }
    };
    Some(Check::Field(Box::new(Syntax { family })))
}

impl Syntax {
    fn family_name(&self) -> &'static str {
        match self.family {
            Family::V4 => "an IPv4 CIDR block",
            Family::V6 => "an IPv6 CIDR block",
            Family::Any => "a CIDR block",
        }
    }
}

impl FieldCheck for Syntax {
    fn check(&self, value: &FieldValue<'_>) -> Option<Finding> {
        let parsed = parse_cidr(value.text);
        let ok = matches!(
            (parsed, self.family),
            (Some(_), Family::Any)
                | (Some(IpNet::V4(_)), Family::V4)
                | (Some(IpNet::V6(_)), Family::V6)
        );
        if ok {
            return None;
        }
        let family = self.family_name();
        let example = if self.family == Family::V6 {
            "fd00::/48"
        } else {
            "10.0.0.0/16"
        };
        Some(Finding {
            message: format!(
                "{} `{}` is not {family}",
                value.field,
                escape_for_message(value.text, 64)
            ),
            help: Some(format!(
                "write an address and a prefix length, e.g. `{example}`"
            )),
            vars: vec![("family", family.to_owned())],
            ..Finding::default()
        })
    }

    fn summary(&self) -> String {
        format!("must be {}", self.family_name())
    }
}

#[derive(Debug)]
struct Within {
    networks: Vec<IpNet>,
}

fn build_within(args: &Args<'_>, r: &mut Reader) -> Option<Check> {
    let node = args.require("networks", r, "cidr-within")?;
    let mut networks = Vec::new();
    for (text, span) in r.strings(node, "networks") {
        match parse_cidr(&text) {
            Some(net) => networks.push(net),
            None => r.error(span, format!("`{text}` is not a CIDR block")),
        }
    }
    if networks.is_empty() {
        r.error(node.span, "`networks` must list at least one CIDR block");
        return None;
    }
    Some(Check::Field(Box::new(Within { networks })))
}

impl Within {
    fn list(&self) -> String {
        let names: Vec<String> = self.networks.iter().map(ToString::to_string).collect();
        names.join(", ")
    }
}

impl FieldCheck for Within {
    fn check(&self, value: &FieldValue<'_>) -> Option<Finding> {
        let net = parse_cidr(value.text)?;
        if self.networks.iter().any(|outer| outer.contains(&net)) {
            return None;
        }
        let list = self.list();
        Some(Finding {
            message: format!("{} `{net}` is outside {list}", value.field),
            help: Some(format!("choose a block inside one of {list}")),
            vars: vec![("networks", list)],
            ..Finding::default()
        })
    }

    fn summary(&self) -> String {
        format!("inside one of {}", self.list())
    }
}

#[derive(Debug)]
struct PrefixLength {
    min: u8,
    max: u8,
}

fn build_prefix(args: &Args<'_>, r: &mut Reader) -> Option<Check> {
    let min = args
        .get("min")
        .and_then(|n| r.unsigned(n, "min"))
        .unwrap_or(0);
    let max = args
        .get("max")
        .and_then(|n| r.unsigned(n, "max"))
        .unwrap_or(128);
    if min > max || max > 128 {
        r.error(
            args.rule_span,
            "prefix lengths must satisfy min <= max <= 128",
        );
        return None;
    }
    Some(Check::Field(Box::new(PrefixLength {
        min: min as u8,
        max: max as u8,
    })))
}

impl FieldCheck for PrefixLength {
    fn check(&self, value: &FieldValue<'_>) -> Option<Finding> {
        let net = parse_cidr(value.text)?;
        let prefix = net.prefix_len();
        if (self.min..=self.max).contains(&prefix) {
            return None;
        }
        let (min, max) = (self.min, self.max);
        let size = if prefix < min { "large" } else { "small" };
        Some(Finding {
            message: format!(
                "{} `{net}` has prefix length /{prefix}; /{min} to /{max} allowed",
                value.field
            ),
            help: Some(format!(
                "the block is too {size}: use a prefix length from /{min} to /{max}"
            )),
            vars: vec![
                ("prefix", prefix.to_string()),
                ("min", min.to_string()),
                ("max", max.to_string()),
            ],
            ..Finding::default()
        })
    }

    fn summary(&self) -> String {
        format!("prefix length /{} to /{}", self.min, self.max)
    }
}

#[derive(Debug)]
struct HostBits;

fn build_host_bits(_: &Args<'_>, _: &mut Reader) -> Option<Check> {
    Some(Check::Field(Box::new(HostBits)))
}

impl FieldCheck for HostBits {
    fn check(&self, value: &FieldValue<'_>) -> Option<Finding> {
        let net = parse_cidr(value.text)?;
        let network = net.trunc();
        if network.addr() == net.addr() {
            return None;
        }
        Some(Finding {
            message: format!(
                "{} `{net}` has host bits set; its network is {network}",
                value.field
            ),
            help: Some(format!("write the network address: `{network}`")),
            vars: vec![("fix", network.to_string())],
            fix: value.text_edit(&network.to_string()).and_then(|edit| {
                Fix::unsafe_(format!("write the network address `{network}`"), vec![edit])
            }),
            ..Finding::default()
        })
    }

    fn summary(&self) -> String {
        "the address is the network address (no host bits set)".to_owned()
    }
}
