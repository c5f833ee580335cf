//! peerlint: an offline validator and linter for cloud VPC-peering creation requests.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod checks;
pub mod config;
pub mod cross;
pub mod diagnostic;
pub mod document;
pub mod engine;
pub mod engine_rules;
pub mod facts;
pub mod output;
pub mod report;
pub mod request;
pub mod rules;
pub mod run;
pub mod schema;
pub mod suggest;
pub mod suppress;
