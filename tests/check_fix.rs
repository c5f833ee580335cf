//! `check --fix`, `--unsafe-fixes` and `--diff`, run through the binary on
//! copies of `testdata/fix/` in a scratch directory: each case's text after
//! `--fix` is its hand-written `<case>.fixed.<ext>` (and after
//! `--fix --unsafe-fixes` its `<case>.unsafe-fixed.<ext>`, where there is
//! one), byte for byte; a second `--fix` changes nothing; permissions are
//! kept and no temporary file is left behind. Then `--diff` (exact text,
//! nothing written) and standard input.

mod common;

use std::path::{Path, PathBuf};

use serde_json::Value;

use common::{json, run_in, run_in_with_stdin, scratch, stderr, stdout};

/// `(case file, expected after --fix, expected after --fix --unsafe-fixes)`.
fn cases() -> Vec<(PathBuf, PathBuf, Option<PathBuf>)> {
    let dir = common::manifest_dir().join("testdata/fix");
    let mut out = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("testdata/fix")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let Some((case, ext)) = name.split_once('.') else {
            continue;
        };
        if !matches!(ext, "yaml" | "json") {
            continue;
        }
        let fixed = dir.join(format!("{case}.fixed.{ext}"));
        assert!(fixed.exists(), "{name} has no {case}.fixed.{ext}");
        let unsafe_fixed = dir.join(format!("{case}.unsafe-fixed.{ext}"));
        out.push((path, fixed, unsafe_fixed.exists().then_some(unsafe_fixed)));
    }
    assert!(out.len() >= 8, "the cases are found: {out:?}");
    out
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn show(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).replace('\r', "\\r")
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o7777
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

/// Run `check --fix [extra] -f json NAME` in `dir` and return the report.
fn fix(dir: &Path, name: &str, extra: &[&str]) -> Value {
    let mut args = vec!["check", "--fix"];
    args.extend_from_slice(extra);
    args.extend_from_slice(&["-f", "json", name]);
    let output = run_in(dir, &args);
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{name}: exit {:?}: {}",
        output.status.code(),
        stderr(&output)
    );
    json(&output)
}

