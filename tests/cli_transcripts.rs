//! CLI transcripts: every `tests/cmd/<case>.toml` runs the `peerlint` binary
//! with its arguments (and `stdin`, `env`, working directory: the case's
//! `<case>.in/` folder, or the package root via `fs.cwd`) and compares the
//! exit code, `<case>.stdout` and `<case>.stderr` (and, where a
//! `<case>.out/` folder exists, the files the run writes).
//!
//! Human output is rendered with `--color never` and `COLUMNS=100` (every
//! case sets `env.add.COLUMNS`). trycmd compares text with `\` read as a
//! path separator (`/`); a case whose output holds a backslash sets
//! `binary = true` to be compared byte for byte. `...` on a line of its own
//! and `[..]` within a line elide output.
//!
//! `TRYCMD=overwrite cargo test --test cli_transcripts` rewrites the
//! expectations (the `.stdout`/`.stderr` files, `status`, and `.out/`
//! files): read every changed line before committing it.

#[test]
fn cli_transcripts() {
    trycmd::TestCases::new()
        .register_bin(
            "peerlint",
            std::path::PathBuf::from(env!("CARGO_BIN_EXE_peerlint")),
        )
        .case("tests/cmd/*.toml");
}
