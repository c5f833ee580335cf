//! A run over many files: find them, lint them in parallel, run the
//! cross-document phase and suppression, and assemble the [`Report`]. The
//! batch form serves `peerlint check`; [`Workspace`] keeps each file's
//! outcome so that a front end that lints unsaved buffers (an editor) can
//! replace one file's text and get the whole report again.
//!
//! Paths are reported as given (relative to the setup's root, the
//! directory the run starts from) and opened relative to that root (or to
//! where [`Inputs::open_from`] says); this module is the only one, with the
//! setup, that touches the filesystem.
//!
//! Infrastructure-code files (`.tf`, `.tf.json`) are linted per directory:
//! a pre-pass reads every such file of the directory (linted in this run or
//! not) into a [`DirectoryContext`] — variables, locals and VPC resources
//! the files define for each other — that each file of the directory is
//! linted with; the directory's VPC facts join the cross-document phase
//! once.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::catalog::Catalog;
use crate::crossdoc::cross_check;
use crate::diagnostic::Severity;
use crate::document::{Format, SourceFile};
use crate::engine::{Engine, FileOutcome, InventoryOutcome};
use crate::error::InputError;
use crate::input::{directory_of, is_config_name, DirectoryContext, Role};
use crate::paths::display;
use crate::report::Report;
use crate::rules::model::RuleSets;
use crate::store::Store;
use crate::suppress::{self, IgnoreEntry};

mod ordered;

/// One input of a run.
#[derive(Debug, Clone)]
pub enum Input {
    /// A file found by a walk or named on the command line.
    File { name: String, role: Role },
    /// Standard input (or an editor buffer), reported under this name.
    Stdin {
        name: String,
        bytes: Vec<u8>,
        role: Role,
    },
}

/// What a walk of a run's paths reports as it goes, before a setup says
/// which files are linted (see [`walk`] and [`Selector`]).
#[derive(Debug)]
pub enum Walked {
    /// Path argument `.0` is a directory: its files follow.
    Directory(usize),
    /// Files the walk of directory argument `.0` found (a batch, unsorted).
    Files(usize, Vec<PathBuf>),
    /// Path argument `.0` is a file.
    File(usize),
    /// A path that cannot be walked, or is missing.
    Error(InputError),
}

/// A file a walk found: its name as shown, and its path as shown (relative
/// to the root for a relative argument) when that is not the name's text
/// (a path that is not UTF-8, starts with `./` or holds a `\`).
#[derive(Debug)]
struct FoundFile {
    name: String,
    path: Option<PathBuf>,
}

impl FoundFile {
    fn path(&self) -> &Path {
        self.path.as_deref().unwrap_or(Path::new(&self.name))
    }
}

/// Files of a directory handed on at a time: few enough that whoever takes
/// them works while the walk goes on, enough that handing on is cheap.
const WALK_BATCH: usize = 256;

/// Walk `paths` (relative to `root`), reporting to `found` as it goes:
/// directories with every file under them (honouring `.gitignore`), in
/// batches; files as named; missing paths as errors. Nothing here needs
/// the run's setup, so a run can walk while its rule sets load, and a
/// [`Selector`] applies the setup to what is found, as it comes.
pub fn walk(root: &Path, paths: &[String], found: &mut dyn FnMut(Walked)) {
    for (i, path) in paths.iter().enumerate() {
        let p = Path::new(path);
        let on_disk = root.join(p);
        if on_disk.is_dir() {
            found(Walked::Directory(i));
            let mut files: Vec<PathBuf> = Vec::with_capacity(WALK_BATCH);
            for entry in ignore::WalkBuilder::new(&on_disk)
                .require_git(false)
                .build()
            {
                match entry {
                    Ok(entry) if entry.file_type().is_some_and(|t| t.is_file()) => {
                        files.push(entry.into_path());
                        if files.len() == WALK_BATCH {
                            let batch =
                                std::mem::replace(&mut files, Vec::with_capacity(WALK_BATCH));
                            found(Walked::Files(i, batch));
                        }
                    }
                    Ok(_) => {}
                    Err(error) => found(Walked::Error(InputError::path(
                        path.clone(),
                        error.to_string(),
                    ))),
                }
            }
            if !files.is_empty() {
                found(Walked::Files(i, files));
            }
        } else if on_disk.exists() {
            found(Walked::File(i));
        } else {
            found(Walked::Error(InputError::path(
                display(p),
                "No such file or directory (os error 2)",
            )));
        }
    }
}

/// Names the files of one walked directory as shown: relative to the root
/// for a relative argument. A walk's paths are the directory's own bytes,
/// a separator and the names below it, so the part below is cut off as
/// text and joined to the directory as shown, instead of comparing path
/// components per file (a sixth of the walk's instructions on 10,000
/// files); paths that are not UTF-8 take the general way.
struct Namer {
    walked: Option<String>,
    /// The root, for a relative argument.
    root: Option<PathBuf>,
    /// The start of every file's path as shown when it is named below
    /// the directory: `base` and a separator (`None`: not text).
    prefix: Option<String>,
    /// A file was named otherwise: the order keys of the directory's files
    /// are not used.
    unkeyed: bool,
}

impl Namer {
    fn new(walked: &Path, root: &Path, absolute: bool) -> Namer {
        let root = (!absolute).then(|| root.to_path_buf());
        let base = shown_below(walked, root.as_deref());
        let prefix = base.to_str().map(|base| {
            let mut prefix = base.to_owned();
            if !base.is_empty() && !base.ends_with(std::path::is_separator) {
                prefix.push(std::path::MAIN_SEPARATOR);
            }
            prefix
        });
        Namer {
            walked: walked.to_str().map(str::to_owned),
            root,
            prefix,
            unkeyed: false,
        }
    }

    /// The name as shown, and the path as shown, of `file`: a file the walk
    /// of the directory found (so a path below it).
    fn name(&self, file: PathBuf) -> FoundFile {
        let below = self.walked.as_deref().and_then(|walked| {
            let rest = file.to_str()?.strip_prefix(walked)?;
            if walked.ends_with(std::path::is_separator) {
                Some(rest)
            } else {
                rest.strip_prefix(std::path::is_separator)
            }
        });
        let (Some(rest), Some(prefix)) = (below, self.prefix.as_deref()) else {
            let shown = shown_below(&file, self.root.as_deref());
            return found_file(shown);
        };
        // `base` joined with `rest` as `PathBuf::push` joins them.
        let mut shown = String::with_capacity(prefix.len() + rest.len());
        shown.push_str(prefix);
        shown.push_str(rest);
        if is_display_form(&shown) {
            FoundFile {
                name: shown,
                path: None,
            }
        } else {
            found_file(PathBuf::from(shown))
        }
    }
}

/// Whether `path` is shown as it is written (see [`display`]).
fn is_display_form(path: &str) -> bool {
    !path.starts_with("./") && !path.starts_with(".\\") && !path.contains('\\')
}

/// A found file named by its path as shown.
fn found_file(shown: PathBuf) -> FoundFile {
    let name = display(&shown);
    let path = (name.as_bytes() != shown.as_os_str().as_encoded_bytes()).then_some(shown);
    FoundFile { name, path }
}

/// `path` relative to `root` when it is below it (else as it is).
fn shown_below(path: &Path, root: Option<&Path>) -> PathBuf {
    root.and_then(|root| path.strip_prefix(root).ok())
        .unwrap_or(path)
        .to_path_buf()
}

/// The inputs among what a [`walk`] finds, taken as the walk goes: files
/// of the formats peerlint reads from directories (`*.yaml`, `*.yml`,
/// `*.json`, `*.tf`; files named on the command line whatever their
/// extension: pre-commit passes `.babelrc`), except paths in `never` (and
/// below them), each once, with the role `role` gives (`None`: not linted),
/// in the order of the path arguments, each directory's files in the order
/// of a walk that sorts each directory.
pub struct Selector<'a> {
    root: &'a Path,
    paths: &'a [String],
    role: &'a dyn Fn(&Path) -> Option<Role>,
    /// `never`, resolved.
    never: HashSet<PathBuf>,
    /// The file names among `never`.
    never_names: Vec<Vec<u8>>,
    /// Whether a directory is among `never` (every path is a candidate).
    never_dirs: bool,
    /// By path argument: what was found there, and the files taken.
    arguments: Vec<Argument>,
    errors: Vec<InputError>,
}

