//! The `peerlint` binary: parse arguments, run, exit with the code.

mod cli;

fn main() {
    std::process::exit(cli::run());
}
