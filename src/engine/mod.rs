//! The engine: files × rule sets → findings.
//!
//! [`Engine::lint_file`] takes one file's bytes and returns its findings,
//! counts and the small records the cross-document phase needs; it is pure
//! (no filesystem, no printing) and thread-safe, so files are linted in
//! parallel. A file is decoded (`decode`: size cap, UTF-8), parsed, and
//! turned into request candidates by the input layer; each request is then
//! linted (`request`): its provider resolved, the core rules run (duplicate
//! keys, credentials, declared fields), then the rule set's value and
//! request rules (`apply`). Inventories are linted the same way
//! (`inventory`).

mod apply;
mod decode;
mod inventory;
mod request;
mod resources;
mod values;

pub use inventory::InventoryOutcome;

use std::sync::Arc;

use crate::core_rules::credential::Credentials;
use crate::core_rules::{FILE_TOO_LARGE, NOT_A_REQUEST, SYNTAX_ERROR};
use crate::diagnostic::{Diagnostic, Location, Severities, Severity};
use crate::document::{self, Format, SourceFile, Span};
use crate::facts::InventoryFacts;
use crate::input::sniff::looks_like_request;
use crate::input::{request_doc, resource_file, DirectoryContext, Renaming, Role};
use crate::rules::model::RuleSets;
use crate::store::{DocPlace, Form, Spares, Store};
use crate::suppress::InlineSuppression;

/// Default size cap for one file.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// Per-run settings of the engine.
#[derive(Debug, Clone)]
pub struct EngineOptions {
    /// Provider for documents that name none (`--provider`, then the config's).
    pub default_provider: Option<String>,
    pub max_file_size: u64,
    /// Severity overrides by rule id.
    pub severities: Severities,
}

impl Default for EngineOptions {
    fn default() -> Self {
        EngineOptions {
            default_provider: None,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            severities: Severities::default(),
        }
    }
}

/// The findings and counts of one file.
#[derive(Debug, Default)]
pub struct FileOutcome {
    pub file: String,
    pub diagnostics: Vec<Diagnostic>,
    /// Requests linted.
    pub documents: usize,
    /// Documents that are not requests.
    pub skipped: usize,
    /// The source, kept for renderers that show snippets.
    pub source: Option<Arc<SourceFile>>,
    /// Spans of secret values, masked wherever source text is shown.
    pub secrets: Vec<Span>,
    /// The compact records of its requests, for the cross-document phase.
    pub store: Store,
    /// Its inline suppression comments.
    pub suppressions: Vec<InlineSuppression>,
    /// VPC facts the file declares (resource files), kept like an inventory's.
    pub facts: Vec<InventoryFacts>,
    /// How findings on its requests are shown in the file's terms, by
    /// request (resource files; applied to cross-document findings too).
    pub renamings: Vec<(usize, Arc<Renaming>)>,
}

impl FileOutcome {
    /// The file's id in its own store (added on first use, in a store
    /// from `spares`).
    pub fn store_file(&mut self, source: &SourceFile, spares: &Spares) -> u32 {
        if self.store.files.is_empty() {
            self.store = spares.take();
            self.store
                .add_file(&source.name, &source.text, format_of_name(&source.name));
        }
        0
    }
}

/// The format a file is parsed with, by its name (YAML when unknown).
fn format_of_name(name: &str) -> Format {
    Format::from_path(name).unwrap_or(Format::Yaml)
}

/// Runs rule sets over files.
#[derive(Debug)]
pub struct Engine<'r> {
    pub sets: &'r RuleSets,
    pub options: EngineOptions,
    /// The credential shapes of every set: a key of any provider is a leak
    /// in any document.
    credentials: Credentials<'r>,
    /// File stores emptied once merged, for the next files.
    pub spares: Spares,
}

