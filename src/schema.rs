//! JSON Schema (draft-07) for request documents, generated from the loaded
//! rule sets: `peerlint schema document`.
//!
//! Editors (yaml-language-server, VS Code) use it for completion, hover text
//! and as-you-type validation. It describes the request document forms (README, "Request documents") —
//! a full-form request, a raw-form request (the `params` mapping itself) and
//! a top-level array of requests — with each provider's parameters and VPC
//! fact fields, and the keywords of the provider's field rules that JSON
//! Schema can state exactly (lengths in characters, patterns, character
//! sets, value lists).
//!
//! The schema errs on the side of accepting: only error-severity rules
//! contribute keywords, so a document the schema rejects is one `peerlint
//! check` fails too. The exception is deliberate: a string parameter written
//! as an unquoted number or boolean (`peerUin: 2407912486`), which peerlint
//! reports as a warning, is a type mismatch here — quoting it fixes both.
//! Cross-field and cross-document rules, warnings and notes are not in the
//! schema; run `peerlint check` for those. A file the schema is mapped to is
//! taken to hold requests: a mapping that is no request at all (which
//! peerlint skips) fails the raw form's required parameters.

use serde_json::{json, Map, Value};

use crate::checks::Check;
use crate::core_rules::credential::CREDENTIAL_KEYS;
use crate::diagnostic::Severity;
use crate::dialect::Step;
use crate::rules::model::{FieldSpec, Rule, RuleSet, RuleSets, ValueType};

/// The `$id` of the schema for all loaded providers.
pub const DOCUMENT_SCHEMA_ID: &str = "urn:peerlint:schema:document";

const DRAFT_07: &str = "http://json-schema.org/draft-07/schema#";

/// The JSON Schema for request documents of the providers in `registry`,
/// or of `provider` alone.
pub fn document_schema(registry: &RuleSets, provider: Option<&str>) -> Value {
    let sets: Vec<&RuleSet> = registry
        .sets
        .values()
        .filter(|s| provider.is_none_or(|p| p == s.provider))
        .collect();
    let ids: Vec<&str> = sets.iter().map(|s| s.provider.as_str()).collect();

    let mut definitions = Map::new();
    for set in &sets {
        definitions.insert(def_name(set, "params"), params_schema(set));
        definitions.insert(def_name(set, "vpc"), vpc_schema(set));
        definitions.insert(def_name(set, "request"), provider_request_schema(set));
    }

    let mut full = Map::new();
    full.insert(
        "description".into(),
        "A request in full form: `provider`, `account`, `params` and `vpcs`.".into(),
    );
    full.insert(
        "properties".into(),
        json!({
            "provider": {
                "description": format!(
                    "The provider whose API this request is for (known: {}). Without it, \
                     peerlint uses --provider, the config's `provider`, or detects it from \
                     the parameter names.",
                    ids.join(", ")
                ),
                "type": "string",
                "enum": ids,
            },
            "account": {
                "description": "The requester's account id (an account number or UID), quoted.",
                "type": "string",
            },
            "params": {
                "description": "The API's request parameters, path and body alike, named exactly as in the provider's API reference.",
                "type": ["object", "null"],
            },
            "vpcs": {
                "description": "Offline facts about the VPCs involved, with the provider's own field names.",
                "type": ["array", "null"],
                "items": {"type": "object"},
            },
        }),
    );
    full.insert("patternProperties".into(), credential_properties());
    let mut branches: Vec<Value> = sets
        .iter()
        .map(|set| {
            json!({
                "if": {
                    "required": ["provider"],
                    "properties": {"provider": {"const": set.provider}},
                },
                "then": reference(&def_name(set, "request")),
            })
        })
        .collect();
    if !sets.is_empty() {
        branches.push(json!({
            "if": {"not": {"required": ["provider"]}},
            "then": any_of(sets.iter().map(|s| reference(&def_name(s, "request")))),
        }));
        full.insert("allOf".into(), branches.into());
    }
    definitions.insert("fullRequest".into(), full.into());

    let mut raw = Map::new();
    raw.insert(
        "description".into(),
        "A request in raw form: the `params` mapping itself (the body you would send).".into(),
    );
    if !sets.is_empty() {
        raw.insert(
            "allOf".into(),
            json!([any_of(
                sets.iter().map(|s| reference(&def_name(s, "params")))
            )]),
        );
    }
    definitions.insert("rawRequest".into(), raw.into());

    definitions.insert(
        "request".into(),
        json!({
            "description": "One VPC-peering creation request. A mapping with `provider` or `params` at its top is in full form; any other mapping is the raw form.",
            "type": "object",
            "if": {"anyOf": [{"required": ["provider"]}, {"required": ["params"]}]},
            "then": reference("fullRequest"),
            "else": reference("rawRequest"),
        }),
    );

    let versions: Vec<String> = sets
        .iter()
        .map(|s| format!("{} {}", s.provider, s.version))
        .collect();
    let id = match provider {
        Some(p) => format!("urn:peerlint:schema:document:{p}"),
        None => DOCUMENT_SCHEMA_ID.to_owned(),
    };
    json!({
        "$schema": DRAFT_07,
        "$id": id,
        "title": "peerlint request document",
        "description": format!(
            "A VPC-peering creation request, or an array of requests, as linted by peerlint. \
             Generated by peerlint {} from the rule sets {}. Only error-level field rules are \
             encoded; run `peerlint check` for warnings and cross-field and cross-document rules.",
            env!("CARGO_PKG_VERSION"),
            if versions.is_empty() { "(none)".to_owned() } else { versions.join(", ") }
        ),
        "definitions": definitions,
        "if": {"type": "array"},
        "then": {
            "description": "One request per element.",
            "items": reference("request"),
        },
        "else": {
            // An empty document is ignored.
            "if": {"type": "null"},
            "then": true,
            "else": reference("request"),
        },
    })
}

