//! Helpers shared by the integration tests: scratch directories, running
//! the `peerlint` binary, reading its output, and golden files (compare, or
//! rewrite with `PEERLINT_BLESS=1`) with readable line diffs.
//!
//! Each test file that uses them says `mod common;`; not every file uses
//! every helper.

#![allow(dead_code)]

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// The environment variable that makes golden tests rewrite their
/// expectations instead of comparing (review the diff afterwards).
pub const BLESS_VAR: &str = "PEERLINT_BLESS";

/// The width human output is rendered at in goldens and transcripts.
pub const COLUMNS: &str = "100";

/// The package root (where `Cargo.toml`, `testdata/` and `docs/` are).
pub fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh, empty scratch directory unique to one test of one test
/// binary and process (removed first if a previous run left it).
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "peerlint-{}-{}-{name}",
        env!("CARGO_CRATE_NAME"),
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Write `text` to `dir/name`, creating parent directories.
pub fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// One run of the `peerlint` binary: arguments, working directory
/// (default: the package root), standard input and environment.
#[derive(Debug, Clone)]
pub struct Run {
    args: Vec<OsString>,
    cwd: PathBuf,
    stdin: Option<Vec<u8>>,
    env: Vec<(OsString, Option<OsString>)>,
}

impl Run {
    /// `peerlint ARGS` in the package root, with the test's environment.
    pub fn new<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Run {
        Run {
            args: args.iter().map(|a| a.as_ref().to_owned()).collect(),
            cwd: manifest_dir().to_path_buf(),
            stdin: None,
            env: Vec::new(),
        }
    }

    /// Run in `dir` instead of the package root.
    pub fn cwd(mut self, dir: &Path) -> Run {
        self.cwd = dir.to_path_buf();
        self
    }

    /// Write `input` to standard input (otherwise it is empty).
    pub fn stdin(mut self, input: impl AsRef<[u8]>) -> Run {
        self.stdin = Some(input.as_ref().to_vec());
        self
    }

    /// Set an environment variable.
    pub fn env(mut self, key: &str, value: &str) -> Run {
        self.env.push((key.into(), Some(value.into())));
        self
    }

    /// Remove an environment variable.
    pub fn env_remove(mut self, key: &str) -> Run {
        self.env.push((key.into(), None));
        self
    }

    /// Run to completion and collect the output.
    pub fn output(self) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_peerlint"));
        cmd.current_dir(&self.cwd).args(&self.args);
        for (key, value) in &self.env {
            match value {
                Some(v) => cmd.env(key, v),
                None => cmd.env_remove(key),
            };
        }
        let Some(input) = self.stdin else {
            return cmd.output().expect("peerlint runs");
        };
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("peerlint runs");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(&input)
            .expect("write stdin");
        child.wait_with_output().expect("peerlint finishes")
    }
}

/// `peerlint ARGS` in `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    Run::new(args).cwd(dir).output()
}

/// `peerlint ARGS` in `dir` with `input` on standard input.
pub fn run_in_with_stdin(dir: &Path, args: &[&str], input: impl AsRef<[u8]>) -> Output {
    Run::new(args).cwd(dir).stdin(input).output()
}

/// Standard output as text (it must be UTF-8).
pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

/// Standard error as text (lossy).
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Standard output parsed as one JSON value.
pub fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}",
            String::from_utf8_lossy(&o.stdout).into_owned()
        )
    })
}

/// Whether goldens are being rewritten (`PEERLINT_BLESS` set).
pub fn blessing() -> bool {
    std::env::var_os(BLESS_VAR).is_some()
}

/// A unified line diff of `expected` and `actual` (`-` expected, `+`
/// actual), with three lines of context.
pub fn diff(expected: &str, actual: &str) -> String {
    similar::TextDiff::from_lines(expected, actual)
        .unified_diff()
        .context_radius(3)
        .header("expected", "actual")
        .to_string()
}

/// Compare `actual` with the golden file at `path`, or write it there when
/// blessing. `Err` holds a readable account: a missing golden, or a diff.
pub fn golden(path: &Path, actual: &str) -> Result<(), String> {
    if blessing() {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("golden directory");
        }
        std::fs::write(path, actual).expect("golden is writable");
        return Ok(());
    }
    match std::fs::read_to_string(path) {
        Ok(expected) if expected == actual => Ok(()),
        Ok(expected) => Err(format!("{}:\n{}", path.display(), diff(&expected, actual))),
        Err(_) => Err(format!(
            "{}: no golden file (run with {BLESS_VAR}=1 to write it)",
            path.display()
        )),
    }
}

/// `path` relative to the package root, with `/` separators (for names
/// shown in output when peerlint runs in the package root).
pub fn relative(path: &Path) -> String {
    path.strip_prefix(manifest_dir())
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// The built-in rule sets plus the test-only providers of
/// `testdata/providers`, as the fixtures use them.
pub fn fixture_sets() -> peerlint::rules::model::RuleSets {
    use peerlint::rules::load::{load, LoadOptions};
    let loaded = load(&LoadOptions {
        builtin: true,
        paths: vec![manifest_dir().join("testdata/providers")],
        ..LoadOptions::default()
    });
    assert!(loaded.errors.is_empty(), "{:#?}", loaded.errors);
    loaded.sets
}

/// A position from its 1-based line and column (the LSP ones follow, for
/// ASCII text; line or column 0 stands for none).
pub fn position(line: usize, column: usize) -> peerlint::document::Position {
    peerlint::document::Position {
        line,
        column,
        lsp_line: line.saturating_sub(1),
        lsp_character: column.saturating_sub(1),
    }
}
