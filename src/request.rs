//! A request as the checks see it: its parameters, its VPC facts, and the
//! pointers and spans to report them at.
//!
//! A request is either the full form (`provider`, `params`, `vpcs`, ...) or
//! the raw form (the params mapping itself). [`RequestView::resolve`] walks
//! a rule target (`params.vpcId`, `vpcs[].addressPrefix[]`) and yields each
//! value with its RFC 6901 pointer relative to the request.

use crate::dialect::{Step, Target};
pub use crate::document::pointer_segment;
use crate::document::{index_pointer, key_pointer, push_key, Node, SourceFile};

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
    /// A target's steps (only [`Step::Key`]s are written).
    Steps(&'a [Step]),
    Member(&'a str),
}

impl<'a> Pointer<'a> {
    /// A pointer already written out.
    pub fn text(text: String) -> Pointer<'a> {
        Pointer {
            base: "",
            keys: Keys::Steps(&[]),
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

    /// `base` followed by `keys`.
    fn keys(base: &'a str, keys: &'a [Step]) -> Pointer<'a> {
        Pointer {
            base,
            keys: Keys::Steps(keys),
            text: std::cell::OnceCell::new(),
        }
    }

    /// The pointer's text.
    pub fn as_str(&self) -> &str {
        if let (Keys::Steps([]), None) = (self.keys, self.text.get()) {
            return self.base;
        }
        self.text.get_or_init(|| {
            let mut text = self.base.to_owned();
            match self.keys {
                Keys::Steps(steps) => {
                    for step in steps {
                        if let Step::Key(key) = step {
                            push_key(&mut text, key);
                        }
                    }
                }
                Keys::Member(key) => push_key(&mut text, key),
            }
            text
        })
    }
}

impl std::fmt::Display for Pointer<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
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
        let field = target.field();
        if target.is_derived() {
            let name = target.field();
            return self
                .derived
                .iter()
                .filter(|(n, _, _)| n == name)
                .map(|(_, node, pointer)| FieldRef {
                    node,
                    pointer: Pointer::keys(pointer, &[]),
                    field,
                })
                .collect();
        }
        let (start, base, steps): (_, &'s str, _) = match target.steps.split_first() {
            Some((Step::Key(first), rest)) if first == "params" => {
                (self.params, &self.params_pointer, rest)
            }
            Some((Step::Key(first), rest)) if first == "vpcs" => (self.vpcs, "/vpcs", rest),
            _ => (None, "", &[][..]),
        };
        let Some(start) = start else {
            return Vec::new();
        };
        // The usual target is a path of keys: one value, one pointer.
        if steps.iter().all(|s| matches!(s, Step::Key(_))) {
            let mut node = start;
            for step in steps {
                let Step::Key(key) = step else {
                    return Vec::new();
                };
                let Some(value) = node.get(key) else {
                    return Vec::new();
                };
                node = value;
            }
            return vec![FieldRef {
                node,
                pointer: Pointer::keys(base, steps),
                field,
            }];
        }
        let mut current = vec![(start, base.to_owned())];
        for step in steps {
            let mut next = Vec::new();
            for (node, pointer) in current {
                match step {
                    Step::Key(key) => {
                        if let Some(value) = node.get(key) {
                            next.push((value, key_pointer(&pointer, key)));
                        }
                    }
                    Step::Each => {
                        if let Some(items) = node.as_sequence() {
                            for (i, item) in items.iter().enumerate() {
                                next.push((item, index_pointer(&pointer, i)));
                            }
                        }
                    }
                }
            }
            current = next;
        }
        current
            .into_iter()
            .map(|(node, pointer)| FieldRef {
                node,
                pointer: Pointer::text(pointer),
                field,
            })
            .collect()
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
