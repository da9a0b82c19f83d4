//! Compile-time checks that a Rust type fits a signature slot.
//!
//! `#[cfunc]` compares the written types with the signature itself when it
//! can read them (`f64`, `*mut i32`, ...) and reports mismatches naming the
//! slot. Types it cannot read (aliases, records, paths) are checked by the
//! compiler through [`Matches`], with the error on the user's type.

use crate::record::Record;
use core::ffi::c_void;

/// One marker type per signature type, named as in Numba.
#[allow(non_camel_case_types)]
pub mod slot {
    use core::marker::PhantomData;

    macro_rules! markers {
        ($($name:ident),* $(,)?) => {
            $(
                #[doc = concat!("The signature type `", stringify!($name), "`.")]
                pub struct $name;
            )*
        };
    }

    markers!(
        boolean, int8, int16, int32, int64, uint8, uint16, uint32, uint64, intc, uintc, intp,
        uintp, float32, float64, complex64, complex128, void, voidptr,
    );

    /// The signature type `CPointer(T)`.
    pub struct CPointer<T>(PhantomData<T>);

    /// A record named in a signature.
    pub struct record<R>(PhantomData<R>);
}

/// The Rust type `Self` may be written for the signature type `S`.
///
/// # Safety
///
/// `Self` must have the C ABI of `S`: the exported function is called by
/// C, and by the dynamic caller, with `S`'s representation.
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not match the cfunc signature type `{S}`",
    label = "this type does not match the signature",
    note = "see the signature table in the cfunc documentation: float64 -> f64, intc -> c_int, complex128 -> cfunc::Complex64, CPointer(T) -> *mut T or *const T, voidptr -> *mut c_void"
)]
pub unsafe trait Matches<S> {}

// SAFETY: each type below is the Rust spelling of its slot's C type (the
// signature table), so the two share size, alignment and calling convention.
unsafe impl Matches<slot::boolean> for bool {}
unsafe impl Matches<slot::int8> for i8 {}
unsafe impl Matches<slot::int16> for i16 {}
unsafe impl Matches<slot::int32> for i32 {}
unsafe impl Matches<slot::int64> for i64 {}
unsafe impl Matches<slot::uint8> for u8 {}
unsafe impl Matches<slot::uint16> for u16 {}
unsafe impl Matches<slot::uint32> for u32 {}
unsafe impl Matches<slot::uint64> for u64 {}
unsafe impl Matches<slot::intc> for core::ffi::c_int {}
unsafe impl Matches<slot::uintc> for core::ffi::c_uint {}
unsafe impl Matches<slot::intp> for isize {}
unsafe impl Matches<slot::uintp> for usize {}
unsafe impl Matches<slot::float32> for f32 {}
unsafe impl Matches<slot::float64> for f64 {}
unsafe impl Matches<slot::complex64> for num_complex::Complex32 {}
unsafe impl Matches<slot::complex128> for num_complex::Complex64 {}
unsafe impl Matches<slot::void> for () {}
unsafe impl Matches<slot::voidptr> for *mut c_void {}
unsafe impl Matches<slot::voidptr> for *const c_void {}

// SAFETY: a thin pointer is a C pointer, whatever it points to; `T` must
// match the pointee so that the body reads what C wrote.
unsafe impl<T: Matches<S>, S> Matches<slot::CPointer<S>> for *mut T {}
// SAFETY: as above.
unsafe impl<T: Matches<S>, S> Matches<slot::CPointer<S>> for *const T {}
// SAFETY: `Record` (an unsafe trait) promises the C layout of `R`.
unsafe impl<R: Record> Matches<slot::record<R>> for R {}

/// Compiles only when `R`, named in a signature, is a record type; gives
/// the function that describes its layout, for the registry's headers and
/// the dynamic caller.
#[doc(hidden)]
pub const fn assert_record<R: Record>() -> fn() -> crate::types::RecordLayout {
    R::layout
}

/// Fails to compile when the record `R`, passed by value to a safe cfunc,
/// holds a pointer. (Bounded by `Record`, whose error the signature check
/// reports, rather than by `FieldType`, which would report it twice.)
#[doc(hidden)]
pub const fn assert_pointer_free<R: Record>() {
    assert!(
        !<R as crate::types::FieldType>::HAS_POINTERS,
        "a record passed by value holds a pointer, which only a C caller can vouch for: write the cfunc as `unsafe fn` (its export is then `unsafe`)"
    );
}

/// Compiles only when `T` may be written for the signature type `S`.
#[doc(hidden)]
pub const fn assert_matches<T: Matches<S>, S>() {}
