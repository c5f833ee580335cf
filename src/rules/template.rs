//! Message templates of rules: `{placeholder}`s filled with a check's
//! values and the common ones (`param`, `value`, `provider`, ...).

use super::model::{Rule, RuleSet};
use crate::diagnostic::escape_for_message;

/// The message and help of a finding of `rule`: the rule's templates filled
/// with the check's values and the common placeholders (`param` is the last
/// name in `pointer`), else the check's own text.
pub fn rule_text(
    rule: &Rule,
    set: &RuleSet,
    pointer: &str,
    value: &str,
    check_vars: &[(&'static str, String)],
    message: &str,
    help: Option<&str>,
) -> (String, Option<String>) {
    let field = pointer
        .rsplit('/')
        .find(|s| s.parse::<usize>().is_err())
        .unwrap_or("");
    // A check's own values come first: they win over the defaults.
    let mut vars: Vec<(&str, String)> = check_vars
        .iter()
        .map(|(k, v)| (*k, escape_for_message(v, 80)))
        .collect();
    vars.extend([
        ("param", field.to_owned()),
        ("value", escape_for_message(value, 64)),
        ("provider", set.provider.clone()),
        ("provider_name", set.name.clone()),
    ]);
    let message = match &rule.message {
        Some(template) => render_template(template, &vars),
        None => escape_for_message(message, 400),
    };
    let help = match &rule.help {
        Some(template) => Some(render_template(template, &vars)),
        None => help.map(str::to_owned),
    };
    (message, help)
}

/// A piece of a template: literal text or a placeholder name.
enum Piece<'t> {
    Text(&'t str),
    Name(&'t str),
}

/// Split a template into text and `{name}` placeholders; `{{` and `}}`
/// are a literal brace, and a `{` without a closing `}` is kept as written.
fn pieces(template: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        out.push(Piece::Text(&rest[..i]));
        let brace = &rest[i..i + 1];
        let after = &rest[i + 1..];
        if after.starts_with(brace) {
            out.push(Piece::Text(brace));
            rest = &after[1..];
        } else if brace == "}" {
            out.push(Piece::Text(brace));
            rest = after;
        } else if let Some(close) = after.find('}') {
            out.push(Piece::Name(&after[..close]));
            rest = &after[close + 1..];
        } else {
            out.push(Piece::Text(&rest[i..]));
            rest = "";
        }
    }
    out.push(Piece::Text(rest));
    out
}

/// Render a `{name}` template with `vars`; unknown names stay as written.
pub fn render_template(template: &str, vars: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len());
    for piece in pieces(template) {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Name(name) => match vars.iter().find(|(k, _)| *k == name) {
                Some((_, value)) => out.push_str(value),
                None => {
                    out.push('{');
                    out.push_str(name);
                    out.push('}');
                }
            },
        }
    }
    out
}

/// The `{placeholder}` names used in a template.
pub fn template_names(template: &str) -> Vec<&str> {
    pieces(template)
        .into_iter()
        .filter_map(|p| match p {
            Piece::Name(name) => Some(name),
            Piece::Text(_) => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_fill_known_names_only() {
        let vars = [("param", "vpcId".to_owned()), ("max", "32".to_owned())];
        assert_eq!(
            render_template("{param} is at most {max} {unit}", &vars),
            "vpcId is at most 32 {unit}"
        );
        assert_eq!(template_names("a {b} c {d}"), ["b", "d"]);
    }

    #[test]
    fn doubled_braces_are_literal() {
        let vars = [("max", "32".to_owned())];
        assert_eq!(
            render_template("write {{id: x}} (at most {max}) }} {{", &vars),
            "write {id: x} (at most 32) } {"
        );
        assert_eq!(template_names("{{a}} {b} {{c"), ["b"]);
        assert_eq!(render_template("open { only", &vars), "open { only");
        assert_eq!(render_template("a } b", &vars), "a } b");
    }
}
