//! Loading rule files: built-in sets, `--rules` files and directories,
//! replacement and extension, and validation.
//!
//! Every problem of a file is collected (unknown keys with did-you-mean, bad
//! regexes and CIDRs, unknown check kinds, duplicate rule ids, detection keys
//! claimed twice) with its position. A provider whose file has any problem is
//! not loaded at all: there is no silent fallback to the built-in set.

use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use super::model::{
    Explanation, FactsShape, FieldSpec, FixSetting, Rule, RuleSet, RuleSets, ValueType,
};
use super::template::template_names;
use crate::checks::{self, Args, Scope};
use crate::diagnostic::{ApiError, Location, Severity};
use crate::dialect::reader::{Problem, Reader};
use crate::dialect::{
    compile_capture_regex, compile_regex, parse_char_range, CharClass, CharClasses, Region,
    RegionTable, Step, Target,
};
use crate::document::{self, Format, Node, SourceFile, Span};
use crate::error::InputError;
use crate::paths::display;
use crate::suggest::{hint, hint_prefix};

/// Defines [`BUILTIN`] and, in the same order, [`BUILTIN_PACKS`].
macro_rules! builtin_rule_files {
    ($(($file:literal, $pack:literal)),* $(,)?) => {
        /// The rule files compiled into the binary: `(name, text)`.
        pub const BUILTIN: &[(&str, &str)] =
            &[$(($file, include_str!(concat!("../../", $file)))),*];
        /// Each built-in file's tree, packed (see `document::packed`;
        /// rewritten by `PEERLINT_BLESS=1 cargo test builtin_packs`).
        const BUILTIN_PACKS: &[&[u8]] = &[$(include_bytes!($pack)),*];
    };
}

builtin_rule_files!(
    ("rules/jdcloud.yaml", "builtin/jdcloud.pack"),
    ("rules/tencentcloud.yaml", "builtin/tencentcloud.pack"),
    ("rules/tencentcloud-v3.yaml", "builtin/tencentcloud-v3.pack"),
    ("rules/aws.yaml", "builtin/aws.pack"),
    ("rules/alibabacloud.yaml", "builtin/alibabacloud.pack"),
    ("rules/huaweicloud.yaml", "builtin/huaweicloud.pack"),
    ("rules/gcp.yaml", "builtin/gcp.pack"),
    ("rules/azure.yaml", "builtin/azure.pack"),
);

/// Top-level keys of a rule file.
pub const TOP_KEYS: &[&str] = &[
    "provider",
    "name",
    "api",
    "version",
    "docs",
    "extends",
    "detect",
    "params",
    "vpcs",
    "regions",
    "classes",
    "rules",
    "override",
    "requester_vpc",
    "derived",
    "vpc_identity",
    "credentials",
    "terraform",
];
/// Keys every rule may have, whatever its check kind.
pub const COMMON_RULE_KEYS: &[&str] = &[
    "id",
    "check",
    "target",
    "severity",
    "summary",
    "message",
    "help",
    "api_error",
    "url",
    "explain",
    "depends_on",
    "extract",
    "when",
    "unless",
    "fix",
];
/// Common rule keys that only value (field) checks take.
pub const FIELD_ONLY_KEYS: &[&str] = &["target", "depends_on", "extract"];
/// Keys of a field spec.
pub const FIELD_KEYS: &[&str] = &[
    "type",
    "required",
    "text",
    "in",
    "description",
    "fields",
    "items",
    "additional",
];
/// Keys of the `vpcs` section.
pub const FACTS_KEYS: &[&str] = &["id", "cidrs", "region", "account", "aliases", "fields"];
/// Placeholders every rule message may use.
pub const COMMON_VARS: &[&str] = &["param", "value", "provider", "provider_name"];

/// Where rule sets come from.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    pub builtin: bool,
    /// Files or directories of rule files, in order (relative to `root`).
    pub paths: Vec<PathBuf>,
    /// The directory relative paths start from.
    pub root: PathBuf,
    /// Rule-parameter overrides from the config: `(provider, source, root)`
    /// where root is `{override: {...}}`, applied after every rule file.
    pub overrides: Vec<(String, SourceFile, Node)>,
}

/// The loaded registry with the problems met on the way.
#[derive(Debug, Default)]
pub struct Loaded {
    pub sets: RuleSets,
    pub errors: Vec<InputError>,
}

struct RawFile {
    source: SourceFile,
    root: Option<Node>,
    problems: Vec<Problem>,
    provider: Option<(String, Span)>,
    extends: Option<(String, Span)>,
    builtin: bool,
    /// A config's overrides: an extension whose base may be missing.
    from_config: bool,
    /// Its problems are all in `override` entries that were left out: the
    /// rest of it applies.
    rejected_only: bool,
}

impl RawFile {
    fn read(name: String, text: String, builtin: bool) -> RawFile {
        Self::read_packed(name, text, builtin, &[])
    }

    /// Like [`RawFile::read`], taking the tree from `pack` when it was made
    /// from this very text (see [`document::packed`]).
    fn read_packed(name: String, text: String, builtin: bool, pack: &[u8]) -> RawFile {
        let source = SourceFile::new(name, text);
        let parsed = match document::packed::unpack(&source.text, pack) {
            Some(root) => document::ParsedStream {
                documents: vec![root],
                ..Default::default()
            },
            None => document::parse(&source.text, Format::Yaml),
        };
        let mut problems: Vec<Problem> = parsed
            .errors
            .iter()
            .map(|e| Problem {
                span: e.span,
                message: format!("YAML syntax error: {}", e.message),
            })
            .collect();
        let mut documents = parsed.documents.into_iter();
        let root = documents.next();
        if let Some(extra) = documents.next() {
            problems.push(Problem {
                span: extra.span,
                message: "a rule file holds one YAML document".to_owned(),
            });
        }
        let key = |k: &str| {
            root.as_ref()
                .and_then(|r| r.get(k))
                .and_then(|n| n.as_str().map(|s| (s.to_owned(), n.span)))
        };
        let provider = key("provider");
        let extends = key("extends");
        if root.is_none() && problems.is_empty() {
            problems.push(Problem {
                span: Span::default(),
                message: "the rule file is empty".to_owned(),
            });
        }
        RawFile {
            source,
            root,
            problems,
            provider,
            extends,
            builtin,
            from_config: false,
            rejected_only: false,
        }
    }

    /// The provider id this file defines or extends.
    fn id(&self) -> Option<&str> {
        self.provider
            .as_ref()
            .or(self.extends.as_ref())
            .map(|(p, _)| p.as_str())
    }
}

/// The built-in rule files, unless `builtin` is off.
fn builtin_files(builtin: bool) -> Vec<RawFile> {
    if !builtin {
        return Vec::new();
    }
    // Parsed in parallel: start-up is most of a one-file run.
    BUILTIN
        .par_iter()
        .zip(BUILTIN_PACKS)
        .map(|((name, text), pack)| {
            RawFile::read_packed((*name).to_owned(), (*text).to_owned(), true, pack)
        })
        .collect()
}

/// Load the built-in sets (unless disabled) and the given paths.
pub fn load(options: &LoadOptions) -> Loaded {
    let mut loaded = Loaded::default();
    let mut files = builtin_files(options.builtin);
    for path in &options.paths {
        for file in expand(&options.root, path, &mut loaded.errors) {
            match std::fs::read(options.root.join(&file)) {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => files.push(RawFile::read(display(&file), text, false)),
                    Err(_) => loaded.errors.push(InputError::rule_file(
                        display(&file),
                        "rule file is not valid UTF-8".to_owned(),
                        None,
                    )),
                },
                Err(error) => loaded.errors.push(InputError::rule_file(
                    display(&file),
                    error.to_string(),
                    None,
                )),
            }
        }
    }
    for (provider, source, root) in &options.overrides {
        files.push(RawFile {
            source: SourceFile::new(source.name.clone(), source.text.clone()),
            root: Some(root.clone()),
            problems: Vec::new(),
            provider: None,
            extends: Some((provider.clone(), Span::default())),
            builtin: false,
            from_config: true,
            rejected_only: false,
        });
    }
    build_all(files, &mut loaded);
    loaded
}

