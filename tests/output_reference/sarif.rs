// The renderer as it was before streaming (issue 12), kept verbatim (only
// `crate::` paths made `peerlint::`, and its unit tests dropped) as the reference
// the streamed renderer must equal byte for byte. Do not "fix" it.

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

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde_json::{json, Map, Value};

use peerlint::catalog::Catalog;
use peerlint::diagnostic::{ApiError, Diagnostic, Location, Severity};
use peerlint::paths::{encode_segment, file_uri, normalize};
use peerlint::report::Report;
use peerlint::rules::model::RuleSets;

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
/// `root`. `sets` supplies the rule list.
pub fn write(report: &Report, sets: &RuleSets, root: &Path, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &log(report, sets, root))?;
    writeln!(out)
}

/// The SARIF log of `report`, with artifact URIs relative to `cwd`.
pub fn log(report: &Report, registry: &RuleSets, cwd: &Path) -> Value {
    let paths = Paths::new(cwd);
    let mut rules = RuleTable::new(registry);
    for d in &report.diagnostics {
        rules.ensure(d);
    }

    let kept = keep_within_limit(&report.diagnostics);
    let mut occurrences: HashMap<u64, usize> = HashMap::new();
    let results: Vec<Value> = kept
        .iter()
        .map(|&i| result(&report.diagnostics[i], &rules, &paths, &mut occurrences))
        .collect();

    let mut notifications: Vec<Value> = report
        .errors
        .iter()
        .map(|e| {
            let mut n = Map::new();
            n.insert("level".into(), json!("error"));
            n.insert(
                "message".into(),
                json!({ "text": e.file.clone() + ": " + &e.message }),
            );
            n.insert(
                "locations".into(),
                json!([location(&e.file, e.location.as_ref(), &paths)]),
            );
            n.insert("descriptor".into(), json!({ "id": e.code() }));
            Value::Object(n)
        })
        .collect();
    if kept.len() < report.diagnostics.len() {
        notifications.push(json!({
            "level": "warning",
            "message": {"text": format!(
                "{} findings; only the {MAX_RESULTS} most severe are in this log (GitHub code scanning's limit per run)",
                report.diagnostics.len()
            )},
        }));
    }

    let mut notification_ids: Vec<&str> = report.errors.iter().map(|e| e.code()).collect();
    notification_ids.sort_unstable();
    notification_ids.dedup();

    let mut driver = Map::new();
    driver.insert("name".into(), json!("peerlint"));
    driver.insert("version".into(), json!(env!("CARGO_PKG_VERSION")));
    driver.insert("semanticVersion".into(), json!(env!("CARGO_PKG_VERSION")));
    driver.insert("rules".into(), Value::Array(rules.descriptors));
    if !notification_ids.is_empty() {
        driver.insert(
            "notifications".into(),
            notification_ids
                .iter()
                .map(|id| json!({"id": id, "shortDescription": {"text": notification_text(id)}}))
                .collect(),
        );
    }
    driver.insert(
        "properties".into(),
        json!({
            "ruleSets": report.rule_sets.iter()
                .map(|(p, v)| json!({"provider": p, "version": v}))
                .collect::<Vec<_>>(),
        }),
    );

    json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": Value::Object(driver)},
            "invocations": [{
                "executionSuccessful": report.errors.is_empty(),
                "toolExecutionNotifications": notifications,
                "workingDirectory": {"uri": paths.base_uri.clone()},
            }],
            "originalUriBaseIds": {SRCROOT: {"uri": paths.base_uri.clone()}},
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": {
                "summary": {
                    "files": report.summary.files,
                    "documents": report.summary.documents,
                    "skipped": report.summary.skipped,
                    "errors": report.summary.errors,
                    "warnings": report.summary.warnings,
                    "infos": report.summary.infos,
                    "suppressed": report.summary.suppressed,
                    "fixed": report.summary.fixed,
                },
            },
        }],
    })
}

fn notification_text(id: &str) -> &'static str {
    match id {
        "peerlint/invalid-rule-file" => "a rule file could not be used",
        "peerlint/invalid-inventory" => "an inventory could not be used",
        "peerlint/invalid-config" => "the config file could not be used",
        _ => "an input could not be used",
    }
}