impl<'r> Engine<'r> {
    /// An engine over `sets`.
    pub fn new(sets: &'r RuleSets, options: EngineOptions) -> Engine<'r> {
        let credentials =
            Credentials::new(sets.sets.values().flat_map(|s| &s.credentials).collect());
        Engine {
            sets,
            options,
            credentials,
            spares: Spares::default(),
        }
    }

    /// Lint one file's bytes, found by a walk or named (`Role::Found`: it is
    /// skipped unless it holds requests). `name` is the path as reported.
    pub fn lint_file(&self, name: &str, bytes: Vec<u8>, format: Format) -> FileOutcome {
        self.lint_file_as(name, bytes, format, Role::Found)
    }

    /// Lint one file's bytes in `role`.
    pub fn lint_file_as(
        &self,
        name: &str,
        bytes: Vec<u8>,
        format: Format,
        role: Role,
    ) -> FileOutcome {
        self.lint_file_in(name, bytes, format, role, None)
    }

    /// Lint one file's bytes in `role`, with what the other files of its
    /// directory define (resource files; `None`: the file alone, and its
    /// declared VPC facts go into its outcome).
    pub fn lint_file_in(
        &self,
        name: &str,
        bytes: Vec<u8>,
        format: Format,
        role: Role,
        context: Option<&DirectoryContext>,
    ) -> FileOutcome {
        let mut out = FileOutcome {
            file: name.to_owned(),
            ..FileOutcome::default()
        };
        match self.decode(name, bytes) {
            Ok(source) => self.lint_source(source, format, role, context, &mut out),
            // A file too large or not UTF-8 is a finding in a request file;
            // another tool's (a binary, a data dump) is skipped.
            Err(stopped)
                if role == Role::Found && !looks_like_request(&stopped.0.text, self.sets) =>
            {
                out.skipped += 1;
            }
            Err(stopped) => {
                let (source, finding) = *stopped;
                // An oversized file's start was only read to recognise it:
                // unparsed, it could hold secrets no rule masked.
                out.source = Some(if finding.code == FILE_TOO_LARGE.id {
                    Arc::new(SourceFile::new(name, String::new()))
                } else {
                    source
                });
                out.diagnostics.push(finding);
            }
        }
        out
    }

    /// Lint a decoded request file into `out`.
    fn lint_source(
        &self,
        source: Arc<SourceFile>,
        format: Format,
        role: Role,
        context: Option<&DirectoryContext>,
        out: &mut FileOutcome,
    ) {
        if format == Format::Yaml {
            return self.lint_stream(source, role, out);
        }
        let parsed = document::parse(&source.text, format);
        if let Some(kind) = resource_file(&source.name, format, &parsed) {
            return self.lint_resources(source, &parsed, kind, role, context, out);
        }
        // Another tool's file that does not parse (a template, JSON with
        // comments) is skipped; a request file's syntax error is a finding.
        if !parsed.errors.is_empty()
            && role == Role::Found
            && !looks_like_request(&source.text, self.sets)
        {
            out.skipped += 1;
            return;
        }
        let file: Arc<str> = Arc::from(source.name.as_str());
        let candidates = request_doc::candidates(
            &parsed,
            &source,
            self.sets,
            role,
            self.options.default_provider.as_deref(),
        );
        self.lint_candidates(&source, &file, candidates, 0, out);
        self.finish_source(source, format, &parsed, out);
    }

    /// Lint a YAML stream document by document: each document's tree is
    /// dropped once its requests are linted, so a stream of any length
    /// holds one tree at a time.
    fn lint_stream(&self, source: Arc<SourceFile>, role: Role, out: &mut FileOutcome) {
        let file: Arc<str> = Arc::from(source.name.as_str());
        let mut work = FileOutcome {
            file: out.file.clone(),
            ..FileOutcome::default()
        };
        let (mut index, mut seen_broken) = (0, 0);
        let parsed =
            document::parse_each(&source.text, Format::Yaml, &mut |root, start, broken| {
                let _alive = document::trees::Alive::new();
                // A document broken by a syntax error still takes its index.
                index += broken - seen_broken;
                seen_broken = broken;
                let mut candidates = request_doc::Candidates::default();
                request_doc::document_candidates(
                    &root,
                    &mut index,
                    &source,
                    self.sets,
                    role,
                    self.options.default_provider.as_deref(),
                    &mut candidates,
                );
                self.lint_candidates(&source, &file, candidates, start, &mut work);
            });
        // Another tool's file that does not parse (a template) is skipped;
        // a request file's syntax error is a finding.
        if !parsed.errors.is_empty()
            && role == Role::Found
            && !looks_like_request(&source.text, self.sets)
        {
            out.skipped += 1;
            return;
        }
        *out = work;
        self.finish_source(source, Format::Yaml, &parsed, out);
    }

    /// Lint the candidates of one document (starting at `doc_start`).
    fn lint_candidates(
        &self,
        source: &SourceFile,
        file: &Arc<str>,
        candidates: request_doc::Candidates<'_>,
        doc_start: usize,
        out: &mut FileOutcome,
    ) {
        out.skipped += candidates.skipped;
        for (document, span, why) in &candidates.not_requests {
            let mut d = Diagnostic::new(
                source.name.clone(),
                NOT_A_REQUEST.id,
                Severity::Error,
                format!("this document is not a request: {why}"),
                Location::resolve(source, *span),
            );
            d.document = Some(*document);
            d.help = Some(
                "the config declares this a request file (`include`): write a request here, or leave the file out of `include`".to_owned(),
            );
            if let Some(severity) = NOT_A_REQUEST.severity_in(&self.options.severities) {
                d.severity = severity;
                out.diagnostics.push(d);
            }
        }
        for candidate in &candidates.requests {
            out.documents += 1;
            let (mut diagnostics, facts) =
                self.lint_request(source, file, candidate, &mut out.secrets);
            out.diagnostics.append(&mut diagnostics);
            if let Some(facts) = facts {
                let id = out.store_file(source, &self.spares);
                out.store.push_request(
                    id,
                    &facts,
                    DocPlace {
                        doc_start,
                        root_start: candidate.root.span.start,
                        form: if candidate.params_pointer.is_empty() {
                            Form::Raw
                        } else {
                            Form::Full
                        },
                        derivable: true,
                    },
                );
            }
        }
    }

    /// The file-level findings (syntax errors), suppression comments and
    /// order of a linted request file.
    fn finish_source(
        &self,
        source: Arc<SourceFile>,
        format: Format,
        parsed: &document::ParsedStream,
        out: &mut FileOutcome,
    ) {
        for error in &parsed.errors {
            let message = format!("{} syntax error: {}", format_name(format), error.message);
            out.diagnostics
                .push(self.file_finding(&source, &SYNTAX_ERROR, message, error.span));
        }
        out.suppressions = crate::suppress::inline_suppressions(&source, &parsed.comments);
        out.diagnostics.sort_by(|a, b| {
            (a.location.span.start, &a.code, a.location.span.end).cmp(&(
                b.location.span.start,
                &b.code,
                b.location.span.end,
            ))
        });
        // Kept for snippets: findings of the cross-document phase may land
        // in any file with a request. Only the text is kept, not the trees.
        if !out.diagnostics.is_empty() || !out.suppressions.is_empty() || out.documents > 0 {
            out.source = Some(source);
        }
    }

    /// A finding about the file as a whole (syntax, size, encoding).
    fn file_finding(
        &self,
        source: &SourceFile,
        rule: &crate::core_rules::CoreRule,
        message: String,
        span: Span,
    ) -> Diagnostic {
        let mut d = Diagnostic::new(
            source.name.clone(),
            rule.id,
            Severity::Error,
            message,
            Location::resolve(source, span),
        );
        d.help = Some(if rule.id == FILE_TOO_LARGE.id {
            "split the file, or raise the cap with --max-file-size".to_owned()
        } else {
            "fix the syntax at this position; nothing after it in this document was checked"
                .to_owned()
        });
        d
    }
}

/// The name of a format in messages.
fn format_name(format: Format) -> &'static str {
    match format {
        Format::Yaml => "YAML",
        Format::Json => "JSON",
        Format::Hcl => "HCL",
    }
}
