//! RFC 6901 JSON Pointers, as diagnostics and config `ignore` entries use them.

/// Escape one RFC 6901 pointer segment.
pub fn pointer_segment(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}
