//! Cross-document checks at scale: 100,000 JD Cloud requests (pairs in both
//! directions, each VPC with facts, none over its quota) plus a small Tencent
//! Cloud set, with one planted conflict of every cross-document kind. The
//! test asserts that exactly the planted findings come out — correctness,
//! not timing (the benchmark in `benches/` measures time).

use std::collections::BTreeSet;

use peerlint::engine::{Engine, EngineOptions};
use peerlint::rules::load::load_texts;
use peerlint::workspace::lint_in_memory;

const PAIRS: usize = 50_000;
const PER_FILE: usize = 1_000;

/// A JD VPC id with 10 characters after `vpc-`.
fn jd_vpc(i: usize) -> String {
    format!("vpc-{i:0>10}")
}

/// A distinct /28 inside 10.0.0.0/8 for VPC `i`.
fn jd_cidr(i: usize) -> String {
    format!(
        "10.{}.{}.{}/28",
        (i >> 12) & 255,
        (i >> 4) & 255,
        (i & 15) << 4
    )
}

fn jd_request(name: &str, a: usize, b: usize, extra: &str) -> String {
    format!(
        "provider: jdcloud\nparams:\n  regionId: cn-north-1\n  vpcPeeringName: {name}\n  vpcId: {}\n  remoteVpcId: {}\nvpcs:\n  - {{vpcId: {}, addressPrefix: [{}], region: cn-north-1}}\n{extra}---\n",
        jd_vpc(a),
        jd_vpc(b),
        jd_vpc(a),
        jd_cidr(a)
    )
}

/// A JD request that states no VPC facts.
fn jd_bare(name: &str, a: usize, b: usize) -> String {
    format!(
        "provider: jdcloud\nparams:\n  regionId: cn-north-1\n  vpcPeeringName: {name}\n  vpcId: {}\n  remoteVpcId: {}\n---\n",
        jd_vpc(a),
        jd_vpc(b)
    )
}

fn tc_request(name: &str, a: &str, b: &str, account: &str, extra: &str) -> String {
    format!(
        "provider: tencentcloud\naccount: \"{account}\"\nparams:\n  vpcId: {a}\n  peerVpcId: {b}\n  peerUin: \"{account}\"\n  peeringConnectionName: {name}\n{extra}---\n"
    )
}

