//! [`Type`]: the type of a record field or of an array element, as in
//! `numba.types`.

use core::fmt;

use super::Record;
use crate::sig::Scalar;

/// A field or element type: a scalar, a pointer, a nested array or a record.
///
/// Sizes and alignments are those of the C ABI of the target this crate is
/// compiled for (the same as Rust's `#[repr(C)]`).
///
/// ```
/// use cfunc_runtime::types::Type;
///
/// let af4 = Type::nested_array(Type::float32(), &[7]);
/// assert_eq!((af4.size(), af4.align()), (28, 4));
/// assert_eq!(af4.c_decl("af4"), "float af4[7]");
/// assert_eq!(af4.to_string(), "nestedarray(float32, (7,))");
/// assert_eq!(Type::pointer(Type::float64()).c_decl("p"), "double *p");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Type {
    /// A scalar other than `void`: `int32`, `float64`, `voidptr`...
    Scalar(Scalar),
    /// A typed pointer, `CPointer(T)`.
    Pointer(Box<Type>),
    /// A fixed-size array stored inline (Numba's `NestedArray`), in C order.
    NestedArray {
        /// The element type (never itself a nested array: shapes are merged).
        elem: Box<Type>,
        /// The dimensions, outermost first.
        shape: Vec<usize>,
    },
    /// A record stored inline.
    Record(Record),
}

