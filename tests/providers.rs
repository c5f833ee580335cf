//! The built-in rule sets as a whole: every provider's own documented
//! example request lints clean, raw-form examples are detected as their
//! provider, no detection key is claimed twice, and the Rust code names no
//! provider (rules are data: a provider lives in its rule file alone).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use peerlint::diagnostic::Severity;
use peerlint::document::{self, Format};
use peerlint::engine::{Engine, EngineOptions};
use peerlint::rules::load::load_texts;
use peerlint::rules::model::{Detection, RuleSets};
use peerlint::workspace::lint_in_memory;

use common::manifest_dir;

fn builtin() -> RuleSets {
    let loaded = load_texts(true, &[]);
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    loaded.sets
}

/// `testdata/documented/*.{yaml,json}`, sorted.
fn documented() -> Vec<PathBuf> {
    let dir = manifest_dir().join("testdata/documented");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("testdata/documented")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    files.sort();
    files
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The provider a documented example is for: its name up to `-1`, `-2`,
/// `-raw` ....
fn provider_of(name: &str, sets: &RuleSets) -> String {
    let mut ids: Vec<&String> = sets.sets.keys().collect();
    // The longest id first: `tencentcloud-v3-1` is not `tencentcloud`'s.
    ids.sort_by_key(|id| std::cmp::Reverse(id.len()));
    ids.into_iter()
        .find(|id| {
            name.strip_prefix(id.as_str())
                .is_some_and(|rest| rest.starts_with('-'))
        })
        .unwrap_or_else(|| panic!("{name} names no built-in provider"))
        .clone()
}

#[test]
fn every_provider_has_documented_examples_and_each_lints_clean() {
    let sets = builtin();
    let engine = Engine::new(&sets, EngineOptions::default());
    let mut per_provider: BTreeMap<String, usize> = BTreeMap::new();
    let mut problems = Vec::new();
    for path in documented() {
        let name = file_name(&path);
        let provider = provider_of(&name, &sets);
        *per_provider.entry(provider.clone()).or_default() += 1;
        let bytes = std::fs::read(&path).expect("readable");
        let report = lint_in_memory(&engine, vec![(name.clone(), bytes)], Vec::new());
        assert!(report.errors.is_empty(), "{name}: {:?}", report.errors);
        assert_eq!(report.summary.documents, 1, "{name} is one request");
        for d in &report.diagnostics {
            if d.provider.as_deref() != Some(provider.as_str()) {
                problems.push(format!("{name}: linted as {:?}", d.provider));
            }
            // A raw body without the path's parameters reports exactly those.
            let allowed = name.contains("-raw-body") && d.code == "peerlint/missing-parameter";
            if d.severity >= Severity::Warning && !allowed {
                problems.push(format!("{name}: {} {}", d.code, d.message));
            }
        }
        if name.contains("-raw-body") {
            assert!(
                report
                    .diagnostics
                    .iter()
                    .any(|d| d.code == "peerlint/missing-parameter"),
                "{name}: a raw body reports the path parameters it lacks"
            );
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let seeds = ["jdcloud", "tencentcloud"];
    for id in sets.sets.keys().filter(|id| !seeds.contains(&id.as_str())) {
        assert!(
            per_provider.get(id).copied().unwrap_or(0) > 0,
            "{id} has no documented example in testdata/documented"
        );
    }
}

#[test]
fn raw_form_examples_are_detected_as_their_provider() {
    let sets = builtin();
    let mut seen = 0;
    for path in documented() {
        let name = file_name(&path);
        if !name.contains("-raw") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("readable");
        let parsed = document::parse(&text, Format::Json);
        let root = parsed.documents.first().expect("one document");
        assert!(root.get("provider").is_none() && root.get("params").is_none());
        match sets.detect(root) {
            Detection::One(set) => assert_eq!(set.provider, provider_of(&name, &sets), "{name}"),
            other => panic!("{name}: {other:?}"),
        }
        seen += 1;
    }
    assert!(
        seen >= 6,
        "a raw-form example per new provider, found {seen}"
    );
}

#[test]
fn no_detection_key_is_claimed_by_two_sets_or_declared_by_another() {
    let sets = builtin();
    let mut claimed: BTreeMap<&str, &str> = BTreeMap::new();
    for set in sets.sets.values() {
        assert!(
            !set.detect.is_empty(),
            "{} has no detection keys",
            set.provider
        );
        for key in &set.detect {
            if let Some(other) = claimed.insert(key, &set.provider) {
                panic!("`{key}` identifies both {other} and {}", set.provider);
            }
            for other in sets.sets.values().filter(|o| o.provider != set.provider) {
                let first = key.split('.').next().unwrap_or(key);
                // A path is another set's only when the whole path is.
                let declared = if key.contains('.') {
                    other.param(first).is_some() && other.detect.iter().any(|d| d == key)
                } else {
                    other.param(key).is_some()
                };
                assert!(
                    !declared,
                    "`{key}` identifies {} but is a parameter of {}",
                    set.provider, other.provider
                );
            }
        }
    }
}

/// Provider ids and the distinctive word of each set's name (`Tencent`,
/// `Huawei`), matched as whole words, case-insensitively.
fn provider_words(sets: &RuleSets) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for set in sets.sets.values() {
        words.push(set.provider.to_lowercase());
        if let Some(base) = set.provider.split('-').next() {
            words.push(base.to_lowercase());
            if let Some(brand) = base.strip_suffix("cloud") {
                words.push(brand.to_lowercase());
            }
        }
        if let Some(first) = set.name.split_whitespace().next() {
            words.push(first.to_lowercase());
        }
    }
    words.sort();
    words.dedup();
    words.retain(|w| w.len() >= 2);
    words
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir)
        .expect("readable")
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_provider_is_named_in_the_code_outside_the_embedded_list() {
    let sets = builtin();
    let words = provider_words(&sets);
    let mut files = Vec::new();
    rust_files(&manifest_dir().join("src"), &mut files);
    files.sort();
    let mut found = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).expect("readable");
        for (n, line) in text.lines().enumerate() {
            // The list of embedded rule files names them, by necessity.
            if line.contains("rules/") && line.contains(".yaml") {
                continue;
            }
            let lower = line.to_lowercase();
            let tokens = lower.split(|c: char| !c.is_ascii_alphanumeric() && c != '-');
            for token in tokens {
                let token = token.trim_matches('-');
                if words.iter().any(|w| w == token) {
                    found.push(format!(
                        "{}:{}: `{token}` in {}",
                        path.strip_prefix(manifest_dir()).unwrap_or(&path).display(),
                        n + 1,
                        line.trim()
                    ));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "provider names in src/:\n{}",
        found.join("\n")
    );
}
