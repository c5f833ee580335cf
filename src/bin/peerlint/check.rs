//! `peerlint check`: lint files and directories (or standard input) and
//! print the report.

use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use peerlint::output::{self, RenderOptions};
use peerlint::report::Report;
use peerlint::setup::{Setup, SetupOptions};
use peerlint::workspace::{self, Input, Inputs};

use crate::args::{known_provider, working_dir, CheckArgs, ColorChoice};

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
    // The config: --config, else found upward from the current directory
    // (for stdin, from --stdin-filename's directory).
    let search_from = match (&args.stdin_filename, reads_stdin) {
        (Some(name), true) => Path::new(name)
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_path_buf),
        _ => None,
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
    let paths = if args.paths.is_empty() {
        vec![".".to_owned()]
    } else {
        args.paths.clone()
    };
    let never: Vec<PathBuf> = setup.never_requests(args.output.as_deref());
    let mut inputs = Vec::new();
    let mut inventory_text = None;
    let mut file_paths = Vec::new();
    for path in paths {
        if path != "-" {
            file_paths.push(path);
            continue;
        }
        let mut bytes = Vec::new();
        io::stdin().read_to_end(&mut bytes)?;
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
    inputs.extend(workspace::collect_inputs(
        &root,
        &file_paths,
        &never,
        &|p| setup.role_of(p),
        &mut errors,
    ));
    let engine = setup.engine();
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
    };
    let report = workspace::lint_all(&engine, &run, &setup.ignores, errors, &root);
    let code = workspace::exit_code(&report, args.fail_on.into()) as u8;

    let to_terminal = args.output.is_none() && io::stdout().is_terminal();
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
            let mut buffer = Vec::new();
            output::render(&report, args.format.into(), options, &mut buffer)?;
            if let Err(e) = std::fs::write(path, buffer) {
                writeln!(
                    io::stderr(),
                    "peerlint: cannot write the report to {}: {e}",
                    path.display()
                )?;
                return Ok(2);
            }
        }
        None => {
            if let Err(e) = print(&report, args.format.into(), options) {
                // `peerlint check | head`: the reader is gone; stop quietly.
                if e.kind() == io::ErrorKind::BrokenPipe {
                    return Ok(code);
                }
                return Err(e);
            }
        }
    }
    if report.summary.documents == 0 && report.errors.is_empty() {
        let note = if report.diagnostics.is_empty() {
            "peerlint: no request documents found"
        } else {
            "peerlint: no request could be linted"
        };
        let _ = writeln!(io::stderr(), "{note}");
    }
    Ok(code)
}

fn print(
    report: &Report,
    format: peerlint::output::OutputFormat,
    options: RenderOptions<'_>,
) -> io::Result<()> {
    let stdout = io::stdout();
    let mut lock = stdout.lock();
    output::render(report, format, options, &mut lock)?;
    lock.flush()
}
