//! Declared fields: a request's parameters and its VPC facts checked against
//! what the rule set declares — required members (`missing-parameter`),
//! types (`wrong-type`), strings that YAML or JSON would read as something
//! else (`implicit-type`, with a safe fix that quotes them), and names the
//! rule set does not know (`unknown-parameter`, `unknown-field`, with a
//! did-you-mean rename as an unsafe fix).

use super::credential::is_credential_key;
use super::sink::Sink;
use super::CoreRule;
use crate::diagnostic::{escape_for_message, Severity};
use crate::document::{
    index_pointer, key_pointer, pointer_segment, ImplicitType, Node, NodeKind, NodeSet, Scalar,
    ScalarStyle, Span,
};
use crate::fix::{double_quoted, escape_in, Edit, Fix};
use crate::request::Pointer;
use crate::rules::model::{FieldSpec, ValueType};
use crate::suggest::did_you_mean;

pub static MISSING_PARAMETER: CoreRule = CoreRule {
    id: "peerlint/missing-parameter",
    severity: Severity::Error,
    summary: "a required parameter is absent, empty or null",
    why: "The API rejects a request without its required parameters.",
    fail: include_str!("../../rules/core-examples/missing-parameter.fail.yaml"),
    pass: include_str!("../../rules/core-examples/ok.yaml"),
    fixed: false,
};

pub static WRONG_TYPE: CoreRule = CoreRule {
    id: "peerlint/wrong-type",
    severity: Severity::Error,
    summary: "a parameter has the wrong type (a list where a string is expected, ...)",
    why: "The API expects each parameter in its declared type.",
    fail: include_str!("../../rules/core-examples/wrong-type.fail.yaml"),
    pass: include_str!("../../rules/core-examples/ok.yaml"),
    fixed: false,
};

pub static IMPLICIT_TYPE: CoreRule = CoreRule {
    id: "peerlint/implicit-type",
    severity: Severity::Warning,
    summary: "a string parameter is written so that YAML or JSON reads it as a number, bool or null",
    why: "`peerUin: 2407912486`, `name: on` or `017` become a number, a bool or an octal in many YAML loaders (YAML 1.1 reads `on` as true and `017` as 15), so the string sent is not the one written. Quote it; `!!str` also exempts it.",
    fail: include_str!("../../rules/core-examples/implicit-type.fail.yaml"),
    pass: include_str!("../../rules/core-examples/implicit-type.pass.yaml"),
    fixed: false,
};

pub static UNKNOWN_PARAMETER: CoreRule = CoreRule {
    id: "peerlint/unknown-parameter",
    severity: Severity::Warning,
    summary: "a parameter the API does not take (often a typo)",
    why: "The API ignores or rejects unknown parameters; a misspelt optional parameter is silently lost.",
    fail: include_str!("../../rules/core-examples/unknown-parameter.fail.yaml"),
    pass: include_str!("../../rules/core-examples/ok.yaml"),
    fixed: false,
};

pub static UNKNOWN_FIELD: CoreRule = CoreRule {
    id: "peerlint/unknown-field",
    severity: Severity::Warning,
    summary: "a document key peerlint does not know (outside `params`)",
    why: "A misspelt `vpcs` or `provider` would be ignored silently.",
    fail: include_str!("../../rules/core-examples/unknown-field.fail.yaml"),
    pass: include_str!("../../rules/core-examples/ok.yaml"),
    fixed: false,
};

/// Whose fields [`check_fields`] checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldsOf {
    /// A request's parameters: required ones enforced, unknown ones are parameters.
    Params,
    /// A VPC-facts entry.
    Vpc,
    /// An inventory's existing peering: nothing is required.
    ExistingPeering,
}

/// A mapping's declared fields and where to report about them.
pub struct Fields<'a> {
    pub specs: &'a [FieldSpec],
    /// The mapping's pointer.
    pub base: &'a str,
    /// Where a missing field is reported (the mapping's key or first token).
    pub parent_span: Span,
    pub of: FieldsOf,
    /// Whether keys `specs` does not declare are reported.
    pub report_unknown: bool,
}

/// Rename the key `key` (written as `key_node`) to `to`: an unsafe fix.
fn rename_key(key_node: &Node, to: &str) -> Option<Fix> {
    let style = key_node.as_scalar()?.style;
    let text = match style {
        ScalarStyle::Plain => escape_in(style, to)?,
        ScalarStyle::SingleQuoted => format!("'{}'", escape_in(style, to)?),
        ScalarStyle::DoubleQuoted => double_quoted(to),
        _ => return None,
    };
    Fix::unsafe_(
        format!("rename the key to `{to}`"),
        vec![Edit::new(key_node.span, text)],
    )
}

