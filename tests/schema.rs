//! `peerlint schema document`: the JSON Schema for request documents that
//! editors (yaml-language-server, VS Code) use. It must be a valid draft-07
//! schema, accept every valid request and reject the documents whose
//! problems it can state — and never reject a document `peerlint check`
//! passes without an error (except an unquoted number or boolean where a
//! string is expected, a deliberate type mismatch).

mod common;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use peerlint::document::{self, Format, Node, NodeKind, ScalarStyle};
use peerlint::engine::{Engine, EngineOptions};
use peerlint::workspace::lint_in_memory;
use serde_json::{json, Value};

use common::{manifest_dir, stderr, Run};

/// The schema as the binary prints it.
fn generate(args: &[&str]) -> Value {
    let mut all = vec!["schema", "document"];
    all.extend_from_slice(args);
    let output = Run::new(&all).output();
    assert_eq!(
        output.status.code(),
        Some(0),
        "schema document {args:?} failed: {}",
        stderr(&output)
    );
    serde_json::from_slice(&output.stdout).expect("the schema is JSON")
}

fn compile(schema: &Value) -> jsonschema::Validator {
    jsonschema::draft7::new(schema).expect("the schema compiles")
}

fn errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

fn assert_accepts(validator: &jsonschema::Validator, instance: &Value, what: &str) {
    let found = errors(validator, instance);
    assert!(
        found.is_empty(),
        "{what} should validate:\n{}\n{}",
        found.join("\n"),
        serde_json::to_string_pretty(instance).unwrap()
    );
}

fn assert_rejects(validator: &jsonschema::Validator, instance: &Value, what: &str) {
    assert!(
        !validator.is_valid(instance),
        "{what} should not validate:\n{}",
        serde_json::to_string_pretty(instance).unwrap()
    );
}

/// A node tree as the JSON a YAML 1.2 (core schema) loader such as
/// yaml-language-server would see.
fn to_json(node: &Node) -> Value {
    match &node.kind {
        NodeKind::Mapping(entries) => Value::Object(
            entries
                .iter()
                .map(|e| {
                    let key = match to_json(&e.key) {
                        Value::String(s) => s,
                        other => other.to_string(),
                    };
                    (key, to_json(&e.value))
                })
                .collect(),
        ),
        NodeKind::Sequence(items) => Value::Array(items.iter().map(to_json).collect()),
        NodeKind::Scalar(s) => match s.style {
            ScalarStyle::JsonNull => Value::Null,
            ScalarStyle::JsonBool => Value::Bool(s.value == "true"),
            ScalarStyle::JsonNumber => serde_json::from_str(&s.value).unwrap_or(Value::Null),
            ScalarStyle::Plain if s.tag.as_deref() != Some("str") => core_scalar(&s.value),
            _ => Value::String(s.value.clone()),
        },
    }
}

/// A plain scalar under the YAML 1.2 core schema.
fn core_scalar(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let decimal = !unsigned.is_empty() && unsigned.bytes().all(|b| b.is_ascii_digit());
    if decimal {
        if let Ok(n) = text.parse::<i64>() {
            return json!(n);
        }
    }
    if let Some(hex) = text.strip_prefix("0x") {
        if let Ok(n) = i64::from_str_radix(hex, 16) {
            return json!(n);
        }
    }
    if let Some(oct) = text.strip_prefix("0o") {
        if let Ok(n) = i64::from_str_radix(oct, 8) {
            return json!(n);
        }
    }
    let float_shaped = !unsigned.is_empty()
        && unsigned
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'))
        && unsigned
            .bytes()
            .next()
            .is_some_and(|b| b == b'.' || b.is_ascii_digit());
    if float_shaped {
        if let Ok(f) = text.parse::<f64>() {
            return json!(f);
        }
    }
    Value::String(text.to_owned())
}

/// The documents of a file (YAML stream or JSON), as JSON values.
fn documents(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).expect("readable");
    let format = Format::from_path(&path.to_string_lossy()).expect("a YAML or JSON file");
    let parsed = document::parse(&text, format);
    assert!(
        parsed.errors.is_empty(),
        "{}: syntax errors",
        path.display()
    );
    parsed.documents.iter().map(to_json).collect()
}

fn example(name: &str) -> Vec<Value> {
    documents(&manifest_dir().join("testdata/examples").join(name))
}

fn jd_request() -> Value {
    json!({
        "provider": "jdcloud",
        "params": {
            "regionId": "cn-north-1",
            "vpcPeeringName": "app_to_db",
            "vpcId": "vpc-ofxxrkkw0r",
            "remoteVpcId": "vpc-2k8d0cx9aa"
        }
    })
}

