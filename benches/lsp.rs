//! Language-server latency: from a `didChange` of a 100-document buffer to
//! its `publishDiagnostics`, end to end through the server loop (framing,
//! JSON, linting the buffer, the cross-document phase, converting and
//! writing the diagnostics), against a parse-only baseline of the same
//! buffer in the same run.
//!
//! `cargo bench --bench lsp [-- DOCUMENTS]` (default 100 documents). The
//! server runs in-process on in-memory streams; each change is timed from
//! the moment its message is handed to the server until the diagnostics
//! for its version are read back. Medians and the slowest run are printed.

use std::hint::black_box;
use std::io::{self, BufRead, Read, Write};
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::{Duration, Instant};

use peerlint::document::{parse, Format};
use peerlint::engine::{Engine, EngineOptions};
use peerlint::lsp::{serve, ServeOptions};
use peerlint::rules::load::load_texts;
use peerlint::workspace::Workspace;
use serde_json::{json, Value};

/// The server's input: bytes handed over a channel.
struct Input {
    chunks: Receiver<Vec<u8>>,
    buffer: Vec<u8>,
    at: usize,
}

impl Read for Input {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Input {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.at == self.buffer.len() {
            match self.chunks.recv() {
                Ok(chunk) => {
                    self.buffer = chunk;
                    self.at = 0;
                }
                Err(_) => return Ok(&[]),
            }
        }
        Ok(&self.buffer[self.at..])
    }

    fn consume(&mut self, n: usize) {
        self.at += n;
    }
}

/// The server's output: each framed message parsed and handed back.
struct Output {
    pending: Vec<u8>,
    messages: Sender<Value>,
}

impl Write for Output {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(bytes);
        while let Some(end) = self.pending.windows(4).position(|w| w == b"\r\n\r\n") {
            let header = String::from_utf8_lossy(&self.pending[..end]).into_owned();
            let length: usize = header
                .trim()
                .strip_prefix("Content-Length: ")
                .and_then(|n| n.parse().ok())
                .expect("a Content-Length header");
            if self.pending.len() < end + 4 + length {
                break;
            }
            let body: Vec<u8> = self
                .pending
                .drain(..end + 4 + length)
                .skip(end + 4)
                .collect();
            let value: Value = serde_json::from_slice(&body).expect("JSON");
            let _ = self.messages.send(value);
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn frame(message: &Value) -> Vec<u8> {
    let body = message.to_string();
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

/// A stream of `n` requests, every tenth with a name the charset rejects,
/// and `variant` in one name so that each change gives other findings.
fn buffer(n: usize, variant: usize) -> String {
    (0..n)
        .map(|k| {
            let name = if k % 10 == 0 {
                format!("app to db {k}")
            } else if k == n / 2 {
                format!("peering_{k}_{}", if variant % 2 == 0 { "a" } else { "b c" })
            } else {
                format!("peering_{k}")
            };
            format!(
                "provider: jdcloud\nparams:\n  regionId: cn-north-1\n  vpcPeeringName: {name}   # team {k}\n  vpcId: vpc-{:0>10}\n  remoteVpcId: vpc-{:0>10}\n---\n",
                2 * k,
                2 * k + 1
            )
        })
        .collect()
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

fn main() {
    let documents: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100);
    let runs = 41;
    let dir = std::env::temp_dir().join(format!("peerlint-bench-lsp-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch directory");
    let uri = format!("file://{}/requests.yaml", dir.display());

    let (to_server, chunks) = mpsc::channel();
    let (messages, from_server) = mpsc::channel();
    let root = dir.clone();
    let server = std::thread::spawn(move || {
        let input = Input {
            chunks,
            buffer: Vec::new(),
            at: 0,
        };
        let mut output = Output {
            pending: Vec::new(),
            messages,
        };
        serve(Box::new(input), &mut output, ServeOptions { root }).expect("serve")
    });
    let send = |m: Value| to_server.send(frame(&m)).expect("the server reads");
    let wait = |wanted: &dyn Fn(&Value) -> bool| loop {
        let m = from_server
            .recv_timeout(Duration::from_secs(60))
            .expect("an answer");
        if wanted(&m) {
            return m;
        }
    };
    send(
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "processId": null, "rootUri": format!("file://{}", dir.display()), "capabilities": {}
        }}),
    );
    wait(&|m| m["id"] == 1);
    send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    let text = buffer(documents, 0);
    send(
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
            "textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}
        }}),
    );
    let published = |version: i64| {
        move |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == version
        }
    };
    let first = wait(&published(1));
    let findings = first["params"]["diagnostics"]
        .as_array()
        .map_or(0, Vec::len);

    let mut change_times = Vec::new();
    for run in 0..runs {
        let version = run as i64 + 2;
        let text = buffer(documents, run + 1);
        let message = frame(
            &json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"text": text}]
            }}),
        );
        let start = Instant::now();
        to_server.send(message).expect("the server reads");
        wait(&published(version));
        change_times.push(start.elapsed());
    }
    send(json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}));
    wait(&|m| m["id"] == 2);
    send(json!({"jsonrpc": "2.0", "method": "exit"}));
    let code = server.join().expect("the server thread");
    let _ = std::fs::remove_dir_all(&dir);

    // Baselines on the same buffer: parsing it, and linting it with the
    // workspace's report (no protocol).
    let text = buffer(documents, 0);
    let time = |f: &mut dyn FnMut()| {
        median(
            (0..runs)
                .map(|_| {
                    let start = Instant::now();
                    f();
                    start.elapsed()
                })
                .collect(),
        )
    };
    let parse_only = time(&mut || {
        black_box(parse(&text, Format::Yaml).documents.len());
    });
    let loaded = load_texts(true, &[]);
    let engine = Engine::new(&loaded.sets, EngineOptions::default());
    let mut workspace = Workspace::default();
    let lint_only = time(&mut || {
        workspace.set_file(&engine, "requests.yaml", text.clone().into_bytes());
        black_box(
            workspace
                .report(&engine, &[], std::path::Path::new(""))
                .diagnostics
                .len(),
        );
    });

    let change = median(change_times.clone());
    let slowest = change_times.iter().max().copied().unwrap_or_default();
    println!(
        "buffer: {documents} documents, {} bytes, {findings} findings published",
        text.len()
    );
    println!(
        "didChange -> publishDiagnostics: median {}, slowest {} ({runs} changes)",
        ms(change),
        ms(slowest)
    );
    println!("parse only (baseline):           median {}", ms(parse_only));
    println!("lint and report, no protocol:    median {}", ms(lint_only));
    println!(
        "change latency = {:.1}x parse only; target 20 ms: {}",
        change.as_secs_f64() / parse_only.as_secs_f64().max(1e-9),
        if change <= Duration::from_millis(20) {
            "met"
        } else {
            "MISSED"
        }
    );
    assert_eq!(code, 0, "the server ends with 0 after shutdown and exit");
}
