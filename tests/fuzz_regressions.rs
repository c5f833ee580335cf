//! Fuzzing as a habit (issue 12): the minimized corpora of the fuzz targets
//! are checked in under `fuzz/regressions/<target>/` and replayed here on
//! every `cargo test`, with the same assertions the targets make
//! (`fuzz/checks.rs`). The README's development notes say how the corpora
//! were grown and minimized, and how to refresh them.

use std::path::Path;

#[path = "../fuzz/checks.rs"]
mod checks;

/// Feed every input of `fuzz/regressions/<target>` to `check`, on as many
/// threads as the machine has; every failing input is named.
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
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = inputs.len().div_ceil(threads);
    let failed: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = inputs
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .filter(|input| {
                            let data = std::fs::read(input).expect("a readable input");
                            std::panic::catch_unwind(|| check(&data)).is_err()
                        })
                        .map(|input| input.display().to_string())
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a replay thread"))
            .collect()
    });
    assert!(
        failed.is_empty(),
        "inputs failing their target's checks: {failed:?}"
    );
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
