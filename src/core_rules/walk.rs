//! Walking a request tree without building a pointer for every node: each
//! node's place is an index into [`Paths`], and a pointer is made only for
//! the few nodes a finding is about.

use crate::document::{push_index, push_key, Node};

/// The stack of a walk from `root` (place 0), with room for a request's
/// usual depth and breadth without growing.
pub fn stack(root: &Node) -> Vec<(&Node, u32)> {
    let mut stack = Vec::with_capacity(16);
    stack.push((root, 0));
    stack
}

/// One step from a parent.
#[derive(Debug, Clone, Copy)]
enum Step<'a> {
    Root,
    Key(&'a str),
    Index(usize),
}

/// The places of a walk: each a parent and a step.
#[derive(Debug)]
pub struct Paths<'a> {
    base: &'a str,
    steps: Vec<(u32, Step<'a>)>,
}

impl<'a> Paths<'a> {
    /// Places under `base` (the walk's root pointer); the root is place 0.
    pub fn new(base: &'a str) -> Paths<'a> {
        Paths {
            base,
            steps: {
                // Room for a request's usual tree (about 20 places) without
                // growing.
                let mut steps = Vec::with_capacity(32);
                steps.push((0, Step::Root));
                steps
            },
        }
    }

    /// Member `key` of place `parent`.
    pub fn key(&mut self, parent: u32, key: &'a str) -> u32 {
        self.steps.push((parent, Step::Key(key)));
        (self.steps.len() - 1) as u32
    }

    /// Item `index` of place `parent`.
    pub fn index(&mut self, parent: u32, index: usize) -> u32 {
        self.steps.push((parent, Step::Index(index)));
        (self.steps.len() - 1) as u32
    }

    /// The RFC 6901 pointer of place `at`.
    pub fn pointer(&self, at: u32) -> String {
        let mut chain = Vec::new();
        let mut i = at;
        loop {
            let (parent, step) = self.steps[i as usize];
            if matches!(step, Step::Root) {
                break;
            }
            chain.push(step);
            i = parent;
        }
        let mut out = self.base.to_owned();
        for step in chain.iter().rev() {
            match step {
                Step::Key(k) => push_key(&mut out, k),
                Step::Index(n) => push_index(&mut out, *n),
                Step::Root => {}
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_are_built_from_the_chain() {
        let mut p = Paths::new("/params");
        let tags = p.key(0, "Tags");
        let first = p.index(tags, 0);
        let key = p.key(first, "a/b");
        assert_eq!(p.pointer(key), "/params/Tags/0/a~1b");
        assert_eq!(p.pointer(0), "/params");
    }
}