/// What one path argument turned out to be.
enum Argument {
    Missing,
    /// A directory: how its files are named, and those taken, by batch.
    Directory(Namer, Vec<Vec<Taken>>),
    File,
}

/// A file taken from a walked directory: its role, and the start of its
/// place in the walk order.
struct Taken {
    /// The first 16 bytes of its path below the directory ([`order_key`]),
    /// or 0 for every file of a directory whose paths do not all start
    /// with the directory as shown.
    key: u128,
    file: FoundFile,
    role: Role,
}

/// The first 16 bytes of `path` after `skip`, separators as 0 and missing
/// bytes as 0, as one number. Of two paths that start with the same
/// `skip` bytes, the one with the smaller key comes first in
/// [`walk_order`]; equal keys leave it to the whole paths. Sorting a
/// walk's files compares these numbers, not the paths' long shared start.
fn order_key(path: &[u8], skip: usize) -> u128 {
    let mut key = [0u8; 16];
    for (k, &b) in key.iter_mut().zip(path.get(skip..).unwrap_or_default()) {
        *k = if b == b'/' || b == std::path::MAIN_SEPARATOR as u8 {
            0
        } else {
            b
        };
    }
    u128::from_be_bytes(key)
}

impl<'a> Selector<'a> {
    pub fn new(
        root: &'a Path,
        paths: &'a [String],
        never: &[PathBuf],
        role: &'a dyn Fn(&Path) -> Option<Role>,
    ) -> Selector<'a> {
        let never: HashSet<PathBuf> = never
            .iter()
            .filter_map(|p| root.join(p).canonicalize().ok())
            .collect();
        // Resolving a path costs a system call per component: only paths
        // that could be one of `never` (a file of the same name, or
        // anything when a directory is among them) are resolved.
        let never_names = never
            .iter()
            .filter_map(|p| p.file_name().map(|n| n.as_encoded_bytes().to_vec()))
            .collect();
        let never_dirs = never.iter().any(|p| p.is_dir());
        Selector {
            root,
            paths,
            role,
            never,
            never_names,
            never_dirs,
            arguments: paths.iter().map(|_| Argument::Missing).collect(),
            errors: Vec::new(),
        }
    }

    /// The role of the file at `path` (as shown), if it is linted.
    fn role_of(&self, path: &Path) -> Option<Role> {
        let name = last_name(path);
        let candidate = self.never_dirs || self.never_names.iter().any(|n| n == name);
        let never_linted = candidate
            && self
                .root
                .join(path)
                .canonicalize()
                .is_ok_and(|c| self.never.iter().any(|e| c == *e || c.starts_with(e)));
        if never_linted {
            None
        } else {
            (self.role)(path)
        }
    }

    /// Take what the walk reports.
    pub fn take(&mut self, walked: Walked) {
        match walked {
            Walked::Directory(i) => {
                let p = Path::new(&self.paths[i]);
                // Shown as the walk would from `root`: relative to it for
                // relative arguments.
                let namer = Namer::new(&self.root.join(p), self.root, p.is_absolute());
                self.arguments[i] = Argument::Directory(namer, Vec::new());
            }
            Walked::Files(i, files) => {
                let Argument::Directory(namer, ..) = &self.arguments[i] else {
                    return;
                };
                let prefix = namer.prefix.as_deref();
                // A directory that lost its keys gives none to later files.
                let mut keyed = prefix.is_some() && !namer.unkeyed;
                let mut taken: Vec<Taken> = files
                    .into_iter()
                    .map(|file| namer.name(file))
                    .filter(|file| Format::from_path(&file.name).is_some())
                    .filter_map(|file| {
                        let role = self.role_of(file.path())?;
                        let path = file.path().as_os_str().as_encoded_bytes();
                        let key = match prefix {
                            Some(prefix) if keyed && path.starts_with(prefix.as_bytes()) => {
                                order_key(path, prefix.len())
                            }
                            _ => {
                                keyed = false;
                                0
                            }
                        };
                        Some(Taken { key, file, role })
                    })
                    .collect();
                if let Argument::Directory(namer, batches) = &mut self.arguments[i] {
                    // Keys compare paths below the directory: a file not
                    // named below it makes them say nothing for all (the
                    // files taken so far lose theirs once, here).
                    if !keyed && !namer.unkeyed {
                        namer.unkeyed = true;
                        for t in batches.iter_mut().flatten().chain(&mut taken) {
                            t.key = 0;
                        }
                    }
                    batches.push(taken);
                }
            }
            Walked::File(i) => self.arguments[i] = Argument::File,
            Walked::Error(error) => self.errors.push(error),
        }
    }

    /// The inputs, in order; the walk's errors go to `errors`.
    pub fn finish(mut self, errors: &mut Vec<InputError>) -> Vec<Input> {
        errors.append(&mut self.errors);
        // A file is listed once even when two arguments reach it (one walk
        // lists each file once).
        let several = (self.arguments.iter())
            .filter(|a| !matches!(a, Argument::Missing))
            .count()
            > 1;
        let mut seen: HashSet<String> = HashSet::new();
        let mut inputs = Vec::with_capacity(
            (self.arguments.iter())
                .map(|a| match a {
                    Argument::Directory(_, batches) => batches.iter().map(Vec::len).sum(),
                    _ => 1,
                })
                .sum(),
        );
        for (i, argument) in std::mem::take(&mut self.arguments).into_iter().enumerate() {
            let mut add = |name: String, role: Role| {
                if !several || seen.insert(name.clone()) {
                    inputs.push(Input::File { name, role });
                }
            };
            match argument {
                Argument::Missing => {}
                Argument::Directory(_, mut batches) => {
                    // Walked unsorted, then sorted: the order of a walk that
                    // sorts each directory, in about half the time.
                    for (batch, at) in walk_sorted(&batches) {
                        let taken = &mut batches[batch as usize][at as usize];
                        add(std::mem::take(&mut taken.file.name), taken.role);
                    }
                }
                Argument::File => {
                    let file = found_file(PathBuf::from(&self.paths[i]));
                    if let Some(role) = self.role_of(file.path()) {
                        add(file.name, role);
                    }
                }
            }
        }
        inputs
    }
}

/// The places (batch, position) of the files of `batches` in walk order.
/// What is sorted is each file's key and place (a third of the size of a
/// file), by the keys; then each run of equal keys by the paths.
fn walk_sorted(batches: &[Vec<Taken>]) -> Vec<(u32, u32)> {
    let mut order: Vec<(u128, u32, u32)> = Vec::with_capacity(batches.iter().map(Vec::len).sum());
    for (b, batch) in batches.iter().enumerate() {
        for (at, t) in batch.iter().enumerate() {
            order.push((t.key, b as u32, at as u32));
        }
    }
    order.sort_unstable();
    let taken = |&(_, b, at): &(u128, u32, u32)| &batches[b as usize][at as usize];
    let mut start = 0;
    while start < order.len() {
        let key = order[start].0;
        let end = start + order[start..].iter().take_while(|o| o.0 == key).count();
        if end - start > 1 {
            order[start..end].sort_unstable_by(|a, b| by_walk_order(taken(a), taken(b)));
        }
        start = end;
    }
    order.into_iter().map(|(_, b, at)| (b, at)).collect()
}

/// The walk order of two files taken from one directory (see
/// [`walk_order`]).
fn by_walk_order(a: &Taken, b: &Taken) -> std::cmp::Ordering {
    walk_order(
        a.file.path().as_os_str().as_encoded_bytes(),
        b.file.path().as_os_str().as_encoded_bytes(),
    )
}

/// Expand paths (relative to `root`) into inputs: a [`walk`], taken by a
/// [`Selector`].
pub fn collect_inputs(
    root: &Path,
    paths: &[String],
    never: &[PathBuf],
    role: &dyn Fn(&Path) -> Option<Role>,
    errors: &mut Vec<InputError>,
) -> Vec<Input> {
    let mut selector = Selector::new(root, paths, never, role);
    walk(root, paths, &mut |walked| selector.take(walked));
    selector.finish(errors)
}

