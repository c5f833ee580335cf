//! The input layer: the seam between file formats and the engine.
//!
//! A parsed file becomes *candidates*: the requests in it
//! ([`RequestCandidate`]: where its parameters, VPC facts and account are,
//! how its provider is known, which top-level keys its format allows) and,
//! for inventory files, the inventories in it. The engine lints candidates
//! without knowing the document format they came from. Request documents
//! (`request_doc`), inventory documents (`inventory_doc`) and resource files
//! (`terraform`: `.tf` and `.tf.json` files; `terraform_plan`: plans in
//! JSON) are the formats today; provider resolution, which every format
//! shares, is here.
//!
//! A resource file's requests are built from its resources' arguments
//! (`ResourceRequests`); values not known until apply are scalars of
//! [`ScalarStyle::Expression`], and a [`Renaming`] turns each finding back
//! into the file's own names and pointers.

pub mod inventory_doc;
pub mod renaming;
pub mod request_doc;
pub mod sniff;
pub mod terraform;
pub mod terraform_plan;

pub use renaming::Renaming;
pub use terraform::{
    config_requests, directory_of, is_config_name, mentions_mapped_type, resource_file,
    DirectoryContext, ResourceFileKind, ResourceRequest, ResourceRequests,
};
pub use terraform_plan::plan_requests;

use crate::document::{index_pointer, key_pointer, Node, NodeKind, ScalarStyle, Span};
use crate::rules::model::{detection_key_in, Detection, RuleSet, RuleSets};
use crate::suggest::hint_prefix;

/// How a file came to be linted as a request file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The config declares it a request file (`include`): a syntax error
    /// or a document that is not a request is a finding.
    Declared,
    /// Any YAML or JSON file of the run: linted where it holds requests,
    /// skipped without a finding otherwise.
    Found,
}

/// How a request's provider is known.
#[derive(Debug, Clone, Copy)]
pub enum ProviderSource<'a> {
    /// The request names it; the node is the value (`provider: acme`).
    Named(&'a Node),
    /// Not stated: the run's default provider, else detection from the
    /// parameter names.
    Unstated,
}

/// One request as the engine lints it, borrowed from its parsed file.
#[derive(Debug, Clone)]
pub struct RequestCandidate<'a> {
    /// 0-based index of the request within its file.
    pub document: usize,
    /// The whole request: duplicate keys and credentials are looked for in all of it.
    pub root: &'a Node,
    pub provider: ProviderSource<'a>,
    /// What stands where the parameters are (the engine checks it is a mapping).
    pub params: Option<&'a Node>,
    /// The pointer of the parameters (`/params`, or `""` in raw form).
    pub params_pointer: &'static str,
    /// The key of `params`, if written (missing parameters are reported there).
    pub params_key: Option<&'a Node>,
    /// The VPC facts (`vpcs`), with its key.
    pub vpcs: Option<(&'a Node, &'a Node)>,
    pub account: Option<&'a Node>,
    /// The top-level keys the format allows (others are reported), with a
    /// note for the help line; `None`: the format has no other keys.
    pub known_keys: Option<(&'static [&'static str], &'static str)>,
    /// The request's first token, for whole-request findings.
    pub whole: Span,
    /// Pointers of values that stand for another resource's identity (a
    /// reference to a VPC declared beside the request): value rules skip
    /// them; facts and request rules see them.
    pub identities: &'a [String],
}

/// Why the input layer reports something about a file or a request (the
/// engine reports it under the matching core rule).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputProblem {
    /// A name the mapping of a resource does not know.
    UnknownParameter,
    /// A value that cannot be read into the API's parameters.
    WrongType,
    /// A planned in-place update changes what cannot be changed in place.
    ImmutableChange,
    /// A file the input layer cannot read (an unsupported format version).
    Unreadable,
}

/// A finding of the input layer, positioned in the file.
#[derive(Debug, Clone)]
pub struct InputFinding {
    pub problem: InputProblem,
    /// The request it is about, if any.
    pub document: Option<usize>,
    pub provider: Option<String>,
    pub message: String,
    pub help: Option<String>,
    pub pointer: String,
    pub span: Span,
    /// Secondary spans in the same file.
    pub labels: Vec<(Span, String)>,
    /// Replace the text at `span` with this (an unsafe fix: a rename).
    pub rename: Option<String>,
}

/// Whether any scalar under `node` is an expression (a value not known
/// until apply).
pub fn has_unknown(node: &Node) -> bool {
    fn unknown(n: &Node) -> bool {
        matches!(&n.kind, NodeKind::Scalar(s) if s.style == ScalarStyle::Expression)
    }
    // Scalars are looked at where they are met: a flat mapping (the usual
    // params) needs no stack.
    fn visit<'n>(children: impl Iterator<Item = &'n Node>, stack: &mut Vec<&'n Node>) -> bool {
        for child in children {
            match &child.kind {
                NodeKind::Scalar(_) if unknown(child) => return true,
                NodeKind::Scalar(_) => {}
                _ => stack.push(child),
            }
        }
        false
    }
    if unknown(node) {
        return true;
    }
    let mut stack: Vec<&Node> = Vec::new();
    let mut next = Some(node);
    while let Some(n) = next.take().or_else(|| stack.pop()) {
        let found = match &n.kind {
            NodeKind::Scalar(_) => false,
            NodeKind::Mapping(entries) => visit(entries.iter().map(|e| &e.value), &mut stack),
            NodeKind::Sequence(items) => visit(items.iter(), &mut stack),
        };
        if found {
            return true;
        }
    }
    false
}

