//! Numba's `carray` and `farray`: n-dimensional views (C or Fortran order)
//! over a data pointer and a shape that C hands to a callback.
//!
//! ```
//! use cfunc::{carray, cfunc};
//!
//! // The seed's kernel: void(double *in, double *out, int m, int n).
//! #[cfunc("void(CPointer(float64), CPointer(float64), intc, intc)")]
//! fn my_callback(in_: _, out: _, m: _, n: _) {
//!     // SAFETY: the C caller passes two buffers of m * n doubles.
//!     let in_array = unsafe { carray(in_, (m, n)) };
//!     // SAFETY: as above.
//!     let mut out_array = unsafe { carray(out, (m, n)) };
//!     let [rows, columns] = in_array.shape();
//!     for i in 0..rows {
//!         for j in 0..columns {
//!             out_array[(i, j)] = 2.0 * in_array[(i, j)];
//!         }
//!     }
//! }
//!
//! let input = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
//! let mut output = [0.0; 6];
//! // SAFETY: both buffers hold 2 * 3 doubles.
//! unsafe { (my_callback::fn_ptr())(input.as_ptr().cast_mut(), output.as_mut_ptr(), 2, 3) };
//! assert_eq!(output, [2.0, 4.0, 6.0, 8.0, 10.0, 12.0]);
//! ```
//!
//! The element type comes from the pointer; a `void *` needs it named, as
//! Numba's `dtype` argument does: [`carray_as::<f64, _, _>(ptr, shape)`](carray_as).
//! A `*const T` gives an [`ArrayView`], a `*mut T` an [`ArrayViewMut`]; the
//! order is the type parameter [`C`] or [`F`], so indexing compiles to the
//! same arithmetic as a hand-written slice loop.
//!
//! # Loops that vectorize
//!
//! These forms compile to vector code (AVX-512 or AVX2 where the CPU has
//! them, through the cfunc's host-feature versions) with no bounds check
//! in the inner loop, and run at Numba's speed (`bench/compare_numba.py`):
//!
//! - **indexing in loops bounded by a view's shape or by the C sizes the
//!   views were made from**: `for i in 0..rows { for j in 0..columns {
//!   out[(i, j)] = 2.0 * in_[(i, j)] } }` with `[rows, columns] =
//!   in_.shape()`, in either order. Construction is a few compares the
//!   optimizer sees through, and shapes, offsets and checks are written
//!   out axis by axis (up to 6 axes), so two views made from the same
//!   `(m, n)` have the same shape values as soon as they are inlined: the
//!   checks of `in_[(i, j)]` follow from the loop bounds, and those of
//!   `out[(i, j)]` from `in_`'s, and none is left in the loop. The loop
//!   then vectorizes to its end (the last steps of a row in narrower
//!   vectors, as Numba's do). The compiler checks once, before the loop,
//!   that the two buffers do not overlap, and runs the scalar loop if they
//!   do, so buffers that partly overlap are still correct. One buffer
//!   passed as both (in place) is vectorized too: a `#[cfunc]` whose body
//!   loops also runs, when its raw pointers of one element type are equal,
//!   with one pointer in both places (see the attribute's
//!   `multiversion`).
//! - **[`ArrayViewMut::assign_map`]**, `out.assign_map(&in_, |x| 2.0 * x)`:
//!   the two-view loop in one call, correct and vectorized also when C
//!   passes one buffer as both (in place), and element by element when the
//!   buffers partly overlap.
//! - **`iter()`, `iter_mut()`, `zip`, `sum()`, `fill()`** and the slices:
//!   slice loops. `out.iter_mut().zip(in_.iter())` holds references into
//!   both views at once, so it needs buffers that do not overlap (the
//!   contract of [`carray`]); where C may pass one buffer twice, use
//!   indexing or `assign_map`.
//!
//! What stays scalar: a float reduction (`total += x`; its additions stay
//! in order, as in Numba), a body that may panic inside the loop (Python's
//! `ZeroDivisionError` checked per element: Numba's default error model is
//! scalar there too), and indices that are not affine in the loop
//! variable.

mod axes;
mod construct;
mod error;
mod layout;
#[cfg(feature = "ndarray")]
mod ndarray;
mod pointer;
mod shape;
mod view;
mod view_mut;

#[cfg(test)]
mod tests;

pub use error::ArrayError;
pub use layout::{C, F, Layout};
pub use pointer::{DataPointer, Element, VoidPointer};
#[cfg(feature = "std-runtime")]
pub(crate) use shape::ShapeDisplay;
pub use shape::{AxisLength, IntoShape, NdIndex};
pub use view::ArrayView;
pub use view_mut::ArrayViewMut;

use construct::{try_view, view_or_panic};

/// The view a `void *` makes once its element type `T` is named.
pub type TypedView<'a, P, T, const N: usize, L> =
    <<P as VoidPointer>::Typed<T> as DataPointer>::View<'a, N, L>;

