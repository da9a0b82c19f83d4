//! [`Type`] and [`Signature`]: the one model of a C type, with its
//! canonical printing and its Rust and C spellings, and the parsed form
//! of a signature.

use core::fmt;

use super::scalar::Scalar;

/// A C type: a scalar, a typed pointer, an inline array or a record.
///
/// This is the one model of a C type, for signatures and for record fields
/// alike. `R` is how a record is held: by its name (`String`, the default)
/// in a signature, where it names a Rust type implementing `cfunc::Record`;
/// with its layout ([`types::RecordLayout`](crate::types::RecordLayout)) in a
/// record field, where sizes and offsets follow from it. Signatures never
/// hold nested arrays (C passes arrays as pointers): the parser does not
/// make them, and the macro rejects them.
///
/// Printing gives the canonical form, which parses back to an equal value.
///
/// ```
/// use cfunc_runtime::sig::{Scalar, Type};
///
/// let ty: Type = "CPointer(types.double)".parse().unwrap();
/// assert_eq!(ty, Type::Pointer(Box::new(Type::Scalar(Scalar::Float64))));
/// assert_eq!(ty.to_string(), "CPointer(float64)");
/// assert_eq!(ty.rust().to_string(), "*mut f64");
/// assert_eq!(ty.c_declarator("out"), "double *out");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Type<R = String> {
    /// A scalar such as `float64` or `voidptr`.
    Scalar(Scalar),
    /// `CPointer(T)`: a `*mut T` in Rust, a `T *` in C.
    Pointer(Box<Type<R>>),
    /// A fixed-size array stored inline (Numba's `NestedArray`), in C
    /// order; only in record fields.
    NestedArray {
        /// The element type (never itself a nested array: shapes are merged).
        elem: Box<Type<R>>,
        /// The dimensions, outermost first.
        shape: Vec<usize>,
    },
    /// A record: in a signature, a user's `#[repr(C)]` Rust type
    /// implementing the `Record` trait, named exactly as written.
    Record(R),
}

/// How a [`Type`] holds a record: anything that knows the record's C name.
pub trait RecordName {
    /// The record's name, as signatures, C headers and Rust code spell it.
    fn record_name(&self) -> &str;
}

impl RecordName for String {
    fn record_name(&self) -> &str {
        self
    }
}

impl<R> Type<R> {
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

    /// The scalar, if this is one.
    #[must_use]
    pub fn as_scalar(&self) -> Option<Scalar> {
        match self {
            Type::Scalar(scalar) => Some(*scalar),
            _ => None,
        }
    }
}

impl<R: RecordName> Type<R> {
    /// The record names used by this type (at most one), outermost first.
    #[must_use]
    pub fn records(&self) -> Vec<&str> {
        match self {
            Type::Scalar(_) => Vec::new(),
            Type::Pointer(inner) | Type::NestedArray { elem: inner, .. } => inner.records(),
            Type::Record(record) => vec![record.record_name()],
        }
    }

    /// The same type with its records held by name, as a signature holds
    /// them.
    #[must_use]
    pub fn to_named(&self) -> Type {
        match self {
            Type::Scalar(scalar) => Type::Scalar(*scalar),
            Type::Pointer(inner) => Type::Pointer(Box::new(inner.to_named())),
            Type::NestedArray { elem, shape } => Type::NestedArray {
                elem: Box::new(elem.to_named()),
                shape: shape.clone(),
            },
            Type::Record(record) => Type::Record(record.record_name().to_owned()),
        }
    }