/// Report keys of `root` that are not in `known` (credentials are reported
/// by their own rule).
pub fn unknown_keys(root: &Node, known: &[&str], what: &str, note: &str, sink: &mut Sink<'_>) {
    for entry in root.as_mapping().unwrap_or(&[]) {
        let Some(key) = entry.key.as_str() else {
            continue;
        };
        // `x-…` keys are the team's own metadata (`x-ticket`, `x-owner`).
        if known.contains(&key) || is_credential_key(key) || key.starts_with("x-") {
            continue;
        }
        let suggestion = did_you_mean(key, known.iter().copied());
        let help = match suggestion {
            Some(s) => format!("did you mean `{s}`? Known keys: {}", known.join(", ")),
            None => format!("known keys: {}{note}", known.join(", ")),
        };
        sink.emit_fixable(
            &UNKNOWN_FIELD,
            format!("unknown key `{}` in {what}", escape_for_message(key, 64)),
            Some(help),
            &format!("/{}", pointer_segment(key)),
            entry.key.span,
            suggestion.and_then(|s| rename_key(&entry.key, s)),
        );
    }
}

/// Check the declared fields of a mapping: required, types, YAML traps,
/// unknown keys. Well-typed values are added to `checkable` (only those
/// reach the rule set's rules and become facts).
pub fn check_fields(
    mapping: &Node,
    fields: &Fields<'_>,
    sink: &mut Sink<'_>,
    checkable: &mut NodeSet,
) {
    let Fields {
        specs,
        base,
        parent_span,
        of,
        ..
    } = *fields;
    let params = of != FieldsOf::Vpc;
    let entries = mapping.as_mapping().unwrap_or(&[]);
    // Keys that are near misses of a declared name (`remoteVpcID`): the
    // did-you-mean finding on the key says what is wrong; the name it
    // misses is not reported missing as well.
    let misspelt: Vec<(&str, &Node)> = entries
        .iter()
        .filter_map(|e| Some((e.key.as_str()?, &e.key)))
        .filter(|(k, _)| !specs.iter().any(|s| s.name == *k))
        .filter_map(|(k, key)| Some((did_you_mean(k, specs.iter().map(|s| s.name.as_str()))?, key)))
        .collect();
    // Keys reported as a misspelt required parameter, not as unknown.
    let mut taken: Vec<&str> = Vec::new();
    for spec in specs {
        let pointer = Pointer::member(base, &spec.name);
        let value = mapping.get(&spec.name);
        let missing = match value {
            None => true,
            Some(v) => v.is_null() || (v.as_str() == Some("") && spec.required),
        };
        if missing {
            let near = misspelt
                .iter()
                .find(|(name, _)| *name == spec.name)
                .map(|(_, key)| *key)
                .filter(|_| value.is_none());
            if let (Some(key), true) = (near, spec.required && of != FieldsOf::ExistingPeering) {
                let written = key.as_str().unwrap_or_default();
                taken.push(written);
                sink.emit_fixable(
                    &MISSING_PARAMETER,
                    format!(
                        "required {} `{}` is missing: `{}` is not it{}",
                        if params { "parameter" } else { "field" },
                        spec.name,
                        escape_for_message(written, 64),
                        if written.eq_ignore_ascii_case(&spec.name) {
                            " (names are case-sensitive)"
                        } else {
                            ""
                        }
                    ),
                    Some(format!(
                        "rename `{}` to `{}`",
                        escape_for_message(written, 64),
                        spec.name
                    )),
                    pointer.as_str(),
                    key.span,
                    rename_key(key, &spec.name),
                );
                continue;
            }
            if spec.required && of != FieldsOf::ExistingPeering {
                let what = if params {
                    "required parameter"
                } else {
                    "required field"
                };
                // An empty value has no text: point at its key instead.
                let key_span = mapping
                    .entry(&spec.name)
                    .map_or(parent_span, |e| e.key.span);
                let at = |v: &Node| if v.span.is_empty() { key_span } else { v.span };
                let (message, span) = match value {
                    None => (format!("{what} `{}` is missing", spec.name), parent_span),
                    Some(v) if v.is_null() => {
                        (format!("{what} `{}` has no value (null)", spec.name), at(v))
                    }
                    Some(v) => (format!("{what} `{}` is empty", spec.name), at(v)),
                };
                sink.emit(
                    &MISSING_PARAMETER,
                    message,
                    Some(format!("give `{}` a value", spec.name)),
                    pointer.as_str(),
                    span,
                );
            } else if let Some(scalar) = value.and_then(Node::as_scalar) {
                // `description: ~` is null to a YAML loader, not the string `~`.
                if spec.value_type == ValueType::String
                    && scalar.style == ScalarStyle::Plain
                    && !scalar.value.is_empty()
                {
                    implicit_type_warning_null(
                        scalar,
                        value.map_or(parent_span, |v| v.span),
                        &spec.name,
                        pointer.as_str(),
                        sink,
                    );
                }
            }
            continue;
        }
        let Some(value) = value else { continue };
        let key_span = mapping
            .entry(&spec.name)
            .map_or(parent_span, |e| e.key.span);
        check_value(value, spec, &pointer, key_span, of, sink, checkable);
    }
    for entry in entries.iter().filter(|_| fields.report_unknown) {
        let Some(key) = entry.key.as_str() else {
            sink.emit(
                &WRONG_TYPE,
                "keys must be strings".to_owned(),
                None,
                base,
                entry.key.span,
            );
            continue;
        };
        if specs.iter().any(|s| s.name == key) || is_credential_key(key) || taken.contains(&key) {
            continue;
        }
        let names = specs.iter().map(|s| s.name.as_str());
        let hint = did_you_mean(key, names.clone());
        let (rule, what) = if params {
            (&UNKNOWN_PARAMETER, "parameter")
        } else {
            (&UNKNOWN_FIELD, "VPC field")
        };
        let known: Vec<&str> = names.collect();
        sink.emit_fixable(
            rule,
            format!("unknown {what} `{}`", escape_for_message(key, 64)),
            Some(match hint {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("known: {}", known.join(", ")),
            }),
            &key_pointer(base, key),
            entry.key.span,
            hint.and_then(|s| rename_key(&entry.key, s)),
        );
    }
}

