//! Engine rules that look at a document itself rather than a rule set's
//! parameters: duplicate keys, credentials, unknown keys, declared types and
//! YAML/JSON implicit types.

use rustc_hash::FxHashMap as HashMap;

use super::sink::Sink;
use super::CREDENTIAL_KEYS;
use crate::core_rules::*;
use crate::diagnostic::escape_for_message;
use crate::document::{self, ImplicitType, Node, NodeKind, ScalarStyle, Span};
use crate::request::pointer_segment;
use crate::rules::model::ValueType;
use crate::suggest::did_you_mean;

/// Report keys of `root` that are not in `known` (credentials are reported
/// by their own rule).
pub(super) fn unknown_keys(
    root: &Node,
    known: &[&str],
    what: &str,
    note: &str,
    sink: &mut Sink<'_, '_>,
) {
    for entry in root.as_mapping().unwrap_or(&[]) {
        let Some(key) = entry.key.as_str() else {
            continue;
        };
        if known.contains(&key) || is_credential_key(key) {
            continue;
        }
        let help = match did_you_mean(key, known.iter().copied()) {
            Some(s) => format!("did you mean `{s}`? Known keys: {}", known.join(", ")),
            None => format!("known keys: {}{note}", known.join(", ")),
        };
        sink.emit(
            UNKNOWN_FIELD,
            format!("unknown key `{}` in {what}", escape_for_message(key, 64)),
            Some(help),
            &format!("/{}", pointer_segment(key)),
            entry.key.span,
        );
    }
}

pub(super) fn is_credential_key(key: &str) -> bool {
    CREDENTIAL_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key))
}

/// A value shaped like a Tencent API key: `AKID` and 32 ASCII alphanumerics.
pub(super) fn looks_like_tencent_key(value: &str) -> Option<usize> {
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

/// Check a value against a declared type; report a mismatch or YAML trap.
/// Returns whether the value should be checked by the rules.
pub(super) fn check_type(
    value: &Node,
    expected: ValueType,
    name: &str,
    pointer: &str,
    sink: &mut Sink<'_, '_>,
) -> bool {
    match (expected, &value.kind) {
        (ValueType::Any, _) => true,
        (ValueType::String, NodeKind::Scalar(scalar)) => {
            implicit_type_warning(scalar, value.span, name, pointer, sink);
            true
        }
        (ValueType::StringList, NodeKind::Sequence(items)) => {
            let mut ok = true;
            for (i, item) in items.iter().enumerate() {
                let item_pointer = format!("{pointer}/{i}");
                match &item.kind {
                    NodeKind::Scalar(scalar) if !scalar.is_null() => {
                        implicit_type_warning(scalar, item.span, name, &item_pointer, sink)
                    }
                    _ => {
                        sink.emit(
                            WRONG_TYPE,
                            format!(
                                "each item of `{name}` must be a string, found {}",
                                item.type_name()
                            ),
                            None,
                            &item_pointer,
                            item.span,
                        );
                        ok = false;
                    }
                }
            }
            ok
        }
        (ValueType::Integer, NodeKind::Scalar(scalar))
            if matches!(scalar.implicit_type(), Some(ImplicitType::Int))
                || scalar.value.parse::<i64>().is_ok() =>
        {
            true
        }
        (ValueType::Boolean, NodeKind::Scalar(scalar))
            if matches!(scalar.value.as_str(), "true" | "false") =>
        {
            true
        }
        _ => {
            let help = match (expected, &value.kind) {
                (ValueType::String, NodeKind::Sequence(items)) if items.len() == 1 => {
                    Some("write the single value without the list brackets".to_owned())
                }
                (ValueType::StringList, NodeKind::Scalar(_)) => {
                    Some("wrap the value in a list: `[value]`".to_owned())
                }
                _ => None,
            };
            sink.emit(
                WRONG_TYPE,
                format!(
                    "`{name}` must be {}, found {}",
                    expected.noun(),
                    value.type_name()
                ),
                help,
                pointer,
                value.span,
            );
            false
        }
    }
}

pub(super) fn implicit_type_warning_null(
    scalar: &document::Scalar,
    span: Span,
    name: &str,
    pointer: &str,
    sink: &mut Sink<'_, '_>,
) {
    sink.emit(
        IMPLICIT_TYPE,
        format!(
            "`{name}` is a string but `{}` is read as null by YAML loaders",
            escape_for_message(&scalar.value, 64)
        ),
        Some(format!(
            "quote it (\"{}\") to send the text, or remove the key to send nothing",
            scalar.value
        )),
        pointer,
        span,
    );
}

pub(super) fn implicit_type_warning(
    scalar: &document::Scalar,
    span: Span,
    name: &str,
    pointer: &str,
    sink: &mut Sink<'_, '_>,
) {
    let Some(kind) = scalar.implicit_type() else {
        return;
    };
    if kind == ImplicitType::Null {
        return;
    }
    let json = matches!(
        scalar.style,
        ScalarStyle::JsonNumber | ScalarStyle::JsonBool
    );
    let quoted = format!("\"{}\"", scalar.value);
    let reads_as = if json {
        format!(
            "a JSON {}",
            if scalar.style == ScalarStyle::JsonBool {
                "boolean"
            } else {
                "number"
            }
        )
    } else {
        format!("{} by YAML loaders", kind.noun())
    };
    sink.emit(
        IMPLICIT_TYPE,
        format!(
            "`{name}` is a string but `{}` is read as {reads_as}",
            escape_for_message(&scalar.value, 64)
        ),
        Some(format!("quote it: {quoted}")),
        pointer,
        span,
    );
}

/// Report every duplicate key in the request tree, pointing at both keys.
pub(super) fn duplicate_keys(root: &Node, sink: &mut Sink<'_, '_>) {
    let mut stack: Vec<(&Node, String)> = vec![(root, String::new())];
    while let Some((node, pointer)) = stack.pop() {
        match &node.kind {
            NodeKind::Mapping(entries) => {
                let mut seen: HashMap<&str, Span> = HashMap::default();
                for entry in entries {
                    let key_text = entry.key.as_str();
                    if let Some(key) = key_text {
                        let child = format!("{pointer}/{}", pointer_segment(key));
                        if let Some(first) = seen.get(key) {
                            let message =
                                format!("duplicate key `{}`", escape_for_message(key, 64));
                            sink.emit_labelled(
                                DUPLICATE_KEY,
                                message,
                                Some("remove one of the two entries; tools disagree on which one wins".to_owned()),
                                &child,
                                entry.key.span,
                                vec![(*first, "first defined here".to_owned())],
                            );
                        } else {
                            seen.insert(key, entry.key.span);
                        }
                        stack.push((&entry.value, child));
                    }
                }
            }
            NodeKind::Sequence(items) => {
                for (i, item) in items.iter().enumerate() {
                    stack.push((item, format!("{pointer}/{i}")));
                }
            }
            NodeKind::Scalar(_) => {}
        }
    }
}

/// Report credential keys and values shaped like keys; never echo the value.
pub(super) fn credentials(
    root: &Node,
    base: &str,
    sink: &mut Sink<'_, '_>,
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
                            CREDENTIAL,
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
                        CREDENTIAL,
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
