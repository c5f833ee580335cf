//! Inventory documents: what an account already has — `provider`,
//! `account`, `complete`, `vpcs` (VPC facts) and `peerings` (existing
//! peerings, with the API's own parameter names). A file may hold several,
//! as a stream or a top-level sequence. A document that is not a mapping or
//! names no provider cannot be used at all.

use crate::document::{Node, NodeKind, ParsedStream, SourceFile, Span};

/// Top-level keys of an inventory document.
pub const INVENTORY_KEYS: &[&str] = &["provider", "account", "complete", "vpcs", "peerings"];

/// One inventory, borrowed from its parsed file.
#[derive(Debug, Clone)]
pub struct InventoryCandidate<'a> {
    /// 0-based index of the inventory within its file.
    pub document: usize,
    pub root: &'a Node,
    /// The value of `provider`.
    pub provider: &'a Node,
    pub account: Option<&'a Node>,
    pub complete: Option<&'a Node>,
    /// `vpcs` and `peerings`, unless absent or null.
    pub vpcs: Option<&'a Node>,
    pub peerings: Option<&'a Node>,
}

/// A document that cannot be an inventory: the message and where.
#[derive(Debug, Clone)]
pub struct NotAnInventory {
    pub message: String,
    pub span: Span,
}

/// The inventories of `parsed`, in order.
pub fn candidates<'a>(
    parsed: &'a ParsedStream,
    source: &SourceFile,
) -> Vec<Result<InventoryCandidate<'a>, NotAnInventory>> {
    let roots = parsed.documents.iter().flat_map(|root| match &root.kind {
        NodeKind::Sequence(items) => items.iter().collect::<Vec<_>>(),
        NodeKind::Scalar(s) if s.is_null() => Vec::new(),
        _ => vec![root],
    });
    roots
        .enumerate()
        .map(|(document, root)| {
            let first_token = source.first_token(root.span.start);
            if root.as_mapping().is_none() {
                return Err(NotAnInventory {
                    message: format!(
                        "an inventory document must be a mapping, found {}",
                        root.type_name()
                    ),
                    span: first_token,
                });
            }
            let Some(provider) = root.get("provider") else {
                return Err(NotAnInventory {
                    message: "an inventory document needs `provider`".to_owned(),
                    span: first_token,
                });
            };
            Ok(InventoryCandidate {
                document,
                root,
                provider,
                account: root.get("account"),
                complete: root.get("complete"),
                vpcs: root.get("vpcs").filter(|v| !v.is_null()),
                peerings: root.get("peerings").filter(|p| !p.is_null()),
            })
        })
        .collect()
}