/// Check one present value against its spec: its type, and for an
/// `object` its members, for a `list` its items. Well-typed values (and
/// the items of lists) go to `checkable`.
fn check_value(
    value: &Node,
    spec: &FieldSpec,
    pointer: &Pointer<'_>,
    key_span: Span,
    of: FieldsOf,
    sink: &mut Sink<'_>,
    checkable: &mut NodeSet,
) {
    if !check_type(value, spec.value_type, &spec.name, pointer, sink) {
        return;
    }
    checkable.insert(value.id());
    // An unknown value (an expression) has no members to check.
    if value
        .as_scalar()
        .is_some_and(|s| s.style == ScalarStyle::Expression)
    {
        return;
    }
    match spec.value_type {
        ValueType::Object => {
            let fields = Fields {
                specs: &spec.fields,
                base: pointer.as_str(),
                parent_span: key_span,
                of,
                report_unknown: spec.report_unknown,
            };
            check_fields(value, &fields, sink, checkable);
        }
        ValueType::List => {
            let (Some(item_spec), Some(items)) = (&spec.items, value.as_sequence()) else {
                return;
            };
            for (i, item) in items.iter().enumerate() {
                let item_pointer = index_pointer(pointer.as_str(), i);
                if item.is_null() {
                    sink.emit(
                        &WRONG_TYPE,
                        format!(
                            "each item of `{}` must be {}, found null",
                            spec.name,
                            item_spec.value_type.noun()
                        ),
                        None,
                        &item_pointer,
                        item.span,
                    );
                    continue;
                }
                let item_span = sink.source.first_token(item.span.start);
                check_value(
                    item,
                    item_spec,
                    &Pointer::fixed(&item_pointer),
                    item_span,
                    of,
                    sink,
                    checkable,
                );
            }
        }
        _ => {
            if let Some(items) = value.as_sequence() {
                checkable.extend(items.iter().map(Node::id));
            }
        }
    }
}

