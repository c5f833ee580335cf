//! The command line end to end: exit codes, formats, stdin, `-o`, rule
//! loading, and the JSON contract's shape.

mod common;

use std::path::PathBuf;
use std::process::Output;

use serde_json::Value;

use common::{json, manifest_dir, scratch, stdout, Run};

/// `peerlint ARGS` in the package root, without `NO_COLOR`.
/// The providers of the built-in rule sets, sorted.
fn builtin_providers() -> Vec<String> {
    let loaded = peerlint::rules::load::load_texts(true, &[]);
    loaded.sets.sets.keys().cloned().collect()
}

fn run(args: &[&str]) -> Output {
    Run::new(args).env_remove("NO_COLOR").output()
}

/// `run` with `input` on standard input.
fn run_stdin(args: &[&str], input: &str) -> Output {
    Run::new(args).env_remove("NO_COLOR").stdin(input).output()
}

const GOOD: &str = "testdata/positions/../examples/jdcloud-app-to-db.yaml";
const BAD: &str = "testdata/positions/cjk.yaml";

#[test]
fn exit_0_for_a_clean_file_and_1_for_a_finding() {
    let ok = run(&["check", GOOD]);
    assert_eq!(ok.status.code(), Some(0), "{}", stdout(&ok));
    let bad = run(&["check", BAD]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(stdout(&bad).contains("jdcloud/invalid-character"));
}

#[test]
fn fail_on_moves_the_threshold() {
    // The seed example has only info notes.
    let seed = "testdata/examples/tencent-seed-example.yaml";
    assert_eq!(run(&["check", seed]).status.code(), Some(0));
    assert_eq!(
        run(&["check", "--fail-on", "warning", seed]).status.code(),
        Some(0)
    );
    assert_eq!(
        run(&["check", "--fail-on", "info", seed]).status.code(),
        Some(1)
    );
    assert_eq!(
        run(&["check", "--fail-on", "never", BAD]).status.code(),
        Some(0)
    );
}

#[test]
fn missing_file_is_exit_2_and_the_rest_is_still_linted() {
    let o = run(&["check", "-f", "json", "no/such/file.yaml", BAD]);
    assert_eq!(o.status.code(), Some(2));
    let v = json(&o);
    assert_eq!(v["errors"][0]["file"], "no/such/file.yaml");
    assert!(v["errors"][0]["message"]
        .as_str()
        .unwrap_or("")
        .contains("No such file"));
    assert!(v["diagnostics"].as_array().is_some_and(|d| !d.is_empty()));
}

#[test]
fn bad_rule_file_reports_every_problem_and_exits_2() {
    let o = run(&[
        "check",
        "-f",
        "json",
        "--rules",
        "testdata/bad-rules/broken.yaml",
        BAD,
    ]);
    assert_eq!(o.status.code(), Some(2));
    let v = json(&o);
    let errors = v["errors"].as_array().expect("errors");
    let positioned: Vec<&Value> = errors
        .iter()
        .filter(|e| e["file"] == "testdata/bad-rules/broken.yaml" && e["start"]["line"].is_number())
        .collect();
    let messages: Vec<&str> = positioned
        .iter()
        .filter_map(|e| e["message"].as_str())
        .collect();
    for needle in [
        "unknown key `colour`",
        "invalid regex",
        "not a CIDR block",
        "unknown check kind `lenght`",
        "duplicate rule id",
        "claimed by provider `jdcloud`",
        "type must be one of",
    ] {
        assert!(
            messages.iter().any(|m| m.contains(needle)),
            "missing {needle:?} in {messages:#?}"
        );
    }
    // Lines are right: `colour` is on line 8.
    let colour = positioned
        .iter()
        .find(|e| e["message"].as_str().unwrap_or("").contains("colour"))
        .expect("colour");
    assert_eq!(colour["start"]["line"], 8);
    assert_eq!(colour["start"]["column"], 1);
    // The broken provider is not loaded, the built-ins still are, and linting went on.
    let sets: Vec<&str> = v["rule_sets"]
        .as_array()
        .expect("sets")
        .iter()
        .filter_map(|s| s["provider"].as_str())
        .collect();
    assert_eq!(sets, builtin_providers());
    assert!(!v["diagnostics"].as_array().expect("diagnostics").is_empty());
}

#[test]
fn replacing_a_builtin_set_that_is_broken_does_not_fall_back() {
    let dir = scratch("replace");
    let file = dir.join("jd.yaml");
    std::fs::write(
        &file,
        "provider: jdcloud\nversion: x\nparams: {vpcPeeringName: {type: strin}}\n",
    )
    .expect("write");
    let o = run(&[
        "check",
        "-f",
        "json",
        "--rules",
        file.to_str().expect("utf8"),
        BAD,
    ]);
    assert_eq!(o.status.code(), Some(2));
    let v = json(&o);
    let sets: Vec<&str> = v["rule_sets"]
        .as_array()
        .expect("sets")
        .iter()
        .filter_map(|s| s["provider"].as_str())
        .collect();
    let mut others = builtin_providers();
    others.retain(|p| p != "jdcloud");
    assert_eq!(sets, others);
}

#[test]
fn unknown_provider_flag_is_exit_2_with_a_suggestion() {
    let o = run(&["check", "--provider", "jdclod", BAD]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("did you mean `jdcloud`"));
}

#[test]
fn usage_error_is_exit_2() {
    assert_eq!(run(&["check", "--format", "xml"]).status.code(), Some(2));
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn stdin_with_a_filename() {
    let input = "{\"vpcPeeringName\": \"a b\", \"regionId\": \"cn-north-1\", \"vpcId\": \"vpc-ofxxrkkw0r\", \"remoteVpcId\": \"vpc-2k8d0cx9aa\"}";
    let o = run_stdin(
        &[
            "check",
            "-f",
            "json",
            "--stdin-filename",
            "requests/app.json",
            "-",
        ],
        input,
    );
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    let d = &v["diagnostics"][0];
    assert_eq!(d["file"], "requests/app.json");
    assert_eq!(d["code"], "jdcloud/invalid-character");
    assert_eq!(d["pointer"], "/vpcPeeringName");
    assert_eq!(d["start"]["column"], 22);
}

#[test]
fn output_file_receives_the_report() {
    let dir = scratch("output");
    let out = dir.join("report.json");
    let o = run(&[
        "check",
        "-f",
        "json",
        "-o",
        out.to_str().expect("utf8"),
        BAD,
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    let v: Value =
        serde_json::from_slice(&std::fs::read(&out).expect("report written")).expect("json");
    assert_eq!(v["summary"]["errors"], 1);
}

#[test]
fn json_shape_follows_the_contract() {
    let o = run(&[
        "check",
        "-f",
        "json",
        BAD,
        "testdata/examples/tencent-seed-example.yaml",
    ]);
    let v = json(&o);
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["tool"]["name"], "peerlint");
    assert!(v["rule_sets"][0]["version"].is_string());
    for key in [
        "files",
        "documents",
        "skipped",
        "errors",
        "warnings",
        "infos",
        "suppressed",
    ] {
        assert!(v["summary"][key].is_number(), "summary.{key}");
    }
    assert_eq!(v["summary"]["files"], 2);
    assert_eq!(v["summary"]["documents"], 2);
    assert_eq!(v["summary"]["errors"], 1);
    assert_eq!(v["summary"]["infos"], 2);
    let d = v["diagnostics"]
        .as_array()
        .and_then(|a| a.iter().find(|d| d["code"] == "jdcloud/invalid-character"))
        .expect("the character-set finding");
    for key in [
        "file",
        "document",
        "provider",
        "code",
        "severity",
        "message",
        "help",
        "url",
        "api_error",
        "pointer",
        "span",
        "start",
        "end",
        "lsp_range",
        "labels",
        "related",
    ] {
        assert!(d.get(key).is_some(), "diagnostic.{key} missing: {d:#}");
    }
    assert_eq!(d["api_error"]["status"], 400);
    assert!(d["api_error"].get("code").is_some());
    assert!(v["errors"].as_array().is_some_and(Vec::is_empty));
}

#[test]
fn version_names_rule_set_data_versions() {
    let o = run(&["--version"]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    assert!(text.starts_with("peerlint "), "{text}");
    assert!(
        text.contains("jdcloud 2026.11") && text.contains("tencentcloud 2026.11"),
        "{text}"
    );
}

#[test]
fn no_requests_is_exit_0_with_a_note() {
    let dir = scratch("norequests");
    std::fs::write(
        dir.join("package.json"),
        "{\"name\": \"x\", \"version\": \"1.0.0\"}",
    )
    .expect("write");
    std::fs::write(dir.join("ci.yml"), "on: push\njobs: {}\n").expect("write");
    let o = run(&["check", "-f", "json", dir.to_str().expect("utf8")]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no request documents"));
    assert_eq!(json(&o)["summary"]["skipped"], 2);
}

#[test]
fn directory_walk_finds_yaml_and_json_and_honours_gitignore() {
    let dir = scratch("walk");
    std::fs::create_dir_all(dir.join("sub")).expect("mkdir");
    std::fs::copy(BAD_ABS(), dir.join("sub/a.yaml")).expect("copy");
    std::fs::copy(BAD_ABS(), dir.join("ignored.yaml")).expect("copy");
    std::fs::write(dir.join(".gitignore"), "ignored.yaml\n").expect("write");
    std::fs::write(dir.join("notes.txt"), "vpcPeeringName: a b\n").expect("write");
    let o = run(&["check", "-f", "json", dir.to_str().expect("utf8")]);
    let v = json(&o);
    assert_eq!(v["summary"]["files"], 1, "{v:#}");
    assert!(v["diagnostics"][0]["file"]
        .as_str()
        .unwrap_or("")
        .ends_with("sub/a.yaml"));
}

#[allow(non_snake_case)]
fn BAD_ABS() -> PathBuf {
    manifest_dir().join(BAD)
}

#[test]
fn file_over_the_size_cap_is_a_finding() {
    let o = run(&["check", "-f", "json", "--max-file-size", "10", BAD]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        json(&o)["diagnostics"][0]["code"],
        "peerlint/file-too-large"
    );
}

#[test]
fn human_output_is_deterministic_and_escapes_control_characters() {
    let input = "provider: tencentcloud\nparams:\n  vpcId: vpc-2k8d0cx9\n  peerVpcId: vpc-9a8b7c6d\n  peerUin: \"2407912486\"\n  peeringConnectionName: \"a\\e[31mred\"\n";
    let a = run_stdin(&["check", "--stdin-filename", "x.yaml", "-"], input);
    let b = run_stdin(&["check", "--stdin-filename", "x.yaml", "-"], input);
    assert_eq!(a.stdout, b.stdout);
    let text = stdout(&a);
    assert!(!text.contains('\u{1b}'), "raw ESC in output: {text:?}");
    assert!(text.contains("peerlint/hidden-character"), "{text}");
    assert!(text.contains("[x.yaml:6:28]"), "{text}");
    assert!(text.contains("1 warning"), "{text}");
}

#[test]
fn color_always_colours_and_never_does_not() {
    let always = run(&["check", "--color", "always", BAD]);
    assert!(stdout(&always).contains('\u{1b}'));
    let never = run(&["check", "--color", "never", BAD]);
    assert!(!stdout(&never).contains('\u{1b}'));
}

#[test]
fn concise_is_one_line_per_finding() {
    let o = run(&["check", "-f", "concise", BAD]);
    assert_eq!(
        stdout(&o).trim_end(),
        "testdata/positions/cjk.yaml:4:21: error[jdcloud/invalid-character] vpcPeeringName contains ' ' (U+0020) at column 21; allowed: Chinese characters (U+4E00–U+9FA5), ASCII letters, digits, '_' and '-'"
    );
}

#[test]
fn secrets_are_never_echoed() {
    let secret = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
    assert_eq!(secret.len(), 36);
    let input = format!("provider: tencentcloud\nparams:\n  vpcId: vpc-2k8d0cx9\n  peerVpcId: vpc-9a8b7c6d\n  peerUin: \"2407912486\"\n  peeringConnectionName: tses\n  SecretKey: hunter2hunter2\n  Nonce: {secret}\n");
    for format in ["human", "json", "concise"] {
        let o = run_stdin(
            &["check", "-f", format, "--stdin-filename", "s.yaml", "-"],
            &input,
        );
        let text = stdout(&o);
        assert_eq!(o.status.code(), Some(1));
        assert!(text.contains("peerlint/credential"), "{format}: {text}");
        assert!(
            !text.contains("hunter2"),
            "{format} echoes the secret: {text}"
        );
        assert!(!text.contains(secret), "{format} echoes the key: {text}");
    }
}

#[test]
fn custom_provider_from_rules_only() {
    let o = run(&[
        "check",
        "-f",
        "json",
        "--no-builtin-rules",
        "--rules",
        "testdata/providers",
        "testdata/acme/tier/fail.yaml",
    ]);
    let v = json(&o);
    let sets: Vec<&str> = v["rule_sets"]
        .as_array()
        .expect("sets")
        .iter()
        .filter_map(|s| s["provider"].as_str())
        .collect();
    assert_eq!(sets, ["acme"]);
    assert_eq!(v["diagnostics"][0]["code"], "acme/tier");
}

#[test]
fn rules_and_explain_commands() {
    let o = run(&["rules", "-f", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let ids: Vec<String> = json(&o)
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|r| r["id"].as_str().map(str::to_owned))
        .collect();
    assert!(
        ids.contains(&"jdcloud/name-length".to_owned())
            && ids.contains(&"peerlint/credential".to_owned())
    );
    let e = run(&["explain", "jdcloud/name-length"]);
    assert_eq!(e.status.code(), Some(0));
    let text = stdout(&e);
    assert!(
        text.contains("Fails:") && text.contains("Passes:") && text.contains("HTTP 400"),
        "{text}"
    );
    let unknown = run(&["explain", "jdcloud/name-lenght"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("did you mean `jdcloud/name-length`"));
}

#[test]
fn human_output_shows_related_locations_with_their_snippets() {
    let o = run(&[
        "check",
        "--color",
        "never",
        "--inventory",
        "testdata/jdcloud/address-overlap/inventory-facts/inventory.yaml",
        "testdata/jdcloud/address-overlap/inventory-facts/request.yaml",
    ]);
    let text = stdout(&o);
    assert!(
        text.contains("☞ related: 10.0.0.0/24 of vpc-bbbbbbbbbb"),
        "{text}"
    );
    assert!(
        text.contains("[testdata/jdcloud/address-overlap/inventory-facts/inventory.yaml:3:58]"),
        "{text}"
    );
    assert!(
        text.contains("addressPrefix: [10.0.0.0/24]"),
        "the inventory's line is shown: {text}"
    );
}
