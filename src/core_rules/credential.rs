//! `peerlint/credential`: keys that hold credentials and values shaped like
//! keys. Request documents live in git; the value is never repeated in any
//! output, and no other rule looks at it.

use super::walk::{self, Paths};
use crate::diagnostic::{escape_for_message, Severity};
use crate::document::{Node, NodeKind, Span};

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

/// The credential shapes of all sets, and one regex matching any of them
/// (one scan of each value instead of one per shape).
#[derive(Debug)]
pub struct Credentials<'r> {
    pub shapes: Vec<&'r CredentialShape>,
    pub any: Option<crate::dialect::Regex>,
}

impl<'r> Credentials<'r> {
    pub fn new(shapes: Vec<&'r CredentialShape>) -> Credentials<'r> {
        let any = (!shapes.is_empty())
            .then(|| {
                let alternatives: Vec<String> = shapes
                    .iter()
                    .map(|s| format!("(?:{})", s.regex.as_str()))
                    .collect();
                let pattern = alternatives.join("|");
                crate::dialect::Regex::lazy(&pattern)
            })
            .flatten();
        Credentials { shapes, any }
    }
}

pub fn is_credential_key(key: &str) -> bool {
    CREDENTIAL_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key))
}

/// Report credential keys and values shaped like a provider's keys
/// (`shapes`, from the rule files); never echo the value.
pub fn credentials(
    root: &Node,
    base: &str,
    shapes: &Credentials<'_>,
    sink: &mut Sink<'_>,
    secrets: &mut Vec<Span>,
) {
    let mut paths = Paths::new(base);
    let mut stack = walk::stack(root);
    while let Some((node, at)) = stack.pop() {
        match &node.kind {
            NodeKind::Mapping(entries) => {
                for entry in entries {
                    let Some(key) = entry.key.as_str() else {
                        continue;
                    };
                    let child = paths.key(at, key);
                    if is_credential_key(key) {
                        let pointer = paths.pointer(child);
                        secrets.push(entry.value.span);
                        sink.secrets.insert(entry.value.id());
                        sink.emit(
                            &CREDENTIAL,
                            format!("`{}` holds a credential; request documents must not contain secrets", escape_for_message(key, 64)),
                            Some("remove it and rotate the secret if it was ever committed; peerlint never needs credentials".to_owned()),
                            &pointer,
                            entry.key.span,
                        );
                        continue;
                    }
                    stack.push((&entry.value, child));
                }
            }
            NodeKind::Sequence(items) => {
                for (i, item) in items.iter().enumerate() {
                    let child = paths.index(at, i);
                    stack.push((item, child));
                }
            }
            NodeKind::Scalar(scalar) => {
                let any = shapes
                    .any
                    .as_ref()
                    .is_none_or(|re| re.is_match(&scalar.value));
                let shape = any
                    .then(|| {
                        shapes
                            .shapes
                            .iter()
                            .find(|s| s.regex.is_match(&scalar.value))
                    })
                    .flatten();
                if let Some(shape) = shape {
                    let pointer = paths.pointer(at);
                    secrets.push(node.span);
                    sink.secrets.insert(node.id());
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