/// Load rule sets from in-memory files (`name`, `text`), after the built-ins if asked.
pub fn load_texts(builtin: bool, texts: &[(&str, &str)]) -> Loaded {
    let mut loaded = Loaded::default();
    let mut files = builtin_files(builtin);
    for (name, text) in texts {
        files.push(RawFile::read((*name).to_owned(), (*text).to_owned(), false));
    }
    build_all(files, &mut loaded);
    loaded
}

/// A path, or the `.yaml`/`.yml` files of a directory in name order (as
/// given, relative to `root`).
fn expand(root: &Path, path: &Path, errors: &mut Vec<InputError>) -> Vec<PathBuf> {
    if !root.join(path).is_dir() {
        return vec![path.to_path_buf()];
    }
    match std::fs::read_dir(root.join(path)) {
        Ok(entries) => {
            let mut found: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .filter(|e| e.path().is_file())
                .map(|e| path.join(e.file_name()))
                .filter(|p| Format::from_path(&p.to_string_lossy()) == Some(Format::Yaml))
                .collect();
            found.sort();
            found
        }
        Err(error) => {
            errors.push(InputError::rule_file(
                display(path),
                error.to_string(),
                None,
            ));
            Vec::new()
        }
    }
}

fn build_all(mut files: Vec<RawFile>, loaded: &mut Loaded) {
    // A user file for a built-in provider replaces it; extensions apply to
    // whatever definition of the provider is in effect.
    let replaced: HashSet<String> = files
        .iter()
        .filter(|f| !f.builtin && f.extends.is_none())
        .filter_map(|f| f.provider.as_ref().map(|(p, _)| p.clone()))
        .collect();
    files.retain(|f| {
        !(f.builtin
            && f.provider
                .as_ref()
                .is_some_and(|(p, _)| replaced.contains(p)))
    });

    let mut bases: BTreeMap<String, usize> = BTreeMap::new();
    for (i, file) in files.iter_mut().enumerate() {
        if file.extends.is_some() {
            continue;
        }
        match &file.provider {
            Some((id, span)) => {
                if let Some(&previous) = bases.get(id) {
                    let _ = previous;
                    file.problems.push(Problem {
                        span: *span,
                        message: format!("provider `{id}` is defined by another rule file too"),
                    });
                } else {
                    bases.insert(id.clone(), i);
                }
            }
            None if file.root.is_some() => file.problems.push(Problem {
                span: file.root.as_ref().map_or(Span::default(), |r| Span::new(r.span.start, r.span.start)),
                message: "a rule file needs `provider` (a new or replacing set) or `extends` (an extension)".to_owned(),
            }),
            None => {}
        }
    }

    // Extensions of each provider, in file order.
    let mut extensions: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, file) in files.iter_mut().enumerate() {
        if let Some((base, span)) = file.extends.clone() {
            if file.provider.is_some() {
                file.problems.push(Problem {
                    span,
                    message: "a rule file has either `provider` or `extends`, not both".to_owned(),
                });
            } else if bases.contains_key(&base) {
                extensions.entry(base).or_default().push(i);
            } else if file.from_config {
                // The config's validation reports the unknown rule ids.
            } else {
                let known: Vec<&str> = bases.keys().map(String::as_str).collect();
                let suggestion = hint(&base, known.iter().copied());
                file.problems.push(Problem {
                    span,
                    message: format!("`extends: {base}` names no loaded rule set{suggestion}"),
                });
            }
        }
    }

    // Each provider's chain is built on its own (in parallel: start-up is
    // most of a one-file run); what it found is applied in provider order.
    let mut sets: Vec<(RuleSet, Vec<usize>)> = Vec::new();
    let mut left_out: Vec<(usize, String)> = Vec::new();
    let built: Vec<Built> = bases
        .par_iter()
        .map(|(id, &base)| {
            let extensions = extensions.get(id).map_or(&[][..], Vec::as_slice);
            build_chain(&files, id, base, extensions)
        })
        .collect();
    for built in built {
        for (i, problems) in built.problems {
            files[i].problems.extend(problems);
        }
        for i in built.rejected_only {
            files[i].rejected_only = true;
        }
        left_out.extend(built.left_out);
        sets.extend(built.set);
    }

    // Detection keys and rule ids must be unique across sets; the set loaded
    // later (user files come after built-ins) takes the blame.
    sets.sort_by_key(|(_, chain)| chain.first().copied().unwrap_or(0));
    let mut claimed: BTreeMap<String, String> = BTreeMap::new();
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    let mut types: BTreeMap<String, String> = BTreeMap::new();
    for (set, chain) in &sets {
        let last = *chain.last().unwrap_or(&0);
        for key in &set.detect {
            if let Some(other) = claimed.get(key) {
                let span = find_scalar(files[last].root.as_ref(), key).unwrap_or_default();
                files[last].problems.push(Problem {
                    span,
                    message: format!("detection key `{key}` is claimed by provider `{other}` too"),
                });
            } else {
                claimed.insert(key.clone(), set.provider.clone());
            }
        }
        for (name, span) in set.terraform.iter().flat_map(|t| t.claims()) {
            let at = chain[set.terraform.as_ref().map_or(0, |t| t.layer)];
            match types.get(&name) {
                Some(other) => files[at].problems.push(super::terraform::problem(
                    span,
                    format!("Terraform resource type `{name}` is mapped by provider `{other}` too"),
                )),
                None => {
                    types.insert(name, set.provider.clone());
                }
            }
        }
        // A detection key that another set declares as a parameter would
        // make that set's own documents ambiguous; the set loaded later
        // (user files come after built-ins) takes the blame.
        for (other, _) in sets.iter().take_while(|(o, _)| o.provider != set.provider) {
            let clash = set
                .detect
                .iter()
                .find(|k| other.param(k).is_some())
                .map(|k| (k, &set.provider, &other.provider))
                .or_else(|| {
                    other
                        .detect
                        .iter()
                        .find(|k| set.param(k).is_some())
                        .map(|k| (k, &other.provider, &set.provider))
                });
            if let Some((key, detecting, declaring)) = clash {
                let span = find_scalar(files[last].root.as_ref(), key).unwrap_or_else(|| {
                    files[last]
                        .root
                        .as_ref()
                        .map_or(Span::default(), |r| r.span)
                });
                files[last].problems.push(Problem {
                    span,
                    message: format!(
                        "`{key}` identifies provider `{detecting}` but is a parameter of provider `{declaring}` too: requests would be ambiguous"
                    ),
                });
            }
        }
        for rule in &set.rules {
            if let Some(other) = ids.get(&rule.id) {
                files[last].problems.push(Problem {
                    span: rule.origin.1,
                    message: format!("rule id `{}` is used by provider `{other}` too", rule.id),
                });
            } else {
                ids.insert(rule.id.clone(), set.provider.clone());
            }
        }
    }

    for (set, chain) in sets {
        if chain
            .iter()
            .all(|&i| files[i].problems.is_empty() || files[i].rejected_only)
        {
            loaded.sets.sets.insert(set.provider.clone(), set);
        }
    }
    for file in &mut files {
        file.problems.sort_by_key(|p| (p.span.start, p.span.end));
        file.problems.dedup();
    }
    for file in &files {
        for problem in &file.problems {
            loaded.errors.push(InputError::rule_file(
                file.source.name.clone(),
                problem.message.clone(),
                Some(Location::resolve(&file.source, problem.span)),
            ));
        }
    }
    for (i, note) in left_out {
        loaded.errors.push(InputError::rule_file(
            files[i].source.name.clone(),
            note,
            None,
        ));
    }
    for file in &files {
        if !file.problems.is_empty() && file.extends.is_none() {
            let loaded_elsewhere = file
                .id()
                .and_then(|id| loaded.sets.get(id))
                .is_some_and(|set| set.file != file.source.name);
            if let Some(id) = file.id().filter(|_| !loaded_elsewhere) {
                loaded.errors.push(InputError::rule_file(
                    file.source.name.clone(),
                    format!(
                        "provider `{id}` is not loaded: its rule file has {} problem(s)",
                        file.problems.len()
                    ),
                    None,
                ));
            }
        }
    }
    // The files' trees are no longer needed. Freeing them is a tenth of a
    // one-file run's start-up: an idle thread of the pool that read them
    // does it, off the path to the first lint.
    rayon::spawn(move || drop(files));
}

