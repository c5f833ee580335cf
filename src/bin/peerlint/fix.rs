//! `check --fix` and `check --diff`: the file side of fixing. The library's
//! [`peerlint::fixer::fix_text`] turns each input's text into the fixed
//! text; here files are read, written back atomically, or diffed.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use peerlint::error::InputError;
use peerlint::fix::Applicability;
use peerlint::fixer::{fix_text, unified_diff, FixContext};
use peerlint::workspace::Input;

/// What the pass does with the fixed text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `--fix`: write files back, replace standard input's text.
    Write,
    /// `--diff`: change nothing.
    Diff,
}

/// The outcome of a pass over the inputs.
#[derive(Debug, Default)]
pub struct Pass {
    /// Findings fixed (`--fix`) or that would be (`--diff`).
    pub fixed: usize,
    /// Files changed (or that would be).
    pub files: usize,
    /// Unified diffs, in input order (`--diff`).
    pub diffs: String,
    /// Standard input's text after fixing, when it was fixed.
    pub stdin: Option<Vec<u8>>,
}

struct One {
    fixed: usize,
    before: String,
    after: String,
    error: Option<InputError>,
}

/// Fix every input (files in parallel on `jobs` threads). Files that
/// cannot be read or are not UTF-8 are left alone (the report says why);
/// a file that cannot be written is an error.
pub fn run(
    cx: FixContext<'_>,
    inputs: &mut [Input],
    up_to: Applicability,
    mode: Mode,
    pool: Option<&rayon::ThreadPool>,
    errors: &mut Vec<InputError>,
) -> Pass {
    let one = |input: &Input| -> Option<One> {
        let (name, bytes, role) = match input {
            Input::File { name, role } => (name, fs::read(cx.root.join(name)).ok()?, role),
            Input::Stdin { name, bytes, role } => (name, bytes.clone(), role),
        };
        let before = String::from_utf8(bytes).ok()?;
        let fixed = fix_text(cx, name, &before, *role, up_to);
        if fixed.text == before {
            return None;
        }
        let error = match (mode, input) {
            (Mode::Write, Input::File { name, .. }) => {
                write_atomically(&cx.root.join(name), fixed.text.as_bytes())
                    .err()
                    .map(|e| InputError::path(name.clone(), format!("cannot write the fixes: {e}")))
            }
            _ => None,
        };
        Some(One {
            fixed: fixed.fixed,
            before,
            after: fixed.text,
            error,
        })
    };
    let done: Vec<Option<One>> = match pool {
        Some(pool) => pool.install(|| inputs.par_iter().map(one).collect()),
        None => inputs.iter().map(one).collect(),
    };
    let mut pass = Pass::default();
    for (input, outcome) in inputs.iter_mut().zip(done) {
        let Some(outcome) = outcome else { continue };
        if let Some(error) = outcome.error {
            errors.push(error);
            continue;
        }
        pass.fixed += outcome.fixed;
        pass.files += 1;
        match (mode, input) {
            (Mode::Diff, Input::File { name, .. } | Input::Stdin { name, .. }) => {
                pass.diffs
                    .push_str(&unified_diff(name, &outcome.before, &outcome.after));
            }
            (Mode::Write, Input::Stdin { bytes, .. }) => {
                *bytes = outcome.after.into_bytes();
                pass.stdin = Some(bytes.clone());
            }
            (Mode::Write, Input::File { .. }) => {}
        }
    }
    pass
}

/// Replace the file at `path` with `bytes` atomically: a temporary file in
/// the same directory, given the file's permissions, then renamed over it.
/// A symbolic link is followed (the file it names is replaced, the link
/// stays); a read-only file is not written.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let target = fs::canonicalize(path)?;
    let metadata = fs::metadata(&target)?;
    if metadata.permissions().readonly() {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            "the file is read-only",
        ));
    }
    let dir = target.parent().unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (temporary, mut file) = create_temporary(dir, &name)?;
    let written = (|| {
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        fs::set_permissions(&temporary, metadata.permissions())?;
        fs::rename(&temporary, &target)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    written
}

/// A new file `.NAME.peerlint-PID-N.tmp` in `dir`, never one that exists.
fn create_temporary(dir: &Path, name: &str) -> io::Result<(PathBuf, fs::File)> {
    let mut attempt = 0;
    loop {
        let path = dir.join(format!(
            ".{name}.peerlint-{}-{attempt}.tmp",
            std::process::id()
        ));
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(file) => return Ok((path, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => attempt += 1,
            Err(e) => return Err(e),
        }
    }
}
