//! [`FieldType`]: the Rust types that may be stored in a record, with
//! their C layout as constants (for compile-time checks) and their
//! [`Type`](crate::sig::Type) descriptor (for run-time views).

use core::ffi::c_void;

use super::Type;
use super::layout::FieldShape;

/// A Rust type that can be a field of a `#[repr(C)]` record: scalars,
/// `bool`, raw pointers, arrays of field types, and `#[derive(Record)]`
/// structs. Record views read and write fields as these types, checking
/// them against the field's [`Type`](crate::sig::Type).
///
/// # Safety
///
/// `SHAPE` must be the type's C size and alignment, `descriptor()` must
/// describe the same layout, and the all-zero bit pattern must be a valid
/// value (records are zero-initialised when a callback panics).
///
/// ```
/// use cfunc_runtime::sig::Type;
/// use cfunc_runtime::types::FieldType;
///
/// assert_eq!(<[f32; 7]>::descriptor(), Type::nested_array(Type::float32(), &[7]));
/// assert_eq!(<[f32; 7]>::SHAPE.size, 28);
/// assert_eq!(<*mut f64>::descriptor(), Type::pointer(Type::float64()));
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a field of a cfunc record",
    label = "not a C plain-data type",
    note = "record fields are scalars, `bool`, raw pointers, arrays `[T; N]` of those, or structs with `#[derive(cfunc::Record)]`"
)]
pub unsafe trait FieldType: Copy + 'static {
    /// The C size and alignment.
    const SHAPE: FieldShape;

    /// Whether a value holds a raw pointer (itself, or in a field or an
    /// element): a cfunc that takes such a record by value can be handed
    /// any address, so it must be `unsafe`.
    const HAS_POINTERS: bool = false;

    /// The run-time descriptor of this type.
    fn descriptor() -> Type;

    /// Reads a value from record memory.
    ///
    /// # Safety
    ///
    /// `source` must be valid for reading `SHAPE.size` bytes.
    #[inline]
    unsafe fn read_from(source: *const u8) -> Self {
        // SAFETY: the caller guarantees the bytes are readable; unaligned
        // reads make no assumption about the record's base address.
        unsafe { source.cast::<Self>().read_unaligned() }
    }
}

macro_rules! scalar_field_types {
    ($($rust:ty => $ctor:ident),* $(,)?) => {
        $(
            // SAFETY: a scalar's C layout is its Rust layout, and zero is
            // a valid value.
            unsafe impl FieldType for $rust {
                const SHAPE: FieldShape = FieldShape {
                    size: core::mem::size_of::<$rust>(),
                    align: core::mem::align_of::<$rust>(),
                };
                fn descriptor() -> Type {
                    Type::$ctor()
                }
            }
        )*
    };
}

scalar_field_types! {
    i8 => int8, i16 => int16, i32 => int32, i64 => int64,
    u8 => uint8, u16 => uint16, u32 => uint32, u64 => uint64,
    isize => intp, usize => uintp, f32 => float32, f64 => float64,
    num_complex::Complex32 => complex64, num_complex::Complex64 => complex128,
}

// SAFETY: `bool` is one byte in C and Rust; `false` is all-zero. Reads go
// through a byte so that a C value other than 0 or 1 is not undefined
// behaviour.
unsafe impl FieldType for bool {
    const SHAPE: FieldShape = FieldShape { size: 1, align: 1 };
    fn descriptor() -> Type {
        Type::boolean()
    }
    #[inline]
    unsafe fn read_from(source: *const u8) -> Self {
        // SAFETY: the caller guarantees one readable byte.
        unsafe { source.read() != 0 }
    }
}

mod sealed {
    /// `FieldType for *mut T` (an `unsafe impl`) trusts
    /// `FieldPointee::pointer_descriptor` to describe a pointer, so only the
    /// pointees below may implement `FieldPointee`.
    #[diagnostic::on_unimplemented(
        message = "`{Self}` cannot be the pointee of a record field",
        label = "`FieldPointee` is sealed",
        note = "pointer fields point to `c_void` or to a `FieldType`; `FieldPointee` cannot be implemented outside cfunc"
    )]
    pub trait Sealed {}

    impl Sealed for core::ffi::c_void {}
    impl<T: super::FieldType> Sealed for T {}
}

