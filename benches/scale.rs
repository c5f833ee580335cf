//! Whole-process scale benchmark: `peerlint check` against a parse-only
//! floor over the same generated files, in the same run, with peak memory.
//!
//! ```sh
//! cargo bench --bench scale                 # all three corpora
//! cargo bench --bench scale -- 10k          # or 1m, 50mb
//! cargo bench --bench scale -- 10k --runs 5
//! ```
//!
//! Corpora (valid JD Cloud requests, written once under
//! `target/bench-corpora/`):
//! - `10k`: 10,000 small files of one request each (about 2.5 MB);
//! - `1m`: 1,000,000 requests in 10,000 files of 100;
//! - `50mb`: one file of 400,000 requests (about 50 MB).
//!
//! Both sides are child processes timed from spawn to exit, each the median
//! of `--runs` runs (default 3), with the peak resident set size of the
//! child (`wait4`'s `ru_maxrss`). The floor is this executable re-run as
//! `--floor DIR`: the same walk, reading every file and parsing it with
//! peerlint's own parser (`peerlint::document::parse_each`, document by
//! document) on 2 threads, dropping each tree — what no linter can avoid.
//! It runs on the binary's allocator (`peerlint::allocator`), so the ratio
//! is not an allocator's.
//! peerlint runs as `peerlint check -f json -o /dev/null --jobs 2 DIR`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use rayon::prelude::*;

#[global_allocator]
static ALLOCATOR: peerlint::allocator::Allocator = peerlint::allocator::Allocator;

/// One valid request; `k` numbers the name, `a` and `b` the two VPCs.
fn request(k: usize, a: usize, b: usize, facts: bool) -> String {
    let mut text = format!(
        "provider: jdcloud\nparams:\n  regionId: cn-north-1\n  vpcPeeringName: peering_{k}\n  vpcId: vpc-{a:0>10}\n  remoteVpcId: vpc-{b:0>10}\n"
    );
    if facts {
        text.push_str(&format!(
            "vpcs:\n  - {{vpcId: vpc-{a:0>10}, addressPrefix: [10.{}.{}.0/24], region: cn-north-1}}\n",
            (a >> 8) & 255,
            a & 255
        ));
    }
    text
}

struct Corpus {
    name: &'static str,
    files: usize,
    per_file: usize,
    facts: bool,
}

const CORPORA: &[Corpus] = &[
    Corpus {
        name: "10k",
        files: 10_000,
        per_file: 1,
        facts: true,
    },
    Corpus {
        name: "1m",
        files: 10_000,
        per_file: 100,
        facts: false,
    },
    Corpus {
        name: "50mb",
        files: 1,
        per_file: 400_000,
        facts: false,
    },
];

/// Write the corpus unless a complete one is there; its directory.
fn generate(corpus: &Corpus) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/bench-corpora")
        .join(corpus.name);
    let stamp = dir.join(".complete");
    if stamp.exists() {
        return dir;
    }
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("corpus directory");
    (0..corpus.files).into_par_iter().for_each(|f| {
        let mut text = String::new();
        for i in 0..corpus.per_file {
            // Pairs in both directions, so that reverse peerings are found
            // and nothing is reported.
            let k = f * corpus.per_file + i;
            let pair = k / 2;
            let (a, b) = if k % 2 == 0 {
                (2 * pair, 2 * pair + 1)
            } else {
                (2 * pair + 1, 2 * pair)
            };
            if i > 0 {
                text.push_str("---\n");
            }
            text.push_str(&request(k, a, b, corpus.facts));
        }
        let path = dir.join(format!("{:03}/{f:05}.yaml", f / 1000));
        std::fs::create_dir_all(path.parent().expect("parent")).expect("subdirectory");
        std::fs::write(path, text).expect("corpus file");
    });
    std::fs::write(&stamp, "").expect("stamp");
    dir
}

/// The parse-only floor, in this process: walk, read and parse every
/// file on 2 threads.
fn floor(dir: &Path) {
    let files: Vec<PathBuf> = ignore::WalkBuilder::new(dir)
        .require_git(false)
        .build()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .expect("pool");
    let documents: usize = pool.install(|| {
        files
            .par_iter()
            .map(|path| {
                let text = std::fs::read_to_string(path).expect("readable");
                let mut n = 0;
                peerlint::document::parse_each(
                    &text,
                    peerlint::document::Format::Yaml,
                    &mut |_, _, _| n += 1,
                );
                n
            })
            .sum()
    });
    std::hint::black_box(documents);
    // As `peerlint` does before it ends.
    peerlint::allocator::ending();
}

/// Run `command`, returning its wall time, peak RSS in bytes and exit code.
// The child is reaped by `wait4` (for its resource usage), not `wait`.
#[allow(clippy::zombie_processes)]
fn measure(command: &mut Command) -> (Duration, u64, i32) {
    let start = Instant::now();
    let child = command.spawn().expect("spawn");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: `rusage` is plain data; wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let elapsed = start.elapsed();
    assert_eq!(waited, pid, "wait4");
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    // Linux reports ru_maxrss in KiB.
    (elapsed, usage.ru_maxrss as u64 * 1024, code)
}

fn median(mut v: Vec<(Duration, u64)>) -> (Duration, u64) {
    v.sort();
    let time = v[v.len() / 2].0;
    let rss = v.iter().map(|x| x.1).max().unwrap_or(0);
    (time, rss)
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(i) = args.iter().position(|a| a == "--floor") {
        floor(Path::new(&args[i + 1]));
        return;
    }
    let runs: usize = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(3);
    let wanted: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .filter(|a| CORPORA.iter().any(|c| c.name == *a))
        .collect();
    let me = std::env::current_exe().expect("own path");
    let peerlint = env!("CARGO_BIN_EXE_peerlint");
    println!(
        "{:<6} {:>10} {:>10} {:>7} {:>11} {:>11}",
        "corpus", "floor", "peerlint", "ratio", "floor RSS", "peerlint RSS"
    );
    for corpus in CORPORA
        .iter()
        .filter(|c| wanted.is_empty() || wanted.contains(&c.name))
    {
        let dir = generate(corpus);
        let mut floors = Vec::new();
        let mut lints = Vec::new();
        for _ in 0..runs {
            let (t, rss, code) = measure(Command::new(&me).arg("--floor").arg(&dir));
            assert_eq!(code, 0, "the floor ran");
            floors.push((t, rss));
            let (t, rss, code) = measure(
                Command::new(peerlint)
                    .args(["check", "-f", "json", "-o", "/dev/null", "--jobs", "2"])
                    .arg(&dir),
            );
            assert_eq!(code, 0, "peerlint found nothing in valid requests");
            lints.push((t, rss));
        }
        let (ft, frss) = median(floors);
        let (lt, lrss) = median(lints);
        println!(
            "{:<6} {:>9.2}s {:>9.2}s {:>6.2}x {:>8.1} MiB {:>8.1} MiB",
            corpus.name,
            ft.as_secs_f64(),
            lt.as_secs_f64(),
            lt.as_secs_f64() / ft.as_secs_f64(),
            mib(frss),
            mib(lrss)
        );
        let _ = std::io::stdout().flush();
    }
}
