//! The library's run over files (`peerlint::workspace`): which of the
//! walked files a run lints, and where it opens them from.

mod common;

use std::path::PathBuf;

use common::{scratch, write};
use peerlint::engine::{Engine, EngineOptions};
use peerlint::input::Role;
use peerlint::rules::{load, LoadOptions};
use peerlint::workspace::{self, Input, Inputs};

fn name(input: &Input) -> &str {
    match input {
        Input::File { name, .. } | Input::Stdin { name, .. } => name,
    }
}

#[test]
fn files_never_linted_are_left_out_by_path_not_by_name() {
    let root = scratch("never");
    for file in ["a/report.json", "b/report.json", "c.yaml", "d/e/f.yaml"] {
        write(&root, file, "{}");
    }
    let selected = |never: &[&str]| -> Vec<String> {
        let never: Vec<PathBuf> = never.iter().map(PathBuf::from).collect();
        let mut errors = Vec::new();
        workspace::collect_inputs(
            &root,
            &[".".to_owned()],
            &never,
            &|_| Some(Role::Found),
            &mut errors,
        )
        .iter()
        .map(|i| name(i).to_owned())
        .collect()
    };
    let all = ["a/report.json", "b/report.json", "c.yaml", "d/e/f.yaml"];
    assert_eq!(selected(&[]), all);
    // A file of the same name elsewhere is still linted.
    assert_eq!(
        selected(&["a/report.json"]),
        ["b/report.json", "c.yaml", "d/e/f.yaml"]
    );
    // A directory leaves out what is below it.
    assert_eq!(
        selected(&["d"]),
        ["a/report.json", "b/report.json", "c.yaml"]
    );
    assert_eq!(
        selected(&["./c.yaml", "nowhere.yaml"]),
        ["a/report.json", "b/report.json", "d/e/f.yaml"]
    );
}

/// A walk hands its files on in batches while it goes; the selection is
/// the same whole: every file once, in the order of a walk that sorts each
/// directory, arguments in their order, a file two arguments reach once,
/// and a missing argument an error.
#[test]
fn a_walk_taken_in_batches_selects_each_file_once_in_walk_order() {
    let root = scratch("batches");
    let mut want = Vec::new();
    for d in ["a", "a-b", "a/x"] {
        for f in 0..300 {
            let file = format!("{d}/{f:03}.yaml");
            write(&root, &file, "{}");
            want.push(file);
        }
    }
    write(&root, "top.json", "{}");
    write(&root, "notes.txt", "not read from a directory");
    want.push("top.json".to_owned());
    // `a/x` sorts before `a-b` (a separator before every other byte).
    want.sort_by_key(|f| f.replace('/', "\0"));
    let mut errors = Vec::new();
    let role =
        |p: &std::path::Path| (!p.to_string_lossy().ends_with("007.yaml")).then_some(Role::Found);
    let got: Vec<String> = workspace::collect_inputs(
        &root,
        &[
            ".".to_owned(),
            "missing".to_owned(),
            "a/x".to_owned(),
            "notes.txt".to_owned(),
        ],
        &[],
        &role,
        &mut errors,
    )
    .iter()
    .map(|i| name(i).to_owned())
    .collect();
    want.retain(|f| !f.ends_with("007.yaml"));
    // A file named on the command line is read whatever its extension.
    want.push("notes.txt".to_owned());
    assert_eq!(got, want);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].file, "missing");
}

#[test]
fn files_open_from_where_the_inputs_say() {
    let dir = scratch("open-from");
    write(&dir, "a.yaml", "provider: nowhere\nparams: {}\n");
    let sets = load(&LoadOptions {
        builtin: true,
        ..LoadOptions::default()
    })
    .sets;
    let engine = Engine::new(&sets, EngineOptions::default());
    let lint = |open_from: Option<PathBuf>| {
        let inputs = Inputs {
            inputs: vec![Input::File {
                name: "a.yaml".to_owned(),
                role: Role::Found,
            }],
            open_from,
            ..Inputs::default()
        };
        // A root with nothing in it: only `open_from` finds the file.
        workspace::lint_all(&engine, &inputs, &[], Vec::new(), &dir.join("elsewhere"))
    };
    let opened = lint(Some(dir.clone()));
    assert!(opened.errors.is_empty(), "{:?}", opened.errors);
    assert_eq!(opened.summary.files, 1);
    assert!(!opened.diagnostics.is_empty());
    let missed = lint(None);
    assert_eq!(missed.errors.len(), 1);
    assert_eq!(missed.errors[0].file, "a.yaml");
}

/// A run whose process ends after the report leaves its records to the
/// process's end; its report is the same, cross-document findings included.
#[test]
fn a_run_that_ends_the_process_reports_the_same() {
    let dir = scratch("ends-process");
    let request = |name: &str, vpc: &str, remote: &str| {
        format!("provider: jdcloud\nparams:\n  regionId: cn-north-1\n  vpcPeeringName: {name}\n  vpcId: {vpc}\n  remoteVpcId: {remote}\n")
    };
    // The same name twice: a cross-document finding.
    write(
        &dir,
        "a.yaml",
        &request("same", "vpc-aaaaaaaa", "vpc-bbbbbbbb"),
    );
    write(
        &dir,
        "b.yaml",
        &request("same", "vpc-cccccccc", "vpc-dddddddd"),
    );
    let sets = load(&LoadOptions {
        builtin: true,
        ..LoadOptions::default()
    })
    .sets;
    let engine = Engine::new(&sets, EngineOptions::default());
    let lint = |ends_process: bool| {
        let inputs = Inputs {
            inputs: ["a.yaml", "b.yaml"]
                .iter()
                .map(|n| Input::File {
                    name: (*n).to_owned(),
                    role: Role::Found,
                })
                .collect(),
            ends_process,
            ..Inputs::default()
        };
        workspace::lint_all(&engine, &inputs, &[], Vec::new(), &dir)
    };
    let (kept, left) = (lint(false), lint(true));
    let codes = |r: &peerlint::report::Report| -> Vec<(String, String)> {
        r.diagnostics
            .iter()
            .map(|d| (d.file.clone(), d.code.clone()))
            .collect()
    };
    assert!(
        codes(&kept)
            .iter()
            .any(|(_, c)| c == "jdcloud/duplicate-name"),
        "{:?}",
        codes(&kept)
    );
    assert_eq!(codes(&kept), codes(&left));
    assert_eq!(format!("{:?}", kept.summary), format!("{:?}", left.summary));
}
