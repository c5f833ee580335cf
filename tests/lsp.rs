//! `peerlint lsp` spoken to over pipes, as an editor would: the lifecycle,
//! diagnostics pushed on open and change (UTF-16 positions by default,
//! UTF-8 when the client offers it), cross-document findings of files on
//! disk, quick fixes and "fix all", hover, a buffer that is no request,
//! malformed and unknown messages, and the ways the server ends.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use common::{scratch, write};

/// How long any one answer may take (a debug build on a busy machine).
const PATIENCE: Duration = Duration::from_secs(30);

/// A client: the server process, its stdin, and the messages it wrote.
struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    /// Messages read but not yet asked for.
    pending: Vec<Value>,
}

impl Client {
    fn start(dir: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_peerlint"))
            .arg("lsp")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("peerlint lsp starts");
        let stdout = child.stdout.take().expect("stdout");
        let (sender, incoming) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(value) = line.strip_prefix("Content-Length: ") {
                        length = value.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.expect("a Content-Length header")];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                let value: Value = serde_json::from_slice(&body).expect("the server writes JSON");
                assert_eq!(value["jsonrpc"], "2.0", "{value}");
                if sender.send(value).is_err() {
                    return;
                }
            }
        });
        Client {
            stdin: child.stdin.take(),
            child,
            incoming,
            pending: Vec::new(),
        }
    }

    fn raw(&mut self, body: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        write!(stdin, "Content-Length: {}\r\n\r\n", body.len()).expect("write");
        stdin.write_all(body).expect("write");
        stdin.flush().expect("flush");
    }

    fn send(&mut self, message: Value) {
        self.raw(message.to_string().as_bytes());
    }

    fn request(&mut self, id: i64, method: &str, params: Value) -> Value {
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait(&format!("the answer to request {id}"), |m| {
            m["id"] == json!(id) && m.get("method").is_none()
        })
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// The first message (read before or after) that `wanted` accepts.
    fn wait(&mut self, what: &str, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.pending.iter().position(&wanted) {
            return self.pending.remove(i);
        }
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.incoming.recv_timeout(left) {
                Ok(message) if wanted(&message) => return message,
                Ok(message) => self.pending.push(message),
                Err(_) => panic!("no {what}; read meanwhile: {:#?}", self.pending),
            }
        }
    }

    /// The next diagnostics published for `uri` (at `version`, when given).
    fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Vec<Value> {
        let message = self.wait(&format!("diagnostics for {uri} at {version:?}"), |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && version.is_none_or(|v| m["params"]["version"] == json!(v))
        });
        message["params"]["diagnostics"]
            .as_array()
            .expect("a list")
            .clone()
    }

    /// Close stdin and wait for the process to end.
    fn finish(mut self) -> Option<i32> {
        drop(self.stdin.take());
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status.code();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("the server did not exit");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// The URI of `path` (the scratch paths have no characters to escape).
fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn initialize(client: &mut Client, dir: &Path, capabilities: Value) -> Value {
    let answer = client.request(
        1,
        "initialize",
        json!({
            "processId": null,
            "rootUri": uri(dir),
            "workspaceFolders": [{"uri": uri(dir), "name": "repo"}],
            "capabilities": capabilities,
        }),
    );
    client.notify("initialized", json!({}));
    answer
}

/// The byte offset of an LSP position counted in UTF-16 code units.
fn utf16_offset(text: &str, line: u64, character: u64) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line as usize)
        .map(str::len)
        .sum();
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units >= character || c == '\n' {
            return start + i;
        }
        units += c.len_utf16() as u64;
    }
    text.len()
}

/// `text` with LSP `TextEdit`s (UTF-16 ranges) applied.
fn apply(text: &str, edits: &[Value]) -> String {
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            let at = |p: &Value| {
                utf16_offset(
                    text,
                    p["line"].as_u64().expect("line"),
                    p["character"].as_u64().expect("character"),
                )
            };
            (
                at(&e["range"]["start"]),
                at(&e["range"]["end"]),
                e["newText"].as_str().expect("newText").to_owned(),
            )
        })
        .collect();
    spans.sort();
    let mut out = text.to_owned();
    for (start, end, new) in spans.into_iter().rev() {
        out.replace_range(start..end, &new);
    }
    out
}

