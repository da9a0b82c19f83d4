//! Errors found after parsing: names, types and constructs outside the
//! subset. One message each, at the range of the offending code.

use crate::text::TextRange;

/// A type or name error, or a construct that cfunc does not compile.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SemanticError {
    /// The whole message.
    pub message: String,
    /// The offending code.
    pub range: TextRange,
}

impl SemanticError {
    /// An error at `range`.
    pub fn new(range: TextRange, message: impl Into<String>) -> SemanticError {
        SemanticError {
            message: message.into(),
            range,
        }
    }
}

/// A collector of errors, in the order found.
#[derive(Default, Debug)]
pub struct Errors {
    /// The errors, in the order found.
    pub list: Vec<SemanticError>,
}

impl Errors {
    /// Records an error at `range`.
    pub fn push(&mut self, range: TextRange, message: impl Into<String>) {
        self.list.push(SemanticError::new(range, message));
    }

    /// Whether no error was found.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}
