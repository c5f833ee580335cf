//! Engine-level rules (`peerlint/*`): checks every provider gets, whose
//! logic lives in the engine rather than in a rule file. Their metadata is
//! here so that `rules`, `explain`, SARIF and the config treat them like
//! rule-file rules.

use crate::diagnostic::Severity;

/// Metadata of an engine rule.
#[derive(Debug)]
pub struct CoreRule {
    pub id: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    pub why: &'static str,
    /// A failing and a passing example (YAML request documents).
    pub fail: &'static str,
    pub pass: &'static str,
    /// Syntax errors and duplicate keys can be neither switched off nor suppressed.
    pub fixed: bool,
}

pub const SYNTAX_ERROR: &str = "peerlint/syntax-error";
pub const DUPLICATE_KEY: &str = "peerlint/duplicate-key";
pub const FILE_TOO_LARGE: &str = "peerlint/file-too-large";
pub const MISSING_PARAMETER: &str = "peerlint/missing-parameter";
pub const WRONG_TYPE: &str = "peerlint/wrong-type";
pub const IMPLICIT_TYPE: &str = "peerlint/implicit-type";
pub const UNKNOWN_PARAMETER: &str = "peerlint/unknown-parameter";
pub const UNKNOWN_FIELD: &str = "peerlint/unknown-field";
pub const UNKNOWN_PROVIDER: &str = "peerlint/unknown-provider";
pub const AMBIGUOUS_PROVIDER: &str = "peerlint/ambiguous-provider";
pub const UNDETERMINED_PROVIDER: &str = "peerlint/undetermined-provider";
pub const CREDENTIAL: &str = "peerlint/credential";
pub const HIDDEN_CHARACTER: &str = "peerlint/hidden-character";
pub const SURROUNDING_WHITESPACE: &str = "peerlint/surrounding-whitespace";
pub const CONFLICTING_FACTS: &str = "peerlint/conflicting-facts";
pub const UNUSED_SUPPRESSION: &str = "peerlint/unused-suppression";
pub const SUPPRESSION_WITHOUT_REASON: &str = "peerlint/suppression-without-reason";
/// The code of `errors` entries about inventories.
pub const INVALID_INVENTORY: &str = "peerlint/invalid-inventory";

const OK_JD: &str = "provider: jdcloud\nparams:\n  regionId: cn-north-1\n  vpcPeeringName: app_to_db\n  vpcId: vpc-ofxxrkkw0r\n  remoteVpcId: vpc-2k8d0cx9aa\n";

