//! A YAML document's tree in a compact binary form, for the built-in rule
//! files: reading the eight back takes a twelfth of the instructions of
//! parsing their YAML (2.8 M against 33.6 M), and start-up is most of a
//! one-file run.
//!
//! A pack records the length and a fingerprint of the text it was made
//! from; [`unpack`] gives `None` for any other text (an edited rule file
//! whose pack was not rewritten) or for bytes it cannot read, and the
//! caller parses the YAML instead. Spans and scalars are exactly what
//! [`super::yaml::parse`] gives.
//!
//! Layout: the magic `PLK1`, the text's length and fingerprint (8 bytes
//! each, little-endian), then the root node. A node is a kind byte, its
//! start and length (LEB128 varints), then: for a mapping or a sequence
//! its child count and children (a mapping's as key, value pairs); for a
//! scalar its style byte, its value (`0`: the source text of its span;
//! `n > 0`: `n - 1` bytes follow) and its tag (`0`: none; `n > 0` as the
//! value).

use super::node::{Entry, Node, NodeKind, Scalar, ScalarStyle};
use super::source::Span;
use super::MAX_DEPTH;

const MAGIC: &[u8; 4] = b"PLK1";
const SCALAR: u8 = 0;
const MAPPING: u8 = 1;
const SEQUENCE: u8 = 2;

/// The pack of `text`'s tree, when `text` is one YAML document without
/// syntax errors.
pub fn pack(text: &str) -> Option<Vec<u8>> {
    let parsed = super::yaml::parse(text);
    let [root] = parsed.documents.as_slice() else {
        return None;
    };
    if !parsed.errors.is_empty() {
        return None;
    }
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(&(text.len() as u64).to_le_bytes());
    out.extend_from_slice(&fingerprint(text.as_bytes()).to_le_bytes());
    write_node(&mut out, text, root);
    Some(out)
}

/// The tree `pack` holds, if it was made from exactly `text`.
pub fn unpack(text: &str, pack: &[u8]) -> Option<Node> {
    let rest = pack.strip_prefix(MAGIC)?;
    let (len, rest) = rest.split_first_chunk::<8>()?;
    let (print, rest) = rest.split_first_chunk::<8>()?;
    if u64::from_le_bytes(*len) != text.len() as u64
        || u64::from_le_bytes(*print) != fingerprint(text.as_bytes())
    {
        return None;
    }
    let mut reader = Reader {
        bytes: rest,
        at: 0,
        text,
    };
    let root = reader.node(0)?;
    (reader.at == rest.len()).then_some(root)
}

/// A 64-bit fingerprint of `bytes`, eight at a time (not cryptographic: it
/// tells an edited rule file from the one a pack was made of).
fn fingerprint(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mix = |hash: u64, word: u64| (hash.rotate_left(5) ^ word).wrapping_mul(K);
    let mut chunks = bytes.chunks_exact(8);
    let mut hash = mix(0, bytes.len() as u64);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        hash = mix(hash, u64::from_le_bytes(word));
    }
    let mut tail = [0u8; 8];
    tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    mix(hash, u64::from_le_bytes(tail))
}

