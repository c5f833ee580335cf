//! A request as the checks see it: its parameters, its VPC facts, and the
//! pointers and spans to report them at.
//!
//! A request is either the full form (`provider`, `params`, `vpcs`, ...) or
//! the raw form (the params mapping itself). [`RequestView::resolve`] walks
//! a rule target (`params.vpcId`, `vpcs[].addressPrefix[]`) and yields each
//! value with its RFC 6901 pointer relative to the request.

use crate::dialect::{Step, Target};
pub use crate::document::pointer_segment;
use crate::document::{key_pointer, push_index, push_key, Node, SourceFile};

/// One value reached by a target.
#[derive(Debug, Clone)]
pub struct FieldRef<'a> {
    pub node: &'a Node,
    pub pointer: Pointer<'a>,
    /// The field name the target ends at.
    pub field: &'a str,
}

/// The JSON pointer of a value: a base and keys (a target's steps, or one
/// member), made into text only when something (a finding, a nested
/// value) asks for it.
#[derive(Debug, Clone)]
pub struct Pointer<'a> {
    base: &'a str,
    keys: Keys<'a>,
    text: std::cell::OnceCell<String>,
}

#[derive(Debug, Clone, Copy)]
enum Keys<'a> {
    /// A target's steps, with the index each `[]` step took, in order (a
    /// path of keys takes none).
    Path(&'a [Step], [u32; INDICES]),
    Member(&'a str),
}

/// The most `[]` steps a pointer keeps as indices, to write out when asked;
/// a target with more has its pointers written at once.
const INDICES: usize = 4;

impl<'a> Pointer<'a> {
    /// A pointer already written out.
    pub fn text(text: String) -> Pointer<'a> {
        Pointer {
            base: "",
            keys: Keys::Path(&[], [0; INDICES]),
            text: std::cell::OnceCell::from(text),
        }
    }

    /// A pointer written out elsewhere (`/account`).
    pub fn fixed(text: &'a str) -> Pointer<'a> {
        Pointer::keys(text, &[])
    }

    /// Member `key` (escaped when written) of `base`.
    pub fn member(base: &'a str, key: &'a str) -> Pointer<'a> {
        Pointer {
            base,
            keys: Keys::Member(key),
            text: std::cell::OnceCell::new(),
        }
    }

    /// `base` followed by `keys` (a path of keys).
    fn keys(base: &'a str, keys: &'a [Step]) -> Pointer<'a> {
        Pointer::indexed(base, keys, &[])
    }

    /// `base` followed by `steps`, the `[]` steps at `indices`.
    fn indexed(base: &'a str, steps: &'a [Step], indices: &[u32]) -> Pointer<'a> {
        if indices.len() > INDICES {
            return Pointer::text(write_path(base, steps, indices));
        }
        let mut kept = [0; INDICES];
        kept[..indices.len()].copy_from_slice(indices);
        Pointer {
            base,
            keys: Keys::Path(steps, kept),
            text: std::cell::OnceCell::new(),
        }
    }

    /// The pointer's text.
    pub fn as_str(&self) -> &str {
        if let (Keys::Path([], _), None) = (self.keys, self.text.get()) {
            return self.base;
        }
        self.text.get_or_init(|| match self.keys {
            Keys::Path(steps, indices) => write_path(self.base, steps, &indices),
            Keys::Member(key) => key_pointer(self.base, key),
        })
    }
}

/// `base` followed by `steps`, the `[]` steps taking `indices` in order.
fn write_path(base: &str, steps: &[Step], indices: &[u32]) -> String {
    let mut text = base.to_owned();
    let mut indices = indices.iter();
    for step in steps {
        match step {
            Step::Key(key) => push_key(&mut text, key),
            Step::Each => {
                if let Some(&i) = indices.next() {
                    push_index(&mut text, i as usize);
                }
            }
        }
    }
    text
}

impl std::fmt::Display for Pointer<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The targets resolved for one request, each once (by its text), and the
/// values each reached: one list for all of them.
#[derive(Debug, Default)]
pub struct Resolved<'s> {
    targets: Vec<(&'s str, std::ops::Range<usize>)>,
    fields: Vec<FieldRef<'s>>,
}