macro_rules! scalar_constructors {
    ($($(#[$doc:meta])* $name:ident => $scalar:ident),* $(,)?) => {
        $(
            $(#[$doc])*
            #[must_use]
            pub const fn $name() -> Type {
                Type::Scalar(Scalar::$scalar)
            }
        )*
    };
}

impl Type {
    scalar_constructors! {
        /// `int8` (`int8_t`, Rust `i8`).
        int8 => Int8,
        /// `int16` (`int16_t`, Rust `i16`).
        int16 => Int16,
        /// `int32` (`int32_t`, Rust `i32`).
        int32 => Int32,
        /// `int64` (`int64_t`, Rust `i64`).
        int64 => Int64,
        /// `uint8` (`uint8_t`, Rust `u8`).
        uint8 => Uint8,
        /// `uint16` (`uint16_t`, Rust `u16`).
        uint16 => Uint16,
        /// `uint32` (`uint32_t`, Rust `u32`).
        uint32 => Uint32,
        /// `uint64` (`uint64_t`, Rust `u64`).
        uint64 => Uint64,
        /// `float32` (`float`, Rust `f32`).
        float32 => Float32,
        /// `float64` (`double`, Rust `f64`).
        float64 => Float64,
        /// `boolean` (`bool`, Rust `bool`).
        boolean => Boolean,
        /// `intc` (`int`, Rust `c_int`).
        intc => Intc,
        /// `uintc` (`unsigned int`, Rust `c_uint`).
        uintc => Uintc,
        /// `intp` (`intptr_t`, Rust `isize`).
        intp => Intp,
        /// `uintp` (`uintptr_t`, Rust `usize`).
        uintp => Uintp,
        /// `voidptr` (`void *`, Rust `*mut c_void`).
        voidptr => VoidPtr,
    }

    /// `CPointer(inner)`.
    ///
    /// ```
    /// use cfunc_runtime::types::Type;
    ///
    /// assert_eq!(Type::pointer(Type::int32()).to_string(), "CPointer(int32)");
    /// ```
    #[must_use]
    pub fn pointer(inner: Type) -> Type {
        Type::Pointer(Box::new(inner))
    }

    /// An inline array of `elem` with the given C-order `shape` (Numba's
    /// `NestedArray(dtype, shape)`). An `elem` that is itself a nested
    /// array is merged: `nested_array(nested_array(f, &[3]), &[2])` is
    /// `nested_array(f, &[2, 3])`, as C reads `float m[2][3]`.
    ///
    /// ```
    /// use cfunc_runtime::types::Type;
    ///
    /// let m = Type::nested_array(Type::nested_array(Type::float32(), &[3]), &[2]);
    /// assert_eq!(m, Type::nested_array(Type::float32(), &[2, 3]));
    /// assert_eq!(m.c_decl("m"), "float m[2][3]");
    /// ```
    #[must_use]
    pub fn nested_array(elem: Type, shape: &[usize]) -> Type {
        match elem {
            Type::NestedArray {
                elem: inner,
                shape: inner_shape,
            } => {
                let mut merged = shape.to_vec();
                merged.extend(inner_shape);
                Type::NestedArray {
                    elem: inner,
                    shape: merged,
                }
            }
            elem => Type::NestedArray {
                elem: Box::new(elem),
                shape: shape.to_vec(),
            },
        }
    }

    /// A record stored inline.
    ///
    /// ```
    /// use cfunc_runtime::types::{Record, Type};
    ///
    /// let point = Record::named("point", &[("x", Type::float64()), ("y", Type::float64())]).unwrap();
    /// assert_eq!(Type::record(point).size(), 16);
    /// ```
    #[must_use]
    pub fn record(record: Record) -> Type {
        Type::Record(record)
    }

    /// The size in bytes, or `None` if it overflows `usize` (a nested array
    /// with a huge shape).
    #[must_use]
    pub fn checked_size(&self) -> Option<usize> {
        match self {
            Type::Scalar(scalar) => Some(scalar.size_in_bytes()),
            Type::Pointer(_) => Some(core::mem::size_of::<*mut u8>()),
            Type::NestedArray { elem, shape } => shape
                .iter()
                .try_fold(elem.checked_size()?, |size, &dim| size.checked_mul(dim)),
            Type::Record(record) => Some(record.size()),
        }
    }

    /// The size in bytes (saturating at `usize::MAX` for a nested array
    /// too large for memory; [`Record::make_c_struct`] rejects those).
    ///
    /// ```
    /// use cfunc_runtime::types::Type;
    ///
    /// assert_eq!(Type::int16().size(), 2);
    /// assert_eq!(Type::nested_array(Type::float64(), &[2, 3]).size(), 48);
    /// ```
    #[must_use]
    pub fn size(&self) -> usize {
        self.checked_size().unwrap_or(usize::MAX)
    }

    /// The alignment in bytes.
    ///
    /// ```
    /// use cfunc_runtime::types::Type;
    ///
    /// assert_eq!(Type::float64().align(), core::mem::align_of::<f64>());
    /// assert_eq!(Type::nested_array(Type::int16(), &[5]).align(), 2);
    /// ```
    #[must_use]
    pub fn align(&self) -> usize {
        match self {
            Type::Scalar(scalar) => scalar_align(*scalar),
            Type::Pointer(_) => core::mem::align_of::<*mut u8>(),
            Type::NestedArray { elem, .. } => elem.align(),
            Type::Record(record) => record.align(),
        }
    }

    /// The scalar, if this is one.
    #[must_use]
    pub fn as_scalar(&self) -> Option<Scalar> {
        match self {
            Type::Scalar(scalar) => Some(*scalar),
            _ => None,
        }
    }

    /// A C member declaration of `field_name` with this type, without the
    /// `;`: `float af4[7]`, `double *p`, `my_struct inner`,
    /// `float (*rows)[3]`. An empty name gives the abstract type.
    ///
    /// ```
    /// use cfunc_runtime::types::Type;
    ///
    /// assert_eq!(Type::int32().c_decl("i1"), "int32_t i1");
    /// assert_eq!(Type::voidptr().c_decl("data"), "void *data");
    /// let rows = Type::pointer(Type::nested_array(Type::float32(), &[3]));
    /// assert_eq!(rows.c_decl("rows"), "float (*rows)[3]");
    /// ```
    #[must_use]
    pub fn c_decl(&self, field_name: &str) -> String {
        let declared = self.declarator(field_name.to_owned());
        declared.trim_end().to_owned()
    }

    /// Wraps `inner` (the part of the declarator built so far) in this type.
    fn declarator(&self, inner: String) -> String {
        match self {
            Type::Scalar(Scalar::VoidPtr) => format!("void *{inner}"),
            Type::Scalar(scalar) => format!("{} {inner}", scalar.c_type()),
            Type::Record(record) => format!("{} {inner}", record.name()),
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

    /// The records this type stores or points to, innermost first, each
    /// once (pushed onto `found` if not already there).
    pub(crate) fn collect_records(&self, found: &mut Vec<Record>) {
        match self {
            Type::Scalar(_) => {}
            Type::Pointer(inner) | Type::NestedArray { elem: inner, .. } => {
                inner.collect_records(found);
            }
            Type::Record(record) => {
                for field in record.fields() {
                    field.ty.collect_records(found);
                }
                if !found.contains(record) {
                    found.push(record.clone());
                }
            }
        }
    }
}

/// The C alignment of a scalar on this target, from the Rust type that
/// `#[repr(C)]` lays out as C does.
const fn scalar_align(scalar: Scalar) -> usize {
    use core::mem::align_of;
    match scalar {
        Scalar::Boolean => align_of::<bool>(),
        Scalar::Int8 => align_of::<i8>(),
        Scalar::Int16 => align_of::<i16>(),
        Scalar::Int32 => align_of::<i32>(),
        Scalar::Int64 => align_of::<i64>(),
        Scalar::Uint8 => align_of::<u8>(),
        Scalar::Uint16 => align_of::<u16>(),
        Scalar::Uint32 => align_of::<u32>(),
        Scalar::Uint64 => align_of::<u64>(),
        Scalar::Intc => align_of::<core::ffi::c_int>(),
        Scalar::Uintc => align_of::<core::ffi::c_uint>(),
        Scalar::Intp => align_of::<isize>(),
        Scalar::Uintp => align_of::<usize>(),
        Scalar::Float32 => align_of::<f32>(),
        Scalar::Float64 => align_of::<f64>(),
        Scalar::Void => 1,
        Scalar::VoidPtr => align_of::<*mut core::ffi::c_void>(),
    }
}

impl From<Scalar> for Type {
    /// The scalar as a field type. `void` converts too, but
    /// [`Record::make_c_struct`] rejects it as a field.
    fn from(scalar: Scalar) -> Type {
        Type::Scalar(scalar)
    }
}

impl fmt::Display for Type {
    /// Numba's spelling: `float32`, `CPointer(int32)`,
    /// `nestedarray(float32, (7,))`, or the record's name.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Scalar(scalar) => fmt::Display::fmt(scalar, f),
            Type::Pointer(inner) => write!(f, "CPointer({inner})"),
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
            Type::Record(record) => f.write_str(record.name()),
        }
    }
}