/// Check a value against a declared type; report a mismatch or YAML trap.
/// Returns whether the value should be checked by the rules.
pub fn check_type(
    value: &Node,
    expected: ValueType,
    name: &str,
    pointer: &Pointer<'_>,
    sink: &mut Sink<'_>,
) -> bool {
    match (expected, &value.kind) {
        (ValueType::Any, _) => true,
        // Not known until apply: of whatever type it turns out to be.
        (_, NodeKind::Scalar(s)) if s.style == ScalarStyle::Expression => true,
        (ValueType::String, NodeKind::Scalar(scalar)) => {
            implicit_type_warning(
                scalar,
                value.span,
                name,
                || pointer.as_str().to_owned(),
                sink,
            );
            true
        }
        (ValueType::StringList, NodeKind::Sequence(items)) => {
            let mut ok = true;
            for (i, item) in items.iter().enumerate() {
                let item_pointer = || index_pointer(pointer.as_str(), i);
                match &item.kind {
                    NodeKind::Scalar(scalar) if !scalar.is_null() => {
                        implicit_type_warning(scalar, item.span, name, item_pointer, sink);
                    }
                    _ => {
                        sink.emit(
                            &WRONG_TYPE,
                            format!(
                                "each item of `{name}` must be a string, found {}",
                                item.type_name()
                            ),
                            None,
                            &item_pointer(),
                            item.span,
                        );
                        ok = false;
                    }
                }
            }
            ok
        }
        // An integer is written as one (a quoted "100" is a string, which
        // JSON APIs and SDKs reject); HCL numbers count when whole.
        (ValueType::Integer, NodeKind::Scalar(scalar))
            if matches!(scalar.implicit_type(), Some(ImplicitType::Int))
                || (scalar.style == ScalarStyle::HclNumber
                    && scalar.value.parse::<i64>().is_ok()) =>
        {
            true
        }
        // A boolean is `true` or `false` (any case YAML 1.2 allows), JSON's
        // or HCL's; YAML 1.1's `yes`/`on` are strings to a YAML 1.2 loader.
        (ValueType::Boolean, NodeKind::Scalar(scalar))
            if scalar.style == ScalarStyle::HclBool
                || (matches!(scalar.implicit_type(), Some(ImplicitType::Bool))
                    && matches!(scalar.value.to_ascii_lowercase().as_str(), "true" | "false")) =>
        {
            true
        }
        (ValueType::Object, NodeKind::Mapping(_)) | (ValueType::List, NodeKind::Sequence(_)) => {
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
                (ValueType::Integer, NodeKind::Scalar(scalar))
                    if scalar.implicit_type().is_none() && scalar.value.parse::<i64>().is_ok() =>
                {
                    Some("remove the quotes".to_owned())
                }
                (ValueType::Boolean, NodeKind::Scalar(scalar))
                    if scalar.implicit_type().is_none()
                        && matches!(scalar.value.as_str(), "true" | "false") =>
                {
                    Some("remove the quotes".to_owned())
                }
                (ValueType::Boolean, NodeKind::Scalar(_)) => {
                    Some("write `true` or `false`".to_owned())
                }
                _ => None,
            };
            // `yes`, `on`: booleans to YAML 1.1 only, strings to YAML 1.2.
            let found = match &value.kind {
                NodeKind::Scalar(s)
                    if expected == ValueType::Boolean
                        && s.implicit_type() == Some(ImplicitType::Bool) =>
                {
                    format!(
                        "`{}`, a boolean to YAML 1.1 loaders but a string to YAML 1.2 and JSON",
                        escape_for_message(&s.value, 16)
                    )
                }
                _ => value.type_name().to_owned(),
            };
            sink.emit(
                &WRONG_TYPE,
                format!("`{name}` must be {}, found {found}", expected.noun()),
                help,
                pointer.as_str(),
                value.span,
            );
            false
        }
    }
}

/// `description: ~`: null to a YAML loader, not the string `~`. No fix:
/// whether the text or nothing was meant cannot be told.
pub fn implicit_type_warning_null(
    scalar: &Scalar,
    span: Span,
    name: &str,
    pointer: &str,
    sink: &mut Sink<'_>,
) {
    sink.emit(
        &IMPLICIT_TYPE,
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

/// A string written so that a loader reads a number or a bool; the safe fix
/// quotes the text as written. The pointer is written out only for a
/// finding.
pub fn implicit_type_warning(
    scalar: &Scalar,
    span: Span,
    name: &str,
    pointer: impl FnOnce() -> String,
    sink: &mut Sink<'_>,
) {
    let Some(kind) = scalar.implicit_type().filter(|k| *k != ImplicitType::Null) else {
        return;
    };
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
    // The text as written, never the number as parsed; a plain scalar
    // folded over several lines has no single text to quote.
    let written = sink.source.slice(span);
    let fix = (written == scalar.value && !written.contains(['\n', '\r'])).then(|| {
        Fix::safe(
            format!("quote the value: `{}`", double_quoted(written)),
            vec![Edit::new(span, double_quoted(written))],
        )
    });
    sink.emit_fixable(
        &IMPLICIT_TYPE,
        format!(
            "`{name}` is a string but `{}` is read as {reads_as}",
            escape_for_message(&scalar.value, 64)
        ),
        Some(format!("quote it: {quoted}")),
        &pointer(),
        span,
        fix.flatten(),
    );
}