/// What building one provider's chain gave.
#[derive(Default)]
struct Built {
    /// The set, with the files (indices) it was built from.
    set: Option<(RuleSet, Vec<usize>)>,
    /// New problems of the chain's files.
    problems: Vec<(usize, Vec<Problem>)>,
    /// Files (or parts of them) that were not applied, and why.
    left_out: Vec<(usize, String)>,
    /// Config overrides of which only the bad entries were left out.
    rejected_only: Vec<usize>,
}

/// Build provider `id` from its base file and its extensions, in order. A
/// bad extension (or a bad entry of the config's `override`) is left out
/// and the set is built without it; only a bad base unloads the provider.
fn build_chain(files: &[RawFile], id: &str, base: usize, extensions: &[usize]) -> Built {
    let mut built = Built::default();
    let not_applied =
        || format!("this extension of `{id}` is not applied; `{id}` is loaded without it");
    let mut chain: Vec<usize> = std::iter::once(base)
        .chain(extensions.iter().copied())
        .filter(|&i| {
            let usable = files[i].root.is_some() && (i == base || files[i].problems.is_empty());
            if !usable && i != base {
                built.left_out.push((i, not_applied()));
            }
            usable
        })
        .collect();
    let mut roots: Vec<Cow<Node>> = chain
        .iter()
        .filter_map(|&i| files[i].root.as_ref().map(Cow::Borrowed))
        .collect();
    loop {
        let layers: Vec<(&SourceFile, &Node)> = chain
            .iter()
            .zip(&roots)
            .map(|(&i, root)| (&files[i].source, root.as_ref()))
            .collect();
        let mut readers: Vec<Reader> = chain
            .iter()
            .map(|&i| Reader {
                lazy_regex: files[i].builtin,
                ..Reader::default()
            })
            .collect();
        let set = build_set(&layers, &mut readers);
        let mut problems: Vec<Vec<Problem>> = readers.into_iter().map(|r| r.problems).collect();
        if !files[base].problems.is_empty() || !problems[0].is_empty() {
            // Not loaded; still checked against the other sets, so that
            // every problem of the file is reported at once.
            built
                .problems
                .push((base, std::mem::take(&mut problems[0])));
            built.set = set.map(|set| (set, chain));
            return built;
        }
        let bad: Vec<usize> = (1..chain.len())
            .filter(|&k| !problems[k].is_empty())
            .collect();
        if bad.is_empty() {
            built.set = set.map(|set| (set, chain));
            return built;
        }
        for &k in bad.iter().rev() {
            let i = chain[k];
            let kept = if files[i].from_config {
                without_bad_overrides(&roots[k], &problems[k])
            } else {
                None
            };
            built.problems.push((i, std::mem::take(&mut problems[k])));
            match kept {
                Some((root, rejected)) => {
                    for rule in rejected {
                        built
                            .left_out
                            .push((i, format!("the override of `{rule}` is not applied")));
                    }
                    roots[k] = Cow::Owned(root);
                    built.rejected_only.push(i);
                }
                None => {
                    built.left_out.push((i, not_applied()));
                    chain.remove(k);
                    roots.remove(k);
                }
            }
        }
    }
}

/// `root` (`{override: {...}}`) without the override entries that hold one
/// of `problems`, and the rule ids of those entries; `None` when a problem
/// lies outside every entry.
fn without_bad_overrides(root: &Node, problems: &[Problem]) -> Option<(Node, Vec<String>)> {
    let overrides = root.get("override")?.as_mapping()?;
    let inside = |e: &crate::document::Entry, p: &Problem| {
        e.key.span.start <= p.span.start && p.span.end <= e.value.span.end.max(e.key.span.end)
    };
    if problems
        .iter()
        .any(|p| !overrides.iter().any(|e| inside(e, p)))
    {
        return None;
    }
    let (bad, kept): (Vec<_>, Vec<_>) = overrides
        .iter()
        .cloned()
        .partition(|e| problems.iter().any(|p| inside(e, p)));
    let rejected = bad
        .iter()
        .filter_map(|e| e.key.as_str().map(str::to_owned))
        .collect();
    let mut root = root.clone();
    if let crate::document::NodeKind::Mapping(entries) = &mut root.kind {
        for entry in entries.iter_mut() {
            if entry.key.as_str() == Some("override") {
                entry.value.kind = crate::document::NodeKind::Mapping(kept.clone());
            }
        }
    }
    Some((root, rejected))
}

fn find_scalar(root: Option<&Node>, value: &str) -> Option<Span> {
    let detect = root?.get("detect")?;
    match detect.as_sequence() {
        Some(items) => items
            .iter()
            .find(|n| n.as_str() == Some(value))
            .map(|n| n.span),
        None => Some(detect.span),
    }
}

/// The value of top-level `key` in the last layer that has it, with its layer.
fn last_layer<'a>(layers: &[(&'a SourceFile, &'a Node)], key: &str) -> Option<(usize, &'a Node)> {
    layers
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, (_, root))| root.get(key).map(|n| (i, n)))
}

