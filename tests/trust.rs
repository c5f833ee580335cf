//! Trust in real repositories: peerlint reads only what it was meant to
//! read, and what a first-time user hit is fixed. One test (or a few) per
//! point: which files and documents are requests, YAML merge keys, config
//! and partial runs, accounts and ids, the seed rules, output people read,
//! the documented contract, adoption on an existing tree.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{json, manifest_dir, run_in, scratch, stderr, stdout, write, Run};
use serde_json::Value;

const JD: &str = "provider: jdcloud\nparams:\n  regionId: cn-north-1\n  vpcPeeringName: app_to_db\n  vpcId: vpc-ofxxrkkw0r\n  remoteVpcId: vpc-2k8d0cx9aa\n";

fn codes(report: &Value) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d.get("suppressed").is_none())
        .map(|d| d["code"].as_str().unwrap_or_default().to_owned())
        .collect()
}

// 1. Which files and documents are requests.

/// The other tools' files of `testdata/repo/`.
const OTHER_TOOLS: &[&str] = &[
    ".clang-format",
    ".yamllint",
    ".babelrc",
    "web/tsconfig.json",
    "web/package.json",
    "chart/Chart.yaml",
    "chart/values.yaml",
    "chart/templates/deployment.yaml",
    "serverless.yml",
    ".github/workflows/ci.yml",
    "main.tf.json",
    "params.yaml",
];

