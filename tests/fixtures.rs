//! The data-driven fixture test.
//!
//! Every `testdata/<provider>/<rule-name>/<case>.{yaml,yml,json,tf}` is linted
//! with the built-in rule sets plus `testdata/providers/*.yaml` (a provider
//! that exists only in test data), and its diagnostics are compared with
//! `<case>.expected.json`. A missing expectation fails; `PEERLINT_BLESS=1`
//! writes it instead. A further test checks coverage: every rule id has a
//! failing fixture that reports it and a passing fixture that reports
//! nothing, and every fixture folder names a real rule. A mismatch is shown
//! as a unified diff of the pretty-printed JSON. A third test compares every
//! case's full JSON report with a committed baseline
//! (`tests/baseline/fixture-reports.jsonl`), allowing only the removal of
//! the findings of the rules removed as noise.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use peerlint::core_rules::CORE_RULES;
use peerlint::document::Format;
use peerlint::engine::{Engine, EngineOptions};
use peerlint::input::Role;
use peerlint::output::{render, OutputFormat, RenderOptions};
use peerlint::report::Report;
use peerlint::rules::model::RuleSets;
use peerlint::rules::{load, LoadOptions};
use peerlint::workspace::Workspace;
use serde_json::{json, Value};

fn root() -> PathBuf {
    common::manifest_dir().join("testdata")
}

/// Built-in sets plus the test-only providers.
pub fn registry() -> RuleSets {
    let providers = root().join("providers");
    let loaded = load(&LoadOptions {
        builtin: true,
        paths: vec![providers],
        ..LoadOptions::default()
    });
    assert!(
        loaded.errors.is_empty(),
        "test rule sets must load: {:#?}",
        loaded.errors
    );
    loaded.sets
}

/// Fixture folders: `(provider, rule name, folder)`.
fn rule_folders() -> Vec<(String, String, PathBuf)> {
    let mut out = Vec::new();
    for provider in sorted_dirs(&root()) {
        let provider_name = name(&provider);
        if matches!(
            provider_name.as_str(),
            "examples"
                | "providers"
                | "positions"
                | "bad-rules"
                | "human"
                | "rules-invalid"
                | "repo"
                | "terraform"
                | "documented"
        ) {
            continue;
        }
        for rule in sorted_dirs(&provider) {
            out.push((provider_name.clone(), name(&rule), rule));
        }
    }
    out
}

fn sorted_dirs(dir: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    dirs
}

fn name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Cases of a folder: request files, and directories holding several
/// files (`inventory*.yaml` among them are inventories).
fn cases(folder: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| {
        let n = name(p);
        p.is_dir()
            || (p.is_file() && !n.ends_with(".expected.json") && Format::from_path(&n).is_some())
    });
    files.sort();
    let mut expectations: Vec<PathBuf> = files.iter().map(|f| expected_path(f)).collect();
    expectations.sort();
    expectations.dedup();
    assert_eq!(
        expectations.len(),
        files.len(),
        "two cases of {} share an expectation file",
        folder.display()
    );
    files
}

fn expected_path(case: &Path) -> PathBuf {
    let n = name(case);
    let stem = if case.is_dir() {
        n.clone()
    } else {
        n.rsplit_once('.').map_or(n.as_str(), |(s, _)| s).to_owned()
    };
    case.with_file_name(format!("{stem}.expected.json"))
}

fn position(l: &peerlint::diagnostic::Location) -> Value {
    json!({"start": [l.start.line, l.start.column], "end": [l.end.line, l.end.column]})
}