/// Build one provider's set from its base file and its extensions.
fn build_set(layers: &[(&SourceFile, &Node)], readers: &mut [Reader]) -> Option<RuleSet> {
    for (i, (_, root)) in layers.iter().enumerate() {
        readers[i].mapping(root, "the rule file", TOP_KEYS);
    }
    let base = layers.first()?;
    let text = |key: &str, readers: &mut [Reader]| -> Option<String> {
        let (i, node) = last_layer(layers, key)?;
        readers[i].string(node, key)
    };
    let provider = text("provider", readers)?;
    if !is_kebab(&provider) {
        if let Some(n) = base.1.get("provider") {
            readers[0].error(
                n.span,
                format!("provider id `{provider}` must be lowercase letters, digits and `-`"),
            );
        }
    }
    let name = text("name", readers).unwrap_or_else(|| provider.clone());
    let api = text("api", readers);
    let docs = text("docs", readers);
    let version = match text("version", readers) {
        Some(v) => v,
        None => {
            readers[0].error(
                Span::new(base.1.span.start, base.1.span.start),
                "a rule set needs `version` (its data version)",
            );
            String::new()
        }
    };
    let detect: Vec<String> = match last_layer(layers, "detect") {
        Some((i, node)) => readers[i]
            .strings(node, "detect")
            .into_iter()
            .map(|(s, _)| s)
            .collect(),
        None => Vec::new(),
    };

    let mut classes = CharClasses::default();
    for (i, (_, root)) in layers.iter().enumerate() {
        if let Some(node) = root.get("classes") {
            read_classes(node, &mut classes, &mut readers[i]);
        }
    }
    let mut regions = RegionTable::default();
    for (i, (_, root)) in layers.iter().enumerate() {
        if let Some(node) = root.get("regions") {
            read_regions(node, &mut regions, &mut readers[i]);
        }
    }
    let mut params: Vec<FieldSpec> = Vec::new();
    for (i, (_, root)) in layers.iter().enumerate() {
        if let Some(node) = root.get("params") {
            for spec in read_fields(node, "params", &mut readers[i]) {
                params.retain(|p| p.name != spec.name);
                params.push(spec);
            }
        }
    }
    if params.is_empty() {
        readers[0].error(
            Span::new(base.1.span.start, base.1.span.start),
            "a rule set needs `params`",
        );
    }
    let facts = match last_layer(layers, "vpcs") {
        Some((i, node)) => read_facts(node, &mut readers[i]),
        None => None,
    };
    for key in &detect {
        if super::model::spec_at(&params, key).is_none() {
            if let Some((i, node)) = last_layer(layers, "detect") {
                let span = node
                    .as_sequence()
                    .and_then(|items| items.iter().find(|n| n.as_str() == Some(key)))
                    .map_or(node.span, |n| n.span);
                readers[i].error(
                    span,
                    format!("detection key `{key}` is not a declared parameter"),
                );
            }
        }
    }

    // Derived values: merged by name across layers, in declaration order.
    let mut derived: Vec<super::model::Derived> = Vec::new();
    for (i, (_, root)) in layers.iter().enumerate() {
        if let Some(node) = root.get("derived") {
            for d in read_derived(node, &params, &derived, &mut readers[i]) {
                derived.retain(|x| x.name != d.name);
                derived.push(d);
            }
        }
    }
    let derived_names: Vec<String> = derived.iter().map(|d| d.name.clone()).collect();
    let vpc_identity = match last_layer(layers, "vpc_identity") {
        Some((i, node)) => read_vpc_identity(node, &params, &derived_names, &mut readers[i]),
        None => None,
    };
    let credentials = match last_layer(layers, "credentials") {
        Some((i, node)) => read_credentials(node, &mut readers[i]),
        None => Vec::new(),
    };
    let context = RuleContext {
        provider: &provider,
        derived: &derived_names,
        params: &params,
        facts: facts.as_ref(),
        classes: &classes,
        regions: &regions,
    };
    let mut rules: Vec<Rule> = Vec::new();
    if let Some(entry) = base.1.entry("override") {
        readers[0].error(
            entry.key.span,
            "`override` patches rules of another rule set: use it in a file with `extends`, or edit `rules` here",
        );
    }
    let overrides: Vec<(usize, &Node)> = layers
        .iter()
        .enumerate()
        .skip(1)
        .filter_map(|(i, (_, root))| root.get("override").map(|n| (i, n)))
        .collect();
    let mut overridden: HashSet<String> = HashSet::new();
    for (i, (source, root)) in layers.iter().enumerate() {
        let Some(list) = root.get("rules") else {
            continue;
        };
        let mut seen_here: HashSet<&str> = HashSet::new();
        for item in readers[i].list(list, "rules").iter() {
            let id = item.get("id").and_then(Node::as_str).unwrap_or("");
            if !id.is_empty() && !seen_here.insert(id) {
                let span = item.get("id").map_or(item.span, |n| n.span);
                readers[i].error(span, format!("duplicate rule id `{id}`"));
                continue;
            }
            // An `override` in a later layer patches this rule's keys.
            let patch = overrides.iter().rev().find_map(|(j, node)| {
                node.as_mapping()?
                    .iter()
                    .find(|e| e.key.as_str() == Some(id))
                    .map(|e| (*j, &e.value))
            });
            let built = match patch {
                Some((j, patch)) => {
                    overridden.insert(id.to_owned());
                    build_rule(
                        item,
                        Some(patch),
                        &context,
                        layers[j].0,
                        &mut readers[j],
                        &rules,
                    )
                }
                None => build_rule(item, None, &context, source, &mut readers[i], &rules),
            };
            if let Some(rule) = built {
                if let Some(pos) = rules.iter().position(|r| r.id == rule.id) {
                    rules[pos] = rule;
                } else {
                    rules.push(rule);
                }
            }
        }
    }
    for (j, node) in &overrides {
        for (id, _, span) in readers[*j].any_mapping(node, "override") {
            if !overridden.contains(id) {
                let suggestion = hint(id, rules.iter().map(|r| r.id.as_str()));
                readers[*j].error(span, format!("override of unknown rule `{id}`{suggestion}"));
            }
        }
    }
    let requester_vpc = match last_layer(layers, "requester_vpc") {
        Some((i, node)) => {
            let name = readers[i].string(node, "requester_vpc");
            if let Some(n) = &name {
                let known = match n.strip_prefix("derived.") {
                    Some(d) => derived.iter().any(|x| x.name == d),
                    None => super::model::spec_at(&params, n).is_some(),
                };
                if !known {
                    readers[i].error(
                        node.span,
                        format!("requester_vpc `{n}` is not a declared parameter or derived value"),
                    );
                }
            }
            name
        }
        None => facts
            .as_ref()
            .map(|f| f.id.clone())
            .filter(|id| params.iter().any(|p| &p.name == id)),
    };
    let text_fields = super::model::text_fields(&params, facts.as_ref(), &rules);
    let mut vpc_refs: Vec<String> = rules
        .iter()
        .filter_map(|r| match &r.check {
            crate::checks::Check::CrossDocument(c) => Some(c.vpc_keys()),
            _ => None,
        })
        .flatten()
        .map(str::to_owned)
        .chain(requester_vpc.clone())
        .collect();
    vpc_refs.sort();
    vpc_refs.dedup();
    let terraform = super::terraform::read(layers, readers, &params, facts.as_ref());
    Some(RuleSet {
        terraform,
        credentials,
        vpc_refs,
        text_fields,
        derived,
        vpc_identity,
        requester_vpc,
        provider,
        name,
        api,
        version,
        docs,
        detect,
        params,
        facts,
        regions,
        rules,
        file: base.0.name.clone(),
        classes,
    })
}

/// Whether `path` names a declared parameter (dotted) or, with
/// `derived.`, one of `derived`.
fn value_path_known(path: &str, params: &[FieldSpec], derived: &[String]) -> bool {
    match path.strip_prefix("derived.") {
        Some(d) => derived.iter().any(|x| x == d),
        None => super::model::spec_at(params, path)
            .is_some_and(|s| !matches!(s.value_type, ValueType::Object) && !s.value_type.is_list()),
    }
}

/// A template: text with `{path}` placeholders (and, with `groups`, `{1}`
/// capture groups); unknown placeholders are reported.
fn read_template(
    text: &str,
    span: Span,
    params: &[FieldSpec],
    derived: &[String],
    groups: bool,
    r: &mut Reader,
) -> Vec<super::model::Piece> {
    use super::model::Piece;
    let mut pieces = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            pieces.push(Piece::Text(rest[..open].to_owned()));
        }
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            r.error(span, format!("template `{text}` has an unclosed `{{`"));
            return pieces;
        };
        let name = &after[..close];
        match name.parse::<usize>() {
            Ok(n) if groups => pieces.push(Piece::Group(n)),
            _ if value_path_known(name, params, derived) => {
                pieces.push(Piece::Value(name.to_owned()))
            }
            _ => r.error(
                span,
                format!("`{{{name}}}` in `{text}` names no declared parameter (or earlier derived value)"),
            ),
        }
        rest = &after[close + 1..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest.to_owned()));
    }
    pieces
}

