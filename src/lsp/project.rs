//! The files of one configuration, as the language server keeps them.
//!
//! A project is a root directory (the workspace folder a document is in)
//! and the `.peerlint.yaml` found upward from the document (or none): its
//! [`Setup`] (rule sets, options, ignore entries, inventories) and a
//! [`Workspace`] holding every file's outcome — the request files read from
//! the folder at start, the inventories, and the open buffers, whose
//! unsaved text stands in for the file on disk. Cross-document findings are
//! computed over all of them. A lint that panics is caught: the file is
//! reported as not linted and the server goes on.

use std::any::Any;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config;
use crate::diagnostic::Diagnostic;
use crate::document::SourceFile;
use crate::engine::{Engine, FileOutcome};
use crate::input::Role;
use crate::paths::{display, relative_to};
use crate::setup::{Setup, SetupOptions};
use crate::workspace::{collect_inputs, format_of, Input, Workspace};

/// A project's identity: its root and its config file (canonical).
pub type Key = (PathBuf, Option<PathBuf>);

/// One configuration's files.
#[derive(Debug)]
pub struct Project {
    pub key: Key,
    pub setup: Setup,
    workspace: Workspace,
    /// Request files read from disk (not open), as shown.
    on_disk: BTreeSet<String>,
    /// Files whose lint panicked, with what it said.
    pub failed: BTreeMap<String, String>,
    /// The unsuppressed findings of the last report, by file as shown.
    pub findings: HashMap<String, Vec<Diagnostic>>,
    /// The sources of the last report's files.
    pub sources: HashMap<String, Arc<SourceFile>>,
    /// Something changed since the last report.
    pub dirty: bool,
    /// The last report is not published yet.
    pub unpublished: bool,
}

/// What a panic said.
pub fn panic_message(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_owned())
}

/// Lint one file, catching a panic.
fn lint(engine: &Engine<'_>, name: &str, text: Vec<u8>, role: Role) -> Result<FileOutcome, String> {
    panic::catch_unwind(AssertUnwindSafe(|| {
        engine.lint_file_as(name, text, format_of(name), role)
    }))
    .map_err(|payload| panic_message(payload.as_ref()))
}

impl Project {
    /// Set up the project `key` (the config named, or none) and read its
    /// inventories.
    pub fn load(key: Key) -> Project {
        let setup = Setup::load(&SetupOptions {
            root: key.0.clone(),
            config: key.1.clone(),
            ..SetupOptions::default()
        });
        let mut project = Project {
            key,
            setup,
            workspace: Workspace::default(),
            on_disk: BTreeSet::new(),
            failed: BTreeMap::new(),
            findings: HashMap::new(),
            sources: HashMap::new(),
            dirty: true,
            unpublished: true,
        };
        let engine = project.setup.engine();
        for name in &project.setup.inventories {
            if let Ok(bytes) = std::fs::read(project.key.0.join(name)) {
                project.workspace.set_inventory(&engine, name, bytes);
            }
        }
        project
    }

    /// The root directory.
    pub fn root(&self) -> &Path {
        &self.key.0
    }

    /// A file's name as reported: relative to the root when inside it.
    pub fn name_of(&self, path: &Path) -> String {
        relative_to(&display(path), self.root())
    }

    /// Read and lint (in parallel) the request files under the root whose
    /// config is this project's, as `check` run in the root would find them.
    pub fn scan(&mut self) {
        let root = self.key.0.clone();
        let never = self.setup.never_requests(None);
        let mut errors = Vec::new();
        let setup = &self.setup;
        let inputs = collect_inputs(
            &root,
            &[".".to_owned()],
            &never,
            &|p| setup.role_of(p),
            &mut errors,
        );
        let mut configs: HashMap<PathBuf, Option<PathBuf>> = HashMap::new();
        let mut files = Vec::new();
        for input in inputs {
            let Input::File { name, role } = input else {
                continue;
            };
            let path = root.join(&name);
            let dir = path.parent().unwrap_or(&root).to_path_buf();
            let config = configs
                .entry(dir.clone())
                .or_insert_with(|| config::discover(&dir));
            if *config != self.key.1 {
                continue;
            }
            if let Ok(bytes) = std::fs::read(&path) {
                files.push((name, bytes, role));
            }
        }
        let engine = self.setup.engine();
        let done: Vec<(String, Result<FileOutcome, String>)> = files
            .into_par_iter()
            .map(|(name, bytes, role)| {
                let outcome = lint(&engine, &name, bytes, role);
                (name, outcome)
            })
            .collect();
        for (name, outcome) in done {
            self.on_disk.insert(name.clone());
            self.keep(&name, outcome);
        }
        self.dirty = true;
    }

