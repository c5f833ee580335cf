//! Structured fixes: the corrections findings carry, applied to the text
//! they came from, give the expected text; findings that cannot be derived
//! carry none.

use peerlint::engine::{Engine, EngineOptions};
use peerlint::fix::{apply_edits, Applicability};
use peerlint::rules::load::load_texts;
use peerlint::workspace::lint_in_memory;

/// The fix of the finding `code` in `text` (as `name`), applied: the new
/// text and the fix's applicability; `None` when the finding has no fix.
fn fixed(name: &str, text: &str, code: &str) -> Option<(String, Applicability)> {
    let sets = load_texts(true, &[]).sets;
    let engine = Engine::new(&sets, EngineOptions::default());
    let report = lint_in_memory(&engine, vec![(name.into(), text.into())], Vec::new());
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.code == code)
        .unwrap_or_else(|| panic!("no {code} in {:#?}", report.diagnostics));
    let fix = d.fix.as_ref()?;
    Some((apply_edits(text, &fix.edits), fix.applicability))
}

const JD: &str = "provider: jdcloud\nparams:\n  regionId: cn-north-1\n  vpcPeeringName: NAME\n  vpcId: vpc-ofxxrkkw0r\n  remoteVpcId: vpc-2k8d0cx9aa\n";

fn jd(name: &str) -> String {
    JD.replace("NAME", name)
}

#[test]
fn a_yaml_trap_is_quoted_as_written_and_the_comment_stays() {
    let text = "provider: tencentcloud\nparams:\n  vpcId: vpc-2k8d0cx9\n  peerVpcId: vpc-9a8b7c6d\n  peerUin: 2407912486   # the partner\n  peeringConnectionName: tses\n";
    let (after, applicability) = fixed("a.yaml", text, "peerlint/implicit-type").expect("a fix");
    assert_eq!(applicability, Applicability::Safe);
    assert_eq!(
        after,
        text.replace("peerUin: 2407912486   #", "peerUin: \"2407912486\"   #")
    );
    // `017` is quoted as written, never as the number a loader reads (15).
    let octal = text.replace("2407912486   # the partner", "017");
    let (after, _) = fixed("a.yaml", &octal, "peerlint/implicit-type").expect("a fix");
    assert!(after.contains("peerUin: \"017\"\n"), "{after}");
}

#[test]
fn a_json_number_where_a_string_is_required_is_quoted() {
    let text = r#"{"vpcId": "vpc-2k8d0cx9", "peerVpcId": "vpc-9a8b7c6d", "peerUin": 2407912486, "peeringConnectionName": "tses"}"#;
    let (after, applicability) = fixed("a.json", text, "peerlint/implicit-type").expect("a fix");
    assert_eq!(applicability, Applicability::Safe);
    assert_eq!(after, text.replace("2407912486", "\"2407912486\""));
}

#[test]
fn a_null_trap_has_no_fix() {
    let text = "provider: jdcloud\nparams:\n  regionId: cn-north-1\n  vpcPeeringName: a_b\n  vpcId: vpc-ofxxrkkw0r\n  remoteVpcId: vpc-2k8d0cx9aa\n  description: ~\n";
    assert_eq!(fixed("a.yaml", text, "peerlint/implicit-type"), None);
}

#[test]
fn characters_outside_a_charset_are_replaced_in_every_quoting_style() {
    let (after, applicability) =
        fixed("a.yaml", &jd("app to db"), "jdcloud/invalid-character").expect("a fix");
    assert_eq!(applicability, Applicability::Unsafe);
    assert_eq!(after, jd("app_to_db"));
    let (after, _) =
        fixed("a.yaml", &jd("'app to db'"), "jdcloud/invalid-character").expect("a fix");
    assert_eq!(after, jd("'app_to_db'"));
    let (after, _) = fixed(
        "a.yaml",
        &jd("\"app\\tto db\""),
        "jdcloud/invalid-character",
    )
    .expect("a fix");
    assert_eq!(after, jd("\"app_to_db\""));
}

#[test]
fn a_too_long_name_has_no_fix() {
    let long = "a".repeat(40);
    assert_eq!(fixed("a.yaml", &jd(&long), "jdcloud/name-length"), None);
}

#[test]
fn hidden_characters_and_whitespace_are_removed() {
    let text = "provider: tencentcloud\nparams:\n  vpcId: vpc-2k8d0cx9\n  peerVpcId: vpc-9a8b7c6d\n  peerUin: \"2407912486\"\n  peeringConnectionName: \"ts\\u200Bes \"\n";
    let (after, applicability) = fixed("a.yaml", text, "peerlint/hidden-character").expect("a fix");
    assert_eq!(applicability, Applicability::Unsafe);
    assert!(
        after.contains("peeringConnectionName: \"tses \"\n"),
        "{after}"
    );
    let (after, _) = fixed("a.yaml", text, "peerlint/surrounding-whitespace").expect("a fix");
    assert!(
        after.contains("peeringConnectionName: \"ts\\u200Bes\"\n"),
        "{after}"
    );
}