/// The `derived:` section: `name: {template | from, at, ignore_case}`.
fn read_derived(
    node: &Node,
    params: &[FieldSpec],
    earlier: &[super::model::Derived],
    r: &mut Reader,
) -> Vec<super::model::Derived> {
    let mut out: Vec<super::model::Derived> = Vec::new();
    for (name, value, key_span) in r.any_mapping(node, "derived") {
        let valid_name = name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !valid_name {
            r.error(
                key_span,
                format!("derived name `{name}` must be lowercase letters, digits and `_`"),
            );
            continue;
        }
        let known: Vec<String> = earlier.iter().chain(&out).map(|d| d.name.clone()).collect();
        let entries = r.mapping(
            value,
            &format!("derived.{name}"),
            &["template", "from", "at", "ignore_case"],
        );
        let get = |k: &str| entries.iter().find(|(e, _)| *e == k).map(|(_, v)| *v);
        let template = match get("template") {
            Some(n) => r
                .string(n, "template")
                .map(|t| read_template(&t, n.span, params, &known, false, r))
                .unwrap_or_default(),
            None => Vec::new(),
        };
        let from: Vec<String> = match get("from") {
            Some(n) => r
                .strings(n, "from")
                .into_iter()
                .filter(|(p, sp)| {
                    let ok = value_path_known(p, params, &known);
                    if !ok {
                        r.error(*sp, format!("`{p}` names no declared parameter"));
                    }
                    ok
                })
                .map(|(p, _)| p)
                .collect(),
            None => Vec::new(),
        };
        if template.is_empty() == from.is_empty() {
            r.error(
                value.span,
                format!("derived `{name}` needs one of `template` and `from`"),
            );
            continue;
        }
        let at = get("at").and_then(|n| {
            let p = r.string(n, "at")?;
            if super::model::spec_at(params, &p).is_none() {
                r.error(n.span, format!("`at: {p}` names no declared parameter"));
                return None;
            }
            Some(p)
        });
        let ignore_case = get("ignore_case")
            .and_then(|n| r.boolean(n, "ignore_case"))
            .unwrap_or(false);
        out.push(super::model::Derived {
            name: name.to_owned(),
            template,
            from,
            at,
            ignore_case,
        });
    }
    out
}

/// The `credentials:` section: the shapes of the provider's keys, each a
/// `name` and a `pattern` searched for in every value of every document.
fn read_credentials(node: &Node, r: &mut Reader) -> Vec<super::model::CredentialShape> {
    let mut out = Vec::new();
    for item in r.list(node, "credentials") {
        let entries = r.mapping(item, "a credential shape", &["name", "pattern"]);
        let get = |k: &str| entries.iter().find(|(e, _)| *e == k).map(|(_, v)| *v);
        let (Some(name), Some(pattern)) = (get("name"), get("pattern")) else {
            r.error(item.span, "a credential shape needs `name` and `pattern`");
            continue;
        };
        let Some(name) = r.string(name, "name") else {
            continue;
        };
        let Some(regex) = r
            .string(pattern, "pattern")
            .and_then(|t| compile_regex(&t, pattern.span, r))
        else {
            continue;
        };
        // Checked where the regex is compiled now: a built-in file's are
        // checked by the test that compiles them all.
        if regex.is_compiled() && regex.is_match("") {
            r.error(
                pattern.span,
                "a credential pattern must not match the empty value",
            );
            continue;
        }
        out.push(super::model::CredentialShape { name, regex });
    }
    out
}

/// The `vpc_identity:` section: `rewrite` rules and `ignore_case`.
fn read_vpc_identity(
    node: &Node,
    params: &[FieldSpec],
    derived: &[String],
    r: &mut Reader,
) -> Option<super::model::VpcIdentity> {
    let entries = r.mapping(node, "vpc_identity", &["rewrite", "ignore_case"]);
    let mut identity = super::model::VpcIdentity::default();
    for (key, value) in entries {
        if key == "ignore_case" {
            identity.ignore_case = r.boolean(value, "ignore_case").unwrap_or(false);
            continue;
        }
        for item in r.list(value, "rewrite") {
            let rule = r.mapping(item, "a rewrite", &["match", "to"]);
            let get = |k: &str| rule.iter().find(|(e, _)| *e == k).map(|(_, v)| *v);
            let (Some(m), Some(to)) = (get("match"), get("to")) else {
                r.error(item.span, "a rewrite needs `match` and `to`");
                continue;
            };
            let Some(re) = r
                .string(m, "match")
                .and_then(|t| compile_regex(&t, m.span, r))
            else {
                continue;
            };
            let Some(to_text) = r.string(to, "to") else {
                continue;
            };
            let pieces = read_template(&to_text, to.span, params, derived, true, r);
            let groups = re.captures_len();
            if let Some(n) = pieces.iter().find_map(|p| match p {
                super::model::Piece::Group(n) if *n >= groups => Some(*n),
                _ => None,
            }) {
                r.error(to.span, format!("`{{{n}}}`: the regex has no group {n}"));
                continue;
            }
            identity.rewrites.push((re, pieces));
        }
    }
    Some(identity)
}

