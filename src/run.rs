//! A `check` run: find the files, lint them in parallel, and assemble the
//! [`Report`]. Output and exit codes are the CLI's business.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostic::Severity;
use crate::document::Format;
use crate::engine::{Engine, FileOutcome};
use crate::report::Report;
use crate::rules::model::Registry;
use crate::rules::LoadError;

/// One input of a run.
#[derive(Debug, Clone)]
pub enum Input {
    /// A file found by a walk or named on the command line.
    File(String),
    /// Standard input, reported under this name.
    Stdin { name: String, bytes: Vec<u8> },
}

/// Expand command-line paths into inputs: directories are walked for
/// `*.yaml`, `*.yml`, `*.json` (honouring `.gitignore`), files are taken as
/// named. Missing paths become errors.
pub fn collect_inputs(paths: &[String], errors: &mut Vec<LoadError>) -> Vec<Input> {
    let mut seen: HashSet<String> = HashSet::new();
    let mut inputs = Vec::new();
    for path in paths {
        let p = Path::new(path);
        if p.is_dir() {
            let walker = ignore::WalkBuilder::new(p)
                .require_git(false)
                .sort_by_file_path(|a, b| a.cmp(b))
                .build();
            for entry in walker {
                match entry {
                    Ok(entry) => {
                        let is_file = entry.file_type().is_some_and(|t| t.is_file());
                        let name = display(entry.path());
                        if is_file
                            && Format::from_path(&name).is_some()
                            && seen.insert(name.clone())
                        {
                            inputs.push(Input::File(name));
                        }
                    }
                    Err(error) => errors.push(LoadError {
                        file: path.clone(),
                        message: error.to_string(),
                        location: None,
                        code: None,
                    }),
                }
            }
        } else if p.exists() {
            let name = display(p);
            if seen.insert(name.clone()) {
                inputs.push(Input::File(name));
            }
        } else {
            errors.push(LoadError {
                file: display(p),
                message: "No such file or directory (os error 2)".to_owned(),
                location: None,
                code: None,
            });
        }
    }
    inputs
}

/// A path as reported: `/` separators, no leading `./`.
pub fn display(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    match text.strip_prefix("./") {
        Some(rest) if !rest.is_empty() => rest.to_owned(),
        _ => text,
    }
}

/// Lint every input with `engine`, `jobs` threads at most, and build the report.
pub fn check(
    engine: &Engine<'_>,
    registry: &Registry,
    inputs: Vec<Input>,
    jobs: Option<usize>,
    errors: Vec<LoadError>,
) -> Report {
    let lint = |input: &Input| -> Result<FileOutcome, Box<LoadError>> {
        match input {
            Input::File(name) => {
                let Some(format) = Format::from_path(name) else {
                    return Err(Box::new(LoadError {
                        file: name.clone(),
                        message: "not a request file: expected a .yaml, .yml or .json extension"
                            .to_owned(),
                        location: None,
                        code: None,
                    }));
                };
                match std::fs::read(name) {
                    Ok(bytes) => Ok(engine.lint_bytes(name, bytes, format)),
                    Err(error) => Err(Box::new(LoadError {
                        file: name.clone(),
                        message: error.to_string(),
                        location: None,
                        code: None,
                    })),
                }
            }
            Input::Stdin { name, bytes } => {
                let format = Format::from_path(name).unwrap_or(Format::Yaml);
                Ok(engine.lint_bytes(name, bytes.clone(), format))
            }
        }
    };
    let outcomes: Vec<Result<FileOutcome, Box<LoadError>>> = match rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .build()
    {
        Ok(pool) => pool.install(|| inputs.par_iter().map(lint).collect()),
        Err(_) => inputs.iter().map(lint).collect(),
    };
    let mut report = Report {
        rule_sets: registry
            .sets
            .values()
            .map(|s| (s.provider.clone(), s.version.clone()))
            .collect(),
        errors,
        ..Report::default()
    };
    for outcome in outcomes {
        match outcome {
            Ok(outcome) => {
                report.summary.files += 1;
                report.summary.documents += outcome.documents;
                report.summary.skipped += outcome.skipped;
                if let Some(source) = outcome.source {
                    report
                        .sources
                        .insert(outcome.file.clone(), Arc::clone(&source));
                }
                if !outcome.secrets.is_empty() {
                    report.secrets.insert(outcome.file.clone(), outcome.secrets);
                }
                report.diagnostics.extend(outcome.diagnostics);
            }
            Err(error) => report.errors.push(*error),
        }
    }
    report.sort();
    report.count();
    report
}

/// The lowest severity that fails a run (`--fail-on`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

/// Exit code for a report: 2 if anything could not be used, 1 if a finding
/// is at or above `fail_on`, else 0.
pub fn exit_code(report: &Report, fail_on: FailOn) -> i32 {
    if !report.errors.is_empty() {
        return 2;
    }
    let threshold = match fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Info => Severity::Info,
        FailOn::Never => return 0,
    };
    let failing = report
        .diagnostics
        .iter()
        .any(|d| d.suppressed.is_none() && d.severity >= threshold);
    i32::from(failing)
}
