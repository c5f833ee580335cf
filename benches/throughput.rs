//! Throughput benchmark: the per-file phase and the cross-document phase
//! against a parse-only baseline, in the same run, on generated requests.
//!
//! `cargo bench --bench throughput [-- REQUESTS]` (default 100,000 requests
//! in files of 10). Each phase runs several times and the median is
//! reported, single-threaded, so the figures compare like with like.

use std::hint::black_box;
use std::time::{Duration, Instant};

use peerlint::crossdoc::cross_check;
use peerlint::document::{parse, Format};
use peerlint::engine::{Engine, EngineOptions};
use peerlint::rules::load::load_texts;

fn request(k: usize, a: usize, b: usize) -> String {
    format!(
        "provider: jdcloud\nparams:\n  regionId: cn-north-1\n  vpcPeeringName: peering_{k}\n  vpcId: vpc-{a:0>10}\n  remoteVpcId: vpc-{b:0>10}\nvpcs:\n  - {{vpcId: vpc-{a:0>10}, addressPrefix: [10.{}.{}.{}/28], region: cn-north-1}}\n---\n",
        (a >> 12) & 255,
        (a >> 4) & 255,
        (a & 15) << 4
    )
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                black_box(f());
                start.elapsed()
            })
            .collect(),
    )
}

fn main() {
    let requests: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100_000);
    let per_file = 10;
    let files: Vec<(String, String)> = (0..requests / per_file)
        .map(|f| {
            let text: String = (0..per_file / 2)
                .flat_map(|i| {
                    let pair = f * per_file / 2 + i;
                    [
                        request(2 * pair, 2 * pair, 2 * pair + 1),
                        request(2 * pair + 1, 2 * pair + 1, 2 * pair),
                    ]
                })
                .collect();
            (format!("requests/{f:05}.yaml"), text)
        })
        .collect();
    let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();
    let loaded = load_texts(true, &[]);
    let engine = Engine::new(&loaded.sets, EngineOptions::default());
    let runs = 5;

    let read_only = time(runs, || {
        files
            .iter()
            .map(|(_, t)| t.as_bytes().to_vec().len())
            .sum::<usize>()
    });
    let parse_only = time(runs, || {
        files
            .iter()
            .map(|(_, t)| parse(t, Format::Yaml).documents.len())
            .sum::<usize>()
    });
    let per_file_phase = time(runs, || {
        files
            .iter()
            .map(|(n, t)| {
                engine
                    .lint_file(n, t.as_bytes().to_vec(), Format::Yaml)
                    .diagnostics
                    .len()
            })
            .sum::<usize>()
    });
    let mut store = peerlint::store::Store::default();
    for (n, t) in &files {
        store.absorb(
            &engine
                .lint_file(n, t.as_bytes().to_vec(), Format::Yaml)
                .store,
        );
    }
    assert_eq!(store.requests.len(), requests);
    let no_sources = |_: &str| None;
    let cross_phase = time(runs, || {
        cross_check(
            &loaded.sets,
            &engine.options.severities,
            &store,
            &no_sources,
        )
        .len()
    });
    let findings = cross_check(
        &loaded.sets,
        &engine.options.severities,
        &store,
        &no_sources,
    )
    .len();

    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("peerlint throughput: {requests} requests in {} files, {:.1} MB, median of {runs} runs, one thread", files.len(), bytes as f64 / 1e6);
    println!("  copy bytes only (floor)       {:>9.1} ms", ms(read_only));
    println!("  parse only (baseline)         {:>9.1} ms", ms(parse_only));
    println!(
        "  per-file phase (parse + lint) {:>9.1} ms  = {:.2}x the parse-only baseline, {:.1} µs/request",
        ms(per_file_phase),
        ms(per_file_phase) / ms(parse_only),
        ms(per_file_phase) * 1000.0 / requests as f64
    );
    println!(
        "  cross-document phase          {:>9.1} ms  = {:.2}x the per-file phase ({findings} findings)",
        ms(cross_phase),
        ms(cross_phase) / ms(per_file_phase)
    );
}
