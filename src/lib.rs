//! peerlint: an offline validator and linter for cloud VPC-peering creation requests.
#![warn(clippy::print_stdout, clippy::print_stderr)]

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
pub mod input;
pub mod output;
pub mod paths;
pub mod report;
pub mod request;
pub mod rules;
pub mod schema;
pub mod setup;
pub mod suggest;
pub mod suppress;
pub mod workspace;