/// Views `ptr` as a C-order (row-major) array of the given shape (Numba's
/// `carray(ptr, shape)`): a `*const T` gives an [`ArrayView`], a `*mut T`
/// an [`ArrayViewMut`].
///
/// The shape is a tuple of 1 to 6 integers of any primitive types (C's
/// `int`s as they arrive), an array, or a bare integer for one axis.
///
/// # Panics
///
/// With the [`ArrayError`] message if the shape has a negative dimension
/// or is too large, or the pointer is null or misaligned while the shape
/// has elements; inside a `#[cfunc]`, the panic policy reports it. Use
/// [`try_carray`] to handle these as values.
///
/// # Safety
///
/// Unless the shape has no elements (then the pointer is never used), for
/// the chosen lifetime `'a`:
///
/// - `ptr` points to `len = product(shape)` consecutive, initialized
///   values of `T`, all in one allocation, valid for reads and, for a
///   `*mut T`, for writes;
/// - no one else writes that memory while the view is in use, and no one
///   else reads or writes it while a reference from an [`ArrayViewMut`]
///   is alive; **except** other cfunc views: several views (read or
///   read-write) may cover the same memory, as when C passes one buffer as
///   both input and output, provided
///   - they view it as the same element type `T` (a value written through
///     one is then a valid value for the other), and
///   - no reference obtained from one view (by indexing, `get`, `iter`,
///     `as_slice`, `as_mut_slice`, `to_ndarray`) is still in use when the
///     same element is written through another.
///
///   Element-at-a-time code like `out[(i, j)] = 2.0 * inp[(i, j)]` meets
///   this: each reference ends before the next access.
///
/// A view does not own the memory and never frees it.
///
/// ```
/// use cfunc::carray;
/// use std::ffi::c_int;
///
/// let mut data: Vec<f64> = (0..24).map(f64::from).collect();
/// let (m, n): (c_int, c_int) = (4, 6);
/// // SAFETY: `data` holds 4 * 6 doubles and outlives the view.
/// let mut a = unsafe { carray(data.as_mut_ptr(), (m, n)) };
/// a[(3, 5)] = -1.0;
/// assert_eq!(a[(1, 2)], 8.0); // 1 * 6 + 2
/// assert_eq!(data[23], -1.0);
/// ```
#[inline(always)]
#[track_caller]
pub unsafe fn carray<'a, P, const N: usize>(ptr: P, shape: impl IntoShape<N>) -> P::View<'a, N, C>
where
    P: DataPointer + 'a,
    P::Element: Element,
{
    // SAFETY: forwarded from this function's contract.
    unsafe { view_or_panic(ptr, shape) }
}

/// Views `ptr` as a Fortran-order (column-major) array of the given shape
/// (Numba's `farray(ptr, shape)`): the first index varies fastest.
///
/// # Panics
///
/// As [`carray`].
///
/// # Safety
///
/// As [`carray`].
///
/// ```
/// use cfunc::farray;
///
/// let data: Vec<i64> = (0..24).collect();
/// // SAFETY: `data` holds 2 * 3 * 4 values and outlives the view.
/// let a = unsafe { farray(data.as_ptr(), (2_u8, 3_i64, 4_usize)) };
/// assert_eq!(a[(1, 2, 3)], 1 + 2 * 2 + 3 * 6);
/// ```
#[inline(always)]
#[track_caller]
pub unsafe fn farray<'a, P, const N: usize>(ptr: P, shape: impl IntoShape<N>) -> P::View<'a, N, F>
where
    P: DataPointer + 'a,
    P::Element: Element,
{
    // SAFETY: forwarded from this function's contract.
    unsafe { view_or_panic(ptr, shape) }
}

/// [`carray`], returning the construction error instead of panicking.
///
/// # Errors
///
/// An [`ArrayError`] for a negative dimension, a shape whose byte size does
/// not fit in `isize`, or a null or misaligned pointer with a non-empty
/// shape.
///
/// # Safety
///
/// As [`carray`].
///
/// ```
/// use cfunc::{ArrayError, try_carray};
///
/// // SAFETY: the null pointer is rejected before it is used.
/// let error = unsafe { try_carray(std::ptr::null::<f64>(), (2, 3)) }.unwrap_err();
/// assert!(matches!(error, ArrayError::NullPointer { len: 6, .. }));
/// ```
#[inline(always)]
pub unsafe fn try_carray<'a, P, const N: usize>(
    ptr: P,
    shape: impl IntoShape<N>,
) -> Result<P::View<'a, N, C>, ArrayError>
where
    P: DataPointer + 'a,
    P::Element: Element,
{
    // SAFETY: forwarded from this function's contract.
    unsafe { try_view(ptr, shape) }
}

/// [`farray`], returning the construction error instead of panicking.
///
/// # Errors
///
/// As [`try_carray`].
///
/// # Safety
///
/// As [`carray`].
///
/// ```
/// use cfunc::try_farray;
///
/// let data = [1_u32, 2, 3, 4];
/// // SAFETY: `data` holds 2 * 2 values.
/// let a = unsafe { try_farray(data.as_ptr(), [2, 2]) }.unwrap();
/// assert_eq!(a[(0, 1)], 3);
/// ```
#[inline(always)]
pub unsafe fn try_farray<'a, P, const N: usize>(
    ptr: P,
    shape: impl IntoShape<N>,
) -> Result<P::View<'a, N, F>, ArrayError>
where
    P: DataPointer + 'a,
    P::Element: Element,
{
    // SAFETY: forwarded from this function's contract.
    unsafe { try_view(ptr, shape) }
}

