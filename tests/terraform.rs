//! Terraform files and plans, with every finding's position and pointer
//! pinned by hand (columns counted in the fixtures, not blessed): a module
//! of three files with planted violations (`testdata/terraform/module/`),
//! a clean module, Terraform's JSON syntax, and a plan with every kind of
//! change. The test-only provider `acme` (`testdata/providers/acme.yaml`)
//! maps `acme_net_link` resources to its requests and `acme_net` resources
//! to VPC facts. The built-in sets' own resources have a clean and a planted
//! module each under `testdata/terraform/<provider>/`, and aws and
//! tencentcloud-v3 a plan.

mod common;

use std::path::{Path, PathBuf};

use peerlint::engine::{Engine, EngineOptions};
use peerlint::input::Role;
use peerlint::report::Report;
use peerlint::rules::model::RuleSets;
use peerlint::rules::{load, LoadOptions};
use peerlint::workspace::{self, Input, Inputs, Workspace};

fn fixtures() -> PathBuf {
    common::manifest_dir().join("testdata/terraform")
}

/// Lint in-memory files `(name, text)` as one run.
fn lint_texts(sets: &RuleSets, files: &[(&str, &str)]) -> Report {
    let engine = Engine::new(sets, EngineOptions::default());
    let mut workspace = Workspace::default();
    for (name, text) in files {
        workspace.set_file_as(&engine, name, text.as_bytes().to_vec(), Role::Found);
    }
    workspace.report(&engine, &[], Path::new(""))
}

/// Lint fixture files (relative to `testdata/terraform`), named as the
/// walk of that directory names them.
fn lint(sets: &RuleSets, names: &[&str]) -> Report {
    let texts: Vec<(String, String)> = names
        .iter()
        .map(|n| {
            let text = std::fs::read_to_string(fixtures().join(n)).expect("fixture");
            ((*n).to_owned(), text)
        })
        .collect();
    let borrowed: Vec<(&str, &str)> = texts
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    lint_texts(sets, &borrowed)
}

/// `(file, code, (line, column), (line, column), pointer)` of each
/// unsuppressed finding, in report order.
type Pinned<'a> = (&'a str, &'a str, (usize, usize), (usize, usize), &'a str);
/// [`Pinned`], owned.
type Pin = (String, String, (usize, usize), (usize, usize), String);
/// `(file, start, end, message)` of a label.
type LabelPin<'a> = (Option<&'a str>, (usize, usize), (usize, usize), &'a str);

fn pins(report: &Report) -> Vec<Pin> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.suppressed.is_none())
        .map(|d| {
            (
                d.file.clone(),
                d.code.clone(),
                (d.location.start.line, d.location.start.column),
                (d.location.end.line, d.location.end.column),
                d.pointer.clone(),
            )
        })
        .collect()
}

fn assert_pinned(report: &Report, expected: &[Pinned<'_>]) {
    let got = pins(report);
    let want: Vec<Pin> = expected
        .iter()
        .map(|(f, c, s, e, p)| ((*f).to_owned(), (*c).to_owned(), *s, *e, (*p).to_owned()))
        .collect();
    assert_eq!(got, want, "{:#?}", report.diagnostics);
}

fn find<'r>(report: &'r Report, code: &str, file: &str) -> &'r peerlint::Diagnostic {
    report
        .diagnostics
        .iter()
        .find(|d| d.code == code && d.file == file)
        .unwrap_or_else(|| panic!("no {code} in {file}: {:#?}", report.diagnostics))
}

#[test]
fn a_module_with_planted_violations() {
    let sets = common::fixture_sets();
    let report = lint(
        &sets,
        &["module/main.tf", "module/variables.tf", "module/vpcs.tf"],
    );
    const MAIN: &str = "module/main.tf";
    assert_pinned(
        &report,
        &[
            (
                MAIN,
                "acme/zone-known",
                (7, 19),
                (7, 23),
                "/resource/acme_net_link/app_db/zone",
            ),
            // The first character the charset rejects: `D` of "Db link".
            (
                MAIN,
                "acme/title-charset",
                (8, 20),
                (8, 21),
                "/resource/acme_net_link/app_db/title",
            ),
            // On the second network's reference, both blocks labelled.
            (
                MAIN,
                "acme/network-overlap",
                (10, 19),
                (10, 33),
                "/resource/acme_net_link/app_db/target_net_id",
            ),
            (
                MAIN,
                "acme/bandwidth-range",
                (11, 19),
                (11, 23),
                "/resource/acme_net_link/app_db/bandwidth",
            ),
            // `var.tier`, whose default is labelled in variables.tf.
            (
                MAIN,
                "acme/tier",
                (12, 19),
                (12, 27),
                "/resource/acme_net_link/app_db/tier",
            ),
            (
                MAIN,
                "peerlint/unknown-parameter",
                (14, 3),
                (14, 6),
                "/resource/acme_net_link/app_db/nte",
            ),
            // Missing arguments: at the block's header, `resource` to `{`.
            (
                MAIN,
                "peerlint/missing-parameter",
                (32, 1),
                (32, 37),
                "/resource/acme_net_link/missing/zone",
            ),
            (
                MAIN,
                "peerlint/missing-parameter",
                (32, 1),
                (32, 37),
                "/resource/acme_net_link/missing/source_net_id",
            ),
            (
                MAIN,
                "peerlint/missing-parameter",
                (32, 1),
                (32, 37),
                "/resource/acme_net_link/missing/target_net_id",
            ),
        ],
    );
    // Messages use the argument's name and add the API parameter's.
    let charset = find(&report, "acme/title-charset", MAIN);
    assert!(
        charset
            .message
            .starts_with("title (linkTitle) contains 'D'"),
        "{}",
        charset.message
    );
    let missing: Vec<&str> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "peerlint/missing-parameter")
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        missing,
        [
            "required parameter `zone` is missing",
            "required parameter `source_net_id (sourceNetwork)` is missing",
            "required parameter `target_net_id (targetNetwork)` is missing",
        ]
    );
    let unknown = find(&report, "peerlint/unknown-parameter", MAIN);
    assert_eq!(unknown.message, "unknown argument `nte` of acme_net_link");
    assert_eq!(unknown.help.as_deref(), Some("did you mean `note`?"));
    // The variable's default is labelled in its own file.
    let tier = find(&report, "acme/tier", MAIN);
    assert_eq!(tier.message, "tier `platinum` is not offered by Acme");
    let label = &tier.labels[0];
    assert_eq!(label.file.as_deref(), Some("module/variables.tf"));
    assert_eq!(label.message, "the default of variable `tier`");
    assert_eq!(
        (label.location.start.line, label.location.start.column),
        (3, 13)
    );
    assert_eq!(
        (label.location.end.line, label.location.end.column),
        (3, 23)
    );
    // The overlap labels both networks' blocks where they are written (the
    // second through a variable's default).
    let overlap = find(&report, "acme/network-overlap", MAIN);
    assert_eq!(
        overlap.message,
        "the address blocks of module/acme_net.app (100.64.0.0/16) and module/acme_net.db (100.64.8.0/21) overlap"
    );
    let related: Vec<LabelPin<'_>> = overlap
        .labels
        .iter()
        .map(|l| {
            (
                l.file.as_deref(),
                (l.location.start.line, l.location.start.column),
                (l.location.end.line, l.location.end.column),
                l.message.as_str(),
            )
        })
        .collect();
    assert_eq!(
        related,
        [
            (
                Some("module/vpcs.tf"),
                (2, 16),
                (2, 31),
                "100.64.0.0/16 of module/acme_net.app"
            ),
            (
                Some("module/vpcs.tf"),
                (6, 16),
                (6, 27),
                "100.64.8.0/21 of module/acme_net.db"
            ),
        ]
    );
    // The `//` suppression on the line before silences the title's length.
    let suppressed: Vec<(&str, usize)> = report
        .diagnostics
        .iter()
        .filter(|d| d.suppressed.is_some())
        .map(|d| (d.code.as_str(), d.location.start.line))
        .collect();
    assert_eq!(suppressed, [("acme/title-length", 34)]);
    // Requests: the three links; variables.tf and vpcs.tf hold none.
    assert_eq!(report.summary.documents, 3);
    assert_eq!(report.summary.skipped, 2);
}

