//! `sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.
//!
//! One run whose `tool.driver.rules` lists every loaded rule (engine rules,
//! then each rule set's), results with 1-based regions whose columns count
//! Unicode scalar values (`columnKind: unicodeCodePoints`), artifact URIs
//! relative to the working directory under `%SRCROOT%`, every label as a
//! related location, a stable partial fingerprint, and suppressed findings
//! carried with `suppressions`. Problems that stopped an input from being
//! used become `toolExecutionNotifications`.
//!
//! The limits GitHub code scanning documents are kept: at most 25,000
//! results per run (the most severe are kept, and a notification says so),
//! at most 1,000 related locations per result, descriptions of at most
//! 1,024 characters and at most 20 tags per rule.
//!
//! The log is streamed: serde_json writes each rule descriptor and each
//! result to the writer as it is serialized, from views of the report, and
//! no value holding the whole log is built. Keys are written in
//! alphabetical order (the order the views declare their fields in), as
//! they always were.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::Serialize;

use super::json::{ApiErrorJson, SummaryJson};
use super::Items;
use crate::catalog::Catalog;
use crate::diagnostic::{ApiError, Diagnostic, Label, Location, Severity, Suppression};
use crate::paths::{encode_segment, file_uri, normalize};
use crate::report::Report;
use crate::rules::model::RuleSets;

/// The `$schema` of the output.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// GitHub code scanning: results per run.
pub const MAX_RESULTS: usize = 25_000;
/// GitHub code scanning: related locations per result.
pub const MAX_RELATED_LOCATIONS: usize = 1_000;
/// GitHub code scanning: characters in a rule's short or full description.
pub const MAX_DESCRIPTION_CHARS: usize = 1_024;
/// The key of the partial fingerprint.
pub const FINGERPRINT_KEY: &str = "peerlintFindingHash/v1";
const SRCROOT: &str = "%SRCROOT%";

/// Write the report as one SARIF log, with artifact URIs relative to
/// `root`, result by result. `sets` supplies the rule list. The writes are
/// small: pass a buffered writer.
pub fn write(report: &Report, sets: &RuleSets, root: &Path, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &Log::new(report, sets, root))?;
    writeln!(out)
}

/// What the log is written from: the report, the rule table (every loaded
/// rule, then one per code no loaded rule has), the artifact URIs and the
/// results cap.
struct Log<'a> {
    report: &'a Report,
    rules: RuleTable<'a>,
    paths: Paths,
    limit: Limit,
}

impl<'a> Log<'a> {
    fn new(report: &'a Report, registry: &'a RuleSets, cwd: &Path) -> Log<'a> {
        let mut rules = RuleTable::new(registry);
        for d in &report.diagnostics {
            rules.ensure(d);
        }
        Log {
            report,
            rules,
            paths: Paths::new(cwd),
            limit: Limit::of(&report.diagnostics),
        }
    }
}

impl Serialize for Log<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("$schema", SCHEMA_URI)?;
        map.serialize_entry("runs", std::slice::from_ref(&Run(self)))?;
        map.serialize_entry("version", "2.1.0")?;
        map.end()
    }
}

/// `runs[0]`.
struct Run<'a>(&'a Log<'a>);

impl Serialize for Run<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let log = self.0;
        let report = log.report;
        let base = Uri {
            uri: &log.paths.base_uri,
        };
        let mut map = serializer.serialize_map(Some(6))?;
        map.serialize_entry("columnKind", "unicodeCodePoints")?;
        map.serialize_entry(
            "invocations",
            std::slice::from_ref(&Invocation {
                execution_successful: report.errors.is_empty(),
                tool_execution_notifications: Notifications(log),
                working_directory: base,
            }),
        )?;
        map.serialize_entry("originalUriBaseIds", &OriginalUriBaseIds { srcroot: base })?;
        map.serialize_entry(
            "properties",
            &RunProperties {
                summary: SummaryJson::new(&report.summary),
            },
        )?;
        map.serialize_entry("results", &Results(log))?;
        map.serialize_entry(
            "tool",
            &Tool {
                driver: Driver::new(log),
            },
        )?;
        map.end()
    }
}