fn is_kebab(text: &str) -> bool {
    !text.is_empty()
        && text.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

fn read_classes(node: &Node, classes: &mut CharClasses, r: &mut Reader) {
    for (name, value, _) in r.any_mapping(node, "classes") {
        let entries = r.mapping(
            value,
            &format!("class `{name}`"),
            &["ranges", "chars", "description"],
        );
        let mut ranges = Vec::new();
        let mut description = name.to_owned();
        for (key, v) in entries {
            match key {
                "ranges" => {
                    for (text, span) in r.strings(v, "ranges") {
                        match parse_char_range(&text) {
                            Some(range) => ranges.push(range),
                            None => r.error(
                                span,
                                format!("`{text}` is not a range like `U+4E00..U+9FA5`"),
                            ),
                        }
                    }
                }
                "chars" => {
                    if let Some(chars) = r.string(v, "chars") {
                        ranges.extend(chars.chars().map(|c| (c, c)));
                    }
                }
                _ => {
                    if let Some(d) = r.string(v, "description") {
                        description = d;
                    }
                }
            }
        }
        classes.classes.insert(
            name.to_owned(),
            CharClass {
                ranges,
                description,
            },
        );
    }
}

fn read_regions(node: &Node, regions: &mut RegionTable, r: &mut Reader) {
    for item in r.list(node, "regions") {
        let entries = r.mapping(item, "a region", &["code", "name", "aliases"]);
        let mut code = None;
        let mut names = Vec::new();
        for (key, v) in entries {
            match key {
                "code" => code = r.string(v, "code"),
                "name" => names.extend(r.string(v, "name")),
                _ => names.extend(r.strings(v, "aliases").into_iter().map(|(s, _)| s)),
            }
        }
        match code {
            Some(code) => {
                regions.regions.retain(|existing| existing.code != code);
                regions.regions.push(Region { code, names });
            }
            None => r.error(item.span, "a region needs `code`"),
        }
    }
}

/// How deep field specs may nest (`fields` in `fields`, `items`).
const MAX_SPEC_DEPTH: usize = 8;

fn read_fields(node: &Node, what: &str, r: &mut Reader) -> Vec<FieldSpec> {
    read_fields_at(node, what, r, 0)
}

fn read_fields_at(node: &Node, what: &str, r: &mut Reader, depth: usize) -> Vec<FieldSpec> {
    let mut out = Vec::new();
    for (name, value, key_span) in r.any_mapping(node, what) {
        if name.contains(['.', '[', ']']) {
            r.error(
                key_span,
                format!("field name `{name}` may not contain `.`, `[` or `]` (targets use them)"),
            );
            continue;
        }
        out.push(read_spec(name, value, &format!("{what}.{name}"), r, depth));
    }
    out
}

/// One field spec: `type`, `required`, `text`, `in`, `description`, and for
/// an `object` its `fields` (and `additional`), for a `list` its `items`.
fn read_spec(name: &str, value: &Node, what: &str, r: &mut Reader, depth: usize) -> FieldSpec {
    let mut spec = FieldSpec::new(name, ValueType::String);
    let entries = r.mapping(value, what, FIELD_KEYS);
    if depth > MAX_SPEC_DEPTH {
        r.error(
            value.span,
            format!("field specs nest deeper than {MAX_SPEC_DEPTH} levels"),
        );
        return spec;
    }
    let mut fields_node = None;
    let mut items_node = None;
    let mut additional = None;
    for (key, v) in entries {
        match key {
            "type" => match v.as_str().and_then(ValueType::parse) {
                Some(t) => spec.value_type = t,
                None => r.error(
                    v.span,
                    format!("type must be one of {}", ValueType::NAMES.join(", ")),
                ),
            },
            "required" => spec.required = r.boolean(v, "required").unwrap_or(false),
            "text" => spec.text = r.boolean(v, "text").unwrap_or(false),
            "in" => spec.location = r.string(v, "in"),
            "fields" => fields_node = Some(v),
            "items" => items_node = Some(v),
            "additional" => additional = Some(v),
            _ => spec.description = r.string(v, "description"),
        }
    }
    match (spec.value_type, fields_node) {
        (ValueType::Object, Some(n)) => {
            spec.fields = read_fields_at(n, &format!("{what}.fields"), r, depth + 1);
            if spec.fields.is_empty() {
                r.error(n.span, "`fields` of an object declares no member");
            }
        }
        (ValueType::Object, None) => r.error(value.span, "a `type: object` field needs `fields`"),
        (_, Some(n)) => r.error(n.span, "`fields` goes with `type: object` only"),
        _ => {}
    }
    match (spec.value_type, items_node) {
        (ValueType::List, Some(n)) => {
            spec.items = Some(Box::new(read_spec(
                name,
                n,
                &format!("{what}.items"),
                r,
                depth + 1,
            )));
        }
        (ValueType::List, None) => r.error(value.span, "a `type: list` field needs `items`"),
        (_, Some(n)) => r.error(n.span, "`items` goes with `type: list` only"),
        _ => {}
    }
    if let Some(n) = additional {
        match (spec.value_type, n.as_str()) {
            (ValueType::Object, Some("warn")) => spec.report_unknown = true,
            (ValueType::Object, Some("ignore")) => spec.report_unknown = false,
            (ValueType::Object, _) => r.error(n.span, "additional must be `warn` or `ignore`"),
            _ => r.error(n.span, "`additional` goes with `type: object` only"),
        }
    }
    spec
}

fn read_facts(node: &Node, r: &mut Reader) -> Option<FactsShape> {
    let entries = r.mapping(node, "vpcs", FACTS_KEYS);
    let get = |k: &str| entries.iter().find(|(key, _)| *key == k).map(|(_, v)| *v);
    let fields = get("fields")
        .map(|n| read_fields(n, "vpcs.fields", r))
        .unwrap_or_default();
    // A field path: `name`, `a.b`, or `list[].member`, through declared fields.
    let path_known = |path: &str| -> bool {
        let mut specs: &[FieldSpec] = &fields;
        let parts: Vec<&str> = path.split('.').collect();
        for (i, part) in parts.iter().enumerate() {
            let (name, each) = match part.strip_suffix("[]") {
                Some(n) => (n, true),
                None => (*part, false),
            };
            let Some(spec) = specs.iter().find(|f| f.name == name) else {
                return false;
            };
            let reached = if each {
                match &spec.items {
                    Some(items) => items.as_ref(),
                    None => return i + 1 == parts.len(),
                }
            } else {
                spec
            };
            specs = &reached.fields;
        }
        true
    };
    let check_path = |node: &Node, path: &str, r: &mut Reader| {
        if !path_known(path) {
            r.error(node.span, format!("`{path}` is not a path of vpcs.fields"));
        }
    };
    let field_name = |key: &str, r: &mut Reader| -> Option<String> {
        let node = get(key)?;
        let name = r.string(node, key)?;
        check_path(node, &name, r);
        Some(name)
    };
    let id = field_name("id", r);
    let cidrs: Vec<String> = match get("cidrs") {
        Some(node) => r
            .strings(node, "cidrs")
            .into_iter()
            .map(|(path, span)| {
                if !path_known(&path) {
                    r.error(span, format!("`{path}` is not a path of vpcs.fields"));
                }
                path
            })
            .collect(),
        None => Vec::new(),
    };
    let region = field_name("region", r);
    let account = field_name("account", r);
    let aliases = field_name("aliases", r);
    match id {
        Some(id) => Some(FactsShape {
            id,
            cidrs,
            region,
            account,
            aliases,
            fields,
        }),
        None => {
            r.error(node.span, "vpcs needs `id` (the field holding the VPC id)");
            None
        }
    }
}

struct RuleContext<'a> {
    provider: &'a str,
    /// Names of the set's derived values.
    derived: &'a [String],
    params: &'a [FieldSpec],
    facts: Option<&'a FactsShape>,
    classes: &'a CharClasses,
    regions: &'a RegionTable,
}

