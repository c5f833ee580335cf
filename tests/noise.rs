//! Noise (issue 12): a valid request that the run has nothing more to say
//! about gets no finding at all, infos included; a reverse peering is asked
//! for only when the run knows the remote VPC.
//!
//! For each built-in rule set, 300 valid one-sided requests (every VPC in
//! one request only, no inventory) are generated the way a team writes
//! them: realistic ids, names and regions from the documented examples and
//! the rule files' passing examples, optional parameters on some requests
//! and not others (descriptions, tags, accounts, VPC facts with CIDR
//! blocks, JSON beside YAML, streams, the raw form), and linted together in
//! one run: nothing may be reported. The generators follow the API
//! references the rule files cite, not the rules' blind spots: what a rule
//! reports on a valid request is noise, and the test is there to catch it.
//! For JD Cloud, Google Cloud and Azure, whose sets ask for the reverse
//! peering, the same run then gets a request from one remote VPC, or an
//! inventory listing it: the reverse peering is asked for, once, on the
//! request whose remote VPC the run now knows.

use std::collections::HashSet;

use peerlint::diagnostic::Diagnostic;
use peerlint::engine::{Engine, EngineOptions};
use peerlint::rules::load::load_texts;
use peerlint::rules::model::RuleSets;
use peerlint::workspace::lint_in_memory;

const REQUESTS: usize = 300;

// ------------------------------------------------------------ randomness

/// A small deterministic generator (xorshift64*): the same requests in
/// every run, different for each provider.
struct Rng(u64);

