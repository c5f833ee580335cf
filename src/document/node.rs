//! The parsed node tree shared by YAML, JSON and HCL.
//!
//! Each node keeps the byte span of its text and, for scalars, both the
//! decoded value and how it was written (plain, quoted, block, JSON number,
//! HCL literal or expression), so checks see the source text of `017` or
//! `on` rather than a number or a bool. Trees are dropped iteratively: deep nesting cannot overflow the stack.

use super::source::Span;

/// How a scalar was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarStyle {
    /// YAML plain scalar (`name: app`).
    Plain,
    /// YAML `'single'`.
    SingleQuoted,
    /// YAML `"double"` or a JSON string.
    DoubleQuoted,
    /// YAML `|` or `>` block scalar.
    Block,
    /// JSON number.
    JsonNumber,
    /// JSON `true`/`false`.
    JsonBool,
    /// JSON `null`.
    JsonNull,
    /// HCL number literal (value: its source text, e.g. `42` or `-1.5e3`).
    HclNumber,
    /// HCL `true`/`false`.
    HclBool,
    /// HCL `null`.
    HclNull,
    /// Any other HCL expression (a reference, a function call, a template
    /// with interpolation, …); the value is its exact source text.
    Expression,
}

/// A scalar value.
#[derive(Debug, Clone, PartialEq)]
pub struct Scalar {
    /// The value after escape processing (for JSON and HCL numbers and bools,
    /// and for HCL expressions: their source text).
    pub value: String,
    pub style: ScalarStyle,
    /// Explicit core-schema tag suffix (`str` for `!!str`), if any.
    pub tag: Option<String>,
}

/// The type a plain YAML scalar (or JSON literal) would be read as by a
/// YAML 1.1 or YAML 1.2 core-schema loader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImplicitType {
    Null,
    Bool,
    Int,
    Float,
    /// YAML 1.1 sexagesimal (`1:20`).
    Sexagesimal,
    /// YAML 1.1 timestamp (`2024-05-01`, `2024-05-01T10:00:00Z`).
    Timestamp,
}

impl ImplicitType {
    /// A noun for messages.
    pub fn noun(self) -> &'static str {
        match self {
            ImplicitType::Null => "null",
            ImplicitType::Bool => "a boolean",
            ImplicitType::Int => "an integer",
            ImplicitType::Float => "a number",
            ImplicitType::Sexagesimal => "a base-60 number (YAML 1.1)",
            ImplicitType::Timestamp => "a date (YAML 1.1 timestamp)",
        }
    }
}

impl Scalar {
    /// Whether the scalar is null (`~`, `null`, empty plain, JSON or HCL `null`) and untagged.
    pub fn is_null(&self) -> bool {
        match self.style {
            ScalarStyle::JsonNull | ScalarStyle::HclNull => true,
            ScalarStyle::Plain => {
                self.tag.is_none()
                    && matches!(self.value.as_str(), "" | "~" | "null" | "Null" | "NULL")
            }
            _ => false,
        }
    }

    /// The non-string type a loader would give this scalar, if any.
    /// Quoted, block and `!!str`-tagged scalars are always strings. HCL
    /// numbers, bools and expressions give `None`: Terraform converts them
    /// to strings where a string is expected, so they are no YAML-style trap.
    pub fn implicit_type(&self) -> Option<ImplicitType> {
        match self.style {
            ScalarStyle::HclNull => Some(ImplicitType::Null),
            ScalarStyle::HclNumber | ScalarStyle::HclBool | ScalarStyle::Expression => None,
            ScalarStyle::JsonNumber => Some(if self.value.contains(['.', 'e', 'E']) {
                ImplicitType::Float
            } else {
                ImplicitType::Int
            }),
            ScalarStyle::JsonBool => Some(ImplicitType::Bool),
            ScalarStyle::JsonNull => Some(ImplicitType::Null),
            ScalarStyle::Plain if self.tag.as_deref() != Some("str") => {
                if let Some(tag) = self.tag.as_deref() {
                    return match tag {
                        "int" => Some(ImplicitType::Int),
                        "float" => Some(ImplicitType::Float),
                        "bool" => Some(ImplicitType::Bool),
                        "null" => Some(ImplicitType::Null),
                        _ => None,
                    };
                }
                plain_implicit_type(&self.value)
            }
            _ => None,
        }
    }
}

