//! The server loop: the protocol's lifecycle, open buffers, projects, and
//! publishing diagnostics.
//!
//! Messages are handled in order. Notifications that change text only
//! record it; after every batch of messages that arrived together, the
//! changed buffers are linted, each changed project's report is built
//! again, and diagnostics are published for every file whose findings (or,
//! for an open buffer, whose version) changed — an empty list for a file
//! that has none any more. Requests that read findings (code actions,
//! hover) bring them up to date first.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{self, BufRead, Write};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{self as note, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionParams, CodeActionProviderCapability,
    DiagnosticSeverity, DidChangeTextDocumentParams, DidChangeWatchedFilesParams,
    DidChangeWatchedFilesRegistrationOptions, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, FileChangeType, FileSystemWatcher,
    GlobPattern, Hover, HoverContents, HoverParams, HoverProviderCapability, InitializeParams,
    InitializeResult, LogMessageParams, MarkupContent, MarkupKind, MessageType,
    PublishDiagnosticsParams, Registration, RegistrationParams, ServerCapabilities, ServerInfo,
    ShowMessageParams, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, Uri,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::actions::{self, Buffer, Style, FIX_ALL};
use super::convert::{self, Encoding};
use super::hover;
use super::project::{panic_message, Key, Project};
use super::transport::{self, Incoming};
use crate::config;
use crate::diagnostic::Diagnostic;
use crate::document::{LineIndex, Location};
use crate::paths::{file_uri, normalize};

/// How the server is started.
#[derive(Debug, Clone, Default)]
pub struct ServeOptions {
    /// The directory the server runs in: the root for documents outside
    /// every workspace folder the client names.
    pub root: PathBuf,
}

/// Serve LSP on `input` and `output` until `exit` or the end of the input.
/// Returns the process's exit code: 0 after `shutdown` then `exit`, 1 when
/// the input ends or `exit` comes without `shutdown`.
pub fn serve(
    input: Box<dyn BufRead + Send>,
    output: &mut dyn Write,
    options: ServeOptions,
) -> io::Result<i32> {
    let receiver = transport::spawn_reader(input)?;
    let mut server = Server::new(output, options);
    loop {
        let Ok(first) = receiver.recv() else {
            return Ok(server.exit_code());
        };
        if let Some(code) = server.handle(first)? {
            return Ok(code);
        }
        // Everything that has arrived meanwhile, before linting again.
        while let Ok(next) = receiver.try_recv() {
            if let Some(code) = server.handle(next)? {
                return Ok(code);
            }
        }
        server.publish()?;
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Uninitialized,
    Running,
    ShutDown,
}

/// What the client said it can do.
#[derive(Debug, Default)]
struct Client {
    related_information: bool,
    versioned_edits: bool,
    watch_files: bool,
    markdown: bool,
}

/// An open buffer.
struct Doc {
    uri: Uri,
    version: i32,
    text: String,
    project: Key,
    /// Its name as reported (relative to the project's root), or its URI.
    name: String,
    /// It has a path (`file:` URI).
    on_disk: bool,
    /// Its text changed since it was last linted.
    changed: bool,
}

/// What was last published for a URI: the project it belongs to, the
/// buffer's version, and the findings (compared before converting again).
struct Published {
    project: Key,
    version: Option<i32>,
    findings: Vec<Diagnostic>,
}

/// An error answer to a request.
type Failure = (ErrorCode, String);

struct Server<'o> {
    out: &'o mut dyn Write,
    options: ServeOptions,
    state: State,
    encoding: Encoding,
    client: Client,
    folders: Vec<PathBuf>,
    projects: BTreeMap<Key, Project>,
    docs: HashMap<String, Doc>,
    published: HashMap<String, Published>,
    next_id: i32,
}

/// `params` as `P`, or an "invalid params" failure.
fn params<P: DeserializeOwned>(params: Value) -> Result<P, Failure> {
    serde_json::from_value(params).map_err(|e| (ErrorCode::InvalidParams, e.to_string()))
}

