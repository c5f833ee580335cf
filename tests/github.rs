//! `--format github`: workflow commands, escaped as `@actions/core` does,
//! that no document value can break out of.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Output;

use serde_json::Value;

use common::{manifest_dir, run_in, run_in_with_stdin, scratch, stdout};
use peerlint::output::github::{command, escape_data, escape_property};

/// A workflow command as the Actions runner reads it (`ActionCommand.TryParseV2`).
#[derive(Debug, PartialEq, Eq)]
struct Parsed {
    name: String,
    properties: BTreeMap<String, String>,
    data: String,
}

fn unescape_property(text: &str) -> String {
    text.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
}

fn unescape_data(text: &str) -> String {
    text.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%25", "%")
}

/// Parse one line the way the runner does; `None` when it is no command.
fn parse(line: &str) -> Option<Parsed> {
    let line = line.trim_start();
    let rest = line.strip_prefix("::")?;
    let end = rest.find("::")?;
    let info = &rest[..end];
    let (name, props) = match info.split_once(' ') {
        Some((n, p)) => (n, p),
        None => (info, ""),
    };
    let mut properties = BTreeMap::new();
    for pair in props.split(',').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        properties.insert(k.to_owned(), unescape_property(v));
    }
    Some(Parsed {
        name: name.to_owned(),
        properties,
        data: unescape_data(&rest[end + 2..]),
    })
}

/// The runner splits its input on CR, LF and CRLF.
fn runner_lines(text: &str) -> Vec<&str> {
    text.split(['\n', '\r']).filter(|l| !l.is_empty()).collect()
}

#[test]
fn escaping_matches_actions_core_command_ts() {
    assert_eq!(escape_data("100% done\r\nnext"), "100%25 done%0D%0Anext");
    assert_eq!(escape_data("a: b, c"), "a: b, c");
    assert_eq!(escape_property("a: b, c"), "a%3A b%2C c");
    assert_eq!(escape_property("%\r\n:,"), "%25%0D%0A%3A%2C");
    // Already-escaped-looking text survives the runner's unescaping.
    assert_eq!(unescape_data(&escape_data("%0A%25")), "%0A%25");
    assert_eq!(unescape_property(&escape_property("%3A%2C")), "%3A%2C");
}

#[test]
fn commands_round_trip_through_the_runner_parser() {
    let nasty = "x\n::error file=a.yaml::pwned\r\n::warning::also, 100%: %0A";
    let line = command(
        "warning",
        &[
            ("file", format!("dir,1/{nasty}.yaml")),
            ("line", "3".into()),
            ("title", "acme/rule:x".into()),
        ],
        nasty,
    );
    assert_eq!(runner_lines(&line), vec![line.as_str()]);
    let parsed = parse(&line).expect("a command");
    assert_eq!(parsed.name, "warning");
    assert_eq!(parsed.properties["file"], format!("dir,1/{nasty}.yaml"));
    assert_eq!(parsed.properties["line"], "3");
    assert_eq!(parsed.properties["title"], "acme/rule:x");
    assert_eq!(parsed.properties.len(), 3);
    assert_eq!(parsed.data, nasty);
}

fn json_report(dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    serde_json::from_slice(&run_in(dir, &all).stdout).expect("JSON")
}

fn github(dir: &Path, args: &[&str]) -> (Output, String) {
    let mut all = vec!["check", "--format", "github"];
    all.extend_from_slice(args);
    let out = run_in(dir, &all);
    let text = stdout(&out);
    (out, text)
}

