//! `peerlint check`: lint files and directories (or standard input) and
//! print the report; with `--fix`, fix them first, and with `--diff`, print
//! the fixes instead.

use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use peerlint::fix::Applicability;
use peerlint::fixer::FixContext;
use peerlint::output::{self, OutputFormat, RenderOptions};
use peerlint::report::Report;
use peerlint::setup::{Setup, SetupOptions};
use peerlint::workspace::{self, Input, Inputs};

use crate::args::{known_provider, print_errors, working_dir, CheckArgs, ColorChoice};
use crate::fix::{self, Mode};

/// The width of human output: `COLUMNS`, else the terminal's, else 100.
fn output_width(to_terminal: bool) -> usize {
    if let Some(columns) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c >= 20)
    {
        return columns;
    }
    if to_terminal {
        if let Some((terminal_size::Width(w), _)) = terminal_size::terminal_size() {
            return usize::from(w).max(20);
        }
    }
    100
}

pub fn run(args: CheckArgs) -> io::Result<u8> {
    let root = working_dir();
    let reads_stdin = args.paths.iter().any(|p| p == "-");
    if args.stdin_filename.is_some() && !reads_stdin {
        writeln!(
            io::stderr(),
            "peerlint: --stdin-filename names standard input: pass `-` as a PATH too"
        )?;
        return Ok(2);
    }
    if args.unsafe_fixes && !args.fix && !args.diff {
        writeln!(
            io::stderr(),
            "peerlint: --unsafe-fixes applies fixes only with --fix or --diff"
        )?;
        return Ok(2);
    }
    // The config: --config, else found upward from the current directory
    // (for stdin, from --stdin-filename's directory).
    let search_from = match (&args.stdin_filename, reads_stdin) {
        (Some(name), true) => Path::new(name)
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_path_buf),
        _ => None,
    };
    let paths = if args.paths.is_empty() {
        vec![".".to_owned()]
    } else {
        args.paths.clone()
    };
    let file_paths: Vec<String> = paths.iter().filter(|p| *p != "-").cloned().collect();
    // The walk needs nothing of the setup: it runs while the rule sets
    // load, and hands on what it finds as it goes. The loading runs on a
    // pool of threads of its own (rayon's global pool); beside the walk of
    // a directory that pool has one thread: a second one's turns, and its
    // spinning once idle, took the core the walk and the loading share
    // (on 10,000 files the loading ended 2.7 ms later and the walk 0.7 ms
    // later with two).
    if file_paths.iter().any(|p| root.join(p).is_dir()) {
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build_global();
    }
    let (found, walked) = std::sync::mpsc::channel();
    let walk = {
        let (root, file_paths) = (root.clone(), file_paths.clone());
        let jobs = args.jobs;
        std::thread::spawn(move || {
            workspace::walk(&root, &file_paths, &mut |w| {
                let _ = found.send(w);
            });
            drop(found);
            // The worker threads are made here, while the last files found
            // are selected and sorted.
            workspace::thread_pool(jobs)
        })
    };
    let setup = Setup::load(&SetupOptions {
        root: root.clone(),
        config_search_from: search_from,
        config: args.source.config.clone(),
        rules: args.source.rules.clone(),
        no_builtin_rules: args.source.no_builtin_rules,
        inventories: args.inventory.clone(),
        provider: args.provider.clone(),
        max_file_size: args.max_file_size,
        exclude: args.exclude.clone(),
        select: args.select.clone(),
        ignore: args.ignore_rules.clone(),
    });
    if !known_provider(&setup, args.provider.as_deref())? {
        return Ok(2);
    }
    if let Some(problem) = setup.rule_selection_problem() {
        writeln!(io::stderr(), "peerlint: {problem}")?;
        return Ok(2);
    }
    let never: Vec<PathBuf> = setup.never_requests(args.output.as_deref());
    let mut inputs = Vec::new();
    let mut inventory_text = None;
    // Standard input as read (`--fix -` prints it back, fixed or not).
    let mut stdin_bytes: Option<Vec<u8>> = None;
    for path in &paths {
        if path != "-" {
            continue;
        }
        let mut bytes = Vec::new();
        io::stdin().read_to_end(&mut bytes)?;
        stdin_bytes = Some(bytes.clone());
        // Standard input takes the role its name has in the config: an
        // inventory, an excluded file (not linted), a request file.
        let Some(name) = args.stdin_filename.clone() else {
            inputs.push(Input::Stdin {
                name: "<stdin>".to_owned(),
                bytes,
                role: peerlint::input::Role::Found,
            });
            continue;
        };
        let named = Path::new(&name);
        if setup.is_inventory(named) {
            inventory_text = Some((name, bytes));
        } else if never.iter().any(|n| n == named) {
            // A rule file or the config: never a request.
        } else if let Some(role) = setup.role_of(named) {
            inputs.push(Input::Stdin { name, bytes, role });
        }
    }
    let mut errors = setup.errors.clone();
    // What the walk finds is named and selected here while it goes on.
    let role = |p: &Path| setup.role_of(p);
    let mut selector = workspace::Selector::new(&root, &file_paths, &never, &role);
    for w in walked {
        selector.take(w);
    }
    // The selection is sorted, and the engine made, while the walk's
    // thread makes the worker threads.
    let mut walk_errors = Vec::new();
    let mut selected = selector.finish(&mut walk_errors);
    let engine = setup.engine();
    let pool = match walk.join() {
        Ok(pool) => pool,
        Err(_) => {
            // A walk that panicked (it should not) is walked again, here.
            let mut selector = workspace::Selector::new(&root, &file_paths, &never, &role);
            workspace::walk(&root, &file_paths, &mut |w| selector.take(w));
            walk_errors.clear();
            selected = selector.finish(&mut walk_errors);
            workspace::thread_pool(args.jobs)
        }
    };
    errors.append(&mut walk_errors);
    // Standard input comes first; the walk's files follow (most runs have
    // only these: the list is taken as it is, not copied).
    if inputs.is_empty() {
        inputs = selected;
    } else {
        inputs.extend(selected);
    }
    let mut fixed = 0;
    if args.fix || args.diff {
        let cx = FixContext {
            engine: &engine,
            ignores: &setup.ignores,
            root: &root,
        };
        let up_to = if args.unsafe_fixes {
            Applicability::Unsafe
        } else {
            Applicability::Safe
        };
        let mode = if args.diff { Mode::Diff } else { Mode::Write };
        // The fixes run on the lint's worker threads.
        let pass = fix::run(cx, &mut inputs, up_to, mode, pool.as_deref(), &mut errors);
        if mode == Mode::Diff {
            return print_diff(&pass, &errors);
        }
        fixed = pass.fixed;
        // `--fix -`: the text goes to stdout, fixed or as it was.
        if let Some(text) = pass.stdin.or(stdin_bytes) {
            let mut stdout = io::stdout().lock();
            stdout.write_all(&text)?;
            stdout.flush()?;
        }
    }
    // Standard input stands in for the inventory file it is named as.
    let inventories = setup
        .inventories
        .iter()
        .filter(|i| inventory_text.as_ref().is_none_or(|(name, _)| *name != **i))
        .cloned()
        .collect();
    let run = Inputs {
        inputs,
        inventories,
        inventory_text,
        jobs: args.jobs,
        pool,
        // The root is the working directory: names open as they are.
        open_from: Some(PathBuf::new()),
        ends_process: true,
    };
    let mut report = workspace::lint_all(&engine, &run, &setup.ignores, errors, &root);
    report.summary.fixed = fixed;
    let code = workspace::exit_code(&report, args.fail_on.into()) as u8;

    // With `--fix -` stdout holds the fixed text: the report goes to stderr.
    let to_stderr = args.fix && reads_stdin;
    let to_terminal = args.output.is_none()
        && if to_stderr {
            io::stderr().is_terminal()
        } else {
            io::stdout().is_terminal()
        };
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let options = RenderOptions {
        color,
        width: output_width(to_terminal),
        sets: &setup.sets,
        root: &root,
    };
    match &args.output {
        Some(path) => {
            // Written as it is rendered, through a buffer of its own size.
            let written = std::fs::File::create(path).and_then(|file| {
                let mut out = io::BufWriter::new(file);
                output::render(&report, args.format.into(), options, &mut out)?;
                out.into_inner().map_err(io::IntoInnerError::into_error)?;
                Ok(())
            });
            if let Err(e) = written {
                writeln!(
                    io::stderr(),
                    "peerlint: cannot write the report to {}: {e}",
                    path.display()
                )?;
                return Ok(2);
            }
        }
        None => {
            if let Err(e) = print(&report, args.format.into(), options, to_stderr) {
                // `peerlint check | head`: the reader is gone; stop quietly.
                if e.kind() == io::ErrorKind::BrokenPipe {
                    return Ok(code);
                }
                return Err(e);
            }
        }
    }
    // Concise and GitHub output have no summary line: say what was fixed.
    let format: OutputFormat = args.format.into();
    if fixed > 0 && matches!(format, OutputFormat::Concise | OutputFormat::Github) {
        let _ = writeln!(io::stderr(), "peerlint: {fixed} fixed");
    }
    if report.summary.documents == 0 && report.errors.is_empty() {
        let note = if report.diagnostics.is_empty() {
            "peerlint: no request documents found"
        } else {
            "peerlint: no request could be linted"
        };
        let _ = writeln!(io::stderr(), "{note}");
    }
    // The process ends next: what the run built goes back to the system
    // with it, at once, not piece by piece.
    std::mem::forget(report);
    std::mem::forget(engine);
    std::mem::forget(run);
    std::mem::forget(setup);
    Ok(code)
}

