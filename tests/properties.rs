//! Property tests: positions against an independent oracle, spans that
//! slice back to the source, and no panics on arbitrary input.

use peerlint::document::{parse, Format, LineIndex, NodeKind};
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
        for format in [Format::Yaml, Format::Json] {
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