    /// The Rust type, for generated code and for messages: `f64`,
    /// `*mut *mut f64`, `*mut my_struct`, `[[f32; 3]; 2]`, `()` for `void`.
    /// Printed with `{}`, C's types are paths valid anywhere
    /// (`::core::ffi::c_int`, `*mut ::core::ffi::c_void`); with `{:#}`, the
    /// short names people write (`c_int`, `*mut c_void`).
    ///
    /// ```
    /// use cfunc_runtime::sig::Type;
    ///
    /// let ty: Type = "CPointer(intc)".parse().unwrap();
    /// assert_eq!(ty.rust().to_string(), "*mut ::core::ffi::c_int");
    /// assert_eq!(format!("{:#}", ty.rust()), "*mut c_int");
    /// ```
    #[must_use]
    pub fn rust(&self) -> RustType<'_, R> {
        RustType(self)
    }

    /// The C type: `double`, `double *`, `my_struct **`, `float [7]`.
    /// Records are written as their bare name because headers declare
    /// `typedef struct NAME NAME;`.
    #[must_use]
    pub fn c_type(&self) -> String {
        self.c_declarator("")
    }

    /// A C declaration of `name` with this type: `double *out`,
    /// `my_struct **p`, `int n`, `void *data`, `float af4[7]`,
    /// `float (*rows)[3]`. An empty `name` gives the abstract declarator
    /// (`double *`).
    #[must_use]
    pub fn c_declarator(&self, name: &str) -> String {
        self.declarator(name.to_owned()).trim_end().to_owned()
    }

    /// Wraps `inner` (the part of the declarator built so far) in this type.
    fn declarator(&self, inner: String) -> String {
        match self {
            Type::Scalar(Scalar::VoidPtr) => format!("void *{inner}"),
            Type::Scalar(scalar) => format!("{} {inner}", scalar.c_type()),
            Type::Record(record) => format!("{} {inner}", record.record_name()),
            Type::Pointer(pointee) => {
                // `*` binds looser than `[]`: a pointer to an array needs
                // parentheses, `float (*p)[3]`.
                let starred = if matches!(**pointee, Type::NestedArray { .. }) {
                    format!("(*{inner})")
                } else {
                    format!("*{inner}")
                };
                pointee.declarator(starred)
            }
            Type::NestedArray { elem, shape } => {
                let mut with_dims = inner;
                for dim in shape {
                    with_dims.push_str(&format!("[{dim}]"));
                }
                elem.declarator(with_dims)
            }
        }
    }
}

/// A [`Type`] spelled in Rust: see [`Type::rust`].
#[derive(Debug, Clone, Copy)]
pub struct RustType<'t, R>(&'t Type<R>);

impl<R: RecordName> fmt::Display for RustType<'_, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Type::Scalar(scalar) => f.write_str(scalar_rust(*scalar, f.alternate())),
            Type::Pointer(pointee) => {
                f.write_str("*mut ")?;
                fmt::Display::fmt(&pointee.rust(), f)
            }
            Type::NestedArray { elem, shape } => {
                // `float m[2][3]` is `[[f32; 3]; 2]`: the last dimension
                // is innermost.
                for _ in shape {
                    f.write_str("[")?;
                }
                fmt::Display::fmt(&elem.rust(), f)?;
                for dim in shape.iter().rev() {
                    write!(f, "; {dim}]")?;
                }
                Ok(())
            }
            Type::Record(record) => f.write_str(record.record_name()),
        }
    }
}

/// A scalar's Rust type: a path valid anywhere in generated code, or
/// (`short`) the name people write.
const fn scalar_rust(scalar: Scalar, short: bool) -> &'static str {
    match (scalar, short) {
        (Scalar::Intc, false) => "::core::ffi::c_int",
        (Scalar::Intc, true) => "c_int",
        (Scalar::Uintc, false) => "::core::ffi::c_uint",
        (Scalar::Uintc, true) => "c_uint",
        (Scalar::VoidPtr, false) => "*mut ::core::ffi::c_void",
        (Scalar::VoidPtr, true) => "*mut c_void",
        (Scalar::Boolean, _) => "bool",
        (Scalar::Int8, _) => "i8",
        (Scalar::Int16, _) => "i16",
        (Scalar::Int32, _) => "i32",
        (Scalar::Int64, _) => "i64",
        (Scalar::Uint8, _) => "u8",
        (Scalar::Uint16, _) => "u16",
        (Scalar::Uint32, _) => "u32",
        (Scalar::Uint64, _) => "u64",
        (Scalar::Intp, _) => "isize",
        (Scalar::Uintp, _) => "usize",
        (Scalar::Float32, _) => "f32",
        (Scalar::Float64, _) => "f64",
        (Scalar::Complex64, false) => "::cfunc::Complex32",
        (Scalar::Complex64, true) => "Complex32",
        (Scalar::Complex128, false) => "::cfunc::Complex64",
        (Scalar::Complex128, true) => "Complex64",
        (Scalar::Void, _) => "()",
    }
}

impl<R> From<Scalar> for Type<R> {
    /// The scalar as a type. `void` converts too; only a return slot may
    /// hold it (a record field may not).
    fn from(scalar: Scalar) -> Type<R> {
        Type::Scalar(scalar)
    }
}

impl<R: RecordName> fmt::Display for Type<R> {
    /// Numba's spelling: `float32`, `CPointer(int32)`,
    /// `nestedarray(float32, (7,))`, or the record's name.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Scalar(scalar) => fmt::Display::fmt(scalar, f),
            Type::Pointer(pointee) => write!(f, "CPointer({pointee})"),
            Type::NestedArray { elem, shape } => {
                write!(f, "nestedarray({elem}, (")?;
                for (index, dim) in shape.iter().enumerate() {
                    if index > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{dim}")?;
                }
                if shape.len() == 1 {
                    f.write_str(",")?;
                }
                f.write_str("))")
            }
            Type::Record(record) => f.write_str(record.record_name()),
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