/// What a plain scalar resolves to under YAML 1.1 or the YAML 1.2 core schema.
pub fn plain_implicit_type(text: &str) -> Option<ImplicitType> {
    // Most strings start with a letter no other type starts with.
    if let Some(first) = text.bytes().next() {
        if first.is_ascii_alphabetic() && !b"yYnNoOtTfF".contains(&first) {
            return None;
        }
    }
    // No null, boolean, number or timestamp has a slash (a CIDR block has).
    if text.contains('/') {
        return None;
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Some(ImplicitType::Null),
        "y" | "Y" | "yes" | "Yes" | "YES" | "n" | "N" | "no" | "No" | "NO" | "true" | "True"
        | "TRUE" | "false" | "False" | "FALSE" | "on" | "On" | "ON" | "off" | "Off" | "OFF" => {
            return Some(ImplicitType::Bool)
        }
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF"
        | ".nan" | ".NaN" | ".NAN" => return Some(ImplicitType::Float),
        _ => {}
    }
    if is_timestamp(text) {
        return Some(ImplicitType::Timestamp);
    }
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    if unsigned.is_empty() {
        return None;
    }
    let digits_with_underscores = |s: &str, radix: u32| {
        !s.is_empty()
            && s.chars().all(|c| c == '_' || c.is_digit(radix))
            && s.chars().any(|c| c.is_digit(radix))
    };
    if let Some(hex) = unsigned.strip_prefix("0x") {
        return digits_with_underscores(hex, 16).then_some(ImplicitType::Int);
    }
    if let Some(oct) = unsigned.strip_prefix("0o") {
        return digits_with_underscores(oct, 8).then_some(ImplicitType::Int);
    }
    if let Some(bin) = unsigned.strip_prefix("0b") {
        return digits_with_underscores(bin, 2).then_some(ImplicitType::Int);
    }
    if digits_with_underscores(unsigned, 10) && unsigned.as_bytes()[0] != b'_' {
        return Some(ImplicitType::Int);
    }
    // YAML 1.1 sexagesimal: [1-9][0-9_]*(:[0-5]?[0-9])+ (optionally with a fraction).
    if let Some((head, rest)) = unsigned.split_once(':') {
        let head_ok = head
            .as_bytes()
            .first()
            .is_some_and(|b| (b'1'..=b'9').contains(b))
            && head.chars().all(|c| c.is_ascii_digit() || c == '_');
        let (groups, fraction) = match rest.split_once('.') {
            Some((g, f)) => (g, Some(f)),
            None => (rest, None),
        };
        let groups_ok = groups.split(':').all(|g| {
            matches!(g.len(), 1 | 2)
                && g.chars().all(|c| c.is_ascii_digit())
                && (g.len() == 1 || g.as_bytes()[0] <= b'5')
        });
        let fraction_ok =
            fraction.is_none_or(|f| f.chars().all(|c| c.is_ascii_digit() || c == '_'));
        if head_ok && groups_ok && fraction_ok {
            return Some(ImplicitType::Sexagesimal);
        }
        return None;
    }
    if is_float(unsigned) {
        return Some(ImplicitType::Float);
    }
    None
}

