//! The engine: documents × rule sets → diagnostics.
//!
//! [`Engine::lint_bytes`] takes one file's bytes and returns its findings and
//! counts; it is pure and thread-safe, so files are linted in parallel. For
//! each request the engine resolves the provider, runs the engine rules
//! (syntax, duplicate keys, required parameters, types, YAML traps, unknown
//! names, credentials, hidden characters), then the rule set's field rules
//! and request (cross-field) rules. Inventories are in `inventory`, the
//! document-level engine rules in `document_rules`, and the collector that
//! turns findings into diagnostics in `sink`.

mod document_rules;
mod inventory;
mod sink;

pub use inventory::{InventoryOutcome, INVENTORY_KEYS};

use document_rules::*;
use sink::Sink;

// Fast hashing for the per-request bookkeeping (keys are short, not hostile-chosen).
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::Arc;

use crate::checks::{Check, FieldValue, RequestInput};
use crate::diagnostic::{
    describe_char, escape_for_message, is_bidi_control, is_zero_width, Diagnostic, Location,
    Severity,
};
use crate::document::scalar_map::char_spans;
use crate::document::{self, Format, Node, NodeKind, ScalarStyle, SourceFile, Span};
use crate::engine_rules::*;
use crate::facts::{FactSource, RequestFacts};
use crate::request::{pointer_segment, RequestView};
use crate::rules::model::{Detection, FieldSpec, Registry, RuleSet, ValueType};
use crate::suggest::did_you_mean;

/// Default size cap for one file.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// Keys that hold credentials, matched exactly but case-insensitively.
pub const CREDENTIAL_KEYS: &[&str] = &[
    "SecretId",
    "SecretKey",
    "Signature",
    "Token",
    "accessKey",
    "accessKeyId",
    "secretKey",
    "AccessKeySecret",
    "password",
];

/// Top-level keys of a full-form request.
pub const REQUEST_KEYS: &[&str] = &["provider", "account", "params", "vpcs"];

/// Per-run settings of the engine.
#[derive(Debug, Clone)]
pub struct EngineOptions {
    /// Provider for documents that name none (`--provider`, then the config's).
    pub default_provider: Option<String>,
    pub max_file_size: u64,
    /// Severity overrides by rule id; `None` switches a rule off.
    pub severity: std::collections::HashMap<String, Option<Severity>>,
}

impl EngineOptions {
    /// The effective severity of `code` (`None`: switched off). Syntax errors
    /// and duplicate keys cannot be changed.
    pub fn severity_of(&self, code: &str, default: Severity) -> Option<Severity> {
        let fixed = engine_rule(code).is_some_and(|r| r.fixed);
        match self.severity.get(code) {
            Some(over) if !fixed => *over,
            _ => Some(default),
        }
    }
}