/// The edits of `action` for `uri` (`changes` or `documentChanges`).
fn edits_of(action: &Value, uri: &str) -> Vec<Value> {
    let edit = &action["edit"];
    if let Some(changes) = edit["changes"][uri].as_array() {
        return changes.clone();
    }
    edit["documentChanges"][0]["edits"]
        .as_array()
        .expect("edits")
        .clone()
}

/// One line holding CJK characters and an emoji before the offending space
/// of `"a b"`. Counted by hand: `{provider: jdcloud, ` is 20 UTF-16 units,
/// `meta: {owner: ` 14 more (34), `网络组` 3 (37), `🚀` 2 (39), `}, ` 3
/// (42), `params: {` 9 (51), `regionId: cn-north-1, ` 22 (73),
/// `vpcPeeringName: ` 16 (89), `"a` 2: the space is at character 91. In
/// bytes, the CJK characters take 3 each and the emoji 4: 99.
const CJK_LINE: &str = "{provider: jdcloud, meta: {owner: 网络组🚀}, params: {regionId: cn-north-1, vpcPeeringName: \"a b\", vpcId: vpc-ofxxrkkw0r, remoteVpcId: vpc-2k8d0cx9aa}}\n";

/// The reverse of `CJK_LINE`'s peering, named `a_b`: once the buffer's
/// name is fixed to `a_b` too, this file's name is a duplicate (it comes
/// after `a.yaml`). Each file has its reverse, so neither has a finding
/// at start.
const REVERSE: &str = "provider: jdcloud\nparams:\n  regionId: cn-north-1\n  vpcPeeringName: a_b\n  vpcId: vpc-2k8d0cx9aa\n  remoteVpcId: vpc-ofxxrkkw0r\n";

const TRAP: &str = "provider: tencentcloud\nparams:\n  vpcId: vpc-2k8d0cx9\n  peerVpcId: vpc-9a8b7c6d\n  peerUin: 2407912486   # the partner\n  peeringConnectionName: tses\n";

fn codes(diagnostics: &[Value]) -> Vec<&str> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap_or(""))
        .collect()
}

