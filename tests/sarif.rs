//! `--format sarif`: real output validated against the OASIS SARIF 2.1.0
//! schema, and GitHub code scanning's documented requirements and limits.

mod common;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::{json, Value};

use common::{manifest_dir, run_in, scratch};

use peerlint::diagnostic::{ApiError, Diagnostic, Label, Location, Severity, Suppression};
use peerlint::document::Span;
use peerlint::output::sarif;
use peerlint::report::Report;
use peerlint::rules::model::RuleSets;
use peerlint::rules::{self, LoadOptions};

const SCHEMA: &str = "tests/schemas/sarif-2.1.0-rtm.5.json";

fn sarif_of(dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["check", "--format", "sarif"];
    all.extend_from_slice(args);
    let out = run_in(dir, &all);
    assert!(
        matches!(out.status.code(), Some(0..=2)),
        "exit {:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

/// A request whose own VPC (10.0.0.0/16) overlaps the inventory's peer
/// VPC (10.0.0.0/24): an error with a related location in `inv.yaml`.
fn inventory_case(name: &str) -> PathBuf {
    let dir = scratch(name);
    std::fs::write(
        dir.join("inv.yaml"),
        "provider: jdcloud\nvpcs:\n  - {vpcId: vpc-2k8d0cx9aa, addressPrefix: [10.0.0.0/24]}\n",
    )
    .expect("write inventory");
    std::fs::create_dir_all(dir.join("requests dir")).expect("mkdir");
    std::fs::write(
        dir.join("requests dir/app#1.yaml"),
        "provider: jdcloud\nparams:\n  regionId: cn-north-1\n  vpcPeeringName: app_to_db\n  \
         vpcId: vpc-ofxxrkkw0r\n  remoteVpcId: vpc-2k8d0cx9aa\nvpcs:\n  \
         - {vpcId: vpc-ofxxrkkw0r, addressPrefix: [10.0.0.0/16]}\n",
    )
    .expect("write request");
    dir
}

fn validator() -> &'static jsonschema::Validator {
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        let text = std::fs::read_to_string(manifest_dir().join(SCHEMA)).expect("vendored schema");
        let mut schema: Value = serde_json::from_str(&text).expect("schema is JSON");
        // The only defect of the OASIS file: the `language` patterns of
        // `run` and `toolComponent` have an unbalanced `]`, which fails the
        // draft-04 meta-schema's `regex` format. peerlint never writes
        // `language`; use the intended pattern.
        for owner in ["run", "toolComponent"] {
            let pattern = schema
                .pointer_mut(&format!("/definitions/{owner}/properties/language/pattern"))
                .expect("language pattern");
            assert_eq!(pattern, "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$");
            *pattern = json!("^[a-zA-Z]{2}(-[a-zA-Z]{2})?$");
        }
        jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .expect("schema compiles")
    })
}

/// The schema is draft-04, where `uri-reference` is not a checked format:
/// check artifact URIs with a draft-07 `uri-reference` validator.
fn uri_reference_validator() -> &'static jsonschema::Validator {
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        jsonschema::draft7::options()
            .should_validate_formats(true)
            .build(&json!({"type": "string", "format": "uri-reference"}))
            .expect("compiles")
    })
}

fn assert_valid(log: &Value) {
    let errors: Vec<String> = validator()
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF does not validate:\n{}\n{}",
        errors.join("\n"),
        serde_json::to_string_pretty(log).unwrap()
    );
}

fn artifact_locations(log: &Value) -> Vec<&Value> {
    let mut found = Vec::new();
    fn walk<'a>(v: &'a Value, found: &mut Vec<&'a Value>) {
        match v {
            Value::Object(map) => {
                for (k, child) in map {
                    if k == "artifactLocation" {
                        found.push(child);
                    }
                    walk(child, found);
                }
            }
            Value::Array(items) => items.iter().for_each(|i| walk(i, found)),
            _ => {}
        }
    }
    walk(log, &mut found);
    found
}

