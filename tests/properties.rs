//! Property tests: positions against an independent oracle, spans that
//! slice back to the source, and no panics on arbitrary input.

use peerlint::document::{parse, Format, LineIndex, Node, NodeKind, Span};
use peerlint::engine::{Engine, EngineOptions};
use peerlint::rules::{load, LoadOptions};
use proptest::prelude::*;

/// Line, column (scalar values) and UTF-16 column of every char boundary,
/// computed by walking `chars()` — independently of `LineIndex`.
fn oracle(text: &str) -> Vec<(usize, usize, usize, usize)> {
    let body_start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut out = Vec::new();
    let (mut line, mut col, mut utf16) = (1, 1, 0);
    let mut chars = text[body_start..].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        out.push((body_start + i, line, col, utf16));
        let newline = c == '\n' || (c == '\r' && chars.peek().map(|&(_, n)| n) != Some('\n'));
        if newline {
            line += 1;
            col = 1;
            utf16 = 0;
        } else {
            col += 1;
            utf16 += c.encode_utf16(&mut [0; 2]).len();
        }
    }
    out.push((text.len(), line, col, utf16));
    out
}

fn text_strategy() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("a".to_owned()),
        Just("名".to_owned()),
        Just("🚀".to_owned()),
        Just("\t".to_owned()),
        Just("\n".to_owned()),
        Just("\r\n".to_owned()),
        Just("\r".to_owned()),
        Just(" ".to_owned()),
        Just("é".to_owned()),
        Just("\u{200b}".to_owned()),
        any::<char>().prop_map(|c| c.to_string()),
    ];
    (any::<bool>(), proptest::collection::vec(piece, 0..60)).prop_map(|(bom, pieces)| {
        format!("{}{}", if bom { "\u{feff}" } else { "" }, pieces.concat())
    })
}

proptest! {
    #[test]
    fn positions_match_the_oracle(text in text_strategy()) {
        let index = LineIndex::new(&text);
        for (offset, line, column, utf16) in oracle(&text) {
            let p = index.position(&text, offset);
            prop_assert_eq!((p.line, p.column), (line, column), "offset {}", offset);
            prop_assert_eq!((p.lsp_line, p.lsp_character), (line - 1, utf16), "offset {}", offset);
        }
    }

    #[test]
    fn quoted_scalar_spans_slice_back(values in proptest::collection::vec("[a-z名🚀 é\t]{0,8}", 1..5), crlf in any::<bool>(), bom in any::<bool>()) {
        let eol = if crlf { "\r\n" } else { "\n" };
        let mut text = String::from(if bom { "\u{feff}" } else { "" });
        for (i, v) in values.iter().enumerate() {
            text.push_str(&format!("k{i}: \"{v}\"{eol}"));
        }
        let parsed = parse(&text, Format::Yaml);
        prop_assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        let doc = &parsed.documents[0];
        for (i, v) in values.iter().enumerate() {
            let node = doc.get(&format!("k{i}")).expect("key present");
            prop_assert_eq!(&text[node.span.start..node.span.end], format!("\"{}\"", v));
            prop_assert_eq!(node.as_str(), Some(v.as_str()));
        }
        // The same values as JSON keep the same property.
        let json = format!("{}{{{}}}", if bom { "\u{feff}" } else { "" }, values.iter().enumerate()
            .map(|(i, v)| format!("\"k{i}\": {}", serde_json::to_string(v).unwrap_or_default()))
            .collect::<Vec<_>>().join(","));
        let parsed = parse(&json, Format::Json);
        prop_assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        if let NodeKind::Mapping(entries) = &parsed.documents[0].kind {
            for (entry, v) in entries.iter().zip(&values) {
                prop_assert_eq!(entry.value.as_str(), Some(v.as_str()));
                let source = &json[entry.value.span.start..entry.value.span.end];
                prop_assert_eq!(serde_json::from_str::<String>(source).ok(), Some(v.clone()));
            }
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let loaded = load(&LoadOptions { builtin: true, ..LoadOptions::default() });
        let engine = Engine::new(&loaded.sets, EngineOptions::default());
        for format in [Format::Yaml, Format::Json, Format::Hcl] {
            let outcome = engine.lint_file("fuzz", bytes.clone(), format);
            for d in &outcome.diagnostics {
                prop_assert!(d.location.span.start <= d.location.span.end);
                prop_assert!(d.location.span.end <= bytes.len());
            }
        }
    }

    #[test]
    fn yaml_like_text_never_panics(text in "[-a-z:{}\\[\\],&*!|>'\"#\n ~%@`?0-9名]{0,200}") {
        let loaded = load(&LoadOptions { builtin: true, ..LoadOptions::default() });
        let engine = Engine::new(&loaded.sets, EngineOptions::default());
        let outcome = engine.lint_file("fuzz.yaml", text.clone().into_bytes(), Format::Yaml);
        for d in &outcome.diagnostics {
            prop_assert!(text.is_char_boundary(d.location.span.start) && text.is_char_boundary(d.location.span.end));
        }
    }
}

/// An HCL value: literals, references and templates, nested in lists and objects.
fn hcl_value() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("\"10.0.0.0/16\"".to_owned()),
        Just("\"名🚀\"".to_owned()),
        Just("\"a\\tb\\u00e9$${x}\"".to_owned()),
        Just("42".to_owned()),
        Just("-1.5e3".to_owned()),
        Just("true".to_owned()),
        Just("null".to_owned()),
        Just("aws_vpc.app.id".to_owned()),
        Just("\"x-${var.env}\"".to_owned()),
        Just("f(1, \"#\")".to_owned()),
        Just("var.a ? 1 : 2".to_owned()),
        Just("<<EOT\nhello // not a comment\nEOT".to_owned()),
        Just("<<-EOT\n  a ${b}\n  EOT".to_owned()),
    ];
    leaf.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..3)
                .prop_map(|items| format!("[{}]", items.join(", "))),
            proptest::collection::vec(("[a-c]", inner), 0..3).prop_map(|items| {
                let items: Vec<String> = items
                    .into_iter()
                    .map(|(k, v)| format!("{k} = {v}"))
                    .collect();
                format!("{{ {} }}", items.join(", "))
            }),
        ]
    })
}

