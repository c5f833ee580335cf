//! The complete example of `docs/rules.md` §13 — a provider written from the
//! documentation alone, with its inventory and a request — loads, uses every
//! check kind, and lints as the document says.

use std::collections::BTreeSet;

use peerlint::checks::KINDS;
use peerlint::engine::{Engine, EngineOptions};
use peerlint::rules::load::load_texts;
use peerlint::workspace::lint_in_memory;

/// The YAML code blocks after the heading `## 13.`.
fn example_blocks() -> Vec<String> {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md"))
        .expect("docs/rules.md");
    let section = doc.split("\n## 13.").nth(1).expect("section 13");
    let mut blocks = Vec::new();
    let mut rest = section;
    while let Some(start) = rest.find("```yaml\n") {
        let body = &rest[start + 8..];
        let end = body.find("\n```").expect("closed block");
        blocks.push(body[..end].to_owned() + "\n");
        rest = &body[end + 4..];
    }
    blocks
}

#[test]
fn the_documented_provider_loads_and_uses_every_check_kind() {
    let blocks = example_blocks();
    assert_eq!(blocks.len(), 3, "rule file, inventory, request");
    let loaded = load_texts(false, &[("nimbus.yaml", &blocks[0])]);
    assert!(loaded.errors.is_empty(), "{:#?}", loaded.errors);
    let set = loaded.sets.get("nimbus").expect("nimbus loaded");
    let used: BTreeSet<&str> = set.rules.iter().map(|r| r.kind.as_str()).collect();
    let all: BTreeSet<&str> = KINDS.iter().map(|k| k.name).collect();
    assert_eq!(used, all, "every check kind is used");

    let engine = Engine::new(&loaded.sets, EngineOptions::default());
    let report = lint_in_memory(
        &engine,
        vec![("request.yaml".to_owned(), blocks[2].clone().into_bytes())],
        vec![("inventory.yaml".to_owned(), blocks[1].clone().into_bytes())],
    );
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code.as_str()).collect();
    // As the document says: the only finding is the one-way note.
    assert!(codes.contains(&"nimbus/one-way"), "{codes:?}");
    assert!(
        report
            .diagnostics
            .iter()
            .all(|d| d.code == "nimbus/one-way"
                || d.severity < peerlint::diagnostic::Severity::Warning),
        "{:#?}",
        report
            .diagnostics
            .iter()
            .map(|d| (&d.code, &d.message))
            .collect::<Vec<_>>()
    );
}

/// The JSON Schema for rule files.
fn rule_file_schema() -> serde_json::Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/rules/rule-file.schema.json"
    ))
    .expect("rules/rule-file.schema.json");
    serde_json::from_str(&text).expect("the rule-file schema is JSON")
}

fn keys(object: &serde_json::Value) -> BTreeSet<String> {
    object
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

#[test]
fn the_rule_file_schema_knows_every_check_kind_and_its_keys() {
    use peerlint::checks::Scope;
    use peerlint::rules::load::{COMMON_RULE_KEYS, FIELD_ONLY_KEYS};
    let schema = rule_file_schema();
    let defs = &schema["$defs"];
    let enumerated: BTreeSet<String> = defs["checkKind"]["enum"]
        .as_array()
        .expect("checkKind is an enum")
        .iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    let registered: BTreeSet<String> = KINDS.iter().map(|k| k.name.to_owned()).collect();
    assert_eq!(enumerated, registered, "the schema's check kinds");
    let branches = defs["rule"]["allOf"].as_array().expect("per-kind branches");
    for kind in KINDS {
        let branch = branches
            .iter()
            .find(|b| b["if"]["properties"]["check"]["const"] == kind.name)
            .unwrap_or_else(|| panic!("no schema branch for `{}`", kind.name));
        let allowed = keys(&branch["then"]["properties"]);
        let expected: BTreeSet<String> = COMMON_RULE_KEYS
            .iter()
            .filter(|k| kind.scope == Scope::Field || !FIELD_ONLY_KEYS.contains(k))
            .chain(kind.keys)
            .map(|k| (*k).to_owned())
            .collect();
        assert_eq!(allowed, expected, "schema keys of `{}`", kind.name);
    }
}

#[test]
fn the_rule_file_schema_knows_every_top_level_field_and_facts_key() {
    use peerlint::rules::load::{FACTS_KEYS, FIELD_KEYS, TOP_KEYS};
    let schema = rule_file_schema();
    let set =
        |list: &[&str]| -> BTreeSet<String> { list.iter().map(|k| (*k).to_owned()).collect() };
    assert_eq!(keys(&schema["properties"]), set(TOP_KEYS), "top-level keys");
    assert_eq!(
        keys(&schema["properties"]["vpcs"]["properties"]),
        set(FACTS_KEYS),
        "`vpcs` keys"
    );
    assert_eq!(
        keys(&schema["$defs"]["fieldSpec"]["properties"]),
        set(FIELD_KEYS),
        "field spec keys"
    );
}

#[test]
fn the_rule_file_docs_have_a_section_per_check_kind() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md"))
        .expect("docs/rules.md");
    for kind in KINDS {
        let heading = doc
            .lines()
            .any(|l| l.starts_with("### ") && l.ends_with(&format!(" `{}`", kind.name)));
        assert!(heading, "docs/rules.md has no section for `{}`", kind.name);
    }
}

#[test]
fn the_readme_lists_every_core_rule_with_its_severity() {
    use peerlint::core_rules::CORE_RULES;
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(path).expect("README.md");
    let mut table = String::from("| rule | default severity | what |\n| --- | --- | --- |\n");
    for r in CORE_RULES {
        let fixed = if r.fixed { " (fixed)" } else { "" };
        table.push_str(&format!(
            "| `{}` | {}{fixed} | {} |\n",
            r.id, r.severity, r.summary
        ));
    }
    const START: &str = "<!-- core rules -->\n";
    const END: &str = "<!-- end core rules -->";
    let (before, rest) = readme.split_once(START).expect("core rules block");
    let (current, after) = rest.split_once(END).expect("core rules block end");
    if std::env::var_os("PEERLINT_BLESS").is_some() {
        std::fs::write(path, format!("{before}{START}{table}{END}{after}")).expect("writable");
        return;
    }
    assert_eq!(
        current, table,
        "README's core-rule table is stale; rerun with PEERLINT_BLESS=1"
    );
}
