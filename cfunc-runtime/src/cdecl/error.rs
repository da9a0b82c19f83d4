//! [`CdeclError`]: a problem in C declarations, located by line and column.

use core::fmt;

use thiserror::Error;

use crate::types::RecordError;

/// Where in the C source an error is: 1-based line and column (columns
/// count characters), and the byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Byte offset in the source.
    pub offset: usize,
}

impl Location {
    /// The location of byte `offset` in `source`.
    ///
    /// ```
    /// use cfunc_runtime::cdecl::Location;
    ///
    /// let location = Location::of("int a;\n  bad", 9);
    /// assert_eq!((location.line, location.column), (2, 3));
    /// ```
    #[must_use]
    pub fn of(source: &str, offset: usize) -> Location {
        let offset = offset.min(source.len());
        let before = source.get(..offset).unwrap_or(source);
        let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
        Location {
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
            offset,
        }
    }
}

/// What went wrong, without the location.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum CdeclErrorKind {
    /// A character that starts no C token.
    #[error("unexpected character `{0}`")]
    UnexpectedCharacter(char),
    /// `/*` without `*/`.
    #[error("unterminated comment: `/*` without `*/`")]
    UnterminatedComment,
    /// `#include`, `#define`...
    #[error("preprocessor directives are not supported: pass the declarations themselves")]
    Preprocessor,
    /// The parser wanted one thing and found another.
    #[error("expected {expected}{context}, found {found}")]
    Expected {
        /// What was expected, e.g. "`;`".
        expected: String,
        /// Where, e.g. " after the declaration of `my_struct`" (may be empty).
        context: String,
        /// What was found, e.g. "`typedef`".
        found: String,
    },
    /// An identifier used as a type that names none.
    #[error("unknown type name `{0}`")]
    UnknownType(String),
    /// Type specifiers that do not combine, like `unsigned double`.
    #[error("invalid combination of type specifiers `{0}`")]
    InvalidSpecifiers(String),
    /// A C construct this mapper does not handle.
    #[error("{0} are not supported")]
    Unsupported(String),
    /// A second definition of the same name.
    #[error("duplicate definition of {0}")]
    Duplicate(String),
    /// A struct used by value (or laid out) before its definition.
    #[error("{0} is declared but never defined, so it has no layout")]
    Incomplete(String),
    /// A struct that holds itself by value, directly or through another
    /// struct: C rejects it, and it has no finite layout.
    #[error("{0} holds itself by value, so it has no layout; hold a pointer to it instead")]
    SelfContaining(String),
    /// An array dimension that is not a usable integer.
    #[error("invalid array size `{0}`: expected a positive integer constant")]
    InvalidArraySize(String),
    /// A declaration nested past the parser's depth limit.
    #[error("declaration nested too deeply (more than {0} levels)")]
    TooDeep(usize),
    /// A type that makes no sense where it is used.
    #[error("{0}")]
    InvalidType(String),
    /// `type_of`/`record` of a name that was never declared.
    #[error("`{0}` is not a declared type, struct or function")]
    NotFound(String),
    /// `record` of a name that is not a struct.
    #[error("`{name}` is {found}, not a struct")]
    NotARecord {
        /// The name asked for.
        name: String,
        /// What it is, e.g. "the type `double`".
        found: String,
    },
    /// A type `map_type` cannot express as a Numba type.
    #[error("cannot map {0}")]
    Unmappable(String),
    /// A struct whose layout could not be computed.
    #[error(transparent)]
    Layout(#[from] RecordError),
}

/// An error in C declarations or in mapping them, with its location when
/// it comes from source text.
///
/// ```
/// use cfunc_runtime::cdecl::FFI;
///
/// let mut ffi = FFI::new();
/// let error = ffi.cdef("typedef struct s { int a; } s\ntypedef int t;").unwrap_err();
/// assert_eq!(
///     error.to_string(),
///     "expected `;` after the declaration of `s` at line 2, column 1, found `typedef`"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CdeclError {
    /// What went wrong.
    pub kind: CdeclErrorKind,
    /// Where, for errors in source text.
    pub location: Option<Location>,
}

impl CdeclError {
    /// An error at byte `offset` of `source`.
    pub(crate) fn at(source: &str, offset: usize, kind: CdeclErrorKind) -> CdeclError {
        CdeclError {
            kind,
            location: Some(Location::of(source, offset)),
        }
    }

    /// An error that no source position describes.
    pub(crate) fn unlocated(kind: CdeclErrorKind) -> CdeclError {
        CdeclError {
            kind,
            location: None,
        }
    }
}

impl fmt::Display for CdeclError {
    /// The kind's message with ` at line L, column C` placed before the
    /// `found ...` part when there is one, so it reads as a sentence.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some(location) = self.location else {
            return fmt::Display::fmt(&self.kind, f);
        };
        let at = format!("at line {}, column {}", location.line, location.column);
        match &self.kind {
            CdeclErrorKind::Expected {
                expected,
                context,
                found,
            } => write!(f, "expected {expected}{context} {at}, found {found}"),
            other => write!(f, "{other} {at}"),
        }
    }
}

impl std::error::Error for CdeclError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            CdeclErrorKind::Layout(error) => Some(error),
            _ => None,
        }
    }
}

impl From<RecordError> for CdeclError {
    fn from(error: RecordError) -> CdeclError {
        CdeclError::unlocated(CdeclErrorKind::Layout(error))
    }
}
