//! Showing a request's findings in its own file's terms.
//!
//! When a request's parameters are built from another syntax (a resource's
//! arguments), the engine lints them under the API's names and pointers.
//! A [`Renaming`] carried with the request turns each finding back: its
//! pointer becomes the pointer in the file, the API's names in its text
//! become `argument (ApiName)`, and labels are added where a value came
//! from elsewhere (a variable's default).

use crate::diagnostic::{Diagnostic, Label};

/// One parameter as the engine names it and as the file does.
#[derive(Debug, Clone)]
pub struct RenamedParam {
    /// The engine's pointer (`/params/PeerVpcId`).
    pub engine: String,
    /// The pointer in the file (`/resource/t/n/peer_vpc_id`).
    pub file: String,
    /// The API's name (`PeerVpcId`, `peering.name`).
    pub name: String,
    /// As messages show it (`peer_vpc_id (PeerVpcId)`).
    pub shown: String,
}

/// How a request's findings are turned into its file's terms.
#[derive(Debug, Clone, Default)]
pub struct Renaming {
    /// The engine's pointer of the parameters (`/params`).
    pub params_pointer: String,
    pub params: Vec<RenamedParam>,
    /// What a pointer relative to the request's root is prefixed with.
    pub root: String,
    /// Labels added to findings at or under an engine pointer.
    pub labels: Vec<(String, Label)>,
    /// A label added to every finding not already there (the resource's address).
    pub always: Option<Label>,
    /// Whether fixes are dropped (the file is generated).
    pub no_fixes: bool,
}

impl Renaming {
    /// Turn `d` (a finding of this request) into the file's terms.
    pub fn apply(&self, d: &mut Diagnostic) {
        let engine_pointer = std::mem::take(&mut d.pointer);
        let own = self.param_at(&engine_pointer);
        d.pointer = self.file_pointer(&engine_pointer, own);
        let names = self.names(own);
        d.message = rename(&d.message, &names);
        d.help = d.help.as_deref().map(|h| rename(h, &names));
        d.label = d.label.as_deref().map(|l| rename(l, &names));
        for label in &mut d.labels {
            label.message = rename(&label.message, &names);
        }
        for (pointer, label) in &self.labels {
            if under(&engine_pointer, pointer) && !d.labels.contains(label) {
                d.labels.push(label.clone());
            }
        }
        if let Some(label) = &self.always {
            let here = label.file.is_none() && label.location.span == d.location.span;
            if !here && !d.labels.contains(label) {
                d.labels.push(label.clone());
            }
        }
        if self.no_fixes {
            d.fix = None;
        }
    }

    /// The parameter whose pointer is the longest prefix of `pointer`.
    fn param_at(&self, pointer: &str) -> Option<&RenamedParam> {
        self.params
            .iter()
            .filter(|p| under(pointer, &p.engine))
            .max_by_key(|p| p.engine.len())
    }

    fn file_pointer(&self, pointer: &str, own: Option<&RenamedParam>) -> String {
        if let Some(p) = own {
            return format!("{}{}", p.file, &pointer[p.engine.len()..]);
        }
        if under(pointer, &self.params_pointer) {
            // A parameter no argument gives (a nested one the mapping does
            // not name): the resource itself.
            return self.root.clone();
        }
        format!("{}{pointer}", self.root)
    }

    /// `(name, shown)` pairs to rewrite, longest first: every parameter's
    /// full name, and the last part of the finding's own nested parameter.
    fn names<'s>(&'s self, own: Option<&'s RenamedParam>) -> Vec<(&'s str, &'s str)> {
        let mut names: Vec<(&'s str, &'s str)> = self
            .params
            .iter()
            .filter(|p| p.shown != p.name)
            .map(|p| (p.name.as_str(), p.shown.as_str()))
            .collect();
        if let Some(p) = own.filter(|p| p.shown != p.name) {
            if let Some((_, leaf)) = p.name.rsplit_once('.') {
                names.push((leaf, p.shown.as_str()));
            }
        }
        names.sort_by_key(|(name, _)| std::cmp::Reverse(name.len()));
        names.dedup_by_key(|(name, _)| *name);
        names
    }
}