/// Lint one case as a run of its own: its report, and whether the case is
/// a directory of several files (whose diagnostics then name their file).
fn lint(engine: &Engine<'_>, case: &Path) -> (Report, bool) {
    let (files, inventories, multi) = if case.is_dir() {
        let mut files = Vec::new();
        let mut inventories = Vec::new();
        let mut entries: Vec<PathBuf> = std::fs::read_dir(case)
            .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        entries.sort();
        for path in entries {
            let n = name(&path);
            if Format::from_path(&n).is_none() || n.starts_with("rules") {
                continue;
            }
            let bytes = std::fs::read(&path).expect("fixture is readable");
            if n.starts_with("inventory") {
                inventories.push((n, bytes));
            } else {
                files.push((n, bytes));
            }
        }
        (files, inventories, true)
    } else {
        let bytes = std::fs::read(case).expect("fixture is readable");
        (vec![(name(case), bytes)], Vec::new(), false)
    };
    // A case directory may carry rule-file extensions (`rules*.yaml`), e.g.
    // to switch on a quota that is off by default.
    let extra: Vec<PathBuf> = if case.is_dir() {
        let mut found: Vec<PathBuf> = std::fs::read_dir(case)
            .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        found.retain(|p| name(p).starts_with("rules"));
        found.sort();
        found
    } else {
        Vec::new()
    };
    let custom;
    let engine = if extra.is_empty() {
        engine
    } else {
        let mut paths = vec![root().join("providers")];
        paths.extend(extra);
        let loaded = load(&LoadOptions {
            builtin: true,
            paths,
            ..LoadOptions::default()
        });
        assert!(
            loaded.errors.is_empty(),
            "{}: {:?}",
            case.display(),
            loaded.errors
        );
        custom = loaded.sets;
        &Engine::new(&custom, EngineOptions::default())
    };
    // Files named `declared*` are request files the config declares
    // (`include`): what is not a request in them is a finding.
    let mut workspace = Workspace::default();
    for (name, bytes) in inventories {
        workspace.set_inventory(engine, &name, bytes);
    }
    for (name, bytes) in files {
        let role = if name.starts_with("declared") {
            Role::Declared
        } else {
            Role::Found
        };
        workspace.set_file_as(engine, &name, bytes, role);
    }
    (workspace.report(engine, &[], Path::new("")), multi)
}

/// The compact form a fixture expects for each diagnostic.
fn actual(engine: &Engine<'_>, case: &Path) -> Value {
    let (report, multi) = lint(engine, case);
    let mut list: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| {
            let mut v = json!({
                "code": d.code,
                "severity": d.severity,
                "document": d.document,
                "pointer": d.pointer,
                "start": [d.location.start.line, d.location.start.column],
                "end": [d.location.end.line, d.location.end.column],
                "message": d.message,
            });
            if multi {
                v["file"] = json!(d.file);
            }
            if d.suppressed.is_some() {
                v["suppressed"] = json!(true);
            }
            let labels: Vec<Value> = d
                .same_file_labels()
                .map(|l| {
                    let mut p = position(&l.location);
                    p["message"] = json!(l.message);
                    p
                })
                .collect();
            if !labels.is_empty() {
                v["labels"] = Value::Array(labels);
            }
            let related: Vec<Value> = d
                .related()
                .map(|l| {
                    let mut p = position(&l.location);
                    p["message"] = json!(l.message);
                    p["file"] = json!(l.file);
                    p
                })
                .collect();
            if !related.is_empty() {
                v["related"] = Value::Array(related);
            }
            v
        })
        .collect();
    list.extend(
        report
            .errors
            .iter()
            .map(|e| json!({"error": e.message, "file": e.file})),
    );
    Value::Array(list)
}

#[test]
fn fixtures_match_expectations() {
    let registry = registry();
    let engine = Engine::new(&registry, EngineOptions::default());
    let bless = common::blessing();
    let mut failures = Vec::new();
    let mut count = 0;
    for (_, _, folder) in rule_folders() {
        for case in cases(&folder) {
            count += 1;
            let got = actual(&engine, &case);
            let path = expected_path(&case);
            if bless {
                let text = serde_json::to_string_pretty(&got).expect("serializable") + "\n";
                std::fs::write(&path, text).expect("expectation is writable");
                continue;
            }
            match std::fs::read_to_string(&path) {
                Ok(text) => {
                    let want: Value = serde_json::from_str(&text)
                        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                    if want != got {
                        failures.push(format!(
                            "{} (expected: {}):\n{}",
                            common::relative(&case),
                            common::relative(&path),
                            common::diff(
                                &(serde_json::to_string_pretty(&want).unwrap_or_default() + "\n"),
                                &(serde_json::to_string_pretty(&got).unwrap_or_default() + "\n"),
                            )
                        ));
                    }
                }
                Err(_) => failures.push(format!(
                    "{}: no expectation (run with PEERLINT_BLESS=1 to write it)",
                    case.display()
                )),
            }
        }
    }
    assert!(count > 0, "no fixtures found");
    assert!(
        failures.is_empty(),
        "{} fixture(s) differ (`-` expected, `+` actual; {}=1 rewrites the expectations):\n{}",
        failures.len(),
        common::BLESS_VAR,
        failures.join("\n\n")
    );
}