#[test]
fn a_clean_module_reports_nothing() {
    let sets = common::fixture_sets();
    let report = lint(&sets, &["clean/main.tf"]);
    assert_pinned(&report, &[]);
    assert_eq!(report.summary.documents, 2);
}

#[test]
fn terraform_json_syntax() {
    let sets = common::fixture_sets();
    let report = lint(&sets, &["links.tf.json"]);
    const FILE: &str = "links.tf.json";
    assert_pinned(
        &report,
        &[
            // `"${var.link_title}"`: the default is the value (the whole
            // reference is the span; the default is labelled).
            (
                FILE,
                "acme/title-charset",
                (7, 18),
                (7, 37),
                "/resource/acme_net_link/json_link/title",
            ),
            (
                FILE,
                "acme/net-id-format",
                (9, 26),
                (9, 35),
                "/resource/acme_net_link/json_link/target_net_id",
            ),
            (
                FILE,
                "acme/bandwidth-range",
                (10, 22),
                (10, 23),
                "/resource/acme_net_link/json_link/bandwidth",
            ),
            (
                FILE,
                "peerlint/unknown-parameter",
                (13, 9),
                (13, 15),
                "/resource/acme_net_link/json_link/tagz",
            ),
        ],
    );
    let charset = find(&report, "acme/title-charset", FILE);
    assert_eq!(charset.labels.len(), 1);
    assert_eq!(charset.labels[0].file, None);
    assert_eq!(
        (
            charset.labels[0].location.start.line,
            charset.labels[0].location.start.column
        ),
        (18, 31)
    );
    let unknown = find(&report, "peerlint/unknown-parameter", FILE);
    assert_eq!(unknown.help.as_deref(), Some("did you mean `tags`?"));
    let fix = unknown.fix.as_ref().expect("a rename");
    assert_eq!(fix.edits[0].new_text, "\"tags\"");
}

#[test]
fn a_plan_with_every_kind_of_change() {
    let sets = common::fixture_sets();
    let report = lint(&sets, &["plan.json"]);
    const PLAN: &str = "plan.json";
    assert_pinned(
        &report,
        &[
            (
                PLAN,
                "acme/bandwidth-range",
                (45, 65),
                (45, 69),
                "/resource_changes/2/change/after/bandwidth",
            ),
            // Unknown until apply, but a reference to a network the plan
            // creates: the overlap is found, at the unknown mark.
            (
                PLAN,
                "acme/network-overlap",
                (46, 79),
                (46, 83),
                "/resource_changes/2/change/after_unknown/target_net_id",
            ),
            // In a module, replaced (`delete`, `create`).
            (
                PLAN,
                "acme/zone-known",
                (62, 27),
                (62, 31),
                "/resource_changes/3/change/after/zone",
            ),
            (
                PLAN,
                "acme/distinct-networks",
                (62, 97),
                (62, 108),
                "/resource_changes/3/change/after/target_net_id",
            ),
            (
                PLAN,
                "acme/tier",
                (62, 118),
                (62, 126),
                "/resource_changes/3/change/after/tier",
            ),
            // An in-place update of an immutable argument; the title's
            // change is allowed, and the update is no request.
            (
                PLAN,
                "peerlint/immutable-change",
                (77, 102),
                (77, 113),
                "/resource_changes/4/change/after/target_net_id",
            ),
        ],
    );
    // Findings name the resource's address (a label on it).
    let zone = find(&report, "acme/zone-known", PLAN);
    let address = zone.labels.last().expect("the address");
    assert_eq!(
        address.message,
        "resource module.edge.acme_net_link.edge[0]"
    );
    assert_eq!(
        (address.location.start.line, address.location.start.column),
        (52, 18)
    );
    let overlap = find(&report, "acme/network-overlap", PLAN);
    let labels: Vec<(&str, usize)> = overlap
        .labels
        .iter()
        .map(|l| (l.message.as_str(), l.location.start.line))
        .collect();
    assert_eq!(
        labels,
        [
            ("100.64.0.0/16 of plan.json/acme_net.app", 15),
            ("100.64.0.0/20 of plan.json/acme_net.db", 30),
            ("resource acme_net_link.app_db", 37),
        ]
    );
    let immutable = find(&report, "peerlint/immutable-change", PLAN);
    assert_eq!(
        immutable.message,
        "`target_net_id (targetNetwork)` cannot be changed in place: this update changes it from `z1-net002` to `z1-net003`, and applying it fails"
    );
    // Plans are generated: no fixes.
    assert!(report.diagnostics.iter().all(|d| d.fix.is_none()));
    // Created, replaced: requests; updated, deleted, kept, read: not.
    assert_eq!(report.summary.documents, 2);
}