/// The bytes after the last separator of `path`: a file's name, without
/// parsing each of its components as [`Path::file_name`] does (this is
/// asked of every file a run walks).
fn last_name(path: &Path) -> &[u8] {
    let bytes = path.as_os_str().as_encoded_bytes();
    let start = bytes
        .iter()
        .rposition(|&b| std::path::is_separator(char::from(b)))
        .map_or(0, |i| i + 1);
    &bytes[start..]
}

/// The order of paths in a depth-first walk with each directory's entries
/// by name: their bytes compared with each separator as 0 (sorting before
/// every other byte, so `a/x` comes before `a-b`), which orders paths
/// component by component. Only the first bytes that differ are mapped.
fn walk_order(mut a: &[u8], mut b: &[u8]) -> std::cmp::Ordering {
    let separator = |c: u8| {
        if c == b'/' || c == std::path::MAIN_SEPARATOR as u8 {
            0
        } else {
            c
        }
    };
    loop {
        let same = common_prefix(a, b);
        match (a.get(same), b.get(same)) {
            (Some(&x), Some(&y)) => match separator(x).cmp(&separator(y)) {
                // Two different separators (`/` and `\` on Windows).
                std::cmp::Ordering::Equal => {
                    a = &a[same + 1..];
                    b = &b[same + 1..];
                }
                order => return order,
            },
            _ => return a.len().cmp(&b.len()),
        }
    }
}

/// How many bytes `a` and `b` start with in common (eight at a time while
/// they agree: paths of one walk share long prefixes).
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + 8 <= n && a[i..i + 8] == b[i..i + 8] {
        i += 8;
    }
    while i < n && a[i] == b[i] {
        i += 1;
    }
    i
}

/// What a run lints: request inputs and inventory files.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    pub inputs: Vec<Input>,
    /// Inventory files (never linted as requests), as shown.
    pub inventories: Vec<String>,
    /// An inventory given as text, `(name, bytes)` (standard input whose
    /// name the config lists as an inventory).
    pub inventory_text: Option<(String, Vec<u8>)>,
    /// Worker threads (`None`: all cores).
    pub jobs: Option<usize>,
    /// The worker threads, made beforehand (a caller can make them while it
    /// loads its setup; see [`thread_pool`]); `None`: made here, `jobs` of
    /// them.
    pub pool: Option<Arc<rayon::ThreadPool>>,
    /// Where the run's files are opened from (`None`: the root). A caller
    /// whose root is its working directory passes an empty path: names are
    /// then opened as they are, and the system resolves only their own
    /// components, not the root's again for every file (2% of a run over
    /// 10,000 small files, more from a deep checkout).
    pub open_from: Option<PathBuf>,
    /// The process ends once the report is written (`peerlint check`): the
    /// run's records and lists are left to the process's end to return, not
    /// freed one by one after the cross-document phase (about 0.5 ms of a
    /// `10k` run, on one thread). An editor's long-lived process leaves
    /// this off.
    pub ends_process: bool,
}

enum Job<'a> {
    Request(&'a Input, Option<&'a DirectoryContext>),
    Inventory(&'a str),
    /// An inventory given as text (standard input named as an inventory).
    InventoryText(&'a str, &'a [u8]),
}

enum JobResult {
    Request(Box<FileOutcome>),
    Inventory(Box<InventoryOutcome>),
    Failed(Box<InputError>),
}

fn read(root: &Path, name: &str, run: u64) -> Result<Vec<u8>, Box<InputError>> {
    #[cfg(unix)]
    let read = in_dir::read(root, name, run);
    #[cfg(not(unix))]
    let read = {
        let _ = run;
        None
    };
    // Opened from the working directory (an empty root), a name is opened
    // as it is: no joined copy of it per file.
    let read = read.unwrap_or_else(|| {
        let file = if root.as_os_str().is_empty() {
            std::fs::File::open(name)
        } else {
            std::fs::File::open(root.join(name))
        };
        file.and_then(read_whole)
    });
    read.map_err(|error| Box::new(InputError::path(name, error.to_string())))
}

/// The whole of an opened file, in one `read` call: room for the size it
/// has as it is opened (as `std::fs::read` makes), read at once, with no
/// second call to find its end (a file that grows meanwhile is read as it
/// was; one of no size, as `/proc` has, is read to its end). Not
/// `File::read_to_end`, which would ask for the size again.
fn read_whole(mut file: std::fs::File) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut bytes = Vec::new();
    bytes
        .try_reserve_exact(usize::try_from(size).unwrap_or(0))
        .map_err(|error| std::io::Error::new(std::io::ErrorKind::OutOfMemory, error))?;
    let limit = if size == 0 { u64::MAX } else { size };
    (&mut file).take(limit).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The runs of [`lint_all`], numbered: a thread's open directory
/// ([`in_dir`]) serves the run that opened it only.
static RUNS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Reading a file from its directory, opened once per thread and run.
///
/// Opening a file by its path looks up every directory on the way (on
/// `10k`, the kernel's path lookups were 4% of the run's CPU time, most of
/// it for the same few directories again and again); a selection is sorted
/// by path, so a thread's files come mostly from the directory it read
/// last. Each thread keeps that directory open and opens the next file
/// relative to it (`openat`). Whatever cannot be read this way (a name
/// that is no C string, a directory that does not open) is read by its
/// path, with the same outcome.
#[cfg(unix)]
mod in_dir {
    use std::cell::RefCell;
    use std::ffi::CString;
    use std::fs::File;
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
    use std::os::unix::ffi::OsStrExt;
    use std::path::Path;

    /// How a directory is opened: to read from, a directory only, and not
    /// passed on to programs the process starts.
    pub(super) const DIR_FLAGS: libc::c_int = libc::O_RDONLY | libc::O_DIRECTORY | libc::O_CLOEXEC;
    /// How a file is opened in it.
    pub(super) const FILE_FLAGS: libc::c_int = libc::O_RDONLY | libc::O_CLOEXEC;

    thread_local! {
        /// The run, directory (as named, below the root) and descriptor
        /// of the directory this thread read from last.
        static OPEN: RefCell<Option<(u64, String, OwnedFd)>> = const { RefCell::new(None) };
    }

    /// The directory part and file part of `name` (`None`: no file part).
    pub(super) fn split(name: &str) -> Option<(&str, &str)> {
        let (dir, file) = match name.rfind('/') {
            Some(0) => ("/", &name[1..]),
            Some(i) => (&name[..i], &name[i + 1..]),
            None => ("", name),
        };
        (!file.is_empty()).then_some((dir, file))
    }

    /// Open directory `dir` (below `root`; `""`: the root itself).
    fn open_dir(root: &Path, dir: &str) -> Option<OwnedFd> {
        // `root.join(dir)` but for the working directory itself.
        let path = if root.as_os_str().is_empty() && dir.is_empty() {
            Path::new(".").to_path_buf()
        } else {
            root.join(dir)
        };
        let path = CString::new(path.as_os_str().as_bytes()).ok()?;
        // SAFETY: `path` is a C string; the descriptor returned, if any,
        // is ours alone.
        let fd = unsafe { libc::open(path.as_ptr(), DIR_FLAGS) };
        // SAFETY: a descriptor `open` just returned, owned by no one else.
        (fd >= 0).then(|| unsafe { OwnedFd::from_raw_fd(fd) })
    }