#[test]
fn a_real_repository_reports_exactly_the_request_files_findings() {
    let repo = manifest_dir().join("testdata/repo");
    let out = Run::new(&["check", "-f", "json", "."]).cwd(&repo).output();
    let report = json(&out);
    let found: BTreeSet<(String, String)> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap_or_default().to_owned(),
                d["code"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let expected: BTreeSet<(String, String)> = [
        ("requests/bad.json", "peerlint/implicit-type"),
        ("requests/typo.yaml", "peerlint/missing-parameter"),
    ]
    .iter()
    .map(|(f, c)| ((*f).to_owned(), (*c).to_owned()))
    .collect();
    assert_eq!(found, expected, "{}", stdout(&out));
    assert!(report["errors"].as_array().expect("errors").is_empty());
    assert_eq!(out.status.code(), Some(1));
}

/// The repository's Terraform modules (`infra/<cloud>/`), with the subnets,
/// routes, firewalls, data sources, variables and outputs real modules
/// have: only the peering resources are requests (the VPC resources beside
/// them are facts), all of them clean, and the rest is left alone.
#[test]
fn a_repositorys_terraform_modules_give_only_their_peerings() {
    let repo = manifest_dir().join("testdata/repo");
    for (module, requests, skipped) in [
        ("infra/aws", 2, 2),
        ("infra/gcp", 4, 0),
        ("infra/azure", 2, 0),
        ("infra/alicloud", 2, 0),
        ("infra/tencentcloud", 2, 0),
        ("infra/huaweicloud", 1, 0),
    ] {
        let out = Run::new(&["check", "-f", "json", module])
            .cwd(&repo)
            .output();
        let report = json(&out);
        assert!(codes(&report).is_empty(), "{module}: {}", stdout(&out));
        assert_eq!(report["summary"]["documents"], requests, "{module}");
        assert_eq!(report["summary"]["skipped"], skipped, "{module}");
        assert_eq!(out.status.code(), Some(0), "{module}");
    }
}

#[test]
fn other_tools_files_named_explicitly_are_skipped_without_exit_2() {
    let repo = manifest_dir().join("testdata/repo");
    for file in OTHER_TOOLS {
        let out = Run::new(&["check", "-f", "json", file]).cwd(&repo).output();
        let report = json(&out);
        assert_eq!(out.status.code(), Some(0), "{file}: {}", stderr(&out));
        assert!(codes(&report).is_empty(), "{file}: {:?}", codes(&report));
        assert!(
            report["errors"].as_array().expect("errors").is_empty(),
            "{file}"
        );
        assert_eq!(report["summary"]["skipped"], 1, "{file}");
    }
}

#[test]
fn misspelled_identifying_keys_still_make_a_request() {
    let dir = scratch("misspelled");
    write(
        &dir,
        "raw.yaml",
        "regionId: cn-north-1\nvpcPeeringname: a_b\nvpcId: vpc-ofxxrkkw0r\nremoteVpcID: vpc-2k8d0cx9aa\n",
    );
    for extra in [&[][..], &["--provider", "jdcloud"][..]] {
        let mut args = vec!["check", "-f", "json", "raw.yaml"];
        args.extend_from_slice(extra);
        let report = json(&run_in(&dir, &args));
        assert_eq!(report["summary"]["documents"], 1, "{args:?}");
        let messages: Vec<&str> = report["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .map(|d| d["message"].as_str().unwrap_or_default())
            .collect();
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`vpcPeeringname` is not it")),
            "{messages:?}"
        );
    }
}

#[test]
fn include_declares_request_files_and_exclude_keeps_files_out() {
    let dir = scratch("include");
    write(&dir, ".peerlint.yaml", "include: [\"net/**\"]\n");
    write(&dir, "net/broken.yaml", "just: [an, unclosed\n");
    write(&dir, "net/list.yaml", "- [a, list]\n");
    write(&dir, "other/broken.yaml", "just: [an, unclosed\n");
    write(
        &dir,
        "other/request.yaml",
        &JD.replace("app_to_db", "app to db"),
    );
    let report = json(&run_in(&dir, &["check", "-f", "json"]));
    let files: BTreeSet<&str> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["file"].as_str().unwrap_or_default())
        .collect();
    // Inside `include`: a syntax error and a non-request are findings;
    // outside it nothing is linted at all.
    assert_eq!(
        files,
        ["net/broken.yaml", "net/list.yaml"].into_iter().collect()
    );
    assert!(codes(&report).contains(&"peerlint/syntax-error".to_owned()));
    assert!(codes(&report).contains(&"peerlint/not-a-request".to_owned()));

    let dir = scratch("exclude");
    write(&dir, "a.yaml", &JD.replace("app_to_db", "app to db"));
    write(&dir, "legacy/b.yaml", &JD.replace("app_to_db", "app to db"));
    let out = run_in(
        &dir,
        &[
            "check",
            "-f",
            "json",
            "--exclude",
            "legacy/**",
            ".",
            "legacy/b.yaml",
        ],
    );
    let report = json(&out);
    let files: BTreeSet<&str> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["file"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(files, ["a.yaml"].into_iter().collect());
}

#[test]
fn stdin_takes_the_role_its_name_has_in_the_config() {
    let dir = scratch("stdin-role");
    write(
        &dir,
        ".peerlint.yaml",
        "exclude: [\"legacy/**\"]\ninventory: [net/vpcs.yaml]\n",
    );
    write(&dir, "net/vpcs.yaml", "provider: jdcloud\nvpcs: []\n");
    let bad = JD.replace("app_to_db", "app to db");
    // Excluded: not linted.
    let out = Run::new(&[
        "check",
        "-f",
        "json",
        "--stdin-filename",
        "legacy/a.yaml",
        "-",
    ])
    .cwd(&dir)
    .stdin(&bad)
    .output();
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(codes(&json(&out)).is_empty());
    // An inventory: linted as one (no `params` is fine, `complete` is read).
    let inventory = "provider: jdcloud\naccount: \"82150512\"\ncomplete: yes\nvpcs:\n  - {vpcId: vpc-ofxxrkkw0r}\n";
    let out = Run::new(&[
        "check",
        "-f",
        "json",
        "--stdin-filename",
        "net/vpcs.yaml",
        "-",
    ])
    .cwd(&dir)
    .stdin(inventory)
    .output();
    let report = json(&out);
    assert_eq!(codes(&report), ["peerlint/wrong-type"], "{}", stdout(&out));
    assert!(report["diagnostics"][0]["message"]
        .as_str()
        .unwrap_or_default()
        .contains("YAML 1.1"));
    // --stdin-filename without `-` is a usage error.
    let out = run_in(&dir, &["check", "--stdin-filename", "x.yaml", "x.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("pass `-`"), "{}", stderr(&out));
}

// 2. YAML merge keys.

#[test]
fn merge_keys_merge_with_spans_at_their_anchor() {
    let dir = scratch("merge");
    write(
        &dir,
        "a.yaml",
        "- provider: jdcloud\n  params: &base\n    regionId: cn-north-1\n    vpcPeeringName: app_to_db\n    vpcId: vpc-ofxxrkkw0r\n    remoteVpcId: vpc-2k8d0cx9aa\n- provider: jdcloud\n  params:\n    <<: *base\n    vpcPeeringName: db_to_app\n    vpcId: vpc-2k8d0cx9aa\n    remoteVpcId: vpc-ofxxrkkw0r\n",
    );
    let report = json(&run_in(&dir, &["check", "-f", "json", "a.yaml"]));
    assert!(codes(&report).is_empty(), "{:?}", codes(&report));
    write(
        &dir,
        "b.yaml",
        "- provider: jdcloud\n  params: &base\n    regionId: cn-nrth-1\n    vpcPeeringName: app_to_db\n    vpcId: vpc-ofxxrkkw0r\n    remoteVpcId: vpc-2k8d0cx9aa\n- provider: jdcloud\n  params:\n    <<: *base\n    vpcPeeringName: db_to_app\n",
    );
    let report = json(&run_in(&dir, &["check", "-f", "json", "b.yaml"]));
    // The merged region is reported where it is written (line 3), for both requests.
    let lines: Vec<(i64, i64)> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "jdcloud/unknown-region")
        .map(|d| {
            (
                d["document"].as_i64().unwrap_or(-1),
                d["start"]["line"].as_i64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(lines, [(0, 3), (1, 3)]);
}

// 3. Config and partial runs.

#[test]
fn a_config_ignore_entry_is_judged_only_on_files_the_run_linted() {
    let dir = scratch("partial-ignore");
    write(
        &dir,
        ".peerlint.yaml",
        "ignore:\n  - {files: \"other/*.json\", rules: [jdcloud/invalid-character], reason: legacy}\n",
    );
    write(&dir, "a.yaml", JD);
    write(
        &dir,
        "other/b.json",
        r#"{"regionId": "cn-north-1", "vpcPeeringName": "a_b", "vpcId": "vpc-ofxxrkkw0r", "remoteVpcId": "vpc-2k8d0cx9aa"}"#,
    );
    let report = json(&run_in(&dir, &["check", "-f", "json", "a.yaml"]));
    assert!(
        !codes(&report).contains(&"peerlint/unused-suppression".to_owned()),
        "{:?}",
        codes(&report)
    );
    let report = json(&run_in(&dir, &["check", "-f", "json", "."]));
    assert!(codes(&report).contains(&"peerlint/unused-suppression".to_owned()));
}

#[test]
fn a_bad_override_or_extension_is_rejected_and_the_provider_stays_loaded() {
    for (config, extension) in [
        ("override:\n  jdcloud/peer-quota: {maximum: 20}\n", None),
        ("override:\n  jdcloud/peer-quota: {max: twenty}\n", None),
        (
            "rules: [ext.yaml]\n",
            Some(
                "extends: jdcloud\nversion: \"x\"\noverride:\n  jdcloud/name-length: {max: many}\n",
            ),
        ),
    ] {
        let dir = scratch("bad-patch");
        write(&dir, ".peerlint.yaml", config);
        if let Some(text) = extension {
            write(&dir, "ext.yaml", text);
        }
        write(&dir, "a.yaml", &JD.replace("app_to_db", "app to db"));
        let out = run_in(&dir, &["check", "-f", "json", "a.yaml"]);
        let report = json(&out);
        assert_eq!(out.status.code(), Some(2), "{config}");
        let errors = report["errors"].as_array().expect("errors");
        assert!(
            errors.iter().any(|e| e.get("start").is_some()),
            "{config}: the error has a position: {errors:?}"
        );
        assert!(
            !errors.iter().any(|e| e["message"]
                .as_str()
                .unwrap_or_default()
                .contains("is not loaded")),
            "{config}: {errors:?}"
        );
        // Everything else is linted with the provider's rules.
        let errors: Vec<&str> = report["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .filter(|d| d["severity"] == "error")
            .map(|d| d["code"].as_str().unwrap_or_default())
            .collect();
        assert_eq!(errors, ["jdcloud/invalid-character"], "{config}");
    }
}

#[test]
fn rules_show_the_config_severity() {
    let dir = scratch("rules-severity");
    write(
        &dir,
        ".peerlint.yaml",
        "severity:\n  jdcloud/hyphen-in-name: \"off\"\n  jdcloud/unknown-region: error\n",
    );
    let out = run_in(&dir, &["rules", "--provider", "jdcloud"]);
    let text = stdout(&out);
    let line = |id: &str| {
        text.lines()
            .find(|l| l.starts_with(id))
            .unwrap_or_default()
            .to_owned()
    };
    assert!(line("jdcloud/hyphen-in-name ").contains(" off "), "{text}");
    assert!(
        line("jdcloud/unknown-region ").contains(" error "),
        "{text}"
    );
}

// 4. Accounts and ids.

#[test]
fn a_partners_vpc_is_judged_by_the_account_its_facts_state() {
    let dir = scratch("partner");
    write(
        &dir,
        "inventory.yaml",
        "provider: jdcloud\naccount: \"82150512\"\ncomplete: true\nvpcs:\n  - {vpcId: vpc-ofxxrkkw0r}\n",
    );
    write(
        &dir,
        "partner.yaml",
        "provider: jdcloud\nparams:\n  regionId: cn-north-1\n  vpcPeeringName: cache_to_app\n  vpcId: vpc-9a8b7c6d5e\n  remoteVpcId: vpc-ofxxrkkw0r\nvpcs:\n  - {vpcId: vpc-9a8b7c6d5e, account: \"77003311\"}\n",
    );
    let report = json(&run_in(
        &dir,
        &[
            "check",
            "-f",
            "json",
            "--inventory",
            "inventory.yaml",
            "partner.yaml",
        ],
    ));
    assert!(
        !codes(&report).contains(&"jdcloud/vpc-not-found".to_owned()),
        "{:?}",
        report["diagnostics"]
    );
}

#[test]
fn a_vpc_fact_can_carry_both_tencent_ids() {
    let dir = scratch("tencent-ids");
    write(
        &dir,
        "inventory.yaml",
        "provider: tencentcloud\naccount: \"2407912486\"\ncomplete: true\nvpcs:\n  - {vpcId: vpc-2k8d0cx9, otherIds: [gz_vpc_226]}\n  - {vpcId: vpc-9a8b7c6d, otherIds: [gz_vpc_89]}\npeerings:\n  - {vpcId: vpc-2k8d0cx9, peerVpcId: vpc-9a8b7c6d, peeringConnectionName: existing}\n",
    );
    write(
        &dir,
        "legacy.yaml",
        "provider: tencentcloud\naccount: \"2407912486\"\nparams:\n  vpcId: gz_vpc_226\n  peerVpcId: gz_vpc_89\n  peerUin: \"2407912486\"\n  peeringConnectionName: tses\n",
    );
    let report = json(&run_in(
        &dir,
        &[
            "check",
            "-f",
            "json",
            "--inventory",
            "inventory.yaml",
            "legacy.yaml",
        ],
    ));
    let found = codes(&report);
    // The legacy ids are the inventory's VPCs, and the pair already exists.
    assert!(
        !found.contains(&"tencentcloud/vpc-not-found".to_owned()),
        "{found:?}"
    );
    assert!(
        found.contains(&"tencentcloud/duplicate-peering".to_owned()),
        "{found:?}"
    );
}

// 5. Seed rules.

#[test]
fn tencent_action_and_region_are_checked() {
    let dir = scratch("tencent-common");
    write(
        &dir,
        "a.yaml",
        "provider: tencentcloud\nparams:\n  Action: DeleteVpcPeeringConnection\n  Region: ap-nowhere\n  vpcId: vpc-2k8d0cx9\n  peerVpcId: vpc-9a8b7c6d\n  peerUin: \"2407912486\"\n  peeringConnectionName: tses\n",
    );
    let found = codes(&json(&run_in(&dir, &["check", "-f", "json", "a.yaml"])));
    assert!(
        found.contains(&"tencentcloud/action".to_owned()),
        "{found:?}"
    );
    assert!(
        found.contains(&"tencentcloud/unknown-region".to_owned()),
        "{found:?}"
    );
}

// 6. Output people read.

#[test]
fn human_output_follows_columns_and_never_breaks_a_suggested_value() {
    let dir = scratch("width");
    write(
        &dir,
        "a.yaml",
        &JD.replace("app_to_db", "订单系统 到 数据库 的 对等连接"),
    );
    for columns in ["60", "140"] {
        let out = Run::new(&["check", "--color", "never", "a.yaml"])
            .cwd(&dir)
            .env("COLUMNS", columns)
            .output();
        let text = stdout(&out);
        let width: usize = columns.parse().expect("number");
        // The suggested value stays on one line.
        assert!(text.contains("`订单系统_到_数据库_的_对等连接`"), "{text}");
        // Prose wraps at the width; source lines and the labels under them
        // are as long as the source is.
        let is_snippet = |l: &str| {
            let t = l.trim_start();
            t.starts_with('·')
                || t.split_once(" │")
                    .is_some_and(|(n, _)| n.chars().all(|c| c.is_ascii_digit()))
        };
        let longest = text
            .lines()
            .filter(|l| !l.contains('`') && !is_snippet(l) && !l.contains(" linted, "))
            .map(|l| l.chars().count())
            .max()
            .unwrap_or(0);
        assert!(longest <= width, "COLUMNS={columns}: {longest}\n{text}");
    }
}

#[test]
fn malformed_suppressions_and_unprefixed_rule_ids_are_reported() {
    let dir = scratch("suppressions");
    write(
        &dir,
        "a.yaml",
        "provider: jdcloud\nparams:\n  regionId: cn-north-1\n  # peerlint-ignore jdcloud/hyphen-in-name -- no colon\n  vpcPeeringName: app-to-db\n  vpcId: vpc-ofxxrkkw0r  # peerlint-ignore: vpc-id-length -- prefix missing\n  remoteVpcId: vpc-2k8d0cx9aa\n",
    );
    let report = json(&run_in(&dir, &["check", "-f", "json", "a.yaml"]));
    let messages: Vec<&str> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "peerlint/unused-suppression")
        .map(|d| d["message"].as_str().unwrap_or_default())
        .collect();
    assert!(
        messages.iter().any(|m| m.contains("needs a `:`")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("did you mean `jdcloud/vpc-id-length`")),
        "{messages:?}"
    );
}

#[test]
fn messages_read_right() {
    let dir = scratch("messages");
    write(
        &dir,
        "uin.yaml",
        "provider: tencentcloud\nparams:\n  vpcId: vpc-2k8d0cx9\n  peerVpcId: vpc-9a8b7c6d\n  peerUin: \"1\"\n  peeringConnectionName: tses\n",
    );
    let report = json(&run_in(&dir, &["check", "-f", "json", "uin.yaml"]));
    let message = report["diagnostics"][0]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(
        message.starts_with("peerUin is 1 character long"),
        "{message}"
    );

    write(
        &dir,
        "ambiguous.yaml",
        "params:\n  vpcPeeringName: app_to_db\n  peerUin: \"2407912486\"\n",
    );
    let report = json(&run_in(&dir, &["check", "-f", "json", "ambiguous.yaml"]));
    let message = report["diagnostics"][0]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(
        message.contains("(vpcPeeringName)") && message.contains("(peerUin)"),
        "only the keys the document has: {message}"
    );

    write(&dir, "date.yaml", &JD.replace("app_to_db", "2024-05-01"));
    let report = json(&run_in(&dir, &["check", "-f", "json", "date.yaml"]));
    assert!(codes(&report).contains(&"peerlint/implicit-type".to_owned()));

    write(
        &dir,
        "meta.yaml",
        &format!("x-ticket: NET-1234\nmeta: {{owner: platform}}\n{JD}"),
    );
    let report = json(&run_in(&dir, &["check", "-f", "json", "meta.yaml"]));
    assert!(
        !codes(&report).contains(&"peerlint/unknown-field".to_owned()),
        "{:?}",
        codes(&report)
    );

    let out = run_in(&dir, &["check", "-o", "missing_dir/out.txt", "uin.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("missing_dir/out.txt"),
        "{}",
        stderr(&out)
    );

    let out = run_in(
        &dir,
        &[
            "check",
            "-f",
            "json",
            "--inventory",
            "nowhere.yaml",
            "uin.yaml",
        ],
    );
    let report = json(&out);
    assert_eq!(report["errors"][0]["code"], "peerlint/invalid-inventory");
    let out = run_in(&dir, &["check", "-f", "json", "no-such-file.yaml"]);
    let report = json(&out);
    for e in report["errors"].as_array().expect("errors") {
        assert!(e["code"].is_string(), "every error has a code: {e}");
    }
}

#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let dir = scratch("pipe");
    let many: String = (0..2000)
        .map(|i| format!("---\n{}", JD.replace("app_to_db", &format!("a b {i}"))))
        .collect();
    write(&dir, "many.yaml", &many);
    let mut child = Command::new(env!("CARGO_BIN_EXE_peerlint"))
        .current_dir(&dir)
        .args(["check", "-f", "concise", "many.yaml"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("peerlint runs");
    let mut first = [0u8; 16];
    child
        .stdout
        .take()
        .expect("stdout")
        .read_exact(&mut first)
        .expect("some output");
    // Dropping the reader closes the pipe, as `| head` does.
    let out = child.wait_with_output().expect("peerlint finishes");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("Broken pipe"), "{err}");
    assert_eq!(out.status.code(), Some(1));
}

// 7. The contract, documented.

#[test]
fn rule_file_findings_link_to_their_api_reference_and_paths_share_one_base() {
    let dir = scratch("links");
    write(&dir, "net/inventory.yaml", "provider: jdcloud\naccount: \"82150512\"\npeerings:\n  - {vpcId: vpc-ofxxrkkw0r, remoteVpcId: vpc-2k8d0cx9aa, vpcPeeringName: app_to_db}\n");
    write(&dir, ".peerlint.yaml", "inventory: [net/inventory.yaml]\n");
    write(&dir, "a.yaml", JD);
    let report = json(&run_in(&dir, &["check", "-f", "json", "a.yaml"]));
    let d = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["code"] == "jdcloud/duplicate-peering")
        .expect("duplicate peering");
    assert!(
        d["url"]
            .as_str()
            .unwrap_or_default()
            .starts_with("https://"),
        "{d}"
    );
    assert_eq!(d["related"][0]["file"], "net/inventory.yaml", "{d}");
}

// 8. Adoption on an existing tree.

#[test]
fn select_and_ignore_pick_rules_by_id_or_prefix() {
    let dir = scratch("select");
    write(
        &dir,
        "a.yaml",
        &JD.replace("app_to_db", "app-to db")
            .replace("cn-north-1", "cn-nrth-1"),
    );
    let found = |args: &[&str]| {
        let mut all = vec!["check", "-f", "json", "a.yaml"];
        all.extend_from_slice(args);
        codes(&json(&run_in(&dir, &all)))
    };
    let all = found(&[]);
    assert!(all.len() >= 3, "{all:?}");
    assert_eq!(
        found(&["--select", "jdcloud/invalid-character"]),
        ["jdcloud/invalid-character"]
    );
    let no_region = found(&["--ignore", "jdcloud/unknown-region,jdcloud/hyphen"]);
    assert!(
        !no_region
            .iter()
            .any(|c| c == "jdcloud/unknown-region" || c == "jdcloud/hyphen-in-name"),
        "{no_region:?}"
    );
    let out = run_in(&dir, &["check", "--select", "name-lenght", "a.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("did you mean"), "{}", stderr(&out));
}

#[test]
fn a_system_hook_uses_the_peerlint_on_path() {
    let hooks = std::fs::read_to_string(manifest_dir().join(".pre-commit-hooks.yaml"))
        .expect(".pre-commit-hooks.yaml");
    let system = hooks
        .split("\n- id: ")
        .find(|h| h.starts_with("peerlint-system"))
        .expect("a peerlint-system hook");
    assert!(system.contains("language: system"), "{system}");
    assert!(system.contains("require_serial: true"), "{system}");
    assert!(Path::new(&manifest_dir().join("docs/integrations.md")).exists());
}
