//! The one parser for Numba-style signature strings.
//!
//! Both the proc-macro backend (at compile time) and the dynamic caller (at
//! run time) use this module, so a signature means the same thing in both.
//! It depends on nothing but `std` and `thiserror`.
//!
//! # Grammar
//!
//! ```text
//! signature := type '(' [ type (',' type)* [','] ] ')'
//! type      := [prefix] NAME [ '(' type ')' ]      -- only `CPointer` takes `( type )`
//! prefix    := 'types' '.' | 'numba' '.' 'types' '.'
//! ```
//!
//! Whitespace (spaces, tabs, newlines) may appear between any two tokens;
//! nothing but whitespace may follow the closing `)`.
//!
//! A `NAME` is one of:
//!
//! * a scalar, by its canonical Numba name (`float64`, `intc`, `voidptr`,
//!   see [`Scalar`]) or a Numba alias (`double`, `f8`, `size_t`, `none`...).
//!   `float` is accepted and means C's `float`, i.e. `float32`; Numba itself
//!   rejects `float` in signature strings, but in a C callback signature
//!   that is the only sensible reading. Numba's `i8`/`u8` are 64-bit.
//! * `CPointer`, applied to any type but `void`, nested up to 64 levels
//!   (a cap that keeps hostile input from exhausting the stack);
//! * any other identifier, taken as the name of a record: a user's Rust type
//!   implementing the `Record` trait, spelled exactly as written.
//!
//! `void` is only valid as the return type. Names that look like mistakes
//! rather than record names are errors with a hint: near-misses of known
//! names (`flaot64`, `Float64`, `CPionter`), Rust or C spellings (`f64`,
//! `c_int`), Numba types with no C equivalent (`float16`) and array
//! syntax (`float64[:]`).
//!
//! ```
//! use cfunc_runtime::sig::{Scalar, Signature, Type, parse_signature};
//!
//! let sig = parse_signature("void(CPointer(float64), intp)")?;
//! assert_eq!(sig.ret, Type::Scalar(Scalar::Void));
//! assert_eq!(sig.args[1], Type::Scalar(Scalar::Intp));
//! assert_eq!(sig.c_decl("scale", &["data", "len"]), "void scale(double *data, intptr_t len);");
//! # Ok::<(), cfunc_runtime::sig::SigError>(())
//! ```

mod error;
mod lexer;
mod parser;
pub(crate) use parser::MAX_POINTER_DEPTH;
mod scalar;
mod suggest;
mod types;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_errors;
#[cfg(test)]
mod tests_props;

use core::str::FromStr;

pub use error::{Expected, Found, SigError, SigErrorKind};
pub use scalar::Scalar;
pub use types::{RecordName, RustType, Signature, Type};

/// Why the grammar would not read `name` back as a record name (it is a
/// known type's name, or too close to one, or not an identifier), if it
/// would not: a signature built from outside names, such as a C struct's
/// tag, must check before it prints them.
pub(crate) fn record_name_problem(name: &str) -> Option<String> {
    use suggest::{NameClass, classify};
    match classify(name) {
        NameClass::Record => None,
        NameClass::Typo { suggestion } => Some(format!(
            "the signature grammar reads `{name}` as a misspelling of `{suggestion}`"
        )),
        NameClass::InvalidRecord { reason } => {
            Some(format!("`{name}` cannot name a record: {reason}"))
        }
        NameClass::Scalar(_)
        | NameClass::CPointer
        | NameClass::NoCEquivalent { .. }
        | NameClass::RustOnly => Some(format!("`{name}` is the name of a type")),
    }
}

/// Parses a whole signature such as `"float64(float64, float64)"`.
///
/// # Errors
///
/// A [`SigError`] locating the first problem in `text`, worded for a
/// Numba user; see [`SigErrorKind`] for the cases.
///
/// ```
/// use cfunc_runtime::sig::{Scalar, Type, parse_signature};
///
/// let sig = parse_signature("types.double(types.CPointer(types.double), types.intc)").unwrap();
/// assert_eq!(sig.ret, Type::Scalar(Scalar::Float64));
/// assert_eq!(sig.to_string(), "float64(CPointer(float64), intc)");
///
/// let error = parse_signature("float64").unwrap_err();
/// assert_eq!(
///     error.to_string(),
///     "expected `(` after the return type `float64` at column 8, found end of input"
/// );
/// ```
pub fn parse_signature(text: &str) -> Result<Signature, SigError> {
    parser::Parser::new(text).signature()
}

/// Parses a single type such as `"CPointer(int32)"` or `"my_struct"`.
///
/// # Errors
///
/// A [`SigError`] locating the first problem in `text`, as for
/// [`parse_signature`].
///
/// `void` parses (it is a valid return type); whether it is allowed is up
/// to the caller.
///
/// ```
/// use cfunc_runtime::sig::{Scalar, Type, parse_type};
///
/// assert_eq!(parse_type("f4"), Ok(Type::Scalar(Scalar::Float32)));
/// assert_eq!(parse_type("my_struct"), Ok(Type::Record("my_struct".to_owned())));
/// assert!(parse_type("CPointer(void)").is_err());
/// ```
pub fn parse_type(text: &str) -> Result<Type, SigError> {
    parser::Parser::new(text).lone_type()
}

impl FromStr for Signature {
    type Err = SigError;

    /// Same as [`parse_signature`].
    fn from_str(text: &str) -> Result<Signature, SigError> {
        parse_signature(text)
    }
}

impl FromStr for Type {
    type Err = SigError;

    /// Same as [`parse_type`].
    fn from_str(text: &str) -> Result<Type, SigError> {
        parse_type(text)
    }
}
