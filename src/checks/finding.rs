//! What a check found: one type for value, request and cross-document
//! checks. The engine turns a [`Finding`] into a diagnostic with the rule's
//! id, severity and (templated) message.

use std::sync::Arc;

use crate::diagnostic::Location;
use crate::document::Span;
use crate::fix::Fix;
use crate::store::At;

/// Where a finding or one of its labels is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A span of the file being linted (value and request checks).
    Here(Span),
    /// A resolved location in any file.
    At { file: Arc<str>, location: Location },
    /// A value of the cross-document records, resolved when reported.
    Fact(At),
}

/// A secondary location of a finding.
#[derive(Debug, Clone)]
pub struct FindingLabel {
    pub place: Place,
    pub message: String,
}

impl FindingLabel {
    /// A label at a span of the file being linted.
    pub fn here(span: Span, message: impl Into<String>) -> FindingLabel {
        FindingLabel {
            place: Place::Here(span),
            message: message.into(),
        }
    }

    /// A label at a value of the cross-document records.
    pub fn at(at: At, message: impl Into<String>) -> FindingLabel {
        FindingLabel {
            place: Place::Fact(at),
            message: message.into(),
        }
    }
}

/// What a check found.
#[derive(Debug, Clone, Default)]
pub struct Finding {
    /// Default message, used when the rule gives none.
    pub message: String,
    /// Default help line.
    pub help: Option<String>,
    /// Values for the rule's `{placeholders}`.
    pub vars: Vec<(&'static str, String)>,
    /// The primary location, with its pointer. `None`: the value checked
    /// (value checks) or the request's first token (request checks).
    pub at: Option<(String, Place)>,
    /// A narrower primary span inside the value checked (an offending character).
    pub narrow: Option<Span>,
    /// Cross-document checks: the index of the request the finding is on
    /// (in [`super::CrossDocInput::requests`]).
    pub request: usize,
    /// Text for the primary span's label in human output.
    pub label: Option<String>,
    pub labels: Vec<FindingLabel>,
    /// The correction, when one can be derived.
    pub fix: Option<Fix>,
}

impl Finding {
    /// A cross-document finding on request `request` (an index into
    /// [`super::CrossDocInput::requests`]), at `at` (one of its values).
    pub fn on(request: usize, at: At) -> Finding {
        Finding {
            request,
            at: Some((String::new(), Place::Fact(at))),
            ..Finding::default()
        }
    }
}
