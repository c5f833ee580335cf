//! `peerlint lsp`: the language server on stdin and stdout. Everything but
//! the wiring is in the library (`peerlint::lsp`).

use std::io::{self, BufReader};

use peerlint::lsp::{serve, ServeOptions};

use crate::args::working_dir;

pub fn run() -> io::Result<u8> {
    let input = Box::new(BufReader::new(io::stdin()));
    let mut output = io::stdout().lock();
    let code = serve(
        input,
        &mut output,
        ServeOptions {
            root: working_dir(),
        },
    )?;
    Ok(u8::try_from(code).unwrap_or(1))
}
