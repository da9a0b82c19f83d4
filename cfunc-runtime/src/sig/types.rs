//! [`Type`] and [`Signature`]: the parsed form of a signature, with its
//! canonical printing and its Rust and C spellings.

use core::fmt;

use super::scalar::Scalar;

/// One type in a signature: a scalar, a typed pointer, or a record.
///
/// Printing gives the canonical form, which parses back to an equal value.
///
/// ```
/// use cfunc_runtime::sig::{Scalar, Type};
///
/// let ty: Type = "CPointer(types.double)".parse().unwrap();
/// assert_eq!(ty, Type::Pointer(Box::new(Type::Scalar(Scalar::Float64))));
/// assert_eq!(ty.to_string(), "CPointer(float64)");
/// assert_eq!(ty.rust_type(), "*mut f64");
/// assert_eq!(ty.c_declarator("out"), "double *out");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Type {
    /// A scalar such as `float64` or `voidptr`.
    Scalar(Scalar),
    /// `CPointer(T)`: a `*mut T` in Rust, a `T *` in C.
    Pointer(Box<Type>),
    /// A user's `#[repr(C)]` Rust type implementing the `Record` trait,
    /// named exactly as written in the signature.
    Record(String),
}

impl Type {
    /// Whether this is `void` (only meaningful as a return type).
    #[must_use]
    pub fn is_void(&self) -> bool {
        matches!(self, Type::Scalar(Scalar::Void))
    }

    /// Whether this is a `CPointer(...)` or `voidptr`.
    #[must_use]
    pub fn is_pointer(&self) -> bool {
        matches!(self, Type::Pointer(_) | Type::Scalar(Scalar::VoidPtr))
    }

    /// The record names used by this type (at most one), outermost first.
    #[must_use]
    pub fn records(&self) -> Vec<&str> {
        match self {
            Type::Scalar(_) => Vec::new(),
            Type::Pointer(pointee) => pointee.records(),
            Type::Record(name) => vec![name.as_str()],
        }
    }

    /// The Rust type for generated code: `f64`, `*mut *mut f64`,
    /// `*mut my_struct`, `*mut ::core::ffi::c_void`.
    #[must_use]
    pub fn rust_type(&self) -> String {
        match self {
            Type::Scalar(scalar) => scalar.rust_type().to_owned(),
            Type::Pointer(pointee) => format!("*mut {}", pointee.rust_type()),
            Type::Record(name) => name.clone(),
        }
    }

    /// The short Rust spelling for messages: `f64`, `*mut c_int`,
    /// `*mut c_void`.
    #[must_use]
    pub fn rust_display(&self) -> String {
        match self {
            Type::Scalar(scalar) => scalar.rust_display().to_owned(),
            Type::Pointer(pointee) => format!("*mut {}", pointee.rust_display()),
            Type::Record(name) => name.clone(),
        }
    }

    /// The C type: `double`, `double *`, `my_struct **`. Records are written
    /// as their bare name because headers declare
    /// `typedef struct NAME NAME;`.
    #[must_use]
    pub fn c_type(&self) -> String {
        match self {
            Type::Scalar(scalar) => scalar.c_type().to_owned(),
            Type::Pointer(pointee) => {
                let pointee = pointee.c_type();
                // Stack stars as `T **`, not `T * *`.
                if pointee.ends_with('*') {
                    format!("{pointee}*")
                } else {
                    format!("{pointee} *")
                }
            }
            Type::Record(name) => name.clone(),
        }
    }

    /// A C declaration of `name` with this type: `double *out`,
    /// `my_struct **p`, `int n`, `void *data`. An empty `name` gives the
    /// abstract declarator (`double *`).
    #[must_use]
    pub fn c_declarator(&self, name: &str) -> String {
        let c_type = self.c_type();
        if name.is_empty() {
            c_type
        } else if c_type.ends_with('*') {
            format!("{c_type}{name}")
        } else {
            format!("{c_type} {name}")
        }
    }
}

impl From<Scalar> for Type {
    fn from(scalar: Scalar) -> Type {
        Type::Scalar(scalar)
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Scalar(scalar) => fmt::Display::fmt(scalar, f),
            Type::Pointer(pointee) => write!(f, "CPointer({pointee})"),
            Type::Record(name) => f.write_str(name),
        }
    }
}

/// A whole C callback signature: `ret(args...)`.
///
/// ```
/// use cfunc_runtime::sig::Signature;
///
/// let sig: Signature = "f8(CPointer(f8), intc)".parse().unwrap();
/// assert_eq!(sig.to_string(), "float64(CPointer(float64), intc)");
/// assert_eq!(sig.c_decl("sum", &["xs", "n"]), "double sum(double *xs, int n);");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Signature {
    /// The return type; may be `void`.
    pub ret: Type,
    /// The argument types, in order; never `void` when parsed.
    pub args: Vec<Type>,
}

impl Signature {
    /// The distinct record names used anywhere in the signature, in order
    /// of first appearance (return type first).
    #[must_use]
    pub fn records(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for ty in core::iter::once(&self.ret).chain(&self.args) {
            for name in ty.records() {
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        names
    }

    /// A C prototype: `double add(double x, double y);`, or
    /// `void f(void);` without parameters. Arguments beyond the end of
    /// `param_names` are left unnamed; extra names are ignored.
    #[must_use]
    pub fn c_decl(&self, fn_name: &str, param_names: &[&str]) -> String {
        let params = if self.args.is_empty() {
            "void".to_owned()
        } else {
            let mut names = param_names.iter().copied();
            self.args
                .iter()
                .map(|arg| arg.c_declarator(names.next().unwrap_or("")))
                .collect::<Vec<_>>()
                .join(", ")
        };
        // The return type's declarator wraps the whole call so that a
        // pointer return prints as `double *f(...)`.
        format!(
            "{};",
            self.ret.c_declarator(&format!("{fn_name}({params})"))
        )
    }
}

impl fmt::Display for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}(", self.ret)?;
        for (index, arg) in self.args.iter().enumerate() {
            if index > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{arg}")?;
        }
        f.write_str(")")
    }
}
