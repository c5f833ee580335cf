//! Problems that stop an input from being used at all: a rule file, the
//! config, an inventory, or a path that cannot be read. They go to the
//! report's `errors` and make the exit code 2; findings in documents are
//! diagnostics instead.

use crate::diagnostic::Location;

/// What kind of input could not be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    RuleFile,
    Config,
    Inventory,
    /// A path named on the command line or met by the walk.
    Path,
}

impl InputKind {
    /// The code of `errors` entries of this kind.
    pub fn code(self) -> &'static str {
        match self {
            InputKind::RuleFile => "peerlint/invalid-rule-file",
            InputKind::Config => "peerlint/invalid-config",
            InputKind::Inventory => "peerlint/invalid-inventory",
            InputKind::Path => "peerlint/unreadable-path",
        }
    }
}

/// An input that could not be used, with the position of the problem when known.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, miette::Diagnostic)]
#[error("{file}: {message}")]
pub struct InputError {
    pub kind: InputKind,
    pub file: String,
    pub message: String,
    pub location: Option<Location>,
}

impl InputError {
    fn new(
        kind: InputKind,
        file: impl Into<String>,
        message: impl Into<String>,
        location: Option<Location>,
    ) -> InputError {
        InputError {
            kind,
            file: file.into(),
            message: message.into(),
            location,
        }
    }

    /// A problem in a rule file.
    pub fn rule_file(
        file: impl Into<String>,
        message: impl Into<String>,
        location: Option<Location>,
    ) -> InputError {
        InputError::new(InputKind::RuleFile, file, message, location)
    }

    /// A problem in the config file.
    pub fn config(
        file: impl Into<String>,
        message: impl Into<String>,
        location: Option<Location>,
    ) -> InputError {
        InputError::new(InputKind::Config, file, message, location)
    }

    /// A problem in an inventory.
    pub fn inventory(
        file: impl Into<String>,
        message: impl Into<String>,
        location: Option<Location>,
    ) -> InputError {
        InputError::new(InputKind::Inventory, file, message, location)
    }

    /// A path that cannot be read.
    pub fn path(file: impl Into<String>, message: impl Into<String>) -> InputError {
        InputError::new(InputKind::Path, file, message, None)
    }

    /// The code of the `errors` entry.
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }
}