/// YAML 1.1 timestamp: `YYYY-M-D`, optionally followed (after `T`, `t` or
/// spaces) by `H:MM:SS`, a fraction and a zone (`Z`, `+08`, `-05:30`).
fn is_timestamp(text: &str) -> bool {
    fn digits(s: &str, min: usize, max: usize) -> bool {
        (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    }
    let (date, time) = match text.find(['T', 't', ' ', '\t']) {
        Some(i) => (
            &text[..i],
            Some(text[i + 1..].trim_start_matches([' ', '\t'])),
        ),
        None => (text, None),
    };
    let mut parts = date.split('-');
    let date_ok = matches!(
        (parts.next(), parts.next(), parts.next(), parts.next()),
        (Some(y), Some(m), Some(d), None) if digits(y, 4, 4) && digits(m, 1, 2) && digits(d, 1, 2)
    );
    let Some(time) = time else {
        // A date alone must be exactly YYYY-MM-DD in YAML 1.1.
        return date_ok && date.len() == 10;
    };
    if !date_ok {
        return false;
    }
    let zone_at = time.find(['Z', 'z', '+', '-']).unwrap_or(time.len());
    let (clock, zone) = time.split_at(zone_at);
    let clock = clock.trim_end_matches([' ', '\t']);
    let (clock, fraction) = clock.split_once('.').unwrap_or((clock, ""));
    let mut hms = clock.split(':');
    let clock_ok = matches!(
        (hms.next(), hms.next(), hms.next(), hms.next()),
        (Some(h), Some(m), Some(s), None) if digits(h, 1, 2) && digits(m, 2, 2) && digits(s, 2, 2)
    ) && fraction.bytes().all(|b| b.is_ascii_digit());
    let zone_ok = match zone.as_bytes().first() {
        None => true,
        Some(b'Z' | b'z') => zone.len() == 1,
        Some(_) => {
            let z = &zone[1..];
            let (h, m) = z.split_once(':').unwrap_or((z, "00"));
            digits(h, 1, 2) && digits(m, 2, 2)
        }
    };
    clock_ok && zone_ok
}

/// YAML 1.1/1.2 float without sign: `1.5`, `.5`, `1.`, `1e3`, `1_000.5`, `6.8523015e+5`.
fn is_float(s: &str) -> bool {
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (int_part, frac_part) = match mantissa.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (mantissa, None),
    };
    let digits_ok = |p: &str| p.chars().all(|c| c.is_ascii_digit() || c == '_');
    let has_digit = int_part.chars().any(|c| c.is_ascii_digit())
        || frac_part.is_some_and(|f| f.chars().any(|c| c.is_ascii_digit()));
    if !has_digit || !digits_ok(int_part) || !frac_part.is_none_or(digits_ok) {
        return false;
    }
    match exponent {
        None => frac_part.is_some(),
        Some(e) => {
            let e = e.strip_prefix(['+', '-']).unwrap_or(e);
            !e.is_empty() && e.chars().all(|c| c.is_ascii_digit())
        }
    }
}

/// A key/value pair of a mapping.
#[derive(Debug, Clone)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
}

/// The shape of a node.
#[derive(Debug, Clone)]
pub enum NodeKind {
    Scalar(Scalar),
    Mapping(Vec<Entry>),
    Sequence(Vec<Node>),
}

/// A node with the span of its source text.
#[derive(Debug, Clone)]
pub struct Node {
    pub span: Span,
    pub kind: NodeKind,
}

/// A set of nodes of one tree, by [`Node::id`].
pub type NodeSet = rustc_hash::FxHashSet<usize>;

impl Node {
    /// The scalar, if this is one.
    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.kind {
            NodeKind::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The scalar's value, if this is a scalar.
    pub fn as_str(&self) -> Option<&str> {
        self.as_scalar().map(|s| s.value.as_str())
    }

    /// The entries, if this is a mapping.
    pub fn as_mapping(&self) -> Option<&[Entry]> {
        match &self.kind {
            NodeKind::Mapping(entries) => Some(entries),
            _ => None,
        }
    }

    /// The items, if this is a sequence.
    pub fn as_sequence(&self) -> Option<&[Node]> {
        match &self.kind {
            NodeKind::Sequence(items) => Some(items),
            _ => None,
        }
    }

    /// The first entry whose key is the scalar `key`.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.as_mapping()?
            .iter()
            .find(|e| e.key.as_str() == Some(key))
    }

    /// An identity for this node while its tree is alive (its address):
    /// sets of nodes ([`NodeSet`]) use it instead of pointers.
    pub fn id(&self) -> usize {
        self as *const Node as usize
    }

