//! What a check found: one type for value, request and cross-document
//! checks. The engine turns a [`Finding`] into a diagnostic with the rule's
//! id, severity and (templated) message.

use std::sync::Arc;

use crate::diagnostic::Location;
use crate::document::Span;
use crate::facts::Located;
use crate::fix::Fix;

/// Where a finding or one of its labels is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A span of the file being linted (value and request checks).
    Here(Span),
    /// A resolved location in any file (cross-document checks).
    At { file: Arc<str>, location: Location },
}

impl Place {
    /// The place of a located value.
    pub fn of<T>(value: &Located<T>) -> Place {
        Place::At {
            file: Arc::clone(&value.file),
            location: value.location,
        }
    }
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

    /// A label at a located value.
    pub fn at<T>(value: &Located<T>, message: impl Into<String>) -> FindingLabel {
        FindingLabel {
            place: Place::of(value),
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
    /// A cross-document finding on request `request`, at the located value
    /// `at` (one of the request's own values).
    pub fn on<T>(request: usize, at: &Located<T>) -> Finding {
        Finding {
            request,
            at: Some((at.pointer.clone(), Place::of(at))),
            ..Finding::default()
        }
    }

    /// A cross-document finding on request `request`, at `pointer` and
    /// `location` in `file`.
    pub fn placed(request: usize, pointer: String, file: &Arc<str>, location: Location) -> Finding {
        Finding {
            request,
            at: Some((
                pointer,
                Place::At {
                    file: Arc::clone(file),
                    location,
                },
            )),
            ..Finding::default()
        }
    }
}