fn print(
    report: &Report,
    format: OutputFormat,
    options: RenderOptions<'_>,
    to_stderr: bool,
) -> io::Result<()> {
    // The renderers write in small pieces as they go: buffered, they reach
    // the stream in blocks (standard output alone would flush every line).
    if to_stderr {
        let mut out = io::BufWriter::new(io::stderr().lock());
        output::render(report, format, options, &mut out)?;
        return out.flush();
    }
    let mut out = io::BufWriter::new(io::stdout().lock());
    output::render(report, format, options, &mut out)?;
    out.flush()
}

/// `--diff`: the diffs on stdout, a count and the unusable inputs on
/// stderr; exit 2 when an input could not be used, 1 when there is a diff.
fn print_diff(pass: &fix::Pass, errors: &[peerlint::error::InputError]) -> io::Result<u8> {
    let mut stdout = io::stdout().lock();
    match stdout
        .write_all(pass.diffs.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
        other => other?,
    }
    if pass.files > 0 {
        let files = if pass.files == 1 { "file" } else { "files" };
        writeln!(
            io::stderr(),
            "peerlint: {} fixable in {} {files} (--fix applies them)",
            pass.fixed,
            pass.files
        )?;
    }
    print_errors(errors)?;
    Ok(if !errors.is_empty() {
        2
    } else {
        u8::from(pass.files > 0)
    })
}
