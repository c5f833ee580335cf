//! `peerlint rules` (the rule list) and `peerlint --version`.

use std::io::{self, Write};

use peerlint::rules::{self, LoadOptions};

use crate::args::{known_provider, setup_code, ListFormat, RulesArgs};

pub fn run(args: RulesArgs) -> io::Result<u8> {
    let setup = args.source.setup()?;
    if !known_provider(&setup, args.provider.as_deref())? {
        return Ok(2);
    }
    let catalog = setup.catalog();
    let rows: Vec<_> = match args.provider.as_deref() {
        // One provider's rules only: no core rules.
        Some(p) => catalog.rules().filter(|r| r.provider == p).collect(),
        None => catalog.rules().collect(),
    };
    // The severity a run would use: the config's `severity` map applied.
    let effective = |r: &peerlint::catalog::RuleEntry<'_>| -> &'static str {
        setup
            .options
            .severities
            .effective(r.id, r.severity, r.fixed)
            .map_or("off", |s| s.as_str())
    };
    let mut out = io::stdout().lock();
    match args.format {
        ListFormat::Json => {
            let value: Vec<serde_json::Value> = rows
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.id, "provider": r.provider, "severity": effective(r),
                        "default_severity": r.severity, "summary": r.summary, "check": r.kind,
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &value)?;
            writeln!(out)?;
        }
        ListFormat::Human => {
            let width = rows.iter().map(|r| r.id.len()).max().unwrap_or(0);
            for r in &rows {
                writeln!(out, "{:width$}  {:7}  {}", r.id, effective(r), r.summary)?;
            }
        }
    }
    Ok(setup_code(&setup))
}

/// `--version`: the tool's version and the built-in rule sets' data versions.
pub fn version() -> io::Result<u8> {
    // The built-in sets' data versions, whatever a config adds.
    let loaded = rules::load(&LoadOptions {
        builtin: true,
        ..LoadOptions::default()
    });
    let sets: Vec<String> = loaded
        .sets
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
