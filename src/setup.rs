//! Everything a run sets up before linting, for every front end (the CLI's
//! commands, a language server): the config (given, or `.peerlint.yaml`
//! found upward), the rule sets with the config's overrides, the engine
//! options (default provider, size cap, severities), the config's ignore
//! entries and exclusions, the inventories, and the files never linted as
//! requests. Built from an explicit root directory — the directory the
//! run's relative paths start from — and never from the process's current
//! directory or environment.

use std::path::{Path, PathBuf};

use crate::catalog::Catalog;
use crate::config::{self, Config};
use crate::diagnostic::Severities;
use crate::engine::{Engine, EngineOptions, DEFAULT_MAX_FILE_SIZE};
use crate::error::InputError;
use ignore::gitignore::{Gitignore, GitignoreBuilder};

use crate::input::{unknown_provider_help, Role};
use crate::paths::{display, relative_to};
use crate::rules::model::RuleSets;
use crate::rules::{self, LoadOptions};
use crate::suppress::IgnoreEntry;

/// What a front end asks for (the command line's flags).
#[derive(Debug, Clone, Default)]
pub struct SetupOptions {
    /// The directory relative paths start from and are reported relative
    /// to (the working directory, or an editor's workspace folder).
    pub root: PathBuf,
    /// Where to look upward for `.peerlint.yaml` when no config is named
    /// (relative to `root`; default `root` itself).
    pub config_search_from: Option<PathBuf>,
    /// `--config`.
    pub config: Option<PathBuf>,
    /// `--rules` (added after the config's).
    pub rules: Vec<PathBuf>,
    /// `--no-builtin-rules`.
    pub no_builtin_rules: bool,
    /// `--inventory` (added after the config's).
    pub inventories: Vec<PathBuf>,
    /// `--provider`.
    pub provider: Option<String>,
    /// `--max-file-size`.
    pub max_file_size: Option<u64>,
    /// `--exclude`: globs (gitignore-style, relative to `root`) never linted.
    pub exclude: Vec<String>,
    /// `--select`: report only rules with these ids or id prefixes.
    pub select: Vec<String>,
    /// `--ignore`: never report rules with these ids or id prefixes.
    pub ignore: Vec<String>,
}

/// The rule sets, config and options of a run.
#[derive(Debug)]
pub struct Setup {
    pub root: PathBuf,
    pub sets: RuleSets,
    pub config: Option<Config>,
    /// The config file in use, as given or found.
    pub config_path: Option<PathBuf>,
    /// Rule files and directories in use (the config's, then `--rules`).
    pub rule_paths: Vec<PathBuf>,
    /// Inventory files in use (the config's, then `--inventory`), as shown.
    pub inventories: Vec<String>,
    pub options: EngineOptions,
    pub ignores: Vec<IgnoreEntry>,
    /// `--exclude` globs.
    pub exclude: Option<Gitignore>,
    /// A `--select` or `--ignore` pattern that names no rule, with a hint.
    unmatched_selection: Option<String>,
    /// Problems with the config, rule files or the options.
    pub errors: Vec<InputError>,
}

impl Setup {
    /// Load the config and the rule sets it and `options` name, with its
    /// overrides, and assemble the engine options.
    pub fn load(options: &SetupOptions) -> Setup {
        let root = options.root.clone();
        let mut errors: Vec<InputError> = Vec::new();
        let config_path = options.config.clone().or_else(|| {
            let start = root.join(
                options
                    .config_search_from
                    .as_deref()
                    .unwrap_or(Path::new("")),
            );
            config::discover(&start)
        });
        let config = match &config_path {
            Some(path) => match config::load(&root.join(path), &shown(path, &root)) {
                Ok((config, problems)) => {
                    errors.extend(problems);
                    Some(config)
                }
                Err(e) => {
                    errors.push(*e);
                    None
                }
            },
            None => None,
        };
        let mut rule_paths = config.as_ref().map(|c| c.rules.clone()).unwrap_or_default();
        rule_paths.extend(options.rules.iter().cloned());
        let mut load_options = LoadOptions {
            builtin: !options.no_builtin_rules,
            paths: rule_paths.clone(),
            root: root.clone(),
            ..LoadOptions::default()
        };
        let mut loaded = rules::load(&load_options);
        // The config's rule-parameter overrides: entries naming unknown rules
        // are reported by the config's validation and left out here, so that
        // a typo in the config does not unload a whole provider.
        if let Some(c) = &config {
            let layers: Vec<_> = c
                .override_layers_for(|id| loaded.sets.rule(id).is_some())
                .into_iter()
                .map(|(provider, root)| (provider, c.source.clone(), root))
                .collect();
            if !layers.is_empty() {
                load_options.overrides = layers;
                loaded = rules::load(&load_options);
            }
        }
        errors.extend(loaded.errors);
        if let Some(c) = &config {
            errors.extend(c.validate(&loaded.sets));
        }
        let sets = loaded.sets;

        let default_provider = options.provider.clone().or_else(|| {
            config
                .as_ref()
                .and_then(|c| c.provider.as_ref())
                .map(|(p, _)| p.clone())
                .filter(|p| sets.get(p).is_some())
        });
        let mut severities = Severities::default();
        if let Some(c) = &config {
            for (id, level, _) in &c.severity {
                severities.set(id.clone(), *level);
            }
        }
        let unmatched_selection = select_rules(&sets, options, &mut severities);
        let max_file_size = options
            .max_file_size
            .or(config.as_ref().and_then(|c| c.max_file_size))
            .unwrap_or(DEFAULT_MAX_FILE_SIZE);
        let mut inventories: Vec<PathBuf> = config
            .as_ref()
            .map(|c| c.inventory.clone())
            .unwrap_or_default();
        inventories.extend(options.inventories.iter().cloned());
        let ignores = config
            .as_ref()
            .map(Config::ignore_entries)
            .unwrap_or_default();
        let exclude = (!options.exclude.is_empty()).then(|| {
            let mut builder = GitignoreBuilder::new(&root);
            for glob in &options.exclude {
                if let Err(e) = builder.add_line(None, glob) {
                    errors.push(InputError::path(
                        "--exclude",
                        format!("bad glob `{glob}`: {e}"),
                    ));
                }
            }
            builder.build().ok()
        });
        Setup {
            inventories: inventories.iter().map(|p| shown(p, &root)).collect(),
            root,
            sets,
            config,
            config_path,
            rule_paths,
            options: EngineOptions {
                default_provider,
                max_file_size,
                severities,
            },
            ignores,
            exclude: exclude.flatten(),
            unmatched_selection,
            errors,
        }
    }

