//! The configuration file, `.peerlint.yaml`.
//!
//! Found upward from the current directory (or from `--stdin-filename`'s
//! directory), or named with `--config`. Read in two steps, like rule
//! files: [`load`] reads every key, keeping positions and recording every
//! problem; [`Config::validate`] then checks rule ids against the loaded
//! rule sets. Relative paths and globs are relative to the file's
//! directory; globs are gitignore-style.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use ignore::gitignore::{Gitignore, GitignoreBuilder};

use crate::catalog::Catalog;
use crate::core_rules::{core_rule, is_fixed};
use crate::diagnostic::{Location, Severity};
use crate::dialect::reader::Reader;
use crate::document::{self, Entry, Format, Node, NodeKind, Scalar, ScalarStyle, SourceFile, Span};
use crate::error::InputError;
use crate::input::unknown_provider_help;
use crate::rules::model::RuleSets;
use crate::suggest::hint;
use crate::suppress::IgnoreEntry;

/// The file name looked for.
pub const FILE_NAME: &str = ".peerlint.yaml";

/// Keys of the config file.
pub const KEYS: &[&str] = &[
    "provider",
    "rules",
    "inventory",
    "include",
    "exclude",
    "severity",
    "ignore",
    "override",
    "max_file_size",
];

/// The code of `errors` entries about the config.
pub const INVALID_CONFIG: &str = "peerlint/invalid-config";

/// An `ignore` entry as written.
#[derive(Debug, Clone)]
pub struct RawIgnore {
    pub files: String,
    pub pointer: Option<String>,
    pub rules: Vec<(String, Span)>,
    pub reason: Option<String>,
    pub span: Span,
}

/// A loaded config file.
#[derive(Debug)]
pub struct Config {
    pub path: PathBuf,
    /// The directory relative paths and globs start from.
    pub dir: PathBuf,
    pub source: SourceFile,
    pub provider: Option<(String, Span)>,
    pub rules: Vec<PathBuf>,
    pub inventory: Vec<PathBuf>,
    /// Globs of the files that are requests (`include`): only they are
    /// linted, and what is not a request in them is a finding.
    pub include: Option<Gitignore>,
    pub exclude: Option<Gitignore>,
    /// `(rule id, severity or off, span of the id)`.
    pub severity: Vec<(String, Option<Severity>, Span)>,
    pub ignore: Vec<RawIgnore>,
    /// The `override` mapping (rule id → keys), for the rule loader.
    pub overrides: Option<Node>,
    pub max_file_size: Option<u64>,
}

/// `.peerlint.yaml` in `start` or the nearest ancestor directory.
pub fn discover(start: &Path) -> Option<PathBuf> {
    // `start` may not exist (standard input named `new/dir/a.yaml`): begin
    // at its nearest existing ancestor.
    let start = start.ancestors().find_map(|a| a.canonicalize().ok())?;
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|candidate| candidate.is_file())
}

fn error(
    config: &str,
    source: Option<&SourceFile>,
    span: Option<Span>,
    message: impl Into<String>,
) -> InputError {
    InputError::config(
        config,
        message,
        source.zip(span).map(|(s, sp)| Location::resolve(s, sp)),
    )
}

/// Read `path` (shown as `shown`). Problems are returned with the config;
/// a config that cannot be read at all is `Err`.
pub fn load(path: &Path, shown: &str) -> Result<(Config, Vec<InputError>), Box<InputError>> {
    let bytes = std::fs::read(path).map_err(|e| error(shown, None, None, e.to_string()))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| error(shown, None, None, "the config is not valid UTF-8"))?;
    let source = SourceFile::new(shown, text);
    let parsed = document::parse(&source.text, Format::Yaml);
    let mut problems: Vec<InputError> = parsed
        .errors
        .iter()
        .map(|e| {
            error(
                shown,
                Some(&source),
                Some(e.span),
                format!("YAML syntax error: {}", e.message),
            )
        })
        .collect();
    let dir = path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
        .canonicalize()
        .unwrap_or_else(|_| PathBuf::from("."));
    let mut config = Config {
        path: path.to_path_buf(),
        dir,
        provider: None,
        rules: Vec::new(),
        inventory: Vec::new(),
        include: None,
        exclude: None,
        severity: Vec::new(),
        ignore: Vec::new(),
        overrides: None,
        max_file_size: None,
        source: SourceFile::new(shown, String::new()),
    };
    let mut r = Reader::default();
    if let Some(root) = parsed.documents.first().filter(|d| !d.is_null()) {
        config.read(root, &mut r);
    }
    problems.extend(
        r.problems
            .iter()
            .map(|p| error(shown, Some(&source), Some(p.span), p.message.clone())),
    );
    config.source = source;
    Ok((config, problems))
}