#[derive(Serialize, Clone, Copy)]
struct Uri<'a> {
    uri: &'a str,
}

#[derive(Serialize)]
struct OriginalUriBaseIds<'a> {
    #[serde(rename = "%SRCROOT%")]
    srcroot: Uri<'a>,
}

#[derive(Serialize)]
struct RunProperties {
    summary: SummaryJson,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation<'a> {
    execution_successful: bool,
    tool_execution_notifications: Notifications<'a>,
    working_directory: Uri<'a>,
}

/// `{"text": ...}`.
#[derive(Serialize)]
struct Text<T> {
    text: T,
}

#[derive(Serialize)]
struct Id<'a> {
    id: &'a str,
}

/// A tool execution notification: an input that could not be used, or the cap.
#[derive(Serialize)]
struct Notification<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    descriptor: Option<Id<'a>>,
    level: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    locations: Option<[SarifLocation; 1]>,
    message: Text<String>,
}

/// One notification per error, then the cap's when results were left out.
struct Notifications<'a>(&'a Log<'a>);

impl Serialize for Notifications<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let log = self.0;
        let report = log.report;
        let errors = report.errors.iter().map(|e| Notification {
            descriptor: Some(Id { id: e.code() }),
            level: "error",
            locations: Some([location(&e.file, e.location.as_ref(), &log.paths)]),
            message: Text {
                text: e.file.clone() + ": " + &e.message,
            },
        });
        let cap = log.limit.is_capped().then(|| Notification {
            descriptor: None,
            level: "warning",
            locations: None,
            message: Text {
                text: format!(
                    "{} findings; only the {MAX_RESULTS} most severe are in this log (GitHub code scanning's limit per run)",
                    report.diagnostics.len()
                ),
            },
        });
        serializer.collect_seq(errors.chain(cap))
    }
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    notifications: Vec<DriverNotification<'a>>,
    properties: DriverProperties<'a>,
    rules: Items<'a, RuleInfo<'a>, Descriptor<'a>>,
    semantic_version: &'static str,
    version: &'static str,
}

impl<'a> Driver<'a> {
    fn new(log: &'a Log<'a>) -> Driver<'a> {
        // One per code of the errors (a handful at most).
        let mut ids: Vec<&str> = log.report.errors.iter().map(|e| e.code()).collect();
        ids.sort_unstable();
        ids.dedup();
        Driver {
            name: "peerlint",
            notifications: ids
                .into_iter()
                .map(|id| DriverNotification {
                    id,
                    short_description: Text {
                        text: notification_text(id),
                    },
                })
                .collect(),
            properties: DriverProperties {
                rule_sets: Items::new(&log.report.rule_sets, |(provider, version)| {
                    Some(RuleSetSarif { provider, version })
                }),
            },
            rules: Items::new(&log.rules.rules, |r| Some(descriptor(r))),
            semantic_version: env!("CARGO_PKG_VERSION"),
            version: env!("CARGO_PKG_VERSION"),
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DriverNotification<'a> {
    id: &'a str,
    short_description: Text<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DriverProperties<'a> {
    rule_sets: Items<'a, (String, String), RuleSetSarif<'a>>,
}

#[derive(Serialize)]
struct RuleSetSarif<'a> {
    provider: &'a str,
    version: &'a str,
}

fn notification_text(id: &str) -> &'static str {
    match id {
        "peerlint/invalid-rule-file" => "a rule file could not be used",
        "peerlint/invalid-inventory" => "an inventory could not be used",
        "peerlint/invalid-config" => "the config file could not be used",
        _ => "an input could not be used",
    }
}

/// How severe a finding is for the cap: unsuppressed before suppressed,
/// then by severity.
type Rank = (bool, Severity);

fn rank(d: &Diagnostic) -> Rank {
    (d.suppressed.is_none(), d.severity)
}

/// Which diagnostics the log keeps: all of them, or the [`MAX_RESULTS`]
/// most severe, ties going to the earlier ones, in report order. Decided
/// from counts per rank, so that results can be written as the
/// diagnostics are read: every diagnostic ranked above `threshold`, and
/// the first `take` of those ranked at it.
#[derive(Debug, Clone, Copy)]
struct Limit {
    cut: Option<(Rank, usize)>,
}

