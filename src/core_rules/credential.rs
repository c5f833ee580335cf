//! `peerlint/credential`: keys that hold credentials and values shaped like
//! keys. Request documents live in git; the value is never repeated in any
//! output, and no other rule looks at it.

use crate::diagnostic::{escape_for_message, Severity};
use crate::document::{pointer_segment, Node, NodeKind, Span};

use super::sink::Sink;
use super::CoreRule;
use crate::rules::model::CredentialShape;

/// Keys that hold credentials, matched exactly but case-insensitively.
pub const CREDENTIAL_KEYS: &[&str] = &[
    "SecretId",
    "SecretKey",
    "Signature",
    "Token",
    "accessKey",
    "accessKeyId",
    "secretKey",
    "AccessKeySecret",
    "password",
];

pub static CREDENTIAL: CoreRule = CoreRule {
    id: "peerlint/credential",
    severity: Severity::Error,
    summary: "a credential or signature in a request document",
    why: "Request documents live in git; a secret committed there is leaked. The value is never repeated in peerlint's output.",
    fail: include_str!("../../rules/core-examples/credential.fail.yaml"),
    pass: include_str!("../../rules/core-examples/ok.yaml"),
    fixed: false,
};

pub fn is_credential_key(key: &str) -> bool {
    CREDENTIAL_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key))
}

/// Report credential keys and values shaped like a provider's keys
/// (`shapes`, from the rule files); never echo the value.
pub fn credentials(
    root: &Node,
    base: &str,
    shapes: &[&CredentialShape],
    sink: &mut Sink<'_>,
    secrets: &mut Vec<Span>,
) {
    let mut stack: Vec<(&Node, String)> = vec![(root, base.to_owned())];
    while let Some((node, pointer)) = stack.pop() {
        match &node.kind {
            NodeKind::Mapping(entries) => {
                for entry in entries {
                    let Some(key) = entry.key.as_str() else {
                        continue;
                    };
                    let child = format!("{pointer}/{}", pointer_segment(key));
                    if is_credential_key(key) {
                        secrets.push(entry.value.span);
                        sink.secrets.insert(child.clone());
                        sink.emit(
                            &CREDENTIAL,
                            format!("`{}` holds a credential; request documents must not contain secrets", escape_for_message(key, 64)),
                            Some("remove it and rotate the secret if it was ever committed; peerlint never needs credentials".to_owned()),
                            &child,
                            entry.key.span,
                        );
                        continue;
                    }
                    stack.push((&entry.value, child));
                }
            }
            NodeKind::Sequence(items) => {
                for (i, item) in items.iter().enumerate() {
                    stack.push((item, format!("{pointer}/{i}")));
                }
            }
            NodeKind::Scalar(scalar) => {
                if let Some(shape) = shapes.iter().find(|s| s.regex.is_match(&scalar.value)) {
                    secrets.push(node.span);
                    sink.secrets.insert(pointer.clone());
                    sink.emit(
                        &CREDENTIAL,
                        format!(
                            "this value looks like {} {}; request documents must not contain secrets",
                            article(&shape.name),
                            shape.name
                        ),
                        Some("remove it and rotate the key if it was ever committed".to_owned()),
                        &pointer,
                        node.span,
                    );
                }
            }
        }
    }
}

/// `a` or `an` before `name`.
fn article(name: &str) -> &'static str {
    match name.chars().next().map(|c| c.to_ascii_lowercase()) {
        Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
        _ => "a",
    }
}