#[test]
fn hundred_thousand_requests_with_planted_conflicts() {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut text = String::new();
    for k in 0..PAIRS {
        let (a, b) = (2 * k, 2 * k + 1);
        text.push_str(&jd_request(&format!("p{k}_ab"), a, b, ""));
        text.push_str(&jd_request(&format!("p{k}_ba"), b, a, ""));
        if (k + 1) % (PER_FILE / 2) == 0 {
            files.push((
                format!("bulk/{:03}.yaml", files.len()),
                std::mem::take(&mut text).into_bytes(),
            ));
        }
    }
    assert_eq!(files.len() * PER_FILE, 2 * PAIRS);

    // Planted JD conflicts, one of each kind, each in its own file and on
    // fresh VPCs so that nothing else fires.
    let base = 2 * PAIRS;
    let v = |n: usize| base + n;
    let mut planted = String::new();
    // 0: duplicate name (p7_ab is used by the bulk).
    planted.push_str(&jd_request("p7_ab", v(0), v(1), ""));
    planted.push_str(&jd_request("dup_name_back", v(1), v(0), ""));
    // 2: duplicate ordered pair (bulk pair 3 again).
    planted.push_str(&jd_request("dup_pair", 6, 7, ""));
    // 3: a request without its reverse, to a VPC the run knows (it
    // requests a pair of its own with v(4)).
    planted.push_str(&jd_request("one_way", v(2), v(3), ""));
    planted.push_str(&jd_request("known_fwd", v(3), v(4), ""));
    planted.push_str(&jd_request("known_back", v(4), v(3), ""));
    // 6..: VPC v(10) with 11 peers: the 11th request goes over the quota.
    for p in 0..11 {
        planted.push_str(&jd_request(&format!("hub_{p}"), v(10), v(20 + p), ""));
        planted.push_str(&jd_request(&format!("hub_{p}_back"), v(20 + p), v(10), ""));
    }
    files.push(("planted/jd.yaml".to_owned(), planted.into_bytes()));
    // Facts stated elsewhere. Inventory B (account 2000000000, not complete)
    // gives v(41) the block of v(40) (overlap), puts v(42) in another
    // region, and gives v(43) a block its own request disagrees with.
    let mut other = String::new();
    other.push_str(&jd_request("ovl", v(40), v(41), ""));
    other.push_str(&jd_bare("ovl_back", v(41), v(40)));
    other.push_str(&jd_request("reg", v(44), v(42), ""));
    other.push_str(&jd_bare("reg_back", v(42), v(44)));
    files.push(("planted/jd-other.yaml".to_owned(), other.into_bytes()));
    let inventory_b = format!(
        "provider: jdcloud\naccount: \"2000000000\"\nvpcs:\n  - {{vpcId: {}, addressPrefix: [{}]}}\n  - {{vpcId: {}, addressPrefix: [10.200.0.0/16], region: cn-east-2}}\n  - {{vpcId: {}, addressPrefix: [{}]}}\n",
        jd_vpc(v(41)),
        jd_cidr(v(40)),
        jd_vpc(v(42)),
        jd_vpc(v(43)),
        jd_cidr(v(40)),
    );
    // Inventory A (account 82150512) is complete: a request of that account
    // for a VPC it does not list is a 404.
    let inventory_a = format!(
        "provider: jdcloud\naccount: \"82150512\"\ncomplete: true\nvpcs:\n  - {{vpcId: {}, addressPrefix: [10.201.0.0/16]}}\n",
        jd_vpc(v(45))
    );
    let mut account = String::new();
    account.push_str(&format!(
        "provider: jdcloud\naccount: \"82150512\"\nparams:\n  regionId: cn-north-1\n  vpcPeeringName: ghost\n  vpcId: {}\n  remoteVpcId: {}\n---\n",
        jd_vpc(v(50)),
        jd_vpc(v(45))
    ));
    account.push_str(&format!(
        "provider: jdcloud\naccount: \"82150512\"\nparams:\n  regionId: cn-north-1\n  vpcPeeringName: ghost_back\n  vpcId: {}\n  remoteVpcId: {}\n---\n",
        jd_vpc(v(45)),
        jd_vpc(v(50))
    ));
    account.push_str(&jd_request("conflict", v(43), v(46), ""));
    account.push_str(&jd_request("conflict_back", v(46), v(43), ""));
    files.push(("planted/jd-account.yaml".to_owned(), account.into_bytes()));

    // Tencent: a small clean base plus one conflict of each of its kinds.
    let acct = "2407912486";
    let mut tc = String::new();
    for i in 0..20 {
        tc.push_str(&tc_request(
            &format!("base_{i}"),
            &format!("vpc-a{i:07}"),
            &format!("vpc-b{i:07}"),
            acct,
            "",
        ));
    }
    // duplicate pair in the other direction
    tc.push_str(&tc_request(
        "dup_reverse",
        "vpc-b0000003",
        "vpc-a0000003",
        acct,
        "",
    ));
    // peer quota: vpc-h0000000 with 11 peers
    for p in 0..11 {
        tc.push_str(&tc_request(
            &format!("hub_{p}"),
            "vpc-h0000000",
            &format!("vpc-s{p:07}"),
            acct,
            "",
        ));
    }
    // peers of vpc-o0000000 overlap each other
    tc.push_str(&tc_request(
        "o_1",
        "vpc-o0000000",
        "vpc-o0000001",
        acct,
        "vpcs:\n  - {vpcId: vpc-o0000001, cidrBlock: 172.16.0.0/16}\n  - {vpcId: vpc-o0000000, cidrBlock: 10.9.0.0/16}\n",
    ));
    tc.push_str(&tc_request(
        "o_2",
        "vpc-o0000002",
        "vpc-o0000000",
        acct,
        "vpcs:\n  - {vpcId: vpc-o0000002, cidrBlock: 172.16.4.0/24}\n",
    ));
    // a cross-account peering: no finding (docs/decisions.md, "Noise")
    tc.push_str(
        &tc_request(
            "other_account",
            "vpc-x0000000",
            "vpc-x0000001",
            "100000000001",
            "",
        )
        .replace("peerUin: \"100000000001\"", "peerUin: \"2407912486\""),
    );
    // unknown VPC under the complete inventory of account 3000000000
    tc.push_str(&tc_request(
        "ghost",
        "vpc-g0000000",
        "vpc-k0000000",
        "3000000000",
        "",
    ));
    // CIDR conflict between the two sides, facts from the inventory
    tc.push_str(&tc_request(
        "cidr",
        "vpc-k0000001",
        "vpc-k0000002",
        "3000000000",
        "",
    ));
    // same-region: legacy ids of two regions
    tc.push_str(&tc_request("regions", "gz_vpc_1", "sh_vpc_2", acct, ""));
    files.push(("planted/tencent.yaml".to_owned(), tc.into_bytes()));
    let tc_inventory = "provider: tencentcloud\naccount: \"3000000000\"\ncomplete: true\nvpcs:\n  - {vpcId: vpc-k0000000, cidrBlock: 10.0.0.0/16}\n  - {vpcId: vpc-k0000001, cidrBlock: 10.1.0.0/16}\n  - {vpcId: vpc-k0000002, cidrBlock: 10.1.128.0/17}\n";

    let loaded = load_texts(true, &[]);
    assert!(loaded.errors.is_empty());
    let engine = Engine::new(&loaded.sets, EngineOptions::default());
    let report = lint_in_memory(
        &engine,
        files,
        vec![
            ("inventory/jd-a.yaml".to_owned(), inventory_a.into_bytes()),
            ("inventory/jd-b.yaml".to_owned(), inventory_b.into_bytes()),
            (
                "inventory/tencent.yaml".to_owned(),
                tc_inventory.as_bytes().to_vec(),
            ),
        ],
    );
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.summary.documents, 2 * PAIRS + 28 + 4 + 4 + 38);

    let found: BTreeSet<(String, String, usize)> = report
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.code.clone(),
                d.file.clone(),
                d.document.unwrap_or(usize::MAX),
            )
        })
        .collect();
    let expected: BTreeSet<(String, String, usize)> = [
        ("jdcloud/duplicate-name", "planted/jd.yaml", 0),
        ("jdcloud/duplicate-peering", "planted/jd.yaml", 2),
        ("jdcloud/missing-reverse-peering", "planted/jd.yaml", 3),
        ("jdcloud/peer-quota", "planted/jd.yaml", 6 + 2 * 10),
        ("jdcloud/address-overlap", "planted/jd-other.yaml", 0),
        ("jdcloud/address-overlap", "planted/jd-other.yaml", 1),
        ("jdcloud/cross-region", "planted/jd-other.yaml", 2),
        ("jdcloud/cross-region", "planted/jd-other.yaml", 3),
        ("jdcloud/vpc-not-found", "planted/jd-account.yaml", 0),
        ("peerlint/conflicting-facts", "planted/jd-account.yaml", 2),
        ("tencentcloud/duplicate-peering", "planted/tencent.yaml", 20),
        ("tencentcloud/peer-quota", "planted/tencent.yaml", 31),
        ("tencentcloud/peer-overlap", "planted/tencent.yaml", 33),
        ("tencentcloud/vpc-not-found", "planted/tencent.yaml", 35),
        ("tencentcloud/cidr-conflict", "planted/tencent.yaml", 36),
        ("tencentcloud/cross-region", "planted/tencent.yaml", 37),
        ("tencentcloud/legacy-vpc-id", "planted/tencent.yaml", 37),
    ]
    .into_iter()
    .map(|(c, f, d)| (c.to_owned(), f.to_owned(), d))
    .collect();
    let unexpected: Vec<_> = found.difference(&expected).take(20).collect();
    let missing: Vec<_> = expected.difference(&found).collect();
    assert!(
        unexpected.is_empty() && missing.is_empty(),
        "unexpected: {unexpected:#?}\nmissing: {missing:#?}"
    );
}
