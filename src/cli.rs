//! Command-line interface: argument parsing and the four commands. The only
//! module that prints; everything else is in the library.

use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand, ValueEnum};

use peerlint::checks::Check;
use peerlint::config;
use peerlint::core_rules::CORE_RULES;
use peerlint::diagnostic::Severity;
use peerlint::engine::{Engine, EngineOptions, DEFAULT_MAX_FILE_SIZE};
use peerlint::output::{self, OutputFormat, RenderOptions};
use peerlint::rules::model::RuleSets;
use peerlint::rules::{self, LoadError, LoadOptions};
use peerlint::run::{self, FailOn, Input};
use peerlint::suggest::did_you_mean;

#[derive(Debug, Parser)]
#[command(
    name = "peerlint",
    about = "Offline validator and linter for cloud VPC-peering creation requests",
    disable_version_flag = true
)]
struct Cli {
    /// Print the version and the rule sets' data versions.
    #[arg(short = 'V', long)]
    version: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Lint files and directories (default: .).
    Check(CheckArgs),
    /// List rules: id, severity, summary.
    Rules(RulesArgs),
    /// Explain a rule: what it checks, why, failing and passing example, API error.
    Explain(ExplainArgs),
    /// Print a JSON Schema (draft-07) generated from the rule sets, for editors.
    Schema(SchemaArgs),
}

#[derive(Debug, Args)]
struct RuleSource {
    /// Extra rule file or directory (repeatable; added to the config's).
    #[arg(long = "rules", value_name = "PATH")]
    rules: Vec<PathBuf>,
    /// Do not load the built-in rule sets.
    #[arg(long)]
    no_builtin_rules: bool,
    /// Config file (default: `.peerlint.yaml` found upward from the current directory).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
struct CheckArgs {
    /// Files and directories to lint; `-` reads standard input.
    #[arg(value_name = "PATH")]
    paths: Vec<String>,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = OutputFormat::Human)]
    format: OutputFormat,
    /// Write the report to FILE instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Colour in human output (NO_COLOR is honoured).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Provider for documents that name none.
    #[arg(long, value_name = "ID")]
    provider: Option<String>,
    #[command(flatten)]
    source: RuleSource,
    /// VPC facts and existing peerings (repeatable).
    #[arg(long, value_name = "FILE")]
    inventory: Vec<PathBuf>,
    /// Lowest severity that makes the exit code 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    fail_on: FailOn,
    /// With PATH `-`: the name to report standard input under.
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<String>,
    /// Worker threads (default: all cores).
    #[arg(short, long, value_name = "N")]
    jobs: Option<usize>,
    /// Files larger than this many bytes are a finding and are not parsed (default 64 MiB).
    #[arg(long, value_name = "BYTES")]
    max_file_size: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ListFormat {
    Human,
    Json,
}

#[derive(Debug, Args)]
struct RulesArgs {
    /// Only this provider's rules.
    #[arg(long, value_name = "ID")]
    provider: Option<String>,
    #[arg(short, long, value_enum, default_value_t = ListFormat::Human)]
    format: ListFormat,
    #[command(flatten)]
    source: RuleSource,
}

#[derive(Debug, Args)]
struct ExplainArgs {
    /// The rule id, e.g. `jdcloud/name-length`.
    rule_id: String,
    #[command(flatten)]
    source: RuleSource,
}

/// What `peerlint schema` describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum SchemaKind {
    /// Request documents (YAML or JSON), for yaml-language-server and VS Code.
    Document,
}

#[derive(Debug, Args)]
struct SchemaArgs {
    /// What the schema is for.
    #[arg(value_enum)]
    kind: SchemaKind,
    /// Only this provider's requests.
    #[arg(long, value_name = "ID")]
    provider: Option<String>,
    #[command(flatten)]
    source: RuleSource,
}

/// Parse the arguments, run, and return the exit code.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() { 2 } else { 0 };
        }
    };
    let result = match cli.command {
        _ if cli.version => version(),
        Some(Command::Check(args)) => check(args),
        Some(Command::Rules(args)) => list_rules(args),
        Some(Command::Explain(args)) => explain(args),
        Some(Command::Schema(args)) => schema(args),
        None => {
            let mut stderr = io::stderr();
            let _ = writeln!(
                stderr,
                "peerlint: a command is required (check, rules, explain, schema); see --help"
            );
            Ok(2)
        }
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            let _ = writeln!(io::stderr(), "peerlint: {error}");
            2
        }
    }
}

