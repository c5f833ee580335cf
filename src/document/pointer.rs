//! RFC 6901 JSON Pointers, as diagnostics and config `ignore` entries use them.

use std::borrow::Cow;

/// Escape one RFC 6901 pointer segment (borrowed when nothing needs it).
pub fn pointer_segment(key: &str) -> Cow<'_, str> {
    if key.bytes().any(|b| b == b'~' || b == b'/') {
        Cow::Owned(key.replace('~', "~0").replace('/', "~1"))
    } else {
        Cow::Borrowed(key)
    }
}

/// `pointer` with the segment of key `key` after it.
pub fn key_pointer(pointer: &str, key: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + 1 + key.len());
    out.push_str(pointer);
    push_key(&mut out, key);
    out
}

/// `pointer` with the segment of list index `index` after it.
pub fn index_pointer(pointer: &str, index: usize) -> String {
    let mut out = String::with_capacity(pointer.len() + 4);
    out.push_str(pointer);
    push_index(&mut out, index);
    out
}

/// Append the segment of key `key` (escaped) to `pointer`. Pointers are
/// written for every value a rule reads, so this and [`push_index`] write
/// without the formatting machinery.
pub fn push_key(pointer: &mut String, key: &str) {
    pointer.push('/');
    pointer.push_str(&pointer_segment(key));
}

/// Append the segment of list index `index` to `pointer`.
pub fn push_index(pointer: &mut String, index: usize) {
    pointer.push('/');
    pointer.push_str(itoa::Buffer::new().format(index));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_grow_by_one_segment() {
        assert_eq!(key_pointer("/params", "vpcId"), "/params/vpcId");
        assert_eq!(key_pointer("", "a/b"), "/a~1b");
        for (index, text) in [
            (0, "/vpcs/0"),
            (7, "/vpcs/7"),
            (10, "/vpcs/10"),
            (4096, "/vpcs/4096"),
        ] {
            assert_eq!(index_pointer("/vpcs", index), text);
        }
        assert_eq!(index_pointer("", usize::MAX), format!("/{}", usize::MAX));
    }

    #[test]
    fn segments_are_escaped_only_when_needed() {
        assert!(matches!(pointer_segment("vpcId"), Cow::Borrowed("vpcId")));
        assert_eq!(pointer_segment("a/b~c"), "a~1b~0c");
        assert_eq!(pointer_segment("~1"), "~01");
    }
}
