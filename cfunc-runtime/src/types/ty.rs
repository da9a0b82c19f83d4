//! Field and element types: the one [`Type`](crate::sig::Type) model
//! with records held by their layout, its constructors (as in
//! `numba.types`), and its sizes and alignments.

use super::RecordLayout;
use crate::sig::{RecordName, Scalar, Type};

impl RecordName for RecordLayout {
    fn record_name(&self) -> &str {
        self.name()
    }
}

macro_rules! scalar_constructors {
    ($($(#[$doc:meta])* $name:ident => $scalar:ident),* $(,)?) => {
        $(
            $(#[$doc])*
            #[must_use]
            pub const fn $name() -> Type<RecordLayout> {
                Type::Scalar(Scalar::$scalar)
            }
        )*
    };
}

/// Sizes and alignments are those of the C ABI of the target this crate
/// is compiled for (the same as Rust's `#[repr(C)]`).
///
/// ```
/// use cfunc_runtime::sig::Type;
///
/// let af4 = Type::nested_array(Type::float32(), &[7]);
/// assert_eq!((af4.size(), af4.align()), (28, 4));
/// assert_eq!(af4.c_declarator("af4"), "float af4[7]");
/// assert_eq!(af4.to_string(), "nestedarray(float32, (7,))");
/// assert_eq!(Type::pointer(Type::float64()).c_declarator("p"), "double *p");
/// ```
impl Type<RecordLayout> {
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
        /// `complex64` (`float _Complex`, Rust `Complex32`).
        complex64 => Complex64,
        /// `complex128` (`double _Complex`, Rust `Complex64`).
        complex128 => Complex128,
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
    /// use cfunc_runtime::sig::Type;
    ///
    /// assert_eq!(Type::pointer(Type::int32()).to_string(), "CPointer(int32)");
    /// ```
    #[must_use]
    pub fn pointer(inner: Type<RecordLayout>) -> Type<RecordLayout> {
        Type::Pointer(Box::new(inner))
    }

    /// An inline array of `elem` with the given C-order `shape` (Numba's
    /// `NestedArray(dtype, shape)`). An `elem` that is itself a nested
    /// array is merged: `nested_array(nested_array(f, &[3]), &[2])` is
    /// `nested_array(f, &[2, 3])`, as C reads `float m[2][3]`.
    ///
    /// ```
    /// use cfunc_runtime::sig::Type;
    ///
    /// let m = Type::nested_array(Type::nested_array(Type::float32(), &[3]), &[2]);
    /// assert_eq!(m, Type::nested_array(Type::float32(), &[2, 3]));
    /// assert_eq!(m.c_declarator("m"), "float m[2][3]");
    /// ```
    #[must_use]
    pub fn nested_array(elem: Type<RecordLayout>, shape: &[usize]) -> Type<RecordLayout> {
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
    /// use cfunc_runtime::sig::Type;
    /// use cfunc_runtime::types::RecordLayout;
    ///
    /// let point = RecordLayout::named("point", &[("x", Type::float64()), ("y", Type::float64())]).unwrap();
    /// assert_eq!(Type::record(point).size(), 16);
    /// ```
    #[must_use]
    pub fn record(record: RecordLayout) -> Type<RecordLayout> {
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
    /// too large for memory; [`RecordLayout::make_c_struct`] rejects those).
    ///
    /// ```
    /// use cfunc_runtime::sig::Type;
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
    /// use cfunc_runtime::sig::Type;
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

    /// The records this type stores or points to, innermost first, each
    /// once (pushed onto `found` if not already there).
    pub(crate) fn collect_records(&self, found: &mut Vec<RecordLayout>) {
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
        Scalar::Complex64 => align_of::<num_complex::Complex32>(),
        Scalar::Complex128 => align_of::<num_complex::Complex64>(),
        Scalar::Void => 1,
        Scalar::VoidPtr => align_of::<*mut core::ffi::c_void>(),
    }
}
