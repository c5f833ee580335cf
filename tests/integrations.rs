//! The editor and CI setups of docs/integrations.md, checked against the
//! real output: the VS Code problem matcher's regex and efm-langserver's
//! errorformats (both read from the document, so it cannot drift) against
//! `-f concise`, and the JSON fields the nvim-lint parser reads.

mod common;

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

use common::{manifest_dir, run_in, run_in_with_stdin, scratch};

/// The problem-matcher regex given in docs/integrations.md (a copy: the
/// test also checks that the document still says exactly this).
const PROBLEM_MATCHER: &str = r"^(.+?):(\d+):(\d+): (error|warning|info)\[([^\]]+)\] (.*)$";

/// Paths linted: valid and invalid examples of both providers, and the
/// position fixtures (CJK, emoji, CRLF, tab, BOM).
const PATHS: &[&str] = &["testdata/examples", "testdata/positions"];

fn peerlint(args: &[&str]) -> Output {
    run_in(manifest_dir(), args)
}

fn doc() -> String {
    std::fs::read_to_string(manifest_dir().join("docs/integrations.md")).expect("the document")
}

/// `-f concise` lines and the JSON report's unsuppressed diagnostics for the same run.
fn concise_and_json() -> (Vec<String>, Vec<Value>) {
    let mut args = vec!["check", "-f", "concise", "--fail-on", "never"];
    args.extend(PATHS);
    let concise = peerlint(&args);
    assert_eq!(concise.status.code(), Some(0), "{concise:?}");
    let lines: Vec<String> = String::from_utf8(concise.stdout)
        .expect("UTF-8")
        .lines()
        .map(str::to_owned)
        .collect();
    args[2] = "json";
    let json = peerlint(&args);
    let report: Value = serde_json::from_slice(&json.stdout).expect("JSON report");
    assert_eq!(report["errors"], serde_json::json!([]));
    let diagnostics: Vec<Value> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d.get("suppressed").is_none_or(Value::is_null))
        .cloned()
        .collect();
    assert!(
        lines.len() > 20 && lines.len() == diagnostics.len(),
        "{} lines for {} diagnostics",
        lines.len(),
        diagnostics.len()
    );
    (lines, diagnostics)
}

/// What a finding line should say, from the JSON report:
/// (file, line, column, severity, code, message).
type Finding = (String, u64, u64, String, String, String);

fn expected(d: &Value) -> Finding {
    let s = |v: &Value| v.as_str().expect("a string").to_owned();
    (
        s(&d["file"]),
        d["start"]["line"].as_u64().expect("line"),
        d["start"]["column"].as_u64().expect("column"),
        s(&d["severity"]),
        s(&d["code"]),
        s(&d["message"]).replace(['\n', '\r'], " "),
    )
}

fn sorted(mut v: Vec<Finding>) -> Vec<Finding> {
    v.sort();
    v
}

#[test]
fn the_problem_matcher_regex_is_the_documented_one() {
    let text = doc();
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| l.trim_start().starts_with("\"regexp\":"))
        .collect();
    assert_eq!(lines.len(), 1, "one problem-matcher regexp in the document");
    let value: Value =
        serde_json::from_str(&format!("{{{}}}", lines[0].trim().trim_end_matches(',')))
            .expect("the regexp line is JSON");
    assert_eq!(value["regexp"], PROBLEM_MATCHER);
}

#[test]
fn the_problem_matcher_matches_every_concise_line() {
    let regex = regex::Regex::new(PROBLEM_MATCHER).expect("the regex compiles");
    let (lines, diagnostics) = concise_and_json();
    let mut captured = Vec::new();
    for line in &lines {
        let c = regex
            .captures(line)
            .unwrap_or_else(|| panic!("no match: {line}"));
        captured.push((
            c[1].to_owned(),
            c[2].parse().expect("line"),
            c[3].parse().expect("column"),
            c[4].to_owned(),
            c[5].to_owned(),
            c[6].to_owned(),
        ));
    }
    assert_eq!(
        sorted(captured),
        sorted(diagnostics.iter().map(expected).collect())
    );
}

/// VS Code runs the regex as a JavaScript RegExp: where `node` is
/// installed, check that it captures the same groups as Rust's engine.
#[test]
fn the_problem_matcher_matches_the_same_in_javascript() {
    if Command::new("node").arg("--version").output().is_err() {
        eprintln!("node is not installed: JavaScript regex check skipped");
        return;
    }
    let (lines, _) = concise_and_json();
    let script = "const re = new RegExp(process.argv[1]);\
        const lines = require('fs').readFileSync(0, 'utf8').split('\\n').filter(l => l);\
        console.log(JSON.stringify(lines.map(l => { const m = re.exec(l); return m && m.slice(1); })));";
    let mut child = Command::new("node")
        .args(["-e", script, PROBLEM_MATCHER])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(lines.join("\n").as_bytes())
        .expect("write");
    let output = child.wait_with_output().expect("node finishes");
    let js: Vec<Value> = serde_json::from_slice(&output.stdout).expect("node prints JSON");
    let regex = regex::Regex::new(PROBLEM_MATCHER).expect("compiles");
    assert_eq!(js.len(), lines.len());
    for (line, groups) in lines.iter().zip(&js) {
        let c = regex.captures(line).expect("matches");
        let rust: Vec<&str> = c
            .iter()
            .skip(1)
            .map(|m| m.map_or("", |m| m.as_str()))
            .collect();
        assert_eq!(groups, &serde_json::json!(rust), "{line}");
    }
}