    /// The run and directory this thread keeps open, and whether the
    /// descriptor is closed on `exec` (for tests).
    #[cfg(test)]
    pub(super) fn kept() -> Option<(u64, String, bool)> {
        OPEN.with(|open| {
            open.borrow().as_ref().map(|(run, dir, fd)| {
                // SAFETY: `fd` is an open descriptor; F_GETFD reads its flags.
                let flags = unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_GETFD) };
                (
                    *run,
                    dir.clone(),
                    flags >= 0 && flags & libc::FD_CLOEXEC != 0,
                )
            })
        })
    }

    /// Read `name` (below `root`) relative to its directory, opened once
    /// per thread and `run`; `None`: read it by its path instead.
    pub(super) fn read(root: &Path, name: &str, run: u64) -> Option<std::io::Result<Vec<u8>>> {
        let (dir, file) = split(name)?;
        let file = CString::new(file).ok()?;
        OPEN.with(|open| {
            let mut open = open.borrow_mut();
            let current = matches!(&*open, Some((r, d, _)) if *r == run && d == dir);
            if !current {
                *open = None;
                *open = Some((run, dir.to_owned(), open_dir(root, dir)?));
            }
            let (_, _, dir) = open.as_ref()?;
            // SAFETY: `dir` is an open descriptor and `file` a C string;
            // the descriptor returned, if any, is ours alone.
            let fd = unsafe { libc::openat(dir.as_raw_fd(), file.as_ptr(), FILE_FLAGS) };
            if fd < 0 {
                return Some(Err(std::io::Error::last_os_error()));
            }
            // SAFETY: a descriptor `openat` just returned, owned by no one else.
            Some(super::read_whole(unsafe { File::from_raw_fd(fd) }))
        })
    }
}

/// The format of a file by its name (YAML when it has no known extension:
/// `.clang-format`, `.yamllint`; YAML reads JSON files such as `.babelrc` too).
pub fn format_of(name: &str) -> Format {
    Format::from_path(name).unwrap_or(Format::Yaml)
}

/// The name and bytes of an input.
fn input_name(input: &Input) -> &str {
    match input {
        Input::File { name, .. } | Input::Stdin { name, .. } => name,
    }
}

/// The directory context of infrastructure-code inputs `members` (of
/// directory `dir`): every such file of the directory on disk, with the
/// text of standard input where it stands for one of them.
fn directory_context(
    root: &Path,
    dir: &str,
    members: &[&Input],
    sets: &RuleSets,
    max_size: u64,
) -> DirectoryContext {
    let mut files: BTreeMap<String, String> = BTreeMap::new();
    let on_disk = if dir.is_empty() {
        root.to_path_buf()
    } else {
        root.join(dir)
    };
    if let Ok(entries) = std::fs::read_dir(&on_disk) {
        for entry in entries.flatten() {
            let file_name = entry.file_name().to_string_lossy().into_owned();
            let small = entry
                .metadata()
                .is_ok_and(|m| m.is_file() && m.len() <= max_size);
            if !small || !is_config_name(&file_name) {
                continue;
            }
            let name = if dir.is_empty() {
                file_name
            } else {
                format!("{dir}/{file_name}")
            };
            if let Ok(text) = std::fs::read_to_string(entry.path()) {
                files.insert(name, text);
            }
        }
    }
    for input in members {
        if let Input::Stdin { name, bytes, .. } = input {
            files.insert(name.clone(), String::from_utf8_lossy(bytes).into_owned());
        }
    }
    DirectoryContext::build(dir, files.into_iter().collect(), sets)
}

/// Outcomes per thread that may wait for assembly (compact records and
/// findings, no trees): linting runs at most this far ahead of assembly.
const WAITING_PER_THREAD: usize = 64;

/// A pool of `jobs` worker threads (`None`: one per core), if threads can
/// be made.
pub fn thread_pool(jobs: Option<usize>) -> Option<Arc<rayon::ThreadPool>> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .build()
        .ok()
        .map(Arc::new)
}

/// Lint every input and inventory with `engine` (files in parallel), run
/// the cross-document phase and suppression, and build the report. Paths
/// are opened relative to `root`.
pub fn lint_all(
    engine: &Engine<'_>,
    inputs: &Inputs,
    ignores: &[IgnoreEntry],
    errors: Vec<InputError>,
    root: &Path,
) -> Report {
    let pool = inputs.pool.clone().or_else(|| thread_pool(inputs.jobs));
    let pool = pool.as_deref();
    let open_from = inputs.open_from.as_deref().unwrap_or(root);
    // Infrastructure-code files, by directory.
    let mut groups: BTreeMap<&str, Vec<&Input>> = BTreeMap::new();
    for input in &inputs.inputs {
        let name = input_name(input);
        if is_config_name(name) {
            groups.entry(directory_of(name)).or_default().push(input);
        }
    }
    let groups: Vec<(&str, Vec<&Input>)> = groups.into_iter().collect();
    let build = |(dir, members): &(&str, Vec<&Input>)| {
        directory_context(
            root,
            dir,
            members,
            engine.sets,
            engine.options.max_file_size,
        )
    };
    let contexts: Vec<DirectoryContext> = match pool {
        Some(pool) => pool.install(|| groups.par_iter().map(build).collect()),
        None => groups.iter().map(build).collect(),
    };
    let context_of: HashMap<&str, usize> = groups
        .iter()
        .enumerate()
        .map(|(i, (dir, _))| (*dir, i))
        .collect();
    // The jobs: inventories, an inventory given as text, then the inputs;
    // each made when it is run (no list of them all).
    let inventory_jobs = inputs.inventories.len() + usize::from(inputs.inventory_text.is_some());
    let job = |i: usize| -> Job<'_> {
        if let Some(name) = inputs.inventories.get(i) {
            return Job::Inventory(name);
        }
        if i < inventory_jobs {
            if let Some((name, bytes)) = &inputs.inventory_text {
                return Job::InventoryText(name, bytes);
            }
        }
        let input = &inputs.inputs[i - inventory_jobs];
        let name = input_name(input);
        let context = is_config_name(name)
            .then(|| context_of.get(directory_of(name)).map(|&i| &contexts[i]))
            .flatten();
        Job::Request(input, context)
    };
    let run_id = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let run = |i: usize| -> JobResult {
        match job(i) {
            Job::Inventory(name) => match read(open_from, name, run_id)
                .map_err(|e| Box::new(InputError::inventory(e.file, e.message, None)))
            {
                Ok(bytes) => JobResult::Inventory(Box::new(engine.lint_inventory(
                    name,
                    bytes,
                    format_of(name),
                ))),
                Err(e) => JobResult::Failed(e),
            },
            Job::Request(Input::File { name, role }, context) => {
                match read(open_from, name, run_id) {
                    Ok(bytes) => JobResult::Request(Box::new(engine.lint_file_in(
                        name,
                        bytes,
                        format_of(name),
                        *role,
                        context,
                    ))),
                    Err(e) => JobResult::Failed(e),
                }
            }
            Job::Request(Input::Stdin { name, bytes, role }, context) => JobResult::Request(
                Box::new(engine.lint_file_in(name, bytes.clone(), format_of(name), *role, context)),
            ),
            Job::InventoryText(name, bytes) => JobResult::Inventory(Box::new(
                engine.lint_inventory(name, bytes.to_vec(), format_of(name)),
            )),
        }
    };
    // Files are linted in parallel and their outcomes assembled in order:
    // the run keeps each file's findings and compact records, not its tree
    // or (without findings) its text.
    let mut assembler = Assembler::new(engine, errors, false);
    assembler.ends_process = inputs.ends_process;
    assembler.expect(inventory_jobs + inputs.inputs.len());
    // Each directory's VPC facts join the run once, with its first file.
    let mut facts: Vec<Option<&DirectoryContext>> = contexts.iter().map(Some).collect();
    let window = WAITING_PER_THREAD * pool.map_or(1, rayon::ThreadPool::current_num_threads);
    let mut absorb = |index: usize, done: JobResult| match done {
        JobResult::Request(mut o) => {
            let job = job(index);
            if let Job::Request(_, Some(context)) = job {
                let i = context_of[context.dir.as_str()];
                if let Some(context) = facts[i].take() {
                    o.facts.extend(context.facts.iter().cloned());
                }
            }
            // Standard input cannot be read again: its text stays.
            let rereadable = matches!(job, Job::Request(Input::File { .. }, _));
            assembler.take_file(*o, !rereadable);
        }
        JobResult::Inventory(i) => assembler.add_inventory(&i),
        JobResult::Failed(e) => assembler.report.errors.push(*e),
    };
    ordered::run_ordered(
        inventory_jobs + inputs.inputs.len(),
        window,
        pool,
        &run,
        &mut absorb,
    );
    let reread = |name: &str| -> Option<Arc<SourceFile>> {
        let text = std::fs::read_to_string(open_from.join(name)).ok()?;
        Some(Arc::new(SourceFile::new(name, text)))
    };
    // The cross-document rules run in the run's threads too.
    match pool {
        Some(pool) => pool.install(|| assembler.finish(ignores, root, &reread)),
        None => assembler.finish(ignores, root, &reread),
    }
}