    fn keep(&mut self, name: &str, outcome: Result<FileOutcome, String>) {
        match outcome {
            Ok(outcome) => {
                self.failed.remove(name);
                self.workspace.insert(outcome);
            }
            Err(message) => {
                self.workspace.remove(name);
                self.failed.insert(name.to_owned(), message);
            }
        }
    }

    /// Whether `path` is the config, or one of the rule files or
    /// directories, of this project: a change to it changes the setup.
    pub fn is_setup_file(&self, path: &Path) -> bool {
        let Ok(path) = path.canonicalize() else {
            return false;
        };
        let root = self.root();
        self.setup
            .config_path
            .iter()
            .chain(&self.setup.rule_paths)
            .filter_map(|p| root.join(p).canonicalize().ok())
            .any(|p| path == p || path.starts_with(&p))
    }

    /// Whether file `name` is one of the inventories.
    pub fn is_inventory(&self, name: &str) -> bool {
        self.setup.is_inventory(Path::new(name))
    }

    /// Replace file `name`'s text (an open buffer, or the file as read) and
    /// lint it as what it is: an inventory, a request file (in the role the
    /// config gives it), or nothing (excluded, the config or a rule file).
    /// `on_disk`: `name` is a path (not an unsaved buffer without one).
    pub fn set_text(&mut self, name: &str, text: Vec<u8>, on_disk: bool) {
        self.dirty = true;
        let engine = self.setup.engine();
        if self.is_inventory(name) {
            self.workspace.set_inventory(&engine, name, text);
            return;
        }
        let role = if on_disk {
            if self.is_setup_file(&self.root().join(name)) {
                None
            } else {
                self.setup.role_of(Path::new(name))
            }
        } else {
            Some(Role::Found)
        };
        match role {
            Some(role) => {
                let outcome = lint(&engine, name, text, role);
                self.keep(name, outcome);
            }
            None => {
                self.workspace.remove(name);
                self.failed.remove(name);
            }
        }
    }

    /// Buffer `name` was closed: the file on disk stands in again (or
    /// nothing, when it is not a file of the folder).
    pub fn close(&mut self, name: &str, on_disk: bool) {
        let path = self.root().join(name);
        let read_back = on_disk && (self.on_disk.contains(name) || self.is_inventory(name));
        match std::fs::read(&path) {
            Ok(bytes) if read_back => self.set_text(name, bytes, true),
            _ => self.forget(name),
        }
    }

    /// File `name` changed on disk (it is not open): read it again, or
    /// forget it when it is gone.
    pub fn disk_changed(&mut self, name: &str) {
        match std::fs::read(self.root().join(name)) {
            Ok(bytes) => {
                self.set_text(name, bytes, true);
                if self.workspace.has_file(name) {
                    self.on_disk.insert(name.to_owned());
                }
            }
            Err(_) => {
                self.on_disk.remove(name);
                self.forget(name);
            }
        }
    }

    fn forget(&mut self, name: &str) {
        self.dirty = true;
        self.workspace.remove(name);
        self.failed.remove(name);
    }

    /// The engine of this project.
    pub fn engine(&self) -> Engine<'_> {
        self.setup.engine()
    }

    /// Build the report again: the findings and sources by file. A panic is
    /// caught and returned; the previous findings stay.
    pub fn refresh(&mut self) -> Result<(), String> {
        self.dirty = false;
        let engine = self.setup.engine();
        let report = panic::catch_unwind(AssertUnwindSafe(|| {
            self.workspace
                .report(&engine, &self.setup.ignores, &self.key.0)
        }))
        .map_err(|payload| panic_message(payload.as_ref()))?;
        let mut findings: HashMap<String, Vec<Diagnostic>> = HashMap::new();
        for d in report.diagnostics {
            if d.suppressed.is_none() {
                findings.entry(d.file.clone()).or_default().push(d);
            }
        }
        self.findings = findings;
        self.sources = report.sources;
        self.unpublished = true;
        Ok(())
    }
}
