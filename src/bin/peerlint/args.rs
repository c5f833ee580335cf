//! The command line: clap types for the commands and their options, and
//! the setup every command shares.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use peerlint::error::InputError;
use peerlint::output::OutputFormat;
use peerlint::setup::{Setup, SetupOptions};
use peerlint::workspace::FailOn;

#[derive(Debug, Parser)]
#[command(
    name = "peerlint",
    about = "Offline validator and linter for cloud VPC-peering creation requests",
    disable_version_flag = true
)]
pub struct Cli {
    /// Print the version and the rule sets' data versions.
    #[arg(short = 'V', long)]
    pub version: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint files and directories (default: .).
    Check(CheckArgs),
    /// List rules: id, severity, summary.
    Rules(RulesArgs),
    /// Explain a rule: what it checks, why, failing and passing example, API error.
    Explain(ExplainArgs),
    /// Print a JSON Schema (draft-07) generated from the rule sets, for editors.
    Schema(SchemaArgs),
    /// Run the language server (LSP over stdin and stdout) for editors.
    Lsp,
}

#[derive(Debug, Args)]
pub struct RuleSource {
    /// Extra rule file or directory (repeatable; added to the config's).
    #[arg(long = "rules", value_name = "PATH")]
    pub rules: Vec<PathBuf>,
    /// Do not load the built-in rule sets.
    #[arg(long)]
    pub no_builtin_rules: bool,
    /// Config file (default: `.peerlint.yaml` found upward from the current directory).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// `--format` of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Human,
    Concise,
    Json,
    /// SARIF 2.1.0 (GitHub code scanning).
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
}

impl From<FormatArg> for OutputFormat {
    fn from(f: FormatArg) -> OutputFormat {
        match f {
            FormatArg::Human => OutputFormat::Human,
            FormatArg::Concise => OutputFormat::Concise,
            FormatArg::Json => OutputFormat::Json,
            FormatArg::Sarif => OutputFormat::Sarif,
            FormatArg::Github => OutputFormat::Github,
        }
    }
}

/// `--fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOnArg {
    Error,
    Warning,
    Info,
    Never,
}

impl From<FailOnArg> for FailOn {
    fn from(f: FailOnArg) -> FailOn {
        match f {
            FailOnArg::Error => FailOn::Error,
            FailOnArg::Warning => FailOn::Warning,
            FailOnArg::Info => FailOn::Info,
            FailOnArg::Never => FailOn::Never,
        }
    }
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files and directories to lint; `-` reads standard input.
    #[arg(value_name = "PATH")]
    pub paths: Vec<String>,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = FormatArg::Human)]
    pub format: FormatArg,
    /// Write the report to FILE instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Colour in human output (NO_COLOR is honoured).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Provider for documents that name none.
    #[arg(long, value_name = "ID")]
    pub provider: Option<String>,
    #[command(flatten)]
    pub source: RuleSource,
    /// VPC facts and existing peerings (repeatable).
    #[arg(long, value_name = "FILE")]
    pub inventory: Vec<PathBuf>,
    /// Lowest severity that makes the exit code 1.
    #[arg(long, value_enum, default_value_t = FailOnArg::Error)]
    pub fail_on: FailOnArg,
    /// With PATH `-`: the name to report standard input under.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
    /// Worker threads (default: all cores).
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Files larger than this many bytes are a finding and are not parsed (default 64 MiB).
    #[arg(long, value_name = "BYTES")]
    pub max_file_size: Option<u64>,
    /// Never lint files matching GLOB (gitignore-style, relative to the
    /// current directory; repeatable; added to the config's `exclude`).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Report only these rules: a rule id or a prefix of ids (`acme`,
    /// `peerlint/unknown`); repeatable or comma-separated.
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    pub select: Vec<String>,
    /// Never report these rules: a rule id or a prefix of ids; repeatable or
    /// comma-separated.
    #[arg(long = "ignore", value_name = "RULE", value_delimiter = ',')]
    pub ignore_rules: Vec<String>,
    /// Apply safe fixes in place, then report what remains (with `-`: the
    /// fixed text on stdout, the report on stderr).
    #[arg(long)]
    pub fix: bool,
    /// With --fix or --diff: apply unsafe fixes too (they change values).
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print the fixes as a unified diff and change nothing (exit 1 when
    /// there is a diff).
    #[arg(long)]
    pub diff: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Human,
    Json,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Only this provider's rules.
    #[arg(long, value_name = "ID")]
    pub provider: Option<String>,
    #[arg(short, long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
    #[command(flatten)]
    pub source: RuleSource,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The rule id, e.g. `peerlint/wrong-type` or `<provider>/name-length`.
    pub rule_id: String,
    #[command(flatten)]
    pub source: RuleSource,
}

/// What `peerlint schema` describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// Request documents (YAML or JSON), for yaml-language-server and VS Code.
    Document,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// What the schema is for.
    #[arg(value_enum)]
    pub kind: SchemaKind,
    /// Only this provider's requests.
    #[arg(long, value_name = "ID")]
    pub provider: Option<String>,
    #[command(flatten)]
    pub source: RuleSource,
}

/// The working directory: the root every command's paths start from.
pub fn working_dir() -> PathBuf {
    std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."))
}

impl RuleSource {
    /// Setup options for this rule source, from the working directory.
    pub fn options(&self) -> SetupOptions {
        SetupOptions {
            root: working_dir(),
            config: self.config.clone(),
            rules: self.rules.clone(),
            no_builtin_rules: self.no_builtin_rules,
            ..SetupOptions::default()
        }
    }

    /// The setup of the commands other than `check`: its problems are
    /// printed to stderr.
    pub fn setup(&self) -> io::Result<Setup> {
        let setup = Setup::load(&self.options());
        print_errors(&setup.errors)?;
        Ok(setup)
    }
}

/// Print problems that stopped an input from being used, one per line.
pub fn print_errors(errors: &[InputError]) -> io::Result<()> {
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
pub fn known_provider(setup: &Setup, provider: Option<&str>) -> io::Result<bool> {
    match provider.and_then(|p| setup.unknown_provider(p)) {
        Some(message) => {
            writeln!(io::stderr(), "peerlint: --provider: {message}")?;
            Ok(false)
        }
        None => Ok(true),
    }
}

/// Exit code 2 when the setup had problems, else 0.
pub fn setup_code(setup: &Setup) -> u8 {
    if setup.errors.is_empty() {
        0
    } else {
        2
    }
}