/// Views a `void *` as a C-order array of `T` (Numba's
/// `carray(ptr, shape, dtype)`, required for `voidptr`). `*const c_void`
/// gives an [`ArrayView`], `*mut c_void` an [`ArrayViewMut`].
///
/// The second and third type arguments (pointer and rank) are inferred:
/// write `carray_as::<f64, _, _>(ptr, shape)`.
///
/// # Panics
///
/// As [`carray`], including when `ptr` is not aligned for `T`.
///
/// # Safety
///
/// As [`carray`], with `ptr` pointing to values of `T`.
///
/// ```
/// use cfunc::carray_as;
/// use std::ffi::c_void;
///
/// let mut data = [1.0_f64, 2.0, 3.0, 4.0];
/// let user_data: *mut c_void = data.as_mut_ptr().cast();
/// // SAFETY: `user_data` points to 2 * 2 doubles.
/// let mut a = unsafe { carray_as::<f64, _, _>(user_data, (2, 2)) };
/// a[(1, 1)] = 0.0;
/// assert_eq!(data, [1.0, 2.0, 3.0, 0.0]);
/// ```
#[inline(always)]
#[track_caller]
pub unsafe fn carray_as<'a, T, P, const N: usize>(
    ptr: P,
    shape: impl IntoShape<N>,
) -> TypedView<'a, P, T, N, C>
where
    T: Element + 'a,
    P: VoidPointer,
{
    // SAFETY: forwarded from this function's contract.
    unsafe { view_or_panic(ptr.with_element::<T>(), shape) }
}

/// Views a `void *` as a Fortran-order array of `T` (Numba's
/// `farray(ptr, shape, dtype)`).
///
/// # Panics
///
/// As [`carray_as`].
///
/// # Safety
///
/// As [`carray`], with `ptr` pointing to values of `T`.
///
/// ```
/// use cfunc::farray_as;
/// use std::ffi::c_void;
///
/// let data = [1_i32, 2, 3, 4, 5, 6];
/// let user_data: *const c_void = data.as_ptr().cast();
/// // SAFETY: `user_data` points to 3 * 2 ints.
/// let a = unsafe { farray_as::<i32, _, _>(user_data, (3, 2)) };
/// assert_eq!(a[(2, 1)], 6);
/// ```
#[inline(always)]
#[track_caller]
pub unsafe fn farray_as<'a, T, P, const N: usize>(
    ptr: P,
    shape: impl IntoShape<N>,
) -> TypedView<'a, P, T, N, F>
where
    T: Element + 'a,
    P: VoidPointer,
{
    // SAFETY: forwarded from this function's contract.
    unsafe { view_or_panic(ptr.with_element::<T>(), shape) }
}

/// [`carray_as`], returning the construction error instead of panicking.
///
/// # Errors
///
/// As [`try_carray`].
///
/// # Safety
///
/// As [`carray`], with `ptr` pointing to values of `T`.
///
/// ```
/// use cfunc::{ArrayError, try_carray_as};
/// use std::ffi::c_void;
///
/// let data = [0_u8; 16];
/// let odd: *const c_void = data[1..].as_ptr().cast();
/// // SAFETY: the misaligned pointer is rejected before it is used.
/// let error = unsafe { try_carray_as::<u32, _, _>(odd, 2) }.unwrap_err();
/// assert!(matches!(error, ArrayError::Misaligned { align: 4, .. }));
/// ```
#[inline(always)]
pub unsafe fn try_carray_as<'a, T, P, const N: usize>(
    ptr: P,
    shape: impl IntoShape<N>,
) -> Result<TypedView<'a, P, T, N, C>, ArrayError>
where
    T: Element + 'a,
    P: VoidPointer,
{
    // SAFETY: forwarded from this function's contract.
    unsafe { try_view(ptr.with_element::<T>(), shape) }
}

/// [`farray_as`], returning the construction error instead of panicking.
///
/// # Errors
///
/// As [`try_carray`].
///
/// # Safety
///
/// As [`carray`], with `ptr` pointing to values of `T`.
///
/// ```
/// use cfunc::try_farray_as;
/// use std::ffi::c_void;
///
/// let data = [1.0_f32, 2.0];
/// let user_data: *const c_void = data.as_ptr().cast();
/// // SAFETY: `user_data` points to 2 floats.
/// let a = unsafe { try_farray_as::<f32, _, _>(user_data, (1_i8, 2_i8)) }.unwrap();
/// assert_eq!(a[(0, 1)], 2.0);
/// ```
#[inline(always)]
pub unsafe fn try_farray_as<'a, T, P, const N: usize>(
    ptr: P,
    shape: impl IntoShape<N>,
) -> Result<TypedView<'a, P, T, N, F>, ArrayError>
where
    T: Element + 'a,
    P: VoidPointer,
{
    // SAFETY: forwarded from this function's contract.
    unsafe { try_view(ptr.with_element::<T>(), shape) }
}