impl Limit {
    fn of(diagnostics: &[Diagnostic]) -> Limit {
        if diagnostics.len() <= MAX_RESULTS {
            return Limit { cut: None };
        }
        let mut counts: BTreeMap<Rank, usize> = BTreeMap::new();
        for d in diagnostics {
            *counts.entry(rank(d)).or_insert(0) += 1;
        }
        let mut left = MAX_RESULTS;
        for (&threshold, &count) in counts.iter().rev() {
            if count >= left {
                return Limit {
                    cut: Some((threshold, left)),
                };
            }
            left -= count;
        }
        unreachable!("more diagnostics than MAX_RESULTS are counted")
    }

    fn is_capped(self) -> bool {
        self.cut.is_some()
    }

    /// Whether `d`, the next diagnostic in report order, is kept;
    /// `at_threshold` counts those kept at the threshold rank so far.
    fn keeps(self, d: &Diagnostic, at_threshold: &mut usize) -> bool {
        let Some((threshold, take)) = self.cut else {
            return true;
        };
        match rank(d).cmp(&threshold) {
            std::cmp::Ordering::Greater => true,
            std::cmp::Ordering::Less => false,
            std::cmp::Ordering::Equal => {
                *at_threshold += 1;
                *at_threshold <= take
            }
        }
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The results, each made and written in turn; occurrences of each
/// fingerprint are counted as they go.
struct Results<'a>(&'a Log<'a>);

impl Serialize for Results<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let log = self.0;
        let mut occurrences: HashMap<u64, usize> = HashMap::new();
        let mut at_threshold = 0;
        let mut seq = serializer.serialize_seq(None)?;
        for d in &log.report.diagnostics {
            if log.limit.keeps(d, &mut at_threshold) {
                seq.serialize_element(&result(d, log, &mut occurrences))?;
            }
        }
        seq.end()
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    level: &'static str,
    locations: [SarifLocation; 1],
    message: Text<String>,
    partial_fingerprints: Fingerprint,
    properties: ResultProperties<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<RelatedLocation<'a>>,
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    suppressions: Vec<SuppressionSarif<'a>>,
}

/// `{"peerlintFindingHash/v1": "HASH:N"}`.
struct Fingerprint(String);

impl Serialize for Fingerprint {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(FINGERPRINT_KEY, &self.0)?;
        map.end()
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultProperties<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    api_error: Option<ApiErrorJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    document: Option<usize>,
    pointer: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    provider: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RelatedLocation<'a> {
    id: usize,
    message: Text<&'a str>,
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
struct SuppressionSarif<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    justification: Option<&'a str>,
    kind: &'a str,
    status: &'static str,
}

impl<'a> SuppressionSarif<'a> {
    fn new(s: &'a Suppression) -> SuppressionSarif<'a> {
        SuppressionSarif {
            justification: s.justification.as_deref(),
            kind: s.kind,
            status: "accepted",
        }
    }
}

fn result<'a>(
    d: &'a Diagnostic,
    log: &Log<'_>,
    occurrences: &mut HashMap<u64, usize>,
) -> SarifResult<'a> {
    let paths = &log.paths;
    let mut text = d.message.clone();
    if let Some(help) = &d.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    if let Some(api) = &d.api_error {
        text.push_str(&format!("\npredicted API error: {api}"));
    }

    let related = d
        .labels
        .iter()
        .take(MAX_RELATED_LOCATIONS)
        .enumerate()
        .map(|(id, l): (usize, &'a Label)| {
            let file = l.file.as_deref().unwrap_or(&d.file);
            RelatedLocation {
                id,
                message: Text { text: &l.message },
                physical_location: physical_location(file, Some(&l.location), paths),
            }
        })
        .collect();

    let uri = paths.uri(&d.file).0;
    let key = fingerprint_key(&d.code, &uri, d.document, &d.pointer);
    let count = occurrences.entry(key).or_insert(0);
    *count += 1;