#[test]
fn every_rule_has_failing_and_passing_fixtures() {
    let registry = registry();
    let engine = Engine::new(&registry, EngineOptions::default());
    // Core rules without an `explain` example (their input is not a
    // request document) are covered when they have a fixture folder.
    let mut ids: Vec<String> = CORE_RULES
        .iter()
        .filter(|r| !r.fail.is_empty() || root().join(r.id).is_dir())
        .map(|r| r.id.to_owned())
        .collect();
    ids.extend(
        registry
            .sets
            .values()
            .flat_map(|s| s.rules.iter().map(|r| r.id.clone())),
    );
    let folders: BTreeMap<String, PathBuf> = rule_folders()
        .into_iter()
        .map(|(p, r, f)| (format!("{p}/{r}"), f))
        .collect();
    let mut problems = Vec::new();
    for folder in folders.keys() {
        if !ids.contains(folder) {
            problems.push(format!("testdata/{folder} names no rule"));
        }
    }
    for id in &ids {
        let Some(folder) = folders.get(id) else {
            problems.push(format!("{id}: no fixture folder testdata/{id}"));
            continue;
        };
        let results: Vec<Value> = cases(folder).iter().map(|c| actual(&engine, c)).collect();
        let fails = results.iter().any(|r| {
            r.as_array()
                .is_some_and(|a| a.iter().any(|d| d["code"] == json!(id)))
        });
        // A passing case reports nothing (suppressed findings do not count).
        let passes = results.iter().any(|r| {
            r.as_array()
                .is_some_and(|a| a.iter().all(|d| d["suppressed"] == json!(true)))
        });
        if !fails {
            problems.push(format!("{id}: no fixture reports it"));
        }
        if !passes {
            problems.push(format!("{id}: no fixture that reports nothing"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Rules removed as noise in the review of issue 12 (docs/decisions.md,
/// "Noise"): the only findings [`json_reports_match_baseline`] lets go
/// missing, and the fixture folders of these rules are the only cases it
/// lets go missing with them.
const REMOVED_NOISE: &[&str] = &[
    "alibabacloud/cross-account",
    "huaweicloud/cross-tenant",
    "tencentcloud/cross-account",
    "tencentcloud-v3/cross-account",
    "tencentcloud-v3/grayscale-region",
];

/// The full JSON reports of every fixture case, one `{"case", "report"}`
/// object a line, as the code and rules of their last blessing gave them.
const BASELINE: &str = "tests/baseline/fixture-reports.jsonl";

/// A case's full JSON report (`-f json`), without `tool.version`.
fn json_report(registry: &RuleSets, report: &Report) -> Value {
    let mut out = Vec::new();
    render(
        report,
        OutputFormat::Json,
        RenderOptions {
            color: false,
            width: 100,
            sets: registry,
            root: Path::new(""),
        },
        &mut out,
    )
    .expect("a JSON report is written");
    let mut value: Value = serde_json::from_slice(&out).expect("the JSON report parses");
    if let Some(tool) = value.get_mut("tool").and_then(Value::as_object_mut) {
        tool.remove("version");
    }
    value
}

/// `report` without the findings of `rules`, and with its summary counting
/// them no more.
fn without_findings(report: &mut Value, rules: &[&str]) {
    let mut removed = Vec::new();
    if let Some(list) = report["diagnostics"].as_array_mut() {
        list.retain(|d| {
            let noise = d["code"].as_str().is_some_and(|c| rules.contains(&c));
            if noise {
                removed.push(d.clone());
            }
            !noise
        });
    }
    for d in removed {
        let count = if d.get("suppressed").is_some() {
            "suppressed"
        } else {
            match d["severity"].as_str() {
                Some("error") => "errors",
                Some("warning") => "warnings",
                _ => "infos",
            }
        };
        if let Some(n) = report["summary"][count].as_u64() {
            report["summary"][count] = json!(n.saturating_sub(1));
        }
    }
}

/// The JSON report is unchanged for every fixture, except for the findings
/// of the rules removed as noise.
///
/// `fixtures_match_expectations` pins the compact form of every finding
/// (code, severity, place, message, labels), not what else the JSON report
/// says: `help`, `url`, `api_error`, `fix`, spans and LSP ranges,
/// `provider`, `suppressed`, `summary`, `rule_sets`, `errors`. This test
/// pins the whole report: each case is linted exactly as there and
/// rendered with `-f json`'s renderer; the result must equal the case's
/// report in [`BASELINE`] (`tool.version` left out on both sides), once the
/// findings of [`REMOVED_NOISE`] are taken out of the baseline and its
/// summary counts them no more. A case of the baseline may be missing only
/// when it was a fixture of a removed rule; a case the baseline lacks
/// fails (bless to add it).
///
/// This is `scripts/compare-reports` turned into a test, over the fixture
/// cases: that script builds a baseline revision to compare with (and runs
/// every other file of `testdata/` through the binary), which a test cannot
/// afford, so the baseline's reports are committed instead. They were
/// written by the tree before the noise review (with the rules it
/// removed); the
/// comparison shows that the review removed those rules' findings and
/// changed nothing else. `PEERLINT_BLESS=1` rewrites the baseline from the
/// current reports, after which nothing is left to remove and the test
/// pins the reports as they are: bless only changes you mean.
#[test]
fn json_reports_match_baseline() {
    let registry = registry();
    let engine = Engine::new(&registry, EngineOptions::default());
    let mut current: BTreeMap<String, Value> = BTreeMap::new();
    for (_, _, folder) in rule_folders() {
        for case in cases(&folder) {
            let (report, _) = lint(&engine, &case);
            current.insert(common::relative(&case), json_report(&registry, &report));
        }
    }
    assert!(!current.is_empty(), "no fixtures found");
    let path = common::manifest_dir().join(BASELINE);
    if common::blessing() {
        let mut text = String::new();
        for (case, report) in &current {
            text += &serde_json::to_string(&json!({"case": case, "report": report}))
                .expect("serializable");
            text.push('\n');
        }
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, text).expect("the baseline is writable");
        return;
    }
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{BASELINE}: {e} (run with {}=1 to write it)",
            common::BLESS_VAR
        )
    });
    let mut baseline: BTreeMap<String, Value> = BTreeMap::new();
    for line in text.lines() {
        let mut entry: Value = serde_json::from_str(line).expect("a baseline line is JSON");
        let case = entry["case"].as_str().expect("a case name").to_owned();
        baseline.insert(case, entry["report"].take());
    }
    let removed_folder = |case: &str| {
        REMOVED_NOISE
            .iter()
            .any(|id| case.starts_with(&format!("testdata/{id}/")))
    };
    let mut failures = Vec::new();
    for case in baseline.keys() {
        if !current.contains_key(case) && !removed_folder(case) {
            failures.push(format!("{case}: in the baseline, but no longer a fixture"));
        }
    }
    for (case, got) in &current {
        let Some(want) = baseline.get(case) else {
            failures.push(format!("{case}: not in the baseline"));
            continue;
        };
        let mut want = want.clone();
        without_findings(&mut want, REMOVED_NOISE);
        if &want != got {
            failures.push(format!(
                "{case}:\n{}",
                common::diff(
                    &(serde_json::to_string_pretty(&want).unwrap_or_default() + "\n"),
                    &(serde_json::to_string_pretty(got).unwrap_or_default() + "\n"),
                )
            ));
        }
    }
    let shown = failures.len().min(20);
    assert!(
        failures.is_empty(),
        "{} case(s) differ from {BASELINE} (`-` baseline without the removed noise, `+` actual; \
         {}=1 rewrites the baseline); the first {shown}:\n{}",
        failures.len(),
        common::BLESS_VAR,
        failures[..shown].join("\n\n")
    );
}
