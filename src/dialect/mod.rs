//! The vocabulary rule files and check kinds share, below both: the typed
//! reader of YAML data files, character sets, the regex dialect, targets,
//! region tables and CIDR parsing. Nothing here knows about rule sets or
//! check kinds, so the check kinds can depend on it without a cycle.

pub mod charset;
pub mod cidr;
pub mod condition;
pub mod reader;
pub mod regex;
pub mod regions;
pub mod target;

pub use charset::{parse_char_range, CharClass, CharClasses, CharSet};
pub use condition::{Condition, Conditions, Test};
pub use regex::{compile_capture_regex, compile_regex, ecma_pattern, Regex, REGEX_SIZE_LIMIT};
pub use regions::{Region, RegionTable};
pub use target::{Step, Target};