fn def_name(set: &RuleSet, what: &str) -> String {
    format!("{}.{what}", set.provider)
}

fn reference(name: &str) -> Value {
    json!({ "$ref": format!("#/definitions/{name}") })
}

fn any_of(mut items: impl ExactSizeIterator<Item = Value>) -> Value {
    if items.len() == 1 {
        return items.next().unwrap_or_default();
    }
    json!({ "anyOf": items.collect::<Vec<_>>() })
}

/// `patternProperties` forbidding credential keys (matched case-insensitively).
fn credential_properties() -> Value {
    let alternatives: Vec<String> = CREDENTIAL_KEYS
        .iter()
        .map(|k| {
            k.chars()
                .map(|c| {
                    if c.is_ascii_alphabetic() {
                        format!("[{}{}]", c.to_ascii_uppercase(), c.to_ascii_lowercase())
                    } else {
                        c.to_string()
                    }
                })
                .collect()
        })
        .collect();
    let mut map = Map::new();
    map.insert(
        format!("^(?:{})$", alternatives.join("|")),
        json!({
            "description": "Credentials must not be in request documents: they live in git.",
            "not": {},
        }),
    );
    map.into()
}

/// The schema of one provider's full-form request.
fn provider_request_schema(set: &RuleSet) -> Value {
    let mut properties = Map::new();
    properties.insert("params".into(), reference(&def_name(set, "params")));
    properties.insert(
        "vpcs".into(),
        json!({"type": ["array", "null"], "items": reference(&def_name(set, "vpc"))}),
    );
    let mut schema = Map::new();
    schema.insert("title".into(), api_title(set).into());
    schema.insert("properties".into(), properties.into());
    if set.params.iter().any(|p| p.required) {
        schema.insert("required".into(), json!(["params"]));
    }
    schema.into()
}

fn api_title(set: &RuleSet) -> String {
    match &set.api {
        Some(api) => format!("{} {api} request", set.name),
        None => format!("{} request", set.name),
    }
}

/// The schema of one provider's `params` mapping (also its raw form).
fn params_schema(set: &RuleSet) -> Value {
    let mut description = format!("Parameters of {}", api_title(set));
    if let Some(docs) = &set.docs {
        description.push_str(&format!(" ({docs})"));
    }
    description.push_str(". Unknown parameters are allowed here; peerlint warns about them.");
    let required = set.params.iter().any(|p| p.required);
    let mut schema = fields_schema(set, &set.params, Where::Params);
    schema.insert("description".into(), description.into());
    schema.insert(
        "type".into(),
        if required {
            json!("object")
        } else {
            json!(["object", "null"])
        },
    );
    schema.into()
}