/// Assembles a report from the outcomes of files, added one at a time in
/// order: counts, findings, sources, suppression comments and the compact
/// records of the cross-document phase, which [`Assembler::finish`] runs.
pub struct Assembler<'e, 'r> {
    engine: &'e Engine<'r>,
    pub report: Report,
    inline: Vec<(String, Vec<crate::suppress::InlineSuppression>)>,
    store: Store,
    linted: Vec<String>,
    renamings: HashMap<(String, usize), Arc<crate::input::Renaming>>,
    /// Keep every file's text (an editor's workspace), not only those with
    /// findings or suppression comments.
    keep_sources: bool,
    /// See [`Inputs::ends_process`].
    ends_process: bool,
    /// How many files the run has (0: not known), and how many are merged.
    expected: usize,
    merged: usize,
}

/// After this many files are merged, the run's store makes room for the
/// rest ([`Store::reserve_for`]).
const PROJECT_AFTER: usize = 64;

impl<'e, 'r> Assembler<'e, 'r> {
    pub fn new(engine: &'e Engine<'r>, errors: Vec<InputError>, keep_sources: bool) -> Self {
        Assembler {
            engine,
            report: Report {
                rule_sets: engine
                    .sets
                    .sets
                    .values()
                    .map(|s| (s.provider.clone(), s.version.clone()))
                    .collect(),
                errors,
                ..Report::default()
            },
            inline: Vec::new(),
            store: Store::default(),
            linted: Vec::new(),
            renamings: HashMap::new(),
            keep_sources,
            ends_process: false,
            expected: 0,
            merged: 0,
        }
    }

    /// The run has `files` files (inventories included): its store and
    /// list of linted files make room for them as it goes.
    pub fn expect(&mut self, files: usize) {
        self.expected = files;
        self.linted.reserve(files);
    }

    fn absorb(
        &mut self,
        outcome: &FileOutcome,
        mut store: Store,
        mut source: Option<Arc<SourceFile>>,
        keep_source: bool,
    ) {
        if !outcome.suppressions.is_empty() {
            self.inline
                .push((outcome.file.clone(), outcome.suppressions.clone()));
        }
        if let Some(source) = &source {
            let wanted = keep_source
                || self.keep_sources
                || !outcome.diagnostics.is_empty()
                || !outcome.suppressions.is_empty();
            if wanted {
                self.report
                    .sources
                    .insert(outcome.file.clone(), Arc::clone(source));
            }
        }
        if !outcome.secrets.is_empty() {
            self.report
                .secrets
                .insert(outcome.file.clone(), outcome.secrets.clone());
        }
        // A text not kept goes before the records are merged (a very large
        // file's text and records are not held twice).
        if outcome.facts.is_empty() {
            source = None;
        }
        self.store.absorb_from(&mut store);
        self.engine.spares.give(store);
        self.merged += 1;
        if self.merged == PROJECT_AFTER {
            self.store.reserve_for(self.merged, self.expected);
        }
        for facts in &outcome.facts {
            let file = self.store.file_named(&outcome.file, source.as_deref());
            self.store.push_inventory(file, facts);
        }
        for (document, renaming) in &outcome.renamings {
            self.renamings
                .insert((outcome.file.clone(), *document), Arc::clone(renaming));
        }
    }

    /// Add a request file's outcome (kept by the caller).
    pub fn add_file(&mut self, outcome: &FileOutcome) {
        self.report.summary.files += 1;
        self.report.summary.documents += outcome.documents;
        self.report.summary.skipped += outcome.skipped;
        self.absorb(
            outcome,
            outcome.store.clone(),
            outcome.source.clone(),
            false,
        );
        self.report
            .diagnostics
            .extend(outcome.diagnostics.iter().cloned());
        self.linted.push(outcome.file.clone());
    }

    /// Add a request file's outcome, consuming it; `keep_source`: its text
    /// cannot be read again (standard input).
    pub fn take_file(&mut self, mut outcome: FileOutcome, keep_source: bool) {
        self.report.summary.files += 1;
        self.report.summary.documents += outcome.documents;
        self.report.summary.skipped += outcome.skipped;
        let store = std::mem::take(&mut outcome.store);
        let source = outcome.source.take();
        self.absorb(&outcome, store, source, keep_source);
        self.report.diagnostics.append(&mut outcome.diagnostics);
        self.linted.push(outcome.file);
    }

    /// Add an inventory file's outcome.
    pub fn add_inventory(&mut self, inventory: &InventoryOutcome) {
        self.report.errors.extend(inventory.errors.iter().cloned());
        let outcome = &inventory.outcome;
        self.absorb(outcome, outcome.store.clone(), outcome.source.clone(), true);
        self.report
            .diagnostics
            .extend(inventory.outcome.diagnostics.iter().cloned());
        for facts in &inventory.inventories {
            let file = self
                .store
                .file_named(&inventory.outcome.file, inventory.outcome.source.as_deref());
            self.store.push_inventory(file, facts);
        }
    }

    /// Run the cross-document phase and suppression, and sort: the report.
    /// `reread` gives the text of a file whose text was not kept (the
    /// positions of cross-document findings in it).
    pub fn finish(
        mut self,
        ignores: &[IgnoreEntry],
        root: &Path,
        reread: &dyn Fn(&str) -> Option<Arc<SourceFile>>,
    ) -> Report {
        let engine = self.engine;
        // No more records: the string table goes before the checks' own
        // indexes are built.
        self.store.freeze();
        let sources = &self.report.sources;
        let lookup = |name: &str| sources.get(name).cloned().or_else(|| reread(name));
        let mut cross = cross_check(
            engine.sets,
            &engine.options.severities,
            &self.store,
            &lookup,
        );
        // Findings on requests built from resources, in their files' terms.
        if !self.renamings.is_empty() {
            for d in &mut cross {
                if let Some(r) = d
                    .document
                    .and_then(|i| self.renamings.get(&(d.file.clone(), i)))
                {
                    r.apply(d);
                }
            }
        }
        // The texts of files that only cross-document findings land in.
        for d in &cross {
            let files =
                std::iter::once(&d.file).chain(d.labels.iter().filter_map(|l| l.file.as_ref()));
            for file in files {
                if !self.report.sources.contains_key(file) {
                    if let Some(source) = reread(file) {
                        self.report.sources.insert(file.clone(), source);
                    }
                }
            }
        }
        self.report.diagnostics.extend(cross);
        let linted: Vec<&str> = self.linted.iter().map(String::as_str).collect();
        suppress::apply(
            &mut self.report.diagnostics,
            &self.inline,
            ignores,
            &Catalog::new(engine.sets),
            &engine.options.severities,
            root,
            &linted,
        );
        self.report.sort();
        self.report.count();
        if self.ends_process {
            std::mem::forget(std::mem::take(&mut self.store));
            std::mem::forget(std::mem::take(&mut self.linted));
        }
        self.report
    }
}

/// Build the report from per-file outcomes: counts, sources, the
/// cross-document phase, suppression, sorting. Every file's text is kept.
pub fn finish_report(
    engine: &Engine<'_>,
    files: &[&FileOutcome],
    inventories: &[&InventoryOutcome],
    ignores: &[IgnoreEntry],
    errors: Vec<InputError>,
    root: &Path,
) -> Report {
    let mut assembler = Assembler::new(engine, errors, true);
    for &inventory in inventories {
        assembler.add_inventory(inventory);
    }
    for &outcome in files {
        assembler.add_file(outcome);
    }
    assembler.finish(ignores, root, &|_| None)
}

