//! [`CType`]: a C type as declared, before mapping to Numba types.

use core::fmt;

use crate::sig::Scalar;

/// A C type from declarations, like cffi's `CType`.
///
/// ```
/// use cfunc_runtime::cdecl::{CType, FFI};
///
/// let mut ffi = FFI::new();
/// ffi.cdef("typedef double (*my_func)(int *, size_t);")?;
/// let my_func = ffi.type_of("my_func")?;
/// assert!(matches!(&my_func, CType::Pointer(pointee) if matches!(**pointee, CType::Function(_))));
/// assert_eq!(my_func.to_string(), "double (*)(int *, uintptr_t)");
/// # Ok::<(), cfunc_runtime::cdecl::CdeclError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CType {
    /// `void`.
    Void,
    /// An arithmetic type (never [`Scalar::Void`] or [`Scalar::VoidPtr`]):
    /// `int` is `intc`, `long` is `int64` on LP64 targets, `size_t` is
    /// `uintp`, `char` is `int8`.
    Scalar(Scalar),
    /// `T *`.
    Pointer(Box<CType>),
    /// `T name[N]`; `int m[2][3]` is an array of 2 arrays of 3 `int`s.
    Array(Box<CType>, usize),
    /// A struct, by its tag (anonymous structs get `anon_N`); the record
    /// made from it is named after its first typedef, else the tag.
    Struct(String),
    /// A function type (`typedef double f(int);` or a prototype).
    Function(Box<FunctionType>),
}

/// The type of a C function: its return type and parameter types.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FunctionType {
    /// The return type (may be [`CType::Void`]).
    pub ret: CType,
    /// The parameter types, arrays and functions already adjusted to
    /// pointers as C does.
    pub params: Vec<CType>,
}

impl CType {
    /// The function type, for a function or a pointer to one.
    ///
    /// ```
    /// use cfunc_runtime::cdecl::FFI;
    ///
    /// let mut ffi = FFI::new();
    /// ffi.cdef("int add(int, int);")?;
    /// assert_eq!(ffi.type_of("add")?.function().map(|f| f.params.len()), Some(2));
    /// # Ok::<(), cfunc_runtime::cdecl::CdeclError>(())
    /// ```
    #[must_use]
    pub fn function(&self) -> Option<&FunctionType> {
        match self {
            CType::Function(function) => Some(function),
            CType::Pointer(pointee) => match &**pointee {
                CType::Function(function) => Some(function),
                _ => None,
            },
            _ => None,
        }
    }

    /// The C spelling of a declaration of `name` with this type (an empty
    /// name gives the abstract type).
    fn declarator(&self, inner: String) -> String {
        match self {
            CType::Void => join("void", &inner),
            CType::Scalar(scalar) => join(scalar.c_type(), &inner),
            CType::Struct(tag) => join(&format!("struct {tag}"), &inner),
            CType::Pointer(pointee) => match &**pointee {
                CType::Array(..) | CType::Function(_) => pointee.declarator(format!("(*{inner})")),
                _ => pointee.declarator(format!("*{inner}")),
            },
            CType::Array(elem, len) => elem.declarator(format!("{inner}[{len}]")),
            CType::Function(function) => {
                let params = if function.params.is_empty() {
                    "void".to_owned()
                } else {
                    let spelled: Vec<String> =
                        function.params.iter().map(ToString::to_string).collect();
                    spelled.join(", ")
                };
                function.ret.declarator(format!("{inner}({params})"))
            }
        }
    }
}

/// `base inner`, or just `base` for an abstract declarator.
fn join(base: &str, inner: &str) -> String {
    if inner.is_empty() {
        base.to_owned()
    } else {
        format!("{base} {inner}")
    }
}

impl fmt::Display for CType {
    /// The C spelling of the abstract type: `double (*)(int *, uintptr_t)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.declarator(String::new()))
    }
}