    SarifResult {
        level: level(d.severity),
        locations: [location(&d.file, Some(&d.location), paths)],
        message: Text { text },
        partial_fingerprints: Fingerprint(format!("{key:016x}:{count}")),
        properties: ResultProperties {
            api_error: d.api_error.as_ref().map(ApiErrorJson::new),
            document: d.document,
            pointer: &d.pointer,
            provider: d.provider.as_deref(),
            url: d.url.as_deref(),
        },
        related_locations: related,
        rule_id: &d.code,
        rule_index: log.rules.index.get(d.code.as_str()).copied(),
        suppressions: d.suppressed.iter().map(SuppressionSarif::new).collect(),
    }
}

/// A SARIF `location`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    end_column: usize,
    end_line: usize,
    start_column: usize,
    start_line: usize,
}

/// A SARIF `location` in `file`; no region when the position is unknown.
fn location(file: &str, at: Option<&Location>, paths: &Paths) -> SarifLocation {
    SarifLocation {
        physical_location: physical_location(file, at, paths),
    }
}

fn physical_location(file: &str, at: Option<&Location>, paths: &Paths) -> PhysicalLocation {
    let (uri, base) = paths.uri(file);
    let region = at
        .filter(|l| l.start.line >= 1 && l.start.column >= 1)
        .map(|l| {
            // An end before the start (never expected) collapses to the start.
            let (end_line, end_column) =
                if (l.end.line, l.end.column) >= (l.start.line, l.start.column) {
                    (l.end.line, l.end.column)
                } else {
                    (l.start.line, l.start.column)
                };
            Region {
                end_column,
                end_line,
                start_column: l.start.column,
                start_line: l.start.line,
            }
        });
    PhysicalLocation {
        artifact_location: ArtifactLocation {
            uri,
            uri_base_id: base.then_some(SRCROOT),
        },
        region,
    }
}

/// 64-bit FNV-1a over the fields, each followed by a NUL: stable across
/// runs, platforms and Rust versions.
fn fingerprint_key(code: &str, uri: &str, document: Option<usize>, pointer: &str) -> u64 {
    let document = document.map_or(String::new(), |d| d.to_string());
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [code, uri, &document, pointer] {
        for byte in part.bytes().chain(std::iter::once(0)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}

/// Turns report file names into artifact URIs.
struct Paths {
    cwd: PathBuf,
    /// `file:` URI of the working directory, ending in `/`.
    base_uri: String,
}

impl Paths {
    fn new(cwd: &Path) -> Paths {
        let cwd = normalize(cwd);
        let mut base_uri = file_uri(&cwd);
        if !base_uri.ends_with('/') {
            base_uri.push('/');
        }
        Paths { cwd, base_uri }
    }

    /// The URI of `file` and whether it is relative to `%SRCROOT%`: a
    /// relative reference for files under the working directory, an
    /// absolute `file:` URI for any other.
    fn uri(&self, file: &str) -> (String, bool) {
        let path = Path::new(file);
        let absolute = normalize(&self.cwd.join(path));
        // With no known working directory only relative names can be relative.
        let under = if self.cwd.as_os_str().is_empty() && path.is_absolute() {
            None
        } else {
            absolute.strip_prefix(&self.cwd).ok()
        };
        match under {
            Some(relative) => {
                let segments: Vec<String> = relative
                    .components()
                    .map(|c| encode_segment(&c.as_os_str().to_string_lossy()))
                    .collect();
                if segments.is_empty() {
                    (".".to_owned(), true)
                } else {
                    (segments.join("/"), true)
                }
            }
            None => (file_uri(&absolute), false),
        }
    }
}

/// Every rule of `tool.driver.rules` in order, with each id's index.
struct RuleTable<'a> {
    rules: Vec<RuleInfo<'a>>,
    index: HashMap<&'a str, usize>,
}

/// What a descriptor is built from, engine rule or rule-file rule alike.
struct RuleInfo<'a> {
    id: &'a str,
    provider: &'a str,
    kind: &'a str,
    severity: Severity,
    summary: &'a str,
    why: Option<&'a str>,
    fail: Option<&'a str>,
    pass: Option<&'a str>,
    api_error: Option<&'a ApiError>,
    url: Option<&'a str>,
}

