//! peerlint: an offline validator and linter for cloud VPC-peering creation
//! requests.
//!
//! A run goes: [`setup::Setup`] (config, rule sets, options, from a root
//! directory) → [`workspace`] (find and read files, lint them in parallel)
//! → [`engine::Engine`] per file (the [`input`] layer turns a parsed
//! [`document`] into request candidates; [`core_rules`] and the rule set's
//! [`checks`] find problems) → [`crossdoc`] (rules over all requests) →
//! [`suppress`] → [`report::Report`] → [`output`] (one renderer per format).
//!
//! Module map (see `docs/contributing.md` for the graph and recipes):
//! - input and text: [`document`] (sources, spans, line index, node trees,
//!   YAML/JSON/HCL parsers), [`input`] (files → candidates), [`paths`]
//! - rules as data: [`rules`] (rule files → rule sets), [`dialect`] (what
//!   rule files and check kinds share), [`checks`] (check kinds, one file
//!   each), [`core_rules`] (the `peerlint/*` rules), [`catalog`] (all rules)
//! - linting: [`engine`], [`request`], [`facts`], [`crossdoc`],
//!   [`suppress`], [`fix`] (structured fixes), [`fixer`] (applying them)
//! - runs: [`config`], [`setup`], [`workspace`], [`error`]; [`lsp`] (the
//!   language server); [`allocator`] (the binary's)
//! - results: [`diagnostic`], [`report`], [`output`], [`schema`]
//!
//! The library never prints and never reads the process's current
//! directory or environment; the `peerlint` binary does both.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod allocator;
pub mod catalog;
pub mod checks;
pub mod config;
pub mod core_rules;
pub mod crossdoc;
pub mod diagnostic;
pub mod dialect;
pub mod document;
pub mod engine;
pub mod error;
pub mod facts;
pub mod fix;
pub mod fixer;
pub mod input;
pub mod lsp;
pub mod output;
pub mod paths;
pub mod report;
pub mod request;
pub mod rules;
pub mod schema;
pub mod setup;
pub mod store;
pub mod suggest;
pub mod suppress;
pub mod workspace;

pub use diagnostic::{Diagnostic, Severity};
pub use engine::{Engine, EngineOptions};
pub use report::Report;
pub use setup::{Setup, SetupOptions};
