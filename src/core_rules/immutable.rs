//! `peerlint/immutable-change`: a planned in-place update that changes an
//! argument the provider cannot change in place (a rule file lists them as
//! a resource's `immutable` arguments). The provider does not replace the
//! resource for it, so the plan looks fine and its apply fails. The input
//! layer finds these changes; the engine reports them.

use super::CoreRule;
use crate::diagnostic::Severity;

pub static IMMUTABLE_CHANGE: CoreRule = CoreRule {
    id: "peerlint/immutable-change",
    severity: Severity::Error,
    summary: "a planned update changes an argument that cannot be changed in place",
    why: "Some providers neither update an argument nor replace the resource when it changes: the plan shows an ordinary update, and applying it fails. Keep the old value, or replace the resource on purpose.",
    fail: "",
    pass: "",
    fixed: false,
};