impl RuleContext<'_> {
    /// A condition or a list of conditions (`when:`/`unless:`): each a
    /// mapping with `target` and one test.
    fn parse_conditions(
        &self,
        node: &Node,
        key: &str,
        r: &mut Reader,
    ) -> Vec<crate::dialect::Condition> {
        use crate::dialect::{Condition, Test};
        let items: Vec<&Node> = match node.as_sequence() {
            Some(list) => list.iter().collect(),
            None => vec![node],
        };
        const TESTS: &[&str] = &[
            "present",
            "equals",
            "one_of",
            "matches",
            "same_as",
            "differs_from",
        ];
        let mut out = Vec::new();
        for item in items {
            let mut allowed = vec!["target"];
            allowed.extend_from_slice(TESTS);
            let entries = r.mapping(item, &format!("a `{key}` condition"), &allowed);
            let get = |k: &str| entries.iter().find(|(e, _)| *e == k).map(|(_, v)| *v);
            let Some(target) = get("target").and_then(|n| self.scalar_target(n, r)) else {
                if get("target").is_none() {
                    r.error(item.span, format!("a `{key}` condition needs `target`"));
                }
                continue;
            };
            let tests: Vec<(&str, &Node)> = entries
                .iter()
                .filter(|(k, _)| TESTS.contains(k))
                .copied()
                .collect();
            let [(test, value)] = tests.as_slice() else {
                r.error(
                    item.span,
                    format!(
                        "a `{key}` condition has exactly one test: {}",
                        TESTS.join(", ")
                    ),
                );
                continue;
            };
            let test = match *test {
                "present" => r.boolean(value, "present").map(Test::Present),
                "equals" => r.string(value, "equals").map(Test::Equals),
                "one_of" => {
                    let list: Vec<String> = r
                        .strings(value, "one_of")
                        .into_iter()
                        .map(|(s, _)| s)
                        .collect();
                    if list.is_empty() {
                        r.error(value.span, "`one_of` needs at least one value");
                    }
                    (!list.is_empty()).then_some(Test::OneOf(list))
                }
                "matches" => r
                    .string(value, "matches")
                    .and_then(|re| compile_regex(&re, value.span, r))
                    .map(Test::Matches),
                "same_as" => self.scalar_target(value, r).map(Test::SameAs),
                _ => self.scalar_target(value, r).map(Test::DiffersFrom),
            };
            if let Some(test) = test {
                out.push(Condition { target, test });
            }
        }
        out
    }

    /// A target of one scalar per request (no `[]`): conditions and the
    /// keys of cross-document kinds.
    fn scalar_target(&self, node: &Node, r: &mut Reader) -> Option<Target> {
        let target = self.parse_target(node, r)?;
        if target.has_each() || target.container || !(target.is_param() || target.is_derived()) {
            r.error(
                node.span,
                format!(
                    "`{}` must name one value of the request (a `params.` path without `[]`, or `derived.`)",
                    target.text
                ),
            );
            return None;
        }
        Some(target)
    }

    /// Parse a target: `params.<path>`, `vpcs[].<path>` or `derived.<name>`,
    /// where a path is `name(.name)*` with `[]` after a list to go into its
    /// items. Every step must be declared; a target may end at a list or a
    /// mapping (only kinds that check whole values take that).
    fn parse_target(&self, node: &Node, r: &mut Reader) -> Option<Target> {
        let text = r.string(node, "target")?;
        if let Some(name) = text.strip_prefix("derived.") {
            if !self.derived.iter().any(|d| d == name) {
                let suggestion = hint(name, self.derived.iter().map(String::as_str));
                r.error(
                    node.span,
                    format!("target `{text}` names no `derived` value{suggestion}"),
                );
                return None;
            }
            return Some(Target::new(
                text.clone(),
                vec![Step::Key("derived".into()), Step::Key(name.to_owned())],
            ));
        }
        let (mut fields, rest, root): (&[FieldSpec], &str, &str) =
            if let Some(rest) = text.strip_prefix("params.") {
                (self.params, rest, "params")
            } else if let Some(rest) = text.strip_prefix("vpcs[].") {
                match self.facts {
                    Some(facts) => (&facts.fields, rest, "vpcs"),
                    None => {
                        r.error(
                            node.span,
                            format!("target `{text}` needs a `vpcs` section in the rule set"),
                        );
                        return None;
                    }
                }
            } else {
                r.error(
                    node.span,
                    format!("target `{text}` must start with `params.`, `vpcs[].` or `derived.`"),
                );
                return None;
            };
        let mut steps = vec![Step::Key(root.to_owned())];
        if root == "vpcs" {
            steps.push(Step::Each);
        }
        let parts: Vec<&str> = rest.split('.').collect();
        let (mut container, mut scalar) = (false, false);
        for (i, part) in parts.iter().enumerate() {
            let last = i + 1 == parts.len();
            let (name, each) = match part.strip_suffix("[]") {
                Some(name) => (name, true),
                None => (*part, false),
            };
            let Some(spec) = fields.iter().find(|f| f.name == name) else {
                let suggestion = hint(name, fields.iter().map(|f| f.name.as_str()));
                r.error(
                    node.span,
                    format!("target `{text}` names no declared {root} field `{name}`{suggestion}"),
                );
                return None;
            };
            steps.push(Step::Key(name.to_owned()));
            if each {
                if !spec.value_type.is_list() {
                    r.error(
                        node.span,
                        format!(
                            "target `{text}`: `{name}` is {}; drop the `[]`",
                            spec.value_type.noun()
                        ),
                    );
                    return None;
                }
                steps.push(Step::Each);
            }
            // What the next step (or the end) sees.
            let reached = if each {
                match &spec.items {
                    Some(items) => items,
                    // A string-list: its items are strings.
                    None => {
                        if !last {
                            r.error(
                                node.span,
                                format!("target `{text}`: the items of `{name}` are strings"),
                            );
                            return None;
                        }
                        break;
                    }
                }
            } else {
                spec
            };
            if last {
                container =
                    matches!(reached.value_type, ValueType::Object) || reached.value_type.is_list();
                scalar = matches!(
                    reached.value_type,
                    ValueType::String | ValueType::Integer | ValueType::Boolean
                );
            } else if reached.value_type == ValueType::Object {
                fields = &reached.fields;
            } else {
                let fix = if reached.value_type.is_list() && !each {
                    format!("; write `{name}[]` to go into its items")
                } else {
                    String::new()
                };
                r.error(
                    node.span,
                    format!(
                        "target `{text}`: `{name}` is {}, not a mapping{fix}",
                        reached.value_type.noun()
                    ),
                );
                return None;
            }
        }
        Some(Target {
            text,
            steps,
            container,
            scalar,
        })
    }
}

