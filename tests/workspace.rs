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
        let found = workspace::find_files(&root, &[".".to_owned()]);
        workspace::select_inputs(found, &root, &never, &|_| Some(Role::Found), &mut errors)
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
