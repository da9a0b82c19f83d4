//! [`RecordError`]: what can go wrong when describing a record or reading
//! one through a view.

use thiserror::Error;

/// An error from building a [`RecordLayout`](super::RecordLayout) or from a record view.
///
/// ```
/// use cfunc_runtime::sig::Type;
/// use cfunc_runtime::types::{RecordLayout, RecordError};
///
/// let error = RecordLayout::make_c_struct(&[("x", Type::int32()), ("x", Type::float64())]).unwrap_err();
/// assert_eq!(error, RecordError::DuplicateField { name: "x".to_owned() });
/// assert_eq!(error.to_string(), "duplicate field `x`: each field of a record needs its own name");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum RecordError {
    /// Two fields share a name.
    #[error("duplicate field `{name}`: each field of a record needs its own name")]
    DuplicateField {
        /// The repeated name.
        name: String,
    },
    /// A field or record name is not a C identifier.
    #[error(
        "invalid {what} name `{name}`: expected a C identifier (letters, digits, `_`, not starting with a digit)"
    )]
    InvalidName {
        /// `"field"` or `"record"`.
        what: &'static str,
        /// The rejected name.
        name: String,
    },
    /// A record without fields (C has no empty structs).
    #[error("record `{name}` has no fields: C requires at least one member")]
    Empty {
        /// The record's name.
        name: String,
    },
    /// A field of type `void`.
    #[error("field `{name}` is void: a field needs a type with a size")]
    VoidField {
        /// The field's name.
        name: String,
    },
    /// The layout does not fit in the address space.
    #[error("{what} is too large: its size overflows `usize`")]
    TooLarge {
        /// What overflowed, e.g. "field `data`".
        what: String,
    },
    /// A view was asked for a field the record does not have.
    #[error("record `{record}` has no field `{name}`; its fields are {fields}")]
    NoSuchField {
        /// The record's name.
        record: String,
        /// The requested field.
        name: String,
        /// The fields it has, quoted and comma-separated.
        fields: String,
    },
    /// The Rust type asked for does not match the field's type.
    #[error("field `{field}` is {actual}, not {requested}")]
    TypeMismatch {
        /// The field's name.
        field: String,
        /// The field's type.
        actual: String,
        /// The type asked for.
        requested: String,
    },
    /// A null pointer where record memory was expected.
    #[error("null pointer passed for {what} of record `{record}`")]
    NullPointer {
        /// The record's name.
        record: String,
        /// `"one record"` or `"an array of N records"`.
        what: String,
    },
    /// A pointer that is not aligned for the record.
    #[error(
        "pointer {address:#x} is not aligned for record `{record}`: expected a multiple of {align}"
    )]
    Misaligned {
        /// The record's name.
        record: String,
        /// The required alignment.
        align: usize,
        /// The pointer's address.
        address: usize,
    },
}
