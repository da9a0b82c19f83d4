//! A cffi-like reader of C declarations: struct definitions, typedefs,
//! function-pointer typedefs and prototypes become [`CType`]s, record
//! layouts ([`types::RecordLayout`](crate::types::RecordLayout)) and Numba signatures
//! ([`map_type`]), as `cffi.FFI().cdef(...)` plus
//! `numba.core.typing.cffi_utils.map_type` do.
//!
//! It needs nothing but the standard library, so the `#[cfunc]` macro can
//! use it at compile time.
//!
//! ```
//! use cfunc_runtime::cdecl::{FFI, map_type};
//!
//! let mut ffi = FFI::new();
//! ffi.cdef("
//!     typedef struct my_struct { int i1; float f2; double d3; float af4[7]; } my_struct;
//!     typedef double (*my_func)(my_struct*, size_t);
//! ")?;
//! let with_records = map_type(&ffi, &ffi.type_of("my_func")?, true)?;
//! assert_eq!(with_records.signature().unwrap().to_string(), "float64(CPointer(my_struct), uintp)");
//! assert_eq!(with_records.records()[0].size(), 48);
//! let without = map_type(&ffi, &ffi.type_of("my_func")?, false)?;
//! assert_eq!(without.signature().unwrap().to_string(), "float64(voidptr, uintp)");
//! # Ok::<(), cfunc_runtime::cdecl::CdeclError>(())
//! ```
//!
//! Supported: `struct` definitions (tagged, anonymous, nested, with
//! multi-dimensional array members), `struct tag` references and forward
//! declarations, pointers of any depth, `const`/`volatile`, typedefs,
//! function types and prototypes, the C arithmetic types with their
//! `signed`/`unsigned`/`short`/`long` combinations, `_Bool`/`bool`, the
//! `<stdint.h>` names, `size_t`, `ssize_t`, `intptr_t`, `uintptr_t`,
//! `ptrdiff_t`, and `//` and `/* */` comments. Unions, enums, bit-fields,
//! variadic functions, variables, function bodies and preprocessor lines
//! are errors that name the construct.

mod ctype;
mod error;
mod lexer;
mod map;
mod parser;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

pub use ctype::{CType, FunctionType};
pub use error::{CdeclError, CdeclErrorKind, Location};
pub use map::{Mapped, map_type};

/// Declarations accumulated over [`FFI::cdef`] calls, like cffi's `FFI`.
///
/// ```
/// use cfunc_runtime::cdecl::FFI;
///
/// let mut ffi = FFI::new();
/// ffi.cdef("struct point { double x, y; };")?;
/// ffi.cdef("typedef struct point point_t; double norm(const point_t *p);")?;
/// assert_eq!(ffi.record("point_t")?.size(), 16);
/// assert_eq!(ffi.type_of("norm")?.to_string(), "double (struct point *)");
/// # Ok::<(), cfunc_runtime::cdecl::CdeclError>(())
/// ```
#[derive(Debug, Clone, Default)]
#[allow(clippy::upper_case_acronyms)] // cffi's name, which Numba users know.
pub struct FFI {
    typedefs: BTreeMap<String, CType>,
    functions: BTreeMap<String, FunctionType>,
    structs: BTreeMap<String, StructDef>,
    anonymous_structs: usize,
}

/// A struct known by tag (or `anon_N`).
#[derive(Debug, Clone)]
struct StructDef {
    /// The record's C name: its first typedef name, else the tag.
    record_name: String,
    /// Whether a typedef has named it.
    named_by_typedef: bool,
    /// The members; `None` while only forward-declared.
    fields: Option<Vec<(String, CType)>>,
}

impl FFI {
    /// An empty set of declarations.
    #[must_use]
    pub fn new() -> FFI {
        FFI::default()
    }

    /// Adds the declarations in `source`. On error nothing from `source`
    /// is kept, so the `FFI` stays as it was.
    ///
    /// # Errors
    ///
    /// A [`CdeclError`] with the line and column of the first problem.
    ///
    /// ```
    /// use cfunc_runtime::cdecl::FFI;
    ///
    /// let mut ffi = FFI::new();
    /// let error = ffi.cdef("union u { int a; float b; };").unwrap_err();
    /// assert_eq!(error.to_string(), "unions are not supported at line 1, column 1");
    /// ```
    pub fn cdef(&mut self, source: &str) -> Result<(), CdeclError> {
        let mut staged = self.clone();
        parser::Parser::new(source, &mut staged)?.declarations()?;
        *self = staged;
        Ok(())
    }