#[test]
fn host_bits_are_cleared() {
    let text = format!(
        "{}vpcs:\n  - {{vpcId: vpc-ofxxrkkw0r, addressPrefix: [10.0.0.1/16]}}\n",
        jd("a_b")
    );
    let (after, applicability) =
        fixed("a.yaml", &text, "jdcloud/address-prefix-host-bits").expect("a fix");
    assert_eq!(applicability, Applicability::Unsafe);
    assert_eq!(after, text.replace("10.0.0.1/16", "10.0.0.0/16"));
}

#[test]
fn an_unknown_key_is_renamed_to_its_did_you_mean() {
    let text = format!("{}  descripton: x\n", jd("a_b"));
    let (after, applicability) =
        fixed("a.yaml", &text, "peerlint/unknown-parameter").expect("a fix");
    assert_eq!(applicability, Applicability::Unsafe);
    assert_eq!(after, text.replace("descripton", "description"));
    let top = format!("acount: \"1\"\n{}", jd("a_b"));
    let (after, _) = fixed("a.yaml", &top, "peerlint/unknown-field").expect("a fix");
    assert!(after.starts_with("account: \"1\"\n"), "{after}");
}

#[test]
fn an_id_in_capitals_is_lowercased_and_a_region_gets_its_suggestion() {
    let text = JD
        .replace("NAME", "a_b")
        .replace("vpc-ofxxrkkw0r", "VPC-OFXXRKKW0R");
    let (after, _) = fixed("a.yaml", &text, "jdcloud/vpc-id-format").expect("a fix");
    assert_eq!(after, jd("a_b"));
    let region = jd("a_b").replace("cn-north-1", "cn-nrth-1");
    let (after, _) = fixed("a.yaml", &region, "jdcloud/unknown-region").expect("a fix");
    assert_eq!(after, jd("a_b"));
}

/// The fix of the first `code` finding in `text` with the built-in sets
/// and the rule-file extension `extension`.
fn fix_with(extension: &str, text: &str, code: &str) -> Option<peerlint::fix::Fix> {
    let loaded = load_texts(true, &[("extension.yaml", extension)]);
    assert!(loaded.errors.is_empty(), "{:#?}", loaded.errors);
    let engine = Engine::new(&loaded.sets, EngineOptions::default());
    let report = lint_in_memory(&engine, vec![("a.yaml".into(), text.into())], Vec::new());
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.code == code)
        .unwrap_or_else(|| panic!("no {code} in {:#?}", report.diagnostics));
    d.fix.clone()
}

#[test]
fn a_rule_file_can_switch_a_rules_fix_off_or_make_it_unsafe() {
    let text = jd("app to db");
    assert!(fix_with("extends: jdcloud\n", &text, "jdcloud/invalid-character").is_some());
    let off = "extends: jdcloud\noverride:\n  jdcloud/invalid-character: {fix: \"off\"}\n";
    assert_eq!(fix_with(off, &text, "jdcloud/invalid-character"), None);
    // A rule of the extension's own, with `fix: unsafe`.
    let own = "extends: jdcloud\nrules:\n  - id: jdcloud/no-spaces\n    check: deny-chars\n    target: params.vpcPeeringName\n    chars: \" \"\n    replace_with: \"_\"\n    severity: warning\n    fix: unsafe\n";
    let fix = fix_with(own, &text, "jdcloud/no-spaces").expect("a fix");
    assert_eq!(fix.applicability, Applicability::Unsafe);
    // `fix: unsafe` makes a safe fix unsafe.
    let safe = peerlint::fix::Fix::safe(
        "m",
        vec![peerlint::fix::Edit::new(
            peerlint::document::Span::new(0, 1),
            "x",
        )],
    );
    let made = peerlint::rules::model::FixSetting::Unsafe.apply(safe);
    assert_eq!(made.map(|f| f.applicability), Some(Applicability::Unsafe));
    // Anything else is a load error.
    let bad = load_texts(
        true,
        &[(
            "extension.yaml",
            "extends: jdcloud\noverride:\n  jdcloud/invalid-character: {fix: safe}\n",
        )],
    );
    assert!(
        bad.errors
            .iter()
            .any(|e| e.message.contains("fix must be `unsafe` or `off`")),
        "{:#?}",
        bad.errors
    );
}