/// Lint in-memory files and inventories (`(name, bytes)`) as one run.
pub fn lint_in_memory(
    engine: &Engine<'_>,
    files: Vec<(String, Vec<u8>)>,
    inventories: Vec<(String, Vec<u8>)>,
) -> Report {
    let mut workspace = Workspace::default();
    for (name, bytes) in inventories {
        workspace.set_inventory(engine, &name, bytes);
    }
    for (name, bytes) in files {
        workspace.set_file(engine, &name, bytes);
    }
    workspace.report(engine, &[], Path::new(""))
}

/// The outcome of every file of a run, kept so that one file can be
/// re-linted on its own (an editor's buffer changed) and the whole report,
/// cross-document findings included, assembled again.
#[derive(Debug, Default)]
pub struct Workspace {
    files: BTreeMap<String, FileOutcome>,
    inventories: BTreeMap<String, InventoryOutcome>,
    /// Infrastructure-code files' texts and roles: a directory's files are
    /// linted together, so a change to one re-lints its directory.
    configs: BTreeMap<String, (Vec<u8>, Role)>,
    /// Directories whose files lost a sibling since they were linted.
    stale: std::collections::BTreeSet<String>,
}

/// An outcome as a [`Workspace`] keeps it: its store without spare room.
fn kept(mut outcome: FileOutcome) -> FileOutcome {
    outcome.store.shrink_to_fit();
    outcome
}

impl Workspace {
    /// Lint file `name` with `text` (a file found by a walk) and keep its
    /// outcome, replacing the previous one.
    pub fn set_file(&mut self, engine: &Engine<'_>, name: &str, text: Vec<u8>) {
        self.set_file_as(engine, name, text, Role::Found);
    }

    /// [`Workspace::set_file`] for a file in `role`.
    pub fn set_file_as(&mut self, engine: &Engine<'_>, name: &str, text: Vec<u8>, role: Role) {
        for dir in std::mem::take(&mut self.stale) {
            self.relint_directory(engine, &dir);
        }
        if is_config_name(name) {
            self.configs.insert(name.to_owned(), (text, role));
            self.relint_directory(engine, directory_of(name));
            return;
        }
        let outcome = engine.lint_file_as(name, text, format_of(name), role);
        self.files.insert(name.to_owned(), kept(outcome));
    }

    /// Keep `outcome` (linted by the caller, say in parallel), replacing
    /// the file's previous one.
    pub fn insert(&mut self, outcome: FileOutcome) {
        self.files.insert(outcome.file.clone(), kept(outcome));
    }

    /// Whether request file `name` is kept.
    pub fn has_file(&self, name: &str) -> bool {
        self.files.contains_key(name)
    }

    /// Lint every infrastructure-code file kept of directory `dir` again,
    /// with the directory's context.
    fn relint_directory(&mut self, engine: &Engine<'_>, dir: &str) {
        let members: Vec<(String, Vec<u8>, Role)> = self
            .configs
            .iter()
            .filter(|(name, _)| directory_of(name) == dir)
            .map(|(name, (text, role))| (name.clone(), text.clone(), *role))
            .collect();
        let texts = members
            .iter()
            .map(|(name, text, _)| (name.clone(), String::from_utf8_lossy(text).into_owned()))
            .collect();
        let context = DirectoryContext::build(dir, texts, engine.sets);
        for (i, (name, text, role)) in members.into_iter().enumerate() {
            let mut outcome =
                engine.lint_file_in(&name, text, format_of(&name), role, Some(&context));
            if i == 0 {
                outcome.facts.extend(context.facts.iter().cloned());
            }
            self.files.insert(name, kept(outcome));
        }
    }

    /// Lint inventory file `name` with `text` and keep its outcome.
    pub fn set_inventory(&mut self, engine: &Engine<'_>, name: &str, text: Vec<u8>) {
        let outcome = engine.lint_inventory(name, text, format_of(name));
        self.inventories.insert(name.to_owned(), outcome);
    }

    /// Forget file `name` (closed, deleted). The other infrastructure-code
    /// files of its directory are linted again, without it, at the next
    /// [`Workspace::set_file`].
    pub fn remove(&mut self, name: &str) {
        self.files.remove(name);
        self.inventories.remove(name);
        if self.configs.remove(name).is_some() {
            self.stale.insert(directory_of(name).to_owned());
        }
    }

    /// Replace request file `name`'s text and return the whole report.
    pub fn update(
        &mut self,
        engine: &Engine<'_>,
        name: &str,
        text: Vec<u8>,
        ignores: &[IgnoreEntry],
        root: &Path,
    ) -> Report {
        self.set_file(engine, name, text);
        self.report(engine, ignores, root)
    }

    /// The report over every file kept.
    pub fn report(&self, engine: &Engine<'_>, ignores: &[IgnoreEntry], root: &Path) -> Report {
        let files: Vec<&FileOutcome> = self.files.values().collect();
        let inventories: Vec<&InventoryOutcome> = self.inventories.values().collect();
        finish_report(engine, &files, &inventories, ignores, Vec::new(), root)
    }
}

