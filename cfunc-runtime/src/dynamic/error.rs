//! Errors of the dynamic caller.

use crate::sig::SigError;

/// What went wrong when preparing or making a dynamic call.
///
/// Every message says what was expected and what was found.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DynError {
    /// The signature string does not parse.
    #[error("invalid signature `{text}`: {source}")]
    Signature {
        /// The signature as given.
        text: String,
        /// The grammar's error, with its position.
        source: SigError,
    },
    /// A call with the wrong number of arguments.
    #[error("`{function}` takes {expected} argument{}, got {found}", if *expected == 1 { "" } else { "s" })]
    Arity {
        /// The function's name or address.
        function: String,
        /// How many the signature declares.
        expected: usize,
        /// How many were passed.
        found: usize,
    },
    /// An argument whose value does not fit its signature slot.
    #[error("argument {position}: expected {expected}, got {found}")]
    ArgumentType {
        /// 1-based position.
        position: usize,
        /// The slot, e.g. `float64` or `CPointer(float64) (a buffer of float64)`.
        expected: String,
        /// The value, e.g. `a string` or `int64 300`.
        found: String,
    },
    /// Typed calls whose Rust types do not match the signature.
    #[error("typed call: the signature says `{expected}`, the Rust types say `{found}`")]
    TypedMismatch {
        /// The signature.
        expected: String,
        /// The signature the Rust types stand for.
        found: String,
    },
    /// A record passed by value whose layout the dynamic caller was not
    /// given: libffi needs its fields to pass it.
    #[error(
        "record `{name}` is passed by value, but its layout was not given: make the caller with \
         `with_records(..., &[{name}::layout()])` (the layout of a `#[derive(Record)]` struct, \
         or a `RecordLayout`)"
    )]
    RecordLayoutMissing {
        /// The record's name.
        name: String,
    },
    /// Two different layouts under one record name (two Rust types with one
    /// `NAME`, or a typed call whose record type is not the layout the
    /// function was made with): which one C means cannot be told.
    #[error(
        "two different layouts of record `{name}` were given: the slot cannot tell which one C \
         passes; give each record type its own name"
    )]
    RecordLayoutConflict {
        /// The record's name.
        name: String,
    },
    /// A record passed by value holds a zero-length array: it still aligns
    /// the record, but libffi cannot describe it, so the two layouts would
    /// differ.
    #[error(
        "record `{record}` cannot be passed by value: its field `{field}` is a zero-length array, \
         which libffi cannot describe; pass the record through a pointer"
    )]
    ZeroLengthField {
        /// The record's name.
        record: String,
        /// The field's name.
        field: String,
    },
    /// A [`RecordValue`](super::RecordValue) field name that the record
    /// does not have.
    #[error("record `{record}` has no field `{field}` (its fields: {fields})")]
    UnknownField {
        /// The record's name.
        record: String,
        /// The name asked for.
        field: String,
        /// The record's fields, comma-separated.
        fields: String,
    },
    /// A value that does not fit a [`RecordValue`](super::RecordValue)
    /// field (or a nested-array field, which is set through its bytes).
    #[error("field `{field}` of record `{record}`: expected {expected}, got {found}")]
    FieldValue {
        /// The record's name.
        record: String,
        /// The field's name.
        field: String,
        /// The field's type.
        expected: String,
        /// The value.
        found: String,
    },
    /// A nested array as a signature slot, which C cannot pass by value.
    #[error("`{ty}` cannot be a signature slot: C passes arrays as pointers; pass a `CPointer`")]
    ArrayByValue {
        /// The array type.
        ty: String,
    },
    /// A shared library that could not be loaded.
    #[error("cannot load library `{name}`: {reason}")]
    LibraryNotFound {
        /// The name or path asked for.
        name: String,
        /// The loader's explanation (`dlerror`).
        reason: String,
    },
    /// A symbol the library does not define.
    #[error("library `{library}` has no symbol `{symbol}`")]
    SymbolNotFound {
        /// The library's name.
        library: String,
        /// The symbol asked for.
        symbol: String,
    },
    /// A variadic call whose variadic part is not a C variadic argument.
    #[error("variadic argument {position}: {reason}")]
    VariadicArgument {
        /// 1-based position among all arguments.
        position: usize,
        /// Why it cannot be passed.
        reason: String,
    },
    /// A [`DynCallback`](super::DynCallback) closure returned a value that
    /// does not fit the return type. C cannot receive an error, so the
    /// callback reports it as a panic and returns zero.
    #[error("the closure returned {found} for the return type {expected}")]
    CallbackReturn {
        /// The return type, e.g. `intc`.
        expected: String,
        /// The value, e.g. `float64 1.5` or `float64 0.1 (not exact in float32)`.
        found: String,
    },
    /// A [`DynCallback`](super::DynCallback) closure returned a value that
    /// owns its memory (a `CString`, a `Vec` buffer) for a pointer return
    /// type: the memory is freed when the closure's value is dropped, as
    /// the callback returns, so C would get a dangling pointer. Reported as
    /// a panic; the callback returns null.
    #[error(
        "the closure returned {found} owned by the value for the return type {expected}: \
         its memory is freed when the callback returns; return a `Value::Pointer` to memory \
         that outlives the call, or a `'static` buffer or C string"
    )]
    OwnedReturn {
        /// The return type, e.g. `CPointer(int8)`.
        expected: String,
        /// The value, e.g. `a C string`.
        found: String,
    },
    /// libffi refused the call interface.
    #[error("libffi could not prepare a call interface for `{signature}`: {reason}")]
    Ffi {
        /// The signature.
        signature: String,
        /// libffi's status.
        reason: String,
    },
}
