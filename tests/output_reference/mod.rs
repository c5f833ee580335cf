//! The JSON, SARIF, concise and GitHub renderers as they were before they
//! were streamed (issue 12): the JSON and SARIF ones build one
//! `serde_json::Value` of the whole report and print it. Kept verbatim as
//! the reference the streamed renderers must equal byte for byte
//! (`tests/output_stream.rs`); a change to an output format changes both.

#![allow(dead_code)]

pub mod concise;
pub mod github;
pub mod json;
pub mod sarif;