/// The nvim-lint parser reads `file`, `lsp_range`, `severity`, `code`,
/// `message`, `help` and `suppressed` of a stdin run's JSON report.
#[test]
fn a_stdin_run_reports_under_the_stdin_filename_with_lsp_ranges() {
    let input = std::fs::read(manifest_dir().join("testdata/examples/jdcloud-mistakes.yaml"))
        .expect("example");
    let name = "requests/app.yaml";
    let output = run_in_with_stdin(
        manifest_dir(),
        &[
            "check",
            "-f",
            "json",
            "--fail-on",
            "never",
            "--stdin-filename",
            name,
            "-",
        ],
        &input,
    );
    assert_eq!(output.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let diagnostics = report["diagnostics"].as_array().expect("diagnostics");
    assert!(diagnostics.len() > 5);
    for d in diagnostics {
        assert_eq!(d["file"], name);
        for end in ["start", "end"] {
            assert!(d["lsp_range"][end]["line"].is_u64(), "{d}");
            assert!(d["lsp_range"][end]["character"].is_u64(), "{d}");
        }
        assert!(matches!(
            d["severity"].as_str(),
            Some("error" | "warning" | "info")
        ));
        assert!(d["code"].is_string() && d["message"].is_string());
        assert!(d["help"].is_string() || d["help"].is_null());
    }
}

/// The efm-langserver `lint-formats` of the document, in order.
fn efm_formats() -> Vec<String> {
    let formats: Vec<String> = doc()
        .lines()
        .map(str::trim)
        .filter_map(|l| l.strip_prefix("- \"%f:"))
        .map(|rest| format!("%f:{}", rest.trim_end_matches('"')))
        .collect();
    assert_eq!(formats.len(), 3, "three lint-formats in the document");
    formats
}

/// efm-langserver reimplements Vim's errorformat: where `vim` is
/// installed, load the concise output into Vim's quickfix list with the
/// documented formats and compare every entry with the JSON report.
#[test]
fn the_efm_formats_parse_every_concise_line_in_vim() {
    if Command::new("vim").arg("--version").output().is_err() {
        eprintln!("vim is not installed: errorformat check skipped");
        return;
    }
    let (lines, diagnostics) = concise_and_json();
    let dir = scratch("efm");
    let input = dir.join("concise.txt");
    let out = dir.join("qf.json");
    std::fs::write(&input, lines.join("\n") + "\n").expect("write");
    let efm = efm_formats().join(",").replace('\'', "''");
    let script = format!(
        "set nocompatible\nset encoding=utf-8\nlet &errorformat = '{efm}'\n\
         cgetfile {input}\n\
         call writefile([json_encode(map(getqflist(), {{_, e -> [e.valid, bufname(e.bufnr), e.lnum, e.col, e.type, e.text]}}))], '{out}')\n\
         qall!\n",
        input = input.display(),
        out = out.display(),
    );
    let script_path = dir.join("load.vim");
    std::fs::write(&script_path, script).expect("write");
    let status = Command::new("vim")
        .current_dir(manifest_dir())
        .args(["-Es", "-u", "NONE", "-i", "NONE", "-N", "-S"])
        .arg(&script_path)
        .stdin(Stdio::null())
        .status()
        .expect("vim runs");
    assert!(status.success() || out.exists(), "vim failed: {status:?}");
    let entries: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("vim wrote the list"))
            .expect("JSON");
    assert_eq!(entries.len(), lines.len());
    let mut parsed = Vec::new();
    for e in &entries {
        assert_eq!(e[0], 1, "not a valid quickfix entry: {e}");
        let severity = match e[4].as_str() {
            Some("e") => "error",
            Some("w") => "warning",
            Some("i") => "info",
            other => panic!("type {other:?} in {e}"),
        };
        let text = e[5].as_str().expect("text");
        let (code, message) = text
            .strip_prefix('[')
            .and_then(|t| t.split_once("] "))
            .unwrap_or_else(|| panic!("text without `[rule-id] `: {text}"));
        parsed.push((
            e[1].as_str().expect("file").to_owned(),
            e[2].as_u64().expect("lnum"),
            e[3].as_u64().expect("col"),
            severity.to_owned(),
            code.to_owned(),
            message.to_owned(),
        ));
    }
    assert_eq!(
        sorted(parsed),
        sorted(diagnostics.iter().map(expected).collect())
    );
    let _ = std::fs::remove_dir_all(&dir);
}