#[test]
fn the_schema_is_draft_07_with_id_and_title() {
    let schema = generate(&[]);
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    assert_eq!(schema["$id"], "urn:peerlint:schema:document");
    assert!(schema["title"].is_string() && schema["description"].is_string());
    // Valid against the draft-07 meta-schema, with every `pattern` a valid
    // ECMA-262 regex (`format: regex` checked).
    let meta = jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(&json!({"$ref": "http://json-schema.org/draft-07/schema#"}))
        .expect("the meta-schema compiles");
    let found = errors(&meta, &schema);
    assert!(found.is_empty(), "{}", found.join("\n"));
    assert_eq!(
        schema["definitions"]["fullRequest"]["properties"]["provider"]["enum"],
        json!(peerlint::rules::load::load_texts(true, &[])
            .sets
            .sets
            .keys()
            .collect::<Vec<_>>())
    );
    // Descriptions for hover text, from the rule files.
    let name = &schema["definitions"]["jdcloud.params"]["properties"]["vpcPeeringName"];
    let text = name["description"].as_str().expect("a description");
    assert!(text.contains("VPC peering name") && text.contains("jdcloud/name-length"));
    assert_eq!(name["maxLength"], 32);
}

#[test]
fn valid_examples_validate() {
    let validator = compile(&generate(&[]));
    let jd = example("jdcloud-app-to-db.yaml");
    assert_eq!(jd.len(), 2);
    for (i, doc) in jd.iter().enumerate() {
        assert_accepts(&validator, doc, &format!("jdcloud-app-to-db.yaml #{i}"));
    }
    let tencent = example("tencent-seed-example.yaml");
    assert_eq!(tencent.len(), 1);
    assert_accepts(&validator, &tencent[0], "tencent-seed-example.yaml");
    // A top-level array of requests.
    assert_accepts(
        &validator,
        &json!([jd[0], tencent[0]]),
        "an array of requests",
    );
    // The raw form: the params mapping itself.
    assert_accepts(&validator, &jd[1]["params"], "a raw JD request");
    assert_accepts(&validator, &tencent[0]["params"], "a raw Tencent request");
    // No `provider`: the params say which.
    let mut unnamed = jd[0].clone();
    unnamed.as_object_mut().unwrap().remove("provider");
    assert_accepts(&validator, &unnamed, "a full-form request without provider");
    // An empty document is ignored.
    assert_accepts(&validator, &Value::Null, "an empty document");
    // Unknown parameters are warnings in peerlint, so the schema allows them;
    // an optional parameter may be null.
    let mut extra = jd_request();
    extra["params"]["clientToken"] = json!("abc");
    extra["params"]["description"] = Value::Null;
    assert_accepts(&validator, &extra, "unknown and null optional parameters");
}

#[test]
fn invalid_requests_are_rejected() {
    let validator = compile(&generate(&[]));
    let mut missing = jd_request();
    missing["params"]
        .as_object_mut()
        .unwrap()
        .remove("remoteVpcId");
    assert_rejects(&validator, &missing, "a request missing remoteVpcId");
    assert_rejects(
        &validator,
        &missing["params"],
        "a raw request missing remoteVpcId",
    );
    assert_rejects(
        &validator,
        &json!([jd_request(), missing]),
        "an array with a bad request",
    );

    let mut long = jd_request();
    long["params"]["vpcPeeringName"] = json!("a".repeat(33));
    assert_rejects(&validator, &long, "a JD name of 33 characters");
    long["params"]["vpcPeeringName"] = json!("名".repeat(32));
    assert_accepts(&validator, &long, "a JD name of 32 Chinese characters");

    let mut space = jd_request();
    space["params"]["vpcPeeringName"] = json!("app to db");
    assert_rejects(&validator, &space, "a JD name with a space");

    let mut empty = jd_request();
    empty["params"]["vpcId"] = json!("");
    assert_rejects(&validator, &empty, "an empty required parameter");

    let mut unknown = jd_request();
    unknown["provider"] = json!("jdcluod");
    assert_rejects(&validator, &unknown, "an unknown provider");

    let mut secret = jd_request();
    secret["params"]["secretkey"] = json!("x");
    assert_rejects(&validator, &secret, "a credential");

    let mut bad_vpc = example("jdcloud-app-to-db.yaml").remove(0);
    bad_vpc["vpcs"][1]["vpcId"] = json!("VPC-2K8D0CX9AA");
    assert_rejects(&validator, &bad_vpc, "a vpcs entry with a malformed id");
    bad_vpc["vpcs"][1]["vpcId"] = json!("vpc-2k8d0cx9aa");
    bad_vpc["vpcs"][1]["addressPrefix"] = json!("10.1.0.0/16");
    assert_rejects(&validator, &bad_vpc, "addressPrefix that is not a list");

    for (i, doc) in example("jdcloud-mistakes.yaml").iter().enumerate() {
        assert_rejects(&validator, doc, &format!("jdcloud-mistakes.yaml #{i}"));
    }
}

#[test]
fn a_provider_schema_rejects_other_providers() {
    let schema = generate(&["--provider", "tencentcloud"]);
    assert_eq!(schema["$id"], "urn:peerlint:schema:document:tencentcloud");
    let validator = compile(&schema);
    assert_accepts(
        &validator,
        &example("tencent-seed-example.yaml")[0],
        "tencent-seed-example.yaml",
    );
    let jd = example("jdcloud-app-to-db.yaml");
    assert_rejects(&validator, &jd[0], "a JD request");
    assert_rejects(&validator, &jd[1]["params"], "a raw JD request");
    assert_rejects(&validator, &jd_request(), "a JD request");
}