/// The rule sets and config a command works with.
struct Setup {
    registry: RuleSets,
    config: Option<config::Config>,
    config_path: Option<PathBuf>,
    /// Rule files and directories in use (the config's, then --rules).
    rule_paths: Vec<PathBuf>,
    errors: Vec<LoadError>,
}

/// Load the config (`--config`, else `.peerlint.yaml` found upward from
/// `start`) and the rule sets it and the flags name, with its overrides.
fn setup(source: &RuleSource, start: &Path) -> Setup {
    let mut errors: Vec<LoadError> = Vec::new();
    let config_path = source.config.clone().or_else(|| config::discover(start));
    let config = match &config_path {
        Some(path) => match config::load(path, &shown_path(path)) {
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
    rule_paths.extend(source.rules.iter().cloned());
    let mut options = LoadOptions {
        builtin: !source.no_builtin_rules,
        paths: rule_paths.clone(),
        ..LoadOptions::default()
    };
    let mut loaded = rules::load(&options);
    // The config's rule-parameter overrides: entries naming unknown rules are
    // reported by the config's validation and left out here, so that a typo
    // in the config does not unload a whole provider.
    if let Some(c) = &config {
        let layers: Vec<_> = c
            .override_layers_for(|id| loaded.registry.rule(id).is_some())
            .into_iter()
            .map(|(provider, root)| (provider, c.source.clone(), root))
            .collect();
        if !layers.is_empty() {
            options.overrides = layers;
            loaded = rules::load(&options);
        }
    }
    errors.extend(loaded.errors);
    if let Some(c) = &config {
        errors.extend(c.validate(&loaded.registry));
    }
    Setup {
        registry: loaded.registry,
        config,
        config_path,
        rule_paths,
        errors,
    }
}

/// Setup for the commands other than `check`: config found from the current directory.
fn load(source: &RuleSource) -> rules::Loaded {
    let setup = setup(source, Path::new("."));
    rules::Loaded {
        registry: setup.registry,
        errors: setup.errors,
    }
}

fn version() -> io::Result<i32> {
    // The built-in sets' data versions, whatever a config adds.
    let loaded = rules::load(&LoadOptions {
        builtin: true,
        ..LoadOptions::default()
    });
    let sets: Vec<String> = loaded
        .registry
        .sets
        .values()
        .map(|s| format!("{} {}", s.provider, s.version))
        .collect();
    writeln!(
        io::stdout(),
        "peerlint {} (rules: {})",
        env!("CARGO_PKG_VERSION"),
        sets.join(", ")
    )?;
    Ok(0)
}

fn report_load_errors(errors: &[LoadError]) -> io::Result<()> {
    let mut stderr = io::stderr();
    for e in errors {
        match &e.location {
            Some(l) => writeln!(
                stderr,
                "error: {}:{}:{}: {}",
                e.file, l.start.line, l.start.column, e.message
            )?,
            None => writeln!(stderr, "error: {}: {}", e.file, e.message)?,
        }
    }
    Ok(())
}

/// Whether `--provider` (if given) names a loaded provider; reports it if not.
fn known_provider(registry: &RuleSets, provider: Option<&str>) -> io::Result<bool> {
    match provider {
        Some(name) if registry.get(name).is_none() => {
            writeln!(
                io::stderr(),
                "peerlint: --provider: {}",
                unknown_provider(registry, name)
            )?;
            Ok(false)
        }
        _ => Ok(true),
    }
}

fn unknown_provider(registry: &RuleSets, name: &str) -> String {
    let known: Vec<&str> = registry.providers().collect();
    let hint = did_you_mean(name, known.iter().copied())
        .map(|s| format!("did you mean `{s}`? "))
        .unwrap_or_default();
    format!(
        "unknown provider `{name}`; {hint}known providers: {}",
        known.join(", ")
    )
}

fn check(args: CheckArgs) -> io::Result<i32> {
    // The config: --config, else found upward from the current directory
    // (for stdin, from --stdin-filename's directory).
    let reads_stdin = args.paths.iter().any(|p| p == "-");
    let start = match (&args.stdin_filename, reads_stdin) {
        (Some(name), true) => Path::new(name)
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
        _ => PathBuf::from("."),
    };
    let Setup {
        registry,
        config,
        config_path,
        rule_paths,
        mut errors,
    } = setup(&args.source, &start);
    if !known_provider(&registry, args.provider.as_deref())? {
        return Ok(2);
    }
    let default_provider = args.provider.clone().or_else(|| {
        config
            .as_ref()
            .and_then(|c| c.provider.as_ref())
            .map(|(p, _)| p.clone())
            .filter(|p| registry.get(p).is_some())
    });
    let paths = if args.paths.is_empty() {
        vec![".".to_owned()]
    } else {
        args.paths.clone()
    };
    let mut inputs = Vec::new();
    let mut file_paths = Vec::new();
    for path in paths {
        if path == "-" {
            let mut bytes = Vec::new();
            io::stdin().read_to_end(&mut bytes)?;
            let name = args
                .stdin_filename
                .clone()
                .unwrap_or_else(|| "<stdin>".to_owned());
            inputs.push(Input::Stdin { name, bytes });
        } else {
            file_paths.push(path);
        }
    }
    let mut inventories: Vec<PathBuf> = config
        .as_ref()
        .map(|c| c.inventory.clone())
        .unwrap_or_default();
    inventories.extend(args.inventory.iter().cloned());
    // The config, rule files, inventories and the report are never requests.
    let mut never_requests: Vec<PathBuf> = inventories.clone();
    never_requests.extend(rule_paths.iter().cloned());
    never_requests.extend(args.output.iter().cloned());
    never_requests.extend(config_path.iter().cloned());
    let excluded = |p: &Path| config.as_ref().is_some_and(|c| c.excludes(p));
    inputs.extend(run::collect_inputs(
        &file_paths,
        &never_requests,
        &excluded,
        &mut errors,
    ));
    let mut severity = std::collections::HashMap::new();
    if let Some(c) = &config {
        for (id, level, _) in &c.severity {
            severity.insert(id.clone(), *level);
        }
    }
    let max_file_size = args
        .max_file_size
        .or(config.as_ref().and_then(|c| c.max_file_size))
        .unwrap_or(DEFAULT_MAX_FILE_SIZE);
    let engine = Engine::new(
        &registry,
        EngineOptions {
            default_provider,
            max_file_size,
            severity,
        },
    );
    let plan = run::Plan {
        inputs,
        inventories: inventories.iter().map(|p| run::display(p)).collect(),
        jobs: args.jobs,
    };
    let ignores = config
        .as_ref()
        .map(|c| c.ignore_entries())
        .unwrap_or_default();
    let report = run::check(&engine, &plan, &ignores, errors);

    let to_terminal = args.output.is_none() && io::stdout().is_terminal();
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let options = RenderOptions {
        color,
        width: 100,
        registry: &registry,
    };
    match &args.output {
        Some(path) => {
            let mut buffer = Vec::new();
            output::render(&report, args.format, options, &mut buffer)?;
            std::fs::write(path, buffer)?;
        }
        None => {
            let stdout = io::stdout();
            let mut lock = stdout.lock();
            output::render(&report, args.format, options, &mut lock)?;
            lock.flush()?;
        }
    }
    if report.summary.documents == 0 && report.errors.is_empty() {
        writeln!(io::stderr(), "peerlint: no request documents found")?;
    }
    Ok(run::exit_code(&report, args.fail_on))
}

struct RuleRow {
    id: String,
    provider: String,
    severity: Severity,
    summary: String,
    kind: String,
}

fn rule_rows(registry: &RuleSets, provider: Option<&str>) -> Vec<RuleRow> {
    let mut rows: Vec<RuleRow> = Vec::new();
    if provider.is_none() {
        rows.extend(CORE_RULES.iter().map(|r| RuleRow {
            id: r.id.to_owned(),
            provider: "peerlint".to_owned(),
            severity: r.severity,
            summary: r.summary.to_owned(),
            kind: "engine".to_owned(),
        }));
    }
    for set in registry
        .sets
        .values()
        .filter(|s| provider.is_none_or(|p| p == s.provider))
    {
        rows.extend(set.rules.iter().map(|r| RuleRow {
            id: r.id.clone(),
            provider: set.provider.clone(),
            severity: r.severity,
            summary: r.summary.clone(),
            kind: r.kind.clone(),
        }));
    }
    rows
}

fn list_rules(args: RulesArgs) -> io::Result<i32> {
    let loaded = load(&args.source);
    report_load_errors(&loaded.errors)?;
    if !known_provider(&loaded.registry, args.provider.as_deref())? {
        return Ok(2);
    }
    let rows = rule_rows(&loaded.registry, args.provider.as_deref());
    let mut out = io::stdout().lock();
    match args.format {
        ListFormat::Json => {
            let value: Vec<serde_json::Value> = rows
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.id, "provider": r.provider, "severity": r.severity,
                        "summary": r.summary, "check": r.kind,
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &value)?;
            writeln!(out)?;
        }
        ListFormat::Human => {
            let width = rows.iter().map(|r| r.id.len()).max().unwrap_or(0);
            for r in &rows {
                writeln!(
                    out,
                    "{:width$}  {:7}  {}",
                    r.id,
                    r.severity.as_str(),
                    r.summary
                )?;
            }
        }
    }
    Ok(if loaded.errors.is_empty() { 0 } else { 2 })
}

fn explain(args: ExplainArgs) -> io::Result<i32> {
    let loaded = load(&args.source);
    report_load_errors(&loaded.errors)?;
    let registry = &loaded.registry;
    let mut out = io::stdout().lock();
    let indent = |text: &str| -> String { text.lines().map(|l| format!("    {l}\n")).collect() };
    if let Some(rule) = CORE_RULES.iter().find(|r| r.id == args.rule_id) {
        writeln!(out, "{} ({}, engine rule)\n", rule.id, rule.severity)?;
        writeln!(out, "{}\n\n{}\n", rule.summary, rule.why)?;
        if !rule.fail.is_empty() {
            write!(
                out,
                "Fails:\n{}\nPasses:\n{}",
                indent(rule.fail),
                indent(rule.pass)
            )?;
        }
        return Ok(0);
    }
    let Some((set, rule)) = registry.rule(&args.rule_id) else {
        let ids: Vec<String> = rule_rows(registry, None)
            .into_iter()
            .map(|r| r.id)
            .collect();
        let hint = did_you_mean(&args.rule_id, ids.iter().map(String::as_str))
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_default();
        writeln!(
            io::stderr(),
            "peerlint: unknown rule `{}`{hint}",
            args.rule_id
        )?;
        return Ok(2);
    };
    writeln!(
        out,
        "{} ({}, check `{}`, {} rule set {})\n",
        rule.id, rule.severity, rule.kind, set.name, set.version
    )?;
    writeln!(out, "{}", rule.summary)?;
    let targets: Vec<&str> = rule.targets.iter().map(|t| t.text.as_str()).collect();
    if !targets.is_empty() {
        writeln!(out, "applies to: {}", targets.join(", "))?;
    }
    match rule.check {
        Check::Request(_) => writeln!(out, "checks the request as a whole (cross-field)")?,
        Check::CrossDocument(_) => writeln!(
            out,
            "checks all linted requests and inventories together (cross-document)"
        )?,
        Check::Field(_) => {}
    }
    if let Some(api) = &rule.api_error {
        writeln!(out, "predicted API error: {api}")?;
    }
    if let Some(url) = &rule.url {
        writeln!(out, "docs: {url}")?;
    }
    if let Some(e) = &rule.explain {
        writeln!(out, "\n{}\n", e.why)?;
        if let Some(rules) = &e.rules {
            write!(
                out,
                "With the rule-file extension (--rules):\n{}\n",
                indent(rules)
            )?;
        }
        if let Some(inventory) = &e.inventory {
            write!(
                out,
                "With the inventory (--inventory):\n{}\n",
                indent(inventory)
            )?;
        }
        write!(out, "Fails:\n{}\n", indent(&e.fail))?;
        if let Some(inventory) = &e.pass_inventory {
            write!(out, "With the inventory:\n{}\n", indent(inventory))?;
        }
        write!(out, "Passes:\n{}", indent(&e.pass))?;
    }
    Ok(if loaded.errors.is_empty() { 0 } else { 2 })
}

/// A path as shown in output: relative to the working directory when it is inside it.
fn shown_path(path: &Path) -> String {
    let absolute = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    match std::env::current_dir().ok().and_then(|cwd| {
        absolute
            .strip_prefix(cwd.canonicalize().ok()?)
            .ok()
            .map(Path::to_path_buf)
    }) {
        Some(relative) => run::display(&relative),
        None => run::display(path),
    }
}

fn schema(args: SchemaArgs) -> io::Result<i32> {
    let loaded = load(&args.source);
    report_load_errors(&loaded.errors)?;
    if !known_provider(&loaded.registry, args.provider.as_deref())? {
        return Ok(2);
    }
    let value = match args.kind {
        SchemaKind::Document => {
            peerlint::schema::document_schema(&loaded.registry, args.provider.as_deref())
        }
    };
    let mut out = io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, &value)?;
    writeln!(out)?;
    Ok(if loaded.errors.is_empty() { 0 } else { 2 })
}