/// The schema of one entry of `vpcs`.
fn vpc_schema(set: &RuleSet) -> Value {
    let Some(shape) = &set.facts else {
        return json!({
            "description": format!("{} declares no VPC facts; peerlint does not check `vpcs`.", set.name),
            "type": "object",
        });
    };
    let mut schema = fields_schema(set, &shape.fields, Where::Vpcs);
    schema.insert(
        "description".into(),
        format!(
            "Facts about one {} VPC: `{}` is its id{}.",
            set.name,
            shape.id,
            if shape.cidrs.is_empty() {
                String::new()
            } else {
                format!(", `{}` its CIDR block(s)", shape.cidrs.join("`, `"))
            }
        )
        .into(),
    );
    schema.insert("type".into(), "object".into());
    schema.into()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Where {
    Params,
    Vpcs,
    /// A member of an object or an item of a list.
    Nested,
}

fn fields_schema(set: &RuleSet, fields: &[FieldSpec], at: Where) -> Map<String, Value> {
    let mut properties = Map::new();
    for spec in fields {
        properties.insert(spec.name.clone(), field_schema(set, spec, at).into());
    }
    let required: Vec<&str> = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.name.as_str())
        .collect();
    let mut schema = Map::new();
    schema.insert("properties".into(), properties.into());
    if !required.is_empty() {
        schema.insert("required".into(), required.into());
    }
    schema.insert("patternProperties".into(), credential_properties());
    schema.insert("additionalProperties".into(), true.into());
    schema
}

/// Which value of a field a rule target reaches.
#[derive(PartialEq, Eq)]
enum Reach {
    /// The field's value.
    Value,
    /// Each item of a list field.
    Items,
}

fn reach(steps: &[Step], field: &str, at: Where) -> Option<Reach> {
    let rest = match (at, steps) {
        (Where::Params, [Step::Key(p), Step::Key(f), rest @ ..]) if p == "params" && f == field => {
            rest
        }
        (Where::Vpcs, [Step::Key(v), Step::Each, Step::Key(f), rest @ ..])
            if v == "vpcs" && f == field =>
        {
            rest
        }
        _ => return None,
    };
    match rest {
        [] => Some(Reach::Value),
        [Step::Each] => Some(Reach::Items),
        _ => None,
    }
}

/// Whether a rule's keywords belong in the schema: an error-level field
/// check on the whole value, all of whose prerequisites are in too (a rule
/// that runs only after a warning-level rule passes cannot be stated alone).
fn encodable(set: &RuleSet, rule: &Rule, depth: usize) -> bool {
    rule.severity == Severity::Error
        && rule.extract.is_none()
        // A conditional rule applies to some requests only.
        && rule.conditions.is_empty()
        && matches!(rule.check, Check::Field(_))
        && depth < 16
        && rule.depends_on.iter().all(|id| {
            set.rule(id)
                .is_some_and(|dep| encodable(set, dep, depth + 1))
        })
}