    /// The engine for this setup.
    pub fn engine(&self) -> Engine<'_> {
        Engine::new(&self.sets, self.options.clone())
    }

    /// Every rule of this setup.
    pub fn catalog(&self) -> Catalog<'_> {
        Catalog::new(&self.sets)
    }

    /// The help for a provider id that no loaded set defines, or `None`
    /// when it is known.
    pub fn unknown_provider(&self, name: &str) -> Option<String> {
        self.sets.get(name).is_none().then(|| {
            format!(
                "unknown provider `{name}`; {}",
                unknown_provider_help(&self.sets, name)
            )
        })
    }

    /// A `--select` or `--ignore` pattern that matches no rule (a usage
    /// error), with a did-you-mean.
    pub fn rule_selection_problem(&self) -> Option<&str> {
        self.unmatched_selection.as_deref()
    }

    /// Files that are never linted as requests: the config, rule files,
    /// inventories, and `output` (the report file).
    pub fn never_requests(&self, output: Option<&Path>) -> Vec<PathBuf> {
        let mut never: Vec<PathBuf> = self.inventories.iter().map(PathBuf::from).collect();
        never.extend(self.rule_paths.iter().cloned());
        never.extend(output.map(Path::to_path_buf));
        never.extend(self.config_path.iter().cloned());
        never
    }

    /// Whether the config or `--exclude` excludes `path` (relative to the root).
    pub fn excludes(&self, path: &Path) -> bool {
        self.config
            .as_ref()
            .is_some_and(|c| c.excludes(path, &self.root))
            || self
                .exclude
                .as_ref()
                .is_some_and(|g| config::matches_globs(g, path, &self.root))
    }

    /// How `path` (relative to the root) is linted: `None` when it is not
    /// (excluded, or outside the config's `include`); `Declared` when the
    /// config's `include` names it; `Found` otherwise.
    pub fn role_of(&self, path: &Path) -> Option<Role> {
        if self.excludes(path) {
            return None;
        }
        match self
            .config
            .as_ref()
            .and_then(|c| c.includes(path, &self.root))
        {
            Some(true) => Some(Role::Declared),
            Some(false) => None,
            None => Some(Role::Found),
        }
    }

    /// Whether `path` (as shown) is one of the run's inventories.
    pub fn is_inventory(&self, path: &Path) -> bool {
        let shown = display(path);
        self.inventories.contains(&shown)
    }
}

/// A path as shown in output: relative to `root` when it is inside it.
pub fn shown(path: &Path, root: &Path) -> String {
    let absolute = root.join(path);
    let absolute = absolute.canonicalize().unwrap_or(absolute);
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    match absolute.strip_prefix(&root) {
        Ok(relative) => display(relative),
        Err(_) => relative_to(&display(path), &root),
    }
}

/// Whether rule `id` is named by `pattern`: the id itself, or a prefix of it.
fn names_rule(pattern: &str, id: &str) -> bool {
    id.starts_with(pattern)
}

/// Apply `--select` (every other rule off) and `--ignore` (these off) to
/// `severities`; the first pattern that names no rule is returned as a
/// problem to report.
fn select_rules(
    sets: &RuleSets,
    options: &SetupOptions,
    severities: &mut Severities,
) -> Option<String> {
    let catalog = Catalog::new(sets);
    let ids = catalog.ids();
    for (flag, patterns) in [("--select", &options.select), ("--ignore", &options.ignore)] {
        if let Some(unknown) = patterns
            .iter()
            .find(|p| !ids.iter().any(|id| names_rule(p, id)))
        {
            return Some(format!(
                "{flag} {unknown}: no rule id starts with it{}",
                crate::suggest::hint(unknown, ids.iter().copied())
            ));
        }
    }
    for id in ids {
        let selected =
            options.select.is_empty() || options.select.iter().any(|p| names_rule(p, id));
        let ignored = options.ignore.iter().any(|p| names_rule(p, id));
        if !selected || ignored {
            severities.set(id, None);
        }
    }
    None
}
