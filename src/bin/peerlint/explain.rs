//! `peerlint explain RULE`: what a rule checks, why, a failing and a
//! passing example, and the API error it predicts.

use std::io::{self, Write};

use peerlint::catalog::Origin;
use peerlint::checks::Check;
use peerlint::suggest::hint;

use crate::args::{setup_code, ExplainArgs};

pub fn run(args: ExplainArgs) -> io::Result<u8> {
    let setup = args.source.setup()?;
    let catalog = setup.catalog();
    let mut out = io::stdout().lock();
    let indent = |text: &str| -> String { text.lines().map(|l| format!("    {l}\n")).collect() };
    let Some(entry) = catalog.get(&args.rule_id) else {
        let ids = catalog.ids();
        writeln!(
            io::stderr(),
            "peerlint: unknown rule `{}`{}",
            args.rule_id,
            hint(&args.rule_id, ids.iter().copied())
        )?;
        return Ok(2);
    };
    let (set, rule) = match entry.origin {
        Origin::Core(rule) => {
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
        Origin::RuleFile(set, rule) => (set, rule),
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
    Ok(setup_code(&setup))
}