/// Lines of an HCL body: attributes, comments and blocks with labels.
fn hcl_lines() -> impl Strategy<Value = Vec<String>> {
    let attribute = (
        "[a-d]|cidr_block|名",
        hcl_value(),
        prop_oneof![
            Just(""),
            Just(" # peerlint-ignore: X -- y"),
            Just(" // c"),
            Just(" /* c */")
        ],
    )
        .prop_map(|(k, v, c)| vec![format!("{k} = {v}{c}")]);
    let comment = prop_oneof![Just("# c"), Just("// 名"), Just("/* a\n b */")]
        .prop_map(|c| vec![c.to_owned()]);
    let line = prop_oneof![attribute, comment];
    line.prop_recursive(3, 24, 4, |inner| {
        (
            prop_oneof![
                Just("resource"),
                Just("locals"),
                Just("requester"),
                Just("dynamic")
            ],
            proptest::collection::vec(
                prop_oneof![Just(" \"aws_vpc\""), Just(" app"), Just(" \"名\"")],
                0..3,
            ),
            proptest::collection::vec(inner, 0..4),
        )
            .prop_map(|(kind, labels, body)| {
                let mut lines = vec![format!("{kind}{} {{", labels.concat())];
                lines.extend(body.into_iter().flatten().map(|l| format!("  {l}")));
                lines.push("}".to_owned());
                lines
            })
    })
}

/// HCL text, mostly valid, sometimes cut, patched or with a piece doubled.
fn hcl_like_strategy() -> impl Strategy<Value = String> {
    let edit = (any::<prop::sample::Index>(), 0u8..3, "[ -~名\n]{0,3}");
    (
        any::<bool>(),
        any::<bool>(),
        proptest::collection::vec(hcl_lines(), 0..6),
        proptest::collection::vec(edit, 0..3),
    )
        .prop_map(|(bom, crlf, lines, edits)| {
            let eol = if crlf { "\r\n" } else { "\n" };
            let mut text: String = lines
                .into_iter()
                .flatten()
                .map(|l| format!("{l}{eol}"))
                .collect();
            for (at, op, insert) in edits {
                let mut pos = at.index(text.len() + 1);
                while !text.is_char_boundary(pos) {
                    pos -= 1;
                }
                let mut end = (pos + 1 + insert.len()).min(text.len());
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                match op {
                    0 => text.replace_range(pos..end, ""),
                    1 => text.insert_str(pos, &insert),
                    _ => {
                        let copy = text[pos..end].to_owned();
                        text.insert_str(pos, &copy);
                    }
                }
            }
            format!("{}{text}", if bom { "\u{feff}" } else { "" })
        })
}