/// Whether `pointer` is `base` or below it.
fn under(pointer: &str, base: &str) -> bool {
    pointer
        .strip_prefix(base)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Characters that join a word to a value around it: a name next to one is
/// part of a value (`my-project`, `projects/p/global/networks/network`).
fn joins(c: char) -> bool {
    matches!(c, '-' | '/')
}

/// `text` with each whole-word occurrence of a name replaced by its shown
/// form (names are tried longest first; a name inside a dotted path, a
/// longer word or a value such as `my-project` or `a/network` is not
/// replaced).
fn rename(text: &str, names: &[(&str, &str)]) -> String {
    if names.is_empty() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut i = 0;
    'scan: while i < text.len() {
        let before = text[..i].chars().next_back();
        let boundary = before.is_none_or(|c| !is_word(c) && c != '.' && !joins(c));
        if boundary {
            for (name, shown) in names {
                if !text[i..].starts_with(name) {
                    continue;
                }
                let rest = &text[i + name.len()..];
                let mut after = rest.chars();
                let ends = match after.next() {
                    None => true,
                    Some('.') => after.next().is_none_or(|c| !is_word(c)),
                    Some(c) => !is_word(c) && !joins(c),
                };
                if ends {
                    out.push_str(shown);
                    i += name.len();
                    continue 'scan;
                }
            }
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        out.push(c);
        i += c.len_utf8();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Location, Severity};
    use crate::document::Span;

    fn renaming() -> Renaming {
        Renaming {
            params_pointer: "/params".to_owned(),
            params: vec![
                RenamedParam {
                    engine: "/params/PeerVpcId".to_owned(),
                    file: "/resource/t/n/peer_vpc_id".to_owned(),
                    name: "PeerVpcId".to_owned(),
                    shown: "peer_vpc_id (PeerVpcId)".to_owned(),
                },
                RenamedParam {
                    engine: "/params/peering/accept/vpc_id".to_owned(),
                    file: "/resource/t/n/accept_vpc".to_owned(),
                    name: "peering.accept.vpc_id".to_owned(),
                    shown: "accept_vpc (peering.accept.vpc_id)".to_owned(),
                },
                RenamedParam {
                    engine: "/params/region".to_owned(),
                    file: "/resource/t/n/region".to_owned(),
                    name: "region".to_owned(),
                    shown: "region".to_owned(),
                },
            ],
            root: "/resource/t/n".to_owned(),
            ..Renaming::default()
        }
    }

    fn diagnostic(pointer: &str, message: &str) -> Diagnostic {
        let mut d = Diagnostic::new(
            "main.tf",
            "x/y",
            Severity::Error,
            message.to_owned(),
            Location::default(),
        );
        d.pointer = pointer.to_owned();
        d
    }

    #[test]
    fn pointers_and_names_are_the_files() {
        let r = renaming();
        let mut d = diagnostic("/params/PeerVpcId", "`PeerVpcId` must not be `PeerVpcIds`");
        d.help = Some("give PeerVpcId.".to_owned());
        r.apply(&mut d);
        assert_eq!(d.pointer, "/resource/t/n/peer_vpc_id");
        assert_eq!(
            d.message,
            "`peer_vpc_id (PeerVpcId)` must not be `PeerVpcIds`"
        );
        assert_eq!(d.help.as_deref(), Some("give peer_vpc_id (PeerVpcId)."));
        let mut d = diagnostic("/params/peering/accept/vpc_id", "vpc_id is bad; region too");
        r.apply(&mut d);
        assert_eq!(d.pointer, "/resource/t/n/accept_vpc");
        assert_eq!(
            d.message,
            "accept_vpc (peering.accept.vpc_id) is bad; region too"
        );
        // A name inside a value is left alone.
        let mut d = diagnostic(
            "/params/PeerVpcId",
            "a-PeerVpcId or PeerVpcId/1, not PeerVpcId",
        );
        r.apply(&mut d);
        assert_eq!(
            d.message,
            "a-PeerVpcId or PeerVpcId/1, not peer_vpc_id (PeerVpcId)"
        );
        let mut d = diagnostic("/params/PeerVpcId/0", "x");
        r.apply(&mut d);
        assert_eq!(d.pointer, "/resource/t/n/peer_vpc_id/0");
        let mut d = diagnostic("/tags/a", "x");
        r.apply(&mut d);
        assert_eq!(d.pointer, "/resource/t/n/tags/a");
        let mut d = diagnostic("/params/peering/other", "x");
        r.apply(&mut d);
        assert_eq!(d.pointer, "/resource/t/n");
    }

    #[test]
    fn labels_are_added_once() {
        let mut r = renaming();
        let label = Label {
            message: "default".to_owned(),
            file: Some("variables.tf".to_owned()),
            location: Location::default(),
        };
        r.labels
            .push(("/params/PeerVpcId".to_owned(), label.clone()));
        r.always = Some(Label {
            message: "resource a.b".to_owned(),
            file: None,
            location: Location {
                span: Span::new(1, 2),
                ..Location::default()
            },
        });
        let mut d = diagnostic("/params/PeerVpcId", "x");
        r.apply(&mut d);
        assert_eq!(d.labels.len(), 2);
        let mut d = diagnostic("/params/region", "x");
        d.location.span = Span::new(1, 2);
        r.apply(&mut d);
        assert!(d.labels.is_empty());
    }
}