impl Rng {
    fn new(seed: &str) -> Rng {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in seed.bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        Rng(h | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T: ?Sized>(&mut self, items: &[&'a T]) -> &'a T {
        items[self.below(items.len())]
    }

    /// `n` characters drawn from `alphabet`.
    fn chars(&mut self, alphabet: &str, n: usize) -> String {
        let chars: Vec<char> = alphabet.chars().collect();
        (0..n).map(|_| chars[self.below(chars.len())]).collect()
    }

    fn digits(&mut self, n: usize) -> String {
        let first = self.chars("123456789", 1);
        first + &self.chars("0123456789", n - 1)
    }

    fn hex(&mut self, n: usize) -> String {
        self.chars("0123456789abcdef", n)
    }

    fn uuid(&mut self) -> String {
        format!(
            "{}-{}-4{}-{}{}-{}",
            self.hex(8),
            self.hex(4),
            self.hex(3),
            self.chars("89ab", 1),
            self.hex(3),
            self.hex(12)
        )
    }
}

const LOWER_DIGITS: &str = "abcdefghijklmnopqrstuvwxyz0123456789";

/// Values drawn until one is new: every VPC, network and name of a run is
/// distinct.
#[derive(Default)]
struct Fresh(HashSet<String>);

impl Fresh {
    fn take(&mut self, make: impl FnMut() -> String) -> String {
        self.take_in("", make)
    }

    /// A value new within `scope` (a network's name within its project).
    fn take_in(&mut self, scope: &str, mut make: impl FnMut() -> String) -> String {
        loop {
            let v = make();
            if self.0.insert(format!("{scope}/{v}")) {
                return v;
            }
        }
    }
}

// ------------------------------------------------------------- documents

/// A request document, written as YAML (block style) or JSON.
#[derive(Clone, Debug)]
enum Y {
    Str(String),
    Int(i64),
    Bool(bool),
    Map(Vec<(String, Y)>),
    List(Vec<Y>),
}

fn s(v: impl Into<String>) -> Y {
    Y::Str(v.into())
}

fn map(entries: Vec<(&str, Y)>) -> Y {
    Y::Map(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
    )
}

impl Y {
    fn push(&mut self, key: &str, value: Y) {
        if let Y::Map(entries) = self {
            entries.push((key.to_owned(), value));
        }
    }

    fn json(&self) -> serde_json::Value {
        match self {
            Y::Str(v) => serde_json::Value::from(v.as_str()),
            Y::Int(v) => serde_json::Value::from(*v),
            Y::Bool(v) => serde_json::Value::from(*v),
            Y::List(items) => items.iter().map(Y::json).collect(),
            Y::Map(entries) => serde_json::Value::Object(
                entries.iter().map(|(k, v)| (k.clone(), v.json())).collect(),
            ),
        }
    }

    fn yaml(&self) -> String {
        let mut out = String::new();
        self.yaml_into(0, &mut out);
        out
    }

    fn yaml_into(&self, indent: usize, out: &mut String) {
        let pad = " ".repeat(indent);
        match self {
            Y::Map(entries) => {
                for (k, v) in entries {
                    match v {
                        Y::Map(_) | Y::List(_) => {
                            out.push_str(&format!("{pad}{k}:\n"));
                            v.yaml_into(indent + 2, out);
                        }
                        _ => out.push_str(&format!("{pad}{k}: {}\n", v.scalar())),
                    }
                }
            }
            Y::List(items) => {
                for item in items {
                    match item {
                        Y::Map(_) => {
                            let mut inner = String::new();
                            item.yaml_into(indent + 2, &mut inner);
                            out.push_str(&format!("{pad}- {}", &inner[indent + 2..]));
                        }
                        _ => out.push_str(&format!("{pad}- {}\n", item.scalar())),
                    }
                }
            }
            _ => out.push_str(&format!("{pad}{}\n", self.scalar())),
        }
    }

    /// A scalar as a person writes it: plain where YAML reads it as the
    /// same string, double-quoted where it would not (digits, booleans,
    /// dates, `: `).
    fn scalar(&self) -> String {
        match self {
            Y::Str(v) => {
                let plain = v
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_alphabetic() || c == '/')
                    && !v.contains(": ")
                    && !v.contains(" #")
                    && !v.ends_with(' ')
                    && !v.ends_with(':')
                    && !matches!(
                        v.to_ascii_lowercase().as_str(),
                        "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | "null"
                    );
                if plain {
                    v.clone()
                } else {
                    serde_json::to_string(v).expect("a string serializes")
                }
            }
            Y::Int(v) => v.to_string(),
            Y::Bool(v) => v.to_string(),
            _ => unreachable!("not a scalar"),
        }
    }
}

/// One generated request document.
struct Request {
    doc: Y,
}

impl Request {
    fn params(&self) -> &Y {
        match &self.doc {
            Y::Map(entries) => {
                &entries
                    .iter()
                    .find(|(k, _)| k == "params")
                    .expect("params")
                    .1
            }
            _ => panic!("a request is a mapping"),
        }
    }

    /// Whether the request is its parameters alone, so that the raw form
    /// (the parameters mapping) says all of it.
    fn raw_ok(&self) -> bool {
        match &self.doc {
            Y::Map(entries) => entries
                .iter()
                .all(|(k, _)| k == "provider" || k == "params"),
            _ => false,
        }
    }
}

/// The files a team keeps its requests in: one request a file (YAML, and
/// JSON in full or raw form), YAML streams, and a JSON array.
fn files(provider: &str, requests: &[Request]) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut i = 0;
    let dir = format!("network/{provider}");
    // 120 files of one YAML request each.
    while i < 120 {
        out.push((
            format!("{dir}/single/{i:03}.yaml"),
            requests[i].doc.yaml().into_bytes(),
        ));
        i += 1;
    }
    // 10 YAML streams of 10 requests.
    for f in 0..10 {
        let text: Vec<String> = requests[i..i + 10].iter().map(|r| r.doc.yaml()).collect();
        out.push((
            format!("{dir}/streams/batch-{f}.yaml"),
            text.join("---\n").into_bytes(),
        ));
        i += 10;
    }
    // 50 JSON files: the raw form where the request has nothing but parameters.
    for _ in 0..50 {
        let r = &requests[i];
        let value = if r.raw_ok() && i % 2 == 0 {
            r.params().json()
        } else {
            r.doc.json()
        };
        out.push((
            format!("{dir}/json/{i:03}.json"),
            serde_json::to_vec_pretty(&value).expect("serializable"),
        ));
        i += 1;
    }
    // The rest as one JSON array.
    let rest: Vec<serde_json::Value> = requests[i..].iter().map(|r| r.doc.json()).collect();
    out.push((
        format!("{dir}/all.json"),
        serde_json::to_vec_pretty(&rest).expect("serializable"),
    ));
    out
}

/// The file and document index each request lands in (as `files` lays them out).
fn place(provider: &str, i: usize) -> (String, usize) {
    let dir = format!("network/{provider}");
    match i {
        0..120 => (format!("{dir}/single/{i:03}.yaml"), 0),
        120..220 => (
            format!("{dir}/streams/batch-{}.yaml", (i - 120) / 10),
            (i - 120) % 10,
        ),
        220..270 => (format!("{dir}/json/{i:03}.json"), 0),
        _ => (format!("{dir}/all.json"), i - 270),
    }
}

// ----------------------------------------------------------------- CIDRs

/// The blocks teams give their VPCs: the usual ones, reused from team to
/// team (only the two VPCs of one peering must not overlap).
const BLOCKS: &[&str] = &[
    "10.0.0.0/16",
    "10.1.0.0/16",
    "10.10.0.0/16",
    "10.20.0.0/16",
    "10.100.0.0/16",
    "10.64.0.0/18",
    "10.8.0.0/20",
    "172.16.0.0/16",
    "172.17.0.0/16",
    "172.20.0.0/16",
    "192.168.0.0/16",
    "192.168.0.0/20",
    "192.168.16.0/20",
];

fn parse_v4(cidr: &str) -> (u32, u32) {
    let (addr, len) = cidr.split_once('/').expect("a CIDR");
    let n = addr.split('.').fold(0u32, |acc, o| {
        (acc << 8) | o.parse::<u32>().expect("an octet")
    });
    (n, len.parse().expect("a prefix length"))
}

fn overlap(a: &str, b: &str) -> bool {
    let ((x, lx), (y, ly)) = (parse_v4(a), parse_v4(b));
    let len = lx.min(ly);
    let mask = if len == 0 { 0 } else { u32::MAX << (32 - len) };
    x & mask == y & mask
}

/// A block for each side of a peering, not overlapping each other.
fn two_blocks(rng: &mut Rng) -> (&'static str, &'static str) {
    let a = BLOCKS[rng.below(BLOCKS.len())];
    loop {
        let b = BLOCKS[rng.below(BLOCKS.len())];
        if !overlap(a, b) {
            return (a, b);
        }
    }
}

/// A secondary block of `primary`'s VPC that overlaps neither block of the pair.
fn secondary(rng: &mut Rng, primary: &str, other: &str) -> &'static str {
    loop {
        let c = BLOCKS[rng.below(BLOCKS.len())];
        if !overlap(c, primary) && !overlap(c, other) {
            return c;
        }
    }
}

// ----------------------------------------------------------------- names

const SERVICES: &[&str] = &[
    "app", "web", "api", "db", "cache", "mq", "etl", "bi", "auth", "pay", "order", "search",
    "logs", "monitor", "billing", "crm", "erp", "ml", "data", "edge",
];
const SERVICES_ZH: &[&str] = &[
    "订单", "支付", "库存", "用户", "报表", "日志", "结算", "风控",
];
const ENVS: &[&str] = &["prod", "staging", "dev", "test", "dr"];

fn service_pair(rng: &mut Rng) -> (&'static str, &'static str) {
    let a = rng.pick(SERVICES);
    loop {
        let b = rng.pick(SERVICES);
        if a != b {
            return (a, b);
        }
    }
}

// ------------------------------------------------------------- providers

fn jdcloud(rng: &mut Rng) -> Vec<Request> {
    let mut fresh = Fresh::default();
    let regions = ["cn-north-1", "cn-east-1", "cn-east-2", "cn-south-1"];
    let accounts = ["82150512", "82150513", "93017764"];
    (0..REQUESTS)
        .map(|_| {
            let region = rng.pick(&regions);
            let local = fresh.take(|| format!("vpc-{}", rng.chars(LOWER_DIGITS, 10)));
            let remote = fresh.take(|| format!("vpc-{}", rng.chars(LOWER_DIGITS, 10)));
            let (a, b) = service_pair(rng);
            let name = fresh.take(|| {
                if rng.chance(20) {
                    format!(
                        "{}_to_{}_{}",
                        rng.pick(SERVICES_ZH),
                        rng.pick(SERVICES_ZH),
                        rng.below(100)
                    )
                } else {
                    format!("{a}_to_{b}_{}_{}", rng.pick(ENVS), rng.below(100))
                }
            });
            let mut params = map(vec![
                ("regionId", s(region)),
                ("vpcPeeringName", s(&name)),
                ("vpcId", s(&local)),
                ("remoteVpcId", s(&remote)),
            ]);
            if rng.chance(50) {
                let description = match rng.below(3) {
                    0 => format!("{a}_tier_to_{b}_tier"),
                    1 => format!(
                        "{}服务访问{}服务",
                        rng.pick(SERVICES_ZH),
                        rng.pick(SERVICES_ZH)
                    ),
                    _ => format!("ticket_NET_{}", rng.digits(4)),
                };
                params.push("description", s(description));
            }
            let mut doc = map(vec![("provider", s("jdcloud"))]);
            if rng.chance(40) {
                doc.push("account", s(rng.pick(&accounts)));
            }
            if rng.chance(15) {
                doc.push("x-ticket", s(format!("NET-{}", rng.digits(4))));
            }
            doc.push("params", params);
            if rng.chance(60) {
                let (ca, cb) = two_blocks(rng);
                let mut vpcs = vec![map(vec![
                    ("vpcId", s(&local)),
                    ("vpcName", s(a)),
                    ("addressPrefix", Y::List(vec![s(ca)])),
                    ("region", s(region)),
                ])];
                if rng.chance(60) {
                    vpcs.push(map(vec![
                        ("vpcId", s(&remote)),
                        ("vpcName", s(b)),
                        ("addressPrefix", Y::List(vec![s(cb)])),
                        ("region", s(region)),
                    ]));
                }
                doc.push("vpcs", Y::List(vpcs));
            }
            Request { doc }
        })
        .collect()
}

fn tencentcloud(rng: &mut Rng) -> Vec<Request> {
    let mut fresh = Fresh::default();
    // Long names with their short codes (the set's region table).
    let regions = [
        ("ap-guangzhou", "gz"),
        ("ap-shanghai", "sh"),
        ("ap-beijing", "bj"),
        ("ap-chengdu", "cd"),
        ("ap-nanjing", "nj"),
        ("ap-hongkong", "hk"),
        ("ap-singapore", "sg"),
    ];
    let accounts = ["2407912486", "100000000001", "100002840663"];
    (0..REQUESTS)
        .map(|_| {
            let (region, code) = regions[rng.below(regions.len())];
            let local = fresh.take(|| format!("vpc-{}", rng.chars(LOWER_DIGITS, 8)));
            let remote = fresh.take(|| format!("vpc-{}", rng.chars(LOWER_DIGITS, 8)));
            let (a, b) = service_pair(rng);
            let account = if rng.chance(40) {
                Some(rng.pick(&accounts).to_owned())
            } else {
                None
            };
            // Within the account, or with a partner's.
            let peer_uin = match &account {
                Some(acct) if rng.chance(50) => acct.clone(),
                _ => rng.digits(10),
            };
            let name = match rng.below(3) {
                0 => format!("{a}_to_{b}"),
                1 => format!("{a}-to-{b} ({})", rng.pick(ENVS)),
                _ => format!("{}到{}", rng.pick(SERVICES_ZH), rng.pick(SERVICES_ZH)),
            };
            let mut params = Y::Map(Vec::new());
            if rng.chance(30) {
                params.push("Action", s("CreateVpcPeeringConnection"));
            }
            if rng.chance(70) {
                params.push("Region", s(region));
            }
            params.push("vpcId", s(&local));
            params.push("peerVpcId", s(&remote));
            params.push("peerUin", s(&peer_uin));
            params.push("peeringConnectionName", s(name));
            let mut doc = map(vec![("provider", s("tencentcloud"))]);
            if let Some(acct) = &account {
                doc.push("account", s(acct));
            }
            doc.push("params", params);
            if rng.chance(50) {
                let (ca, cb) = two_blocks(rng);
                let fact_region = if rng.chance(50) { region } else { code };
                let mut local_fact = map(vec![
                    ("vpcId", s(&local)),
                    ("vpcName", s(a)),
                    ("cidrBlock", s(ca)),
                    ("region", s(fact_region)),
                ]);
                if let Some(acct) = &account {
                    local_fact.push("account", s(acct));
                }
                let mut vpcs = vec![local_fact];
                if rng.chance(50) {
                    vpcs.push(map(vec![
                        ("vpcId", s(&remote)),
                        ("cidrBlock", s(cb)),
                        ("region", s(region)),
                        ("account", s(&peer_uin)),
                    ]));
                }
                doc.push("vpcs", Y::List(vpcs));
            }
            Request { doc }
        })
        .collect()
}

fn tencentcloud_v3(rng: &mut Rng) -> Vec<Request> {
    let mut fresh = Fresh::default();
    let regions = [
        "ap-guangzhou",
        "ap-shanghai",
        "ap-beijing",
        "ap-chengdu",
        "ap-nanjing",
        "ap-hongkong",
        "ap-singapore",
        "na-siliconvalley",
        "eu-frankfurt",
    ];
    let accounts = ["100002840663", "100000000001", "2407912486"];
    (0..REQUESTS)
        .map(|_| {
            let region = rng.pick(&regions);
            let destination = if rng.chance(30) {
                rng.pick(&regions)
            } else {
                region
            };
            let local = fresh.take(|| format!("vpc-{}", rng.chars(LOWER_DIGITS, 8)));
            let remote = fresh.take(|| format!("vpc-{}", rng.chars(LOWER_DIGITS, 8)));
            let (a, b) = service_pair(rng);
            let account = if rng.chance(30) {
                Some(rng.pick(&accounts).to_owned())
            } else {
                None
            };
            let uin = match &account {
                Some(acct) if rng.chance(50) => acct.clone(),
                _ => {
                    let n = 9 + rng.below(4);
                    rng.digits(n)
                }
            };
            let name = match rng.below(3) {
                0 => format!("{a}_to_{b}"),
                1 => format!("{a}-to-{b}-{}", rng.pick(ENVS)),
                _ => format!("{}到{}", rng.pick(SERVICES_ZH), rng.pick(SERVICES_ZH)),
            };
            let mut params = Y::Map(Vec::new());
            if rng.chance(20) {
                params.push("Action", s("CreateVpcPeeringConnection"));
                params.push("Version", s("2017-03-12"));
            }
            params.push("Region", s(region));
            params.push("SourceVpcId", s(&local));
            params.push("PeeringConnectionName", s(name));
            params.push("DestinationVpcId", s(&remote));
            params.push("DestinationUin", s(&uin));
            params.push("DestinationRegion", s(destination));
            if region != destination {
                params.push(
                    "Bandwidth",
                    Y::Int(*rng.pick(&[&10, &20, &50, &100, &200, &500, &1000])),
                );
            } else if rng.chance(30) {
                params.push("Bandwidth", Y::Int(0));
            }
            if rng.chance(40) {
                params.push("Type", s("VPC_PEER"));
            }
            if rng.chance(30) {
                params.push(
                    "ChargeType",
                    s(rng.pick(&["POSTPAID_BY_DAY_MAX", "POSTPAID_BY_MONTH_95"])),
                );
            }
            if rng.chance(30) {
                params.push("QosLevel", s(rng.pick(&["PT", "AU", "AG"])));
            }
            if rng.chance(30) {
                params.push(
                    "Tags",
                    Y::List(vec![
                        map(vec![("Key", s("team")), ("Value", s(a))]),
                        map(vec![("Key", s("env")), ("Value", s(rng.pick(ENVS)))]),
                    ]),
                );
            }
            let mut doc = map(vec![("provider", s("tencentcloud-v3"))]);
            if let Some(acct) = &account {
                doc.push("account", s(acct));
            }
            doc.push("params", params);
            if rng.chance(50) {
                let (ca, cb) = two_blocks(rng);
                let mut local_fact = map(vec![
                    ("VpcId", s(&local)),
                    ("VpcName", s(a)),
                    ("CidrBlock", s(ca)),
                    ("region", s(region)),
                ]);
                if rng.chance(30) {
                    local_fact.push(
                        "AssistantCidrSet",
                        Y::List(vec![map(vec![("CidrBlock", s(secondary(rng, ca, cb)))])]),
                    );
                }
                if let Some(acct) = &account {
                    local_fact.push("account", s(acct));
                }
                let mut vpcs = vec![local_fact];
                if rng.chance(50) {
                    vpcs.push(map(vec![
                        ("VpcId", s(&remote)),
                        ("CidrBlock", s(cb)),
                        ("region", s(destination)),
                        ("account", s(&uin)),
                    ]));
                }
                doc.push("vpcs", Y::List(vpcs));
            }
            Request { doc }
        })
        .collect()
}

fn aws(rng: &mut Rng) -> Vec<Request> {
    let mut fresh = Fresh::default();
    let regions = [
        "us-east-1",
        "us-east-2",
        "us-west-2",
        "eu-west-1",
        "eu-central-1",
        "ap-southeast-1",
        "ap-northeast-1",
        "sa-east-1",
    ];
    let accounts = ["123456789012", "210987654321", "444455556666"];
    (0..REQUESTS)
        .map(|_| {
            let mut vpc_id = |rng: &mut Rng| {
                // Ids since 2018 have 17 hex digits; older ones 8.
                let n = if rng.chance(20) { 8 } else { 17 };
                fresh.take(|| format!("vpc-{}", rng.hex(n)))
            };
            let local = vpc_id(rng);
            let remote = vpc_id(rng);
            let (a, b) = service_pair(rng);
            let own_region = rng.pick(&regions);
            let account = if rng.chance(30) {
                Some(rng.pick(&accounts).to_owned())
            } else {
                None
            };
            let mut params = map(vec![("VpcId", s(&local)), ("PeerVpcId", s(&remote))]);
            let owner = if rng.chance(50) {
                let owner = rng.digits(12);
                params.push("PeerOwnerId", s(&owner));
                Some(owner)
            } else {
                None
            };
            let peer_region = if rng.chance(40) {
                let r = rng.pick(&regions);
                params.push("PeerRegion", s(r));
                r
            } else {
                own_region
            };
            if rng.chance(40) {
                params.push(
                    "TagSpecifications",
                    Y::List(vec![map(vec![
                        ("ResourceType", s("vpc-peering-connection")),
                        (
                            "Tags",
                            Y::List(vec![
                                map(vec![
                                    ("Key", s("Name")),
                                    ("Value", s(format!("{a}-to-{b}"))),
                                ]),
                                map(vec![("Key", s("team")), ("Value", s(a))]),
                                map(vec![("Key", s("env")), ("Value", s(rng.pick(ENVS)))]),
                            ]),
                        ),
                    ])]),
                );
            }
            if rng.chance(10) {
                params.push("DryRun", Y::Bool(false));
            }
            let mut doc = map(vec![("provider", s("aws"))]);
            if let Some(acct) = &account {
                doc.push("account", s(acct));
            }
            doc.push("params", params);
            if rng.chance(50) {
                let (ca, cb) = two_blocks(rng);
                let mut local_fact = map(vec![("VpcId", s(&local))]);
                if let Some(acct) = &account {
                    local_fact.push("OwnerId", s(acct));
                }
                local_fact.push("CidrBlock", s(ca));
                if rng.chance(30) {
                    local_fact.push(
                        "CidrBlockAssociationSet",
                        Y::List(vec![
                            map(vec![("CidrBlock", s(ca))]),
                            map(vec![("CidrBlock", s(secondary(rng, ca, cb)))]),
                        ]),
                    );
                }
                if rng.chance(30) {
                    let v6 = format!("2600:1f18:{}:{}00::/56", rng.hex(4), rng.hex(2));
                    local_fact.push(
                        "Ipv6CidrBlockAssociationSet",
                        Y::List(vec![map(vec![("Ipv6CidrBlock", s(v6))])]),
                    );
                }
                local_fact.push("region", s(own_region));
                let mut vpcs = vec![local_fact];
                if rng.chance(50) {
                    let mut remote_fact = map(vec![("VpcId", s(&remote))]);
                    if let Some(owner) = &owner {
                        remote_fact.push("OwnerId", s(owner));
                    }
                    remote_fact.push("CidrBlock", s(cb));
                    remote_fact.push("region", s(peer_region));
                    vpcs.push(remote_fact);
                }
                doc.push("vpcs", Y::List(vpcs));
            }
            Request { doc }
        })
        .collect()
}

fn alibabacloud(rng: &mut Rng) -> Vec<Request> {
    let mut fresh = Fresh::default();
    // Regions with the prefix their VPC ids start with.
    let regions = [
        ("cn-hangzhou", "bp1"),
        ("cn-beijing", "2ze"),
        ("cn-shanghai", "uf6"),
        ("cn-shenzhen", "wz9"),
        ("cn-qingdao", "m5e"),
        ("cn-hongkong", "j6c"),
        ("ap-southeast-1", "t4n"),
        ("eu-central-1", "gw8"),
    ];
    let accounts = ["1210123456123456", "1688000012345678", "5123987654321098"];
    (0..REQUESTS)
        .map(|_| {
            let (region, prefix) = regions[rng.below(regions.len())];
            let (accepting_region, accepting_prefix) = if rng.chance(30) {
                regions[rng.below(regions.len())]
            } else {
                (region, prefix)
            };
            let local = fresh.take(|| format!("vpc-{prefix}{}", rng.chars(LOWER_DIGITS, 18)));
            let remote =
                fresh.take(|| format!("vpc-{accepting_prefix}{}", rng.chars(LOWER_DIGITS, 18)));
            let (a, b) = service_pair(rng);
            let account = if rng.chance(30) {
                Some(rng.pick(&accounts).to_owned())
            } else {
                None
            };
            let uid = match &account {
                Some(acct) if rng.chance(50) => acct.clone(),
                _ => rng.digits(16),
            };
            let mut params = map(vec![
                ("RegionId", s(region)),
                ("VpcId", s(&local)),
                ("AcceptingAliUid", Y::Int(uid.parse().expect("16 digits"))),
                ("AcceptingRegionId", s(accepting_region)),
                ("AcceptingVpcId", s(&remote)),
            ]);
            if rng.chance(70) {
                let name = match rng.below(3) {
                    0 => format!("{a}-to-{b}"),
                    1 => format!("{a}_to_{b}_{}", rng.pick(ENVS)),
                    _ => format!("{}-{}", rng.pick(SERVICES_ZH), rng.pick(SERVICES_ZH)),
                };
                params.push("Name", s(name));
            }
            if rng.chance(50) {
                let description = match rng.below(2) {
                    0 => format!("{a} tier to {b} tier, ticket NET-{}", rng.digits(4)),
                    _ => format!(
                        "{}服务访问{}服务",
                        rng.pick(SERVICES_ZH),
                        rng.pick(SERVICES_ZH)
                    ),
                };
                params.push("Description", s(description));
            }
            // Bandwidth and LinkType are for inter-region peerings (API reference).
            if region != accepting_region {
                if rng.chance(70) {
                    params.push(
                        "Bandwidth",
                        Y::Int(*rng.pick(&[&50, &100, &200, &500, &1000])),
                    );
                }
                if rng.chance(50) {
                    params.push("LinkType", s(rng.pick(&["Gold", "Platinum"])));
                }
            }
            if rng.chance(30) {
                params.push("ClientToken", s(rng.uuid()));
            }
            if rng.chance(10) {
                params.push("DryRun", Y::Bool(false));
            }
            if rng.chance(20) {
                params.push(
                    "ResourceGroupId",
                    s(format!("rg-acfm{}", rng.chars(LOWER_DIGITS, 11))),
                );
            }
            if rng.chance(30) {
                params.push(
                    "Tag",
                    Y::List(vec![
                        map(vec![("Key", s("team")), ("Value", s(a))]),
                        map(vec![
                            ("Key", s("CostCenter")),
                            ("Value", s(format!("CC{}", rng.digits(4)))),
                        ]),
                    ]),
                );
            }
            let mut doc = map(vec![("provider", s("alibabacloud"))]);
            if let Some(acct) = &account {
                doc.push("account", s(acct));
            }
            doc.push("params", params);
            if rng.chance(50) {
                let (ca, cb) = two_blocks(rng);
                let mut local_fact = map(vec![
                    ("VpcId", s(&local)),
                    ("VpcName", s(format!("{a}-vpc"))),
                    ("CidrBlock", s(ca)),
                ]);
                if rng.chance(30) {
                    local_fact.push(
                        "SecondaryCidrBlocks",
                        map(vec![(
                            "SecondaryCidrBlock",
                            Y::List(vec![s(secondary(rng, ca, cb))]),
                        )]),
                    );
                }
                local_fact.push("RegionId", s(region));
                if let Some(acct) = &account {
                    local_fact.push("OwnerId", s(acct));
                }
                let mut vpcs = vec![local_fact];
                if rng.chance(50) {
                    vpcs.push(map(vec![
                        ("VpcId", s(&remote)),
                        ("CidrBlock", s(cb)),
                        ("RegionId", s(accepting_region)),
                        ("OwnerId", s(&uid)),
                    ]));
                }
                doc.push("vpcs", Y::List(vpcs));
            }
            Request { doc }
        })
        .collect()
}

fn huaweicloud(rng: &mut Rng) -> Vec<Request> {
    let mut fresh = Fresh::default();
    let regions = [
        "cn-north-4",
        "cn-east-3",
        "cn-south-1",
        "cn-southwest-2",
        "ap-southeast-1",
        "ap-southeast-3",
        "eu-west-101",
        "la-south-2",
    ];
    let projects: Vec<String> = (0..8).map(|_| rng.hex(32)).collect();
    (0..REQUESTS)
        .map(|_| {
            let region = rng.pick(&regions);
            let local = fresh.take(|| rng.uuid());
            let remote = fresh.take(|| rng.uuid());
            let (a, b) = service_pair(rng);
            let project = if rng.chance(60) {
                Some(projects[rng.below(projects.len())].clone())
            } else {
                None
            };
            let name = match rng.below(3) {
                0 => format!("{a}-to-{b}"),
                1 => format!("peering.{a}_{b}.{}", rng.pick(ENVS)),
                _ => format!("{}到{}", rng.pick(SERVICES_ZH), rng.pick(SERVICES_ZH)),
            };
            let mut peering = map(vec![("name", s(name))]);
            if rng.chance(40) {
                peering.push(
                    "description",
                    s(format!("{a} to {b}, requested in NET-{}", rng.digits(4))),
                );
            }
            let mut request_info = map(vec![("vpc_id", s(&local))]);
            if let Some(p) = &project {
                if rng.chance(30) {
                    request_info.push("tenant_id", s(p));
                }
            }
            peering.push("request_vpc_info", request_info);
            let mut accept_info = map(vec![("vpc_id", s(&remote))]);
            let peer_project = if rng.chance(40) {
                let p = rng.hex(32);
                accept_info.push("tenant_id", s(&p));
                Some(p)
            } else {
                None
            };
            peering.push("accept_vpc_info", accept_info);
            let mut params = Y::Map(Vec::new());
            let with_region = rng.chance(70);
            if with_region {
                params.push("region", s(region));
            }
            if let Some(p) = &project {
                if rng.chance(70) {
                    params.push("project_id", s(p));
                }
            }
            params.push("peering", peering);
            let mut doc = map(vec![("provider", s("huaweicloud"))]);
            if let Some(p) = &project {
                if rng.chance(50) {
                    doc.push("account", s(p));
                }
            }
            doc.push("params", params);
            if rng.chance(50) {
                let (ca, cb) = two_blocks(rng);
                let mut local_fact = map(vec![
                    ("id", s(&local)),
                    ("name", s(format!("vpc-{a}"))),
                    ("cidr", s(ca)),
                ]);
                if rng.chance(30) {
                    local_fact.push("extend_cidrs", Y::List(vec![s(secondary(rng, ca, cb))]));
                }
                if let Some(p) = &project {
                    local_fact.push("tenant_id", s(p));
                }
                local_fact.push("region", s(region));
                let mut vpcs = vec![local_fact];
                if rng.chance(50) {
                    let mut remote_fact = map(vec![("id", s(&remote)), ("cidr", s(cb))]);
                    if let Some(p) = &peer_project {
                        remote_fact.push("tenant_id", s(p));
                    }
                    remote_fact.push("region", s(region));
                    vpcs.push(remote_fact);
                }
                doc.push("vpcs", Y::List(vpcs));
            }
            Request { doc }
        })
        .collect()
}

/// Google Cloud: a network of `project`, as a request's path names it.
fn gcp_request(
    rng: &mut Rng,
    project: &str,
    network: &str,
    peer_project: &str,
    peer_network: &str,
) -> Request {
    let name = {
        let full = format!("{network}-to-{peer_network}");
        let cut: String = full.chars().take(63).collect();
        cut.trim_end_matches('-').to_owned()
    };
    let peer = match rng.below(3) {
        0 => format!("https://www.googleapis.com/compute/v1/projects/{peer_project}/global/networks/{peer_network}"),
        1 if peer_project == project => format!("global/networks/{peer_network}"),
        _ => format!("projects/{peer_project}/global/networks/{peer_network}"),
    };
    let mut peering = map(vec![("name", s(name)), ("network", s(peer))]);
    if rng.chance(70) {
        peering.push("exchangeSubnetRoutes", Y::Bool(true));
    }
    if rng.chance(40) {
        peering.push("exportCustomRoutes", Y::Bool(rng.chance(50)));
        peering.push("importCustomRoutes", Y::Bool(rng.chance(50)));
    }
    if rng.chance(20) {
        peering.push("exportSubnetRoutesWithPublicIp", Y::Bool(true));
        peering.push("importSubnetRoutesWithPublicIp", Y::Bool(rng.chance(50)));
    }
    if rng.chance(20) {
        peering.push("stackType", s(rng.pick(&["IPV4_ONLY", "IPV4_IPV6"])));
    }
    if rng.chance(10) {
        peering.push("updateStrategy", s(rng.pick(&["INDEPENDENT", "CONSENSUS"])));
    }
    let mut params = map(vec![("project", s(project)), ("network", s(network))]);
    if rng.chance(20) {
        params.push("requestId", s(rng.uuid()));
    }
    params.push("networkPeering", peering);
    let mut doc = map(vec![("provider", s("gcp")), ("params", params)]);
    if rng.chance(40) {
        let x = 64 + rng.below(64);
        let y = loop {
            let y = 128 + rng.below(64);
            if y != x {
                break y;
            }
        };
        let subnets = |base: usize| {
            Y::List(vec![
                s(format!("10.{base}.0.0/20")),
                s(format!("10.{base}.16.0/20")),
            ])
        };
        let mut vpcs = vec![map(vec![
            (
                "selfLink",
                s(format!("https://www.googleapis.com/compute/v1/projects/{project}/global/networks/{network}")),
            ),
            ("name", s(network)),
            ("project", s(project)),
            ("ipCidrRanges", subnets(x)),
        ])];
        if rng.chance(50) {
            vpcs.push(map(vec![
                (
                    "selfLink",
                    s(format!(
                        "projects/{peer_project}/global/networks/{peer_network}"
                    )),
                ),
                ("ipCidrRanges", subnets(y)),
            ]));
        }
        doc.push("vpcs", Y::List(vpcs));
    }
    Request { doc }
}

fn gcp(rng: &mut Rng) -> Vec<Request> {
    let mut fresh = Fresh::default();
    let projects = [
        "acme-net-prod",
        "acme-net-staging",
        "shop-data-412",
        "analytics-eu-1",
        "partner-shared-vpc",
        "ml-platform-7",
    ];
    (0..REQUESTS)
        .map(|_| {
            let project = rng.pick(&projects);
            let peer_project = if rng.chance(60) {
                project
            } else {
                rng.pick(&projects)
            };
            let (a, b) = service_pair(rng);
            let network = fresh.take_in(project, || {
                format!("{a}-{}-{}", rng.pick(ENVS), rng.below(1000))
            });
            let peer = fresh.take_in(peer_project, || {
                format!("{b}-{}-{}", rng.pick(ENVS), rng.below(1000))
            });
            gcp_request(rng, project, &network, peer_project, &peer)
        })
        .collect()
}

const AZURE_VNETS: &str = "providers/Microsoft.Network/virtualNetworks";

fn azure_id(subscription: &str, group: &str, vnet: &str) -> String {
    format!("/subscriptions/{subscription}/resourceGroups/{group}/{AZURE_VNETS}/{vnet}")
}

fn azure_request(rng: &mut Rng, local: (&str, &str, &str), remote: (&str, &str, &str)) -> Request {
    let (subscription, group, vnet) = local;
    let name: String = format!("{vnet}-to-{}", remote.2).chars().take(80).collect();
    let mut params = Y::Map(Vec::new());
    if rng.chance(60) {
        params.push(
            "api-version",
            s(rng.pick(&["2024-05-01", "2023-09-01", "2024-01-01"])),
        );
    }
    params.push("subscriptionId", s(subscription));
    params.push("resourceGroupName", s(group));
    params.push("virtualNetworkName", s(vnet));
    params.push("virtualNetworkPeeringName", s(&name));
    if rng.chance(5) {
        params.push("syncRemoteAddressSpace", s("true"));
    }
    if rng.chance(15) {
        params.push("name", s(&name));
    }
    let mut properties = Y::Map(Vec::new());
    if rng.chance(80) {
        properties.push("allowVirtualNetworkAccess", Y::Bool(true));
    }
    if rng.chance(50) {
        properties.push("allowForwardedTraffic", Y::Bool(rng.chance(50)));
    }
    let hub = rng.chance(30);
    if hub || rng.chance(30) {
        properties.push("allowGatewayTransit", Y::Bool(hub));
        properties.push("useRemoteGateways", Y::Bool(!hub && rng.chance(30)));
    }
    properties.push(
        "remoteVirtualNetwork",
        map(vec![("id", s(azure_id(remote.0, remote.1, remote.2)))]),
    );
    params.push("properties", properties);
    let mut doc = map(vec![("provider", s("azure")), ("params", params)]);
    if rng.chance(50) {
        let (ca, cb) = two_blocks(rng);
        let location = rng.pick(&[
            "westeurope",
            "eastus",
            "southeastasia",
            "germanywestcentral",
        ]);
        let fact = |id: String, name: &str, block: &str| {
            map(vec![
                ("id", s(id)),
                ("name", s(name)),
                ("location", s(location)),
                (
                    "properties",
                    map(vec![(
                        "addressSpace",
                        map(vec![("addressPrefixes", Y::List(vec![s(block)]))]),
                    )]),
                ),
            ])
        };
        let mut vpcs = vec![fact(azure_id(subscription, group, vnet), vnet, ca)];
        if rng.chance(50) {
            vpcs.push(fact(azure_id(remote.0, remote.1, remote.2), remote.2, cb));
        }
        doc.push("vpcs", Y::List(vpcs));
    }
    Request { doc }
}

fn azure(rng: &mut Rng) -> Vec<Request> {
    let mut fresh = Fresh::default();
    let subscriptions: Vec<String> = (0..5).map(|_| rng.uuid()).collect();
    let groups = [
        "rg-network-prod",
        "rg-network-dev",
        "NetworkRG",
        "rg_shared.weu",
        "rg-spokes(eu)",
        "peerTest",
    ];
    let regions = ["weu", "neu", "eus", "sea", "gwc"];
    let vnet = |rng: &mut Rng, fresh: &mut Fresh| {
        let subscription = subscriptions[rng.below(subscriptions.len())].clone();
        let group = rng.pick(&groups).to_owned();
        let (a, _) = service_pair(rng);
        let name = fresh.take_in(&format!("{subscription}/{group}"), || {
            format!("vnet-{a}-{}-{:02}", rng.pick(&regions), rng.below(100))
        });
        (subscription, group, name)
    };
    (0..REQUESTS)
        .map(|_| {
            let local = vnet(rng, &mut fresh);
            let remote = vnet(rng, &mut fresh);
            azure_request(
                rng,
                (&local.0, &local.1, &local.2),
                (&remote.0, &remote.1, &remote.2),
            )
        })
        .collect()
}

// ------------------------------------------------------------------ runs

fn rule_sets() -> RuleSets {
    let loaded = load_texts(true, &[]);
    assert!(loaded.errors.is_empty(), "{:#?}", loaded.errors);
    loaded.sets
}

fn show(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .take(40)
        .map(|d| {
            format!(
                "{}#{} {} {}[{}] {}",
                d.file,
                d.document.map_or("-".to_owned(), |n| n.to_string()),
                d.pointer,
                d.severity,
                d.code,
                d.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn generate(provider: &str) -> Vec<Request> {
    let mut rng = Rng::new(provider);
    match provider {
        "jdcloud" => jdcloud(&mut rng),
        "tencentcloud" => tencentcloud(&mut rng),
        "tencentcloud-v3" => tencentcloud_v3(&mut rng),
        "aws" => aws(&mut rng),
        "alibabacloud" => alibabacloud(&mut rng),
        "huaweicloud" => huaweicloud(&mut rng),
        "gcp" => gcp(&mut rng),
        "azure" => azure(&mut rng),
        other => panic!("no generator for {other}"),
    }
}

/// Lint the 300 requests of `provider` in one run, with `extra` files and
/// `inventories`.
fn run(
    provider: &str,
    extra: Vec<(String, Vec<u8>)>,
    inventories: Vec<(String, Vec<u8>)>,
) -> peerlint::report::Report {
    let sets = rule_sets();
    let engine = Engine::new(&sets, EngineOptions::default());
    let requests = generate(provider);
    assert_eq!(requests.len(), REQUESTS);
    let mut all = files(provider, &requests);
    all.extend(extra);
    let report = lint_in_memory(&engine, all, inventories);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    report
}

fn quiet(provider: &str) {
    let report = run(provider, Vec::new(), Vec::new());
    assert_eq!(
        report.summary.documents, REQUESTS,
        "every generated {provider} request is linted as a request"
    );
    assert!(
        report.diagnostics.is_empty(),
        "{} finding(s) on {REQUESTS} valid one-sided {provider} requests:\n{}",
        report.diagnostics.len(),
        show(&report.diagnostics)
    );
}

#[test]
fn valid_one_sided_jdcloud_requests_report_nothing() {
    quiet("jdcloud");
}

#[test]
fn valid_one_sided_tencentcloud_requests_report_nothing() {
    quiet("tencentcloud");
}

#[test]
fn valid_one_sided_tencentcloud_v3_requests_report_nothing() {
    quiet("tencentcloud-v3");
}

#[test]
fn valid_one_sided_aws_requests_report_nothing() {
    quiet("aws");
}

#[test]
fn valid_one_sided_alibabacloud_requests_report_nothing() {
    quiet("alibabacloud");
}

#[test]
fn valid_one_sided_huaweicloud_requests_report_nothing() {
    quiet("huaweicloud");
}

#[test]
fn valid_one_sided_gcp_requests_report_nothing() {
    quiet("gcp");
}

#[test]
fn valid_one_sided_azure_requests_report_nothing() {
    quiet("azure");
}

// ------------------------------------------------------ reverse peerings

/// The only finding is the reverse peering asked for on request `i`.
fn asks_for_reverse_once(provider: &str, report: &peerlint::report::Report, i: usize) {
    let code = format!("{provider}/missing-reverse-peering");
    let (file, document) = place(provider, i);
    let found: Vec<(String, Option<usize>, String)> = report
        .diagnostics
        .iter()
        .map(|d| (d.code.clone(), d.document, d.file.clone()))
        .collect();
    assert_eq!(
        found,
        vec![(code, Some(document), file)],
        "findings:\n{}",
        show(&report.diagnostics)
    );
}

fn param<'a>(request: &'a Request, path: &[&str]) -> &'a str {
    let mut v = &request.doc;
    for key in std::iter::once(&"params").chain(path) {
        v = match v {
            Y::Map(entries) => {
                &entries
                    .iter()
                    .find(|(k, _)| k == key)
                    .unwrap_or_else(|| panic!("no {key}"))
                    .1
            }
            _ => panic!("{key} of a scalar"),
        };
    }
    match v {
        Y::Str(s) => s,
        _ => panic!("not a string"),
    }
}

/// JD Cloud: request 7's remote VPC and region (a file of its own).
fn jd_reverse_case() -> (String, String) {
    let requests = generate("jdcloud");
    (
        param(&requests[7], &["remoteVpcId"]).to_owned(),
        param(&requests[7], &["regionId"]).to_owned(),
    )
}

#[test]
fn jdcloud_asks_for_the_reverse_peering_when_the_remote_vpc_requests_one() {
    let (b, region) = jd_reverse_case();
    let from_b = format!(
        "provider: jdcloud\nparams:\n  regionId: {region}\n  vpcPeeringName: db_to_cache_prod\n  vpcId: {b}\n  remoteVpcId: vpc-zz0cache01\n"
    );
    let report = run(
        "jdcloud",
        vec![(
            "network/jdcloud/db-team.yaml".to_owned(),
            from_b.into_bytes(),
        )],
        Vec::new(),
    );
    asks_for_reverse_once("jdcloud", &report, 7);
}

#[test]
fn jdcloud_asks_for_the_reverse_peering_when_an_inventory_lists_the_remote_vpc() {
    let (b, region) = jd_reverse_case();
    let inventory = format!(
        "provider: jdcloud\naccount: \"82150599\"\nvpcs:\n  - {{vpcId: {b}, vpcName: db, region: {region}}}\n"
    );
    let report = run(
        "jdcloud",
        Vec::new(),
        vec![("inventory/db-team.yaml".to_owned(), inventory.into_bytes())],
    );
    asks_for_reverse_once("jdcloud", &report, 7);
}

#[test]
fn jdcloud_asks_for_nothing_when_the_reverse_peering_is_requested() {
    let requests = generate("jdcloud");
    let (a, b, region) = (
        param(&requests[7], &["vpcId"]),
        param(&requests[7], &["remoteVpcId"]),
        param(&requests[7], &["regionId"]),
    );
    let back = format!(
        "provider: jdcloud\nparams:\n  regionId: {region}\n  vpcPeeringName: back_from_db\n  vpcId: {b}\n  remoteVpcId: {a}\n"
    );
    let report = run(
        "jdcloud",
        vec![("network/jdcloud/db-team.yaml".to_owned(), back.into_bytes())],
        Vec::new(),
    );
    assert!(
        report.diagnostics.is_empty(),
        "{}",
        show(&report.diagnostics)
    );
}

/// Google Cloud: request 137's peer network (in a YAML stream), as a project and a network name.
fn gcp_reverse_case() -> (String, String) {
    let requests = generate("gcp");
    let r = &requests[137];
    let project = param(r, &["project"]).to_owned();
    let peer = param(r, &["networkPeering", "network"]);
    let tail = peer.rsplit_once("projects/").map_or_else(
        || {
            format!(
                "{project}/global/networks/{}",
                peer.rsplit('/').next().unwrap_or(peer)
            )
        },
        |(_, t)| t.to_owned(),
    );
    let mut parts = tail.split('/');
    let peer_project = parts.next().expect("a project").to_owned();
    let peer_network = parts.nth(2).expect("a network").to_owned();
    (peer_project, peer_network)
}

#[test]
fn gcp_asks_for_the_reverse_peering_when_the_peer_network_requests_one() {
    let (project, network) = gcp_reverse_case();
    let from_peer = format!(
        "provider: gcp\nparams:\n  project: {project}\n  network: {network}\n  networkPeering:\n    name: {network}-to-shared-services\n    network: projects/{project}/global/networks/shared-services\n    exchangeSubnetRoutes: true\n"
    );
    let report = run(
        "gcp",
        vec![(
            "network/gcp/peer-team.yaml".to_owned(),
            from_peer.into_bytes(),
        )],
        Vec::new(),
    );
    asks_for_reverse_once("gcp", &report, 137);
}

#[test]
fn gcp_asks_for_the_reverse_peering_when_an_inventory_lists_the_peer_network() {
    let (project, network) = gcp_reverse_case();
    let inventory = format!(
        "provider: gcp\nvpcs:\n  - {{selfLink: \"https://www.googleapis.com/compute/v1/projects/{project}/global/networks/{network}\", name: {network}, project: {project}}}\n"
    );
    let report = run(
        "gcp",
        Vec::new(),
        vec![("inventory/gcp.yaml".to_owned(), inventory.into_bytes())],
    );
    asks_for_reverse_once("gcp", &report, 137);
}

/// Azure: request 281's remote VNet (in a JSON array), as its resource id.
fn azure_reverse_case() -> String {
    let requests = generate("azure");
    param(
        &requests[281],
        &["properties", "remoteVirtualNetwork", "id"],
    )
    .to_owned()
}

#[test]
fn azure_asks_for_the_reverse_peering_when_the_remote_vnet_requests_one() {
    let remote = azure_reverse_case();
    let parts: Vec<&str> = remote.split('/').collect();
    let (subscription, group, vnet) = (parts[2], parts[4], parts[8]);
    let from_remote = format!(
        "provider: azure\nparams:\n  subscriptionId: {subscription}\n  resourceGroupName: {group}\n  virtualNetworkName: {vnet}\n  virtualNetworkPeeringName: {vnet}-to-hub\n  properties:\n    allowVirtualNetworkAccess: true\n    remoteVirtualNetwork:\n      id: /subscriptions/{subscription}/resourceGroups/{group}/{AZURE_VNETS}/vnet-hub-weu-01\n"
    );
    let report = run(
        "azure",
        vec![(
            "network/azure/spoke-team.yaml".to_owned(),
            from_remote.into_bytes(),
        )],
        Vec::new(),
    );
    asks_for_reverse_once("azure", &report, 281);
}

#[test]
fn azure_asks_for_the_reverse_peering_when_an_inventory_lists_the_remote_vnet() {
    let remote = azure_reverse_case();
    let inventory = format!("provider: azure\nvpcs:\n  - {{id: \"{remote}\"}}\n");
    let report = run(
        "azure",
        Vec::new(),
        vec![("inventory/azure.yaml".to_owned(), inventory.into_bytes())],
    );
    asks_for_reverse_once("azure", &report, 281);
}