fn build_rule(
    item: &Node,
    patch: Option<&Node>,
    cx: &RuleContext<'_>,
    source: &SourceFile,
    r: &mut Reader,
    earlier: &[Rule],
) -> Option<Rule> {
    // The rule's keys, with a patch's keys taking precedence.
    let mut entries: Vec<(&str, &Node)> = Vec::new();
    let base_entries = item.as_mapping().unwrap_or(&[]);
    let patch_entries = patch.and_then(Node::as_mapping).unwrap_or(&[]);
    if item.as_mapping().is_none() {
        r.error(
            item.span,
            format!("a rule must be a mapping, found {}", item.type_name()),
        );
        return None;
    }
    for list in [patch_entries, base_entries] {
        let mut seen: HashSet<&str> = HashSet::new();
        for entry in list {
            if let Some(key) = entry.key.as_str() {
                if !seen.insert(key) {
                    r.error(entry.key.span, format!("duplicate key `{key}` in a rule"));
                }
            }
        }
    }
    for entry in patch_entries.iter().chain(base_entries) {
        if let Some(key) = entry.key.as_str() {
            if !entries.iter().any(|(k, _)| *k == key) {
                entries.push((key, &entry.value));
            }
        }
    }
    let get = |k: &str| entries.iter().find(|(key, _)| *key == k).map(|(_, v)| *v);
    let span = patch.map_or(item.span, |p| p.span);
    let id = match get("id").and_then(|n| r.string(n, "id")) {
        Some(id) => id,
        None => {
            r.error(span, "a rule needs `id`");
            return None;
        }
    };
    let id_span = get("id").map_or(span, |n| n.span);
    match id.split_once('/') {
        Some((prefix, name)) if prefix == cx.provider && is_kebab(name) => {}
        _ => r.error(
            id_span,
            format!("rule id `{id}` must be `{}/<kebab-case-name>`", cx.provider),
        ),
    }
    let Some(kind_node) = get("check") else {
        r.error(
            span,
            format!("rule `{id}` needs `check` (one of {})", kind_names()),
        );
        return None;
    };
    let kind_name = r.string(kind_node, "check")?;
    let Some(kind) = checks::kind(&kind_name) else {
        let suggestion = hint_prefix(&kind_name, checks::KINDS.iter().map(|k| k.name));
        r.error(
            kind_node.span,
            format!(
                "unknown check kind `{kind_name}`; {suggestion}known: {}",
                kind_names()
            ),
        );
        return None;
    };
    for entry in patch_entries.iter().chain(base_entries) {
        if let Some(key) = entry.key.as_str() {
            if !COMMON_RULE_KEYS.contains(&key) && !kind.keys.contains(&key) {
                let allowed: Vec<&str> =
                    COMMON_RULE_KEYS.iter().chain(kind.keys).copied().collect();
                let suggestion = hint(key, allowed.iter().copied());
                r.error(
                    entry.key.span,
                    format!("unknown key `{key}` for a `{kind_name}` rule{suggestion}"),
                );
            }
        }
    }
    if kind.scope != Scope::Field {
        for &key in FIELD_ONLY_KEYS {
            if let Some(node) = get(key) {
                let span = entries_key_span(patch_entries, base_entries, key).unwrap_or(node.span);
                r.error(
                    span,
                    format!(
                        "`{key}` applies to value checks only; `{kind_name}` checks whole requests"
                    ),
                );
            }
        }
    }
    let targets: Vec<Target> = match get("target") {
        Some(node) => match node.as_sequence() {
            Some(items) => items.iter().filter_map(|n| cx.parse_target(n, r)).collect(),
            None => cx.parse_target(node, r).into_iter().collect(),
        },
        None => Vec::new(),
    };
    if kind.scope == Scope::Field && targets.is_empty() && get("target").is_none() {
        r.error(
            span,
            format!("rule `{id}` needs `target` (e.g. `params.name` or `vpcs[].field`)"),
        );
    }
    let severity = match get("severity") {
        Some(node) => match node.as_str().and_then(Severity::parse) {
            Some(s) => s,
            None => {
                r.error(node.span, "severity must be error, warning or info");
                Severity::Error
            }
        },
        None => Severity::Error,
    };
    let template = |key: &str, r: &mut Reader| -> Option<String> {
        let node = get(key)?;
        let text = r.string(node, key)?;
        for name in template_names(&text) {
            if !COMMON_VARS.contains(&name) && !kind.vars.contains(&name) {
                let all: Vec<&str> = COMMON_VARS.iter().chain(kind.vars).copied().collect();
                r.error(
                    node.span,
                    format!(
                        "unknown placeholder `{{{name}}}` in {key}; available: {}",
                        all.join(", ")
                    ),
                );
            }
        }
        Some(text)
    };
    let message = template("message", r);
    let help = template("help", r);
    let api_error = get("api_error").map(|node| {
        let mut api = ApiError::default();
        for (key, v) in r.mapping(node, "api_error", &["status", "code"]) {
            if key == "status" {
                api.status = r
                    .unsigned(v, "status")
                    .and_then(|s| match u16::try_from(s) {
                        Ok(status) if (100..=599).contains(&status) => Some(status),
                        _ => {
                            r.error(
                                v.span,
                                format!("status {s} is not an HTTP status (100-599)"),
                            );
                            None
                        }
                    });
            } else {
                api.code = r.string(v, "code");
            }
        }
        api
    });
    let url = get("url").and_then(|n| r.string(n, "url"));
    let fix = match get("fix") {
        Some(node) => match node.as_str().and_then(FixSetting::parse) {
            Some(setting) => setting,
            None => {
                r.error(node.span, "fix must be `unsafe` or `off`");
                FixSetting::AsDerived
            }
        },
        None => FixSetting::AsDerived,
    };
    let explain = get("explain").map(|node| {
        let mut e = Explanation::default();
        let keys = [
            "why",
            "fail",
            "pass",
            "inventory",
            "pass_inventory",
            "rules",
        ];
        for (key, v) in r.mapping(node, "explain", &keys) {
            let text = r.string(v, key).unwrap_or_default();
            match key {
                "why" => e.why = text,
                "fail" => e.fail = text,
                "pass" => e.pass = text,
                "inventory" => e.inventory = Some(text),
                "pass_inventory" => e.pass_inventory = Some(text),
                _ => e.rules = Some(text),
            }
        }
        e
    });
    let depends_on: Vec<String> = get("depends_on")
        .map(|n| r.strings(n, "depends_on"))
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(dep, span)| {
            if earlier.iter().any(|e| e.id == dep) {
                Some(dep)
            } else {
                r.error(
                    span,
                    format!("depends_on `{dep}` names no rule defined before this one"),
                );
                None
            }
        })
        .collect();
    let extract = match get("extract") {
        Some(node) => Some(compile_capture_regex(node, "extract", r)?),
        None => None,
    };
    let kind_entries: Vec<(&str, &Node)> = entries
        .iter()
        .filter(|(k, _)| kind.keys.contains(k))
        .copied()
        .collect();
    let parse_target = |node: &Node, r: &mut Reader| cx.parse_target(node, r);
    let args = Args {
        rule_span: span,
        entries: &kind_entries,
        classes: cx.classes,
        regions: cx.regions,
        targets: &targets,
        params: cx.params,
        parse_target: &parse_target,
    };
    let check = (kind.build)(&args, r)?;
    // A target that ends at a list or a mapping needs a kind that checks
    // whole values; the others check scalars and need the `[]`.
    if let crate::checks::Check::Field(c) = &check {
        let at = get("target").map_or(span, |n| n.span);
        // And a kind that counts items never fires on a declared scalar.
        let counted = c.needs_containers().then(|| {
            targets.iter().find(|t| t.scalar).map(|t| format!(
                "target `{}` ends at a single value, which `{kind_name}` with `unit: items` does not count; name a list or a mapping",
                t.text
            ))
        });
        let checked = (!c.checks_containers()).then(|| {
            targets.iter().find(|t| t.container).map(|t| format!(
                "target `{}` ends at a list or a mapping, which `{kind_name}` does not check; add `[]` to check each item, or name a member",
                t.text
            ))
        });
        for message in [counted, checked].into_iter().flatten().flatten() {
            r.error(at, message);
        }
    }
    let conditions = crate::dialect::Conditions {
        when: get("when")
            .map(|n| cx.parse_conditions(n, "when", r))
            .unwrap_or_default(),
        unless: get("unless")
            .map(|n| cx.parse_conditions(n, "unless", r))
            .unwrap_or_default(),
    };
    let summary = match get("summary").and_then(|n| r.string(n, "summary")) {
        Some(s) => s,
        None => format!("{}{}", check.summary(), conditions.describe()),
    };
    Some(Rule {
        id,
        kind: kind_name,
        check,
        targets,
        severity,
        summary,
        message,
        help,
        api_error,
        url,
        explain,
        depends_on,
        extract,
        conditions,
        origin: (source.name.clone(), id_span),
        fix,
    })
}

fn entries_key_span(
    a: &[crate::document::Entry],
    b: &[crate::document::Entry],
    key: &str,
) -> Option<Span> {
    a.iter()
        .chain(b)
        .find(|e| e.key.as_str() == Some(key))
        .map(|e| e.key.span)
}

fn kind_names() -> String {
    checks::KINDS
        .iter()
        .map(|k| k.name)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The packs compiled in are those of the rule files compiled in: a
    /// stale pack would only cost start-up time (it is refused and the YAML
    /// parsed), but this keeps the fast path the one taken.
    #[test]
    fn builtin_packs_are_fresh() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules/builtin");
        let bless = std::env::var_os("PEERLINT_BLESS").is_some();
        for ((name, text), packed) in BUILTIN.iter().zip(BUILTIN_PACKS) {
            let fresh =
                document::packed::pack(text).expect("a built-in file is one clean document");
            if bless {
                let file = name.replace("rules/", "").replace(".yaml", ".pack");
                std::fs::write(dir.join(file), &fresh).expect("writing a pack");
            } else {
                assert!(
                    fresh == *packed,
                    "the pack of {name} is stale; rerun with PEERLINT_BLESS=1 cargo test builtin_packs"
                );
            }
        }
    }

    #[test]
    fn a_builtin_file_reads_the_same_from_its_pack() {
        for ((name, text), packed) in BUILTIN.iter().zip(BUILTIN_PACKS) {
            let from_pack = RawFile::read_packed(name.to_string(), text.to_string(), true, packed);
            let from_yaml = RawFile::read(name.to_string(), text.to_string(), true);
            assert!(!packed.is_empty(), "{name}");
            assert_eq!(
                format!("{:?}", from_pack.root),
                format!("{:?}", from_yaml.root),
                "{name}"
            );
            assert_eq!(from_pack.provider, from_yaml.provider, "{name}");
            assert!(from_pack.problems.is_empty(), "{name}");
        }
    }
}