    /// The type of a declared name (typedef or function), or of a C type
    /// name such as `"struct my_struct *"` or `"double[3]"` (cffi's
    /// `ffi.typeof`; Rust reserves `typeof`).
    ///
    /// # Errors
    ///
    /// [`CdeclErrorKind::NotFound`] for an undeclared name, or the parse
    /// error of a malformed type name.
    ///
    /// ```
    /// use cfunc_runtime::cdecl::{CType, FFI};
    /// use cfunc_runtime::sig::Scalar;
    ///
    /// let mut ffi = FFI::new();
    /// ffi.cdef("typedef unsigned long long u64_t;")?;
    /// assert_eq!(ffi.type_of("u64_t")?, CType::Scalar(Scalar::Uint64));
    /// assert_eq!(ffi.type_of("int *")?.to_string(), "int *");
    /// assert!(ffi.type_of("missing").is_err());
    /// # Ok::<(), cfunc_runtime::cdecl::CdeclError>(())
    /// ```
    pub fn type_of(&self, name: &str) -> Result<CType, CdeclError> {
        let trimmed = name.trim();
        if let Some(ty) = self.typedefs.get(trimmed) {
            return Ok(ty.clone());
        }
        if let Some(function) = self.functions.get(trimmed) {
            return Ok(CType::Function(Box::new(function.clone())));
        }
        let is_identifier = crate::types::is_c_identifier(trimmed);
        let mut scratch = self.clone();
        let parsed =
            parser::Parser::new(name, &mut scratch).and_then(|mut parser| parser.type_name());
        match parsed {
            Ok(ty) => Ok(ty),
            Err(_) if is_identifier && !is_keyword_type(trimmed) => Err(CdeclError::unlocated(
                CdeclErrorKind::NotFound(trimmed.to_owned()),
            )),
            Err(error) => Err(error),
        }
    }

    /// The layout of a struct, by typedef name, tag, or `struct tag`.
    ///
    /// # Errors
    ///
    /// [`CdeclErrorKind::NotFound`], [`CdeclErrorKind::NotARecord`], or
    /// [`CdeclErrorKind::Incomplete`] for a struct that was only declared.
    ///
    /// ```
    /// use cfunc_runtime::cdecl::FFI;
    ///
    /// let mut ffi = FFI::new();
    /// ffi.cdef("typedef struct { char tag; double value; } tagged;")?;
    /// let tagged = ffi.record("tagged")?;
    /// assert_eq!((tagged.offset("value"), tagged.size()), (Some(8), 16));
    /// # Ok::<(), cfunc_runtime::cdecl::CdeclError>(())
    /// ```
    pub fn record(&self, name: &str) -> Result<crate::types::RecordLayout, CdeclError> {
        let trimmed = name.trim();
        let tag = if let Some(tag) = trimmed.strip_prefix("struct ") {
            tag.trim().to_owned()
        } else {
            match self.typedefs.get(trimmed) {
                Some(CType::Struct(tag)) => tag.clone(),
                Some(other) => {
                    return Err(CdeclError::unlocated(CdeclErrorKind::NotARecord {
                        name: trimmed.to_owned(),
                        found: format!("the type `{other}`"),
                    }));
                }
                None if self.structs.contains_key(trimmed) => trimmed.to_owned(),
                None if self.functions.contains_key(trimmed) => {
                    return Err(CdeclError::unlocated(CdeclErrorKind::NotARecord {
                        name: trimmed.to_owned(),
                        found: "a function".to_owned(),
                    }));
                }
                None => {
                    return Err(CdeclError::unlocated(CdeclErrorKind::NotFound(
                        trimmed.to_owned(),
                    )));
                }
            }
        };
        map::RecordBuilder::new(self).record(&tag)
    }
}

/// Whether `word` is a C keyword that names a type by itself (`int`), so
/// that `type_of("int")` parses it instead of reporting it undeclared.
fn is_keyword_type(word: &str) -> bool {
    matches!(
        word,
        "void"
            | "char"
            | "short"
            | "int"
            | "long"
            | "float"
            | "double"
            | "signed"
            | "unsigned"
            | "_Bool"
            | "bool"
    )
}