#[test]
fn an_editor_session() {
    let dir = scratch("session");
    write(&dir, "requests/other.yaml", REVERSE);
    // The buffer's file as saved: each peering has its reverse.
    write(&dir, "requests/a.yaml", &CJK_LINE.replace("\"a b\"", "x_y"));
    let other = uri(&dir.join("requests/other.yaml"));
    let a = uri(&dir.join("requests/a.yaml"));
    let trap = uri(&dir.join("requests/trap.yaml"));
    let ci = uri(&dir.join(".github/ci.yml"));
    let mut client = Client::start(&dir);

    // Capabilities; UTF-16, since the client offers nothing else.
    let answer = initialize(
        &mut client,
        &dir,
        json!({"textDocument": {
            "publishDiagnostics": {"relatedInformation": true},
            "hover": {"contentFormat": ["markdown", "plaintext"]}
        }}),
    );
    let capabilities = &answer["result"]["capabilities"];
    assert_eq!(capabilities["positionEncoding"], "utf-16", "{answer}");
    assert_eq!(capabilities["textDocumentSync"]["openClose"], true);
    assert_eq!(capabilities["textDocumentSync"]["change"], 2, "incremental");
    assert_eq!(capabilities["hoverProvider"], true);
    assert_eq!(
        capabilities["codeActionProvider"]["codeActionKinds"],
        json!(["quickfix", "source.fixAll.peerlint"])
    );
    assert_eq!(answer["result"]["serverInfo"]["name"], "peerlint");

    // The workspace folder is read at start (the file on disk is clean).

    // Open: the unsaved text is linted; the space is at UTF-16 character 91.
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": a, "languageId": "yaml", "version": 1, "text": CJK_LINE}}),
    );
    let opened = client.diagnostics(&a, Some(1));
    assert_eq!(codes(&opened), ["jdcloud/invalid-character"], "{opened:#?}");
    let d = &opened[0];
    assert_eq!(
        d["range"],
        json!({"start": {"line": 0, "character": 91}, "end": {"line": 0, "character": 92}})
    );
    assert_eq!(d["severity"], 1);
    assert_eq!(d["source"], "peerlint");
    assert_eq!(
        d["codeDescription"]["href"],
        "https://docs.jdcloud.com/en/virtual-private-cloud/api/createvpcpeering"
    );
    assert_eq!(d["data"]["fix"]["applicability"], "unsafe");
    assert!(d["message"].as_str().unwrap_or("").contains("' ' (U+0020)"));

    // A quick fix for the finding: unsafe, so marked and not preferred.
    let actions = client.request(
        2,
        "textDocument/codeAction",
        json!({"textDocument": {"uri": a}, "range": d["range"], "context": {"diagnostics": [d]}}),
    );
    let list = actions["result"].as_array().expect("actions");
    let fix = list
        .iter()
        .find(|a| a["title"].as_str().unwrap_or("").contains("a_b"))
        .unwrap_or_else(|| panic!("a quick fix: {actions:#}"));
    assert_eq!(fix["kind"], "quickfix");
    assert!(
        fix["title"].as_str().unwrap_or("").contains("unsafe"),
        "{fix}"
    );
    assert!(fix.get("isPreferred").is_none(), "{fix}");
    assert_eq!(
        apply(CJK_LINE, &edits_of(fix, &a)),
        CJK_LINE.replace("\"a b\"", "\"a_b\"")
    );
    assert_eq!(fix["diagnostics"][0]["code"], "jdcloud/invalid-character");
    let suppress = list
        .iter()
        .find(|a| a["title"].as_str().unwrap_or("").starts_with("Suppress"))
        .unwrap_or_else(|| panic!("a suppression: {actions:#}"));
    assert_eq!(
        apply(CJK_LINE, &edits_of(suppress, &a)),
        CJK_LINE.replace(
            "}}\n",
            "}}  # peerlint-ignore: jdcloud/invalid-character -- reason\n"
        )
    );

    // Change (incremental, at a UTF-16 range after the emoji): the new
    // version's diagnostics, none of the old ones.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": a, "version": 2},
            "contentChanges": [{
                "range": {"start": {"line": 0, "character": 91}, "end": {"line": 0, "character": 92}},
                "text": "_"
            }]
        }),
    );
    // A request right behind the change (it may arrive in the same batch)
    // is answered on the new text, and the new diagnostics still go out.
    // Hover on a parameter name: its description and type.
    let hover = client.request(
        3,
        "textDocument/hover",
        json!({"textDocument": {"uri": a}, "position": {"line": 0, "character": 78}}),
    );
    assert_eq!(client.diagnostics(&a, Some(2)), Vec::<Value>::new());
    // The buffer's name is now the file on disk's: that file gets a
    // cross-document finding.
    let duplicate = client.diagnostics(&other, None);
    assert_eq!(
        codes(&duplicate),
        ["jdcloud/duplicate-name"],
        "{duplicate:#?}"
    );
    let contents = &hover["result"]["contents"];
    assert_eq!(contents["kind"], "markdown");
    let text = contents["value"].as_str().expect("hover text");
    assert!(text.contains("**vpcPeeringName**"), "{text}");
    assert!(text.contains("a string, required"), "{text}");
    assert!(text.contains("VPC peering name"), "{text}");
    assert_eq!(
        hover["result"]["range"],
        json!({"start": {"line": 0, "character": 73}, "end": {"line": 0, "character": 87}})
    );

    // A YAML trap: a safe quick fix (preferred), and "fix all".
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": trap, "languageId": "yaml", "version": 1, "text": TRAP}}),
    );
    let found = client.diagnostics(&trap, Some(1));
    assert!(
        codes(&found).contains(&"peerlint/implicit-type"),
        "{found:#?}"
    );
    let quoted = TRAP.replace("peerUin: 2407912486   #", "peerUin: \"2407912486\"   #");
    let range = json!({"start": {"line": 4, "character": 11}, "end": {"line": 4, "character": 11}});
    let actions = client.request(
        4,
        "textDocument/codeAction",
        json!({"textDocument": {"uri": trap}, "range": range, "context": {"diagnostics": []}}),
    );
    let list = actions["result"].as_array().expect("actions");
    let quote = list
        .iter()
        .find(|a| a["isPreferred"] == true)
        .unwrap_or_else(|| panic!("a preferred quick fix: {actions:#}"));
    assert_eq!(quote["kind"], "quickfix");
    assert_eq!(apply(TRAP, &edits_of(quote, &trap)), quoted);
    let all = client.request(
        5,
        "textDocument/codeAction",
        json!({"textDocument": {"uri": trap}, "range": range,
               "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
    );
    let list = all["result"].as_array().expect("actions");
    assert_eq!(list.len(), 1, "{all:#}");
    assert_eq!(list[0]["kind"], "source.fixAll.peerlint");
    assert_eq!(apply(TRAP, &edits_of(&list[0], &trap)), quoted);

    // Hover on a finding: its rule's summary and why.
    let hover = client.request(
        6,
        "textDocument/hover",
        json!({"textDocument": {"uri": trap}, "position": {"line": 4, "character": 14}}),
    );
    let text = hover["result"]["contents"]["value"]
        .as_str()
        .expect("hover text");
    assert!(text.contains("**peerUin**"), "{text}");
    assert!(text.contains("**peerlint/implicit-type**"), "{text}");
    assert!(
        text.contains("peerlint explain peerlint/implicit-type"),
        "{text}"
    );

    // Another tool's YAML: no request, an empty list.
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": ci, "languageId": "yaml", "version": 1,
                                "text": "name: CI\non: [push]\njobs:\n  test: {runs-on: ubuntu-latest}\n"}}),
    );
    assert_eq!(client.diagnostics(&ci, Some(1)), Vec::<Value>::new());

    // A malformed message is answered, and the server goes on.
    client.raw(b"{\"jsonrpc\": \"2.0\", \"id\": 7, ");
    let error = client.wait("the parse error", |m| m.get("error").is_some());
    assert_eq!(error["id"], Value::Null);
    assert_eq!(error["error"]["code"], -32700);
    let unknown = client.request(8, "peerlint/unknown", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");

    // Closing the buffer: the file as saved stands in again, and the
    // other file has no finding any more: an empty list.
    client.notify("textDocument/didClose", json!({"textDocument": {"uri": a}}));
    assert_eq!(client.diagnostics(&other, None), Vec::<Value>::new());

    let shutdown = client.request(9, "shutdown", Value::Null);
    assert_eq!(shutdown["result"], Value::Null, "{shutdown}");
    let after = client.request(10, "textDocument/hover", json!({}));
    assert_eq!(after["error"]["code"], -32600, "{after}");
    client.notify("exit", Value::Null);
    assert_eq!(client.finish(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn utf8_positions_when_the_client_offers_them() {
    let dir = scratch("utf8");
    let a = uri(&dir.join("a.yaml"));
    let mut client = Client::start(&dir);
    let answer = initialize(
        &mut client,
        &dir,
        json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}}),
    );
    assert_eq!(
        answer["result"]["capabilities"]["positionEncoding"],
        "utf-8"
    );
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": a, "languageId": "yaml", "version": 1, "text": CJK_LINE}}),
    );
    let found = client.diagnostics(&a, Some(1));
    let invalid = found
        .iter()
        .find(|d| d["code"] == "jdcloud/invalid-character")
        .unwrap_or_else(|| panic!("{found:#?}"));
    assert_eq!(
        invalid["range"],
        json!({"start": {"line": 0, "character": 99}, "end": {"line": 0, "character": 100}})
    );
    // Without `shutdown`, `exit` ends the server with 1.
    client.notify("exit", Value::Null);
    assert_eq!(client.finish(), Some(1));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_server_ends_when_its_input_closes() {
    let dir = scratch("eof");
    let mut client = Client::start(&dir);
    let _ = initialize(&mut client, &dir, json!({}));
    assert!(client.finish().is_some(), "it exits by itself");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn requests_before_initialize_are_refused() {
    let dir = scratch("early");
    let mut client = Client::start(&dir);
    let early = client.request(1, "textDocument/hover", json!({}));
    assert_eq!(early["error"]["code"], -32002, "{early}");
    assert!(client.finish().is_some());
    let _ = std::fs::remove_dir_all(&dir);
}
