//! Memory bounded by the largest document, not the stream (issue 12): one
//! YAML stream of 400,000 JD Cloud requests is linted while the engine's
//! test hook (`document::trees`) counts the document trees alive at once.
//! Some documents carry a per-document finding (a name the API rejects)
//! and some a cross-document one (a second peering of a VPC pair), whose
//! positions are found by parsing their documents again: those trees count
//! too. The test asserts the peak stays at a small fixed number, and that
//! every planted finding comes out at its document and nothing else.

use std::collections::BTreeSet;

use peerlint::document::trees;
use peerlint::engine::{Engine, EngineOptions};
use peerlint::rules::load::load_texts;
use peerlint::workspace::lint_in_memory;

const REQUESTS: usize = 400_000;
/// Every this many documents, a name with a space in it.
const BAD_NAME_EVERY: usize = 997;
/// Every this many documents, the VPC pair of the document before.
const DUPLICATE_EVERY: usize = 1009;
/// Trees alive at once: the one being linted, and the few the position
/// resolver keeps while it reports cross-document findings.
const MAX_TREES: usize = 8;

fn request(out: &mut String, i: usize) {
    let pair = if i > 0 && i % DUPLICATE_EVERY == 0 {
        i - 1
    } else {
        i
    };
    let name = if i > 0 && i % BAD_NAME_EVERY == 0 {
        format!("bad name_{i}")
    } else {
        format!("peer_{i}")
    };
    out.push_str(&format!(
        "provider: jdcloud\nparams:\n  regionId: cn-north-1\n  vpcPeeringName: {name}\n  vpcId: vpc-{:0>10}\n  remoteVpcId: vpc-{:0>10}\n---\n",
        2 * pair,
        2 * pair + 1
    ));
}

#[test]
fn a_stream_of_400000_requests_keeps_a_fixed_number_of_trees_alive() {
    let mut text = String::with_capacity(REQUESTS * 140);
    for i in 0..REQUESTS {
        request(&mut text, i);
    }
    let sets = load_texts(true, &[]).sets;
    let engine = Engine::new(&sets, EngineOptions::default());
    trees::reset_peak();
    let report = lint_in_memory(
        &engine,
        vec![("stream.yaml".to_owned(), text.into_bytes())],
        Vec::new(),
    );
    let peak = trees::peak();
    assert!(
        (1..=MAX_TREES).contains(&peak),
        "{peak} document trees alive at once"
    );

    let found: BTreeSet<(String, usize)> = report
        .diagnostics
        .iter()
        .map(|d| (d.code.clone(), d.document.unwrap_or(usize::MAX)))
        .collect();
    assert_eq!(found.len(), report.diagnostics.len(), "one finding each");
    let mut expected = BTreeSet::new();
    for i in 1..REQUESTS {
        if i % BAD_NAME_EVERY == 0 {
            expected.insert(("jdcloud/invalid-character".to_owned(), i));
        }
        if i % DUPLICATE_EVERY == 0 {
            expected.insert(("jdcloud/duplicate-peering".to_owned(), i));
        }
    }
    assert_eq!(found, expected);
    // Every finding points into its own document (7 lines each), the
    // cross-document ones too.
    for d in &report.diagnostics {
        let document = d.document.unwrap_or(usize::MAX);
        let line = d.location.start.line;
        assert!(
            (7 * document + 1..7 * document + 7).contains(&line),
            "{} of document {document} at line {line}",
            d.code
        );
    }
}
