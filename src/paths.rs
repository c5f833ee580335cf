//! Paths as peerlint shows them: `/` separators, no leading `./`, relative
//! to the directory a run's paths start from when they are inside it; and
//! as `file:` URIs for SARIF.

use std::path::{Component, Path, PathBuf};

/// A path as reported: `/` separators, no leading `./`.
/// (Every walked file is named by it: one copy, and no search-and-replace
/// unless there is a backslash.)
pub fn display(path: &Path) -> String {
    let text = path.to_string_lossy();
    let text = ["./", ".\\"]
        .iter()
        .find_map(|dot| text.strip_prefix(dot))
        .filter(|rest| !rest.is_empty())
        .unwrap_or(&text);
    if text.contains('\\') {
        text.replace('\\', "/")
    } else {
        text.to_owned()
    }
}

/// `file` (relative to `root`, or absolute) shown relative to `root` when
/// it is inside it, else as given (with `/` separators).
pub fn relative_to(file: &str, root: &Path) -> String {
    let absolute = normalize(&root.join(file));
    let root = normalize(root);
    match absolute.strip_prefix(&root) {
        Ok(relative) if !root.as_os_str().is_empty() && !relative.as_os_str().is_empty() => {
            relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/")
        }
        _ => file.replace('\\', "/"),
    }
}

/// `path` without `.` and with `..` applied (lexically).
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// `file:///a/b` for an absolute path (`file:///C:/a` on Windows).
pub fn file_uri(path: &Path) -> String {
    let mut uri = String::from("file://");
    for c in path.components() {
        match c {
            Component::Prefix(p) => {
                uri.push('/');
                uri.push_str(&p.as_os_str().to_string_lossy().replace('\\', "/"));
            }
            Component::RootDir => {}
            other => {
                uri.push('/');
                uri.push_str(&encode_segment(&other.as_os_str().to_string_lossy()));
            }
        }
    }
    if uri == "file://" {
        uri.push('/');
    }
    uri
}

/// Percent-encode one path segment: everything but RFC 3986 unreserved
/// characters and the sub-delimiters that are safe in a path (`:` is
/// encoded so that a first segment never reads as a scheme).
pub fn encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        let keep = byte.is_ascii_alphanumeric()
            || matches!(
                byte,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b'@'
            );
        if keep {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_shown_relative_to_the_root() {
        let root = Path::new("/repo");
        assert_eq!(relative_to("a/b.yaml", root), "a/b.yaml");
        assert_eq!(relative_to("/repo/./a/../b.yaml", root), "b.yaml");
        assert_eq!(relative_to("/other/b.yaml", root), "/other/b.yaml");
        assert_eq!(display(Path::new("./x.yaml")), "x.yaml");
        assert_eq!(display(Path::new("./")), "./");
        // Backslashes become slashes, a leading `.\` goes as `./` does.
        assert_eq!(display(Path::new("a\\b.yaml")), "a/b.yaml");
        assert_eq!(display(Path::new(".\\x.yaml")), "x.yaml");
        assert_eq!(display(Path::new(".\\")), "./");
        assert_eq!(display(Path::new("./.\\x")), "./x");
        assert_eq!(display(Path::new("dir")), "dir");
    }
}
