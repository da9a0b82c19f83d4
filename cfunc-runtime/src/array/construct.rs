//! The checks between a raw pointer plus a shape and a view.

use super::error::ArrayError;
use super::layout::Layout;
use super::pointer::DataPointer;
use super::shape::{IntoShape, checked_shape};
use core::ptr::NonNull;

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
    let wide = shape.widen()?;
    let (shape, len) = checked_shape(wide, size_of::<P::Element>())?;
    let start = checked_start(ptr.as_const(), len, || wide.to_vec())?;
    // SAFETY: the pointer and shape passed the checks; validity of the
    // memory for 'a is the caller's promise (this function's contract).
    Ok(unsafe { P::make_view(start, shape) })
}

/// The pointer a view of `len` elements may hold: non-null and aligned when
/// there are elements; any pointer (replaced by a dangling aligned one if
/// null or misaligned) when there are none, since an empty view never reads
/// and C callers often pass `NULL, 0`.
#[inline(always)]
fn checked_start<T>(
    ptr: *const T,
    len: usize,
    shape: impl FnOnce() -> Vec<u128>,
) -> Result<NonNull<T>, ArrayError> {
    let aligned = ptr.is_aligned();
    match NonNull::new(ptr.cast_mut()) {
        Some(start) if aligned => Ok(start),
        _ if len == 0 => Ok(NonNull::dangling()),
        None => Err(ArrayError::NullPointer {
            shape: shape(),
            len,
        }),
        Some(_) => Err(ArrayError::Misaligned {
            address: ptr.addr(),
            align: align_of::<T>(),
            element_type: core::any::type_name::<T>(),
        }),
    }
}