fn field_schema(set: &RuleSet, spec: &FieldSpec, at: Where) -> Map<String, Value> {
    let nullable = !spec.required;
    let mut schema = Map::new();
    let mut items = Map::new();
    match spec.value_type {
        ValueType::String => {
            schema.insert(
                "type".into(),
                if nullable {
                    json!(["string", "null"])
                } else {
                    json!("string")
                },
            );
            if spec.required {
                // An empty value counts as missing.
                schema.insert("minLength".into(), 1.into());
            }
        }
        ValueType::StringList => {
            schema.insert(
                "type".into(),
                if nullable {
                    json!(["array", "null"])
                } else {
                    json!("array")
                },
            );
            items.insert("type".into(), "string".into());
        }
        ValueType::Integer => {
            // peerlint also takes a quoted integer.
            let mut types = vec!["integer", "string"];
            if nullable {
                types.push("null");
            }
            schema.insert("type".into(), types.into());
            schema.insert("pattern".into(), "^[+-]?[0-9]+$".into());
        }
        ValueType::Boolean => {
            let mut values = vec![json!(true), json!(false), json!("true"), json!("false")];
            if nullable {
                values.push(Value::Null);
            }
            schema.insert("enum".into(), values.into());
        }
        ValueType::Any => {}
        ValueType::Object => {
            // Members get their types and `required`; rules target nested
            // members by path, and their keywords are left to `check`.
            schema = fields_schema(set, &spec.fields, Where::Nested);
            schema.insert(
                "type".into(),
                if nullable {
                    json!(["object", "null"])
                } else {
                    json!("object")
                },
            );
        }
        ValueType::List => {
            schema.insert(
                "type".into(),
                if nullable {
                    json!(["array", "null"])
                } else {
                    json!("array")
                },
            );
            if let Some(item) = &spec.items {
                items = field_schema(set, item, Where::Nested);
            }
        }
    }

    let mut lines: Vec<String> = Vec::new();
    if let Some(d) = &spec.description {
        lines.push(d.clone());
    }
    match spec.location.as_deref() {
        Some("path") => lines.push("Part of the request path.".into()),
        Some("query") => lines.push("Sent in the query string.".into()),
        Some("body") => lines.push("Sent in the request body.".into()),
        Some("common") => lines.push("A common request parameter.".into()),
        Some(place) => lines.push(format!("Location: {place}.")),
        None => {}
    }
    let mut rule_lines = Vec::new();
    for rule in &set.rules {
        let Some(reached) = rule
            .targets
            .iter()
            .find_map(|t| reach(&t.steps, &spec.name, at))
        else {
            continue;
        };
        rule_lines.push(format!(
            "{} ({}): {}",
            rule.id,
            rule.severity.as_str(),
            rule.summary
        ));
        if !encodable(set, rule, 0) {
            continue;
        }
        let Check::Field(check) = &rule.check else {
            continue;
        };
        let mut keywords = Map::new();
        check.json_schema(&mut keywords);
        match reached {
            Reach::Value if spec.value_type != ValueType::StringList => {
                merge(&mut schema, keywords)
            }
            Reach::Items if spec.value_type == ValueType::StringList => merge(&mut items, keywords),
            _ => {}
        }
    }
    if !rule_lines.is_empty() {
        lines.push(format!("Rules:\n{}", rule_lines.join("\n")));
    }
    if nullable {
        allow_null_in_enums(&mut schema);
    }
    if !items.is_empty() {
        schema.insert("items".into(), items.into());
    }
    let mut out = Map::new();
    if !lines.is_empty() {
        out.insert("description".into(), lines.join("\n\n").into());
    }
    out.extend(schema);
    out
}

/// Add `keywords` to `schema`: bounds combine to the tighter one; other
/// keywords that are already there with another value go to an `allOf`
/// entry, so every rule's constraint holds.
fn merge(schema: &mut Map<String, Value>, keywords: Map<String, Value>) {
    let mut rest = Map::new();
    for (key, value) in keywords {
        let Some(old) = schema.get(&key) else {
            schema.insert(key, value);
            continue;
        };
        if *old == value {
            continue;
        }
        let tighter = match (key.as_str(), old.as_u64(), value.as_u64()) {
            ("minLength" | "minItems", Some(a), Some(b)) => Some(a.max(b)),
            ("maxLength" | "maxItems", Some(a), Some(b)) => Some(a.min(b)),
            _ => None,
        };
        match tighter {
            Some(n) => {
                schema.insert(key, n.into());
            }
            None => {
                rest.insert(key, value);
            }
        }
    }
    if !rest.is_empty() {
        let all_of = schema
            .entry("allOf")
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(list) = all_of {
            list.push(rest.into());
        }
    }
}

/// An optional field may be null: keep `enum`s from rejecting it.
fn allow_null_in_enums(schema: &mut Map<String, Value>) {
    if let Some(Value::Array(values)) = schema.get_mut("enum") {
        if !values.contains(&Value::Null) {
            values.push(Value::Null);
        }
    }
    if let Some(Value::Array(list)) = schema.get_mut("allOf") {
        for entry in list {
            if let Value::Object(map) = entry {
                allow_null_in_enums(map);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_keeps_every_constraint() {
        let mut schema = Map::new();
        schema.insert("minLength".into(), 1.into());
        let mut add = Map::new();
        add.insert("minLength".into(), 2.into());
        add.insert("pattern".into(), "^a".into());
        merge(&mut schema, add);
        let mut add = Map::new();
        add.insert("pattern".into(), "b$".into());
        add.insert("maxLength".into(), 9.into());
        merge(&mut schema, add);
        assert_eq!(
            Value::Object(schema),
            json!({"minLength": 2, "pattern": "^a", "maxLength": 9, "allOf": [{"pattern": "b$"}]})
        );
    }

    #[test]
    fn null_joins_enums() {
        let mut schema = Map::new();
        schema.insert("enum".into(), json!(["a"]));
        schema.insert("allOf".into(), json!([{"enum": ["b"]}]));
        allow_null_in_enums(&mut schema);
        assert_eq!(
            Value::Object(schema),
            json!({"enum": ["a", null], "allOf": [{"enum": ["b", null]}]})
        );
    }
}