/// An error-level rule with a condition applies to some requests only: the
/// schema must not state it for all (it would reject what `check` passes).
#[test]
fn conditional_rules_are_not_encoded() {
    let dir = common::scratch("conditional");
    common::write(
        &dir,
        "cond.yaml",
        "provider: condschema\nversion: \"1\"\ndetect: [csNet]\nparams:\n  csNet: {type: string, required: true}\n  csMode: {type: string}\n  csKey: {type: string}\nrules:\n  - id: condschema/key-format\n    check: pattern\n    target: params.csKey\n    pattern: '^k-\\d+$'\n    when: {target: params.csMode, equals: customer}\n  - id: condschema/key-length\n    check: length\n    target: params.csKey\n    max: 12\n",
    );
    let rules = dir.join("cond.yaml");
    let schema = generate(&[
        "--no-builtin-rules",
        "--rules",
        rules.to_str().expect("utf-8 path"),
    ]);
    let validator = compile(&schema);
    let managed = json!({"provider": "condschema", "params": {"csNet": "n1", "csMode": "managed", "csKey": "anything"}});
    assert_accepts(&validator, &managed, "a request the condition leaves out");
    // The unconditional rule is still encoded.
    let long =
        json!({"provider": "condschema", "params": {"csNet": "n1", "csKey": "k-1234567890123"}});
    assert_rejects(&validator, &long, "a key over 12 characters");
}

#[test]
fn an_unknown_provider_is_a_usage_error() {
    let output = Run::new(&["schema", "document", "--provider", "jdclod"]).output();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("did you mean `jdcloud`"));
}

fn request_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("readable")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if path.is_dir() {
            if !matches!(name.as_str(), "bad-rules" | "providers") {
                request_files(&path, out);
            }
        } else if Format::from_path(&name).is_some()
            // Terraform files: the top level is Terraform's, not a request's.
            && Format::from_path(&name) != Some(Format::Hcl)
            && !name.ends_with(".tf.json")
            && !name.ends_with(".expected.json")
            && !name.starts_with("inventory")
            && !name.starts_with("rules")
            && !name.starts_with(".peerlint")
        {
            out.push(path);
        }
    }
}

/// Every request of the test data that `peerlint check` passes without an
/// error validates against the schema (with the test-only provider loaded
/// too, so a rule set peerlint knows nothing special about is covered).
#[test]
fn the_schema_never_rejects_what_peerlint_passes() {
    let schema = generate(&["--rules", "testdata/providers"]);
    let validator = compile(&schema);
    let registry = common::fixture_sets();
    let engine = Engine::new(&registry, EngineOptions::default());
    let detect: HashSet<&str> = registry
        .sets
        .values()
        .flat_map(|s| s.detect.iter().map(String::as_str))
        .collect();
    let is_request = |v: &Value| {
        v.as_object().is_some_and(|m| {
            m.contains_key("provider")
                || m.contains_key("params")
                || m.keys().any(|k| detect.contains(k.as_str()))
        })
    };
    let mut files = Vec::new();
    request_files(&manifest_dir().join("testdata"), &mut files);
    let (mut checked, mut rejected) = (0, 0);
    let mut failures = Vec::new();
    for path in files {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue; // invalid UTF-8 fixtures
        };
        let name = path.to_string_lossy().into_owned();
        let parsed = document::parse(&text, Format::from_path(&name).expect("format"));
        if !parsed.errors.is_empty() || !parsed.broken.is_empty() {
            continue;
        }
        let mut candidates: Vec<Value> = Vec::new();
        for doc in &parsed.documents {
            match to_json(doc) {
                Value::Array(items) => candidates.extend(items),
                other => candidates.push(other),
            }
        }
        let report = lint_in_memory(&engine, vec![(name.clone(), text.into_bytes())], Vec::new());
        let requests = candidates.iter().filter(|c| is_request(c)).count();
        if requests != report.summary.documents
            || report.diagnostics.iter().any(|d| d.document.is_none())
        {
            continue; // not indexed the way this test assumes
        }
        let failed: HashSet<usize> = report
            .diagnostics
            .iter()
            .filter(|d| {
                d.severity == peerlint::diagnostic::Severity::Error
                    || d.code == "peerlint/implicit-type"
            })
            .filter_map(|d| d.document)
            .collect();
        for (i, candidate) in candidates.iter().enumerate() {
            if !is_request(candidate) {
                continue;
            }
            if failed.contains(&i) {
                rejected += 1;
                continue;
            }
            checked += 1;
            let found = errors(&validator, candidate);
            if !found.is_empty() {
                failures.push(format!("{name} #{i}: {}", found.join("; ")));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    eprintln!("compared {checked} passing and {rejected} failing documents");
    assert!(
        checked > 50 && rejected > 50,
        "too few documents compared: {checked} passing, {rejected} failing"
    );
}
