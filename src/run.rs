//! A `check` run: find the files, lint them in parallel, and assemble the
//! [`Report`]. Output and exit codes are the CLI's business.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::checks::Check;
use crate::core_rules::CORE_RULES;
use crate::crossdoc::cross_check;
use crate::diagnostic::Severity;
use crate::document::Format;
use crate::engine::{Engine, FileOutcome, InventoryOutcome};
use crate::report::Report;
use crate::rules::LoadError;
use crate::suppress::{self, IgnoreEntry, RuleFacts};

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
pub fn collect_inputs(
    paths: &[String],
    never: &[PathBuf],
    skip: &dyn Fn(&Path) -> bool,
    errors: &mut Vec<LoadError>,
) -> Vec<Input> {
    let never: HashSet<PathBuf> = never.iter().filter_map(|p| p.canonicalize().ok()).collect();
    let is_excluded = |p: &Path| {
        skip(p)
            || p.canonicalize()
                .is_ok_and(|c| never.iter().any(|e| c == *e || c.starts_with(e)))
    };
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
                            && !is_excluded(entry.path())
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
            if !is_excluded(p) && seen.insert(name.clone()) {
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

/// What a run lints: request inputs and inventory files.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub inputs: Vec<Input>,
    /// Inventory files (never linted as requests).
    pub inventories: Vec<String>,
    /// Worker threads (`None`: all cores).
    pub jobs: Option<usize>,
}

enum Work<'a> {
    Request(&'a Input),
    Inventory(&'a str),
}

enum Done {
    Request(Box<FileOutcome>),
    Inventory(Box<InventoryOutcome>),
    Failed(Box<LoadError>),
}

fn read(name: &str) -> Result<Vec<u8>, Box<LoadError>> {
    std::fs::read(name).map_err(|error| {
        Box::new(LoadError {
            file: name.to_owned(),
            message: error.to_string(),
            location: None,
            code: None,
        })
    })
}

/// Lint every input and inventory with `engine` (files in parallel), run
/// the cross-document phase, and build the report.
pub fn check(
    engine: &Engine<'_>,
    plan: &Plan,
    ignores: &[IgnoreEntry],
    errors: Vec<LoadError>,
) -> Report {
    let work: Vec<Work<'_>> = plan
        .inventories
        .iter()
        .map(|i| Work::Inventory(i))
        .chain(plan.inputs.iter().map(Work::Request))
        .collect();
    let run = |w: &Work<'_>| -> Done {
        match w {
            Work::Inventory(name) => match read(name) {
                Ok(bytes) => {
                    let format = Format::from_path(name).unwrap_or(Format::Yaml);
                    Done::Inventory(Box::new(engine.lint_inventory(name, bytes, format)))
                }
                Err(e) => Done::Failed(e),
            },
            Work::Request(Input::File(name)) => {
                let Some(format) = Format::from_path(name) else {
                    return Done::Failed(Box::new(LoadError {
                        file: name.clone(),
                        message: "not a request file: expected a .yaml, .yml or .json extension"
                            .to_owned(),
                        location: None,
                        code: None,
                    }));
                };
                match read(name) {
                    Ok(bytes) => Done::Request(Box::new(engine.lint_bytes(name, bytes, format))),
                    Err(e) => Done::Failed(e),
                }
            }
            Work::Request(Input::Stdin { name, bytes }) => {
                let format = Format::from_path(name).unwrap_or(Format::Yaml);
                Done::Request(Box::new(engine.lint_bytes(name, bytes.clone(), format)))
            }
        }
    };
    let done: Vec<Done> = match rayon::ThreadPoolBuilder::new()
        .num_threads(plan.jobs.unwrap_or(0))
        .build()
    {
        Ok(pool) => pool.install(|| work.par_iter().map(run).collect()),
        Err(_) => work.iter().map(run).collect(),
    };
    let mut files = Vec::new();
    let mut inventories = Vec::new();
    let mut errors = errors;
    for d in done {
        match d {
            Done::Request(o) => files.push(*o),
            Done::Inventory(i) => inventories.push(*i),
            Done::Failed(e) => errors.push(*e),
        }
    }
    assemble(engine, files, inventories, ignores, errors)
}

/// Build the report from per-file outcomes: counts, sources, the
/// cross-document phase, sorting.
pub fn assemble(
    engine: &Engine<'_>,
    files: Vec<FileOutcome>,
    inventories: Vec<InventoryOutcome>,
    ignores: &[IgnoreEntry],
    errors: Vec<LoadError>,
) -> Report {
    let mut report = Report {
        rule_sets: engine
            .registry
            .sets
            .values()
            .map(|s| (s.provider.clone(), s.version.clone()))
            .collect(),
        errors,
        ..Report::default()
    };
    let mut requests = Vec::new();
    let mut inventory_facts = Vec::new();
    let mut inline = Vec::new();
    let mut absorb = |report: &mut Report, outcome: FileOutcome| {
        if !outcome.suppressions.is_empty() {
            inline.push((outcome.file.clone(), outcome.suppressions));
        }
        if let Some(source) = outcome.source {
            report
                .sources
                .insert(outcome.file.clone(), Arc::clone(&source));
        }
        if !outcome.secrets.is_empty() {
            report.secrets.insert(outcome.file.clone(), outcome.secrets);
        }
        report.diagnostics.extend(outcome.diagnostics);
        requests.extend(outcome.requests);
    };
    for inventory in inventories {
        report.errors.extend(inventory.errors);
        inventory_facts.extend(inventory.inventories);
        absorb(&mut report, inventory.outcome);
    }
    for outcome in files {
        report.summary.files += 1;
        report.summary.documents += outcome.documents;
        report.summary.skipped += outcome.skipped;
        absorb(&mut report, outcome);
    }
    report.diagnostics.extend(cross_check(
        engine.registry,
        &engine.options,
        &requests,
        &inventory_facts,
    ));
    let registry = engine.registry;
    let ids: Vec<String> = CORE_RULES
        .iter()
        .map(|r| r.id.to_owned())
        .chain(
            registry
                .sets
                .values()
                .flat_map(|s| s.rules.iter().map(|r| r.id.clone())),
        )
        .collect();
    let known = |id: &str| ids.iter().any(|i| i == id);
    let cross = |id: &str| {
        registry
            .rule(id)
            .is_some_and(|(_, r)| matches!(r.check, Check::CrossDocument(_)))
    };
    let facts = RuleFacts {
        known: &known,
        cross: &cross,
        ids: &ids,
    };
    suppress::apply(
        &mut report.diagnostics,
        &inline,
        ignores,
        &facts,
        &engine.options,
    );
    report.sort();
    report.count();
    report
}

/// Lint in-memory files and inventories (`(name, bytes)`) as one run.
pub fn check_memory(
    engine: &Engine<'_>,
    files: Vec<(String, Vec<u8>)>,
    inventories: Vec<(String, Vec<u8>)>,
) -> Report {
    let format = |name: &str| Format::from_path(name).unwrap_or(Format::Yaml);
    let outcomes = files
        .into_iter()
        .map(|(name, bytes)| engine.lint_bytes(&name, bytes, format(&name)))
        .collect();
    let inventory_outcomes = inventories
        .into_iter()
        .map(|(name, bytes)| engine.lint_inventory(&name, bytes, format(&name)))
        .collect();
    assemble(engine, outcomes, inventory_outcomes, &[], Vec::new())
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
