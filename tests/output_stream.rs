//! The streamed renderers (issue 12) write exactly what the renderers they
//! replaced wrote: for every directory of `testdata/` linted as one run,
//! for all of them together, and for hand-made reports with what the
//! fixtures lack (control characters and non-ASCII text everywhere, fixes,
//! labels in the same and in other files, over 1,000 related locations,
//! suppressed findings, unknown positions and rules, every kind of input
//! error, the SARIF results cap), the JSON, SARIF, concise and GitHub
//! output is compared byte for byte with the old renderers' kept in
//! `tests/output_reference/`.

mod common;
mod output_reference;

use std::path::{Path, PathBuf};

use peerlint::diagnostic::{ApiError, Diagnostic, Label, Location, Severity, Suppression};
use peerlint::document::Span;
use peerlint::engine::{Engine, EngineOptions};
use peerlint::error::InputError;
use peerlint::fix::{Applicability, Edit, Fix};
use peerlint::output::{concise, github, json, sarif};
use peerlint::report::Report;
use peerlint::rules::model::RuleSets;
use peerlint::workspace::lint_in_memory;

use output_reference as reference;

fn render(write: impl Fn(&mut Vec<u8>) -> std::io::Result<()>, what: &str) -> Vec<u8> {
    let mut out = Vec::new();
    write(&mut out).unwrap_or_else(|e| panic!("{what}: {e}"));
    out
}

/// The first line where `new` and `old` differ, with its neighbours.
fn assert_same(what: &str, new: &[u8], old: &[u8]) {
    if new == old {
        return;
    }
    let new = String::from_utf8_lossy(new);
    let old = String::from_utf8_lossy(old);
    let (new_lines, old_lines): (Vec<&str>, Vec<&str>) =
        (new.split('\n').collect(), old.split('\n').collect());
    let at = new_lines
        .iter()
        .zip(&old_lines)
        .position(|(a, b)| a != b)
        .unwrap_or(new_lines.len().min(old_lines.len()));
    let around = |lines: &[&str]| lines[at.saturating_sub(3)..(at + 3).min(lines.len())].join("\n");
    panic!(
        "{what}: streamed output differs from the reference at line {}\n--- reference\n{}\n--- streamed\n{}",
        at + 1,
        around(&old_lines),
        around(&new_lines)
    );
}

/// Compare every streamed format with its reference for `report`, run from `root`.
fn assert_formats_match(name: &str, report: &Report, sets: &RuleSets, root: &Path) {
    let what = |format: &str| format!("{name} ({format}, from {})", root.display());
    assert_same(
        &what("json"),
        &render(|o| json::write(report, o), "json"),
        &render(|o| reference::json::write(report, o), "reference json"),
    );
    assert_same(
        &what("sarif"),
        &render(|o| sarif::write(report, sets, root, o), "sarif"),
        &render(
            |o| reference::sarif::write(report, sets, root, o),
            "reference sarif",
        ),
    );
    assert_same(
        &what("concise"),
        &render(|o| concise::write(report, o), "concise"),
        &render(
            |o| reference::concise::write(report, o),
            "reference concise",
        ),
    );
    assert_same(
        &what("github"),
        &render(|o| github::write(report, root, o), "github"),
        &render(
            |o| reference::github::write(report, root, o),
            "reference github",
        ),
    );
}

/// Directories of `testdata/` with lintable files, each as one run:
/// `(directory, request files, inventories)`, names relative to the package root.
type Run = (String, Vec<(String, Vec<u8>)>, Vec<(String, Vec<u8>)>);

fn testdata_runs() -> Vec<Run> {
    let root = common::manifest_dir();
    let mut runs = Vec::new();
    let mut stack = vec![root.join("testdata")];
    while let Some(dir) = stack.pop() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("testdata is readable")
            .map(|e| e.expect("entry").path())
            .collect();
        entries.sort();
        let (mut files, mut inventories) = (Vec::new(), Vec::new());
        for path in entries {
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let name = path
                .strip_prefix(root)
                .expect("under the package root")
                .to_string_lossy()
                .replace('\\', "/");
            let lintable = [".yaml", ".yml", ".json", ".tf"]
                .iter()
                .any(|e| name.ends_with(e))
                && !name.ends_with(".expected.json");
            if !lintable {
                continue;
            }
            let bytes = std::fs::read(&path).expect("readable fixture");
            let file_name = path.file_name().unwrap_or_default().to_string_lossy();
            if file_name.contains("inventory") {
                inventories.push((name, bytes));
            } else {
                files.push((name, bytes));
            }
        }
        if !files.is_empty() || !inventories.is_empty() {
            let name = dir.strip_prefix(root).unwrap_or(&dir).display().to_string();
            runs.push((name, files, inventories));
        }
    }
    runs.sort_by(|a, b| a.0.cmp(&b.0));
    runs
}