/// The files of `dir` (no temporary file may be left there).
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn every_case_is_fixed_as_written_and_a_second_fix_changes_nothing() {
    let mut failures = Vec::new();
    for (case, fixed, unsafe_fixed) in cases() {
        let name = case
            .file_name()
            .and_then(|n| n.to_str())
            .expect("name")
            .to_owned();
        let runs = [(&[][..], fixed)]
            .into_iter()
            .chain(unsafe_fixed.map(|u| (&["--unsafe-fixes"][..], u)));
        for (extra, expected) in runs {
            let dir = scratch(&format!("fix-{name}-{}", extra.len()));
            let path = dir.join(&name);
            std::fs::write(&path, read(&case)).expect("copy");
            #[cfg(unix)]
            set_mode(&path, 0o640);
            let report = fix(&dir, &name, extra);
            let after = read(&path);
            let expected_bytes = read(&expected);
            if after != expected_bytes {
                failures.push(format!(
                    "{name} {extra:?}: expected\n{}\ngot\n{}",
                    show(&expected_bytes),
                    show(&after)
                ));
                continue;
            }
            let changed = expected_bytes != read(&case);
            let fixed_count = report["summary"]["fixed"].as_u64().expect("summary.fixed");
            assert_eq!(fixed_count > 0, changed, "{name} {extra:?}: {report:#}");
            // The report is of what remains: no finding it fixed is left.
            if changed {
                let remaining: Vec<&Value> = report["diagnostics"]
                    .as_array()
                    .expect("diagnostics")
                    .iter()
                    .filter(|d| {
                        d["fix"]["applicability"] == "safe"
                            || (!extra.is_empty() && d["fix"].is_object())
                    })
                    .collect();
                assert!(remaining.is_empty(), "{name} {extra:?}: {remaining:#?}");
            }
            #[cfg(unix)]
            assert_eq!(mode(&path), 0o640, "{name}: permissions are kept");
            assert_eq!(
                listing(&dir),
                vec![name.clone()],
                "{name}: no temporary file"
            );
            // Idempotent: a second run finds nothing to fix.
            let again = fix(&dir, &name, extra);
            assert_eq!(again["summary"]["fixed"], 0, "{name} {extra:?}: {again:#}");
            assert_eq!(
                read(&path),
                expected_bytes,
                "{name} {extra:?}: second --fix"
            );
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_file_with_a_syntax_error_is_never_written() {
    let dir = scratch("syntax");
    let case = common::manifest_dir().join("testdata/fix/syntax-error.yaml");
    let path = dir.join("syntax-error.yaml");
    std::fs::write(&path, read(&case)).expect("copy");
    let before = std::fs::metadata(&path).expect("metadata").modified().ok();
    let output = run_in(
        &dir,
        &["check", "--fix", "--unsafe-fixes", "syntax-error.yaml"],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(read(&path), read(&case));
    assert_eq!(
        std::fs::metadata(&path).expect("metadata").modified().ok(),
        before
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn diff_prints_the_fixes_and_writes_nothing() {
    let dir = scratch("diff");
    let cases = common::manifest_dir().join("testdata/fix");
    for name in ["yaml-trap.yaml", "unsafe-charset.yaml", "json-number.json"] {
        std::fs::write(dir.join(name), read(&cases.join(name))).expect("copy");
    }
    let output = run_in(&dir, &["check", "--diff", "."]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        r#"--- json-number.json
+++ json-number.json
@@ -1,6 +1,6 @@
 {
   "peeringConnectionName": "tses",
   "vpcId": "vpc-2k8d0cx9",
-  "peerUin": 2407912486,
+  "peerUin": "2407912486",
   "peerVpcId": "vpc-9a8b7c6d"
 }
--- unsafe-charset.yaml
+++ unsafe-charset.yaml
@@ -4,4 +4,4 @@
   vpcPeeringName: app to db   # spaces are not allowed
   vpcId: vpc-ofxxrkkw0r
   remoteVpcId: vpc-2k8d0cx9aa
-  description: yes
+  description: "yes"
--- yaml-trap.yaml
+++ yaml-trap.yaml
@@ -3,5 +3,5 @@
 params:
   vpcId: 'vpc-2k8d0cx9'        # single quotes stay
   peerVpcId: "vpc-9a8b7c6d"    # double quotes stay
-  peerUin: 2407912486   # the partner
+  peerUin: "2407912486"   # the partner
   peeringConnectionName: tses
"#
    );
    assert_eq!(
        stderr(&output),
        "peerlint: 3 fixable in 3 files (--fix applies them)\n"
    );
    for name in ["yaml-trap.yaml", "unsafe-charset.yaml", "json-number.json"] {
        assert_eq!(read(&dir.join(name)), read(&cases.join(name)), "{name}");
    }
    // With unsafe fixes, the charset fix is in the diff too.
    let output = run_in(
        &dir,
        &["check", "--diff", "--unsafe-fixes", "unsafe-charset.yaml"],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains("-  vpcPeeringName: app to db   # spaces are not allowed\n+  vpcPeeringName: app_to_db   # spaces are not allowed\n"),
        "{}",
        stdout(&output)
    );
    // Nothing to fix: no diff, exit 0.
    let clean = run_in(
        &dir,
        &["check", "--diff", "--select", "jdcloud/name-length", "."],
    );
    assert_eq!(clean.status.code(), Some(0), "{}", stderr(&clean));
    assert_eq!(stdout(&clean), "");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn standard_input_is_fixed_to_stdout_with_the_report_on_stderr() {
    let dir = scratch("stdin");
    let cases = common::manifest_dir().join("testdata/fix");
    let input = read(&cases.join("crlf.yaml"));
    let output = run_in_with_stdin(
        &dir,
        &["check", "--fix", "--stdin-filename", "crlf.yaml", "-"],
        &input,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(output.stdout, read(&cases.join("crlf.fixed.yaml")));
    assert!(
        stderr(&output).contains("0 errors, 0 warnings, 0 infos (1 fixed) in 1 file"),
        "{}",
        stderr(&output)
    );
    assert_eq!(listing(&dir), Vec::<String>::new(), "nothing is written");
    // Nothing to fix: the text comes back as it was.
    let fixed = read(&cases.join("crlf.fixed.yaml"));
    let again = run_in_with_stdin(&dir, &["check", "--fix", "-f", "json", "-"], &fixed);
    assert_eq!(again.stdout, fixed);
    let report: Value = serde_json::from_slice(&again.stderr).expect("the report on stderr");
    assert_eq!(report["summary"]["fixed"], 0);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn without_fix_nothing_is_written_and_unsafe_fixes_needs_fix_or_diff() {
    let dir = scratch("nofix");
    let cases = common::manifest_dir().join("testdata/fix");
    std::fs::write(dir.join("a.yaml"), read(&cases.join("yaml-trap.yaml"))).expect("copy");
    let output = run_in(&dir, &["check", "a.yaml"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        read(&dir.join("a.yaml")),
        read(&cases.join("yaml-trap.yaml"))
    );
    let output = run_in(&dir, &["check", "--unsafe-fixes", "a.yaml"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("--unsafe-fixes"),
        "{}",
        stderr(&output)
    );
    assert_eq!(listing(&dir), ["a.yaml"]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_stays_a_link_and_a_read_only_file_is_not_written() {
    let dir = scratch("links");
    let cases = common::manifest_dir().join("testdata/fix");
    std::fs::create_dir_all(dir.join("real")).expect("mkdir");
    std::fs::write(dir.join("real/a.yaml"), read(&cases.join("yaml-trap.yaml"))).expect("copy");
    std::os::unix::fs::symlink("real/a.yaml", dir.join("link.yaml")).expect("symlink");
    let output = run_in(&dir, &["check", "--fix", "link.yaml"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(std::fs::symlink_metadata(dir.join("link.yaml"))
        .expect("link")
        .file_type()
        .is_symlink());
    assert_eq!(
        read(&dir.join("real/a.yaml")),
        read(&cases.join("yaml-trap.fixed.yaml"))
    );
    std::fs::write(dir.join("ro.yaml"), read(&cases.join("yaml-trap.yaml"))).expect("copy");
    set_mode(&dir.join("ro.yaml"), 0o444);
    let output = run_in(&dir, &["check", "--fix", "ro.yaml"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stdout(&output).contains("read-only"), "{}", stdout(&output));
    assert_eq!(
        read(&dir.join("ro.yaml")),
        read(&cases.join("yaml-trap.yaml"))
    );
    let _ = std::fs::remove_dir_all(&dir);
}