/// The path of a `file:` URI.
pub fn uri_path(uri: &Uri) -> Option<PathBuf> {
    let text = uri.as_str();
    let rest = text.strip_prefix("file://")?;
    // `file://host/path` is not a local file; `file:///path` is.
    let path = rest.strip_prefix('/').map(|p| format!("/{p}"))?;
    let path = path.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path)?;
    // `file:///C:/dir` on Windows.
    let decoded = match decoded.as_bytes() {
        [b'/', drive, b':', ..] if drive.is_ascii_alphabetic() => decoded[1..].to_owned(),
        _ => decoded,
    };
    Some(normalize(Path::new(&decoded)))
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The URI of an absolute path.
fn path_uri(path: &Path) -> Option<Uri> {
    file_uri(path).parse().ok()
}

impl<'o> Server<'o> {
    fn new(out: &'o mut dyn Write, options: ServeOptions) -> Server<'o> {
        Server {
            out,
            options,
            state: State::Uninitialized,
            encoding: Encoding::Utf16,
            client: Client::default(),
            folders: Vec::new(),
            projects: BTreeMap::new(),
            docs: HashMap::new(),
            published: HashMap::new(),
            next_id: 0,
        }
    }

    fn exit_code(&self) -> i32 {
        i32::from(self.state != State::ShutDown)
    }

    fn send(&mut self, message: Message) -> io::Result<()> {
        transport::write_message(self.out, &message)
    }

    fn notify<N: lsp_types::notification::Notification>(
        &mut self,
        params: N::Params,
    ) -> io::Result<()> {
        self.send(Message::Notification(Notification::new(
            N::METHOD.to_owned(),
            params,
        )))
    }

    fn log(&mut self, typ: MessageType, message: String) -> io::Result<()> {
        self.notify::<note::LogMessage>(LogMessageParams { typ, message })
    }

    /// Handle one incoming message; `Some(code)` ends the server.
    fn handle(&mut self, incoming: Incoming) -> io::Result<Option<i32>> {
        match incoming {
            Incoming::Closed => Ok(Some(self.exit_code())),
            Incoming::Malformed { id, code, message } => {
                transport::write_error(self.out, id, code, &message)?;
                Ok(None)
            }
            Incoming::Message(Message::Request(request)) => {
                self.request(request)?;
                Ok(None)
            }
            Incoming::Message(Message::Notification(notification)) => {
                self.notification(notification)
            }
            // Answers to our own requests (registrations): nothing to do.
            Incoming::Message(Message::Response(_)) => Ok(None),
        }
    }

    fn request(&mut self, request: Request) -> io::Result<()> {
        let id: RequestId = request.id.clone();
        let answer = match (self.state, request.method.as_str()) {
            (State::Uninitialized, req::Initialize::METHOD) => self.catching(|s| {
                let p: InitializeParams = params(request.params)?;
                Ok(serde_json::to_value(s.initialize(p)).unwrap_or_default())
            }),
            (State::Uninitialized, _) => Err((
                ErrorCode::ServerNotInitialized,
                "the server is not initialized: send `initialize` first".to_owned(),
            )),
            (_, req::Initialize::METHOD) => Err((
                ErrorCode::InvalidRequest,
                "`initialize` was already received".to_owned(),
            )),
            (State::ShutDown, _) => Err((
                ErrorCode::InvalidRequest,
                "the server is shutting down: only `exit` is accepted".to_owned(),
            )),
            (State::Running, req::Shutdown::METHOD) => {
                self.state = State::ShutDown;
                Ok(Value::Null)
            }
            (State::Running, req::CodeActionRequest::METHOD) => self.catching(|s| {
                let p: CodeActionParams = params(request.params)?;
                s.code_action(p)
            }),
            (State::Running, req::HoverRequest::METHOD) => self.catching(|s| {
                let p: HoverParams = params(request.params)?;
                s.hover(p)
            }),
            (State::Running, method) => Err((
                ErrorCode::MethodNotFound,
                format!("unknown method `{method}`"),
            )),
        };
        let response = match answer {
            Ok(result) => Response::new_ok(id, result),
            Err((code, message)) => Response::new_err(id, code as i32, message),
        };
        self.send(Message::Response(response))
    }

    /// Run a request's handler; a panic is an internal error, not the end
    /// of the server.
    fn catching(
        &mut self,
        handler: impl FnOnce(&mut Self) -> Result<Value, Failure>,
    ) -> Result<Value, Failure> {
        match panic::catch_unwind(AssertUnwindSafe(|| handler(self))) {
            Ok(answer) => answer,
            Err(payload) => Err((
                ErrorCode::InternalError,
                format!("peerlint failed: {}", panic_message(payload.as_ref())),
            )),
        }
    }

    fn notification(&mut self, notification: Notification) -> io::Result<Option<i32>> {
        let method = notification.method.as_str();
        if method == note::Exit::METHOD {
            return Ok(Some(self.exit_code()));
        }
        if self.state != State::Running {
            return Ok(None);
        }
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| -> io::Result<()> {
            let p = notification.params;
            let parsed = |r: Result<(), Failure>| r.err().map(|(_, why)| why);
            let invalid = match method {
                note::Initialized::METHOD => {
                    self.initialized()?;
                    None
                }
                note::DidOpenTextDocument::METHOD => parsed(params(p).map(|p| self.did_open(p))),
                note::DidChangeTextDocument::METHOD => {
                    parsed(params(p).map(|p| self.did_change(p)))
                }
                note::DidCloseTextDocument::METHOD => parsed(params(p).map(|p| self.did_close(p))),
                note::DidSaveTextDocument::METHOD => parsed(params(p).map(|p| self.did_save(p))),
                note::DidChangeWatchedFiles::METHOD => {
                    parsed(params(p).map(|p| self.did_change_watched_files(p)))
                }
                _ => None,
            };
            if let Some(why) = invalid {
                self.log(
                    MessageType::ERROR,
                    format!("peerlint: bad `{method}` notification: {why}"),
                )?;
            }
            Ok(())
        }));
        match outcome {
            Ok(written) => written?,
            Err(payload) => self.log(
                MessageType::ERROR,
                format!(
                    "peerlint failed on `{method}`: {}",
                    panic_message(payload.as_ref())
                ),
            )?,
        }
        Ok(None)
    }

    #[allow(deprecated)] // `root_uri` and `root_path`: older clients send only these.
    fn initialize(&mut self, p: InitializeParams) -> InitializeResult {
        let caps = &p.capabilities;
        self.encoding = Encoding::negotiate(
            caps.general
                .as_ref()
                .and_then(|g| g.position_encodings.as_deref()),
        );
        let text = caps.text_document.as_ref();
        self.client = Client {
            related_information: text
                .and_then(|t| t.publish_diagnostics.as_ref())
                .and_then(|d| d.related_information)
                .unwrap_or(false),
            versioned_edits: caps
                .workspace
                .as_ref()
                .and_then(|w| w.workspace_edit.as_ref())
                .and_then(|e| e.document_changes)
                .unwrap_or(false),
            watch_files: caps
                .workspace
                .as_ref()
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
            markdown: text
                .and_then(|t| t.hover.as_ref())
                .and_then(|h| h.content_format.as_ref())
                .is_some_and(|f| f.contains(&MarkupKind::Markdown)),
        };
        self.folders = match (&p.workspace_folders, &p.root_uri, &p.root_path) {
            (Some(folders), _, _) => folders.iter().filter_map(|f| uri_path(&f.uri)).collect(),
            (None, Some(uri), _) => uri_path(uri).into_iter().collect(),
            (None, None, Some(path)) => vec![normalize(Path::new(path))],
            _ => Vec::new(),
        };
        self.state = State::Running;
        InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(self.encoding.kind()),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                        ..TextDocumentSyncOptions::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![
                            CodeActionKind::QUICKFIX,
                            CodeActionKind::from(FIX_ALL),
                        ]),
                        resolve_provider: Some(false),
                        ..CodeActionOptions::default()
                    },
                )),
                ..ServerCapabilities::default()
            },
            server_info: Some(ServerInfo {
                name: "peerlint".to_owned(),
                version: Some(env!("CARGO_PKG_VERSION").to_owned()),
            }),
        }
    }

    /// Watch the files a project reads, then read the workspace folders.
    fn initialized(&mut self) -> io::Result<()> {
        if self.client.watch_files {
            let options = DidChangeWatchedFilesRegistrationOptions {
                watchers: ["**/*.{yaml,yml,json,tf}", "**/.peerlint.yaml"]
                    .iter()
                    .map(|glob| FileSystemWatcher {
                        glob_pattern: GlobPattern::String((*glob).to_owned()),
                        kind: None,
                    })
                    .collect(),
            };
            let registration = RegistrationParams {
                registrations: vec![Registration {
                    id: "peerlint-watched-files".to_owned(),
                    method: note::DidChangeWatchedFiles::METHOD.to_owned(),
                    register_options: serde_json::to_value(options).ok(),
                }],
            };
            self.next_id += 1;
            let id = RequestId::from(format!("peerlint-{}", self.next_id));
            self.send(Message::Request(Request::new(
                id,
                req::RegisterCapability::METHOD.to_owned(),
                registration,
            )))?;
        }
        for folder in self.folders.clone() {
            let key = (folder.clone(), config::discover(&folder));
            self.project(&key)?;
        }
        Ok(())
    }

    /// The project `key`, loaded (and its folder read) on first use. Setup
    /// problems are shown to the user.
    fn project(&mut self, key: &Key) -> io::Result<&mut Project> {
        if !self.projects.contains_key(key) {
            let mut project = Project::load(key.clone());
            if self.folders.contains(&key.0) {
                project.scan();
            }
            let errors: Vec<String> = project
                .setup
                .errors
                .iter()
                .map(|e| match &e.location {
                    Some(l) => format!(
                        "{}:{}:{}: {}",
                        e.file, l.start.line, l.start.column, e.message
                    ),
                    None => format!("{}: {}", e.file, e.message),
                })
                .collect();
            if let Some(first) = errors.first() {
                let more = match errors.len() {
                    1 => String::new(),
                    n => format!(" (and {} more problems: see the log)", n - 1),
                };
                self.notify::<note::ShowMessage>(ShowMessageParams {
                    typ: MessageType::WARNING,
                    message: format!("peerlint: {first}{more}"),
                })?;
                for error in &errors {
                    self.log(MessageType::WARNING, format!("peerlint: {error}"))?;
                }
            }
            self.projects.insert(key.clone(), project);
        }
        Ok(self.projects.get_mut(key).expect("inserted above"))
    }

    /// The project of a file at `path` (`None`: an unsaved buffer): the
    /// workspace folder it is in (else the directory the server runs in,
    /// else its own directory) and the config found upward from it.
    fn key_for(&self, path: Option<&Path>) -> Key {
        let folder = path.and_then(|p| {
            self.folders
                .iter()
                .filter(|f| p.starts_with(f))
                .max_by_key(|f| f.components().count())
                .cloned()
        });
        let root = folder
            .or_else(|| {
                path.filter(|p| p.starts_with(&self.options.root))
                    .map(|_| self.options.root.clone())
            })
            .or_else(|| path.and_then(Path::parent).map(Path::to_path_buf))
            .unwrap_or_else(|| self.options.root.clone());
        let from = path.and_then(Path::parent).unwrap_or(&root).to_path_buf();
        (root, config::discover(&from))
    }

    fn did_open(&mut self, p: DidOpenTextDocumentParams) {
        let document = p.text_document;
        let path = uri_path(&document.uri);
        let key = self.key_for(path.as_deref());
        let Ok(project) = self.project(&key) else {
            return;
        };
        let name = match &path {
            Some(path) => project.name_of(path),
            None => document.uri.as_str().to_owned(),
        };
        self.docs.insert(
            document.uri.as_str().to_owned(),
            Doc {
                uri: document.uri,
                version: document.version,
                text: document.text,
                project: key,
                name,
                on_disk: path.is_some(),
                changed: true,
            },
        );
    }

    fn did_change(&mut self, p: DidChangeTextDocumentParams) {
        let encoding = self.encoding;
        let Some(doc) = self.docs.get_mut(p.text_document.uri.as_str()) else {
            return;
        };
        for change in p.content_changes {
            match change.range {
                Some(range) => {
                    let lines = LineIndex::new(&doc.text);
                    let start = convert::offset(&doc.text, &lines, range.start, encoding);
                    let end = convert::offset(&doc.text, &lines, range.end, encoding);
                    doc.text
                        .replace_range(start.min(end)..end.max(start), &change.text);
                }
                None => doc.text = change.text,
            }
        }
        doc.version = p.text_document.version;
        doc.changed = true;
    }

    fn did_close(&mut self, p: DidCloseTextDocumentParams) {
        let Some(doc) = self.docs.remove(p.text_document.uri.as_str()) else {
            return;
        };
        if let Some(project) = self.projects.get_mut(&doc.project) {
            project.close(&doc.name, doc.on_disk);
        }
    }

    fn did_save(&mut self, p: DidSaveTextDocumentParams) {
        if let Some(path) = uri_path(&p.text_document.uri) {
            if self.changes_setup(&path) {
                self.reload();
            }
        }
    }

    /// Whether `path` is a config or a rule file (a new `.peerlint.yaml`
    /// anywhere counts: documents may belong to it now).
    fn changes_setup(&self, path: &Path) -> bool {
        path.file_name().is_some_and(|n| n == config::FILE_NAME)
            || self.projects.values().any(|p| p.is_setup_file(path))
    }

    fn did_change_watched_files(&mut self, p: DidChangeWatchedFilesParams) {
        let mut reload = false;
        for change in p.changes {
            let Some(path) = uri_path(&change.uri) else {
                continue;
            };
            if self.changes_setup(&path) {
                reload = true;
                continue;
            }
            if self.docs.contains_key(change.uri.as_str()) {
                // The open buffer stands in for the file.
                continue;
            }
            let key = self.key_for(Some(&path));
            let Some(project) = self.projects.get_mut(&key) else {
                continue;
            };
            let name = project.name_of(&path);
            // A request file of a folder read at start, or one that is gone;
            // an inventory wherever it is.
            let request_file = crate::document::Format::from_path(&name).is_some()
                && (change.typ == FileChangeType::DELETED || self.folders.contains(&key.0));
            if project.is_inventory(&name) || request_file {
                project.disk_changed(&name);
            }
        }
        if reload {
            self.reload();
        }
    }

    /// Set every project up again (a config or rule file changed): the
    /// folders are read again and the open buffers linted again.
    fn reload(&mut self) {
        self.projects.clear();
        let folders = self.folders.clone();
        for folder in folders {
            let key = (folder.clone(), config::discover(&folder));
            let _ = self.project(&key);
        }
        let uris: Vec<String> = self.docs.keys().cloned().collect();
        for uri in uris {
            let Some(doc) = self.docs.get(&uri) else {
                continue;
            };
            let path = uri_path(&doc.uri);
            let key = self.key_for(path.as_deref());
            let Ok(project) = self.project(&key) else {
                continue;
            };
            let name = match &path {
                Some(path) => project.name_of(path),
                None => uri.clone(),
            };
            if let Some(doc) = self.docs.get_mut(&uri) {
                doc.project = key;
                doc.name = name;
                doc.changed = true;
            }
        }
    }

    /// Lint the changed buffers and build the changed projects' reports
    /// again.
    fn refresh(&mut self) -> io::Result<()> {
        for doc in self.docs.values_mut().filter(|d| d.changed) {
            doc.changed = false;
            if let Some(project) = self.projects.get_mut(&doc.project) {
                project.set_text(&doc.name, doc.text.clone().into_bytes(), doc.on_disk);
            }
        }
        let mut failures = Vec::new();
        for project in self.projects.values_mut().filter(|p| p.dirty) {
            if let Err(why) = project.refresh() {
                failures.push(why);
            }
        }
        for why in failures {
            self.log(
                MessageType::ERROR,
                format!("peerlint failed to build a report: {why}"),
            )?;
        }
        Ok(())
    }

    /// The URI of file `name` of project `key`: the open buffer's, else the
    /// file's path under the root.
    fn uri_of(&self, key: &Key, name: &str) -> Option<Uri> {
        self.docs
            .values()
            .find(|d| d.project == *key && d.name == name)
            .map(|d| d.uri.clone())
            .or_else(|| {
                let path = key.0.join(name);
                path.is_absolute().then(|| path_uri(&path)).flatten()
            })
    }

    /// Bring findings up to date and publish what changed: every file of a
    /// project with a new report whose findings differ from those last
    /// published (and every open buffer whose version does), an empty list
    /// for a file that has none any more, and for the files of projects
    /// that are gone.
    fn publish(&mut self) -> io::Result<()> {
        self.refresh()?;
        let mut sends: Vec<(Option<Key>, PublishDiagnosticsParams, Vec<Diagnostic>)> = Vec::new();
        let keys: Vec<Key> = self
            .projects
            .iter()
            .filter(|(_, p)| p.unpublished)
            .map(|(k, _)| k.clone())
            .collect();
        for key in &keys {
            let Some(project) = self.projects.get(key) else {
                continue;
            };
            let uri_of = |file: &str| self.uri_of(key, file);
            let cx = convert::Context {
                encoding: self.encoding,
                sources: &project.sources,
                uri_of: &uri_of,
                related_information: self.client.related_information,
            };
            let mut seen: HashSet<String> = HashSet::new();
            let names = project
                .findings
                .keys()
                .chain(project.failed.keys())
                .chain(
                    self.docs
                        .values()
                        .filter(|d| d.project == *key)
                        .map(|d| &d.name),
                )
                .collect::<std::collections::BTreeSet<&String>>();
            for name in names {
                let Some(uri) = uri_of(name) else {
                    continue;
                };
                let text = uri.as_str().to_owned();
                seen.insert(text.clone());
                let findings = project.findings.get(name).cloned().unwrap_or_default();
                let failed = project.failed.get(name);
                let version = self.docs.get(&text).map(|d| d.version);
                let same = failed.is_none()
                    && self.published.get(&text).is_some_and(|p| {
                        p.project == *key && p.version == version && p.findings == findings
                    });
                if same {
                    continue;
                }
                let mut diagnostics: Vec<lsp_types::Diagnostic> = findings
                    .iter()
                    .map(|d| convert::diagnostic(d, &cx))
                    .collect();
                if let Some(why) = failed {
                    diagnostics.push(lsp_types::Diagnostic {
                        range: convert::location_range(&Location::default(), None, self.encoding),
                        severity: Some(DiagnosticSeverity::ERROR),
                        source: Some("peerlint".to_owned()),
                        message: format!("peerlint could not lint this file (an internal error: {why}); the rest of the workspace is linted"),
                        ..lsp_types::Diagnostic::default()
                    });
                }
                sends.push((
                    Some(key.clone()),
                    PublishDiagnosticsParams {
                        uri,
                        diagnostics,
                        version,
                    },
                    findings,
                ));
            }
            // Files of this project that have no findings any more.
            for (text, p) in &self.published {
                if p.project == *key && !seen.contains(text) {
                    if let Ok(uri) = text.parse::<Uri>() {
                        sends.push((
                            None,
                            PublishDiagnosticsParams::new(uri, Vec::new(), None),
                            Vec::new(),
                        ));
                    }
                }
            }
        }
        // Files of projects that are gone (set up again).
        for (text, p) in &self.published {
            if !self.projects.contains_key(&p.project) {
                if let Ok(uri) = text.parse::<Uri>() {
                    sends.push((
                        None,
                        PublishDiagnosticsParams::new(uri, Vec::new(), None),
                        Vec::new(),
                    ));
                }
            }
        }
        for key in keys {
            if let Some(project) = self.projects.get_mut(&key) {
                project.unpublished = false;
            }
        }
        // A file that moved to another project is published there, not
        // emptied.
        let published_now: HashSet<String> = sends
            .iter()
            .filter(|(project, _, _)| project.is_some())
            .map(|(_, send, _)| send.uri.as_str().to_owned())
            .collect();
        sends.retain(|(project, send, _)| {
            project.is_some() || !published_now.contains(send.uri.as_str())
        });
        sends.dedup_by(|a, b| a.0.is_none() && b.0.is_none() && a.1.uri == b.1.uri);
        for (project, send, findings) in sends {
            let text = send.uri.as_str().to_owned();
            match project {
                Some(project) => {
                    self.published.insert(
                        text,
                        Published {
                            project,
                            version: send.version,
                            findings,
                        },
                    );
                }
                None => {
                    self.published.remove(&text);
                }
            }
            self.notify::<note::PublishDiagnostics>(send)?;
        }
        Ok(())
    }

    fn code_action(&mut self, p: CodeActionParams) -> Result<Value, Failure> {
        self.refresh()
            .map_err(|e| (ErrorCode::InternalError, e.to_string()))?;
        let Some(doc) = self.docs.get(p.text_document.uri.as_str()) else {
            return Ok(Value::Array(Vec::new()));
        };
        let Some(project) = self.projects.get(&doc.project) else {
            return Ok(Value::Array(Vec::new()));
        };
        let key = doc.project.clone();
        let uri_of = |file: &str| self.uri_of(&key, file);
        let cx = convert::Context {
            encoding: self.encoding,
            sources: &project.sources,
            uri_of: &uri_of,
            related_information: self.client.related_information,
        };
        let to_lsp = |d: &Diagnostic| convert::diagnostic(d, &cx);
        let style = Style {
            encoding: self.encoding,
            versioned: self.client.versioned_edits,
            diagnostic: &to_lsp,
        };
        let buffer = Buffer {
            uri: &doc.uri,
            version: doc.version,
            name: &doc.name,
            text: &doc.text,
            on_disk: doc.on_disk,
        };
        let list =
            actions::code_actions(project, &buffer, p.range, p.context.only.as_deref(), &style);
        Ok(serde_json::to_value(list).unwrap_or_default())
    }

    fn hover(&mut self, p: HoverParams) -> Result<Value, Failure> {
        self.refresh()
            .map_err(|e| (ErrorCode::InternalError, e.to_string()))?;
        let at = p.text_document_position_params;
        let Some(doc) = self.docs.get(at.text_document.uri.as_str()) else {
            return Ok(Value::Null);
        };
        let Some(project) = self.projects.get(&doc.project) else {
            return Ok(Value::Null);
        };
        let source = crate::document::SourceFile::new(doc.name.clone(), doc.text.clone());
        let offset = convert::offset(&source.text, source.lines(), at.position, self.encoding);
        let Some((text, span)) = hover::hover(project, &doc.name, &doc.text, offset) else {
            return Ok(Value::Null);
        };
        let hover = Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: if self.client.markdown {
                    MarkupKind::Markdown
                } else {
                    MarkupKind::PlainText
                },
                value: text,
            }),
            range: Some(convert::range(&source, span, self.encoding)),
        };
        Ok(serde_json::to_value(hover).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_in_a_handler_is_an_internal_error() {
        let mut out: Vec<u8> = Vec::new();
        let mut server = Server::new(&mut out, ServeOptions::default());
        let answer = server.catching(|_| panic!("boom"));
        let (code, message) = answer.expect_err("an error");
        assert_eq!(code as i32, ErrorCode::InternalError as i32);
        assert!(message.contains("boom"), "{message}");
        // The server is still usable.
        assert_eq!(server.catching(|_| Ok(Value::Null)).ok(), Some(Value::Null));
    }

    #[test]
    fn file_uris_become_paths() {
        let uri: Uri = "file:///tmp/a%20b/%E5%90%8D.yaml".parse().expect("a URI");
        assert_eq!(uri_path(&uri), Some(PathBuf::from("/tmp/a b/名.yaml")));
        let untitled: Uri = "untitled:Untitled-1".parse().expect("a URI");
        assert_eq!(uri_path(&untitled), None);
        let path = PathBuf::from("/tmp/a b/c.yaml");
        let uri = path_uri(&path).expect("a URI");
        assert_eq!(uri_path(&uri), Some(path));
    }
}