#[test]
fn sensitive_plan_values_are_never_shown() {
    let sets = common::fixture_sets();
    let report = lint(&sets, &["plan.json"]);
    let text = std::fs::read_to_string(fixtures().join("plan.json")).expect("plan");
    let secret = "\"AKIDsecret\\u202e\"";
    let at = text.find(secret).expect("the sensitive note");
    // Its text is masked in snippets...
    let masked = &report.secrets["plan.json"];
    assert!(
        masked
            .iter()
            .any(|s| s.start == at && s.end == at + secret.len()),
        "{masked:?}"
    );
    // ...and no rule looked at it (a hidden character, its prefix).
    for d in &report.diagnostics {
        let all = format!("{} {:?} {:?} {:?}", d.message, d.help, d.labels, d.fix);
        assert!(!all.contains("AKID") && !all.contains("202E"), "{all}");
        assert!(!d.pointer.ends_with("/note"), "{d:#?}");
    }
    let human = render_human(&report);
    assert!(!human.contains("AKIDsecret"), "{human}");
}

fn render_human(report: &Report) -> String {
    let sets = common::fixture_sets();
    let mut out = Vec::new();
    peerlint::output::render(
        report,
        peerlint::output::OutputFormat::Human,
        peerlint::output::RenderOptions {
            color: false,
            width: 200,
            sets: &sets,
            root: Path::new(""),
        },
        &mut out,
    )
    .expect("rendered");
    String::from_utf8(out).expect("UTF-8")
}

#[test]
fn references_templates_and_calls_are_never_malformed_but_defaults_are() {
    let sets = common::fixture_sets();
    let text = r#"
variable "bad_net" {
  default = "net-1"
}

resource "acme_net_link" "unknown" {
  zone          = "z1"
  title         = "x-${var.title}"
  source_net_id = data.acme_net.shared.id
  target_net_id = "z1-${var.net_suffix}"
  note          = "  ${var.note}  "
  bandwidth     = parseint(var.bandwidth, 10)
  tier          = upper(var.tier)
}

resource "acme_net_link" "called" {
  zone          = lookup(var.zones, "a")
  title         = "called"
  source_net_id = format("z1-net%03d", 1)
  target_net_id = var.bad_net
}
"#;
    let report = lint_texts(&sets, &[("main.tf", text)]);
    assert_pinned(
        &report,
        &[(
            "main.tf",
            "acme/net-id-format",
            (20, 19),
            (20, 30),
            "/resource/acme_net_link/called/target_net_id",
        )],
    );
    let d = &report.diagnostics[0];
    assert_eq!(
        d.message,
        "target_net_id (targetNetwork) `net-1` is not an Acme network id like `z1-net001`"
    );
    assert_eq!(d.labels[0].message, "the default of variable `bad_net`");
    assert_eq!(d.labels[0].location.start.line, 3);
}

#[test]
fn overlapping_vpcs_peered_through_references() {
    let sets = common::fixture_sets();
    let vpcs = "resource \"acme_net\" \"a\" {\n  cidr_block = \"100.64.0.0/16\"\n}\nresource \"acme_net\" \"b\" {\n  cidr_block = \"100.64.1.0/24\"\n}\n";
    let link = "resource \"acme_net_link\" \"ab\" {\n  zone          = \"z1\"\n  title         = \"ab\"\n  source_net_id = acme_net.a.id\n  target_net_id = acme_net.b.id\n}\n";
    let report = lint_texts(&sets, &[("net/link.tf", link), ("net/vpcs.tf", vpcs)]);
    assert_pinned(
        &report,
        &[(
            "net/link.tf",
            "acme/network-overlap",
            (5, 19),
            (5, 32),
            "/resource/acme_net_link/ab/target_net_id",
        )],
    );
    let labels: Vec<(Option<&str>, usize, usize, &str)> = report.diagnostics[0]
        .labels
        .iter()
        .map(|l| {
            (
                l.file.as_deref(),
                l.location.start.line,
                l.location.start.column,
                l.message.as_str(),
            )
        })
        .collect();
    assert_eq!(
        labels,
        [
            (
                Some("net/vpcs.tf"),
                2,
                16,
                "100.64.0.0/16 of net/acme_net.a"
            ),
            (
                Some("net/vpcs.tf"),
                5,
                16,
                "100.64.1.0/24 of net/acme_net.b"
            ),
        ]
    );
    // The same networks in another directory are other networks.
    let elsewhere = lint_texts(&sets, &[("one/link.tf", link), ("two/vpcs.tf", vpcs)]);
    assert_pinned(&elsewhere, &[]);
    // A network peered with itself: the synthetic ids are compared.
    let same = link.replace("acme_net.b.id", "acme_net.a.id");
    let report = lint_texts(&sets, &[("net/link.tf", &same), ("net/vpcs.tf", vpcs)]);
    assert_pinned(
        &report,
        &[(
            "net/link.tf",
            "acme/distinct-networks",
            (5, 19),
            (5, 32),
            "/resource/acme_net_link/ab/target_net_id",
        )],
    );
}