/// The lowest severity that fails a run (`--fail-on`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The general way: a walked file relative to the root (for a relative
    /// argument), by path components.
    fn named_by_components(file: &Path, root: &Path, absolute: bool) -> (String, PathBuf) {
        let shown = shown_below(file, (!absolute).then_some(root));
        (display(&shown), shown)
    }

    #[cfg(unix)]
    #[test]
    fn names_split_into_a_directory_and_a_file() {
        assert_eq!(in_dir::split("a/b/c.yaml"), Some(("a/b", "c.yaml")));
        assert_eq!(in_dir::split("c.yaml"), Some(("", "c.yaml")));
        assert_eq!(in_dir::split("/c.yaml"), Some(("/", "c.yaml")));
        assert_eq!(in_dir::split("/x/c.yaml"), Some(("/x", "c.yaml")));
        assert_eq!(in_dir::split("a/"), None);
        assert_eq!(in_dir::split(""), None);
    }

    #[cfg(unix)]
    #[test]
    fn directories_and_files_are_opened_to_read_and_closed_on_exec() {
        use in_dir::{DIR_FLAGS, FILE_FLAGS};
        for flags in [DIR_FLAGS, FILE_FLAGS] {
            assert_eq!(flags & libc::O_ACCMODE, libc::O_RDONLY);
            assert_ne!(flags & libc::O_CLOEXEC, 0);
        }
        assert_ne!(DIR_FLAGS & libc::O_DIRECTORY, 0);
        assert_eq!(FILE_FLAGS & libc::O_DIRECTORY, 0);
    }

    /// Files read relative to their open directory give what reading them
    /// by path gives, errors included, from one run to the next.
    #[cfg(unix)]
    #[test]
    fn files_read_in_their_directory_are_the_files_read_by_path() {
        let root = std::env::temp_dir().join(format!("peerlint-in-dir-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for dir in ["a", "a/b", "c"] {
            std::fs::create_dir_all(root.join(dir)).expect("temporary directory");
        }
        let names = [
            "top.yaml",
            "a/one.yaml",
            "a/b/two.yaml",
            "a/three.yaml",
            "c/four.yaml",
        ];
        for (i, name) in names.iter().enumerate() {
            std::fs::write(root.join(name), format!("n: {i}\n")).expect("temporary file");
        }
        let by_path = |name: &str| std::fs::read(root.join(name)).map_err(|e| e.to_string());
        let run = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut asked: Vec<&str> = names.to_vec();
        asked.extend(["a/missing.yaml", "missing/x.yaml", "a/b", "a/one.yaml"]);
        for name in &asked {
            let read = read(&root, name, run).map_err(|e| e.message.clone());
            let expected = by_path(name);
            match (&read, &expected) {
                (Ok(bytes), Ok(want)) => assert_eq!(bytes, want, "{name}"),
                (Err(message), Err(want)) => {
                    assert!(message.contains(want.as_str()), "{name}: {message}")
                }
                _ => panic!("{name}: {read:?} but by path {expected:?}"),
            }
        }
        // The directory read from last is kept, for this run, closed on
        // `exec`; a name whose directory is a file keeps none.
        assert_eq!(in_dir::kept(), Some((run, "a".to_owned(), true)));
        let through_file = read(&root, "top.yaml/x.yaml", run).map_err(|e| e.message.clone());
        assert!(through_file.is_err_and(|m| m.contains("os error 20")));
        assert_eq!(in_dir::kept(), None);
        let absolute = root.join("a/one.yaml");
        let absolute = absolute.to_str().expect("a text path");
        assert_eq!(
            read(Path::new(""), absolute, run).ok(),
            by_path("a/one.yaml").ok()
        );
        // A file of no size (as `/proc` has) is read to its end.
        #[cfg(target_os = "linux")]
        {
            let proc = std::fs::read("/proc/version").expect("/proc/version");
            assert_eq!(
                std::fs::metadata("/proc/version").map(|m| m.len()).ok(),
                Some(0)
            );
            assert!(!proc.is_empty());
            assert_eq!(read(Path::new(""), "/proc/version", run).ok(), Some(proc));
        }
        // The next run reads the directory as it is then, not the one this
        // thread had open.
        std::fs::remove_dir_all(root.join("a")).expect("removed");
        std::fs::create_dir_all(root.join("a")).expect("made again");
        std::fs::write(root.join("a/one.yaml"), "new: 1\n").expect("temporary file");
        let next = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        assert_eq!(
            read(&root, "a/one.yaml", next).ok(),
            Some(b"new: 1\n".to_vec())
        );
        let _ = std::fs::remove_dir_all(&root);
    }

    /// After the first files, the run's store has room for as many again
    /// per file as the rest of the run needs, and grows no more.
    #[test]
    fn the_run_store_makes_room_for_the_expected_files_once() {
        let sets = RuleSets::default();
        let engine = Engine::new(&sets, crate::engine::EngineOptions::default());
        let mut assembler = Assembler::new(&engine, Vec::new(), false);
        let files = PROJECT_AFTER * 10;
        assembler.expect(files);
        assert!(assembler.linted.capacity() >= files);
        let mut room = 0;
        for n in 0..files {
            let mut outcome = FileOutcome {
                file: format!("f{n}.yaml"),
                ..FileOutcome::default()
            };
            outcome.store = Store::local();
            outcome.store.add_file(&outcome.file, "", Format::Yaml);
            assembler.take_file(outcome, false);
            let capacity = assembler.store.files.capacity();
            match (n + 1).cmp(&PROJECT_AFTER) {
                std::cmp::Ordering::Less => assert!(capacity < files, "{n}: {capacity}"),
                std::cmp::Ordering::Equal => {
                    assert!(capacity >= files, "{capacity}");
                    room = capacity;
                }
                std::cmp::Ordering::Greater => assert_eq!(capacity, room, "{n}"),
            }
        }
        assert_eq!(assembler.store.files.len(), files);
    }

    #[test]
    fn walked_files_are_named_as_by_path_components() {
        let root = Path::new("/work/repo");
        for argument in [
            ".",
            "./",
            "dir",
            "dir/",
            "./dir",
            "dir//sub",
            "dir/./sub",
            "../other",
            "/abs/dir",
            "/abs/dir/",
            "/work/repo/dir",
        ] {
            let absolute = Path::new(argument).is_absolute();
            let walked = root.join(argument);
            let namer = Namer::new(&walked, root, absolute);
            for below in ["x.yaml", "a/b/c.yml", "back\\slash.json", "é/ü.tf"] {
                let file = walked.join(below);
                let found = namer.name(file.clone());
                let (expected_name, expected_shown) = named_by_components(&file, root, absolute);
                assert_eq!(found.name, expected_name, "{argument} + {below}");
                assert_eq!(found.path(), expected_shown, "{argument} + {below}");
                // The path is kept apart only when the name is not its text.
                assert_eq!(
                    found.path.is_some(),
                    expected_shown.as_os_str() != expected_name.as_str(),
                    "{argument} + {below}"
                );
            }
        }
    }

    /// The selection gives a directory's files in walk order, whatever
    /// order its batches came in, keyed or not (a directory whose name is
    /// not text has no keys).
    #[cfg(unix)]
    #[test]
    fn a_directory_s_batches_are_selected_in_walk_order() {
        use std::os::unix::ffi::OsStrExt;
        let root = Path::new("/work/repo");
        let odd = std::ffi::OsStr::from_bytes(b"odd\xff").to_str().is_none();
        assert!(odd, "a name that is not UTF-8");
        for dir in [&b"dir"[..], b"odd\xff"] {
            let argument = String::from_utf8_lossy(dir).into_owned();
            let on_disk = root.join(std::ffi::OsStr::from_bytes(dir));
            let names = [
                "b.yaml",
                "a/z.yaml",
                "a-b.yaml",
                "0123456789abcdefg/x.yaml",
                "0123456789abcdefg-y.yaml",
                "a.yaml",
                "c.json",
            ];
            let role = |_: &Path| Some(Role::Found);
            let paths = [argument.clone()];
            let mut selector = Selector::new(root, &paths, &[], &role);
            // The walk names the argument's directory as given: here, the
            // directory on disk (a relative argument is joined to the root).
            selector.arguments[0] =
                Argument::Directory(Namer::new(&on_disk, root, false), Vec::new());
            for batch in [&names[..3], &names[3..5], &[], &names[5..]] {
                selector.take(Walked::Files(
                    0,
                    batch.iter().map(|n| on_disk.join(n)).collect(),
                ));
            }
            // Files named below a directory shown as text have keys: the
            // start of their paths below it.
            let Argument::Directory(_, batches) = &selector.arguments[0] else {
                panic!("a directory");
            };
            for t in batches.iter().flatten() {
                let path = t.file.path().as_os_str().as_encoded_bytes();
                let want = if dir == b"dir" { order_key(path, 4) } else { 0 };
                assert_eq!(t.key, want, "{}", t.file.name);
                assert_eq!(t.key != 0, dir == b"dir");
            }
            let got = selected_names(selector);
            let mut want: Vec<String> = names
                .iter()
                .map(|n| format!("{}/{n}", String::from_utf8_lossy(dir)))
                .collect();
            want.sort_by(|a, b| walk_order(a.as_bytes(), b.as_bytes()));
            assert_eq!(got, want, "{argument}");
        }
    }

    /// The names of the files `selector` selected, in order.
    fn selected_names(selector: Selector<'_>) -> Vec<String> {
        selector
            .finish(&mut Vec::new())
            .into_iter()
            .map(|input| match input {
                Input::File { name, .. } => name,
                other => panic!("{other:?}"),
            })
            .collect()
    }

    /// A file the walk names otherwise than below its directory (here, one
    /// outside it) leaves the directory's files without keys, those taken
    /// before it too: they are sorted by their paths alone.
    #[test]
    fn a_file_named_otherwise_leaves_the_directory_without_keys() {
        let root = Path::new("/work/repo");
        let on_disk = root.join("dir");
        let role = |_: &Path| Some(Role::Found);
        let paths = ["dir".to_owned()];
        let mut selector = Selector::new(root, &paths, &[], &role);
        selector.arguments[0] = Argument::Directory(Namer::new(&on_disk, root, false), Vec::new());
        selector.take(Walked::Files(
            0,
            vec![on_disk.join("b.yaml"), on_disk.join("a.yaml")],
        ));
        let Argument::Directory(_, batches) = &selector.arguments[0] else {
            panic!("a directory");
        };
        assert!(batches.iter().flatten().all(|t| t.key != 0), "keyed so far");
        selector.take(Walked::Files(0, vec![root.join("0/c.yaml")]));
        let Argument::Directory(namer, batches) = &selector.arguments[0] else {
            panic!("a directory");
        };
        assert!(namer.unkeyed);
        assert!(batches.iter().flatten().all(|t| t.key == 0), "no keys");
        // Later batches get none either.
        selector.take(Walked::Files(0, vec![on_disk.join("c.yaml")]));
        let names = selected_names(selector);
        assert_eq!(
            names,
            ["0/c.yaml", "dir/a.yaml", "dir/b.yaml", "dir/c.yaml"]
        );
    }

    #[cfg(unix)]
    #[test]
    fn walked_files_with_names_not_in_utf8_are_named_the_general_way() {
        use std::os::unix::ffi::OsStrExt;
        let root = Path::new("/work/repo");
        let walked = root.join("dir");
        let namer = Namer::new(&walked, root, false);
        let file = walked.join(std::ffi::OsStr::from_bytes(b"bad\xff.yaml"));
        let found = namer.name(file.clone());
        assert_eq!(
            found.path(),
            Path::new("dir").join(std::ffi::OsStr::from_bytes(b"bad\xff.yaml"))
        );
        assert_eq!(found.name, "dir/bad\u{fffd}.yaml");
    }

    #[test]
    fn paths_sort_as_a_sorted_walk_visits_them() {
        let mut paths: Vec<PathBuf> = [
            "a-b.yaml",
            "a/x.yaml",
            "a.yaml",
            "ab/c.yaml",
            "a/b/c.yaml",
            "a/b.yaml",
            "b.yaml",
            "A.yaml",
            "a/b-c/d.yaml",
            "a/b/d.yaml",
            "é.yaml",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        let mut by_path = paths.clone();
        // What a walk sorting each directory by name yields: the order of
        // paths compared component by component.
        by_path.sort();
        paths.sort_by(|a, b| {
            walk_order(
                a.as_os_str().as_encoded_bytes(),
                b.as_os_str().as_encoded_bytes(),
            )
        });
        assert_eq!(paths, by_path);
        assert_eq!(paths[1], PathBuf::from("a/b/c.yaml"));
    }

    /// The shared prefix is counted eight bytes at a time, then byte by
    /// byte: wherever the first difference falls, and when one path is a
    /// prefix of the other.
    #[test]
    fn common_prefixes_are_counted_to_the_first_difference() {
        let base = b"0123456789abcdefghij";
        for at in 0..base.len() {
            let mut other = base.to_vec();
            other[at] = b'#';
            assert_eq!(common_prefix(base, &other), at, "differs at {at}");
            assert_eq!(common_prefix(&other, base), at, "differs at {at}");
            assert_eq!(common_prefix(base, &base[..at]), at, "a prefix of {at}");
        }
        assert_eq!(common_prefix(base, base), base.len());
        assert_eq!(common_prefix(b"", base), 0);
    }

    /// A path is its own name unless display changes it: a leading `./`
    /// goes, backslashes become slashes.
    #[test]
    fn display_form_is_the_text_display_keeps() {
        for path in ["a/b.yaml", "x.json", ".hidden/c.yml", "a./b", "é/ü.tf"] {
            assert!(is_display_form(path), "{path}");
            assert_eq!(display(Path::new(path)), path);
        }
        for path in ["./a.yaml", ".\\a.yaml", "a\\b.yaml"] {
            assert!(!is_display_form(path), "{path}");
            assert_ne!(display(Path::new(path)), path);
        }
    }

    /// Every path of up to four bytes over `a`, `/`, `-`, `.` and `b`
    /// (the empty one too).
    fn short_paths() -> Vec<Vec<u8>> {
        let alphabet = [b'a', b'/', b'-', b'.', b'b'];
        let mut paths: Vec<Vec<u8>> = vec![Vec::new()];
        for len in 1..=4u32 {
            for n in 0..alphabet.len().pow(len) {
                let mut k = n;
                paths.push(
                    (0..len)
                        .map(|_| {
                            let b = alphabet[k % alphabet.len()];
                            k /= alphabet.len();
                            b
                        })
                        .collect(),
                );
            }
        }
        paths
    }

    /// The order compares the first bytes that differ, as comparing whole
    /// paths with every separator as 0 does: for every pair of short paths
    /// over a few bytes.
    #[test]
    fn walk_order_is_the_order_of_paths_with_separators_as_zero() {
        let paths = short_paths();
        let key =
            |p: &[u8]| -> Vec<u8> { p.iter().map(|&b| if b == b'/' { 0 } else { b }).collect() };
        for a in &paths {
            for b in &paths {
                assert_eq!(walk_order(a, b), key(a).cmp(&key(b)), "{a:?} {b:?}");
            }
        }
        // Long shared prefixes are compared eight bytes at a time.
        let long = |tail: &str| format!("some/long/shared/prefix/of/a/walk/{tail}").into_bytes();
        assert_eq!(
            walk_order(&long("a/x"), &long("a-b")),
            std::cmp::Ordering::Less
        );
        assert_eq!(
            walk_order(&long("ab"), &long("ab")),
            std::cmp::Ordering::Equal
        );
        assert_eq!(
            walk_order(&long("ab"), &long("a")),
            std::cmp::Ordering::Greater
        );
    }

    /// Where the keys of two paths with a shared start differ, they order
    /// the paths as [`walk_order`] does; paths longer than a key are
    /// ordered by the tie-break.
    #[test]
    fn order_keys_agree_with_the_walk_order() {
        let tails = short_paths();
        // Tails past the sixteenth byte: keys tie, paths decide.
        let pad = b"0123456789abcde".to_vec();
        for prefix in [&b""[..], b"dir/", b"a/b-c/"] {
            for (a, b) in tails.iter().flat_map(|a| tails.iter().map(move |b| (a, b))) {
                for (a, b) in [
                    (a.clone(), b.clone()),
                    ([&pad[..], a].concat(), [&pad[..], b].concat()),
                ] {
                    let (pa, pb) = ([prefix, &a].concat(), [prefix, &b].concat());
                    let (ka, kb) = (order_key(&pa, prefix.len()), order_key(&pb, prefix.len()));
                    if ka != kb {
                        assert_eq!(ka.cmp(&kb), walk_order(&pa, &pb), "{pa:?} {pb:?}");
                    }
                }
            }
        }
        // A path shorter than the start it is said to share has key 0.
        assert_eq!(order_key(b"ab", 4), 0);
        assert_eq!(order_key(b"dir/a", 4), u128::from(b'a') << 120);
    }

    /// Files taken in batches come out in walk order: by their keys, and by
    /// their paths where the keys tie (names sharing their first sixteen
    /// bytes, or a directory whose files have no keys).
    #[test]
    fn taken_files_are_sorted_in_walk_order() {
        let names = [
            "d/0123456789abcdef-b.yaml",
            "d/x.yaml",
            "d/0123456789abcdef-a.yaml",
            "d/a-b.yaml",
            "d/a/z.yaml",
            "d/0123456789abcdef/c.yaml",
            "d/a.yaml",
        ];
        let taken = |name: &str, keyed: bool| Taken {
            key: if keyed {
                order_key(name.as_bytes(), 2)
            } else {
                0
            },
            file: FoundFile {
                name: name.to_owned(),
                path: None,
            },
            role: Role::Found,
        };
        let mut want: Vec<&str> = names.to_vec();
        want.sort_by(|a, b| walk_order(a.as_bytes(), b.as_bytes()));
        assert_eq!(
            want[..3],
            [
                "d/0123456789abcdef/c.yaml",
                "d/0123456789abcdef-a.yaml",
                "d/0123456789abcdef-b.yaml"
            ]
        );
        for keyed in [true, false] {
            let batches: Vec<Vec<Taken>> = vec![
                names[..3].iter().map(|n| taken(n, keyed)).collect(),
                Vec::new(),
                names[3..].iter().map(|n| taken(n, keyed)).collect(),
            ];
            let got: Vec<&str> = walk_sorted(&batches)
                .into_iter()
                .map(|(b, at)| batches[b as usize][at as usize].file.name.as_str())
                .collect();
            assert_eq!(got, want, "keyed: {keyed}");
        }
    }

    #[test]
    fn last_names_are_what_file_name_gives_for_files() {
        for path in [
            "x.yaml",
            "a/b/c.yml",
            "./x.json",
            "/abs/dir/y.tf",
            "a//b",
            "é/ü.yaml",
        ] {
            let p = Path::new(path);
            let want = p.file_name().map(std::ffi::OsStr::as_encoded_bytes);
            assert_eq!(Some(last_name(p)), want, "{path}");
        }
    }
}
