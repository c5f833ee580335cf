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
use crate::input::unknown_provider_help;
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
        Setup {
            inventories: inventories.iter().map(|p| display(p)).collect(),
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

    /// Files that are never linted as requests: the config, rule files,
    /// inventories, and `output` (the report file).
    pub fn never_requests(&self, output: Option<&Path>) -> Vec<PathBuf> {
        let mut never: Vec<PathBuf> = self.inventories.iter().map(PathBuf::from).collect();
        never.extend(self.rule_paths.iter().cloned());
        never.extend(output.map(Path::to_path_buf));
        never.extend(self.config_path.iter().cloned());
        never
    }

    /// Whether the config excludes `path` (relative to the root).
    pub fn excludes(&self, path: &Path) -> bool {
        self.config
            .as_ref()
            .is_some_and(|c| c.excludes(path, &self.root))
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
