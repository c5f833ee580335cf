//! JSON-RPC over a byte stream with LSP's framing (`Content-Length`
//! headers, then the body): reading messages on a thread of their own,
//! writing them from the server loop.
//!
//! The reader never gives up on a bad message: a body that is not JSON is
//! answered with a parse error, JSON that is not a JSON-RPC message with
//! "invalid request", and a header block without a usable
//! `Content-Length` with a parse error; then it reads the next message.
//! Only the end of the input (or a read error) ends it.

use std::io::{self, BufRead, Write};
use std::sync::mpsc::{self, Receiver};
use std::thread;

use lsp_server::{ErrorCode, Message};
use serde_json::{json, Value};

/// The largest message body accepted (a bigger `Content-Length` is a
/// malformed header: nothing is allocated for it).
pub const MAX_BODY: usize = 256 << 20;

/// What the reader hands the server loop.
#[derive(Debug)]
pub enum Incoming {
    Message(Message),
    /// A message that cannot be read: answer `id` (`null` when unknown)
    /// with this error.
    Malformed {
        id: Value,
        code: ErrorCode,
        message: String,
    },
    /// The input ended (or cannot be read any more).
    Closed,
}

/// One framed message, or why there is none.
enum Frame {
    Body(Vec<u8>),
    Bad(String),
    End,
}

/// Read header lines up to the empty line that ends them, then the body.
fn read_frame(input: &mut dyn BufRead) -> io::Result<Frame> {
    let mut length: Option<Result<usize, String>> = None;
    let mut started = false;
    let mut line = Vec::new();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            return Ok(if started {
                Frame::Bad("the input ended inside a message header".to_owned())
            } else {
                Frame::End
            });
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if started {
                break;
            }
            // Blank lines between messages are tolerated.
            continue;
        }
        started = true;
        // Resynchronise on a `Content-Length` even after garbage on its line.
        let lower = text.to_ascii_lowercase();
        if let Some(at) = lower.find("content-length:") {
            let value = text[at + "content-length:".len()..].trim();
            length = Some(match value.parse::<usize>() {
                Ok(n) if n <= MAX_BODY => Ok(n),
                Ok(n) => Err(format!(
                    "Content-Length {n} is over the limit of {MAX_BODY}"
                )),
                Err(_) => Err(format!("Content-Length `{value}` is not a number")),
            });
        }
        // Other headers (`Content-Type`) are ignored.
    }
    match length {
        Some(Ok(n)) => {
            let mut body = vec![0; n];
            match input.read_exact(&mut body) {
                Ok(()) => Ok(Frame::Body(body)),
                Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => Ok(Frame::End),
                Err(e) => Err(e),
            }
        }
        Some(Err(why)) => Ok(Frame::Bad(why)),
        None => Ok(Frame::Bad(
            "a message header without Content-Length".to_owned(),
        )),
    }
}

/// A message body as what the server loop gets.
pub fn decode(body: &[u8]) -> Incoming {
    let value: Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(e) => {
            return Incoming::Malformed {
                id: Value::Null,
                code: ErrorCode::ParseError,
                message: format!("the message is not JSON: {e}"),
            }
        }
    };
    let id = value
        .get("id")
        .filter(|id| id.is_number() || id.is_string())
        .cloned()
        .unwrap_or(Value::Null);
    match serde_json::from_value::<Message>(value) {
        Ok(message) => Incoming::Message(message),
        Err(e) => Incoming::Malformed {
            id,
            code: ErrorCode::InvalidRequest,
            message: format!("not a JSON-RPC request, response or notification: {e}"),
        },
    }
}

/// Read messages from `input` on a thread of its own until it ends.
pub fn spawn_reader(mut input: Box<dyn BufRead + Send>) -> io::Result<Receiver<Incoming>> {
    let (sender, receiver) = mpsc::channel();
    thread::Builder::new()
        .name("peerlint-lsp-reader".to_owned())
        .spawn(move || loop {
            let incoming = match read_frame(&mut *input) {
                Ok(Frame::Body(body)) => decode(&body),
                Ok(Frame::Bad(why)) => Incoming::Malformed {
                    id: Value::Null,
                    code: ErrorCode::ParseError,
                    message: why,
                },
                Ok(Frame::End) | Err(_) => {
                    let _ = sender.send(Incoming::Closed);
                    return;
                }
            };
            if sender.send(incoming).is_err() {
                return;
            }
        })?;
    Ok(receiver)
}

/// Write `value` as one framed message and flush.
pub fn write_value(out: &mut dyn Write, value: &Value) -> io::Result<()> {
    let body = serde_json::to_vec(value)?;
    write!(out, "Content-Length: {}\r\n\r\n", body.len())?;
    out.write_all(&body)?;
    out.flush()
}

/// Write a message.
pub fn write_message(out: &mut dyn Write, message: &Message) -> io::Result<()> {
    let mut value = serde_json::to_value(message)?;
    if let Value::Object(map) = &mut value {
        map.insert("jsonrpc".to_owned(), json!("2.0"));
    }
    write_value(out, &value)
}

/// Write an error response to `id` (which may be `null`).
pub fn write_error(
    out: &mut dyn Write,
    id: Value,
    code: ErrorCode,
    message: &str,
) -> io::Result<()> {
    write_value(
        out,
        &json!({"jsonrpc": "2.0", "id": id, "error": {"code": code as i32, "message": message}}),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(text: &str) -> Vec<String> {
        let mut input = io::Cursor::new(text.as_bytes().to_vec());
        let mut out = Vec::new();
        loop {
            match read_frame(&mut input).expect("reads") {
                Frame::Body(b) => out.push(format!("body {}", String::from_utf8_lossy(&b))),
                Frame::Bad(why) => out.push(format!("bad {why}")),
                Frame::End => return out,
            }
        }
    }

    #[test]
    fn frames_are_read_and_bad_headers_do_not_stop_the_reader() {
        assert_eq!(
            frames("Content-Length: 2\r\n\r\n{}Content-Length: 3\r\nContent-Type: x\r\n\r\n[1]"),
            ["body {}", "body [1]"]
        );
        assert_eq!(
            frames("Content-Length: x\r\n\r\nContent-Length: 2\r\n\r\n{}"),
            ["bad Content-Length `x` is not a number", "body {}"]
        );
        assert_eq!(
            frames("garbage\r\n\r\nContent-Length: 2\r\n\r\n{}"),
            ["bad a message header without Content-Length", "body {}"]
        );
        assert_eq!(frames("Content-Length: 9\r\n\r\n{}"), Vec::<String>::new());
    }

    #[test]
    fn bodies_that_are_not_messages_are_told_apart() {
        match decode(b"{\"jsonrpc\": \"2.0\", \"id\": 1, ") {
            Incoming::Malformed { id, code, .. } => {
                assert_eq!(id, Value::Null);
                assert_eq!(code as i32, -32700);
            }
            other => panic!("{other:?}"),
        }
        match decode(br#"{"jsonrpc": "2.0", "id": 8}"#) {
            Incoming::Malformed { id, code, .. } => {
                assert_eq!(id, json!(8));
                assert_eq!(code as i32, -32600);
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            decode(br#"{"jsonrpc": "2.0", "method": "initialized", "params": {}}"#),
            Incoming::Message(Message::Notification(_))
        ));
    }
}