/// GitHub code scanning's documented requirements and limits.
fn assert_github_requirements(log: &Value) {
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().is_some_and(|s| s.contains("sarif")));
    let runs = log["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .expect("%SRCROOT%");
    assert!(
        base.starts_with("file:///") && base.ends_with('/'),
        "{base}"
    );

    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "peerlint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(driver["semanticVersion"], env!("CARGO_PKG_VERSION"));
    // No home page is claimed that the project does not have.
    assert!(driver.get("informationUri").is_none());
    let rules = driver["rules"].as_array().expect("rules");
    assert!(rules.len() <= 25_000);
    let mut ids = HashSet::new();
    for rule in rules {
        let id = rule["id"].as_str().expect("rule id");
        assert!(ids.insert(id), "duplicate rule {id}");
        assert!(rule["name"]
            .as_str()
            .is_some_and(|n| !n.is_empty() && n.chars().all(char::is_alphanumeric)));
        for key in ["shortDescription", "fullDescription"] {
            let text = rule[key]["text"]
                .as_str()
                .unwrap_or_else(|| panic!("{id} {key}"));
            assert!(
                !text.is_empty() && text.chars().count() <= 1024,
                "{id} {key}"
            );
        }
        assert!(
            rule["help"]["text"].as_str().is_some_and(|t| !t.is_empty()),
            "{id}"
        );
        assert!(rule["help"]["markdown"].is_string(), "{id}");
        assert!(
            ["error", "warning", "note"]
                .contains(&rule["defaultConfiguration"]["level"].as_str().unwrap()),
            "{id}"
        );
        let props = &rule["properties"];
        assert!(
            props["tags"].as_array().is_some_and(|t| t.len() <= 20),
            "{id}"
        );
        assert!(props["precision"].is_string(), "{id}");
        assert!(
            ["error", "warning", "recommendation"]
                .contains(&props["problem.severity"].as_str().unwrap()),
            "{id}"
        );
    }

    let results = run["results"].as_array().expect("results");
    assert!(results.len() <= 25_000);
    for r in results {
        let rule_id = r["ruleId"].as_str().expect("ruleId");
        let index = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], rule_id, "ruleIndex points at the rule");
        assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()));
        assert!(r["message"]["text"].as_str().is_some_and(|t| !t.is_empty()));
        let locations = r["locations"].as_array().expect("locations");
        assert!(!locations.is_empty() && locations.len() <= 1000);
        for l in locations {
            let region = &l["physicalLocation"]["region"];
            assert!(region["startLine"].as_u64().is_some_and(|n| n >= 1), "{r}");
            assert!(
                region["startColumn"].as_u64().is_some_and(|n| n >= 1),
                "{r}"
            );
            assert!(region["endLine"].as_u64() >= region["startLine"].as_u64());
        }
        let related = r["relatedLocations"]
            .as_array()
            .map_or(&[][..], Vec::as_slice);
        assert!(related.len() <= 1000);
        let mut ids = HashSet::new();
        for l in related {
            assert!(ids.insert(l["id"].as_u64().expect("related id")));
            assert!(l["message"]["text"].is_string());
        }
        assert!(r["partialFingerprints"]
            .as_object()
            .is_some_and(|f| !f.is_empty()));
    }
    for a in artifact_locations(log) {
        let uri = a["uri"].as_str().expect("uri");
        if a.get("uriBaseId").is_some() {
            assert_eq!(a["uriBaseId"], "%SRCROOT%");
            assert!(!uri.starts_with('/') && !uri.starts_with("file:"), "{uri}");
            assert!(!uri.contains('\\') && !uri.contains(' '), "{uri}");
        }
        assert!(uri_reference_validator().is_valid(&json!(uri)), "{uri}");
    }
}

fn results(log: &Value) -> &Vec<Value> {
    log["runs"][0]["results"].as_array().expect("results")
}

fn loaded_rule_ids() -> Vec<String> {
    let loaded = rules::load(&LoadOptions {
        builtin: true,
        paths: Vec::new(),
        ..LoadOptions::default()
    });
    let mut ids: Vec<String> = peerlint::core_rules::CORE_RULES
        .iter()
        .map(|r| r.id.to_owned())
        .collect();
    for set in loaded.sets.sets.values() {
        ids.extend(set.rules.iter().map(|r| r.id.clone()));
    }
    ids
}

