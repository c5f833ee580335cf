//! `peerlint schema document`: a JSON Schema for request documents,
//! generated from the rule sets, for editors.

use std::io::{self, Write};

use crate::args::{known_provider, setup_code, SchemaArgs, SchemaKind};

pub fn run(args: SchemaArgs) -> io::Result<u8> {
    let setup = args.source.setup()?;
    if !known_provider(&setup, args.provider.as_deref())? {
        return Ok(2);
    }
    let value = match args.kind {
        SchemaKind::Document => {
            peerlint::schema::document_schema(&setup.sets, args.provider.as_deref())
        }
    };
    let mut out = io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, &value)?;
    writeln!(out)?;
    Ok(setup_code(&setup))
}
