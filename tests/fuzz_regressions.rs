//! Fuzzing as a habit (issue 12): the minimized corpora of the fuzz targets
//! are checked in under `fuzz/regressions/<target>/` and replayed here on
//! every `cargo test`, with the same assertions the targets make
//! (`fuzz/checks.rs`). The README's development notes say how the corpora
//! were grown and minimized, and how to refresh them.

use std::path::Path;

#[path = "../fuzz/checks.rs"]
mod checks;

/// Feed every input of `fuzz/regressions/<target>` to `check`.
fn replay(target: &str, check: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("a readable directory entry").path())
        .collect();
    inputs.sort();
    assert!(
        !inputs.is_empty(),
        "no regression inputs in {}",
        dir.display()
    );
    for input in &inputs {
        let data = std::fs::read(input).expect("a readable input");
        let outcome = std::panic::catch_unwind(|| check(&data));
        assert!(
            outcome.is_ok(),
            "{} fails its target's checks",
            input.display()
        );
    }
}

#[test]
fn rule_file_corpus_replays() {
    replay("rule_file", checks::rule_file);
}

#[test]
fn document_corpus_replays() {
    replay("document", checks::document);
}

#[test]
fn hcl_corpus_replays() {
    replay("hcl", checks::hcl);
}

#[test]
fn lsp_message_corpus_replays() {
    replay("lsp_message", checks::lsp_message);
}