/// The pointers (below `base`) of the values under `node` that are not
/// known until apply: present and of any type, but no rule checks them and
/// they are no facts.
pub fn unknown_values(node: &Node, base: &str) -> Vec<String> {
    let mut out = Vec::new();
    if !has_unknown(node) {
        return out;
    }
    let mut stack = vec![(node, base.to_owned())];
    while let Some((n, pointer)) = stack.pop() {
        match &n.kind {
            NodeKind::Scalar(s) if s.style == ScalarStyle::Expression => out.push(pointer),
            NodeKind::Scalar(_) => {}
            NodeKind::Mapping(entries) => {
                for e in entries {
                    if let Some(key) = e.key.as_str() {
                        stack.push((&e.value, key_pointer(&pointer, key)));
                    }
                }
            }
            NodeKind::Sequence(items) => {
                for (i, item) in items.iter().enumerate() {
                    stack.push((item, index_pointer(&pointer, i)));
                }
            }
        }
    }
    out
}

/// Why a request's provider cannot be determined.
#[derive(Debug)]
pub enum ProviderProblem<'a> {
    /// `provider:` is not a string.
    NotAString { found: &'static str, span: Span },
    /// `provider:` names no loaded rule set.
    Unknown { name: String, span: Span },
    /// The parameters identify two rule sets: each with the detection keys
    /// of it the request has.
    Ambiguous([(&'a RuleSet, Vec<String>); 2]),
    /// Nothing identifies one.
    Undetermined,
}

/// The rule set of a request: its named provider, else `default`, else the
/// one its parameter names identify.
pub fn resolve_provider<'s>(
    sets: &'s RuleSets,
    source: ProviderSource<'_>,
    default: Option<&str>,
    params: Option<&Node>,
) -> Result<&'s RuleSet, ProviderProblem<'s>> {
    if let ProviderSource::Named(node) = source {
        let Some(name) = node.as_str() else {
            return Err(ProviderProblem::NotAString {
                found: node.type_name(),
                span: node.span,
            });
        };
        return sets.get(name).ok_or_else(|| ProviderProblem::Unknown {
            name: name.to_owned(),
            span: node.span,
        });
    }
    if let Some(set) = default.and_then(|p| sets.get(p)) {
        return Ok(set);
    }
    let keys: Vec<&str> = params
        .and_then(Node::as_mapping)
        .map(|e| e.iter().filter_map(|e| e.key.as_str()).collect())
        .unwrap_or_default();
    let detected = match params {
        Some(p) => sets.detect(p),
        None => Detection::None,
    };
    match detected {
        Detection::One(set) => Ok(set),
        Detection::Conflict(a, b) => {
            let present = |set: &'s RuleSet| -> Vec<String> {
                set.detect
                    .iter()
                    .filter(|d| params.is_some_and(|p| detection_key_in(p, d)))
                    .cloned()
                    .collect()
            };
            Err(ProviderProblem::Ambiguous([
                (a, present(a)),
                (b, present(b)),
            ]))
        }
        // Misspelled identifying keys (`vpcPeeringname`): the set whose
        // parameters the keys mostly are.
        Detection::None => {
            sniff::near_request(sets, &keys, None).ok_or(ProviderProblem::Undetermined)
        }
    }
}

/// `did you mean `x`? known providers: a, b`: the help for an unknown provider.
pub fn unknown_provider_help(sets: &RuleSets, name: &str) -> String {
    let known: Vec<&str> = sets.providers().collect();
    format!(
        "{}known providers: {}",
        hint_prefix(name, known.iter().copied()),
        known.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{parse, Format};

    #[test]
    fn unknown_values_are_found_at_any_depth() {
        let root = |text: &str| {
            let mut parsed = parse(text, Format::Hcl);
            assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
            parsed.documents.remove(0)
        };
        let known = root("a = \"x\"\nb = [\"y\", \"z\"]\nd {\n  e = 1\n}\n");
        assert!(!has_unknown(&known));
        assert!(unknown_values(&known, "").is_empty());
        for (text, pointer) in [
            ("a = var.x\n", "/a"),
            ("b = [\"y\", var.z]\n", "/b/1"),
            (
                "d {\n  e = 1\n}\nf {\n  g {\n    h = local.i\n  }\n}\n",
                "/f/g/h",
            ),
        ] {
            let node = root(text);
            assert!(has_unknown(&node), "{text}");
            assert_eq!(
                unknown_values(&node, ""),
                vec![pointer.to_owned()],
                "{text}"
            );
        }
    }
}