impl Config {
    fn resolve(&self, path: &str) -> PathBuf {
        self.dir.join(path)
    }

    fn read(&mut self, root: &Node, r: &mut Reader) {
        for (key, value) in r.mapping(root, "the config", KEYS) {
            match key {
                "provider" => {
                    self.provider = r.string(value, "provider").map(|p| (p, value.span));
                }
                "rules" => {
                    self.rules = r
                        .strings(value, "rules")
                        .into_iter()
                        .map(|(p, _)| self.resolve(&p))
                        .collect();
                }
                "inventory" => {
                    self.inventory = r
                        .strings(value, "inventory")
                        .into_iter()
                        .map(|(p, _)| self.resolve(&p))
                        .collect();
                }
                "exclude" => self.exclude = globs(&self.dir, value, "exclude", r),
                "include" => self.include = globs(&self.dir, value, "include", r),
                "severity" => {
                    for (id, level, span) in r.any_mapping(value, "severity") {
                        match level.as_str() {
                            Some("off") => self.severity.push((id.to_owned(), None, span)),
                            Some(s) if Severity::parse(s).is_some() => {
                                self.severity
                                    .push((id.to_owned(), Severity::parse(s), span))
                            }
                            _ => {
                                r.error(level.span, "severity must be error, warning, info or off")
                            }
                        }
                    }
                }
                "ignore" => {
                    for item in r.list(value, "ignore") {
                        let entries = r.mapping(
                            item,
                            "an ignore entry",
                            &["files", "pointer", "rules", "reason"],
                        );
                        let get =
                            |k: &str| entries.iter().find(|(key, _)| *key == k).map(|(_, v)| *v);
                        let files = get("files").and_then(|n| r.string(n, "files"));
                        let rules = get("rules")
                            .map(|n| r.strings(n, "rules"))
                            .unwrap_or_default();
                        let pointer = get("pointer").and_then(|n| r.string(n, "pointer"));
                        if let Some(p) = &pointer {
                            if !p.is_empty() && !p.starts_with('/') {
                                r.error(
                                    get("pointer").map_or(item.span, |n| n.span),
                                    "pointer must be a JSON Pointer starting with `/`",
                                );
                            }
                        }
                        let reason = get("reason").and_then(|n| r.string(n, "reason"));
                        match files {
                            Some(files) if !rules.is_empty() => self.ignore.push(RawIgnore {
                                files,
                                pointer,
                                rules,
                                reason,
                                span: item.span,
                            }),
                            _ => r.error(item.span, "an ignore entry needs `files` and `rules`"),
                        }
                    }
                }
                "override" => {
                    r.any_mapping(value, "override");
                    self.overrides = Some(value.clone());
                }
                _ => self.max_file_size = r.unsigned(value, "max_file_size"),
            }
        }
    }

    /// Check rule ids and the provider against the loaded rule sets.
    pub fn validate(&self, sets: &RuleSets) -> Vec<InputError> {
        let shown = self.source.name.as_str();
        let catalog = Catalog::new(sets);
        let ids = catalog.ids();
        let mut problems = Vec::new();
        let mut unknown = |id: &str, span: Span, what: &str| {
            if catalog.contains(id) {
                return false;
            }
            let suggestion = hint(id, ids.iter().copied());
            problems.push(error(
                shown,
                Some(&self.source),
                Some(span),
                format!("unknown rule `{id}` under `{what}`{suggestion}"),
            ));
            true
        };
        let mut fixed = Vec::new();
        for (id, _, span) in &self.severity {
            if !unknown(id, *span, "severity") && is_fixed(id) {
                fixed.push(error(
                    shown,
                    Some(&self.source),
                    Some(*span),
                    format!("`{id}` cannot be switched off or changed"),
                ));
            }
        }
        for entry in &self.ignore {
            for (id, span) in &entry.rules {
                if !unknown(id, *span, "ignore") && is_fixed(id) {
                    fixed.push(error(
                        shown,
                        Some(&self.source),
                        Some(*span),
                        format!("`{id}` cannot be suppressed"),
                    ));
                }
            }
        }
        if let Some(entries) = self.overrides.as_ref().and_then(Node::as_mapping) {
            for entry in entries {
                if let Some(id) = entry.key.as_str() {
                    if core_rule(id).is_some() {
                        fixed.push(error(
                            shown,
                            Some(&self.source),
                            Some(entry.key.span),
                            format!("`{id}` is an engine rule and has no parameters to override"),
                        ));
                    } else {
                        unknown(id, entry.key.span, "override");
                    }
                }
            }
        }
        if let Some((provider, span)) = &self.provider {
            if sets.get(provider).is_none() {
                problems.push(error(
                    shown,
                    Some(&self.source),
                    Some(*span),
                    format!(
                        "unknown provider `{provider}`; {}",
                        unknown_provider_help(sets, provider)
                    ),
                ));
            }
        }
        problems.extend(fixed);
        problems
    }

