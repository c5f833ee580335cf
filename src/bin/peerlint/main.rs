//! The `peerlint` binary: parse the arguments, run the command, exit with
//! its code. Everything but argument parsing and printing is in the library.

mod args;
mod check;
mod explain;
mod fix;
mod lsp;
mod rules;
mod schema;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};

#[global_allocator]
static ALLOCATOR: peerlint::allocator::Allocator = peerlint::allocator::Allocator;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() { 2 } else { 0 });
        }
    };
    let result = match cli.command {
        _ if cli.version => rules::version(),
        Some(Command::Check(args)) => check::run(args),
        Some(Command::Rules(args)) => rules::run(args),
        Some(Command::Explain(args)) => explain::run(args),
        Some(Command::Schema(args)) => schema::run(args),
        Some(Command::Lsp) => lsp::run(),
        None => {
            let _ = writeln!(
                io::stderr(),
                "peerlint: a command is required (check, rules, explain, schema, lsp); see --help"
            );
            Ok(2)
        }
    };
    peerlint::allocator::ending();
    match result {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            let _ = writeln!(io::stderr(), "peerlint: {error}");
            ExitCode::from(2)
        }
    }
}
