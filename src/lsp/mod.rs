//! The language server, `peerlint lsp`: LSP 3.17 over a byte stream (the
//! binary passes its stdin and stdout), so that any editor with an LSP
//! client gets peerlint's findings as it types.
//!
//! - `transport`: framing, and a reader that answers malformed messages
//!   and keeps going.
//! - `server`: the lifecycle, open buffers, publishing diagnostics.
//! - `project`: one configuration's files (setup and workspace).
//! - `convert`: positions (UTF-16, or UTF-8 when the client offers it)
//!   and diagnostics.
//! - `actions`: quick fixes, suppression comments, "fix all".
//! - `hover`: field descriptions and rule explanations.

mod actions;
pub mod convert;
mod hover;
mod project;
mod server;
pub mod transport;

pub use actions::FIX_ALL;
pub use server::{serve, uri_path, ServeOptions};