impl<'a> RuleTable<'a> {
    fn new(registry: &'a RuleSets) -> RuleTable<'a> {
        let mut table = RuleTable {
            rules: Vec::new(),
            index: HashMap::new(),
        };
        for r in Catalog::new(registry).rules() {
            table.push(RuleInfo {
                id: r.id,
                provider: r.provider,
                kind: r.kind,
                severity: r.severity,
                summary: r.summary,
                why: r.why,
                fail: r.fail,
                pass: r.pass,
                api_error: r.api_error,
                url: r.url,
            });
        }
        table
    }

    /// Add a rule for a diagnostic whose code no loaded rule has, so that
    /// every `ruleId` is in `tool.driver.rules`.
    fn ensure(&mut self, d: &'a Diagnostic) {
        if self.index.contains_key(d.code.as_str()) {
            return;
        }
        let provider = d.code.split('/').next().unwrap_or("peerlint");
        self.push(RuleInfo {
            id: &d.code,
            provider,
            kind: "unknown",
            severity: d.severity,
            summary: &d.code,
            why: None,
            fail: None,
            pass: None,
            api_error: None,
            url: d.url.as_deref(),
        });
    }

    fn push(&mut self, r: RuleInfo<'a>) {
        if self.index.contains_key(r.id) {
            return;
        }
        self.index.insert(r.id, self.rules.len());
        self.rules.push(r);
    }
}

/// A `reportingDescriptor` of `tool.driver.rules`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor<'a> {
    default_configuration: DefaultConfiguration,
    full_description: Text<String>,
    help: Help,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<&'a str>,
    id: &'a str,
    name: String,
    properties: DescriptorProperties<'a>,
    short_description: Text<String>,
}

#[derive(Serialize)]
struct DefaultConfiguration {
    level: &'static str,
}

#[derive(Serialize)]
struct Help {
    markdown: String,
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DescriptorProperties<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    api_error: Option<ApiErrorJson<'a>>,
    precision: &'static str,
    #[serde(rename = "problem.severity")]
    problem_severity: &'static str,
    #[serde(rename = "security-severity", skip_serializing_if = "Option::is_none")]
    security_severity: Option<&'static str>,
    tags: Vec<String>,
}

fn descriptor<'a>(r: &RuleInfo<'a>) -> Descriptor<'a> {
    let why = r.why.filter(|w| !w.trim().is_empty());
    let full = why.unwrap_or(r.summary);

    let mut text = format!("{}\n", r.summary);
    let mut markdown = format!("**{}**\n", escape_markdown(r.summary));
    if let Some(why) = why {
        text.push_str(&format!("\n{}\n", why.trim_end()));
        markdown.push_str(&format!("\n{}\n", escape_markdown(why.trim_end())));
    }
    if let Some(fail) = r.fail.filter(|f| !f.trim().is_empty()) {
        text.push_str(&format!("\nFails:\n{}\n", indent(fail)));
        markdown.push_str(&format!("\nFails:\n\n{}", fenced(fail)));
    }
    if let Some(pass) = r.pass.filter(|p| !p.trim().is_empty()) {
        text.push_str(&format!("\nPasses:\n{}\n", indent(pass)));
        markdown.push_str(&format!("\nPasses:\n\n{}", fenced(pass)));
    }
    if let Some(api) = r.api_error {
        text.push_str(&format!("\nPredicted API error: {api}\n"));
        markdown.push_str(&format!("\nPredicted API error: `{api}`\n"));
    }
    if let Some(url) = r.url {
        text.push_str(&format!("\nDocumentation: {url}\n"));
        markdown.push_str(&format!("\n[Documentation]({url})\n"));
    }
    text.push_str(&format!("\nMore: peerlint explain {}\n", r.id));
    markdown.push_str(&format!("\nMore: `peerlint explain {}`\n", r.id));

    let mut tags: Vec<String> = vec!["peerlint".into(), r.provider.to_owned()];
    if r.kind != r.provider && !r.kind.is_empty() {
        tags.push(r.kind.to_owned());
    }
    let credential = r.id == crate::core_rules::CREDENTIAL.id;
    if credential {
        tags.push("security".into());
    }
    tags.dedup();
    tags.truncate(20);

    Descriptor {
        default_configuration: DefaultConfiguration {
            level: level(r.severity),
        },
        full_description: Text {
            text: truncate_chars(full, MAX_DESCRIPTION_CHARS),
        },
        help: Help { markdown, text },
        help_uri: r.url,
        id: r.id,
        name: pascal_case(r.id),
        properties: DescriptorProperties {
            api_error: r.api_error.map(ApiErrorJson::new),
            precision: match r.severity {
                Severity::Error => "very-high",
                Severity::Warning => "high",
                Severity::Info => "medium",
            },
            problem_severity: match r.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "recommendation",
            },
            security_severity: credential.then_some("8.0"),
            tags,
        },
        short_description: Text {
            text: truncate_chars(r.summary, MAX_DESCRIPTION_CHARS),
        },
    }
}

