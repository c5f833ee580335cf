//! YAML streams → node trees, from granit-parser's event stream.
//!
//! Spans come straight from the parser's byte markers. A block collection's
//! end event sits at the next token, so a block collection ends where its
//! last child ends. Aliases are expanded by copying the anchored node, under a
//! node budget and a depth cap (alias bombs are a finding, not an OOM). After
//! a syntax error, parsing resumes at the next `---` line so that the other
//! documents of the stream are still linted.

use granit_parser::{Event, Parser, ScalarStyle as YamlStyle, ScanError, StructureStyle};

use super::node::{Entry, Node, NodeKind, Scalar, ScalarStyle};
use super::source::Span;
use super::{node_budget, Comment, ParsedStream, SyntaxError, MAX_DEPTH};

/// Parse a YAML stream. Never panics; problems become [`SyntaxError`]s.
pub fn parse(text: &str) -> ParsedStream {
    let mut documents = Vec::new();
    let mut out = parse_each(text, &mut |node, _, _| documents.push(node));
    out.documents = documents;
    out
}

/// Parse a YAML stream, handing each document's tree to `each` as soon as
/// it is complete (so that only one tree is alive at a time), with the
/// offset where its document starts and how many documents before it were
/// broken by syntax errors; the returned stream has the comments, errors
/// and broken documents, and no documents.
pub fn parse_each(text: &str, each: &mut dyn FnMut(Node, usize, usize)) -> ParsedStream {
    let mut out = ParsedStream::default();
    let mut emitted = 0;
    let mut base = 0;
    loop {
        let rest = &text[base..];
        let broken = out.broken.len();
        let mut count = |node: Node, start: usize| {
            emitted += 1;
            each(node, start, broken);
            true
        };
        match parse_from(rest, base, &mut out, &mut count) {
            Ok(()) => break,
            Err(error_offset) => {
                out.broken.push(emitted);
                match next_document_marker(text, error_offset.max(base)) {
                    Some(next) if next > base => base = next,
                    _ => break,
                }
            }
        }
    }
    out
}

/// The document of `text` that starts at `start` (an offset `parse_each`
/// gave), parsed alone.
pub fn parse_document_at(text: &str, start: usize) -> Option<Node> {
    // From the start of its line, so that columns are as in the file.
    let start = text.get(..start)?.rfind('\n').map_or(0, |i| i + 1);
    let rest = text.get(start..)?;
    let mut out = ParsedStream::default();
    let mut found = None;
    // Stop at its end: the rest of a long stream is not parsed again.
    let _ = parse_from(rest, start, &mut out, &mut |node, _| {
        found = Some(node);
        false
    });
    found
}

/// Offset of the first line after `from` that starts a new document (`---`).
fn next_document_marker(text: &str, from: usize) -> Option<usize> {
    let mut line_start = text[from..].find('\n').map(|i| from + i + 1)?;
    loop {
        let line = &text[line_start..];
        if let Some(after) = line.strip_prefix("---") {
            if after.is_empty() || after.starts_with([' ', '\t', '\r', '\n']) {
                return Some(line_start);
            }
        }
        line_start += line.find('\n')? + 1;
    }
}

struct Frame {
    start: usize,
    flow: bool,
    anchor: usize,
    kind: FrameKind,
    nodes: usize,
    height: usize,
}

enum FrameKind {
    Mapping {
        entries: Vec<Entry>,
        key: Option<Node>,
    },
    Sequence(Vec<Node>),
}

struct Anchored {
    node: Node,
    nodes: usize,
    height: usize,
}

struct Builder {
    base: usize,
    stack: Vec<Frame>,
    anchors: Vec<(usize, Anchored)>,
    root: Option<Node>,
    nodes: usize,
    max_nodes: usize,
}

impl Builder {
    fn open(
        &mut self,
        start: usize,
        style: StructureStyle,
        anchor: usize,
        kind: FrameKind,
    ) -> Result<(), String> {
        self.stack.push(Frame {
            start,
            flow: style == StructureStyle::Flow,
            anchor,
            kind,
            nodes: 1,
            height: 0,
        });
        if self.stack.len() > MAX_DEPTH {
            return Err(format!("nesting deeper than {MAX_DEPTH} levels"));
        }
        Ok(())
    }

    fn span(&self, span: &granit_parser::Span, text: &str) -> Span {
        Span::new(
            self.base + byte_offset(&span.start, text),
            self.base + byte_offset(&span.end, text),
        )
    }

