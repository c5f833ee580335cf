//! The JSON, SARIF, concise and GitHub renderers stream (issue 12): writing
//! a report of 100,000 diagnostics, no single write to the writer and no
//! single allocation is more than a few kilobytes, and the memory the
//! rendering thread holds grows by far less than the report's size. A
//! renderer that built the report as one `serde_json::Value` or `String`
//! first (and then wrote it in small pieces, as serde_json does) fails the
//! allocation checks.
//!
//! Allocations are counted by a global allocator, only on the thread that
//! renders and only while it does, so that tests running in parallel do
//! not disturb the count.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::io::{self, Write};
use std::path::Path;

use peerlint::diagnostic::{ApiError, Diagnostic, Label, Location, Severity};
use peerlint::document::Span;
use peerlint::output::{self, OutputFormat, RenderOptions};
use peerlint::report::Report;
use peerlint::rules::model::RuleSets;

struct Counting;

thread_local! {
    static TRACKING: Cell<bool> = const { Cell::new(false) };
    /// Bytes allocated and not freed since tracking started (may go below
    /// zero when memory from before is freed).
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
    static LARGEST: Cell<usize> = const { Cell::new(0) };
}

fn allocated(size: usize) {
    if TRACKING.with(Cell::get) {
        LARGEST.with(|l| l.set(l.get().max(size)));
        let live = LIVE.with(|l| {
            l.set(l.get() + size as isize);
            l.get()
        });
        PEAK.with(|p| p.set(p.get().max(live)));
    }
}

fn freed(size: usize) {
    if TRACKING.with(Cell::get) {
        LIVE.with(|l| l.set(l.get() - size as isize));
    }
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        allocated(layout.size());
        System.alloc(layout)
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        allocated(layout.size());
        System.alloc_zeroed(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        freed(layout.size());
        System.dealloc(ptr, layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        freed(layout.size());
        allocated(new_size);
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Counts bytes and keeps the largest single write; stores nothing.
#[derive(Default)]
struct CountingWriter {
    bytes: usize,
    writes: usize,
    largest: usize,
}

impl Write for CountingWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.bytes += buf.len();
        self.writes += 1;
        self.largest = self.largest.max(buf.len());
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// What rendering cost: the writer's counts and the allocations made.
struct Cost {
    out: CountingWriter,
    largest_allocation: usize,
    peak_growth: isize,
}

fn render(report: &Report, format: OutputFormat, sets: &RuleSets) -> Cost {
    let mut out = CountingWriter::default();
    let options = RenderOptions {
        color: false,
        width: 100,
        sets,
        root: Path::new("/work/repo"),
    };
    LIVE.with(|l| l.set(0));
    PEAK.with(|p| p.set(0));
    LARGEST.with(|l| l.set(0));
    TRACKING.with(|t| t.set(true));
    let result = output::render(report, format, options, &mut out);
    TRACKING.with(|t| t.set(false));
    result.expect("rendered");
    Cost {
        out,
        largest_allocation: LARGEST.with(Cell::get),
        peak_growth: PEAK.with(Cell::get),
    }
}

/// `n` findings of a few rules in a few files, with labels and help. They
/// share one SARIF fingerprint key (rule, file, document, pointer): SARIF
/// numbers the results of each key, a count per distinct finding that
/// no output format can do without.
fn report(n: usize) -> Report {
    let diagnostics = (0..n)
        .map(|i| {
            let line = i + 1;
            let at = Location {
                span: Span::new(i * 40, i * 40 + 12),
                start: common::position(line, 19),
                end: common::position(line, 31),
            };
            let mut d = Diagnostic::new(
                "requests/many.yaml",
                "jdcloud/name-length",
                [Severity::Error, Severity::Warning, Severity::Info][i % 3],
                format!(
                    "vpcPeeringName `app-{i}-名前` is 33 characters long; JD Cloud allows 1 to 32"
                ),
                at,
            );
            d.document = Some(0);
            d.provider = Some("jdcloud".into());
            d.pointer = "/params/vpcPeeringName".into();
            d.help = Some("shorten the name".into());
            d.api_error = Some(ApiError {
                status: Some(400),
                code: None,
            });
            d.labels = vec![
                Label {
                    message: "first here".into(),
                    file: None,
                    location: at,
                },
                Label {
                    message: "existing peering".into(),
                    file: Some("inventory.yaml".into()),
                    location: at,
                },
            ];
            d
        })
        .collect();
    let mut report = Report {
        rule_sets: vec![("jdcloud".into(), "2026.11".into())],
        diagnostics,
        ..Report::default()
    };
    report.count();
    report
}

#[test]
fn a_large_report_is_written_as_it_is_produced() {
    const N: usize = 100_000;
    let report = report(N);
    let sets = RuleSets::default();
    for format in [
        OutputFormat::Json,
        OutputFormat::Sarif,
        OutputFormat::Concise,
        OutputFormat::Github,
    ] {
        let cost = render(&report, format, &sets);
        let what = format!(
            "{format:?}: {} bytes in {} writes",
            cost.out.bytes, cost.out.writes
        );
        // SARIF keeps its first 25,000 results; the others write every finding.
        assert!(cost.out.bytes > 25_000 * 60, "{what}");
        assert!(
            cost.out.largest < 4 * 1024,
            "{what}: a write of {} bytes",
            cost.out.largest
        );
        assert!(
            cost.largest_allocation < 16 * 1024,
            "{what}: an allocation of {} bytes",
            cost.largest_allocation
        );
        assert!(
            cost.peak_growth < 256 * 1024,
            "{what}: {} bytes held at once (the output is {})",
            cost.peak_growth,
            cost.out.bytes
        );
    }
}

#[test]
fn the_checks_catch_a_report_built_before_it_is_written() {
    // What the JSON renderer did before it streamed.
    let report = report(2_000);
    LIVE.with(|l| l.set(0));
    PEAK.with(|p| p.set(0));
    LARGEST.with(|l| l.set(0));
    TRACKING.with(|t| t.set(true));
    let value: Vec<serde_json::Value> = report
        .diagnostics
        .iter()
        .map(peerlint::output::json::diagnostic)
        .collect();
    let mut out = CountingWriter::default();
    serde_json::to_writer_pretty(&mut out, &value).expect("written");
    drop(value);
    TRACKING.with(|t| t.set(false));
    assert!(out.largest < 4 * 1024, "small writes: {}", out.largest);
    assert!(LARGEST.with(Cell::get) >= 16 * 1024);
    assert!(PEAK.with(Cell::get) >= 256 * 1024);
}
