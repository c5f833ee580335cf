//! `peerlint/credential`: keys that hold credentials and values shaped like
//! keys. Request documents live in git; the value is never repeated in any
//! output, and no other rule looks at it.

use crate::diagnostic::{escape_for_message, Severity};
use crate::document::{pointer_segment, Node, NodeKind, Span};

use super::sink::Sink;
use super::CoreRule;

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
    fail: "provider: tencentcloud\nparams:\n  vpcId: vpc-2k8d0cx9\n  peerVpcId: vpc-9a8b7c6d\n  peerUin: \"2407912486\"\n  peeringConnectionName: tses\n  SecretKey: abcdefghijklmnop\n",
    pass: "provider: tencentcloud\nparams:\n  vpcId: vpc-2k8d0cx9\n  peerVpcId: vpc-9a8b7c6d\n  peerUin: \"2407912486\"\n  peeringConnectionName: tses\n",
    fixed: false,
};

pub fn is_credential_key(key: &str) -> bool {
    CREDENTIAL_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key))
}

/// A value shaped like a Tencent API key: `AKID` and 32 ASCII alphanumerics.
pub fn looks_like_tencent_key(value: &str) -> Option<usize> {
    let bytes = value.as_bytes();
    let mut i = 0;
    while let Some(pos) = value[i..].find("AKID") {
        let start = i + pos;
        let body = &bytes[start + 4..];
        let run = body
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        let before_ok = start == 0 || !bytes[start - 1].is_ascii_alphanumeric();
        if run == 32 && before_ok {
            return Some(start);
        }
        i = start + 4;
    }
    None
}

/// Report credential keys and values shaped like keys; never echo the value.
pub fn credentials(root: &Node, base: &str, sink: &mut Sink<'_>, secrets: &mut Vec<Span>) {
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
                if looks_like_tencent_key(&scalar.value).is_some() {
                    secrets.push(node.span);
                    sink.secrets.insert(pointer.clone());
                    sink.emit(
                        &CREDENTIAL,
                        "this value looks like a Tencent Cloud SecretId (`AKID…`); request documents must not contain secrets".to_owned(),
                        Some("remove it and rotate the key if it was ever committed".to_owned()),
                        &pointer,
                        node.span,
                    );
                }
            }
        }
    }
}