    /// Add a finished node (with its subtree size and height) to its parent.
    fn push(
        &mut self,
        node: Node,
        nodes: usize,
        height: usize,
        anchor: usize,
    ) -> Result<(), String> {
        self.nodes += nodes;
        if self.nodes > self.max_nodes {
            return Err(format!(
                "aliases expand this document to more than {} nodes",
                self.max_nodes
            ));
        }
        if height + self.stack.len() > MAX_DEPTH {
            return Err(format!("nesting deeper than {MAX_DEPTH} levels"));
        }
        if anchor != 0 {
            self.anchors.push((
                anchor,
                Anchored {
                    node: node.clone(),
                    nodes,
                    height,
                },
            ));
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(frame) => {
                frame.nodes += nodes;
                frame.height = frame.height.max(height);
                match &mut frame.kind {
                    FrameKind::Sequence(items) => items.push(node),
                    FrameKind::Mapping { entries, key } => match key.take() {
                        None => *key = Some(node),
                        Some(k) => entries.push(Entry {
                            key: k,
                            value: node,
                        }),
                    },
                }
            }
        }
        Ok(())
    }
}

fn byte_offset(marker: &granit_parser::Marker, text: &str) -> usize {
    marker.byte_offset().unwrap_or_else(|| {
        text.char_indices()
            .nth(marker.index())
            .map_or(text.len(), |(i, _)| i)
    })
}

fn tag_name(tag: Option<&granit_parser::Tag>) -> Option<String> {
    let tag = tag?;
    Some(match tag.core_suffix() {
        Some(core) => core.to_owned(),
        None => format!("{}{}", tag.original_handle(), tag.suffix()),
    })
}

/// Parse `text` (which starts at byte `base` of the file) into `out`.
/// On a syntax error, records it and returns its file offset. `each` gets
/// every complete document with its start; returning false stops parsing.
fn parse_from(
    text: &str,
    base: usize,
    out: &mut ParsedStream,
    each: &mut dyn FnMut(Node, usize) -> bool,
) -> Result<(), usize> {
    let mut builder = Builder {
        base,
        stack: Vec::new(),
        anchors: Vec::new(),
        root: None,
        nodes: 0,
        max_nodes: node_budget(base + text.len()),
    };
    let mut doc_start = base;
    for event in Parser::new_from_str(text) {
        let (event, span) = match event {
            Ok(ok) => ok,
            Err(error) => return Err(record_scan_error(&error, text, base, out)),
        };
        let sp = builder.span(&span, text);
        let result = match event {
            Event::StreamStart | Event::StreamEnd | Event::Anchor(..) => Ok(()),
            Event::DocumentStart(..) => {
                builder.anchors.clear();
                builder.nodes = 0;
                doc_start = sp.start;
                Ok(())
            }
            Event::DocumentEnd => {
                if let Some(root) = builder.root.take() {
                    if !each(root, doc_start) {
                        return Ok(());
                    }
                }
                Ok(())
            }
            Event::Comment(body, _) => {
                out.comments.push(Comment {
                    span: sp,
                    text: body.into_owned(),
                });
                Ok(())
            }
            Event::Scalar(value, style, anchor, tag) => {
                let style = match style {
                    YamlStyle::Plain => ScalarStyle::Plain,
                    YamlStyle::SingleQuoted => ScalarStyle::SingleQuoted,
                    YamlStyle::DoubleQuoted => ScalarStyle::DoubleQuoted,
                    _ => ScalarStyle::Block,
                };
                let node = Node {
                    span: sp,
                    kind: NodeKind::Scalar(Scalar {
                        value: value.into_owned(),
                        style,
                        tag: tag_name(tag.as_deref()),
                    }),
                };
                builder.push(node, 1, 1, anchor)
            }
            Event::Alias(id) => match builder.anchors.iter().rev().find(|(a, _)| *a == id) {
                Some((_, anchored)) => {
                    let (node, nodes, height) =
                        (anchored.node.clone(), anchored.nodes, anchored.height);
                    builder.push(node, nodes, height, 0)
                }
                None => Err("alias to an unknown anchor".to_owned()),
            },
            Event::UnresolvedAlias(name) => Err(format!("alias *{name} has no anchor")),
            Event::SequenceStart(style, anchor, _) => {
                builder.open(sp.start, style, anchor, FrameKind::Sequence(Vec::new()))
            }
            Event::MappingStart(style, anchor, _) => builder.open(
                sp.start,
                style,
                anchor,
                FrameKind::Mapping {
                    entries: Vec::new(),
                    key: None,
                },
            ),
            Event::SequenceEnd | Event::MappingEnd => match builder.stack.pop() {
                Some(frame) => {
                    let end = if frame.flow {
                        sp.end
                    } else {
                        last_child_end(&frame.kind).unwrap_or(frame.start)
                    };
                    let kind = match frame.kind {
                        FrameKind::Sequence(items) => NodeKind::Sequence(items),
                        FrameKind::Mapping { mut entries, key } => {
                            if let Some(key) = key {
                                // A key without value cannot occur in a valid
                                // event stream; keep it with a null value.
                                let at = Span::new(key.span.end, key.span.end);
                                entries.push(Entry {
                                    key,
                                    value: Node {
                                        span: at,
                                        kind: NodeKind::Scalar(Scalar {
                                            value: String::new(),
                                            style: ScalarStyle::Plain,
                                            tag: None,
                                        }),
                                    },
                                });
                            }
                            NodeKind::Mapping(merge_keys(entries))
                        }
                    };
                    let node = Node {
                        span: Span::new(frame.start, end),
                        kind,
                    };
                    builder.push(node, frame.nodes, frame.height + 1, frame.anchor)
                }
                None => Ok(()),
            },
            // Events added by later parser versions carry no data node.
            _ => Ok(()),
        };
        if let Err(message) = result {
            out.errors.push(SyntaxError {
                span: Span::new(sp.start, sp.end.max(sp.start)),
                message,
            });
            return Err(sp.start);
        }
    }
    Ok(())
}

