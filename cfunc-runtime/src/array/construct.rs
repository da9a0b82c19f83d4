//! The checks between a raw pointer plus a shape and a view.
//!
//! Construction runs at every call of a callback, so its fast path is a
//! few compares that the optimizer sees through: what it learns there (the
//! extents are the C sizes, the pointer is not null) is what lets it drop
//! the bounds checks of a loop over the view and vectorize the loop. The
//! errors are built out of line, and the panicking forms diverge there,
//! so that no failed path merges back into the view's values.

use super::error::ArrayError;
use super::layout::Layout;
use super::pointer::DataPointer;
use super::shape::{IntoShape, element_count, given_shape, rejected_shape};
use core::ptr::NonNull;

/// Why the fast path refused a pointer and shape; the [`ArrayError`] with
/// the details is built only once this is known.
#[derive(Clone, Copy)]
enum Refusal {
    /// A negative axis, or a byte size past `isize::MAX`.
    Shape,
    /// A null or misaligned pointer for `len > 0` elements.
    Pointer { len: usize },
}

/// The start and the extents of a view of `shape` at `ptr`, if they pass
/// the checks: non-null and aligned when there are elements; any pointer
/// (replaced by a dangling aligned one) when there are none, since an empty
/// view never reads and C callers often pass `NULL, 0`.
#[inline(always)]
fn checked_parts<T, S: IntoShape<N>, const N: usize>(
    ptr: *const T,
    shape: S,
) -> Result<(NonNull<T>, [usize; N]), Refusal> {
    let (extents, valid) = shape.extents();
    if !valid {
        return Err(Refusal::Shape);
    }
    let Some(len) = element_count(&extents, size_of::<T>()) else {
        return Err(Refusal::Shape);
    };
    let aligned = ptr.is_aligned();
    let start = match NonNull::new(ptr.cast_mut()) {
        Some(start) if aligned => start,
        _ if len == 0 => NonNull::dangling(),
        _ => return Err(Refusal::Pointer { len }),
    };
    Ok((start, extents))
}

/// The error that explains `refusal`.
#[cold]
#[inline(never)]
fn refusal_error<T, S: IntoShape<N>, const N: usize>(
    refusal: Refusal,
    ptr: *const T,
    shape: S,
) -> ArrayError {
    match refusal {
        Refusal::Shape => rejected_shape(shape, size_of::<T>()),
        Refusal::Pointer { len } if ptr.is_null() => ArrayError::NullPointer {
            shape: given_shape(shape),
            len,
        },
        Refusal::Pointer { .. } => ArrayError::Misaligned {
            address: ptr.addr(),
            align: align_of::<T>(),
            element_type: core::any::type_name::<T>(),
        },
    }
}

/// The panic of the plain forms (`carray`, ...): the error's message, at
/// the caller's location, so that a cfunc's panic policy reports it.
#[cold]
#[inline(never)]
#[track_caller]
fn refused<T, S: IntoShape<N>, const N: usize>(refusal: Refusal, ptr: *const T, shape: S) -> ! {
    panic!("{}", refusal_error(refusal, ptr, shape))
}

/// Checks `ptr` and `shape` and wraps them into `P`'s view.
///
/// # Safety
///
/// The contract of [`carray`](super::carray).
#[inline(always)]
pub(crate) unsafe fn try_view<'a, P, L, const N: usize>(
    ptr: P,
    shape: impl IntoShape<N>,
) -> Result<P::View<'a, N, L>, ArrayError>
where
    P: DataPointer + 'a,
    L: Layout,
{
    match checked_parts(ptr.as_const(), shape) {
        // SAFETY: the pointer and shape passed the checks; validity of the
        // memory for 'a is the caller's promise (this function's contract).
        Ok((start, extents)) => Ok(unsafe { P::make_view(start, extents) }),
        Err(refusal) => Err(refusal_error(refusal, ptr.as_const(), shape)),
    }
}

/// [`try_view`], panicking with the error's message.
///
/// # Safety
///
/// The contract of [`carray`](super::carray).
#[inline(always)]
#[track_caller]
pub(crate) unsafe fn view_or_panic<'a, P, L, const N: usize>(
    ptr: P,
    shape: impl IntoShape<N>,
) -> P::View<'a, N, L>
where
    P: DataPointer + 'a,
    L: Layout,
{
    match checked_parts(ptr.as_const(), shape) {
        // SAFETY: as in `try_view`.
        Ok((start, extents)) => unsafe { P::make_view(start, extents) },
        Err(refusal) => refused(refusal, ptr.as_const(), shape),
    }
}