#[test]
fn immutable_updates_are_reported_only_for_the_listed_arguments() {
    let sets = common::fixture_sets();
    let change = |before: &str, after: &str| {
        format!(
            r#"{{"format_version": "1.1", "resource_changes": [{{"address": "acme_net_link.l", "mode": "managed", "type": "acme_net_link", "name": "l", "change": {{"actions": ["update"], "before": {before}, "after": {after}, "after_unknown": {{}}}}}}]}}"#
        )
    };
    let base = r#"{"zone": "z1", "title": "t", "source_net_id": "z1-net001", "target_net_id": "z1-net002", "bandwidth": 10, "tier": "gold", "note": "n", "tags": {"a": "b"}}"#;
    // Every argument changed alone: only `zone`, `source_net_id` and
    // `target_net_id` (the mapping's `immutable`) are findings.
    let changed = [
        ("zone", r#""z2""#, true),
        ("source_net_id", r#""z1-net005""#, true),
        ("target_net_id", r#""z1-net006""#, true),
        ("title", r#""u""#, false),
        ("bandwidth", "20", false),
        ("tier", r#""silver""#, false),
        ("note", r#""m""#, false),
        ("tags", r#"{"a": "c"}"#, false),
    ];
    for (argument, value, reported) in changed {
        let mut after: serde_json::Value = serde_json::from_str(base).expect("JSON");
        after[argument] = serde_json::from_str(value).expect("JSON");
        let plan = change(base, &after.to_string());
        let report = lint_texts(&sets, &[("plan.json", &plan)]);
        let codes: Vec<(&str, &str)> = report
            .diagnostics
            .iter()
            .map(|d| (d.code.as_str(), d.pointer.as_str()))
            .collect();
        if reported {
            let pointer = format!("/resource_changes/0/change/after/{argument}");
            assert_eq!(
                codes,
                [("peerlint/immutable-change", pointer.as_str())],
                "{argument}"
            );
        } else {
            assert!(codes.is_empty(), "{argument}: {codes:?}");
        }
    }
    // Removing an immutable argument is a change too; the order of a
    // mapping's keys is not.
    let without = base.replace(r#""zone": "z1", "#, "");
    let report = lint_texts(&sets, &[("plan.json", &change(base, &without))]);
    assert_eq!(report.diagnostics.len(), 1);
    assert!(report.diagnostics[0].message.contains("from `z1` to null"));
    let reordered = r#"{"tags": {"a": "b"}, "zone": "z1", "title": "t", "source_net_id": "z1-net001", "target_net_id": "z1-net002", "bandwidth": 10, "tier": "gold", "note": "n"}"#;
    let report = lint_texts(&sets, &[("plan.json", &change(base, reordered))]);
    assert!(report.diagnostics.is_empty());
}

#[test]
fn a_plan_of_another_major_format_version_is_a_finding() {
    let sets = common::fixture_sets();
    let plan = r#"{"format_version": "2.0", "resource_changes": []}"#;
    let report = lint_texts(&sets, &[("plan.json", plan)]);
    assert_pinned(
        &report,
        &[(
            "plan.json",
            "peerlint/syntax-error",
            (1, 20),
            (1, 25),
            "/format_version",
        )],
    );
    // Any 1.x is read; other JSON is not a plan.
    let plan = r#"{"format_version": "1.9", "resource_changes": []}"#;
    assert!(lint_texts(&sets, &[("plan.json", plan)])
        .diagnostics
        .is_empty());
}

#[test]
fn a_syntax_error_in_a_tf_file_is_a_finding() {
    let sets = common::fixture_sets();
    let broken = "resource \"acme_net_link\" \"l\" {\n  zone = \"z1\n}\n";
    let report = lint_texts(&sets, &[("main.tf", broken)]);
    assert_eq!(report.diagnostics.len(), 1, "{:#?}", report.diagnostics);
    assert_eq!(report.diagnostics[0].code, "peerlint/syntax-error");
    assert!(report.diagnostics[0]
        .message
        .starts_with("HCL syntax error"));
    assert_eq!(workspace::exit_code(&report, workspace::FailOn::Error), 1);
    // Another module's broken file (no mapped resource type) is skipped.
    let other = "resource \"other_thing\" \"l\" {\n  zone = \"z1\n}\n";
    let report = lint_texts(&sets, &[("main.tf", other)]);
    assert!(report.diagnostics.is_empty());
    assert_eq!(report.summary.skipped, 1);
}

#[test]
fn inline_suppressions_work_with_both_comment_markers() {
    let sets = common::fixture_sets();
    let text = "resource \"acme_net_link\" \"l\" {\n  zone          = \"z1\"\n  title         = \"t\"\n  source_net_id = \"z1-net1\" # peerlint-ignore: acme/net-id-format -- kept on purpose\n  // peerlint-ignore: acme/net-id-format -- kept on purpose too\n  target_net_id = \"z1-net2\"\n}\n";
    let report = lint_texts(&sets, &[("main.tf", text)]);
    let codes: Vec<(&str, bool)> = report
        .diagnostics
        .iter()
        .map(|d| (d.code.as_str(), d.suppressed.is_some()))
        .collect();
    assert_eq!(
        codes,
        [("acme/net-id-format", true), ("acme/net-id-format", true)]
    );
}

#[test]
fn count_and_for_each_resources_are_linted_once() {
    let sets = common::fixture_sets();
    let text = "resource \"acme_net_link\" \"l\" {\n  count         = 3\n  zone          = \"z1\"\n  title         = \"t-${count.index}\"\n  source_net_id = \"z1-net001\"\n  target_net_id = \"z1-net0\"\n}\n";
    let report = lint_texts(&sets, &[("main.tf", text)]);
    assert_eq!(report.summary.documents, 1);
    assert_eq!(report.diagnostics.len(), 1, "{:#?}", report.diagnostics);
}

/// A pre-commit run names only the changed file: the other files of its
/// directory are read for their variables, locals and networks.
#[test]
fn a_file_alone_sees_its_directory() {
    let sets = common::fixture_sets();
    let engine = Engine::new(&sets, EngineOptions::default());
    let root = fixtures();
    let inputs = Inputs {
        inputs: vec![Input::File {
            name: "module/main.tf".to_owned(),
            role: Role::Found,
        }],
        ..Inputs::default()
    };
    let report = workspace::lint_all(&engine, &inputs, &[], Vec::new(), &root);
    assert_eq!(report.summary.files, 1);
    let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert!(codes.contains(&"acme/tier"), "{codes:?}");
    assert!(codes.contains(&"acme/network-overlap"), "{codes:?}");
    // The same as linting the whole directory.
    let whole = Inputs {
        inputs: ["module/main.tf", "module/variables.tf", "module/vpcs.tf"]
            .iter()
            .map(|n| Input::File {
                name: (*n).to_owned(),
                role: Role::Found,
            })
            .collect(),
        ..Inputs::default()
    };
    let all = workspace::lint_all(&engine, &whole, &[], Vec::new(), &root);
    assert_eq!(pins(&report), pins(&all));
    // Standard input stands for the file it is named as.
    let stdin = Inputs {
        inputs: vec![Input::Stdin {
            name: "module/main.tf".to_owned(),
            bytes: "resource \"acme_net_link\" \"s\" {\n  zone = \"z1\"\n  title = \"s\"\n  source_net_id = acme_net.app.id\n  target_net_id = acme_net.db.id\n  tier = var.tier\n}\n".into(),
            role: Role::Found,
        }],
        ..Inputs::default()
    };
    let report = workspace::lint_all(&engine, &stdin, &[], Vec::new(), &root);
    let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["acme/network-overlap", "acme/tier"]);
}

#[test]
fn without_a_mapping_terraform_files_are_skipped() {
    let loaded = load(&LoadOptions {
        builtin: true,
        ..LoadOptions::default()
    });
    let text = std::fs::read_to_string(fixtures().join("module/main.tf")).expect("fixture");
    let report = lint_texts(&loaded.sets, &[("main.tf", &text)]);
    assert!(report.diagnostics.is_empty());
    assert_eq!(report.summary.documents, 0);
    assert_eq!(report.summary.skipped, 1);
}

/// A node as JSON with every scalar a string (enough for the `terraform`
/// key, which holds only names, paths and regexes).
fn to_json(node: &peerlint::document::Node) -> serde_json::Value {
    use peerlint::document::NodeKind;
    match &node.kind {
        NodeKind::Mapping(entries) => serde_json::Value::Object(
            entries
                .iter()
                .map(|e| (e.key.as_str().unwrap_or("").to_owned(), to_json(&e.value)))
                .collect(),
        ),
        NodeKind::Sequence(items) => serde_json::Value::Array(items.iter().map(to_json).collect()),
        NodeKind::Scalar(s) => serde_json::Value::String(s.value.clone()),
    }
}

#[test]
fn the_rule_file_schema_accepts_the_test_providers_mapping() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(common::manifest_dir().join("rules/rule-file.schema.json"))
            .expect("schema"),
    )
    .expect("JSON");
    let validator = jsonschema::draft202012::new(&schema).expect("the schema compiles");
    let text = std::fs::read_to_string(common::manifest_dir().join("testdata/providers/acme.yaml"))
        .expect("acme.yaml");
    let parsed = peerlint::document::parse(&text, peerlint::document::Format::Yaml);
    let terraform = to_json(
        parsed.documents[0]
            .get("terraform")
            .expect("a terraform key"),
    );
    let file = |terraform: serde_json::Value| serde_json::json!({"provider": "acme", "version": "1", "params": {"a": {}}, "terraform": terraform});
    let errors: Vec<String> = validator
        .iter_errors(&file(terraform.clone()))
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let mut bad = terraform.clone();
    bad["resources"]["acme_net_link"]["immutabel"] = serde_json::json!(["zone"]);
    assert!(!validator.is_valid(&file(bad)));
    let mut split = terraform;
    split["resources"]["acme_net_link"]["arguments"]["url"] =
        serde_json::json!({"split": "^(?P<z>.*)$", "into": {"z": "zone"}});
    assert!(validator.is_valid(&file(split)));
}

#[test]
fn cross_document_checks_see_terraform_and_request_files_alike() {
    let sets = common::fixture_sets();
    // The facts are stated by a request document; the peering is a resource.
    let request = "provider: acme\nparams:\n  zone: z1\n  linkTitle: αβ link\n  sourceNetwork: z1-net001\n  targetNetwork: z1-net003\nvpcs:\n  - {netId: z1-net001, ranges: [100.64.0.0/16], zone: z1}\n  - {netId: z1-net002, ranges: [100.64.128.0/17], zone: z1}\n";
    let link = "resource \"acme_net_link\" \"l\" {\n  zone          = \"z1\"\n  title         = \"l\"\n  source_net_id = \"z1-net001\"\n  target_net_id = \"z1-net002\"\n}\n";
    let report = lint_texts(&sets, &[("request.yaml", request), ("main.tf", link)]);
    assert_pinned(
        &report,
        &[(
            "main.tf",
            "acme/network-overlap",
            (5, 19),
            (5, 30),
            "/resource/acme_net_link/l/target_net_id",
        )],
    );
    let files: Vec<Option<&str>> = report.diagnostics[0]
        .labels
        .iter()
        .map(|l| l.file.as_deref())
        .collect();
    assert_eq!(files, [Some("request.yaml"), Some("request.yaml")]);
}

/// An editor's workspace: a change to one file of a directory re-lints the
/// others, whatever the order the files arrive in.
#[test]
fn a_workspace_relints_a_directory_when_one_file_changes() {
    let sets = common::fixture_sets();
    let engine = Engine::new(&sets, EngineOptions::default());
    let link = "resource \"acme_net_link\" \"l\" {\n  zone          = \"z1\"\n  title         = \"l\"\n  source_net_id = \"z1-net001\"\n  target_net_id = var.peer\n}\n";
    let variables = "variable \"peer\" {\n  default = \"z1-net9\"\n}\n";
    let codes = |w: &Workspace| -> Vec<String> {
        w.report(&engine, &[], Path::new(""))
            .diagnostics
            .iter()
            .map(|d| format!("{} {}", d.code, d.file))
            .collect()
    };
    let mut workspace = Workspace::default();
    workspace.set_file(&engine, "m/main.tf", link.as_bytes().to_vec());
    assert!(codes(&workspace).is_empty());
    workspace.set_file(&engine, "m/variables.tf", variables.as_bytes().to_vec());
    assert_eq!(codes(&workspace), ["acme/net-id-format m/main.tf"]);
    workspace.remove("m/variables.tf");
    workspace.set_file(&engine, "other.yaml", b"a: 1\n".to_vec());
    assert!(codes(&workspace).is_empty());
}

// ----------------------------------------------------------------------
// The built-in sets' resources (`testdata/terraform/<provider>/`): for
// each provider a clean module, a module with planted violations (among
// them a cross-document finding through references to the VPC resources
// of the module, where the provider has one) and, for aws and
// tencentcloud-v3, a plan. Every position is counted in the fixture.

/// The files of a fixture directory under `testdata/terraform`, sorted.
fn files_of(dir: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixtures().join(dir))
        .expect("fixture directory")
        .filter_map(Result::ok)
        .map(|e| format!("{dir}/{}", e.file_name().to_string_lossy()))
        .collect();
    names.sort();
    names
}

fn lint_dir(sets: &RuleSets, dir: &str) -> Report {
    let names = files_of(dir);
    let borrowed: Vec<&str> = names.iter().map(String::as_str).collect();
    lint(sets, &borrowed)
}

/// `(message, file, line, column)` of each label of `d`.
fn labels_of(d: &peerlint::Diagnostic) -> Vec<(String, Option<String>, usize, usize)> {
    d.labels
        .iter()
        .map(|l| {
            (
                l.message.clone(),
                l.file.clone(),
                l.location.start.line,
                l.location.start.column,
            )
        })
        .collect()
}

#[test]
fn clean_modules_of_every_provider_report_nothing() {
    let sets = common::fixture_sets();
    for (provider, requests) in [
        ("aws", 2),
        ("tencentcloud-v3", 2),
        ("alibabacloud", 2),
        ("huaweicloud", 2),
        ("gcp", 4),
        ("azure", 3),
    ] {
        let report = lint_dir(&sets, &format!("{provider}/clean"));
        assert!(
            pins(&report).is_empty(),
            "{provider}: {:#?}",
            report.diagnostics
        );
        assert_eq!(report.summary.documents, requests, "{provider}");
    }
}

#[test]
fn aws_vpc_peering_connection() {
    let sets = common::fixture_sets();
    let report = lint_dir(&sets, "aws/planted");
    const MAIN: &str = "aws/planted/main.tf";
    const R: &str = "/resource/aws_vpc_peering_connection";
    assert_pinned(
        &report,
        &[
            // `aws_vpc.legacy.id`: the two aws_vpc resources' blocks overlap.
            (
                MAIN,
                "aws/cidr-overlap",
                (4, 17),
                (4, 34),
                "/resource/aws_vpc_peering_connection/app_legacy/peer_vpc_id",
            ),
            (
                MAIN,
                "aws/account-id-format",
                (10, 19),
                (10, 32),
                "/resource/aws_vpc_peering_connection/app_analytics/peer_owner_id",
            ),
            // aws_vpc.analytics says `region = "us-west-2"`.
            (
                MAIN,
                "aws/peer-vpc-region",
                (11, 19),
                (11, 30),
                "/resource/aws_vpc_peering_connection/app_analytics/peer_region",
            ),
            (
                MAIN,
                "peerlint/unknown-parameter",
                (12, 3),
                (12, 13),
                "/resource/aws_vpc_peering_connection/app_analytics/auto_acept",
            ),
            (
                MAIN,
                "peerlint/missing-parameter",
                (15, 1),
                (15, 47),
                "/resource/aws_vpc_peering_connection/half/peer_vpc_id",
            ),
            (
                MAIN,
                "aws/vpc-id-format",
                (16, 12),
                (16, 26),
                "/resource/aws_vpc_peering_connection/half/vpc_id",
            ),
        ],
    );
    let overlap = find(&report, "aws/cidr-overlap", MAIN);
    assert_eq!(
        overlap.message,
        "the blocks of aws/planted/aws_vpc.app (10.30.0.0/16) and aws/planted/aws_vpc.legacy (10.30.128.0/17) overlap: the peering connection would go to status `failed`"
    );
    let vpcs = Some("aws/planted/vpcs.tf".to_owned());
    assert_eq!(
        labels_of(overlap),
        [
            (
                "10.30.0.0/16 of aws/planted/aws_vpc.app".to_owned(),
                vpcs.clone(),
                2,
                16
            ),
            (
                "10.30.128.0/17 of aws/planted/aws_vpc.legacy".to_owned(),
                vpcs.clone(),
                13,
                16
            ),
        ]
    );
    let region = find(&report, "aws/peer-vpc-region", MAIN);
    assert_eq!(
        region.message,
        "peer_region (PeerRegion) is us-east-1, but aws/planted/aws_vpc.analytics is in us-west-2"
    );
    let unknown = find(&report, "peerlint/unknown-parameter", MAIN);
    assert_eq!(unknown.help.as_deref(), Some("did you mean `auto_accept`?"));
    let missing = find(&report, "peerlint/missing-parameter", MAIN);
    assert_eq!(
        missing.message,
        "required parameter `peer_vpc_id (PeerVpcId)` is missing"
    );
    assert!(report.diagnostics.iter().all(|d| d.pointer.starts_with(R)));
    // Three peerings; vpcs.tf declares VPCs only.
    assert_eq!(report.summary.documents, 3);
}

#[test]
fn an_aws_plan() {
    let sets = common::fixture_sets();
    let report = lint(&sets, &["aws/plan.json"]);
    const PLAN: &str = "aws/plan.json";
    assert_pinned(
        &report,
        &[
            // Both sides unknown until apply, but references to the VPCs
            // the plan creates: their planned blocks overlap.
            (
                PLAN,
                "aws/cidr-overlap",
                (46, 139),
                (46, 143),
                "/resource_changes/2/change/after_unknown/peer_vpc_id",
            ),
            // In a module, for_each: the values of `after`.
            (
                PLAN,
                "aws/account-id-format",
                (62, 57),
                (62, 70),
                "/resource_changes/3/change/after/peer_owner_id",
            ),
            (
                PLAN,
                "aws/unknown-region",
                (62, 87),
                (62, 98),
                "/resource_changes/3/change/after/peer_region",
            ),
            (
                PLAN,
                "aws/self-peering",
                (62, 115),
                (62, 138),
                "/resource_changes/3/change/after/peer_vpc_id",
            ),
        ],
    );
    let overlap = find(&report, "aws/cidr-overlap", PLAN);
    let labels: Vec<(String, usize, usize)> = labels_of(overlap)
        .into_iter()
        .map(|(m, _, l, c)| (m, l, c))
        .collect();
    assert_eq!(
        labels,
        [
            (
                "10.50.0.0/16 of aws/plan.json/aws_vpc.app".to_owned(),
                15,
                75
            ),
            (
                "10.50.64.0/20 of aws/plan.json/aws_vpc.db".to_owned(),
                30,
                75
            ),
            (
                "resource aws_vpc_peering_connection.app_db".to_owned(),
                37,
                18
            ),
        ]
    );
    let account = find(&report, "aws/account-id-format", PLAN);
    assert_eq!(
        account.labels.last().map(|l| l.message.as_str()),
        Some("resource module.partner.aws_vpc_peering_connection.this[\"shared\"]")
    );
    // Created: requests; updated (nothing immutable), deleted: not.
    assert_eq!(report.summary.documents, 2);
}

#[test]
fn tencentcloud_vpc_peer_connect_manager() {
    let sets = common::fixture_sets();
    let report = lint_dir(&sets, "tencentcloud-v3/planted");
    const MAIN: &str = "tencentcloud-v3/planted/main.tf";
    assert_pinned(
        &report,
        &[
            // tencentcloud_vpc.batch's assistant block is inside web's.
            (
                MAIN,
                "tencentcloud-v3/cidr-conflict",
                (16, 29),
                (16, 54),
                "/resource/tencentcloud_vpc_peer_connect_manager/web_batch/destination_vpc_id",
            ),
            (
                MAIN,
                "tencentcloud-v3/uin-length",
                (17, 29),
                (17, 33),
                "/resource/tencentcloud_vpc_peer_connect_manager/web_batch/destination_uin",
            ),
            (
                MAIN,
                "tencentcloud-v3/type",
                (19, 29),
                (19, 36),
                "/resource/tencentcloud_vpc_peer_connect_manager/web_batch/type",
            ),
            // The resource has no `timeouts` block.
            (
                MAIN,
                "peerlint/unknown-parameter",
                (21, 3),
                (21, 11),
                "/resource/tencentcloud_vpc_peer_connect_manager/web_batch/timeouts",
            ),
        ],
    );
    let conflict = find(&report, "tencentcloud-v3/cidr-conflict", MAIN);
    assert_eq!(
        labels_of(conflict),
        [
            (
                "10.8.0.0/16 of tencentcloud-v3/planted/tencentcloud_vpc.web".to_owned(),
                None,
                4,
                16
            ),
            (
                "10.8.4.0/24 of tencentcloud-v3/planted/tencentcloud_vpc.batch".to_owned(),
                None,
                10,
                22
            ),
        ]
    );
}

#[test]
fn a_tencentcloud_plan_changing_an_argument_the_provider_cannot_update() {
    let sets = common::fixture_sets();
    let report = lint(&sets, &["tencentcloud-v3/plan.json"]);
    assert_pinned(
        &report,
        &[(
            "tencentcloud-v3/plan.json",
            "peerlint/immutable-change",
            (14, 168),
            (14, 182),
            "/resource_changes/0/change/after/destination_vpc_id",
        )],
    );
    // The name's change is an ordinary update.
    assert_eq!(
        report.diagnostics[0].message,
        "`destination_vpc_id (DestinationVpcId)` cannot be changed in place: this update changes it from `vpc-12345678` to `vpc-87654321`, and applying it fails"
    );
    // The created resource, whose type, charge type and QoS level are
    // known after apply, is clean; `Region` is the provider's.
    assert_eq!(report.summary.documents, 1);
}

#[test]
fn alicloud_vpc_peer_connection() {
    let sets = common::fixture_sets();
    let report = lint_dir(&sets, "alibabacloud/planted");
    const MAIN: &str = "alibabacloud/planted/main.tf";
    assert_pinned(
        &report,
        &[
            (
                MAIN,
                "alibabacloud/name-first-char",
                (12, 27),
                (12, 28),
                "/resource/alicloud_vpc_peer_connection/core_edge/peer_connection_name",
            ),
            // edge's (deprecated) secondary block is inside core's.
            (
                MAIN,
                "alibabacloud/cidr-overlap",
                (16, 26),
                (16, 46),
                "/resource/alicloud_vpc_peer_connection/core_edge/accepting_vpc_id",
            ),
            // Terraform's validator takes Silver; the API reference does not.
            (
                MAIN,
                "alibabacloud/link-type",
                (17, 26),
                (17, 34),
                "/resource/alicloud_vpc_peer_connection/core_edge/link_type",
            ),
            (
                MAIN,
                "alibabacloud/bandwidth-range",
                (18, 26),
                (18, 27),
                "/resource/alicloud_vpc_peer_connection/core_edge/bandwidth",
            ),
        ],
    );
    let overlap = find(&report, "alibabacloud/cidr-overlap", MAIN);
    assert_eq!(
        labels_of(overlap),
        [
            (
                "10.0.0.0/8 of alibabacloud/planted/alicloud_vpc.core".to_owned(),
                None,
                3,
                16
            ),
            (
                "10.1.0.0/16 of alibabacloud/planted/alicloud_vpc.edge".to_owned(),
                None,
                8,
                28
            ),
        ]
    );
}

#[test]
fn huaweicloud_vpc_peering_connection() {
    let sets = common::fixture_sets();
    let report = lint_dir(&sets, "huaweicloud/planted");
    const MAIN: &str = "huaweicloud/planted/main.tf";
    assert_pinned(
        &report,
        &[
            (
                MAIN,
                "huaweicloud/description-angle-brackets",
                (17, 18),
                (17, 19),
                "/resource/huaweicloud_vpc_peering_connection/north_east/description",
            ),
            // Both from the huaweicloud_vpc resources' arguments: east's
            // secondary block is inside north's, and their regions differ.
            (
                MAIN,
                "huaweicloud/cidr-overlap",
                (19, 17),
                (19, 40),
                "/resource/huaweicloud_vpc_peering_connection/north_east/peer_vpc_id",
            ),
            (
                MAIN,
                "huaweicloud/cross-region",
                (19, 17),
                (19, 40),
                "/resource/huaweicloud_vpc_peering_connection/north_east/peer_vpc_id",
            ),
            (
                MAIN,
                "peerlint/unknown-parameter",
                (20, 3),
                (20, 14),
                "/resource/huaweicloud_vpc_peering_connection/north_east/peer_tenant",
            ),
        ],
    );
    let description = find(&report, "huaweicloud/description-angle-brackets", MAIN);
    assert!(
        description
            .message
            .starts_with("description (peering.description) contains '<'"),
        "{}",
        description.message
    );
    let regions = find(&report, "huaweicloud/cross-region", MAIN);
    assert_eq!(
        regions.message,
        "the two VPCs are in different regions: the region of huaweicloud/planted/huaweicloud_vpc.north is cn-north-4, the region of huaweicloud/planted/huaweicloud_vpc.east is cn-east-3"
    );
    let unknown = find(&report, "peerlint/unknown-parameter", MAIN);
    assert_eq!(
        unknown.help.as_deref(),
        Some("did you mean `peer_tenant_id`?")
    );
}

#[test]
fn google_compute_network_peering() {
    let sets = common::fixture_sets();
    let report = lint_dir(&sets, "gcp/planted");
    const MAIN: &str = "gcp/planted/main.tf";
    assert_pinned(
        &report,
        &[
            (
                MAIN,
                "gcp/name-charset",
                (15, 19),
                (15, 20),
                "/resource/google_compute_network_peering/hub_shared_again/name",
            ),
            // `.id` and `.self_link` of one google_compute_network.
            (
                MAIN,
                "gcp/duplicate-peering",
                (17, 18),
                (17, 57),
                "/resource/google_compute_network_peering/hub_shared_again/peer_network",
            ),
            // `network` holds the project and the network.
            (
                MAIN,
                "peerlint/wrong-type",
                (22, 18),
                (22, 23),
                "/resource/google_compute_network_peering/bare/network",
            ),
            (
                MAIN,
                "gcp/stack-type",
                (24, 18),
                (24, 29),
                "/resource/google_compute_network_peering/bare/stack_type",
            ),
        ],
    );
    let duplicate = find(&report, "gcp/duplicate-peering", MAIN);
    assert_eq!(
        duplicate.message,
        "a peering projects/net-hub/global/networks/hub → gcp/planted/google_compute_network.shared is requested twice"
    );
    let split = find(&report, "peerlint/wrong-type", MAIN);
    assert_eq!(
        split.message,
        "`network` is `hub`: project, network cannot be read from it"
    );
    // The network states no CIDR blocks: the run does not count it as a
    // network it knows, so no reverse peering is asked of it.
    assert!(report
        .diagnostics
        .iter()
        .all(|d| d.code != "gcp/missing-reverse-peering"));
}

#[test]
fn azurerm_virtual_network_peering() {
    let sets = common::fixture_sets();
    let report = lint_dir(&sets, "azure/planted");
    const MAIN: &str = "azure/planted/main.tf";
    const R: &str = "/resource/azurerm_virtual_network_peering/bad";
    let pointer = |argument: &str| format!("{R}/{argument}");
    let (name, group, vnet, remote, gateways, subnets, subnet) = (
        pointer("name"),
        pointer("resource_group_name"),
        pointer("virtual_network_name"),
        pointer("remote_virtual_network_id"),
        pointer("use_remote_gateways"),
        pointer("local_subnet_names"),
        pointer("local_subnet_names/0"),
    );
    assert_pinned(
        &report,
        &[
            (MAIN, "azure/name-first-char", (3, 32), (3, 33), &name),
            (MAIN, "azure/resource-group-name", (4, 31), (4, 42), &group),
            (MAIN, "azure/vnet-name-length", (5, 31), (5, 34), &vnet),
            (
                MAIN,
                "azure/remote-vnet-id-format",
                (6, 31),
                (6, 115),
                &remote,
            ),
            // "yes" is no boolean to Terraform either ("true" is: clean/).
            (MAIN, "peerlint/wrong-type", (7, 31), (7, 36), &gateways),
            (
                MAIN,
                "azure/subnet-peering-members",
                (8, 31),
                (8, 35),
                &subnets,
            ),
            (MAIN, "azure/subnet-name-empty", (8, 32), (8, 34), &subnet),
        ],
    );
    let first = find(&report, "azure/name-first-char", MAIN);
    assert!(
        first
            .message
            .starts_with("name (virtualNetworkPeeringName) starts with '_'"),
        "{}",
        first.message
    );
}