/// Whether `key` is the YAML 1.1 merge key `<<` (plain, or tagged `!!merge`).
fn is_merge_key(key: &Node) -> bool {
    match &key.kind {
        NodeKind::Scalar(s) => {
            s.value == "<<"
                && (s.tag.as_deref() == Some("merge")
                    || (s.style == ScalarStyle::Plain && s.tag.is_none()))
        }
        _ => false,
    }
}

/// Apply YAML 1.1 merge keys (`<<: *base`, `<<: [*a, *b]`): the entries of
/// the merged mappings take the place of the `<<` entry, except keys the
/// mapping states itself (they win) and keys an earlier merged mapping
/// gave. Merged values keep their spans, at the anchored node. A `<<`
/// whose value is not a mapping or a list of mappings stays as written.
fn merge_keys(entries: Vec<Entry>) -> Vec<Entry> {
    let mergeable = |value: &Node| match &value.kind {
        NodeKind::Mapping(_) => true,
        NodeKind::Sequence(items) => items.iter().all(|i| i.as_mapping().is_some()),
        NodeKind::Scalar(_) => false,
    };
    if !entries
        .iter()
        .any(|e| is_merge_key(&e.key) && mergeable(&e.value))
    {
        return entries;
    }
    let explicit: Vec<String> = entries
        .iter()
        .filter(|e| !is_merge_key(&e.key))
        .filter_map(|e| e.key.as_str().map(str::to_owned))
        .collect();
    let mut merged_keys: Vec<String> = Vec::new();
    let mut out = Vec::with_capacity(entries.len());
    for entry in entries {
        if !(is_merge_key(&entry.key) && mergeable(&entry.value)) {
            out.push(entry);
            continue;
        }
        let Entry { value, .. } = entry;
        let sources: Vec<Node> = match value.kind {
            NodeKind::Mapping(_) => vec![value],
            NodeKind::Sequence(ref items) => items.clone(),
            NodeKind::Scalar(_) => Vec::new(),
        };
        for source in sources {
            let Some(inner) = source.as_mapping() else {
                continue;
            };
            for e in inner {
                let Some(key) = e.key.as_str() else {
                    out.push(e.clone());
                    continue;
                };
                if explicit.iter().any(|k| k == key) || merged_keys.iter().any(|k| k == key) {
                    continue;
                }
                merged_keys.push(key.to_owned());
                out.push(e.clone());
            }
        }
    }
    out
}

fn last_child_end(kind: &FrameKind) -> Option<usize> {
    match kind {
        FrameKind::Sequence(items) => items.last().map(|n| n.span.end),
        FrameKind::Mapping { entries, key } => key
            .as_ref()
            .map(|k| k.span.end)
            .or_else(|| entries.last().map(|e| e.value.span.end.max(e.key.span.end))),
    }
}

fn record_scan_error(error: &ScanError, text: &str, base: usize, out: &mut ParsedStream) -> usize {
    let at = base + byte_offset(error.marker(), text).min(text.len());
    let file_end = base + text.len();
    let mut end = at;
    if at < file_end {
        end = at + text[at - base..].chars().next().map_or(0, char::len_utf8);
    }
    out.errors.push(SyntaxError {
        span: Span::new(at, end),
        message: error.kind().to_string(),
    });
    at
}