    /// Per-provider `override` layers for the rule loader (rules `known`
    /// only): for each provider, a mapping `{override: {...}}` located in this file.
    pub fn override_layers_for(&self, known: impl Fn(&str) -> bool) -> Vec<(String, Node)> {
        let Some(node) = &self.overrides else {
            return Vec::new();
        };
        let Some(entries) = node.as_mapping() else {
            return Vec::new();
        };
        let entries: Vec<&Entry> = entries
            .iter()
            .filter(|e| e.key.as_str().is_some_and(&known))
            .collect();
        let mut providers: Vec<String> = entries
            .iter()
            .filter_map(|e| e.key.as_str()?.split_once('/').map(|(p, _)| p.to_owned()))
            .collect();
        providers.sort();
        providers.dedup();
        providers
            .into_iter()
            .map(|provider| {
                let mine: Vec<Entry> = entries
                    .iter()
                    .filter(|e| {
                        e.key
                            .as_str()
                            .is_some_and(|k| k.starts_with(&format!("{provider}/")))
                    })
                    .map(|e| (*e).clone())
                    .collect();
                let key = Node {
                    span: Span::new(node.span.start, node.span.start),
                    kind: NodeKind::Scalar(Scalar {
                        value: "override".to_owned(),
                        style: ScalarStyle::Plain,
                        tag: None,
                    }),
                };
                let value = Node {
                    span: node.span,
                    kind: NodeKind::Mapping(mine),
                };
                let root = Node {
                    span: node.span,
                    kind: NodeKind::Mapping(vec![Entry { key, value }]),
                };
                (provider, root)
            })
            .collect()
    }

    /// The compiled `ignore` entries.
    pub fn ignore_entries(&self) -> Vec<IgnoreEntry> {
        let file: Arc<str> = Arc::from(self.source.name.as_str());
        self.ignore
            .iter()
            .filter_map(|raw| {
                let mut builder = GitignoreBuilder::new(&self.dir);
                builder.add_line(None, &raw.files).ok()?;
                Some(IgnoreEntry {
                    files: builder.build().ok()?,
                    pointer: raw.pointer.clone().filter(|p| !p.is_empty()),
                    rules: raw.rules.iter().map(|(id, _)| id.clone()).collect(),
                    reason: raw.reason.clone(),
                    file: Arc::clone(&file),
                    location: Location::resolve(&self.source, raw.span),
                })
            })
            .collect()
    }

    /// Whether `path` (relative to `root`, the directory the run's paths
    /// start from, or absolute) is excluded.
    pub fn excludes(&self, path: &Path, root: &Path) -> bool {
        self.exclude
            .as_ref()
            .is_some_and(|g| matches_globs(g, path, root))
    }

    /// Whether `path` is a declared request file (`include`); `None` when
    /// the config has no `include`.
    pub fn includes(&self, path: &Path, root: &Path) -> Option<bool> {
        self.include.as_ref().map(|g| matches_globs(g, path, root))
    }
}

/// Compile the globs of `value` (a string or a list), rooted at `dir`.
fn globs(dir: &Path, value: &Node, what: &str, r: &mut Reader) -> Option<Gitignore> {
    let mut builder = GitignoreBuilder::new(dir);
    for (glob, span) in r.strings(value, what) {
        if let Err(e) = builder.add_line(None, &glob) {
            r.error(span, format!("bad glob `{glob}`: {e}"));
        }
    }
    match builder.build() {
        Ok(gitignore) => Some(gitignore),
        Err(e) => {
            r.error(value.span, format!("bad {what} globs: {e}"));
            None
        }
    }
}

/// Whether gitignore-style `globs` match `path` (relative to `root`) or one
/// of its parent directories.
pub fn matches_globs(gitignore: &Gitignore, path: &Path, root: &Path) -> bool {
    let absolute = root.join(path);
    let absolute = absolute.canonicalize().unwrap_or(absolute);
    absolute.starts_with(gitignore.path())
        && gitignore
            .matched_path_or_any_parents(&absolute, absolute.is_dir())
            .is_ignore()
}
