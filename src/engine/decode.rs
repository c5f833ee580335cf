//! Decoding a file's bytes: the size cap and UTF-8. A file that fails
//! either is one finding and is not parsed.

use std::sync::Arc;

use super::Engine;
use crate::core_rules::{FILE_TOO_LARGE, SYNTAX_ERROR};
use crate::diagnostic::Diagnostic;
use crate::document::{SourceFile, Span};

/// How much of an oversized file is kept to tell whether it is a request file.
const HEAD: usize = 64 * 1024;

/// A decoded file, or the finding that stops it (with an empty or partial source).
pub(super) type Decoded = Result<Arc<SourceFile>, Box<(Arc<SourceFile>, Diagnostic)>>;

impl Engine<'_> {
    /// The file's text, or the finding that stops it (size cap, invalid UTF-8).
    pub(super) fn decode(&self, name: &str, bytes: Vec<u8>) -> Decoded {
        // Positions are kept in 32 bits: no configured cap goes past 4 GiB.
        let cap = self.options.max_file_size.min(u64::from(u32::MAX));
        if bytes.len() as u64 > cap {
            // The start of the text is kept: it tells a request file (whose
            // size is a finding) from another tool's data.
            let head = &bytes[..bytes.len().min(HEAD)];
            let valid = match std::str::from_utf8(head) {
                Ok(text) => text,
                Err(e) => std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or_default(),
            };
            let source = Arc::new(SourceFile::new(name, valid.to_owned()));
            let finding = self.file_finding(
                &source,
                &FILE_TOO_LARGE,
                format!(
                    "the file is {} bytes, over the {}-byte size cap; it is not parsed",
                    bytes.len(),
                    cap
                ),
                Span::default(),
            );
            return Err(Box::new((source, finding)));
        }
        match String::from_utf8(bytes) {
            Ok(text) => Ok(Arc::new(SourceFile::new(name, text))),
            Err(error) => {
                let valid = error.utf8_error().valid_up_to();
                let mut bytes = error.into_bytes();
                bytes.truncate(valid);
                let source = Arc::new(SourceFile::new(
                    name,
                    String::from_utf8(bytes).unwrap_or_default(),
                ));
                let finding = self.file_finding(
                    &source,
                    &SYNTAX_ERROR,
                    format!("the file is not valid UTF-8 (first invalid byte at offset {valid}); it is not parsed"),
                    Span::new(valid, valid),
                );
                Err(Box::new((source, finding)))
            }
        }
    }
}