fn write_varint(out: &mut Vec<u8>, mut value: usize) {
    while value >= 0x80 {
        out.push((value as u8 & 0x7F) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// Bytes written as a length-prefixed string, `0` being reserved.
fn write_text(out: &mut Vec<u8>, text: &str) {
    write_varint(out, text.len() + 1);
    out.extend_from_slice(text.as_bytes());
}

fn write_node(out: &mut Vec<u8>, text: &str, node: &Node) {
    let kind = match node.kind {
        NodeKind::Scalar(_) => SCALAR,
        NodeKind::Mapping(_) => MAPPING,
        NodeKind::Sequence(_) => SEQUENCE,
    };
    out.push(kind);
    write_varint(out, node.span.start);
    write_varint(out, node.span.len());
    match &node.kind {
        NodeKind::Scalar(scalar) => {
            out.push(style_byte(scalar.style));
            if text.get(node.span.start..node.span.end) == Some(scalar.value.as_str()) {
                write_varint(out, 0);
            } else {
                write_text(out, &scalar.value);
            }
            match &scalar.tag {
                Some(tag) => write_text(out, tag),
                None => write_varint(out, 0),
            }
        }
        NodeKind::Mapping(entries) => {
            write_varint(out, entries.len());
            for entry in entries {
                write_node(out, text, &entry.key);
                write_node(out, text, &entry.value);
            }
        }
        NodeKind::Sequence(items) => {
            write_varint(out, items.len());
            for item in items {
                write_node(out, text, item);
            }
        }
    }
}

const STYLES: [ScalarStyle; 11] = [
    ScalarStyle::Plain,
    ScalarStyle::SingleQuoted,
    ScalarStyle::DoubleQuoted,
    ScalarStyle::Block,
    ScalarStyle::JsonNumber,
    ScalarStyle::JsonBool,
    ScalarStyle::JsonNull,
    ScalarStyle::HclNumber,
    ScalarStyle::HclBool,
    ScalarStyle::HclNull,
    ScalarStyle::Expression,
];

fn style_byte(style: ScalarStyle) -> u8 {
    STYLES.iter().position(|s| *s == style).unwrap_or(0) as u8
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    text: &'a str,
}

impl Reader<'_> {
    fn byte(&mut self) -> Option<u8> {
        let byte = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(byte)
    }

    fn varint(&mut self) -> Option<usize> {
        let mut value: usize = 0;
        for shift in (0..usize::BITS).step_by(7) {
            let byte = self.byte()?;
            value |= usize::from(byte & 0x7F).checked_shl(shift)?;
            if byte & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }

    /// A length-prefixed string, or `None` for the reserved `0`.
    fn text(&mut self, prefix: usize) -> Option<String> {
        let len = prefix.checked_sub(1)?;
        let bytes = self.bytes.get(self.at..self.at.checked_add(len)?)?;
        self.at += len;
        String::from_utf8(bytes.to_vec()).ok()
    }

    fn node(&mut self, depth: usize) -> Option<Node> {
        if depth > MAX_DEPTH {
            return None;
        }
        let kind = self.byte()?;
        let start = self.varint()?;
        let span = Span::new(start, start.checked_add(self.varint()?)?);
        let kind = match kind {
            SCALAR => {
                let style = *STYLES.get(usize::from(self.byte()?))?;
                let value = match self.varint()? {
                    0 => self.text.get(span.start..span.end)?.to_owned(),
                    prefix => self.text(prefix)?,
                };
                let tag = match self.varint()? {
                    0 => None,
                    prefix => Some(self.text(prefix)?),
                };
                NodeKind::Scalar(Scalar { value, style, tag })
            }
            MAPPING => {
                let count = self.varint()?;
                // Each child takes at least four bytes: a corrupt count
                // cannot reserve more than the pack could hold.
                let mut entries = Vec::with_capacity(count.min(self.bytes.len() / 8));
                for _ in 0..count {
                    let key = self.node(depth + 1)?;
                    let value = self.node(depth + 1)?;
                    entries.push(Entry { key, value });
                }
                NodeKind::Mapping(entries)
            }
            SEQUENCE => {
                let count = self.varint()?;
                let mut items = Vec::with_capacity(count.min(self.bytes.len() / 4));
                for _ in 0..count {
                    items.push(self.node(depth + 1)?);
                }
                NodeKind::Sequence(items)
            }
            _ => return None,
        };
        Some(Node { span, kind })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "provider: acme\n\
        name: 'Acme Cloud'\n\
        quoted: \"a\\tb\"\n\
        tagged: !!str 017\n\
        empty:\n\
        block: |\n  two\n  lines\n\
        list: [a, 'b', {c: d}]\n\
        nested:\n  - x: 1\n    y: [10.0.0.0/16]\n  - ~\n\
        unicode: 名字-é\n";

    #[test]
    fn unpacks_the_tree_yaml_parses() {
        let packed = pack(SAMPLE).expect("one clean document");
        let parsed = super::super::yaml::parse(SAMPLE);
        assert_eq!(
            format!("{:?}", unpack(SAMPLE, &packed)),
            format!("{:?}", parsed.documents.first()),
        );
    }

    #[test]
    fn every_style_survives() {
        for style in STYLES {
            let node = Node {
                span: Span::new(3, 3),
                kind: NodeKind::Scalar(Scalar {
                    value: "v".to_owned(),
                    style,
                    tag: Some("int".to_owned()),
                }),
            };
            let out = pack_of("abc", &node);
            assert_eq!(
                format!("{:?}", unpack("abc", &out)),
                format!("{:?}", Some(node))
            );
        }
    }

    /// The pack of `node`, as if made from `text`.
    fn pack_of(text: &str, node: &Node) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.extend_from_slice(&(text.len() as u64).to_le_bytes());
        out.extend_from_slice(&fingerprint(text.as_bytes()).to_le_bytes());
        write_node(&mut out, text, node);
        out
    }

    #[test]
    fn trees_deeper_than_the_cap_are_refused() {
        let scalar = || Node {
            span: Span::default(),
            kind: NodeKind::Scalar(Scalar {
                value: "v".to_owned(),
                style: ScalarStyle::Plain,
                tag: None,
            }),
        };
        let in_sequence = |node: Node| NodeKind::Sequence(vec![node]);
        let as_value = |node: Node| {
            NodeKind::Mapping(vec![Entry {
                key: scalar(),
                value: node,
            }])
        };
        let as_key = |node: Node| {
            NodeKind::Mapping(vec![Entry {
                key: node,
                value: scalar(),
            }])
        };
        let wraps: [&dyn Fn(Node) -> NodeKind; 3] = [&in_sequence, &as_value, &as_key];
        for wrap in wraps {
            // Nodes at depth 0 to `levels`: a scalar inside `levels` collections.
            let nested = |levels: usize| {
                let mut node = scalar();
                for _ in 0..levels {
                    node = Node {
                        span: Span::default(),
                        kind: wrap(node),
                    };
                }
                node
            };
            assert!(unpack("", &pack_of("", &nested(MAX_DEPTH))).is_some());
            assert!(unpack("", &pack_of("", &nested(MAX_DEPTH + 1))).is_none());
        }
    }

    #[test]
    fn large_offsets_and_lengths_survive() {
        let text = format!("{}key: {}\n", "#\n".repeat(40_000), "v".repeat(70_000));
        let packed = pack(&text).expect("one clean document");
        let root = unpack(&text, &packed).expect("the pack of this text");
        let value = root.get("key").expect("the key");
        assert_eq!(value.span.start, 80_005);
        assert_eq!(value.as_str().map(str::len), Some(70_000));
    }

    #[test]
    fn a_pack_of_another_text_is_refused() {
        let packed = pack(SAMPLE).expect("one clean document");
        let edited = SAMPLE.replace("acme", "acmf");
        assert!(unpack(&edited, &packed).is_none());
        assert!(unpack(&format!("{SAMPLE} "), &packed).is_none());
        assert!(unpack(SAMPLE, &packed).is_some());
    }

    #[test]
    fn only_one_clean_document_is_packed() {
        assert!(pack("a: 1\n---\nb: 2\n").is_none());
        assert!(pack("a: [1\n").is_none());
        assert!(pack("").is_none());
    }

    #[test]
    fn fingerprints_see_every_byte() {
        let base = fingerprint(b"0123456789abcdefXYZ");
        for i in 0..19 {
            let mut bytes = *b"0123456789abcdefXYZ";
            bytes[i] ^= 1;
            assert_ne!(fingerprint(&bytes), base, "byte {i}");
        }
        assert_ne!(fingerprint(b"ab"), fingerprint(b"ab\0"));
    }

    #[test]
    fn damaged_packs_give_none_never_a_panic() {
        let packed = pack(SAMPLE).expect("one clean document");
        for cut in 0..packed.len() {
            assert!(unpack(SAMPLE, &packed[..cut]).is_none(), "cut at {cut}");
        }
        let mut longer = packed.clone();
        longer.push(0);
        assert!(unpack(SAMPLE, &longer).is_none());
        for i in 20..packed.len() {
            for bit in [0x01, 0x80] {
                let mut bytes = packed.clone();
                bytes[i] ^= bit;
                let _ = unpack(SAMPLE, &bytes);
            }
        }
    }
}