impl Default for EngineOptions {
    fn default() -> Self {
        EngineOptions {
            default_provider: None,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            severity: std::collections::HashMap::new(),
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
    /// The small records of its requests, for the cross-document phase.
    pub requests: Vec<RequestFacts>,
    /// Its inline suppression comments.
    pub suppressions: Vec<crate::suppress::InlineSuppression>,
}

/// Runs rule sets over files.
#[derive(Debug)]
pub struct Engine<'r> {
    pub registry: &'r Registry,
    pub options: EngineOptions,
}

impl<'r> Engine<'r> {
    /// An engine over `registry`.
    pub fn new(registry: &'r Registry, options: EngineOptions) -> Engine<'r> {
        Engine { registry, options }
    }

    /// Lint one file's bytes. `name` is the path as reported.
    pub fn lint_bytes(&self, name: &str, bytes: Vec<u8>, format: Format) -> FileOutcome {
        let mut out = FileOutcome {
            file: name.to_owned(),
            ..FileOutcome::default()
        };
        match self.decode(name, bytes) {
            Ok(source) => self.lint_source(source, format, &mut out),
            Err(stopped) => {
                let (source, finding) = *stopped;
                out.diagnostics.push(finding);
                out.source = Some(source);
            }
        }
        out
    }

    /// The file's text, or the finding that stops it (size cap, invalid UTF-8).
    fn decode(
        &self,
        name: &str,
        bytes: Vec<u8>,
    ) -> Result<Arc<SourceFile>, Box<(Arc<SourceFile>, Diagnostic)>> {
        if bytes.len() as u64 > self.options.max_file_size {
            let source = Arc::new(SourceFile::new(name, String::new()));
            let finding = self.file_finding(
                &source,
                FILE_TOO_LARGE,
                format!(
                    "the file is {} bytes, over the {}-byte size cap; it is not parsed",
                    bytes.len(),
                    self.options.max_file_size
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
                    SYNTAX_ERROR,
                    format!("the file is not valid UTF-8 (first invalid byte at offset {valid}); it is not parsed"),
                    Span::new(valid, valid),
                );
                Err(Box::new((source, finding)))
            }
        }
    }

    /// Lint a decoded source file into `out`.
    pub fn lint_source(&self, source: Arc<SourceFile>, format: Format, out: &mut FileOutcome) {
        let parsed = document::parse(&source.text, format);
        for error in &parsed.errors {
            let message = format!("{} syntax error: {}", format_name(format), error.message);
            out.diagnostics
                .push(self.file_finding(&source, SYNTAX_ERROR, message, error.span));
        }
        out.suppressions = crate::suppress::inline_suppressions(&source, &parsed.comments);
        let file: Arc<str> = Arc::from(source.name.as_str());
        let mut index = 0;
        for (position, root) in parsed.documents.iter().enumerate() {
            // A document broken by a syntax error still takes its index.
            index += parsed.broken.iter().filter(|&&b| b == position).count();
            match &root.kind {
                NodeKind::Sequence(items) => {
                    for item in items {
                        self.lint_candidate(&source, &file, item, index, out);
                        index += 1;
                    }
                }
                NodeKind::Scalar(s) if s.is_null() => {}
                _ => {
                    self.lint_candidate(&source, &file, root, index, out);
                    index += 1;
                }
            }
        }
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

    fn file_finding(
        &self,
        source: &SourceFile,
        code: &str,
        message: String,
        span: Span,
    ) -> Diagnostic {
        Diagnostic {
            file: source.name.clone(),
            document: None,
            provider: None,
            code: code.to_owned(),
            severity: Severity::Error,
            message,
            help: Some(match code {
                FILE_TOO_LARGE => {
                    "split the file, or raise the cap with --max-file-size".to_owned()
                }
                _ => {
                    "fix the syntax at this position; nothing after it in this document was checked"
                        .to_owned()
                }
            }),
            url: None,
            api_error: None,
            pointer: String::new(),
            location: Location::resolve(source, span),
            labels: Vec::new(),
            suppressed: None,
            label: None,
        }
    }

    /// Lint one document or array element if it is a request.
    fn lint_candidate(
        &self,
        source: &SourceFile,
        file: &Arc<str>,
        root: &Node,
        index: usize,
        out: &mut FileOutcome,
    ) {
        let Some(entries) = root.as_mapping() else {
            out.skipped += 1;
            return;
        };
        let full_form = root.get("provider").is_some() || root.get("params").is_some();
        let keys = || entries.iter().filter_map(|e| e.key.as_str());
        if !full_form && matches!(self.registry.detect(keys()), Detection::None) {
            out.skipped += 1;
            return;
        }
        out.documents += 1;
        let mut sink = Sink {
            engine: self,
            source,
            file: Arc::clone(file),
            document: index,
            provider: None,
            cap: None,
            secrets: HashSet::default(),
            out: Vec::new(),
        };
        duplicate_keys(root, &mut sink);
        credentials(root, "", &mut sink, &mut out.secrets);
        if let Some(facts) = self.lint_request(source, root, full_form, &mut sink) {
            out.requests.push(facts);
        }
        out.diagnostics.append(&mut sink.out);
    }

    fn lint_request(
        &self,
        source: &SourceFile,
        root: &Node,
        full_form: bool,
        sink: &mut Sink<'_, '_>,
    ) -> Option<RequestFacts> {
        let first_token = Span::new(
            root.span.start,
            root.span.start + first_token_len(source, root.span.start),
        );
        let (params, params_pointer) = if full_form {
            (root.get("params"), "/params")
        } else {
            (Some(root), "")
        };
        // Provider, in the SPEC's order: document, --provider/config, detection.
        let set: &RuleSet = if let Some(node) = full_form.then(|| root.get("provider")).flatten() {
            let Some(name) = node.as_str() else {
                sink.emit(
                    WRONG_TYPE,
                    format!("provider must be a string, found {}", node.type_name()),
                    None,
                    "/provider",
                    node.span,
                );
                return None;
            };
            match self.registry.get(name) {
                Some(set) => set,
                None => {
                    let known: Vec<&str> = self.registry.providers().collect();
                    let hint = did_you_mean(name, known.iter().copied())
                        .map(|s| format!("did you mean `{s}`? "))
                        .unwrap_or_default();
                    sink.emit(
                        UNKNOWN_PROVIDER,
                        format!("unknown provider `{}`", escape_for_message(name, 64)),
                        Some(format!("{hint}known providers: {}", known.join(", "))),
                        "/provider",
                        node.span,
                    );
                    return None;
                }
            }
        } else if let Some(set) = self
            .options
            .default_provider
            .as_deref()
            .and_then(|p| self.registry.get(p))
        {
            set
        } else {
            let keys = params
                .and_then(Node::as_mapping)
                .map(|e| e.iter().filter_map(|e| e.key.as_str()).collect::<Vec<_>>())
                .unwrap_or_default();
            match self.registry.detect(keys.iter().copied()) {
                Detection::One(set) => set,
                Detection::Conflict(a, b) => {
                    sink.emit(
                        AMBIGUOUS_PROVIDER,
                        format!(
                            "the parameters identify two providers: `{}` ({}) and `{}` ({})",
                            a.provider,
                            a.detect.join(", "),
                            b.provider,
                            b.detect.join(", ")
                        ),
                        Some(
                            "keep the parameters of one API, and name it with `provider:`"
                                .to_owned(),
                        ),
                        "",
                        first_token,
                    );
                    return None;
                }
                Detection::None => {
                    let known: Vec<&str> = self.registry.providers().collect();
                    sink.emit(
                        UNDETERMINED_PROVIDER,
                        "cannot tell which provider this request is for".to_owned(),
                        Some(format!(
                            "add `provider:` to the document (known: {}), or pass --provider",
                            known.join(", ")
                        )),
                        "",
                        first_token,
                    );
                    return None;
                }
            }
        };
        sink.provider = Some(set.provider.clone());

        if full_form {
            unknown_keys(
                root,
                REQUEST_KEYS,
                "a request document",
                "; API parameters go under `params`",
                sink,
            );
            if let Some(account) = root.get("account") {
                check_type(account, ValueType::String, "account", "/account", sink);
            }
        }

        let params = match params {
            Some(p) if p.as_mapping().is_some() => Some(p),
            Some(p) if p.is_null() => None,
            Some(p) => {
                sink.emit(
                    WRONG_TYPE,
                    format!("params must be a mapping, found {}", p.type_name()),
                    None,
                    "/params",
                    p.span,
                );
                return None;
            }
            None => None,
        };
        let params_key_span = root.entry("params").map_or(first_token, |e| e.key.span);
        // Which values are well-typed and non-empty: only those reach the rules.
        let mut checkable: HashSet<String> = HashSet::default();
        match params {
            Some(p) => self.check_fields(
                p,
                &set.params,
                params_pointer,
                params_key_span,
                sink,
                &mut checkable,
                FieldsOf::Params,
            ),
            None => {
                let why = if root.entry("params").is_some() {
                    "`params` is empty"
                } else {
                    "the request has no `params`"
                };
                for spec in set.params.iter().filter(|s| s.required) {
                    sink.emit(
                        MISSING_PARAMETER,
                        format!("required parameter `{}` is missing ({why})", spec.name),
                        Some(format!("add `params:` with `{}`", spec.name)),
                        &format!("{params_pointer}/{}", pointer_segment(&spec.name)),
                        params_key_span,
                    );
                }
            }
        }
        let vpcs = if full_form { root.get("vpcs") } else { None };
        if let Some(vpcs_node) = vpcs {
            self.check_vpcs(set, root, vpcs_node, sink, &mut checkable);
        }
        checkable.retain(|p| !sink.secrets.contains(p));
        let view = RequestView {
            source,
            root,
            params,
            params_pointer: params_pointer.to_owned(),
            vpcs: vpcs.filter(|v| v.as_sequence().is_some()),
        };
        self.value_rules(set, &view, &mut checkable, sink);

        let input = RequestInput {
            view: &view,
            regions: &set.regions,
        };
        for rule in &set.rules {
            if let Check::Request(check) = &rule.check {
                for violation in check.check(&input) {
                    let (pointer, span) = violation
                        .at
                        .clone()
                        .unwrap_or_else(|| (String::new(), first_token));
                    let value = source.slice(span).to_owned();
                    sink.violation(rule, set, violation, &pointer, span, &value);
                }
            }
        }

        let from = FactSource {
            source,
            file: &sink.file,
            document: sink.document,
            checkable: &checkable,
        };
        let params_facts = from.params(params, params_pointer, |k| set.param(k).is_some());
        let account = if full_form {
            root.get("account")
                .and_then(Node::as_str)
                .map(str::to_owned)
        } else {
            None
        };
        Some(RequestFacts {
            provider: set.provider.clone(),
            file: Arc::clone(&sink.file),
            document: sink.document,
            account,
            params: params_facts,
            vpcs: set
                .facts
                .as_ref()
                .map(|shape| from.vpcs(view.vpcs, shape, "/vpcs"))
                .unwrap_or_default(),
            whole: Location::resolve(source, first_token),
        })
    }

    /// Check a `vpcs` list: a list of mappings with the declared fields.
    fn check_vpcs(
        &self,
        set: &RuleSet,
        root: &Node,
        vpcs_node: &Node,
        sink: &mut Sink<'_, '_>,
        checkable: &mut HashSet<String>,
    ) {
        let source = sink.source;
        match (&set.facts, vpcs_node.as_sequence()) {
            (_, None) if vpcs_node.is_null() => {}
            (_, None) => sink.emit(
                WRONG_TYPE,
                format!("vpcs must be a list, found {}", vpcs_node.type_name()),
                None,
                "/vpcs",
                vpcs_node.span,
            ),
            (None, Some(_)) => sink.emit(
                UNKNOWN_FIELD,
                format!(
                    "provider `{}` declares no VPC facts; `vpcs` is not checked",
                    set.provider
                ),
                None,
                "/vpcs",
                root.entry("vpcs").map_or(vpcs_node.span, |e| e.key.span),
            ),
            (Some(shape), Some(items)) => {
                for (i, item) in items.iter().enumerate() {
                    let pointer = format!("/vpcs/{i}");
                    if item.as_mapping().is_none() {
                        sink.emit(
                            WRONG_TYPE,
                            format!("a vpcs entry must be a mapping, found {}", item.type_name()),
                            None,
                            &pointer,
                            item.span,
                        );
                        continue;
                    }
                    let item_token = Span::new(
                        item.span.start,
                        item.span.start + first_token_len(source, item.span.start),
                    );
                    self.check_fields(
                        item,
                        &shape.fields,
                        &pointer,
                        item_token,
                        sink,
                        checkable,
                        FieldsOf::Vpc,
                    );
                }
            }
        }
    }

    /// The value-level rules of a view: field rules, then hidden characters
    /// and whitespace. Values that failed an error-level rule leave
    /// `checkable`, so they do not become facts (the cross-document rules
    /// would only repeat the problem).
    fn value_rules(
        &self,
        set: &RuleSet,
        view: &RequestView<'_>,
        checkable: &mut HashSet<String>,
        sink: &mut Sink<'_, '_>,
    ) {
        let invalid = self.field_rules(set, view, checkable, sink);
        self.hygiene(set, view, checkable, sink);
        checkable.retain(|p| !invalid.contains(p));
    }

    /// Run the set's field rules over every value the view reaches.
    fn field_rules(
        &self,
        set: &RuleSet,
        view: &RequestView<'_>,
        checkable: &HashSet<String>,
        sink: &mut Sink<'_, '_>,
    ) -> HashSet<String> {
        let source = view.source;
        let mut failed: HashMap<String, Vec<&str>> = HashMap::default();
        let mut invalid: HashSet<String> = HashSet::default();
        for rule in &set.rules {
            if let Check::Field(check) = &rule.check {
                for target in &rule.targets {
                    for field in view.resolve(target) {
                        if !checkable.contains(&field.pointer) {
                            continue;
                        }
                        if rule.depends_on.iter().any(|d| {
                            failed
                                .get(&field.pointer)
                                .is_some_and(|f| f.contains(&d.as_str()))
                        }) {
                            continue;
                        }
                        let Some(scalar) = field.node.as_scalar() else {
                            continue;
                        };
                        let (text, skip) = match &rule.extract {
                            Some(re) => {
                                let Some(group) = re.captures(&scalar.value).and_then(|c| c.get(1))
                                else {
                                    continue;
                                };
                                (
                                    group.as_str(),
                                    scalar.value[..group.start()].chars().count(),
                                )
                            }
                            None => (scalar.value.as_str(), 0),
                        };
                        let spans = std::cell::OnceCell::new();
                        let value = FieldValue {
                            field: field.field,
                            text,
                            span: field.node.span,
                            source,
                            regions: &set.regions,
                            node: field.node,
                            skip,
                            spans: &spans,
                        };
                        if let Some(mut violation) = check.check(&value) {
                            if rule.extract.is_some() && violation.span.is_none() {
                                let slice = value.char_spans();
                                if let (Some(first), Some(last)) =
                                    (slice.and_then(|s| s.first()), slice.and_then(|s| s.last()))
                                {
                                    violation.span = Some(Span::new(first.start, last.end));
                                }
                            }
                            failed
                                .entry(field.pointer.clone())
                                .or_default()
                                .push(rule.id.as_str());
                            if rule.severity == Severity::Error {
                                invalid.insert(field.pointer.clone());
                            }
                            sink.violation(
                                rule,
                                set,
                                violation,
                                &field.pointer,
                                field.node.span,
                                text,
                            );
                        }
                    }
                }
            }
        }
        invalid
    }

    /// Check declared fields of a mapping: required, types, YAML traps, unknown keys.
    #[allow(clippy::too_many_arguments)]
    fn check_fields(
        &self,
        mapping: &Node,
        specs: &[FieldSpec],
        base: &str,
        parent_span: Span,
        sink: &mut Sink<'_, '_>,
        checkable: &mut HashSet<String>,
        of: FieldsOf,
    ) {
        let params = of != FieldsOf::Vpc;
        let entries = mapping.as_mapping().unwrap_or(&[]);
        for spec in specs {
            let pointer = format!("{base}/{}", pointer_segment(&spec.name));
            let value = mapping.get(&spec.name);
            let missing = match value {
                None => true,
                Some(v) => v.is_null() || (v.as_str() == Some("") && spec.required),
            };
            if missing {
                if spec.required && of != FieldsOf::ExistingPeering {
                    let what = if params {
                        "required parameter"
                    } else {
                        "required field"
                    };
                    // An empty value has no text: point at its key instead.
                    let key_span = mapping
                        .entry(&spec.name)
                        .map_or(parent_span, |e| e.key.span);
                    let at = |v: &Node| if v.span.is_empty() { key_span } else { v.span };
                    let (message, span) = match value {
                        None => (format!("{what} `{}` is missing", spec.name), parent_span),
                        Some(v) if v.is_null() => {
                            (format!("{what} `{}` has no value (null)", spec.name), at(v))
                        }
                        Some(v) => (format!("{what} `{}` is empty", spec.name), at(v)),
                    };
                    sink.emit(
                        MISSING_PARAMETER,
                        message,
                        Some(format!("give `{}` a value", spec.name)),
                        &pointer,
                        span,
                    );
                } else if let Some(scalar) = value.and_then(Node::as_scalar) {
                    // `description: ~` is null to a YAML loader, not the string `~`.
                    if spec.value_type == ValueType::String
                        && scalar.style == ScalarStyle::Plain
                        && !scalar.value.is_empty()
                    {
                        implicit_type_warning_null(
                            scalar,
                            value.map_or(parent_span, |v| v.span),
                            &spec.name,
                            &pointer,
                            sink,
                        );
                    }
                }
                continue;
            }
            let Some(value) = value else { continue };
            if check_type(value, spec.value_type, &spec.name, &pointer, sink) {
                checkable.insert(pointer.clone());
                if let Some(items) = value.as_sequence() {
                    for (i, _) in items.iter().enumerate() {
                        checkable.insert(format!("{pointer}/{i}"));
                    }
                }
            }
        }
        for entry in entries {
            let Some(key) = entry.key.as_str() else {
                sink.emit(
                    WRONG_TYPE,
                    "keys must be strings".to_owned(),
                    None,
                    base,
                    entry.key.span,
                );
                continue;
            };
            if specs.iter().any(|s| s.name == key) || is_credential_key(key) {
                continue;
            }
            let names = specs.iter().map(|s| s.name.as_str());
            let hint = did_you_mean(key, names.clone());
            let (code, what) = if params {
                (UNKNOWN_PARAMETER, "parameter")
            } else {
                (UNKNOWN_FIELD, "VPC field")
            };
            let known: Vec<&str> = names.collect();
            sink.emit(
                code,
                format!("unknown {what} `{}`", escape_for_message(key, 64)),
                Some(match hint {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("known: {}", known.join(", ")),
                }),
                &format!("{base}/{}", pointer_segment(key)),
                entry.key.span,
            );
        }
    }

    /// Hidden characters and surrounding whitespace in free-text fields,
    /// except characters a character-set rule on the same value rejects.
    fn hygiene(
        &self,
        set: &RuleSet,
        view: &RequestView<'_>,
        checkable: &HashSet<String>,
        sink: &mut Sink<'_, '_>,
    ) {
        for text_field in &set.text_fields {
            let target = &text_field.target;
            let rejected = |c: char| {
                text_field
                    .charset_rules
                    .iter()
                    .any(|&i| matches!(&set.rules[i].check, Check::Field(check) if check.rejects_char(c)))
            };
            for field in view.resolve(target) {
                if !checkable.contains(&field.pointer) {
                    continue;
                }
                let Some(text) = field.node.as_str() else {
                    continue;
                };
                let spans = char_spans(&view.source.text, field.node);
                let span_of = |i: usize| {
                    spans
                        .as_ref()
                        .and_then(|s| s.get(i).copied())
                        .unwrap_or(field.node.span)
                };
                let chars: Vec<char> = text.chars().collect();
                let lead = chars.iter().take_while(|c| c.is_whitespace()).count();
                let trail = if lead == chars.len() {
                    0
                } else {
                    chars.iter().rev().take_while(|c| c.is_whitespace()).count()
                };
                let mut flagged_ws = false;
                for (range, side) in [
                    (0..lead, "starts"),
                    (chars.len() - trail..chars.len(), "ends"),
                ] {
                    if range.is_empty() || range.clone().all(|i| rejected(chars[i])) {
                        continue;
                    }
                    flagged_ws = true;
                    let span = Span::new(span_of(range.start).start, span_of(range.end - 1).end);
                    let trimmed = escape_for_message(text.trim(), 80);
                    sink.emit(
                        SURROUNDING_WHITESPACE,
                        format!(
                            "{} {side} with whitespace ({})",
                            field.field,
                            describe_char(chars[range.start])
                        ),
                        Some(format!("remove it: `{trimmed}`")),
                        &field.pointer,
                        span,
                    );
                }
                let inner = if flagged_ws {
                    lead..chars.len() - trail
                } else {
                    0..chars.len()
                };
                if let Some(i) = inner.clone().find(|&i| {
                    let c = chars[i];
                    (c.is_control() || is_bidi_control(c) || is_zero_width(c)) && !rejected(c)
                }) {
                    let cleaned: String = chars
                        .iter()
                        .filter(|c| !(c.is_control() || is_bidi_control(**c) || is_zero_width(**c)))
                        .collect();
                    let place = match spans.as_ref() {
                        Some(s) => format!("at column {}", view.source.position(s[i].start).column),
                        None => format!("at position {} of the value", i + 1),
                    };
                    sink.emit(
                        HIDDEN_CHARACTER,
                        format!(
                            "{} contains the invisible character {} {place}",
                            field.field,
                            describe_char(chars[i])
                        ),
                        Some(format!("remove it: `{}`", escape_for_message(&cleaned, 80))),
                        &field.pointer,
                        span_of(i),
                    );
                }
            }
        }
    }
}

/// Whose fields [`Engine::check_fields`] checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FieldsOf {
    /// A request's parameters: required ones enforced, unknown ones are parameters.
    Params,
    /// A VPC-facts entry.
    Vpc,
    /// An inventory's existing peering: nothing is required.
    ExistingPeering,
}

fn format_name(format: Format) -> &'static str {
    match format {
        Format::Yaml => "YAML",
        Format::Json => "JSON",
        Format::Hcl => "HCL",
    }
}

/// Length of the first token at `offset` (up to whitespace or `:`), at least one character.
fn first_token_len(source: &SourceFile, offset: usize) -> usize {
    let rest = source.text.get(offset..).unwrap_or("");
    let mut len = 0;
    for c in rest.chars() {
        if c.is_whitespace() || (len > 0 && matches!(c, ':' | ',' | '{' | '[')) {
            break;
        }
        len += c.len_utf8();
        if matches!(c, '{' | '[' | '-') {
            break;
        }
    }
    len.max(rest.chars().next().map_or(0, char::len_utf8))
}