/// Every span of a tree (walked without recursion).
fn all_spans(root: &Node) -> Vec<Span> {
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        out.push(node.span);
        match &node.kind {
            NodeKind::Mapping(entries) => {
                for e in entries {
                    stack.push(&e.key);
                    stack.push(&e.value);
                }
            }
            NodeKind::Sequence(items) => stack.extend(items),
            NodeKind::Scalar(_) => {}
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// HCL-like text never panics, and every span (nodes, comments, errors)
    /// lies within the text on character boundaries.
    #[test]
    fn hcl_like_text_never_panics(text in hcl_like_strategy()) {
        let parsed = parse(&text, Format::Hcl);
        let spans = parsed.documents.iter().flat_map(all_spans)
            .chain(parsed.comments.iter().map(|c| c.span))
            .chain(parsed.errors.iter().map(|e| e.span));
        for span in spans {
            prop_assert!(span.start <= span.end && span.end <= text.len(), "{:?}", span);
            prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end), "{:?}", span);
        }
        prop_assert!(parsed.documents.len() <= 1);
    }

    /// Valid blocks of string attributes: every value and key slices back
    /// to its source text.
    #[test]
    fn hcl_string_spans_slice_back(values in proptest::collection::vec("[a-z名🚀 é]{0,8}", 1..5), crlf in any::<bool>(), bom in any::<bool>()) {
        let eol = if crlf { "\r\n" } else { "\n" };
        let mut text = String::from(if bom { "\u{feff}" } else { "" });
        text.push_str(&format!("resource \"t\" \"n\" {{{eol}"));
        for (i, v) in values.iter().enumerate() {
            text.push_str(&format!("  k{i} = \"{v}\" # {v}{eol}"));
        }
        text.push_str(&format!("}}{eol}"));
        let parsed = parse(&text, Format::Hcl);
        prop_assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        let body = parsed.documents[0].get("resource").and_then(|r| r.get("t")).and_then(|t| t.get("n")).expect("resource.t.n");
        for (i, v) in values.iter().enumerate() {
            let entry = body.entry(&format!("k{i}")).expect("key present");
            prop_assert_eq!(&text[entry.key.span.start..entry.key.span.end], format!("k{i}"));
            prop_assert_eq!(&text[entry.value.span.start..entry.value.span.end], format!("\"{}\"", v));
            prop_assert_eq!(entry.value.as_str(), Some(v.as_str()));
            prop_assert_eq!(&parsed.comments[i].text, &format!(" {v}"));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// The engine never panics on HCL-like text either.
    #[test]
    fn hcl_like_text_never_panics_in_the_engine(text in hcl_like_strategy()) {
        let loaded = load(&LoadOptions { builtin: true, ..LoadOptions::default() });
        let engine = Engine::new(&loaded.sets, EngineOptions::default());
        let outcome = engine.lint_file("fuzz.tf", text.clone().into_bytes(), Format::Hcl);
        for d in &outcome.diagnostics {
            prop_assert!(text.is_char_boundary(d.location.span.start) && text.is_char_boundary(d.location.span.end));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Rule files mangled at random (bytes cut, duplicated or replaced)
    /// load or fail with positioned errors, never panic.
    #[test]
    fn mangled_rule_files_never_panic(edits in proptest::collection::vec((any::<prop::sample::Index>(), 0u8..3, "[a-z:{}\\[\\]\\-'\" \n#&*!|>0-9\\\\]{0,4}"), 1..8)) {
        let mut text = peerlint::rules::load::BUILTIN[0].1.to_owned();
        for (at, op, insert) in edits {
            let mut pos = at.index(text.len().max(1));
            while !text.is_char_boundary(pos) {
                pos -= 1;
            }
            match op {
                0 => {
                    let end = (pos + insert.len()).min(text.len());
                    let mut end = end;
                    while !text.is_char_boundary(end) {
                        end += 1;
                    }
                    text.replace_range(pos..end, "");
                }
                1 => text.insert_str(pos, &insert),
                _ => {
                    let mut end = (pos + 20).min(text.len());
                    while !text.is_char_boundary(end) {
                        end += 1;
                    }
                    let copy = text[pos..end].to_owned();
                    text.insert_str(pos, &copy);
                }
            }
        }
        let loaded = peerlint::rules::load::load_texts(false, &[("mangled.yaml", &text)]);
        for e in &loaded.errors {
            if let Some(l) = &e.location {
                prop_assert!(l.span.end <= text.len());
            }
        }
    }
}

proptest! {
    /// CIDR blocks read as the general parser reads them, whatever the
    /// text (the direct reading of plain IPv4 blocks included).
    #[test]
    fn cidr_blocks_read_as_ipnet_reads_them(text in "[0-9./:a-f]{0,20}", n in 0u32..300, p in 0u32..40) {
        let general = |t: &str| t.parse::<ipnet::IpNet>().ok().filter(|_| t.contains('/'));
        prop_assert_eq!(peerlint::dialect::cidr::parse_cidr(&text), general(&text), "{}", text);
        let plain = format!("{n}.{}.{}.{}/{p}", n / 2, n % 7, 255u32.saturating_sub(n));
        prop_assert_eq!(peerlint::dialect::cidr::parse_cidr(&plain), general(&plain), "{}", plain);
    }
}