#[test]
fn real_output_validates_and_meets_github_requirements() {
    let dir = manifest_dir();
    let cases: &[&[&str]] = &[
        // errors, warnings, a same-file label
        &["testdata/examples/jdcloud-mistakes.yaml"],
        // info, a duplicate key labelled at the first key, a credential, hidden characters
        &["testdata/examples/tencent-mistakes.json"],
        &["testdata/peerlint/duplicate-key/fail.yaml"],
        // a CIDR overlap (label in the same file)
        &["testdata/jdcloud/address-overlap/fail.yaml"],
        // nothing to report
        &["testdata/examples/jdcloud-app-to-db.yaml"],
        // an unreadable input: a tool execution notification
        &[
            "testdata/examples/jdcloud-mistakes.yaml",
            "no/such/file.yaml",
        ],
        &["testdata/examples"],
        // every fixture: hundreds of results of every kind
        &["testdata"],
    ];
    let mut levels = HashSet::new();
    let mut labelled = false;
    for args in cases {
        let log = sarif_of(dir, args);
        assert_valid(&log);
        assert_github_requirements(&log);
        for r in results(&log) {
            levels.insert(r["level"].as_str().unwrap().to_owned());
            labelled |= r.get("relatedLocations").is_some();
        }
    }
    assert_eq!(
        levels,
        HashSet::from(["error".into(), "warning".into(), "note".into()])
    );
    assert!(labelled);
}

#[test]
fn every_loaded_rule_is_listed_with_its_metadata() {
    let log = sarif_of(
        manifest_dir(),
        &["testdata/examples/jdcloud-app-to-db.yaml"],
    );
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let listed: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let expected = loaded_rule_ids();
    assert_eq!(
        listed,
        expected.iter().map(String::as_str).collect::<Vec<_>>()
    );

    let by_id = |id: &str| rules.iter().find(|r| r["id"] == id).unwrap();
    let dup = by_id("peerlint/duplicate-key");
    assert_eq!(dup["name"], "PeerlintDuplicateKey");
    assert_eq!(
        dup["shortDescription"]["text"],
        "a mapping has the same key twice"
    );
    assert!(dup["fullDescription"]["text"]
        .as_str()
        .unwrap()
        .starts_with("Parsers keep one of the two values"));
    assert_eq!(dup["defaultConfiguration"]["level"], "error");
    assert_eq!(dup["properties"]["problem.severity"], "error");
    assert!(dup["help"]["markdown"]
        .as_str()
        .unwrap()
        .contains("```yaml"));

    let overlap = by_id("jdcloud/address-overlap");
    assert_eq!(overlap["name"], "JdcloudAddressOverlap");
    assert!(overlap["help"]["text"]
        .as_str()
        .unwrap()
        .contains("Predicted API error: HTTP 400"));

    // Info rules map to `note` / `recommendation`.
    let note = by_id("jdcloud/missing-reverse-peering");
    assert_eq!(note["defaultConfiguration"]["level"], "note");
    assert_eq!(note["properties"]["problem.severity"], "recommendation");

    // Every rule of a rule set has a helpUri: its own link, else its API's reference.
    let loaded = rules::load(&LoadOptions {
        builtin: true,
        paths: Vec::new(),
        ..LoadOptions::default()
    });
    for set in loaded.sets.sets.values() {
        for r in &set.rules {
            assert_eq!(
                by_id(&r.id).get("helpUri").and_then(Value::as_str),
                r.url.as_deref().or(set.docs.as_deref()),
                "{}",
                r.id
            );
        }
    }
}