impl<'s> Resolved<'s> {
    /// Room for a request's usual targets and values (a rule set's field
    /// rules reach about ten) without growing.
    pub fn new() -> Resolved<'s> {
        Resolved {
            targets: Vec::with_capacity(16),
            fields: Vec::with_capacity(16),
        }
    }

    /// The values `target` reaches in `view`, resolved on first use.
    pub fn of<'a: 's>(&mut self, view: &'s RequestView<'a>, target: &'a Target) -> &[FieldRef<'s>] {
        let range = match self.targets.iter().find(|(t, _)| *t == target.text) {
            Some((_, range)) => range.clone(),
            None => {
                let start = self.fields.len();
                view.resolve_into(target, &mut self.fields);
                let range = start..self.fields.len();
                self.targets.push((&target.text, range.clone()));
                range
            }
        };
        &self.fields[range]
    }

    /// The values of a target resolved already (by its text).
    pub fn get(&self, text: &str) -> Option<&[FieldRef<'s>]> {
        self.targets
            .iter()
            .find(|(t, _)| *t == text)
            .map(|(_, range)| &self.fields[range.clone()])
    }
}

/// Each value `steps` reach from `node`, depth first (document order),
/// with the index each `[]` step took.
fn descend<'n>(
    node: &'n Node,
    steps: &[Step],
    indices: &mut Vec<u32>,
    leaf: &mut dyn FnMut(&'n Node, &[u32]),
) {
    let Some((step, rest)) = steps.split_first() else {
        leaf(node, indices);
        return;
    };
    match step {
        Step::Key(key) => {
            if let Some(value) = node.get(key) {
                descend(value, rest, indices, leaf);
            }
        }
        Step::Each => {
            for (i, item) in node.as_sequence().unwrap_or(&[]).iter().enumerate() {
                indices.push(u32::try_from(i).unwrap_or(u32::MAX));
                descend(item, rest, indices, leaf);
                indices.pop();
            }
        }
    }
}

/// A request document, borrowed from its parsed tree.
#[derive(Debug)]
pub struct RequestView<'a> {
    pub source: &'a SourceFile,
    pub root: &'a Node,
    /// The params mapping (the root itself in raw form).
    pub params: Option<&'a Node>,
    /// `/params`, or `""` in raw form.
    pub params_pointer: String,
    pub vpcs: Option<&'a Node>,
    /// Values built from the parameters (`derived.<name>`): name, a scalar
    /// node placed where findings on it point, and that place's pointer.
    pub derived: &'a [(String, Node, String)],
}

impl<'a> RequestView<'a> {
    /// Every value `target` reaches, with its pointer.
    pub fn resolve<'s>(&'s self, target: &'a Target) -> Vec<FieldRef<'s>> {
        let mut out = Vec::new();
        self.resolve_into(target, &mut out);
        out
    }