fn expected_message(d: &Value) -> String {
    let mut text = d["message"].as_str().unwrap().to_owned();
    if let Some(help) = d["help"].as_str() {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    if let Some(api) = d["api_error"].as_object() {
        let status = api.get("status").and_then(Value::as_u64);
        let code = api.get("code").and_then(Value::as_str);
        text.push_str("\npredicted API error: ");
        text.push_str(&match (status, code) {
            (Some(s), Some(c)) => format!("HTTP {s} {c}"),
            (Some(s), None) => format!("HTTP {s}"),
            (None, Some(c)) => c.to_owned(),
            (None, None) => "none".to_owned(),
        });
    }
    for r in d["related"].as_array().unwrap() {
        text.push_str(&format!(
            "\nsee {}:{}:{}: {}",
            r["file"].as_str().unwrap(),
            r["start"]["line"],
            r["start"]["column"],
            r["message"].as_str().unwrap()
        ));
    }
    text
}

/// Every line is a command; one per unsuppressed diagnostic then one per
/// error, with positions, title and message matching the JSON report.
fn assert_matches_json(text: &str, json: &Value) {
    let lines = runner_lines(text);
    assert_eq!(text.lines().count(), lines.len(), "no stray CR: {text:?}");
    let diagnostics: Vec<&Value> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d.get("suppressed").is_none())
        .collect();
    let errors = json["errors"].as_array().unwrap();
    assert_eq!(lines.len(), diagnostics.len() + errors.len(), "{text}");
    for (line, d) in lines.iter().zip(&diagnostics) {
        let parsed = parse(line).unwrap_or_else(|| panic!("not a command: {line}"));
        let name = match d["severity"].as_str().unwrap() {
            "error" => "error",
            "warning" => "warning",
            _ => "notice",
        };
        assert_eq!(parsed.name, name, "{line}");
        let p = &parsed.properties;
        assert_eq!(p["file"], d["file"].as_str().unwrap());
        assert_eq!(p["line"], d["start"]["line"].to_string());
        assert_eq!(p["col"], d["start"]["column"].to_string());
        assert_eq!(p["endLine"], d["end"]["line"].to_string());
        assert_eq!(p["endColumn"], d["end"]["column"].to_string());
        assert_eq!(p["title"], d["code"].as_str().unwrap());
        assert_eq!(parsed.data, expected_message(d));
    }
    for (line, e) in lines[diagnostics.len()..].iter().zip(errors) {
        let parsed = parse(line).unwrap_or_else(|| panic!("not a command: {line}"));
        assert_eq!(parsed.name, "error");
        assert_eq!(parsed.properties["file"], e["file"].as_str().unwrap());
        assert!(parsed.data.contains(e["message"].as_str().unwrap()));
        if let Some(start) = e.get("start") {
            assert_eq!(parsed.properties["line"], start["line"].to_string());
        }
    }
}

#[test]
fn one_command_per_finding_with_positions_and_every_severity() {
    let dir = manifest_dir();
    let inputs = [
        "testdata/examples/jdcloud-mistakes.yaml",
        "testdata/examples/tencent-mistakes.json",
        "testdata/positions/cjk.yaml",
        "no/such/file.yaml",
    ];
    let (out, text) = github(dir, &inputs);
    assert_eq!(out.status.code(), Some(2), "a missing input is exit 2");
    assert_matches_json(&text, &json_report(dir, &inputs));
    for name in ["::error ", "::warning ", "::notice "] {
        assert!(text.lines().any(|l| l.starts_with(name)), "{name}: {text}");
    }
    assert!(text
        .lines()
        .any(|l| l.starts_with("::error file=no/such/file.yaml,title=peerlint/unreadable-path::")));
}

