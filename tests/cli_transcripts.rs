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

/// The README quotes output of its own commands: it must be what their
/// transcripts show.
#[test]
fn readme_quotes_the_transcripts() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |path: &str| {
        std::fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    };
    let readme = read("README.md");
    // The report at the top: one finding of the quick start's output. The
    // README wraps its message at another place than the tool does, so the
    // two are compared without whitespace and the `│` of continued lines.
    let squeeze = |text: &str| -> String {
        text.chars()
            .filter(|c| !c.is_whitespace() && *c != '│')
            .collect()
    };
    let first_block = readme
        .split("```\n")
        .nth(1)
        .expect("a code block at the top of the README");
    assert!(
        squeeze(&read("tests/cmd/readme-quick-start.stdout")).contains(&squeeze(first_block)),
        "the README's first example is not in the quick start's output:\n{first_block}"
    );
    // The worked example: its concise output, and the summary it quotes.
    let concise = read("tests/cmd/readme-worked-example.stdout");
    assert!(
        readme.contains(&concise),
        "the README does not show the worked example's output:\n{concise}"
    );
    let terraform = read("tests/cmd/readme-terraform.stdout");
    assert!(
        readme.contains(&terraform),
        "the README does not show the Terraform example's output:\n{terraform}"
    );
    let human = read("tests/cmd/readme-worked-example-human.stdout");
    let summary = human.lines().last().expect("a summary line");
    // The README wraps its prose: compare with whitespace runs as one space.
    let prose = readme.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        prose.contains(&format!("`{summary}`")),
        "the README does not quote the summary `{summary}`"
    );
}
