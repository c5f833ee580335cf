//! Request documents: YAML or JSON files holding requests, in full form
//! (`provider`, `account`, `params`, `vpcs`) or raw form (the parameters
//! mapping itself). A YAML stream holds one request per document; a
//! top-level sequence holds one per element. A document is a request when
//! it has `provider` or `params` at its top, or a detection key of a loaded
//! rule set; anything else is skipped (other tools' files).

use crate::document::{Node, NodeKind, ParsedStream, SourceFile};
use crate::rules::model::{Detection, RuleSets};

use super::{ProviderSource, RequestCandidate};

/// Top-level keys of a full-form request.
pub const REQUEST_KEYS: &[&str] = &["provider", "account", "params", "vpcs"];

/// The requests of a parsed file, and how many documents are not requests.
#[derive(Debug, Default)]
pub struct Candidates<'a> {
    pub requests: Vec<RequestCandidate<'a>>,
    pub skipped: usize,
}

/// The request candidates of `parsed`.
pub fn candidates<'a>(
    parsed: &'a ParsedStream,
    source: &SourceFile,
    sets: &RuleSets,
) -> Candidates<'a> {
    let mut out = Candidates::default();
    let mut index = 0;
    for (position, root) in parsed.documents.iter().enumerate() {
        // A document broken by a syntax error still takes its index.
        index += parsed.broken.iter().filter(|&&b| b == position).count();
        match &root.kind {
            NodeKind::Sequence(items) => {
                for item in items {
                    candidate(item, index, source, sets, &mut out);
                    index += 1;
                }
            }
            NodeKind::Scalar(s) if s.is_null() => {}
            _ => {
                candidate(root, index, source, sets, &mut out);
                index += 1;
            }
        }
    }
    out
}

fn candidate<'a>(
    root: &'a Node,
    document: usize,
    source: &SourceFile,
    sets: &RuleSets,
    out: &mut Candidates<'a>,
) {
    let Some(entries) = root.as_mapping() else {
        out.skipped += 1;
        return;
    };
    let full_form = root.get("provider").is_some() || root.get("params").is_some();
    let keys = || entries.iter().filter_map(|e| e.key.as_str());
    if !full_form && matches!(sets.detect(keys()), Detection::None) {
        out.skipped += 1;
        return;
    }
    let whole = source.first_token(root.span.start);
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
        }
    });
}