#[test]
fn every_testdata_run_is_written_as_before() {
    let sets = common::fixture_sets();
    let engine = Engine::new(&sets, EngineOptions::default());
    let root = common::manifest_dir();
    let runs = testdata_runs();
    assert!(runs.len() > 100, "{} runs", runs.len());
    let (mut all_files, mut all_inventories) = (Vec::new(), Vec::new());
    let mut seen = Seen::default();
    // Alone, each run's SARIF lists the core rules only (the loaded rules'
    // descriptors, the same in every log, would take most of the time);
    // together, every loaded rule.
    let core_only = RuleSets::default();
    for (name, files, inventories) in runs {
        all_files.extend(files.iter().cloned());
        all_inventories.extend(inventories.iter().cloned());
        let report = lint_in_memory(&engine, files, inventories);
        seen.add(&report);
        assert_formats_match(&name, &report, &core_only, root);
    }
    // Everything as one run, from the package root and from elsewhere.
    let mut report = lint_in_memory(&engine, all_files, all_inventories);
    report.summary.fixed = 3;
    seen.add(&report);
    for root in [root, Path::new("/"), Path::new(""), Path::new("/work/repo")] {
        assert_formats_match("all of testdata", &report, &sets, root);
    }
    // The comparison saw what it is meant to.
    assert!(seen.fixes > 0, "no fix in testdata");
    assert!(seen.labels > 0, "no same-file label in testdata");
    assert!(seen.related > 0, "no related location in testdata");
    assert!(seen.suppressed > 0, "no suppressed finding in testdata");
    assert!(seen.errors > 0, "no input error in testdata");
    assert!(seen.non_ascii > 0, "no non-ASCII message in testdata");
}

/// What the compared reports contained.
#[derive(Default)]
struct Seen {
    fixes: usize,
    labels: usize,
    related: usize,
    suppressed: usize,
    errors: usize,
    non_ascii: usize,
}

impl Seen {
    fn add(&mut self, report: &Report) {
        for d in &report.diagnostics {
            self.fixes += usize::from(d.fix.is_some());
            self.labels += d.same_file_labels().count();
            self.related += d.related().count();
            self.suppressed += usize::from(d.suppressed.is_some());
            self.non_ascii += usize::from(!d.message.is_ascii());
        }
        self.errors += report.errors.len();
    }
}

fn location(offset: usize, line: usize, column: usize, len: usize) -> Location {
    Location {
        span: Span::new(offset, offset + len),
        start: common::position(line, column),
        end: common::position(line, column + len),
    }
}

/// Text with everything JSON, SARIF, concise and GitHub output escape or
/// must carry through: C0 and C1 controls, DEL, line and paragraph
/// separators, bidi and zero-width characters, a BOM, quotes, backslashes,
/// `%`, `:` and `,`, Markdown's `<`, `>` and backticks, CJK, emoji.
const HARD: &str = "a\u{0}b\u{1}\u{7}\u{8}\t\n\r\u{b}\u{c}\u{1b}[31m\u{1f}\u{7f}\u{85}\u{a0}\
                    \u{2028}\u{2029}\u{202e}evil\u{2066}\u{200b}\u{feff}\"q\"\\/%0A%25:,;\
                    <b>`x`</b> 名前 🚀 e\u{301} \u{10ffff}";

