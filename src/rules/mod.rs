//! Rule sets: the per-provider data that drives the engine.
//!
//! `rules/<provider>.yaml` files are embedded at build time; `--rules` adds,
//! replaces or extends sets at run time. [`load()`] reads them into compiled
//! [`model::RuleSet`]s, reporting every problem of a bad file with its
//! position. This module also holds the tables rule files share: character
//! classes and the ASCII-only regex dialect.

pub mod load;
pub mod model;
pub mod template;
pub mod terraform;

pub use load::{load, LoadOptions, Loaded};
