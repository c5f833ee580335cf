//! `peerlint check`: lint files and directories (or standard input) and
//! print the report.

use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use peerlint::output::{self, RenderOptions};
use peerlint::setup::{Setup, SetupOptions};
use peerlint::workspace::{self, Input, Inputs};

use crate::args::{known_provider, working_dir, CheckArgs, ColorChoice};

pub fn run(args: CheckArgs) -> io::Result<u8> {
    let root = working_dir();
    // The config: --config, else found upward from the current directory
    // (for stdin, from --stdin-filename's directory).
    let reads_stdin = args.paths.iter().any(|p| p == "-");
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
    });
    if !known_provider(&setup, args.provider.as_deref())? {
        return Ok(2);
    }
    let paths = if args.paths.is_empty() {
        vec![".".to_owned()]
    } else {
        args.paths.clone()
    };
    let mut inputs = Vec::new();
    let mut file_paths = Vec::new();
    for path in paths {
        if path == "-" {
            let mut bytes = Vec::new();
            io::stdin().read_to_end(&mut bytes)?;
            let name = args
                .stdin_filename
                .clone()
                .unwrap_or_else(|| "<stdin>".to_owned());
            inputs.push(Input::Stdin { name, bytes });
        } else {
            file_paths.push(path);
        }
    }
    let mut errors = setup.errors.clone();
    let never: Vec<PathBuf> = setup.never_requests(args.output.as_deref());
    inputs.extend(workspace::collect_inputs(
        &root,
        &file_paths,
        &never,
        &|p| setup.excludes(p),
        &mut errors,
    ));
    let engine = setup.engine();
    let run = Inputs {
        inputs,
        inventories: setup.inventories.clone(),
        jobs: args.jobs,
    };
    let report = workspace::lint_all(&engine, &run, &setup.ignores, errors, &root);

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
        width: 100,
        sets: &setup.sets,
        root: &root,
    };
    match &args.output {
        Some(path) => {
            let mut buffer = Vec::new();
            output::render(&report, args.format.into(), options, &mut buffer)?;
            std::fs::write(path, buffer)?;
        }
        None => {
            let stdout = io::stdout();
            let mut lock = stdout.lock();
            output::render(&report, args.format.into(), options, &mut lock)?;
            lock.flush()?;
        }
    }
    if report.summary.documents == 0 && report.errors.is_empty() {
        writeln!(io::stderr(), "peerlint: no request documents found")?;
    }
    Ok(workspace::exit_code(&report, args.fail_on.into()) as u8)
}
