//! The house rules of the code, checked: the library's module graph has no
//! cycle (rule loading may ask the check kinds for their parsers, and
//! nothing else points back), the graph documented in
//! `docs/contributing.md` is the real one, the library never prints nor
//! reads the process's current directory or environment, and the engine
//! and input layer never touch the filesystem.
//!
//! `PEERLINT_BLESS=1 cargo test --test architecture` rewrites the graph in
//! the docs.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

mod common;

/// Library source files (not the binary), with their top-level module.
fn library_files() -> Vec<(String, PathBuf, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("src is readable").flatten() {
            let path = entry.path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "bin") {
                    stack.push(path);
                }
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let relative = path.strip_prefix(&src).expect("under src");
            let first = relative
                .components()
                .next()
                .map(|c| {
                    c.as_os_str()
                        .to_string_lossy()
                        .trim_end_matches(".rs")
                        .to_owned()
                })
                .unwrap_or_default();
            if first == "lib" {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("source is UTF-8");
            out.push((first, path, text));
        }
    }
    out.sort();
    out
}

/// The text of a file without its `#[cfg(test)] mod tests` block.
fn without_tests(text: &str) -> &str {
    text.split("#[cfg(test)]\nmod tests").next().unwrap_or(text)
}

/// Top-level module → the top-level modules it uses (`crate::x`).
fn module_graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, _, text) in library_files() {
        let deps = graph.entry(module.clone()).or_default();
        let body = without_tests(&text);
        let mut rest = body;
        while let Some(at) = rest.find("crate::") {
            let after = &rest[at + 7..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() && name != module {
                deps.insert(name);
            }
            rest = after;
        }
    }
    graph
}

/// Strongly connected components with more than one module (Tarjan).
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<BTreeSet<String>> {
    struct State<'g> {
        graph: &'g BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        found: Vec<BTreeSet<String>>,
    }
    fn visit<'g>(s: &mut State<'g>, v: &'g str) {
        let i = s.index.len();
        s.index.insert(v, i);
        s.low.insert(v, i);
        s.stack.push(v);
        for w in s.graph.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(s, w);
                let lw = s.low[w];
                let lv = s.low.get_mut(v).expect("visited");
                *lv = (*lv).min(lw);
            } else if s.stack.contains(&w) {
                let iw = s.index[w];
                let lv = s.low.get_mut(v).expect("visited");
                *lv = (*lv).min(iw);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = BTreeSet::new();
            while let Some(w) = s.stack.pop() {
                component.insert(w.to_owned());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                s.found.push(component);
            }
        }
    }
    let mut state = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        found: Vec::new(),
    };
    for v in graph.keys() {
        if !state.index.contains_key(v.as_str()) {
            visit(&mut state, v);
        }
    }
    state.found
}

#[test]
fn the_module_graph_has_no_cycle_but_rule_loading_and_check_kinds() {
    let graph = module_graph();
    let allowed: BTreeSet<String> = ["checks", "rules"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    for component in cycles(&graph) {
        assert_eq!(
            component, allowed,
            "modules that depend on each other: {component:?}"
        );
    }
}

#[test]
fn the_documented_module_graph_is_current() {
    let graph = module_graph();
    let rendered: String = graph
        .iter()
        .map(|(m, deps)| {
            let deps: Vec<&str> = deps.iter().map(String::as_str).collect();
            if deps.is_empty() {
                format!("{m} (no dependencies)\n")
            } else {
                format!("{m} -> {}\n", deps.join(", "))
            }
        })
        .collect();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/contributing.md");
    let doc = std::fs::read_to_string(&path).expect("docs/contributing.md");
    const START: &str = "<!-- module graph -->\n```text\n";
    const END: &str = "```\n<!-- end module graph -->";
    let (before, rest) = doc.split_once(START).expect("module graph block start");
    let (current, after) = rest.split_once(END).expect("module graph block end");
    if common::blessing() {
        std::fs::write(&path, format!("{before}{START}{rendered}{END}{after}"))
            .expect("docs/contributing.md is writable");
        return;
    }
    assert_eq!(
        current, rendered,
        "docs/contributing.md's module graph is stale; rerun with PEERLINT_BLESS=1"
    );
}

#[test]
fn the_library_never_prints_nor_reads_the_process_environment() {
    for (_, path, text) in library_files() {
        let body = without_tests(&text);
        for banned in [
            "current_dir(",
            "env::var",
            "println!",
            "eprintln!",
            "print!(",
            "eprint!(",
            "std::process::exit",
        ] {
            assert!(
                !body.contains(banned),
                "{} uses `{banned}`: only the binary may",
                path.display()
            );
        }
    }
}

#[test]
fn the_engine_and_input_layer_do_no_filesystem_access() {
    for (module, path, text) in library_files() {
        if !matches!(
            module.as_str(),
            "engine" | "input" | "core_rules" | "checks" | "crossdoc"
        ) {
            continue;
        }
        let body = without_tests(&text);
        for banned in [
            "std::fs",
            "fs::read",
            "File::open",
            "File::create",
            "read_dir",
            "canonicalize",
        ] {
            assert!(
                !body.contains(banned),
                "{} uses `{banned}`: the engine works on text it is given",
                path.display()
            );
        }
    }
}

/// Terraform is one input format among others: only the input layer (and
/// the HCL parser, and the rule files' `terraform` key it reads) names it;
/// the engine, core rules, check kinds and cross-document phase do not.
#[test]
fn only_the_input_layer_knows_terraform() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let allowed = [
        "input/",
        "document/hcl.rs",
        "document/mod.rs",
        "document/node.rs",
        "rules/terraform.rs",
        "rules/mod.rs",
        "rules/model.rs",
        "rules/load.rs",
    ];
    for (_, path, text) in library_files() {
        let relative = path
            .strip_prefix(&src)
            .expect("under src")
            .to_string_lossy()
            .replace('\\', "/");
        if allowed.iter().any(|a| relative.starts_with(a)) {
            continue;
        }
        assert!(
            !without_tests(&text).to_lowercase().contains("terraform"),
            "{relative} names Terraform: keep it in the input layer"
        );
    }
}