    /// Every value `target` reaches, with its pointer, added to `out` in
    /// document order. Pointers are written out only when asked for.
    pub fn resolve_into<'s>(&'s self, target: &'a Target, out: &mut Vec<FieldRef<'s>>) {
        let field = target.field();
        if target.is_derived() {
            out.extend(self.derived.iter().filter(|(n, _, _)| n == field).map(
                |(_, node, pointer)| FieldRef {
                    node,
                    pointer: Pointer::keys(pointer, &[]),
                    field,
                },
            ));
            return;
        }
        let (start, base, steps): (_, &'s str, _) = match target.steps.split_first() {
            Some((Step::Key(first), rest)) if first == "params" => {
                (self.params, &self.params_pointer, rest)
            }
            Some((Step::Key(first), rest)) if first == "vpcs" => (self.vpcs, "/vpcs", rest),
            _ => (None, "", &[][..]),
        };
        let Some(start) = start else {
            return;
        };
        // The usual target is a path of keys: one value, one pointer.
        if steps.iter().all(|s| matches!(s, Step::Key(_))) {
            let mut node = start;
            for step in steps {
                let Step::Key(key) = step else {
                    return;
                };
                let Some(value) = node.get(key) else {
                    return;
                };
                node = value;
            }
            out.push(FieldRef {
                node,
                pointer: Pointer::keys(base, steps),
                field,
            });
            return;
        }
        let eaches = steps.iter().filter(|s| matches!(s, Step::Each)).count();
        let mut indices = Vec::with_capacity(eaches);
        descend(start, steps, &mut indices, &mut |node, indices| {
            out.push(FieldRef {
                node,
                pointer: Pointer::indexed(base, steps, indices),
                field,
            });
        });
    }

    /// The first scalar value `target` reaches (not an expression: its value
    /// is not known).
    pub fn scalar(&self, target: &'a Target) -> Option<FieldRef<'_>> {
        self.resolve(target).into_iter().find(|f| {
            f.node.as_scalar().is_some_and(|s| {
                !s.is_null() && s.style != crate::document::ScalarStyle::Expression
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{parse, Format};

    fn key(k: &str) -> Step {
        Step::Key(k.to_owned())
    }

    /// The full-form view of the request `root` (its `params` and `vpcs`).
    fn view_of<'a>(
        root: &'a Node,
        source: &'a SourceFile,
        derived: &'a [(String, Node, String)],
    ) -> RequestView<'a> {
        RequestView {
            source,
            root,
            params: root.get("params"),
            params_pointer: "/params".to_owned(),
            vpcs: root.get("vpcs"),
            derived,
        }
    }

    /// Resolve `steps` (from the request root) in `yaml`: each value's text
    /// (or `[...]`/`{...}`) and pointer.
    fn reached(yaml: &str, steps: Vec<Step>) -> Vec<(String, String)> {
        let root = parse(yaml, Format::Yaml).documents.remove(0);
        let source = SourceFile::new("r.yaml", yaml.to_owned());
        let view = view_of(&root, &source, &[]);
        let target = Target::new("t", steps);
        let mut resolved = Resolved::default();
        let fields: Vec<(String, String)> = resolved
            .of(&view, &target)
            .iter()
            .map(|f| {
                let text = f.node.as_str().map_or_else(
                    || {
                        if f.node.as_sequence().is_some() {
                            "[...]".to_owned()
                        } else {
                            "{...}".to_owned()
                        }
                    },
                    str::to_owned,
                );
                (text, f.pointer.as_str().to_owned())
            })
            .collect();
        // Resolved once: a second use gives the same values, also by text.
        let again = resolved.of(&view, &target).len();
        assert_eq!(again, fields.len());
        assert_eq!(resolved.get("t").map(<[_]>::len), Some(fields.len()));
        assert!(resolved.get("other").is_none());
        // The plain form agrees.
        let plain: Vec<String> = view
            .resolve(&target)
            .iter()
            .map(|f| f.pointer.as_str().to_owned())
            .collect();
        assert_eq!(
            plain,
            fields.iter().map(|f| f.1.clone()).collect::<Vec<_>>()
        );
        fields
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    }

    #[test]
    fn each_target_is_resolved_once_and_kept_apart() {
        let yaml = "params:\n  a: x\n  b: y\n";
        let root = parse(yaml, Format::Yaml).documents.remove(0);
        let source = SourceFile::new("r.yaml", yaml.to_owned());
        let view = view_of(&root, &source, &[]);
        let (a, b) = (
            Target::new("params.a", vec![key("params"), key("a")]),
            Target::new("params.b", vec![key("params"), key("b")]),
        );
        let mut resolved = Resolved::default();
        let texts = |fields: &[FieldRef<'_>]| -> Vec<String> {
            fields
                .iter()
                .map(|f| f.node.as_str().unwrap_or_default().to_owned())
                .collect()
        };
        assert_eq!(texts(resolved.of(&view, &a)), ["x"]);
        assert_eq!(texts(resolved.of(&view, &b)), ["y"]);
        assert_eq!(texts(resolved.of(&view, &a)), ["x"]);
        assert_eq!(
            resolved.get("params.b").map(texts),
            Some(vec!["y".to_owned()])
        );
        // Two targets, each resolved once: two values in all.
        assert_eq!(resolved.fields.len(), 2);
    }

    #[test]
    fn a_path_of_keys_reaches_one_value() {
        let yaml = "params:\n  a/b:\n    c~d: x\n";
        assert_eq!(
            reached(yaml, vec![key("params"), key("a/b"), key("c~d")]),
            pairs(&[("x", "/params/a~1b/c~0d")])
        );
        assert_eq!(reached(yaml, vec![key("params"), key("nope")]), vec![]);
        assert_eq!(reached(yaml, vec![key("elsewhere"), key("a/b")]), vec![]);
        // Only `params` and `vpcs` start a target.
        let both = "params:\n  a: x\nvpcs:\n  - id: v\nother:\n  - id: w\n";
        assert_eq!(
            reached(both, vec![key("vpcs"), Step::Each, key("id")]),
            pairs(&[("v", "/vpcs/0/id")])
        );
        assert_eq!(
            reached(both, vec![key("other"), Step::Each, key("id")]),
            vec![]
        );
    }

    #[test]
    fn the_first_scalar_skips_nulls_and_expressions() {
        let first = |text: &str, format: Format| -> Option<String> {
            let root = parse(text, format).documents.remove(0);
            let source = SourceFile::new("r", text.to_owned());
            let view = view_of(&root, &source, &[]);
            let target = Target::new("params.l[]", vec![key("params"), key("l"), Step::Each]);
            view.scalar(&target)
                .map(|f| f.node.as_str().unwrap_or_default().to_owned())
        };
        assert_eq!(
            first("params:\n  l: [~, x]\n", Format::Yaml).as_deref(),
            Some("x")
        );
        assert_eq!(first("params:\n  l: [~]\n", Format::Yaml), None);
        assert_eq!(
            first("params = {\n  l = [var.a, \"y\"]\n}\n", Format::Hcl).as_deref(),
            Some("y")
        );
    }

    #[test]
    fn derived_targets_reach_the_values_of_their_name() {
        let yaml = "params:\n  a: x\n";
        let root = parse(yaml, Format::Yaml).documents.remove(0);
        let source = SourceFile::new("r.yaml", yaml.to_owned());
        let value = |text: &str| parse(text, Format::Yaml).documents.remove(0);
        let derived = vec![
            ("pair".to_owned(), value("p"), "/params/a".to_owned()),
            ("other".to_owned(), value("o"), "/params".to_owned()),
        ];
        let view = view_of(&root, &source, &derived);
        let target = Target::new("derived.pair", vec![key("derived"), key("pair")]);
        assert!(target.is_derived());
        let fields = view.resolve(&target);
        let got: Vec<(&str, &str)> = fields
            .iter()
            .map(|f| (f.node.as_str().unwrap_or_default(), f.pointer.as_str()))
            .collect();
        assert_eq!(got, [("p", "/params/a")]);
        assert!(fields.iter().all(|f| f.field == "pair"));
    }

    #[test]
    fn lists_are_walked_in_document_order_with_each_index() {
        let yaml = "vpcs:\n  - id: a\n    cidrs: [p, q]\n  - id: b\n  - id: c\n    cidrs: [r]\n";
        assert_eq!(
            reached(
                yaml,
                vec![key("vpcs"), Step::Each, key("cidrs"), Step::Each]
            ),
            pairs(&[
                ("p", "/vpcs/0/cidrs/0"),
                ("q", "/vpcs/0/cidrs/1"),
                ("r", "/vpcs/2/cidrs/0"),
            ])
        );
        assert_eq!(
            reached(yaml, vec![key("vpcs"), Step::Each, key("cidrs")]),
            pairs(&[("[...]", "/vpcs/0/cidrs"), ("[...]", "/vpcs/2/cidrs")])
        );
        // `[]` on a value that is not a list reaches nothing.
        assert_eq!(
            reached(yaml, vec![key("vpcs"), Step::Each, key("id"), Step::Each]),
            vec![]
        );
    }

    /// `params.m` followed by `depth` list steps.
    fn lists_in_m(depth: usize) -> Vec<Step> {
        let mut steps = vec![key("params"), key("m")];
        steps.extend(std::iter::repeat_n(Step::Each, depth));
        steps
    }

    #[test]
    fn pointers_with_more_indices_than_kept_are_written_at_once() {
        // Five `[]` steps, one more than a pointer keeps as indices.
        let yaml = "params:\n  m:\n    - - - - - x\n            - y\n    - - - - - z\n";
        assert_eq!(
            reached(yaml, lists_in_m(5)),
            pairs(&[
                ("x", "/params/m/0/0/0/0/0"),
                ("y", "/params/m/0/0/0/0/1"),
                ("z", "/params/m/1/0/0/0/0"),
            ])
        );
        let four = "params:\n  m:\n    - - - - x\n    - - - - y\n          - z\n";
        assert_eq!(
            reached(four, lists_in_m(4)),
            pairs(&[
                ("x", "/params/m/0/0/0/0"),
                ("y", "/params/m/1/0/0/0"),
                ("z", "/params/m/1/0/0/1"),
            ])
        );
    }
}