/// Indices of the diagnostics to write: all of them, or the
/// [`MAX_RESULTS`] most severe (unsuppressed before suppressed), in report order.
fn keep_within_limit(diagnostics: &[Diagnostic]) -> Vec<usize> {
    let mut indices: Vec<usize> = (0..diagnostics.len()).collect();
    if indices.len() <= MAX_RESULTS {
        return indices;
    }
    let rank = |d: &Diagnostic| (d.suppressed.is_none(), d.severity);
    indices.sort_by(|&a, &b| {
        rank(&diagnostics[b])
            .cmp(&rank(&diagnostics[a]))
            .then(a.cmp(&b))
    });
    indices.truncate(MAX_RESULTS);
    indices.sort_unstable();
    indices
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn result(
    d: &Diagnostic,
    rules: &RuleTable,
    paths: &Paths,
    occurrences: &mut HashMap<u64, usize>,
) -> Value {
    let mut text = d.message.clone();
    if let Some(help) = &d.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    if let Some(api) = &d.api_error {
        text.push_str(&format!("\npredicted API error: {api}"));
    }

    let related: Vec<Value> = d
        .labels
        .iter()
        .take(MAX_RELATED_LOCATIONS)
        .enumerate()
        .map(|(i, l)| {
            let file = l.file.as_deref().unwrap_or(&d.file);
            let mut loc = location(file, Some(&l.location), paths);
            loc["id"] = json!(i);
            loc["message"] = json!({ "text": l.message });
            loc
        })
        .collect();

    let uri = paths.uri(&d.file).0;
    let key = fingerprint_key(&d.code, &uri, d.document, &d.pointer);
    let count = occurrences.entry(key).or_insert(0);
    *count += 1;
    let fingerprint = format!("{key:016x}:{count}");

    let mut properties = Map::new();
    properties.insert("pointer".into(), json!(d.pointer));
    if let Some(document) = d.document {
        properties.insert("document".into(), json!(document));
    }
    if let Some(provider) = &d.provider {
        properties.insert("provider".into(), json!(provider));
    }
    if let Some(api) = &d.api_error {
        properties.insert("apiError".into(), api_error(api));
    }
    if let Some(url) = &d.url {
        properties.insert("url".into(), json!(url));
    }

    let mut r = Map::new();
    r.insert("ruleId".into(), json!(d.code));
    if let Some(index) = rules.index.get(&d.code) {
        r.insert("ruleIndex".into(), json!(index));
    }
    r.insert("level".into(), json!(level(d.severity)));
    r.insert("message".into(), json!({ "text": text }));
    r.insert(
        "locations".into(),
        json!([location(&d.file, Some(&d.location), paths)]),
    );
    if !related.is_empty() {
        r.insert("relatedLocations".into(), Value::Array(related));
    }
    r.insert(
        "partialFingerprints".into(),
        json!({ FINGERPRINT_KEY: fingerprint }),
    );
    r.insert(
        "suppressions".into(),
        match &d.suppressed {
            Some(s) => {
                let mut sup = Map::new();
                sup.insert("kind".into(), json!(s.kind));
                sup.insert("status".into(), json!("accepted"));
                if let Some(j) = &s.justification {
                    sup.insert("justification".into(), json!(j));
                }
                json!([Value::Object(sup)])
            }
            None => json!([]),
        },
    );
    r.insert("properties".into(), Value::Object(properties));
    Value::Object(r)
}

fn api_error(api: &ApiError) -> Value {
    json!({"status": api.status, "code": api.code})
}

/// A SARIF `location` in `file`; no region when the position is unknown.
fn location(file: &str, at: Option<&Location>, paths: &Paths) -> Value {
    let (uri, base) = paths.uri(file);
    let mut artifact = Map::new();
    artifact.insert("uri".into(), json!(uri));
    if base {
        artifact.insert("uriBaseId".into(), json!(SRCROOT));
    }
    let mut physical = Map::new();
    physical.insert("artifactLocation".into(), Value::Object(artifact));
    if let Some(l) = at.filter(|l| l.start.line >= 1 && l.start.column >= 1) {
        // An end before the start (never expected) collapses to the start.
        let (end_line, end_column) = if (l.end.line, l.end.column) >= (l.start.line, l.start.column)
        {
            (l.end.line, l.end.column)
        } else {
            (l.start.line, l.start.column)
        };
        physical.insert(
            "region".into(),
            json!({
                "startLine": l.start.line,
                "startColumn": l.start.column,
                "endLine": end_line,
                "endColumn": end_column,
            }),
        );
    }
    json!({ "physicalLocation": Value::Object(physical) })
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

/// `rules` descriptors in order, with each id's index.
struct RuleTable {
    descriptors: Vec<Value>,
    index: HashMap<String, usize>,
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

impl RuleTable {
    fn new(registry: &RuleSets) -> RuleTable {
        let mut table = RuleTable {
            descriptors: Vec::new(),
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

    /// Add a descriptor for a diagnostic whose code no loaded rule has, so
    /// that every `ruleId` is in `tool.driver.rules`.
    fn ensure(&mut self, d: &Diagnostic) {
        if self.index.contains_key(&d.code) {
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

    fn push(&mut self, r: RuleInfo<'_>) {
        if self.index.contains_key(r.id) {
            return;
        }
        self.index.insert(r.id.to_owned(), self.descriptors.len());
        self.descriptors.push(descriptor(&r));
    }
}

fn descriptor(r: &RuleInfo<'_>) -> Value {
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
    let mut properties = Map::new();
    if r.id == peerlint::core_rules::CREDENTIAL.id {
        tags.push("security".into());
        properties.insert("security-severity".into(), json!("8.0"));
    }
    tags.dedup();
    tags.truncate(20);
    properties.insert("tags".into(), json!(tags));
    properties.insert(
        "precision".into(),
        json!(match r.severity {
            Severity::Error => "very-high",
            Severity::Warning => "high",
            Severity::Info => "medium",
        }),
    );
    properties.insert(
        "problem.severity".into(),
        json!(match r.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "recommendation",
        }),
    );
    if let Some(api) = r.api_error {
        properties.insert("apiError".into(), api_error(api));
    }

    let mut map = Map::new();
    map.insert("id".into(), json!(r.id));
    map.insert("name".into(), json!(pascal_case(r.id)));
    map.insert(
        "shortDescription".into(),
        json!({ "text": truncate_chars(r.summary, MAX_DESCRIPTION_CHARS) }),
    );
    map.insert(
        "fullDescription".into(),
        json!({ "text": truncate_chars(full, MAX_DESCRIPTION_CHARS) }),
    );
    map.insert("help".into(), json!({ "text": text, "markdown": markdown }));
    if let Some(url) = r.url {
        map.insert("helpUri".into(), json!(url));
    }
    map.insert(
        "defaultConfiguration".into(),
        json!({ "level": level(r.severity) }),
    );
    map.insert("properties".into(), Value::Object(properties));
    Value::Object(map)
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