#[test]
fn results_have_regions_in_scalar_values_and_related_locations_in_other_files() {
    let dir = inventory_case("inventory");
    let log = sarif_of(
        &dir,
        &["--inventory", "inv.yaml", "requests dir/app#1.yaml"],
    );
    assert_valid(&log);
    assert_github_requirements(&log);
    let run = &log["runs"][0];
    assert_eq!(
        run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
            .as_str()
            .unwrap()
            .trim_end_matches('/')
            .rsplit('/')
            .next(),
        dir.file_name().and_then(|n| n.to_str())
    );
    let overlap = results(&log)
        .iter()
        .find(|r| r["ruleId"] == "jdcloud/address-overlap")
        .expect("an overlap result");
    assert_eq!(overlap["level"], "error");
    let primary = &overlap["locations"][0]["physicalLocation"];
    assert_eq!(
        primary["artifactLocation"]["uri"],
        "requests%20dir/app%231.yaml"
    );
    assert_eq!(primary["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    // `  - {vpcId: vpc-ofxxrkkw0r, addressPrefix: [10.0.0.0/16]}`: columns 45..56.
    assert_eq!(
        primary["region"],
        json!({"startLine": 8, "startColumn": 45, "endLine": 8, "endColumn": 56})
    );
    let related = overlap["relatedLocations"].as_array().expect("related");
    let inv = related
        .iter()
        .find(|l| l["physicalLocation"]["artifactLocation"]["uri"] == "inv.yaml")
        .expect("related location in the inventory");
    assert_eq!(
        inv["physicalLocation"]["region"],
        json!({"startLine": 3, "startColumn": 45, "endLine": 3, "endColumn": 56})
    );
    assert!(inv["message"]["text"]
        .as_str()
        .unwrap()
        .contains("10.0.0.0/24"));
    let text = overlap["message"]["text"].as_str().unwrap();
    assert!(
        text.contains("overlap") && text.contains("\nhelp: "),
        "{text}"
    );

    // Fingerprints are stable from run to run.
    let again = sarif_of(
        &dir,
        &["--inventory", "inv.yaml", "requests dir/app#1.yaml"],
    );
    let prints = |log: &Value| -> Vec<Value> {
        results(log)
            .iter()
            .map(|r| r["partialFingerprints"].clone())
            .collect()
    };
    assert_eq!(prints(&log), prints(&again));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn columns_count_unicode_scalar_values() {
    // cjk.yaml: a name with Chinese characters before the offending one.
    let json_out = run_in(
        manifest_dir(),
        &["check", "--format", "json", "testdata/positions/cjk.yaml"],
    );
    let json: Value = serde_json::from_slice(&json_out.stdout).unwrap();
    let log = sarif_of(manifest_dir(), &["testdata/positions/cjk.yaml"]);
    assert_valid(&log);
    let diagnostics = json["diagnostics"].as_array().unwrap();
    let results = results(&log);
    assert_eq!(diagnostics.len(), results.len());
    for (d, r) in diagnostics.iter().zip(results) {
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert_eq!(region["startLine"], d["start"]["line"]);
        assert_eq!(region["startColumn"], d["start"]["column"]);
        assert_eq!(region["endLine"], d["end"]["line"]);
        assert_eq!(region["endColumn"], d["end"]["column"]);
    }
}

#[test]
fn errors_become_notifications_and_unsuccessful_execution() {
    let log = sarif_of(
        manifest_dir(),
        &[
            "testdata/examples/jdcloud-app-to-db.yaml",
            "no/such/file.yaml",
        ],
    );
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notes = invocation["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0]["level"], "error");
    assert!(notes[0]["message"]["text"]
        .as_str()
        .unwrap()
        .contains("no/such/file.yaml"));
    assert_eq!(
        notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "no/such/file.yaml"
    );

    let ok = sarif_of(
        manifest_dir(),
        &["testdata/examples/jdcloud-app-to-db.yaml"],
    );
    assert_eq!(ok["runs"][0]["invocations"][0]["executionSuccessful"], true);
}

fn location(start: usize, line: usize, column: usize, len: usize) -> Location {
    Location {
        span: Span::new(start, start + len),
        start: common::position(line, column),
        end: common::position(line, column + len),
    }
}

fn diagnostic(code: &str, severity: Severity, suppressed: Option<Suppression>) -> Diagnostic {
    Diagnostic {
        file: "requests/a.yaml".into(),
        document: Some(0),
        provider: Some("jdcloud".into()),
        code: code.into(),
        severity,
        message: "vpcPeeringName is 33 characters long; JD Cloud allows 1 to 32".into(),
        help: Some("shorten the name".into()),
        url: None,
        api_error: Some(ApiError {
            status: Some(400),
            code: None,
        }),
        pointer: "/params/vpcPeeringName".into(),
        location: location(40, 4, 19, 35),
        labels: vec![
            Label {
                message: "first here".into(),
                file: None,
                location: location(10, 2, 3, 5),
            },
            Label {
                message: "declared here".into(),
                file: Some("/elsewhere/inv.yaml".into()),
                location: location(0, 1, 1, 4),
            },
        ],
        suppressed,
        label: None,
        fix: None,
    }
}

/// The SARIF log `report` is written as, run from `/work/repo`.
fn log_of(report: &Report) -> Value {
    let mut out = Vec::new();
    sarif::write(report, &registry(), Path::new("/work/repo"), &mut out).expect("written");
    serde_json::from_slice(&out).expect("the log is JSON")
}

fn registry() -> RuleSets {
    rules::load(&LoadOptions {
        builtin: true,
        paths: Vec::new(),
        ..LoadOptions::default()
    })
    .sets
}

#[test]
fn suppressed_findings_carry_suppressions() {
    let mut report = Report {
        diagnostics: vec![
            diagnostic(
                "jdcloud/name-length",
                Severity::Error,
                Some(Suppression {
                    kind: "inSource",
                    justification: Some("legacy name, renamed in Q3".into()),
                }),
            ),
            diagnostic(
                "jdcloud/name-length",
                Severity::Error,
                Some(Suppression {
                    kind: "external",
                    justification: None,
                }),
            ),
            diagnostic("jdcloud/name-length", Severity::Error, None),
        ],
        ..Report::default()
    };
    report.count();
    let log = log_of(&report);
    assert_valid(&log);
    assert_github_requirements(&log);
    let results = results(&log);
    assert_eq!(results.len(), 3);
    assert_eq!(
        results[0]["suppressions"],
        json!([{"kind": "inSource", "status": "accepted", "justification": "legacy name, renamed in Q3"}])
    );
    assert_eq!(
        results[1]["suppressions"],
        json!([{"kind": "external", "status": "accepted"}])
    );
    assert_eq!(results[2]["suppressions"], json!([]));
    // Same rule, file and pointer: fingerprints still differ, by occurrence.
    let prints: HashSet<String> = results
        .iter()
        .map(|r| {
            r["partialFingerprints"][sarif::FINGERPRINT_KEY]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(prints.len(), 3);
    // A related location outside the working directory keeps an absolute file URI.
    let related = results[2]["relatedLocations"].as_array().unwrap();
    assert_eq!(related.len(), 2);
    assert_eq!(
        related[0]["physicalLocation"]["artifactLocation"]["uri"],
        "requests/a.yaml"
    );
    assert_eq!(
        related[1]["physicalLocation"]["artifactLocation"],
        json!({"uri": "file:///elsewhere/inv.yaml"})
    );
}

#[test]
fn unknown_codes_get_a_rule_and_results_are_capped() {
    let mut report = Report::default();
    report
        .diagnostics
        .push(diagnostic("acme/not-loaded", Severity::Info, None));
    for _ in 0..sarif::MAX_RESULTS {
        report
            .diagnostics
            .push(diagnostic("jdcloud/name-length", Severity::Warning, None));
    }
    report
        .diagnostics
        .push(diagnostic("jdcloud/name-length", Severity::Error, None));
    report.count();
    let log = log_of(&report);
    assert_github_requirements(&log);
    let results = results(&log);
    assert_eq!(results.len(), sarif::MAX_RESULTS);
    // The most severe are kept: the error, not the info note.
    assert!(results.iter().any(|r| r["level"] == "error"));
    assert!(results.iter().all(|r| r["level"] != "note"));
    let notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    assert!(notes[0]["message"]["text"]
        .as_str()
        .unwrap()
        .contains("25000"));

    let mut small = Report::default();
    small
        .diagnostics
        .push(diagnostic("acme/not-loaded", Severity::Info, None));
    let log = log_of(&small);
    assert_valid(&log);
    assert_github_requirements(&log);
}

#[test]
fn the_schema_validation_catches_broken_logs() {
    let good = sarif_of(
        manifest_dir(),
        &["testdata/peerlint/duplicate-key/fail.yaml"],
    );
    assert_valid(&good);
    let breakages: &[(&str, Value)] = &[
        ("/version", json!("2.0.0")),
        ("/runs/0/columnKind", json!("bytes")),
        ("/runs/0/results/0/level", json!("info")),
        (
            "/runs/0/results/0/locations/0/physicalLocation/region/startLine",
            json!(0),
        ),
        (
            "/runs/0/results/0/suppressions",
            json!([{"kind": "inComment"}]),
        ),
        ("/runs/0/tool/driver/rules/0/helpUri", json!("not a uri")),
        (
            "/runs/0/tool/driver/rules/0/defaultConfiguration/level",
            json!("info"),
        ),
    ];
    for (pointer, value) in breakages {
        let mut bad = good.clone();
        match bad.pointer_mut(pointer) {
            Some(slot) => *slot = value.clone(),
            None => {
                let (parent, key) = pointer.rsplit_once('/').unwrap();
                bad.pointer_mut(parent)
                    .and_then(Value::as_object_mut)
                    .unwrap_or_else(|| panic!("{parent}"))
                    .insert(key.to_owned(), value.clone());
            }
        }
        assert!(
            !validator().is_valid(&bad),
            "{pointer} = {value} should not validate"
        );
    }
    let mut extra = good.clone();
    extra["runs"][0]["results"][0]["severity"] = json!("error");
    assert!(
        !validator().is_valid(&extra),
        "unknown properties are rejected"
    );
}