/// `acme/name-length` → `AcmeNameLength`.
pub fn pascal_case(id: &str) -> String {
    let mut out = String::new();
    for word in id
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
    out
}

/// At most `max` characters; a cut text ends in `…`.
fn truncate_chars(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max - 1).collect();
    out.push('…');
    out
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A fenced YAML block whose fence is longer than any backtick run inside.
fn fenced(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!("{fence}yaml\n{}\n{fence}\n", text.trim_end_matches('\n'))
}

/// Escape characters that would start HTML in Markdown.
fn escape_markdown(text: &str) -> String {
    text.replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_encoded_and_slash_separated() {
        let paths = Paths::new(Path::new("/work/repo"));
        assert_eq!(paths.base_uri, "file:///work/repo/");
        assert_eq!(paths.uri("a/b.yaml"), ("a/b.yaml".into(), true));
        assert_eq!(paths.uri("./a/../b c.yaml"), ("b%20c.yaml".into(), true));
        assert_eq!(
            paths.uri("/work/repo/x/%y:z#?.yaml"),
            ("x/%25y%3Az%23%3F.yaml".into(), true)
        );
        assert_eq!(paths.uri("应用.yaml").0, "%E5%BA%94%E7%94%A8.yaml");
        assert_eq!(paths.uri("<stdin>").0, "%3Cstdin%3E");
        assert_eq!(
            paths.uri("/elsewhere/a.yaml"),
            ("file:///elsewhere/a.yaml".into(), false)
        );
        assert_eq!(
            paths.uri("../other/a.yaml"),
            ("file:///work/other/a.yaml".into(), false)
        );
        assert_eq!(paths.uri("../repo/a.yaml"), ("a.yaml".into(), true));
    }

    #[test]
    fn names_are_pascal_case() {
        assert_eq!(pascal_case("acme/name-length"), "AcmeNameLength");
        assert_eq!(
            pascal_case("peerlint/duplicate-key"),
            "PeerlintDuplicateKey"
        );
        assert_eq!(pascal_case("acme/x_y.z"), "AcmeXYZ");
    }

    #[test]
    fn fingerprints_are_stable() {
        assert_eq!(
            fingerprint_key("a", "b", Some(0), "/c"),
            fingerprint_key("a", "b", Some(0), "/c")
        );
        assert_ne!(
            fingerprint_key("a", "b", Some(0), "/c"),
            fingerprint_key("a", "b", Some(1), "/c")
        );
        // Field boundaries matter.
        assert_ne!(
            fingerprint_key("ab", "", None, ""),
            fingerprint_key("a", "b", None, "")
        );
        // Pinned: a fingerprint must not change between versions.
        assert_eq!(
            fingerprint_key(
                "acme/name-length",
                "a.yaml",
                Some(0),
                "/params/vpcPeeringName"
            ),
            0x5965_40be_625a_4150
        );
    }

    #[test]
    fn descriptions_are_cut_at_the_limit() {
        let long = "x".repeat(2000);
        assert_eq!(truncate_chars(&long, 1024).chars().count(), 1024);
        assert_eq!(truncate_chars("short", 1024), "short");
    }
}