fn hard_diagnostic(file: &str, code: &str, severity: Severity) -> Diagnostic {
    Diagnostic {
        file: file.into(),
        document: Some(2),
        provider: Some("jdcloud".into()),
        code: code.into(),
        severity,
        message: format!("vpcPeeringName `{HARD}` is 33 characters long"),
        help: Some(format!("use `app_to_db`\nor {HARD}")),
        url: Some("https://docs.jdcloud.com/en/vpc?a=1&b=\"2\"".into()),
        api_error: Some(ApiError {
            status: Some(400),
            code: Some(format!("Invalid{HARD}")),
        }),
        pointer: "/params/vpc~1Peering~0Name/0".into(),
        location: location(40, 4, 19, 35),
        labels: vec![
            Label {
                message: format!("first here {HARD}"),
                file: None,
                location: location(10, 2, 3, 5),
            },
            Label {
                message: "declared here".into(),
                file: Some("/elsewhere/应用 inv#1.yaml".into()),
                location: location(0, 1, 1, 4),
            },
            Label {
                message: "somewhere in this file".into(),
                file: Some("testdata/other.yaml".into()),
                location: Location::default(),
            },
        ],
        suppressed: None,
        label: Some("this".into()),
        fix: Some(Fix {
            applicability: Applicability::Unsafe,
            message: format!("rename to `{HARD}`"),
            edits: vec![
                Edit {
                    location: location(40, 4, 19, 35),
                    new_text: HARD.into(),
                },
                Edit {
                    location: location(80, 5, 1, 0),
                    new_text: String::new(),
                },
            ],
        }),
    }
}

/// A report of hand-made diagnostics and errors covering every optional
/// field both ways.
fn hard_report() -> Report {
    let mut diagnostics = Vec::new();
    let files = [
        "requests/a.yaml",
        "/work/repo/x/%y:z#?.yaml",
        "/elsewhere/应用 1.yaml",
        "<stdin>",
        "./a/../b c.yaml",
        "../other/a.yaml",
        "a\"b\\c,d:e.yaml",
        "",
    ];
    let codes = [
        "jdcloud/name-length",
        "peerlint/credential",
        "peerlint/syntax-error",
        "acme/not-loaded",
        "acme/x_y.z",
        "nimbus/one-way",
    ];
    let severities = [Severity::Error, Severity::Warning, Severity::Info];
    let mut n = 0;
    for file in files {
        for code in codes {
            for severity in severities {
                n += 1;
                let mut d = hard_diagnostic(file, code, severity);
                // Vary the optional parts with `n`.
                if n % 2 == 0 {
                    d.help = None;
                    d.document = None;
                }
                if n % 3 == 0 {
                    d.url = None;
                    d.provider = None;
                    d.labels.clear();
                }
                if n % 4 == 0 {
                    d.fix = None;
                }
                d.api_error = match n % 5 {
                    0 => None,
                    1 => Some(ApiError {
                        status: Some(409),
                        code: None,
                    }),
                    2 => Some(ApiError {
                        status: None,
                        code: Some("PeeringConnectionVpcConflict".into()),
                    }),
                    3 => Some(ApiError::default()),
                    _ => d.api_error,
                };
                d.suppressed = match n % 7 {
                    0 => Some(Suppression {
                        kind: "inSource",
                        justification: Some(format!("legacy {HARD}")),
                    }),
                    1 => Some(Suppression {
                        kind: "external",
                        justification: None,
                    }),
                    _ => None,
                };
                match n % 11 {
                    // An unknown position.
                    0 => d.location = Location::default(),
                    // An end before the start (never expected).
                    1 => d.location.end = common::position(1, 1),
                    _ => {}
                }
                if n % 13 == 0 {
                    d.message = String::new();
                    d.pointer = String::new();
                }
                diagnostics.push(d);
            }
        }
    }
    // More related locations than SARIF keeps.
    let mut many = hard_diagnostic("requests/many.yaml", "jdcloud/name-length", Severity::Error);
    for i in 0..1_005 {
        many.labels.push(Label {
            message: format!("peer {i}"),
            file: (i % 2 == 0).then(|| format!("inv/{i}.yaml")),
            location: location(i, i + 1, 1, 3),
        });
    }
    diagnostics.push(many);
    let errors = vec![
        InputError::path(
            "no/such/file.yaml",
            "No such file or directory (os error 2)",
        ),
        InputError::rule_file(
            "rules/acme.yaml",
            format!("unknown check kind `{HARD}`"),
            Some(location(5, 2, 3, 4)),
        ),
        InputError::rule_file("rules/acme.yaml", "provider acme is not loaded", None),
        InputError::config(
            "/work/repo/peerlint.toml",
            "unknown key `sevrity`",
            Some(location(0, 1, 1, 7)),
        ),
        InputError::inventory(
            "../inv 2.yaml",
            HARD,
            Some(Location {
                span: Span::new(3, 3),
                start: common::position(1, 4),
                end: common::position(1, 4),
            }),
        ),
        InputError::path("<stdin>", "stream did not contain valid UTF-8"),
    ];
    let mut report = Report {
        rule_sets: vec![
            ("jdcloud".into(), "2026.11".into()),
            (format!("acme{HARD}"), "0".into()),
        ],
        diagnostics,
        errors,
        ..Report::default()
    };
    report.summary.files = 7;
    report.summary.documents = 12;
    report.summary.skipped = 2;
    report.summary.fixed = 1;
    report.count();
    report
}