/// What a raw pointer field may point to: any [`FieldType`] (a typed
/// `CPointer`) or `c_void` (`voidptr`). Sealed: the pointer field types
/// trust it to describe a pointer, so it cannot be implemented outside
/// cfunc.
///
/// ```
/// use core::ffi::c_void;
/// use cfunc_runtime::sig::Type;
/// use cfunc_runtime::types::FieldPointee;
///
/// assert_eq!(<c_void as FieldPointee>::pointer_descriptor(), Type::voidptr());
/// assert_eq!(<i32 as FieldPointee>::pointer_descriptor(), Type::pointer(Type::int32()));
/// ```
pub trait FieldPointee: sealed::Sealed + 'static {
    /// The descriptor of a pointer to `Self`.
    fn pointer_descriptor() -> Type;
}

impl FieldPointee for c_void {
    fn pointer_descriptor() -> Type {
        Type::voidptr()
    }
}

impl<T: FieldType> FieldPointee for T {
    fn pointer_descriptor() -> Type {
        Type::pointer(T::descriptor())
    }
}

const POINTER_SHAPE: FieldShape = FieldShape {
    size: core::mem::size_of::<*mut u8>(),
    align: core::mem::align_of::<*mut u8>(),
};

// SAFETY: a thin raw pointer is one C pointer; null is all-zero.
unsafe impl<T: FieldPointee> FieldType for *mut T {
    const SHAPE: FieldShape = POINTER_SHAPE;
    const HAS_POINTERS: bool = true;
    fn descriptor() -> Type {
        T::pointer_descriptor()
    }
}

// SAFETY: as for `*mut T`.
unsafe impl<T: FieldPointee> FieldType for *const T {
    const SHAPE: FieldShape = POINTER_SHAPE;
    const HAS_POINTERS: bool = true;
    fn descriptor() -> Type {
        T::pointer_descriptor()
    }
}

// SAFETY: C lays out `T x[N]` as N consecutive `T`s with no padding, as
// Rust does `[T; N]`; an array of all-zero elements is all-zero.
unsafe impl<T: FieldType, const N: usize> FieldType for [T; N] {
    const SHAPE: FieldShape = FieldShape {
        size: T::SHAPE.size * N,
        align: T::SHAPE.align,
    };
    const HAS_POINTERS: bool = T::HAS_POINTERS;
    fn descriptor() -> Type {
        Type::nested_array(T::descriptor(), &[N])
    }

    /// Element by element, through the element's own reader: a `bool`
    /// byte of 2 reads as `true`, as a scalar `bool` field does.
    #[inline]
    unsafe fn read_from(source: *const u8) -> Self {
        core::array::from_fn(|index| {
            // SAFETY: element `index` of `N` lies inside the `SHAPE.size`
            // readable bytes the caller guarantees.
            unsafe { T::read_from(source.add(index * T::SHAPE.size)) }
        })
    }
}

/// Whether a value described by `requested` may be read from or written to
/// a field of type `actual`. Exact, except that `intc`/`uintc` are the same
/// as the fixed-width integer of their size, because Rust's `c_int` *is*
/// `i32` (or whatever the target says): `get::<c_int>` on an `int32` field
/// cannot be told apart from `get::<i32>`.
pub(crate) fn field_type_matches(requested: &Type, actual: &Type) -> bool {
    match (requested, actual) {
        (Type::Scalar(requested), Type::Scalar(actual)) => {
            canonical(*requested) == canonical(*actual)
        }
        (Type::Pointer(requested), Type::Pointer(actual)) => field_type_matches(requested, actual),
        (
            Type::NestedArray {
                elem: requested_elem,
                shape: requested_shape,
            },
            Type::NestedArray {
                elem: actual_elem,
                shape: actual_shape,
            },
        ) => requested_shape == actual_shape && field_type_matches(requested_elem, actual_elem),
        (Type::Record(requested), Type::Record(actual)) => requested == actual,
        _ => false,
    }
}

/// `intc`/`uintc` as the fixed-width scalar that Rust's `c_int`/`c_uint`
/// alias on this target.
fn canonical(scalar: crate::sig::Scalar) -> crate::sig::Scalar {
    use crate::sig::Scalar;
    match (scalar, core::mem::size_of::<core::ffi::c_int>()) {
        (Scalar::Intc, 2) => Scalar::Int16,
        (Scalar::Intc, 4) => Scalar::Int32,
        (Scalar::Intc, 8) => Scalar::Int64,
        (Scalar::Uintc, 2) => Scalar::Uint16,
        (Scalar::Uintc, 4) => Scalar::Uint32,
        (Scalar::Uintc, 8) => Scalar::Uint64,
        (other, _) => other,
    }
}