#[test]
fn document_values_cannot_inject_workflow_commands() {
    let dir = scratch("inject");
    // A name holding a line feed and a workflow command, in YAML double quotes.
    std::fs::write(
        dir.join("evil.yaml"),
        "provider: tencentcloud\nparams:\n  vpcId: vpc-2k8d0cx9\n  peerVpcId: vpc-9a8b7c6d\n  \
         peerUin: \"2407912486\"\n  peeringConnectionName: \"a\\n::error file=x::pwned b\"\n",
    )
    .unwrap();
    // The same as raw JSON, with a CR too, and a description that echoes.
    std::fs::write(
        dir.join("evil, too:1.json"),
        r#"{"provider": "tencentcloud", "params": {"vpcId": "vpc-2k8d0cx9", "peerVpcId": "vpc-9a8b7c6d", "peerUin": "2407912486", "peeringConnectionName": "b\r::error::pwned\r\n::warning::pwned", "unknownParam\n::error::pwned": 1}}"#,
    )
    .unwrap();
    let inputs = ["evil.yaml", "evil, too:1.json"];
    let (_, text) = github(&dir, &inputs);
    let json = json_report(&dir, &inputs);
    assert!(
        !json["diagnostics"].as_array().unwrap().is_empty(),
        "the documents have findings"
    );
    assert_matches_json(&text, &json);
    for line in runner_lines(&text) {
        let parsed = parse(line).expect("every line is a command");
        assert!(["error", "warning", "notice"].contains(&parsed.name.as_str()));
        assert!(!line.starts_with("::error::") && !line.starts_with("::error file=x"));
        assert!(!line.starts_with("::warning::"));
        assert!(parsed.properties.contains_key("title"));
        assert!(
            parsed.properties["file"] == "evil.yaml"
                || parsed.properties["file"] == "evil, too:1.json",
            "{line}"
        );
    }
    assert!(text.contains("file=evil%2C too%3A1.json,"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_stdin_filename_cannot_inject_either() {
    let name = "req\n::error::pwned,x:y.yaml";
    let out = run_in_with_stdin(
        manifest_dir(),
        &["check", "--format", "github", "--stdin-filename", name, "-"],
        b"provider: jdcloud\nparams:\n  regionId: CN-North-1\n  vpcPeeringName: app to db\n  vpcId: vpc-ofxxrkkw0r\n  remoteVpcId: vpc-2k8d0cx9aa\n",
    );
    let text = stdout(&out);
    let lines = runner_lines(&text);
    assert!(lines.len() >= 2, "{text}");
    for line in lines {
        let parsed = parse(line).expect("a command");
        assert_eq!(parsed.properties["file"], name);
        assert!(!line.starts_with("::error::"));
    }
}

#[test]
fn a_clean_file_prints_at_most_notes() {
    let dir = scratch("clean");
    std::fs::write(
        dir.join("ok.yaml"),
        "provider: jdcloud\nparams:\n  regionId: cn-north-1\n  vpcPeeringName: app_to_db\n  \
         vpcId: vpc-ofxxrkkw0r\n  remoteVpcId: vpc-2k8d0cx9aa\n",
    )
    .unwrap();
    let (out, text) = github(&dir, &["--fail-on", "error", "ok.yaml"]);
    assert_eq!(out.status.code(), Some(0));
    assert_matches_json(&text, &json_report(&dir, &["ok.yaml"]));
    assert!(
        text.lines()
            .all(|l| l.starts_with("::notice file=ok.yaml,")),
        "{text}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn suppressed_findings_are_left_out() {
    use peerlint::diagnostic::{Diagnostic, Location, Severity, Suppression};
    use peerlint::document::{Position, Span};
    use peerlint::report::Report;

    let at = |line: usize, column: usize| Position {
        line,
        column,
        lsp_line: line - 1,
        lsp_character: column - 1,
    };
    let diagnostic = |code: &str, suppressed: Option<Suppression>| {
        let mut d = Diagnostic::new(
            "a.yaml",
            code,
            Severity::Warning,
            "m".into(),
            Location {
                span: Span::new(0, 1),
                start: at(1, 1),
                end: at(1, 2),
            },
        );
        d.document = Some(0);
        d.provider = Some("jdcloud".into());
        d.pointer = "/params/x".into();
        d.suppressed = suppressed;
        d
    };
    let report = Report {
        diagnostics: vec![
            diagnostic(
                "jdcloud/one",
                Some(Suppression {
                    kind: "inSource",
                    justification: Some("ok".into()),
                }),
            ),
            diagnostic("jdcloud/two", None),
        ],
        ..Report::default()
    };
    let mut out = Vec::new();
    peerlint::output::github::write(&report, Path::new("/repo"), &mut out).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "::warning file=a.yaml,line=1,col=1,endLine=1,endColumn=2,title=jdcloud/two::m\n"
    );
}