#[test]
fn hand_made_reports_are_written_as_before() {
    let builtin = common::fixture_sets();
    let empty = RuleSets::default();
    let hard = hard_report();
    let roots = [
        Path::new("/work/repo"),
        Path::new(""),
        Path::new("/"),
        Path::new("/work/repo/"),
        common::manifest_dir(),
    ];
    for root in roots {
        assert_formats_match("hand-made", &hard, &builtin, root);
    }
    assert_formats_match("hand-made, core rules only", &hard, &empty, roots[0]);

    // The parts alone: nothing, errors only, diagnostics only, suppressed only.
    let nothing = Report::default();
    assert_formats_match("empty", &nothing, &builtin, roots[0]);
    assert_formats_match("empty, core rules only", &nothing, &empty, roots[1]);
    let errors_only = Report {
        errors: hard.errors.clone(),
        ..Report::default()
    };
    assert_formats_match("errors only", &errors_only, &builtin, roots[0]);
    let mut diagnostics_only = Report {
        diagnostics: hard.diagnostics.clone(),
        ..Report::default()
    };
    diagnostics_only.count();
    assert_formats_match("diagnostics only", &diagnostics_only, &builtin, roots[0]);
    let mut suppressed_only = Report {
        diagnostics: hard
            .diagnostics
            .iter()
            .filter(|d| d.suppressed.is_some())
            .cloned()
            .collect(),
        ..Report::default()
    };
    suppressed_only.count();
    assert_formats_match("suppressed only", &suppressed_only, &builtin, roots[0]);
    // Every diagnostic alone.
    for (i, d) in hard.diagnostics.iter().enumerate() {
        let mut one = Report {
            diagnostics: vec![d.clone()],
            ..Report::default()
        };
        one.count();
        assert_formats_match(&format!("hand-made #{i}"), &one, &empty, roots[0]);
    }
}

/// A small diagnostic for reports over the SARIF cap.
fn small(i: usize, severity: Severity, suppressed: bool) -> Diagnostic {
    let mut d = Diagnostic::new(
        format!("requests/{}.yaml", i % 3),
        "jdcloud/name-length",
        severity,
        format!("finding {i}"),
        location(i, 1, 1, 1),
    );
    d.document = Some(i % 5);
    d.suppressed = suppressed.then_some(Suppression {
        kind: "inSource",
        justification: None,
    });
    d
}

#[test]
fn results_over_the_sarif_cap_are_chosen_as_before() {
    let sets = RuleSets::default();
    let root = Path::new("/work/repo");
    let check = |name: &str, diagnostics: Vec<Diagnostic>| {
        let mut report = Report {
            diagnostics,
            ..Report::default()
        };
        report.count();
        assert_same(
            name,
            &render(|o| sarif::write(&report, &sets, root, o), "sarif"),
            &render(
                |o| reference::sarif::write(&report, &sets, root, o),
                "reference sarif",
            ),
        );
    };
    let n = sarif::MAX_RESULTS;
    // The cut inside a middle rank (unsuppressed infos), every rank mixed through the report.
    check(
        "mixed ranks",
        (0..n + 5_000)
            .map(|i| match i % 10 {
                0..=5 => small(i, Severity::Error, false),
                6 | 7 => small(i, Severity::Warning, false),
                8 => small(i, Severity::Info, false),
                _ => small(i, Severity::Error, true),
            })
            .collect(),
    );
    // The cut inside the top rank: later errors and everything else go.
    check(
        "too many errors",
        (0..n + 1_000)
            .map(|i| {
                let severity = if i % 4 == 0 {
                    Severity::Warning
                } else {
                    Severity::Error
                };
                small(i, severity, i % 9 == 0)
            })
            .chain((0..1_000).map(|i| small(i, Severity::Error, false)))
            .collect(),
    );
    // One over: the first, least severe finding goes.
    check(
        "one over",
        std::iter::once(small(0, Severity::Info, false))
            .chain((1..=n).map(|i| small(i, Severity::Warning, false)))
            .collect(),
    );
    // Exactly at the cap: nothing goes.
    check(
        "at the cap",
        (0..n)
            .map(|i| small(i, Severity::Info, i % 2 == 0))
            .collect(),
    );
}
