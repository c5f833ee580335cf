//! RFC 6901 JSON Pointers, as diagnostics and config `ignore` entries use them.

use std::borrow::Cow;

/// Escape one RFC 6901 pointer segment (borrowed when nothing needs it).
pub fn pointer_segment(key: &str) -> Cow<'_, str> {
    if key.contains(['~', '/']) {
        Cow::Owned(key.replace('~', "~0").replace('/', "~1"))
    } else {
        Cow::Borrowed(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_escaped_only_when_needed() {
        assert!(matches!(pointer_segment("vpcId"), Cow::Borrowed("vpcId")));
        assert_eq!(pointer_segment("a/b~c"), "a~1b~0c");
        assert_eq!(pointer_segment("~1"), "~01");
    }
}