/// Every engine rule.
pub static CORE_RULES: &[CoreRule] = &[
    CoreRule {
        id: SYNTAX_ERROR,
        severity: Severity::Error,
        summary: "the file is not valid YAML or JSON (or not UTF-8, or nested too deeply)",
        why: "A file that does not parse cannot be checked, and would be rejected by any tool that reads it.",
        fail: "provider: jdcloud\nparams: {regionId: cn-north-1\n",
        pass: OK_JD,
        fixed: true,
    },
    CoreRule {
        id: DUPLICATE_KEY,
        severity: Severity::Error,
        summary: "a mapping has the same key twice",
        why: "Parsers keep one of the two values (which one differs between tools), so the request sent may not be the one reviewed.",
        fail: "provider: jdcloud\nparams:\n  regionId: cn-north-1\n  vpcPeeringName: app_to_db\n  vpcPeeringName: app_to_cache\n  vpcId: vpc-ofxxrkkw0r\n  remoteVpcId: vpc-2k8d0cx9aa\n",
        pass: OK_JD,
        fixed: true,
    },
    CoreRule {
        id: FILE_TOO_LARGE,
        severity: Severity::Error,
        summary: "the file is larger than the size cap and is not parsed",
        why: "Request files are small; a huge file is a mistake and would cost time and memory to parse.",
        fail: "",
        pass: "",
        fixed: true,
    },
    CoreRule {
        id: MISSING_PARAMETER,
        severity: Severity::Error,
        summary: "a required parameter is absent, empty or null",
        why: "The API rejects a request without its required parameters.",
        fail: "provider: jdcloud\nparams:\n  regionId: cn-north-1\n  vpcPeeringName: app_to_db\n  vpcId: vpc-ofxxrkkw0r\n",
        pass: OK_JD,
        fixed: false,
    },
    CoreRule {
        id: WRONG_TYPE,
        severity: Severity::Error,
        summary: "a parameter has the wrong type (a list where a string is expected, ...)",
        why: "The API expects each parameter in its declared type.",
        fail: "provider: jdcloud\nparams:\n  regionId: cn-north-1\n  vpcPeeringName: [app_to_db]\n  vpcId: vpc-ofxxrkkw0r\n  remoteVpcId: vpc-2k8d0cx9aa\n",
        pass: OK_JD,
        fixed: false,
    },
    CoreRule {
        id: IMPLICIT_TYPE,
        severity: Severity::Warning,
        summary: "a string parameter is written so that YAML or JSON reads it as a number, bool or null",
        why: "`peerUin: 2407912486`, `name: on` or `017` become a number, a bool or an octal in many YAML loaders (YAML 1.1 reads `on` as true and `017` as 15), so the string sent is not the one written. Quote it; `!!str` also exempts it.",
        fail: "provider: tencentcloud\nparams:\n  vpcId: vpc-2k8d0cx9\n  peerVpcId: vpc-9a8b7c6d\n  peerUin: 2407912486\n  peeringConnectionName: tses\n",
        pass: "provider: tencentcloud\nparams:\n  vpcId: vpc-2k8d0cx9\n  peerVpcId: vpc-9a8b7c6d\n  peerUin: \"2407912486\"\n  peeringConnectionName: tses\n",
        fixed: false,
    },
    CoreRule {
        id: UNKNOWN_PARAMETER,
        severity: Severity::Warning,
        summary: "a parameter the API does not take (often a typo)",
        why: "The API ignores or rejects unknown parameters; a misspelt optional parameter is silently lost.",
        fail: "provider: jdcloud\nparams:\n  regionId: cn-north-1\n  vpcPeeringName: app_to_db\n  vpcId: vpc-ofxxrkkw0r\n  remoteVpcId: vpc-2k8d0cx9aa\n  descripton: app_tier\n",
        pass: OK_JD,
        fixed: false,
    },
    CoreRule {
        id: UNKNOWN_FIELD,
        severity: Severity::Warning,
        summary: "a document key peerlint does not know (outside `params`)",
        why: "A misspelt `vpcs` or `provider` would be ignored silently.",
        fail: "provider: jdcloud\nacount: \"82150512\"\nparams:\n  regionId: cn-north-1\n  vpcPeeringName: app_to_db\n  vpcId: vpc-ofxxrkkw0r\n  remoteVpcId: vpc-2k8d0cx9aa\n",
        pass: OK_JD,
        fixed: false,
    },
    CoreRule {
        id: UNKNOWN_PROVIDER,
        severity: Severity::Error,
        summary: "the document names a provider no rule set defines",
        why: "Without its rule set, the request cannot be checked.",
        fail: "provider: jdclod\nparams:\n  regionId: cn-north-1\n  vpcPeeringName: app_to_db\n  vpcId: vpc-ofxxrkkw0r\n  remoteVpcId: vpc-2k8d0cx9aa\n",
        pass: OK_JD,
        fixed: false,
    },
    CoreRule {
        id: AMBIGUOUS_PROVIDER,
        severity: Severity::Error,
        summary: "the parameters identify two providers at once",
        why: "A request is for one API; parameters of two providers mean a mixed-up document.",
        fail: "params:\n  vpcPeeringName: app_to_db\n  peerUin: \"2407912486\"\n",
        pass: OK_JD,
        fixed: false,
    },
    CoreRule {
        id: UNDETERMINED_PROVIDER,
        severity: Severity::Error,
        summary: "a request whose provider cannot be determined",
        why: "A document with `params` but neither a `provider` nor parameters that identify one cannot be checked. Name the provider in the document, with --provider, or in the config.",
        fail: "params:\n  name: x\n",
        pass: OK_JD,
        fixed: false,
    },
    CoreRule {
        id: CREDENTIAL,
        severity: Severity::Error,
        summary: "a credential or signature in a request document",
        why: "Request documents live in git; a secret committed there is leaked. The value is never repeated in peerlint's output.",
        fail: "provider: tencentcloud\nparams:\n  vpcId: vpc-2k8d0cx9\n  peerVpcId: vpc-9a8b7c6d\n  peerUin: \"2407912486\"\n  peeringConnectionName: tses\n  SecretKey: abcdefghijklmnop\n",
        pass: "provider: tencentcloud\nparams:\n  vpcId: vpc-2k8d0cx9\n  peerVpcId: vpc-9a8b7c6d\n  peerUin: \"2407912486\"\n  peeringConnectionName: tses\n",
        fixed: false,
    },
    CoreRule {
        id: HIDDEN_CHARACTER,
        severity: Severity::Warning,
        summary: "a control, bidirectional-override or zero-width character in a name or description",
        why: "Invisible characters make two names look the same and can reorder text on screen (Trojan Source).",
        fail: "provider: tencentcloud\nparams:\n  vpcId: vpc-2k8d0cx9\n  peerVpcId: vpc-9a8b7c6d\n  peerUin: \"2407912486\"\n  peeringConnectionName: \"ts\\u200Bes\"\n",
        pass: "provider: tencentcloud\nparams:\n  vpcId: vpc-2k8d0cx9\n  peerVpcId: vpc-9a8b7c6d\n  peerUin: \"2407912486\"\n  peeringConnectionName: tses\n",
        fixed: false,
    },
    CoreRule {
        id: SURROUNDING_WHITESPACE,
        severity: Severity::Warning,
        summary: "a name or description starts or ends with whitespace",
        why: "Leading or trailing whitespace is invisible in consoles and makes names that look equal differ.",
        fail: "provider: tencentcloud\nparams:\n  vpcId: vpc-2k8d0cx9\n  peerVpcId: vpc-9a8b7c6d\n  peerUin: \"2407912486\"\n  peeringConnectionName: \"tses \"\n",
        pass: "provider: tencentcloud\nparams:\n  vpcId: vpc-2k8d0cx9\n  peerVpcId: vpc-9a8b7c6d\n  peerUin: \"2407912486\"\n  peeringConnectionName: tses\n",
        fixed: false,
    },
    CoreRule {
        id: CONFLICTING_FACTS,
        severity: Severity::Warning,
        summary: "two places state different facts (CIDR blocks, region) about one VPC",
        why: "Overlap and region checks need one truth per VPC. Inventories win over documents, and earlier documents over later ones; the disagreement itself is reported so it can be fixed.",
        fail: "provider: jdcloud\nparams:\n  regionId: cn-north-1\n  vpcPeeringName: app_to_db\n  vpcId: vpc-ofxxrkkw0r\n  remoteVpcId: vpc-2k8d0cx9aa\nvpcs:\n  - {vpcId: vpc-ofxxrkkw0r, addressPrefix: [10.0.0.0/16]}\n  - {vpcId: vpc-ofxxrkkw0r, addressPrefix: [10.9.0.0/16]}\n",
        pass: "provider: jdcloud\nparams:\n  regionId: cn-north-1\n  vpcPeeringName: app_to_db\n  vpcId: vpc-ofxxrkkw0r\n  remoteVpcId: vpc-2k8d0cx9aa\nvpcs:\n  - {vpcId: vpc-ofxxrkkw0r, addressPrefix: [10.0.0.0/16]}\n",
        fixed: false,
    },
    CoreRule {
        id: UNUSED_SUPPRESSION,
        severity: Severity::Warning,
        summary: "a suppression (comment or config `ignore` entry) that matched no finding",
        why: "A stale suppression would silently hide the next real problem on that line. Suppressions of cross-document rules are exempt: a partial run cannot know.",
        fail: "provider: jdcloud\nparams:\n  regionId: cn-north-1\n  # peerlint-ignore: jdcloud/name-length -- legacy name kept on purpose\n  vpcPeeringName: app_to_db\n  vpcId: vpc-ofxxrkkw0r\n  remoteVpcId: vpc-2k8d0cx9aa\n",
        pass: "provider: jdcloud\nparams:\n  regionId: cn-north-1\n  # peerlint-ignore: jdcloud/name-length -- legacy name kept on purpose\n  vpcPeeringName: app_to_db_for_the_legacy_billing_system\n  vpcId: vpc-ofxxrkkw0r\n  remoteVpcId: vpc-2k8d0cx9aa\n",
        fixed: false,
    },
    CoreRule {
        id: SUPPRESSION_WITHOUT_REASON,
        severity: Severity::Warning,
        summary: "a suppression without a reason after `--`",
        why: "The next reader needs to know why a finding is acceptable before they can judge whether it still is.",
        fail: "provider: jdcloud\nparams:\n  regionId: cn-north-1\n  vpcPeeringName: app-to-db  # peerlint-ignore: jdcloud/hyphen-in-name\n  vpcId: vpc-ofxxrkkw0r\n  remoteVpcId: vpc-2k8d0cx9aa\n",
        pass: "provider: jdcloud\nparams:\n  regionId: cn-north-1\n  vpcPeeringName: app-to-db  # peerlint-ignore: jdcloud/hyphen-in-name -- the console created it\n  vpcId: vpc-ofxxrkkw0r\n  remoteVpcId: vpc-2k8d0cx9aa\n",
        fixed: false,
    },
];

/// The engine rule `id`.
pub fn core_rule(id: &str) -> Option<&'static CoreRule> {
    CORE_RULES.iter().find(|r| r.id == id)
}
