//! `.peerlint.yaml`: discovery, paths relative to the file, exclude,
//! severity, ignore entries, rule-parameter overrides, and errors.

mod common;

use serde_json::Value;

use common::{json, run_in, run_in_with_stdin, scratch, write};

fn codes(v: &Value) -> Vec<(String, String, bool)> {
    v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_owned(),
                d["file"].as_str().unwrap_or("").to_owned(),
                d.get("suppressed").is_some(),
            )
        })
        .collect()
}

const PAIR: &str = "provider: jdcloud\nparams:\n  regionId: cn-north-1\n  vpcPeeringName: app-to-db\n  vpcId: vpc-ofxxrkkw0r\n  remoteVpcId: vpc-2k8d0cx9aa\n---\nprovider: jdcloud\nparams:\n  regionId: cn-north-1\n  vpcPeeringName: db_to_app\n  vpcId: vpc-2k8d0cx9aa\n  remoteVpcId: vpc-ofxxrkkw0r\n";

#[test]
fn discovered_upward_with_paths_relative_to_it() {
    let dir = scratch("upward");
    write(
        &dir,
        ".peerlint.yaml",
        "severity:\n  jdcloud/hyphen-in-name: error\nrules: [extra]\nexclude: [\"legacy/**\"]\n",
    );
    write(
        &dir,
        "extra/quota.yaml",
        "extends: jdcloud\noverride:\n  jdcloud/name-length: {max: 5}\n",
    );
    write(&dir, "requests/a.yaml", PAIR);
    write(
        &dir,
        "requests/legacy/b.yaml",
        "provider: jdcloud\nparams: {regionId: x}\n",
    );
    write(
        &dir,
        "legacy/c.yaml",
        "provider: jdcloud\nparams: {regionId: x}\n",
    );
    // Run from a subdirectory: the config is found in the parent.
    let o = run_in(&dir.join("requests"), &["check", "-f", "json", "."]);
    let v = json(&o);
    let found = codes(&v);
    assert!(
        found.iter().any(|(c, _, _)| c == "jdcloud/hyphen-in-name"),
        "{found:?}"
    );
    let hyphen = v["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .find(|d| d["code"] == "jdcloud/hyphen-in-name")
        .expect("hyphen");
    assert_eq!(hyphen["severity"], "error", "severity override applies");
    assert!(
        found.iter().any(|(c, _, _)| c == "jdcloud/name-length"),
        "rules path is relative to the config: {found:?}"
    );
    // `legacy/**` is relative to the config's directory: requests/legacy is linted, legacy/ is not.
    assert!(
        found.iter().any(|(_, f, _)| f.contains("legacy/b.yaml")),
        "{found:?}"
    );
    let o = run_in(&dir, &["check", "-f", "json", "legacy/c.yaml", "requests"]);
    assert!(
        !codes(&json(&o))
            .iter()
            .any(|(_, f, _)| f.starts_with("legacy/")),
        "exclude applies to named files too"
    );
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn ignore_entries_suppress_json_findings_and_report_unused_ones() {
    let dir = scratch("ignore");
    write(
        &dir,
        ".peerlint.yaml",
        "ignore:\n  - {files: \"requests/*.json\", pointer: /vpcPeeringName, rules: [jdcloud/invalid-character], reason: created in the console}\n  - {files: \"requests/*.json\", rules: [jdcloud/name-length], reason: not needed any more}\n",
    );
    write(&dir, "requests/a.json", "[{\"vpcPeeringName\": \"a b\", \"regionId\": \"cn-north-1\", \"vpcId\": \"vpc-ofxxrkkw0r\", \"remoteVpcId\": \"vpc-2k8d0cx9aa\"}, {\"vpcPeeringName\": \"b_a\", \"regionId\": \"cn-north-1\", \"vpcId\": \"vpc-2k8d0cx9aa\", \"remoteVpcId\": \"vpc-ofxxrkkw0r\"}]");
    let o = run_in(&dir, &["check", "-f", "json", "requests"]);
    let v = json(&o);
    assert_eq!(v["summary"]["suppressed"], 1);
    assert_eq!(v["summary"]["errors"], 0);
    let found = codes(&v);
    assert!(found.contains(&(
        "jdcloud/invalid-character".to_owned(),
        "requests/a.json".to_owned(),
        true
    )));
    let unused = v["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .find(|d| d["code"] == "peerlint/unused-suppression")
        .expect("unused entry reported");
    assert_eq!(unused["file"], ".peerlint.yaml");
    assert_eq!(unused["start"]["line"], 3);
    assert_eq!(o.status.code(), Some(0), "warnings only");
    let suppressed = v["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .find(|d| d["code"] == "jdcloud/invalid-character")
        .expect("kept in JSON");
    assert_eq!(suppressed["suppressed"]["kind"], "external");
    assert_eq!(
        suppressed["suppressed"]["justification"],
        "created in the console"
    );
}

#[test]
fn overrides_change_rule_parameters() {
    let dir = scratch("override");
    write(
        &dir,
        ".peerlint.yaml",
        "override:\n  jdcloud/peer-quota: {max: 1}\n",
    );
    let third = PAIR
        .replace("app-to-db", "app_to_cache")
        .replace("vpc-2k8d0cx9aa", "vpc-9a8b7c6d5e")
        .replace("db_to_app", "cache_to_app");
    write(&dir, "a.yaml", &format!("{PAIR}---\n{third}"));
    let v = json(&run_in(&dir, &["check", "-f", "json", "a.yaml"]));
    let quota = v["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .find(|d| d["code"] == "jdcloud/peer-quota")
        .expect("quota of 1 applies");
    assert!(
        quota["message"]
            .as_str()
            .unwrap_or("")
            .contains("the quota is 1"),
        "{quota}"
    );
}

#[test]
fn bad_config_is_exit_2_with_positions_and_suggestions() {
    let dir = scratch("bad");
    write(
        &dir,
        ".peerlint.yaml",
        "provider: jdcloud\ncolour: red\nseverity:\n  jdcloud/name-lenght: off\n  peerlint/syntax-error: off\noverride:\n  jdcloud/peer-qouta: {max: 3}\nignore:\n  - {files: \"*.json\", rules: [jdcloud/self-peerin]}\n",
    );
    write(&dir, "a.yaml", PAIR);
    let o = run_in(&dir, &["check", "-f", "json", "a.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    let v = json(&o);
    let errors: Vec<(String, i64)> = v["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| {
            (
                e["message"].as_str().unwrap_or("").to_owned(),
                e["start"]["line"].as_i64().unwrap_or(0),
            )
        })
        .collect();
    let has =
        |needle: &str, line: i64| errors.iter().any(|(m, l)| m.contains(needle) && *l == line);
    assert!(has("unknown key `colour`", 2), "{errors:#?}");
    assert!(has("did you mean `jdcloud/name-length`", 4), "{errors:#?}");
    assert!(has("cannot be switched off", 5), "{errors:#?}");
    assert!(has("did you mean `jdcloud/peer-quota`", 7), "{errors:#?}");
    assert!(has("did you mean `jdcloud/self-peering`", 9), "{errors:#?}");
    // The files are still linted.
    assert!(!v["diagnostics"].as_array().expect("list").is_empty());
}

#[test]
fn explicit_config_and_stdin_discovery() {
    let dir = scratch("stdin");
    write(
        &dir,
        "team/.peerlint.yaml",
        "provider: tencentcloud\nseverity:\n  tencentcloud/legacy-vpc-id: off\n",
    );
    write(
        &dir,
        "other.yaml",
        "severity:\n  peerlint/implicit-type: off\n",
    );
    let doc = "params:\n  vpcId: gz_vpc_226\n  peerVpcId: gz_vpc_89\n  peerUin: 2407912486\n  peeringConnectionName: tses\n";
    let o = run_in_with_stdin(
        &dir,
        &[
            "check",
            "-f",
            "json",
            "--stdin-filename",
            "team/x.yaml",
            "-",
        ],
        doc,
    );
    let found = codes(&json(&o));
    assert_eq!(
        found,
        [(
            "peerlint/implicit-type".to_owned(),
            "team/x.yaml".to_owned(),
            false
        )],
        "config from team/ applies"
    );
    write(&dir, "x.yaml", doc);
    let o = run_in(
        &dir,
        &[
            "check",
            "-f",
            "json",
            "--config",
            "other.yaml",
            "--provider",
            "tencentcloud",
            "x.yaml",
        ],
    );
    let found = codes(&json(&o));
    assert!(
        found
            .iter()
            .all(|(c, _, _)| c == "tencentcloud/legacy-vpc-id"),
        "{found:?}"
    );
}

#[test]
fn inline_suppressions_work_in_the_cli() {
    let dir = scratch("inline");
    write(
        &dir,
        "a.yaml",
        &PAIR.replace(
            "vpcPeeringName: app-to-db",
            "vpcPeeringName: app-to-db  # peerlint-ignore: jdcloud/hyphen-in-name -- console name",
        ),
    );
    let o = run_in(
        &dir,
        &["check", "-f", "concise", "--fail-on", "warning", "a.yaml"],
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert!(o.stdout.is_empty());
    let human = run_in(&dir, &["check", "a.yaml"]);
    assert!(String::from_utf8_lossy(&human.stdout).contains("(1 suppressed)"));
}

#[test]
fn config_schema_accepts_the_documented_example_and_rejects_unknown_keys() {
    let root = common::manifest_dir();
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("schemas/config.schema.json")).expect("schema"),
    )
    .expect("json");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let good = serde_json::json!({
        "provider": "jdcloud",
        "rules": ["extra-rules/"],
        "inventory": ["network/vpcs.yaml"],
        "exclude": ["legacy/**"],
        "severity": {"jdcloud/missing-reverse-peering": "off"},
        "ignore": [{"files": "requests/*.json", "pointer": "/params/description", "rules": ["jdcloud/invalid-character"], "reason": "..."}],
        "override": {"jdcloud/peer-quota": {"max": 20}},
        "max_file_size": 1048576
    });
    assert!(validator.is_valid(&good));
    assert!(!validator.is_valid(&serde_json::json!({"colour": "red"})));
    assert!(!validator.is_valid(&serde_json::json!({"severity": {"jdcloud/x": "loud"}})));
}

#[test]
fn rules_explain_and_schema_use_the_config() {
    let dir = scratch("commands");
    write(
        &dir,
        ".peerlint.yaml",
        "rules: [extra.yaml]\noverride:\n  jdcloud/name-length: {max: 5}\n",
    );
    write(
        &dir,
        "extra.yaml",
        "extends: jdcloud\nrules:\n  - id: jdcloud/no-test-names\n    check: deny-chars\n    target: params.vpcPeeringName\n    chars: \"!\"\n    severity: warning\n",
    );
    let rules = String::from_utf8_lossy(&run_in(&dir, &["rules"]).stdout).into_owned();
    assert!(rules.contains("jdcloud/no-test-names"), "{rules}");
    assert!(rules.contains("1 to 5 characters"), "{rules}");
    let explain = run_in(&dir, &["explain", "jdcloud/no-test-names"]);
    assert_eq!(explain.status.code(), Some(0));
    let schema = json(&run_in(
        &dir,
        &["schema", "document", "--provider", "jdcloud"],
    ));
    assert!(
        schema.to_string().contains("\"maxLength\":5"),
        "the override reaches the schema"
    );
}