    /// The node an RFC 6901 pointer (`/params/vpcId`, `/vpcs/0`) reaches.
    pub fn pointer(&self, pointer: &str) -> Option<&Node> {
        let mut node = self;
        if pointer.is_empty() {
            return Some(node);
        }
        for raw in pointer.strip_prefix('/')?.split('/') {
            let part = raw.replace("~1", "/").replace("~0", "~");
            node = match &node.kind {
                NodeKind::Mapping(_) => node.get(&part)?,
                NodeKind::Sequence(items) => items.get(part.parse::<usize>().ok()?)?,
                NodeKind::Scalar(_) => return None,
            };
        }
        Some(node)
    }

    /// The value of the first entry with key `key`.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    /// Whether this node is a null scalar.
    pub fn is_null(&self) -> bool {
        self.as_scalar().is_some_and(Scalar::is_null)
    }

    /// A word for the node's type, for messages.
    pub fn type_name(&self) -> &'static str {
        match &self.kind {
            NodeKind::Scalar(s) if s.style == ScalarStyle::HclNumber => "a number",
            NodeKind::Scalar(s) if s.style == ScalarStyle::HclBool => "a boolean",
            NodeKind::Scalar(s) if s.style == ScalarStyle::Expression => "an expression",
            NodeKind::Scalar(s) => match s.implicit_type() {
                Some(ImplicitType::Null) => "null",
                Some(ImplicitType::Bool) => "a boolean",
                Some(ImplicitType::Int | ImplicitType::Float | ImplicitType::Sexagesimal) => {
                    "a number"
                }
                Some(ImplicitType::Timestamp) => "a date",
                None => "a string",
            },
            NodeKind::Mapping(_) => "a mapping",
            NodeKind::Sequence(_) => "a list",
        }
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        // Move children onto an explicit stack so that dropping a deeply
        // nested tree never recurses.
        let mut stack: Vec<Node> = Vec::new();
        take_children(&mut self.kind, &mut stack);
        while let Some(mut node) = stack.pop() {
            take_children(&mut node.kind, &mut stack);
        }
    }
}

fn take_children(kind: &mut NodeKind, stack: &mut Vec<Node>) {
    match kind {
        NodeKind::Mapping(entries) => {
            for entry in std::mem::take(entries) {
                let Entry { key, value } = entry;
                stack.push(key);
                stack.push(value);
            }
        }
        NodeKind::Sequence(items) => stack.extend(std::mem::take(items)),
        NodeKind::Scalar(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_traps_resolve_to_non_strings() {
        for (text, expected) in [
            ("2407912486", ImplicitType::Int),
            ("on", ImplicitType::Bool),
            ("yes", ImplicitType::Bool),
            ("017", ImplicitType::Int),
            ("0x1F", ImplicitType::Int),
            ("1_000", ImplicitType::Int),
            (".inf", ImplicitType::Float),
            ("1:20", ImplicitType::Sexagesimal),
            ("2024-05-01", ImplicitType::Timestamp),
            ("2024-05-01T10:00:00Z", ImplicitType::Timestamp),
            ("2001-12-14 21:59:43.10 -5", ImplicitType::Timestamp),
            ("~", ImplicitType::Null),
            ("1.5", ImplicitType::Float),
            ("1e3", ImplicitType::Float),
            ("-0.5", ImplicitType::Float),
        ] {
            assert_eq!(plain_implicit_type(text), Some(expected), "{text}");
        }
    }

    #[test]
    fn ordinary_words_stay_strings() {
        for text in [
            "app_to_db",
            "vpc-ofxxrkkw0r",
            "gz_vpc_226",
            "cn-north-1",
            "10.0.0.0/16",
            "1.2.3",
            "e5",
            "_1",
            "1:70",
            "0:20",
            "tses",
            "x:1",
            "-",
            ".",
            "1_a",
            "2024-5-1",
            "2024-05-01-x",
            "10.0.0.0/16",
            "1/2",
            "2024-05-01/x",
            "~/",
        ] {
            assert_eq!(plain_implicit_type(text), None, "{text}");
        }
    }

    #[test]
    fn deep_trees_drop_without_recursion() {
        let mut node = Node {
            span: Span::default(),
            kind: NodeKind::Sequence(Vec::new()),
        };
        for _ in 0..200_000 {
            node = Node {
                span: Span::default(),
                kind: NodeKind::Sequence(vec![node]),
            };
        }
        drop(node);
    }
}
