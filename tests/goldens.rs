//! Golden outputs of the binary, compared as text (a mismatch prints a
//! unified diff; `PEERLINT_BLESS=1` rewrites the goldens, to be reviewed):
//!
//! - **Human output**: each `testdata/human/<case>.{yaml,yml,json}` is
//!   checked with `peerlint check --color never` and `COLUMNS=100` from the
//!   package root, and its standard output compared with
//!   `testdata/human/<case>.expected.txt`. A case may be a directory
//!   `testdata/human/<case>/`: its files are checked together, those named
//!   `inventory*` given with `--inventory`.
//! - **Rule-file errors**: each `testdata/rules-invalid/<case>/rules.yaml`
//!   is loaded with `peerlint rules`, and the exit code and standard error
//!   compared with `expected.txt` beside it. Its first line is the command,
//!   `$ peerlint rules --no-builtin-rules --rules <the case's rules.yaml>`
//!   unless written otherwise (a case that needs the built-in sets leaves
//!   out `--no-builtin-rules`); blessing keeps that line.

mod common;

use std::path::{Path, PathBuf};

use common::{golden, manifest_dir, relative, stderr, stdout, Run, COLUMNS};

fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    entries
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn is_request_file(path: &Path) -> bool {
    let name = file_name(path);
    path.is_file()
        && [".yaml", ".yml", ".json"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

/// The `check` arguments of a human-output case.
fn human_args(case: &Path) -> Vec<String> {
    let mut args: Vec<String> = ["check", "--color", "never"].map(String::from).to_vec();
    if case.is_dir() {
        let files: Vec<PathBuf> = sorted_entries(case)
            .into_iter()
            .filter(|p| is_request_file(p))
            .collect();
        for inventory in files
            .iter()
            .filter(|p| file_name(p).starts_with("inventory"))
        {
            args.push("--inventory".into());
            args.push(relative(inventory));
        }
        args.extend(
            files
                .iter()
                .filter(|p| !file_name(p).starts_with("inventory"))
                .map(|p| relative(p)),
        );
    } else {
        args.push(relative(case));
    }
    args
}

fn human_golden_path(case: &Path) -> PathBuf {
    let name = file_name(case);
    let stem = if case.is_dir() {
        name.as_str()
    } else {
        name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s)
    };
    case.with_file_name(format!("{stem}.expected.txt"))
}

#[test]
fn human_output_matches_goldens() {
    let dir = manifest_dir().join("testdata/human");
    let cases: Vec<PathBuf> = sorted_entries(&dir)
        .into_iter()
        .filter(|p| p.is_dir() || is_request_file(p))
        .collect();
    assert!(cases.len() >= 8, "only {} human-output cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let args = human_args(case);
        let output = Run::new(&args).env("COLUMNS", COLUMNS).output();
        let text = stdout(&output);
        assert!(
            !text.contains('\u{1b}'),
            "{}: escape sequence in human output with --color never",
            relative(case)
        );
        if let Err(problem) = golden(&human_golden_path(case), &text) {
            failures.push(format!("$ peerlint {}\n{problem}", args.join(" ")));
        }
    }
    // Every golden belongs to a case.
    for path in sorted_entries(&dir) {
        if file_name(&path).ends_with(".expected.txt")
            && !cases.iter().any(|c| human_golden_path(c) == path)
        {
            failures.push(format!("{}: no case for this golden", relative(&path)));
        }
    }
    assert!(
        failures.is_empty(),
        "{} human-output golden(s) differ (`-` expected, `+` actual; {}=1 rewrites them):\n\n{}",
        failures.len(),
        common::BLESS_VAR,
        failures.join("\n\n")
    );
}

/// The arguments (after `peerlint`) recorded on the golden's first line,
/// or the default command for a new case.
fn rule_file_command(case: &Path, golden_path: &Path) -> Vec<String> {
    let rules = relative(&case.join("rules.yaml"));
    let recorded = std::fs::read_to_string(golden_path).ok().and_then(|text| {
        text.lines()
            .next()
            .and_then(|l| l.strip_prefix("$ peerlint "))
            .map(str::to_owned)
    });
    let args: Vec<String> = match recorded {
        Some(line) => line.split_whitespace().map(str::to_owned).collect(),
        None => ["rules", "--no-builtin-rules", "--rules", &rules]
            .map(String::from)
            .to_vec(),
    };
    assert!(
        args.first().map(String::as_str) == Some("rules")
            && args.windows(2).any(|w| w[0] == "--rules" && w[1] == rules),
        "{}: the command must be `peerlint rules ... --rules {rules}`",
        relative(golden_path)
    );
    args
}

#[test]
fn rule_file_errors_match_goldens() {
    let dir = manifest_dir().join("testdata/rules-invalid");
    let cases: Vec<PathBuf> = sorted_entries(&dir)
        .into_iter()
        .filter(|p| p.is_dir())
        .collect();
    assert!(cases.len() >= 10, "only {} rule-file cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        assert!(
            case.join("rules.yaml").is_file(),
            "{}: no rules.yaml",
            relative(case)
        );
        let golden_path = case.join("expected.txt");
        let args = rule_file_command(case, &golden_path);
        let output = Run::new(&args).output();
        let code = output
            .status
            .code()
            .map_or_else(|| "none".to_owned(), |c| c.to_string());
        let text = format!(
            "$ peerlint {}\nexit code: {code}\n{}",
            args.join(" "),
            stderr(&output)
        );
        if let Err(problem) = golden(&golden_path, &text) {
            failures.push(problem);
        }
    }
    assert!(
        failures.is_empty(),
        "{} rule-file golden(s) differ (`-` expected, `+` actual; {}=1 rewrites them):\n\n{}",
        failures.len(),
        common::BLESS_VAR,
        failures.join("\n\n")
    );
}
