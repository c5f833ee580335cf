//! Request documents: YAML or JSON files holding requests, in full form
//! (`provider`, `account`, `params`, `vpcs`) or raw form (the parameters
//! mapping itself). A YAML stream holds one request per document; a
//! top-level sequence holds one per element.
//!
//! Which documents are requests: a full-form request needs a `params`
//! mapping and either a `provider` string or parameters that identify a
//! rule set; a raw-form request needs a detection key, or keys that are
//! mostly one set's parameters or near misses of them (`vpcPeeringname`).
//! Anything else — another tool's file — is skipped. In a file the config
//! declares a request file (`include`), a document that is not a request
//! is a finding instead.

use crate::document::{Node, NodeKind, ParsedStream, SourceFile, Span};
use crate::rules::model::{Detection, RuleSets};

use super::sniff::near_request;
use super::{ProviderSource, RequestCandidate, Role};

/// Top-level keys of a full-form request.
pub const REQUEST_KEYS: &[&str] = &["provider", "account", "params", "vpcs", "meta"];

/// Whether a top-level key is metadata of the team's own (`x-ticket`,
/// `x-owner`): allowed, not checked.
pub fn is_extension_key(key: &str) -> bool {
    key.starts_with("x-")
}

/// The requests of a parsed file, how many documents are not requests, and
/// (in a declared request file) which those are, where, and why.
#[derive(Debug, Default)]
pub struct Candidates<'a> {
    pub requests: Vec<RequestCandidate<'a>>,
    pub skipped: usize,
    pub not_requests: Vec<(usize, Span, String)>,
}

/// The request candidates of `parsed`; `default` is the run's default
/// provider (it lets keys that are mostly its parameters make a request).
pub fn candidates<'a>(
    parsed: &'a ParsedStream,
    source: &SourceFile,
    sets: &RuleSets,
    role: Role,
    default: Option<&str>,
) -> Candidates<'a> {
    let mut out = Candidates::default();
    let mut index = 0;
    for (position, root) in parsed.documents.iter().enumerate() {
        // A document broken by a syntax error still takes its index.
        index += parsed.broken.iter().filter(|&&b| b == position).count();
        document_candidates(root, &mut index, source, sets, role, default, &mut out);
    }
    out
}

/// The request candidates of one document (`root`), numbered from `index`
/// on (which moves past them): a top-level sequence holds one request per
/// element.
pub fn document_candidates<'a>(
    root: &'a Node,
    index: &mut usize,
    source: &SourceFile,
    sets: &RuleSets,
    role: Role,
    default: Option<&str>,
    out: &mut Candidates<'a>,
) {
    match &root.kind {
        NodeKind::Sequence(items) => {
            for item in items {
                candidate(item, *index, source, sets, role, default, out);
                *index += 1;
            }
        }
        NodeKind::Scalar(s) if s.is_null() => {}
        _ => {
            candidate(root, *index, source, sets, role, default, out);
            *index += 1;
        }
    }
}

/// Why a document is not a request, or `None` when it is one. In a
/// declared request file every mapping is a request (what is wrong with it
/// is reported); elsewhere only what looks like one.
fn not_a_request(
    root: &Node,
    sets: &RuleSets,
    role: Role,
    default: Option<&str>,
) -> Option<String> {
    fn keys_of(node: &Node) -> Vec<&str> {
        node.as_mapping()
            .map(|e| e.iter().filter_map(|e| e.key.as_str()).collect())
            .unwrap_or_default()
    }
    if root.as_mapping().is_none() {
        return Some(format!(
            "a request is a mapping, this is {}",
            root.type_name()
        ));
    }
    if role == Role::Declared {
        return None;
    }
    let identified = |mapping: &Node| {
        !matches!(sets.detect(mapping), Detection::None)
            || near_request(sets, &keys_of(mapping), default).is_some()
    };
    let (provider, params) = (root.get("provider"), root.get("params"));
    if provider.is_none() && params.is_none() {
        return (!identified(root)).then(|| "none of its keys identifies a provider".to_owned());
    }
    let names_a_set = provider
        .and_then(Node::as_str)
        .is_some_and(|p| sets.get(p).is_some());
    match params {
        // `provider: acme` with `params` of the wrong type, or empty:
        // a request that is wrong, not another tool's document.
        Some(p) if p.as_mapping().is_none() && names_a_set => None,
        Some(p) if p.as_mapping().is_some() => {
            let named = provider
                .and_then(Node::as_scalar)
                .is_some_and(|s| !s.is_null());
            (!(named || identified(p)))
                .then(|| "it names no `provider` and no parameter identifies one".to_owned())
        }
        _ => Some("it has no `params` mapping".to_owned()),
    }
}

fn candidate<'a>(
    root: &'a Node,
    document: usize,
    source: &SourceFile,
    sets: &RuleSets,
    role: Role,
    default: Option<&str>,
    out: &mut Candidates<'a>,
) {
    let whole = source.first_token(root.span.start);
    if let Some(why) = not_a_request(root, sets, role, default) {
        out.skipped += 1;
        if role == Role::Declared {
            out.not_requests.push((document, whole, why));
        }
        return;
    }
    let full_form = root.get("provider").is_some() || root.get("params").is_some();
    out.requests.push(if full_form {
        RequestCandidate {
            document,
            root,
            provider: root
                .get("provider")
                .map_or(ProviderSource::Unstated, ProviderSource::Named),
            params: root.get("params"),
            params_pointer: "/params",
            params_key: root.entry("params").map(|e| &e.key),
            vpcs: root.entry("vpcs").map(|e| (&e.value, &e.key)),
            account: root.get("account"),
            known_keys: Some((REQUEST_KEYS, "; API parameters go under `params`")),
            whole,
            identities: &[],
        }
    } else {
        RequestCandidate {
            document,
            root,
            provider: ProviderSource::Unstated,
            params: Some(root),
            params_pointer: "",
            params_key: None,
            vpcs: None,
            account: None,
            known_keys: None,
            whole,
            identities: &[],
        }
    });
}
